"""`python -m pipeline` is the `complaints` command."""
from pipeline.cli import main

main(prog_name="complaints")

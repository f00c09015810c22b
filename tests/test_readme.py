"""The README is part of the interface: its commands must be the ones CI runs."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = README.split("## Set up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("complaints demo")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = setup_commands()[1]
    assert test_command in ci.splitlines()
    assert "COMPLAINTS_REQUIRE_SERVICES=1" in ci


def test_every_cli_verb_is_documented() -> None:
    from pipeline.cli import main

    documented = set(re.findall(r"^\| `complaints ([a-z][a-z-]*)", README, flags=re.M))   # check-source has a hyphen
    main.load_stages()
    assert documented == set(main.commands)


def test_readme_screenshot_exists() -> None:
    (image,) = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert (ROOT / image).is_file()

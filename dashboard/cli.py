"""The dashboard's verb of the `complaints` command, registered through an entry point."""
from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

import click

from pipeline import publish as pub
from pipeline import settings
from pipeline.cli import Ctx, expected_errors, pass_ctx
from pipeline.trends import current_version


def register(group: click.Group) -> None:
    group.add_command(dashboard)


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="HTTP port.")
@click.option("--address", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Snapshot directory (default as for publish).")
@pass_ctx
@expected_errors
def dashboard(ctx: Ctx, port: int, address: str, snapshot_dir: Path | None) -> None:
    """Start the Streamlit dashboard over the published snapshot."""
    root = (snapshot_dir or pub.default_root(settings.resolve_db_url(ctx.db))).resolve()
    if current_version(root) is None:
        click.echo(f"warning: no snapshot in {root} yet; run `complaints publish` (the dashboard will say so too)", err=True)
    app = Path(str(resources.files("dashboard") / "app.py"))
    env = {**os.environ, settings.SNAPSHOT.env: str(root)}
    if ctx.db:
        env[settings.DB.env] = ctx.db
    # `python -m dashboard` is `streamlit run`, started warm (see dashboard/__main__.py).
    cmd = [sys.executable, "-m", "dashboard", "run", str(app), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.showErrorDetails", "none",
           "--client.toolbarMode", "viewer",
           # dashboard/static/: the chart element's plotly.js bundle (dashboard/chart.js)
           "--server.enableStaticServing", "true"]
    click.echo(f"dashboard on http://{address}:{port}/ (snapshot {root})")
    sys.stdout.flush()
    # Become the Streamlit server (exec, not a child): a supervisor's or a test's SIGTERM then
    # reaches the server itself instead of orphaning it.
    os.execve(sys.executable, cmd, env)

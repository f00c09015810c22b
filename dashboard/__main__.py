"""`python -m dashboard run dashboard/app.py [streamlit options]`: the Streamlit server, started
warm (what `complaints dashboard` runs).

`streamlit run` imports the pages' modules (pandas, DuckDB, plotly, pipeline.trends: about a
second) and opens the snapshot only when the first reader's page runs, so the first reader
after a start or a restart waited for all of it. Here the modules are imported before the
server starts, and once Streamlit's runtime exists the current snapshot is opened, which
computes every page's default view into the caches (dashboard.data._warm) before anyone asks.
The server is Streamlit's own command line, run in this process.
"""
from __future__ import annotations

import logging
import sys
import threading


def main(argv: list[str]) -> None:
    _log_to_stderr()
    # What the pages import (pandas, DuckDB, pyarrow, plotly through these), imported now.
    from pipeline import charts, i18n, trends  # noqa: F401

    threading.Thread(target=_open_snapshot_when_serving, name="open-at-start", daemon=True).start()
    from streamlit.web import cli

    cli.main(args=argv, prog_name="streamlit")


def _open_snapshot_when_serving(seconds: float = 60.0) -> None:
    """Once Streamlit's runtime exists, open the current snapshot: dashboard.data then computes
    every page's default view into the runtime's caches (its _warm) before a reader asks.
    (dashboard.data is imported only then: its st.cache_data functions, declared without a
    runtime, would each log "No runtime found".)"""
    import time

    from streamlit import runtime

    deadline = time.monotonic() + seconds
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    from dashboard import data

    data.open_at_start()


def _log_to_stderr() -> None:
    """The dashboard's own lines (snapshots opened and warmed, pages that failed) on stderr,
    beside Streamlit's, whatever Streamlit does with the root logger."""
    log = logging.getLogger("complaints.dashboard")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


if __name__ == "__main__":
    main(sys.argv[1:])

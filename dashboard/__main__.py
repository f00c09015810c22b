"""`python -m dashboard run dashboard/app.py [streamlit options]`: the Streamlit server, started
warm (what `complaints dashboard` runs).

`streamlit run` imports the pages' modules (pandas, DuckDB, plotly, pipeline.trends: about a
second) and opens the snapshot only when the first reader's page runs, so the first reader
after a start or a restart waited for all of it (at 10M posts, several seconds). Here the
modules are imported, the current snapshot opened and every page's default view computed into
the caches (dashboard.data.open_at_start) before the server listens: healthy means ready. The
server is Streamlit's own command line, run in this process.
"""
from __future__ import annotations

import logging
import sys


def main(argv: list[str]) -> None:
    _log_to_stderr()
    # What the pages import (pandas, DuckDB, pyarrow, plotly through these), imported now.
    from pipeline import charts, i18n, trends  # noqa: F401

    _quietly_open_snapshot()
    from streamlit.web import cli

    cli.main(args=argv, prog_name="streamlit")


def _quietly_open_snapshot() -> None:
    """dashboard.data.open_at_start, before Streamlit's runtime exists: st.cache_data then logs
    "No runtime found" for every cached function it meets (harmless: the cache is the same
    in-memory one), which would only fill the operator's log."""
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    no_runtime = _Drop("No runtime found")  # a filter: Streamlit sets its loggers' levels itself
    caching_log.addFilter(no_runtime)
    try:
        from dashboard import data

        data.open_at_start()
    finally:
        caching_log.removeFilter(no_runtime)


class _Drop(logging.Filter):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()


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

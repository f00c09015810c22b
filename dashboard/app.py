"""Complaints radar dashboard: `complaints dashboard` or `streamlit run dashboard/app.py`.

The entry file sets up the navigation. What every page shares (the synthetic-data banner,
the sidebar filters kept in the URL, notices about ignored URL parameters) is drawn by
`dashboard.ui.page()`, which each page calls first: drawn from the page's own script, it
shows the same in a browser and in streamlit.testing's AppTest (which keeps only the
current page's elements).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Not "pages/": Streamlit treats a pages/ folder beside the entry file as a v1 multipage app,
# and a deep link (/trends?...) would then run the page file alone, without st.navigation
# and set_page_config (seen in the browser test).
PAGES_DIR = Path(__file__).parent / "views"


# (file, url path): the titles come from data/i18n.yaml (page.<url path>) in the UI language.
PAGES = [
    ("overview.py", "overview"),
    ("trends.py", "trends"),
    ("ranking.py", "ranking"),
    ("surges.py", "surges"),
    ("breaches.py", "breaches"),
    ("posts.py", "posts"),
    ("responses.py", "responses"),
    ("terms.py", "terms"),
    ("health.py", "health"),
]


def _pages() -> list:
    from dashboard import ui

    # Streamlit serves the default page at "/" only and answers "Page not found" for its
    # url_path; permalinks and exports point at /overview, so a hidden page serves the
    # same file there (pages are told apart by url_path, not by file).
    pages = [st.Page(PAGES_DIR / file, title=ui.T(f"page.{path}"), url_path="home" if path == "overview" else path,
                     default=(path == "overview")) for file, path in PAGES]
    pages.append(st.Page(PAGES_DIR / "overview.py", title=ui.T("page.overview"), url_path="overview",
                         visibility="hidden"))
    return pages


log = logging.getLogger("complaints.dashboard")

BROKEN_PAGE = ("This page could not be drawn. The details are in the dashboard's log. If the snapshot is damaged, "
               "publishing again (`complaints publish`) replaces it.")


def main() -> None:
    from dashboard import ui

    st.set_page_config(page_title=ui.T("app.title"), layout="wide")
    page = st.navigation(_pages())
    try:
        page.run()
    except Exception:  # noqa: BLE001 - readers get a plain message; the traceback goes to the log
        # (st.stop and reruns are BaseExceptions and pass through.) A traceback would show
        # readers SQL, server paths and library internals (client.showErrorDetails is off too).
        log.exception("page %s failed", page.url_path or page.title)
        st.error(BROKEN_PAGE if ui.lang() == "en" else ui.T("app.broken"))


main()

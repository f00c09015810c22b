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


def _pages() -> list:
    return [
        st.Page(PAGES_DIR / "overview.py", title="Overview", url_path="overview", default=True),
        st.Page(PAGES_DIR / "trends.py", title="Trends", url_path="trends"),
        st.Page(PAGES_DIR / "surges.py", title="Surges", url_path="surges"),
        st.Page(PAGES_DIR / "breaches.py", title="涉嫌违规 · Alleged breaches", url_path="breaches"),
        st.Page(PAGES_DIR / "posts.py", title="Posts", url_path="posts"),
        st.Page(PAGES_DIR / "responses.py", title="Lender responses", url_path="responses"),
        st.Page(PAGES_DIR / "terms.py", title="What people say", url_path="terms"),
        st.Page(PAGES_DIR / "health.py", title="Crawl health", url_path="health"),
    ]


log = logging.getLogger("complaints.dashboard")

BROKEN_PAGE = ("This page could not be drawn. The details are in the dashboard's log. If the snapshot is damaged, "
               "publishing again (`complaints publish`) replaces it.")


def main() -> None:
    st.set_page_config(page_title="Complaints radar", layout="wide")
    page = st.navigation(_pages())
    try:
        page.run()
    except Exception:  # noqa: BLE001 - readers get a plain message; the traceback goes to the log
        # (st.stop and reruns are BaseExceptions and pass through.) A traceback would show
        # readers SQL, server paths and library internals (client.showErrorDetails is off too).
        log.exception("page %s failed", page.url_path or page.title)
        st.error(BROKEN_PAGE)


main()

"""Download buttons under each chart and table; the files come from pipeline/export.py.

Each button gets a callable, which Streamlit runs only when the button is clicked (on a
thread of its own), so a page costs nothing until someone downloads. The snapshot object
is taken in the page run (a cached DuckDB reader) and passed into the callable, which
must not call Streamlit. Chart images share one chromium for the whole server
(`export.shared_renderer`).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import data
from pipeline import export
from pipeline.trends import Filters, Snapshot

CHART_FORMATS = (("png", "PNG"), ("svg", "SVG"), ("csv", "CSV (numbers)"), ("xlsx", "Excel"),
                 ("pack", "Evidence pack (ZIP)"))
TABLE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("parquet", "Parquet"))


def _base_url() -> str:
    """This dashboard's own address, for the permalink in evidence packs."""
    try:
        url = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 (no browser context, e.g. AppTest)
        return export.DASHBOARD_URL
    return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else export.DASHBOARD_URL


def _lazy(snap: Snapshot, req: export.ExportRequest, fmt: str, what: str) -> Callable[[], bytes]:
    return lambda: export.export_bytes(snap, req, fmt, what)


def _buttons(req: export.ExportRequest, formats: tuple[tuple[str, str], ...], what: str, key: str) -> None:
    snap = data.snapshot()
    for col, (fmt, label) in zip(st.columns(len(formats)), formats):
        col.download_button(label, data=_lazy(snap, req, fmt, what), file_name=export.file_name(req, fmt, what),
                            mime=export.MIME[fmt], key=f"dl_{key}_{fmt}", on_click="ignore", icon=":material/download:")


def chart(name: str, f: Filters, key: str, **opts: Any) -> None:
    """PNG, SVG, the numbers (CSV), Excel (posts + numbers + about) and an evidence pack of a chart."""
    req = export.ExportRequest(f, chart=name, chart_opts=opts, dashboard_url=_base_url())
    _buttons(req, CHART_FORMATS, "series", key)


def posts(f: Filters, key: str, query: str = "") -> None:
    """All the posts matching the filters (and search words), not just the page shown."""
    req = export.ExportRequest(f, query=query, dashboard_url=_base_url())
    _buttons(req, TABLE_FORMATS, "posts", key)


def surge_posts(lender: str, theme: str, week: Any, key: str) -> None:
    """The posts of a surge week: that lender and theme, Monday to Sunday."""
    monday = pd.Timestamp(week).date()
    posts(Filters(start=monday, end=monday + timedelta(days=6), lenders=(lender,), themes=(theme,)), key)


def table(df: pd.DataFrame, f: Filters, name: str, key: str) -> None:
    """A table as shown (the surge list, distinctive terms): CSV, Excel, Parquet."""
    snap = data.snapshot()
    req = export.ExportRequest(f, dashboard_url=_base_url())
    for col, (fmt, label) in zip(st.columns(len(TABLE_FORMATS)), TABLE_FORMATS):
        col.download_button(label, data=_lazy_table(snap, req, df, fmt, name), key=f"dl_{key}_{fmt}",
                            file_name=f"complaints-{name}-{export.now_cst():%Y%m%d-%H%M}.{fmt}",
                            mime=export.MIME[fmt], on_click="ignore", icon=":material/download:")


def _lazy_table(snap: Snapshot, req: export.ExportRequest, df: pd.DataFrame, fmt: str,
                name: str) -> Callable[[], bytes]:
    return lambda: export.table_bytes(snap, req, df, fmt, name)


def breach_cell(f: Filters, lender: str, rule: str, month: str | None, status: str, unit: str, key: str) -> None:
    """The evidence pack of one alleged-breach cell: rule text and source, its number, its posts."""
    from pipeline import rules

    snap = data.snapshot()
    name = f"complaints-breach-{rule}-{month or 'all'}-{export.now_cst():%Y%m%d-%H%M}.zip"
    st.download_button("证据包 · Evidence pack (ZIP)", key=f"dl_{key}_pack", file_name=name, mime="application/zip",
                       on_click="ignore", icon=":material/download:",
                       data=lambda: rules.cell_pack_bytes(snap, f, lender=lender, rule=rule, month=month,
                                                          status=status, unit=unit))

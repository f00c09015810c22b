"""Download buttons under each chart and table; the files come from pipeline/export.py.

Each button gets a callable, which Streamlit runs only when the button is clicked (on a
thread of its own), so a page costs nothing until someone downloads. The snapshot object
is taken in the page run (a cached DuckDB reader) and passed into the callable, which
must not call Streamlit. Chart images share one chromium for the whole server
(`export.shared_renderer`).
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from datetime import timedelta
from typing import Any, Callable

import pandas as pd
import streamlit as st

from dashboard import data
from pipeline import export
from pipeline.trends import Filters, Snapshot

# A download is built in the dashboard's own process, in memory: a CSV of a million posts
# took the server from 234 MB to 2.9 GB (issue 13). Beyond this many posts the button
# gives way to the `complaints export` command, which streams any size to a file.
MAX_DOWNLOAD_POSTS = 100_000
POST_FORMATS = {"csv", "xlsx", "parquet", "pack"}  # the formats that carry posts

CHART_FORMATS = (("png", "PNG"), ("svg", "SVG"), ("csv", "CSV (numbers)"), ("xlsx", "Excel"),
                 ("pack", "Evidence pack (ZIP)"))
TABLE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("parquet", "Parquet"))


def _base_url() -> str:
    """The public address for permalinks in evidence packs ($COMPLAINTS_PUBLIC_URL first)."""
    from dashboard import ui

    return ui.browser_base()


def _lazy(snap: Snapshot, req: export.ExportRequest, fmt: str, what: str) -> Callable[[], bytes]:
    return lambda: export.export_bytes(snap, req, fmt, what)


# --- an evidence pack and its checksum -----------------------------------------------------------
# The CLI writes `<pack>.zip.sha256` beside a pack (export.write_checksum_beside); here the same
# file is a second button beside the ZIP's. Both are built on click, and a pack is not
# byte-for-byte reproducible (the chart's SVG carries random clip-path ids), so the two buttons
# share one build: the checksum is always that of the ZIP the reader gets. Only digests are kept,
# plus a pack built for its checksum until its ZIP is downloaded (a few at most: packs are big).
_PACK_LOCK = threading.Lock()
_PACK_DIGESTS: OrderedDict[str, str] = OrderedDict()
_PACK_PENDING: OrderedDict[str, bytes] = OrderedDict()
MAX_DIGESTS, MAX_PENDING = 256, 2


def _remember(store: OrderedDict, key: str, value: Any, limit: int) -> None:
    store[key] = value
    store.move_to_end(key)
    while len(store) > limit:
        store.popitem(last=False)


def pack_zip(key: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """The ZIP button's callable: the pack built for the checksum if there is one, else a new
    build, whose digest the checksum button then gives."""
    def run() -> bytes:
        with _PACK_LOCK:
            data = _PACK_PENDING.pop(key, None)
        if data is None:
            data = build()
        with _PACK_LOCK:
            _remember(_PACK_DIGESTS, key, hashlib.sha256(data).hexdigest(), MAX_DIGESTS)
        return data
    return run


def pack_checksum(key: str, name: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """The checksum button's callable: `<name>.sha256` of the ZIP downloaded (or, before it is,
    of the pack it will get)."""
    def run() -> bytes:
        with _PACK_LOCK:
            digest = _PACK_DIGESTS.get(key)
        if digest is None:
            data = build()
            digest = hashlib.sha256(data).hexdigest()
            with _PACK_LOCK:
                _remember(_PACK_PENDING, key, data, MAX_PENDING)
                _remember(_PACK_DIGESTS, key, digest, MAX_DIGESTS)
        return export.sidecar_text(digest, name).encode("utf-8")
    return run


def pack_buttons(col: Any, label: str, name: str, build: Callable[[], bytes], key: str, what: str) -> None:
    """An evidence pack's ZIP button and, under it, its SHA-256 checksum file. `what` tells
    packs apart (the request: filters, chart, options), with the snapshot and the file name."""
    from dashboard import ui

    shared = hashlib.sha256(f"{data.root()}|{data.version()}|{key}|{name}|{what}".encode("utf-8")).hexdigest()
    col.download_button(label, data=pack_zip(shared, build), file_name=name, mime=export.MIME["pack"],
                        key=f"dl_{key}_pack", on_click="ignore", icon=":material/download:")
    col.download_button(ui.T("download.sha256"), data=pack_checksum(shared, name, build), file_name=f"{name}.sha256",
                        mime="text/plain", key=f"dl_{key}_pack_sha256", on_click="ignore", icon=":material/key:",
                        help=ui.T("download.sha256_help"))


def _buttons(req: export.ExportRequest, formats: tuple[tuple[str, str], ...], what: str, key: str,
             series: pd.DataFrame | None = None) -> None:
    from dashboard import ui

    snap = data.snapshot()
    too_big: dict[str, int] = {}
    for col, (fmt, label) in zip(st.columns(len(formats)), formats):
        label = ui.T(f"download.{fmt}") if formats is CHART_FORMATS else ui.T(f"download.{fmt}_table"
                                                                               if fmt == "csv" else f"download.{fmt}")
        rows = _rows(snap, req, fmt, what, series)
        if rows > MAX_DOWNLOAD_POSTS:
            too_big[fmt] = rows
            col.download_button(label, data=b"", disabled=True, key=f"dl_{key}_{fmt}", icon=":material/download:",
                                help=ui.T("download.too_big_help", rows=rows))
            continue
        if fmt == "pack":
            pack_buttons(col, label, export.file_name(req, fmt, what), _lazy(snap, req, fmt, what), key, repr(req))
            continue
        col.download_button(label, data=_lazy(snap, req, fmt, what), file_name=export.file_name(req, fmt, what),
                            mime=export.MIME[fmt], key=f"dl_{key}_{fmt}", on_click="ignore", icon=":material/download:")
    if too_big:
        fmt, rows = max(too_big.items(), key=lambda kv: kv[1])
        st.caption(ui.T("download.too_big", rows=rows, max=MAX_DOWNLOAD_POSTS))
        # As inline code, not st.code: a code block loads Streamlit's syntax highlighter
        # (1.5 MB of JavaScript) before the page's first chart, on every view of a big snapshot.
        st.markdown(inline_code(cli_command(req, "csv" if fmt == "pack" and what == "posts" else fmt, what)))


def _rows(snap: Snapshot, req: export.ExportRequest, fmt: str, what: str, series: pd.DataFrame | None = None) -> int:
    """Posts the file of `fmt` would hold (0 when it holds none, or the snapshot is small).
    `series`: the chart's table as the page drew it (a pack's posts may depend on it)."""
    if fmt not in POST_FORMATS or (what == "series" and fmt in ("csv", "parquet")):
        return 0
    if int(snap.meta.get("counts", {}).get("posts", 0)) <= MAX_DOWNLOAD_POSTS:
        return 0  # no view of a small snapshot can be too big: no query at all
    return data.export_rows(req.filters, req.query, req.chart, dict(req.chart_opts), pack=fmt == "pack", series=series)


def inline_code(text: str) -> str:
    """Markdown inline code showing `text` as it is: a fence longer than any run of backticks
    inside (a search query may hold some)."""
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{fence} {text} {fence}" if runs else f"{fence}{text}{fence}"


def cli_command(req: export.ExportRequest, fmt: str, what: str) -> str:
    """The `complaints export` command writing the same file (filters as flags)."""
    import shlex

    f = req.filters
    args = ["complaints", "export", "--format", fmt, "--output",
            export.file_name(req, fmt, what)]
    if what == "series" or fmt == "pack":
        args += ["--chart", req.chart] + [a for k, v in req.chart_opts.items() for a in ("--opt", f"{k}={v}")]
    for flag, values in (("--lender", f.lenders), ("--theme", f.themes), ("--source", f.sources),
                         ("--status", f.statuses)):
        for v in values:
            args += [flag, v]
    if f.start:
        args += ["--since", f.start.isoformat()]
    if f.end:
        args += ["--until", f.end.isoformat()]
    if req.query:
        args += ["--query", req.query]
    return " ".join(shlex.quote(a) for a in args)


def chart(name: str, f: Filters, key: str, series: pd.DataFrame | None = None, **opts: Any) -> None:
    """PNG, SVG, the numbers (CSV), Excel (posts + numbers + about) and an evidence pack of a chart.
    `series`: the table the page drew the chart from (its query's result for these filters
    and options), which sizes the pack without querying again."""
    from dashboard import ui

    req = export.ExportRequest(f, chart=name, chart_opts=opts, dashboard_url=_base_url(), lang=ui.lang())
    _buttons(req, CHART_FORMATS, "series", key, series)


def posts(f: Filters, key: str, query: str = "") -> None:
    """All the posts matching the filters (and search words), not just the page shown."""
    from dashboard import ui

    req = export.ExportRequest(f, query=query, dashboard_url=_base_url(), lang=ui.lang())
    _buttons(req, TABLE_FORMATS, "posts", key)


def surge_posts(lender: str, theme: str, week: Any, key: str, last_week: Any = None) -> None:
    """The posts of a surge: that lender and theme, from the first Monday to the last Sunday."""
    monday = pd.Timestamp(week).date()
    last = pd.Timestamp(last_week).date() if last_week is not None else monday
    posts(Filters(start=monday, end=last + timedelta(days=6), lenders=(lender,), themes=(theme,)), key)


def table(df: pd.DataFrame, f: Filters, name: str, key: str, unit: str | None = None, link: str = "") -> None:
    """A table as shown (the surge list, distinctive terms, the ranking): CSV, Excel, Parquet.
    `unit`: what its counts count, said in the about sheet ("counted in"); `link`: the
    page's permalink (ui.view_permalink) for the about sheet."""
    snap = data.snapshot()
    from dashboard import ui

    req = export.ExportRequest(f, dashboard_url=_base_url(), lang=ui.lang())
    for col, (fmt, label) in zip(st.columns(len(TABLE_FORMATS)), TABLE_FORMATS):
        col.download_button(label, data=_lazy_table(snap, req, df, fmt, name, unit, link), key=f"dl_{key}_{fmt}",
                            file_name=f"complaints-{name}-{export.now_cst():%Y%m%d-%H%M}.{fmt}",
                            mime=export.MIME[fmt], on_click="ignore", icon=":material/download:")


def _lazy_table(snap: Snapshot, req: export.ExportRequest, df: pd.DataFrame, fmt: str,
                name: str, unit: str | None = None, link: str = "") -> Callable[[], bytes]:
    return lambda: export.table_bytes(snap, req, df, fmt, name, unit=unit, link=link)


def breach_cell(f: Filters, lender: str, rule: str, month: str | None, status: str, unit: str, key: str) -> None:
    """The evidence pack of one alleged-breach cell: rule text and source, its number, its posts."""
    from dashboard import ui
    from pipeline import rules

    snap = data.snapshot()
    name = f"complaints-breach-{rule}-{month or 'all'}-{export.now_cst():%Y%m%d-%H%M}.zip"
    pack_buttons(st, ui.T("download.pack"), name,
                 lambda: rules.cell_pack_bytes(snap, f, lender=lender, rule=rule, month=month, status=status,
                                               unit=unit), key,
                 repr((f, lender, rule, month, status, unit)))

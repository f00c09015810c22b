"""The dashboard's only data access: DuckDB over the published Parquet snapshot, cached.

Every cached result is keyed on the snapshot *version* (read from <root>/CURRENT on each
call, a one-line file), so a `complaints publish` while the dashboard runs is picked up
on the next interaction, without a restart; results of older versions age out of the
caches. The queries themselves live in pipeline/trends.py, shared with exports.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from pipeline import settings, trends
from pipeline.trends import Filters, Options, Snapshot

DATA_DIR = settings.data_dir()
log = logging.getLogger("complaints.dashboard")


def root() -> Path:
    """$COMPLAINTS_SNAPSHOT (set by `complaints dashboard`), else next to the database."""
    return settings.snapshot_root(settings.resolve_db_url(None))


def version() -> str | None:
    _watch()
    return trends.current_version(root())


# The open snapshots, shared by every session of the process: the current version and the one
# before, which a session may still be drawing from while a publish switches CURRENT. A plain
# dict, not st.cache_resource, so that the watcher thread below can open one without a session.
_OPEN: OrderedDict[tuple[str, str], Snapshot] = OrderedDict()
_OPEN_LOCK = threading.Lock()
MAX_OPEN = 2


def _snapshot(root_dir: str, ver: str) -> Snapshot:
    key = (root_dir, ver)
    with _OPEN_LOCK:
        snap = _OPEN.get(key)
        if snap is None:
            snap = _OPEN[key] = Snapshot(root_dir, ver)
            # The monthly counts every chart sums, built once per version on a thread of their
            # own: the first page is drawn from the posts meanwhile (the same numbers).
            built = trends.prepare(snap, background=True)
            if _serving():  # its readers' first views, computed before they ask
                threading.Thread(target=_warm, args=(root_dir, ver, built), name=f"warm-{ver}", daemon=True).start()
            while len(_OPEN) > MAX_OPEN:
                _OPEN.popitem(last=False)  # not closed: a session may still hold it (closed when dropped)
        _OPEN.move_to_end(key)
        return snap


def _serving() -> bool:
    """A Streamlit server: not a script, nor streamlit.testing's AppTest (whose runtime is a
    mock), where a warming thread would only compete with what is being run or measured."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and type(Runtime.instance()) is Runtime


def _warm(root_dir: str, ver: str, built: threading.Thread | None) -> None:
    """Every page's numbers without filters, computed into the caches once the monthly counts
    are built: what a reader's first visit to a page asks for (its default view), so that its
    first chart waits for no query (at ten million posts, seconds). The same cached calls, with
    the same arguments, as the pages make; a failure is left for the page to meet and report."""
    from pipeline import rules

    if built is not None:
        built.join()
    key, t0 = _key(Filters()), time.perf_counter()
    try:
        opts = _options(root_dir, ver)
        # Trends first (the page a shared link most often opens), then overview (the home page).
        calls: list[tuple[Any, tuple]] = [
            (_cached, ("over_time", key, ("month", "stories"))), (_cached, ("heatmap", key, ("stories",))),
            *([(_cached, ("theme_mix", key, (opts.lenders[0], "stories")))] if opts.lenders else []),
            (_cached, ("totals", key, ("stories",))), (_cached, ("lender_theme_table", key, (trends.MAX_HEATMAP_LENDERS, "stories"))),
            (_cached_plain, ("runs", ())), (_export_rows, (key, "")), (_cached, ("responses", key, (trends.MIN_RESPONSE_POSTS, "stories"))),
            (_cached_plain, ("platform_coverage", ())),
            *([(_cached, ("lender_ranking", key, (opts.themes[0], trends.MIN_RANK_POSTS, "stories")))]
              if opts.themes else []),
            (_breaches, ("cell_table", key, (("by_month", True), ("shares", True), ("status", rules.IN_SCOPE),
                                              ("unit", "stories")))),
            (_breaches, ("cell_table", key, (("by_month", False), ("shares", False), ("status", rules.IN_SCOPE),
                                              ("unit", "stories")))),
        ]
        for fn, args in calls:
            fn(root_dir, ver, *args)
        if not _cached(root_dir, ver, "surges", key, ()).empty:  # (the page stops at "no surges")
            _episodes(root_dir, ver, key)
        log.info("snapshot %s: every page's default view ready (%.1f s)", ver, time.perf_counter() - t0)
    except Exception:  # noqa: BLE001 - the page that needs it computes it again (and shows the error)
        log.exception("warming the caches of snapshot %s failed", ver)


def open_at_start() -> None:
    """Before the server listens (dashboard/__main__.py): open the current snapshot, build its
    monthly counts and compute every page's default view into the caches, in this thread, so
    that the server is ready when it says it is healthy and its first reader waits for no query.
    (Streamlit's global caches live in memory with or without its runtime; the sessions started
    later find these entries under the same function keys.)"""
    try:
        ver = trends.current_version(root())  # not version(): the watcher starts with the first reader
        if ver is None:
            raise trends.SnapshotMissing(f"no snapshot published in {root()}")
        t0 = time.perf_counter()
        with _OPEN_LOCK:
            snap = _OPEN.setdefault((str(root()), ver), Snapshot(str(root()), ver))
        trends.prepare(snap)
        log.info("snapshot %s opened, monthly counts built (%.1f s)", ver, time.perf_counter() - t0)
        _warm(str(root()), ver, None)
    except trends.SnapshotMissing:
        log.info("no snapshot in %s yet: the pages say so until one is published", root())
    except Exception:  # noqa: BLE001 - a broken snapshot: the pages say so too; the log says why
        log.exception("the snapshot in %s could not be opened at start", root())


# A new snapshot is opened (and its monthly counts built) as soon as it is published, before any
# reader asks: a thread per process looks at CURRENT every WATCH_SECONDS.
WATCH_SECONDS = 10.0
_WATCHER: threading.Thread | None = None


def _watch() -> None:
    global _WATCHER
    if _WATCHER is not None:
        return
    with _OPEN_LOCK:
        if _WATCHER is not None:
            return
        _WATCHER = threading.Thread(target=_watch_loop, name="snapshot-watcher", daemon=True)
    _WATCHER.start()


def _watch_loop() -> None:
    while True:
        try:
            ver = trends.current_version(root())
            if ver is not None:
                _snapshot(str(root()), ver)
        except Exception:  # noqa: BLE001 - a half-published or removed snapshot: the pages say so
            pass
        time.sleep(WATCH_SECONDS)


def snapshot() -> Snapshot:
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _snapshot(str(root()), ver)


def _key(f: Filters) -> tuple:
    return tuple(sorted(f.to_params().items()))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(root_dir: str, ver: str, fn: str, key: tuple, args: tuple) -> Any:
    snap = _snapshot(root_dir, ver)
    f, _ = Filters.from_params(dict(key))
    return getattr(trends, fn)(snap, f, *args)


@st.cache_data(max_entries=128, show_spinner=False)
def _cached_plain(root_dir: str, ver: str, fn: str, args: tuple) -> Any:
    return getattr(trends, fn)(_snapshot(root_dir, ver), *args)


def _plain(fn: str, *args: Any) -> Any:
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _cached_plain(str(root()), ver, fn, args)


def _call(fn: str, f: Filters, *args: Any) -> Any:
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _cached(str(root()), ver, fn, _key(f), args)


# --- what the pages ask for ----------------------------------------------------------------


def meta() -> dict[str, Any]:
    return snapshot().meta


@st.cache_data(max_entries=4, show_spinner=False)
def _options(root_dir: str, ver: str) -> Options:
    return trends.options(_snapshot(root_dir, ver))


def options() -> Options:
    ver = version()
    return Options() if ver is None else _options(str(root()), ver)


def totals(f: Filters, unit: str = "stories") -> dict[str, Any]:
    return _call("totals", f, unit)


def over_time(f: Filters, freq: str, unit: str = "stories") -> pd.DataFrame:
    return _call("over_time", f, freq, unit)


def heatmap(f: Filters, unit: str = "stories") -> pd.DataFrame:
    return _call("heatmap", f, unit)


def theme_mix(f: Filters, lender: str, unit: str = "stories") -> pd.DataFrame:
    return _call("theme_mix", f, lender, unit)


def surges(f: Filters) -> pd.DataFrame:
    return _call("surges", f)


@st.cache_data(max_entries=128, show_spinner=False)
def _episodes(root_dir: str, ver: str, key: tuple) -> pd.DataFrame:
    from pipeline import surges as sg

    f, _ = Filters.from_params(dict(key))
    return sg.surge_episodes(trends.surges(_snapshot(root_dir, ver), f))


def surge_episodes(f: Filters) -> pd.DataFrame:
    """The surge weeks of `surges(f)` merged into episodes (pipeline/surges.py), cached with them."""
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _episodes(str(root()), ver, _key(f))


def surge_posts(lender: str, theme: str, week: Any, last_week: Any = None) -> pd.DataFrame:
    last = pd.Timestamp(last_week).date() if last_week is not None else None
    return _plain("surge_posts", lender, theme, pd.Timestamp(week).date(), 200, last)


def weekly_series(lender: str, theme: str) -> pd.DataFrame:
    return _plain("weekly_series", lender, theme)


def posts(f: Filters, query: str, limit: int, offset: int) -> tuple[pd.DataFrame, int]:
    # The total apart from the page (cached once for every page of a search) so that the
    # download's count reuses it (export_rows): a search's count reads every body it filters.
    return _call("posts_page", f, query, limit, offset), _call("search_total", f, query)


def responses(f: Filters, unit: str = "stories") -> pd.DataFrame:
    return _call("responses", f, trends.MIN_RESPONSE_POSTS, unit)


def runs() -> pd.DataFrame:
    return _plain("runs")


def after_capture(f: Filters) -> pd.DataFrame:
    return _call("after_capture", f)


def platform_coverage() -> pd.DataFrame:
    return _plain("platform_coverage")


def texts(f: Filters, lender: str | None, limit: int) -> list[str]:
    return _call("texts", f, lender, limit)


TERMS_SAMPLE, TERMS_BACKGROUND = 800, 1500  # jieba runs ~900 posts/s: a few seconds, then cached


# No spinner text here: data.py does not know the UI language (the page draws its own).
@st.cache_data(max_entries=64, show_spinner=False)
def _terms(root_dir: str, ver: str, key: tuple, lender: str, top: int) -> pd.DataFrame:
    from pipeline import terms  # the tagger's term statistics (jieba, log-odds)

    f, _ = Filters.from_params(dict(key))
    snap = _snapshot(root_dir, ver)
    target = trends.texts(snap, f, lender, TERMS_SAMPLE)
    background = trends.texts(snap, f, None, TERMS_BACKGROUND)
    found = terms.distinctive_terms({lender: target}, background, top=top).get(lender, [])
    return pd.DataFrame(found, columns=["term", "score", "count"])


def distinctive_terms(f: Filters, lender: str, top: int = 30) -> pd.DataFrame:
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _terms(str(root()), ver, _key(f), lender, top)


def theme_labels(lang: str = "zh") -> dict[str, str]:
    """Theme key -> label (Chinese from data/themes.yaml, English from data/i18n.yaml)."""
    from pipeline import i18n

    return i18n.theme_labels(lang)


def lender_ranking(f: Filters, theme: str, min_posts: int, unit: str = "stories") -> pd.DataFrame:
    return _call("lender_ranking", f, theme, int(min_posts), unit)


def lender_theme_table(f: Filters, unit: str = "stories") -> pd.DataFrame:
    return _call("lender_theme_table", f, trends.MAX_HEATMAP_LENDERS, unit)


def post(key: str) -> dict[str, Any] | None:
    return _plain("post", str(key))


# --- how big a download would be ---------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def _export_rows(root_dir: str, ver: str, key: tuple, query: str) -> int:
    from pipeline import export

    f, _ = Filters.from_params(dict(key))
    return export.count_posts(_snapshot(root_dir, ver), export.ExportRequest(f, query=query))


@st.cache_data(max_entries=64, show_spinner=False)
def _series(root_dir: str, ver: str, key: tuple, chart: str, opts: tuple) -> pd.DataFrame:
    from pipeline import export

    f, _ = Filters.from_params(dict(key))
    return export.series_frame(_snapshot(root_dir, ver), export.ExportRequest(f, chart=chart, chart_opts=dict(opts)))


def export_rows(f: Filters, query: str = "", chart: str = "over_time", opts: dict | None = None,
                pack: bool = False, series: pd.DataFrame | None = None) -> int:
    """Posts a posts download (or an evidence pack, `pack`) of this view would hold.

    A pack holds the posts behind the chart (export.behind_filters): counted like a posts
    download of those filters, so views whose packs hold the same posts share one count.
    The chart's table is read only when the posts depend on it (no lender chosen): `series`
    when the page passes the one it drew, else the chart's query (cached)."""
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    if pack:  # the evidence pack lists the posts behind the chart, not only the filtered ones
        from pipeline import export

        opts = dict(opts or {})
        req = export.ExportRequest(f, chart=chart, chart_opts=opts)
        chart_key = tuple(sorted(opts.items()))
        f = export.behind_filters(req, series if series is not None else
                                  lambda: _series(str(root()), ver, _key(req.filters), chart, chart_key))
        query = ""
    if query:  # the posts page counted the same posts (exact below its cap): no second scan
        shown = _call("search_total", f, query)
        if shown <= trends.SEARCH_COUNT_CAP:
            return shown
    return _export_rows(str(root()), ver, _key(f), query)


# --- alleged breaches (pipeline/rules.py: the same functions give the numbers and the posts) -----


@st.cache_data(max_entries=64, show_spinner=False)
def _breaches(root_dir: str, ver: str, fn: str, key: tuple, kwargs: tuple) -> Any:
    from pipeline import rules

    f, _ = Filters.from_params(dict(key))
    return getattr(rules, fn)(_snapshot(root_dir, ver), f, **dict(kwargs))


def _breach_call(fn: str, f: Filters, **kwargs: Any) -> Any:
    ver = version()
    if ver is None:
        raise trends.SnapshotMissing(f"no snapshot published in {root()}")
    return _breaches(str(root()), ver, fn, _key(f), tuple(sorted(kwargs.items())))


def breach_table(f: Filters, unit: str, status: str, by_month: bool = True, shares: bool = True) -> pd.DataFrame:
    return _breach_call("cell_table", f, unit=unit, status=status, by_month=by_month, shares=shares)


def breach_posts(f: Filters, lender: str, rule: str, month: str | None, status: str) -> pd.DataFrame:
    return _breach_call("cell_posts", f, lender=lender, rule=rule, month=month, status=status)


def rules_published() -> list[dict[str, Any]]:
    from pipeline import rules

    return rules.snapshot_rules(snapshot())

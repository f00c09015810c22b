"""Exports for advocates and journalists: the numbers, the chart and the posts behind it.

Everything is read from the published snapshot (pipeline/publish.py) with the same
`Filters` and the same queries as the dashboard (pipeline/trends.py) and drawn by the same
figure builders (pipeline/charts.py), so an export holds exactly what the dashboard shows:

- posts: exactly the posts the Posts page lists for the filters (and search words),
  near-duplicates included and marked (`counted` = false), newest first;
- series: exactly the numbers a chart plots (`charts.FIGURES[name]` query; `EXTRA_CHARTS`
  adds the Surges page's chart);
- charts: PNG/SVG rendered by plotly + kaleido 1.x in Debian's chromium, with the title,
  the filters, the source line and "generated <date> by complaints-radar" on the image;
- an evidence pack: one ZIP with the chart (PNG + SVG), series.csv, posts.csv (every post
  counted in any number of the chart, denominators included: see `behind_filters`, so
  each number can be recounted), a permalink to the dashboard view, README.md (method,
  caveats, data freshness) and SHA256SUMS (`sha256sum -c SHA256SUMS` verifies every file).

Formats and why:
- CSV is UTF-8 with a BOM (Excel on Windows reads BOM-less UTF-8 as the ANSI code page
  and turns Chinese into mojibake) and CRLF line ends (RFC 4180).
- Spreadsheet formula injection (OWASP "CSV injection"): a text cell that starts with
  = + - @ TAB or CR is prefixed with a single quote in CSV and XLSX, so a post titled
  `=cmd|' /C calc'!A0` stays text. Numbers are left alone (a negative amount is a number).
- Parquet keeps types (lists of themes, timestamps) for analysts and is not neutralised
  (no spreadsheet reads it); the provenance goes into the file's key-value metadata.

Privacy: personal data is masked before it reaches the store and again at publish; exports
mask once more (`pipeline.text.mask_pii` on the free-text columns, `mask_author` on
authors, through the pre-screened `pipeline.text.mask_frame`): a snapshot published by an older version
may predate a masking rule. `mask=False` (`--no-mask`) skips only this last pass.

Small cells: with `min_cell=N`, series values from fewer than N posts (a lender x theme x
period count of 1..N-1) are blanked and flagged `suppressed`, in the series files and in
the chart drawn from them (theme_mix plots shares only and has no counts to test). The default
is 0 (off): the posts are public, self-published complaints and an evidence pack must let
a reader check every count against the posts; use N=5 (the usual statistical-disclosure
threshold) when sharing series without the posts. With N > 0 an evidence pack leaves the
posts out, since they would reveal the suppressed counts.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import inspect
import io
import json
import os
import re
import shutil
import stat
import sys
import threading
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from pipeline import settings
from pipeline.errors import ComplaintsError
from pipeline.models import now_cst
from pipeline.trends import Filters, Snapshot

PROJECT = "complaints-radar"
FORMATS = ("csv", "xlsx", "parquet", "png", "svg", "pack")
DATA_FORMATS = ("csv", "xlsx", "parquet")
IMAGE_FORMATS = ("png", "svg")
DEFAULT_CHART = "over_time"
DEFAULT_MIN_CELL = 0
RECOMMENDED_MIN_CELL = 5
DASHBOARD_URL = "http://127.0.0.1:8501"
CJK_FONT = "WenQuanYi Micro Hei"
IMAGE_SIZE = (1200, 675)  # web and social cards (16:9); "print" below
IMAGE_SIZES = {"web": IMAGE_SIZE, "print": (2400, 1500)}  # print: 20 cm wide at 300 dpi with scale 1
UNLIMITED = 10**12  # LIMIT for "all rows" in the shared posts query
# Posts per streamed batch: exports of any size in bounded memory. Peak RSS of a 1,000,000-post
# CSV export by batch size (bench/export.py --memory): 20,000 -> 523 MB (49 s), 10,000 -> 427 MB
# (52 s), 5,000 -> 378 MB (58 s); the process alone is ~250 MB. 10,000 keeps under issue 17's
# 500 MB for a few percent of time.
ROW_BATCH = 10_000
EXCEL_MAX_ROWS = 1_048_576  # rows per worksheet, the header included (Excel's specification)

# The columns of a posts export, in order (issue 6 asks for the first twelve at least).
POST_COLUMNS = ("source", "source_id", "url", "title", "body", "lender", "themes", "evidence", "published_at",
                "status", "amount", "appeal", "author", "lenders", "issue", "counted", "id",
                # what the Lender responses page counts (pipeline/trends.responses), to recount it
                "replied", "completed", "first_reply_at")
# Added to every posts export by rules.with_facts_and_rules, after POST_COLUMNS.
EXTRA_POST_COLUMNS = ("facts", "rules", "rules_scope_unknown", "story_id")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_MAX = 32_767
TRUNCATED = " …[truncated: the CSV and Parquet exports have the whole text]"
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 cannot hold them: a corrupt .xlsx

# Which dashboard page shows a chart, and which of its options are page parameters there
# (dashboard/views/*.py: ui.param_choice keys), for permalinks.
CHART_PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "over_time": ("trends", {"freq": "freq", "measure": "measure", "highlight": "hl", "style": "style", "unit": "unit"}),
    "heatmap": ("trends", {"value": "heat", "unit": "unit"}),
    "theme_mix": ("trends", {"lender": "mix", "unit": "unit"}),
    "responses": ("responses", {"unit": "unit"}),
    "sources": ("overview", {"unit": "unit"}),
    "surge": ("surges", {}),
    "rule_hits": ("breaches", {"unit": "unit"}),
    "ranking": ("ranking", {"theme": "theme", "min_posts": "min", "highlight": "hl", "unit": "unit"}),
}

# The options each chart takes (its dashboard widgets); () = any value.
CHART_OPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "over_time": {"freq": ("day", "week", "month"), "measure": ("posts", "themed", "share"), "highlight": (),
                  "style": ("lines", "small"), "unit": ("stories", "posts")},
    "heatmap": {"value": ("share", "posts"), "unit": ("stories", "posts")},
    "theme_mix": {"lender": (), "unit": ("stories", "posts")},
    "responses": {"unit": ("stories", "posts")},
    "sources": {"unit": ("stories", "posts")},
    "surge": {"lender": (), "theme": (), "week": ()},
    "rule_hits": {"unit": ("stories", "posts")},
    "ranking": {"theme": (), "min_posts": (), "highlight": (), "unit": ("stories", "posts")},
}

# What a chart with a `unit` option counts (pipeline/stories.py), for the about sheet and README.
COUNTED_IN = {
    "stories": "distinct stories (the default): a template campaign or a near-duplicate group counts once; "
               "posts.csv has each post's story_id to recount",
    "posts": "all posts: every post of a template campaign counts (a near-duplicate group still counts once)",
}

CAVEATS = (
    "Self-selected posts, not a sample: people who chose to complain in public, on platforms that moderate "
    "and sometimes remove posts. Counts say nothing about how common a practice is among all borrowers.",
    "Bigger lenders get more complaints: compare lenders by the share of their complaints with a theme, "
    "not by raw counts.",
    "Themes are found by keyword rules with negation handling; the evidence column gives the words (and "
    "their character offsets in title + newline + body) that triggered each theme. Check the posts before "
    "quoting a number.",
    "A post counts for its primary lender only; near-duplicates (the same complaint posted twice) count once "
    "in the series (posts exports list them with counted = false).",
    "Personal data (phone, ID and bank card numbers, e-mail addresses, names) is masked.",
)
DEMO_BANNER = "SYNTHETIC DEMO DATA: generated by `complaints demo`, not real complaints."


class ExportError(ComplaintsError):
    """An expected export failure (unknown chart or format, no chromium, unwritable path)."""


# --- what an export is --------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    """One export: the filters, the chart (for series and images) and the privacy options."""

    filters: Filters = Filters()
    chart: str = DEFAULT_CHART
    chart_opts: Mapping[str, Any] = field(default_factory=dict)
    query: str = ""           # the Posts page's search words
    mask: bool = True
    min_cell: int = DEFAULT_MIN_CELL
    dashboard_url: str = field(default_factory=lambda: _public_url())
    lang: str = "zh"          # chart text (titles, axes, labels); data keys stay stable
    size: str = "web"         # image size: web (1200x675) or print

    def __post_init__(self) -> None:
        from pipeline import charts

        if self.chart not in charts.FIGURES and self.chart not in EXTRA_CHARTS:
            raise ExportError(f"unknown chart {self.chart!r}; charts: {', '.join([*charts.FIGURES, *EXTRA_CHARTS])}")
        if self.size not in IMAGE_SIZES:
            raise ExportError(f"size must be one of {', '.join(IMAGE_SIZES)}, not {self.size!r}")
        if self.min_cell < 0:
            raise ExportError(f"min_cell must be 0 (off) or more, not {self.min_cell}")
        for key, value in self.chart_opts.items():
            allowed = CHART_OPTS.get(self.chart, {}).get(key)
            if allowed is None:
                known = ", ".join(CHART_OPTS.get(self.chart, {})) or "none"
                raise ExportError(f"chart {self.chart} has no option {key!r} (options: {known})")
            if allowed and value not in allowed:
                raise ExportError(f"{key}={value!r} is not one of {', '.join(allowed)}")
            if key == "week":
                _check_week(value)


def _check_week(value: Any) -> None:
    """--opt week= is the Monday of a surge week, YYYY-MM-DD (pandas would take 'garbage' to the parser)."""
    if isinstance(value, date):  # a date, datetime or pandas Timestamp from the dashboard
        return
    try:
        date.fromisoformat(str(value))
    except ValueError:
        raise ExportError(f"week={str(value)[:40]!r} is not a date (YYYY-MM-DD, the Monday of the week)") from None


def _public_url() -> str:
    from pipeline import cite

    return cite.public_url(DASHBOARD_URL)


# --- the data ------------------------------------------------------------------------------


def with_labels(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """CSV keeps the stable keys (`theme`, `themes`, `source`) and adds their names beside
    them at the end (`theme_label`, `themes_label`, `source_label`): a script reads the
    keys, a reader the names."""
    from pipeline import i18n

    out = df.copy()
    if "theme" in out.columns:
        out["theme_label"] = out["theme"].map(lambda v: i18n.theme_label(str(v), lang))
    if "themes" in out.columns:
        out["themes_label"] = out["themes"].map(
            lambda v: [i18n.theme_label(str(x), lang) for x in v] if isinstance(v, (list, tuple)) else v)
    if "source" in out.columns:
        out["source_label"] = out["source"].map(lambda v: i18n.source_label(str(v), lang))
    return out


def posts_frame(snap: Snapshot, req: ExportRequest) -> pd.DataFrame:
    """Exactly the posts the dashboard's Posts page lists for these filters, all of them.

    In memory: for files of any size, the writers below take `iter_posts` instead."""
    frames = list(iter_posts(snap, req))
    if not frames:
        return pd.DataFrame(columns=list(POST_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def count_posts(snap: Snapshot, req: ExportRequest) -> int:
    """How many posts a posts export of `req` holds (one count query)."""
    from pipeline import trends

    if not trends.search_terms(req.query):  # (the posts page's count: the monthly counts where they answer)
        return trends.search_total(snap, req.filters)
    where, params = trends.posts_where(snap, req.filters, req.query)
    return int(snap.query(f"SELECT count(*) AS n FROM posts WHERE {where}", params).iloc[0]["n"])


def post_ids(snap: Snapshot, req: ExportRequest) -> list[int]:
    """The ids of the posts `iter_posts` gives (an evidence pack looks their captures up once)."""
    from pipeline import trends

    where, params = trends.posts_where(snap, req.filters, req.query)
    return [int(i) for i in snap.query(f"SELECT id FROM posts WHERE {where}", params)["id"].dropna()]


def iter_posts(snap: Snapshot, req: ExportRequest, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """The posts of `posts_frame`, in the same order, as frames of `rows` posts: an export of
    a million posts holds one batch at a time, not the million (2.9 GB before issue 17)."""
    from pipeline import trends

    where, params = trends.posts_where(snap, req.filters, req.query)
    sql = f"SELECT {trends.POST_COLUMNS} FROM posts WHERE {where}"
    empty = True
    for batch in snap.batches(sql, params, rows or ROW_BATCH):
        if batch.empty:
            continue
        empty = False
        yield _post_frame(snap, batch, req.mask)
    if empty:  # the columns, typed as the query gives them, for an export with a header only
        yield _post_frame(snap, snap.query(f"{sql} LIMIT 0", params), req.mask)


def _post_frame(snap: Snapshot, rows: pd.DataFrame, mask: bool) -> pd.DataFrame:
    df = rows.reindex(columns=list(POST_COLUMNS))
    for column in ("themes", "lenders"):
        df[column] = df[column].map(_as_list)
    from pipeline import rules

    df = rules.with_facts_and_rules(snap, df)  # facts (JSON), rules, rules_scope_unknown, story_id
    if mask:
        # The same masking as publish (which pre-screens for digits, @ and ids, so 100k posts
        # take a second): a snapshot published by an older version may hold raw text.
        from pipeline.text import mask_frame

        df = mask_frame(df)
    return df.reset_index(drop=True)


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [str(v) for v in list(value)]


def series_frame(snap: Snapshot, req: ExportRequest) -> pd.DataFrame:
    """The numbers behind `req.chart`, with small cells suppressed when asked."""
    query = _chart(req.chart)[0]
    df = query(snap, req.filters, **dict(req.chart_opts))
    return suppress_small_cells(df, req.min_cell)


COUNT_COLUMNS = ("posts", "themed")
DERIVED_COLUMNS = ("share", "lender_share", "market_share", "replied_share", "completed_share", "hours_to_reply")


def suppress_small_cells(df: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Blank counts of 1..min_cell-1 posts and every value computed from them.

    Zero stays (it reveals no one). A row with a blanked value gets `suppressed` = True,
    so a reader can tell "suppressed" from "no data".
    """
    df = df.copy()
    if min_cell <= 0 or df.empty:
        return df
    counts = [c for c in COUNT_COLUMNS if c in df.columns]
    if not counts:
        return df
    small = pd.DataFrame({c: (df[c] > 0) & (df[c] < min_cell) for c in counts})
    any_small = small.any(axis=1)
    for c in counts:
        df[c] = df[c].astype("Float64").mask(small[c])
    for c in DERIVED_COLUMNS:
        if c in df.columns:
            df[c] = df[c].astype("Float64").mask(any_small)
    df["suppressed"] = any_small
    return df


def theme_labels() -> dict[str, str]:
    """Readable theme names (威胁恐吓) from the lexicon, for chart labels; re-read when the file changes."""
    try:
        from pipeline import lexicon

        return dict(_theme_labels(lexicon.THEMES_FILE.stat().st_mtime_ns))
    except (ComplaintsError, OSError, ValueError):
        return {}  # a broken lexicon must not stop an export: codes are shown instead


@functools.lru_cache(maxsize=2)
def _theme_labels(_mtime: int) -> tuple[tuple[str, str], ...]:
    from pipeline import lexicon

    return tuple((tid, t.label) for tid, t in lexicon.load().themes.items())


def _surge_series(snap: Snapshot, f: Filters, lender: str = "", theme: str = "", **_: Any) -> pd.DataFrame:
    """The Surges page's chart as one table: weekly counts, with the surge weeks' statistics."""
    from pipeline import trends

    series = trends.weekly_series(snap, lender, theme)
    found = trends.surges(snap, f)
    found = found[(found["lender"] == lender) & (found["theme"] == theme)]
    stats = found[["week", "baseline", "mad", "z", "p", "ratio"]]
    out = series.assign(week=pd.to_datetime(series["week"])).merge(
        stats.assign(week=pd.to_datetime(stats["week"])), on="week", how="left")
    out = out.assign(lender=lender, theme=theme, surge=out["baseline"].notna())
    out.attrs["last_day"] = trends.data_end(snap, Filters())  # the chart hatches an unfinished last week
    return out


def _surge_figure(df: pd.DataFrame, filters: Filters, *, lender: str = "", theme: str = "",
                  labels: Mapping[str, str] | None = None, lang: str = "zh") -> Any:
    from pipeline import charts

    marks = df[df["surge"]] if "surge" in df.columns else df.iloc[0:0]
    last = df.attrs.get("last_day")
    return charts.surge(df[["week", "posts"]], marks, filters, lender=lender, theme=theme, labels=labels, lang=lang,
                        last_day=last)


# Charts the dashboard draws outside charts.FIGURES (their builders take more than one table).
EXTRA_CHARTS: dict[str, tuple[Callable[..., pd.DataFrame], Callable[..., Any]]] = {
    "surge": (_surge_series, _surge_figure),
}


def _chart(name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    from pipeline import charts

    return EXTRA_CHARTS[name] if name in EXTRA_CHARTS else charts.FIGURES[name]


def figure(snap: Snapshot, req: ExportRequest, labels: Mapping[str, str] | None = None) -> Any:
    """The dashboard's chart for the request, drawn from the (possibly suppressed) series."""

    build = _chart(req.chart)[1]
    from pipeline import i18n

    kwargs = {**dict(req.chart_opts), "lang": req.lang,
              "labels": labels if labels is not None else i18n.theme_labels(req.lang)}
    accepted = inspect.signature(build).parameters
    kwargs = {k: v for k, v in kwargs.items() if k in accepted}
    return build(series_frame(snap, req), req.filters, **kwargs)


# --- provenance ------------------------------------------------------------------------------


def about(snap: Snapshot, req: ExportRequest, now: datetime | None = None, table: TableView | None = None
          ) -> list[tuple[str, str]]:
    """What, from where, how fresh: for the XLSX 'about' sheet, README.md and Parquet metadata.
    For a table (`table`), its name, unit and dashboard link instead of the request's chart."""
    meta = snap.meta
    now = now or now_cst()
    items: list[tuple[str, str]] = []
    if meta.get("is_demo"):
        items.append(("WARNING", DEMO_BANNER))
    if table is not None:
        shown = [("table", table.name), *([("counted in", COUNTED_IN[table.unit])] if table.unit else [])]
    else:
        shown = [("chart", req.chart + (f" ({_opts_text(req.chart_opts)})" if req.chart_opts else "")),
                 *([("counted in", COUNTED_IN[str(req.chart_opts.get("unit", "stories"))])]
                   if "unit" in CHART_OPTS.get(req.chart, {}) else [])]
    items += [
        # every time in a snapshot is China Standard Time; a reader abroad must not take it for theirs
        ("generated", f"{now:%Y-%m-%d %H:%M} China Standard Time (UTC+8) by {PROJECT}"),
        ("filters", req.filters.describe() + (f"; search: {req.query}" if req.query else "")),
        *shown,
        ("data range", f"{meta.get('first_published') or '?'} to {meta.get('last_published') or '?'} "
                       "(published, China Standard Time)"),
        ("sources", ", ".join(meta.get("sources") or []) or "none"),
        ("crawl dates", _crawl_dates(snap)),
        ("last crawl", f"{meta['last_crawl']} (China Standard Time)" if meta.get("last_crawl")
         else "never (imported or generated data)"),
        ("snapshot", f"{meta.get('version')} (published {meta.get('generated_at')}, China Standard Time)"),
        ("lexicon version", str(meta.get("lexicon_version") or "untagged")),
        ("personal data", "masked (phone, ID, bank card numbers, e-mail, names)" if req.mask
         else "not masked again on export (masked when stored)"),
        ("small cells", f"series values from fewer than {req.min_cell} posts suppressed" if req.min_cell
         else "not suppressed (use --min-cell 5 to suppress counts under 5)"),
        ("permalink", table.link if table is not None and table.link else permalink(req, meta)),
    ]
    items += [(f"caveat {i}", text) for i, text in enumerate(CAVEATS, 1)]
    return items


def dictionary() -> list[tuple[str, str]]:
    """Stable keys (theme:third_party_contact, source:heimao) with their Chinese and English names."""
    from pipeline import i18n

    return [(key, f"{names['zh']} | {names['en']}") for key, names in i18n.labels_table().items()]


def _opts_text(opts: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in opts.items())


def _crawl_dates(snap: Snapshot) -> str:
    """First and last finished crawl per source, from the runs table."""
    try:
        runs = snap.query(
            """SELECT source, min(started_at) AS first, max(finished_at) AS last, count(*) AS runs
               FROM runs GROUP BY source ORDER BY source"""
        )
    except Exception:  # noqa: BLE001 (an old snapshot without runs: say so, do not fail)
        return "unknown"
    if runs.empty:
        return "no crawl runs recorded"
    return "; ".join(f"{r.source}: {_day(r.first)} to {_day(r.last)} ({r.runs} runs)" for r in runs.itertuples())


def _day(value: Any) -> str:
    return "?" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


def permalink(req: ExportRequest, meta: Mapping[str, Any] | None = None) -> str:
    """The dashboard URL showing this view: the same query parameters the dashboard keeps,
    with the snapshot id and lexicon version when `meta` is given (pipeline/cite.py)."""
    page, names = CHART_PAGES.get(req.chart, ("overview", {}))
    params = req.filters.to_params()
    for opt, param in names.items():
        if opt in req.chart_opts:
            params[param] = str(req.chart_opts[opt])
    if req.chart == "surge" and {"week", "lender", "theme"} <= set(req.chart_opts):
        # The Surges page picks a surge by "<Monday> · <lender> · <theme>" (its selectbox key).
        o = req.chart_opts
        params["surge"] = f"{pd.Timestamp(o['week']).date()} · {o['lender']} · {o['theme']}"
    if req.query:
        page, params = "posts", {**req.filters.to_params(), "q": req.query}
    from pipeline import cite

    return cite.permalink(req.dashboard_url, page, params, meta, req.lang)


# --- tabular writers ---------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Keep a text cell from being read as a spreadsheet formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def evidence_text(raw: Any) -> str:
    """`{"family_contact": [{"text": "联系我家人", "start": 12, ...}]}` -> `family_contact: 联系我家人 [12-17]`."""
    if not raw or not isinstance(raw, str):
        return ""
    try:
        doc = json.loads(raw)
    except ValueError:
        return raw
    parts = []
    for theme, hits in (doc.items() if isinstance(doc, dict) else []):
        words = ", ".join(f"{h.get('text', '')} [{h.get('start')}-{h.get('end')}]" for h in hits if isinstance(h, dict))
        parts.append(f"{theme}: {words}")
    return "; ".join(parts)


def tabular(df: pd.DataFrame, strip_control: bool = False, keep_dates: bool = False) -> pd.DataFrame:
    """A frame for CSV/XLSX: lists joined, evidence readable, times as text, text neutralised.

    `strip_control` (for XLSX): drop the control characters XML cannot hold and cut cells
    to Excel's 32,767 characters (the CSV and Parquet keep the whole text).
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if column == "evidence":
            out[column] = series.map(evidence_text)
        elif series.dtype == object and _holds_lists(series):
            out[column] = series.map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        elif pd.api.types.is_datetime64_any_dtype(series) and not keep_dates:
            out[column] = series.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(series.notna(), None)
    for column in out.columns:
        series = out[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        if pd.api.types.is_string_dtype(series) and series.dtype != object:
            text = series.notna()  # a string column: no per-cell type test needed
        else:
            text = series.map(lambda v: isinstance(v, str)).astype(bool)
        if not text.any():
            continue
        as_str = series.where(text, "").astype(str)
        if strip_control:
            as_str = as_str.str.replace(_XLSX_ILLEGAL, "", regex=True)
            long = as_str.str.len() > XLSX_CELL_MAX
            if long.any():  # Excel refuses a cell over 32,767 characters and calls the file corrupt
                as_str = as_str.where(~long, as_str.str.slice(0, XLSX_CELL_MAX - len(TRUNCATED)) + TRUNCATED)
        risky = as_str.str.startswith(FORMULA_PREFIXES) & text
        fixed = as_str.where(~risky, "'" + as_str)
        out[column] = fixed.astype(object).where(text, series.astype(object))
    return out


def _holds_lists(series: pd.Series) -> bool:
    first = series.dropna().head(1)
    return not first.empty and hasattr(first.iloc[0], "__len__") and not isinstance(first.iloc[0], (str, bytes))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and CRLF: Excel opens Chinese correctly."""
    buf = io.BytesIO()
    write_csv([df], buf)
    return buf.getvalue()


def write_csv(frames: Iterable[pd.DataFrame], out: IO[bytes]) -> int:
    """Stream frames into one CSV (BOM, CRLF, formula-safe, header once); returns the rows."""
    out.write("\ufeff".encode("utf-8"))
    rows, header = 0, True
    for df in frames:
        out.write(tabular(df).to_csv(index=False, header=header, lineterminator="\r\n").encode("utf-8"))
        header = False
        rows += len(df)
    return rows


def parquet_bytes(df: pd.DataFrame, about_items: Sequence[tuple[str, str]] = ()) -> bytes:
    buf = io.BytesIO()
    write_parquet([df], buf, about_items)
    return buf.getvalue()


def posts_arrow_schema() -> Any:
    """The types of a posts export, fixed: a batch whose amounts are all empty is still DOUBLE."""
    import pyarrow as pa

    text = pa.string()
    types = {"id": pa.int64(), "published_at": pa.timestamp("us"), "amount": pa.float64(), "counted": pa.bool_(),
             "replied": pa.bool_(), "completed": pa.bool_(), "first_reply_at": pa.timestamp("us"),
             "themes": pa.list_(text), "lenders": pa.list_(text),
             "rules": pa.list_(text), "rules_scope_unknown": pa.list_(text), "story_id": pa.int64()}
    # Every column the CSV has: the posts' columns, then what rules.with_facts_and_rules adds
    # (a schema drops the columns it does not name, and story_id is what a recount needs).
    return pa.schema([(c, types.get(c, text)) for c in POST_COLUMNS + EXTRA_POST_COLUMNS])


def write_parquet(frames: Iterable[pd.DataFrame], out: IO[bytes], about_items: Sequence[tuple[str, str]] = (),
                  schema: Any = None) -> int:
    """Stream frames into one Parquet file (zstd; provenance in the key-value metadata)."""
    import pyarrow.parquet as pq

    writer, rows = None, 0
    try:
        for df in frames:
            table = _arrow(df, schema)
            if writer is None:
                meta = dict(table.schema.metadata or {})
                meta[b"complaints_radar_about"] = json.dumps(dict(about_items), ensure_ascii=False).encode("utf-8")
                schema = table.schema.with_metadata(meta)
                writer = pq.ParquetWriter(out, schema, compression="zstd")
            writer.write_table(table.replace_schema_metadata(schema.metadata).cast(schema))
            rows += len(df)
    finally:
        if writer is not None:
            writer.close()
    return rows


def _arrow(df: pd.DataFrame, schema: Any = None) -> Any:
    import pyarrow as pa

    if schema is not None:
        return pa.Table.from_pandas(df, schema=pa.schema(list(schema)), preserve_index=False)
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        # A column of mixed Python objects (a dashboard table): keep it, as JSON text.
        df = df.assign(**{c: df[c].map(_json_text) for c in df.columns if df[c].dtype == object})
        return pa.Table.from_pandas(df, preserve_index=False)


def _json_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], about_items: Sequence[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    write_xlsx(sheets, about_items, buf)
    return buf.getvalue()


def write_xlsx(sheets: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]], about_items: Sequence[tuple[str, str]],
               out: IO[bytes]) -> None:
    """One sheet per table (posts, series) and an 'about' sheet; openpyxl's write-only mode
    streams rows to disk, and a table takes frames one by one. A sheet cannot pass Excel's
    1,048,576 rows: that is an ExportError, not a file Excel would cut or refuse."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    for name, frames in sheets.items():
        ws = wb.create_sheet(name)
        rows = 0  # rows written, the header included
        for df in [frames] if isinstance(frames, pd.DataFrame) else frames:
            header = rows == 0
            if rows + header + len(df) > EXCEL_MAX_ROWS:
                raise ExportError(too_many_rows_for_excel(f"more than {EXCEL_MAX_ROWS - 1:,}"))
            _write_rows(ws, tabular(df, strip_control=True, keep_dates=True), header=header)
            rows += header + len(df)
    ws = wb.create_sheet("about")
    bold = Font(bold=True)
    for key, value in about_items:
        cell = WriteOnlyCell(ws, value=neutralise(key))
        cell.font = bold
        if key == "WARNING":
            cell.font = Font(bold=True, color="CC0000")
        ws.append([cell, neutralise(value)])
    for key, value in dictionary():  # the data dictionary: stable keys and their names
        ws.append([neutralise(key), neutralise(value)])
    wb.save(out)


def too_many_rows_for_excel(n: int | str) -> str:
    count = f"{n:,}" if isinstance(n, int) else n
    return (f"{count} posts do not fit in one Excel sheet (Excel's limit is {EXCEL_MAX_ROWS:,} rows, the header "
            "included): narrow the filters (dates, lenders, sources) or export CSV or Parquet, which have no limit")


PERCENT_COLUMNS = ("share", "lender_share", "market_share", "replied_share", "completed_share", "low", "high")


def _write_rows(ws: Any, df: pd.DataFrame, header: bool = True) -> None:
    """Rows with real Excel dates (a date format, not text) and shares as percentages."""
    from openpyxl.cell import WriteOnlyCell

    if header:
        ws.append([str(c) for c in df.columns])
    formats: dict[int, str] = {}
    for i, column in enumerate(df.columns):
        series = df[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            times = series.dropna()
            midnight = times.empty or bool((times == times.dt.normalize()).all())
            formats[i] = "yyyy-mm-dd" if midnight else "yyyy-mm-dd hh:mm:ss"
        elif column in PERCENT_COLUMNS:
            formats[i] = "0.0%"
    for row in df.itertuples(index=False, name=None):
        values = [_xlsx_value(v) for v in row]
        for i, fmt in formats.items():
            if values[i] is not None:
                cell = WriteOnlyCell(ws, value=values[i])
                cell.number_format = fmt
                values[i] = cell
        ws.append(values)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return value  # the common case first: cleaned by tabular(strip_control=True)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return value



# --- charts ----------------------------------------------------------------------------------


def chromium_path() -> str:
    """Debian's chromium (kaleido 1.x would otherwise look for its own download); $BROWSER_PATH wins."""
    explicit = settings.BROWSER.get()
    if explicit:
        if Path(explicit).is_file():
            return explicit
        raise ExportError(f"BROWSER_PATH={explicit} is not a file: point it at chromium or unset it")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise ExportError("no chromium found for chart images: install Debian's `chromium` or set BROWSER_PATH")


def decorate(fig: Any, req: ExportRequest, meta: Mapping[str, Any], now: datetime | None = None) -> Any:
    """Make a dashboard figure stand alone as an image: CJK font, credit line, demo banner.

    The builders already put the title, the filters (subtitle) and the source line on it.
    """
    import plotly.graph_objects as go

    now = now or now_cst()
    fig = go.Figure(fig)  # a copy: the caller's figure is not changed
    family = (fig.layout.font.family or "sans-serif")
    if CJK_FONT not in family:
        family = f"{CJK_FONT}, {family}"  # without it chromium draws Chinese as boxes
    from pipeline import charts, i18n

    width, height = IMAGE_SIZES.get(req.size, IMAGE_SIZE)
    if req.size == "print":
        height = max(fig.layout.height or 0, height)
    fig.update_layout(font={"family": family}, width=width, height=height, paper_bgcolor="white")
    credit = (f"generated {now:%Y-%m-%d} by {PROJECT} · snapshot {meta.get('version', '?')}" if req.lang == "en"
              else f"{i18n.fmt_day(now, 'zh')} 由 {PROJECT} 生成 · 快照 {meta.get('version', '?')}")
    # The source and credit lines sit inside the canvas at its final size (charts.set_footer).
    charts.set_footer(fig, [i18n.t("chart.source_line", req.lang), credit])
    if meta.get("is_demo"):
        # In the chart's language: a Chinese chart carried an English watermark.
        fig.add_annotation(text=i18n.t("chart.demo_watermark", req.lang), xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False,
                           font={"size": 18, "color": "rgba(200,0,0,0.35)"}, textangle=-12)
    return fig


class ChartRenderer:
    """One kaleido (one chromium) for many images: ~0.2 s per chart instead of 2-3 s.

    kaleido's own `start_sync_server` waits forever when chromium fails to start; this
    runs `kaleido.Kaleido` on a private event loop thread instead, with timeouts.
    Use as a context manager, or `shared_renderer()` for a process-wide one.
    """

    def __init__(self, timeout: float = 90) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._lock = threading.Lock()

    def start(self) -> "ChartRenderer":
        if self._kaleido is not None:
            return self
        path = chromium_path()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()

        async def open_() -> Any:
            import kaleido

            k = kaleido.Kaleido(n=1, timeout=self.timeout, mathjax=False, path=path)
            await k.open()
            return k

        try:
            self._kaleido = self._run(open_())
        except Exception as e:
            self.close()
            raise ExportError(f"cannot start chromium ({path}) for chart images: {e}") from e
        return self

    def _run(self, coro: Any) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=self.timeout + 30)

    def render(self, fig: Any, fmt: str, width: int | None = None, height: int | None = None) -> bytes:
        if fmt not in IMAGE_FORMATS:
            raise ExportError(f"image format must be png or svg, not {fmt!r}")
        opts = {"format": fmt, "width": width or fig.layout.width or IMAGE_SIZE[0],
                "height": height or fig.layout.height or IMAGE_SIZE[1],
                "scale": 2 if fmt == "png" and (width or fig.layout.width or 0) < 2000 else 1}
        with self._lock:  # one tab: dashboard sessions take turns (and start chromium once)
            for attempt in (1, 2):
                self.start()
                try:
                    data = self._run(self._kaleido.calc_fig(fig, opts=opts))
                    break
                except Exception as e:  # kaleido/chromium failures (timeouts, a crashed tab)
                    self.close()  # a fresh chromium for the retry and for the next render
                    # Once more on a fresh chromium: on a busy machine kaleido's tab now and then
                    # runs the chart before its own page script ("kaleido_scopes is not defined").
                    if attempt == 2:
                        raise ExportError(f"chart rendering failed in chromium: {type(e).__name__}: {e}") from e
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)

    def close(self) -> None:
        if self._kaleido is not None and self._loop is not None:
            try:
                self._run(self._kaleido.close())
            except Exception:  # noqa: BLE001 (closing a dead browser: nothing left to do)
                pass
        self._kaleido = None
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
        self._loop = self._thread = None

    def __enter__(self) -> "ChartRenderer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()


_shared: ChartRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> ChartRenderer:
    """A process-wide renderer (the dashboard's download buttons), closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            import atexit

            _shared = ChartRenderer()
            atexit.register(_shared.close)
        return _shared


def chart_bytes(snap: Snapshot, req: ExportRequest, fmt: str, renderer: ChartRenderer | None = None,
                now: datetime | None = None) -> bytes:
    fig = decorate(figure(snap, req), req, snap.meta, now)
    return (renderer or shared_renderer()).render(fig, fmt)


# --- evidence pack ----------------------------------------------------------------------------


def behind_filters(req: ExportRequest, series: pd.DataFrame | Callable[[], pd.DataFrame]) -> Filters:
    """The filters of every post counted in any number of the chart (numerators and
    denominators), so that a reader can recount each number from posts.csv.

    over_time and heatmap count a theme's posts against all the lender's posts (theme
    filters narrow the numerator only) and draw the biggest lenders when none is chosen;
    theme_mix compares with the whole market; the surge chart is one lender x theme, all
    weeks. `series` is the chart's table or a callable giving it, called only when the
    answer depends on it (no lender chosen): the dashboard sizes packs on every rerun.
    """
    f, chart = req.filters, req.chart
    table: list[pd.DataFrame] = []

    def frame() -> pd.DataFrame:
        if not table:
            table.append(series() if callable(series) else series)
        return table[0]

    def plotted() -> tuple[str, ...]:
        return tuple(dict.fromkeys(frame()["lender"])) if "lender" in frame().columns else ()

    if chart == "over_time" and f.themes and req.chart_opts.get("measure", "posts") != "share":
        # Counts of the posts with the theme(s): those posts only (no denominator drawn).
        return replace(f, lenders=f.lenders or plotted())
    if chart == "heatmap" and req.chart_opts.get("value") == "posts" and "theme" in frame().columns:
        # Counts per lender x theme: the posts with one of the drawn themes, nothing else.
        return replace(f, themes=f.themes or tuple(dict.fromkeys(frame()["theme"])), lenders=f.lenders or plotted())
    if chart in ("over_time", "heatmap"):
        return replace(f, themes=(), lenders=f.lenders or plotted())
    if chart == "ranking":
        return replace(f, themes=(), lenders=f.lenders or plotted())
    if chart == "responses":
        return replace(f, lenders=f.lenders or plotted())
    if chart == "theme_mix":
        return replace(f, lenders=(), themes=())
    if chart == "surge":
        return Filters(lenders=(req.chart_opts.get("lender", ""),), themes=(req.chart_opts.get("theme", ""),))
    return f


def pack_bytes(snap: Snapshot, req: ExportRequest, renderer: ChartRenderer | None = None,
               now: datetime | None = None, evidence: Callable[[list[int]], Any] | None = None,
               stamp: Callable[[bytes], bytes] | None = None) -> bytes:
    """One ZIP: chart.png, chart.svg, series.csv, posts.csv, permalink.txt, README.md, SHA256SUMS."""
    buf = io.BytesIO()
    write_pack(snap, req, buf, renderer, now, evidence, stamp)
    return buf.getvalue()


def write_pack(snap: Snapshot, req: ExportRequest, out: IO[bytes], renderer: ChartRenderer | None = None,
               now: datetime | None = None, evidence: Callable[[list[int]], Any] | None = None,
               stamp: Callable[[bytes], bytes] | None = None) -> None:
    """The evidence pack, written into `out`; posts.csv is streamed into the ZIP (and hashed
    on the way), so a pack of a million posts holds one batch of them in memory.

    With `evidence` (ids -> pipeline.evidence.PackEvidence, e.g. a partial of
    `pipeline.evidence.pack_files` over the store): posts.csv gains each post's original
    capture (SHA-256, UTC time, URL), and captures.csv, collection-log.jsonl and maybe
    captures.warc.gz are added. With `stamp` (bytes -> RFC 3161 answer, e.g. a partial of
    `pipeline.evidence.timestamp` with a TSA URL): SHA256SUMS.tsr, a trusted timestamp of
    SHA256SUMS and through it of every file."""
    now = now or now_cst()
    renderer = renderer or shared_renderer()
    fig = decorate(figure(snap, req), req, snap.meta, now)
    series = series_frame(snap, req)
    files: dict[str, bytes] = {
        "chart.png": renderer.render(fig, "png"),
        "chart.svg": renderer.render(fig, "svg"),
        "series.csv": csv_bytes(series),
    }
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    n_posts, ev = None, None
    behind = behind_filters(req, series)
    posts_req = replace(req, filters=behind, query="")
    if req.min_cell == 0 and evidence is not None:
        # The captures of every post in the pack, looked up once (ids only in memory).
        ev = evidence(post_ids(snap, posts_req))
        files.update(ev.files)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def add(name: str, data: bytes) -> None:
            digests[name] = hashlib.sha256(data).hexdigest()
            zf.writestr(_zip_info(name, now), data)

        for name, data in files.items():
            add(name, data)
        if req.min_cell == 0:
            frames = iter_posts(snap, posts_req)
            if ev is not None:
                frames = (df.merge(ev.per_post, on="id", how="left") for df in frames)
            sink = _HashingWriter(zf.open(_zip_info("posts.csv", now), "w", force_zip64=True))
            with sink.raw:
                n_posts = write_csv(frames, sink)
            digests["posts.csv"] = sink.sha256.hexdigest()
        add("permalink.txt", (permalink(req, snap.meta) + "\n").encode("utf-8"))
        add("README.md", readme(snap, req, now, n_posts, len(series), behind, ev, stamped=stamp is not None
                                ).encode("utf-8"))
        sums = "".join(f"{digest}  {name}\n" for name, digest in digests.items()).encode("utf-8")
        zf.writestr(_zip_info("SHA256SUMS", now), sums)
        if stamp is not None:
            zf.writestr(_zip_info("SHA256SUMS.tsr", now), stamp(sums))


def _zip_info(name: str, now: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _HashingWriter:
    """A binary sink that hashes what passes through (SHA256SUMS of a streamed file)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha256 = raw, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self.raw.write(data)


def write_with_checksum(path: str | os.PathLike, data: bytes) -> tuple[Path, Path]:
    """An evidence pack and its checksum beside it (`pack.zip.sha256`, `sha256sum -c` format):
    a recipient can check the zip itself, not only the files in it."""
    path = write(path, data)
    return path, write_checksum_beside(path)


def write_checksum_beside(path: Path) -> Path:
    """`<file>.sha256` beside a written file, hashed in chunks (a pack may be gigabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return write(path.with_name(path.name + ".sha256"), sidecar_text(digest.hexdigest(), path.name).encode("utf-8"))


def sidecar_text(hexdigest: str, name: str) -> str:
    """The text of `<name>.sha256`: one `sha256sum` line, so `sha256sum -c <name>.sha256` checks
    the file beside it. Written by `write_checksum_beside` (CLI) and offered beside the
    dashboard's pack download (dashboard/downloads.py), the same in both."""
    return f"{hexdigest}  {name}\n"


def sha256sums(files: Mapping[str, bytes]) -> str:
    """`sha256sum` format: '<hex>  <name>' per line, verifiable with `sha256sum -c`."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())


def readme(snap: Snapshot, req: ExportRequest, now: datetime, n_posts: int | None, n_series: int,
           behind: Filters | None = None, ev: Any = None, stamped: bool = False) -> str:
    meta = snap.meta
    items = dict(about(snap, req, now))
    lines = [f"# Evidence pack: {req.chart}", ""]
    if meta.get("is_demo"):
        lines += [f"> **{DEMO_BANNER}**", ""]
    lines += [
        f"Generated {now:%Y-%m-%d %H:%M} (China Standard Time) by {PROJECT}.",
        "",
        "## Contents",
        "- `chart.png`, `chart.svg`: the chart as shown in the dashboard.",
        f"- `series.csv`: the {n_series} rows of numbers the chart plots.",
        (f"- `posts.csv`: the {n_posts} posts behind the chart ({(behind or req.filters).describe()}): every post "
         "counted in a number, themed or not (a share's denominator), and the near-duplicates, listed with "
         "counted = False and not counted. Each has its URL on the source platform, its themes and the "
         "evidence words."
         if n_posts is not None else
         f"- no `posts.csv`: small cells were suppressed (fewer than {req.min_cell} posts), and the posts would "
         "reveal them. Export again with `--min-cell 0` for the posts."),
        f"- `permalink.txt`: the dashboard view: {items['permalink']}",
        "- `SHA256SUMS`: checksums of every file; verify with `sha256sum -c SHA256SUMS`.",
    ]
    lines += _evidence_contents(ev)
    if stamped:
        lines.append("- `SHA256SUMS.tsr`: an RFC 3161 trusted timestamp of SHA256SUMS from a time-stamp authority "
                     "(see How to verify).")
    lines += ["", "## The view"]
    lines += [f"- **{k}**: {v}" for k, v in items.items() if not k.startswith("caveat") and k != "WARNING"]
    lines += [
        "",
        "## Method",
        "Posts are collected from public complaint platforms (黑猫投诉, 聚投诉) and blogs, cleaned, and "
        "masked for personal data before storage. Each post is tagged with the lender it is about (the "
        "primary lender) and with debt-collection themes by keyword rules with negation handling "
        "(lexicon version above); the evidence column gives the words and their offsets in title + "
        "newline + body. Series count each complaint once (near-duplicates merged), for its primary "
        "lender, per China Standard Time calendar day, ISO week (from Monday) or month.",
        "",
        "## Caveats",
    ]
    lines += [f"- {text}" for text in CAVEATS]
    lines += [
        "",
        "## Data freshness",
        f"- Posts published {items['data range']}.",
        f"- Crawls: {items['crawl dates']}; last crawl finished {items['last crawl']}.",
        f"- Snapshot {items['snapshot']}.",
        "",
    ]
    lines += _verify_section(ev)
    return "\n".join(lines)


def _evidence_contents(ev: Any) -> list[str]:
    if ev is None:
        return ["- no original captures: this pack was made without access to the evidence folder "
                "(`complaints export --format pack` on the collecting machine adds them)."]
    out = [
        f"- `posts.csv` columns `capture_sha256`, `captured_at_utc`, `capture_url`: for each of the {ev.posts} "
        "posts collected with captures, the SHA-256 of the original response it was parsed from (the HTTP "
        "payload byte for byte as received) and when it was received (UTC).",
        f"- `captures.csv`: every capture behind these posts ({ev.captures}; a post also names the list page it "
        "was found on; `original` marks the response it was parsed from), with its WARC file, offset and record id.",
        "- `collection-log.jsonl`: the collection-log lines of those captures, as written when each was received "
        "(time, URL, method, tool and version, operator, WARC file and offset, SHA-256).",
        "- `versions.csv` and posts.csv columns `after_capture`, `after_capture_at`: posts edited or removed after "
        "we captured them (re-visits 1, 3, 7, 30 and 90 days after): the new text, both hashes and captures and a "
        "character diff (`[-removed-]{+added+}`), or when a removed post was last seen. Counts use the text as "
        "first captured.",
    ]
    if ev.included:
        out.append("- `captures.warc.gz`: the captures themselves (ISO 28500 WARC 1.1 response records). "
                   "**They are the pages as published: personal data in them is not masked.**")
    else:
        out.append("- the captures themselves are not included (export with `--include-captures` to add them); "
                   "they stay in the collector's evidence folder, where `complaints verify` checks them.")
    return out


def _verify_section(ev: Any) -> list[str]:
    lines = [
        "## How to verify",
        "1. The pack as received: beside the zip there is `<pack>.zip.sha256`; in that folder run "
        "`sha256sum -c <pack>.zip.sha256` (it must print OK).",
        "2. Each file: unzip, then in the unzipped folder run `sha256sum -c SHA256SUMS`.",
    ]
    if ev is not None:
        lines.append("3. Each capture: its `sha256` in captures.csv, posts.csv and collection-log.jsonl is the same "
                     "value; on the collecting machine `complaints verify` re-hashes every capture in the evidence "
                     "folder against the collection log.")
        if ev.included:
            lines += [
                "4. The captures in this pack: `warcio check -v captures.warc.gz` recomputes each record's digests "
                "(WARC-Payload-Digest is `sha256:` in base32); `warcio extract --payload captures.warc.gz "
                "<pack_offset> | sha256sum` prints a capture's SHA-256 in hex, to compare with captures.csv "
                "(warcio: `pip install warcio`).",
            ]
    tsa = 5 if ev is not None and ev.included else 4 if ev is not None else 3
    lines += [f"{tsa}. A trusted timestamp, when present (`SHA256SUMS.tsr`): "
              "`openssl ts -verify -data SHA256SUMS -in SHA256SUMS.tsr -CAfile <the TSA's CA certificate>` "
              "proves SHA256SUMS (and through it every file) existed unchanged at the time the TSA signed; "
              "`openssl ts -reply -in SHA256SUMS.tsr -text` shows that time.", ""]
    return lines


# --- one call per format ---------------------------------------------------------------------


def export_bytes(snap: Snapshot, req: ExportRequest, fmt: str, what: str = "posts",
                 renderer: ChartRenderer | None = None, now: datetime | None = None,
                 evidence: Callable[[list[int]], Any] | None = None,
                 stamp: Callable[[bytes], bytes] | None = None) -> bytes:
    """The bytes of one export. `what` (posts or series) picks the table for CSV and Parquet.
    In memory: for big exports use `export_file` (or `export_to` a file object)."""
    buf = io.BytesIO()
    export_to(snap, req, fmt, buf, what, renderer, now, evidence, stamp)
    return buf.getvalue()


def export_to(snap: Snapshot, req: ExportRequest, fmt: str, out: IO[bytes], what: str = "posts",
              renderer: ChartRenderer | None = None, now: datetime | None = None,
              evidence: Callable[[list[int]], Any] | None = None,
              stamp: Callable[[bytes], bytes] | None = None) -> None:
    """Write one export into a binary file object, streaming the posts in batches."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    if what not in ("posts", "series"):
        raise ExportError(f"what must be posts or series, not {what!r}")
    if fmt in IMAGE_FORMATS:
        out.write(chart_bytes(snap, req, fmt, renderer, now))
    elif fmt == "pack":
        write_pack(snap, req, out, renderer, now, evidence, stamp)
    elif fmt == "xlsx":
        # The Posts page's workbook: the posts and where they come from. A chart's workbook:
        # the posts behind its numbers, the numbers, where they come from.
        series = series_frame(snap, req) if what == "series" else None
        posts_req = req if series is None else replace(req, filters=behind_filters(req, series), query="")
        n = count_posts(snap, posts_req)
        if n + 1 > EXCEL_MAX_ROWS:  # refuse before writing anything
            raise ExportError(too_many_rows_for_excel(n))
        sheets: dict[str, Any] = {"posts": iter_posts(snap, posts_req)}
        if series is not None:
            sheets["series"] = series
        write_xlsx(sheets, about(snap, req, now), out)
    elif what == "posts":
        if fmt == "csv":
            write_csv((with_labels(df, req.lang) for df in iter_posts(snap, req)), out)
        else:
            write_parquet(iter_posts(snap, req), out, about(snap, req, now), schema=posts_arrow_schema())
    elif fmt == "csv":
        write_csv([with_labels(series_frame(snap, req), req.lang)], out)
    else:
        write_parquet([series_frame(snap, req)], out, about(snap, req, now))


def export_file(snap: Snapshot, req: ExportRequest, fmt: str, path: str | os.PathLike, what: str = "posts",
                renderer: ChartRenderer | None = None, now: datetime | None = None,
                evidence: Callable[[list[int]], Any] | None = None,
                stamp: Callable[[bytes], bytes] | None = None) -> tuple[Path, int | None]:
    """Stream one export into `path` (as `write_with`); (path, bytes written, None where the
    target is no regular file: standard output, a device or a pipe)."""
    path = write_with(path, lambda out: export_to(snap, req, fmt, out, what, renderer, now, evidence, stamp))
    return path, (path.stat().st_size if str(path) != STDOUT and path.is_file() else None)


@dataclass(frozen=True)
class TableView:
    """A table the dashboard shows, for its export's about sheet: its name, what its counts
    count (`unit`: a key of COUNTED_IN; None for a table without counts of posts) and the
    dashboard link showing it (the page's permalink; empty: the request's)."""

    name: str
    unit: str | None = None
    link: str = ""


def table_bytes(snap: Snapshot, req: ExportRequest, df: pd.DataFrame, fmt: str, name: str = "table",
                now: datetime | None = None, unit: str | None = None, link: str = "") -> bytes:
    """A table the dashboard shows that is no chart's series (the surge list, distinctive
    terms, the lender ranking): its about sheet says what it counts in (`unit`)."""
    if unit is not None and unit not in COUNTED_IN:
        raise ExportError(f"unit must be one of {', '.join(COUNTED_IN)}, not {unit!r}")
    view = TableView(name, unit, link)
    if fmt == "csv":
        return csv_bytes(df)
    if fmt == "xlsx":
        return xlsx_bytes({name: df}, about(snap, req, now, view))
    if fmt == "parquet":
        return parquet_bytes(df, about(snap, req, now, view))
    raise ExportError(f"a table exports to csv, xlsx or parquet, not {fmt!r}")


STDOUT = "-"


def write(path: str | os.PathLike, data: bytes) -> Path:
    """Write an export to `path` ("-": standard output); see `write_with`."""
    return write_with(path, lambda out: out.write(data))


def write_with(path: str | os.PathLike, fill: Callable[[IO[bytes]], Any]) -> Path:
    """Run `fill(file)` on what `path` names ("-": standard output), streaming.

    A regular file (or a new one) is written aside and renamed into place, so a failed
    export never leaves half a file under the name. A symlink keeps being a symlink: the
    file it points to is replaced. A device, FIFO or terminal (/dev/null, /proc/self/fd/1)
    is written through: renaming over it would replace the node itself with a file.
    """
    if str(path) == STDOUT:
        try:
            fill(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as e:
            raise ExportError(f"cannot write to standard output: {e.strerror or e}") from e
        return Path(STDOUT)
    path = Path(path)
    try:
        st = path.stat()  # follows symlinks: what would actually be written
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from e
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ExportError(f"cannot write {path}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(path, "wb") as fh:
                fill(fh)
        except OSError as e:
            raise ExportError(f"cannot write {path}: {e.strerror or e}") from e
        return path
    _replace_atomically(Path(os.path.realpath(path)) if path.is_symlink() else path, fill)
    return path


def _replace_atomically(path: Path, fill: Callable[[IO[bytes]], Any]) -> None:
    """`fill` a temporary file beside `path`, then rename it into place; on any failure
    the temporary file goes and `path` is left as it was."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as out:
            fill(out)
        os.replace(tmp, path)
    except OSError as e:
        _unlink_quietly(tmp)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from e
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the directory itself is unusable: nothing was written


def file_name(req: ExportRequest, fmt: str, what: str = "posts", now: datetime | None = None) -> str:
    """A descriptive default name: complaints-<what>-<date>.<ext>."""
    now = now or now_cst()
    default = what if fmt != "xlsx" else "export"
    stem = {"png": req.chart, "svg": req.chart, "pack": f"{req.chart}-evidence"}.get(fmt, default)
    return f"complaints-{stem}-{now:%Y%m%d-%H%M}.{'zip' if fmt == 'pack' else fmt}"


MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "parquet": "application/vnd.apache.parquet", "png": "image/png", "svg": "image/svg+xml",
        "pack": "application/zip"}


def lazy(snap_fn: Callable[[], Snapshot], req: ExportRequest, fmt: str, what: str = "posts") -> Callable[[], bytes]:
    """A no-argument callable building the export on demand (st.download_button's `data`)."""
    return lambda: export_bytes(snap_fn(), req, fmt, what)


def chart_requests(charts: Sequence[str], opts: Mapping[str, str], **common: Any) -> list[ExportRequest]:
    """One request per chart, each with the options it takes (--opt freq=week goes to over_time only)."""
    unknown = [k for k in opts if not any(k in CHART_OPTS.get(c, {}) for c in charts)]
    if unknown:
        raise ExportError(f"no chart of {', '.join(charts)} has the option {', '.join(unknown)}")
    return [ExportRequest(chart=c, chart_opts={k: v for k, v in opts.items() if k in CHART_OPTS.get(c, {})}, **common)
            for c in charts]


def export_many(snap: Snapshot, requests: Sequence[ExportRequest], fmt: str, directory: str | os.PathLike,
                now: datetime | None = None, evidence: Callable[[list[int]], Any] | None = None,
                stamp: Callable[[bytes], bytes] | None = None) -> list[Path]:
    """Several charts (png, svg or pack) into a directory, with one chromium for all."""
    if fmt not in (*IMAGE_FORMATS, "pack"):
        raise ExportError(f"several charts export to png, svg or pack, not {fmt}")
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file: several charts need a directory for --output")
    now = now or now_cst()
    paths, seen = [], set()
    with ChartRenderer() as renderer:
        for req in requests:
            stem = _safe_name(req.chart + (f"-{_opts_text(req.chart_opts).replace(', ', '-')}" if req.chart_opts else ""))
            name = f"{stem}.{'zip' if fmt == 'pack' else fmt}"
            i = 2
            while name in seen:
                name, i = f"{stem}-{i}.{'zip' if fmt == 'pack' else fmt}", i + 1
            seen.add(name)
            path = export_file(snap, req, fmt, directory / name, "series", renderer, now, evidence, stamp)[0]
            if fmt == "pack":
                write_checksum_beside(path)
            paths.append(path)
    return paths


def _safe_name(stem: str) -> str:
    """A file name that stays in its directory: no separators, no leading dot, short."""
    stem = re.sub(r"[\\/\x00-\x1f:*?\"<>|]+", "_", stem).lstrip(".")
    return stem[:120] or "chart"


def resolve_names(snap: Snapshot, f: Filters) -> Filters:
    """Themes and lenders as people type them (Chinese or English names, aliases) -> the
    snapshot's keys; an unknown name is an ExportError listing the known ones."""
    from pipeline import i18n, trends

    opts = trends.options(snap)
    try:
        return replace(f, themes=i18n.resolve_many(f.themes, "themes", opts.themes),
                       lenders=i18n.resolve_many(f.lenders, "lenders", opts.lenders))
    except i18n.UnknownName as e:
        raise ExportError(str(e)) from e


def resolve_opts(snap: Snapshot, opts: Mapping[str, str]) -> dict[str, str]:
    """--opt theme= / lender= as people type them (联系家人, 京东金条), like --theme and --lender;
    a name that resolves to nothing is left for check_values to report with the known ones."""
    from pipeline import i18n, trends

    known = trends.options(snap)
    resolve = {"theme": lambda v: i18n.resolve_theme(v, known.themes),
               "lender": lambda v: i18n.resolve_lender(v, known.lenders)}
    out = dict(opts)
    for key, fn in resolve.items():
        if out.get(key):
            try:
                out[key] = fn(str(out[key]))
            except i18n.UnknownName:
                pass
    return out


def check_values(snap: Snapshot, f: Filters, requests: Sequence[ExportRequest] = ()) -> None:
    """An unknown lender/theme/source/status in a script is a typo: fail, listing the known ones.

    Chart options naming a lender or theme (--opt lender=...) are checked like the flags:
    their values also become file names (export_many), so only known names pass.
    """
    from pipeline import trends

    opts = trends.options(snap).as_dict()
    opt_lenders = tuple(str(r.chart_opts["lender"]) for r in requests if r.chart_opts.get("lender"))
    opt_themes = tuple(str(r.chart_opts["theme"]) for r in requests if r.chart_opts.get("theme"))
    for key, values in (("lenders", f.lenders + opt_lenders), ("themes", f.themes + opt_themes),
                        ("sources", f.sources), ("statuses", f.statuses)):
        unknown = [v for v in values if v not in opts[key]]
        if unknown:
            known = ", ".join(opts[key][:30]) or "none"
            raise ExportError(f"unknown {key[:-1] if key != 'statuses' else 'status'} {', '.join(unknown)} "
                              f"(known: {known})")


def parse_opts(pairs: Iterable[str]) -> dict[str, str]:
    """--opt freq=week --opt measure=share -> {'freq': 'week', 'measure': 'share'}."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ExportError(f"--opt takes KEY=VALUE, not {pair!r}")
        out[key.strip()] = value.strip()
    return out

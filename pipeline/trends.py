"""Aggregates and surge detection over the published snapshot (see pipeline/publish.py).

Everything here reads the Parquet snapshot with DuckDB, never the store: the snapshot is
columnar and read-only, so a lender x month x theme aggregate over a million posts takes
tens of milliseconds. The dashboard (dashboard/data.py) caches these functions; exports
(pipeline/export.py) call them directly with the same `Filters`.

Counting rules, the same on every chart:
- a post is counted for its **primary lender** only (the lender complained about), so a
  post that also names a second lender does not count twice in market totals;
- near-duplicates (the same complaint posted twice, `dup_group`) count once (`counted`);
- every page but Surges counts **distinct stories** by default (`unit="stories"`: a template
  campaign or a near-duplicate group once, pipeline/stories.py), or all posts (`unit="posts"`);
  `totals` and `responses` default to posts for callers from before units (the pages pass it);
- periods are CST calendar days, ISO weeks (Monday) or calendar months.

The snapshot reader is pipeline/snapshot.py; surge statistics are pipeline/surges.py.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from pipeline import lexicon, settings
from pipeline.snapshot import (Snapshot, SnapshotMissing, current_version,  # noqa: F401 (re-exported)
                              link_or_copy, parquet_files, sql_path)

log = logging.getLogger("complaints.trends")

FREQS = ("day", "week", "month")
UNITS = ("stories", "posts")  # what a count counts; stories first: the default everywhere
NO_LENDER = ""  # posts whose lender the tagger could not identify
MAX_SERIES = 8  # lenders drawn on one time chart when none is selected: more is unreadable
MAX_HEATMAP_LENDERS = 20
MIN_RANK_POSTS = 30  # a lender with fewer posts is listed, not ranked: its share is too uncertain
WILSON_Z = 1.959964  # 95%
MIN_RESPONSE_POSTS = 5  # a lender with fewer (in the unit counted) is left out of the responses table


# --- filters --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The sidebar filters, shared by every page, permalink and export.

    Empty tuples mean "all". Dates are inclusive CST calendar days.
    """

    start: date | None = None
    end: date | None = None
    lenders: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    KEYS = ("start", "end", "lenders", "themes", "sources", "statuses")

    def to_params(self) -> dict[str, str]:
        """Query-string form: dates as ISO, lists comma-joined; defaults are left out."""
        out: dict[str, str] = {}
        if self.start:
            out["start"] = self.start.isoformat()
        if self.end:
            out["end"] = self.end.isoformat()
        for key in ("lenders", "themes", "sources", "statuses"):
            values = getattr(self, key)
            if values:
                out[key] = ",".join(values)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, Any], options: "Options | None" = None,
                    lang: str = "en") -> tuple["Filters", list[str]]:
        """Parse query parameters; anything bad or stale is dropped and reported.

        Returns the filters and a list of notices (one per ignored value, in `lang`), never
        raises: a colleague's old link must still open, showing what could not be applied.
        """
        from pipeline.i18n import t

        notices: list[str] = []
        kwargs: dict[str, Any] = {}
        for key in ("start", "end"):
            raw = _one(params.get(key))
            if not raw:
                continue
            try:
                kwargs[key] = date.fromisoformat(raw)
            except ValueError:
                notices.append(t("notice.not_date", lang, param=key, raw=raw))
        if kwargs.get("start") and kwargs.get("end") and kwargs["start"] > kwargs["end"]:
            notices.append(t("notice.end_before_start", lang, end=kwargs["end"], start=kwargs["start"]))
            del kwargs["end"]
        allowed = options.as_dict() if options else {}
        for key in ("lenders", "themes", "sources", "statuses"):
            raw = _one(params.get(key))
            if not raw:
                continue
            values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
            if key in allowed:
                unknown = [v for v in values if v not in allowed[key]]
                if unknown:
                    notices.append(t("notice.unknown", lang, param=key, what=t(f"filters.{key}_", lang),
                                     values=", ".join(unknown)))
                values = tuple(v for v in values if v in allowed[key])
            if values:
                kwargs[key] = values
        return cls(**kwargs), notices

    def describe(self) -> str:
        """One line for chart subtitles and export 'about' sheets."""
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '…'} – {self.end or '…'}")
        for key, label in (("lenders", "lenders"), ("themes", "themes"), ("sources", "sources"), ("statuses", "status")):
            values = getattr(self, key)
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        return "; ".join(parts) if parts else "all posts"


def _one(value: Any) -> str:
    """st.query_params gives str; a plain dict from a URL parser may give lists."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return str(value)


@dataclass(frozen=True)
class Options:
    """What the filters can take, from the snapshot (lenders by volume)."""

    lenders: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    first_day: date | None = None
    last_day: date | None = None

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return {"lenders": self.lenders, "themes": self.themes, "sources": self.sources, "statuses": self.statuses}


# --- WHERE clauses --------------------------------------------------------------------


def _themes_cond(themes: Sequence[str], bits: Mapping[str, int]) -> tuple[str, list[Any]]:
    """Posts with any of `themes`: a bit test on theme_mask when every theme has a bit."""
    if themes and all(t in bits for t in themes):
        mask = 0
        for t in themes:
            mask |= 1 << bits[t]
        return "(theme_mask & ?) <> 0", [mask]
    return f"list_has_any(themes, [{', '.join('?' * len(themes))}]::VARCHAR[])", list(themes)


def _any_theme(bits: Mapping[str, int]) -> str:
    """Posts with any theme (theme_mask misses nothing unless there are more than 63 themes)."""
    return "theme_mask <> 0" if bits and len(bits) < 63 else "len(themes) > 0"


def _where(f: Filters, table: str = "posts", skip: Iterable[str] = (), bits: Mapping[str, int] | None = None
           ) -> tuple[str, list[Any]]:
    """SQL conditions and parameters for the filters on `posts` or `post_themes`."""
    skip = set(skip)
    conds: list[str] = []
    params: list[Any] = []
    if f.start and "start" not in skip:
        conds.append("published_at >= ?")
        params.append(datetime.combine(f.start, time()))
    if f.end and "end" not in skip:
        conds.append("published_at < ?")
        params.append(datetime.combine(f.end + timedelta(days=1), time()))
    for key, column in (("lenders", "lender"), ("sources", "source"), ("statuses", "status")):
        values = getattr(f, key)
        if values and key not in skip:
            conds.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if f.themes and "themes" not in skip:
        if table == "post_themes":
            conds.append(f"theme IN ({', '.join('?' * len(f.themes))})")
            params.extend(f.themes)
        else:
            cond, values = _themes_cond(f.themes, bits or {})
            conds.append(cond)
            params.extend(values)
    return (" AND ".join(conds) or "TRUE"), params


def _unit(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    return unit


def _counting(unit: str, table: str = "posts") -> tuple[str, str]:
    """(FROM source, count expression) for a unit. Stories: the posts (or post_themes) with
    their story_id, counted once per story; the source keeps the table's name so the same
    WHERE clauses apply."""
    if _unit(unit) == "posts":
        return table, "count(*)"
    key = "id" if table == "posts" else "post_id"
    # Only the posts of stories of several posts are joined (Snapshot.story_members, ~10%):
    # any other post's story is its own id, as in stories.parquet.
    return (f"(SELECT t.*, coalesce(s.story_id, t.{key}) AS story_id FROM {table} t "
            f"LEFT JOIN story_members s ON s.id = t.{key}) {table}"), "count(DISTINCT story_id)"


def _trunc(freq: str) -> str:
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")
    return f"date_trunc('{freq}', published_at)"


# --- monthly counts: the charts' numbers without reading a million posts -------------------
# The counted posts per month x lender x source x status, with a column per theme (its bit of
# theme_mask): a few ten thousand rows at a million posts, built once per snapshot in memory
# (Snapshot.derived), so a chart is a sum over it. Used only where it gives exactly what the
# posts give: at most one theme filtered on (the "any of several themes" count needs the
# posts) and every theme of the snapshot with a bit; otherwise the query runs over the posts,
# as before. A date range takes its whole months from the table and its partial first and
# last months from the posts (two months of files at most: the files are one per month).

CUBE = "monthly_counts"
# Stories (count DISTINCT story_id) do not add up across cells, but a story of one post is
# one post: the table also counts the counted posts whose story is theirs alone (s1, s1_themed,
# s_<theme>), and the stories of several posts are kept aside per cell (MULTI: month x lender x
# source x status x story, its posts' themes OR-ed), where their distinct stories are counted.
# Stories = single-post stories summed + the distinct other stories. (At a million demo posts:
# 860 template stories of 790,000 posts, 35,000 cells.)
NARROW, MULTI = "posts_counting", "multi_story_cells"


def _cube_columns(bits: Mapping[str, int]) -> str:
    """Counted posts (n, themed, t_<theme>), counted single-post stories (s1, s1_themed,
    s_<theme>) and, for export sizes, all posts (all_n, a_<theme>)."""
    def per_theme(prefix: str, cond: str) -> str:
        return ", ".join(f'count(*) FILTER (WHERE {cond}(theme_mask & {1 << b}) <> 0) AS "{prefix}{t}"'
                         for t, b in bits.items())
    return f"""date_trunc('month', published_at) AS month, lender, source, status, count(*) FILTER (WHERE counted) AS n,
               count(*) FILTER (WHERE counted AND theme_mask <> 0) AS themed, {per_theme("t_", "counted AND ")},
               count(*) FILTER (WHERE counted AND single) AS s1,
               count(*) FILTER (WHERE counted AND single AND theme_mask <> 0) AS s1_themed,
               {per_theme("s_", "counted AND single AND ")},
               count(*) AS all_n, {per_theme("a_", "")}, min(published_at) AS first, max(published_at) AS last"""


# The posts' counting columns with their story and whether the story is that post alone;
# {members}: the posts of stories of several posts (Snapshot.story_members).
NARROW_SQL = """
    SELECT p.id, coalesce(m.story_id, p.id) AS story_id, p.published_at, p.lender, p.source,
           p.status, p.counted, p.theme_mask, m.id IS NULL AS single
    FROM {posts} p LEFT JOIN {members} m ON m.id = p.id"""
# Written by publish beside the posts (read as they are), else computed by the first reader.
COUNT_FILES = {CUBE: "monthly_counts.parquet", MULTI: "multi_story_cells.parquet"}


# The Responses page's posts (counted, on a platform with a status, with a lender), narrow:
# their filter columns, story, replied/completed and the minutes to the first reply
# (NULL when there is none, or it is dated before the post). Its median of reply times needs
# every value, which monthly counts cannot give; read from this file instead of the posts'
# timestamps it takes a third of the time at a million posts (and no memory: a view).
RESPONSES, RESPONSES_FILE = "responding", "responses.parquet"
# Written one file per month of publication (responses/<YYYYMM>.parquet, none.parquet for the
# undated posts) so that an update writes only the months it changes and hard-links the rest
# (issue 17: the whole file was 6.3 s of CPU at every publish at ten million posts);
# responses.parquet is what snapshots before that hold.
RESPONSES_DIR = "responses"
# Rows per row group of a month's file (~170k rows at 10M posts): sorted by lender, a lender
# filter skips the other lenders' groups. At 10M posts 65536 read fastest: 16384 made 1.4x
# as many groups to open for the page's unfiltered table (258 ms against 185), 122880 skipped
# less for one lender.
RESPONSES_ROW_GROUP = 65536
RESPONSES_SQL = """
    SELECT p.lender, p.published_at, p.source, p.status, p.theme_mask, coalesce(m.story_id, p.id) AS story_id,
           m.id IS NULL AS single, p.replied, p.completed,
           CASE WHEN p.first_reply_at >= p.published_at THEN date_diff('minute', p.published_at, p.first_reply_at) END
               AS minutes
    FROM {posts} p LEFT JOIN {members} m ON m.id = p.id WHERE p.counted AND p.status <> '' AND p.lender <> ''"""
# A month's file holds first the posts of stories of several posts (~10%), sorted by lender and
# story, then, in row groups of their own, the posts alone in their story, sorted by lender
# (RESPONSES_ORDER; pyarrow writes it: DuckDB's COPY cannot end a row group where a part ends).
# In stories the page groups the first part by lender and story and takes the second as it is:
# each reads its own row groups only (the other's are skipped on `single`'s statistics; issue
# 17). With both kinds mixed in row groups (sorted by lender only), either part decoded every
# row's columns, the story ids of ten million posts for the 0.8 million posts of stories of
# several posts. Sorted by lender, a lender filter skips the other lenders' row groups (twice
# as fast at ten million posts). Two files per month, one per part, read as fast in stories,
# but the page in posts then read twice as many files: 30-40 ms more per query at 10M posts.
# Writing every month at 10M posts: 15.0 s of CPU before the parts, 14.2 s.
RESPONSES_ORDER = "single, lender, CASE WHEN NOT single THEN story_id END"


# Counted posts per lender x theme x week (a surge's chart: `weekly_series`), every week, undated
# posts in a week of NULL: at a million posts a few thousand rows instead of a scan of post_themes.
WEEKLY, WEEKLY_FILE = "weekly_counts", "weekly_counts.parquet"
WEEKLY_ROWS_SQL = """
    SELECT lender, theme, date_trunc('week', published_at) AS week, count(*) AS posts FROM {post_themes}
    WHERE counted GROUP BY ALL"""
WEEKLY_ORDER = "ORDER BY lender, theme, week"
WEEKLY_SQL = WEEKLY_ROWS_SQL + " " + WEEKLY_ORDER


def _narrow(snap: Snapshot) -> str:
    """NARROW_SQL over the snapshot, a view: at ten million posts a table of them was over
    the reader's memory limit; the month files are in date order, so a partial month reads
    only its own row groups."""
    snap.views.add(NARROW)
    return snap.derived(NARROW, NARROW_SQL.format(posts="posts", members="story_members"))


def _counts_sql(bits: Mapping[str, int], narrow: str) -> dict[str, str]:
    return {MULTI: f"""SELECT date_trunc('month', published_at) AS month, lender, source, status, story_id,
                              bit_or(theme_mask) AS theme_mask
                       FROM {narrow} WHERE counted AND NOT single GROUP BY ALL""",
            CUBE: f"SELECT {_cube_columns(bits)} FROM {narrow} GROUP BY ALL"}


def write_counts(con: Any, version_dir: str, bits: Mapping[str, int], previous: str | None = None,
                 months: Mapping[str | None, Sequence[str]] | None = None,
                 partitions: Mapping[str | None, Sequence[str]] | None = None) -> None:
    """At publish: the monthly counts and the multi-post story cells as Parquet files in the
    version (a reader loads them instead of reading every post: at ten million posts that
    took a new dashboard process 15 s before its first chart), unless they cannot be used
    (no theme bits, or more than 63 themes); and the Responses page's narrow files
    (RESPONSES_SQL, one per month under responses/) and the Surges page's weekly counts (WEEKLY_SQL).

    An update (`previous`: the previous version's directory, `months`: {'YYYY-MM-01' or None
    for undated: that month's posts files}) counts only those months' posts and takes every
    other month's rows from the previous version's files (issue 17: counting all months was
    5 s of an hourly update at 10M posts); the caller vouches that those months are unchanged.
    So for the responses (those months' files written, the others hard-linked) and the weekly
    counts (every week touching those months counted again, from the posts of those weeks:
    a week can straddle two months). `partitions`: every month's posts files, for the months
    written whole (else found from the posts)."""
    d = version_dir.replace("'", "''")
    carry = previous is not None and months is not None
    stories = f"read_parquet('{d}/stories.parquet')"
    if carry:
        files = [f for fs in months.values() for f in fs]
        source = (parquet_files(files) if files else f"(SELECT * FROM read_parquet('{d}/posts/*.parquet') LIMIT 0)")
        members = "AND id IN (SELECT id FROM counts_posts)"
        # stories.parquet is one file per posts/ file, of the same name (pipeline/publish.py):
        # only those of the months' files are read.
        by_file = Path(version_dir) / "stories.parquet"
        if by_file.is_dir():
            mine = [by_file / Path(f).name for f in files if (by_file / Path(f).name).exists()]
            stories = parquet_files(mine) if mine else f"(SELECT * FROM {stories} LIMIT 0)"
    else:
        source, members = f"read_parquet('{d}/posts/*.parquet')", ""
    con.execute(f"CREATE OR REPLACE TEMP VIEW counts_posts AS SELECT * FROM {source}")
    # (A table: the responses and both counts join it.)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE counts_members AS SELECT id, story_id FROM {stories}
                    WHERE story_size > 1 {members}""")
    _write_responses(con, Path(version_dir), Path(previous) if carry else None, months, partitions)
    _write_weekly(con, d, Path(previous) if carry else None, months)
    if not bits or len(bits) >= 63:
        return
    con.execute(f"CREATE OR REPLACE TEMP VIEW counts_narrow AS {NARROW_SQL.format(posts='counts_posts', members='counts_members')}")
    for name, sql in _counts_sql(bits, "counts_narrow").items():
        if carry:
            dated = ", ".join(f"TIMESTAMP '{m}'" for m in months if m is not None)
            keep = " AND ".join(c for c in ("month IS NOT NULL" if None in months else "",
                                            f"(month IS NULL OR month NOT IN ({dated}))" if dated else "") if c) or "true"
            p = (previous.rstrip("/") + "/" + COUNT_FILES[name]).replace("'", "''")
            sql = f"SELECT * FROM ({sql}) UNION ALL BY NAME SELECT * FROM read_parquet('{p}') WHERE {keep}"
        con.execute(f"COPY ({sql}) TO '{d}/{COUNT_FILES[name]}' (FORMAT parquet, COMPRESSION zstd)")


def responses_name(month: str | None) -> str:
    """A month's file under responses/: YYYYMM.parquet ('YYYY-MM-01'), none.parquet (undated)."""
    return "none.parquet" if month is None else f"{month[:4]}{month[5:7]}.parquet"


def _write_responses(con: Any, version: Path, previous: Path | None, months: Mapping[str | None, Sequence[str]] | None,
                     partitions: Mapping[str | None, Sequence[str]] | None) -> None:
    """responses/<month>.parquet (RESPONSES_SQL): an update (`previous`) writes `months` and
    hard-links the previous version's other months (published files are never written
    again); a previous version without the directory, or a full publish, writes every month."""
    out = version / RESPONSES_DIR
    out.mkdir(exist_ok=True)
    d = str(version).replace("'", "''")
    members = "counts_members"  # (the stories of several posts of `months`' posts in an update)
    if previous is not None and months is not None and (previous / RESPONSES_DIR).is_dir():
        todo = {m: parquet_files(fs) for m, fs in months.items() if fs}
        for old in sorted((previous / RESPONSES_DIR).glob("*.parquet")):
            if old.name not in {responses_name(m) for m in months}:
                link_or_copy(old, out / old.name)
    else:
        if previous is not None:
            members = f"(SELECT id, story_id FROM read_parquet('{d}/stories.parquet') WHERE story_size > 1)"
        if partitions is not None:
            todo = {m: parquet_files(fs) for m, fs in partitions.items() if fs}
        else:  # (one month at a time from all the posts: the month files' row groups are skipped)
            found = con.execute(f"SELECT DISTINCT strftime(published_at, '%Y-%m-01') FROM read_parquet('{d}/posts/*.parquet')")
            todo = {m: (f"(SELECT * FROM read_parquet('{d}/posts/*.parquet') WHERE "
                        + ("published_at IS NULL)" if m is None else
                           f"published_at >= TIMESTAMP '{m}' AND published_at < TIMESTAMP '{_next_month(date.fromisoformat(m))}')"))
                    for (m,) in found.fetchall()}
    for month, posts in sorted(todo.items(), key=lambda kv: str(kv[0])):
        _write_responses_file(con, RESPONSES_SQL.format(posts=posts, members=members), out / responses_name(month))
    if not any(out.glob("*.parquet")):  # no posts: an empty file keeps the schema (and the glob readable)
        posts = f"(SELECT * FROM read_parquet('{d}/posts/*.parquet') LIMIT 0)"
        con.execute(f"COPY ({RESPONSES_SQL.format(posts=posts, members=members)}) TO '{d}/{RESPONSES_DIR}/none.parquet' (FORMAT parquet)")


def _write_responses_file(con: Any, sql: str, path: Path) -> None:
    """A month's responses file: `sql`'s rows (~170k narrow rows at 10M posts, in memory once)
    in RESPONSES_ORDER, the posts of stories of several posts in row groups of their own."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = con.sql(f"SELECT * FROM ({sql}) ORDER BY {RESPONSES_ORDER}").to_arrow_table()
    multi = table.num_rows - pc.sum(table["single"]).as_py() if table.num_rows else 0
    # (Dictionaries for the columns of few values only, as DuckDB's COPY chose: with pyarrow's
    # default, one for every column, the files were 1.2x as big and 10-30% slower to read.)
    with pq.ParquetWriter(path, table.schema, compression="zstd",
                          use_dictionary=["lender", "source", "status", "theme_mask", "minutes"]) as writer:
        for part in (table.slice(0, multi), table.slice(multi)):
            if part.num_rows:
                writer.write_table(part, row_group_size=RESPONSES_ROW_GROUP)


def _weeks_of(month: str) -> list[datetime]:
    """The Mondays of the weeks that hold a day of `month` ('YYYY-MM-01')."""
    first = date.fromisoformat(month)
    monday, end = datetime.combine(first - timedelta(days=first.weekday()), time()), _next_month(first)
    weeks = []
    while monday < end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _write_weekly(con: Any, d: str, previous: Path | None, months: Mapping[str | None, Sequence[str]] | None) -> None:
    """weekly_counts.parquet; an update (`previous`) counts again every week touching one of
    `months` (and the undated posts' row when None is one), from post_themes' rows of those
    weeks, and takes the other weeks' rows from the previous version."""
    post_themes = f"read_parquet('{d}/post_themes/*.parquet')"
    old = previous / WEEKLY_FILE if previous is not None else None
    if old is None or months is None or not old.exists():
        con.execute(f"COPY ({WEEKLY_SQL.format(post_themes=post_themes)}) TO '{d}/{WEEKLY_FILE}' (FORMAT parquet, COMPRESSION zstd)")
        return
    weeks = sorted({w for m in months if m is not None for w in _weeks_of(m)})
    listed = ", ".join(f"TIMESTAMP '{w}'" for w in weeks)
    recount = ([f"""(published_at >= TIMESTAMP '{weeks[0]}' AND published_at < TIMESTAMP '{weeks[-1] + timedelta(days=7)}'
                     AND date_trunc('week', published_at) IN ({listed}))"""] if weeks else [])
    recount += ["published_at IS NULL"] if None in months else []
    keep = " AND ".join(c for c in ("week IS NOT NULL" if None in months else "",
                                    f"(week IS NULL OR week NOT IN ({listed}))" if weeks else "") if c) or "true"
    counted = WEEKLY_ROWS_SQL.format(post_themes=f"(SELECT * FROM {post_themes} WHERE {' OR '.join(recount) or 'false'})")
    p = str(old).replace("'", "''")
    sql = (f"SELECT * FROM ({counted}) UNION ALL BY NAME "
           f"SELECT * FROM read_parquet('{p}') WHERE {keep} {WEEKLY_ORDER}")
    con.execute(f"COPY ({sql}) TO '{d}/{WEEKLY_FILE}' (FORMAT parquet, COMPRESSION zstd)")


def _cube(snap: Snapshot, wait: bool = False) -> str | None:
    """The monthly counts' table, built on first use; None when they cannot answer (no theme
    bits) or while `prepare(background=True)` is still building them (unless `wait`): the
    queries then read the posts, which give the same numbers. Counts of distinct stories
    wait (`wait`): over the posts they join every post to its story and count distinct ids,
    slower at a million posts than the rest of the build they would compete with."""
    if getattr(snap, "_warming", False) and not wait:
        return None
    bits = snap.bits
    if not bits or len(bits) >= 63:
        return None
    if getattr(snap, "_cube_themes_ok", None) is None:
        snap._cube_themes = set(snap.query("SELECT DISTINCT theme FROM post_themes")["theme"])
        snap._cube_themes_ok = snap._cube_themes <= set(bits)
    if not snap._cube_themes_ok:
        return None
    narrow = _narrow(snap)  # (a view: the partial months of a date range read it)
    for name, file in COUNT_FILES.items():
        # Published with the snapshot: loaded, not computed (they count stories.parquet's stories).
        if (snap.path / file).exists() and (snap.path / "stories.parquet").exists():
            snap.derived(name, f"SELECT * FROM read_parquet('{sql_path(snap.path / file)}')")
    for name, sql in _counts_sql(bits, narrow).items():
        snap.derived(name, sql)  # (a no-op for a table loaded above)
    return CUBE


def prepare(snap: Snapshot, background: bool = False) -> threading.Thread | None:
    """Build the monthly counts now (a reader of a new snapshot pays it once, not a chart), or
    on a thread of its own (`background`, the dashboard: 3-4 s at a million posts that the
    first page must not wait for). Until they are built the queries read the posts (the same
    numbers, slower); a build that fails is retried by the next query, as without `prepare`."""
    if not background:
        _cube(snap)
        return None
    snap._warming = True

    def build() -> None:
        try:
            _cube(snap, wait=True)
        except Exception:  # noqa: BLE001 - a reader builds it again (and sees the error) later
            log.exception("building the monthly counts of snapshot %s failed", snap.version)
        finally:
            snap._warming = False

    thread = threading.Thread(target=build, name=f"monthly-counts-{snap.version}", daemon=True)
    thread.start()
    return thread


def _month_start(day: date) -> datetime:
    return datetime.combine(day.replace(day=1), time())


def _next_month(day: date) -> datetime:
    return _month_start((day.replace(day=1) + timedelta(days=32)).replace(day=1))


def _month_split(f: Filters) -> tuple[Any, Any, str, str, str, list[Any]]:
    """A date range as whole months [lo, hi) (`whole`, on `month`) and the rest (`outside`
    and `dates`, on published_at; parameters: lo/hi, then date_params)."""
    lo = None if not f.start else (_month_start(f.start) if f.start.day == 1 else _next_month(f.start))
    hi = None if not f.end else (_next_month(f.end) if (f.end + timedelta(days=1)).day == 1 else _month_start(f.end))
    whole = " AND ".join(c for c in ("month >= ?" if lo else "", "month < ?" if hi else "") if c)
    outside = " OR ".join(c for c in ("published_at < ?" if lo else "", "published_at >= ?" if hi else "") if c)
    dates, date_params = _where(Filters(start=f.start, end=f.end))
    return lo, hi, whole, outside, dates, date_params


def _cube_source(snap: Snapshot, cube: str, f: Filters) -> tuple[str, list[Any]]:
    """FROM the monthly counts within the filters' dates: whole months from the table, the
    partial months at either end counted from the posts, in the same columns."""
    if not f.start and not f.end:
        return cube, []
    lo, hi, whole, outside, dates, date_params = _month_split(f)
    bounds = [b for b in (lo, hi) if b]
    sql = f"""(SELECT * FROM {cube} WHERE {whole}
               UNION ALL
               SELECT {_cube_columns(snap.bits)} FROM {NARROW} WHERE {dates} AND ({outside})
               GROUP BY ALL) AS c"""
    return sql, bounds + date_params + bounds


def _cube_where(f: Filters, skip: Iterable[str] = ()) -> tuple[str, list[Any]]:
    """`_where` over the monthly counts: lenders, sources, statuses (dates are in
    `_cube_source`; themes are columns there: the caller picks them)."""
    skip = set(skip)
    conds, params = [], []
    for key, column in (("lenders", "lender"), ("sources", "source"), ("statuses", "status")):
        values = getattr(f, key)
        if values and key not in skip:
            conds.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return (" AND ".join(conds) or "TRUE"), params


def _cube_for(snap: Snapshot, f: Filters, themes: Sequence[str] = (), unit: str = "posts"
              ) -> tuple[str, list[Any]] | None:
    """FROM the monthly counts (and its parameters) when they answer `f` exactly (with `themes`
    as one column), else None. In distinct stories (`unit`) a build under way is waited for."""
    if len(themes) > 1:
        return None
    cube = _cube(snap, wait=unit == "stories")
    if cube is None or any(t not in snap.bits for t in themes):
        return None
    return _cube_source(snap, cube, f)


def _themed_column(themes: Sequence[str], unit: str = "posts") -> str:
    if unit == "stories":
        return f'"s_{themes[0]}"' if themes else "s1_themed"
    return f'"t_{themes[0]}"' if themes else "themed"


def _multi_source(f: Filters) -> tuple[str, list[Any]]:
    """FROM the stories of several posts per cell (and parameters), within the filters'
    dates, lenders, sources, statuses: whole months from MULTI, partial ones from the posts."""
    where, params = _cube_where(f)
    if not f.start and not f.end:
        return f"(SELECT * FROM {MULTI} WHERE {where}) AS m", params
    lo, hi, whole, outside, dates, date_params = _month_split(f)
    bounds = [b for b in (lo, hi) if b]
    sql = f"""(SELECT * FROM {MULTI} WHERE {whole} AND {where}
               UNION ALL
               SELECT date_trunc('month', published_at), lender, source, status, story_id, theme_mask
               FROM {NARROW} WHERE counted AND NOT single AND {dates} AND ({outside}) AND {where}) AS m"""
    return sql, bounds + params + date_params + bounds + params


def count_matching(snap: Snapshot, f: Filters) -> int | None:
    """How many posts (counted or not) match `f`, from the monthly counts; None when they
    cannot say (several themes): export sizes (pipeline/export.count_posts)."""
    cube = _cube_for(snap, f, f.themes)
    if cube is None:
        return None
    where, params = _cube_where(f)
    column = f'"a_{f.themes[0]}"' if f.themes else "all_n"
    return _num(snap.query(f"SELECT sum({column}) AS n FROM {cube[0]} WHERE {where}", cube[1] + params).iloc[0]["n"])


# --- queries used by the pages ----------------------------------------------------------


def options(snap: Snapshot) -> Options:
    cube = _cube(snap)
    if cube:  # the same lists from the monthly counts (every post is in one of its rows)
        lenders = snap.query(f"""SELECT lender FROM {cube} WHERE lender <> '' GROUP BY lender HAVING sum(n) > 0
                                 ORDER BY sum(n) DESC, lender""")["lender"].tolist()
        sources = snap.query(f"SELECT DISTINCT source FROM {cube} ORDER BY source")["source"].tolist()
        statuses = snap.query(f"SELECT DISTINCT status FROM {cube} WHERE status <> '' ORDER BY status")["status"].tolist()
        span = snap.query(f"SELECT min(first) lo, max(last) hi FROM {cube}").iloc[0]
        return Options(lenders=tuple(lenders), themes=tuple(sorted(snap._cube_themes)), sources=tuple(sources),
                       statuses=tuple(statuses), first_day=_day(span["lo"]), last_day=_day(span["hi"]))
    lenders = snap.query(
        "SELECT lender, count(*) n FROM posts WHERE counted AND lender <> '' GROUP BY lender ORDER BY n DESC, lender"
    )["lender"].tolist()
    themes = snap.query("SELECT DISTINCT theme FROM post_themes ORDER BY theme")["theme"].tolist()
    sources = snap.query("SELECT DISTINCT source FROM posts ORDER BY source")["source"].tolist()
    statuses = snap.query("SELECT DISTINCT status FROM posts WHERE status <> '' ORDER BY status")["status"].tolist()
    span = snap.query("SELECT min(published_at) lo, max(published_at) hi FROM posts").iloc[0]
    return Options(
        lenders=tuple(lenders), themes=tuple(themes), sources=tuple(sources), statuses=tuple(statuses),
        first_day=_day(span["lo"]), last_day=_day(span["hi"]),
    )


def _day(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def totals(snap: Snapshot, f: Filters, unit: str = "posts") -> dict[str, Any]:
    """Counts for the Overview page: `posts`, the counted posts or distinct stories (`unit`;
    callers before units existed get posts), `duplicates`, the posts that do not add to it
    (all posts - `posts`: near-duplicates, and in stories every post of a story after its
    first), `themed` (in the unit: a story is themed when one of its posts is), lenders,
    date range, and `by_source` (per source, in the unit: a story posted on two sources
    counts on each)."""
    stories = _unit(unit) == "stories"
    # One theme is a column of the monthly counts (a theme's posts are all themed); its
    # first and last dates come from the posts of its first and last months only (the whole
    # posts read for a theme took a second at ten million posts).
    cube = _cube_for(snap, f, f.themes, unit=unit)
    if cube:
        where, params = _cube_where(f)
        theme = f.themes[0] if f.themes else None
        themed = _themed_column(f.themes, unit)  # (a theme's own column: its posts are all themed)
        count = themed if theme else ("s1" if stories else "n")
        every = f'"a_{theme}"' if theme else "all_n"
        row = snap.query(
            f"""SELECT sum({count})::BIGINT AS posts, sum({every})::BIGINT AS all_posts,
                       count(DISTINCT lender) FILTER (WHERE lender <> '' AND {every} > 0) AS lenders,
                       sum({themed})::BIGINT AS themed,
                       min(first) AS first, max(last) AS last,
                       min(month) FILTER (WHERE {every} > 0) AS first_month, max(month) FILTER (WHERE {every} > 0) AS last_month
                FROM {cube[0]} WHERE {where}""",
            cube[1] + params,
        ).iloc[0].to_dict()
        first_month, last_month = row.pop("first_month"), row.pop("last_month")
        if theme:
            row["first"], row["last"] = _theme_span(snap, f, first_month, last_month)
        counts = {k: _num(row[k]) for k in ("posts", "all_posts", "themed")}  # no rows: sums are NULL
        by_source = f"SELECT source, {count} AS posts FROM {cube[0]} WHERE {where}"
        source_params = cube[1] + params
        if stories:  # + the distinct stories of several posts (Snapshot.story_members, ~10%)
            m_source, m_params = _multi_source(f)
            of_theme = f"(theme_mask & {1 << snap.bits[theme]}) <> 0" if theme else "TRUE"
            more = snap.query(f"""SELECT count(DISTINCT story_id) AS posts,
                                         count(DISTINCT story_id) FILTER (WHERE theme_mask <> 0) AS themed
                                  FROM {m_source} WHERE {of_theme}""", m_params).iloc[0]
            counts["posts"] += _num(more["posts"])
            counts["themed"] += _num(more["themed"])
            by_source += (f" UNION ALL SELECT source, count(DISTINCT story_id) FROM {m_source} WHERE {of_theme} "
                          "GROUP BY source")
            source_params = source_params + m_params
        row.update(posts=counts["posts"], themed=counts["themed"], duplicates=counts["all_posts"] - counts["posts"])
        del row["all_posts"]
        row["by_source"] = snap.query(
            f"""SELECT source, sum(posts)::BIGINT AS posts FROM ({by_source})
                GROUP BY source HAVING sum(posts) > 0 ORDER BY posts DESC, source""",
            source_params,
        ).assign(unit=unit)
        return row
    source, n = _counting(unit)
    where, params = _where(f, bits=snap.bits)
    row = snap.query(
        f"""SELECT {n} FILTER (WHERE counted) AS posts, count(*) - {n} FILTER (WHERE counted) AS duplicates,
                   count(DISTINCT lender) FILTER (WHERE lender <> '') AS lenders,
                   {n} FILTER (WHERE counted AND {_any_theme(snap.bits)}) AS themed,
                   min(published_at) AS first, max(published_at) AS last
            FROM {source} WHERE {where}""",
        params,
    ).iloc[0].to_dict()
    row["by_source"] = snap.query(
        f"SELECT source, {n} AS posts FROM {source} WHERE counted AND {where} GROUP BY source ORDER BY posts DESC, source",
        params,
    ).assign(unit=unit)
    return row


def _theme_span(snap: Snapshot, f: Filters, first_month: Any, last_month: Any) -> tuple[Any, Any]:
    """The first and last dates of the posts `f` keeps (any theme filter included), read from
    the posts of the first and last months that have any (the monthly counts say which)."""
    if first_month is None or pd.isna(first_month):
        return None, None
    where, params = _where(f, bits=snap.bits)
    lo, hi = pd.Timestamp(first_month).to_pydatetime(), pd.Timestamp(last_month).to_pydatetime()
    span = snap.query(
        f"""SELECT min(published_at) AS first, max(published_at) AS last FROM posts
            WHERE {where} AND ((published_at >= ? AND published_at < ?) OR (published_at >= ? AND published_at < ?))""",
        params + [lo, _next_month(lo.date()), hi, _next_month(hi.date())]).iloc[0]
    return span["first"], span["last"]


def top_lenders(snap: Snapshot, f: Filters, n: int) -> list[str]:
    cube = _cube_for(snap, f, f.themes)
    if cube:
        where, params = _cube_where(f)
        count = f"sum({_themed_column(f.themes)})" if f.themes else "sum(n)"
        return snap.query(
            f"""SELECT lender FROM {cube[0]} WHERE lender <> '' AND {where}
                GROUP BY lender HAVING {count} > 0 ORDER BY {count} DESC, lender LIMIT {int(n)}""",
            cube[1] + params,
        )["lender"].tolist()
    where, params = _where(f, bits=snap.bits)
    return snap.query(
        f"""SELECT lender FROM posts WHERE counted AND lender <> '' AND {where}
            GROUP BY lender ORDER BY count(*) DESC, lender LIMIT {int(n)}""",
        params,
    )["lender"].tolist()


def over_time(snap: Snapshot, f: Filters, freq: str = "month", unit: str = "stories") -> pd.DataFrame:
    """Per lender and period: posts, posts with a theme (the selected ones, else any), share;
    in distinct stories (default) or all posts (`unit`; the `unit` column says which).

    Without a lender filter only the MAX_SERIES biggest lenders are returned. The share is
    computed against all the lender's posts in the period, so theme filters narrow the
    numerator only: "what share of X's complaints mention family contact".
    """
    source, n = _counting(unit)
    lenders = list(f.lenders) or top_lenders(snap, f, MAX_SERIES)
    if not lenders:
        return pd.DataFrame(columns=["period", "lender", "posts", "themed", "share", "unit"])
    base = replace(f, lenders=tuple(lenders), themes=())
    cube = _cube_for(snap, f, f.themes, unit) if freq == "month" else None
    if cube:
        where, params = _cube_where(base)
        total = "n" if _unit(unit) == "posts" else "s1"
        cells = f"""SELECT month AS period, lender, {total} AS posts, {_themed_column(f.themes, unit)} AS themed
                    FROM {cube[0]} WHERE month IS NOT NULL AND {where}"""
        if unit == "stories":  # + the distinct stories of several posts, per cell
            m_source, m_params = _multi_source(base)
            themed = f'(theme_mask & {1 << snap.bits[f.themes[0]]}) <> 0' if f.themes else "theme_mask <> 0"
            cells += f"""
                UNION ALL
                SELECT month, lender, count(DISTINCT story_id), count(DISTINCT story_id) FILTER (WHERE {themed})
                FROM {m_source} WHERE month IS NOT NULL GROUP BY ALL"""
            params = params + m_params
        df = snap.query(
            f"""SELECT period, lender, sum(posts)::BIGINT AS posts, sum(themed)::BIGINT AS themed FROM ({cells})
                GROUP BY ALL HAVING sum(posts) > 0 ORDER BY period, lender""",
            cube[1] + params,
        )
        return _over_time_frame(snap, f, df, freq, unit)
    where, params = _where(base, bits=snap.bits)
    if f.themes:
        themed, values = _themes_cond(f.themes, snap.bits)
        params = values + params
    else:
        themed = _any_theme(snap.bits)
    df = snap.query(
        f"""SELECT {_trunc(freq)} AS period, lender, {n} AS posts,
                   {n} FILTER (WHERE {themed}) AS themed
            FROM {source} WHERE counted AND published_at IS NOT NULL AND {where}
            GROUP BY ALL ORDER BY period, lender""",
        params,
    )
    return _over_time_frame(snap, f, df, freq, unit)


def _over_time_frame(snap: Snapshot, f: Filters, df: pd.DataFrame, freq: str, unit: str) -> pd.DataFrame:
    df = _zero_fill(df, freq)
    df["share"] = (df["themed"] / df["posts"]).where(df["posts"] > 0, 0.0)
    df["complete"] = period_complete(df["period"], freq, data_end(snap, f)) if not df.empty else []
    df["unit"] = unit
    return df


def data_end(snap: Snapshot, f: Filters) -> date | None:
    """The last day the data covers for these filters: the newest post, or the end filter."""
    last = _day(snap.meta.get("last_published")) if snap.meta.get("last_published") else None
    if last is None:
        last = _day(snap.query("SELECT max(published_at) AS hi FROM posts").iloc[0]["hi"])
    if f.end and (last is None or f.end < last):
        return f.end
    return last


def period_complete(periods: pd.Series, freq: str, last_day: date | None) -> pd.Series:
    """True for the periods the data covers to their last day (a month still running is not)."""
    if last_day is None:
        return pd.Series(True, index=periods.index)
    starts = pd.to_datetime(periods)
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}[freq]
    last_of_period = (starts + step - pd.Timedelta(days=1)).dt.normalize()
    return last_of_period <= pd.Timestamp(last_day)


_FREQ_ALIAS = {"day": "D", "week": "W-MON", "month": "MS"}


def _zero_fill(df: pd.DataFrame, freq: str) -> pd.DataFrame:
    """A period without posts is a 0, not a gap a line chart would draw straight across."""
    if df.empty:
        return df
    periods = pd.date_range(df["period"].min(), df["period"].max(), freq=_FREQ_ALIAS[freq])
    lenders = list(dict.fromkeys(df["lender"]))
    full = pd.MultiIndex.from_product([periods, lenders], names=["period", "lender"])
    out = df.set_index(["period", "lender"])[["posts", "themed"]].reindex(full, fill_value=0).reset_index()
    return out.astype({"posts": "int64", "themed": "int64"})


def heatmap(snap: Snapshot, f: Filters, unit: str = "stories") -> pd.DataFrame:
    """Lender x theme: posts and the share of the lender's posts (long form), in distinct
    stories (default) or all posts."""
    source_t, n = _counting(unit, "post_themes")
    source_p, _ = _counting(unit)
    lenders = list(f.lenders) or top_lenders(snap, replace(f, themes=()), MAX_HEATMAP_LENDERS)
    if not lenders:
        return pd.DataFrame(columns=["lender", "theme", "posts", "share", "unit"])
    base = replace(f, lenders=tuple(lenders))
    cube = _cube_for(snap, base, unit=unit)
    if cube:
        where, params = _cube_where(base)
        themes = [t for t in snap.bits if not f.themes or t in f.themes]
        if not themes:
            return pd.DataFrame(columns=["lender", "theme", "posts", "share", "unit"])
        stories = _unit(unit) == "stories"
        prefix, total = ("s_", "s1") if stories else ("t_", "n")
        cells = f"""SELECT lender, {total} AS total, {", ".join(f'"{prefix}{t}" AS "{t}"' for t in themes)}
                    FROM {cube[0]} WHERE {where}"""
        if stories:  # + the distinct stories of several posts, per lender (and theme): each story's
            # cells OR-ed into one row first, so that a theme's count is a plain count, not one
            # more count(DISTINCT) per theme (3x faster at a million posts)
            m_source, m_params = _multi_source(replace(base, themes=()))
            cells += f"""
                UNION ALL
                SELECT lender, count(*), {", ".join(
                    f'count(*) FILTER (WHERE (theme_mask & {1 << snap.bits[t]}) <> 0)' for t in themes)}
                FROM (SELECT lender, story_id, bit_or(theme_mask) AS theme_mask FROM {m_source} GROUP BY lender, story_id)
                GROUP BY lender"""
            params = params + m_params
        sums = ", ".join(f'sum("{t}")::BIGINT AS "{t}"' for t in themes)
        df = snap.query(
            f"""WITH c AS (SELECT lender, sum(total)::BIGINT AS total, {sums} FROM ({cells}) GROUP BY lender),
                     l AS (UNPIVOT c ON {", ".join(f'"{t}"' for t in themes)} INTO NAME theme VALUE posts)
                SELECT lender, theme, posts, posts / total AS share FROM l WHERE posts > 0
                ORDER BY total DESC, lender, theme""",
            cube[1] + params,
        )
        df["unit"] = unit
        return df
    where_t, params_t = _where(base, "post_themes")
    where_p, params_p = _where(replace(base, themes=()), bits=snap.bits)
    df = snap.query(
        f"""WITH t AS (SELECT lender, theme, {n} AS posts FROM {source_t}
                       WHERE counted AND {where_t} GROUP BY ALL),
                 p AS (SELECT lender, {n} AS total FROM {source_p} WHERE counted AND {where_p} GROUP BY ALL)
            SELECT t.lender, t.theme, t.posts, t.posts / p.total AS share
            FROM t JOIN p USING (lender) ORDER BY p.total DESC, t.lender, t.theme""",
        params_t + params_p,
    )
    df["unit"] = unit
    return df


def wilson(k: Any, n: Any, z: float = WILSON_Z) -> tuple[Any, Any]:
    """Wilson score interval of a proportion k/n (Wilson 1927; Brown, Cai & DasGupta 2001
    recommend it over the normal interval for small n and shares near 0 or 1)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, k / n, 0.0)
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def ranking_filters(f: Filters, theme: str = "", lender: str | None = None, themed: bool = True) -> Filters:
    """The posts behind a ranking number: a lender's posts (themed=False, the denominator)
    or those with the theme (themed=True, the numerator). `lender_ranking` counts exactly
    the counted posts of `posts(snap, ranking_filters(...))`."""
    themes = (theme,) if theme else f.themes
    lenders = (lender,) if lender is not None else f.lenders
    return replace(f, lenders=lenders, themes=themes if themed else ())


def lender_counts(snap: Snapshot, f: Filters, themes: Sequence[str] = (), unit: str = "stories") -> pd.DataFrame:
    """Per identified lender within `f` (its themes ignored): `posts`, its counted posts or
    distinct stories (`unit`), and `themed`, those with any of `themes` (none: any theme), in
    the same unit: a story counts as themed when one of its posts has the theme. Lenders
    with nothing counted are left out; sorted by lender."""
    base = replace(f, themes=())
    stories = _unit(unit) == "stories"
    cube = _cube_for(snap, base, themes, unit)
    if cube:
        where, params = _cube_where(base)
        cells = f"""SELECT lender, {"s1" if stories else "n"} AS posts, {_themed_column(themes, unit)} AS themed
                    FROM {cube[0]} WHERE lender <> '' AND {where}"""
        if stories:  # + the distinct stories of several posts, per lender
            m_source, m_params = _multi_source(base)
            themed = f"(theme_mask & {1 << snap.bits[themes[0]]}) <> 0" if themes else "theme_mask <> 0"
            cells += f"""
                UNION ALL
                SELECT lender, count(DISTINCT story_id), count(DISTINCT story_id) FILTER (WHERE {themed})
                FROM {m_source} WHERE lender <> '' GROUP BY lender"""
            params = params + m_params
        return snap.query(
            f"""SELECT lender, sum(themed)::BIGINT AS themed, sum(posts)::BIGINT AS posts FROM ({cells})
                GROUP BY lender HAVING sum(posts) > 0 ORDER BY lender""",
            cube[1] + params,
        )
    source, n = _counting(unit)
    where, params = _where(base, bits=snap.bits)
    if themes:
        themed, values = _themes_cond(themes, snap.bits)
    else:
        themed, values = _any_theme(snap.bits), []
    return snap.query(
        f"""SELECT lender, {n} FILTER (WHERE {themed}) AS themed, {n} AS posts
            FROM {source} WHERE counted AND lender <> '' AND {where}
            GROUP BY lender ORDER BY lender""",
        values + params,
    )


def lender_ranking(snap: Snapshot, f: Filters, theme: str = "", min_posts: int = MIN_RANK_POSTS,
                   unit: str = "stories") -> pd.DataFrame:
    """Every lender: its posts (within the filters, any theme), those with `theme` (else
    the filters' themes, else any theme), the share, a Wilson 95% interval, and a rank by
    share among lenders with at least `min_posts` posts (the others: ranked False, rank NA).

    Counted in distinct stories (default) or all posts (`unit`; the `unit` column says
    which): numerator, denominator and the minimum alike, so a share is a lender's stories
    about the theme over its stories.
    """
    themes = (theme,) if theme else f.themes
    return _ranked(lender_counts(snap, f, themes, unit), min_posts, unit)


def _ranked(df: pd.DataFrame, min_posts: int, unit: str) -> pd.DataFrame:
    columns = ["rank", "lender", "themed", "posts", "share", "low", "high", "ranked", "unit"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    df["share"] = df["themed"] / df["posts"]
    df["low"], df["high"] = wilson(df["themed"], df["posts"])
    df["ranked"] = df["posts"] >= int(min_posts)
    df = df.sort_values(["ranked", "share", "posts", "lender"], ascending=[False, False, False, True])
    rank = df["share"].where(df["ranked"]).rank(ascending=False, method="min")
    df["rank"] = rank.astype("Int64")
    df["unit"] = unit
    return df[columns].reset_index(drop=True)


def lender_theme_table(snap: Snapshot, f: Filters, n: int = MAX_HEATMAP_LENDERS, unit: str = "stories") -> pd.DataFrame:
    """Overview's table: lenders (biggest first) x themes, counts, and each lender's total.

    The same numbers as the heatmap (`heatmap`), wide, with a `posts` total column, all in
    distinct stories (default) or all posts (`unit`; the `unit` column says which).
    """
    long = heatmap(snap, f, unit=unit)
    if long.empty:
        return pd.DataFrame(columns=["lender", "posts", "unit"])
    wide = long.pivot_table(index="lender", columns="theme", values="posts", aggfunc="sum", fill_value=0)
    order = list(dict.fromkeys(long["lender"]))[:n]
    wide = wide.reindex(order)
    totals_ = lender_counts(snap, replace(f, lenders=tuple(order)), unit=unit)
    wide["posts"] = totals_.set_index("lender")["posts"].reindex(wide.index).fillna(0).astype(int)
    wide["unit"] = unit
    return wide.reset_index()


def post(snap: Snapshot, key: str) -> dict[str, Any] | None:
    """One post by its permalink key: `<source>-<source_id>` (stable across snapshots) or its id."""
    source, sep, source_id = str(key).partition("-")
    if sep and source and source_id:
        rows = snap.query(f"SELECT {POST_COLUMNS} FROM posts WHERE source = ? AND source_id = ? LIMIT 1",
                          [source, source_id])
    elif str(key).isdigit():
        rows = snap.query(f"SELECT {POST_COLUMNS} FROM posts WHERE id = ? LIMIT 1", [int(key)])
    else:
        return None
    return None if rows.empty else rows.iloc[0].to_dict()


def post_key(row: Mapping[str, Any]) -> str:
    """The permalink key of a post: source and its id on the platform (ids change on re-publish)."""
    return f"{row.get('source')}-{row.get('source_id')}"


def theme_mix(snap: Snapshot, f: Filters, lender: str, unit: str = "stories") -> pd.DataFrame:
    """Share of a lender's posts with each theme, next to the market's (all lenders), in
    distinct stories (default) or all posts.

    Theme and lender filters are ignored here: the comparison is always the whole theme
    mix of the lender against the whole market within the other filters.
    """
    source_t, n = _counting(unit, "post_themes")
    source_p, _ = _counting(unit)
    cube = _cube_for(snap, replace(f, lenders=(), themes=()), unit=unit)
    if cube:
        where, params = _cube_where(f, skip=("lenders",))
        themes = list(snap.bits)
        stories = _unit(unit) == "stories"
        prefix, total = ("s_", "s1") if stories else ("t_", "n")
        sums = ", ".join(f'sum("{prefix}{t}") AS "m_{t}", sum("{prefix}{t}") FILTER (WHERE lender = ?) AS "o_{t}"'
                         for t in themes)
        row = snap.query(f"""SELECT sum({total}) AS market, sum({total}) FILTER (WHERE lender = ?) AS own, {sums}
                             FROM {cube[0]} WHERE {where}""", [lender] * (1 + len(themes)) + cube[1] + params).iloc[0]
        counts = {k: _num(v) for k, v in row.items()}
        if stories:  # + the distinct stories of several posts: each story's cells OR-ed into one
            # row first (all lenders: m, the lender's: o), then plain counts (4x faster than a
            # count(DISTINCT) per theme at a million posts)
            m_source, m_params = _multi_source(replace(f, lenders=(), themes=()))
            extra = ", ".join(f'count(*) FILTER (WHERE (m & {1 << snap.bits[t]}) <> 0) AS "m_{t}", '
                              f'count(*) FILTER (WHERE (o & {1 << snap.bits[t]}) <> 0) AS "o_{t}"'
                              for t in themes)
            more = snap.query(f"""SELECT count(*) AS market, count(*) FILTER (WHERE own) AS own, {extra}
                                  FROM (SELECT story_id, bit_or(theme_mask) AS m, bool_or(lender = ?) AS own,
                                               bit_or(theme_mask) FILTER (WHERE lender = ?) AS o
                                        FROM {m_source} GROUP BY story_id)""",
                              [lender, lender] + m_params).iloc[0]
            counts = {k: v + _num(more[k]) for k, v in counts.items()}
        market, own = max(counts["market"], 1), max(counts["own"], 1)
        out = pd.DataFrame([(t, counts[f"o_{t}"] / own, counts[f"m_{t}"] / market) for t in themes
                            if counts[f"m_{t}"] > 0], columns=["theme", "lender_share", "market_share"])
        out = out.sort_values(["market_share", "theme"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
        out["unit"] = unit
        return out
    where_t, params_t = _where(f, "post_themes", skip=("lenders", "themes"))
    where_p, params_p = _where(f, skip=("lenders", "themes"))
    df = snap.query(
        f"""WITH n AS (SELECT {n} AS market, {n} FILTER (WHERE lender = ?) AS own
                       FROM {source_p} WHERE counted AND {where_p})
            SELECT theme,
                   {n} FILTER (WHERE lender = ?) / greatest(any_value(n.own), 1) AS lender_share,
                   {n} / greatest(any_value(n.market), 1) AS market_share
            FROM {source_t}, n WHERE counted AND {where_t}
            GROUP BY theme ORDER BY market_share DESC, theme""",
        [lender] + params_p + [lender] + params_t,
    )
    df["unit"] = unit
    return df


def _num(value: Any) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def surges(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """Surge weeks found at publish time, narrowed by the filters' lenders, themes, dates."""
    conds, params = ["TRUE"], []
    if f.start:
        conds.append("week + INTERVAL 6 DAY >= ?")
        params.append(datetime.combine(f.start, time()))
    if f.end:
        conds.append("week <= ?")
        params.append(datetime.combine(f.end, time()))
    for key, column in (("lenders", "lender"), ("themes", "theme")):
        values = getattr(f, key)
        if values:
            conds.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return snap.query(f"SELECT * FROM surges WHERE {' AND '.join(conds)} ORDER BY week DESC, z DESC", params)


def weekly_series(snap: Snapshot, lender: str, theme: str) -> pd.DataFrame:
    """The weekly counts behind a surge, for its chart: from the published weekly counts (held
    in memory), else (a snapshot published before them) from post_themes."""
    file = snap.path / WEEKLY_FILE
    if file.exists():
        table = snap.derived(WEEKLY, f"SELECT * FROM read_parquet('{sql_path(file)}')")
        return snap.query(f"SELECT week, posts FROM {table} WHERE lender = ? AND theme = ? ORDER BY week",
                          [lender, theme])
    return snap.query(
        """SELECT date_trunc('week', published_at) AS week, count(*) AS posts FROM post_themes
           WHERE counted AND lender = ? AND theme = ? GROUP BY ALL ORDER BY week""",
        [lender, theme],
    )


POST_COLUMNS = ("id, source, source_id, url, title, body, author, published_at, status, lender, lenders, "
                "themes, evidence, amount, appeal, issue, counted, replied, completed, first_reply_at")


def surge_posts(snap: Snapshot, lender: str, theme: str, week: date, limit: int = 200,
                last_week: date | None = None) -> pd.DataFrame:
    """The posts that make a surge: that lender and theme, from the ISO week `week` to the
    end of `last_week` (the same week when not given)."""
    start = datetime.combine(week, time())
    stop = datetime.combine(last_week or week, time()) + timedelta(days=7)
    themed, values = _themes_cond([theme], snap.bits)  # a bit test on theme_mask when the theme has a bit
    return snap.query(
        f"""SELECT {POST_COLUMNS} FROM posts WHERE lender = ? AND {themed}
            AND published_at >= ? AND published_at < ? ORDER BY published_at LIMIT {int(limit)}""",
        [lender, *values, start, stop],
    )


SEARCH_COUNT_CAP = 10_000
SEARCH_EXACT_BELOW = 10 * SEARCH_COUNT_CAP  # see search_total


def search_terms(query: str) -> list[str]:
    """Whitespace-separated terms, all required. Chinese needs no segmentation here:
    each term is matched as a substring, so 催收 finds 暴力催收 and 催收员 alike, which a
    word index would miss (jieba splits 暴力催收 into 暴力/催收 but keeps 催收员 whole)."""
    return [t for t in query.split() if t][:8]


def _term_cond(term: str) -> tuple[str, list[Any]]:
    # A term that reads differently in traditional characters or full width (通讯录/通訊錄,
    # ＱＱ) is matched with the tagger's normaliser as a regular expression, so search finds
    # what the tags found; other terms keep the plain substring test (several times faster).
    if lexicon.has_variants(term):
        rx = lexicon.search_pattern(term)
        return "(regexp_matches(title, ?) OR regexp_matches(body, ?) OR regexp_matches(lender, ?))", [rx, rx, rx]
    # Chinese has no case: skip lower() (4x slower on a million bodies) unless the term has
    # Latin letters (APP, QQ).
    if any("a" <= ch.lower() <= "z" for ch in term):
        t = term.lower()
        return "(contains(lower(title), ?) OR contains(lower(body), ?) OR contains(lower(lender), ?))", [t, t, t]
    return "(contains(title, ?) OR contains(body, ?) OR contains(lender, ?))", [term, term, term]


def posts_where(snap: Snapshot, f: Filters, query: str = "") -> tuple[str, list[Any]]:
    """The WHERE clause of `posts` (filters and search words): exports stream it.

    The search words are tested only on the posts the filters keep (CASE WHEN filters THEN
    words): DuckDB otherwise ran the regular expressions and substring tests on every post's
    text and then the filters (a lender of 39,000 posts of 10,000,000 searched for 通讯录:
    5.3 s, 3.1 s guarded; what remains is reading the bodies)."""
    where, params = _where(f, bits=snap.bits)
    conds: list[str] = []
    values: list[Any] = []
    for term in search_terms(query):
        cond, term_values = _term_cond(term)
        conds.append(cond)
        values += term_values
    if not conds:
        return where, params
    words = " AND ".join(conds)
    if where.strip() == "TRUE":
        return f"{where} AND {words}", params + values
    return f"{where} AND CASE WHEN {where} THEN {words} ELSE FALSE END", params + params + values


def search_total(snap: Snapshot, f: Filters, query: str = "") -> int:
    """How many posts `posts` finds: exact without search words; with them, capped at
    SEARCH_COUNT_CAP + 1 (shown as "more than 10,000"): counting every match means reading
    every body. Below the cap it is exact, so an export's count can reuse it."""
    kept = count_matching(snap, f)  # the monthly counts answer most filters without reading the posts
    words = search_terms(query)
    if not words and kept is not None:
        return kept
    where, params = posts_where(snap, f, query)
    count_sql = f"SELECT count(*) AS n FROM posts WHERE {where}"
    if not words:
        return int(snap.query(count_sql, params).iloc[0]["n"])
    # The LIMIT that stops at the cap keeps the files' order, so DuckDB scans on one thread:
    # where the filters keep few posts (SEARCH_EXACT_BELOW: at fewer than one match in ten
    # the capped scan reads them all anyway) the whole count runs in parallel (a lender of
    # 39,000 posts of 10,000,000 searched for 通讯录: 2.0 s instead of 4.4 s).
    if kept is None or kept > SEARCH_EXACT_BELOW:
        count_sql = f"SELECT count(*) AS n FROM (SELECT 1 FROM posts WHERE {where} LIMIT {SEARCH_COUNT_CAP + 1})"
    return min(int(snap.query(count_sql, params).iloc[0]["n"]), SEARCH_COUNT_CAP + 1)


def posts_page(snap: Snapshot, f: Filters, query: str = "", limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """A page of posts matching the filters and the full-text query, newest first:
    posts.parquet is stored newest first, so a page is the first matches in file order and
    the scan stops there."""
    where, params = posts_where(snap, f, query)
    return snap.query(f"SELECT {POST_COLUMNS} FROM posts WHERE {where} LIMIT {int(limit)} OFFSET {int(offset)}", params)


def posts(snap: Snapshot, f: Filters, query: str = "", limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """A page of posts matching the filters and the full-text query, newest first, and the total.

    posts.parquet is stored newest first, so a page is the first matches in file order and
    the scan stops there. With a search query the total is capped at SEARCH_COUNT_CAP + 1
    (shown as "more than 10,000"): counting every match means reading every body.
    """
    return posts_page(snap, f, query, limit, offset), search_total(snap, f, query)


def _responding(snap: Snapshot, f: Filters) -> str | None:
    """The published responses file as a view when it answers `f` as the posts would: it has
    the posts' filter columns but `themes` (a theme without a bit is tested on that list)."""
    folder, file = snap.path / RESPONSES_DIR, snap.path / RESPONSES_FILE
    if any(t not in snap.bits for t in f.themes):
        return None
    if folder.is_dir():  # one file per month
        source = f"{sql_path(folder)}/*.parquet"
    elif file.exists():  # (a snapshot published before the months: one file)
        source = sql_path(file)
    else:
        return None  # (a snapshot published before the file: the posts answer)
    snap.views.add(RESPONSES)
    return snap.derived(RESPONSES, f"SELECT * FROM read_parquet('{source}')")


def responses(snap: Snapshot, f: Filters, min_posts: int = MIN_RESPONSE_POSTS, unit: str = "posts") -> pd.DataFrame:
    """Per lender: volume, share replied, share completed, median hours to first reply, ranks,
    in all posts or distinct stories (`unit`; callers before units existed get posts; the
    `unit` column says which).

    Only posts from platforms with a status (not blog articles) count. "Replied" means the
    lender answered at some point (a merchant step, or the status 已回复/已完成 now or in the
    status history); "completed" means the complaint reached 已完成 (已关闭 is closed
    without the complainant's agreement and does not count).

    In stories (docs/method.md, "Lender responses in distinct stories") every story of the
    lender weighs one, whatever its number of posts: `posts` counts the stories, a story's
    replied (completed) value is the share of its posts replied (completed), averaged over
    the stories; a story's time to reply is the median of its replied posts' times, and
    `hours_to_reply` the median over the stories. A story of one post gives exactly what
    the post gives, so the two units differ only where stories of several posts are: a
    template campaign of fifty unanswered posts weighs one story, not fifty, and one reply
    among them is one fiftieth of a reply, not a replied story.
    """
    where, params = _where(f, bits=snap.bits)
    table = _responding(snap, f)
    if table is not None:  # the same posts, narrow, with their story and minutes to reply: the same numbers
        source, hours, reply = f"{table} WHERE {where}", "minutes / 60.0", "TRUE"
    else:
        counting = _counting(unit)[0] if _unit(unit) == "stories" else "posts"
        source = f"{counting} WHERE counted AND status <> '' AND lender <> '' AND {where}"
        hours, reply = "date_diff('minute', published_at, first_reply_at) / 60.0", "first_reply_at >= published_at"
    if _unit(unit) == "posts":
        sql = f"""SELECT lender, count(*) AS posts, avg(replied::INT) AS replied_share,
                         avg(completed::INT) AS completed_share,
                         median({hours}) FILTER (WHERE {reply}) AS hours_to_reply
                  FROM {source} GROUP BY lender HAVING count(*) >= {int(min_posts)} ORDER BY posts DESC, lender"""
    elif table is not None:
        # A story of one post is that post's row; only the stories of several posts (~10%) are
        # grouped: grouping all ten million posts by story (a median each) ran out of memory.
        sql = f"""WITH s AS (SELECT lender, replied::INT::DOUBLE AS replied, completed::INT::DOUBLE AS completed,
                                    minutes / 60.0 AS hours FROM {table} WHERE single AND {where}
                             UNION ALL
                             SELECT lender, avg(replied::INT), avg(completed::INT), median(minutes / 60.0)
                             FROM {table} WHERE NOT single AND {where} GROUP BY lender, story_id)
                  SELECT lender, count(*) AS posts, avg(replied) AS replied_share, avg(completed) AS completed_share,
                         median(hours) AS hours_to_reply
                  FROM s GROUP BY lender HAVING count(*) >= {int(min_posts)} ORDER BY posts DESC, lender"""
        params = params + params
    else:
        sql = f"""WITH s AS (SELECT lender, story_id, avg(replied::INT) AS replied, avg(completed::INT) AS completed,
                                    median({hours}) FILTER (WHERE {reply}) AS hours
                             FROM {source} GROUP BY lender, story_id)
                  SELECT lender, count(*) AS posts, avg(replied) AS replied_share, avg(completed) AS completed_share,
                         median(hours) AS hours_to_reply
                  FROM s GROUP BY lender HAVING count(*) >= {int(min_posts)} ORDER BY posts DESC, lender"""
    df = snap.query(sql, params)
    if df.empty:
        return df.assign(volume_rank=[], replied_rank=[], completed_rank=[], unit=[])
    df["volume_rank"] = df["posts"].rank(ascending=False, method="min").astype(int)
    df["replied_rank"] = df["replied_share"].rank(ascending=False, method="min").astype(int)
    df["completed_rank"] = df["completed_share"].rank(ascending=False, method="min").astype(int)
    df["unit"] = unit
    return df


def texts(snap: Snapshot, f: Filters, lender: str | None = None, limit: int = 1500) -> list[str]:
    """Post texts (title + body) for term statistics; a reproducible sample when large."""
    cond, params = _where(f, skip=("lenders",) if lender is not None else (), bits=snap.bits)
    if lender is not None:
        cond += " AND lender = ?"
        params.append(lender)
    # Pick the sample on narrow columns first, then read only its texts (2x faster at 1M).
    df = snap.query(
        f"""SELECT title || '\n' || body AS text FROM posts WHERE id IN
            (SELECT id FROM posts WHERE counted AND {cond} ORDER BY hash(id) LIMIT {int(limit)})""",
        params,
    )
    return df["text"].tolist()


def runs(snap: Snapshot) -> pd.DataFrame:
    return snap.query("SELECT * FROM runs")


STALE_DAYS = int(settings.STALE_DAYS.default or 30)  # warn when the newest post is older than this


def stale_days() -> int:
    try:
        return max(1, int(settings.STALE_DAYS.get() or STALE_DAYS))
    except ValueError:
        return STALE_DAYS


def newest_post_lag(meta: Mapping[str, Any], now: datetime) -> tuple[datetime | None, datetime, int]:
    """(newest post, the reference it is measured against: last crawl or now, age in days)."""
    newest = meta.get("last_published")
    ref = datetime.fromisoformat(meta["last_crawl"]) if meta.get("last_crawl") else now
    if not newest:
        return None, ref, 0
    newest_dt = datetime.fromisoformat(str(newest))
    return newest_dt, ref, (ref - newest_dt).days


def after_capture(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """Per lender: complaints edited or removed after we captured them (counts still use
    the text as first captured). Columns lender, posts, edited, removed, changed_share;
    lenders with a change only, most changes first. An older snapshot has none."""
    file = snap.path / "versions.parquet"
    columns = ["lender", "posts", "edited", "removed", "changed_share"]
    if not file.exists():
        return pd.DataFrame(columns=columns)
    cond, params = _where(f, bits=snap.bits)
    return snap.query(
        f"""WITH p AS (SELECT id, lender FROM posts WHERE counted AND lender <> '' AND {cond}),
                 v AS (SELECT post_id, bool_or(kind = 'edited') AS edited, bool_or(kind = 'removed') AS removed
                       FROM read_parquet('{sql_path(file)}') GROUP BY post_id)
            SELECT p.lender, count(*) AS posts, count(*) FILTER (WHERE v.edited) AS edited,
                   count(*) FILTER (WHERE v.removed) AS removed,
                   count(v.post_id) / count(*) AS changed_share
            FROM p LEFT JOIN v ON v.post_id = p.id GROUP BY p.lender
            HAVING count(v.post_id) > 0 ORDER BY count(v.post_id) DESC, p.lender""",
        params,
    )


def freshness(meta: Mapping[str, Any], runs_df: pd.DataFrame, now: datetime, max_age_hours: float = 48,
              lang: str = "en") -> list[str]:
    """Warnings about stale or short data for the Overview page (empty list = fine), in `lang`."""
    from pipeline.i18n import source_label, t

    warnings: list[str] = []
    last_crawl = meta.get("last_crawl")
    if not last_crawl:
        warnings.append(t("freshness.no_crawl", lang))
    else:
        age = now - datetime.fromisoformat(last_crawl)
        if age > timedelta(hours=max_age_hours):
            warnings.append(t("freshness.old", lang, days=age.days, hours=age.seconds // 3600))
    if not runs_df.empty and "healthy" in runs_df.columns:
        last = runs_df.sort_values(_run_time_column(runs_df)).groupby("source").tail(1) if "source" in runs_df.columns else runs_df.tail(1)
        bad = last[last["healthy"] == False]  # noqa: E712 (NULL means unknown, not bad)
        for _, run in bad.iterrows():
            reason = run.get("finish_reason") or t("freshness.flagged", lang)
            source = run.get("source", "?")
            warnings.append(t("freshness.short", lang, source=source_label(str(source), lang), reason=reason))
    return warnings


def _run_time_column(df: pd.DataFrame) -> str:
    for column in ("finished_at", "started_at", "id"):
        if column in df.columns:
            return column
    return df.columns[0]


def platform_coverage(snap: Snapshot) -> pd.DataFrame:
    """Per company on a platform: the platform's own totals (newest snapshot) beside what we
    hold and what we compute. Columns source, lender, name, total, last_30_days, held,
    coverage (held / total), platform_replied, platform_completed (the platform's rates),
    our_replied, our_completed (shares of our counted posts about that lender on that
    platform with a reply / completed, from the posts' own reply steps and statuses).
    Empty before any `crawl --mode totals`."""
    file = snap.path / "platform_totals.parquet"
    columns = ["source", "lender", "name", "total", "last_30_days", "held", "coverage", "platform_replied",
               "platform_completed", "our_replied", "our_completed"]
    if not file.exists():
        return pd.DataFrame(columns=columns)
    return snap.query(
        f"""WITH t AS (SELECT * FROM read_parquet('{sql_path(file)}') WHERE service_id = ''),
                 ours AS (SELECT p.source, p.lender, avg(p.replied::INT) AS our_replied,
                                 avg(p.completed::INT) AS our_completed
                          FROM posts p WHERE p.counted AND p.lender <> '' GROUP BY ALL)
            SELECT t.source, t.lender, t.name, t.total, t.last_30_days, t.held,
                   t.held / nullif(t.total, 0) AS coverage,
                   t.replied / nullif(t.total, 0) AS platform_replied,
                   t.completed / nullif(t.total, 0) AS platform_completed,
                   ours.our_replied, ours.our_completed
            FROM t LEFT JOIN ours ON ours.source = t.source AND ours.lender = t.lender
            ORDER BY t.total DESC, t.lender"""
    )[columns]


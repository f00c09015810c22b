"""Aggregates and surge detection over the published snapshot (see pipeline/publish.py).

Everything here reads the Parquet snapshot with DuckDB, never the store: the snapshot is
columnar and read-only, so a lender x month x theme aggregate over a million posts takes
tens of milliseconds. The dashboard (dashboard/data.py) caches these functions; exports
(pipeline/export.py) call them directly with the same `Filters`.

Counting rules, the same on every chart:
- a post is counted for its **primary lender** only (the lender complained about), so a
  post that also names a second lender does not count twice in market totals;
- near-duplicates (the same complaint posted twice, `dup_group`) count once (`counted`);
- periods are CST calendar days, ISO weeks (Monday) or calendar months.

Surges (`detect_surges`): for every lender x theme, the weekly count c is compared with
its own trailing baseline, the previous `window` (12) weeks (at least `min_history`, 6):
- robust z-score  z = (c - median) / max(1.4826 * MAD, sqrt(max(median, 1)))
  (the floor stops a series that was flat at 0 or 1 from turning every small bump into an
  infinite z; sqrt(median) is the Poisson noise scale);
- Poisson tail    p = P(X >= c | lambda = max(mean of the baseline, 1));
a week is a surge when c >= min_count (5) AND z >= z_min (4) AND p <= p_max (1e-5). Weeks that are only
partly covered by the data (the first and last week of the data) and weeks in which a
crawl was flagged unhealthy (short, empty, login wall) are never raised: a short crawl
followed by a catch-up would otherwise look like a jump.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from pipeline.errors import ComplaintsError

FREQS = ("day", "week", "month")
NO_LENDER = ""  # posts whose lender the tagger could not identify
MAX_SERIES = 8  # lenders drawn on one time chart when none is selected: more is unreadable
MAX_HEATMAP_LENDERS = 20
LAMBDA_FLOOR = 1.0  # a series silent for weeks is not evidence that its rate is ~0


class SnapshotMissing(ComplaintsError):
    """No snapshot has been published yet (or CURRENT names a missing directory)."""


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
    def from_params(cls, params: Mapping[str, Any], options: "Options | None" = None) -> tuple["Filters", list[str]]:
        """Parse query parameters; anything bad or stale is dropped and reported.

        Returns the filters and a list of notices (one per ignored value), never raises:
        a colleague's old link must still open, showing what could not be applied.
        """
        notices: list[str] = []
        kwargs: dict[str, Any] = {}
        for key in ("start", "end"):
            raw = _one(params.get(key))
            if not raw:
                continue
            try:
                kwargs[key] = date.fromisoformat(raw)
            except ValueError:
                notices.append(f"Ignored {key}={raw!r}: not a date (YYYY-MM-DD).")
        if kwargs.get("start") and kwargs.get("end") and kwargs["start"] > kwargs["end"]:
            notices.append(f"Ignored end={kwargs['end']}: it is before start={kwargs['start']}.")
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
                    notices.append(f"Ignored unknown {key}: {', '.join(unknown)}.")
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


# --- the snapshot ---------------------------------------------------------------------


def current_version(root: str | os.PathLike) -> str | None:
    """The version named by root/CURRENT, or None when nothing was published."""
    try:
        version = (Path(root) / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


class Snapshot:
    """One published snapshot version, queried with DuckDB.

    The connection is in-memory with views over the version's Parquet files; the files
    are never written again after publish, so any number of readers can share them.
    """

    TABLES = ("posts", "post_themes", "runs", "surges")

    def __init__(self, root: str | os.PathLike, version: str | None = None, memory_limit: str = "512MB"):
        import duckdb  # imported here so `complaints --help` stays fast

        self.root = Path(root)
        self.version = version or current_version(self.root)
        if not self.version:
            raise SnapshotMissing(f"no snapshot published in {self.root} (run `complaints publish`)")
        self.path = self.root / self.version
        if not (self.path / "meta.json").exists():
            raise SnapshotMissing(f"snapshot {self.path} is missing or incomplete")
        self.meta: dict[str, Any] = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        self.bits: dict[str, int] = self.meta.get("theme_bits") or {}
        self.con = duckdb.connect(":memory:", config={"memory_limit": memory_limit, "threads": 2})
        for table in self.TABLES:
            file = self.path / f"{table}.parquet"
            self.con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{_sql_path(file)}')")

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        # A cursor per query: Streamlit runs sessions in threads, a DuckDB connection
        # object must not be used by two threads at once.
        cur = self.con.cursor()
        try:
            return cur.execute(sql, list(params)).df()
        finally:
            cur.close()

    def close(self) -> None:
        self.con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


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


def _trunc(freq: str) -> str:
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")
    return f"date_trunc('{freq}', published_at)"


# --- queries used by the pages ----------------------------------------------------------


def options(snap: Snapshot) -> Options:
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


def totals(snap: Snapshot, f: Filters) -> dict[str, Any]:
    """Counts for the Overview page: posts counted, duplicates, lenders, date range, by source."""
    where, params = _where(f, bits=snap.bits)
    row = snap.query(
        f"""SELECT count(*) FILTER (WHERE counted) AS posts, count(*) FILTER (WHERE NOT counted) AS duplicates,
                   count(DISTINCT lender) FILTER (WHERE lender <> '') AS lenders,
                   count(*) FILTER (WHERE counted AND {_any_theme(snap.bits)}) AS themed,
                   min(published_at) AS first, max(published_at) AS last
            FROM posts WHERE {where}""",
        params,
    ).iloc[0].to_dict()
    row["by_source"] = snap.query(
        f"SELECT source, count(*) AS posts FROM posts WHERE counted AND {where} GROUP BY source ORDER BY posts DESC",
        params,
    )
    return row


def top_lenders(snap: Snapshot, f: Filters, n: int) -> list[str]:
    where, params = _where(f, bits=snap.bits)
    return snap.query(
        f"""SELECT lender FROM posts WHERE counted AND lender <> '' AND {where}
            GROUP BY lender ORDER BY count(*) DESC, lender LIMIT {int(n)}""",
        params,
    )["lender"].tolist()


def over_time(snap: Snapshot, f: Filters, freq: str = "month") -> pd.DataFrame:
    """Per lender and period: posts, posts with a theme (the selected ones, else any), share.

    Without a lender filter only the MAX_SERIES biggest lenders are returned. The share is
    computed against all the lender's posts in the period, so theme filters narrow the
    numerator only: "what share of X's complaints mention family contact".
    """
    lenders = list(f.lenders) or top_lenders(snap, f, MAX_SERIES)
    if not lenders:
        return pd.DataFrame(columns=["period", "lender", "posts", "themed", "share"])
    base = replace(f, lenders=tuple(lenders), themes=())
    where, params = _where(base, bits=snap.bits)
    if f.themes:
        themed, values = _themes_cond(f.themes, snap.bits)
        params = values + params
    else:
        themed = _any_theme(snap.bits)
    df = snap.query(
        f"""SELECT {_trunc(freq)} AS period, lender, count(*) AS posts,
                   count(*) FILTER (WHERE {themed}) AS themed
            FROM posts WHERE counted AND published_at IS NOT NULL AND {where}
            GROUP BY ALL ORDER BY period, lender""",
        params,
    )
    df = _zero_fill(df, freq)
    df["share"] = (df["themed"] / df["posts"]).where(df["posts"] > 0, 0.0)
    return df


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


def heatmap(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """Lender x theme: posts and the share of the lender's posts (long form)."""
    lenders = list(f.lenders) or top_lenders(snap, replace(f, themes=()), MAX_HEATMAP_LENDERS)
    if not lenders:
        return pd.DataFrame(columns=["lender", "theme", "posts", "share"])
    base = replace(f, lenders=tuple(lenders))
    where_t, params_t = _where(base, "post_themes")
    where_p, params_p = _where(replace(base, themes=()), bits=snap.bits)
    return snap.query(
        f"""WITH t AS (SELECT lender, theme, count(*) AS posts FROM post_themes
                       WHERE counted AND {where_t} GROUP BY ALL),
                 p AS (SELECT lender, count(*) AS total FROM posts WHERE counted AND {where_p} GROUP BY ALL)
            SELECT t.lender, t.theme, t.posts, t.posts / p.total AS share
            FROM t JOIN p USING (lender) ORDER BY p.total DESC, t.lender, t.theme""",
        params_t + params_p,
    )


def theme_mix(snap: Snapshot, f: Filters, lender: str) -> pd.DataFrame:
    """Share of a lender's posts with each theme, next to the market's (all lenders).

    Theme and lender filters are ignored here: the comparison is always the whole theme
    mix of the lender against the whole market within the other filters.
    """
    where_t, params_t = _where(f, "post_themes", skip=("lenders", "themes"))
    where_p, params_p = _where(f, skip=("lenders", "themes"))
    return snap.query(
        f"""WITH n AS (SELECT count(*) AS market, count(*) FILTER (WHERE lender = ?) AS own
                       FROM posts WHERE counted AND {where_p})
            SELECT theme,
                   count(*) FILTER (WHERE lender = ?) / greatest(any_value(n.own), 1) AS lender_share,
                   count(*) / greatest(any_value(n.market), 1) AS market_share
            FROM post_themes, n WHERE counted AND {where_t}
            GROUP BY theme ORDER BY market_share DESC, theme""",
        [lender] + params_p + [lender] + params_t,
    )


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
    """The weekly counts behind a surge, for its chart."""
    return snap.query(
        """SELECT date_trunc('week', published_at) AS week, count(*) AS posts FROM post_themes
           WHERE counted AND lender = ? AND theme = ? GROUP BY ALL ORDER BY week""",
        [lender, theme],
    )


POST_COLUMNS = ("id, source, source_id, url, title, body, author, published_at, status, lender, lenders, "
                "themes, evidence, amount, appeal, issue, counted")


def surge_posts(snap: Snapshot, lender: str, theme: str, week: date, limit: int = 200) -> pd.DataFrame:
    """The posts that make a surge week: that lender and theme, in that ISO week."""
    start = datetime.combine(week, time())
    return snap.query(
        f"""SELECT {POST_COLUMNS} FROM posts WHERE lender = ? AND list_contains(themes, ?)
            AND published_at >= ? AND published_at < ? ORDER BY published_at LIMIT {int(limit)}""",
        [lender, theme, start, start + timedelta(days=7)],
    )


SEARCH_COUNT_CAP = 10_000


def search_terms(query: str) -> list[str]:
    """Whitespace-separated terms, all required. Chinese needs no segmentation here:
    each term is matched as a substring, so 催收 finds 暴力催收 and 催收员 alike, which a
    word index would miss (jieba splits 暴力催收 into 暴力/催收 but keeps 催收员 whole)."""
    return [t for t in query.split() if t][:8]


def _term_cond(term: str) -> tuple[str, list[Any]]:
    # Chinese has no case: skip lower() (4x slower on a million bodies) unless the term has
    # Latin letters (APP, QQ).
    if any("a" <= ch.lower() <= "z" for ch in term):
        t = term.lower()
        return "(contains(lower(title), ?) OR contains(lower(body), ?) OR contains(lower(lender), ?))", [t, t, t]
    return "(contains(title, ?) OR contains(body, ?) OR contains(lender, ?))", [term, term, term]


def posts(snap: Snapshot, f: Filters, query: str = "", limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """A page of posts matching the filters and the full-text query, newest first, and the total.

    posts.parquet is stored newest first, so a page is the first matches in file order and
    the scan stops there. With a search query the total is capped at SEARCH_COUNT_CAP + 1
    (shown as "more than 10,000"): counting every match means reading every body.
    """
    where, params = _where(f, bits=snap.bits)
    terms = search_terms(query)
    for term in terms:
        cond, values = _term_cond(term)
        where += " AND " + cond
        params += values
    count_sql = f"SELECT count(*) AS n FROM posts WHERE {where}"
    if terms:
        count_sql = f"SELECT count(*) AS n FROM (SELECT 1 FROM posts WHERE {where} LIMIT {SEARCH_COUNT_CAP + 1})"
    total = int(snap.query(count_sql, params).iloc[0]["n"])
    rows = snap.query(f"SELECT {POST_COLUMNS} FROM posts WHERE {where} LIMIT {int(limit)} OFFSET {int(offset)}", params)
    return rows, total


def responses(snap: Snapshot, f: Filters, min_posts: int = 5) -> pd.DataFrame:
    """Per lender: volume, share replied, share completed, median hours to first reply, ranks.

    Only posts from platforms with a status (not blog articles) count. "Replied" means the
    lender answered at some point (a merchant step, or the status 已回复/已完成 now or in the
    status history); "completed" means the complaint reached 已完成 (已关闭 is closed
    without the complainant's agreement and does not count).
    """
    where, params = _where(f, bits=snap.bits)
    df = snap.query(
        f"""SELECT lender, count(*) AS posts, avg(replied::INT) AS replied_share,
                   avg(completed::INT) AS completed_share,
                   median(date_diff('minute', published_at, first_reply_at) / 60.0)
                       FILTER (WHERE first_reply_at >= published_at) AS hours_to_reply
            FROM posts WHERE counted AND status <> '' AND lender <> '' AND {where}
            GROUP BY lender HAVING count(*) >= {int(min_posts)} ORDER BY posts DESC""",
        params,
    )
    if df.empty:
        return df.assign(volume_rank=[], replied_rank=[], completed_rank=[])
    df["volume_rank"] = df["posts"].rank(ascending=False, method="min").astype(int)
    df["replied_rank"] = df["replied_share"].rank(ascending=False, method="min").astype(int)
    df["completed_rank"] = df["completed_share"].rank(ascending=False, method="min").astype(int)
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
                       FROM read_parquet('{_sql_path(file)}') GROUP BY post_id)
            SELECT p.lender, count(*) AS posts, count(*) FILTER (WHERE v.edited) AS edited,
                   count(*) FILTER (WHERE v.removed) AS removed,
                   count(v.post_id) / count(*) AS changed_share
            FROM p LEFT JOIN v ON v.post_id = p.id GROUP BY p.lender
            HAVING count(v.post_id) > 0 ORDER BY count(v.post_id) DESC, p.lender""",
        params,
    )


def freshness(meta: Mapping[str, Any], runs_df: pd.DataFrame, now: datetime, max_age_hours: float = 48) -> list[str]:
    """Warnings about stale or short data for the Overview page (empty list = fine)."""
    warnings: list[str] = []
    last_crawl = meta.get("last_crawl")
    if not last_crawl:
        warnings.append("No crawl run is recorded: the data was imported or generated, not crawled.")
    else:
        age = now - datetime.fromisoformat(last_crawl)
        if age > timedelta(hours=max_age_hours):
            warnings.append(f"The last crawl finished {age.days} days {age.seconds // 3600} hours ago: recent posts are missing.")
    if not runs_df.empty and "healthy" in runs_df.columns:
        last = runs_df.sort_values(_run_time_column(runs_df)).groupby("source").tail(1) if "source" in runs_df.columns else runs_df.tail(1)
        bad = last[last["healthy"] == False]  # noqa: E712 (NULL means unknown, not bad)
        for _, run in bad.iterrows():
            reason = run.get("finish_reason") or "flagged"
            warnings.append(f"The last crawl of {run.get('source', '?')} came back short or failed ({reason}).")
    return warnings


def _run_time_column(df: pd.DataFrame) -> str:
    for column in ("finished_at", "started_at", "id"):
        if column in df.columns:
            return column
    return df.columns[0]


# --- surge detection --------------------------------------------------------------------


@dataclass(frozen=True)
class SurgeRule:
    window: int = 12       # trailing weeks in the baseline (a quarter)
    min_history: int = 6   # weeks of baseline needed before a week can be judged
    min_count: int = 5     # never call 2 -> 4 posts a surge
    z_min: float = 4.0
    # Strict, because ~400 lender x theme series x 200 weeks are tested: on 40,000 demo
    # posts this finds all 3 planted surges (7 of their 11 weeks) with 1 false alarm;
    # z >= 3.5 and p <= 0.001 gave 43 false alarms (tests/test_trends.py).
    p_max: float = 1e-5


def poisson_sf(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam), summed in log space (no scipy needed)."""
    if k <= 0:
        return 1.0
    # 1 - P(X <= k-1); for large k compute the upper tail directly to keep precision.
    terms = []
    log_lam = math.log(lam)
    i = k
    while True:
        t = i * log_lam - lam - math.lgamma(i + 1)
        terms.append(t)
        if i > k + 10 and t < terms[0] - 40:
            break
        if i > k + 100000:
            break
        i += 1
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def detect_surges(weekly: pd.DataFrame, rule: SurgeRule = SurgeRule(), excluded_weeks: Iterable[Any] = ()) -> pd.DataFrame:
    """Find surge weeks in weekly counts.

    `weekly`: columns lender, theme, week (Monday, datetime-like), posts. Missing weeks
    are zeros (the grid is completed from each series' first week to the last week of the
    data). `excluded_weeks`: weeks never raised (partial weeks, short crawls); they still
    serve as baseline for later weeks.
    Returns lender, theme, week, posts, baseline (median), mad, z, p, ratio.
    """
    columns = ["lender", "theme", "week", "posts", "baseline", "mad", "z", "p", "ratio"]
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    weekly = weekly.assign(week=pd.to_datetime(weekly["week"]).dt.normalize())
    # One row per series, one column per week of the data (absent weeks = 0).
    all_weeks = pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="7D")
    grid = (weekly.pivot_table(index=["lender", "theme"], columns="week", values="posts", aggfunc="sum", fill_value=0)
                  .reindex(columns=all_weeks, fill_value=0))
    values = grid.to_numpy(dtype=float)
    excluded = {pd.Timestamp(w).normalize() for w in excluded_weeks}
    found = []
    for row, (lender, theme) in enumerate(grid.index):
        start = int(np.argmax(values[row] > 0))  # a series starts at its first post
        counts = pd.Series(values[row, start:], index=all_weeks[start:])
        found.extend(_surges_in(lender, theme, counts, rule, excluded))
    return pd.DataFrame(found, columns=columns)


def _surges_in(lender: str, theme: str, counts: pd.Series, rule: SurgeRule, excluded: set) -> list[tuple]:
    values = counts.to_numpy()
    weeks = counts.index
    out = []
    # Only weeks that reach min_count can be surges: test those, not every week.
    for i in np.nonzero(values >= rule.min_count)[0]:
        if i < rule.min_history or weeks[i] in excluded:
            continue
        c = values[i]
        base = values[max(0, i - rule.window):i]
        med = float(np.median(base))
        mad = float(np.median(np.abs(base - med)))
        scale = max(1.4826 * mad, math.sqrt(max(med, 1.0)))
        z = (c - med) / scale
        if z < rule.z_min:
            continue
        p = poisson_sf(int(c), max(float(base.mean()), LAMBDA_FLOOR))
        if p <= rule.p_max:
            out.append((lender, theme, weeks[i], int(c), med, mad, round(z, 2), p, round(c / max(med, 1.0), 2)))
    return out


def partial_weeks(first: datetime | None, last: datetime | None) -> list[date]:
    """The first and last ISO weeks when the data does not cover them whole."""
    out: list[date] = []
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return out
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    first_monday = (first - pd.Timedelta(days=first.weekday())).normalize()
    last_monday = (last - pd.Timedelta(days=last.weekday())).normalize()
    if first > first_monday + pd.Timedelta(hours=12):  # started after Monday noon: partial
        out.append(first_monday.date())
    # The last week is complete only if the data reaches into Sunday evening.
    if last < last_monday + pd.Timedelta(days=6, hours=18):
        out.append(last_monday.date())
    return out

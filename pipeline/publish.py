"""Publish the analytical snapshot that the dashboard and exports read.

`publish(store)` streams the store's tables (via `Store.iter_frames`, never SQL here) into
Parquet, joins them with DuckDB into the files below, finds surge weeks
(`pipeline.trends.detect_surges`), and makes the new version current atomically:

    <root>/<version>/            written first as <root>/.tmp-<version>/, then renamed
    <root>/CURRENT               one line naming the current version; replaced with
                                 os.replace, so a reader sees the old or the new, never half
The previous version stays on disk (a dashboard may still be reading it); versions beyond
the newest `keep` (2) are deleted. DuckDB cannot open a file another process is writing;
nothing is ever written into a published version directory.

`<root>` defaults to `snapshot/` next to the SQLite file (data/snapshot for the default
database), else $COMPLAINTS_SNAPSHOT, else data/snapshot.

Snapshot schema (version 1). All datetimes are naive China Standard Time.

posts.parquet: one row per post, newest first (published_at DESC, id DESC)
    id BIGINT, source, source_id, url, title, body (personal data masked, as stored),
    author (masked), published_at TIMESTAMP, crawled_at TIMESTAMP, status ('' for articles),
    target (the platform's 投诉对象), lender (primary lender, canonical; '' = not identified),
    lenders VARCHAR[] (primary first), themes VARCHAR[] (sorted), theme_mask BIGINT (bit
        meta.theme_bits[theme] set for each theme: fast filtering),
    evidence VARCHAR: JSON object theme -> [{start, end, text, rule}], offsets into
        title + "\n" + body,
    amount DOUBLE, appeal, issue,
    first_reply_at TIMESTAMP (first merchant step / 回复 step), completed_at TIMESTAMP
        (first 完成 step), replied BOOLEAN (a reply step, or status 已回复/已完成 now or in
        the status history), completed BOOLEAN (已完成 now or in the history),
    dup_group BIGINT (NULL = no near-duplicate), counted BOOLEAN (false for the later
        copies of a near-duplicate group: trends count each complaint once),
    tagged_version (lexicon version that tagged the post; NULL = untagged)
post_themes.parquet: one row per post x theme (long form for fast aggregates)
    post_id, lender (primary), theme, published_at, source, status, counted
runs.parquet: the crawl_runs table as stored (id, source, args JSON, started_at,
    finished_at, pages, new, updated, failed, dropped, finish_reason, healthy, stats JSON)
versions.parquet (only when any): posts edited or removed after first captured (store.post_versions): post_id,
    lender, source, source_id, url, published_at, counted, kind ('edited'|'removed'),
    seen_at (when we saw the change), last_seen (a removed post's last capture)
surges.parquet: lender, theme, week (Monday 00:00), posts, baseline (median of the
    trailing weeks), mad, z, p, ratio (see pipeline/trends.py for the rule)
meta.json: schema_version, version, generated_at, lexicon_version, counts {posts,
    counted, duplicates, themed, lenders, post_themes, runs, surges}, first_published,
    last_published, sources, last_crawl (newest finished run), is_demo, theme_bits
    (theme -> bit of theme_mask), surge_rule, excluded_weeks
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import trends
from pipeline.models import now_cst
from pipeline.text import mask_frame
from pipeline.errors import ComplaintsError

SCHEMA_VERSION = 1
KEEP_VERSIONS = 2
BATCH = 50_000
DEMO_URL_MARKERS = ("demo", "example", "127.0.0.1", "localhost")
DEMO_AUTHOR = "示例用户"

_TS = pa.timestamp("us")
RAW_SCHEMAS: dict[str, pa.Schema] = {
    "posts": pa.schema([
        ("id", pa.int64()), ("source", pa.string()), ("source_id", pa.string()), ("url", pa.string()),
        ("title", pa.string()), ("body", pa.string()), ("author", pa.string()), ("published_at", _TS),
        ("crawled_at", _TS), ("target", pa.string()), ("issue", pa.string()), ("appeal", pa.string()),
        ("amount", pa.float64()), ("status", pa.string()), ("dup_group", pa.int64()),
        ("tagged_version", pa.string()), ("steps", pa.string()),
    ]),
    "post_lenders": pa.schema([
        ("post_id", pa.int64()), ("lender", pa.string()), ("is_primary", pa.bool_()), ("start", pa.int64()),
    ]),
    "post_themes": pa.schema([
        ("post_id", pa.int64()), ("theme", pa.string()), ("evidence", pa.string()), ("lexicon_version", pa.string()),
    ]),
    "post_status_history": pa.schema([("post_id", pa.int64()), ("status", pa.string()), ("seen_at", _TS)]),
    "post_versions": pa.schema([
        ("post_id", pa.int64()), ("kind", pa.string()), ("seen_at", _TS), ("last_seen", _TS),
    ]),
    "crawl_runs": pa.schema([
        ("id", pa.int64()), ("source", pa.string()), ("args", pa.string()), ("started_at", _TS),
        ("finished_at", _TS), ("pages", pa.int64()), ("new", pa.int64()), ("updated", pa.int64()),
        ("failed", pa.int64()), ("dropped", pa.int64()), ("finish_reason", pa.string()),
        ("healthy", pa.bool_()), ("stats", pa.string()),
    ]),
}
SURGE_SCHEMA = pa.schema([
    ("lender", pa.string()), ("theme", pa.string()), ("week", _TS), ("posts", pa.int64()),
    ("baseline", pa.float64()), ("mad", pa.float64()), ("z", pa.float64()), ("p", pa.float64()),
    ("ratio", pa.float64()),
])


class PublishError(ComplaintsError):
    """An expected failure (unwritable directory, ...), explained in one line."""


@dataclass
class PublishResult:
    version: str
    path: Path
    posts: int
    seconds: float
    surges: int


def default_root(db_url: str | None = None) -> Path:
    """Where snapshots go: $COMPLAINTS_SNAPSHOT, else next to the SQLite file, else data/snapshot."""
    env = os.environ.get("COMPLAINTS_SNAPSHOT")
    if env:
        return Path(env)
    if db_url and db_url.startswith("sqlite:///") and ":memory:" not in db_url:
        return Path(db_url[len("sqlite:///"):]).parent / "snapshot"
    return Path("data") / "snapshot"


def publish(store: Any, root: str | os.PathLike | None = None, *, is_demo: bool | None = None,
            keep: int = KEEP_VERSIONS, now: datetime | None = None, rule: trends.SurgeRule = trends.SurgeRule(),
            batch_size: int = BATCH) -> PublishResult:
    """Write a new snapshot version from `store` and make it current."""
    t0 = time.perf_counter()
    root = Path(root) if root is not None else default_root(getattr(store, "url", None))
    now = now or now_cst()
    version = _new_version(root)
    stage = root / f".tmp-{version}"
    try:
        stage.mkdir(parents=True)
    except OSError as e:
        raise PublishError(f"cannot create snapshot directory {stage}: {e}") from e
    try:
        for table in RAW_SCHEMAS:
            target = stage / ("runs.parquet" if table == "crawl_runs" else f"raw_{table}.parquet")
            _stage_table(store, table, target, batch_size)
        meta = _build(stage, version, now, rule, is_demo)
        for scratch in [*stage.glob("raw_*.parquet"), *stage.glob("agg_*.parquet")]:
            scratch.unlink()
        final = root / version
        os.rename(stage, final)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # a failed publish leaves the current one alone
        raise
    _switch(root, version)
    _cleanup(root, keep)
    return PublishResult(version, final, meta["counts"]["posts"], time.perf_counter() - t0, meta["counts"]["surges"])


def _new_version(root: Path) -> str:
    """A name that sorts after every existing version (names sort by time, to the microsecond)."""
    from datetime import timedelta, timezone

    version = datetime.now(timezone(timedelta(hours=8))).strftime("%Y%m%dT%H%M%S%f")
    existing = versions(root)
    if existing and version <= existing[-1]:  # clock stepped back: still sort after
        version = existing[-1] + "x"
    return version


# --- staging: store tables -> Parquet, streamed -----------------------------------------


def _stage_table(store: Any, table: str, target: Path, batch_size: int) -> None:
    schema = RAW_SCHEMAS[table]
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for frame in store.iter_frames(table, batch_size):
            if frame.empty:
                continue
            if table == "posts":
                # Masked again: the store should hold masked text already (docs/contracts.md),
                # but an older import or a bug upstream must not reach readers.
                frame = mask_frame(frame)
            writer.write_table(_to_arrow(frame, schema))


def _to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    arrays = []
    for fld in schema:
        col = frame[fld.name] if fld.name in frame.columns else pd.Series([None] * len(frame))
        if pa.types.is_integer(fld.type):
            col = pd.array(col, dtype="Int64")
        elif pa.types.is_boolean(fld.type):
            col = pd.array(col, dtype="boolean")
        elif pa.types.is_timestamp(fld.type):
            col = pd.to_datetime(col, errors="coerce")
        elif pa.types.is_string(fld.type):
            try:  # the common case: already text (or None), converted in C
                arrays.append(pa.array(col, type=fld.type, from_pandas=True))
                continue
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # a dict or number in a text column: JSON it
                col = col.astype(object).where(col.notna(), None)
                col = col.map(lambda v: v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str))
        arrays.append(pa.array(col, type=fld.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


# --- joining with DuckDB ------------------------------------------------------------------


# Built in steps, each written to Parquet, so that no single DuckDB operator has to hold a
# million posts' text and their aggregates at once (one query OOMed at 400 MB on 1M posts).
PREP_SQL = [
    # Lenders of each post, primary first.
    """COPY (SELECT post_id, list(lender ORDER BY is_primary DESC, start NULLS LAST, lender) AS lenders
             FROM read_parquet('{stage}/raw_post_lenders.parquet') GROUP BY post_id)
       TO '{stage}/agg_lenders.parquet' (FORMAT parquet)""",
    # Themes, their evidence as one JSON object, and the theme bits.
    """COPY (SELECT post_id, list(theme ORDER BY theme) AS themes,
                    json_group_object(theme, json(evidence))::VARCHAR AS evidence,
                    coalesce(bit_or(1::BIGINT << b.bit), 0) AS theme_mask
             FROM read_parquet('{stage}/raw_post_themes.parquet') LEFT JOIN theme_bits b USING (theme)
             GROUP BY post_id)
       TO '{stage}/agg_themes.parquet' (FORMAT parquet)""",
    # Status history: ever replied / completed.
    """COPY (SELECT post_id, bool_or(status IN ('已回复', '已完成')) AS replied, bool_or(status = '已完成') AS completed
             FROM read_parquet('{stage}/raw_post_status_history.parquet') GROUP BY post_id)
       TO '{stage}/agg_history.parquet' (FORMAT parquet)""",
    # Near-duplicates count once: the earliest post of each dup_group.
    """COPY (SELECT id, row_number() OVER (PARTITION BY coalesce(dup_group, id)
                                         ORDER BY published_at NULLS LAST, id) = 1 AS counted
             FROM read_parquet('{stage}/raw_posts.parquet'))
       TO '{stage}/agg_counted.parquet' (FORMAT parquet)""",
]

POSTS_SELECT = """
  -- Reply and completion times from the platform's progress steps (黑猫 steplist), parsed
  -- here, vectorised: a corrupt steps value gives no time rather than stopping the publish.
  WITH raw AS (
    SELECT *, from_json(CASE WHEN json_valid(steps) AND json_type(steps) = 'ARRAY' THEN steps ELSE '[]' END,
                        '[{{"kind": "VARCHAR", "at": "VARCHAR", "merchant": "BOOLEAN"}}]') AS st
    FROM read_parquet('{stage}/raw_posts.parquet')),
  p AS (
    SELECT * EXCLUDE (st, steps),
      list_min(list_transform(list_filter(st, lambda s: coalesce(s.merchant, false) OR contains(s.kind, '回复')),
                              lambda s: TRY_CAST(s.at AS TIMESTAMP))) AS first_reply_at,
      list_min(list_transform(list_filter(st, lambda s: contains(s.kind, '完成')),
                              lambda s: TRY_CAST(s.at AS TIMESTAMP))) AS completed_at
    FROM raw)
  SELECT p.id, p.source, p.source_id, p.url, p.title, p.body, p.author, p.published_at, p.crawled_at,
         p.status, p.target, coalesce(l.lenders[1], '') AS lender, coalesce(l.lenders, []::VARCHAR[]) AS lenders,
         coalesce(t.themes, []::VARCHAR[]) AS themes, coalesce(t.theme_mask, 0) AS theme_mask,
         coalesce(t.evidence, '{{}}') AS evidence,
         p.amount, p.appeal, p.issue, p.first_reply_at, p.completed_at,
         (p.first_reply_at IS NOT NULL OR p.status IN ('已回复', '已完成') OR coalesce(h.replied, false)) AS replied,
         (p.completed_at IS NOT NULL OR p.status = '已完成' OR coalesce(h.completed, false)) AS completed,
         p.dup_group, c.counted, p.tagged_version
  FROM p
  JOIN (SELECT * FROM read_parquet('{stage}/agg_counted.parquet') WHERE id BETWEEN {lo} AND {hi}) c ON c.id = p.id
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_lenders.parquet') WHERE post_id BETWEEN {lo} AND {hi}) l
    ON l.post_id = p.id
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_themes.parquet') WHERE post_id BETWEEN {lo} AND {hi}) t
    ON t.post_id = p.id
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_history.parquet') WHERE post_id BETWEEN {lo} AND {hi}) h
    ON h.post_id = p.id
  WHERE p.id BETWEEN {lo} AND {hi}
"""

# Joined in chunks of post ids (small hash tables), written partitioned by month; then each
# month is sorted newest first and appended to posts.parquet with a pyarrow ParquetWriter.
# One global ORDER BY over a million posts' text ran out of memory at 500 MB.
JOIN_CHUNK = 100_000
CHUNK_SQL = """
COPY (SELECT *, coalesce(strftime(published_at, '%Y%m'), 'none') AS bucket FROM ({select}))
TO '{stage}/parts' (FORMAT parquet, PARTITION_BY (bucket), OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'c{part:05d}_{{i}}')
"""
# The Posts page reads the first matches in file order and stops there: newest first.
BUCKET_SQL = """
SELECT * FROM read_parquet('{dir}/*.parquet', hive_partitioning = false)
ORDER BY published_at DESC NULLS LAST, id DESC
"""

POST_THEMES_SQL = """
COPY (
  SELECT t.post_id, p.lender, t.theme, p.published_at, p.source, p.status, p.counted
  FROM read_parquet('{stage}/raw_post_themes.parquet') t
  JOIN (SELECT id, lender, published_at, source, status, counted FROM read_parquet('{stage}/posts.parquet')) p
    ON p.id = t.post_id
  ORDER BY p.published_at NULLS LAST
) TO '{stage}/post_themes.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 200000)
"""


# Posts edited or removed after we captured them (store.post_versions): one row per event.
VERSIONS_SQL = """
COPY (
  SELECT v.post_id, p.lender, p.source, p.source_id, p.url, p.published_at, p.counted, v.kind, v.seen_at, v.last_seen
  FROM read_parquet('{stage}/raw_post_versions.parquet') v
  JOIN (SELECT id, lender, source, source_id, url, published_at, counted FROM read_parquet('{stage}/posts.parquet')) p
    ON p.id = v.post_id
) TO '{stage}/versions.parquet' (FORMAT parquet, COMPRESSION zstd)
"""


def _build(stage: Path, version: str, now: datetime, rule: trends.SurgeRule, is_demo: bool | None) -> dict[str, Any]:
    import duckdb

    s = str(stage).replace("'", "''")
    # Bounded memory at a million posts: DuckDB spills the sort and the joins to disk.
    con = duckdb.connect(":memory:", config={"memory_limit": "500MB", "threads": 2,
                                             "temp_directory": str(stage / "tmp"),
                                             "preserve_insertion_order": False})
    try:
        # Themes as bits of a BIGINT: filtering on `theme_mask & bits` is ~50x faster than on
        # the list column. More than 63 themes: the rest stay list-only (trends falls back).
        con.execute(f"""CREATE TEMP TABLE theme_bits AS
            SELECT theme, (row_number() OVER (ORDER BY theme) - 1)::INT AS bit
            FROM (SELECT DISTINCT theme FROM read_parquet('{s}/raw_post_themes.parquet')) QUALIFY bit < 63""")
        theme_bits = dict(con.execute("SELECT theme, bit FROM theme_bits ORDER BY bit").fetchall())
        for sql in PREP_SQL:
            con.execute(sql.format(stage=s))
        _write_posts(con, stage, s)
        con.execute(POST_THEMES_SQL.format(stage=s))
        # Only when there is something to say: a store that never saw an edit keeps the file set.
        if con.execute(f"SELECT count(*) FROM read_parquet('{s}/raw_post_versions.parquet')").fetchone()[0]:
            con.execute(VERSIONS_SQL.format(stage=s))
        runs = con.execute(f"SELECT * FROM read_parquet('{s}/runs.parquet')").df()
        weekly = con.execute(
            f"""SELECT lender, theme, date_trunc('week', published_at) AS week, count(*) AS posts
                FROM read_parquet('{s}/post_themes.parquet')
                WHERE counted AND lender <> '' AND published_at IS NOT NULL GROUP BY ALL"""
        ).df()
        facts = con.execute(
            f"""SELECT count(*) AS posts, count(*) FILTER (WHERE counted) AS counted,
                       count(*) FILTER (WHERE NOT counted) AS duplicates,
                       count(*) FILTER (WHERE counted AND len(themes) > 0) AS themed,
                       count(DISTINCT lender) FILTER (WHERE lender <> '') AS lenders,
                       min(published_at) AS first, max(published_at) AS last,
                       mode(tagged_version) AS lexicon_version,
                       count(*) FILTER (WHERE {_demo_condition()}) AS demo_posts
                FROM read_parquet('{s}/posts.parquet')"""
        ).df().iloc[0]
        sources = con.execute(f"SELECT DISTINCT source FROM read_parquet('{s}/posts.parquet') ORDER BY 1").df()
        n_themes = con.execute(f"SELECT count(*) FROM read_parquet('{s}/post_themes.parquet')").fetchone()[0]
    finally:
        con.close()
    shutil.rmtree(stage / "tmp", ignore_errors=True)

    excluded = _excluded_weeks(facts["first"], facts["last"], runs)
    found = trends.detect_surges(weekly, rule, excluded)
    pq.write_table(_to_arrow(found, SURGE_SCHEMA), stage / "surges.parquet")

    posts_n = int(facts["posts"])
    meta = {
        "schema_version": SCHEMA_VERSION,
        "version": version,
        "generated_at": now.isoformat(sep=" "),
        "lexicon_version": None if pd.isna(facts["lexicon_version"]) else str(facts["lexicon_version"]),
        "counts": {
            "posts": posts_n, "counted": int(facts["counted"]), "duplicates": int(facts["duplicates"]),
            "themed": int(facts["themed"]), "lenders": int(facts["lenders"]), "post_themes": int(n_themes),
            "runs": len(runs), "surges": len(found),
        },
        "first_published": _iso(facts["first"]),
        "last_published": _iso(facts["last"]),
        "sources": sources["source"].tolist(),
        "last_crawl": _iso(runs["finished_at"].max()) if len(runs) else None,
        "is_demo": bool(is_demo) if is_demo is not None else (posts_n > 0 and int(facts["demo_posts"]) * 2 >= posts_n),
        "theme_bits": theme_bits,
        "surge_rule": asdict(rule),
        "excluded_weeks": [str(w) for w in excluded],
    }
    (stage / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return meta


def _write_posts(con: Any, stage: Path, s: str) -> None:
    """posts.parquet, newest first, in bounded memory (see CHUNK_SQL)."""
    lo_id, hi_id = con.execute(
        f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM read_parquet('{s}/raw_posts.parquet')").fetchone()
    for part, lo in enumerate(range(lo_id, hi_id + 1, JOIN_CHUNK)):
        select = POSTS_SELECT.format(stage=s, lo=lo, hi=lo + JOIN_CHUNK - 1)
        con.execute(CHUNK_SQL.format(select=select, stage=s, part=part))
    buckets = sorted((d for d in (stage / "parts").glob("bucket=*")), key=lambda d: d.name, reverse=True)
    buckets.sort(key=lambda d: d.name == "bucket=none")  # undated posts last
    if not buckets:  # no posts: an empty file with the schema
        con.execute(f"COPY ({POSTS_SELECT.format(stage=s, lo=0, hi=-1)}) TO '{s}/posts.parquet' (FORMAT parquet)")
        return
    writer = None
    try:
        for d in buckets:
            table = con.sql(BUCKET_SQL.format(dir=str(d).replace("'", "''"))).to_arrow_table()
            if writer is None:
                writer = pq.ParquetWriter(stage / "posts.parquet", table.schema, compression="zstd")
            writer.write_table(table, row_group_size=100_000)
    finally:
        if writer is not None:
            writer.close()
    shutil.rmtree(stage / "parts", ignore_errors=True)


def _demo_condition() -> str:
    """Demo corpus authors are 示例用户NNNN (pipeline/democorpus.py); imports of it may point at
    the local mirror or a demo/example host."""
    hosts = " OR ".join(f"contains(lower(url), '{m}')" for m in DEMO_URL_MARKERS)
    return f"(starts_with(author, '{DEMO_AUTHOR}') OR {hosts})"


def _excluded_weeks(first: Any, last: Any, runs: pd.DataFrame) -> list[Any]:
    """Weeks a surge may not be raised in: partial weeks at the ends, weeks of flagged crawls."""
    weeks = set(trends.partial_weeks(None if pd.isna(first) else first, None if pd.isna(last) else last))
    if len(runs):
        flagged = runs[runs["healthy"].eq(False).fillna(False)]
        for _, run in flagged.iterrows():
            at = run["finished_at"] if not pd.isna(run["finished_at"]) else run["started_at"]
            if not pd.isna(at):
                at = pd.Timestamp(at)
                weeks.add((at - pd.Timedelta(days=at.weekday())).date())
    return sorted(weeks)


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat(sep=" ")


# --- switching versions ---------------------------------------------------------------------


def _switch(root: Path, version: str) -> None:
    tmp = root / f".CURRENT.{uuid.uuid4().hex[:6]}"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, root / "CURRENT")  # atomic on POSIX: readers see old or new


def versions(root: str | os.PathLike) -> list[str]:
    """Published versions, oldest first (names sort by time)."""
    root = Path(root)
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "meta.json").exists())


def _cleanup(root: Path, keep: int) -> None:
    current = trends.current_version(root)
    for old in versions(root)[:-keep] if keep > 0 else []:
        if old != current:
            shutil.rmtree(root / old, ignore_errors=True)
    # Leftovers of a publish killed midway (older than an hour: not a concurrent publish).
    for stale in root.glob(".tmp-*"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


def iter_versions_meta(root: str | os.PathLike) -> Iterator[dict[str, Any]]:
    for v in versions(root):
        yield json.loads((Path(root) / v / "meta.json").read_text(encoding="utf-8"))

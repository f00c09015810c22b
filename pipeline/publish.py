"""Publish the analytical snapshot that the dashboard and exports read.

`publish(store)` streams the store's tables (via `Store.iter_frames`, never SQL here) into
Parquet, joins them with DuckDB into the files below, finds surge weeks
(`pipeline.surges.detect_surges`), and makes the new version current atomically:

    <root>/<version>/            written first as <root>/.tmp-<version>/, then renamed
    <root>/CURRENT               one line naming the current version; replaced with
                                 os.replace, so a reader sees the old or the new, never half
The previous version stays on disk (a dashboard may still be reading it); versions beyond
the newest `keep` (2) are deleted. DuckDB cannot open a file another process is writing;
nothing is ever written into a published version directory.

`<root>` defaults to `snapshot/` next to the SQLite file (data/snapshot for the default
database), else $COMPLAINTS_SNAPSHOT, else data/snapshot.

Snapshot schema (version 1). All datetimes are naive China Standard Time.

posts/: one file per month of publication (p<999999-YYYYMM>.parquet, so newest months sort
    first; pnone.parquet for undated posts, last); read them as one table with
    read_parquet('posts/*.parquet'). One row per post, newest first (published_at DESC, id DESC)
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
post_themes/: one row per post x theme (long form for fast aggregates), one file per month as posts/
    post_id, lender (primary), theme, published_at, source, status, counted
post_facts.parquet: one row per post x fact (x party for `contacted`; pipeline/facts.py)
    post_id, lender, fact, party, mode, value (JSON), evidence (JSON spans), published_at,
    source, counted, story_id, lexicon_version
stories.parquet: id, story_id (smallest post id of its story), story_kind (organic |
    template | duplicate), story_size (pipeline/stories.py: a template campaign counts once)
monthly_counts.parquet, multi_story_cells.parquet (when 0 < themes < 64): the dashboard's monthly
    counts (pipeline/trends.py write_counts: counted posts and single-post stories per month x
    lender x source x status, per theme; the stories of several posts per cell), loaded by
    readers as they are instead of being recounted from every post
story_keys/: what stories.parquet is computed from, one file per month as posts/ (kept so
    that a month not rewritten is not read again): id, author, title_key, body_key (letters
    of the body, cut at the prefix meta.story_keys names), dup_group
rule_hits.parquet: one row per post x rule its facts/themes trigger (pipeline/rules.py,
    data/rules.yaml, re-derived at every publish): post_id, lender, lender_type, rule,
    status (in_scope | scope_unknown), month, published_at, source, story_id, evidence (JSON)
rules.json: the rules as published (id, instrument, issuer, date, scope, behaviour, source,
    source_url, wording_checked)
runs.parquet: the crawl_runs table as stored (id, source, args JSON, started_at,
    finished_at, pages, new, updated, failed, dropped, finish_reason, healthy, stats JSON)
versions.parquet (only when any): posts edited or removed after first captured (store.post_versions): post_id,
    lender, source, source_id, url, published_at, counted, kind ('edited'|'removed'),
    seen_at (when we saw the change), last_seen (a removed post's last capture)
platform_totals.parquet (only when any): the platforms' own newest counts per company and
    service (store.platform_totals): source, company_id, service_id, name, lender, taken_at, total,
    last_30_days, replied, completed, held (our posts whose target_id is the company)
surges.parquet: lender, theme, week (Monday 00:00), posts, baseline (median of the
    trailing weeks), mad, z, p, ratio (see pipeline/surges.py for the rule)
meta.json: schema_version, version, generated_at, lexicon_version, counts {posts,
    counted, duplicates, themed, lenders, post_themes, runs, surges}, first_published,
    last_published, sources, last_crawl (newest finished run), is_demo, theme_bits
    (theme -> bit of theme_mask), surge_rule, excluded_weeks, watermark (the store's newest
    posts.changed_at when this version was read), partitions {rewritten, linked, months},
    rules_signature (rule hits of posts not rewritten are carried over while it is unchanged),
    story_keys (the format of story_keys/)

Incremental publish (issue 17): an hourly update changes a few months, not five years. A
publish reads from the store only the months holding posts changed since the previous
version's watermark (posts.changed_at: new or edited text, status, tags, duplicate group),
plus the members of their near-duplicate groups (which copy counts depends on all of
them), rewrites those months' files and hard-links the other months' files from the
previous version. Theme bits are kept from the previous version. Surges, counts and
meta are recomputed over all months (narrow columns: fast); so are stories, from the
story_keys/ of every month. Facts and rule hits of the posts not staged are carried over
from the previous version with this version's story ids. `full=True` (`publish
--full`) rebuilds every month, e.g. after a lexicon change renamed themes.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import settings, stories, surges, trends
from pipeline.errors import ComplaintsError
from pipeline.models import now_cst
from pipeline.text import mask_frame

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
    "post_facts": pa.schema([
        ("post_id", pa.int64()), ("fact", pa.string()), ("party", pa.string()), ("mode", pa.string()),
        ("value", pa.string()), ("evidence", pa.string()), ("lexicon_version", pa.string()),
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
    rewritten: int = 0  # month partitions written
    linked: int = 0     # month partitions hard-linked from the previous version
    current: bool = True  # False: a concurrent publish that started later was already current


default_root = settings.snapshot_root  # $COMPLAINTS_SNAPSHOT, else beside the SQLite file


def publish(store: Any, root: str | os.PathLike | None = None, *, is_demo: bool | None = None,
            keep: int = KEEP_VERSIONS, now: datetime | None = None, rule: surges.SurgeRule = surges.SurgeRule(),
            batch_size: int = BATCH, full: bool = False, margin: timedelta | None = None) -> PublishResult:
    """Write a new snapshot version from `store` and make it current.

    Incremental unless `full` (or there is no usable previous version): only the months
    holding posts changed since the previous snapshot's watermark are read from the store
    and written; the other months' files are hard-linked from the previous version.
    """
    t0 = time.perf_counter()
    root = Path(root) if root is not None else default_root(getattr(store, "url", None))
    now = now or now_cst()
    # Read before staging: a post changed while we publish is newer and goes next time.
    incremental = not full and hasattr(store, "changed_since")  # any object with iter_frames can publish in full
    watermark = store.last_change() if hasattr(store, "last_change") else None
    previous = _previous(root) if incremental else None
    version = _new_version(root)
    stage = root / f".tmp-{version}"
    try:
        stage.mkdir(parents=True)
    except OSError as e:
        raise PublishError(f"cannot create snapshot directory {stage}: {e}") from e
    try:
        plan = _plan(store, previous, WATERMARK_MARGIN if margin is None else margin) if previous is not None else None
        for table in RAW_SCHEMAS:
            target = stage / ("runs.parquet" if table == "crawl_runs" else f"raw_{table}.parquet")
            # Versions are staged whole (few rows). Facts only for the staged posts: the other
            # posts' facts are carried over from the previous post_facts.parquet (see
            # _write_facts_stories_rules), not read again from the store at every update.
            whole = table in ("crawl_runs", "post_versions") or (table == "post_facts" and not _facts_carry(plan))
            ids = plan.post_ids if plan is not None and not whole else None
            _stage_table(store, table, target, batch_size, ids)
        meta = _build(stage, version, now, rule, is_demo, plan, watermark)
        _write_platform_totals(store, stage)
        for scratch in [*stage.glob("raw_*.parquet"), *stage.glob("agg_*.parquet")]:
            scratch.unlink()
        final = root / version
        os.rename(stage, final)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # a failed publish leaves the current one alone
        raise
    with _publish_lock(root):
        switched = _switch(root, version)
        _cleanup(root, keep)
    return PublishResult(version, final, meta["counts"]["posts"], time.perf_counter() - t0, meta["counts"]["surges"],
                         meta["partitions"]["rewritten"], meta["partitions"]["linked"], current=switched)


PLATFORM_TOTALS_COLUMNS = ["source", "company_id", "service_id", "name", "lender", "taken_at", "total",
                           "last_30_days", "replied", "completed", "held"]


def _write_platform_totals(store: Any, stage: Path) -> None:
    """platform_totals.parquet (only when any): the platforms' own newest counts per company
    and service (store.platform_totals), the denominator the dashboard sets our counts against."""
    rows = store.platform_totals() if hasattr(store, "platform_totals") else []
    if not rows:
        return
    df = pd.DataFrame([{k: r.get(k) for k in PLATFORM_TOTALS_COLUMNS} for r in rows], columns=PLATFORM_TOTALS_COLUMNS)
    df.to_parquet(stage / "platform_totals.parquet", index=False)


# --- incremental: which months to rewrite -------------------------------------------------------


def _facts_carry(plan: "Plan | None") -> bool:
    """Whether the previous version's post_facts.parquet can stand in for the posts not staged."""
    return plan is not None and (plan.previous / "post_facts.parquet").exists()

# Posts committed by a transaction that began before the previous publish read its
# watermark carry an older changed_at: look back this far (rewriting a month is always safe).
WATERMARK_MARGIN = timedelta(minutes=10)
PARTITIONED = ("posts", "post_themes")


@dataclass
class Plan:
    previous: Path          # the version whose other months are linked
    months: set[str]        # buckets (YYYYMM, or 'none' for undated) to rewrite
    post_ids: list[int]     # posts to stage: those months, plus their duplicate groups' members


def _previous(root: Path) -> tuple[Path, dict[str, Any]] | None:
    """The current version, if an incremental publish can build on it."""
    try:
        ver = trends.current_version(root)
    except OSError:
        return None  # not a directory (yet): the full publish explains what is wrong
    if not ver:
        return None
    path = root / ver
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("schema_version") != SCHEMA_VERSION or not meta.get("watermark"):
        return None
    if not all((path / name).is_dir() for name in PARTITIONED):
        return None
    return path, meta


def _plan(store: Any, previous: tuple[Path, dict[str, Any]], margin: timedelta) -> Plan:
    path, meta = previous
    since = datetime.fromisoformat(meta["watermark"]) - margin
    changed = store.changed_since(since)
    months = {_bucket(published) for _, published, _ in changed}
    ranges = [_month_range(m) for m in sorted(months) if m != "none"]
    ids = set(store.post_ids_published(ranges, undated="none" in months))
    # Which copy of a near-duplicate group counts depends on all its members.
    groups = store.dup_groups_of(sorted(ids))
    ids.update(store.post_ids_in_groups(groups))
    return Plan(path, months, sorted(ids))


def _bucket(published: Any) -> str:
    return "none" if published is None or pd.isna(published) else pd.Timestamp(published).strftime("%Y%m")


def _month_range(bucket: str) -> tuple[datetime, datetime]:
    start = datetime(int(bucket[:4]), int(bucket[4:]), 1)
    end = datetime(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def partition_name(bucket: str) -> str:
    """File name of a month: newest months sort first (the Posts page reads in file order),
    undated posts last."""
    return "pnone.parquet" if bucket == "none" else f"p{999999 - int(bucket):06d}.parquet"


def _new_version(root: Path) -> str:
    """A name that sorts after every existing version (names sort by time, to the microsecond)."""

    version = datetime.now(settings.CST).strftime("%Y%m%dT%H%M%S%f")
    existing = versions(root)
    if existing and version <= existing[-1]:  # clock stepped back: still sort after
        version = existing[-1] + "x"
    return version


# --- staging: store tables -> Parquet, streamed -----------------------------------------


def _stage_table(store: Any, table: str, target: Path, batch_size: int, post_ids: list[int] | None = None) -> None:
    schema = RAW_SCHEMAS[table]
    frames = store.iter_frames(table, batch_size) if post_ids is None else store.iter_frames(table, batch_size, post_ids)
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for frame in frames:
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
# month is sorted newest first into its own file posts/<month>.parquet.
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
  JOIN (SELECT id, lender, published_at, source, status, counted FROM read_parquet('{posts}')) p
    ON p.id = t.post_id
  ORDER BY p.published_at NULLS LAST
) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 200000)
"""


# Posts edited or removed after we captured them (store.post_versions): one row per event.
VERSIONS_SQL = """
COPY (
  SELECT v.post_id, p.lender, p.source, p.source_id, p.url, p.published_at, p.counted, v.kind, v.seen_at, v.last_seen
  FROM read_parquet('{stage}/raw_post_versions.parquet') v
  JOIN (SELECT id, lender, source, source_id, url, published_at, counted FROM read_parquet('{stage}/posts/*.parquet')) p
    ON p.id = v.post_id
) TO '{stage}/versions.parquet' (FORMAT parquet, COMPRESSION zstd)
"""


def _build(stage: Path, version: str, now: datetime, rule: surges.SurgeRule, is_demo: bool | None,
           plan: Plan | None = None, watermark: datetime | None = None) -> dict[str, Any]:
    import duckdb

    s = str(stage).replace("'", "''")
    # Bounded memory at a million posts: DuckDB spills the sort and the joins to disk.
    con = duckdb.connect(":memory:", config={"memory_limit": "500MB", "threads": 2,
                                             "temp_directory": str(stage / "tmp"),
                                             "preserve_insertion_order": False})
    try:
        # Themes as bits of a BIGINT: filtering on `theme_mask & bits` is ~50x faster than on
        # the list column. More than 63 themes: the rest stay list-only (trends falls back).
        # An incremental publish keeps the previous bits (the linked months use them) and
        # gives a new theme the next free bit.
        themes = sorted(t for (t,) in con.execute(
            f"SELECT DISTINCT theme FROM read_parquet('{s}/raw_post_themes.parquet')").fetchall())
        theme_bits: dict[str, int] = {}
        if plan is not None:
            previous = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
            theme_bits = {str(t): int(b) for t, b in (previous.get("theme_bits") or {}).items()}
        for theme in themes:
            if theme not in theme_bits and len(theme_bits) < 63:
                theme_bits[theme] = max(theme_bits.values(), default=-1) + 1
        con.execute("CREATE TEMP TABLE theme_bits (theme VARCHAR, bit INT)")
        if theme_bits:
            con.executemany("INSERT INTO theme_bits VALUES (?, ?)", list(theme_bits.items()))
        for sql in PREP_SQL:
            con.execute(sql.format(stage=s))
        written = _write_posts(con, stage, s, None if plan is None else plan.months)
        _write_post_themes(con, stage, s, written)
        linked = _link_untouched(plan, stage, written) if plan is not None else 0
        for name in PARTITIONED:
            if not any((stage / name).glob("*.parquet")):  # no posts at all: an empty file keeps the schema
                _write_empty(con, stage, s, name)
        # Only when there is something to say: a store that never saw an edit keeps the file set.
        if con.execute(f"SELECT count(*) FROM read_parquet('{s}/raw_post_versions.parquet')").fetchone()[0]:
            con.execute(VERSIONS_SQL.format(stage=s))
        runs = con.execute(f"SELECT * FROM read_parquet('{s}/runs.parquet')").df()
        weekly = con.execute(
            f"""SELECT lender, theme, date_trunc('week', published_at) AS week, count(*) AS posts
                FROM read_parquet('{s}/post_themes/*.parquet')
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
                FROM read_parquet('{s}/posts/*.parquet')"""
        ).df().iloc[0]
        sources = con.execute(f"SELECT DISTINCT source FROM read_parquet('{s}/posts/*.parquet') ORDER BY 1").df()
        n_themes = con.execute(f"SELECT count(*) FROM read_parquet('{s}/post_themes/*.parquet')").fetchone()[0]
        extra, rules_signature = _write_facts_stories_rules(con, stage, s, plan)
        trends.write_counts(con, str(stage), theme_bits)  # the dashboard's monthly counts, read as they are
    finally:
        con.close()
    shutil.rmtree(stage / "tmp", ignore_errors=True)

    excluded = _excluded_weeks(facts["first"], facts["last"], runs)
    found = surges.detect_surges(weekly, rule, excluded)
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
            "runs": len(runs), "surges": len(found), **extra,
        },
        "first_published": _iso(facts["first"]),
        "last_published": _iso(facts["last"]),
        "sources": sources["source"].tolist(),
        "last_crawl": _iso(runs["finished_at"].max()) if len(runs) else None,
        "is_demo": bool(is_demo) if is_demo is not None else (posts_n > 0 and int(facts["demo_posts"]) * 2 >= posts_n),
        "theme_bits": theme_bits,
        "surge_rule": asdict(rule),
        "excluded_weeks": [str(w) for w in excluded],
        # Posts changed up to here are in this version; the next publish starts from it.
        "watermark": watermark.isoformat(sep=" ") if watermark is not None else None,
        "partitions": {"rewritten": len(written), "linked": linked, "months": sorted(written)},
        # Rule hits of the posts not rewritten are carried over while this is unchanged.
        "rules_signature": rules_signature,
        "story_keys": _story_keys_format(stories.StoryRule().body_prefix),  # what story_keys/ files hold
    }
    (stage / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return meta


# The inputs of pipeline/stories.py, one file per month beside posts/ (story_keys/): the
# body key is a regular expression over the text, which over every post at every publish
# was the largest part of an update's publish that grew with the archive (4 s per 100k
# posts). A month linked from the previous version links its keys too.
STORY_KEYS_MONTH_SQL = """
SELECT id, author, title, left(regexp_replace(lower(body), '[^\\p{{L}}]+', '', 'g'), {prefix}) AS body_key, dup_group
FROM read_parquet('{posts}')
"""
STORY_KEYS_SQL = "SELECT id, author, title_key, body_key, dup_group FROM read_parquet('{stage}/story_keys/*.parquet')"
STORY_KEYS_SCHEMA = pa.schema([("id", pa.int64()), ("author", pa.string()), ("title_key", pa.string()),
                               ("body_key", pa.string()), ("dup_group", pa.int64())])
POST_FACTS_SQL = """
COPY (
  SELECT f.post_id, p.lender, f.fact, f.party, f.mode, f.value, f.evidence, p.published_at, p.source, p.counted,
         coalesce(st.story_id, f.post_id) AS story_id, f.lexicon_version
  FROM read_parquet('{stage}/raw_post_facts.parquet') f
  JOIN (SELECT id, lender, published_at, source, counted FROM read_parquet('{stage}/posts/*.parquet')) p ON p.id = f.post_id
  LEFT JOIN read_parquet('{stage}/stories.parquet') st ON st.id = f.post_id
  {carried}
  ORDER BY published_at NULLS LAST
) TO '{stage}/post_facts.parquet' (FORMAT parquet, COMPRESSION zstd)
"""
# An incremental publish stages the facts of its posts only; every other post's facts are
# the previous version's rows (unchanged since: a retag or regroup marks the post changed),
# with the story id of this version.
CARRIED_FACTS_SQL = """
  UNION ALL
  SELECT f.post_id, f.lender, f.fact, f.party, f.mode, f.value, f.evidence, f.published_at, f.source, f.counted,
         coalesce(st.story_id, f.post_id) AS story_id, f.lexicon_version
  FROM read_parquet('{previous}/post_facts.parquet') f
  LEFT JOIN read_parquet('{stage}/stories.parquet') st ON st.id = f.post_id
  WHERE f.post_id NOT IN (SELECT id FROM read_parquet('{stage}/raw_posts.parquet'))
"""
CARRIED_HITS_SQL = """
  SELECT h.post_id, h.lender, h.lender_type, h.rule, h.status, h.month, h.published_at, h.source,
         coalesce(st.story_id, h.post_id) AS story_id, h.evidence
  FROM read_parquet('{previous}/rule_hits.parquet') h
  LEFT JOIN read_parquet('{stage}/stories.parquet') st ON st.id = h.post_id
  WHERE h.post_id NOT IN (SELECT id FROM read_parquet('{stage}/raw_posts.parquet'))
"""
HIT_SCHEMA = pa.schema([("post_id", pa.int64()), ("lender", pa.string()), ("lender_type", pa.string()),
                        ("rule", pa.string()), ("status", pa.string()), ("month", pa.string()),
                        ("published_at", _TS), ("source", pa.string()), ("story_id", pa.int64()), ("evidence", pa.string())])


def _rules_signature(rules: list[Any], types: dict[str, str | None]) -> str:
    """Changes whenever rules.yaml or the lenders' types would change a rule hit."""
    import hashlib

    text = repr(rules) + json.dumps(types, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _write_facts_stories_rules(con: Any, stage: Path, s: str, plan: Plan | None = None) -> tuple[dict[str, int], str]:
    """stories.parquet (pipeline/stories.py), post_facts.parquet, rule_hits.parquet and
    rules.json (pipeline/rules.py: re-derived from data/rules.yaml at every publish).

    Incremental (`plan`): facts and rule hits are derived for the staged posts only and the
    rest carried over from the previous version, so an update's Python work grows with its
    posts, not the archive. All rule hits are derived again when the rules or the lenders'
    types changed since the previous version (its meta's rules_signature).
    Returns the counts for meta.json and the rules signature.
    """
    from pipeline import rules as rl

    rule = stories.StoryRule()
    _write_story_keys(con, stage, plan, rule.body_prefix)
    keys = con.execute(STORY_KEYS_SQL.format(stage=s)).df()
    st = stories.assign_stories(keys, rule)
    pq.write_table(pa.Table.from_pandas(st, preserve_index=False), stage / "stories.parquet")
    prev = str(plan.previous).replace("'", "''") if plan is not None else ""
    carry_facts = _facts_carry(plan)
    con.execute(POST_FACTS_SQL.format(stage=s, carried=CARRIED_FACTS_SQL.format(previous=prev, stage=s)
                                      if carry_facts else ""))
    rules = rl.load_rules()
    types = rl.lender_types()
    signature = _rules_signature(rules, types)
    carry_hits = False
    if carry_facts and (plan.previous / "rule_hits.parquet").exists():
        previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
        carry_hits = previous_meta.get("rules_signature") == signature
    only = f"AND p.id IN (SELECT id FROM read_parquet('{s}/raw_posts.parquet'))" if carry_hits else ""
    theme_list = sorted({c.theme for r in rules for c in r.trigger if c.theme}) or [""]
    themes_sql = ", ".join("'" + t.replace("'", "''") + "'" for t in theme_list)
    posts = con.execute(f"""
        SELECT p.id, p.lender, p.published_at, p.source, p.themes, coalesce(st.story_id, p.id) AS story_id
        FROM read_parquet('{s}/posts/*.parquet') p LEFT JOIN read_parquet('{s}/stories.parquet') st ON st.id = p.id
        WHERE (p.id IN (SELECT post_id FROM read_parquet('{s}/post_facts.parquet'))
           OR len(list_intersect(p.themes, [{themes_sql}])) > 0) {only}""").df()
    con.register("hit_posts", posts)
    facts = con.execute(f"""SELECT post_id, fact, party, mode, value, evidence FROM read_parquet('{s}/post_facts.parquet')
                            WHERE post_id IN (SELECT id FROM hit_posts)
                            ORDER BY post_id, fact, party""").df()  # the store's order: evidence lists stay stable
    con.unregister("hit_posts")
    hits = rl.derive_hits(posts, facts, rules, types)
    if carry_hits:
        pq.write_table(_to_arrow(hits, HIT_SCHEMA), stage / "agg_hits.parquet")
        con.execute(f"""COPY (SELECT * FROM read_parquet('{s}/agg_hits.parquet')
                              UNION ALL {CARRIED_HITS_SQL.format(previous=prev, stage=s)})
                        TO '{s}/rule_hits.parquet' (FORMAT parquet, COMPRESSION zstd)""")
    else:
        pq.write_table(_to_arrow(hits, HIT_SCHEMA), stage / "rule_hits.parquet")
    (stage / "rules.json").write_text(json.dumps([r.to_json() for r in rules], ensure_ascii=False, indent=2), encoding="utf-8")
    n_facts = con.execute(f"SELECT count(*) FROM read_parquet('{s}/post_facts.parquet')").fetchone()[0]
    n_hits = con.execute(f"SELECT count(*) FROM read_parquet('{s}/rule_hits.parquet')").fetchone()[0]
    return ({"stories": int(st["story_id"].nunique()) if len(st) else 0, "post_facts": int(n_facts),
             "rule_hits": int(n_hits)}, signature)


def _write_story_keys(con: Any, stage: Path, plan: Plan | None, prefix: int) -> None:
    """story_keys/<month>.parquet for every posts/<month>.parquet: hard-linked from the
    previous version where the month's posts file is the same file (linked) and the keys
    were cut at the same prefix, else computed from the month's posts."""
    (stage / "story_keys").mkdir(exist_ok=True)
    reuse = False
    if plan is not None:
        previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
        reuse = previous_meta.get("story_keys") == _story_keys_format(prefix)
    for posts_file in sorted((stage / "posts").glob("*.parquet")):
        target = stage / "story_keys" / posts_file.name
        if reuse:
            old_posts, old_keys = plan.previous / "posts" / posts_file.name, plan.previous / "story_keys" / posts_file.name
            try:
                if old_keys.exists() and os.stat(old_posts).st_ino == os.stat(posts_file).st_ino:
                    os.link(old_keys, target)
                    continue
            except OSError:
                pass  # not linked (or links impossible): compute the keys
        keys = con.execute(STORY_KEYS_MONTH_SQL.format(prefix=prefix, posts=str(posts_file).replace("'", "''"))).df()
        # The title key in Python (stories.text_key), once per month written: over every
        # title at every publish it was a second per million posts.
        keys["title_key"] = keys["title"].map(stories.text_key)
        pq.write_table(_to_arrow(keys, STORY_KEYS_SCHEMA), target, compression="zstd")


def _story_keys_format(prefix: int) -> str:
    """What story_keys/ files hold: a version may link the previous one's only if equal."""
    return f"title_key,body_key[:{prefix}]"


def _write_posts(con: Any, stage: Path, s: str, months: set[str] | None) -> list[str]:
    """posts/<month>.parquet, each newest first, in bounded memory (see CHUNK_SQL); only the
    `months` given (None: all). Returns the months written."""
    lo_id, hi_id = con.execute(
        f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM read_parquet('{s}/raw_posts.parquet')").fetchone()
    for part, lo in enumerate(range(lo_id, hi_id + 1, JOIN_CHUNK)):
        select = POSTS_SELECT.format(stage=s, lo=lo, hi=lo + JOIN_CHUNK - 1)
        con.execute(CHUNK_SQL.format(select=select, stage=s, part=part))
    (stage / "posts").mkdir()
    written = []
    for d in sorted((stage / "parts").glob("bucket=*")):
        bucket = d.name.split("=", 1)[1]
        if months is not None and bucket not in months:
            continue  # a duplicate group's member from a month this publish links, not rewrites
        con.execute(f"COPY ({BUCKET_SQL.format(dir=str(d).replace(chr(39), chr(39) * 2))}) "
                    f"TO '{s}/posts/{partition_name(bucket)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)")
        written.append(bucket)
    shutil.rmtree(stage / "parts", ignore_errors=True)
    return written


def _write_post_themes(con: Any, stage: Path, s: str, months: list[str]) -> None:
    """post_themes/<month>.parquet for the months whose posts were just written."""
    (stage / "post_themes").mkdir()
    for bucket in months:
        name = partition_name(bucket)
        con.execute(POST_THEMES_SQL.format(stage=s, posts=f"{s}/posts/{name}", target=f"{s}/post_themes/{name}"))


def _write_empty(con: Any, stage: Path, s: str, name: str) -> None:
    (stage / name).mkdir(exist_ok=True)
    target = f"{s}/{name}/{partition_name('none')}"
    if name == "posts":
        con.execute(f"COPY ({POSTS_SELECT.format(stage=s, lo=0, hi=-1)}) TO '{target}' (FORMAT parquet)")
    else:
        con.execute(POST_THEMES_SQL.format(stage=s, posts=f"{s}/posts/*.parquet", target=target))


def _link_untouched(plan: Plan, stage: Path, written: list[str]) -> int:
    """Hard-link the previous version's files of the months not rewritten (published files
    are never written again, so sharing them is safe); copy where links are impossible."""
    done = {partition_name(b) for b in written}
    linked = 0
    for name in PARTITIONED:
        for old in sorted((plan.previous / name).glob("p*.parquet")):
            if old.name in done or _month_of(old.name) in plan.months:
                continue  # rewritten (or rewritten as empty)
            try:
                os.link(old, stage / name / old.name)
            except OSError:
                shutil.copy2(old, stage / name / old.name)
            linked += name == "posts"
    return linked


def _month_of(file_name: str) -> str:
    return "none" if file_name == partition_name("none") else f"{999999 - int(file_name[1:7]):06d}"


def _demo_condition() -> str:
    """Demo corpus authors are 示例用户NNNN (crawler/mirror/democorpus.py); imports of it may point at
    the local mirror or a demo/example host."""
    hosts = " OR ".join(f"contains(lower(url), '{m}')" for m in DEMO_URL_MARKERS)
    return f"(starts_with(author, '{DEMO_AUTHOR}') OR {hosts})"


def _excluded_weeks(first: Any, last: Any, runs: pd.DataFrame) -> list[Any]:
    """Weeks a surge may not be raised in: partial weeks at the ends, weeks of flagged crawls."""
    weeks = set(surges.partial_weeks(None if pd.isna(first) else first, None if pd.isna(last) else last))
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


@contextmanager
def _publish_lock(root: Path) -> Iterator[None]:
    """Serialise the switch and clean-up of concurrent publishes (two cron jobs, a manual run)."""
    import fcntl

    fd = os.open(root, os.O_RDONLY)  # the directory itself: no lock file among the versions
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _switch(root: Path, version: str) -> bool:
    """Make `version` current unless a newer one already is; True when it was switched.

    Versions are named when a publish starts, and a publish that started later read the
    store later: when two run at once and the older finishes last, it must not replace
    the newer (called under `_publish_lock`, so the check and the switch are one step).
    """
    current = trends.current_version(root)
    if current is not None and current > version and (root / current / "meta.json").exists():
        return False
    tmp = root / f".CURRENT.{uuid.uuid4().hex[:6]}"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, root / "CURRENT")  # atomic on POSIX: readers see old or new
    return True


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

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

posts/: the files of each month of publication: a base file p<999999-YYYYMM>.parquet (so newest
    months sort first; pnone.parquet for undated posts, last) and, after incremental
    publishes, delta files p<999999-YYYYMM>-<99999-seq>.parquet, which sort before their base,
    the latest first; each file holds a time range newer than the files after it, so file
    order is newest first. Read them as one table with read_parquet('posts/*.parquet').
    One row per post (never two: an edited post is replaced in the file holding it, or
    leaves it for its new month's), newest
    first (published_at DESC, id DESC)
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
stories.parquet/, post_facts.parquet/, rule_hits.parquet/: directories, one file per posts/ file
    (same name: p<999999-YYYYMM>[-<seq>].parquet) holding the rows of that file's posts,
    compacted with it (see BY_POSTS_FILE). Read each as one table by its path:
    read_parquet('<version>/stories.parquet') (DuckDB >= 2, pyarrow and pandas read a
    directory); versions published before issue 17's partitioning hold single files of the
    same names, which read the same way. A table with no rows has one empty file.
post_facts.parquet: one row per post x fact (x party for `contacted`; pipeline/facts.py)
    post_id, lender, fact, party, mode, value (JSON), evidence (JSON spans), published_at,
    source, counted, story_id, lexicon_version
stories.parquet: id, story_id (smallest post id of its story), story_kind (organic |
    template | duplicate), story_size (pipeline/stories.py: a template campaign counts once)
monthly_counts.parquet, multi_story_cells.parquet (when 0 < themes < 64): the dashboard's monthly
    counts (pipeline/trends.py write_counts: counted posts and single-post stories per month x
    lender x source x status, per theme; the stories of several posts per cell), loaded by
    readers as they are instead of being recounted from every post
responses/: the Responses page's posts (counted, with a status and a lender), narrow, one file
    per month (YYYYMM.parquet, none.parquet for the undated): the posts of stories of several
    posts sorted by lender and story, then in row groups of their own the posts alone in their
    story sorted by lender (trends.RESPONSES_ORDER):
    lender, published_at, source, status, theme_mask, story_id, single, replied, completed,
    minutes (to the first reply; pipeline/trends.py RESPONSES_SQL, written by write_counts)
weekly_counts.parquet: counted posts per lender x theme x week (trends.WEEKLY_SQL): a surge's
    chart, and the weekly counts the surge rule reads
story_keys/: what stories.parquet is computed from, one file per posts/ file, same name (kept so
    that a file not rewritten is not read again): id, author, title_key, body_key (letters
    of the body, cut at the prefix meta.story_keys names), dup_group, title_hash, body_hash
    (BIGINT: 8 bytes of BLAKE2b of the key, see key_hashes); and templates.parquet:
    kind (title_key | body_key), key, story_id (the key makes a template story: its story),
    n and authors (the key has enough posts but fewer than the authors a template needs)
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
    posts.changed_at when this version was read), partitions {rewritten (months written),
    linked (posts/ files shared with the previous version), months, files (per posts/ file:
    the figures counts are summed from, carried over with the file)},
    rules_signature (rule hits of posts not rewritten are carried over while it is unchanged),
    story_keys (the format of story_keys/)

Incremental publish (issue 17): an hourly update's cost should follow its posts, not the
archive. A publish reads from the store only the posts changed since the previous
version's watermark (posts.changed_at: new or edited text, status, tags, duplicate group),
plus the members of their near-duplicate groups (which copy counts depends on all of
them). In their months, a post newer than every file's posts goes to a new delta file; a
post already published, or falling in an older file's time range, is written into that
file again (its other rows read from the previous version's file, not the store). A post
published before in another month (its date edited, set or cleared) leaves the file that
held it: that file is written again without it (or goes, when no post is left), and its
month counts as written, so its story keys, stories, facts, rule hits, monthly counts and
responses follow (_moved_from finds those files: the previous version's other months'
posts/ files, searched for the staged ids only, pruned by their id statistics); a month
whose deltas outgrow half its base (DELTA_FRACTION) or number more than MAX_DELTAS is
compacted into one base file. Every other file is hard-linked from the previous version.
Theme bits are kept from the previous version. Meta counts are summed from per-file
summaries (a linked file keeps its own); surges are recomputed over all weeks (from the
weekly counts: fast). The monthly counts are counted again for the months whose files were
written and the months of posts whose story was merged or stopped being alone
(_counts_months); the other months' rows are the previous version's. So are the responses/
files of those months (the others hard-linked) and the weekly counts of every week touching
one of them. Stories are worked out for the stories the staged posts touch only, with
story_keys/templates.parquet (see _stories_incremental: only its rows of the staged posts'
keys are read into Python, the others copied by DuckDB), and the other posts holding a
staged post's key that the index does not hold found by the key's hash (_key_groups: one
integer column of every post's keys, their authors and text only where a group is big
enough); when a post left a template key or a duplicate group, all of them again. Facts and rule hits of the posts not staged are carried
over from the previous version with this version's story ids (the previous ones, renamed
where a story merged). The stories, facts and rule hits files written are those of the
posts/ files written, plus, for stories, the files of posts whose story merged, grew or
changed kind, and for facts and hits, those of posts whose story id changed (a merge across
months rewrites the older month's files); the others are hard-linked. When the stories were
all worked out again, the rules changed, or the previous version holds single files, they
are all written. `full=True` (`publish --full`) rebuilds every month, e.g. after a
lexicon change renamed themes.
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
from pipeline.snapshot import link_or_copy, parquet_files, sql_path
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
    # Only the changed posts are staged, not their months: a month's other posts stay in its
    # previous files (see _write_months_incremental), so an update reads what it changed.
    ids = {int(i) for i, _, _ in changed}
    # Which copy of a near-duplicate group counts depends on all its members.
    groups = {int(g) for _, _, g in changed if g is not None and not pd.isna(g)}
    ids.update(store.post_ids_in_groups(groups))
    return Plan(path, months, sorted(ids))


def _bucket(published: Any) -> str:
    return "none" if published is None or pd.isna(published) else pd.Timestamp(published).strftime("%Y%m")


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
# Per-post aggregates of the staged rows, each written as agg_<name>-<part>.parquet. The three
# GROUP BY post_id build lists and JSON objects, which DuckDB cannot spill to disk: at 10M posts
# the lenders' ordered list alone ran out of the 500 MB (issue 17). They run over hash parts of
# the post ids instead, one part per PREP_ROWS_PER_PART rows read, each within memory.
# (name, staged file read, SELECT of the aggregate from {source}, with {where} for the part)
PREP_ROWS_PER_PART = 2_000_000
PREP_SQL = [
    # Lenders of each post, primary first.
    ("lenders", "raw_post_lenders",
     """SELECT post_id, list(lender ORDER BY is_primary DESC, start NULLS LAST, lender) AS lenders
        FROM read_parquet('{stage}/{source}.parquet') WHERE {where} GROUP BY post_id"""),
    # Themes, their evidence as one JSON object, and the theme bits.
    ("themes", "raw_post_themes",
     """SELECT post_id, list(theme ORDER BY theme) AS themes,
               json_group_object(theme, json(evidence))::VARCHAR AS evidence,
               coalesce(bit_or(1::BIGINT << b.bit), 0) AS theme_mask
        FROM read_parquet('{stage}/{source}.parquet') LEFT JOIN theme_bits b USING (theme)
        WHERE {where} GROUP BY post_id"""),
    # Status history: ever replied / completed.
    ("history", "raw_post_status_history",
     """SELECT post_id, bool_or(status IN ('已回复', '已完成')) AS replied, bool_or(status = '已完成') AS completed
        FROM read_parquet('{stage}/{source}.parquet') WHERE {where} GROUP BY post_id"""),
]
# Near-duplicates count once: the earliest post of each dup_group (a window, which spills).
COUNTED_SQL = """COPY (SELECT id, row_number() OVER (PARTITION BY coalesce(dup_group, id)
                                                  ORDER BY published_at NULLS LAST, id) = 1 AS counted
                      FROM read_parquet('{stage}/raw_posts.parquet'))
                TO '{stage}/agg_counted.parquet' (FORMAT parquet)"""


def _prepare(con: Any, s: str) -> None:
    """The per-post aggregates of the staged rows (PREP_SQL, COUNTED_SQL) in the stage."""
    for name, source, select in PREP_SQL:
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{s}/{source}.parquet')").fetchone()[0]
        parts = max(1, -(-rows // PREP_ROWS_PER_PART))
        for part in range(parts):
            where = "true" if parts == 1 else f"hash(post_id) % {parts} = {part}"
            con.execute(f"COPY ({select.format(stage=s, source=source, where=where)}) TO '{s}/agg_{name}-{part}.parquet' (FORMAT parquet)")
    con.execute(COUNTED_SQL.format(stage=s))


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
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_lenders-*.parquet') WHERE post_id BETWEEN {lo} AND {hi}) l
    ON l.post_id = p.id
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_themes-*.parquet') WHERE post_id BETWEEN {lo} AND {hi}) t
    ON t.post_id = p.id
  LEFT JOIN (SELECT * FROM read_parquet('{stage}/agg_history-*.parquet') WHERE post_id BETWEEN {lo} AND {hi}) h
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

POST_THEMES_ROWS = """
  SELECT t.post_id, p.lender, t.theme, p.published_at, p.source, p.status, p.counted
  FROM read_parquet('{stage}/raw_post_themes.parquet') t
  JOIN (SELECT id, lender, published_at, source, status, counted FROM read_parquet('{posts}') {where}) p
    ON p.id = t.post_id
"""
POST_THEMES_SQL = """
COPY (SELECT * FROM (""" + POST_THEMES_ROWS.replace("{where}", "") + """) ORDER BY published_at NULLS LAST
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
        _prepare(con, s)
        con.execute(f"CREATE TEMP TABLE staged_ids AS SELECT id FROM read_parquet('{s}/raw_posts.parquet')")
        if plan is None:
            written = _write_posts(con, stage, s, None)
            _write_post_themes(con, stage, s, written)
            merged: set[str] = set()
        else:
            written, merged, removed = _write_months_incremental(con, stage, s, plan)
            _link_untouched(plan, stage, removed)
        for name in PARTITIONED:
            if not any((stage / name).glob("*.parquet")):  # no posts at all: an empty file keeps the schema
                _write_empty(con, stage, s, name)
        _write_story_keys(con, stage, plan, stories.StoryRule().body_prefix, merged)
        # Before compacting: the stories, facts and rule hits files are written for the
        # posts/ files written here, linked for the others, then compacted alike.
        extra, rules_signature, changed_stories = _write_facts_stories_rules(con, stage, s, plan)
        if plan is not None:
            for bucket in written:
                _compact(con, stage, bucket)
        linked = _count_linked(plan, stage) if plan is not None else 0
        # Only when there is something to say: a store that never saw an edit keeps the file set.
        if con.execute(f"SELECT count(*) FROM read_parquet('{s}/raw_post_versions.parquet')").fetchone()[0]:
            con.execute(VERSIONS_SQL.format(stage=s))
        runs = con.execute(f"SELECT * FROM read_parquet('{s}/runs.parquet')").df()
        summaries = _file_summaries(con, stage, plan)
        facts = _combine_summaries(summaries)
        n_themes = con.execute(f"SELECT count(*) FROM read_parquet('{s}/post_themes/*.parquet')").fetchone()[0]
        # The dashboard's monthly counts, read as they are: an update recounts only the months
        # whose counts it can change, and takes the other months' rows from the previous version.
        months = _counts_months(con, stage, plan, theme_bits, changed_stories)
        trends.write_counts(con, str(stage), theme_bits, previous=None if months is None else str(plan.previous),
                            months=months, partitions=None if months is not None else _partitions(stage))
        # The surge rule's weekly counts: the published ones (an update counts only its weeks again).
        weekly = con.execute(f"""SELECT lender, theme, week, posts FROM read_parquet('{s}/{trends.WEEKLY_FILE}')
                                 WHERE lender <> '' AND week IS NOT NULL""").df()
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
        "sources": facts["sources"],
        "last_crawl": _iso(runs["finished_at"].max()) if len(runs) else None,
        "is_demo": bool(is_demo) if is_demo is not None else (posts_n > 0 and int(facts["demo_posts"]) * 2 >= posts_n),
        "theme_bits": theme_bits,
        "surge_rule": asdict(rule),
        "excluded_weeks": [str(w) for w in excluded],
        # Posts changed up to here are in this version; the next publish starts from it.
        "watermark": watermark.isoformat(sep=" ") if watermark is not None else None,
        "partitions": {"rewritten": len(written), "linked": linked, "months": sorted(written), "files": summaries},
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
FROM read_parquet('{posts}') {where}
"""
STORY_KEYS_SQL = "SELECT id, author, title_key, body_key, dup_group FROM read_parquet('{stage}/story_keys/p*.parquet')"
# story_keys/templates.parquet: the keys (kind 'title_key' or 'body_key') shared by at least
# the posts a template needs. A template's row names its story: an update's post with that
# key joins the story without reading the key's other posts (issue 17: a campaign can hold a
# good share of the archive). A key with the posts but too few authors keeps its post count
# and its (fewer than min_authors) authors instead, so that it is read again only when a new
# author makes it a template. Keys of fewer posts are not indexed (few posts to read).
TEMPLATES_SCHEMA = pa.schema([("kind", pa.string()), ("key", pa.string()), ("story_id", pa.int64()),
                              ("n", pa.int64()), ("authors", pa.list_(pa.string()))])
TEMPLATES_SQL = """
SELECT '{col}' AS kind, k.{col} AS key,
       CASE WHEN count(DISTINCT {author}) >= {min_authors} THEN min(st.story_id) END AS story_id,
       CASE WHEN count(DISTINCT {author}) < {min_authors} THEN count(*) END AS n,
       CASE WHEN count(DISTINCT {author}) < {min_authors} THEN list(DISTINCT {author} ORDER BY {author}) END AS authors
FROM read_parquet('{stage}/story_keys/p*.parquet') k JOIN read_parquet('{stage}/stories.parquet') st ON st.id = k.id
WHERE length(k.{col}) >= {min_chars}
GROUP BY k.{col}
HAVING count(*) >= {min_posts}
"""
STORY_KEYS_SCHEMA = pa.schema([("id", pa.int64()), ("author", pa.string()), ("title_key", pa.string()),
                               ("body_key", pa.string()), ("dup_group", pa.int64()),
                               ("title_hash", pa.int64()), ("body_hash", pa.int64())])


def key_hashes(keys: Any) -> list[int | None]:
    """story_keys' title_hash / body_hash of keys: 8 bytes of BLAKE2b of the key's UTF-8 (a
    signed 64-bit integer; None for None). An update looks its posts' keys up over every
    post's by these integers, which DuckDB scans ~10x faster than the keys' text, and then
    compares the keys of the few rows found (issue 17). Stable across versions (not DuckDB's
    hash()): files written by one version are read by the next."""
    import hashlib

    return [None if k is None or (not isinstance(k, str) and pd.isna(k)) else
            int.from_bytes(hashlib.blake2b(k.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)
            for k in keys]


# Each row's post's lender, date, source and counted, from the posts/ files {posts}; its story
# id from {stories} (the stories files of the same posts/ files).
POST_FACTS_ROWS = """
  SELECT f.post_id, p.lender, f.fact, f.party, f.mode, f.value, f.evidence, p.published_at, p.source, p.counted,
         coalesce(st.story_id, f.post_id) AS story_id, f.lexicon_version
  FROM read_parquet('{stage}/raw_post_facts.parquet') f
  JOIN (SELECT id, lender, published_at, source, counted FROM {posts}) p ON p.id = f.post_id
  LEFT JOIN (SELECT id, story_id FROM {stories}) st ON st.id = f.post_id
  {carried}
"""
# An incremental publish stages the facts of its posts only; every other post's facts are
# the previous version's rows (unchanged since: a retag or regroup marks the post changed),
# with the story id of this version: read from the previous files ({source}) of the posts/
# files written again, the others' files being linked.
CARRIED_FACTS_SQL = """
  UNION ALL
  SELECT f.post_id, f.lender, f.fact, f.party, f.mode, f.value, f.evidence, f.published_at, f.source, f.counted,
         {story} AS story_id, f.lexicon_version
  FROM {source} f
  {join}
  WHERE f.post_id NOT IN (SELECT id FROM read_parquet('{stage}/raw_posts.parquet'))
"""
CARRIED_HITS_SQL = """
  SELECT h.post_id, h.lender, h.lender_type, h.rule, h.status, h.month, h.published_at, h.source,
         {story} AS story_id, h.evidence
  FROM {source} h
  {join}
  WHERE h.post_id NOT IN (SELECT id FROM read_parquet('{stage}/raw_posts.parquet'))
"""
# The story id of a carried row ({t}: its table's alias): this version's, from stories.parquet
# (every post's: a hash table of the whole archive); or, when the stories were worked out
# incrementally, the previous story id renamed where its story merged into another
# (story_renamed: a few rows), as a story not touched keeps its id.
CARRIED_STORY_JOIN = ("coalesce(st.story_id, {t}.post_id)",
                      "LEFT JOIN read_parquet('{stage}/stories.parquet') st ON st.id = {t}.post_id")
CARRIED_STORY_RENAMED = ("coalesce(r.new, {t}.story_id)", "LEFT JOIN story_renamed r ON r.old = {t}.story_id")
HIT_SCHEMA = pa.schema([("post_id", pa.int64()), ("lender", pa.string()), ("lender_type", pa.string()),
                        ("rule", pa.string()), ("status", pa.string()), ("month", pa.string()),
                        ("published_at", _TS), ("source", pa.string()), ("story_id", pa.int64()), ("evidence", pa.string())])


def _rules_signature(rules: list[Any], types: dict[str, str | None]) -> str:
    """Changes whenever rules.yaml or the lenders' types would change a rule hit."""
    import hashlib

    text = repr(rules) + json.dumps(types, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _write_facts_stories_rules(con: Any, stage: Path, s: str,
                               plan: Plan | None = None) -> tuple[dict[str, int], str, "StoryChanges | None"]:
    """stories.parquet (pipeline/stories.py), post_facts.parquet, rule_hits.parquet and
    rules.json (pipeline/rules.py: re-derived from data/rules.yaml at every publish), the
    first three one file per posts/ file (BY_POSTS_FILE).

    Incremental (`plan`): facts and rule hits are derived for the staged posts only and the
    rest carried over from the previous version, so an update's Python work grows with its
    posts, not the archive; and only the files of the posts/ files written, or holding a
    post whose story changed, are written: the others are linked. All rule hits are derived
    again when the rules or the lenders' types changed since the previous version (its meta's
    rules_signature).
    Returns the counts for meta.json, the rules signature, and the previous stories whose
    posts changed story (None: every story was worked out again; see _stories_incremental).
    """
    from pipeline import rules as rl

    rule = stories.StoryRule()
    names = {f.name for f in (stage / "posts").glob("*.parquet")}
    # The posts/ files this version wrote (the others are the previous version's, linked).
    written = names if plan is None else {f.name for f in _unlinked(stage, plan.previous, "posts")}
    incremental = _stories_incremental(con, stage, s, plan, rule, written) if plan is not None else None
    n_stories, changed_stories = incremental if incremental is not None else (None, None)
    if n_stories is None:
        keys = con.execute(STORY_KEYS_SQL.format(stage=s)).df()
        st = stories.assign_stories(keys, rule)
        pq.write_table(_to_arrow(st, STORIES_SCHEMA), stage / "agg_stories.parquet")
        _post_file_map(con, stage, names)
        _write_by_file(con, stage, STORIES, f"SELECT * FROM read_parquet('{s}/agg_stories.parquet')", "id")
        _ensure_nonempty(con, stage, STORIES, f"SELECT * FROM read_parquet('{s}/agg_stories.parquet') LIMIT 0")
        con.execute(f"""COPY ({TEMPLATES_SQL.format(col='title_key', stage=s, min_chars=rule.title_min_chars,
                                                     min_posts=rule.title_min_posts, min_authors=rule.title_min_authors,
                                                     author=AUTHOR_SQL)}
                              UNION ALL {TEMPLATES_SQL.format(col='body_key', stage=s, min_chars=rule.body_min_chars,
                                                              min_posts=rule.body_min_posts, min_authors=rule.body_min_authors,
                                                              author=AUTHOR_SQL)})
                        TO '{s}/story_keys/templates.parquet' (FORMAT parquet)""")
        n_stories = con.execute(f"SELECT count(DISTINCT story_id) FROM read_parquet('{s}/{STORIES}')").fetchall()[0][0]
    carry_facts = _facts_carry(plan)
    # The facts files written: every one, unless the previous version's are by file and the
    # stories were worked out incrementally (else any post's story id may have changed).
    by_file = carry_facts and changed_stories is not None and _by_file(plan.previous, FACTS)
    todo = (written | changed_stories.renamed_files) if by_file else names
    story, join = CARRIED_STORY_JOIN
    if changed_stories is not None:
        story, join = CARRIED_STORY_RENAMED
        old, new = zip(*sorted(changed_stories.renamed.items())) if changed_stories.renamed else ((), ())
        con.execute("CREATE OR REPLACE TEMP TABLE story_renamed AS SELECT unnest(?::BIGINT[]) AS old, unnest(?::BIGINT[]) AS new",
                    [list(old), list(new)])

    def files_of(version: Path, table: str, which: set[str]) -> str:
        """read_parquet of `version`'s `table` files of `which` (all of it when not by file)."""
        if which == names or not _by_file(version, table):
            return f"read_parquet('{sql_path(version / table)}')"
        return _parquet_list(_table_files(version, table, which), f"(SELECT * FROM read_parquet('{sql_path(version / table)}') LIMIT 0)")

    def carried(sql: str, t: str, table: str, which: set[str]) -> str:
        return sql.format(source=files_of(plan.previous, table, which), stage=s, story=story.format(t=t),
                          join=join.format(t=t, stage=s))
    posts_of = (lambda which: f"read_parquet('{s}/posts/*.parquet')" if which == names else
                _parquet_list([stage / "posts" / n for n in sorted(which)], f"(SELECT * FROM read_parquet('{s}/posts/*.parquet') LIMIT 0)"))
    facts_rows = POST_FACTS_ROWS.format(stage=s, posts=posts_of(todo), stories=files_of(stage, STORIES, todo),
                                        carried=carried(CARRIED_FACTS_SQL, "f", FACTS, todo) if carry_facts else "")
    _post_file_map(con, stage, todo)
    _write_by_file(con, stage, FACTS, facts_rows, "post_id")
    if by_file:
        _link_by_file(plan.previous, stage, FACTS, todo)
    _ensure_nonempty(con, stage, FACTS, f"SELECT * FROM ({facts_rows}) LIMIT 0")
    rules = rl.load_rules()
    types = rl.lender_types()
    signature = _rules_signature(rules, types)
    carry_hits = False
    if carry_facts and (plan.previous / HITS).exists():
        previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
        carry_hits = previous_meta.get("rules_signature") == signature
    hits_by_file = carry_hits and by_file and _by_file(plan.previous, HITS)
    hits_todo = todo if hits_by_file else names
    only = f"AND p.id IN (SELECT id FROM read_parquet('{s}/raw_posts.parquet'))" if carry_hits else ""
    # The staged posts are in the posts/ files this version wrote: only those are read (and
    # their facts and stories, in the files of the same names).
    derive = written if carry_hits else names
    theme_list = sorted({c.theme for r in rules for c in r.trigger if c.theme}) or [""]
    themes_sql = ", ".join("'" + t.replace("'", "''") + "'" for t in theme_list)
    facts_now = files_of(stage, FACTS, derive)
    posts = con.execute(f"""
        SELECT p.id, p.lender, p.published_at, p.source, p.themes, coalesce(st.story_id, p.id) AS story_id
        FROM {posts_of(derive)} p LEFT JOIN (SELECT id, story_id FROM {files_of(stage, STORIES, derive)}) st ON st.id = p.id
        WHERE (p.id IN (SELECT post_id FROM {facts_now})
           OR len(list_intersect(p.themes, [{themes_sql}])) > 0) {only}""").df()
    con.register("hit_posts", posts)
    facts = con.execute(f"""SELECT post_id, fact, party, mode, value, evidence FROM {facts_now}
                            WHERE post_id IN (SELECT id FROM hit_posts)
                            ORDER BY post_id, fact, party""").df()  # the store's order: evidence lists stay stable
    con.unregister("hit_posts")
    hits = rl.derive_hits(posts, facts, rules, types)
    pq.write_table(_to_arrow(hits, HIT_SCHEMA), stage / "agg_hits.parquet")
    hits_rows = f"SELECT * FROM read_parquet('{s}/agg_hits.parquet')"
    if carry_hits:
        hits_rows += f" UNION ALL {carried(CARRIED_HITS_SQL, 'h', HITS, hits_todo)}"
    if hits_todo != todo:
        _post_file_map(con, stage, hits_todo)
    _write_by_file(con, stage, HITS, hits_rows, "post_id")
    if hits_by_file:
        _link_by_file(plan.previous, stage, HITS, hits_todo)
    _ensure_nonempty(con, stage, HITS, f"SELECT * FROM read_parquet('{s}/agg_hits.parquet') LIMIT 0")
    (stage / "rules.json").write_text(json.dumps([r.to_json() for r in rules], ensure_ascii=False, indent=2), encoding="utf-8")
    n_facts = con.execute(f"SELECT count(*) FROM read_parquet('{s}/{FACTS}')").fetchone()[0]
    n_hits = con.execute(f"SELECT count(*) FROM read_parquet('{s}/{HITS}')").fetchone()[0]
    return ({"stories": int(n_stories), "post_facts": int(n_facts),
             "rule_hits": int(n_hits)}, signature, changed_stories)


@dataclass
class StoryChanges:
    """What an incremental publish changed of the previous stories. `renamed`: each previous
    story id whose story merged into another -> the new story's id (the facts and rule hits
    carried over take it). For the monthly counts (which count a post by its story id, and
    apart when its story is that post alone): `several`, stories of several posts merged into
    another; `alone`, stories of one post that merged or grew."""
    renamed: dict[int, int]
    several: list[int]
    alone: list[int]
    renamed_files: set[str] = frozenset()  # the posts/ files holding a post whose story id changed


STORIES_SCHEMA = pa.schema([("id", pa.int64()), ("story_id", pa.int64()), ("story_kind", pa.string()),
                            ("story_size", pa.int64())])
# An author who is empty or all mask counts as a different author each time (as in stories.py).
AUTHOR_SQL = "CASE WHEN length(trim(coalesce(k.author, ''), '*')) > 0 THEN k.author ELSE '?' || k.id::VARCHAR END"


def _stories_incremental(con: Any, stage: Path, s: str, plan: Plan, rule: stories.StoryRule,
                         written: set[str]) -> tuple[int, "StoryChanges"] | None:
    """stories.parquet from the previous version's, when the staged posts only add to the
    stories (new posts; edits of status and the like; a post joining a duplicate group):
    then a story only grows or merges with others. Returns False (compute all stories again)
    when a staged post left a template key or a duplicate group, which can split a story.

    Only the stories the staged posts touch are worked out, by the rule of
    stories.assign_stories: a key (title, body opening) shared by enough posts and authors
    joins its posts' stories; a post joins the story of its duplicate group's post. The
    stories not touched are copied in DuckDB as they were (issue 17: assign_stories over
    every post was 5 s of an update's publish at 1M posts). Returns the number of stories
    and the previous story ids whose posts changed story id or stopped being alone (see
    _counts_months), or None when they must all be worked out again.

    The stories files written are those of the posts/ files `written` and those holding a post
    whose row changed (story id, kind or size); the others are linked."""
    prev = plan.previous / STORIES
    previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
    prev_count = (previous_meta.get("counts") or {}).get("stories")
    if not prev.exists() or not (plan.previous / "story_keys" / "templates.parquet").exists() or prev_count is None:
        return None
    ps = sql_path(prev)
    keys_now = f"read_parquet('{s}/story_keys/p*.parquet')"
    cols = "id, author, title_key, body_key, dup_group"
    # The staged posts' keys, now and before: only in the files this version wrote, and the
    # previous version's files it did not link (a staged post is written again, so its old
    # row was in a file that was replaced), not in every month's files.
    empty = f"(SELECT {cols} FROM {keys_now} LIMIT 0)"
    now = con.execute(f"""SELECT {cols} FROM {_parquet_list(_unlinked(stage, plan.previous), empty)}
                          WHERE id IN (SELECT id FROM staged_ids)""").df()
    before = con.execute(f"""SELECT {cols} FROM {_parquet_list(_unlinked(plan.previous, stage), empty)}
                             WHERE id IN (SELECT id FROM staged_ids)""").df()
    both = now.merge(before, on="id", suffixes=("", "_old"))
    for col in ("author", "title_key", "body_key"):
        if (both[col].fillna("").astype(str).to_numpy() != both[col + "_old"].fillna("").astype(str).to_numpy()).any():
            return None
    old_group = pd.to_numeric(both["dup_group_old"], errors="coerce")
    if not (old_group.isna() | (old_group == pd.to_numeric(both["dup_group"], errors="coerce"))).all():
        return None  # a post left a duplicate group
    existing = set(before["id"].tolist())
    fresh = now[~now["id"].isin(existing)]
    title = now["title_key"].fillna("")
    body = now["body_key"].fillna("")
    fresh_ids = set(fresh["id"].astype("int64").tolist())
    templates_file = plan.previous / "story_keys" / "templates.parquet"
    if not {"n", "authors"} <= set(pq.read_schema(templates_file).names):
        return None
    wanted = {"title_key": set(title[title.str.len() >= rule.title_min_chars]),
              "body_key": set(body[body.str.len() >= rule.body_min_chars])}
    # Only the index rows of the staged posts' keys are read (a semi-join in DuckDB, not the
    # whole index into Python: at 1M posts that was half a second of an update's publish);
    # the other rows are carried over in DuckDB when the index is written again (below).
    con.register("wanted_keys", pd.DataFrame({"kind": pd.Series([c for c in wanted for _ in wanted[c]], dtype=object),
                                              "key": pd.Series([k for c in wanted for k in wanted[c]], dtype=object)}))
    try:
        index = con.execute(f"""SELECT t.* FROM read_parquet('{sql_path(templates_file)}') t
                                SEMI JOIN wanted_keys w ON w.kind = t.kind AND w.key = t.key""").df()
    finally:
        con.unregister("wanted_keys")
    good_rows, counted_rows = index[index["story_id"].notna()], index[index["story_id"].isna()]
    known = {col: dict(zip(good_rows.loc[good_rows["kind"] == col, "key"],
                           good_rows.loc[good_rows["kind"] == col, "story_id"].astype("int64")))
             for col in ("title_key", "body_key")}
    counted: dict[str, dict[str, tuple[int, list[str]]]] = {
        col: {k: (int(n), list(a)) for k, n, a in zip(counted_rows.loc[counted_rows["kind"] == col, "key"],
                                                      counted_rows.loc[counted_rows["kind"] == col, "n"],
                                                      counted_rows.loc[counted_rows["kind"] == col, "authors"])}
        for col in ("title_key", "body_key")}
    # A post's story before this update (its own id for a new post): the nodes joined here.
    # (Published before, a staged post was in a previous posts/ file that this version replaced:
    # only those files' stories are read, not every month's.)
    gone_or_replaced = {f.name for f in _unlinked(plan.previous, stage, "posts")}
    con.execute(f"""CREATE OR REPLACE TEMP TABLE staged_prev AS
                    SELECT id, story_id FROM {_previous_stories(plan, gone_or_replaced)} WHERE id IN (SELECT id FROM staged_ids)""")
    staged_nodes = con.execute("""SELECT k.id, coalesce(st.story_id, k.id) AS node FROM staged_ids k
                                  LEFT JOIN staged_prev st ON st.id = k.id""").df()
    node_of = dict(zip(staged_nodes["id"].astype("int64").tolist(), staged_nodes["node"].astype("int64").tolist()))
    groups = []
    author_of = dict(zip(now["id"].astype("int64").tolist(),
                         [a if len(str(a or "").strip("*")) > 0 else f"?{i}" for i, a in zip(now["id"], now["author"])]))
    scan: dict[str, set[str]] = {}
    for col, min_authors in (("title_key", rule.title_min_authors), ("body_key", rule.body_min_authors)):
        # Templates already: the key's story, and the staged posts holding the key.
        hit = now[now[col].isin(wanted[col] & known[col].keys())]
        if len(hit):
            nodes = hit.groupby(col)["id"].agg(list)
            groups.append(pd.DataFrame({"key": nodes.index, "col": col, "newly": False,
                                        "nodes": [[known[col][k], *[node_of[int(i)] for i in ids]] for k, ids in nodes.items()],
                                        "members": [[] for _ in range(len(nodes))]}))  # (not newly: not needed)
        # Enough posts but too few authors: counted on; read again only when it becomes a template.
        scan[col] = wanted[col] - known[col].keys() - counted[col].keys()
        for key, ids in now[now[col].isin(wanted[col] & counted[col].keys())].groupby(col)["id"].agg(list).items():
            n, authors = counted[col][key]
            new_ids = [int(i) for i in ids if int(i) in fresh_ids]
            authors = sorted(set(authors) | {author_of[i] for i in new_ids})
            if len(authors) >= min_authors:
                scan[col].add(key)
                del counted[col][key]
            else:
                counted[col][key] = (n + len(new_ids), authors)
    # Not templates yet: count the key's posts and authors over the archive (few keys, few posts).
    for table, col in (("kt", "title_key"), ("kb", "body_key")):
        keys_ = sorted(scan[col])
        hashes = key_hashes(keys_)
        if len(set(hashes)) < len(hashes):
            return None  # two keys of the staged posts share a hash (never seen): all stories again
        con.register(table, pd.DataFrame({"key": pd.Series(keys_, dtype=object), "h": pd.Series(hashes, dtype="int64")}))
    try:
        for col, table, min_posts, min_authors in (("title_key", "kt", rule.title_min_posts, rule.title_min_authors),
                                                   ("body_key", "kb", rule.body_min_posts, rule.body_min_authors)):
            if not scan[col]:
                continue
            found_groups = _key_groups(con, stage, plan, col, table, min_posts, min_authors)
            if found_groups is None:
                return None
            ok = found_groups["a"] >= min_authors
            for key, n, authors in zip(found_groups.loc[~ok, "key"], found_groups.loc[~ok, "n"], found_groups.loc[~ok, "authors"]):
                counted[col][key] = (int(n), sorted(authors))
            groups.append(found_groups[ok].drop(columns=["authors"])
                          .assign(col=col, newly=lambda d, mp=min_posts, ma=min_authors: (d["n_old"] < mp) | (d["a_old"] < ma)))
    finally:
        con.unregister("kt")
        con.unregister("kb")
    good = pd.concat(groups, ignore_index=True) if groups else pd.DataFrame(
        {"key": pd.Series(dtype=object), "col": pd.Series(dtype=object), "newly": pd.Series(dtype=bool),
         "nodes": pd.Series(dtype=object), "members": pd.Series(dtype=object)})
    # The duplicate groups of the staged posts: each post joins its group's post, when published.
    linked = now[now["dup_group"].notna()]
    linked = linked[linked["dup_group"].astype("int64") != linked["id"]]
    targets = sorted(set(linked["dup_group"].astype("int64").tolist()))
    found = pd.DataFrame({"id": pd.Series(dtype="int64"), "story_id": pd.Series(dtype="float64")})
    if targets:  # (no query when none: it reads every post's id)
        con.register("targets", pd.DataFrame({"id": pd.Series(targets, dtype="int64")}))
        try:
            found = con.execute(f"""SELECT k.id, st.story_id FROM {keys_now} k LEFT JOIN read_parquet('{ps}') st ON st.id = k.id
                                    WHERE k.id IN (SELECT id FROM targets)""").df()
        finally:
            con.unregister("targets")
    node_of_target = {int(i): int(i if pd.isna(g) else g) for i, g in zip(found["id"], found["story_id"])}
    linked = linked[linked["dup_group"].astype("int64").isin(node_of_target.keys())]

    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # a story is named by its smallest post id

    for nodes in good["nodes"]:
        nodes = [int(n) for n in nodes]
        for n in nodes[1:]:
            union(nodes[0], n)
    for i, g in zip(linked["id"].astype("int64"), linked["dup_group"].astype("int64")):
        union(node_of[int(i)], node_of_target[int(g)])
    for i in fresh["id"].astype("int64"):
        find(int(i))
    # Sizes: the previous stories' sizes plus the new posts.
    old_nodes = sorted(n for n in parent if n not in fresh_ids)
    sizes = pd.DataFrame({"story_id": pd.Series(dtype="int64"), "size": pd.Series(dtype="int64"),
                          "files": pd.Series(dtype=object)})
    if old_nodes:  # (no query when none: it reads every post's story id)
        con.register("old_nodes", pd.DataFrame({"id": pd.Series(old_nodes, dtype="int64")}))
        try:
            # (With the files holding each story's posts: those written again when it changes.)
            sizes = con.execute(f"""SELECT story_id, any_value(story_size) AS size, list(DISTINCT parse_filename(filename)) AS files
                                    FROM read_parquet('{ps}', filename = true)
                                    WHERE story_id IN (SELECT id FROM old_nodes) GROUP BY story_id""").df()
        finally:
            con.unregister("old_nodes")
    size_of = {int(n): 1 for n in fresh["id"]}
    size_of.update(zip(sizes["story_id"].astype("int64").tolist(), sizes["size"].astype("int64").tolist()))
    files_of_story = {int(n): {str(f) for f in fs} for n, fs in zip(sizes["story_id"], sizes["files"])}
    root_size: dict[int, int] = {}
    for n in parent:
        root_size[find(n)] = root_size.get(find(n), 0) + size_of.get(n, 1)
    story_map = pd.DataFrame({"old": pd.Series(old_nodes, dtype="int64"),
                              "story_id": pd.Series([find(n) for n in old_nodes], dtype="int64"),
                              "size": pd.Series([root_size[find(n)] for n in old_nodes], dtype="int64")})
    # Per-post kinds that change: members of a key group that became a template, and both
    # ends of a duplicate link (a template member stays a template).
    template_ids: set[int] = set(fresh["id"][fresh["title_key"].isin(set(good.loc[good["col"] == "title_key", "key"]))
                                            | fresh["body_key"].isin(set(good.loc[good["col"] == "body_key", "key"]))])
    newly = good[good["newly"]]
    for members in newly["members"]:  # (every post holding the key: _key_groups found them)
        template_ids.update(int(i) for i in members)
    dup_ids = set(linked["id"].astype("int64").tolist()) | set(linked["dup_group"].astype("int64").tolist())
    flagged = sorted(template_ids | dup_ids)
    flags = pd.DataFrame({"id": pd.Series(flagged, dtype="int64"),
                          "kind": pd.Series(["template" if i in template_ids else "duplicate" for i in flagged], dtype=object)})
    new_rows = pd.DataFrame({"id": fresh["id"].astype("int64").to_numpy()})
    # (int64 even with no new post: an empty list would be float64, and the stories files DOUBLE.)
    new_rows["story_id"] = pd.Series([find(int(i)) for i in new_rows["id"]], dtype="int64")
    new_rows["story_size"] = pd.Series([root_size[find(int(i))] for i in new_rows["id"]], dtype="int64")
    con.register("story_map", story_map)
    con.register("story_flags", flags)
    con.register("story_new", new_rows)
    kind = """CASE WHEN coalesce(m.size, p.story_size) <= 1 THEN 'organic'
                   WHEN p.story_kind = 'template' OR f.kind = 'template' THEN 'template'
                   WHEN f.kind = 'duplicate' THEN 'duplicate'
                   ELSE p.story_kind END"""
    try:
        names = {f.name for f in (stage / "posts").glob("*.parquet")}
        if _by_file(plan.previous, STORIES):
            # The previous files holding a row that changes: the posts of a story that merged
            # (renamed) or grew, and a post whose kind may change (flagged, published before:
            # looked up by id only when there are any, e.g. a new duplicate of an old post).
            renamed_files = {f for n in old_nodes if find(n) != n for f in files_of_story.get(n, ())}
            grown = {f for n in old_nodes if root_size[find(n)] != size_of.get(n, 1) for f in files_of_story.get(n, ())}
            flagged_old = [i for i in flagged if i not in fresh_ids]
            kinds = {str(f) for (f,) in con.execute(
                f"""SELECT DISTINCT parse_filename(filename) FROM read_parquet('{ps}', filename = true)
                    WHERE id IN (SELECT unnest(?::BIGINT[]))""", [flagged_old]).fetchall()} if flagged_old else set()
            todo = (written | renamed_files | grown | kinds) & names
            renamed_files &= names
            # Also the previous files of posts/ files gone (their posts all moved to another
            # month): a moved post's row is in its old file's, and goes to its new file.
            gone = {f.name for f in (plan.previous / "posts").glob("*.parquet")} - names
            source = _parquet_list(_table_files(plan.previous, STORIES, todo | gone),
                                   f"(SELECT * FROM read_parquet('{ps}') LIMIT 0)")
        else:  # one file: written whole, by file
            todo, renamed_files, source = names, names, f"read_parquet('{ps}')"
        _post_file_map(con, stage, todo)
        _write_by_file(con, stage, STORIES, f"""
            SELECT p.id, coalesce(m.story_id, p.story_id) AS story_id, {kind} AS story_kind,
                   coalesce(m.size, p.story_size)::BIGINT AS story_size
            FROM {source} p LEFT JOIN story_map m ON m.old = p.story_id LEFT JOIN story_flags f ON f.id = p.id
            UNION ALL
            SELECT n.id, n.story_id, CASE WHEN n.story_size <= 1 THEN 'organic' ELSE coalesce(f.kind, 'organic') END,
                   n.story_size::BIGINT
            FROM story_new n LEFT JOIN story_flags f ON f.id = n.id""", "id")
        _link_by_file(plan.previous, stage, STORIES, todo)
        _ensure_nonempty(con, stage, STORIES, f"SELECT * FROM read_parquet('{ps}') LIMIT 0")
    finally:
        for name in ("story_map", "story_flags", "story_new"):
            con.unregister(name)
    # The template keys now: the previous ones, their stories renamed where merged, and the new
    # ones. The rows of the keys read above (or found) are written from Python; every other
    # previous row is copied by DuckDB, its story renamed where merged.
    renamed = dict(zip(story_map["old"].tolist(), story_map["story_id"].tolist()))
    rows = [(col, k, renamed.get(int(sid), int(sid)), None, None) for col in known for k, sid in known[col].items()]
    rows += [(col, k, find(int(nodes[0])), None, None) for col, k, nodes in zip(newly["col"], newly["key"], newly["nodes"])]
    rows += [(col, k, None, n, authors) for col in counted for k, (n, authors) in counted[col].items()]
    replaced = {(str(kind_), str(k)) for kind_, k in zip(index["kind"], index["key"])} | {(r[0], r[1]) for r in rows}
    con.register("templates_now", pa.Table.from_pylist([dict(zip(TEMPLATES_SCHEMA.names, r)) for r in rows], schema=TEMPLATES_SCHEMA))
    con.register("templates_replaced", pd.DataFrame({"kind": pd.Series([r[0] for r in replaced], dtype=object),
                                                     "key": pd.Series([r[1] for r in replaced], dtype=object)}))
    con.register("templates_renamed", pd.DataFrame({"old": pd.Series(list(renamed), dtype="int64"),
                                                    "new": pd.Series(list(renamed.values()), dtype="int64")}))
    try:
        con.execute(f"""COPY (SELECT t.kind, t.key, coalesce(r.new, t.story_id) AS story_id, t.n, t.authors
                              FROM read_parquet('{sql_path(templates_file)}') t
                              ANTI JOIN templates_replaced x ON x.kind = t.kind AND x.key = t.key
                              LEFT JOIN templates_renamed r ON r.old = t.story_id
                              UNION ALL SELECT * FROM templates_now)
                        TO '{s}/story_keys/templates.parquet' (FORMAT parquet)""")
    finally:
        for name in ("templates_now", "templates_replaced", "templates_renamed"):
            con.unregister(name)
    # The previous stories whose posts now count differently in the monthly counts: renamed
    # (merged into a story of a smaller id) or a single post no longer alone. A story that only
    # grew keeps its id and stays a story of several posts: its other posts' counts stand.
    changed = StoryChanges(renamed={n: find(n) for n in old_nodes if find(n) != n},
                           several=[n for n in old_nodes if size_of.get(n, 1) > 1 and find(n) != n],
                           alone=[n for n in old_nodes if size_of.get(n, 1) <= 1 and (find(n) != n or root_size[find(n)] > 1)],
                           renamed_files=renamed_files)
    # Each previous story touched here is replaced by its (possibly merged) story.
    return int(prev_count) - len(old_nodes) + len({find(n) for n in list(parent)}), changed


def _previous_stories(plan: Plan, names: set[str]) -> str:
    """read_parquet of the previous version's stories rows of the posts/ files `names` (the
    whole table when it is one file, as versions before issue 17's partitioning wrote it)."""
    prev = plan.previous / STORIES
    if not _by_file(plan.previous, STORIES):
        return f"read_parquet('{sql_path(prev)}')"
    return _parquet_list(_table_files(plan.previous, STORIES, names), f"(SELECT * FROM read_parquet('{sql_path(prev)}') LIMIT 0)")


def _key_groups(con: Any, stage: Path, plan: Plan, col: str, table: str, min_posts: int,
                min_authors: int) -> pd.DataFrame | None:
    """The groups of posts holding the keys of `table` (key, h: the staged posts' keys of
    column `col` that the template index does not hold), over every post, with at least
    `min_posts` posts: key, n, a (distinct authors), n_old and a_old (those of the posts
    published before), nodes (their previous stories, or their own ids) and members (the
    posts' ids) of the groups of min_authors, authors (when fewer than min_authors). None: a hash matched another key (work out all stories again).

    An index row is kept for a key of min_posts posts, so a key looked up here had fewer before
    this update: most keys have no other post, and few groups reach min_posts. So the posts
    holding the keys are found by their hash alone (one integer column of every post's keys:
    reading the keys' text, or the authors, of every month was most of an update's publish
    that grew with the archive, issue 17); only for the groups of min_posts posts are their
    authors read, from the files holding them, and their stories, from the stories files of
    the same names. A group that makes a template (its posts join one story) has its posts'
    keys compared too; a group short of authors is counted by its hash (64 bits: a false
    match among ten million keys has a chance of about 1e-12 per lookup)."""
    hcol = col.replace("_key", "_hash")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE key_hits AS
                    SELECT id, {hcol} AS h, parse_filename(filename) AS file
                    FROM read_parquet('{sql_path(stage)}/story_keys/p*.parquet', filename = true)
                    WHERE {hcol} IN (SELECT h FROM {table})""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE key_rel AS
                    SELECT * FROM key_hits WHERE h IN (SELECT h FROM key_hits GROUP BY h HAVING count(*) >= {min_posts})""")
    names = {str(f) for (f,) in con.execute("SELECT DISTINCT file FROM key_rel").fetchall()}
    empty = pd.DataFrame({"key": pd.Series(dtype=object), "n": pd.Series(dtype="int64"), "a": pd.Series(dtype="int64"),
                          "n_old": pd.Series(dtype="int64"), "a_old": pd.Series(dtype="int64"),
                          "nodes": pd.Series(dtype=object), "members": pd.Series(dtype=object),
                          "authors": pd.Series(dtype=object)})
    if not names:
        return empty
    holding = [stage / "story_keys" / n for n in sorted(names)]
    con.execute(f"""CREATE OR REPLACE TEMP TABLE key_posts AS
                    SELECT k.id, k.author, t.key AS {col}, t.h
                    FROM (SELECT id, author, {hcol} AS h FROM {parquet_files(holding)}
                          WHERE {hcol} IN (SELECT h FROM key_rel)) k JOIN {table} t ON t.h = k.h""")
    found = con.execute(f"""
        SELECT k.{col} AS key, count(*) AS n, count(DISTINCT {AUTHOR_SQL}) AS a,
               CASE WHEN count(DISTINCT {AUTHOR_SQL}) < {min_authors}
                    THEN list(DISTINCT {AUTHOR_SQL} ORDER BY {AUTHOR_SQL}) END AS authors
        FROM key_posts k GROUP BY k.{col} HAVING count(*) >= {min_posts}""").df()
    templates = found.loc[found["a"] >= min_authors, "key"].tolist()
    if not templates:  # (a group short of authors is counted on: its stories are not needed)
        return found.assign(n_old=0, a_old=0, nodes=[[] for _ in range(len(found))], members=[[] for _ in range(len(found))])
    # Posts join one story by these keys: their text compared, in the files holding them.
    con.register("template_keys", pd.DataFrame({"key": pd.Series(templates, dtype=object),
                                                "h": pd.Series(key_hashes(templates), dtype="int64")}))
    try:
        files = [stage / "story_keys" / str(f) for (f,) in con.execute(
            "SELECT DISTINCT file FROM key_rel WHERE h IN (SELECT h FROM template_keys)").fetchall()]
        other = con.execute(f"""SELECT count(*) FROM {parquet_files(sorted(files))} k JOIN template_keys t ON t.h = k.{hcol}
                                WHERE k.{col} IS DISTINCT FROM t.key""").fetchall()[0][0]
        if other:
            return None
        # Their previous stories: a post not staged is in the previous stories file of its posts/
        # file's name (that file is linked, or written again from the previous one); a staged one
        # published before, in staged_prev.
        names = {f.name for f in files}
        previous = f"""(SELECT id, story_id FROM {_previous_stories(plan, names)} WHERE id IN (SELECT id FROM key_posts)
                        UNION SELECT id, story_id FROM staged_prev WHERE id IN (SELECT id FROM key_posts))"""
        old = con.execute(f"""
            SELECT k.{col} AS key, count(st.id) AS n_old,
                   count(DISTINCT {AUTHOR_SQL}) FILTER (WHERE st.id IS NOT NULL) AS a_old,
                   list(DISTINCT coalesce(st.story_id, k.id)) AS nodes, list(k.id) AS members
            FROM key_posts k LEFT JOIN {previous} st ON st.id = k.id
            WHERE k.{col} IN (SELECT key FROM template_keys)
            GROUP BY k.{col}""").df()
    finally:
        con.unregister("template_keys")
    of = {str(k): (int(n), int(a), list(v), [int(i) for i in m])
          for k, n, a, v, m in zip(old["key"], old["n_old"], old["a_old"], old["nodes"], old["members"])}
    none = (0, 0, [], [])
    return found.assign(n_old=[of.get(k, none)[0] for k in found["key"]], a_old=[of.get(k, none)[1] for k in found["key"]],
                        nodes=[of.get(k, none)[2] for k in found["key"]], members=[of.get(k, none)[3] for k in found["key"]])


FILE_SUMMARY_SQL = """
SELECT count(*) AS posts, count(*) FILTER (WHERE counted) AS counted,
       count(*) FILTER (WHERE NOT counted) AS duplicates,
       count(*) FILTER (WHERE counted AND len(themes) > 0) AS themed,
       coalesce(list(DISTINCT lender ORDER BY lender) FILTER (WHERE lender <> ''), []) AS lenders,
       strftime(min(published_at), '%Y-%m-%d %H:%M:%S.%f') AS first,
       strftime(max(published_at), '%Y-%m-%d %H:%M:%S.%f') AS last,
       count(*) FILTER (WHERE {demo}) AS demo_posts,
       coalesce(list(DISTINCT source ORDER BY source), []) AS sources,
       (SELECT coalesce(json_group_object(v, n), '{{}}') FROM (
           SELECT tagged_version AS v, count(*) AS n FROM read_parquet('{posts}')
           WHERE tagged_version IS NOT NULL GROUP BY 1)) AS lexicons
FROM read_parquet('{posts}')
"""


def _file_summaries(con: Any, stage: Path, plan: Plan | None) -> dict[str, dict[str, Any]]:
    """Per posts/ file, what meta.json's counts are summed from (kept in meta.json
    partitions.files): a file linked from the previous version keeps its summary, so an
    update reads only the files it wrote (issue 17), not every month's urls and authors."""
    previous: dict[str, Any] = {}
    if plan is not None:
        previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
        previous = (previous_meta.get("partitions") or {}).get("files") or {}
    out: dict[str, dict[str, Any]] = {}
    for f in sorted((stage / "posts").glob("*.parquet")):
        if f.name in previous and plan is not None:
            try:
                if os.stat(f).st_ino == os.stat(plan.previous / "posts" / f.name).st_ino:
                    out[f.name] = previous[f.name]
                    continue
            except OSError:
                pass
        row = con.execute(FILE_SUMMARY_SQL.format(posts=sql_path(f), demo=_demo_condition())).df().iloc[0]
        out[f.name] = {k: (row[k] if k in ("first", "last") and isinstance(row[k], str) else
                           None if k in ("first", "last") else
                           json.loads(row[k]) if k == "lexicons" else
                           [str(x) for x in row[k]] if k in ("lenders", "sources") else int(row[k]))
                       for k in ("posts", "counted", "duplicates", "themed", "lenders", "first", "last", "demo_posts",
                                 "sources", "lexicons")}
    return out


def _combine_summaries(summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The whole snapshot's figures from the files' summaries (see _file_summaries)."""
    parts = list(summaries.values())
    firsts = [p["first"] for p in parts if p["first"]]
    lasts = [p["last"] for p in parts if p["last"]]
    lexicons: dict[str, int] = {}
    for p in parts:
        for v, n in p["lexicons"].items():
            lexicons[v] = lexicons.get(v, 0) + int(n)
    out: dict[str, Any] = {k: sum(p[k] for p in parts) for k in ("posts", "counted", "duplicates", "themed", "demo_posts")}
    out["lenders"] = len({x for p in parts for x in p["lenders"]})
    out["sources"] = sorted({x for p in parts for x in p["sources"]})
    out["first"] = pd.Timestamp(min(firsts)) if firsts else None
    out["last"] = pd.Timestamp(max(lasts)) if lasts else None
    # The lexicon that tagged the most posts (ties: the later version name).
    out["lexicon_version"] = max(lexicons.items(), key=lambda kv: (kv[1], kv[0]))[0] if lexicons else None
    return out


def _write_story_keys(con: Any, stage: Path, plan: Plan | None, prefix: int, merged: set[str]) -> None:
    """story_keys/<file> for every posts/<file>: hard-linked from the previous version where
    the posts file is the same file (linked) and the keys were cut at the same prefix; for a
    file `merged` (the previous file's rows less the staged posts, plus staged posts), the
    previous file's keys of the rows kept and computed keys of the staged rows; else computed
    from the file's posts."""
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
            if posts_file.name in merged and old_keys.exists():
                file = sql_path(posts_file)
                kept = con.sql(f"""SELECT * FROM read_parquet('{sql_path(old_keys)}')
                                   WHERE id IN (SELECT id FROM read_parquet('{file}'))
                                     AND id NOT IN (SELECT id FROM staged_ids)""").to_arrow_table()
                fresh = _story_keys_of(con, posts_file, prefix, "WHERE id IN (SELECT id FROM staged_ids)")
                pq.write_table(pa.concat_tables([kept.cast(STORY_KEYS_SCHEMA), fresh]), target, compression="zstd")
                continue
        pq.write_table(_story_keys_of(con, posts_file, prefix), target, compression="zstd")


def _story_keys_of(con: Any, posts_file: Path, prefix: int, where: str = "") -> pa.Table:
    keys = con.execute(STORY_KEYS_MONTH_SQL.format(prefix=prefix, posts=sql_path(posts_file), where=where)).df()
    # The title key in Python (stories.text_key), once per post written: over every
    # title at every publish it was a second per million posts.
    keys["title_key"] = keys["title"].map(stories.text_key)
    keys["title_hash"] = pd.array(key_hashes(keys["title_key"]), dtype="Int64")
    keys["body_hash"] = pd.array(key_hashes(keys["body_key"]), dtype="Int64")
    return _to_arrow(keys, STORY_KEYS_SCHEMA)


def _unlinked(version: Path, other: Path, folder: str = "story_keys") -> list[Path]:
    """The month files of `version`/`folder` that are not the same file in `other`."""
    out = []
    for f in sorted((version / folder).glob("p*.parquet")):
        try:
            if os.stat(f).st_ino == os.stat(other / folder / f.name).st_ino:
                continue
        except OSError:
            pass
        out.append(f)
    return out


def _parquet_list(files: list[Path], empty: str) -> str:
    """read_parquet of these files, or `empty` (a query of no rows) when there are none."""
    return parquet_files(files) if files else empty


# stories, post_facts and rule_hits are partitioned like posts/ (issue 17): one file per
# posts/ file, of the same name, holding the rows of that file's posts, in a directory named
# as the single file older versions wrote. DuckDB (>= 2), pyarrow and pandas read a directory
# of Parquet files given its path as one table, so a reader reads either layout alike. An
# update writes the files of the posts/ files it wrote and of those whose rows changed (a
# story merged or grew) and hard-links the others from the previous version.
STORIES, FACTS, HITS = "stories.parquet", "post_facts.parquet", "rule_hits.parquet"
BY_POSTS_FILE = (STORIES, FACTS, HITS)


def _by_file(version: Path, table: str) -> bool:
    """Whether `version`'s `table` is partitioned by posts/ file (else one file, or none)."""
    return (version / table).is_dir()


def _post_file_map(con: Any, stage: Path, names: set[str]) -> None:
    """TEMP TABLE post_file (id, file): the posts of these posts/ files and the file holding each."""
    files = [stage / "posts" / n for n in sorted(names)]
    source = (parquet_files(files, "filename = true") if files
              else "(SELECT NULL::BIGINT AS id, NULL::VARCHAR AS filename WHERE false)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE post_file AS SELECT id, parse_filename(filename, true) AS file FROM {source}")


def _write_by_file(con: Any, stage: Path, table: str, rows_sql: str, id_col: str) -> set[str]:
    """`rows_sql`'s rows into stage/`table`/<posts file>, each row in the file of its post
    (`id_col`, looked up in post_file: rows of other posts are dropped). Returns the names written."""
    out = stage / table
    out.mkdir(exist_ok=True)
    tmp = stage / f"by_file-{table}"
    con.execute(f"""COPY (SELECT r.*, pf.file AS by_file FROM ({rows_sql}) r JOIN post_file pf ON pf.id = r.{id_col})
                    TO '{sql_path(tmp)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (by_file), OVERWRITE_OR_IGNORE)""")
    written: set[str] = set()
    for part in sorted(tmp.glob("by_file=*")) if tmp.exists() else []:
        name = part.name.split("=", 1)[1] + ".parquet"
        pieces = sorted(part.glob("*.parquet"))
        if len(pieces) == 1:
            os.replace(pieces[0], out / name)
        else:  # (DuckDB may write a partition in several files: one per file here)
            con.execute(f"COPY (SELECT * FROM {parquet_files(pieces)}) TO '{sql_path(out / name)}' (FORMAT parquet, COMPRESSION zstd)")
        written.add(name)
    shutil.rmtree(tmp, ignore_errors=True)
    return written


def _link_by_file(previous: Path, stage: Path, table: str, skip: set[str]) -> None:
    """Hard-link the previous version's `table` files of the posts/ files not in `skip` (those
    written here), for the posts/ files this version has."""
    if not _by_file(previous, table):
        return
    (stage / table).mkdir(exist_ok=True)
    names = {f.name for f in (stage / "posts").glob("*.parquet")}
    for old in sorted((previous / table).glob("*.parquet")):
        if old.name in names and old.name not in skip and not (stage / table / old.name).exists():
            link_or_copy(old, stage / table / old.name)


def _ensure_nonempty(con: Any, stage: Path, table: str, empty_sql: str) -> None:
    """A table with no rows at all still has one (empty) file: readers read its columns."""
    (stage / table).mkdir(exist_ok=True)
    if not any((stage / table).glob("*.parquet")):
        con.execute(f"COPY ({empty_sql}) TO '{sql_path(stage / table / partition_name('none'))}' (FORMAT parquet)")


def _table_files(version: Path, table: str, names: set[str]) -> list[Path]:
    """The files of `names` (posts/ file names) in `version`'s partitioned `table`."""
    return [version / table / n for n in sorted(names) if (version / table / n).exists()]



def _story_keys_format(prefix: int) -> str:
    """What story_keys/ files hold: a version may link the previous one's only if equal."""
    return f"title_key,body_key[:{prefix}],title_hash,body_hash"


def _stage_parts(con: Any, stage: Path, s: str) -> None:
    """The staged posts joined with their aggregates, under parts/bucket=<month>/ (see CHUNK_SQL)."""
    ids = con.execute(f"SELECT id FROM read_parquet('{s}/raw_posts.parquet') ORDER BY id").df()["id"].tolist()
    # Chunks of JOIN_CHUNK staged posts (not of the id range: an update's staged ids are sparse).
    for part, lo in enumerate(range(0, len(ids), JOIN_CHUNK)):
        chunk = ids[lo:lo + JOIN_CHUNK]
        select = POSTS_SELECT.format(stage=s, lo=chunk[0], hi=chunk[-1])
        con.execute(CHUNK_SQL.format(select=select, stage=s, part=part))


def _write_posts(con: Any, stage: Path, s: str, months: set[str] | None) -> list[str]:
    """posts/<month>.parquet, each newest first, in bounded memory (see CHUNK_SQL); only the
    `months` given (None: all). Returns the months written."""
    _stage_parts(con, stage, s)
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


def _link_untouched(plan: Plan, stage: Path, removed: set[str]) -> None:
    """Hard-link the previous version's files not written again (published files are never
    written again, so sharing them is safe); copy where links are impossible. Not the files
    `removed` (their posts all moved to other months)."""
    for name in PARTITIONED:
        for old in sorted((plan.previous / name).glob("p*.parquet")):
            if (stage / name / old.name).exists() or old.name in removed:
                continue  # written by this publish
            link_or_copy(old, stage / name / old.name)


def _counts_months(con: Any, stage: Path, plan: Plan | None, bits: dict[str, int],
                   changes: StoryChanges | None) -> dict[str | None, list[str]] | None:
    """The months whose monthly counts (trends.write_counts) this version can change, each
    with its posts/ files ({'YYYY-MM-01' or None for undated: [files]}); None: count every month.

    A month's counts change when one of its posts/ files is not the previous version's (posts
    written, replaced or compacted), or when one of its counted posts changed story id or
    stopped being alone in its story (`changes`, from _stories_incremental): the months of
    those stories of several posts are in the previous multi_story_cells, a post alone is
    looked up by its id. Every month is counted again when the stories were all worked out
    again or the theme bits differ from the previous version's (the per-theme columns)."""
    if plan is None or changes is None:
        return None
    previous_meta = json.loads((plan.previous / "meta.json").read_text(encoding="utf-8"))
    if {str(t): int(b) for t, b in (previous_meta.get("theme_bits") or {}).items()} != bits:
        return None
    if not all((plan.previous / name).exists() for name in trends.COUNT_FILES.values()):
        return None
    buckets: set[str] = set()
    names = {f.name for f in (stage / "posts").glob("*.parquet")} | {f.name for f in (plan.previous / "posts").glob("*.parquet")}
    for name in names:
        try:
            same = os.stat(stage / "posts" / name).st_ino == os.stat(plan.previous / "posts" / name).st_ino
        except OSError:
            same = False
        if not same:
            buckets.add(_file_bucket(name))
    for ids, sql in ((changes.several, f"""SELECT DISTINCT strftime(month, '%Y%m') FROM read_parquet(
                         '{sql_path(plan.previous / trends.COUNT_FILES[trends.MULTI])}') WHERE story_id IN (SELECT unnest(?::BIGINT[]))"""),
                     (changes.alone, f"""SELECT DISTINCT coalesce(strftime(published_at, '%Y%m'), 'none')
                         FROM read_parquet('{sql_path(stage)}/posts/*.parquet') WHERE id IN (SELECT unnest(?::BIGINT[]))""")):
        if not ids:
            continue
        buckets.update(str(b) for (b,) in con.execute(sql, [sorted(ids)]).fetchall() if b is not None)
    return {(None if b == "none" else f"{b[:4]}-{b[4:]}-01"): [str(f) for f in _month_files(stage / "posts", b)]
            for b in sorted(buckets)}


def _partitions(stage: Path) -> dict[str | None, list[str]]:
    """Every month's posts/ files, keyed as _counts_months keys them."""
    buckets = {_file_bucket(f.name) for f in (stage / "posts").glob("*.parquet")}
    return {(None if b == "none" else f"{b[:4]}-{b[4:]}-01"): [str(f) for f in _month_files(stage / "posts", b)]
            for b in sorted(buckets)}


def _file_bucket(name: str) -> str:
    """The month (YYYYMM, or 'none') of a posts/ file name (see partition_name, _delta_name)."""
    stem = name.split(".")[0].split("-")[0]
    return "none" if stem == "pnone" else f"{999999 - int(stem[1:]):06d}"


def _count_linked(plan: Plan, stage: Path) -> int:
    """posts/ files shared with the previous version."""
    n = 0
    for f in (stage / "posts").glob("*.parquet"):
        try:
            n += os.stat(f).st_ino == os.stat(plan.previous / "posts" / f.name).st_ino
        except OSError:
            pass
    return n


def _month_files(directory: Path, bucket: str) -> list[Path]:
    """A month's files in `directory`, in read (glob) order: its deltas, newest first, then its base."""
    base = directory / partition_name(bucket)
    return sorted(directory.glob(base.name[:-len(".parquet")] + "-*.parquet")) + ([base] if base.exists() else [])


def _delta_name(bucket: str, seq: int) -> str:
    """The seq-th delta file of a month: later deltas (newer posts) sort first, and all of a
    month's deltas before its base ('-' sorts before '.'), so file order stays newest first."""
    return partition_name(bucket)[:-len(".parquet")] + f"-{DELTA_SEQ_MAX - seq:05d}.parquet"


def _delta_seq(file_name: str) -> int:
    return DELTA_SEQ_MAX - int(file_name.split(".")[0].split("-")[1]) if "-" in file_name else 0


# A month is a base file and delta files (issue 17: at 10M posts a month holds ~280k, and an
# hourly update rewrote the newest month whole). Each delta holds a time range newer than the
# files after it; the month is compacted into one base file when its deltas hold more than
# DELTA_FRACTION of the base's rows or there are more than MAX_DELTAS of them, so the
# amortised cost of an update stays proportional to its posts.
DELTA_FRACTION = 0.5
MAX_DELTAS = 8
DELTA_SEQ_MAX = 99999
ORDER_POSTS = "ORDER BY published_at DESC NULLS LAST, id DESC"


def _sort_keys(published: Any, ids: Any) -> tuple[Any, Any]:
    """(published_at as int64 microseconds, -1 when undated; id): the order of a month's files."""
    pub = pd.to_datetime(pd.Series(published), errors="coerce").astype("datetime64[us]")
    micro = pub.fillna(pd.Timestamp(0)).astype("int64").to_numpy().copy()
    micro[pub.isna().to_numpy()] = -1
    return micro, pd.Series(ids).astype("int64").to_numpy()


def _newest(published: Any, ids: Any) -> tuple[int, int] | None:
    micro, idv = _sort_keys(published, ids)
    if not len(micro):
        return None
    top = micro.max()
    return int(top), int(idv[micro == top].max())


def _write_months_incremental(con: Any, stage: Path, s: str, plan: Plan) -> tuple[list[str], set[str], set[str]]:
    """posts/ and post_themes/ files of the months holding staged posts, and only the files
    that change: a previous file holding a staged post (replaced: its new row goes where its
    time falls) or receiving one, and a new delta for posts newer than all of the month's.
    A staged post published before in another month (its date edited, set or cleared) leaves
    the file that held it: that month is written too (_moved_from), else the post would be in
    both files. Returns the months written, the names of the files merged from a previous
    file, and the names of the previous files left empty (not written, not to be linked)."""
    _stage_parts(con, stage, s)
    (stage / "posts").mkdir()
    (stage / "post_themes").mkdir()
    written: list[str] = []
    merged: set[str] = set()
    removed: set[str] = set()
    staged_ids = con.execute("SELECT id FROM staged_ids").df()["id"]
    parts_of = {d.name.split("=", 1)[1]: d for d in (stage / "parts").glob("bucket=*")}
    # (A duplicate group's member from a month this publish links, not rewrites, stays out.)
    months = set(plan.months) | _moved_from(con, plan, [parts_of[b] for b in sorted(plan.months) if b in parts_of])
    for bucket in sorted(months):
        d = parts_of.get(bucket)
        parts = sql_path(d) + "/*.parquet" if d is not None else None
        rows = (con.execute(f"SELECT id, published_at FROM read_parquet('{parts}', hive_partitioning = false)").df()
                if parts is not None else  # (a month its posts only leave)
                pd.DataFrame({"id": pd.Series([], dtype="int64"), "published_at": pd.Series([], dtype="datetime64[us]")}))
        # The month's previous files, oldest range first (base, then deltas by age), each with
        # its newest (published_at, id): a staged row goes to the first file whose range reaches it.
        files = []
        for f in reversed(_month_files(plan.previous / "posts", bucket)):
            t = pq.read_table(f, columns=["id", "published_at"]).to_pandas()
            files.append((f.name, _newest(t["published_at"], t["id"]), bool(t["id"].isin(staged_ids).any())))
        new_name = _delta_name(bucket, max((_delta_seq(n) for n, _, _ in files), default=0) + 1)
        micro, idv = _sort_keys(rows["published_at"], rows["id"])
        target = [next((n for n, top, _ in files if top is not None and key <= top), new_name)
                  for key in zip(micro.tolist(), idv.tolist())]
        assign = pd.DataFrame({"id": rows["id"].astype("int64"), "target": pd.Series(target, dtype=object)})
        con.register("assign", assign)
        touched = set(target) | {n for n, _, has in files if has}
        for name in sorted(touched):
            out_posts, out_themes = sql_path(stage / "posts" / name), sql_path(stage / "post_themes" / name)
            mine = (f"SELECT * FROM read_parquet('{parts}', hive_partitioning = false) "
                    f"WHERE id IN (SELECT id FROM assign WHERE target = '{name}')") if parts is not None else None
            prev_posts, prev_themes = plan.previous / "posts" / name, plan.previous / "post_themes" / name
            if prev_posts.exists():
                kept_posts = f"SELECT * FROM read_parquet('{sql_path(prev_posts)}') WHERE id NOT IN (SELECT id FROM staged_ids)"
                con.execute(f"""COPY (SELECT * FROM ({kept_posts}{f' UNION ALL BY NAME {mine}' if mine else ''}) {ORDER_POSTS})
                                TO '{out_posts}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)""")
                if not pq.ParquetFile(stage / "posts" / name).metadata.num_rows:
                    # Its posts all moved to other months: the file goes (a full publish has none).
                    (stage / "posts" / name).unlink()
                    removed.add(name)
                    continue
                merged.add(name)
                fresh = POST_THEMES_ROWS.format(stage=s, posts=out_posts, where="WHERE id IN (SELECT id FROM staged_ids)")
                kept = (f"SELECT * FROM read_parquet('{sql_path(prev_themes)}') WHERE post_id NOT IN (SELECT id FROM staged_ids) "
                        f"UNION ALL BY NAME " if prev_themes.exists() else "")
                con.execute(f"""COPY (SELECT * FROM ({kept}{fresh}) ORDER BY published_at NULLS LAST)
                                TO '{out_themes}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 200000)""")
            else:
                con.execute(f"COPY ({mine} {ORDER_POSTS}) TO '{out_posts}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)")
                con.execute(POST_THEMES_SQL.format(stage=s, posts=out_posts, target=out_themes))
        con.unregister("assign")
        written.append(bucket)
    shutil.rmtree(stage / "parts", ignore_errors=True)
    return written, merged, removed


def _moved_from(con: Any, plan: Plan, parts: list[Path]) -> set[str]:
    """The months (buckets) of the previous posts/ files, outside `plan.months`, that hold a
    post staged into one of `plan.months` (`parts`: those months' staged rows): a post whose
    date moved it to another month. Only the previous files of other months are searched,
    and only for those posts: the id range is a filter DuckDB prunes row groups by (their
    min/max statistics), the semi-join picks the posts."""
    if not parts:
        return set()
    ids = con.execute("SELECT DISTINCT id FROM " + parquet_files([f"{d}/*.parquet" for d in parts], "hive_partitioning = false")
                      ).df()["id"].astype("int64")
    others = [f for f in sorted((plan.previous / "posts").glob("*.parquet")) if _file_bucket(f.name) not in plan.months]
    if ids.empty or not others:
        return set()
    con.register("placed_ids", pd.DataFrame({"id": ids}))
    try:
        found = con.execute(f"""SELECT DISTINCT parse_filename(filename, true) FROM
                                {parquet_files(others, "filename = true")}
                                WHERE id BETWEEN {int(ids.min())} AND {int(ids.max())}
                                  AND id IN (SELECT id FROM placed_ids)""").fetchall()
    finally:
        con.unregister("placed_ids")
    return {_file_bucket(name + ".parquet") for (name,) in found}


def _compact(con: Any, stage: Path, bucket: str) -> bool:
    """Merge a month's files into one base file when its deltas have grown (see DELTA_FRACTION)."""
    files = _month_files(stage / "posts", bucket)
    base = stage / "posts" / partition_name(bucket)
    deltas = [f for f in files if f != base]
    if not deltas:
        return False
    base_rows = pq.ParquetFile(base).metadata.num_rows if base.exists() else 0
    delta_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in deltas)
    if len(deltas) <= MAX_DELTAS and delta_rows <= DELTA_FRACTION * base_rows:
        return False
    for name, order, group in (("posts", ORDER_POSTS, 100000), ("post_themes", "ORDER BY published_at NULLS LAST", 200000),
                               ("story_keys", "", 100000), *((table, "", 100000) for table in BY_POSTS_FILE)):
        present = [stage / name / f.name for f in files if (stage / name / f.name).exists()]
        if not present:
            continue  # (a month without facts or rule hits)
        tmp = stage / name / f".compact-{base.name}"
        con.execute(f"""COPY (SELECT * FROM {parquet_files(present, "union_by_name = true")} {order})
                        TO '{sql_path(tmp)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {group})""")
        for f in present:
            f.unlink()  # links to the previous version: only the name goes
        os.replace(tmp, stage / name / base.name)
    return True


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

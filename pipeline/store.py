"""The store: the project's source of truth and the only module that speaks SQL.

SQLAlchemy Core on SQLite (WAL, the embedded default) or PostgreSQL (selected by URL),
with the schema managed by Alembic (pipeline/migrations). Posts are upserted on their
natural key (source, source_id), so a re-crawl never duplicates and never loses a post,
and a post's status history (处理中 → 已回复 → 已完成) is appended, not overwritten.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url

from pipeline import bloom, settings
from pipeline.errors import ComplaintsError
from pipeline.models import FINAL_STATUSES, PlatformTotals, Post, Step, now_cst
from pipeline.text import mask_pii, mask_post, mask_url
from pipeline.unionfind import DisjointSets

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from pipeline.tag import TagResult

BATCH = 1000  # rows per statement; SQLite's bound-parameter limit is far above this
PG_COPY_BATCH = 10_000  # rows per COPY + upsert statement on PostgreSQL
# The near-duplicate band index's tiers (see dedupe_bands, Store.compact_dedupe_tiers): a
# tier's level is log_TIER_FANOUT of its rows in TIER_UNITs (a post has 16 rows), and a level
# holding TIER_FANOUT tiers is merged into one.
TIER_FANOUT = 8
TIER_UNIT = 16_000
MERGE_CHUNK = 1_000_000  # rows a merge moves per transaction (~2 s on SQLite)
FILTER_CHUNK = 1_000_000  # keys read per statement while building a tier's Bloom filter

metadata = sa.MetaData()

posts = sa.Table(
    "posts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("source_id", sa.String(80), nullable=False),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.String(120), nullable=False, server_default=""),
    sa.Column("published_at", sa.DateTime, nullable=True),
    sa.Column("crawled_at", sa.DateTime, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=True),
    sa.Column("target", sa.String(200), nullable=False, server_default=""),
    sa.Column("target_id", sa.String(80), nullable=False, server_default=""),
    sa.Column("issue", sa.Text, nullable=False, server_default=""),
    sa.Column("appeal", sa.Text, nullable=False, server_default=""),
    sa.Column("amount", sa.Float, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default=""),
    sa.Column("steps", sa.Text, nullable=False, server_default="[]"),
    sa.Column("content_hash", sa.String(40), nullable=False),
    sa.Column("dup_group", sa.Integer, nullable=True),
    sa.Column("tagged_version", sa.String(20), nullable=True),
    # Hash of the normalised body for near-duplicate linking (pipeline/dedupe.py): 0 = too
    # short to compare, NULL = not indexed yet (new, or its text changed).
    sa.Column("dedupe_hash", sa.BigInteger, nullable=True),
    # Last change of anything the snapshot shows (text, status, tags, duplicate group):
    # an incremental publish rewrites the months of the posts changed since the last one.
    sa.Column("changed_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("source", "source_id", name="uq_posts_source_id"),
    sa.Index("ix_posts_published_at", "published_at"),
    sa.Index("ix_posts_tagged_version", "tagged_version"),
    sa.Index("ix_posts_status", "status"),
    sa.Index("ix_posts_dedupe_hash", "dedupe_hash"),
    sa.Index("ix_posts_dup_group", "dup_group"),  # linking reads a group's members
    sa.Index("ix_posts_changed_at", "changed_at"),
    sa.Index("ix_posts_target_id", "target_id"),  # platform_totals counts the posts held per company at each publish
    sa.Index("ix_posts_dedupe_pending", "id", sqlite_where=sa.text("dedupe_hash IS NULL"),
             postgresql_where=sa.text("dedupe_hash IS NULL")),
)

# MinHash LSH band hashes of each distinct text (one row per band; key mixes the band
# number in), so new posts find their candidates by index instead of re-reading the archive.
# A tiered (LSM-like) index (issue 17): each run writes its rows, sorted by key, as one new
# tier, appended at the right edge of the (tier, key, post_id) B-tree. Inserting them among
# the archive's rows instead (PK (key, post_id)) dirtied most leaf pages of the whole index
# at every run: at 1M posts the COMMIT alone took 6.4 s. Tiers are merged (compact_dedupe_tiers)
# so their number stays O(log archive). WITHOUT ROWID on SQLite: the primary key is the table.
# No index on post_id: its entries would hold the tier, so every merge would rewrite them in
# random order (measured: a merge of 1.28M rows in a 4M-row table took 18 CPU s with it, 1.6 s
# without); a post's keys are found in dedupe_post_bands instead. No foreign key either: a
# cascade without that index scans the whole table per deleted post. Rows of a deleted post
# (the pipeline never deletes posts) are skipped by lookups (no body) until a rebuild.
dedupe_bands = sa.Table(
    "dedupe_bands",
    metadata,
    sa.Column("tier", sa.Integer, primary_key=True),
    sa.Column("key", sa.BigInteger, primary_key=True),
    sa.Column("post_id", sa.Integer, primary_key=True),
    sa.PrimaryKeyConstraint("tier", "key", "post_id", name="dedupe_bands_tiers_pkey"),
    sqlite_with_rowid=False,
)

# The tiers of dedupe_bands: a handful of rows, read at every lookup. Kept in a table because
# neither engine can list a composite key's distinct first column cheaply (SQLite's skip-scan
# needs ANALYZE statistics, PostgreSQL before 18 has none): SELECT DISTINCT tier would walk
# the whole band index. `n_rows` is the count written (re-indexed posts' rows deleted later are
# not subtracted): it sets the tier's level, log_F of its size.
dedupe_tiers = sa.Table(
    "dedupe_tiers",
    metadata,
    sa.Column("tier", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("n_rows", sa.BigInteger, nullable=False),
    # While a merge runs: the tier its rows are moving into (that tier has level -1 until done).
    sa.Column("merging_into", sa.Integer, nullable=True),
)

# A Bloom filter of each settled tier's keys (pipeline/bloom.py): band_members probes a tier
# only for the keys its filter does not rule out. A tier without one (a merge's tier while it
# fills, or a tier written before the filters) is probed for every key, as before.
dedupe_tier_filters = sa.Table(
    "dedupe_tier_filters",
    metadata,
    sa.Column("tier", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("n_bits", sa.BigInteger, nullable=False),
    sa.Column("bits", sa.LargeBinary, nullable=False),
)

# Each indexed text's band keys by post: what a re-indexed post (text changed) must delete from
# every tier. The tier is not in it, so merges never touch it, and new posts (the highest ids)
# append at its right edge.
dedupe_post_bands = sa.Table(
    "dedupe_post_bands",
    metadata,
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("key", sa.BigInteger, primary_key=True),
    sqlite_with_rowid=False,
)

post_status_history = sa.Table(
    "post_status_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
    sa.Index("ix_status_history_post", "post_id"),
)

post_lenders = sa.Table(
    "post_lenders",
    metadata,
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("lender", sa.String(60), primary_key=True),
    sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("via", sa.String(20), nullable=False, server_default=""),
    sa.Column("start", sa.Integer, nullable=True),
    sa.Column("end", sa.Integer, nullable=True),
    sa.Index("ix_post_lenders_lender", "lender"),
)

post_themes = sa.Table(
    "post_themes",
    metadata,
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme", sa.String(40), primary_key=True),
    sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
    sa.Column("lexicon_version", sa.String(20), nullable=False),
    sa.Index("ix_post_themes_theme", "theme"),
)

# Collection facts (pipeline/facts.py): one row per post x fact (x party for `contacted`);
# `value` is the fact's value as JSON (30, {"contract": 8000, "received": 5000}, "did").
post_facts = sa.Table(
    "post_facts",
    metadata,
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("fact", sa.String(40), primary_key=True),
    sa.Column("party", sa.String(40), primary_key=True, server_default=""),
    sa.Column("mode", sa.String(20), nullable=False, server_default=""),
    sa.Column("value", sa.Text, nullable=False, server_default=""),
    sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
    sa.Column("lexicon_version", sa.String(20), nullable=False),
    sa.Index("ix_post_facts_fact", "fact"),
)

crawl_runs = sa.Table(
    "crawl_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("args", sa.Text, nullable=False, server_default="{}"),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=True),
    sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
    sa.Column("new", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("dropped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("finish_reason", sa.String(60), nullable=True),
    sa.Column("healthy", sa.Boolean, nullable=True),
    sa.Column("stats", sa.Text, nullable=False, server_default="{}"),
    sa.Index("ix_crawl_runs_source_started", "source", "started_at"),
)

# 黑猫 2026 (migration 0002_heimao2026): the platform's own counts, one row per company or
# service per snapshot: the honest denominator for "share of complaints" and coverage.
platform_totals = sa.Table(
    "platform_totals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("company_id", sa.String(80), nullable=False),
    sa.Column("service_id", sa.String(80), nullable=False, server_default=""),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("lender", sa.String(60), nullable=False, server_default=""),
    sa.Column("taken_at", sa.DateTime, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("last_30_days", sa.Integer, nullable=False),
    sa.Column("replied", sa.Integer, nullable=False),
    sa.Column("completed", sa.Integer, nullable=False),
    sa.Index("ix_platform_totals_company", "source", "company_id", "service_id", "taken_at"),
)

# The feed's counters of a post (upvotes etc. change; the post's text does not).
feed_items = sa.Table(
    "feed_items",
    metadata,
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("source_id", sa.String(80), primary_key=True),
    sa.Column("field", sa.String(20), nullable=False, server_default=""),
    sa.Column("upvotes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("comments", sa.Integer, nullable=False, server_default="0"),
    sa.Column("shares", sa.Integer, nullable=False, server_default="0"),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=False),
)

# Which original captures (pipeline/evidence.py) a post was read from: one row per post x
# WARC response record. `captured_at` is UTC (the collection log's clock), unlike the rest.
post_captures = sa.Table(
    "post_captures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("warc", sa.String(200), nullable=False),
    sa.Column("warc_offset", sa.BigInteger, nullable=False),
    sa.Column("warc_length", sa.Integer, nullable=False),
    sa.Column("record_id", sa.String(80), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("captured_at", sa.DateTime, nullable=False),
    # True: the post was parsed from this response; False: it contributed fields (a list page)
    sa.Column("produced", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("post_id", "record_id", name="uq_post_captures_record"),
    sa.Index("ix_post_captures_post", "post_id"),
)

# What happened to a post after we first saw it: `edited` (a re-visit found another text:
# hashes, the new text, a character diff, both captures) or `removed` (the platform answers
# 404 / 页面不存在 / 已删除; last_seen = the last capture showing it). The post row keeps the
# text as first captured, so counts do not move when a complainant is pressed to edit.
post_versions = sa.Table(
    "post_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
    sa.Column("last_seen", sa.DateTime, nullable=True),
    sa.Column("old_hash", sa.String(40), nullable=False, server_default=""),
    sa.Column("new_hash", sa.String(40), nullable=False, server_default=""),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("diff", sa.Text, nullable=False, server_default=""),
    sa.Column("old_capture", sa.String(80), nullable=False, server_default=""),
    sa.Column("new_capture", sa.String(80), nullable=False, server_default=""),
    sa.Column("reason", sa.String(200), nullable=False, server_default=""),
    sa.Index("ix_post_versions_post", "post_id"),
)

TABLES = {t.name: t for t in (posts, post_status_history, post_lenders, post_themes, post_facts, crawl_runs,
                               platform_totals, post_captures, post_versions)}
CONTENT_FIELDS = ("title", "body", "target", "issue", "appeal", "content_hash")


_PG_COLUMNS = ("source", "source_id", "url", "title", "body", "author", "published_at", "crawled_at", "updated_at",
               "changed_at", "target", "target_id", "issue", "appeal", "amount", "status", "steps", "content_hash")
_PG_STAGE_DDL = (
    "CREATE TEMP TABLE IF NOT EXISTS _posts_stage ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(_PG_COLUMNS)} FROM posts WITH NO DATA"
)
_PG_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in _PG_COLUMNS if c not in ("source", "source_id", "crawled_at", "status"))
# One statement, one snapshot: the subquery in `hist` sees the rows as they were before the
# upsert, so the history gets exactly the statuses that changed. It probes posts by primary
# key, one row per updated post: a join with the staged keys (the former `old` CTE) was
# planned as a hash join over a sequential scan of the whole archive on every batch. Sorted by key so two writers lock rows
# in the same order (no deadlock between overlapping batches).
_PG_UPSERT = f"""
WITH up AS (
  INSERT INTO posts AS p ({', '.join(_PG_COLUMNS)})
  SELECT {', '.join(_PG_COLUMNS)} FROM _posts_stage ORDER BY source, source_id
  ON CONFLICT (source, source_id) DO UPDATE SET {_PG_SET},
    status = CASE WHEN EXCLUDED.status = '' THEN p.status ELSE EXCLUDED.status END,
    dedupe_hash = CASE WHEN p.content_hash = EXCLUDED.content_hash THEN p.dedupe_hash END,
    tagged_version = CASE WHEN p.content_hash = EXCLUDED.content_hash THEN p.tagged_version END
  WHERE p.content_hash <> EXCLUDED.content_hash OR p.status <> EXCLUDED.status OR p.steps <> EXCLUDED.steps
  RETURNING p.id, p.status, (p.xmax = 0) AS ours
), hist AS (
  INSERT INTO post_status_history (post_id, status, seen_at)
  SELECT up.id, up.status, %(now)s FROM up
  WHERE up.status <> '' AND (up.ours OR (SELECT o.status FROM posts o WHERE o.id = up.id) IS DISTINCT FROM up.status)
  ORDER BY up.id
)
SELECT count(*) FILTER (WHERE ours), count(*) FILTER (WHERE NOT ours) FROM up
"""


class StoreError(ComplaintsError):
    """An expected failure with a one-line explanation (the CLI prints it, no traceback)."""


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    edited: int = 0  # texts that changed since first captured, kept as post_versions

    def __iadd__(self, other: "UpsertCounts") -> "UpsertCounts":
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.edited += other.edited
        return self


resolve_url = settings.resolve_db_url  # --db, then $COMPLAINTS_DB, then the embedded SQLite file


def _make_engine(url_text: str) -> Engine:
    try:
        url = make_url(url_text)
    except exc.ArgumentError as e:
        raise StoreError(f"not a database URL: {url_text!r}") from e
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is what we install
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return sa.create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url))
    except exc.NoSuchModuleError as e:
        raise StoreError(f"unsupported database scheme {url.drivername!r} (use sqlite:/// or postgresql://)") from e
    except ImportError as e:
        raise StoreError(f"the driver for {url.drivername!r} is not installed: {e}") from e


def _connect_args(url: sa.URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql":
        # No server-side prepared statements: psycopg prepares a query after 5 runs, and
        # PostgreSQL may then keep a generic plan chosen while the table was empty (a seq
        # scan), which made upserts into a growing table ~100x slower (bench/store.py).
        return {"connect_timeout": 5, "prepare_threshold": None}
    return {}


def _sqlite_engine(url: sa.URL) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so we can say BEGIN IMMEDIATE below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # a crawl writes while the dashboard reads
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses no committed tx
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then
        # writes fails with SQLITE_BUSY at once when another writer got in between, instead
        # of waiting. Read-only work asks for a plain BEGIN.
        if conn.get_execution_options().get("readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _explain(e: exc.DBAPIError, url: str) -> str:
    msg = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
    safe = make_url(url).render_as_string(hide_password=True)
    if "file is not a database" in msg or "malformed" in msg:
        return f"{safe} is not a valid SQLite database (corrupt or another kind of file): {msg}"
    if isinstance(e, exc.OperationalError) and make_url(url).get_backend_name() == "postgresql":
        return f"cannot connect to {safe}: {msg}"
    return f"database error on {safe}: {msg}"


class Store:
    """Open with a URL; `init()` creates or migrates the schema."""

    def __init__(self, url: str | None = None, *, create: bool = False) -> None:
        self.url = resolve_url(url)
        path = settings.sqlite_file(self.url)
        if path is not None:
            if not path.exists() and not create:
                raise StoreError(f"no database at {path}: run `complaints init` (or `complaints demo`) first")
            path.parent.mkdir(parents=True, exist_ok=True)
        self.sqlite_path = path
        self.engine = _make_engine(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def _ph(self) -> str:
        """The driver's parameter placeholder, for the plain driver SQL of the hot bulk writes."""
        return "?" if self.dialect == "sqlite" else "%s"

    def close(self) -> None:
        self.engine.dispose()

    # -- connections ----------------------------------------------------------------

    def _write(self) -> Any:
        return _Guard(self, self.engine.begin)

    def _read(self) -> Any:
        return _Guard(self, lambda: self.engine.connect().execution_options(readonly=True))

    # -- schema ---------------------------------------------------------------------

    def init(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        from alembic import command

        cfg = _alembic_config()
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # Workers started together on an empty database would all try to
                    # CREATE TABLE; a transaction-scoped advisory lock makes them take turns.
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7411235)")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except exc.DBAPIError as e:
            raise StoreError(_explain(e, self.url)) from e

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at; None for an empty (new) database."""
        from alembic.runtime.migration import MigrationContext

        with self._read() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def check(self) -> None:
        """Raise StoreError unless the database is reachable and at the current schema."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        current = self.schema_revision()
        if current != head:
            where = self.engine.url.render_as_string(hide_password=True)
            raise StoreError(
                f"database {where} has schema {current or 'none'}, expected {head}: run `complaints init`"
            )

    # -- posts ----------------------------------------------------------------------

    def upsert_posts(self, items: Sequence[Post], keep_first_text: bool = False) -> UpsertCounts:
        """Insert new posts, update changed ones, append status changes to the history.

        All of `items` is one transaction: either every post is stored or none is.
        A post seen twice in one call keeps its last version. With `keep_first_text` (the
        crawler's way), a post whose text changed keeps the text as first captured and the
        new text goes to post_versions as an edit (once per distinct text).
        """
        counts = UpsertCounts()
        latest: dict[tuple[str, str], Post] = {}
        for p in items:
            # The last guard of every path in (crawl, import, distributed workers): no free
            # text, id or URL reaches the database unmasked (idempotent, so cheap to repeat).
            mask_post(p)
            latest[(p.source, p.source_id)] = p
        if not latest:
            return counts
        now = now_cst()
        with self._write() as conn:
            size = PG_COPY_BATCH if self.dialect == "postgresql" else BATCH
            for chunk in _chunks(list(latest.values()), size):
                # (the flag only when set: tests wrap _upsert_chunk(conn, chunk, now))
                counts += self._upsert_chunk(conn, chunk, now, **({"keep_first_text": True} if keep_first_text else {}))
        return counts

    def _upsert_chunk(self, conn: Connection, chunk: list[Post], now: datetime,
                      keep_first_text: bool = False) -> UpsertCounts:
        # PostgreSQL's set-based path (COPY + one INSERT ... ON CONFLICT) for plain upserts;
        # a crawl that keeps first texts aside or links captures takes the row-by-row path.
        if self.dialect == "postgresql" and not keep_first_text and not any(p.captures for p in chunk):
            return self._upsert_chunk_pg(conn, chunk, now)
        counts = UpsertCounts()
        ids: dict[tuple[str, str], int] = {}
        by_source: dict[str, list[Post]] = {}
        for p in chunk:
            by_source.setdefault(p.source, []).append(p)
        for source, group in by_source.items():
            existing = self._existing(conn, source, [p.source_id for p in group])
            fresh = [p for p in group if p.source_id not in existing]
            if fresh:
                inserted = self._insert_new(conn, fresh, now)
                ids.update({(source, sid): pid for sid, pid in inserted.items()})
                counts.new += len(inserted)
                self._append_history(
                    conn, [(inserted[p.source_id], p.status) for p in fresh if p.status and p.source_id in inserted], now
                )
                # Keys another writer inserted first are updates of its rows, handled below.
                lost = [p.source_id for p in fresh if p.source_id not in inserted]
                if lost:
                    existing.update(self._existing(conn, source, lost))
            changed, status_changes, edits = [], [], []
            latest_text = self._latest_text(conn, [v[0] for k, v in existing.items()]) if keep_first_text else {}
            for p in group:
                if p.source_id not in existing:
                    continue
                pid, old_hash, old_status, old_steps = existing[p.source_id]
                ids[(source, p.source_id)] = pid
                row = _post_row(p, now)
                if keep_first_text and row["content_hash"] != old_hash:
                    last_hash, last_capture = latest_text.get(pid, (old_hash, ""))
                    if row["content_hash"] != last_hash:
                        edits.append(_edit_row(conn, pid, p, last_hash, row["content_hash"], now))
                    row = {k: v for k, v in row.items() if k not in CONTENT_FIELDS}
                    row["content_hash"] = old_hash
                if row["content_hash"] == old_hash and p.status == old_status and row["steps"] == old_steps:
                    counts.unchanged += 1
                    continue
                if not p.status and old_status:
                    row["status"] = old_status  # a list view without status must not erase it
                changed.append({"b_id": pid, "b_hash": row["content_hash"],
                                **{k: v for k, v in row.items() if k != "crawled_at"}})
                if p.status and p.status != old_status:
                    status_changes.append((pid, p.status))
            if changed:
                # A post whose text changed is compared for near-duplicates again and tagged
                # again (its themes, facts and evidence offsets describe the old text); one
                # executemany per set of columns (an edit kept aside leaves the text columns out).
                same_text = posts.c.content_hash == sa.bindparam("b_hash")
                stmt = posts.update().where(posts.c.id == sa.bindparam("b_id")).values(
                    dedupe_hash=sa.case((same_text, posts.c.dedupe_hash), else_=sa.null()),
                    tagged_version=sa.case((same_text, posts.c.tagged_version), else_=sa.null()))
                for keys in {tuple(sorted(r)) for r in changed}:
                    conn.execute(stmt, [r for r in changed if tuple(sorted(r)) == keys])
                counts.updated += len(changed)
            self._append_history(conn, status_changes, now)
            if edits:
                conn.execute(post_versions.insert(), edits)
                counts.edited += len(edits)
        self._add_captures(conn, [(ids[(p.source, p.source_id)], c) for p in chunk if (p.source, p.source_id) in ids
                                  for c in p.captures])
        return counts

    def _upsert_chunk_pg(self, conn: Connection, chunk: list[Post], now: datetime) -> UpsertCounts:
        """PostgreSQL: COPY the batch into a temporary table, then one INSERT ... ON CONFLICT.

        Row-by-row parameter binding capped PostgreSQL at ~3,300 posts/s (bench/store.py);
        COPY plus one set-based statement runs at the rate the server can do. The same
        rules as the portable path: unchanged rows are not touched, an empty status keeps
        the known one, crawled_at is the first sighting, and every new or changed status is
        appended to the history. `xmax = 0` in RETURNING marks rows this statement
        inserted (ours), so a key another writer inserted first counts as an update of it.
        """
        raw = conn.connection.driver_connection  # psycopg 3: COPY is not part of the DB-API
        with raw.cursor() as cur:
            cur.execute(_PG_STAGE_DDL)
            cur.execute("TRUNCATE _posts_stage")
            with cur.copy(f"COPY _posts_stage ({', '.join(_PG_COLUMNS)}) FROM STDIN") as copy:
                for p in chunk:
                    row = _post_row(p, now)
                    copy.write_row([row[c] for c in _PG_COLUMNS])
            # No ANALYZE of the staged rows: the statement joins nothing to them (the upsert
            # probes the unique index per row, the history the primary key), so its plan
            # does not depend on their statistics, and ANALYZE of a thousand rows' text cost
            # ~3 us a post of the server's time (bench/store.py, issue 17).
            cur.execute(_PG_UPSERT, {"now": now})
            inserted, updated = cur.fetchone()
        return UpsertCounts(new=inserted, updated=updated, unchanged=len(chunk) - inserted - updated)

    def _add_captures(self, conn: Connection, pairs: list[tuple[int, dict[str, Any]]]) -> None:
        """Link posts to their original captures; a link already stored is left alone."""
        rows = []
        for pid, c in pairs:
            try:
                rows.append({"post_id": pid, "url": str(c.get("url", "")), "status": c.get("status"),
                             "warc": str(c["warc"]), "warc_offset": int(c["offset"]), "warc_length": int(c["length"]),
                             "record_id": str(c["record_id"]), "sha256": str(c["sha256"]),
                             "captured_at": _utc_naive(str(c["captured_at"])),
                             "produced": bool(c.get("produced", False))})
            except (KeyError, TypeError, ValueError):
                continue  # a malformed capture reference must not lose the post itself
        if not rows:
            return
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(insert(post_captures).on_conflict_do_nothing(index_elements=["post_id", "record_id"]), rows)

    def _latest_text(self, conn: Connection, post_ids: list[int]) -> dict[int, tuple[str, str]]:
        """{post id: (hash, capture) of its newest edit} for the posts that have one."""
        out: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(sorted(post_ids), BATCH):
            q = (sa.select(post_versions.c.post_id, post_versions.c.new_hash, post_versions.c.new_capture)
                 .where(post_versions.c.post_id.in_(chunk), post_versions.c.kind == "edited")
                 .order_by(post_versions.c.id))
            out.update({r.post_id: (r.new_hash, r.new_capture) for r in conn.execute(q)})
        return out

    def mark_removed(self, source: str, source_id: str, reason: str, capture: dict[str, Any] | None = None,
                     now: datetime | None = None) -> bool:
        """Record that a stored post is gone from its platform (once, until it is seen again).
        Returns False for a post we never stored."""
        now = now or now_cst()
        with self._write() as conn:
            pid = conn.execute(sa.select(posts.c.id).where(posts.c.source == source,
                                                           posts.c.source_id == source_id)).scalar()
            if pid is None:
                return False
            last = conn.execute(sa.select(post_versions.c.kind).where(post_versions.c.post_id == pid)
                                .order_by(post_versions.c.id.desc()).limit(1)).scalar()
            seen = conn.execute(sa.select(sa.func.max(post_captures.c.captured_at)).where(
                post_captures.c.post_id == pid, post_captures.c.produced.is_(True))).scalar()
            crawled = conn.execute(sa.select(posts.c.crawled_at).where(posts.c.id == pid)).scalar()
            if last == "removed":
                return True
            conn.execute(post_versions.insert().values(
                post_id=pid, kind="removed", seen_at=now, reason=reason[:200],
                # To the second, like seen_at and crawled_at: a precise capture time beside the
                # truncated ones could read as seen after its removal (or before its first sighting).
                last_seen=_utc_to_cst(seen).replace(microsecond=0) if seen is not None else crawled,
                new_capture=str((capture or {}).get("record_id", ""))))
            if capture:
                self._add_captures(conn, [(pid, {**capture, "produced": False})])
        return True

    def versions(self, source: str, source_id: str) -> list[dict[str, Any]]:
        """A post's edits and removal, oldest first."""
        q = (sa.select(post_versions).join(posts, posts.c.id == post_versions.c.post_id)
             .where(posts.c.source == source, posts.c.source_id == source_id).order_by(post_versions.c.id))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def versions_of(self, post_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The edits and removals of these posts, oldest first per post."""
        out: list[dict[str, Any]] = []
        with self._read() as conn:
            for chunk in _chunks(sorted(set(post_ids)), BATCH):
                q = (sa.select(post_versions, posts.c.source, posts.c.source_id)
                     .join(posts, posts.c.id == post_versions.c.post_id)
                     .where(post_versions.c.post_id.in_(chunk)).order_by(post_versions.c.post_id, post_versions.c.id))
                out += [dict(r._mapping) for r in conn.execute(q)]
        return out

    def due_revisits(self, source: str, days: Sequence[float], limit: int,
                     now: datetime | None = None) -> list[tuple[str, str]]:
        """(source_id, url) of stored posts owed a re-visit, most overdue first, at most `limit`.

        A post first crawled at t is owed a visit after each of t + days[i] (e.g. 1, 3, 7,
        30, 90 days); a visit after a point settles it and every earlier one. So it is due
        when a point has passed and it was not fetched again (a capture it was parsed from,
        other than the first) since the latest point passed. Removed posts are not
        re-visited. Needs captures: without them nothing counts as a visit."""
        if limit <= 0 or not days:
            return []
        now = now or now_cst()
        points = sorted(float(d) for d in days)
        oldest = now - timedelta(days=points[-1] + 30)  # posts past the last point (and a margin) are done
        visits = (sa.select(post_captures.c.post_id, sa.func.count().label("n"),
                            sa.func.max(post_captures.c.captured_at).label("last"))
                  .where(post_captures.c.produced.is_(True)).group_by(post_captures.c.post_id).subquery())
        removed = sa.select(post_versions.c.post_id).where(post_versions.c.kind == "removed")
        q = (sa.select(posts.c.id, posts.c.source_id, posts.c.url, posts.c.crawled_at, visits.c.n, visits.c.last)
             .join(visits, visits.c.post_id == posts.c.id)
             .where(posts.c.source == source, posts.c.crawled_at.is_not(None), posts.c.crawled_at >= oldest,
                    posts.c.id.not_in(removed)))
        due: list[tuple[float, str, str]] = []
        with self._read() as conn:
            for r in conn.execute(q):
                age = (now - r.crawled_at).total_seconds() / 86400
                passed = [d for d in points if age >= d]
                if not passed:
                    continue
                if r.n > 1:  # re-visited: at what age was the last visit?
                    last_age = (_utc_to_cst(r.last) - r.crawled_at).total_seconds() / 86400
                    if last_age >= passed[-1]:
                        continue
                due.append((age - passed[-1], r.source_id, r.url))
        due.sort(reverse=True)
        return [(sid, url) for _, sid, url in due[:limit]]

    def captures_of(self, post_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The capture links of these posts, oldest capture first per post."""
        out: list[dict[str, Any]] = []
        with self._read() as conn:
            for chunk in _chunks(sorted(set(post_ids)), BATCH):
                q = (sa.select(post_captures, posts.c.source, posts.c.source_id)
                     .join(posts, posts.c.id == post_captures.c.post_id)
                     .where(post_captures.c.post_id.in_(chunk))
                     .order_by(post_captures.c.post_id, post_captures.c.captured_at, post_captures.c.id))
                out += [dict(r._mapping) for r in conn.execute(q)]
        return out

    def post_ids(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """{(source, source_id): id} for the keys that are stored."""
        out: dict[tuple[str, str], int] = {}
        by_source: dict[str, list[str]] = {}
        for source, sid in keys:
            by_source.setdefault(source, []).append(sid)
        with self._read() as conn:
            for source, sids in by_source.items():
                for chunk in _chunks(sids, BATCH):
                    q = sa.select(posts.c.source_id, posts.c.id).where(posts.c.source == source,
                                                                       posts.c.source_id.in_(chunk))
                    out.update({(source, r.source_id): r.id for r in conn.execute(q)})
        return out

    def _existing(self, conn: Connection, source: str, ids: list[str]) -> dict[str, tuple[int, str, str, str]]:
        q = sa.select(posts.c.source_id, posts.c.id, posts.c.content_hash, posts.c.status, posts.c.steps).where(
            posts.c.source == source, posts.c.source_id.in_(ids)
        )
        return {r.source_id: (r.id, r.content_hash, r.status, r.steps) for r in conn.execute(q)}

    def _insert_new(self, conn: Connection, fresh: list[Post], now: datetime) -> dict[str, int]:
        """Insert; return {source_id: id} of the rows this call inserted."""
        rows = [_post_row(p, now) for p in fresh]
        # Another writer may insert the same key between our SELECT and INSERT (two
        # crawlers on PostgreSQL); ON CONFLICT DO NOTHING makes that a no-op, not an error,
        # and RETURNING tells which rows were ours (one round trip instead of a re-read).
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = (
            insert(posts)
            .on_conflict_do_nothing(index_elements=["source", "source_id"])
            .returning(posts.c.source_id, posts.c.id)
        )
        return {r.source_id: r.id for r in conn.execute(stmt, rows)}

    def _append_history(self, conn: Connection, changes: list[tuple[int, str]], now: datetime) -> None:
        if changes:
            conn.execute(
                post_status_history.insert(), [{"post_id": pid, "status": s, "seen_at": now} for pid, s in changes]
            )

    def known_status(self, source: str, source_ids: Sequence[str], *, with_steps: bool = False) -> dict[str, str]:
        """Status of the posts already stored. `with_steps`: only posts whose page was read
        (a feed item stored alone has no steps yet, and its page is still wanted)."""
        out: dict[str, str] = {}
        with self._read() as conn:
            for chunk in _chunks(list(source_ids), BATCH):
                q = sa.select(posts.c.source_id, posts.c.status).where(
                    posts.c.source == source, posts.c.source_id.in_(chunk)
                )
                if with_steps:
                    q = q.where(posts.c.steps != "[]")
                out.update({r.source_id: r.status for r in conn.execute(q)})
        return out

    def open_posts(self, source: str) -> list[tuple[str, str]]:
        """Posts whose complaint is still open: re-fetched to catch status changes."""
        q = (
            sa.select(posts.c.source_id, posts.c.url)
            .where(posts.c.source == source, posts.c.status != "", posts.c.status.not_in(sorted(FINAL_STATUSES)))
            .order_by(posts.c.id)
        )
        with self._read() as conn:
            return [(r.source_id, r.url) for r in conn.execute(q)]

    def get_post(self, source: str, source_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(
                sa.select(posts).where(posts.c.source == source, posts.c.source_id == source_id)
            ).first()
            if row is None:
                return None
            post = dict(row._mapping)
            post["steps"] = [Step.from_json(s) for s in json.loads(post["steps"])]
            hist = conn.execute(
                sa.select(post_status_history.c.status, post_status_history.c.seen_at)
                .where(post_status_history.c.post_id == post["id"])
                .order_by(post_status_history.c.id)
            )
            post["status_history"] = [(r.status, r.seen_at) for r in hist]
            return post

    def count_posts(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one()

    # -- near duplicates -------------------------------------------------------------
    # The index behind pipeline/dedupe.py: posts.dedupe_hash (NULL = pending) and
    # dedupe_bands. Each run reads only pending posts and the buckets their bands fall in.

    def posts_to_dedupe(self, batch_size: int = 5000) -> Iterator[list[tuple[int, str]]]:
        """Batches of (id, body) of posts not yet indexed, by id (a partial index finds them)."""
        last = 0
        while True:
            q = (sa.select(posts.c.id, posts.c.body)
                 .where(posts.c.dedupe_hash.is_(None), posts.c.id > last).order_by(posts.c.id).limit(batch_size))
            with self._read() as conn:
                batch = [(r.id, r.body) for r in conn.execute(q)]
            if not batch:
                return
            yield batch
            last = batch[-1][0]

    def posts_by_text_hash(self, hashes: Iterable[int]) -> dict[int, int]:
        """{text hash: smallest indexed post id with it} (exact copies link to that post)."""
        out: dict[int, int] = {}
        with self._read() as conn:
            for chunk in _chunks(sorted(set(hashes)), BATCH):
                q = (sa.select(posts.c.dedupe_hash, sa.func.min(posts.c.id))
                     .where(posts.c.dedupe_hash.in_(chunk)).group_by(posts.c.dedupe_hash))
                out.update({h: pid for h, pid in conn.execute(q)})
        return out

    def band_members(self, keys: Iterable[int]) -> dict[int, list[int]]:
        """{band key: post ids indexed under it (ascending)}: every tier is probed for the keys
        its Bloom filter does not rule out (all keys where it has none)."""
        import numpy as np

        wanted = np.array(sorted(set(keys)), dtype=np.int64)
        out: dict[int, set[int]] = {}
        with self._read() as conn:
            for tier, _, _ in self._tiers(conn):
                # One filter in memory at a time: the largest is ~2 bytes per row of its tier.
                f = conn.execute(sa.select(dedupe_tier_filters.c.n_bits, dedupe_tier_filters.c.bits)
                                 .where(dedupe_tier_filters.c.tier == tier)).first()
                probe = wanted if f is None or not bloom.intact(f[0], f[1]) else wanted[bloom.may_hold(f[0], f[1], wanted)]
                for chunk in _chunks(probe.tolist(), BATCH):
                    # SQLite: "USING PRIMARY KEY (tier=? AND key=?)", one probe per key.
                    q = (sa.select(dedupe_bands.c.key, dedupe_bands.c.post_id)
                         .where(dedupe_bands.c.tier == tier, dedupe_bands.c.key.in_(chunk)))
                    for key, pid in conn.execute(q):
                        out.setdefault(key, set()).add(pid)
        return {key: sorted(ids) for key, ids in out.items()}

    def dedupe_tiers(self) -> list[tuple[int, int, int]]:
        """The band index's tiers as (tier, level, rows written), oldest first."""
        with self._read() as conn:
            return self._tiers(conn)

    @staticmethod
    def _tiers(conn: Connection) -> list[tuple[int, int, int]]:
        q = sa.select(dedupe_tiers.c.tier, dedupe_tiers.c.level, dedupe_tiers.c.n_rows).order_by(dedupe_tiers.c.tier)
        return [(t, lvl, n) for t, lvl, n in conn.execute(q)]

    def bodies(self, ids: Iterable[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        with self._read() as conn:
            for chunk in _chunks(sorted(set(ids)), BATCH):
                out.update({r.id: r.body for r in conn.execute(
                    sa.select(posts.c.id, posts.c.body).where(posts.c.id.in_(chunk)))})
        return out

    def save_dedupe_index(self, hashes: Sequence[tuple[int, int]], bands: Sequence[tuple[int, int]],
                          pairs: Sequence[tuple[int, int]] = ()) -> int:
        """Mark posts indexed ((id, text hash)), add their band rows ((key, id), sorted by key)
        as one new tier and link `pairs`, in one transaction; then merge tiers if a level is
        full (compact_dedupe_tiers). Returns the posts regrouped."""
        with self._write() as conn:
            self._lock_dedupe(conn)
            self._drop_bands(conn, [pid for pid, _ in hashes])  # a re-indexed post (text changed)
            # Plain executemany: tens of thousands of tiny rows per run, where compiling
            # SQLAlchemy parameters per row cost more than the database's work.
            ph = self._ph
            if bands:
                tier = self._add_tier(conn, len(bands))
                n_bits, bits = bloom.build([key for key, _ in bands])
                conn.execute(dedupe_tier_filters.insert().values(tier=tier, n_bits=n_bits, bits=bits))
                # Sorted by key and in a tier numbered above all others: the rows go in at the
                # right edge of the band index, onto pages no other run touches.
                conn.exec_driver_sql(f"INSERT INTO dedupe_bands (tier, key, post_id) VALUES ({ph}, {ph}, {ph})",
                                     [(tier, key, pid) for key, pid in bands])
                # New posts have the highest ids: these rows append too.
                conn.exec_driver_sql(f"INSERT INTO dedupe_post_bands (post_id, key) VALUES ({ph}, {ph})",
                                     sorted((pid, key) for key, pid in bands))
            if hashes:
                conn.exec_driver_sql(f"UPDATE posts SET dedupe_hash = {ph} WHERE id = {ph}",
                                     [(h, pid) for pid, h in hashes])
            regrouped = self._link(conn, pairs)
        self.compact_dedupe_tiers()
        return regrouped

    def compact_dedupe_tiers(self, fanout: int | None = None) -> int:
        """Merge the band index's tiers so that no level holds `fanout` of them; returns the
        merges done.

        Size-tiered (an LSM tree's compaction): a tier's level is log_fanout of its size in
        TIER_UNIT rows, and the tiers of a full level become one tier, numbered above all, so
        its rows too go in at the right edge, sorted. A row is copied once per level it climbs,
        and there are log_fanout(archive / TIER_UNIT) levels; a run's amortised cost is its own
        rows copied that many times, while lookups probe at most (fanout - 1) tiers per level.
        Measured (bench/dedupe_index.py, runs of 10,000 posts = 160k rows = level 1, SQLite,
        CPU s): a merge costs 1.4-2 µs a row, so each level adds ~0.3 s a run, amortised (a
        level-1 merge, 1.28M rows, added 2-3 s to the one run that did it; a level-2 merge,
        10M rows, 14 s, once in 64 runs); a tier probed costs 0.1-0.2 s a run. A run's rows
        start at level 1 and climb to log_F(archive rows / TIER_UNIT): at 10M posts (160M
        rows) level 4 with F = 8 (3 copies: ~1 s a run; up to 7 tiers a level, ~13 on
        average: ~2-2.5 s of lookups), level 6 with F = 4 (5 copies: ~1.6 s; ~9 tiers:
        ~1.5 s). At 1M posts the mean run cost 5.98 CPU s with F = 8 and 4.58 with
        F = 4, within the noise of a shared machine; F = 8 makes half as many merge passes.
        The run's own write stays ~1-1.4 s from 100k to 3M posts; the lookups, one probe per
        tier and key, were what grew (0.7 s at 100k, 1.5 s at 1M, 2-2.3 s at 3M): each tier
        now has a Bloom filter (dedupe_tier_filters), built with it (a run's tier) or after
        its merge (build_dedupe_filters), and a key is probed only in tiers whose filter may
        hold it.

        A merge of level L, when it happens, copies fanout^(L+1) to fanout^(L+2) TIER_UNITs of
        rows, once every fanout^(L+1) runs of a TIER_UNIT (at 10M posts the largest copies
        ~80M rows, minutes of work). It goes by key ranges of MERGE_CHUNK rows, one
        transaction each, so a crawler waiting for the write lock (busy timeout 60 s) never
        waits for a whole merge. Between two ranges every row is in exactly one tier: lookups
        probe the old tiers and the new one. A merge cut short (the process stopped) is
        resumed by the next call.
        """
        fanout = fanout or TIER_FANOUT
        merges = 0
        while True:
            with self._write() as conn:
                self._lock_dedupe(conn)
                into, old = self._merge_in_progress(conn)
                if into is None:
                    into, old = self._start_merge(conn, fanout)
                    if into is None:
                        break
            while self._merge_range(into, old):
                pass
            with self._write() as conn:
                self._lock_dedupe(conn)
                rows = conn.execute(sa.select(dedupe_tiers.c.n_rows).where(dedupe_tiers.c.tier == into)).scalar_one()
                conn.execute(dedupe_tiers.delete().where(dedupe_tiers.c.tier.in_(old)))
                conn.execute(dedupe_tier_filters.delete().where(dedupe_tier_filters.c.tier.in_(old)))
                conn.execute(dedupe_tiers.update().where(dedupe_tiers.c.tier == into)
                             .values(level=tier_level(rows, fanout)))
            merges += 1
        self.build_dedupe_filters()
        return merges

    def build_dedupe_filters(self) -> int:
        """Give every settled tier without a Bloom filter one (a merged tier; every tier of an
        index written before the filters, once; a damaged filter again); returns the filters built.

        The keys are read in key order, FILTER_CHUNK at a time, outside any write transaction
        (a tier's rows only ever leave it, and a filter may hold keys no longer there)."""
        t, f = dedupe_tiers.c, dedupe_tier_filters.c
        # A damaged filter (its bytes do not make its n_bits) is ignored by lookups and rebuilt here.
        intact = sa.select(f.tier).where(sa.func.length(f.bits) * 8 == f.n_bits)
        with self._read() as conn:
            todo = conn.execute(sa.select(t.tier, t.n_rows).where(
                t.level >= 0, t.merging_into.is_(None), t.tier.not_in(intact)).order_by(t.tier)).all()
        built = 0
        for tier, n_rows in todo:
            builder = bloom.Builder(bloom.size_for(n_rows))
            for keys in self._tier_keys(tier):
                builder.add(keys)
            with self._write() as conn:
                self._lock_dedupe(conn)
                settled = conn.execute(sa.select(dedupe_tiers.c.merging_into).where(dedupe_tiers.c.tier == tier)).first()
                if settled is None or settled[0] is not None:
                    continue  # merged away (or being merged) meanwhile: nothing to filter
                if conn.execute(intact.where(f.tier == tier)).first():
                    continue  # another process built it
                conn.execute(dedupe_tier_filters.delete().where(f.tier == tier))
                conn.execute(dedupe_tier_filters.insert().values(tier=tier, n_bits=builder.n_bits, bits=builder.to_bytes()))
            built += 1
        return built

    def _tier_keys(self, tier: int) -> Iterator[Any]:
        """A tier's band keys in key order (numpy int64 arrays), FILTER_CHUNK rows a statement
        (keyset paging on the primary key; a key's other rows skipped at a page's edge hold the
        same key). Through the driver's cursor: SQLAlchemy's rows cost twice the time per key,
        and a merged tier at 10M posts holds 80M keys."""
        import numpy as np

        ph, last = self._ph, None
        while True:
            after = "" if last is None else f" AND key > {ph}"
            with self._read() as conn:
                cur = conn.connection.cursor()
                try:
                    cur.execute(f"SELECT key FROM dedupe_bands WHERE tier = {ph}{after} ORDER BY key LIMIT {FILTER_CHUNK}",
                                (tier,) if last is None else (tier, last))
                    rows = cur.fetchall()
                finally:
                    cur.close()
            if not rows:
                return
            keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            yield keys
            last = int(keys[-1])

    @staticmethod
    def _merge_in_progress(conn: Connection) -> tuple[int | None, list[int]]:
        rows = conn.execute(sa.select(dedupe_tiers.c.tier, dedupe_tiers.c.merging_into)
                            .where(dedupe_tiers.c.merging_into.is_not(None))).all()
        return (rows[0][1], sorted(t for t, _ in rows)) if rows else (None, [])

    def _start_merge(self, conn: Connection, fanout: int) -> tuple[int | None, list[int]]:
        """Pick the lowest full level; list its merge's new tier (level -1: being filled)."""
        tiers = self._tiers(conn)
        by_level: dict[int, list[int]] = {}
        for tier, level, _ in tiers:
            if level >= 0:
                by_level.setdefault(level, []).append(tier)
        full = sorted(level for level, ts in by_level.items() if len(ts) >= fanout)
        if not full:
            return None, []
        old, into = by_level[full[0]], tiers[-1][0] + 1
        conn.execute(dedupe_tiers.insert().values(tier=into, level=-1, n_rows=0))
        conn.execute(dedupe_tiers.update().where(dedupe_tiers.c.tier.in_(old)).values(merging_into=into))
        return into, old

    def _merge_range(self, into: int, old: list[int]) -> bool:
        """Move the next key range of the `old` tiers into `into` (one transaction); False
        when nothing is left. Band keys are hashes, spread evenly over the 64-bit range: a
        range of 2^64 * MERGE_CHUNK / rows holds about MERGE_CHUNK rows."""
        with self._write() as conn:
            self._lock_dedupe(conn)
            t = dedupe_bands.c
            # int(): PostgreSQL sums a BIGINT as a NUMERIC (a Decimal), and a NUMERIC bound
            # would turn `key >= bound` into a comparison the index cannot serve.
            total = int(conn.execute(sa.select(sa.func.sum(dedupe_tiers.c.n_rows))
                                     .where(dedupe_tiers.c.tier.in_(old))).scalar() or 0)
            # The old tiers lose each range as it moves: their smallest key left is where the
            # merge stands (after a restart too). Asked tier by tier: min() under
            # `tier IN (...)` would scan the tiers.
            firsts = [conn.execute(sa.select(sa.func.min(t.key)).where(t.tier == tier)).scalar() for tier in old]
            if all(k is None for k in firsts):
                return False
            lo = min(k for k in firsts if k is not None)
            width = (2**64 * MERGE_CHUNK) // max(total, 1) + 1
            hi = min(lo + width, 2**63)  # exclusive; 2**63 is past every key
            ph = self._ph
            listed = ", ".join(str(int(tier)) for tier in old)
            within = f"tier IN ({listed}) AND key >= {ph}" + (f" AND key < {ph}" if hi < 2**63 else "")
            bounds = (lo, hi) if hi < 2**63 else (lo,)
            # ORDER BY: each old tier is in key order, their union is not; the sorted rows
            # append at the index's right edge. Driver SQL: its rowcount is the rows copied on
            # both engines (SQLAlchemy's insert-from-select gave -1 on PostgreSQL).
            moved = conn.exec_driver_sql(f"INSERT INTO dedupe_bands (tier, key, post_id) SELECT {ph}, key, post_id "
                                         f"FROM dedupe_bands WHERE {within} ORDER BY key, post_id",
                                         (into, *bounds)).rowcount
            conn.exec_driver_sql(f"DELETE FROM dedupe_bands WHERE {within}", bounds)
            conn.execute(dedupe_tiers.update().where(dedupe_tiers.c.tier == into)
                         .values(n_rows=dedupe_tiers.c.n_rows + moved))
            return hi < 2**63

    def _add_tier(self, conn: Connection, rows: int) -> int:
        """A new tier's number: above every other, so its rows sort after theirs."""
        tier = (conn.execute(sa.select(sa.func.max(dedupe_tiers.c.tier))).scalar() or 0) + 1
        conn.execute(dedupe_tiers.insert().values(tier=tier, level=tier_level(rows), n_rows=rows))
        return tier

    def _drop_bands(self, conn: Connection, ids: Sequence[int]) -> None:
        """Delete the band rows of these posts from every tier (their old text's keys)."""
        old = [tuple(r) for chunk in _chunks(ids, BATCH) for r in conn.execute(
            sa.select(dedupe_post_bands.c.post_id, dedupe_post_bands.c.key).where(dedupe_post_bands.c.post_id.in_(chunk)))]
        if not old:
            return
        # A primary-key probe per tier and key: the post's rows may be in any tier.
        ph = self._ph
        for tier, _, _ in self._tiers(conn):
            conn.exec_driver_sql(f"DELETE FROM dedupe_bands WHERE tier = {ph} AND key = {ph} AND post_id = {ph}",
                                 [(tier, key, pid) for pid, key in sorted(old, key=lambda r: r[1])])
        for chunk in _chunks(sorted({pid for pid, _ in old}), BATCH):
            conn.execute(dedupe_post_bands.delete().where(dedupe_post_bands.c.post_id.in_(chunk)))

    def _lock_dedupe(self, conn: Connection) -> None:
        # SQLite's BEGIN IMMEDIATE already serialises writers; on PostgreSQL two runs (workers
        # of a distributed crawl) would pick the same new tier number.
        if self.dialect == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7411236)")

    def reset_dedupe_index(self) -> None:
        """Forget the index and the groups (a full rebuild after a change of parameters)."""
        with self._write() as conn:
            for table in (dedupe_bands, dedupe_tiers, dedupe_tier_filters, dedupe_post_bands):
                conn.execute(table.delete())
            conn.execute(posts.update().values(dedupe_hash=None, dup_group=None, changed_at=now_cst()))

    def link_duplicates(self, pairs: Sequence[tuple[int, int]]) -> int:
        """Merge posts into duplicate groups; a group is named by its smallest post id.

        Returns the number of posts whose group changed.
        """
        if not pairs:
            return 0
        with self._write() as conn:
            return self._link(conn, pairs)

    def _link(self, conn: Connection, pairs: Sequence[tuple[int, int]]) -> int:
        if not pairs:
            return 0
        ids = {i for pair in pairs for i in pair}
        groups = {
            r.id: r.dup_group
            for chunk in _chunks(sorted(ids), BATCH)
            for r in conn.execute(sa.select(posts.c.id, posts.c.dup_group).where(posts.c.id.in_(chunk)))
        }
        # Members already in the touched groups join the union too.
        old_groups = {g for g in groups.values() if g is not None}
        for chunk in _chunks(sorted(old_groups), BATCH):
            for r in conn.execute(sa.select(posts.c.id, posts.c.dup_group).where(posts.c.dup_group.in_(chunk))):
                groups[r.id] = r.dup_group
        sets = DisjointSets()
        for a, b in pairs:
            if a in groups and b in groups:
                sets.union(a, b)
        for pid, g in groups.items():
            if g is not None:
                sets.union(pid, g)
        updates = [{"b_id": pid, "dup_group": sets.find(pid)} for pid in groups if sets.find(pid) != groups[pid]]
        if updates:
            conn.execute(posts.update().where(posts.c.id == sa.bindparam("b_id")), updates)
            # Which post of a group counts may change for every member: all are republished.
            now = now_cst()
            for chunk in _chunks(sorted(groups), BATCH):
                conn.execute(posts.update().where(posts.c.id.in_(chunk)).values(changed_at=now))
        return len(updates)

    # -- tags -----------------------------------------------------------------------

    def posts_to_tag(self, version: str, batch_size: int = 2000, everything: bool = False) -> Iterator[list[dict]]:
        """Batches of posts that are new or were tagged with another lexicon version.

        Keyset pagination on id: a tagger writing while we read neither loops nor skips.
        Not `everything`: the ids come from the tagged_version index first, so an update
        reads its new posts, not a scan of the whole archive (issue 17).
        """
        cols = (posts.c.id, posts.c.title, posts.c.body, posts.c.target, posts.c.issue, posts.c.appeal)
        if not everything:
            for window in _chunks(self._ids_to_tag(version), batch_size):
                q = sa.select(*cols).where(posts.c.id.in_(window), _stale(version)).order_by(posts.c.id)
                with self._read() as conn:
                    batch = [dict(r._mapping) for r in conn.execute(q)]
                if batch:
                    yield batch
            return
        last = 0
        while True:
            q = sa.select(*cols).where(posts.c.id > last).order_by(posts.c.id).limit(batch_size)
            with self._read() as conn:
                batch = [dict(r._mapping) for r in conn.execute(q)]
            if not batch:
                return
            yield batch
            last = batch[-1]["id"]

    def _ids_to_tag(self, version: str) -> list[int]:
        # Three index range scans (NULL, below, above the version) instead of a != scan.
        tv = posts.c.tagged_version
        q = sa.union_all(sa.select(posts.c.id).where(tv.is_(None)), sa.select(posts.c.id).where(tv < version),
                         sa.select(posts.c.id).where(tv > version))
        with self._read() as conn:
            return sorted(r[0] for r in conn.execute(q))

    def count_to_tag(self, version: str, everything: bool = False) -> int:
        if not everything:
            return len(self._ids_to_tag(version))
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one()

    def save_tags(self, results: Sequence["TagResult"], version: str) -> None:
        """Replace the lenders and themes of the given posts, in one transaction."""
        ids = [r.post_id for r in results if r.post_id is not None]
        if not ids:
            return
        from pipeline.facts import fact_rows

        lender_rows, theme_rows, fact_rows_ = [], [], []
        for r in results:
            if r.post_id is None:
                continue
            fact_rows_ += [{"post_id": r.post_id, **row, "lexicon_version": version} for row in fact_rows(getattr(r, "facts", None) or {})]
            spans = getattr(r, "lender_spans", {}) or {}
            for i, lender in enumerate(dict.fromkeys(r.lenders)):
                span = spans.get(lender)
                lender_rows.append(
                    {
                        "post_id": r.post_id,
                        "lender": lender,
                        "is_primary": i == 0,
                        "via": span[2] if span else "",
                        "start": span[0] if span else None,
                        "end": span[1] if span else None,
                    }
                )
            for theme, evidence in r.themes.items():
                theme_rows.append(
                    {
                        "post_id": r.post_id,
                        "theme": theme,
                        "evidence": json.dumps([_evidence_json(e) for e in evidence], ensure_ascii=False),
                        "lexicon_version": version,
                    }
                )
        now = now_cst()
        with self._write() as conn:
            for chunk in _chunks(ids, BATCH):
                conn.execute(post_lenders.delete().where(post_lenders.c.post_id.in_(chunk)))
                conn.execute(post_themes.delete().where(post_themes.c.post_id.in_(chunk)))
                conn.execute(post_facts.delete().where(post_facts.c.post_id.in_(chunk)))
                conn.execute(posts.update().where(posts.c.id.in_(chunk)).values(tagged_version=version,
                                                                                  changed_at=now))
            if lender_rows:
                conn.execute(post_lenders.insert(), lender_rows)
            if theme_rows:
                conn.execute(post_themes.insert(), theme_rows)
            if fact_rows_:
                conn.execute(post_facts.insert(), fact_rows_)

    # -- runs -----------------------------------------------------------------------

    def start_run(self, source: str, args: dict[str, Any] | None = None) -> int:
        with self._write() as conn:
            res = conn.execute(
                crawl_runs.insert().values(
                    source=source, args=_masked_json(args), started_at=now_cst()
                )
            )
            return int(res.inserted_primary_key[0])

    def finish_run(
        self,
        run_id: int,
        *,
        pages: int = 0,
        new: int = 0,
        updated: int = 0,
        failed: int = 0,
        dropped: int = 0,
        finish_reason: str = "finished",
        healthy: bool = True,
        stats: dict[str, Any] | None = None,
    ) -> None:
        with self._write() as conn:
            conn.execute(
                crawl_runs.update()
                .where(crawl_runs.c.id == run_id)
                .values(
                    finished_at=now_cst(),
                    pages=pages,
                    new=new,
                    updated=updated,
                    failed=failed,
                    dropped=dropped,
                    finish_reason=finish_reason,
                    healthy=healthy,
                    stats=_masked_json(stats),
                )
            )

    def runs(self, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        q = sa.select(crawl_runs).order_by(crawl_runs.c.id.desc()).limit(limit)
        if source:
            q = q.where(crawl_runs.c.source == source)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def get_run(self, run_id: int) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(sa.select(crawl_runs).where(crawl_runs.c.id == run_id)).first()
        return dict(row._mapping) if row is not None else None

    def set_run_health(self, run_id: int, healthy: bool, flags: Sequence[str],
                       detail: dict[str, Any] | None = None) -> None:
        """Store pipeline.health's verdict: `healthy`, and the flags under stats["health"]."""
        with self._write() as conn:
            raw = conn.execute(sa.select(crawl_runs.c.stats).where(crawl_runs.c.id == run_id)).scalar()
            try:
                stats = json.loads(raw or "{}")
            except ValueError:
                stats = {}
            stats["health"] = {"flags": list(flags), **(detail or {})}
            conn.execute(
                crawl_runs.update()
                .where(crawl_runs.c.id == run_id)
                .values(healthy=healthy, stats=json.dumps(stats, ensure_ascii=False, default=str))
            )

    # -- platform totals and feed counters (黑猫 2026) ------------------------------------

    def save_platform_totals(self, rows: Sequence["PlatformTotals"], taken_at: datetime | None = None) -> int:
        """Append one snapshot of the platforms' own counts (rows of one crawl share a time)."""
        if not rows:
            return 0
        at = taken_at or now_cst()
        with self._write() as conn:
            conn.execute(platform_totals.insert(), [
                {"source": r.source, "company_id": r.company_id, "service_id": r.service_id, "name": r.name[:200],
                 "lender": r.lender[:60], "taken_at": r.taken_at or at, "total": r.total,
                 "last_30_days": r.last_30_days, "replied": r.replied, "completed": r.completed} for r in rows])
        return len(rows)

    def last_totals_at(self, source: str) -> datetime | None:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(platform_totals.c.taken_at))
                                .where(platform_totals.c.source == source)).scalar()

    def platform_totals(self, source: str | None = None) -> list[dict[str, Any]]:
        """The newest snapshot per (source, company, service), with how many posts we hold
        for the company (`held`: posts whose target_id is the company id)."""
        newest = (sa.select(platform_totals.c.source, platform_totals.c.company_id, platform_totals.c.service_id,
                            sa.func.max(platform_totals.c.taken_at).label("at"))
                  .group_by(platform_totals.c.source, platform_totals.c.company_id, platform_totals.c.service_id)
                  .subquery())
        t = platform_totals
        q = (sa.select(t).join(newest, sa.and_(t.c.source == newest.c.source, t.c.company_id == newest.c.company_id,
                                               t.c.service_id == newest.c.service_id, t.c.taken_at == newest.c.at))
             .order_by(t.c.source, t.c.company_id, t.c.service_id))
        if source:
            q = q.where(t.c.source == source)
        with self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            # By index (ix_posts_target_id): without it, every publish scanned the whole archive.
            held = dict(conn.execute(sa.select(posts.c.target_id, sa.func.count()).where(
                posts.c.target_id.in_(sorted({r["company_id"] for r in rows}))).group_by(posts.c.target_id)).all()) if rows else {}
        for r in rows:
            r["held"] = int(held.get(r["company_id"], 0)) if not r["service_id"] else None
            # The platform's own rates, to set beside the ones computed from reply steps.
            r["replied_rate"] = r["replied"] / r["total"] if r["total"] else None
            r["completed_rate"] = r["completed"] / r["total"] if r["total"] else None
            r["coverage"] = r["held"] / r["total"] if r["held"] is not None and r["total"] else None
        return rows

    def record_feed_items(self, rows: Sequence[dict[str, Any]]) -> None:
        """Upsert the feed's counters of posts: (source, source_id, field, upvotes, comments, shares)."""
        if not rows:
            return
        now = now_cst()
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(feed_items)
        stmt = stmt.on_conflict_do_update(
            index_elements=["source", "source_id"],
            set_={"field": stmt.excluded.field, "upvotes": stmt.excluded.upvotes, "comments": stmt.excluded.comments,
                  "shares": stmt.excluded.shares, "last_seen": stmt.excluded.last_seen})
        with self._write() as conn:
            conn.execute(stmt, [{**r, "first_seen": now, "last_seen": now} for r in rows])

    def feed_item(self, source: str, source_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(sa.select(feed_items).where(feed_items.c.source == source,
                                                           feed_items.c.source_id == source_id)).first()
        return dict(row._mapping) if row is not None else None

    # -- reading for publish and stats ---------------------------------------------------

    def last_change(self) -> datetime | None:
        """The newest posts.changed_at: an incremental publish's watermark."""
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.max(posts.c.changed_at))).scalar()

    def changed_since(self, since: datetime) -> list[tuple[int, datetime | None, int | None]]:
        """(id, published_at, dup_group) of the posts changed after `since` (by index)."""
        q = sa.select(posts.c.id, posts.c.published_at, posts.c.dup_group).where(posts.c.changed_at > since)
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(q)]

    def post_ids_published(self, ranges: Sequence[tuple[datetime, datetime]], undated: bool = False) -> list[int]:
        """Ids of the posts published in any [start, end) of `ranges` (and undated ones)."""
        conds = [sa.and_(posts.c.published_at >= a, posts.c.published_at < b) for a, b in ranges]
        if undated:
            conds.append(posts.c.published_at.is_(None))
        if not conds:
            return []
        with self._read() as conn:
            return sorted(r[0] for r in conn.execute(sa.select(posts.c.id).where(sa.or_(*conds))))

    def dup_groups_of(self, ids: Sequence[int]) -> set[int]:
        out: set[int] = set()
        with self._read() as conn:
            for chunk in _chunks(ids, BATCH):
                out.update(r[0] for r in conn.execute(
                    sa.select(posts.c.dup_group).where(posts.c.id.in_(chunk), posts.c.dup_group.is_not(None))))
        return out

    def post_ids_in_groups(self, groups: Iterable[int]) -> list[int]:
        out: set[int] = set()
        with self._read() as conn:
            for chunk in _chunks(sorted(set(groups)), BATCH):
                out.update(r[0] for r in conn.execute(sa.select(posts.c.id).where(posts.c.dup_group.in_(chunk))))
        return sorted(out)

    def iter_frames(self, table: str, batch_size: int = 50_000,
                    post_ids: Sequence[int] | None = None) -> Iterator["pd.DataFrame"]:
        """Stream a whole table as DataFrames in bounded memory.

        Tables with an `id` are paged by keyset; the tag tables by windows of post ids,
        so a post's rows never straddle two frames. With `post_ids` (sorted), only the rows
        of those posts (an incremental publish).
        """
        import pandas as pd

        t = TABLES[table]
        columns = list(t.c.keys())
        if post_ids is not None:
            key = t.c.id if table == "posts" else t.c.post_id
            rows: list[tuple] = []
            for window in _chunks(post_ids, BATCH):
                with self._read() as conn:
                    rows.extend(tuple(r) for r in conn.execute(sa.select(t).where(key.in_(window)).order_by(key)))
                if len(rows) >= batch_size:
                    yield pd.DataFrame.from_records(rows, columns=columns)
                    rows = []
            if rows:
                yield pd.DataFrame.from_records(rows, columns=columns)
            return
        if "id" in t.c:
            last = 0
            while True:
                q = sa.select(t).where(t.c.id > last).order_by(t.c.id).limit(batch_size)
                with self._read() as conn:
                    rows = conn.execute(q).fetchall()
                if not rows:
                    return
                yield pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)  # tuples: 4x faster than Row objects
                last = rows[-1].id
        with self._read() as conn:
            top = conn.execute(sa.select(sa.func.max(t.c.post_id))).scalar() or 0
        for lo in range(0, top, batch_size):
            q = sa.select(t).where(t.c.post_id > lo, t.c.post_id <= lo + batch_size).order_by(t.c.post_id)
            with self._read() as conn:
                rows = conn.execute(q).fetchall()
            if rows:
                yield pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)  # tuples: 4x faster than Row objects

    def stats(self) -> dict[str, Any]:
        with self._read() as conn:
            by_source = dict(conn.execute(sa.select(posts.c.source, sa.func.count()).group_by(posts.c.source)).all())
            by_lender = dict(
                conn.execute(
                    sa.select(post_lenders.c.lender, sa.func.count())
                    .group_by(post_lenders.c.lender)
                    .order_by(sa.func.count().desc())
                ).all()
            )
            by_theme = dict(
                conn.execute(
                    sa.select(post_themes.c.theme, sa.func.count())
                    .group_by(post_themes.c.theme)
                    .order_by(sa.func.count().desc())
                ).all()
            )
            last = conn.execute(
                sa.select(
                    crawl_runs.c.source,
                    sa.func.max(crawl_runs.c.finished_at),
                )
                .where(crawl_runs.c.finished_at.is_not(None))
                .group_by(crawl_runs.c.source)
            ).all()
            untagged = conn.execute(
                sa.select(sa.func.count()).select_from(posts).where(posts.c.tagged_version.is_(None))
            ).scalar_one()
            span = conn.execute(sa.select(sa.func.min(posts.c.published_at), sa.func.max(posts.c.published_at))).one()
        return {
            "posts": sum(by_source.values()),
            "by_source": by_source,
            "by_lender": by_lender,
            "by_theme": by_theme,
            "last_crawl": {s: t for s, t in last},
            "untagged": untagged,
            "first_published": span[0],
            "last_published": span[1],
        }


class _Guard:
    """Wraps a connection context so database errors surface as one-line StoreErrors."""

    def __init__(self, store: Store, open_ctx: Callable[[], Any]) -> None:
        self.store, self.open_ctx, self.ctx = store, open_ctx, None

    def __enter__(self) -> Connection:
        try:
            self.ctx = self.open_ctx()
            return self.ctx.__enter__()
        except exc.DBAPIError as e:
            raise StoreError(_explain(e, self.store.url)) from e

    def __exit__(self, et: Any, ev: Any, tb: Any) -> bool:
        self.ctx.__exit__(et, ev, tb)
        if isinstance(ev, exc.DBAPIError):
            raise StoreError(_explain(ev, self.store.url)) from ev
        return False


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def _stale(version: str) -> Any:
    return sa.or_(posts.c.tagged_version.is_(None), posts.c.tagged_version != version)


def _post_row(p: Post, now: datetime) -> dict[str, Any]:
    return {
        "source": p.source,
        "source_id": p.source_id,
        "url": p.url,
        "title": p.title,
        "body": p.body,
        "author": p.author[:120],
        "published_at": p.published_at,
        "crawled_at": p.crawled_at or now,
        "updated_at": now,
        "changed_at": now,
        "target": p.target[:200],
        "target_id": p.target_id[:80],
        "issue": p.issue,
        "appeal": p.appeal,
        "amount": p.amount,
        "status": p.status,
        "steps": json.dumps([s.to_json() for s in p.steps], ensure_ascii=False),
        "content_hash": p.content_hash(),
    }


def _masked_json(value: dict[str, Any] | None) -> str:
    """A run's arguments or stats as JSON: URLs without credentials, text masked
    (a keyword searched may be a phone number; a --base-url may hold user:password@)."""

    def clean(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, str):
            return mask_url(v) if "://" in v else mask_pii(v)
        return v

    return json.dumps(clean(value or {}), ensure_ascii=False, default=str)
def _utc_to_cst(value: datetime) -> datetime:
    return value + timedelta(hours=8)


def _edit_row(conn: Connection, pid: int, p: Post, old_hash: str, new_hash: str, now: datetime) -> dict[str, Any]:
    """A post_versions row for a text that differs from the last one we have."""
    old = conn.execute(sa.select(posts.c.title, posts.c.body).where(posts.c.id == pid)).one()
    prev = conn.execute(sa.select(post_versions.c.title, post_versions.c.body).where(
        post_versions.c.post_id == pid, post_versions.c.kind == "edited").order_by(post_versions.c.id.desc())
        .limit(1)).first()
    before = f"{(prev or old).title}\n{(prev or old).body}"
    after = f"{p.title}\n{p.body}"
    produced = [c for c in p.captures if c.get("produced")]
    old_capture = conn.execute(sa.select(post_captures.c.record_id).where(
        post_captures.c.post_id == pid, post_captures.c.produced.is_(True))
        .order_by(post_captures.c.captured_at.desc()).limit(1)).scalar()
    return {"post_id": pid, "kind": "edited", "seen_at": now, "old_hash": old_hash, "new_hash": new_hash,
            "title": p.title, "body": p.body, "diff": char_diff(before, after),
            "old_capture": old_capture or "", "new_capture": str(produced[-1]["record_id"]) if produced else ""}


def char_diff(before: str, after: str) -> str:
    """An inline character diff, `[-removed-]{+added+}`: Chinese has no words to diff by."""
    import difflib

    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(before[a1:a2])
        else:
            if a2 > a1:
                out.append(f"[-{before[a1:a2]}-]")
            if b2 > b1:
                out.append(f"{{+{after[b1:b2]}+}}")
    return "".join(out)


def _utc_naive(text: str) -> datetime:
    """'2026-12-01T10:00:00.123456Z' -> naive UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def _evidence_json(e: Any) -> dict[str, Any]:
    if isinstance(e, dict):
        return e
    return {"start": e.start, "end": e.end, "text": e.text, "rule": getattr(e, "rule", "")}


def tier_level(rows: int, fanout: int | None = None) -> int:
    """The level of a band-index tier of `rows` rows: 0 below fanout TIER_UNITs, then one more
    per factor of fanout."""
    fanout = fanout or TIER_FANOUT
    level = 0
    while rows >= TIER_UNIT * fanout ** (level + 1):
        level += 1
    return level


def _chunks(seq: Sequence[Any] | Iterable[Any], n: int) -> Iterator[list[Any]]:
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i : i + n]

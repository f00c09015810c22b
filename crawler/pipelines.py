"""Item pipelines: normalise -> mask personal data -> validate -> store (batched).

The store pipeline also records the run in `crawl_runs` (start at open, counts and
finish reason at close) and links near-duplicates when the crawl ends.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.verdict import judge
from pipeline.dedupe import link_near_duplicates
from pipeline.models import PlatformTotals, Post
from pipeline.store import Store
from pipeline.text import clean_text, mask_post

log = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "body", "author", "target", "issue", "appeal", "status")


class NormalizePipeline:
    """HTML remnants, whitespace, full-width ASCII, GBK/mojibake repair (pipeline.text)."""

    def process_item(self, item: Post, spider=None) -> Post:
        if isinstance(item, PlatformTotals):
            return item
        for name in TEXT_FIELDS:
            setattr(item, name, clean_text(getattr(item, name) or ""))
        item.steps = [replace(s, actor=clean_text(s.actor), kind=clean_text(s.kind), text=clean_text(s.text))
                      for s in item.steps]
        return item


class MaskPiiPipeline:
    """Phone, ID-card, bank-card numbers etc. are masked before anything is stored: every
    free-text field, the id and the URL (pipeline.text.mask_post, which the store repeats)."""

    def process_item(self, item: Post, spider=None) -> Post:
        if isinstance(item, PlatformTotals):
            return item
        return mask_post(item)


class ValidatePipeline:
    """Drop what cannot be a post, counting each reason in the crawl stats."""

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: Post, spider=None) -> Post:
        if isinstance(item, PlatformTotals):
            return item
        reason = invalid_reason(item)
        if reason:
            self.stats.inc_value("complaints/dropped")
            self.stats.inc_value(f"complaints/dropped/{reason}")
            raise DropItem(f"{reason}: {item.source}/{item.source_id} {item.url}")
        return item


def invalid_reason(item: Any) -> str:
    """Why an item cannot be stored ('' when it can)."""
    if not isinstance(item, Post):
        return "not_a_post"
    if not item.source or not item.source_id:
        return "no_id"
    if not item.title and not item.body:
        return "empty"
    if not item.body:
        return "no_body"
    if item.amount is not None and (item.amount < 0 or item.amount != item.amount):
        return "bad_amount"
    if item.published_at is not None and not _plausible(item.published_at):
        # The same range as imports (pipeline.importer): a post dated 0001-01-01 or
        # 9999-12-31 would stretch every chart to ten thousand years.
        return "bad_date"
    return ""


def _plausible(when) -> bool:
    from pipeline.importer import MIN_DATE, default_max_date

    return MIN_DATE <= when.date() <= default_max_date()


class StorePipeline:
    """Upsert posts in batches, one transaction per batch; record the run."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.batch_size = settings.getint("COMPLAINTS_STORE_BATCH", 200)
        # A distributed worker acks a request once its items are through the pipelines, so
        # there an item must not come out before its batch is committed (else a worker
        # killed between the ack and the commit loses the post).
        self.wait_for_commit = settings.getbool("COMPLAINTS_STORE_WAIT", False)
        self.flush_every = settings.getfloat("COMPLAINTS_STORE_FLUSH_SECONDS", 2.0)
        self.dedupe = settings.getbool("COMPLAINTS_DEDUPE", True)
        # A re-crawled post whose text changed keeps its first text; the edit goes to post_versions.
        self.keep_first_text = settings.getbool("COMPLAINTS_KEEP_FIRST_TEXT", True)
        self.store = Store(settings.get("COMPLAINTS_DB_URL"))
        self.buffer: list[Post] = []
        self.totals: list[PlatformTotals] = []     # one snapshot, written when the crawl ends
        self.last_flush = time.monotonic()
        self.run_id: int | None = None
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "edited": 0}
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self.pending: list[tuple[int, Future]] = []
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        spider = spider or self.crawler.spider
        self.run_id = self.store.start_run(spider.name, getattr(spider, "run_args", {}))
        self.stats.set_value("complaints/run_id", self.run_id)

    def process_item(self, item: Post, spider=None) -> Any:
        if isinstance(item, PlatformTotals):
            self.totals.append(item)
            return item
        self.buffer.append(item)
        # Flush by size, and by time so a killed crawl loses at most a few seconds.
        if len(self.buffer) >= self.batch_size or time.monotonic() - self.last_flush > self.flush_every:
            future = self.flush()
            if self.wait_for_commit and future is not None:
                return _when_done(future, item)
        return item

    def flush(self) -> Future | None:
        """Hand the batch to the writer thread: the reactor keeps downloading while the
        database commits. One thread keeps batches in order and one transaction each."""
        self.last_flush = time.monotonic()
        if not self.buffer:
            return None
        batch, self.buffer = self.buffer, []
        future = self.writer.submit(self._store_batch, batch)
        if self.wait_for_commit:
            # The item's Deferred reports the outcome (a lost database stops the worker);
            # counting happens here so the run record still adds up.
            future.add_done_callback(lambda f, n=len(batch): self._count(n, f))
        else:
            self.pending.append((len(batch), future))
            self._collect(block=False)
        return future

    def _store_batch(self, batch: list[Post]) -> Any:
        counts = self.store.upsert_posts(batch, keep_first_text=self.keep_first_text)
        # The feed's counters of the posts that came from a feed (黑猫 2026).
        seen = {(p.source, p.source_id): p.feed for p in batch if getattr(p, "feed", None) is not None}
        self.store.record_feed_items([
            {"source": s, "source_id": i, "field": f.field, "upvotes": f.upvotes, "comments": f.comments,
             "shares": f.shares} for (s, i), f in seen.items()])
        return counts

    def _collect(self, block: bool) -> None:
        """Add up finished batches; a batch the store refused counts as failed posts."""
        waiting = []
        for size, future in self.pending:
            if not block and not future.done():
                waiting.append((size, future))
                continue
            self._count(size, future)
        self.pending = waiting

    def _count(self, size: int, future: Future) -> None:
        try:
            counts = future.result()
        except Exception as exc:  # noqa: BLE001 - any store failure must reach the run record
            log.error("storing %d posts failed: %s", size, exc)
            if not self.wait_for_commit:  # a waiting item reports its own failure
                self.stats.inc_value("complaints/failed", size)
            self.stats.inc_value("complaints/failed/store", size)
            return
        for key in self.counts:
            self.counts[key] += getattr(counts, key)
            self.stats.set_value(f"complaints/{key}", self.counts[key])

    def close_spider(self, spider=None) -> None:
        if self.totals:
            try:
                self.stats.set_value("complaints/totals", self.store.save_platform_totals(self.totals))
            except Exception as exc:  # noqa: BLE001 - reaches the run record as a failure
                log.error("storing %d platform totals failed: %s", len(self.totals), exc)
                self.stats.inc_value("complaints/failed", len(self.totals))
        self.flush()
        self._collect(block=True)
        self.writer.shutdown(wait=True)

    def spider_closed(self, spider, reason: str) -> None:
        """Runs after close_spider: the finish reason is known only here."""
        stats = self.stats.get_stats()
        if self.dedupe and (self.counts["new"] or self.counts["updated"]):  # new texts, or edited ones
            started = time.monotonic()
            stats["complaints/dup_links"] = link_near_duplicates(self.store)
            stats["complaints/dedupe_seconds"] = round(time.monotonic() - started, 3)
        verdict = judge(stats, reason)
        spider.verdict = verdict
        if self.run_id is not None:
            self.store.finish_run(
                self.run_id,
                pages=verdict.pages,
                new=self.counts["new"],
                updated=self.counts["updated"],
                failed=verdict.failed,
                dropped=int(stats.get("complaints/dropped", 0)),
                finish_reason=verdict.finish_reason,
                healthy=verdict.healthy,
                stats=_jsonable(stats),
            )
        self.store.close()


def _when_done(future: Future, item: Post) -> Any:
    """A Deferred firing with `item` once `future` (a commit in the writer thread) is done."""
    import asyncio

    from twisted.internet.defer import Deferred

    return Deferred.fromFuture(asyncio.wrap_future(future)).addCallback(lambda _: item)


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v)) for k, v in stats.items()}

"""What every complaint spider shares: arguments, store look-ups for incremental crawls,
failure accounting, and one `seed_requests()` so seeding can later go to Redis."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Iterator

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.capture import META as CAPTURE_META
from crawler.parsers.common import LoginWall, ParseError, SourceError, now_cst, rebase
from crawler.sources import SourceConfig
from pipeline.models import Post
from pipeline.settings import CST
from pipeline.store import Store

log = logging.getLogger(__name__)


class ComplaintSpider(scrapy.Spider):
    """Arguments (set by crawler.run): config (SourceConfig), base_url, since (datetime),
    max_pages, resume (bool: a killed run is being resumed, page through everything)."""

    platform = ""  # the real site's base URL, stored in post URLs

    def __init__(self, config: SourceConfig, base_url: str = "", since: datetime | None = None,
                 max_pages: int | None = None, resume: bool = False, db_url: str | None = None,
                 now: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.base_url = (base_url or config.base_url or self.platform).rstrip("/")
        self.since = since
        self.max_pages = max_pages or config.max_pages
        self.resume = resume
        self.now = now or now_cst()
        self._store = Store(db_url) if db_url else None  # None: a crawl that knows no posts
        self._cutoffs: dict[str, datetime | None] = {}
        self.run_args = {"companies": config.companies, "keywords": config.keywords,
                         "base_url": self.base_url, "since": since, "max_pages": self.max_pages,
                         "resume": resume}

    # -- seeding ---------------------------------------------------------------------------

    async def start(self):
        for request in self.seed_requests():
            yield request

    def seed_requests(self) -> Iterator[Request]:
        """Every first request of the crawl; with scrapy-redis these are pushed to Redis."""
        raise NotImplementedError

    def url(self, platform_url: str) -> str:
        """A platform URL (also //host/path) rebased onto --base-url."""
        return rebase(platform_url, self.base_url)

    # -- the store, for incremental crawls ------------------------------------------------

    def known_status(self, source_ids: list[str]) -> dict[str, str]:
        if self._store is None or not source_ids:
            return {}
        return self._store.known_status(self.name, source_ids)

    def open_posts(self) -> list[tuple[str, str]]:
        """Stored posts to fetch again: open complaints (status changes) and the posts due
        a re-visit (edits, deletions: Store.due_revisits, within revisit_budget)."""
        if self._store is None:
            return []
        out = self._store.open_posts(self.name) if self.config.recheck_open else []
        seen = {sid for sid, _ in out}
        due = [(sid, url) for sid, url in self._store.due_revisits(self.name, self.config.revisit_days,
                                                                   self.config.revisit_budget, now=self.now)
               if sid not in seen]
        self.crawler.stats.inc_value("complaints/revisits", len(due))
        return out + due

    def cutoff(self, query: str) -> datetime | None:
        """Entries older than this and already known end the paging of `query`: --since,
        else the start of the last healthy run that asked the same query. None while
        resuming a killed run (its pages were not all read)."""
        if self.since is not None:
            return self.since
        if self.resume or self._store is None:
            return None
        if query not in self._cutoffs:  # one look-up per query, not per page
            self._cutoffs[query] = next(
                (run["started_at"] for run in self._store.runs(self.name, limit=50)
                 if run.get("healthy") and run.get("finished_at") and f'"{query}"' in (run.get("args") or "")),
                None)
        return self._cutoffs[query]

    def note_page(self, posts: list[Post], query: str, page: int) -> None:
        """A query whose first page is empty got nothing from the source: say so."""
        if page == 1 and not posts:
            self.crawler.stats.inc_value("complaints/empty_queries")
            log.warning("%s: %r answered no entries", self.name, query)

    def wanted(self, posts: list[Post], query: str) -> tuple[list[Post], bool]:
        """Posts of a list page worth a detail request, and whether to read the next page.

        Known posts are skipped unless the list shows a new status; posts older than
        --since are skipped; a page of only old, known posts ends the paging.
        """
        stats = self.crawler.stats
        stats.inc_value("complaints/listed", len(posts))
        known = self.known_status([p.source_id for p in posts])
        cutoff = self.cutoff(query)
        wanted, old_known = [], 0
        for p in posts:
            old = cutoff is not None and p.published_at is not None and p.published_at < cutoff
            if self.since is not None and old:
                stats.inc_value("complaints/skipped_old")
                old_known += 1
                continue
            if p.source_id in known and (not p.status or known[p.source_id] == p.status):
                stats.inc_value("complaints/skipped_known")
                old_known += int(old)
                continue
            if p.source_id in known:
                stats.inc_value("complaints/status_changed")
            wanted.append(p)
        go_on = not (posts and old_known == len(posts))
        return wanted, go_on

    # -- failures --------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        """Errback: a request that failed after its retries (HTTP error, timeout)."""
        request = getattr(failure, "request", None)
        from crawler.capture import PostVanished

        if failure.check(PostVanished):  # a stored post the platform removed: recorded, not a failure
            self.crawler.stats.inc_value("complaints/vanished")
            return
        self.count_failure("request", f"{failure.type.__name__}: {failure.getErrorMessage()[:200]}",
                           request.url if request is not None else "")

    def count_failure(self, kind: str, message: str, url: str) -> None:
        self.crawler.stats.inc_value("complaints/failed")
        self.crawler.stats.inc_value(f"complaints/failed/{kind}")
        log.warning("failed %s %s: %s", kind, url, message)

    def source_error(self, exc: SourceError, response: Response) -> Iterator[Request]:
        """Account for a bad answer; a cut-off or invalid one is retried like a 5xx (it is
        usually transient), a login wall or an error answer is not."""
        if isinstance(exc, LoginWall):
            self.crawler.stats.inc_value("complaints/login_wall")
            log.error("login wall at %s: %s", response.url, exc)
            return
        if isinstance(exc, ParseError):
            retry = get_retry_request(response.request, spider=self, reason="unparseable answer")
            if retry is not None:
                yield retry
                return
            self.count_failure("parse", str(exc), response.url)
            return
        self.count_failure("source", str(exc), response.url)

    @staticmethod
    def body(response: Response) -> str | bytes:
        """Text decoded as Scrapy does (HTTP charset, then <meta>, BOM, detection), so a
        GBK page declared only in its Content-Type header is read right; raw bytes for a
        binary-typed answer (the parsers then detect the encoding themselves)."""
        return response.text if hasattr(response, "text") else response.body

    def stamp(self, post: Post, response: Response | None = None) -> Post:
        """crawled_at, the post's first sighting: when the page showing it was fetched (its
        capture's time, to the second), so that no capture of it is older than its first
        sighting; the parse time when nothing was captured."""
        post.crawled_at = fetched_at(response) or now_cst()
        return post

    def closed(self, reason: str) -> None:
        if self._store is not None:
            self._store.close()


def fetched_at(response: Response | None) -> datetime | None:
    """The CST time (to the second) of the capture of `response` (crawler/capture.py puts it in
    the request's meta), or None without one. Stamping after the parse instead could fall in the
    next second: a post then looked first seen after its own capture."""
    try:
        capture = response.meta.get(CAPTURE_META) if response is not None else None
    except AttributeError:  # a response built without a request (tests, offline parsing)
        return None
    when = (capture or {}).get("captured_at")
    if not when:
        return None
    return datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone(CST).replace(tzinfo=None, microsecond=0)

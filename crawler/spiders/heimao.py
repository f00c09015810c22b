"""黑猫投诉 in three modes (data/sources.yaml `mode`, or `complaints crawl heimao --mode`):

- feed (anonymous, the default): the latest-complaints feed and the sector feeds, then
  each kept item's page through the url the feed gave (with its sld);
- company: each couid's list and the keyword search, with the user's own login cookie
  ($COMPLAINTS_HEIMAO_COOKIE); without it code 10005 ends the run as a login wall;
- totals: the platform's own counts per registry lender (pipeline/registry.py).
"""
from __future__ import annotations

import time
from typing import Iterator

from scrapy.http import Request, Response

from crawler import walls
from crawler.parsers import heimao as parser
from crawler.middlewares import LOGIN_META
from crawler.parsers.common import DepthReached, Gone, LoginWall, SignatureRejected, SourceError
from crawler.spiders.base import ComplaintSpider
from pipeline.models import Post
from pipeline.registry import heimao_companies, lender_named, load_registry

ANONYMOUS_HINT = ("company lists and search need your own login cookie ($COMPLAINTS_HEIMAO_COOKIE); "
                  "`complaints crawl heimao --mode feed` works anonymously")


class HeimaoSpider(ComplaintSpider):
    name = "heimao"
    platform = parser.PLATFORM

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.salt = self.config.sign_salt or parser.SIGN_SALT
        self.mode = self.config.mode or "company"
        self.run_args["mode"] = self.mode
        if self.mode == "feed":
            self.run_args["feeds"] = self.feed_queries()
        self.lenders = load_registry() if self.mode in ("feed", "totals") else []
        self._fed: set[str] = set()   # feed items yielded this run (a complaint is in several feeds)

    def seed_requests(self) -> Iterator[Request]:
        if self.mode == "feed":
            yield from self.feed_seeds()
        elif self.mode == "totals":
            yield from self.totals_seeds()
        else:
            yield from self.company_seeds()
        if self.mode != "totals":
            yield from self.recheck_seeds()

    def known_status(self, source_ids: list[str]) -> dict[str, str]:
        """Feed mode: a feed item stored without its page is not yet known."""
        if self.mode != "feed" or self._store is None or not source_ids:
            return super().known_status(source_ids)
        return self._store.known_status(self.name, source_ids, with_steps=True)

    def recheck_seeds(self) -> Iterator[Request]:
        opened = self.open_posts()
        limit = self.config.recheck_limit
        if limit and len(opened) > limit:
            # A different slice each hour, so every open complaint is seen within a day or so.
            start = (int(time.time()) // 3600 * limit) % len(opened)
            opened = (opened[start:] + opened[:start])[:limit]
        for sn, url in opened:
            self.crawler.stats.inc_value("complaints/recheck_open")
            yield self.detail(Post(self.name, sn, url, "", "", None))

    # -- company mode (login) -------------------------------------------------------------

    def company_seeds(self) -> Iterator[Request]:
        for couid in self.config.companies:
            yield self.company_page(couid, 1)
        for keyword in self.config.keywords:
            yield self.search_page(keyword, 1)

    def company_page(self, couid: str, page: int) -> Request:
        callback = f"jQuery1112{int(time.time() * 1000)}_{int(time.time() * 1000)}" if self.config.jsonp else None
        url = parser.company_api_url(self.base_url, couid, page, page_size=self.config.page_size, callback=callback)
        # The login cookie is added at send time (LoginCookieMiddleware), never stored with the request.
        return Request(url, callback=self.parse_list, errback=self.on_error, dont_filter=True,
                       meta={LOGIN_META: True}, cb_kwargs={"query": couid, "kind": "company", "page": page})

    def search_page(self, keyword: str, page: int) -> Request:
        url = parser.search_api_url(self.base_url, keyword, page, page_size=self.config.page_size)
        # The login cookie is added at send time (LoginCookieMiddleware), never stored with the request.
        return Request(url, callback=self.parse_list, errback=self.on_error, dont_filter=True,
                       meta={LOGIN_META: True}, cb_kwargs={"query": keyword, "kind": "search", "page": page})

    def detail(self, listed: Post) -> Request:
        return Request(self.url(listed.url or parser.detail_url(listed.source_id)), callback=self.parse_detail,
                       errback=self.on_error, cb_kwargs={"listed": listed})

    def parse_list(self, response: Response, query: str, kind: str, page: int):
        try:
            api = parser.parse_api(self.body(response))
        except SourceError as exc:
            yield from self.wall_or_error(exc, response, anonymous_route=False)
            return
        self.note_page(api.posts, query, page)
        wanted, go_on = self.wanted(api.posts, query)
        for post in wanted:
            yield self.detail(post)
        if go_on and api.has_next and page < self.max_pages:
            yield (self.company_page if kind == "company" else self.search_page)(query, page + 1)

    def parse_detail(self, response: Response, listed: Post):
        try:
            post = parser.parse_detail(self.body(response), response.url, now=self.now)
        except Gone as exc:
            # Deleted, or the sld changed: recorded, not retried (FORMATS_2026.md §3.1).
            self.crawler.stats.inc_value("complaints/gone")
            self.logger.info("%s", exc)
            return
        except SourceError as exc:
            yield from self.wall_or_error(exc, response, anonymous_route=True)
            return
        yield self.stamp(parser.merge(listed, post), response)

    # -- walls ----------------------------------------------------------------------------

    def wall_or_error(self, exc: SourceError, response: Response, *, anonymous_route: bool) -> Iterator[Request]:
        """A wall stops the run at once; anything else is a counted failure (base class).

        Code 10005 on a route that needs a login is a login wall (exit 3); on an anonymous
        route (feed, detail, totals) it means the site has turned against us: risk control.
        """
        if isinstance(exc, LoginWall) and not anonymous_route:
            self.crawler.stats.inc_value("complaints/login_wall")
            self.crawler.stats.set_value("complaints/login_hint", ANONYMOUS_HINT)
            walls.stop(self, walls.LOGIN_WALL, f"{exc} at {response.url}; {ANONYMOUS_HINT}")
            return
        if isinstance(exc, LoginWall):
            walls.stop(self, walls.RISK_CONTROL, f"{exc} on an anonymous route ({response.url})")
            return
        if isinstance(exc, SignatureRejected):
            walls.stop(self, walls.SIGNATURE_REJECTED, f"{exc} ({response.url})")
            return
        yield from self.source_error(exc, response)

    # -- feed mode (anonymous) ------------------------------------------------------------

    def feed_queries(self) -> list[str]:
        return [f"feed:type={t}" for t in self.config.feed_types] + [f"feed:field={f}" for f in self.config.fields]

    def feed_seeds(self) -> Iterator[Request]:
        for t in self.config.feed_types:
            yield self.feed_page(t, None, 1)
        for f in self.config.fields:
            yield self.feed_page(parser.FEED_LATEST, f, 1)

    def feed_page(self, type_: str | int, field: str | None, page: int) -> Request:
        url = parser.feed_api_url(self.base_url, page, type_=int(type_), field=field, salt=self.salt)
        query = f"feed:field={field}" if field else f"feed:type={type_}"
        return Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True,
                       headers={"Referer": f"{self.base_url}/", "X-Requested-With": "XMLHttpRequest"},
                       cb_kwargs={"query": query, "type_": type_, "field": field, "page": page})

    def keep(self, item: parser.FeedItem, field: str | None) -> bool:
        """Every item of a sector feed asked for; from the all-sector feed, the items whose
        company or text names a registry lender."""
        if field or item.field in self.config.fields:
            return True
        post = item.post
        return bool(lender_named(f"{post.target}\n{post.title}\n{post.body}", self.lenders))

    def parse_feed(self, response: Response, query: str, type_: str, field: str | None, page: int):
        stats = self.crawler.stats
        try:
            items = parser.parse_feed(self.body(response))
        except DepthReached:
            stats.inc_value("complaints/depth_reached")
            self.logger.info("%s: anonymous depth reached at page %d (a normal end)", query, page)
            return
        except SourceError as exc:
            yield from self.wall_or_error(exc, response, anonymous_route=True)
            return
        self.note_page([i.post for i in items], query, page)
        kept = [i for i in items if self.keep(i, field)]
        stats.inc_value("complaints/feed_items", len(items))
        stats.inc_value("complaints/feed_kept", len(kept))
        wanted, _ = self.wanted([i.post for i in kept], query)
        wanted_ids = {p.source_id for p in wanted}
        stored = super().known_status(sorted(wanted_ids))   # with or without its page
        for item in kept:
            sn = item.post.source_id
            if sn not in wanted_ids:
                continue
            if sn not in stored and sn not in self._fed:
                # The feed item alone is already a useful post; its page completes it. Only
                # for a post not stored yet: a summary must never replace a full text.
                self._fed.add(sn)
                feed_post = self.stamp(item.post, response)
                feed_post.feed = item  # counters for the feed_items table (StorePipeline)
                yield feed_post
            yield self.detail(item.post)
        # No fixed 50: the platform's 10017 says where its anonymous depth ends (it may move).
        if items and not self.feed_page_known(items, kept, wanted_ids, query) and page < self.max_pages:
            yield self.feed_page(type_, field, page + 1)

    def feed_page_known(self, items: list[parser.FeedItem], kept: list[parser.FeedItem], wanted: set[str],
                        query: str) -> bool:
        """A page holding only complaints seen before ends the paging: the kept ones are
        stored, and the others (not ours) are older than the last healthy run's start."""
        if self.resume or any(i.post.source_id in wanted for i in kept):
            return False
        cutoff = self.cutoff(query)
        kept_ids = {i.post.source_id for i in kept}
        for i in items:
            if i.post.source_id in kept_ids:
                continue
            if cutoff is None or i.post.published_at is None or i.post.published_at >= cutoff:
                return False
        return True

    # -- totals mode ----------------------------------------------------------------------

    def totals_seeds(self) -> Iterator[Request]:
        companies = ([(c, [], "") for c in self.config.companies] if self.config.companies
                     else heimao_companies(self.lenders))
        self.run_args["totals"] = [c for c, _, _ in companies]
        for couid, sids, lender in companies:
            meta = {"couid": couid, "sids": sids, "lender": lender}
            yield Request(parser.company_info_url(self.base_url, couid), callback=self.parse_info,
                          errback=self.on_error, dont_filter=True, cb_kwargs=meta)
            yield Request(parser.rel_service_url(self.base_url, couid), callback=self.parse_services,
                          errback=self.on_error, dont_filter=True, cb_kwargs=meta)

    def parse_info(self, response: Response, couid: str, sids: list[str], lender: str):
        try:
            totals = parser.parse_company_info(self.body(response), couid)
        except SourceError as exc:
            yield from self.wall_or_error(exc, response, anonymous_route=True)
            return
        self.crawler.stats.inc_value("complaints/listed")
        if totals is None:
            self.crawler.stats.inc_value("complaints/empty_queries")
            self.logger.warning("heimao: no company %s (%s)", couid, lender)
            return
        totals.lender = lender
        yield totals

    def parse_services(self, response: Response, couid: str, sids: list[str], lender: str):
        try:
            rows = parser.parse_rel_service(self.body(response), couid)
        except SourceError as exc:
            yield from self.wall_or_error(exc, response, anonymous_route=True)
            return
        for row in rows:
            if not sids or row.service_id in sids:
                row.lender = lender
                yield row

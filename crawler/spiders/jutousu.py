"""聚投诉: merchant post lists (offset cursor) and search, detail page, post content API."""
from __future__ import annotations

from typing import Iterator

from scrapy.http import Request, Response

from crawler.parsers import jutousu as parser
from crawler.parsers.common import SourceError
from crawler.middlewares import LOGIN_META
from crawler.spiders.base import ComplaintSpider
from pipeline.models import Post


class JutousuSpider(ComplaintSpider):
    name = "jutousu"
    platform = parser.PLATFORM

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.run_args["mode"] = self.config.mode or "merchant"
        if self.config.mode == "feed":
            self.run_args["feeds"] = ["feed:itfin"]

    def seed_requests(self) -> Iterator[Request]:
        if self.config.mode == "feed":
            yield self.feed_page(1)
            return
        for merchant_id in self.config.companies:
            yield self.merchant_page(merchant_id, 1, "0")
        for keyword in self.config.keywords:
            yield self.search_page(keyword, 1)
        for post_id, url in self.open_posts():
            self.crawler.stats.inc_value("complaints/recheck_open")
            yield self.detail(Post(self.name, post_id, url, "", "", None))

    def merchant_page(self, merchant_id: str, page: int, offset: str) -> Request:
        return Request(parser.merchant_list_url(self.base_url, merchant_id, page, offset),
                       callback=self.parse_list, errback=self.on_error, dont_filter=True,
                       cb_kwargs={"query": merchant_id, "kind": "merchant", "page": page})

    def feed_page(self, page: int) -> Request:
        """The internet-finance list of the home page: anonymous, newest first."""
        return Request(parser.feed_url(self.base_url, page), callback=self.parse_feed, errback=self.on_error,
                       dont_filter=True, cb_kwargs={"page": page})

    def parse_feed(self, response: Response, page: int):
        try:
            posts = parser.parse_feed(self.body(response))
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        self.note_page(posts, "feed:itfin", page)
        wanted, go_on = self.wanted(posts, "feed:itfin")
        for post in wanted:
            yield self.detail(post)
        if go_on and posts and page < self.max_pages:
            yield self.feed_page(page + 1)

    def search_page(self, keyword: str, page: int) -> Request:
        # The site's own search page sends this Referer; the API checks it.
        referer = f"{self.base_url}/home/search?keyword={keyword}"
        # The login cookie is added at send time (LoginCookieMiddleware), never stored with the request.
        return Request(parser.search_url(self.base_url, keyword, page), headers={"Referer": referer},
                       meta={LOGIN_META: True}, callback=self.parse_list,
                       errback=self.on_error, dont_filter=True,
                       cb_kwargs={"query": keyword, "kind": "search", "page": page})

    def detail(self, listed: Post) -> Request:
        return Request(self.url(parser.detail_url(listed.source_id)), callback=self.parse_detail,
                       errback=self.on_error, cb_kwargs={"listed": listed})

    def parse_list(self, response: Response, query: str, kind: str, page: int):
        try:
            listing = parser.parse_list(self.body(response), merchant_id=query if kind == "merchant" else "")
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        self.note_page(listing.posts, query, page)
        wanted, go_on = self.wanted(listing.posts, query)
        for post in wanted:
            yield self.detail(post)
        if not (go_on and listing.posts and page < self.max_pages):
            return
        if kind == "merchant" and listing.offset is not None:
            yield self.merchant_page(query, page + 1, listing.offset)
        elif kind == "search":
            yield self.search_page(query, page + 1)

    def parse_detail(self, response: Response, listed: Post):
        try:
            detail = parser.parse_detail(self.body(response), response.url)
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        yield Request(parser.content_url(self.base_url, detail.post_key), callback=self.parse_content,
                      errback=self.on_error, cb_kwargs={"listed": listed, "detail": detail})

    def parse_content(self, response: Response, listed: Post, detail: parser.DetailPage):
        try:
            post = parser.parse_content(self.body(response), listed, detail)
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        yield self.stamp(post, response)

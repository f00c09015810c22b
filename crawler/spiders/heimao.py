"""黑猫投诉: company complaints API and keyword search, then each complaint's page."""
from __future__ import annotations

import time
from typing import Iterator

from scrapy.http import Request, Response

from crawler.parsers import heimao as parser
from crawler.parsers.common import SourceError
from crawler.middlewares import LOGIN_META
from crawler.spiders.base import ComplaintSpider
from pipeline.models import Post


class HeimaoSpider(ComplaintSpider):
    name = "heimao"
    platform = parser.PLATFORM

    def seed_requests(self) -> Iterator[Request]:
        for couid in self.config.companies:
            yield self.company_page(couid, 1)
        for keyword in self.config.keywords:
            yield self.search_page(keyword, 1)
        for sn, url in self.open_posts():
            self.crawler.stats.inc_value("complaints/recheck_open")
            yield self.detail(Post(self.name, sn, url, "", "", None))

    def company_page(self, couid: str, page: int) -> Request:
        callback = f"jQuery1112{int(time.time() * 1000)}_{int(time.time() * 1000)}" if self.config.jsonp else None
        url = parser.company_api_url(self.base_url, couid, page, page_size=self.config.page_size, callback=callback)
        return Request(url, callback=self.parse_list, errback=self.on_error, dont_filter=True,
                       cb_kwargs={"query": couid, "kind": "company", "page": page})

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
            yield from self.source_error(exc, response)
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
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        yield self.stamp(parser.merge(listed, post))

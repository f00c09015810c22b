"""Blogs and forums listed in data/sources.yaml: feed, sitemap or listing -> articles."""
from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from scrapy.http import Request, Response

from crawler.parsers import article as parser
from crawler.parsers.common import SourceError, rebase
from crawler.spiders.base import ComplaintSpider


class ArticleSpider(ComplaintSpider):
    name = "article"

    def seed_requests(self) -> Iterator[Request]:
        for site in self.config.sites:
            home = site.get("base_url", "")
            fetch_base = self.base_url if self.base_url and self.base_url != home.rstrip("/") else home
            for kind in ("feed", "sitemap", "listing"):
                if site.get(kind):
                    url = rebase(urljoin(home, site[kind]), fetch_base)
                    yield Request(url, callback=self.parse_index, errback=self.on_error, dont_filter=True,
                                  cb_kwargs={"site": site, "kind": kind, "page": 1})

    def parse_index(self, response: Response, site: dict, kind: str, page: int):
        try:
            if kind == "listing":
                links, nxt = parser.parse_listing(self.body(response), response.url, site.get("link_pattern", ""))
            elif kind == "sitemap" and b"<sitemapindex" in response.body[:2000]:
                for child in parser.parse_sitemap_index(self.body(response)):
                    yield response.follow(child, callback=self.parse_index, errback=self.on_error,
                                          cb_kwargs={"site": site, "kind": kind, "page": page})
                return
            else:
                links, nxt = parser.parse_feed(self.body(response), response.url), None
                if site.get("link_pattern"):  # a sitemap also lists index and tag pages
                    links = [u for u in links if re.search(site["link_pattern"], urlsplit(u).path)]
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        # Links in a mirror's feed may name the real site: fetch them from where we are.
        links = [rebase(link, self.base_url) if self.base_url else link for link in links]
        entries = {parser.article_id(link): link for link in links}
        self.crawler.stats.inc_value("complaints/listed", len(entries))
        known = self.known_status(list(entries))
        for source_id, link in entries.items():
            if source_id in known:
                self.crawler.stats.inc_value("complaints/skipped_known")
                continue
            yield Request(link, callback=self.parse_article, errback=self.on_error,
                          cb_kwargs={"site": site, "source_id": source_id})
        if nxt and page < self.max_pages and len(known) < len(entries):
            yield Request(nxt, callback=self.parse_index, errback=self.on_error,
                          cb_kwargs={"site": site, "kind": kind, "page": page + 1})

    def parse_article(self, response: Response, site: dict, source_id: str):
        try:
            # Stored under the site's own address, whatever host served it.
            url = rebase(response.url, site.get("base_url") or response.url)
            post = parser.parse_article(self.body(response), url, source_id=source_id)
        except SourceError as exc:
            yield from self.source_error(exc, response)
            return
        yield self.stamp(post, response)

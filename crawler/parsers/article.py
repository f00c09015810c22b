"""Blogs and forums: feeds (RSS/Atom), sitemaps and listing pages -> article links, and
an article page -> Post with its main text extracted by trafilatura.

Hand-written selectors break with every theme change; trafilatura is the maintained
main-text extractor (also used by the Common Crawl tooling), so we only read metadata
ourselves where it misses it.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.parsers.common import ParseError, squash, to_text
from pipeline.models import Post

SOURCE = "article"
# Below this an "article" is a menu, an error page or a stub, not something to count.
MIN_BODY_CHARS = 30


def parse_feed(data: str | bytes, base_url: str = "") -> list[str]:
    """Article links from RSS 2.0 (<item><link>), Atom (<entry><link href>) or a sitemap
    (<url><loc>), in document order, without duplicates."""
    text = to_text(data)
    sel = Selector(text=re.sub(r"^\s*<\?xml[^>]*\?>", "", text), type="xml")
    sel.remove_namespaces()
    links = sel.xpath("//item/link/text()").getall()
    links += sel.xpath("//entry/link[not(@rel) or @rel='alternate']/@href").getall()
    links += sel.xpath("//url/loc/text()").getall()
    if not links and not sel.xpath("/rss|/feed|/urlset|/sitemapindex|/RDF"):
        raise ParseError("not an RSS/Atom feed or sitemap")
    return _unique(urljoin(base_url, link.strip()) for link in links if link.strip())


def parse_sitemap_index(data: str | bytes) -> list[str]:
    """Child sitemaps of a <sitemapindex>."""
    sel = Selector(text=re.sub(r"^\s*<\?xml[^>]*\?>", "", to_text(data)), type="xml")
    sel.remove_namespaces()
    return _unique(s.strip() for s in sel.xpath("//sitemap/loc/text()").getall())


def parse_listing(data: str | bytes, page_url: str, link_pattern: str = "") -> tuple[list[str], str | None]:
    """A listing page -> (article links matching `link_pattern` on the same host, next page).

    The next page is the rel=next link or an anchor reading 下一页/下页/Next.
    """
    sel = Selector(text=to_text(data))
    host = urlsplit(page_url).netloc
    pattern = re.compile(link_pattern) if link_pattern else None
    links = []
    for href in sel.css("a::attr(href)").getall():
        url = urljoin(page_url, href.strip())
        if urlsplit(url).netloc != host or url.rstrip("/") == page_url.rstrip("/"):
            continue
        if pattern is None or pattern.search(urlsplit(url).path):
            links.append(url.split("#")[0])
    nxt = sel.css("link[rel=next]::attr(href), a[rel=next]::attr(href)").get()
    if not nxt:
        nxt = sel.xpath("//a[contains(., '下一页') or contains(., '下页') or normalize-space(.)='Next']/@href").get()
    return _unique(links), urljoin(page_url, nxt) if nxt else None


def parse_article(data: str | bytes, url: str, *, source_id: str = "") -> Post:
    """An article page -> Post (title, main text, date, author). ParseError when the page
    has no main text (an error page, a login page, a truncated download)."""
    import trafilatura  # imported when first needed: it takes a second to import

    html = to_text(data)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    sel = Selector(text=html)
    title = _parse_title(meta, sel)
    body = _parse_body(meta, title)
    if len(body) < MIN_BODY_CHARS:
        raise ParseError(f"no main text in {url} ({len(body)} characters)")
    return Post(
        source=SOURCE,
        source_id=source_id or article_id(url),
        url=url,
        title=title,
        body=body,
        published_at=_parse_published(meta, sel),
        author=_parse_author(meta, sel),
    )


def article_id(url: str) -> str:
    """Host-independent id: the path (and query), so a mirror and the site agree."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _parse_title(meta: dict, sel: Selector) -> str:
    title = squash(meta.get("title"))
    if title:
        return title
    h1 = squash("".join(sel.css("h1 ::text").getall()))
    return h1 or squash(sel.css("title::text").get())


def _parse_body(meta: dict, title: str) -> str:
    """trafilatura's text, minus the title it repeats as the first line."""
    lines = [line.strip() for line in (meta.get("text") or "").splitlines()]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return "\n".join(line for line in lines if line)


def _parse_published(meta: dict, sel: Selector) -> datetime | None:
    for value in (meta.get("date"),
                  sel.css("meta[property='article:published_time']::attr(content)").get(),
                  sel.css("time::attr(datetime)").get()):
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", value or "")
        if m:
            y, mo, d, h, mi = (int(g) if g else 0 for g in m.groups())
            return datetime(y, mo, d, h, mi)
    return None


def _parse_author(meta: dict, sel: Selector) -> str:
    """The page's own <meta name=author> first: trafilatura tidies names (drops digits)."""
    return squash(sel.css("meta[name=author]::attr(content)").get()) or squash(meta.get("author"))


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))

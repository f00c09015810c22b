"""Article parsers: feeds/sitemaps/listings -> links; an article page -> Post via trafilatura.

Fixtures are pages of the mirror's example blog saved as raw bytes (one served GBK).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crawler.parsers import article
from crawler.parsers.common import ParseError

FIXTURES = Path(__file__).parent / "fixtures"
URL = "http://127.0.0.1:8700/blog/demo-001.html"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def page() -> article.Post:
    return article.parse_article(_fixture("article_page.html"), URL)


def test_title(page):
    assert page.title == "招联催收的背后——一位消费者的经历"


def test_source_id_is_host_independent(page):
    assert page.source_id == "/blog/demo-001.html"


def test_url(page):
    assert page.url == URL


def test_author_from_meta_keeps_digits(page):
    # trafilatura alone gives "示例作者": it drops digits from names
    assert page.author == "示例作者01"


def test_published(page):
    assert page.published_at == datetime(2022, 1, 7)


def test_body_starts_with_first_paragraph_not_title(page):
    assert page.body.startswith("招联提供了便捷的借款方式，我最初也是出于方便才开始使用。")


def test_body_keeps_headings_as_lines(page):
    assert "家人也不能幸免" in page.body.split("\n")


def test_body_leaves_out_navigation(page):
    # the blog layout's nav/footer text must not leak into the main text
    assert "上一篇" not in page.body and "下一篇" not in page.body


def test_status_is_empty_for_articles(page):
    assert page.status == ""


def test_gbk_page_title():
    post = article.parse_article(_fixture("article_page_gbk.html"), "http://h/blog/demo-002.html")
    assert post.title == "我和小赢卡贷的这一年：从分期到被催收"


def test_gbk_page_body():
    post = article.parse_article(_fixture("article_page_gbk.html"), "http://h/blog/demo-002.html")
    assert post.body.startswith("在当今的消费金融市场，信用支付已经成为许多人购物和消费的一部分。")


def test_rss_links_in_order():
    links = article.parse_feed(_fixture("article_rss.xml"))
    assert links[0].endswith("/blog/demo-030.html")


def test_rss_link_count():
    assert len(article.parse_feed(_fixture("article_rss.xml"))) == 30


def test_atom_links():
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            '<link rel="alternate" href="/p/1"/></entry><entry><link href="http://x/p/2"/></entry></feed>')
    assert article.parse_feed(atom, "http://x/feed") == ["http://x/p/1", "http://x/p/2"]


def test_sitemap_links():
    sm = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          '<url><loc>http://x/a.html</loc></url><url><loc>http://x/a.html</loc></url></urlset>')
    assert article.parse_feed(sm) == ["http://x/a.html"]


def test_not_a_feed_raises():
    with pytest.raises(ParseError):
        article.parse_feed("<html><body>hello</body></html>")


def test_listing_links_and_next_page():
    html = ('<html><body><a href="/blog/a.html">A</a><a href="http://other/x.html">X</a>'
            '<a href="/blog/about.html">about</a><a class="next" href="/blog/?page=2">下一页</a></body></html>')
    links, nxt = article.parse_listing(html, "http://h/blog/", r"^/blog/(?!about)[\w-]+\.html$")
    assert (links, nxt) == (["http://h/blog/a.html"], "http://h/blog/?page=2")


def test_page_without_main_text_raises():
    with pytest.raises(ParseError):
        article.parse_article("<html><body><nav>首页</nav></body></html>", "http://h/x.html")

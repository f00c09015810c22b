"""聚投诉 (ts.21cn.com): merchant post lists, search, detail pages and post content.

Formats: ../shared/corpus/formats/PLATFORM_FORMATS.md §2. A list answer carries the next
`offset` cursor; the detail page carries `<input id="postKeyValue">`, the key the
content API wants.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from parsel import Selector

from crawler.parsers.common import (
    LoginWall,
    ParseError,
    SourceError,
    from_epoch,
    load_json,
    looks_like_login,
    squash,
    to_text,
)
from pipeline.models import Post
from pipeline.text import html_to_text

SOURCE = "jutousu"
PLATFORM = "https://ts.21cn.com"
LOGIN_MARK = "登录聚投诉"

# 聚投诉's own progress words mapped onto the canonical set of contracts.md.
STATUS_WORDS = {
    "待审核": "通过审核", "审核通过": "通过审核", "已审核": "通过审核",
    "待分配": "待分配", "待处理": "待分配", "待受理": "待分配",
    "处理中": "处理中", "已受理": "处理中", "待回复": "处理中", "商家处理中": "处理中",
    "已回复": "已回复", "商家已回复": "已回复", "待确认": "已回复",
    "已完成": "已完成", "已解决": "已完成", "完成": "已完成", "已处理": "已完成",
    "已关闭": "已关闭", "关闭": "已关闭", "已撤销": "已关闭",
}


def merchant_list_url(base: str, merchant_id: str, page_no: int, offset: str | int = 0) -> str:
    return f"{base.rstrip('/')}/json/merchantPostList/merchantId/{merchant_id}/listType/1/pageNo/{page_no}/offset/{offset}"


def search_url(base: str, keyword: str, page_no: int) -> str:
    return f"{base.rstrip('/')}/front/api/search/searchPostList.do?pageNo={page_no}&title={quote(keyword)}&listType=1"


def feed_url(base: str, page_no: int, order: str = "itfin") -> str:
    """The home page's "more" lists: ctime (latest), itfin (互联网金融), hit (FORMATS_2026.md §6.1)."""
    return f"{base.rstrip('/')}/json/indexPcMorePost/order/{order}/pageNo/{page_no}"


def detail_url(post_id: str, base: str = PLATFORM) -> str:
    return f"{base.rstrip('/')}/tousu/show/id/{post_id}"


def content_url(base: str, post_key: str) -> str:
    return f"{base.rstrip('/')}/front/api/post/getPostContent.do?postKey={quote(post_key)}"


@dataclass
class ListPage:
    posts: list[Post]
    offset: str | None  # cursor for the next merchant-list call; None on search answers


def parse_list(data: str | bytes, merchant: str = "", merchant_id: str = "") -> ListPage:
    """A merchant-list or search answer -> posts (shortTopic as body until the detail).

    Raises LoginWall for the '登录聚投诉' page, ParseError for invalid JSON.
    """
    text = _json_text(data)
    doc = load_json(text)
    if not isinstance(doc, dict):
        raise ParseError("list answer is not a JSON object")
    _check_error(doc)
    items = doc.get("postList")
    if items is None:
        raise ParseError("no postList in the list answer")
    posts = [p for p in (_post_from_item(it, merchant, merchant_id) for it in items) if p]
    offset = doc.get("offset")
    return ListPage(posts=posts, offset=None if offset in (None, "") else str(offset))


_FEED_WHEN = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(.*)")


def parse_feed(data: str | bytes) -> list[Post]:
    """An `/json/indexPcMorePost/order/<order>/pageNo/N` answer -> posts (summary as body).

    The answer is JSON whose `message` is an HTML fragment of `div.ind_list_all` blocks
    (FORMATS_2026.md §6.1, known from 2019-2020 code only): `span.sharetag[tag]` is the
    post id, the `dt` link the title, `dt p` the time and complainant, `span.label a` the
    merchant, `dd.desc` the summary. An empty fragment is the end of the list.
    """
    doc = load_json(_json_text(data))
    if not isinstance(doc, dict):
        raise ParseError("list answer is not a JSON object")
    _check_error(doc)
    if "message" not in doc:
        raise ParseError("no message fragment in the list answer")
    sel = Selector(text=f"<div>{doc.get('message') or ''}</div>")
    posts = []
    for block in sel.css("div.ind_list_all"):
        post = _post_from_block(block)
        if post is not None:
            posts.append(post)
    if not posts and (doc.get("message") or "").strip():
        raise ParseError("the list fragment holds no div.ind_list_all block: layout changed?")
    return posts


def _post_from_block(block: Selector) -> Post | None:
    link = block.css("dl dt a") or block.css(".con_info a")
    href = link.attrib.get("href", "") if link else ""
    post_id = block.css("span.sharetag::attr(tag)").get() or ""
    if not post_id:
        m = re.search(r"/tousu/show/id/(\d+)", href)
        post_id = m.group(1) if m else ""
    if not post_id:
        return None
    when = _FEED_WHEN.match(squash("".join(block.css("dl dt p ::text").getall())))
    published = None
    if when:
        from datetime import datetime

        stamp = when.group(1)
        fmt = "%Y-%m-%d %H:%M:%S" if stamp.count(":") == 2 else "%Y-%m-%d %H:%M" if ":" in stamp else "%Y-%m-%d"
        try:
            published = datetime.strptime(stamp, fmt)
        except ValueError:
            published = None
    merchant = block.css("span.label a") or block.css(".ind_ding .label a")
    m = re.search(r"/merchant/show/id/(\d+)", merchant.attrib.get("href", "") if merchant else "")
    return Post(
        source=SOURCE, source_id=post_id.strip(), url=detail_url(post_id.strip()),
        title=squash("".join(link.css("::text").getall())) if link else "",
        body=squash("".join(block.css("dd.desc ::text").getall())), published_at=published,
        author=squash(when.group(2)) if when else "",
        target=squash("".join(merchant.css("::text").getall())) if merchant else "",
        target_id=m.group(1) if m else "")


def _json_text(data: str | bytes) -> str:
    text = to_text(data)
    if not text.strip():
        raise ParseError("empty answer")
    if text.lstrip()[:1] == "<":
        if LOGIN_MARK in text or looks_like_login(text):
            raise LoginWall("聚投诉 answered a login page")
        raise ParseError("HTML where JSON was expected")
    return text


def _check_error(doc: dict) -> None:
    code = doc.get("errorCode", doc.get("code"))
    # getMateriel.do says errorCode 1 on success; error answers carry a message and no data.
    if code not in (None, 0, 1, "0", "1") and "postList" not in doc and "post" not in doc:
        raise SourceError(f"聚投诉 error {code}: {doc.get('msg') or doc.get('message') or ''}")


def _post_from_item(item: dict, merchant: str, merchant_id: str) -> Post | None:
    post_id = str(item.get("id") or "").strip()
    if not post_id:
        return None
    return Post(
        source=SOURCE,
        source_id=post_id,
        url=detail_url(post_id),
        title=squash(item.get("title")),
        body=html_to_text(str(item.get("shortTopic") or item.get("short_topic") or "")),
        published_at=from_epoch(item.get("ctime")),
        author=squash(item.get("username")),
        target=squash(item.get("merchantName") or item.get("merchant") or merchant),
        target_id=str(item.get("merchantId") or item.get("merchant_id") or merchant_id or ""),
        appeal=squash(item.get("shuqiu")),
        status=status_name(item.get("status") or item.get("statusName")),
    )


def status_name(word: object) -> str:
    w = squash(str(word or ""))
    return STATUS_WORDS.get(w, w)


# --- detail page ---------------------------------------------------------------------------


@dataclass
class DetailPage:
    post_key: str
    title: str = ""
    status: str = ""
    merchant: str = ""
    merchant_id: str = ""


def parse_detail(data: str | bytes, url: str = "") -> DetailPage:
    """`/tousu/show/id/<id>` -> the postKey (and what else the page shows plainly)."""
    text = to_text(data)
    sel = Selector(text=text)
    key = _parse_post_key(sel)
    if not key:
        if LOGIN_MARK in text or looks_like_login(text):
            raise LoginWall(f"login page instead of post {url}")
        raise ParseError(f"no postKeyValue in {url or 'page'}")
    return DetailPage(
        post_key=key,
        title=_parse_title(sel),
        status=_parse_status(sel),
        merchant=_parse_merchant(sel),
        merchant_id=_parse_merchant_id(sel),
    )


def _parse_post_key(sel: Selector) -> str:
    return (sel.css("input#postKeyValue::attr(value)").get() or "").strip()


def _parse_title(sel: Selector) -> str:
    h1 = squash("".join(sel.css("h1 ::text").getall()))
    if h1:
        return h1
    title = squash(sel.css("title::text").get())
    return re.split(r"[_|-]\s*聚投诉", title)[0].strip()


def _parse_status(sel: Selector) -> str:
    for css in (".status::text", ".post-status::text", "[class*=status] ::text"):
        word = squash(sel.css(css).get())
        if word:
            return status_name(word)
    return ""


def _parse_merchant(sel: Selector) -> str:
    return squash("".join(sel.css("a[href*='/merchant/show/id/'] ::text").getall()))


def _parse_merchant_id(sel: Selector) -> str:
    href = sel.css("a[href*='/merchant/show/id/']::attr(href)").get() or ""
    m = re.search(r"/merchant/show/id/(\d+)", href)
    return m.group(1) if m else ""


# --- post content API ----------------------------------------------------------------------


def parse_content(data: str | bytes, listed: Post, detail: DetailPage | None = None) -> Post:
    """`getPostContent.do` answer + the list entry (+ detail page) -> the full Post."""
    doc = load_json(_json_text(data))
    if not isinstance(doc, dict):
        raise ParseError("content answer is not a JSON object")
    _check_error(doc)
    post = doc.get("post")
    if not isinstance(post, dict):
        raise ParseError(f"no post object for {listed.source_id}")
    body = html_to_text(str(post.get("topic") or ""))
    merged = Post(**{**listed.__dict__, "steps": list(listed.steps)})
    merged.body = body or listed.body
    merged.author = squash(post.get("username")) or listed.author
    merged.title = squash(post.get("title")) or listed.title
    merged.appeal = squash(post.get("shuqiu")) or listed.appeal
    if post.get("ctime"):
        merged.published_at = from_epoch(post.get("ctime")) or listed.published_at
    if post.get("status"):
        merged.status = status_name(post.get("status"))
    if detail is not None:
        merged.title = merged.title or detail.title
        merged.status = detail.status or merged.status
        merged.target = merged.target or detail.merchant
        merged.target_id = merged.target_id or detail.merchant_id
    return merged

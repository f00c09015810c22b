"""Request -> Response functions, one per platform endpoint (no sockets here).

URLs and answers follow ../shared/corpus/formats/PLATFORM_FORMATS.md:
黑猫 /api/company/received_complaints (signed, JSON/JSONP, pager), /api/index/s (login
cookie), /complaint/view/<sn>/, /company/view/?couid=; 聚投诉 /tousu/show/id/<id>,
/front/api/post/getPostContent.do, /json/merchantPostList/... (offset cursor),
/front/api/search/searchPostList.do; the blog /blog/ with RSS and sitemap; robots.txt;
the mirror's own /_mirror/advance, /_mirror/state, /_mirror/edit and /_mirror/remove.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crawler.mirror import heimao2026, render
from crawler.mirror.corpus import MirrorCorpus

# The salt public scrapers use to sign 黑猫 API calls (PLATFORM_FORMATS.md §1.2).
SALT = "$d6eb7ff91ee257475%"
DEFAULT_COOKIE = "SUB=mirror-demo-login"
MAX_PAGE_SIZE = 50
SEARCH_PATHS = frozenset({"/api/index/s", "/front/api/search/searchPostList.do"})
# Error answer of a rejected signature. The real code/msg pair was not observed anywhere;
# what is known is that the status code is non-zero and `data` carries nothing.
SIGNATURE_ERROR = (2, "签名验证失败")


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    host: str
    method: str = "GET"
    charset: str = "utf-8"
    login_wall: bool = False      # the `login` fault: searches answer the login page anyway

    @property
    def base(self) -> str:
        return f"http://{self.host}"


@dataclass
class Response:
    status: int = 200
    body: str = ""
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    corpus: MirrorCorpus
    cookie: str = DEFAULT_COOKIE
    allow_unsigned: bool = False
    # "2026": 黑猫 as in late 2026 (heimao2026.py: login walls, sld, feed depth); "2025":
    # the site before, when company lists were anonymous and detail URLs had no sld.
    era: str = "2025"
    feed: Any = None              # heimao2026.Feed, built by the server
    salt: str = ""                # the salt the site checks ("" = SALT)
    # The site turning against a client mid-run: after this many feed answers, the feed
    # answers code 10005 too (None: never).
    feed_login_after: int | None = None
    feed_answers: int = 0
    feed_pages: int = heimao2026.FEED_PAGES    # the anonymous depth (50 on the site; fewer in tests)


def sign(*parts: str) -> str:
    """SHA-256 of the sorted parts joined without separator (JS Array.sort on ASCII)."""
    return hashlib.sha256("".join(sorted(parts)).encode("utf-8")).hexdigest()


def company_signature(ts: str, rs: str, couid: str, type_: str, page_size: str, page: str, salt: str = SALT) -> str:
    return sign(ts, rs, couid, salt, type_, page_size, page)


def feed_signature(ts: str, rs: str, type_: str, page_size: str, page: str, salt: str = SALT) -> str:
    """`/api/index/feed` signs type, page_size, page; `field` is not signed (§1.3)."""
    return sign(ts, rs, salt, type_, page_size, page)


def search_signatures(ts: str, rs: str, keywords: str, page_size: str, page: str, type_: str = "") -> set[str]:
    # Scrapers disagree whether `type` is signed for search; both forms are accepted.
    out = {sign(ts, rs, SALT, keywords, page_size, page)}
    if type_:
        out.add(sign(ts, rs, SALT, keywords, type_, page_size, page))
    return out


def _int(value: str | None, default: int, low: int = 1, high: int = 10**9) -> int:
    try:
        return max(low, min(high, int(value))) if value not in (None, "") else default
    except ValueError:
        return default


def _json(payload: Any, req: Request, status: int = 200) -> Response:
    callback = req.query.get("callback")
    if callback and re.fullmatch(r"[A-Za-z_$][\w$.]{0,80}", callback):
        return Response(status, render.json_text(payload, callback), "application/javascript")
    return Response(status, render.json_text(payload), "application/json")


def _html(body: str, status: int = 200) -> Response:
    return Response(status, body, "text/html")


def _not_found(req: Request, what: str = "页面不存在") -> Response:
    return _html(render.error_page(404, what, req.charset), 404)


def _logged_in(site: Site, req: Request) -> bool:
    return not req.login_wall and site.cookie in req.headers.get("cookie", "")


def _signed(req: Request, expected: set[str], site: Site) -> bool:
    q = req.query
    if not any(k in q for k in ("ts", "rs", "signature")):
        return site.allow_unsigned   # the 2019 unsigned form, only when asked for
    ts, rs = q.get("ts", ""), q.get("rs", "")
    if not (re.fullmatch(r"\d{13}", ts) and re.fullmatch(r"[0-9a-zA-Z]{16}", rs)):
        return False
    return q.get("signature", "").lower() in expected


# --- 黑猫 ------------------------------------------------------------------------------------

def _login_code(site: Site, req: Request) -> Response | None:
    """2026: company lists and search answer code 10005 to an anonymous client."""
    if site.era == "2026" and not _logged_in(site, req):
        return _json(render.heimao_api(None, heimao2026.CODE_LOGIN, "请先登录"), req)
    return None


def heimao_company_api(site: Site, req: Request) -> Response:
    walled = _login_code(site, req)
    if walled is not None:
        return walled
    q = req.query
    couid, type_ = q.get("couid", ""), q.get("type", "1")
    page_size_s, page_s = q.get("page_size", "10"), q.get("page", "1")
    expected = {company_signature(q.get("ts", ""), q.get("rs", ""), couid, type_, page_size_s, page_s,
                                  site.salt or SALT)}
    if not _signed(req, expected, site):
        return _json(render.heimao_api(None, *SIGNATURE_ERROR), req)
    page_size, page = _int(page_size_s, 10, high=MAX_PAGE_SIZE), _int(page_s, 1)
    sns = site.corpus.by_couid.get(couid, [])
    chunk = sns[(page - 1) * page_size: page * page_size]
    items = [_item(site, sn, req.host) for sn in chunk]
    data = {"complaints": items or None, "pager": render.pager(page, page_size, len(sns))}
    return _json(render.heimao_api(data), req)


def heimao_search_api(site: Site, req: Request) -> Response:
    walled = _login_code(site, req)
    if walled is not None:
        return walled
    if not _logged_in(site, req):
        return _html(render.fill("weibo_login.html", charset=req.charset))
    q = req.query
    keywords = q.get("keywords", "")
    page_size_s, page_s = q.get("page_size", "10"), q.get("page", "1")
    expected = search_signatures(q.get("ts", ""), q.get("rs", ""), keywords, page_size_s, page_s,
                                 q.get("type", ""))
    if not _signed(req, expected, site):
        return _json(render.heimao_api(None, *SIGNATURE_ERROR), req)
    page_size, page = _int(page_size_s, 10, high=MAX_PAGE_SIZE), _int(page_s, 1)
    sns = site.corpus.search_heimao(keywords) if keywords else []
    chunk = sns[(page - 1) * page_size: page * page_size]
    items = [_item(site, sn, req.host, keywords) for sn in chunk]
    return _json(render.heimao_api({"lists": items, "pager": render.pager(page, page_size, len(sns))}), req)


def _item(site: Site, sn: str, host: str, keyword: str = "") -> dict[str, Any]:
    item = render.heimao_item(site.corpus.heimao_view(sn), host, keyword)
    if site.era == "2026":
        item["main"]["url"] = heimao2026.item_url(host, site.corpus.heimao[sn])
    return item


def _hidden(req: Request) -> Response:
    """What a platform shows for a post it hid: 200, and a page that says so."""
    return _html(f'<!DOCTYPE html><html><head><meta charset="{req.charset}"><title>该投诉已删除</title></head>'
                 '<body><h1>该投诉已删除</h1><p>该内容已被删除或屏蔽</p></body></html>')


def heimao_detail(site: Site, req: Request, sn: str) -> Response:
    if site.corpus.removed.get(sn) == "hidden":
        return _hidden(req)
    row = site.corpus.heimao_view(sn)
    if row is None:
        return _not_found(req, "投诉不存在")
    if site.era == "2026" and (not site.feed.published(sn) or (
            heimao2026.needs_sld(row) and req.query.get("sld") != heimao2026.sld(sn))):
        # The platform's own page, answered 200: a missing/wrong sld looks like a deleted complaint.
        return _html(f'<!DOCTYPE html><html><head><meta charset="{req.charset}"><title>页面不存在_黑猫投诉_新浪网'
                     '</title></head><body><div class="ts-404"><p>页面不存在</p><a href="/">返回首页</a></div>'
                     '</body></html>')
    fanout = row["truth"].get("fanout_of")
    return _html(render.heimao_detail(row, req.host, req.charset, fanout))


def heimao_company_page(site: Site, req: Request) -> Response:
    couid = req.query.get("couid", "")
    name = site.corpus.companies["heimao"].get(couid)
    if name is None:
        return _not_found(req, "商家不存在")
    sns = site.corpus.by_couid.get(couid, [])
    rows = [site.corpus.heimao_view(sn) for sn in sns[:10]]
    return _html(render.heimao_company(couid, name, rows, len(sns), req.host, req.charset))


def heimao_group(site: Site, req: Request, sn: str) -> Response:
    """集体投诉: the complaints one consumer's text was split into, one per company."""
    sns = site.corpus.groups.get(sn)
    if not sns:
        return _not_found(req, "集体投诉不存在")
    rows = [v for s in sns if (v := site.corpus.heimao_view(s)) is not None]
    if not rows:
        return _not_found(req, "集体投诉不存在")
    items = "".join(f'<li><a href="{render.complaint_url(req.host, r["sn"])}">{render.escape(r["title"])}</a> '
                    f'<span class="co">{render.escape(r["cotitle"])}</span></li>' for r in rows)
    return _html(f'<!DOCTYPE html><html><head><meta charset="{req.charset}"><title>集体投诉_黑猫投诉_新浪网</title>'
                 f'</head><body><h1 class="grp-title">{render.escape(rows[0]["title"])}</h1>'
                 f'<ul class="grp-list">{items}</ul></body></html>')


def home(site: Site, req: Request) -> Response:
    links = "".join(f'<li><a href="/company/view/?couid={c}">{render.escape(n)}</a></li>'
                    for c, n in site.corpus.companies["heimao"].items())
    body = (f'<!DOCTYPE html><html><head><meta charset="{req.charset}"><title>黑猫投诉 本地镜像</title>'
            '</head><body><h1>complaints radar 本地镜像（合成示例数据）</h1>'
            '<p><a href="/blog/">示例博客</a> · <a href="/merchant/ranking">聚投诉商家</a></p>'
            f'<ul class="companies">{links}</ul></body></html>')
    return _html(body)


# --- 黑猫 2026: feed and the company look-ups with the platform's totals ---------------------

def heimao_feed(site: Site, req: Request) -> Response:
    q = req.query
    type_, page_size_s, page_s = q.get("type", "1"), q.get("page_size", "10"), q.get("page", "1")
    expected = {feed_signature(q.get("ts", ""), q.get("rs", ""), type_, page_size_s, page_s, site.salt or SALT)}
    if not _signed(req, expected, site):
        return _json(render.heimao_api(None, *SIGNATURE_ERROR), req)
    page = _int(page_s, 1)
    site.feed_answers += 1
    if site.feed_login_after is not None and site.feed_answers > site.feed_login_after:
        return _json(render.heimao_api(None, heimao2026.CODE_LOGIN, "请先登录"), req)
    if page > site.feed_pages:
        return _json(render.heimao_api(None, heimao2026.CODE_DEPTH, "登录后查看更多"), req)
    field_id = q.get("field") or None
    sns, published = site.feed.page(page, field_id)
    items = [heimao2026.feed_item(site.corpus.heimao_view(sn), req.host, site.feed.field_of[sn]) for sn in sns]
    # item_count is inflated on the real site ("十万级虚标", §2.1): never trust it for paging.
    inflated = published * 37 + 100_000
    data = {"lists": items, "pager": {"current": page, "page_amount": -(-inflated // 10), "item_count": inflated}}
    return _json(render.heimao_api(data), req)


def _company_lists(site: Site, keyword: str) -> list[tuple[str, str]]:
    names = heimao2026.company_names(site.corpus)
    return [(c, n) for c, n in names.items() if keyword and (keyword in n or n in keyword)]


def heimao_main_search(site: Site, req: Request) -> Response:
    keyword, page = req.query.get("keyword", ""), _int(req.query.get("page"), 1)
    hits = _company_lists(site, keyword)
    items = []
    for couid, name in hits[(page - 1) * 10: page * 10]:
        card = heimao2026.company_card(site.feed, couid, name)
        items.append({"title": name, "uid": couid, "sid": heimao2026.services(couid, name)[0][0],
                      "valid_amt": card["valid_amt"], "valid30d": card["valid30d"],
                      "replied_amt": card["replied_amt"], "completed_amt": card["completed_amt"],
                      "eval_points": card["eval_points"], "url": f"//{req.host}/company/view/?couid={couid}"})
    return _json(render.heimao_api({"lists": items, "pager": render.pager(page, 10, len(hits))}), req)


def heimao_company_search(site: Site, req: Request) -> Response:
    hits = _company_lists(site, req.query.get("keywords", ""))
    items = [{"title": n, "uid": c, "valid30d": heimao2026.company_card(site.feed, c, n)["valid30d"],
              "complaint_amount": heimao2026.company_card(site.feed, c, n)["valid_amt"]} for c, n in hits[:10]]
    return _json(render.heimao_api({"lists": items, "pager": render.pager(1, 10, len(hits))}), req)


def heimao_rel_service(site: Site, req: Request) -> Response:
    couid = req.query.get("couid", "")
    name = heimao2026.company_names(site.corpus).get(couid)
    rows = heimao2026.service_rows(site.feed, couid, name) if name else []
    return _json(render.heimao_api(rows), req)


def heimao_company_info(site: Site, req: Request) -> Response:
    couid = req.query.get("couid", "")
    name = heimao2026.company_names(site.corpus).get(couid)
    return _json(render.heimao_api(heimao2026.company_card(site.feed, couid, name) if name else None), req)


def mirror_clock(site: Site, req: Request) -> Response:
    """The mirror's clock (epoch seconds): `?advance=S` or `?set=T`; it decides what the
    feed has published."""
    if req.query.get("set"):
        site.feed.set_clock(_int(req.query["set"], site.feed.clock, low=0, high=10**12))
    elif req.query.get("advance"):
        site.feed.advance(_int(req.query["advance"], 0, low=0, high=10**12))
    return _json({"clock": site.feed.clock}, req)


# --- 聚投诉 -----------------------------------------------------------------------------------

def jutousu_show(site: Site, req: Request, pid: str) -> Response:
    if site.corpus.removed.get(pid) == "hidden":
        return _hidden(req)
    row = site.corpus.jutousu_view(pid)
    if row is None:
        return _not_found(req, "投诉不存在")
    return _html(render.jutousu_show(row, req.charset))


def jutousu_content(site: Site, req: Request) -> Response:
    pid = site.corpus.by_post_key.get(req.query.get("postKey", ""))
    if pid is None or site.corpus.jutousu_view(pid) is None:
        return _json({"post": None, "errorCode": 1, "msg": "帖子不存在"}, req)
    return _json(render.jutousu_post(site.corpus.jutousu_view(pid)), req)


def jutousu_merchant_list(site: Site, req: Request, mid: str, page_no: str, offset: str) -> Response:
    """Newest first; `offset` is the cursor the previous page returned (0 = from the top)."""
    ids = site.corpus.by_merchant.get(mid, [])
    cursor = _int(offset, 0, low=0)
    if cursor:
        ids = [pid for pid in ids if int(pid) < cursor]
    else:
        ids = ids[(_int(page_no, 1) - 1) * 10:]
    chunk = ids[:10]
    rows = [site.corpus.jutousu_view(pid) for pid in chunk]
    return _json({"offset": chunk[-1] if chunk else "", "postList": [render.jutousu_list_item(r) for r in rows]},
                 req)


def jutousu_itfin(site: Site, req: Request, order: str, page_no: str) -> Response:
    """The home page's "more" lists (FORMATS_2026.md §6.1): `message` is an HTML fragment
    of div.ind_list_all blocks. Every demo post is internet finance, so `itfin` (and the
    other orders) list them all, newest first."""
    page = _int(page_no, 1)
    ids = site.corpus.jutousu_newest[(page - 1) * 10: page * 10]
    html = "".join(render.jutousu_fragment(site.corpus.jutousu_view(pid)) for pid in ids)
    return _json({"message": html, "pageNo": page, "order": order}, req)


def jutousu_search(site: Site, req: Request) -> Response:
    if not _logged_in(site, req):
        return _html(render.fill("jutousu_login.html", charset=req.charset))
    title = req.query.get("title", "")
    page = _int(req.query.get("pageNo"), 1)
    ids = site.corpus.search_jutousu(title) if title else []
    rows = [site.corpus.jutousu_view(pid) for pid in ids[(page - 1) * 10: page * 10]]
    return _json({"postList": [render.jutousu_list_item(r) for r in rows], "pageNo": page,
                  "total": len(ids)}, req)


def jutousu_merchant_page(site: Site, req: Request, mid: str) -> Response:
    name = site.corpus.companies["jutousu"].get(mid)
    if name is None:
        return _not_found(req, "商家不存在")
    count = len(site.corpus.by_merchant.get(mid, []))
    return _html(render.fill("jutousu_merchant.html", charset=req.charset, merchant=render.escape(name),
                             merchant_id=mid, count=count))


def jutousu_ranking(site: Site, req: Request) -> Response:
    links = "".join(f'<li><a href="/merchant/show/id/{m}">{render.escape(n)}</a></li>'
                    for m, n in site.corpus.companies["jutousu"].items())
    return _html(f'<!DOCTYPE html><html><head><meta charset="{req.charset}"><title>商家排行_聚投诉</title>'
                 f'</head><body><ul class="ranking">{links}</ul></body></html>')


# --- blog -----------------------------------------------------------------------------------

BLOG_PAGE_SIZE = 10


def blog_index(site: Site, req: Request) -> Response:
    articles = site.corpus.articles
    pages = max(1, -(-len(articles) // BLOG_PAGE_SIZE))
    page = _int(req.query.get("page"), 1, high=pages)
    chunk = articles[(page - 1) * BLOG_PAGE_SIZE: page * BLOG_PAGE_SIZE]
    return _html(render.blog_index(chunk, page, pages, req.charset))


def blog_article(site: Site, req: Request, slug: str) -> Response:
    article = site.corpus.by_slug.get(slug)
    if article is None:
        return _not_found(req, "文章不存在")
    i = site.corpus.articles.index(article)
    nav = []
    if i + 1 < len(site.corpus.articles):
        older = site.corpus.articles[i + 1]
        nav.append(f'<a rel="prev" href="/blog/{older["slug"]}.html">上一篇：{render.escape(older["title"])}</a>')
    if i > 0:
        newer = site.corpus.articles[i - 1]
        nav.append(f'<a rel="next" href="/blog/{newer["slug"]}.html">下一篇：{render.escape(newer["title"])}</a>')
    return _html(render.blog_article(article, " ".join(nav), req.charset))


def blog_about(site: Site, req: Request) -> Response:
    return _html(render.blog_page("关于本站", '<main class="content"><p>本站是 complaints radar '
                                  '的本地示例博客，所有文章均为合成数据。</p></main>', req.charset))


def blog_rss(site: Site, req: Request) -> Response:
    return Response(200, render.rss(site.corpus.articles, req.base), "application/rss+xml")


def sitemap(site: Site, req: Request) -> Response:
    return Response(200, render.sitemap(site.corpus.articles, req.base), "application/xml")


def robots(site: Site, req: Request) -> Response:
    return Response(200, render.robots(req.base), "text/plain")


def admin(site: Site, req: Request) -> Response:
    return _html(render.error_page(403, "禁止访问", req.charset), 403)


# --- the mirror's own controls --------------------------------------------------------------

def mirror_advance(site: Site, req: Request) -> Response:
    epoch = site.corpus.advance(_int(req.query.get("n"), 1, low=0, high=100))
    return _json({"epoch": epoch}, req)


def mirror_edit(site: Site, req: Request) -> Response:
    """/_mirror/edit?id=<sn or 聚投诉 id>&title=..&body=..: the post's author edits it."""
    try:
        site.corpus.edit(req.query.get("id", ""), req.query.get("title"), req.query.get("body"))
    except KeyError:
        return _json({"error": "no such post"}, req, 404)
    return _json({"edited": req.query.get("id")}, req)


def mirror_remove(site: Site, req: Request) -> Response:
    """/_mirror/remove?id=..[&how=404|hidden]: the platform takes the post down."""
    try:
        site.corpus.remove(req.query.get("id", ""), req.query.get("how", "404"))
    except KeyError:
        return _json({"error": "no such post"}, req, 404)
    except ValueError as e:
        return _json({"error": str(e)}, req, 400)
    return _json({"removed": req.query.get("id")}, req)


def mirror_state(site: Site, req: Request) -> Response:
    return _json({"epoch": site.corpus.epoch, "synthetic": True,
                  "counts": {"heimao": len(site.corpus.heimao), "jutousu": len(site.corpus.jutousu),
                             "articles": len(site.corpus.articles)}}, req)


Handler = Callable[..., Response]
ROUTES: list[tuple[re.Pattern[str], Handler]] = [(re.compile(p + r"\Z"), h) for p, h in [
    (r"/", home),
    (r"/api/company/received_complaints", heimao_company_api),
    (r"/api/index/s", heimao_search_api),
    (r"/api/index/feed", heimao_feed),
    (r"/api/company/main_search", heimao_main_search),
    (r"/api/company/search", heimao_company_search),
    (r"/api/company/rel_service", heimao_rel_service),
    (r"/api/company/info", heimao_company_info),
    (r"/_mirror/clock", mirror_clock),
    (r"/complaint/view/(\d+)/?", heimao_detail),
    (r"/company/view/?", heimao_company_page),
    (r"/grp_comp/view/G(\d+)", heimao_group),
    (r"/tousu/show/id/(\d+)(?:\.html)?", jutousu_show),
    (r"/front/api/post/getPostContent\.do", jutousu_content),
    (r"/json/merchantPostList/merchantId/(\d+)/listType/\d+/pageNo/(\d+)/offset/(\d+)", jutousu_merchant_list),
    (r"/front/api/search/searchPostList\.do", jutousu_search),
    (r"/json/indexPcMorePost/order/(ctime|itfin|hit)/pageNo/(\d+)", jutousu_itfin),
    (r"/merchant/show/id/(\d+)", jutousu_merchant_page),
    (r"/merchant/ranking", jutousu_ranking),
    (r"/blog/?(?:index\.html)?", blog_index),
    (r"/blog/about\.html", blog_about),
    (r"/blog/rss\.xml", blog_rss),
    (r"/blog/([\w-]+)\.html", blog_article),
    (r"/sitemap\.xml", sitemap),
    (r"/robots\.txt", robots),
    (r"/admin(?:/.*)?", admin),
    (r"/_mirror/advance", mirror_advance),
    (r"/_mirror/state", mirror_state),
    (r"/_mirror/edit", mirror_edit),
    (r"/_mirror/remove", mirror_remove),
]]


def dispatch(site: Site, req: Request) -> Response:
    for pattern, handler in ROUTES:
        m = pattern.match(req.path)
        if m:
            return handler(site, req, *m.groups())
    return _not_found(req)


def endpoint_kind(path: str) -> str:
    """What an endpoint answers, which decides the faults that make sense for it."""
    if path.startswith("/_mirror/") or path == "/robots.txt":
        return "control"       # never faulted: tests and robots handling need them reliable
    if path.startswith(("/api/", "/front/api/", "/json/")):
        return "json"
    if path.endswith(".xml"):
        return "xml"
    return "html"

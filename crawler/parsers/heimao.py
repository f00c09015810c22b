"""黑猫投诉 (tousu.sina.com.cn): signed API calls, API answers and complaint detail pages.

Formats: ../shared/corpus/formats/PLATFORM_FORMATS.md §1 (API signature §1.2, JSON §1.3,
detail page §1.4), checked against the real saved pages nengqiang__test/temp.html and
Chi-Tian__Spider/heimao.html.
"""
from __future__ import annotations

import hashlib
import random
import re
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from parsel import Selector

from crawler.parsers.common import (
    absolute,
    canonical,
    DepthReached,
    Gone,
    LoginWall,
    ParseError,
    SignatureRejected,
    SourceError,
    from_epoch,
    load_json,
    looks_like_login,
    parse_amount,
    squash,
    to_text,
)
from pipeline.models import HEIMAO_STATUS, PlatformTotals, Post, Step

SOURCE = "heimao"
PLATFORM = "https://tousu.sina.com.cn"
# The salt the site's JS mixes into the signature (several independent scrapers agree).
SIGN_SALT = "$d6eb7ff91ee257475%"
COMPANY_API = "/api/company/received_complaints"
SEARCH_API = "/api/index/s"
FEED_API = "/api/index/feed"
PAGE_SIZE = 10
FEED_LATEST = 2          # `type=2`: 最新投诉 (FORMATS_2026.md §2.1)
# result.status.code values (FORMATS_2026.md §5); match on the code, never on `msg`.
CODE_LOGIN = 10005       # log in first (company lists and search since 2026-10)
CODE_DEPTH = 10017       # anonymous depth reached (feed page >= 51)
CODE_NO_PAGE = 10019     # page does not exist
GONE_MARK = "页面不存在"


# --- signed API URLs -------------------------------------------------------------------


def signature(parts: list[str]) -> str:
    """SHA-256 hex of the parts sorted like JS `Array.sort()` and joined without separator.

    JS sorts by UTF-16 code units; for the ASCII and BMP CJK strings signed here that is
    the same order as Python's code-point sort.
    """
    return hashlib.sha256("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _ts_rs(now_ms: int | None, rs: str | None) -> tuple[str, str]:
    ts = str(now_ms if now_ms is not None else int(datetime.now().timestamp() * 1000))
    rs = rs or "".join(random.choices(string.ascii_letters + string.digits, k=16))
    return ts, rs


def company_api_url(base: str, couid: str, page: int, *, page_size: int = PAGE_SIZE,
                    now_ms: int | None = None, rs: str | None = None, callback: str | None = None) -> str:
    """`/api/company/received_complaints?ts&rs&signature&couid&type=1&page_size&page` (§1.2)."""
    ts, rs = _ts_rs(now_ms, rs)
    sig = signature([ts, rs, str(couid), SIGN_SALT, "1", str(page_size), str(page)])
    params = {"ts": ts, "rs": rs, "signature": sig, "couid": couid, "type": 1,
              "page_size": page_size, "page": page}
    if callback:  # the site's own jQuery calls ask for JSONP
        params["callback"] = callback
        params["_"] = ts
    return f"{base.rstrip('/')}{COMPANY_API}?{urlencode(params)}"


def search_api_url(base: str, keywords: str, page: int, *, page_size: int = PAGE_SIZE,
                   now_ms: int | None = None, rs: str | None = None) -> str:
    """`/api/index/s?ts&rs&signature&keywords&page_size&page` (§1.2, universal-scraper variant)."""
    ts, rs = _ts_rs(now_ms, rs)
    sig = signature([ts, rs, SIGN_SALT, keywords, str(page_size), str(page)])
    params = {"ts": ts, "rs": rs, "signature": sig, "keywords": keywords,
              "page_size": page_size, "page": page}
    return f"{base.rstrip('/')}{SEARCH_API}?{urlencode(params)}"


def feed_api_url(base: str, page: int, *, type_: int = FEED_LATEST, field: str | None = None,
                 page_size: int = PAGE_SIZE, salt: str = SIGN_SALT, now_ms: int | None = None,
                 rs: str | None = None) -> str:
    """`/api/index/feed?ts&rs&signature&type&page_size&page[&field]`: type, page_size and
    page are signed, `field` is not (FORMATS_2026.md §1.3)."""
    ts, rs = _ts_rs(now_ms, rs)
    sig = signature([ts, rs, salt, str(type_), str(page_size), str(page)])
    params: dict[str, Any] = {"ts": ts, "rs": rs, "signature": sig, "type": type_, "page_size": page_size,
                              "page": page}
    if field:
        params["field"] = field
    return f"{base.rstrip('/')}{FEED_API}?{urlencode(params)}"


def main_search_url(base: str, keyword: str, page: int = 1) -> str:
    return f"{base.rstrip('/')}/api/company/main_search?{urlencode({'keyword': keyword, 'page': page, 'page_size': 10})}"


def rel_service_url(base: str, couid: str) -> str:
    return f"{base.rstrip('/')}/api/company/rel_service?{urlencode({'couid': couid})}"


def company_info_url(base: str, couid: str) -> str:
    return f"{base.rstrip('/')}/api/company/info?{urlencode({'couid': couid})}"


def detail_url(sn: str, base: str = PLATFORM) -> str:
    return f"{base.rstrip('/')}/complaint/view/{sn}/"


# --- API answers -----------------------------------------------------------------------


@dataclass
class ApiPage:
    posts: list[Post]
    page: int
    page_amount: int
    item_count: int = 0
    raw_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.page < self.page_amount


_TAGS = re.compile(r"<[^>]+>")


def _strip_tags(value: Any) -> str:
    """Search hits wrap the keyword in <span class="code-red">…</span>."""
    return squash(_TAGS.sub("", str(value or "")))


def parse_api(data: str | bytes) -> ApiPage:
    """A company or search API answer (JSON or JSONP) -> list posts (summary as body).

    Raises LoginWall for a login page, SourceError for the platform's error answer (e.g.
    a wrong signature), ParseError for anything that is not the documented JSON.
    """
    data_obj = api_data(data) or {}
    items = data_obj.get("complaints") or data_obj.get("lists") or []
    pager = data_obj.get("pager") or {}
    posts = [p for p in (_post_from_item(it) for it in items) if p is not None]
    return ApiPage(
        posts=posts,
        page=int(pager.get("current") or 1),
        page_amount=int(pager.get("page_amount") or 0),
        item_count=int(pager.get("item_count") or 0),
        raw_items=list(items),
    )


def api_data(data: str | bytes) -> Any:
    """`result.data` of an API answer, after checking `result.status.code`.

    Raises LoginWall (a login page, or code 10005), DepthReached (10017/10019: the
    anonymous depth, a normal end), SignatureRejected, SourceError (other codes),
    ParseError (not the documented JSON).
    """
    text = to_text(data)
    if not text.strip():
        raise ParseError("empty answer")
    if text.lstrip()[:1] == "<":
        if looks_like_login(text):
            raise LoginWall("the API answered a login page")
        raise ParseError("the API answered HTML, not JSON")
    doc = load_json(text)
    try:
        result = doc["result"]
        status = result.get("status") or {}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ParseError("no result object in the API answer") from exc
    check_status(status)
    return result.get("data")


def check_status(status: dict[str, Any]) -> None:
    try:
        code = int(status.get("code", 0) or 0)
    except (TypeError, ValueError):
        raise ParseError(f"status code {status.get('code')!r} is not a number") from None
    msg = str(status.get("msg") or "")
    if code == 0:
        return
    if code == CODE_LOGIN:
        raise LoginWall(f"code {code}: login required ({msg})")
    if code in (CODE_DEPTH, CODE_NO_PAGE):
        raise DepthReached(f"code {code}: anonymous depth reached ({msg})")
    # The real code of a bad signature was never observed (§8); its message is the tell.
    if "签名" in msg or "sign" in msg.lower():
        raise SignatureRejected(f"code {code}: signature rejected ({msg}); check the salt in sources.yaml")
    raise SourceError(f"API error {code}: {msg}")


# --- the 2026 feed ---------------------------------------------------------------------------


@dataclass
class FeedItem:
    """One feed entry: the post as the feed shows it (summary as body) and its counters."""
    post: Post
    field: str = ""
    upvotes: int = 0
    comments: int = 0
    shares: int = 0


def parse_feed(data: str | bytes) -> list[FeedItem]:
    """A `/api/index/feed` page -> its items, newest first. An empty list is the end;
    code 10017 raises DepthReached (see api_data)."""
    data_obj = api_data(data) or {}
    if not isinstance(data_obj, dict):
        raise ParseError("feed data is not an object")
    out = []
    for item in data_obj.get("lists") or []:
        post = _post_from_item(item)
        if post is None:
            continue
        main = item.get("main") or {}
        # The stored link is the platform's own (with its sld), whatever host served it.
        post.url = canonical(post.url, PLATFORM)
        out.append(FeedItem(post, field=str(main.get("field") or ""), upvotes=_count(main.get("upvote_amount")),
                            comments=_count(main.get("comment_amount")), shares=_count(main.get("share_amount"))))
    return out


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# --- the platform's own totals ---------------------------------------------------------------


def _totals(company_id: str, service_id: str, name: str, total: int, last_30_days: int, replied: int,
           completed: int) -> PlatformTotals:
    return PlatformTotals(SOURCE, company_id, service_id, name, total, last_30_days, replied, completed)


def parse_rel_service(data: str | bytes, couid: str) -> list[PlatformTotals]:
    """`/api/company/rel_service?couid=`: `data` is a list of services (§2.6)."""
    rows = api_data(data) or []
    if not isinstance(rows, list):
        raise ParseError("rel_service data is not a list")
    return [_totals(couid, str(r.get("sid") or ""), _strip_tags(r.get("name")), _count(r.get("valid_amt")),
                   _count(r.get("valid30d")), _count(r.get("replied_amt")), _count(r.get("completed_amt")))
            for r in rows if isinstance(r, dict) and r.get("sid")]


def parse_company_info(data: str | bytes, couid: str) -> PlatformTotals | None:
    """`/api/company/info?couid=` (RAW 2026-06-18: counts are strings); None: unknown company."""
    d = api_data(data)
    if not d:
        return None
    if not isinstance(d, dict):
        raise ParseError("company info data is not an object")
    return _totals(couid, "", _strip_tags(d.get("name")), _count(d.get("valid_amt")), _count(d.get("valid30d")),
                  _count(d.get("replied_amt")), _count(d.get("completed_amt")))


def parse_main_search(data: str | bytes) -> list[PlatformTotals]:
    """`/api/company/main_search?keyword=`: companies with uid, sid and counts (§2.6)."""
    d = api_data(data) or {}
    return [_totals(str(r.get("uid") or ""), "", _strip_tags(r.get("title")), _count(r.get("valid_amt")),
                   _count(r.get("valid30d")), _count(r.get("replied_amt")), _count(r.get("completed_amt")))
            for r in (d.get("lists") or []) if isinstance(r, dict)]


def _post_from_item(item: dict[str, Any]) -> Post | None:
    main = item.get("main") or {}
    sn = str(main.get("sn") or "").strip()
    if not sn:
        return None
    author = item.get("author") or {}
    return Post(
        source=SOURCE,
        source_id=sn,
        # The API's own link (`//tousu.sina.com.cn/complaint/view/<sn>/`, 2025: `?sld=…`) is
        # what the spider fetches, rebased; the detail page's canonical URL replaces it.
        url=absolute(str(main.get("url") or "")) or detail_url(sn),
        title=_strip_tags(main.get("title")),
        body=_strip_tags(main.get("summary")),
        published_at=_published(main),
        author=_strip_tags(author.get("title")),
        target=_strip_tags(main.get("cotitle")),
        target_id=str(main.get("couid") or ""),
        issue=_strip_tags(main.get("issue")),
        appeal=_strip_tags(main.get("appeal")),
        amount=parse_amount(main.get("cost")),
        status=status_name(main.get("status")),
    )


def _published(main: dict[str, Any]) -> datetime | None:
    """`created_at` (epoch seconds), else `timestamp`: epoch seconds in the feed and search,
    "YYYY-MM-DD" (the publish day) on the company endpoints since ~2022 (FORMATS_2026.md §2.2)."""
    at = from_epoch(main.get("created_at")) or from_epoch(main.get("timestamp"))
    if at is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(main.get("timestamp") or "")):
        at = datetime.fromisoformat(str(main["timestamp"]))
    return at


def status_name(code: Any) -> str:
    """`main.status` code -> canonical Chinese status (contracts.md); unknown -> ''."""
    try:
        return HEIMAO_STATUS.get(int(code), "")
    except (TypeError, ValueError):
        return str(code or "")


# --- detail page ------------------------------------------------------------------------


_PUBLISHED = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(\d{1,2}):(\d{2})")
_STEP_DATE = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_detail(data: str | bytes, url: str = "", *, now: datetime | None = None) -> Post:
    """A complaint page (/complaint/view/<sn>/) -> Post with full text and steps.

    Raises LoginWall for a login page and ParseError for a page without the complaint
    block or cut off before `</html>` (a truncated download must not be stored as a
    complaint with half its text).
    """
    text = to_text(data)
    sel = Selector(text=text)
    question = sel.css("div.ts-d-question")
    if not question:
        if looks_like_login(text):
            raise LoginWall(f"login page instead of complaint {url}")
        if GONE_MARK in text:
            raise Gone(f"{GONE_MARK}: {url or 'page'} (deleted, or the sld is missing or wrong)")
        raise ParseError(f"no complaint block (div.ts-d-question) in {url or 'page'}")
    if "</html>" not in text[-4000:].lower():
        raise ParseError(f"truncated page {url or ''}: no closing </html>")
    post = _post_from_question(question[0], url)
    post.steps = _parse_steps(sel, post.published_at or now)
    post.body = _parse_body(sel, post.steps)
    if not post.source_id:
        post.source_id = _parse_page_config_sn(text)
    if not post.url and post.source_id:
        post.url = detail_url(post.source_id)
    return post


def parse_questions(data: str | bytes) -> list[Post]:
    """Every div.ts-d-question block in a page or a dump of blocks (Chi-Tian heimao.html)."""
    sel = Selector(text=to_text(data))
    return [_post_from_question(q, "") for q in sel.css("div.ts-d-question")]


def _post_from_question(q: Selector, url: str) -> Post:
    fields = _parse_fields(q)
    sn = _parse_sn(fields)
    return Post(
        source=SOURCE,
        source_id=sn,
        url=detail_url(sn) if sn else url,
        title=_parse_title(q),
        body="",
        published_at=_parse_published(q),
        author=_parse_author(q),
        target=_parse_target(fields),
        target_id=_parse_target_id(fields),
        issue=_field_text(fields, "投诉问题"),
        appeal=_field_text(fields, "投诉要求"),
        amount=_parse_amount(fields),
        status=_parse_status(fields),
    )


def _parse_fields(q: Selector) -> dict[str, Selector]:
    """ul.ts-q-list rows keyed by their label without the colon (投诉编号, 投诉对象…)."""
    rows = {}
    for li in q.css("ul.ts-q-list > li"):
        label = squash(li.css("label::text").get()).rstrip("：:")
        if label:
            rows[label] = li
    return rows


def _field_text(fields: dict[str, Selector], label: str) -> str:
    li = fields.get(label)
    if li is None:
        return ""
    # The label's own text is excluded; nested a/b/span text is kept.
    parts = li.xpath("./node()[not(self::label)]//text() | ./text()").getall()
    return squash("".join(parts))


def _parse_title(q: Selector) -> str:
    return squash("".join(q.css("h1.article ::text").getall()))


def _parse_author(q: Selector) -> str:
    return squash(q.css("div.ts-q-user span.u-name::text").get())


def _parse_published(q: Selector) -> datetime | None:
    """'发布于 2019年11月24日 19:18' -> datetime(2019, 11, 24, 19, 18)."""
    m = _PUBLISHED.search(q.css("div.ts-q-user span.u-date::text").get() or "")
    if not m:
        return None
    y, mo, d, h, mi = map(int, m.groups())
    return datetime(y, mo, d, h, mi)


def _parse_sn(fields: dict[str, Selector]) -> str:
    m = re.search(r"\d{6,}", _field_text(fields, "投诉编号"))
    return m.group(0) if m else ""


def _parse_page_config_sn(text: str) -> str:
    m = re.search(r"[\"']?complaintId[\"']?\s*:\s*[\"'](\d+)[\"']", text)
    return m.group(1) if m else ""


def _parse_target(fields: dict[str, Selector]) -> str:
    li = fields.get("投诉对象")
    if li is None:
        return ""
    return squash("".join(li.css("a ::text").getall())) or _field_text(fields, "投诉对象")


def _parse_target_id(fields: dict[str, Selector]) -> str:
    """couid from the company link `//tousu.sina.com.cn/company/view/?couid=5866754241`."""
    li = fields.get("投诉对象")
    href = li.css("a::attr(href)").get() if li is not None else None
    if not href:
        return ""
    return (parse_qs(urlsplit(href).query).get("couid") or [""])[0]


def _parse_amount(fields: dict[str, Selector]) -> float | None:
    return parse_amount(_field_text(fields, "涉诉金额"))


def _parse_status(fields: dict[str, Selector]) -> str:
    """投诉进度 row: `<b>处理中</b>` (scrapers read li[last()]/b)."""
    li = fields.get("投诉进度")
    if li is None:
        return ""
    return squash(li.css("b::text").get()) or _field_text(fields, "投诉进度")


# --- steps ---------------------------------------------------------------------------------


def _parse_steps(sel: Selector, reference: datetime | None) -> list[Step]:
    """div.ts-d-steplist items, returned oldest first (the page lists newest first)."""
    steps = []
    for item in reversed(sel.css("div.ts-d-steplist > div.ts-d-item")):
        user = item.css("div.ts-d-user")
        steps.append(Step(
            actor=squash("".join(user.css("span.u-name ::text").getall())),
            kind=squash("".join(user.css("span.u-status ::text").getall())),
            at=_parse_step_date(user.css("span.u-date::text").get(), reference),
            text=_step_text(item),
            merchant=bool(user.css("span.vender-icon")),
        ))
    return steps


def _parse_step_date(value: str | None, reference: datetime | None) -> datetime | None:
    """'11-25 15:53:57' has no year: take the reference's (publish time), or the next
    year when that would put the step before the complaint was published (Dec -> Jan)."""
    m = _STEP_DATE.search(value or "")
    if not m:
        return None
    year, mo, d, h, mi, s = m.groups()
    if year:
        return datetime(int(year), int(mo), int(d), int(h), int(mi), int(s or 0))
    if reference is None:
        return None
    at = datetime(reference.year, int(mo), int(d), int(h), int(mi), int(s or 0))
    if at < reference - timedelta(days=1):
        at = at.replace(year=reference.year + 1)
    return at


def _step_text(item: Selector) -> str:
    """Visible text of a step: its paragraphs up to the first private-note divider.

    The complainant's view adds, after a `div.con` divider, attachments and contact data
    ("以下内容仅投诉平台、投诉人、被投诉人可见"); those are not part of the public text.
    """
    cont = item.css("div.ts-d-cont")
    if not cont:
        return ""
    root = cont[0].root  # parsel's own lxml element: no re-serialising and re-parsing
    paras: list[str] = []
    _collect_paras(root, paras)
    return "\n".join(p for p in paras if p)


def _collect_paras(node, out: list[str]) -> bool:
    """Append <p> texts in document order; return False once a private divider is met."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        classes = (child.get("class") or "").split()
        if child.tag == "p":
            if "ts-c-hide" not in classes:
                out.append(_para(child.text_content()))
        elif child.tag == "div" and "con" in classes:
            return False
        elif child.tag == "div" and "ts-reply" in classes:
            if not _collect_paras(child, out):
                return False
    return True


def _para(text: str) -> str:
    """A paragraph keeps the complainant's line breaks; each line's indentation goes."""
    return "\n".join(filter(None, (squash(line) for line in text.splitlines())))


def _parse_body(sel: Selector, steps: list[Step]) -> str:
    """The complaint text is the 发起投诉 step's text (PAGE meta description is cut at ~150)."""
    for step in steps:
        if step.kind == "发起投诉" and step.text:
            return step.text
    return ""


def merge(listed: Post, detail: Post) -> Post:
    """Detail page wins; the API item fills what the page lacks (body when the page has no
    steplist, couid, amount, author)."""
    for name in ("title", "body", "author", "target", "target_id", "issue", "appeal", "status"):
        if not getattr(detail, name):
            setattr(detail, name, getattr(listed, name))
    # The page rounds 涉诉金额 to whole yuan ("10969元"); the API keeps the cents.
    if listed.amount is not None and (detail.amount is None or int(listed.amount) == int(detail.amount)):
        detail.amount = listed.amount
    if detail.published_at is None:
        detail.published_at = listed.published_at
    if not detail.source_id:
        detail.source_id, detail.url = listed.source_id, listed.url
    elif "sld=" in listed.url and listed.source_id == detail.source_id:
        # 2026: the page opens only with the sld the list gave; keep it so a reader can too.
        detail.url = canonical(listed.url, PLATFORM)
    return detail

"""Keep the original capture of every response, and tie each post to the captures it came from.

Two pieces, neither knowing any spider (pipeline/evidence.py writes the files):

- `CaptureMiddleware` (downloader middleware, 595): every response, as received, before
  decompression (590), retries (550) and parsing, is written to this run's WARC file with
  its request, and logged; the capture is put in `request.meta["capture"]`.
- `CaptureLinkMiddleware` (spider middleware): for each output of a callback, the
  response that produced it is known. A Post gets `captures` = the chain of responses its
  data came through; a Request that carries parsed data to the next callback (a
  dataclass in its cb_kwargs, as `listed` from a list page, or meta["evidence_chain"]
  set to True) inherits the chain. A page-2 request carries no data, so a list page is
  never blamed for the posts of the next one.

Settings: COMPLAINTS_CAPTURE (default True), COMPLAINTS_EVIDENCE_DIR (set by crawler.run
beside the database), COMPLAINTS_OPERATOR (from sources.yaml `operator` or the env).
"""
from __future__ import annotations

import dataclasses
import json
import logging
import re
from typing import Any, AsyncIterator, Iterable

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response

from crawler.middlewares import LOGIN_SENT_META
from pipeline import evidence
from pipeline.models import Post

log = logging.getLogger(__name__)

META = "capture"
CHAIN = "evidence_chain"


class CaptureMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        if not settings.getbool("COMPLAINTS_CAPTURE", True) or not settings.get("COMPLAINTS_EVIDENCE_DIR"):
            raise NotConfigured("captures off")
        self.crawler = crawler
        self.root = settings.get("COMPLAINTS_EVIDENCE_DIR")
        self.operator = settings.get("COMPLAINTS_OPERATOR") or ""
        self.writer: evidence.CaptureWriter | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CaptureMiddleware":
        return cls(crawler)

    def _writer(self) -> evidence.CaptureWriter:
        if self.writer is None:  # opened at the first response: a crawl that fetches nothing leaves no file
            spider = self.crawler.spider
            self.writer = evidence.CaptureWriter(
                self.root, spider.name, self.operator,
                run_info={"user-agent": self.crawler.settings.get("USER_AGENT", ""),
                          "robots-txt-obeyed": str(self.crawler.settings.getbool("ROBOTSTXT_OBEY"))})
            log.info("captures go to %s", self.writer.path)
        return self.writer

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values]
        req_headers = [(k.decode("latin-1"), v.decode("latin-1"))
                       for k, values in request.headers.items() for v in values]
        if request.meta.get(LOGIN_SENT_META) and not any(k.lower() == "cookie" for k, _ in req_headers):
            # The login cookie is taken off the request once answered (LoginCookieMiddleware):
            # the record still says one was sent, its value redacted like every credential.
            req_headers.append(("Cookie", "[redacted]"))
        reason = _reason(response.status)
        capture = self._writer().write(
            url=response.url, method=request.method, request_headers=req_headers, request_body=request.body,
            status=response.status, reason=reason, protocol=_protocol(response),
            response_headers=headers, body=response.body, peer=str(response.ip_address or ""))
        request.meta[META] = capture.to_json()
        stats = self.crawler.stats
        stats.inc_value("complaints/captures")
        stats.set_value("complaints/capture_bytes", self.writer.bytes if self.writer else 0)
        return response

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.writer is not None:
            self.crawler.stats.set_value("complaints/capture_file", self.writer.name)
            self.writer.close()


class PostVanished(IgnoreRequest):
    """A stored post's page says it is gone (404/410, 页面不存在, 已删除): recorded, not a failure."""


# What the platforms answer for a removed post (PLATFORM_FORMATS.md; the mirror says the
# same): a 404/410, or a short page or JSON answer carrying one of these.
GONE_STATUSES = frozenset({404, 410})
GONE_MARKERS = tuple(m.encode("utf-8") for m in ("页面不存在", "投诉不存在", "帖子不存在", "已删除", "已被删除", "已屏蔽"))
GONE_PAGE_MAX = 8_000  # bytes: a real complaint quoting "已删除" is longer than an error page


def vanished_reason(status: int, body: bytes) -> str:
    """Why a response shows a removed post ('' when it does not)."""
    if status in GONE_STATUSES:
        return f"HTTP {status}"
    if status == 200 and len(body) <= GONE_PAGE_MAX:
        # Only where a site says it, never in the text of a post (a complainant may write
        # "聊天记录已删除"): the page title, the first heading, a JSON answer's msg.
        text = _decoded(body)
        places = re.findall(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>|\"(?:msg|message)\"\s*:\s*\"([^\"]*)\"",
                            text, flags=re.S | re.I)
        said = " ".join(x for groups in places for x in groups)
        if text.lstrip().startswith("{"):
            try:
                doc = json.loads(text)
                said += " " + " ".join(str(doc.get(k, "")) for k in ("msg", "message") if isinstance(doc, dict))
            except ValueError:
                pass
        for marker in GONE_MARKERS:
            if marker.decode("utf-8") in said:
                return marker.decode("utf-8")
    return ""


def _decoded(body: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


class VanishedMiddleware:
    """Downloader middleware (580, after the capture): a stored post's page that answers
    "gone" marks the post removed (with the capture showing it) and ends that request.

    Which post: the Post a request carries to its callback (cb_kwargs, e.g. `listed`), the
    same generic rule CaptureLinkMiddleware uses; only posts already stored are marked."""

    def __init__(self, crawler: Any) -> None:
        url = crawler.settings.get("COMPLAINTS_DB_URL")
        if not url:
            raise NotConfigured("no database")
        self.crawler = crawler
        self.url = url
        self._store: Any = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "VanishedMiddleware":
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        post = next((v for v in (request.cb_kwargs or {}).values() if isinstance(v, Post)), None)
        if post is None or response.status not in (200, *GONE_STATUSES):
            return response
        reason = vanished_reason(response.status, response.body)
        if not reason:
            return response
        if self._store is None:
            from pipeline.store import Store

            self._store = Store(self.url)
        if not self._store.mark_removed(post.source, post.source_id, reason, request.meta.get(META)):
            return response  # never stored (deleted between list and detail): the spider decides
        log.info("post %s/%s is gone from %s (%s)", post.source, post.source_id, response.url, reason)
        self.crawler.stats.inc_value("complaints/removed")
        raise PostVanished(f"{post.source}/{post.source_id}: {reason}")

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._store is not None:
            self._store.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _protocol(response: Response) -> str:
    proto = getattr(response, "protocol", None) or "HTTP/1.1"
    return proto.upper() if proto.lower().startswith("http/") else "HTTP/1.1"


class CaptureLinkMiddleware:
    """Spider middleware: posts and the requests that carry their data inherit captures."""

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Any = None):
        chain = _chain(response)
        for out in result:
            yield _link(out, chain)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Any = None):
        chain = _chain(response)
        async for out in result:
            yield _link(out, chain)


def _chain(response: Response) -> list[dict[str, Any]]:
    meta = response.meta if response.request is not None else {}
    chain = list(meta.get(CHAIN) or []) if isinstance(meta.get(CHAIN), list) else []
    own = meta.get(META)
    if own and own not in chain:
        chain.append(own)
    return chain


def _link(out: Any, chain: list[dict[str, Any]]) -> Any:
    if not chain:
        return out
    if isinstance(out, Post):
        # The last of the chain is the response the post was parsed from ("produced"); the
        # others (its list page, a detail page before a content API) contributed fields.
        known = {c.get("record_id") for c in out.captures}
        out.captures = [*out.captures, *({**c, "produced": i == len(chain) - 1} for i, c in enumerate(chain)
                                         if c.get("record_id") not in known)]
    elif isinstance(out, Request) and _carries_data(out):
        out.meta[CHAIN] = list(chain)
    return out


def _carries_data(request: Request) -> bool:
    flag = request.meta.get(CHAIN)
    if flag is True:
        return True
    if flag is False:
        return False
    return any(dataclasses.is_dataclass(v) and not isinstance(v, type) for v in (request.cb_kwargs or {}).values())

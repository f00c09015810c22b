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
import logging
from typing import Any, AsyncIterator, Iterable

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

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

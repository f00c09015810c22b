"""Downloader middlewares: retries with backoff, and the login cookie added at send time.

Retries: a 429 or 5xx means "slow down", not "again, now". Scrapy's own RetryMiddleware
re-schedules at once; this one waits base * 2**attempt seconds (capped, or the server's
Retry-After on 429) before handing the retry back.

Login cookie: a request object is serialised whenever it is queued (the JOBDIR disk queue,
the scrapy-redis queue), so a cookie set on it would be stored at rest. The spiders only
mark a request as needing the login (`meta["complaints_login"]`); `LoginCookieMiddleware`
adds the Cookie header as the request leaves for the network and takes it off again when
the answer comes back, before a retry or a redirect copies the request back into a queue.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def delay_for(self, request: Request, response: Response | None = None) -> float:
        attempt = request.meta.get("retry_times", 0)
        delay = min(self.cap, self.base * (2 ** attempt))
        if response is not None and response.status == 429:
            retry_after = response.headers.get(b"Retry-After")
            if retry_after and retry_after.strip().isdigit():
                delay = min(self.cap, max(delay, float(retry_after)))
        return delay

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            from twisted.internet import reactor  # imported late: importing it installs one

            await deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def process_response(self, request: Request, response: Response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        await self._sleep(self.delay_for(request, response))
        return self._retry(request, response_status_message(response.status)) or response

    async def process_exception(self, request: Request, exception: Exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        await self._sleep(self.delay_for(request))
        return self._retry(request, exception)


LOGIN_META = "complaints_login"
# Set on a request whose login cookie went out: the capture (crawler/capture.py) records a
# "Cookie: [redacted]" header for it, so the archive says a login was used without holding it.
LOGIN_SENT_META = "complaints_login_sent"


class LoginCookieMiddleware:
    """The configured login cookie ($COMPLAINTS_HEIMAO_COOKIE ...), on the wire only.

    Placed after the retry, redirect and cookies middlewares in the request order (the
    cookies middleware rewrites the Cookie header from its jar), and so before them in the
    response order; sent only to the spider's own host, so a redirect to another site
    never carries it. Taking the header off loses nothing: the cookies middleware rebuilds
    it from its jar for every request.
    """

    def __init__(self, crawler=None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        spider = spider or getattr(self.crawler, "spider", None)  # Scrapy 2.13+ passes no spider
        cookie = getattr(getattr(spider, "config", None), "cookie", "") if spider is not None else ""
        request.meta.pop(LOGIN_SENT_META, None)  # a retried copy says only what this attempt sent
        if cookie and request.meta.get(LOGIN_META) and _same_host(request.url, getattr(spider, "base_url", "")):
            jar = request.headers.get(b"Cookie")  # what the site set earlier (CookiesMiddleware)
            login = cookie.encode("latin-1", "replace")
            request.headers[b"Cookie"] = jar + b"; " + login if jar else login
            request.meta[LOGIN_SENT_META] = True
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        _strip(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider=None):
        _strip(request)
        return None


def _strip(request: Request) -> None:
    if request.meta.get(LOGIN_META):
        request.headers.pop(b"Cookie", None)


def _same_host(url: str, base_url: str) -> bool:
    return bool(base_url) and urlsplit(url).netloc == urlsplit(base_url).netloc

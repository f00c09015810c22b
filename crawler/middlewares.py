"""Retries with exponential backoff: a 429 or 5xx means "slow down", not "again, now".

Scrapy's own RetryMiddleware re-schedules at once; this one waits base * 2**attempt
seconds (capped, or the server's Retry-After on 429) before handing the retry back.
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import reactor
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

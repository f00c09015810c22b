"""Retry backoff: waits grow per attempt, are capped, and honour Retry-After on 429."""
from __future__ import annotations

from scrapy.http import Request, Response
from scrapy.settings import Settings

from crawler.middlewares import BackoffRetryMiddleware


def _mw(base=1.0, cap=60.0) -> BackoffRetryMiddleware:
    return BackoffRetryMiddleware(Settings({"RETRY_ENABLED": True, "RETRY_TIMES": 3, "RETRY_HTTP_CODES": [429, 500],
                                            "RETRY_BACKOFF_BASE": base, "RETRY_BACKOFF_MAX": cap}))


def _req(attempt: int) -> Request:
    return Request("http://127.0.0.1/x", meta={"retry_times": attempt})


def test_first_retry_waits_the_base():
    assert _mw().delay_for(_req(0)) == 1.0


def test_wait_doubles_per_attempt():
    assert [_mw().delay_for(_req(n)) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]


def test_wait_is_capped():
    assert _mw(cap=5.0).delay_for(_req(10)) == 5.0


def test_retry_after_on_429_is_honoured():
    resp = Response("http://127.0.0.1/x", status=429, headers={"Retry-After": "30"})
    assert _mw().delay_for(_req(0), resp) == 30.0


def test_retry_after_is_capped_too():
    resp = Response("http://127.0.0.1/x", status=429, headers={"Retry-After": "3600"})
    assert _mw(cap=60.0).delay_for(_req(0), resp) == 60.0

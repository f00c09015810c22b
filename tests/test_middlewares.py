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


# --- the login cookie, added at send time only (issue 13.7) ------------------------------------


class _Spider:
    class config:  # noqa: N801 - stands in for a SourceConfig
        cookie = "SUB=secret-login"

    base_url = "http://127.0.0.1:8765"


def test_login_cookie_is_added_on_the_wire_and_taken_off_after():
    from crawler.middlewares import LOGIN_META, LoginCookieMiddleware

    mw = LoginCookieMiddleware()
    req = Request("http://127.0.0.1:8765/api/search?q=x", meta={LOGIN_META: True})
    mw.process_request(req, _Spider())
    assert req.headers.get(b"Cookie") == b"SUB=secret-login"
    mw.process_response(req, Response(req.url, status=302), _Spider())
    assert b"Cookie" not in req.headers  # a retry or redirect copies a request without it
    other = Request("http://evil.example/steal", meta={LOGIN_META: True})
    mw.process_request(other, _Spider())
    assert b"Cookie" not in other.headers  # only the spider's own host gets the login
    plain = Request("http://127.0.0.1:8765/complaint/view/1/")
    mw.process_request(plain, _Spider())
    assert b"Cookie" not in plain.headers


def test_search_requests_carry_no_cookie_to_serialise(monkeypatch):
    from crawler.queue_json import dumps
    from crawler.sources import load_config
    from crawler.spiders.heimao import HeimaoSpider
    from crawler.spiders.jutousu import JutousuSpider

    monkeypatch.setenv("COMPLAINTS_HEIMAO_COOKIE", "SUB=secret-login")
    monkeypatch.setenv("COMPLAINTS_JUTOUSU_COOKIE", "SUB=secret-login")
    for cls, source in ((HeimaoSpider, "heimao"), (JutousuSpider, "jutousu")):
        spider = cls(config=load_config(source), base_url="http://127.0.0.1:8765")
        assert spider.config.cookie == "SUB=secret-login"
        request = spider.search_page("催收", 1)
        assert "secret-login" not in dumps(request.to_dict(spider=spider))
        assert "secret-login" not in repr(request.cookies) + repr(request.headers)

"""The mirror's HTTP server: a stdlib ThreadingHTTPServer in front of routes.dispatch.

    from crawler.mirror import MirrorServer
    with MirrorServer(port=0, faults="500:0.1,gbk:0.2", delay=0.01) as m:
        urllib.request.urlopen(m.base_url + "/robots.txt")

`complaints mirror --port P [--faults SPEC] [--delay S]` runs the same server in the
foreground. Faults are described in faults.py.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from crawler.mirror import heimao2026, render, routes
from crawler.mirror.corpus import MirrorCorpus
from crawler.mirror.faults import FaultPlan, FaultSpec, url_key

FAULTS_BY_KIND = {
    "html": frozenset({"500", "429", "timeout", "truncated"}),
    "xml": frozenset({"500", "429", "timeout", "truncated"}),
    "json": frozenset({"500", "429", "timeout", "truncated", "badjson"}),
    "control": frozenset(),
}
RETRY_AFTER = "1"


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: routes.Site
    plan: FaultPlan
    delay: float
    requests: int
    limiter: heimao2026.RateLimiter

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 (socketserver's API)
        """A client that hangs up (the crawler giving up on an injected timeout) is normal
        here; anything else is still printed."""
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "complaints-radar-mirror/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:   # quiet: tests run thousands
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve()

    def do_HEAD(self) -> None:
        self._serve(head=True)

    # -- one request --
    def _serve(self, head: bool = False) -> None:
        srv = self.server
        srv.requests += 1
        if srv.delay:
            time.sleep(srv.delay)
        parts = urlsplit(self.path)
        kind = routes.endpoint_kind(parts.path)
        if kind != "control" and not srv.limiter.allow(self.client_address[0]):
            return self._send(routes.Response(456, heimao2026.blocked_page(), "text/html"), head=head)
        key = url_key(self.path)
        fault = srv.plan.transient(key, FAULTS_BY_KIND[kind])
        if fault == "500":
            return self._send(routes.Response(500, render.error_page(500, "服务器繁忙"), "text/html"), head=head)
        if fault == "429":
            return self._send(routes.Response(429, render.error_page(429, "请求过于频繁"), "text/html",
                                              {"Retry-After": RETRY_AFTER}), head=head)
        if fault == "timeout":
            time.sleep(srv.plan.spec.sleep)   # past the client's timeout, then answer anyway
        req = routes.Request(
            path=parts.path, query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            host=self.headers.get("Host") or "%s:%d" % srv.server_address[:2], method=self.command)
        if kind == "html" and srv.plan.persistent("gbk", key):
            req.charset = "gbk"
        if parts.path in routes.SEARCH_PATHS and srv.plan.persistent("login", key):
            req.login_wall = True
        resp = routes.dispatch(srv.site, req)
        if fault == "badjson" and resp.content_type in ("application/json", "application/javascript"):
            resp.body = resp.body[: max(1, len(resp.body) // 2)]
        self._send(resp, charset=req.charset, truncate=fault == "truncated", head=head)

    def _send(self, resp: routes.Response, charset: str = "utf-8", truncate: bool = False,
              head: bool = False) -> None:
        # xmlcharrefreplace: a GBK page must still carry characters GBK lacks.
        body = resp.body.encode(charset, errors="xmlcharrefreplace")
        self.send_response(resp.status)
        self.send_header("Content-Type", f"{resp.content_type}; charset={'GBK' if charset == 'gbk' else 'utf-8'}")
        self.send_header("Content-Length", str(len(body)))
        for name, value in resp.headers.items():
            self.send_header(name, value)
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        try:
            if truncate:
                # The headers promised the whole body; half arrives, then the connection ends.
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True   # the client gave up (e.g. its timeout); nothing to do


class MirrorServer:
    """The mirror in a background thread (tests) or the foreground (`serve_forever`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, faults: str | FaultSpec | None = None,
                 delay: float = 0.0, epoch: int = 0, data_dir: Path | None = None,
                 cookie: str = routes.DEFAULT_COOKIE, allow_unsigned: bool = False,
                 fault_seed: int = 0, fault_attempts: int = 1, fault_sleep: float = 3.0,
                 era: str = "2025", rate_limit: int | None = None, rate_window: float = 60.0,
                 rate_block: float = 600.0, clock: int | None = None,
                 stream: heimao2026.StreamSpec | None = None, salt: str = routes.SALT,
                 feed_login_after: int | None = None, feed_pages: int = heimao2026.FEED_PAGES) -> None:
        """`era="2026"`: 黑猫 as in late 2026 (heimao2026.py); "2025" (default) keeps the
        anonymous company lists and sld-free detail URLs the older tests and the demo use.
        `rate_limit`: requests per `rate_window` seconds per client before HTTP 456 for
        `rate_block` seconds (None: no limit). `clock`: what the feed has published."""
        spec = faults if isinstance(faults, FaultSpec) else FaultSpec.parse(
            faults, seed=fault_seed, attempts=fault_attempts, sleep=fault_sleep)
        self.corpus = MirrorCorpus(data_dir, epoch=epoch)
        self.httpd = _HTTPServer((host, port), _Handler)
        if era not in ("2025", "2026"):
            raise ValueError(f"era must be 2025 or 2026, not {era!r}")
        feed = heimao2026.Feed(self.corpus, clock=clock, stream=stream)
        self.httpd.site = routes.Site(self.corpus, cookie=cookie, allow_unsigned=allow_unsigned, era=era,
                                      feed=feed, salt=salt, feed_login_after=feed_login_after,
                                      feed_pages=feed_pages)
        self.httpd.limiter = heimao2026.RateLimiter(rate_limit, rate_window, rate_block)
        self.httpd.plan = FaultPlan(spec)
        self.httpd.delay = delay
        self.httpd.requests = 0
        self.cookie = cookie
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}"

    @property
    def faults(self) -> FaultPlan:
        return self.httpd.plan

    @property
    def requests(self) -> int:
        return self.httpd.requests

    @property
    def feed(self) -> heimao2026.Feed:
        return self.httpd.site.feed

    @property
    def limiter(self) -> heimao2026.RateLimiter:
        return self.httpd.limiter

    @property
    def epoch(self) -> int:
        return self.corpus.epoch

    def advance(self, n: int = 1) -> int:
        """Move time forward: open complaints (about half of them) advance `n` statuses."""
        return self.corpus.advance(n)

    def edit(self, key: str, title: str | None = None, body: str | None = None) -> None:
        """A post's author changes its text (also GET /_mirror/edit?id=&title=&body=)."""
        self.corpus.edit(key, title, body)

    def remove(self, key: str, how: str = "404") -> None:
        """The platform takes a post down (also GET /_mirror/remove?id=&how=404|hidden)."""
        self.corpus.remove(key, how)

    def start(self) -> "MirrorServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="mirror", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

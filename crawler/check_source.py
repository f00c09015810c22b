"""`complaints check-source SOURCE`: one page of each mode, and what works.

For an operator before a schedule is set up (or after a run was flagged): each mode of the
source is asked for one page, politely spaced, and answered with one word: ok, login
wall, risk control, signature rejected, layout changed (or unreachable). Plain HTTP with
the standard library: one request per mode needs no Scrapy engine.
"""
from __future__ import annotations

import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable

from crawler.parsers import heimao, jutousu
from crawler.parsers.common import (
    DepthReached,
    Gone,
    LoginWall,
    ParseError,
    SignatureRejected,
    SourceError,
    rebase,
)
from crawler.run import is_loopback
from crawler.sources import SourceConfig, load_config
from pipeline.registry import heimao_companies, load_registry

OK, LOGIN, RISK, SIGNATURE, LAYOUT, DOWN, SKIPPED = (
    "ok", "login wall", "risk control", "signature rejected", "layout changed", "unreachable", "skipped")


@dataclass
class Check:
    mode: str
    verdict: str
    detail: str = ""

    def line(self, source: str) -> str:
        return f"{source} {self.mode}: {self.verdict}" + (f" ({self.detail})" if self.detail else "")


class _Fetcher:
    """GET with the crawler's identity, the source's cookie, and its request budget."""

    def __init__(self, cfg: SourceConfig, base_url: str) -> None:
        self.cfg, self.base = cfg, base_url
        self.delay = 0.0 if is_loopback(base_url) else 60.0 / (cfg.requests_per_minute or 20)
        self.last = 0.0

    def get(self, url: str, cookie: bool = False) -> tuple[int, bytes]:
        wait = self.last + self.delay * random.uniform(1 - self.cfg.jitter, 1 + self.cfg.jitter) - time.monotonic()
        if self.last and wait > 0:
            time.sleep(wait)
        headers = {"User-Agent": f"complaints-radar/0.1 (+{self.cfg.contact_url}; source check)",
                   "Referer": self.base + "/", "X-Requested-With": "XMLHttpRequest"}
        if cookie and self.cfg.cookie:
            headers["Cookie"] = self.cfg.cookie
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        finally:
            self.last = time.monotonic()


def _judge(status: int, body: bytes, parse: Callable[[bytes], int], risk: list[int]) -> Check:
    if status in risk:
        return Check("", RISK, f"HTTP {status}")
    if status >= 400:
        return Check("", DOWN, f"HTTP {status}")
    try:
        n = parse(body)
    except LoginWall as e:
        return Check("", LOGIN, str(e))
    except SignatureRejected as e:
        return Check("", SIGNATURE, str(e))
    except DepthReached as e:
        return Check("", OK, str(e))
    except (ParseError, Gone, SourceError) as e:
        return Check("", LAYOUT, str(e)[:160])
    return Check("", OK, f"{n} entries") if n else Check("", LAYOUT, "no entries where some were expected")


def check_heimao(cfg: SourceConfig, base: str) -> list[Check]:
    f = _Fetcher(cfg, base)
    salt = cfg.sign_salt or heimao.SIGN_SALT
    out: list[Check] = []
    first_item: list[str] = []

    def feed(body: bytes) -> int:
        items = heimao.parse_feed(body)
        first_item.extend(i.post.url for i in items[:1])
        return len(items)

    field = cfg.fields[0] if cfg.fields else None
    status, body = f.get(heimao.feed_api_url(base, 1, field=field, salt=salt))
    out.append(_mode("feed", _judge(status, body, feed, cfg.risk_control_status)))
    if first_item and out[-1].verdict == OK:
        url = rebase(first_item[0], base)
        status, body = f.get(url)
        out.append(_mode("detail", _judge(status, body, lambda b: int(bool(heimao.parse_detail(b, url).source_id)),
                                          cfg.risk_control_status)))
    couid = (cfg.companies or [c for c, _, _ in heimao_companies(load_registry())] or ["5866754241"])[0]
    status, body = f.get(heimao.company_api_url(base, couid, 1), cookie=True)
    company = _mode("company", _judge(status, body, lambda b: len(heimao.parse_api(b).posts), cfg.risk_control_status))
    if company.verdict == LOGIN and not cfg.cookie:
        company.detail = f"no ${cfg.cookie_env or 'COMPLAINTS_HEIMAO_COOKIE'}: company lists need your own login"
    out.append(company)
    status, body = f.get(heimao.company_info_url(base, couid))
    out.append(_mode("totals", _judge(status, body, lambda b: int(heimao.parse_company_info(b, couid) is not None),
                                      cfg.risk_control_status)))
    return out


def check_jutousu(cfg: SourceConfig, base: str) -> list[Check]:
    f = _Fetcher(cfg, base)
    status, body = f.get(jutousu.feed_url(base, 1))
    out = [_mode("feed", _judge(status, body, lambda b: len(jutousu.parse_feed(b)), cfg.risk_control_status))]
    merchant = (cfg.companies or ["2352"])[0]
    status, body = f.get(jutousu.merchant_list_url(base, merchant, 1, 0))
    out.append(_mode("merchant", _judge(status, body, lambda b: len(jutousu.parse_list(b).posts),
                                        cfg.risk_control_status)))
    return out


def _mode(mode: str, check: Check) -> Check:
    check.mode = mode
    return check


CHECKS = {"heimao": check_heimao, "jutousu": check_jutousu}


def check_source(source: str, base_url: str | None = None, sources_file: str | None = None) -> list[Check]:
    from pathlib import Path

    cfg = load_config(source, Path(sources_file) if sources_file else None)
    if source not in CHECKS:
        return [Check("-", SKIPPED, "only heimao and jutousu have modes to check")]
    base = (base_url or cfg.base_url).rstrip("/")
    try:
        return CHECKS[source](cfg, base)
    except (urllib.error.URLError, OSError) as e:
        return [Check("-", DOWN, f"{base}: {getattr(e, 'reason', e)}")]


def configured_mode_works(source: str, checks: list[Check], sources_file: str | None = None) -> bool:
    """Whether the mode sources.yaml schedules (and, for the feed, its pages) answered ok."""
    from pathlib import Path

    mode = load_config(source, Path(sources_file) if sources_file else None).mode
    wanted = {mode, "detail"} if mode == "feed" and source == "heimao" else {mode}
    relevant = [c for c in checks if c.mode in wanted]
    return bool(relevant) and all(c.verdict == OK for c in relevant)

"""Helpers shared by the platform parsers: decoding, JSONP, URLs, CST times, errors."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.encoding import html_body_declared_encoding

from pipeline.models import CST, from_epoch, now_cst  # noqa: F401 (re-exported for the parsers)
from pipeline.text import decode_bytes



class SourceError(Exception):
    """The source answered, but with an error (bad signature, 4xx/5xx, error JSON)."""


class LoginWall(SourceError):
    """The source answered a login page instead of data: not an empty result."""


class ParseError(SourceError):
    """The answer is not what the format says (invalid JSON, truncated HTML)."""


class RiskControl(SourceError):
    """The site's risk control blocked us (黑猫: HTTP 456; 403/429): stop, never retry."""


class SignatureRejected(SourceError):
    """The site rejected the request signature (a rotated salt): not a login wall."""


class DepthReached(SourceError):
    """The anonymous paging depth ends here (黑猫 feed page 51: code 10017): a normal end."""


class Gone(SourceError):
    """The page is the platform's "页面不存在": deleted, or the sld is missing or wrong."""


def to_text(data: str | bytes, declared: str | None = None) -> str:
    """Decode bytes as downloaded: BOM, then the page's own <meta charset>, then UTF-8/GBK."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if declared is None:
        declared = html_body_declared_encoding(data[:4096])
    return decode_bytes(data, declared)




_JSONP = re.compile(r"^\s*(?:try\s*\{)?\s*[\w$.]+\s*\((?P<body>.*)\)\s*;?\s*(?:\}\s*catch\s*\(\s*\w*\s*\)\s*\{\s*\}\s*;?)?\s*$", re.S)


def load_json(text: str) -> Any:
    """Parse JSON or JSONP (`try{jQuery…_123({...});}catch(e){};`) -> Python object."""
    stripped = text.strip().lstrip("\ufeff")
    if not stripped.startswith(("{", "[")):
        m = _JSONP.match(stripped)
        if m:
            stripped = m.group("body")
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON at char {exc.pos}: {stripped[max(0, exc.pos - 30):exc.pos + 30]!r}") from exc


_LOGIN_MARKS = ("登录", "passport.weibo", "login.sina", "登錄")


def looks_like_login(text: str) -> bool:
    """An HTML page that asks to log in (黑猫 search, 聚投诉 search: '登录聚投诉')."""
    head = text[:20000]
    return "<" in head and any(mark in head for mark in _LOGIN_MARKS) and (
        "<form" in head.lower() or "password" in head.lower() or "登录" in head[:3000]
    )


def absolute(url: str, default_scheme: str = "https") -> str:
    """`//tousu.sina.com.cn/x` -> `https://tousu.sina.com.cn/x`."""
    url = (url or "").strip()
    if url.startswith("//"):
        return f"{default_scheme}:{url}"
    return url


def rebase(url: str, base_url: str | None) -> str:
    """Replace scheme and host of a platform URL with the base URL's (to crawl a mirror).

    Protocol-relative links from the API (`//tousu.sina.com.cn/...`) are rebased too; a
    relative path is joined onto the base.
    """
    url = absolute(url)
    if not base_url:
        return url
    base = urlsplit(base_url)
    parts = urlsplit(url)
    if not parts.netloc:  # a path such as /complaint/view/1/
        path = url if url.startswith("/") else "/" + url
        parts = urlsplit(path)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def canonical(url: str, platform_base: str) -> str:
    """The platform URL we store, whatever host (mirror) it was fetched from."""
    return rebase(url, platform_base)


_WS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """Collapse all whitespace runs to one space (labels, names, short fields)."""
    return _WS.sub(" ", text or "").strip()


def parse_amount(text: str | None) -> float | None:
    """'29494元', '187.38', '1,200元' -> float; '' / '0' -> None / 0.0."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text or "")
    if not m:
        return None
    return float(m.group(0).replace(",", ""))

"""How to cite a view or quote a post: permalinks, GB/T 7714 references, quotes with sources.

A permalink carries the filters, the page's options, the snapshot id and the lexicon
version, so a reader can reopen the view and see whether the data changed since. Its base
is the public address of the dashboard (`COMPLAINTS_PUBLIC_URL`), never the loopback
address a newsroom's server happens to listen on.

GB/T 7714-2015 (信息与文献 参考文献著录规则) cites an online database as
`主要责任者. 题名[DB/OL]. (更新日期)[引用日期]. 获取和访问路径.`.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping
from urllib.parse import urlencode, urlsplit

from pipeline import i18n, settings

PUBLIC_URL_ENV = settings.PUBLIC_URL.env
LOCAL_URL = "http://127.0.0.1:8501"
QUOTE_CHARS = 160
SENTENCE_ENDS = "。！？!?；;\n"


def public_url(fallback: str | None = None) -> str:
    """$COMPLAINTS_PUBLIC_URL, else the given address (the browser's), else the local one."""
    env = (settings.PUBLIC_URL.get() or "").strip()
    if env:
        return env.rstrip("/")
    return (fallback or LOCAL_URL).rstrip("/")


def permalink(base: str, page: str, params: Mapping[str, str], meta: Mapping[str, Any] | None = None,
              lang: str = i18n.DEFAULT_LANG) -> str:
    """<base>/<page>?<filters and options>&snapshot=<version>&lexicon=<version>[&lang=en]."""
    query = dict(params)
    if meta:
        if meta.get("version"):
            query["snapshot"] = str(meta["version"])
        if meta.get("lexicon_version"):
            query["lexicon"] = str(meta["lexicon_version"])
    if i18n.lang_or_default(lang) != i18n.DEFAULT_LANG:
        query["lang"] = i18n.lang_or_default(lang)
    return f"{base.rstrip('/')}/{page.strip('/')}" + (f"?{urlencode(query)}" if query else "")


def gbt7714(title: str, url: str, meta: Mapping[str, Any], accessed: date | datetime,
            lang: str = i18n.DEFAULT_LANG) -> str:
    """A GB/T 7714-2015 reference to a dashboard view ([DB/OL], update and citation dates)."""
    updated = str(meta.get("generated_at") or "")[:10] or "n.d."
    return i18n.t("cite.gbt", lang, title=title, snapshot=meta.get("version") or "?",
                  lexicon=meta.get("lexicon_version") or "?", date=updated,
                  accessed=f"{accessed:%Y-%m-%d}", url=url)


def passage(post: Mapping[str, Any], spans: list[tuple[int, int, str]] | None = None, limit: int = QUOTE_CHARS) -> str:
    """The sentence holding the first evidence span (title + newline + body offsets), else the start."""
    title = post.get("title") or ""
    text = f"{title}\n{post.get('body') or ''}"
    if spans:
        # A sentence of the body says more than the headline: prefer the first body span.
        body_spans = [sp for sp in spans if sp[0] > len(title)]
        start, end, _ = (body_spans or spans)[0]
        lo = max((text.rfind(c, 0, start) for c in SENTENCE_ENDS), default=-1) + 1
        his = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i >= 0]
        hi = min(his) + 1 if his else len(text)
        out = text[lo:hi].strip()
    else:
        out = (post.get("body") or post.get("title") or "").strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def quote(post: Mapping[str, Any], meta: Mapping[str, Any], spans: list[tuple[int, int, str]] | None = None,
          lang: str = i18n.DEFAULT_LANG) -> str:
    """The passage with its citation: platform, post id, date, URL on the platform, snapshot."""
    published = post.get("published_at")
    when = "" if published is None or str(published) in ("NaT", "None") else str(published)[:10]
    url = str(post.get("url") or "")
    if urlsplit(url).scheme not in ("http", "https"):
        url = ""
    return i18n.t("cite.quote", lang, passage=passage(post, spans), platform=i18n.source_label(str(post.get("source")), lang),
                  post_id=post.get("source_id") or post.get("id"), date=when, url=url or "-",
                  snapshot=meta.get("version") or "?")

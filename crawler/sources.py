"""data/sources.yaml: which sites to crawl and what to ask them (see that file's comments)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.sources import KNOWN, SOURCES_FILE, SourcesError, load_document

SOURCES = KNOWN


class SourceConfigError(SourcesError, ValueError):
    """An unknown source name (file errors are pipeline.sources.SourcesError, its base)."""


@dataclass
class SourceConfig:
    name: str
    base_url: str = ""
    enabled: bool = True
    max_pages: int = 100
    page_size: int = 10
    jsonp: bool = False
    recheck_open: bool = True
    cookie: str = ""                      # from the environment, never from the file
    companies: list[str] = field(default_factory=list)   # heimao couids / jutousu merchant ids
    keywords: list[str] = field(default_factory=list)
    sites: list[dict[str, Any]] = field(default_factory=list)  # article sites
    contact_url: str = ""
    # 2026 (黑猫): how to crawl, how fast, and what a wall looks like (see data/sources.yaml).
    mode: str = "company"                 # feed | company | totals (heimao); feed | merchant (jutousu)
    feed_types: list[str] = field(default_factory=lambda: ["2"])
    fields: list[str] = field(default_factory=list)
    requests_per_minute: float = 0.0      # 0: Scrapy's polite defaults
    jitter: float = 0.5
    risk_control_status: list[int] = field(default_factory=lambda: [456])
    backoff_minutes: int = 120
    sign_salt: str = ""
    recheck_limit: int = 0                # open posts re-fetched per run (0: all)
    cookie_env: str = ""
    operator: str = ""                    # who collects: the collection log names them
    # Re-visit stored posts this many days after first seen (edits, deletions), at most
    # revisit_budget requests per run (the site's politeness budget).
    revisit_days: list[float] = field(default_factory=lambda: [1, 3, 7, 30, 90])
    revisit_budget: int = 100


def load_config(name: str, path: Path | None = None) -> SourceConfig:
    if name not in SOURCES:
        raise SourceConfigError(f"unknown source {name!r}; known: {', '.join(SOURCES)}")
    # One reader for the file, shared with `complaints update`: its errors name the line.
    doc = load_document(path or SOURCES_FILE)
    section = doc.get(name) or {}
    cookie_env = section.get("login_cookie_env") or ""
    return SourceConfig(
        name=name,
        base_url=str(section.get("base_url") or ""),
        enabled=bool(section.get("enabled", True)),
        max_pages=int(section.get("max_pages") or 100),
        page_size=int(section.get("page_size") or 10),
        jsonp=bool(section.get("jsonp", False)),
        recheck_open=bool(section.get("recheck_open", True)),
        cookie=os.environ.get(cookie_env, "") if cookie_env else "",
        companies=_enabled_values(section.get("companies") or section.get("merchants") or [], "id"),
        keywords=_enabled_values(section.get("keywords") or [], "keyword"),
        sites=[s for s in section.get("sites") or [] if isinstance(s, dict) and s.get("enabled", True)],
        contact_url=settings.CONTACT_URL.get() or str(doc.get("contact_url") or ""),
        mode=str(section.get("mode") or ("company" if name == "heimao" else "merchant" if name == "jutousu" else "")),
        feed_types=[str(t) for t in section.get("feed_types") or [2]],
        fields=[str(f) for f in section.get("fields") or []],
        requests_per_minute=float(section.get("requests_per_minute") or 0),
        jitter=float(section.get("jitter", 0.5)),
        risk_control_status=[int(c) for c in section.get("risk_control_status") or [456]],
        backoff_minutes=int(section.get("backoff_minutes") or 120),
        sign_salt=str(section.get("sign_salt") or ""),
        recheck_limit=int(section.get("recheck_limit") or 0),
        cookie_env=cookie_env,
        operator=settings.OPERATOR.get() or str(doc.get("operator") or ""),
        revisit_days=[float(d) for d in section.get("revisit_days", [1, 3, 7, 30, 90]) or []],
        revisit_budget=int(section.get("revisit_budget", 100) or 0),
    )


def _enabled_values(entries: list[Any], key: str) -> list[str]:
    out = []
    for e in entries:
        if isinstance(e, dict):
            if e.get("enabled", True) and e.get(key) not in (None, ""):
                out.append(str(e[key]))
        elif e not in (None, ""):
            out.append(str(e))
    return out


def parse_cookie(header: str) -> dict[str, str]:
    """'SUB=abc; SUBP=def' -> {'SUB': 'abc', 'SUBP': 'def'}."""
    out = {}
    for part in header.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out

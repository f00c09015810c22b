"""data/sources.yaml: which sites to crawl and what to ask them (see that file's comments)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ComplaintsError

SOURCES_FILE = Path(__file__).resolve().parents[1] / "data" / "sources.yaml"
SOURCES = ("heimao", "jutousu", "article")


class SourceConfigError(ComplaintsError, ValueError):
    """sources.yaml is missing, malformed, or names an unknown source."""


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


def load_config(name: str, path: Path | None = None) -> SourceConfig:
    if name not in SOURCES:
        raise SourceConfigError(f"unknown source {name!r}; known: {', '.join(SOURCES)}")
    path = path or SOURCES_FILE
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise SourceConfigError(f"cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise SourceConfigError(f"{path} is not valid YAML: {e}") from e
    section = doc.get(name) or {}
    if not isinstance(section, dict):
        raise SourceConfigError(f"{path}: section {name!r} must be a mapping")
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
        contact_url=os.environ.get("COMPLAINTS_CONTACT_URL") or str(doc.get("contact_url") or ""),
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

"""Read and check data/sources.yaml for the scheduler: which sources are enabled.

The crawler reads one source's section itself (crawler/sources.py); this module checks
the whole file up front, so that `complaints update` run from cron stops with an error
that names the file and line ("data/sources.yaml:14: ...") instead of a traceback, and
a typo in a section name does not silently disable a source.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import settings
from pipeline.errors import ComplaintsError

SOURCES_FILE = settings.data_file("sources.yaml")
# The platforms, declared once: each has crawler/spiders/<name>.py, crawler/parsers/<name>.py,
# a section in data/sources.yaml and tests/test_parsers_<name>.py (tests/test_platforms.py;
# CONTRIBUTING.md says how to add one).
KNOWN = ("heimao", "jutousu", "article")
TOP_LEVEL = {*KNOWN, "contact_url", "operator"}
LIST_KEYS = ("companies", "merchants", "keywords", "sites", "fields", "feed_types", "risk_control_status",
             "revisit_days")
INT_KEYS = ("max_pages", "page_size", "requests_per_minute", "backoff_minutes")
MODES = {"heimao": ("feed", "company", "totals"), "jutousu": ("feed", "merchant")}
DEFAULT_BACKOFF_MINUTES = 120
BOOL_KEYS = ("enabled", "jsonp", "recheck_open", "totals_daily")


class SourcesError(ComplaintsError):
    """sources.yaml cannot be read, is not valid YAML, or has a wrong value (with its line)."""


@dataclass
class Source:
    name: str
    enabled: bool
    line: int                      # 1-based line of the section in the file
    section: dict[str, Any]


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The whole checked file as a dict (sections and `contact_url`); errors name the line."""
    path = Path(path) if path else SOURCES_FILE
    load_sources(path)
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_sources(path: str | Path | None = None) -> list[Source]:
    """All source sections, in file order. Raises SourcesError naming the line."""
    path = Path(path) if path else SOURCES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SourcesError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from e
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SourcesError(f"{where}: not valid YAML: {e.problem or e.context}") from e
    except yaml.YAMLError as e:
        raise SourcesError(f"{path}: not valid YAML: {e}") from e
    if root is None:
        raise SourcesError(f"{path}: the file is empty; expected sections {', '.join(KNOWN)}")
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise SourcesError(f"{path}:{root.start_mark.line + 1}: expected a mapping of source sections")
    return [_source(path, key, value, data[key.value]) for key, value in root.value
            if _check_top(path, key)]


def backoff_minutes(name: str, path: str | Path | None = None) -> int:
    """How long `complaints update` leaves a source alone after its risk control stopped a run."""
    for s in load_sources(path):
        if s.name == name:
            return int(s.section.get("backoff_minutes") or DEFAULT_BACKOFF_MINUTES)
    return DEFAULT_BACKOFF_MINUTES


def enabled_sources(path: str | Path | None = None) -> list[str]:
    return [s.name for s in load_sources(path) if s.enabled]


def _check_top(path: Path, key: yaml.Node) -> bool:
    if key.value not in TOP_LEVEL:
        raise SourcesError(f"{path}:{key.start_mark.line + 1}: unknown section {key.value!r}; "
                           f"known: {', '.join(sorted(TOP_LEVEL))}")
    return key.value in KNOWN


def _source(path: Path, key: yaml.Node, node: yaml.Node, value: Any) -> Source:
    line = key.start_mark.line + 1
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SourcesError(f"{path}:{line}: section {key.value!r} must be a mapping")
    fields = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    for name, v in value.items():
        at = fields[name].start_mark.line + 1 if name in fields else line
        _check_field(path, at, key.value, name, v)
    return Source(key.value, bool(value.get("enabled", True)), line, value)


def _check_field(path: Path, line: int, source: str, name: str, value: Any) -> None:
    def bad(expected: str) -> SourcesError:
        return SourcesError(f"{path}:{line}: {source}.{name} must be {expected}, got {value!r}")

    if name in BOOL_KEYS and not isinstance(value, bool):
        raise bad("true or false")
    if name in INT_KEYS and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise bad("a whole number >= 1")
    if name in LIST_KEYS and not isinstance(value, list):
        raise bad("a list")
    if name == "mode" and value not in MODES.get(source, ()):
        raise bad(" or ".join(MODES.get(source, ("(no modes)",))))
    if name == "base_url" and value and not str(value).startswith(("http://", "https://")):
        raise bad("an http:// or https:// URL")
    if name == "revisit_days" and not all(isinstance(d, (int, float)) and not isinstance(d, bool) and d >= 0
                                          for d in value):
        raise bad("a list of days (numbers >= 0), e.g. [1, 3, 7, 30, 90]")
    if name == "revisit_budget" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise bad("a whole number >= 0 (0: no re-visits)")

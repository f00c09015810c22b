"""`complaints demo`: the whole pipeline on the bundled synthetic corpus, for real.

The demo starts the project's local mirror (the demo corpus served in the platforms' own
formats on 127.0.0.1), crawls it with the real spiders into the database, tags, publishes
the snapshot and opens the dashboard: the same path a real deployment takes, only the
sites are local. A second run finds the demo built and reuses it.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crawler.mirror import MirrorServer
from crawler.run import run_crawl
from pipeline import settings, update
from pipeline.errors import ComplaintsError
from pipeline.sources import KNOWN
from pipeline.trends import current_version

DEMO_DIR = settings.data_file("demo")
DEMO_SOURCES = KNOWN  # the demo crawls every platform


class DemoError(ComplaintsError):
    """The demo could not be built (a crawl failed, the corpus is missing)."""


@dataclass
class DemoReport:
    reused: bool
    lines: list[str] = field(default_factory=list)
    snapshot: str | None = None
    posts: int = 0


def demo_sources(base_url: str, companies_file: Path = DEMO_DIR / "companies.json") -> dict[str, Any]:
    """A sources.yaml for the mirror: every company and merchant of the demo corpus."""
    try:
        companies = json.loads(companies_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DemoError(f"demo corpus not readable ({companies_file}): {e}") from e
    return {
        "contact_url": "https://github.com/complaints-radar/complaints-radar",
        "heimao": {
            "enabled": True,
            "base_url": base_url,
            "recheck_open": True,
            "totals_daily": False,    # the demo crawls every company's list instead
            "companies": [{"id": couid, "name": name} for couid, name in companies["heimao"].items()],
        },
        "jutousu": {
            "enabled": True,
            "base_url": base_url,
            "recheck_open": True,
            "merchants": [{"id": mid, "name": name} for mid, name in companies["jutousu"].items()],
        },
        "article": {
            "enabled": True,
            "base_url": base_url,
            "sites": [
                {
                    "name": "demo-blog",
                    "base_url": base_url,
                    "feed": "/blog/rss.xml",
                    "link_pattern": r"^/blog/[\w-]+\.html$",
                    "enabled": True,
                }
            ],
        },
    }


def is_built(store: Any, snapshot_root: Path) -> bool:
    """Built = every demo source was crawled healthily and a snapshot is current."""
    if current_version(snapshot_root) is None:
        return False
    healthy = {r["source"] for r in store.runs(limit=200) if r["healthy"]}
    return set(DEMO_SOURCES) <= healthy and store.count_posts() > 0


def build(store: Any, snapshot_root: Path, *, rebuild: bool = False, say: Callable[[str], None] = print) -> DemoReport:
    """Mirror -> crawl -> tag -> publish, unless it is built already (then reuse it)."""
    if not rebuild and is_built(store, snapshot_root):
        report = DemoReport(reused=True, snapshot=current_version(snapshot_root), posts=store.count_posts())
        say(f"demo already built ({report.posts} posts, snapshot {report.snapshot}); use --rebuild to crawl again")
        return report

    with MirrorServer(port=0) as mirror, tempfile.TemporaryDirectory() as tmp:
        sources_file = Path(tmp) / "sources.yaml"
        sources_file.write_text(yaml.safe_dump(demo_sources(mirror.base_url), allow_unicode=True), encoding="utf-8")
        say(f"mirror of the synthetic demo corpus on {mirror.base_url}; crawling it with the real spiders")
        printer = _Say(say)  # one line per stage, through the caller's printer
        log = update.Log(out=printer, err=printer)
        result = update.run_update(store, run_crawl, sources_file=sources_file, snapshot_root=snapshot_root, log=log,
                                   log_dir=settings.log_dir(snapshot_root))
    failed = [s for s in result.sources if not s.healthy]
    if failed:
        raise DemoError("demo crawl unhealthy: " + "; ".join(s.line() for s in failed))
    return DemoReport(reused=False, snapshot=result.published, posts=store.count_posts())


class _Say:
    """A file-like object that forwards whole lines to a print function."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say

    def write(self, text: str) -> int:
        for line in text.rstrip("\n").splitlines():
            self.say(line)
        return len(text)

    def flush(self) -> None:
        pass

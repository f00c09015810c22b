"""Run one crawl: settings, resumable job directory, and the verdict (exit code).

`run_crawl()` runs Scrapy in a child process (`python -m crawler.run ARGS_JSON`): the
Twisted reactor cannot be restarted, so a process that crawls twice (tests, the
scheduler) must not run Scrapy in-process. `crawl_in_process()` is what the child runs.

Resuming: Scrapy's JOBDIR keeps the request queue across a *graceful* stop (Ctrl-C).
After SIGKILL its files were never closed and cannot be trusted, so we keep a marker
file in JOBDIR: a run that finds the marker still saying "running" discards Scrapy's
state and resumes by paging every listing again without the early stop, fetching only
posts the store does not have. Because upserts are idempotent and a post is fetched
until it is stored, nothing is lost and nothing duplicates.

The child's arguments (the database URL with its password, a Redis URL) travel in its
environment, which only its own user can read, never in its argv (/proc/PID/cmdline is
world-readable). The child dies with its parent: the kernel sends it SIGTERM when the
parent ends, however it ends (PR_SET_PDEATHSIG), so killing `complaints crawl` or
`complaints update` by its PID never leaves a crawl running on its own.
"""
from __future__ import annotations

import ipaddress
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.verdict import EXIT_INTERRUPTED, judge
from crawler.sources import load_config
from pipeline.errors import ComplaintsError
from pipeline.sources import KNOWN

MARKER = "complaints-run.json"
CHILD_ARGS_ENV = "COMPLAINTS_CRAWL_ARGS"
SCRAPY_STATE = ("requests.queue", "requests.seen", "spider.state")
RESULT_PREFIX = "COMPLAINTS_RESULT "


@dataclass
class RunResult:
    source: str
    exit_code: int
    healthy: bool
    finish_reason: str
    run_id: int | None = None
    pages: int = 0
    items: int = 0
    new: int = 0
    updated: int = 0
    failed: int = 0
    dropped: int = 0
    resumed: bool = False
    problems: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def spider_class(source: str):
    """The spider of platform `source` (pipeline.sources.KNOWN): the Spider in
    crawler/spiders/<source>.py whose `name` is `source`. Only that module is imported:
    trafilatura alone takes a second to import."""
    import importlib

    from scrapy import Spider

    if source not in KNOWN:
        raise KeyError(source)
    module = importlib.import_module(f"crawler.spiders.{source}")
    return next(obj for obj in vars(module).values()
                if isinstance(obj, type) and issubclass(obj, Spider) and getattr(obj, "name", None) == source)


def is_loopback(url: str | None) -> bool:
    host = urlsplit(url or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_settings(source_cfg, db_url: str | None, base_url: str | None, *, pipelines: bool = True,
                   jobdir: str | None = None, overrides: dict[str, Any] | None = None):
    from scrapy.settings import Settings

    from crawler import settings as defaults

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    if source_cfg.contact_url:
        settings.set("USER_AGENT", f"complaints-radar/0.1 (+{source_cfg.contact_url}; research crawler, polite)",
                     priority="project")
    settings.set("COMPLAINTS_DB_URL", db_url, priority="project")
    from pipeline.evidence import evidence_dir

    settings.set("COMPLAINTS_EVIDENCE_DIR", str(evidence_dir(db_url)), priority="project")
    if source_cfg.operator:
        settings.set("COMPLAINTS_OPERATOR", source_cfg.operator, priority="project")
    targets = [base_url or source_cfg.base_url] if (base_url or source_cfg.base_url) else []
    targets += [site.get("base_url", "") for site in source_cfg.sites if not base_url]
    if targets and all(is_loopback(t) for t in targets):
        settings.setdict(defaults.mirror_overrides(), priority="project")
    else:  # a real site: its request budget from sources.yaml (crawler/walls.py)
        from crawler.walls import budget_settings

        settings.setdict(budget_settings(source_cfg.requests_per_minute, source_cfg.jitter), priority="project")
    if not pipelines:
        settings.set("ITEM_PIPELINES", {}, priority="project")
    if jobdir:
        settings.set("JOBDIR", jobdir, priority="project")
    overrides = dict(overrides or {})
    for key in ("SPIDER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES"):
        if key in overrides:  # add to the project's middlewares (captures), do not replace them
            overrides[key] = {**getattr(defaults, key), **overrides[key]}
    settings.setdict(overrides, priority="cmdline")
    return settings


class CrawlArgumentError(ComplaintsError):
    """A crawl argument that cannot work (e.g. a --base-url that is not http(s)://host)."""


def check_base_url(url: str | None) -> None:
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CrawlArgumentError(f"--base-url must look like http://host[:port], not {url!r}")


def prepare_jobdir(jobdir: str | None) -> bool:
    """Create JOBDIR; return True when the previous run there did not finish."""
    if not jobdir:
        return False
    path = Path(jobdir)
    path.mkdir(parents=True, exist_ok=True)
    # Queued requests are pickled in here with what the listings said (post text before
    # masking): readable by their owner only.
    path.chmod(0o700)
    marker = path / MARKER
    if not marker.exists():
        return False
    try:
        status = json.loads(marker.read_text()).get("status")
    except (OSError, ValueError):
        status = "running"  # a marker cut off mid-write: the run was killed
    if status == "running":
        _clear_scrapy_state(path)
        return True
    return status == "paused"


def _clear_scrapy_state(path: Path) -> None:
    for name in SCRAPY_STATE:
        target = path / name
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        elif target.exists():
            target.unlink()


def _write_marker(jobdir: str | None, status: str, **extra: Any) -> None:
    if not jobdir:
        return
    path = Path(jobdir) / MARKER
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"status": status, "pid": os.getpid(), **extra}, default=str))
    os.replace(tmp, path)  # atomic: a kill never leaves half a marker


def crawl_in_process(source: str, db_url: str | None = None, *, base_url: str | None = None,
                     company: list[str] | tuple[str, ...] = (), keyword: list[str] | tuple[str, ...] = (),
                     since: datetime | None = None, max_pages: int | None = None, jobdir: str | None = None,
                     pipelines: bool = True, settings: dict[str, Any] | None = None,
                     sources_file: str | None = None, mode: str | None = None) -> RunResult:
    from scrapy.crawler import CrawlerProcess

    from pipeline.store import resolve_url

    db_url = resolve_url(db_url)  # the spider (known posts) and the store pipeline share it
    cfg = load_config(source, Path(sources_file) if sources_file else None)
    if company or keyword:  # asked for something specific: only that, not sources.yaml too
        cfg.companies, cfg.keywords = list(company), list(keyword)
        if mode is None and cfg.mode == "feed":   # --company/--keyword mean the company lists
            cfg.mode = "company" if source == "heimao" else "merchant"
    if mode:
        cfg.mode = mode
    resumed = prepare_jobdir(jobdir)
    process = CrawlerProcess(build_settings(cfg, db_url, base_url, pipelines=pipelines, jobdir=jobdir,
                                            overrides=settings))
    crawler = process.create_crawler(spider_class(source))
    _write_marker(jobdir, "running")
    process.crawl(crawler, config=cfg, base_url=base_url or "", since=since, max_pages=max_pages,
                  resume=resumed, db_url=db_url)
    process.start()
    stats = dict(crawler.stats.get_stats())
    reason = str(stats.get("finish_reason", "unknown"))
    spider = crawler.spider
    verdict = getattr(spider, "verdict", None) or judge(stats, reason)
    if reason == "finished":
        _write_marker(jobdir, "done")
        if jobdir:
            _clear_scrapy_state(Path(jobdir))
    else:
        _write_marker(jobdir, "paused", reason=reason)
    return RunResult(
        source=source,
        exit_code=verdict.exit_code,
        healthy=verdict.healthy,
        finish_reason=verdict.finish_reason,
        run_id=stats.get("complaints/run_id"),
        pages=verdict.pages,
        items=int(stats.get("item_scraped_count", 0)),
        new=int(stats.get("complaints/new", 0)),
        updated=int(stats.get("complaints/updated", 0)),
        failed=verdict.failed,
        dropped=int(stats.get("complaints/dropped", 0)),
        resumed=resumed,
        problems=verdict.problems,
        stats={k: v for k, v in stats.items() if isinstance(v, (int, float, str))},
    )


def _child_args(source: str, db_url: str | None, **kw: Any) -> str:
    kw = {k: v for k, v in kw.items() if v not in (None, (), [])}
    if isinstance(kw.get("since"), datetime):
        kw["since"] = kw["since"].isoformat()
    for k in ("company", "keyword"):
        if k in kw:
            kw[k] = list(kw[k])
    return json.dumps({"source": source, "db_url": db_url, **kw}, ensure_ascii=False)


def prepare_store(db_url: str | None) -> None:
    """Create or migrate the database before the child starts: the child then only opens
    it (Alembic costs the child nothing), and a bad URL fails here with a clear error."""
    from pipeline.store import Store

    store = Store(db_url, create=True)
    try:
        store.init()
    finally:
        store.close()


def start_crawl(source: str, db_url: str | None = None, *, log_file: str | None = None,
                pass_fds: tuple[int, ...] = (), **kw: Any) -> subprocess.Popen:
    """Start a crawl in a child process (tests kill it to check resuming).

    `pass_fds`: descriptors the child keeps open, e.g. the update lock, so that the lock
    is held until the child has ended too.
    """
    prepare_store(db_url)
    err = open(log_file, "ab") if log_file else None  # None: the child's log goes to our stderr
    env = {**os.environ, CHILD_ARGS_ENV: _child_args(source, db_url, **kw)}
    return subprocess.Popen([sys.executable, "-m", "crawler.run"], stdout=subprocess.PIPE, stderr=err, env=env,
                            pass_fds=pass_fds, preexec_fn=_die_with(os.getpid()))


def _die_with(parent: int) -> Any:
    """A preexec_fn: in the child, ask Linux for SIGTERM when the parent dies (SIGTERM
    lets Scrapy stop gracefully: the run is recorded and JOBDIR kept for resuming)."""
    if not sys.platform.startswith("linux"):
        return None

    def prepare() -> None:
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody would signal us
            os._exit(EXIT_INTERRUPTED)

    return prepare


def run_crawl(source: str, db_url: str | None = None, *, base_url: str | None = None,
              company: list[str] | tuple[str, ...] = (), keyword: list[str] | tuple[str, ...] = (),
              since: datetime | None = None, max_pages: int | None = None, jobdir: str | None = None,
              pipelines: bool = True, settings: dict[str, Any] | None = None, sources_file: str | None = None,
              log_file: str | None = None, timeout: float | None = None, mode: str | None = None,
              pass_fds: tuple[int, ...] = ()) -> RunResult:
    """Crawl in a child process and return its result (see module doc). The database is
    created or migrated first (`prepare_store`)."""
    proc = start_crawl(source, db_url, log_file=log_file, base_url=base_url, company=company, keyword=keyword,
                       since=since, max_pages=max_pages, jobdir=jobdir, pipelines=pipelines, settings=settings,
                       sources_file=sources_file, mode=mode, pass_fds=pass_fds)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except KeyboardInterrupt:
        # Ctrl-C reached the child too: Scrapy stops gracefully, keeps JOBDIR, and still
        # records the run; wait for it instead of leaving an orphan.
        out, _ = proc.communicate()
    return result_from_output(source, out.decode("utf-8", "replace"), proc.returncode)


def result_from_output(source: str, out: str, returncode: int | None) -> RunResult:
    for line in reversed(out.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return RunResult(**json.loads(line[len(RESULT_PREFIX):]))
    if returncode is not None and returncode < 0:
        # Killed by a signal (returncode -9): the documented "interrupted", not 256-9 = 247.
        return RunResult(source=source, exit_code=EXIT_INTERRUPTED, healthy=False,
                         finish_reason=f"crawler process killed by signal {-returncode}")
    return RunResult(source=source, exit_code=returncode or EXIT_INTERRUPTED, healthy=False,
                     finish_reason=f"crawler process ended with code {returncode}")


def main(argv: list[str] | None = None) -> int:
    """The child: arguments from $COMPLAINTS_CRAWL_ARGS (or argv, for a manual run)."""
    argv = argv if argv is not None else sys.argv[1:]
    # Taken out of the environment at once: nothing this process starts inherits them.
    args = json.loads(argv[0] if argv else os.environ.pop(CHILD_ARGS_ENV))
    if args.get("since"):
        args["since"] = datetime.fromisoformat(args["since"])
    result = crawl_in_process(args.pop("source"), args.pop("db_url", None), **args)
    sys.stdout.write(RESULT_PREFIX + json.dumps(asdict(result), ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())

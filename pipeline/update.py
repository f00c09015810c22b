"""`complaints update`: the scheduled job. Crawl every enabled source, tag, publish.

Made to run from cron or a systemd timer every hour (deploy/, docs/operations.md):
- one summary line per source (or one JSON object per line with --json-log);
- exit code 0 when every source was healthy, 2 when any was not (the scheduler's
  alerting keys on it), 1 for an expected error (bad sources.yaml, no database),
  75 (EX_TEMPFAIL) when another update still runs;
- a lock file: an overlapping run stops at once with a clear message. The lock is an
  fcntl.flock, which the kernel releases when its holder dies, so the lock of a killed
  run is taken over by the next one, never waited on; the pid written inside says who
  holds it (and whose stale lock was taken over).

Crawling needs Scrapy, which pipeline/ never imports: the caller passes the crawl
function (`crawler.run.run_crawl`, which runs each crawl in a child process).
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from pipeline import health as health_mod
from pipeline import notify, settings
from pipeline.errors import ComplaintsError
from pipeline.models import now_cst
from pipeline.sources import backoff_minutes, enabled_sources, load_sources

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_UNHEALTHY = 2
EXIT_LOCKED = 75  # EX_TEMPFAIL from sysexits.h: "try again later"

CrawlFn = Callable[..., Any]   # (source, db_url, *, base_url=, sources_file=) -> RunResult-like


class LockBusy(ComplaintsError):
    """Another `complaints update` holds the lock."""


# -- the lock --------------------------------------------------------------------------------


default_lock_path = settings.lock_path  # $COMPLAINTS_LOCK, else beside the SQLite file


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


class UpdateLock:
    """flock on a file holding `{"pid": ..., "started": ...}` of the holder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file: IO[str] | None = None
        self.stale_pid: int | None = None   # a dead holder whose lock we took over

    def acquire(self) -> "UpdateLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+", encoding="utf-8")  # a+: never truncate the holder's pid
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = read_holder(self.path)
            f.close()
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise LockBusy(f"cannot lock {self.path}: {e.strerror}") from e
            raise LockBusy(_busy_message(self.path, holder)) from e
        previous = read_holder(self.path)
        pid = previous.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and not previous.get("released"):
            self.stale_pid = pid  # it held the lock and died without releasing it
        f.seek(0)
        f.truncate()
        f.write(json.dumps({"pid": os.getpid(), "started": datetime.now().isoformat(timespec="seconds")}) + "\n")
        f.flush()
        self.file = f
        return self

    def release(self) -> None:
        if self.file is None:
            return
        # Mark the release before unlocking: a later run then knows the lock was not stale.
        self.file.seek(0)
        self.file.truncate()
        self.file.write(json.dumps({"pid": os.getpid(), "released": True}) + "\n")
        self.file.flush()
        fcntl.flock(self.file.fileno(), fcntl.LOCK_UN)
        self.file.close()
        self.file = None

    def __enter__(self) -> "UpdateLock":
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()


def read_holder(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8").strip() or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _busy_message(path: Path, holder: dict[str, Any]) -> str:
    pid = holder.get("pid")
    since = f" since {holder['started']}" if holder.get("started") else ""
    who = f"pid {pid}{since}" if pid else "another process"
    if isinstance(pid, int) and not pid_alive(pid):
        # flock is still held, so some process has the file open: a child that inherited it.
        who = f"a process that outlived pid {pid}{since}"
    return f"another `complaints update` is running ({who}; lock {path}); this run stops now"


# -- the run ---------------------------------------------------------------------------------


@dataclass
class SourceSummary:
    source: str
    healthy: bool
    exit_code: int
    finish_reason: str
    run_id: int | None = None
    pages: int = 0
    items: int = 0
    new: int = 0
    updated: int = 0
    failed: int = 0
    baseline: float | None = None
    flags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        state = "ok" if self.healthy else "UNHEALTHY"
        usual = f" (usual {self.baseline:g})" if self.baseline is not None else ""
        text = (f"{self.source}: {state}, {self.pages} pages, {self.items} entries{usual}, {self.new} new, "
                f"{self.updated} updated, {self.failed} failed; {self.finish_reason}, {self.seconds:.1f} s")
        if self.flags:
            text += " [" + ", ".join(self.flags) + "]"
        return text


@dataclass
class UpdateReport:
    sources: list[SourceSummary] = field(default_factory=list)
    tagged: int = 0
    published: str | None = None
    notified: int = 0
    exit_code: int = EXIT_OK


class Log:
    """Human lines, or one JSON object per line (--json-log) for log collectors."""

    def __init__(self, json_lines: bool = False, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        self.json_lines = json_lines
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def event(self, event: str, text: str, *, error: bool = False, **data: Any) -> None:
        if self.json_lines:
            record = {"ts": datetime.now().isoformat(timespec="seconds"), "event": event,
                      "level": "error" if error else "info", "message": text, **data}
            self.out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            self.out.flush()
        else:
            stream = self.err if error else self.out
            stream.write(text + "\n")
            stream.flush()


def run_update(store: Any, crawl: CrawlFn, *, sources_file: str | Path | None = None,
               only: Sequence[str] = (), base_url: str | None = None, snapshot_root: str | Path | None = None,
               webhook: str | None = None, log: Log | None = None, tag: bool = True,
               publish: bool = True, thresholds: health_mod.Thresholds = health_mod.Thresholds(),
               log_dir: str | Path | None = None) -> UpdateReport:
    """Crawl, judge, tag, publish, notify. The caller holds the lock."""
    log = log or Log()
    report = UpdateReport()
    names = enabled_sources(sources_file)
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise ComplaintsError(f"not an enabled source in sources.yaml: {', '.join(unknown)}")
        names = [n for n in names if n in only]
    for name in names:
        waiting = backing_off(store, name, backoff_minutes(name, sources_file))
        if waiting is not None:
            summary = SourceSummary(name, True, EXIT_OK, f"backing off after risk control until {waiting:%H:%M} CST",
                                    flags=["backoff"])
            report.sources.append(summary)
            log.event("source", summary.line(), **asdict(summary))
            continue
        summary = crawl_source(store, crawl, name, sources_file=sources_file, base_url=base_url, th=thresholds,
                               log_dir=log_dir)
        report.sources.append(summary)
        log.event("source", summary.line(), **asdict(summary))
        if name == "heimao" and summary.finish_reason != "risk_control" and totals_due(store, name, sources_file):
            totals = crawl_source(store, crawl, name, sources_file=sources_file, base_url=base_url, th=thresholds,
                                  log_dir=log_dir, mode="totals")
            totals.source = f"{name} totals"
            report.sources.append(totals)
            log.event("source", totals.line(), **asdict(totals))
    if tag:
        report.tagged = tag_new(store)
        log.event("tag", f"tagged {report.tagged} posts", tagged=report.tagged)
    flagged = [s for s in report.sources if not s.healthy]
    if publish:
        report.published, surges = publish_snapshot(store, snapshot_root)
        log.event("publish", f"published snapshot {report.published} ({len(surges)} new surge weeks)",
                  version=report.published, new_surges=len(surges))
    else:
        surges = []
    report.notified = send_notifications(webhook, report.sources, surges, log)
    report.exit_code = EXIT_UNHEALTHY if flagged else EXIT_OK
    state = "all sources healthy" if not flagged else "unhealthy: " + ", ".join(s.source for s in flagged)
    log.event("done", f"update done: {state}", exit_code=report.exit_code, unhealthy=[s.source for s in flagged])
    return report


def backing_off(store: Any, name: str, minutes: int, now: datetime | None = None) -> datetime | None:
    """Until when to leave `name` alone: its newest run was stopped by the site's risk
    control less than `minutes` ago (retrying into a wall deepens the block). None: go."""
    runs = store.runs(name, limit=1)
    if not runs or runs[0].get("finish_reason") != "risk_control" or runs[0].get("finished_at") is None:
        return None
    until = runs[0]["finished_at"] + timedelta(minutes=minutes)
    return until if (now or now_cst()) < until else None


def totals_due(store: Any, name: str, sources_file: str | Path | None = None, now: datetime | None = None) -> bool:
    """One snapshot of the platform's totals a day (CST), for a source that has them."""
    section = next((s.section for s in load_sources(sources_file) if s.name == name), {})
    if section.get("totals_daily", True) is False:
        return False
    last = store.last_totals_at(name)
    return last is None or last.date() < (now or now_cst()).date()


def crawl_source(store: Any, crawl: CrawlFn, name: str, *, sources_file: str | Path | None = None,
                 base_url: str | None = None, th: health_mod.Thresholds = health_mod.Thresholds(),
                 log_dir: str | Path | None = None, mode: str | None = None) -> SourceSummary:
    """One source: crawl it (child process), then judge the run against its history.

    With `log_dir`, the crawl's own log goes to a file there (named in the summary of an
    unhealthy run), so a cron mail or the demo shows one line per source, not Scrapy's log.
    """
    t0 = time.monotonic()
    extra: dict[str, Any] = {}
    if log_dir is not None:
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        extra["log_file"] = str(Path(log_dir) / f"{name}{'-' + mode if mode else ''}-{time.strftime('%Y%m%dT%H%M%S')}.log")
    if mode:
        extra["mode"] = mode
    try:
        result = crawl(name, store.url, base_url=base_url,
                       sources_file=str(sources_file) if sources_file else None, **extra)
    except ComplaintsError as e:
        return SourceSummary(name, False, EXIT_ERROR, f"error: {e}", seconds=time.monotonic() - t0)
    summary = SourceSummary(
        source=name, healthy=bool(result.healthy), exit_code=int(result.exit_code),
        finish_reason=str(result.finish_reason), run_id=result.run_id, pages=int(result.pages),
        items=int(result.items), new=int(result.new), updated=int(result.updated), failed=int(result.failed),
        problems=list(result.problems or []), seconds=time.monotonic() - t0,
    )
    if summary.run_id is not None:
        verdict = health_mod.check_run(store, summary.run_id, th)
        summary.items, summary.baseline, summary.flags = verdict.items, verdict.baseline, verdict.flags
        summary.healthy = summary.healthy and verdict.healthy
        summary.problems += [r for r in verdict.reasons if r not in summary.problems]
    elif summary.healthy:  # a "healthy" crawl that recorded no run: it stored nothing
        summary.healthy, summary.flags = False, [health_mod.UNFINISHED]
    if not summary.healthy and "log_file" in extra:
        summary.problems.append(f"log: {extra['log_file']}")
    return summary


def tag_new(store: Any, batch_size: int = 2000) -> int:
    """Tag the posts that are new or were tagged by an older lexicon (pipeline/tag.py).
    An hourly increment is small: one process; a big backfill uses every core."""
    from pipeline.tag import default_tagger, tag_store

    tagger = default_tagger()
    workers = 1 if store.count_to_tag(tagger.version) < 5 * batch_size else None
    return tag_store(store, batch_size=batch_size, workers=workers, tagger=tagger).posts


def publish_snapshot(store: Any, root: str | Path | None) -> tuple[str, list[dict[str, Any]]]:
    """Publish; return the version and the recent surges the previous version did not have.

    The first snapshot announces nothing (every surge of history would be "new"), nor do
    surge weeks older than RECENT_WEEKS (a new lexicon can find surges in old weeks:
    that is research, not news)."""
    from pipeline import publish as pub
    from pipeline.trends import current_version

    root = Path(root) if root is not None else pub.default_root(store.url)
    previous = current_version(root)
    before = notify.read_surges(root, previous)
    result = pub.publish(store, root)
    if previous is None:
        return result.version, []
    after = notify.read_surges(root, result.version)
    return result.version, recent(notify.new_surges(before, after), settings.now_cst())


RECENT_WEEKS = 4


def recent(surges: list[dict[str, Any]], now: datetime, weeks: int = RECENT_WEEKS) -> list[dict[str, Any]]:
    cutoff = now - timedelta(weeks=weeks)
    out = []
    for s in surges:
        try:
            week = datetime.fromisoformat(str(s.get("week"))[:10])
        except ValueError:
            continue
        if week >= cutoff:
            out.append(s)
    return out


def send_notifications(url: str | None, sources: list[SourceSummary], surges: list[dict[str, Any]], log: Log) -> int:
    """Flagged runs always; new surges only when every crawl was healthy (a short or
    failed crawl makes counts look different without anything having happened)."""
    if not url:
        return 0
    messages = [notify.flagged_run_message({**asdict(s), "reasons": s.problems}) for s in sources if not s.healthy]
    if surges and any(not s.healthy for s in sources):
        log.event("notify", f"{len(surges)} new surge(s) not announced: a crawl of this run was flagged",
                  withheld=len(surges))
    elif surges:
        messages += [notify.surge_message(s) for s in surges]
    sent = 0
    for message in messages:
        delivery = notify.send(url, message)
        sent += delivery.ok
        if not delivery.ok:
            log.event("notify", f"webhook failed for {delivery.event}: {delivery.error}", error=True,
                      webhook_event=delivery.event, error_text=delivery.error)
    return sent

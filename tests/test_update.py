"""`complaints update`: the scheduled job, run as cron runs it (a real process), crawling the
local mirror over HTTP into a real SQLite file; its lock; the cron line and systemd units."""
from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import WebhookReceiver
from pipeline.update import EXIT_LOCKED, LockBusy, SourceSummary, UpdateLock, default_lock_path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
COMPLAINTS = [sys.executable, "-m", "pipeline"]


def complaints(*args: str, timeout: float = 180, env: dict | None = None) -> subprocess.CompletedProcess:
    """As cron runs it: a separate process."""
    return subprocess.run([*COMPLAINTS, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "COMPLAINTS_WEBHOOK": "", **(env or {})})


def complaints_here(*args: str):
    """In this process (fast) for the runs that crawl nothing; .returncode/.stdout/.stderr."""
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, list(args), env={"COMPLAINTS_WEBHOOK": ""})
    result.returncode = result.exit_code
    return result


def write_sources(path: Path, heimao: str | None = None, jutousu: str | None = None) -> Path:
    """A sources.yaml whose sections point at local mirrors (None = disabled)."""
    path.write_text(textwrap.dedent(f"""\
        contact_url: https://example.org/complaints-radar-tests
        heimao:
          enabled: {'true' if heimao else 'false'}
          base_url: {heimao or 'https://tousu.sina.com.cn'}
          max_pages: 2
          companies:
            - {{id: "5866754241", name: 功夫贷}}
        jutousu:
          enabled: {'true' if jutousu else 'false'}
          base_url: {jutousu or 'https://ts.21cn.com'}
          max_pages: 1
          merchants:
            - {{id: "2352", name: 钱站}}
        article:
          enabled: false
        """), encoding="utf-8")
    return path


# -- a full run against the mirror: one healthy source, one that only answers errors --------


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    from crawler.mirror import MirrorServer

    tmp = tmp_path_factory.mktemp("update")
    good = MirrorServer(port=0).start()
    # Every request answers 500, more times than the crawler retries: the source is down.
    down = MirrorServer(port=0, faults="500", fault_attempts=20).start()
    hook = WebhookReceiver(status=204)
    sources = write_sources(tmp / "sources.yaml", heimao=good.base_url, jutousu=down.base_url)
    db = f"sqlite:///{tmp / 'c.db'}"
    proc = complaints("--db", db, "update", "--sources", str(sources), "--snapshot-dir", str(tmp / "snap"),
                      "--webhook", hook.url)
    yield {"proc": proc, "db": db, "tmp": tmp, "sources": sources, "hook": hook, "good": good}
    good.stop()
    down.stop()
    hook.close()


def test_exit_code_is_2_when_a_source_was_unhealthy(first_run):
    proc = first_run["proc"]
    assert proc.returncode == 2, proc.stdout + proc.stderr


def test_one_summary_line_per_source(first_run):
    lines = first_run["proc"].stdout.splitlines()
    heimao = [line for line in lines if line.startswith("heimao: ")]
    jutousu = [line for line in lines if line.startswith("jutousu: ")]
    assert len(heimao) == 1 and len(jutousu) == 1
    assert re.match(r"heimao: ok, \d+ pages, 20 entries, 20 new, 0 updated, 0 failed; finished", heimao[0])
    assert jutousu[0].startswith("jutousu: UNHEALTHY") and "errors" in jutousu[0]
    assert lines[-1] == "update done: unhealthy: jutousu"


def test_posts_were_tagged_published_and_runs_judged(first_run):
    from pipeline.store import Store
    from pipeline.trends import current_version

    store = Store(first_run["db"])
    assert store.count_posts() == 20
    posts = next(store.iter_frames("posts"))
    assert posts["tagged_version"].notna().all()   # every crawled post went through the tagger
    runs = {r["source"]: r for r in store.runs()}
    assert bool(runs["heimao"]["healthy"]) is True and bool(runs["jutousu"]["healthy"]) is False
    assert json.loads(runs["jutousu"]["stats"])["health"]["flags"] == ["errors", "retries"]
    assert current_version(first_run["tmp"] / "snap") is not None
    store.close()


def test_webhook_hears_of_the_flagged_run_only(first_run):
    events = [(m["event"], m.get("source")) for m in first_run["hook"].messages]
    assert events == [("flagged_run", "jutousu")]


def test_json_log_lines(capsys):
    from dataclasses import asdict

    from pipeline.update import Log

    log = Log(json_lines=True)
    s = SourceSummary("heimao", True, 0, "finished", run_id=3, pages=10, items=95, new=4, baseline=100.0)
    log.event("source", s.line(), **asdict(s))
    log.event("error", "error: boom", error=True)
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (first["event"], first["level"], first["source"], first["new"], first["baseline"]) == (
        "source", "info", "heimao", 4, 100.0)
    assert first["message"].startswith("heimao: ok, 10 pages, 95 entries (usual 100)")
    assert (second["event"], second["level"], second["message"]) == ("error", "error", "error: boom")


# -- bad input -----------------------------------------------------------------------------


def test_malformed_sources_yaml_names_the_line_and_crawls_nothing(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("heimao:\n  enabled: true\n  max_pages: [1\njutousu:\n  enabled: true\n", encoding="utf-8")
    proc = complaints_here("--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--sources", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:4: not valid YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_wrong_value_in_sources_yaml_names_its_line(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("heimao:\n  enabled: true\n  max_pages: lots\n", encoding="utf-8")
    proc = complaints_here("--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--sources", str(bad), "--json-log")
    assert proc.returncode == 1
    record = json.loads(proc.stdout.splitlines()[-1])
    assert record["event"] == "error" and f"{bad}:3: heimao.max_pages must be a whole number" in record["message"]


def test_database_down_is_one_line_and_exit_1(tmp_path):
    import socket

    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = complaints_here("--db", f"postgresql://postgres@127.0.0.1:{port}/complaints", "update",
                           "--sources", str(write_sources(tmp_path / "s.yaml")), "--lock", str(tmp_path / "l.lock"))
    assert proc.returncode == 1
    assert "error: cannot connect to postgresql" in proc.stderr and f"127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_source_not_enabled_is_refused(tmp_path):
    sources = write_sources(tmp_path / "s.yaml")
    proc = complaints_here("--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--sources", str(sources),
                      "--source", "heimao")
    assert proc.returncode == 1 and "not an enabled source in sources.yaml: heimao" in proc.stderr


# -- the lock ------------------------------------------------------------------------------

HOLD = "import sys, time; from pipeline.update import UpdateLock; lock = UpdateLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)"


def hold_lock(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_overlapping_run_stops_at_once_with_a_clear_message(tmp_path):
    lock = tmp_path / "update.lock"
    holder = hold_lock(lock)
    try:
        t0 = time.monotonic()
        proc = complaints_here("--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--lock", str(lock),
                          "--sources", str(write_sources(tmp_path / "s.yaml")))
        assert proc.returncode == EXIT_LOCKED
        assert time.monotonic() - t0 < 15          # it did not wait for the holder
        assert f"another `complaints update` is running (pid {holder.pid} since" in proc.stderr
        assert not (tmp_path / "c.db").exists()    # nothing was started
    finally:
        holder.kill()
        holder.wait()


def test_stale_lock_of_a_killed_run_is_taken_over(tmp_path):
    lock = tmp_path / "update.lock"
    holder = hold_lock(lock)
    holder.send_signal(signal.SIGKILL)   # like a run killed by the OOM killer or a reboot
    holder.wait()
    proc = complaints_here("--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--lock", str(lock), "--json-log",
                      "--sources", str(write_sources(tmp_path / "s.yaml")), "--snapshot-dir", str(tmp_path / "snap"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]   # --json-log: every line is JSON
    assert [r["event"] for r in records] == ["lock", "tag", "publish", "done"]
    assert records[0]["stale_pid"] == holder.pid and f"pid {holder.pid}" in records[0]["message"]
    assert records[-1]["exit_code"] == 0
    assert json.loads(lock.read_text())["released"] is True


def test_lock_in_process_busy_released_and_not_stale(tmp_path):
    path = tmp_path / "l.lock"
    with UpdateLock(path) as first:
        assert first.stale_pid is None
        with pytest.raises(LockBusy, match=f"pid {os.getpid()}"):
            UpdateLock(path).acquire()   # a second open file description: flock says busy
    again = UpdateLock(path).acquire()
    assert again.stale_pid is None       # released properly: not a stale takeover
    again.release()


def test_lock_file_with_garbage_is_taken(tmp_path):
    path = tmp_path / "l.lock"
    path.write_text("not json at all")
    lock = UpdateLock(path).acquire()
    assert lock.stale_pid is None and json.loads(path.read_text())["pid"] == os.getpid()
    lock.release()


def test_default_lock_path():
    assert default_lock_path("sqlite:////srv/data/c.db") == Path("/srv/data/complaints-update.lock")
    a, b = default_lock_path("postgresql://h/a"), default_lock_path("postgresql://h/b")
    assert a != b and a.name.startswith("complaints-update-")


def test_summary_line_format():
    s = SourceSummary("heimao", False, 2, "finished", run_id=3, pages=10, items=12, new=1, updated=2, failed=0,
                      baseline=100.0, flags=["few_items"], seconds=3.21)
    assert s.line() == ("heimao: UNHEALTHY, 10 pages, 12 entries (usual 100), 1 new, 2 updated, 0 failed; "
                        "finished, 3.2 s [few_items]")


# -- deploy/: the cron line and the systemd units ------------------------------------------

FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7))


def cron_field_values(text: str, lo: int, hi: int) -> set[int]:
    """One crontab(5) time field: *, N, A-B, */S, A-B/S and comma lists (numbers only)."""
    values: set[int] = set()
    for part in text.split(","):
        m = re.fullmatch(r"(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?", part)
        if not m:
            raise ValueError(f"bad cron field part {part!r}")
        start, end = (lo, hi) if m.group(1) == "*" else (int(m.group(2)), int(m.group(3) or m.group(2)))
        step = int(m.group(4) or 1)
        if not (lo <= start <= end <= hi) or step < 1:
            raise ValueError(f"{part!r} out of range {lo}-{hi}")
        values.update(range(start, end + 1, step))
    return values


def cron_entries(path: Path) -> list[tuple[list[set[int]], str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(None, 5)
        assert len(parts) == 6, f"not 5 time fields and a command: {line!r}"
        out.append(([cron_field_values(p, lo, hi) for p, (_, lo, hi) in zip(parts, FIELDS)], parts[5]))
    return out


def test_cron_parser_rejects_bad_fields():
    assert cron_field_values("*/15", 0, 59) == {0, 15, 30, 45}
    assert cron_field_values("1-5,7", 0, 7) == {1, 2, 3, 4, 5, 7}
    for bad in ("60", "*/0", "5-1", "x", ""):
        with pytest.raises(ValueError):
            cron_field_values(bad, 0, 59)


def test_crontab_line_runs_update_hourly():
    [(times, command)] = cron_entries(DEPLOY / "crontab")
    minute, hour, dom, month, dow = times
    assert len(minute) == 1 and hour == set(range(24)) and dom == set(range(1, 32))
    assert "complaints update" in command
    assert "%" not in command   # cron turns an unescaped % into a newline


def test_systemd_units_have_the_required_keys():
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.read(DEPLOY / "complaints-update.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].split()[-3:-1] == ["complaints", "update"] or \
        " update" in service["Service"]["ExecStart"]
    assert "75" in service["Service"]["SuccessExitStatus"].split()
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(DEPLOY / "complaints-update.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
    assert timer["Timer"]["Persistent"] == "true"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_units_verify_cleanly(tmp_path):
    """systemd's own parser; paths are pointed at this checkout (the unit names /opt/...)."""
    exe = shutil.which("complaints") or sys.executable
    text = (DEPLOY / "complaints-update.service").read_text()
    text = text.replace("/opt/complaints-radar/.venv/bin/complaints", exe).replace("/opt/complaints-radar", str(ROOT))
    text = re.sub(r"^(User|Group)=.*$", r"\1=root", text, flags=re.M)
    (tmp_path / "complaints-update.service").write_text(text)
    shutil.copy(DEPLOY / "complaints-update.timer", tmp_path)
    proc = subprocess.run(["systemd-analyze", "verify", "complaints-update.timer", "complaints-update.service"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr   # unknown keys only warn
    calendar = configparser.ConfigParser(strict=False, interpolation=None)
    calendar.read(tmp_path / "complaints-update.timer")
    cal = subprocess.run(["systemd-analyze", "calendar", calendar["Timer"]["OnCalendar"]], capture_output=True,
                         text=True, timeout=30)
    assert cal.returncode == 0 and "*-*-* *:00:00" in cal.stdout


# -- notifications from an update ----------------------------------------------------------


def test_surges_are_withheld_when_a_crawl_was_flagged_and_sent_otherwise():
    from pipeline.update import Log, send_notifications

    hook = WebhookReceiver(status=204)
    try:
        ok = SourceSummary("heimao", True, 0, "finished")
        bad = SourceSummary("jutousu", False, 2, "finished", flags=["few_items"], problems=["3 entries, usual is 90"])
        surge = {"lender": "功夫贷", "theme": "暴力催收", "week": "2026-11-23", "posts": 31, "baseline": 4}
        log = Log(json_lines=True)
        assert send_notifications(hook.url, [ok, bad], [surge], log) == 1
        assert [m["event"] for m in hook.messages] == ["flagged_run"]
        assert hook.messages[0]["reasons"] == ["3 entries, usual is 90"]
        hook.messages.clear()
        assert send_notifications(hook.url, [ok], [surge], log) == 1
        assert [(m["event"], m["lender"]) for m in hook.messages] == [("new_surge", "功夫贷")]
        assert send_notifications(None, [bad], [surge], log) == 0   # no URL: nothing sent
    finally:
        hook.close()


def test_only_recent_surge_weeks_are_news():
    from datetime import datetime

    from pipeline.update import recent

    now = datetime(2026, 11, 29, 9)
    surges = [{"week": "2026-11-23"}, {"week": "2026-10-26 00:00:00"}, {"week": "2019-01-07"}, {"week": "bad"}]
    assert [s["week"] for s in recent(surges, now)] == ["2026-11-23"]
    assert len(recent(surges, now, weeks=6)) == 2


# -- pipeline/sources.py: the whole sources.yaml checked up front -----------------------------


def test_enabled_sources_in_file_order(tmp_path):
    from pipeline.sources import enabled_sources

    assert enabled_sources(write_sources(tmp_path / "s.yaml", jutousu="http://127.0.0.1:1")) == ["jutousu"]
    both = write_sources(tmp_path / "b.yaml", heimao="http://127.0.0.1:1", jutousu="http://127.0.0.1:1")
    assert enabled_sources(both) == ["heimao", "jutousu"]
    from pipeline.sources import KNOWN, load_sources

    shipped = load_sources()   # the shipped data/sources.yaml passes the check
    assert shipped and {s.name for s in shipped} <= set(KNOWN)


@pytest.mark.parametrize("text, message", [
    ("heimoa:\n  enabled: true\n", ":1: unknown section 'heimoa'"),          # a typo must not disable a source
    ("heimao: [1, 2]\n", ":1: section 'heimao' must be a mapping"),
    ("heimao:\n  companies: 5866754241\n", ":2: heimao.companies must be a list"),
    ("heimao:\n  base_url: tousu.sina.com.cn\n", ":2: heimao.base_url must be an http:// or https:// URL"),
    ("heimao:\n  enabled: true\n\tmax_pages: 3\n", ":3: not valid YAML"),
    ("", "the file is empty"),
])
def test_bad_sources_yaml_is_refused_with_its_line(tmp_path, text, message):
    from pipeline.sources import SourcesError, load_sources

    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as e:
        load_sources(path)
    assert str(e.value).startswith(str(path)) and message in str(e.value)


def test_missing_sources_file(tmp_path):
    from pipeline.sources import SourcesError, load_sources

    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")


# -- hardening (issue 13.9): killing update by its PID -------------------------------------


def _children(pid: int) -> list[int]:
    try:
        return [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killing_update_stops_its_crawl_and_the_lock_covers_it(tmp_path):
    from crawler.mirror import MirrorServer

    lock = tmp_path / "update.lock"
    with MirrorServer(port=0, delay=0.3) as slow:
        sources = write_sources(tmp_path / "s.yaml", heimao=slow.base_url)
        proc = subprocess.Popen([*COMPLAINTS, "--db", f"sqlite:///{tmp_path / 'c.db'}", "update", "--lock", str(lock),
                                 "--sources", str(sources), "--snapshot-dir", str(tmp_path / "snap")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + 60
        child = None
        while child is None and time.monotonic() < deadline:
            child = next((k for k in _children(proc.pid)
                          if b"crawler.run" in Path(f"/proc/{k}/cmdline").read_bytes()), None)
            time.sleep(0.05)
        assert child, "update started no crawl"
        time.sleep(1.0)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        try:
            # Until the crawl has stopped, no other update may start; once it has, one may.
            deadline = time.monotonic() + 30
            while True:
                assert time.monotonic() < deadline, "the crawl outlived its update, or the lock was never freed"
                try:
                    taken = UpdateLock(lock).acquire()
                except LockBusy as e:
                    assert "outlived" in str(e)
                    time.sleep(0.1)
                    continue
                assert not _alive(child), "the lock was free while the crawl still ran"
                assert taken.stale_pid == proc.pid
                taken.release()
                break
        finally:
            if _alive(child):
                os.kill(child, signal.SIGKILL)

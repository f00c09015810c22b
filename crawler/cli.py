"""The crawler's verbs of the `complaints` command: mirror, crawl, demo, update.

Registered into `pipeline.cli.main` through the `complaints_radar.commands` entry point, so
the pipeline never imports the crawler (dependencies point one way). `demo` and `update`
live here because they are the orchestration that wires the crawler to the pipeline's
stages; the pipeline's side of each (pipeline/update.py) takes the crawl as a function.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import click

from pipeline import settings
from pipeline.cli import Ctx, expected_errors, pass_ctx
from pipeline.sources import KNOWN, MODES


def register(group: click.Group) -> None:
    """Add this stage's verbs to the `complaints` group."""
    for command in (mirror, crawl, check_source, demo, update):
        group.add_command(command)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="HTTP port (0: any free port).")
@click.option("--faults", default=None, metavar="SPEC",
              help='Inject faults, e.g. "500:0.05,429:0.05,timeout:0.02,truncated:0.03,badjson:0.03,login,gbk".')
@click.option("--fault-seed", type=int, default=0, show_default=True, help="Seed deciding which URLs get faults.")
@click.option("--fault-sleep", type=click.FloatRange(min=0), default=3.0, show_default=True,
              help="Seconds a 'timeout' fault holds the answer.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Seconds added to every answer.")
@click.option("--epoch", type=click.IntRange(min=0), default=0, show_default=True,
              help="Start with open complaints advanced this many statuses (/_mirror/advance adds one).")
@click.option("--allow-unsigned", is_flag=True, help="Accept the 2019 unsigned form of the 黑猫 company API.")
@click.option("--era", type=click.Choice(["2025", "2026"]), default="2026", show_default=True,
              help="2026: 黑猫 as in late 2026 (company lists and search need a login, feed depth 50 pages, "
                   "detail pages need their sld); 2025: the site before.")
@click.option("--rate-limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Answer HTTP 456 to a client above N requests a minute (the site's risk control).")
def mirror(host: str, port: int, faults: str | None, fault_seed: int, fault_sleep: float, delay: float,
           epoch: int, allow_unsigned: bool, era: str = "2026", rate_limit: int | None = None) -> None:
    """Serve the synthetic demo corpus in the platforms' formats (foreground; Ctrl-C stops)."""
    from crawler.mirror import FaultSpecError, MirrorServer

    try:
        server = MirrorServer(host=host, port=port, faults=faults, delay=delay, epoch=epoch,
                              allow_unsigned=allow_unsigned, fault_seed=fault_seed, fault_sleep=fault_sleep,
                              era=era, rate_limit=rate_limit)
    except FaultSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"mirror (synthetic demo data) on {server.base_url}  era={era}  faults={faults or 'none'}  delay={delay}s")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


@click.command()
@click.argument("source", type=click.Choice(KNOWN))
@click.option("--company", multiple=True, metavar="ID", help="黑猫 couid or 聚投诉 merchant id (repeatable); default: data/sources.yaml.")
@click.option("--keyword", multiple=True, metavar="KW", help="Search keyword (repeatable; 黑猫 search needs $COMPLAINTS_HEIMAO_COOKIE).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%d %H:%M"]), default=None, help="Only posts published since DATE (CST).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Listing pages per company/keyword.")
@click.option("--mode", type=click.Choice(["feed", "company", "totals", "merchant"]), default=None,
              help="heimao: feed (anonymous, default in sources.yaml), company (needs $COMPLAINTS_HEIMAO_COOKIE), "
                   "totals (the platform's counts per registry lender); jutousu: feed or merchant.")
@click.option("--base-url", default=None, metavar="URL", help="Replace the site's scheme and host (e.g. the local mirror).")
@click.option("--jobdir", type=click.Path(file_okay=False), default=None, help="Keep crawl state here; re-run with the same DIR to resume.")
@click.option("--redis", "redis_url", default=None, metavar="URL", envvar=settings.REDIS.env,
              help="Be one worker of a distributed crawl sharing this Redis scheduler and dupefilter (scrapy-redis). "
                   "A URL with a password is better given as $COMPLAINTS_REDIS (argv is visible to every local user).")
@click.option("--redis-key", default=None, metavar="PREFIX", help="Redis key prefix of the shared crawl (default complaints:SOURCE).")
@pass_ctx
@expected_errors
def crawl(ctx: Ctx, source: str, company: tuple[str, ...], keyword: tuple[str, ...], since: Any, max_pages: int | None,
          base_url: str | None, jobdir: str | None, redis_url: str | None = None, redis_key: str | None = None,
          mode: str | None = None) -> None:
    """Crawl SOURCE (heimao, jutousu, article) into the database.

    Exit code: 0 healthy; 2 requests failed or answers were unparseable (or the signature
    was rejected); 3 a login wall; 4 the source answered no entries; 5 the crawl was
    interrupted; 6 the site's risk control blocked us (wait before trying again). Every run
    is recorded.
    """
    from crawler.run import check_base_url, run_crawl
    from crawler.sources import load_config
    from pipeline.store import resolve_url

    load_config(source)  # a broken sources.yaml fails here, in one line
    check_base_url(base_url)
    from crawler.distributed import worker_settings

    redis = worker_settings(source, redis_url, redis_key, jobdir)  # None without --redis; Redis down fails here
    db_url = resolve_url(ctx.db)
    result = run_crawl(source, db_url, base_url=base_url, company=company, keyword=keyword, since=since,
                       max_pages=max_pages, jobdir=jobdir, settings=redis, mode=mode)
    click.echo(
        f"{source}: {result.pages} pages, {result.items} posts ({result.new} new, {result.updated} updated), "
        f"{result.failed} failed, {result.dropped} dropped; {result.finish_reason}"
        + (" (resumed)" if result.resumed else "")
    )
    for problem in result.problems:
        click.echo(f"  problem: {problem}", err=True)
    sys.exit(result.exit_code)


@click.command("check-source")
@click.argument("source", type=click.Choice(sorted(MODES)))
@click.option("--base-url", default=None, metavar="URL", help="Check this host instead of the real site (the local mirror).")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False), default=None,
              help="Sources file. Default: data/sources.yaml.")
@expected_errors
def check_source(source: str, base_url: str | None, sources_file: str | None) -> None:
    """Fetch one page of each mode of SOURCE and say what works: ok, login wall, risk
    control, signature rejected, layout changed. Exit 0 when the mode sources.yaml
    schedules works, 2 when it does not."""
    from crawler.check_source import check_source as run_checks, configured_mode_works
    from crawler.run import check_base_url

    check_base_url(base_url)
    checks = run_checks(source, base_url, sources_file)
    for c in checks:
        click.echo(c.line(source))
    sys.exit(0 if configured_mode_works(source, checks, sources_file) else 2)


@click.command()
@click.option("--no-dashboard", is_flag=True, help="Stop after building (for scripts and tests).")
@click.option("--rebuild", is_flag=True, help="Crawl, tag and publish again even if the demo is built.")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Dashboard port.")
@pass_ctx
@expected_errors
def demo(ctx: Ctx, no_dashboard: bool, rebuild: bool, port: int) -> None:
    """Build the demo from the bundled SYNTHETIC corpus and open the dashboard.

    Starts the local mirror, crawls it with the real spiders, tags, publishes; a second
    run reuses what is built.
    """
    from crawler import demo as demo_mod
    from pipeline import publish as pub

    store = ctx.store(create=True, check=False)
    store.init()
    root = pub.default_root(store.url)
    report = demo_mod.build(store, root, rebuild=rebuild, say=click.echo)
    click.echo(f"demo ready: {report.posts} posts (synthetic), snapshot {report.snapshot} in {root}")
    if not no_dashboard:
        ctx_ = click.get_current_context()
        dashboard = ctx_.find_root().command.get_command(ctx_, "dashboard")  # registered by dashboard/
        if dashboard is None:
            raise click.ClickException("the dashboard is not installed; the demo is built, see `complaints stats`")
        ctx_.invoke(dashboard, port=port, address="127.0.0.1", snapshot_dir=root)



@click.command()
@click.option("--source", "only", multiple=True, metavar="NAME", help="Only these enabled sources (repeatable). Default: every enabled source.")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sources file. Default: data/sources.yaml.")
@click.option("--base-url", default=None, metavar="URL", help="Crawl this host instead of the real sites (the local mirror).")
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Snapshot directory (default as for publish).")
@click.option("--lock", "lock_path", type=click.Path(dir_okay=False, path_type=Path), envvar="COMPLAINTS_LOCK", default=None,
              help="Lock file. Default: next to the SQLite file, else in the temp directory ($COMPLAINTS_LOCK).")
@click.option("--webhook", envvar="COMPLAINTS_WEBHOOK", default=None, metavar="URL",
              help="POST JSON about flagged runs and new surges here ($COMPLAINTS_WEBHOOK).")
@click.option("--json-log", is_flag=True, help="Log one JSON object per line instead of text lines.")
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where each crawl's full log goes. Default: logs/ beside the snapshot directory.")
@pass_ctx
def update(ctx: Ctx, only: tuple[str, ...], sources_file: Path | None, base_url: str | None, snapshot_dir: Path | None,
           lock_path: Path | None, webhook: str | None, json_log: bool, log_dir: Path | None) -> None:
    """Crawl every enabled source, tag, publish: the job for cron or a systemd timer.

    One summary line per source. Exit code: 0 every source healthy; 2 a source was
    unhealthy (flagged); 1 an error (bad sources.yaml, database); 75 another update is
    still running (this one stops at once; a dead run's lock is taken over).
    """
    from pipeline import update as up
    from pipeline.errors import EXPECTED
    from pipeline.store import resolve_url

    log = up.Log(json_lines=json_log)
    db_url = resolve_url(ctx.db)
    try:
        lock = up.UpdateLock(lock_path or up.default_lock_path(db_url)).acquire()
    except up.LockBusy as e:
        log.event("locked", str(e), error=True)
        sys.exit(up.EXIT_LOCKED)
    try:
        if lock.stale_pid is not None:
            log.event("lock", f"took over the stale lock of pid {lock.stale_pid} (not running any more)",
                      stale_pid=lock.stale_pid)
        from crawler.run import run_crawl

        # Each crawl child keeps the lock's file open: if this process is killed, the lock
        # is held until its crawl has stopped too (the child gets SIGTERM when we die).
        run_crawl = functools.partial(run_crawl, pass_fds=(lock.file.fileno(),))
        up.notify.webhook_url(webhook)  # a malformed URL fails before any crawling
        store = ctx.store(create=True, check=False)
        store.init()
        from pipeline import publish as pub

        logs = log_dir or settings.log_dir(snapshot_dir or pub.default_root(store.url))
        report = up.run_update(store, run_crawl, sources_file=sources_file, only=only, base_url=base_url,
                               snapshot_root=snapshot_dir, webhook=webhook, log=log, log_dir=logs)
    except EXPECTED as e:
        log.event("error", f"error: {e}", error=True)
        sys.exit(up.EXIT_ERROR)
    finally:
        lock.release()
    sys.exit(report.exit_code)

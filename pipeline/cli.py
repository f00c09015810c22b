"""The `complaints` command: one verb per stage, each calling one module.

Expected failures (bad input, unreachable database) are raised by the modules as their
own exceptions and turned into one-line `click.ClickException`s here, and only here.
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.store import Store


class Ctx:
    """What every verb shares: the database URL given by --db or $COMPLAINTS_DB."""

    def __init__(self, db: str | None) -> None:
        self.db = db

    def store(self, create: bool = False, check: bool = True) -> Store:
        store = Store(self.db, create=create)
        if check:
            store.check()
        return store


def expected_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's expected exceptions into a clear line and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pipeline.errors import EXPECTED

        try:
            return fn(*args, **kwargs)
        except EXPECTED as e:
            raise click.ClickException(str(e)) from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="COMPLAINTS_DB",
    default=None,
    metavar="URL",
    help="Database URL (sqlite:///path.db or postgresql://user@host/db). Default: data/complaints.db.",
)
@click.version_option(package_name="complaints-radar")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Complaints radar: crawl, tag and chart complaints about consumer lenders."""
    ctx.obj = Ctx(db)


pass_ctx = click.make_pass_decorator(Ctx)


@main.command()
@pass_ctx
@expected_errors
def init(ctx: Ctx) -> None:
    """Create the database or upgrade its schema (safe to repeat)."""
    store = ctx.store(create=True, check=False)
    store.init()
    click.echo(f"database ready: {store.engine.url.render_as_string(hide_password=True)}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@pass_ctx
@expected_errors
def stats(ctx: Ctx, as_json: bool) -> None:
    """Counts per source, lender and theme, and the last crawl of each source."""
    s = ctx.store().stats()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, default=str, indent=2))
        return
    click.echo(f"posts: {s['posts']} ({s['untagged']} not tagged yet)")
    if s["first_published"]:
        click.echo(f"published: {s['first_published']:%Y-%m-%d} .. {s['last_published']:%Y-%m-%d}")
    for title, key in (("sources", "by_source"), ("lenders", "by_lender"), ("themes", "by_theme")):
        if s[key]:
            click.echo(f"{title}:")
            for name, n in list(s[key].items())[:40]:
                click.echo(f"  {name}\t{n}")
    if s["last_crawl"]:
        click.echo("last crawl:")
        for source, when in s["last_crawl"].items():
            click.echo(f"  {source}\t{when}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Source name (stored as import:NAME). Default: the file's stem.")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD", help="Map a column to a post field.")
@click.option("--encoding", default=None, help="Force an encoding (default: detect UTF-8/BOM/GB18030).")
@click.option("--skip-bad", is_flag=True, help="Import the good rows even when some rows are bad.")
@pass_ctx
@expected_errors
def import_(ctx: Ctx, file: Path, source: str | None, mapping: tuple[str, ...], encoding: str | None, skip_bad: bool) -> None:
    """Import posts a newsroom collected itself, from CSV or JSONL.

    Every row is checked first; bad rows are reported with their line number and, unless
    --skip-bad is given, nothing is imported when any row is bad.
    """
    from pipeline import importer

    report = importer.read_file(file, source=source, mapping=importer.parse_mapping(mapping), encoding=encoding)
    for err in report.errors:
        click.echo(f"{file}:{err.line}: {err.reason}", err=True)
    if report.errors and not skip_bad:
        raise click.ClickException(
            f"{len(report.errors)} bad row(s) of {report.rows}; nothing imported (fix them or use --skip-bad)"
        )
    store = ctx.store()
    counts = store.upsert_posts(report.posts)
    click.echo(
        f"imported {len(report.posts)} of {report.rows} rows as source {report.source}: "
        f"{counts.new} new, {counts.updated} updated, {counts.unchanged} unchanged, {len(report.errors)} bad"
    )
    if report.errors:
        sys.exit(1)


# ---- verbs added by the other stages (keep each in its own block) -------------------------


@main.command()
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
    from pipeline import demo as demo_mod
    from pipeline import publish as pub

    store = ctx.store(create=True, check=False)
    store.init()
    root = pub.default_root(store.url)
    report = demo_mod.build(store, root, rebuild=rebuild, say=click.echo)
    click.echo(f"demo ready: {report.posts} posts (synthetic), snapshot {report.snapshot} in {root}")
    if not no_dashboard:
        click.get_current_context().invoke(dashboard, port=port, address="127.0.0.1", snapshot_dir=root)


# ---- export (pipeline/export.py) -------------------------------------------------------------


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "png", "svg", "pack"]), required=True,
              help="csv/parquet: a table (--data); xlsx: posts + series + about sheets; png/svg: the chart; "
                   "pack: ZIP evidence pack (chart, series, posts, permalink, README, SHA256SUMS).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="File to write; a directory when several --chart are given.")
@click.option("--data", "what", type=click.Choice(["posts", "series"]), default=None,
              help="Table for csv/parquet. Default: series when --chart is given, else posts.")
@click.option("--chart", "charts", multiple=True,
              help="Chart: over_time, heatmap, theme_mix, responses, sources, surge. Default: over_time. "
                   "Repeat for several charts (png/svg/pack) drawn with one chromium into the --output directory.")
@click.option("--opt", "opts", multiple=True, metavar="KEY=VALUE",
              help="Chart option, as in the dashboard: freq=day|week|month, measure=posts|themed|share (over_time); "
                   "value=share|posts (heatmap); lender=NAME (theme_mix); lender=, theme=, week=YYYY-MM-DD (surge).")
@click.option("--lender", "lenders", multiple=True, help="Only these lenders (repeatable).")
@click.option("--theme", "themes", multiple=True, help="Only posts with one of these themes (repeatable).")
@click.option("--source", "sources", multiple=True, help="Only these sources (repeatable).")
@click.option("--status", "statuses", multiple=True, help="Only these statuses (repeatable).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Published on or after (YYYY-MM-DD, CST).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Published on or before (YYYY-MM-DD, CST).")
@click.option("--query", "-q", default="", help="Search words, as on the Posts page (all required).")
@click.option("--min-cell", type=click.IntRange(0), default=0, show_default=True,
              help="Suppress series values from fewer than N posts (0 = off; 5 is the usual threshold).")
@click.option("--mask/--no-mask", default=True, show_default=True,
              help="Mask personal data in post text again on export (it is masked when stored and at publish).")
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Snapshot directory (default as for publish).")
@click.option("--dashboard-url", default="http://127.0.0.1:8501", show_default=True, envvar="COMPLAINTS_DASHBOARD_URL",
              help="Base URL of the dashboard, for the permalink.")
@click.option("--include-captures", is_flag=True,
              help="pack: also put the original captures (WARC records, personal data NOT masked) in the pack.")
@click.option("--evidence-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="pack: the evidence folder. Default: $COMPLAINTS_EVIDENCE, else evidence/ beside the SQLite file.")
@click.option("--tsa-url", envvar="COMPLAINTS_TSA_URL", default=None, metavar="URL",
              help="pack: get an RFC 3161 trusted timestamp of SHA256SUMS from this time-stamp authority "
                   "($COMPLAINTS_TSA_URL).")
@pass_ctx
@expected_errors
def export_(ctx: Ctx, fmt: str, output: Path, what: str | None, charts: tuple[str, ...], opts: tuple[str, ...],
            lenders: tuple[str, ...], themes: tuple[str, ...], sources: tuple[str, ...], statuses: tuple[str, ...],
            since: Any, until: Any, query: str, min_cell: int, mask: bool, snapshot_dir: Path | None,
            dashboard_url: str, include_captures: bool = False, evidence_dir: Path | None = None,
            tsa_url: str | None = None) -> None:
    """Export the filtered posts, a chart's numbers, the chart, or an evidence pack."""
    from pipeline import export
    from pipeline import publish as pub
    from pipeline.store import resolve_url
    from pipeline.trends import Filters, Snapshot

    if since and until and since > until:
        raise click.BadParameter("--since is after --until", param_hint="--since")
    f = Filters(start=since.date() if since else None, end=until.date() if until else None,
                lenders=tuple(dict.fromkeys(lenders)), themes=tuple(dict.fromkeys(themes)),
                sources=tuple(dict.fromkeys(sources)), statuses=tuple(dict.fromkeys(statuses)))
    what = what or ("series" if charts else "posts")
    charts = tuple(dict.fromkeys(charts)) or (export.DEFAULT_CHART,)
    requests = export.chart_requests(charts, export.parse_opts(opts), filters=f, query=query, mask=mask,
                                     min_cell=min_cell, dashboard_url=dashboard_url)
    if include_captures and fmt != "pack":
        raise click.BadParameter("only an evidence pack (--format pack) holds captures", param_hint="--include-captures")
    from pipeline import evidence as ev

    packer, store, stamp = None, None, None
    if fmt == "pack" and tsa_url:
        import functools

        stamp = functools.partial(ev.timestamp, tsa_url=tsa_url)
    if fmt == "pack":
        packer, store = ev.packer_for(ctx.db, evidence_dir, include_captures, warn=lambda m: click.echo(m, err=True))
    snap = Snapshot(snapshot_dir or pub.default_root(resolve_url(ctx.db)))
    try:
        export.check_values(snap, f)
        if len(requests) > 1:
            for path in export.export_many(snap, requests, fmt, output, evidence=packer, stamp=stamp):
                click.echo(f"wrote {path}" + (f" and {ev.write_checksum(path).name}" if fmt == "pack" else ""))
            return
        data = export.export_bytes(snap, requests[0], fmt, what, evidence=packer, stamp=stamp)
    finally:
        snap.close()
        if store is not None:
            store.close()
    path = export.write(output, data)
    extra = f"; checksum in {ev.write_checksum(path).name}" if fmt == "pack" else ""
    click.echo(f"wrote {path} ({len(data):,} bytes, {fmt}; {f.describe()}){extra}")


# ---- tag / classify / eval (pipeline/tag.py, pipeline/evaluate.py) ------------------------------


@main.command()
@click.option("--all", "everything", is_flag=True, help="Re-tag every post, not only new ones and those tagged by an older lexicon.")
@click.option("--batch", "batch_size", type=click.IntRange(1), default=2000, show_default=True, help="Posts per batch.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Tagging processes. Default: all cores.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@pass_ctx
@expected_errors
def tag(ctx: Ctx, everything: bool, batch_size: int, workers: int | None, quiet: bool) -> None:
    """Tag lenders and themes (with evidence) of new or stale posts in the database."""
    from pipeline import tag as tagging

    store = ctx.store()
    tagger = tagging.default_tagger()
    total = store.count_to_tag(tagger.version, everything)
    with click.progressbar(length=total, label="tagging", file=sys.stderr, show_pos=True) if not quiet and total else _nullbar() as bar:
        run = tagging.tag_store(store, everything=everything, batch_size=batch_size, workers=workers,
                                on_batch=bar.update, tagger=tagger)
    rate = run.posts / run.seconds if run.seconds else 0.0
    click.echo(f"tagged {run.posts} posts in {run.seconds:.1f}s ({rate:.0f}/s), lexicon {run.version}")


class _nullbar:
    def __enter__(self) -> "_nullbar":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@main.command()
@click.option("--input", "input_", type=click.File("r", encoding="utf-8"), default="-", show_default=True,
              help="JSONL with {\"id\", \"text\"[, \"target\"]} per line ('-' = stdin).")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True,
              help="JSONL with {\"id\", \"themes\", \"lenders\", \"evidence\"} per line ('-' = stdout).")
@expected_errors
def classify(input_: Any, output: Any) -> None:
    """Tag your own posts: one result line per input line.

    Bad lines (not JSON, no "text") are reported on stderr with their line number and
    skipped; the rest is still processed, and the exit code is 1 when any line was bad.
    """
    from pipeline.evaluate import classify as run
    from pipeline.tag import default_tagger

    tagger = default_tagger()
    written, bad = run(input_, output, tagger)
    output.flush()
    for b in bad:
        click.echo(f"line {b.line}: {b.reason}", err=True)
    click.echo(f"classified {written} posts with lexicon {tagger.version}"
               + (f", {len(bad)} bad line(s) skipped" if bad else ""), err=True)
    if bad:
        sys.exit(1)


@main.command("eval")
@click.argument("labels", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list each post where the tagger disagrees.")
@expected_errors
def eval_(labels: Any, as_json: bool, show_errors: bool) -> None:
    """Per-theme precision, recall and F1 against a labelled JSONL file ({"text", "themes"})."""
    from pipeline.evaluate import evaluate
    from pipeline.tag import default_tagger

    tagger = default_tagger()
    report = evaluate(labels, tagger)
    for b in report.bad:
        click.echo(f"line {b.line}: {b.reason}", err=True)
    if as_json:
        out = {**report.to_json(), "lexicon_version": tagger.version}
        if show_errors:
            out["errors"] = report.errors
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(report.table())
        click.echo(f"lexicon: {tagger.version}")
        if show_errors:
            for e in report.errors:
                click.echo(f"line {e['line']} {e['id'] or ''}: missed {e['missed']} extra {e['extra']} {e['evidence']}")
    if report.posts == 0:
        raise click.ClickException("no usable labelled lines")


# ---- mirror (crawler/mirror/) -----------------------------------------------------------------


@main.command()
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
def mirror(host: str, port: int, faults: str | None, fault_seed: int, fault_sleep: float, delay: float,
           epoch: int, allow_unsigned: bool) -> None:
    """Serve the synthetic demo corpus in the platforms' formats (foreground; Ctrl-C stops)."""
    from crawler.mirror import FaultSpecError, MirrorServer

    try:
        server = MirrorServer(host=host, port=port, faults=faults, delay=delay, epoch=epoch,
                              allow_unsigned=allow_unsigned, fault_seed=fault_seed, fault_sleep=fault_sleep)
    except FaultSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"mirror (synthetic demo data) on {server.base_url}  faults={faults or 'none'}  delay={delay}s")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


# ---- crawl (crawler/) -------------------------------------------------------------------------


@main.command()
@click.argument("source", type=click.Choice(["heimao", "jutousu", "article"]))
@click.option("--company", multiple=True, metavar="ID", help="黑猫 couid or 聚投诉 merchant id (repeatable); default: data/sources.yaml.")
@click.option("--keyword", multiple=True, metavar="KW", help="Search keyword (repeatable; 黑猫 search needs $COMPLAINTS_HEIMAO_COOKIE).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%d %H:%M"]), default=None, help="Only posts published since DATE (CST).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Listing pages per company/keyword.")
@click.option("--base-url", default=None, metavar="URL", help="Replace the site's scheme and host (e.g. the local mirror).")
@click.option("--jobdir", type=click.Path(file_okay=False), default=None, help="Keep crawl state here; re-run with the same DIR to resume.")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="Be one worker of a distributed crawl sharing this Redis scheduler and dupefilter (scrapy-redis).")
@click.option("--redis-key", default=None, metavar="PREFIX", help="Redis key prefix of the shared crawl (default complaints:SOURCE).")
@pass_ctx
@expected_errors
def crawl(ctx: Ctx, source: str, company: tuple[str, ...], keyword: tuple[str, ...], since: Any, max_pages: int | None,
          base_url: str | None, jobdir: str | None, redis_url: str | None = None, redis_key: str | None = None) -> None:
    """Crawl SOURCE (heimao, jutousu, article) into the database.

    Exit code: 0 healthy; 2 requests failed or answers were unparseable; 3 a login wall;
    4 the source answered no entries; 5 the crawl was interrupted. Every run is recorded.
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
                       max_pages=max_pages, jobdir=jobdir, settings=redis)
    click.echo(
        f"{source}: {result.pages} pages, {result.items} posts ({result.new} new, {result.updated} updated), "
        f"{result.failed} failed, {result.dropped} dropped; {result.finish_reason}"
        + (" (resumed)" if result.resumed else "")
    )
    for problem in result.problems:
        click.echo(f"  problem: {problem}", err=True)
    sys.exit(result.exit_code)


# ---- publish / dashboard (pipeline/publish.py, dashboard/) ----------------------------------


@main.command()
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where snapshots go. Default: $COMPLAINTS_SNAPSHOT, else snapshot/ next to the SQLite file.")
@click.option("--demo/--no-demo", "is_demo", default=None,
              help="Label the snapshot as synthetic demo data (default: detected from the posts).")
@click.option("--keep", type=click.IntRange(1, 100), default=2, show_default=True,
              help="Snapshot versions kept on disk (the dashboard may still read the previous one).")
@pass_ctx
@expected_errors
def publish(ctx: Ctx, snapshot_dir: Path | None, is_demo: bool | None, keep: int) -> None:
    """Write the Parquet snapshot the dashboard and exports read, and make it current."""
    from pipeline import publish as pub

    store = ctx.store()
    result = pub.publish(store, snapshot_dir or pub.default_root(store.url), is_demo=is_demo, keep=keep)
    click.echo(f"published {result.posts} posts as {result.version} in {result.path} "
               f"({result.seconds:.1f} s, {result.surges} surge weeks)")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="HTTP port.")
@click.option("--address", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Snapshot directory (default as for publish).")
@pass_ctx
@expected_errors
def dashboard(ctx: Ctx, port: int, address: str, snapshot_dir: Path | None) -> None:
    """Start the Streamlit dashboard over the published snapshot."""
    import os

    from pipeline import publish as pub
    from pipeline.store import resolve_url
    from pipeline.trends import current_version

    root = (snapshot_dir or pub.default_root(resolve_url(ctx.db))).resolve()
    if current_version(root) is None:
        click.echo(f"warning: no snapshot in {root} yet; run `complaints publish` (the dashboard will say so too)", err=True)
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    env = {**os.environ, "COMPLAINTS_SNAPSHOT": str(root)}
    if ctx.db:
        env["COMPLAINTS_DB"] = ctx.db
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    click.echo(f"dashboard on http://{address}:{port}/ (snapshot {root})")
    sys.stdout.flush()
    # Become the Streamlit server (exec, not a child): a supervisor's or a test's SIGTERM then
    # reaches the server itself instead of orphaning it.
    os.execve(sys.executable, cmd, env)


# ---- update (pipeline/update.py: the scheduled job) ------------------------------------------


@main.command()
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

        up.notify.webhook_url(webhook)  # a malformed URL fails before any crawling
        store = ctx.store(create=True, check=False)
        store.init()
        from pipeline import publish as pub

        logs = log_dir or (snapshot_dir or pub.default_root(store.url)).parent / "logs"
        report = up.run_update(store, run_crawl, sources_file=sources_file, only=only, base_url=base_url,
                               snapshot_root=snapshot_dir, webhook=webhook, log=log, log_dir=logs)
    except EXPECTED as e:
        log.event("error", f"error: {e}", error=True)
        sys.exit(up.EXIT_ERROR)
    finally:
        lock.release()
    sys.exit(report.exit_code)


# ---- verify (pipeline/evidence.py) -------------------------------------------------------------


@main.command()
@click.option("--evidence-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Evidence folder. Default: $COMPLAINTS_EVIDENCE, else evidence/ beside the SQLite file.")
@pass_ctx
@expected_errors
def verify(ctx: Ctx, evidence_dir: Path | None) -> None:
    """Re-hash every original capture against the collection log.

    Exit code 0 when every capture is intact; 2 when any is changed, unreadable or missing
    (each is listed); 1 when there is no collection log.
    """
    from pipeline import evidence
    from pipeline.store import resolve_url

    root = evidence_dir or evidence.evidence_dir(resolve_url(ctx.db))
    report = evidence.verify(root)
    for p in report.problems:
        click.echo(f"FAILED {evidence.LOG_NAME}:{p.line} {p.url}: {p.what}", err=True)
    state = "all intact" if report.ok else f"{len(report.problems)} problem(s)"
    click.echo(f"verified {report.checked} captures in {report.files} WARC file(s) under {root}: {state}")
    sys.exit(0 if report.ok else 2)

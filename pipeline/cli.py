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
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only by verbs that use it: classify starts faster
    from pipeline.store import Store


class Ctx:
    """What every verb shares: the database URL given by --db or $COMPLAINTS_DB."""

    def __init__(self, db: str | None) -> None:
        self.db = db

    def store(self, create: bool = False, check: bool = True) -> Store:
        from pipeline.store import Store

        store = Store(self.db, create=create)
        if check:
            store.check()
        return store

    def store_for_writing(self) -> Store:
        """The database, created with the current schema when it does not exist yet.

        A newsroom importing its first spreadsheet expects the database to appear (as
        sqlite-utils' `insert` does); only a database with an OLDER schema asks for
        `complaints init`, because upgrading someone's data should be a decision.
        """
        from pipeline.store import Store

        store = Store(self.db, create=True)
        if store.schema_revision() is None:
            store.init()
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


# Dependencies point one way (crawler -> pipeline, dashboard -> pipeline), so this module never
# imports the crawler or the dashboard. They add their own verbs (crawl, mirror, demo, update,
# dashboard) through the `complaints_radar.commands` entry points in pyproject.toml, the way
# sqlite-utils and datasette plugins register commands. They are loaded when the command line
# is parsed, not at import: crawler/cli.py imports this module to share Ctx and friends.
COMMANDS_GROUP = "complaints_radar.commands"


class StagesGroup(click.Group):
    """The `complaints` group: its own verbs plus those the other stages register."""

    _loaded = False

    def load_stages(self) -> None:
        if not self._loaded:
            self._loaded = True
            # here, not at the top: importlib.metadata (email, zipfile, ...) costs ~20 ms of a
            # `classify` start-up, and verbs of this module never load stages
            from importlib.metadata import entry_points

            for ep in entry_points(group=COMMANDS_GROUP):
                ep.load()(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_stages()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # A verb of this module needs no stage loaded: the crawler's and dashboard's imports
        # (pandas, pyarrow) cost ~0.5 s, a third of a `classify` run on a few thousand posts.
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        self.load_stages()
        return super().get_command(ctx, cmd_name)


@click.group(cls=StagesGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--min-date", type=click.DateTime(["%Y-%m-%d"]), default="2000-01-01", show_default=True,
              help="Rows published before this date are errors (a typo like 0001-01-01 would ruin every chart).")
@click.option("--max-date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Rows published after this date are errors. Default: tomorrow (CST).")
@pass_ctx
@expected_errors
def import_(ctx: Ctx, file: Path, source: str | None, mapping: tuple[str, ...], encoding: str | None, skip_bad: bool,
            min_date: Any, max_date: Any) -> None:
    """Import posts a newsroom collected itself, from CSV or JSONL.

    Every row is checked first; bad rows are reported with their line number and, unless
    --skip-bad is given, nothing is imported when any row is bad.
    """
    from pipeline import importer

    dates = importer.DateRange(min_date.date(), max_date.date() if max_date else None)
    report = importer.read_file(file, source=source, mapping=importer.parse_mapping(mapping), encoding=encoding,
                                dates=dates)
    if report.encoding.lower() not in {"utf-8", "utf-8-sig"}:
        click.echo(f"{file}: read as {report.encoding}", err=True)
    for err in report.errors:
        click.echo(f"{file}:{err.line}: {err.reason}", err=True)
    if report.errors and not skip_bad:
        raise click.ClickException(
            f"{len(report.errors)} bad row(s) of {report.rows}; nothing imported (fix them or use --skip-bad)"
        )
    store = ctx.store_for_writing()
    counts = store.upsert_posts(report.posts)
    click.echo(
        f"imported {len(report.posts)} of {report.rows} rows as source {report.source}: "
        f"{counts.new} new, {counts.updated} updated, {counts.unchanged} unchanged, {len(report.errors)} bad"
    )
    if counts.new or counts.updated:  # imported posts are linked to their copies like crawled ones
        from pipeline import dedupe

        run = dedupe.link_new_posts(store)
        click.echo(f"near-duplicates: {run.posts} posts compared, {run.regrouped} regrouped")
    if report.errors:
        sys.exit(1)


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget the index and the groups, and compare every post again "
              "(after a change of the near-duplicate parameters).")
@pass_ctx
@expected_errors
def dedupe(ctx: Ctx, rebuild: bool) -> None:
    """Link near-duplicate posts (runs after every crawl and import; new posts only)."""
    from pipeline import dedupe as dd

    run = dd.link_new_posts(ctx.store(), rebuild=rebuild)
    click.echo(f"near-duplicates: {run.posts} posts compared, {run.regrouped} regrouped in {run.seconds:.1f}s")


# ---- export (pipeline/export.py) -------------------------------------------------------------


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "png", "svg", "pack"]), required=True,
              help="csv/parquet: a table (--data); xlsx: posts + series + about sheets; png/svg: the chart; "
                   "pack: ZIP evidence pack (chart, series, posts, permalink, README, SHA256SUMS).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="File to write ('-': standard output); a directory when several --chart are given.")
@click.option("--data", "what", type=click.Choice(["posts", "series"]), default=None,
              help="Table for csv/parquet. Default: series when --chart is given, else posts.")
@click.option("--chart", "charts", multiple=True,
              help="Chart: over_time, heatmap, theme_mix, responses, sources, surge. Default: over_time. "
                   "Repeat for several charts (png/svg/pack) drawn with one chromium into the --output directory.")
@click.option("--opt", "opts", multiple=True, metavar="KEY=VALUE",
              help="Chart option, as in the dashboard: freq=day|week|month, measure=posts|themed|share (over_time); "
                   "value=share|posts (heatmap); lender=NAME (theme_mix); lender=, theme=, week=YYYY-MM-DD (surge).")
@click.option("--lender", "lenders", multiple=True,
              help="Only these lenders (repeatable): name or alias, e.g. 京东白条 or 京东金条.")
@click.option("--theme", "themes", multiple=True,
              help="Only posts with one of these themes (repeatable): key, Chinese or English name, "
                   "e.g. third_party_contact, 联系家人.")
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
@click.option("--dashboard-url", default=None, envvar="COMPLAINTS_PUBLIC_URL",
              help="Base URL of the dashboard, for the permalink. Default: $COMPLAINTS_PUBLIC_URL, else the local one.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of chart titles, axes and labels (data keys stay the same).")
@click.option("--size", type=click.Choice(["web", "print"]), default="web", show_default=True,
              help="Image size: web (1200x675, social cards) or print (2400x1500).")
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
            dashboard_url: str | None, lang: str, size: str, include_captures: bool = False,
            evidence_dir: Path | None = None, tsa_url: str | None = None) -> None:
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
    if include_captures and fmt != "pack":
        raise click.BadParameter("only an evidence pack (--format pack) holds captures", param_hint="--include-captures")
    from pipeline import evidence as ev

    packer, store, stamp = None, None, None
    if fmt == "pack":
        if tsa_url:
            stamp = functools.partial(ev.timestamp, tsa_url=tsa_url)
        packer, store = ev.packer_for(ctx.db, evidence_dir, include_captures, warn=lambda m: click.echo(m, err=True))
    snap = Snapshot(snapshot_dir or pub.default_root(resolve_url(ctx.db)))
    try:
        f = export.resolve_names(snap, f)  # 联系家人 -> third_party_contact, 京东金条 -> 京东白条
        requests = export.chart_requests(charts, export.resolve_opts(snap, export.parse_opts(opts)), filters=f, query=query, mask=mask,
                                         min_cell=min_cell, lang=lang, size=size,
                                         **({"dashboard_url": dashboard_url} if dashboard_url else {}))
        export.check_values(snap, f, requests)
        if len(requests) > 1:
            if str(output) == export.STDOUT:
                raise click.BadParameter("several charts go into a directory, not standard output", param_hint="--output")
            for path in export.export_many(snap, requests, fmt, output, evidence=packer, stamp=stamp):
                click.echo(f"wrote {path}" + (f" and {path.name}.sha256" if fmt == "pack" else ""))
            return
        path, size = export.export_file(snap, requests[0], fmt, output, what,  # streamed: any size
                                        evidence=packer, stamp=stamp)
    finally:
        snap.close()
        if store is not None:
            store.close()
    if fmt == "pack" and str(output) != export.STDOUT and path.is_file():
        click.echo(f"wrote {export.write_checksum_beside(path)}")
    # With -o - the export is standard output; the summary goes to standard error.
    shown = f"{size:,} bytes, " if size is not None else ""
    click.echo(f"wrote {path} ({shown}{fmt}; {f.describe()})", err=str(output) == export.STDOUT)


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
    _freeze_heap()
    written, bad = run(input_, output, tagger)
    output.flush()
    for b in bad:
        click.echo(f"line {b.line}: {b.reason}", err=True)
    click.echo(f"classified {written} posts with lexicon {tagger.version}"
               + (f", {len(bad)} bad line(s) skipped" if bad else ""), err=True)
    if bad:
        sys.exit(1)


def _freeze_heap() -> None:
    """Move what exists now (the lexicons, automata, compiled patterns, the model: alive until the
    process ends) out of the garbage collector's sight. Tagging allocates millions of short-lived
    objects, and every full collection walked all of those long-lived ones again (measured: ~7%
    of `classify`'s CPU on 135-character posts). Nothing is freed any differently: they were
    never garbage (a full collection first would cost more at start-up than the little it finds).

    Then the youngest generation is collected after 10,000 net new container objects instead
    of 700: a batch's state (CLASSIFY_BATCH posts tagged stage by stage: texts, scopes, hits,
    results) is that many objects alive at once, so every collection walked all of it again
    (measured: ~760 collections, ~0.3 s of 8 s CPU on 20,000 135-character posts; with 10,000,
    one). Tagging makes no cyclic garbage (a collection after 20,000 posts with the collector
    off found nothing), and the threshold still bounds what any cycle could hold."""
    import gc

    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(10_000, gen1, gen2)


@main.command("eval")
@click.argument("labels", type=click.File("r", encoding="utf-8"))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list each post where the tagger disagrees.")
@click.option("--from-line", type=click.IntRange(1), default=201, show_default=True,
              help="Also score lines from this one on (dev_codebook.jsonl: the posts labelled after the lexicon was written).")
@expected_errors
def eval_(labels: Any, as_json: bool, show_errors: bool, from_line: int) -> None:
    """Per-theme precision, recall and F1 against a labelled JSONL file ({"text", "themes"}),
    or per-fact precision and recall against a facts file ({"text", "facts"}).

    Posts with an "id" are also scored by part: "tune" (80%, rules are written from it) and
    "check" (20%, held out by a hash of the id), and lines --from-line on.
    """
    from pipeline.evaluate import evaluate, evaluate_facts, parts_table
    from pipeline.tag import default_tagger

    tagger = default_tagger()
    lines = labels.readlines()
    if _is_facts_file(lines):
        _eval_facts(evaluate_facts(lines, tagger), tagger, as_json, show_errors)
        return
    report = evaluate(lines, tagger, from_line=from_line)
    _print_report(report, tagger, as_json, show_errors, ["\n" + parts_table(report)] if report.parts else [])
    if report.posts == 0:
        raise click.ClickException("no usable labelled lines")


def _print_report(report: Any, tagger: Any, as_json: bool, show_errors: bool, extra: list[str],
                  errors_heading: str = "") -> None:
    """An eval report as JSON or as tables, with the bad lines and (asked) the disagreements."""
    for b in report.bad:
        click.echo(f"line {b.line}: {b.reason}", err=True)
    if as_json:
        out = {**report.to_json(), "lexicon_version": tagger.version}
        if show_errors:
            out["errors"] = report.errors
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(report.table())
    for text in extra:
        click.echo(text)
    click.echo(f"lexicon: {tagger.version}")
    if show_errors:
        if errors_heading:
            click.echo(errors_heading)
        for e in report.errors:
            click.echo(f"line {e['line']} {e['id'] or ''}: missed {e['missed']} extra {e['extra']} {e['evidence']}")


def _is_facts_file(lines: list[str]) -> bool:
    """A facts label file (dev_facts.jsonl) has "facts" and no "themes" in its records."""
    for line in lines:
        if line.strip():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            return isinstance(rec, dict) and "facts" in rec and "themes" not in rec
    return False


def _eval_facts(report: Any, tagger: Any, as_json: bool, show_errors: bool) -> None:
    """Per-fact precision/recall for the tune and check parts; errors of the tune part only."""
    _print_report(report, tagger, as_json, show_errors, [],
                  errors_heading="errors (tune part only; the check part's are never shown):")
    if not sum(report.posts.values()):
        raise click.ClickException("no usable labelled lines")


# ---- publish / dashboard (pipeline/publish.py, dashboard/) ----------------------------------


@main.command()
@click.option("--snapshot-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where snapshots go. Default: $COMPLAINTS_SNAPSHOT, else snapshot/ next to the SQLite file.")
@click.option("--demo/--no-demo", "is_demo", default=None,
              help="Label the snapshot as synthetic demo data (default: detected from the posts).")
@click.option("--keep", type=click.IntRange(1, 100), default=2, show_default=True,
              help="Snapshot versions kept on disk (the dashboard may still read the previous one).")
@click.option("--full", is_flag=True, help="Rewrite every month, not only those with changed posts "
              "(after a lexicon change renamed or removed themes).")
@pass_ctx
@expected_errors
def publish(ctx: Ctx, snapshot_dir: Path | None, is_demo: bool | None, keep: int, full: bool) -> None:
    """Write the Parquet snapshot the dashboard and exports read, and make it current."""
    from pipeline import publish as pub

    store = ctx.store()
    result = pub.publish(store, snapshot_dir or pub.default_root(store.url), is_demo=is_demo, keep=keep, full=full)
    click.echo(f"published {result.posts} posts as {result.version} in {result.path} "
               f"({result.seconds:.1f} s, {result.surges} surge weeks; "
               f"{result.rewritten} months written, {result.linked} linked)")


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

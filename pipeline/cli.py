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

from pipeline.store import Store, StoreError


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

"""The published snapshot, read with DuckDB (written by pipeline/publish.py).

One `Snapshot` is one version: an in-memory DuckDB connection with views over the
version's Parquet files, which are never written again after publish, so any number of
readers share them. `<root>/CURRENT` names the current version (`current_version`).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

import pandas as pd

from pipeline.errors import ComplaintsError


class SnapshotMissing(ComplaintsError):
    """No snapshot has been published yet (or CURRENT names a missing directory)."""


def current_version(root: str | os.PathLike) -> str | None:
    """The version named by root/CURRENT, or None when nothing was published."""
    try:
        version = (Path(root) / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


class Snapshot:
    """One published snapshot version, queried with DuckDB.

    The connection is in-memory with views over the version's Parquet files; the files
    are never written again after publish, so any number of readers can share them.
    """

    TABLES = ("posts", "post_themes", "runs", "surges")

    def __init__(self, root: str | os.PathLike, version: str | None = None, memory_limit: str = "512MB"):
        import duckdb  # imported here so `complaints --help` stays fast

        self.root = Path(root)
        self.version = version or current_version(self.root)
        if not self.version:
            raise SnapshotMissing(f"no snapshot published in {self.root} (run `complaints publish`)")
        self.path = self.root / self.version
        if not (self.path / "meta.json").exists():
            raise SnapshotMissing(f"snapshot {self.path} is missing or incomplete")
        self.meta: dict[str, Any] = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        self.bits: dict[str, int] = self.meta.get("theme_bits") or {}
        # Past its memory limit DuckDB spills to disk; by default into ./.tmp of whatever folder
        # the dashboard was started from. One folder per process in the system's temp dir.
        spill = os.path.join(tempfile.gettempdir(), f"complaints-duckdb-{os.getpid()}")
        self.con = duckdb.connect(":memory:", config={"memory_limit": memory_limit, "threads": 2,
                                                      "temp_directory": spill})
        self._derived: dict[str, bool] = {}
        self.views: set[str] = set()  # derived names made as views, not tables
        self._derived_lock = threading.Lock()
        for table in self.TABLES:
            # posts and post_themes are one file per month (pipeline/publish.py): a glob reads
            # them as one table, in file order (newest month first).
            parts = self.path / table
            file = parts / "*.parquet" if parts.is_dir() else self.path / f"{table}.parquet"
            self.con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{sql_path(file)}')")
        # Stories (pipeline/stories.py): a template campaign or a near-duplicate group is one story.
        # A snapshot published before stories existed: every post is its own story.
        # stories.parquet is a directory, one file per posts/ file (a single file in versions
        # published before that): read_parquet reads either by its path, as one table.
        stories = self.path / "stories.parquet"
        self.con.execute(
            f"CREATE VIEW stories AS SELECT id, story_id FROM read_parquet('{sql_path(stories)}')" if stories.exists()
            else "CREATE VIEW stories AS SELECT id, id AS story_id FROM posts"
        )
        # The posts of stories of more than one post (~10%: template campaigns, near-duplicate
        # groups), held in memory; every other post is a story of its own (story_id = id).
        # Counting distinct stories joins this instead of all stories: at 10M posts, joining
        # the whole stories file took seconds per chart.
        if not stories.exists():
            self.con.execute("CREATE TABLE story_members (id BIGINT, story_id BIGINT)")
        else:
            file = sql_path(stories)
            several = ("story_size > 1" if _has_column(self.con, stories, "story_size") else
                       f"story_id IN (SELECT story_id FROM read_parquet('{file}') GROUP BY story_id HAVING count(*) > 1)")
            self.con.execute(f"CREATE TABLE story_members AS SELECT id, story_id FROM read_parquet('{file}') WHERE {several}")

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        # A cursor per query: Streamlit runs sessions in threads, a DuckDB connection
        # object must not be used by two threads at once.
        cur = self.con.cursor()
        try:
            return cur.execute(sql, list(params)).df()
        finally:
            cur.close()

    def derived(self, name: str, sql: str) -> str:
        """`name`: an in-memory table made from `sql` on first use, once per snapshot (the
        files never change), e.g. pipeline/trends.py's monthly counts; a view when `name` is
        in `self.views` (what is too big to hold: its rows are read from the files when used).
        Returns `name`."""
        if name not in self._derived:
            with self._derived_lock:
                if name not in self._derived:
                    cur = self.con.cursor()
                    try:
                        cur.execute(f"CREATE {'VIEW' if name in self.views else 'TABLE'} {name} AS {sql}")
                    finally:
                        cur.close()
                    self._derived[name] = True
        return name

    def batches(self, sql: str, params: Sequence[Any] = (), rows: int = 20_000) -> Iterator[pd.DataFrame]:
        """The result of `sql` as DataFrames of `rows` rows (the last one shorter; none when
        the result is empty): bounded memory for any size.

        DuckDB hands a filtered scan of the month files over in pieces of any size (one or
        more per file): they are gathered into whole batches, so what a caller does once per
        batch (an export looks up the batch's facts and rule hits) runs once per `rows` rows,
        not once per piece (45 times for an export of 156 posts)."""
        import pyarrow as pa

        cur = self.con.cursor()
        try:
            reader = cur.sql(sql, params=list(params)).to_arrow_reader(rows)  # streamed, not materialised
            pending: list[pa.RecordBatch] = []
            held = 0
            for piece in reader:
                pending.append(piece)
                held += piece.num_rows
                while held >= rows:
                    table = pa.Table.from_batches(pending, schema=reader.schema)
                    yield table.slice(0, rows).to_pandas()
                    rest = table.slice(rows)
                    pending, held = rest.to_batches(), rest.num_rows
            if held:
                yield pa.Table.from_batches(pending, schema=reader.schema).to_pandas()
        finally:
            cur.close()

    def close(self) -> None:
        self.con.close()


def sql_path(path: Path | str) -> str:
    """A file path inside a single-quoted SQL string literal (DuckDB's read_parquet('...'))."""
    return str(path).replace("'", "''")


def parquet_files(files: Sequence[Path | str], options: str = "") -> str:
    """DuckDB's read_parquet of these files (or glob patterns), quoted for SQL; `options` as
    DuckDB writes them ("filename = true", "union_by_name = true")."""
    return "read_parquet([" + ", ".join(f"'{sql_path(f)}'" for f in files) + "]" + (f", {options}" if options else "") + ")"


def link_or_copy(old: Path, new: Path) -> None:
    """Share a published file with a new version: a hard link (published files are never
    written again, so sharing is safe), a copy where links are impossible."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _has_column(con: Any, file: Path, column: str) -> bool:
    return column in {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{sql_path(file)}')").fetchall()}

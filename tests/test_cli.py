"""The `complaints` command as a user runs it: real processes, real databases."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("COMPLAINTS_DB", None) if env is None or "COMPLAINTS_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=120
    )


def test_init_import_stats(tmp_path: Path, sqlite_url: str) -> None:
    assert run("--db", sqlite_url, "init").returncode == 0
    csv = tmp_path / "tips.csv"
    csv.write_bytes("标题,内容,投诉对象\n钱站爆通讯录,威胁联系我同事,钱站\n".encode("gb18030"))
    out = run("--db", sqlite_url, "import", str(csv))
    assert out.returncode == 0, out.stderr
    assert "imported 1 of 1 rows as source import:tips: 1 new" in out.stdout
    again = run("--db", sqlite_url, "import", str(csv))
    assert "0 new, 0 updated, 1 unchanged" in again.stdout
    stats = json.loads(run("--db", sqlite_url, "stats", "--json").stdout)
    assert stats["posts"] == 1 and stats["by_source"] == {"import:tips": 1}


def test_import_with_bad_rows_imports_nothing(tmp_path: Path, sqlite_url: str) -> None:
    run("--db", sqlite_url, "init")
    csv = tmp_path / "mixed.csv"
    csv.write_text("标题,内容,涉诉金额\n好,正文,100\n坏,正文,很多\n", encoding="utf-8")
    out = run("--db", sqlite_url, "import", str(csv))
    assert out.returncode == 1
    assert f"{csv}:3: not an amount: '很多'" in out.stderr
    assert "1 bad row(s) of 2; nothing imported" in out.stderr
    assert json.loads(run("--db", sqlite_url, "stats", "--json").stdout)["posts"] == 0
    skip = run("--db", sqlite_url, "import", str(csv), "--skip-bad")
    assert skip.returncode == 1 and "imported 1 of 2 rows" in skip.stdout


def test_db_from_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert run("init", env={"COMPLAINTS_DB": url}).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_default_database_is_data_complaints_db(tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / "data" / "complaints.db").exists()


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("sqlite:///{tmp}/missing.db", "no database at"),
        ("sqlite:///{tmp}/corrupt.db", "not a valid SQLite database"),
        ("mysql+nosuchdriver://x/y", "unsupported database scheme"),
        ("postgresql://postgres@127.0.0.1:1/x", "cannot connect to postgresql"),
        ("not a url", "no database at"),
    ],
)
def test_database_errors_are_one_clear_line(tmp_path: Path, db: str, message: str) -> None:
    (tmp_path / "corrupt.db").write_bytes(b"garbage" * 500)
    out = run("--db", db.format(tmp=tmp_path), "stats")
    assert out.returncode == 1
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_every_verb_has_help() -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    runner = CliRunner()
    main.load_stages()  # the crawler's and the dashboard's verbs too
    assert {"crawl", "mirror", "demo", "update", "dashboard"} <= set(main.commands)
    for name, cmd in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert cmd.help, f"verb {name} has no help text"


def test_import_creates_a_new_database(tmp_path: Path) -> None:
    """A newsroom's first spreadsheet: no `init` needed, the database appears with the schema."""
    db = tmp_path / "new" / "tips.db"
    csv = tmp_path / "tips.csv"
    csv.write_text("标题,内容\n催收打电话给我父母,每天十几个电话\n", encoding="utf-8")
    out = run("--db", f"sqlite:///{db}", "import", str(csv))
    assert out.returncode == 0, out.stderr
    assert "1 new" in out.stdout and db.is_file()
    assert json.loads(run("--db", f"sqlite:///{db}", "stats", "--json").stdout)["posts"] == 1


def test_import_into_an_older_schema_asks_for_init(tmp_path: Path, sqlite_url: str) -> None:
    """Upgrading someone's data is a decision: import stops and names the one command."""
    from alembic import command

    from pipeline.store import Store, _alembic_config

    store = Store(sqlite_url, create=True)
    store.init()
    head = store.schema_revision()
    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    older = store.schema_revision()
    store.close()
    if older is None:
        pytest.skip(f"only one schema revision ({head}): no older schema to import into")
    csv = tmp_path / "tips.csv"
    csv.write_text("标题,内容\n标题一,正文一\n", encoding="utf-8")
    out = run("--db", sqlite_url, "import", str(csv))
    assert out.returncode == 1
    assert f"has schema {older}, expected {head}: run `complaints init`" in out.stderr

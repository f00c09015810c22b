"""Settings are declared once (pipeline/settings.py), documented, and read nowhere else."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in settings.SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


def test_every_setting_has_help_text() -> None:
    assert all(len(s.help) > 20 for s in settings.SETTINGS)
    assert len({s.env for s in settings.SETTINGS}) == len(settings.SETTINGS)


def _environment_reads(path: Path) -> list[str]:
    """Names read through os.environ.get/[] or os.getenv with a literal argument."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if func in ("os.environ.get", "os.getenv", "environ.get"):
                names.append(str(node.args[0].value))
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
            if isinstance(node.slice, ast.Constant):
                names.append(str(node.slice.value))
    return names


def test_no_module_reads_a_declared_setting_itself() -> None:
    declared = {s.env for s in settings.SETTINGS}
    offenders = []
    for package in ("crawler", "pipeline", "dashboard"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "settings.py" and path.parent.name == "pipeline":
                continue
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in _environment_reads(path) if n in declared]
    assert offenders == []


def test_the_cst_clock_is_defined_once() -> None:
    pattern = re.compile(r"timezone\(\s*timedelta\(\s*hours\s*=\s*8")
    places = [p.relative_to(ROOT).as_posix() for pkg in ("crawler", "pipeline", "dashboard")
              for p in (ROOT / pkg).rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert places == ["pipeline/settings.py"]


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:///data/x.db", Path("data/x.db")),
    ("sqlite:////abs/x.db", Path("/abs/x.db")),
    ("sqlite://", None),
    ("sqlite:///:memory:", None),
    ("postgresql://postgres@127.0.0.1/db", None),
    ("not a url", None),
])
def test_sqlite_file(url: str, path: Path | None) -> None:
    assert settings.sqlite_file(url) == path


def test_files_beside_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for s in (settings.SNAPSHOT, settings.LOCK, settings.LOG_DIR):
        monkeypatch.delenv(s.env, raising=False)
    url = f"sqlite:///{tmp_path}/news/c.db"
    assert settings.snapshot_root(url) == tmp_path / "news" / "snapshot"
    assert settings.lock_path(url) == tmp_path / "news" / "complaints-update.lock"
    assert settings.log_dir(settings.snapshot_root(url)) == tmp_path / "news" / "logs"
    pg = "postgresql://postgres@127.0.0.1/a"
    assert settings.snapshot_root(pg) == Path("data") / "snapshot"
    assert settings.lock_path(pg) != settings.lock_path("postgresql://postgres@127.0.0.1/b")
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(tmp_path / "elsewhere"))
    assert settings.snapshot_root(url) == tmp_path / "elsewhere"


def test_the_data_folder_holds_the_lexicons(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COMPLAINTS_DATA", raising=False)
    assert (settings.data_dir() / "themes.yaml").is_file()
    assert (settings.data_dir() / "demo" / "heimao.jsonl").is_file()
    monkeypatch.setenv("COMPLAINTS_DATA", str(tmp_path))
    assert settings.data_file("sources.yaml") == tmp_path / "sources.yaml"


def test_the_data_folder_is_where_importlib_resources_finds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """data_dir() reads the package's folder from its module (start-up: no importlib.resources), the
    very path importlib.resources gives for the installed or editable package."""
    from importlib import resources

    monkeypatch.delenv("COMPLAINTS_DATA", raising=False)
    assert settings.data_dir() == Path(str(resources.files("pipeline") / "data"))


def test_the_cache_folder_is_private(tmp_path, monkeypatch) -> None:
    """The tagger's caches are read back as compiled patterns: they live in a folder of the user's
    own (made 0700), never in one that others can write; COMPLAINTS_CACHE moves it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COMPLAINTS_CACHE", raising=False)
    got = settings.cache_dir()
    assert got == tmp_path / "xdg" / "complaints-radar" and (got.stat().st_mode & 0o777) == 0o700
    mine = tmp_path / "mine"
    monkeypatch.setenv("COMPLAINTS_CACHE", str(mine))
    assert settings.cache_dir() == mine
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # like /tmp: anyone could plant a cache file there
    monkeypatch.setenv("COMPLAINTS_CACHE", str(shared))
    refused = settings.cache_dir()
    assert refused != shared and (refused.stat().st_mode & 0o022) == 0

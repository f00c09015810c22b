"""One-way doors: crawl -> store -> tag -> publish -> dashboard/export, checked on the source.

Every import statement is read (ast), at module level and inside functions alike, so a
"harmless" lazy import against the flow fails here. Allowed: crawler -> pipeline,
dashboard -> pipeline; the pipeline imports neither them nor their frameworks; dashboard
pages are UI only (their data comes through dashboard/data.py).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import, with the reason shown on failure
FORBIDDEN: dict[str, dict[str, str]] = {
    "pipeline": {
        "crawler": "the pipeline is downstream of the crawler",
        "dashboard": "the pipeline is upstream of the dashboard",
        "scrapy": "the crawler's framework belongs in crawler/",
        "scrapy_redis": "the crawler's framework belongs in crawler/",
        "twisted": "the crawler's framework belongs in crawler/",
        "streamlit": "the dashboard's framework belongs in dashboard/",
    },
    "crawler": {"dashboard": "the crawler is upstream of the dashboard", "streamlit": "UI belongs in dashboard/"},
    "dashboard": {"crawler": "the dashboard reads the snapshot, not the crawler", "scrapy": "crawling is crawler/'s"},
}
# Only these dashboard modules may touch storage; pages go through dashboard.data.
STORAGE = ("pipeline.store", "sqlalchemy", "duckdb")
STORAGE_ALLOWED = {"dashboard/data.py", "dashboard/cli.py"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, nested ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import stays inside its own package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def violations(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for line, module in imported_modules(path):
            top = module.split(".")[0]
            if top in FORBIDDEN[package]:
                out.append(f"{rel}:{line} imports {module}: {FORBIDDEN[package][top]}")
            if package == "dashboard" and rel not in STORAGE_ALLOWED and module.startswith(STORAGE):
                out.append(f"{rel}:{line} imports {module}: only dashboard/data.py reads storage")
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_follow_the_flow(package: str) -> None:
    assert violations(package) == []


def test_the_check_sees_function_level_and_relative_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walker itself: a lazy import inside a function, and a relative one, are caught."""
    fake = tmp_path / "pipeline"
    fake.mkdir()
    (fake / "sneaky.py").write_text("def f():\n    from crawler.run import run_crawl\n", encoding="utf-8")
    (fake / "sub").mkdir()
    (fake / "sub" / "rel.py").write_text("from ..store import Store\n", encoding="utf-8")
    dash = tmp_path / "dashboard" / "views"
    dash.mkdir(parents=True)
    (dash / "page.py").write_text("import streamlit\nfrom pipeline.store import Store\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert violations("pipeline") == ["pipeline/sneaky.py:2 imports crawler.run: the pipeline is downstream of the crawler",
                                      "pipeline/sneaky.py:2 imports crawler.run.run_crawl: the pipeline is downstream "
                                      "of the crawler"]
    assert imported_modules(fake / "sub" / "rel.py")[0] == (1, "pipeline.store")
    assert violations("dashboard") == [
        "dashboard/views/page.py:2 imports pipeline.store: only dashboard/data.py reads storage",
        "dashboard/views/page.py:2 imports pipeline.store.Store: only dashboard/data.py reads storage",
    ]

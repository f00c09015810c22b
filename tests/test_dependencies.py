"""Every third-party module the code imports is installed by a dependency it declares.

A fresh `pip install .` gets exactly what pyproject.toml lists (and what those list in
turn); a module imported but never declared works on a developer's machine and fails on a
user's (ftfy, 2026-12). Imports are read with ast, function-level ones included; each is
mapped to the distribution that provides it (importlib.metadata), and that distribution
must be reachable from the declared requirements: the runtime ones for crawler/,
pipeline/ and dashboard/, the runtime ones plus the `test` extra for tests/ and bench/.
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "pipeline", "dashboard")


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_name(r) for r in project["dependencies"]}
    if extra:
        names |= {_name(r) for r in project["optional-dependencies"][extra]}
    return names


def installed_with(roots: set[str]) -> set[str]:
    """The declared distributions and everything they require (their extras' requirements included
    only when the requirement names the extra, as `psycopg[binary]` does)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        dist = todo.pop()
        if dist in seen:
            continue
        seen.add(dist)
        try:
            requires = metadata.requires(dist) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_name(r) for r in requires if "extra ==" not in r]
    # psycopg[binary]: the extra's own requirement is a declared choice of ours
    if "psycopg" in seen:
        seen.add("psycopg-binary")
    return seen


def third_party_imports(folder: Path) -> dict[str, str]:
    """top-level module -> first place it is imported, for modules outside the stdlib and the project."""
    # the project's packages, and sibling modules of tests/ and bench/ (test_dashboard, conftest)
    local = {p.name for p in ROOT.iterdir() if p.is_dir()} | {p.stem for p in folder.rglob("*.py")}
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in local or top == "__future__":
                    continue
                found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def undeclared(folders: list[Path], allowed: set[str]) -> list[str]:
    providers = {m: {_name(d) for d in ds} for m, ds in metadata.packages_distributions().items()}
    problems = []
    for folder in folders:
        for module, where in third_party_imports(folder).items():
            dists = providers.get(module)
            if not dists:
                problems.append(f"{where}: {module} is not installed by any distribution")
            elif not dists & allowed:
                problems.append(f"{where}: {module} comes from {sorted(dists)}, which pyproject.toml does not declare")
    return problems


def test_the_packages_declare_what_they_import() -> None:
    allowed = installed_with(declared())
    assert undeclared([ROOT / p for p in PACKAGES], allowed) == []


def test_tests_and_benches_declare_what_they_import() -> None:
    allowed = installed_with(declared("test"))
    assert undeclared([ROOT / "tests", ROOT / "bench"], allowed) == []


def test_an_undeclared_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: pytest is installed here but is no runtime dependency."""
    pkg = tmp_path / "pipeline"
    pkg.mkdir()
    (pkg / "x.py").write_text("def f():\n    import pytest\n    import yaml\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    problems = undeclared([pkg], installed_with({"pyyaml"}))
    assert problems == ["pipeline/x.py:2: pytest comes from ['pytest'], which pyproject.toml does not declare"]

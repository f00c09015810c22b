"""A platform is one unit: the list in pipeline/sources.py and the files that make each one
(CONTRIBUTING.md, "Add a platform") agree, so a half-added platform fails here, not in a
crawl."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from pipeline.sources import KNOWN, MODES

ROOT = Path(__file__).resolve().parents[1]


def spider_names(path: Path) -> set[str]:
    """`name = "..."` class attributes in a spider module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value.value for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef) for node in cls.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and any(isinstance(t, ast.Name) and t.id == "name" for t in node.targets)}


@pytest.mark.parametrize("name", KNOWN)
def test_each_platform_has_its_files(name: str) -> None:
    spider = ROOT / "crawler" / "spiders" / f"{name}.py"
    assert spider.is_file() and name in spider_names(spider)
    assert (ROOT / "crawler" / "parsers" / f"{name}.py").is_file()
    assert (ROOT / "tests" / f"test_parsers_{name}.py").is_file()


def test_sources_yaml_and_modes_name_only_known_platforms() -> None:
    doc = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    assert set(KNOWN) <= set(doc)
    assert set(MODES) <= set(KNOWN)


def test_no_stray_spider_or_parser() -> None:
    for folder in ("spiders", "parsers"):
        stems = {p.stem for p in (ROOT / "crawler" / folder).glob("*.py")} - {"__init__", "base", "common"}
        assert stems == set(KNOWN), folder


def test_the_crawl_verb_and_the_loader_follow_the_list() -> None:
    from crawler.cli import crawl
    from crawler.run import spider_class

    choice = next(p for p in crawl.params if p.name == "source").type
    assert tuple(choice.choices) == KNOWN
    assert [spider_class(name).name for name in KNOWN] == list(KNOWN)
    with pytest.raises(KeyError):
        spider_class("weibo")

"""data/sources.yaml: the shipped file loads, cookies come from the environment, bad files fail clearly."""
from __future__ import annotations

import pytest

from crawler.sources import SourceConfigError, load_config, parse_cookie
from pipeline.sources import SourcesError


def test_shipped_heimao_config():
    cfg = load_config("heimao")
    assert (cfg.base_url, cfg.companies) == ("https://tousu.sina.com.cn", ["5866754241"])


def test_disabled_entries_are_left_out():
    assert load_config("heimao").keywords == []


def test_shipped_article_site_has_feed():
    assert load_config("article").sites[0]["feed"] == "/blog/rss.xml"


def test_contact_url_for_user_agent():
    assert load_config("jutousu").contact_url.startswith("https://")


def test_cookie_from_environment_not_file(monkeypatch):
    monkeypatch.setenv("COMPLAINTS_HEIMAO_COOKIE", "SUB=abc")
    assert load_config("heimao").cookie == "SUB=abc"


def test_no_cookie_when_unset(monkeypatch):
    monkeypatch.delenv("COMPLAINTS_HEIMAO_COOKIE", raising=False)
    assert load_config("heimao").cookie == ""


def test_unknown_source():
    with pytest.raises(SourceConfigError, match="unknown source"):
        load_config("weibo")


def test_broken_yaml_is_a_clear_error(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("heimao: [unclosed", encoding="utf-8")
    # The same reader as `complaints update`: the error names the file and line.
    with pytest.raises(SourcesError, match=r"sources\.yaml:1: not valid YAML"):
        load_config("heimao", bad)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesError, match="cannot read"):
        load_config("heimao", tmp_path / "nope.yaml")


def test_parse_cookie_header():
    assert parse_cookie("SUB=abc; SUBP=d=e") == {"SUB": "abc", "SUBP": "d=e"}

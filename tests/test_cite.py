"""pipeline/cite.py: permalinks on the public address, GB/T 7714 references, quotes with sources."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from pipeline import cite
from pipeline.trends import Filters

META = {"version": "20250601T120000", "lexicon_version": "abc123", "generated_at": "2025-06-01 12:00:00"}
POST = {"source": "heimao", "source_id": "17380012345", "url": "https://tousu.sina.com.cn/complaint/view/17380012345/",
        "title": "分期乐暴力催收", "body": "我逾期了两天。催收员打电话给我家人，还威胁我。请平台处理。",
        "published_at": datetime(2024, 3, 5, 10, 30)}


def test_public_url_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(cite.PUBLIC_URL_ENV, raising=False)
    assert cite.public_url() == "http://127.0.0.1:8501"
    assert cite.public_url("http://10.0.0.5:8501/") == "http://10.0.0.5:8501"
    monkeypatch.setenv(cite.PUBLIC_URL_ENV, "https://radar.example.org/")
    assert cite.public_url("http://127.0.0.1:8501") == "https://radar.example.org"


def test_permalink_carries_filters_snapshot_lexicon_and_language():
    f = Filters(themes=("third_party_contact",), lenders=("分期乐",))
    link = cite.permalink("https://radar.example.org", "trends", {**f.to_params(), "freq": "week"}, META, "en")
    parts = urlsplit(link)
    params = parse_qs(parts.query)
    assert (parts.netloc, parts.path) == ("radar.example.org", "/trends")
    assert Filters.from_params(params)[0] == f
    assert params["snapshot"] == ["20250601T120000"] and params["lexicon"] == ["abc123"] and params["lang"] == ["en"]
    assert "lang=" not in cite.permalink("https://x.org", "trends", {}, META)  # Chinese is the default


def test_gbt7714_reference():
    ref = cite.gbt7714("趋势", "https://radar.example.org/trends?x=1", META, datetime(2025, 6, 2))
    assert ref == ("complaints-radar. 趋势[DB/OL]. 快照 20250601T120000，词典版本 abc123. "
                   "(2025-06-01)[2025-06-02]. https://radar.example.org/trends?x=1.")


def test_quote_is_the_evidence_sentence_with_platform_id_date_url_and_snapshot():
    full = f"{POST['title']}\n{POST['body']}"
    start = full.index("打电话给我家人")
    q = cite.quote(POST, META, [(start, start + 7, "third_party_contact")])
    assert q == ("“催收员打电话给我家人，还威胁我。”——黑猫投诉，编号 17380012345，2024-03-05，"
                 "https://tousu.sina.com.cn/complaint/view/17380012345/（complaints-radar 快照 20250601T120000）")
    bad = {**POST, "url": "javascript:alert(1)"}
    assert "javascript" not in cite.quote(bad, META, lang="en")


def test_the_quote_prefers_a_sentence_of_the_body_to_the_title():
    full = f"{POST['title']}\n{POST['body']}"
    spans = [(2, 6, "threat"), (full.index("威胁我"), full.index("威胁我") + 3, "threat")]
    assert cite.passage(POST, spans) == "催收员打电话给我家人，还威胁我。"

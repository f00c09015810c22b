"""The Streamlit dashboard: every page under AppTest on demo data, filters, URLs, bad input.

The snapshot is real: demo posts (pipeline.democorpus) stored in SQLite, tagged by the
real tagger, published by pipeline.publish; pages read it through dashboard/data.py.
"""
from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from pipeline import democorpus, publish
from pipeline.models import Post
from pipeline.store import Store
from pipeline.tag import Evidence, Tagger, TagResult

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
PAGES = {
    "views/overview.py": "Complaints radar",
    "views/trends.py": "Trends",
    "views/surges.py": "Surges",
    "views/posts.py": "Posts",
    "views/responses.py": "Lender responses",
    "views/terms.py": "What people say",
    "views/health.py": "Crawl health",
}
XSS_TITLE = '<img src=x onerror="alert(1)">功夫贷催收'
XSS_BODY = "<script>alert('x')</script> 催收员打电话给我家人 [link](javascript:alert(1))"


@functools.cache
def _tagger() -> Tagger:
    return Tagger()  # built once: its jieba tokenizer takes a second to load


def build_snapshot(directory: Path, n: int = 1500, extra: list[Post] = ()) -> Path:
    """A store of `n` demo posts (+ `extra`), tagged for real, published; returns the snapshot root."""
    store = Store(f"sqlite:///{directory / 'complaints.db'}", create=True)
    store.init()
    store.upsert_posts(list(democorpus.iter_posts(n)) + list(extra))
    tagger = _tagger()
    for batch in store.posts_to_tag(tagger.version, 2000):
        store.save_tags(tagger.tag_many(batch), tagger.version)
    run = store.start_run("heimao", {})
    store.finish_run(run, pages=10, new=n, healthy=True)
    publish.publish(store, directory / "snapshot")
    store.close()
    return directory / "snapshot"


def _xss_post() -> Post:
    return Post("heimao", "xss1", "javascript:alert(1)", XSS_TITLE, XSS_BODY, datetime(2025, 6, 2, 10),
                author="示例用户1", target="功夫贷", status="处理中")


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory) -> Path:
    return build_snapshot(tmp_path_factory.mktemp("demo"), 1000, [_xss_post()])


@pytest.fixture(scope="module")
def empty_root(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("empty")
    store = Store(f"sqlite:///{d / 'c.db'}", create=True)
    store.init()
    publish.publish(store, d / "snapshot")
    return d / "snapshot"


def run_app(monkeypatch, root: Path, page: str | None = None, params: dict[str, str] | None = None,
            lang: str | None = "en") -> AppTest:
    """The app on `page` with URL `params`; in English unless `lang` says otherwise (None:
    no lang parameter, the Chinese default), so these tests read the English wording."""
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in ({"lang": lang} if lang else {}).items():
        at.query_params[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace_names(fig: dict) -> set[str]:
    return {t.get("name") for t in fig["data"]}


def qp(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def sidebar_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.sidebar.warning]


# --- every page ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_on_demo_data(monkeypatch, demo_root, page):
    at = run_app(monkeypatch, demo_root, page)
    assert at.title[0].value == PAGES[page]
    assert any("Synthetic demo data" in w.value for w in at.main.warning)
    if page in ("views/overview.py", "views/trends.py", "views/responses.py"):
        assert figures(at) and all(fig["data"] for fig in figures(at)), "charts drawn with data"


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_with_filters(monkeypatch, demo_root, page):
    params = {"lenders": "京东白条,分期乐", "themes": "third_party_contact", "start": "2023-01-01",
              "end": "2024-12-31", "statuses": "已完成,处理中", "sources": "heimao"}
    at = run_app(monkeypatch, demo_root, page, params)
    assert sidebar_warnings(at) == []
    assert at.multiselect(key="f_lenders").value == ["京东白条", "分期乐"]
    assert qp(at, "lenders") == "京东白条,分期乐"


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_on_an_empty_database(monkeypatch, empty_root, page):
    at = run_app(monkeypatch, empty_root, page)
    assert at.title[0].value == PAGES[page]
    assert not any("Synthetic" in w.value for w in at.main.warning)
    if page == "views/overview.py":
        assert at.metric[0].value == "0" and "No crawl run is recorded" in at.main.warning[0].value


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_explains_a_missing_snapshot(monkeypatch, tmp_path, page):
    at = run_app(monkeypatch, tmp_path / "nothing", page)
    assert "No snapshot has been published yet" in at.info[0].value


@pytest.mark.parametrize("page", list(PAGES))
def test_bad_query_params_are_ignored_with_a_notice(monkeypatch, demo_root, page):
    params = {"start": "2024-99-01", "end": "1999-01-01", "lenders": "京东白条,不存在的贷", "themes": "<script>",
              "freq": "hourly", "page": "-3", "surge": "nonsense", "lender": "nobody", "measure": "x", "mix": "y"}
    at = run_app(monkeypatch, demo_root, page, params)
    notes = " ".join(sidebar_warnings(at))
    assert "Ignored start='2024-99-01'" in notes
    assert "end=1999-01-01 is outside the data" in notes and "moved to" in notes  # clamped, not dropped
    assert "不存在的贷" in notes and "<script>" in notes
    assert at.multiselect(key="f_lenders").value == ["京东白条"]
    expected = {"views/trends.py": "freq='hourly'", "views/posts.py": "page='-3'", "views/terms.py": "lender='nobody'"}
    if page in expected:
        assert expected[page] in notes


# --- filters and the URL ---------------------------------------------------------------------


def test_lender_filter_from_the_url_draws_only_those_lenders(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py", {"lenders": "京东白条,分期乐", "freq": "week"})
    over_time = figures(at)[0]
    assert trace_names(over_time) == {"京东白条", "分期乐"}
    assert at.radio(key="p_freq").value == "week"


def test_changing_a_filter_changes_the_chart_and_the_url(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py")
    before = trace_names(figures(at)[0])
    assert len(before) == 8  # the biggest lenders when none is picked
    at.multiselect(key="f_lenders").set_value(["花呗"]).run()
    assert trace_names(figures(at)[0]) == {"花呗"}
    assert qp(at, "lenders") == "花呗"
    at.radio(key="p_measure").set_value("share").run()
    assert qp(at, "measure") == "share"
    assert figures(at)[0]["layout"]["yaxis"]["tickformat"] == ".0%"


def test_overview_totals_follow_the_date_filter(monkeypatch, demo_root):
    everything = run_app(monkeypatch, demo_root).metric[0].value
    one_year = run_app(monkeypatch, demo_root, params={"start": "2024-01-01", "end": "2024-12-31"}).metric[0].value
    assert int(one_year.replace(",", "")) < int(everything.replace(",", ""))


def test_a_newer_snapshot_is_noticed_without_restart(monkeypatch, tmp_path):
    root = build_snapshot(tmp_path, 300)
    at = run_app(monkeypatch, root)
    assert at.metric[0].value == "300"
    store = Store(f"sqlite:///{tmp_path / 'complaints.db'}")
    store.upsert_posts([Post("article", "new1", "https://example.org/a", "新文章", "网贷催收", datetime(2025, 1, 1))])
    publish.publish(store, root)
    at.run()
    assert not at.exception and at.metric[0].value == "301"


# --- posts: search, escaping, highlighting ------------------------------------------------------


def test_posts_search_works_for_chinese_and_lands_in_the_url(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/posts.py")
    total = at.markdown[0].value
    at.text_input(key="p_q").input("通讯录").run()
    narrowed = at.markdown[0].value
    assert narrowed != total and "通讯录" in at.get("html")[0].proto.body
    assert qp(at, "q") == "通讯录"


def test_post_text_is_escaped_never_rendered_as_html(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"q": "onerror"})
    assert "**1 posts**" in at.markdown[0].value
    body = at.get("html")[0].proto.body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert 'href="javascript' not in body  # the bad source URL is not a link
    assert "<mark" in body  # evidence still highlighted around escaped text


def test_highlight_marks_evidence_and_escapes_everything_else():
    text = "催收<b>打电话给我家人</b>"
    spans = ui.evidence_spans(json.dumps({"third_party_contact": [{"start": 10, "end": 12, "text": "家人"}],
                                          "call_harassment": [{"start": 0, "end": 99, "text": "打电话"}]}), text)
    # The second span's offsets are stale (beyond the text): found by its words instead.
    assert spans == [(5, 8, "call_harassment"), (10, 12, "third_party_contact")]
    html = ui.highlight(text, spans)
    assert html == ('催收&lt;b&gt;<mark title="call_harassment">打电话</mark>给我'
                    '<mark title="third_party_contact">家人</mark>&lt;/b&gt;')
    assert ui.safe_url("javascript:alert(1)") is None and ui.safe_url("https://ts.21cn.com/x") == "https://ts.21cn.com/x"


def test_personal_data_in_demo_posts_is_masked(monkeypatch, demo_root):
    # The demo corpus plants unmasked phone numbers (1380013NNNN); the store masks them.
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"q": "138"})
    body = at.get("html")[0].proto.body
    assert "138****" in body or "**0 posts**" in at.markdown[0].value
    assert "1380013" not in body


# --- surges -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def surge_root(tmp_path_factory) -> Path:
    """钱站: 2 threat posts a week for 12 weeks, then 12 in the week of 2024-03-25."""
    d = tmp_path_factory.mktemp("surge")
    store = Store(f"sqlite:///{d / 'c.db'}", create=True)
    store.init()
    start, posts = datetime(2024, 1, 1, 9), []
    for week in range(14):
        for k in range(12 if week == 12 else 2):
            posts.append(Post("heimao", f"{week}-{k}", f"https://tousu.sina.com.cn/complaint/view/{week}{k}/",
                              f"钱站威胁{week}-{k}", "催收员威胁我", start + timedelta(weeks=week, hours=k),
                              status="处理中"))
    store.upsert_posts(posts)
    ids = [r["id"] for r in next(store.iter_frames("posts")).to_dict("records")]
    store.save_tags([TagResult(i, ["钱站"], {"threat": [Evidence(2, 4, "威胁", "threat:x")]}) for i in ids], "v")
    publish.publish(store, d / "snapshot")
    return d / "snapshot"


def test_surges_page_lists_the_week_and_its_posts(monkeypatch, surge_root):
    at = run_app(monkeypatch, surge_root, "views/surges.py")
    table = at.dataframe[0].value
    assert table[["lender", "posts"]].values.tolist() == [["钱站", 12]]
    assert str(table["start"].iloc[0]) == str(table["end"].iloc[0]) == "2024-03-25"  # a one-week episode
    assert at.subheader[0].value == "12 posts in that surge"
    assert at.get("html")[0].proto.body.count('class="post"') == 12
    assert "surge" in trace_names(figures(at)[0])


def test_surge_filtered_out_by_lender(monkeypatch, surge_root):
    at = run_app(monkeypatch, surge_root, "views/surges.py", {"themes": "insult"})
    assert "insult" in " ".join(sidebar_warnings(at))  # not a theme in this snapshot
    at = run_app(monkeypatch, surge_root, "views/surges.py", {"end": "2024-03-17"})
    assert at.info[0].value == "No surge weeks for these filters."


def test_what_people_say_lists_distinctive_terms(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/terms.py", {"lender": "京东白条"})
    terms = at.dataframe[0].value
    assert list(terms.columns) == ["term", "score", "count"] and len(terms) > 5
    assert terms["score"].is_monotonic_decreasing
    assert not {"京东白条", "白条"} & set(terms["term"])  # the lender's own name is no finding
    assert trace_names(figures(at)[0]) == {None} and figures(at)[0]["data"][0]["orientation"] == "h"

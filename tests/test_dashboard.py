"""The Streamlit dashboard: every page under AppTest on demo data, filters, URLs, bad input.

The snapshot is real: demo posts (crawler.mirror.democorpus) stored in SQLite, tagged by the
real tagger, published by pipeline.publish; pages read it through dashboard/data.py.
"""
from __future__ import annotations

import functools
import re
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from crawler.mirror import democorpus
from pipeline import publish
from pipeline.models import Post
from pipeline.store import Store
from pipeline.tag import Evidence, Tagger, TagResult

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
PAGES = {
    "views/overview.py": "Complaints radar",
    "views/trends.py": "Trends",
    "views/surges.py": "Surges",
    "views/breaches.py": "Alleged breaches",
    "views/posts.py": "Posts",
    "views/responses.py": "Lender responses",
    "views/terms.py": "What people say",
    "views/health.py": "Crawl health",
    "views/ranking.py": "Lender ranking",
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
            lang: str | None = "en", cite: bool = False) -> AppTest:
    """The app on `page` with URL `params`; in English unless `lang` says otherwise (None:
    no lang parameter, the Chinese default), so these tests read the English wording.
    `cite`: with the "How to cite" expander opened, as a reader's click does (it is drawn
    only once opened)."""
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    if cite:
        from dashboard import ui

        at.session_state[ui.CITE_KEY] = True
    for key, value in ({"lang": lang} if lang else {}).items():
        at.query_params[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn_charts(at: AppTest) -> list[tuple[dict, dict]]:
    """(figure, plotly config) of every chart a page drew, in page order: the chart element's
    (dashboard.ui.plot) and st.plotly_chart's alike."""
    out: list[tuple[dict, dict]] = []

    def walk(node) -> None:
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)
        kind, proto = getattr(node, "type", ""), getattr(node, "proto", None)
        if kind == "bidi_component" and proto.component_name == ui.CHART_ELEMENT:
            args = json.loads(proto.json)
            out.append((json.loads(args["figure"]), args["config"]))
        elif kind == "plotly_chart":
            out.append((json.loads(proto.spec), json.loads(proto.config)))

    walk(at._tree)
    return out


def figures(at: AppTest) -> list[dict]:
    return [fig for fig, _ in drawn_charts(at)]


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
    at = run_app(monkeypatch, root, params={"unit": "posts"})  # the headline in all posts: 300 posts
    assert at.metric[0].value == "300"
    stories = run_app(monkeypatch, root)  # the default, distinct stories: fewer (template campaigns)
    before = int(stories.metric[0].value.replace(",", ""))
    assert before < 300
    store = Store(f"sqlite:///{tmp_path / 'complaints.db'}")
    store.upsert_posts([Post("article", "new1", "https://example.org/a", "新文章", "网贷催收", datetime(2025, 1, 1))])
    publish.publish(store, root)
    at.run()
    assert not at.exception and at.metric[0].value == "301"
    stories.run()  # a new post of its own is one more story
    assert not stories.exception and int(stories.metric[0].value.replace(",", "")) == before + 1


# --- posts: search, escaping, highlighting ------------------------------------------------------


def test_posts_search_works_for_chinese_and_lands_in_the_url(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/posts.py")
    total = at.markdown[0].value
    at.text_input(key="p_q").input("通讯录").run()
    narrowed = at.markdown[0].value
    assert narrowed != total and "通讯录" in at.get("html")[0].proto.body
    assert qp(at, "q") == "通讯录"


def test_posts_count_says_how_many_distinct_stories_the_charts_count(monkeypatch, demo_root):
    """Seen in QA: the ranking's "查看帖子" for 羊小咩 (11 distinct stories with the theme)
    opened a Posts page saying "13 条投诉符合" with nothing to reconcile the two."""
    from pipeline import trends
    from pipeline.trends import Filters, Snapshot

    snap = Snapshot(demo_root)
    try:
        stories = int(trends.totals(snap, Filters(), "stories")["posts"])
    finally:
        snap.close()
    at = run_app(monkeypatch, demo_root, "views/posts.py")
    line = next(m.value for m in at.main.markdown if "match" in m.value)
    assert f"**{stories:,} distinct stories**" in line, line


def test_post_text_is_escaped_never_rendered_as_html(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"q": "onerror"})
    assert "**1 posts**" in at.markdown[0].value
    body = at.get("html")[0].proto.body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert 'href="javascript' not in body  # the bad source URL is not a link
    assert "<mark" in body  # evidence still highlighted around escaped text


@pytest.mark.parametrize("lang,expected", [(None, r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d"),
                                           ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d")])
def test_post_cards_date_posts_in_the_ui_language(monkeypatch, demo_root, lang, expected):
    """Seen in QA: post cards on the Chinese pages said "2025-12-31 19:41"."""
    import re

    at = run_app(monkeypatch, demo_root, "views/posts.py", lang=lang)
    metas = re.findall(r'<div class="meta">(.*?)</div>', at.get("html")[0].proto.body)
    assert metas and all(re.search(expected, m) for m in metas), metas[:2]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2} \d\d:\d\d", m) for m in metas)


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


def _surge_posts(body: Callable[[int, int], str]) -> list[Post]:
    """钱站 on 黑猫: 2 posts a week for 12 weeks, 12 in the week of 2024-03-25, then 2; `body(week, k)`."""
    start, posts = datetime(2024, 1, 1, 9), []
    for week in range(14):
        for k in range(12 if week == 12 else 2):
            posts.append(Post("heimao", f"{week}-{k}", f"https://tousu.sina.com.cn/complaint/view/{week}{k}/",
                              f"钱站威胁{week}-{k}", body(week, k), start + timedelta(weeks=week, hours=k),
                              status="处理中"))
    return posts


@pytest.fixture(scope="module")
def surge_root(tmp_path_factory) -> Path:
    """钱站: 2 threat posts a week for 12 weeks, then 12 in the week of 2024-03-25."""
    d = tmp_path_factory.mktemp("surge")
    store = Store(f"sqlite:///{d / 'c.db'}", create=True)
    store.init()
    posts = _surge_posts(lambda week, k: "催收员威胁我")
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
    # The caption gives the published rule, how a surge goes on included.
    assert "z >= 2 and a Poisson chance of at most 0.01" in at.caption[0].value
    assert "surge" in trace_names(figures(at)[0])


def test_surge_heading_says_which_listed_posts_are_not_counted(monkeypatch, tmp_path):
    """Seen in QA: "该激增期间的 10 条投诉" above a table counting 9: the tenth was a
    near-duplicate (marked on its card, counted once). The heading now says both numbers."""
    store = Store(f"sqlite:///{tmp_path / 'c.db'}", create=True)
    store.init()
    posts = _surge_posts(lambda week, k: f"催收员第{week}周第{k}次打电话威胁我，说要上门找我父母，编号{week}{k}{k}{week}")
    twin = posts[-13]  # a surge-week post, posted again on 聚投诉
    posts.append(Post("jutousu", "twin", "https://ts.21cn.com/tousu/show/twin", twin.title, twin.body,
                      twin.published_at + timedelta(hours=1), status="处理中"))
    store.upsert_posts(posts)
    ids = [r["id"] for r in next(store.iter_frames("posts")).to_dict("records")]
    store.save_tags([TagResult(i, ["钱站"], {"threat": [Evidence(2, 4, "威胁", "threat:x")]}) for i in ids], "v")
    from pipeline import dedupe

    dedupe.link_new_posts(store)
    publish.publish(store, tmp_path / "snapshot")
    store.close()
    at = run_app(monkeypatch, tmp_path / "snapshot", "views/surges.py")
    assert at.dataframe[0].value["posts"].tolist() == [12]
    assert at.get("html")[0].proto.body.count('class="post"') == 13
    assert at.subheader[0].value == "13 posts in that surge (12 counted; 1 near-duplicates, not counted)"


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


def test_no_cached_query_has_a_spinner_text_in_one_language():
    """Seen in QA: 用户怎么说 showed "Finding distinctive terms…" in the Chinese UI: a cached
    query's own spinner text cannot follow the UI language (the page draws a translated one)."""
    from streamlit.runtime.caching.cache_utils import CachedFunc

    from dashboard import data

    spinners = {name: fn._info.show_spinner for name, fn in vars(data).items() if isinstance(fn, CachedFunc)}
    assert spinners and not {n: s for n, s in spinners.items() if isinstance(s, str)}, spinners


# --- hardening (issue 13.3, 13.10): echoed values, source names, errors ----------------------


def _unescaped_markdown(text: str) -> list[str]:
    """Markdown that would make a link or an image: '[', '](' or a scheme not escaped."""
    import re

    return re.findall(r"(?<!\\)\[|(?<!\\)\]\(|(?<!\\)!\[|https?(?<!\\):(?!\\)//", text)


@pytest.mark.parametrize(("page", "params"), [
    ("views/overview.py", {"start": "[Session expired: log in again](https://evil.example/login)"}),
    ("views/trends.py", {"lenders": "![x](http://127.0.0.1:9/pixel.png)"}),
    ("views/trends.py", {"freq": "[click](https://evil.example/)"}),
])
def test_echoed_url_parameters_are_plain_text(monkeypatch, demo_root, page, params):
    at = run_app(monkeypatch, demo_root, page, params)
    notes = sidebar_warnings(at)
    assert notes, "the bad value is still reported"
    for note in notes:
        assert _unescaped_markdown(note) == [], note
        assert "Session" in note or "x" in note


def test_a_huge_url_parameter_is_cut_short(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/overview.py", {"start": "9" * 40_000, "lenders": "贷" * 10_000})
    notes = sidebar_warnings(at)
    assert len(notes) == 2 and all(len(n) < 300 for n in notes), [len(n) for n in notes]


EVIL_SOURCES = ("[x](https://evil.example/)", "<a href='//evil.example'>x</a>")


@pytest.fixture(scope="module")
def evil_root(tmp_path_factory) -> Path:
    extra = [Post(source, f"e{i}", "https://e.example/1", "功夫贷催收", "催收员打电话给我家人", datetime(2025, 6, 2, 10))
             for i, source in enumerate(EVIL_SOURCES)]
    return build_snapshot(tmp_path_factory.mktemp("evil"), 50, extra)


def test_source_names_are_plain_text_in_markdown_and_charts(monkeypatch, evil_root):
    from pipeline import charts

    at = run_app(monkeypatch, evil_root, "views/overview.py")
    sources_line = next(m.value for m in at.markdown if "Sources:" in m.value)
    assert "evil" in sources_line and _unescaped_markdown(sources_line) == [], sources_line
    fig = figures(at)[0]
    labels = [str(v) for t in fig["data"] for v in (t.get("x") or [])]
    assert any("evil" in v for v in labels) and not any("<a" in v for v in labels), labels
    # The same builder draws the PNG/SVG export: no live <a href> there either.
    built = charts.sources(pd_frame({"source": list(EVIL_SOURCES), "posts": [1, 2]}))
    assert not any("<a" in str(v) for v in built.data[0].x)
    assert "<a" not in built.to_json()


def pd_frame(d: dict):
    import pandas as pd

    return pd.DataFrame(d)


@pytest.mark.parametrize("page_param", ["²", "9" * 200, "１"])
def test_odd_page_numbers_give_a_notice_not_a_traceback(monkeypatch, demo_root, page_param):
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"page": page_param})
    assert any("Ignored page=" in n for n in sidebar_warnings(at))
    assert at.get("html"), "the first page of posts is shown"


def test_a_damaged_snapshot_shows_a_plain_message(monkeypatch, demo_root, tmp_path, caplog):
    import shutil

    from pipeline.trends import current_version

    root = tmp_path / "snapshot"
    shutil.copytree(demo_root, root)
    posts = sorted((root / current_version(root) / "posts").glob("*.parquet"))[0]  # the newest month
    posts.write_bytes(posts.read_bytes()[: posts.stat().st_size // 2])  # a truncated file
    at = run_app(monkeypatch, root, "views/posts.py")  # asserts no exception reached the page
    assert [e.value for e in at.error] == [APP_BROKEN_PAGE()]
    assert "Traceback" not in " ".join(m.value for m in at.markdown)


def APP_BROKEN_PAGE() -> str:  # noqa: N802
    import re

    return re.search(r'BROKEN_PAGE = \((.*?)\)\n', APP.read_text(encoding="utf-8"), re.S).group(1) \
        .replace('"\n               "', "").strip('"')


def test_error_details_are_off_for_readers():
    import tomllib

    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    cli = (APP.parents[1] / "dashboard" / "cli.py").read_text(encoding="utf-8")
    assert '"--client.showErrorDetails", "none"' in cli  # also when started from another directory


def test_a_download_too_big_for_the_server_points_to_the_cli(monkeypatch, demo_root):
    # Issue 13/17: the dashboard never builds a file of a million posts in its own process.
    from dashboard import downloads

    monkeypatch.setattr(downloads, "MAX_DOWNLOAD_POSTS", 10)
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"lenders": "借呗"})
    # Inline code, not a code block (which would load the syntax highlighter on every view).
    commands = [m.value.strip("` ") for m in at.markdown if m.value.startswith("`complaints export")]
    assert any(c.startswith("complaints export --format") and "--lender '借呗'" in c for c in commands), commands
    assert not at.code
    assert any("more than a download here allows (10)" in c.value for c in at.caption)
    monkeypatch.setattr(downloads, "MAX_DOWNLOAD_POSTS", 10**9)
    assert not [m for m in run_app(monkeypatch, demo_root, "views/posts.py").markdown if "complaints export" in m.value]


def test_inline_code_shows_a_command_with_backticks_as_it_is():
    from dashboard.downloads import inline_code

    assert inline_code("complaints export --query 催收") == "`complaints export --query 催收`"
    assert inline_code("complaints export --query 'a`b``c'") == "``` complaints export --query 'a`b``c' ```"


def test_an_evidence_pack_is_sized_by_the_posts_it_holds(monkeypatch, demo_root):
    """Each chart's pack is sized on every rerun (a pack of more than MAX_DOWNLOAD_POSTS posts
    gives way to the CLI): without querying the chart again (from the table the page drew,
    or none when the posts do not depend on it), and the size is the posts the pack holds."""
    from dashboard import data
    from pipeline import charts, export
    from pipeline.trends import Filters, Snapshot, options

    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(demo_root))
    snap = Snapshot(demo_root)
    top = options(snap).lenders[0]
    cases = [("over_time", {}, Filters()), ("over_time", {"measure": "posts"}, Filters(themes=("third_party_contact",))),
             ("over_time", {"measure": "share", "unit": "posts"}, Filters(themes=("threat", "insult"))),
             ("heatmap", {"value": "posts"}, Filters()), ("heatmap", {}, Filters(lenders=(top,))),
             ("theme_mix", {"lender": top}, Filters(lenders=(top,))), ("responses", {}, Filters(sources=("heimao",))),
             ("ranking", {"theme": "threat"}, Filters()), ("sources", {}, Filters(themes=("threat",))),
             ("rule_hits", {}, Filters()), ("surge", {"lender": top, "theme": "threat", "week": "2025-01-06"}, Filters())]
    try:
        for chart, opts, f in cases:
            req = export.ExportRequest(f, chart=chart, chart_opts=opts)
            held = export.post_ids(snap, export.ExportRequest(export.behind_filters(req, export.series_frame(snap, req))))
            assert data.export_rows(f, chart=chart, opts=opts, pack=True) == len(held) > 0, (chart, opts)
            if chart in charts.FIGURES:  # the page's own table gives the same
                drawn = charts.FIGURES[chart][0](snap, f, **opts)
                assert data.export_rows(f, chart=chart, opts=opts, pack=True, series=drawn) == len(held), (chart, opts)
        # The posts download of a view: its filters and search words.
        f = Filters(lenders=(top,))
        assert data.export_rows(f, "催收") == len(export.post_ids(snap, export.ExportRequest(f, query="催收"))) > 0
    finally:
        snap.close()


def test_the_warmed_views_are_what_the_pages_ask_for_first(monkeypatch, demo_root):
    """A server computes every page's default view when it opens a snapshot (data._warm), so a
    reader's first chart waits for no query: each warmed call, with its arguments, must be one
    that a page makes on its first run without filters (a page changing its defaults would
    otherwise leave the warm-up computing what nobody asks for)."""
    from dashboard import data, downloads
    from pipeline.trends import current_version

    calls: set = set()

    def recording(name):
        real = getattr(data, name)

        def record(root_dir, ver, *args):
            calls.add((name, *args))
            return real(root_dir, ver, *args)
        return record

    for name in ("_cached", "_cached_plain", "_episodes", "_export_rows", "_breaches", "_options"):
        monkeypatch.setattr(data, name, recording(name))
    monkeypatch.setattr(downloads, "MAX_DOWNLOAD_POSTS", 10)  # the download sizes are asked for too
    for page in ("overview", "trends", "ranking", "surges", "breaches", "posts", "responses", "health"):
        run_app(monkeypatch, demo_root, f"views/{page}.py", lang=None)
    asked, calls = set(calls), set()
    data._warm(str(demo_root), current_version(demo_root), None)
    assert len(calls) >= 12 and calls <= asked, sorted(map(repr, calls - asked))


# --- 中文 first, the language switch ------------------------------------------------------------


def test_chinese_is_the_default_and_lang_en_switches(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py", {"themes": "third_party_contact"}, lang=None)
    assert at.title[0].value == "趋势"
    assert at.radio(key="p_freq").options == ["日", "周（周一起）", "月"]
    assert at.multiselect(key="f_themes").format_func("third_party_contact") == "联系家人/第三方/爆通讯录"
    fig = figures(at)[0]
    assert "联系家人/第三方/爆通讯录" in fig["layout"]["title"]["text"]
    assert fig["layout"]["yaxis"]["title"]["text"] == "投诉数"
    assert fig["layout"]["xaxis"]["tickformat"] == "%Y年%-m月"  # 2024年3月
    assert any("合成演示数据" in w.value for w in at.main.warning)
    assert qp(at, "lang") is None  # the default is not written into links
    at.radio(key="f_lang").set_value("en").run()
    assert at.title[0].value == "Trends" and qp(at, "lang") == "en"
    assert "Contacting family" in figures(at)[0]["layout"]["title"]["text"]
    at = run_app(monkeypatch, demo_root, "views/overview.py", lang=None)
    assert at.metric[0].label == "不同事件数"  # the default unit: distinct stories
    assert "黑猫投诉" in " ".join(m.value for m in at.markdown)


def test_plotly_camera_button_is_removed(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py")
    charts = drawn_charts(at)
    assert len(charts) >= 2
    for _, config in charts:
        assert "toImage" in config["modeBarButtonsToRemove"]


def test_charts_are_the_chart_element_and_the_same_figure_without_static_serving(monkeypatch, demo_root):
    # Issue 17 (first chart <= 3 s): served as `complaints dashboard` serves it, a page draws its
    # charts with the chart element (plotly.js's cartesian bundle); a server without static file
    # serving (`streamlit run` elsewhere) falls back to st.plotly_chart, with the same figure.
    from streamlit import config

    at = run_app(monkeypatch, demo_root, "views/trends.py")
    # (the page's first element fetches the bundle early: ui.preload_charts; it draws nothing)
    assert [c.proto.component_name for c in at.get("bidi_component")] == [ui.CHART_PRELOAD] + [ui.CHART_ELEMENT] * 3
    assert json.loads(at.get("bidi_component")[0].proto.json) == {"preload": True}
    assert not at.get("plotly_chart")
    served = drawn_charts(at)
    config.set_option("server.enableStaticServing", False)  # (conftest's fixture restores it)
    at = run_app(monkeypatch, demo_root, "views/trends.py")
    assert len(at.get("plotly_chart")) == 3 and not at.get("bidi_component")
    assert drawn_charts(at) == served


def test_a_trace_outside_the_cartesian_bundle_falls_back_to_st_plotly_chart():
    def page() -> None:
        import plotly.graph_objects as go

        from dashboard import ui

        ui.plot(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "bars")
        ui.plot(go.Figure(go.Scattergl(x=[1, 2], y=[3, 4])), "webgl")  # not in the cartesian bundle

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [c.proto.component_name for c in at.get("bidi_component")] == [ui.CHART_ELEMENT]
    assert [json.loads(c.proto.spec)["data"][0]["type"] for c in at.get("plotly_chart")] == ["scattergl"]


def test_the_shipped_plotly_bundle_is_the_plotly_js_of_the_installed_plotly():
    # A figure must mean the same on screen (dashboard/static's bundle) and in the exported
    # images (kaleido, with the installed plotly's plotly.js); the bundle's file name carries
    # its version, which browsers cache by.
    import re
    from importlib import resources

    import plotly

    shipped = resources.files("dashboard") / "static"
    bundles = [f.name for f in shipped.iterdir() if f.name.startswith("plotly-cartesian-")]
    head = (resources.files(plotly) / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head).group(1)
    assert bundles == [f"plotly-cartesian-{version}.min.js"]
    js = (shipped / bundles[0]).read_text(encoding="utf-8")
    assert f"plotly.js (cartesian - minified) v{version}" in js[:300]
    assert f"plotly-cartesian-{version}.min.js" in (resources.files("dashboard") / "chart.js").read_text(encoding="utf-8")


# --- every chart shows exactly what its caption says: plotted numbers vs recounted posts ----------


def _values(v):
    import base64

    import numpy as np

    if isinstance(v, dict) and "bdata" in v:  # plotly's typed arrays (base64, with a shape for 2-D)
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
        shape = v.get("shape")
        if shape:
            a = a.reshape([int(n) for n in str(shape).split(",")])
        return np.nan_to_num(a.astype(float)).tolist()
    return list(v)


def _plotted(fig: dict) -> dict[tuple[str, str], float]:
    """(trace group, x) -> y for every point drawn (the dashed tail repeats one point)."""
    out = {}
    for trace in fig["data"]:
        group = trace.get("legendgroup") or trace.get("name")
        for x, y in zip(_values(trace["x"]), _values(trace["y"])):
            out[(group, str(x)[:10])] = y
    return out


def _exported_posts(root: Path, req) -> "pd.DataFrame":
    """The posts an evidence pack holds for this chart and filters (counted ones only)."""
    from pipeline import export
    from pipeline.trends import Snapshot

    snap = Snapshot(root)
    try:
        series = export.series_frame(snap, req)
        posts = export.posts_frame(snap, export.ExportRequest(export.behind_filters(req, series)))
    finally:
        snap.close()
    return posts[posts["counted"]].assign(published_at=lambda d: pd.to_datetime(d["published_at"]))


import pandas as pd  # noqa: E402 (used by the recount tests below)


def _count(frame: "pd.DataFrame", unit: str) -> int:
    """Posts, or distinct stories (a template campaign or duplicate group once: story_id)."""
    return len(frame) if unit == "posts" else frame["story_id"].nunique()


# Distinct stories are the default (no parameter); all posts on request (?unit=posts).
UNIT_PARAMS = {"stories": {}, "posts": {"unit": "posts"}}


@pytest.mark.parametrize("unit", ["stories", "posts"])
@pytest.mark.parametrize("measure", ["posts", "themed", "share"])
def test_trends_line_chart_equals_a_recount_of_its_posts(monkeypatch, demo_root, measure, unit):
    from pipeline import export
    from pipeline.trends import Filters

    params = {"themes": "third_party_contact", "measure": measure, "freq": "month", **UNIT_PARAMS[unit]}
    at = run_app(monkeypatch, demo_root, "views/trends.py", params)
    fig = figures(at)[0]
    plotted = _plotted(fig)
    lenders = sorted({g for g, _ in plotted})
    assert len(lenders) == 8
    # the chart and the page say what is counted
    assert f"(in {'distinct stories' if unit == 'stories' else 'all posts'})" in fig["layout"]["title"]["text"]
    assert any(("**distinct stories**" if unit == "stories" else "**all posts**") in c.value for c in at.caption)
    f = Filters(themes=("third_party_contact",))
    posts = _exported_posts(demo_root, export.ExportRequest(f, chart="over_time",
                                                            chart_opts={"measure": measure, **UNIT_PARAMS[unit]}))
    posts = posts.assign(month=posts["published_at"].dt.strftime("%Y-%m-01"),
                         themed=posts["themes"].map(lambda t: "third_party_contact" in t))
    if measure != "share":
        # Measure "posts" with a theme filter counts the posts with the theme: the caption says so.
        assert "联系家人" not in fig["layout"]["title"]["text"]  # English run
        assert "Complaints mentioning Contacting family" in fig["layout"]["title"]["text"]
        assert posts["themed"].all(), "the posts behind a count are exactly the themed posts"
        recount = posts.groupby(["lender", "month"]).apply(lambda g: _count(g, unit))
    else:
        grouped = posts.groupby(["lender", "month"])
        recount = grouped.apply(lambda g: _count(g[g["themed"]], unit) / _count(g, unit))
    for (lender, month), y in plotted.items():
        assert y == pytest.approx(recount.get((lender, month), 0)), (lender, month)
    assert sum(plotted.values()) == pytest.approx(sum(recount[recount.index.get_level_values(0).isin(lenders)]))


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_heatmap_and_theme_mix_equal_a_recount_of_their_posts(monkeypatch, demo_root, unit):
    from pipeline import export
    from pipeline.trends import Filters

    at = run_app(monkeypatch, demo_root, "views/trends.py", {"lenders": "京东白条,分期乐", "heat": "posts",
                                                              "mix": "分期乐", **UNIT_PARAMS[unit]})
    heat, mix = figures(at)[1], figures(at)[2]
    said = "in distinct stories" if unit == "stories" else "in all posts"
    # one pair of brackets: the heatmap's title already has one (QA: "（投诉数）（按不同事件计）")
    assert heat["layout"]["title"]["text"].startswith(f"Themes by lender (complaints, {said})")
    assert f"({said})" in mix["layout"]["title"]["text"]
    f = Filters(lenders=("京东白条", "分期乐"))
    posts = _exported_posts(demo_root, export.ExportRequest(f, chart="heatmap", chart_opts=UNIT_PARAMS[unit]))
    labels = ui.i18n.theme_labels("en")
    z = _values(heat["data"][0]["z"])
    fewer = 0
    for row, lender in enumerate(heat["data"][0]["y"]):
        for col, label in enumerate(heat["data"][0]["x"]):
            theme = next(k for k, v in labels.items() if v == label)
            own = posts[posts["lender"] == lender]
            themed = own[own["themes"].map(lambda t: theme in t)]
            assert (z[row][col] or 0) == _count(themed, unit), (lender, theme)
            fewer += _count(themed, "stories") < len(themed)
    assert fewer > 0, "the demo data has template campaigns: stories and posts differ in some cells"
    everyone = _exported_posts(demo_root, export.ExportRequest(f, chart="theme_mix",
                                                               chart_opts={"lender": "分期乐", **UNIT_PARAMS[unit]}))
    own = everyone[everyone["lender"] == "分期乐"]
    bars = dict(zip(mix["data"][0]["x"], _values(mix["data"][0]["y"])))
    market = dict(zip(mix["data"][1]["x"], _values(mix["data"][1]["y"])))
    for label, share in bars.items():
        theme = next(k for k, v in labels.items() if v == label)
        assert share == pytest.approx(_count(own[own["themes"].map(lambda t: theme in t)], unit) / _count(own, unit))
        assert market[label] == pytest.approx(
            _count(everyone[everyone["themes"].map(lambda t: theme in t)], unit) / _count(everyone, unit))


# --- lender ranking ---------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_ranking_page_ranks_by_share_with_intervals_and_links_the_posts(monkeypatch, demo_root, unit):
    from urllib.parse import parse_qs, urlsplit

    from pipeline import export
    from pipeline.trends import Filters, Snapshot

    at = run_app(monkeypatch, demo_root, "views/ranking.py", {"theme": "third_party_contact", "min": "40",
                                                               **UNIT_PARAMS[unit]})
    assert at.title[0].value == "Lender ranking"
    table = at.dataframe[0].value
    assert set(table["unit"]) == {unit}
    ranked, unranked = table[table["ranked"]], table[~table["ranked"]]
    assert (ranked["posts"] >= 40).all() and (unranked["posts"] < 40).all() and len(unranked) > 0
    assert unranked["rank"].isna().all() and ranked["rank"].tolist() == sorted(ranked["rank"].tolist())
    assert ranked["share"].is_monotonic_decreasing
    assert ((ranked["low"] <= ranked["share"]) & (ranked["share"] <= ranked["high"])).all()
    bars = figures(at)[0]["data"][0]
    assert set(bars["y"]) == set(ranked["lender"])  # unranked lenders are not drawn
    snap = Snapshot(demo_root)
    try:
        for row in table.head(3).itertuples():
            # One click away: the link opens the Posts page with exactly the numerator's filters.
            params = parse_qs(urlsplit(row.link).query)
            f, notices = Filters.from_params(params)
            assert not notices and f.lenders == (row.lender,) and f.themes == ("third_party_contact",)
            rows = export.posts_frame(snap, export.ExportRequest(f))
            assert _count(rows[rows["counted"]], unit) == row.themed
            denominator = export.posts_frame(snap, export.ExportRequest(trends_ranking_filters(row.lender)))
            assert _count(denominator[denominator["counted"]], unit) == row.posts
    finally:
        snap.close()


def trends_ranking_filters(lender: str):
    from pipeline.trends import Filters, ranking_filters

    return ranking_filters(Filters(), "third_party_contact", lender, themed=False)


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_ranking_equals_a_recount_of_its_exported_posts(monkeypatch, demo_root, unit):
    """Every number of the ranking (both units, with dates that cut months in two) recounted
    from the posts its evidence pack lists; the page, the chart and the export say the unit."""
    from pipeline import export
    from pipeline.trends import Filters, Snapshot

    snap = Snapshot(demo_root)
    try:
        first, last = (pd.Timestamp(snap.meta[k]).date() for k in ("first_published", "last_published"))
    finally:
        snap.close()
    start, end = first + timedelta(days=45), last - timedelta(days=45)
    params = {"theme": "threat", "min": "20", "start": start.isoformat(), "end": end.isoformat(), **UNIT_PARAMS[unit]}
    at = run_app(monkeypatch, demo_root, "views/ranking.py", params, cite=True)
    said = "distinct stories" if unit == "stories" else "all posts"
    assert figures(at)[0]["layout"]["title"]["text"].startswith(
        f"Share of each lender's complaints with Threats and intimidation (95% interval, in {said})<br>")
    assert any(f"Counted in **{said}**" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert len(table) > 5 and table["ranked"].any()
    opts = {"theme": "threat", "min_posts": "20", **UNIT_PARAMS[unit]}
    req = export.ExportRequest(Filters(start=start, end=end), chart="ranking", chart_opts=opts)
    posts = _exported_posts(demo_root, req)
    fewer = 0
    for row in table.itertuples():
        own = posts[posts["lender"] == row.lender]
        themed = own[own["themes"].map(lambda t: "threat" in t)]
        assert (row.themed, row.posts) == (_count(themed, unit), _count(own, unit)), row.lender
        assert row.share == pytest.approx(_count(themed, unit) / _count(own, unit))
        fewer += _count(own, "stories") < len(own)
    assert fewer > 0, "the demo data has template campaigns: stories and posts differ for some lenders"
    # The export says the unit: a `unit` column, the "counted in" line, the permalink.
    _export_says_the_unit(demo_root, req, table, unit, said)
    link = at.code[-1].value  # the page's own permalink (How to cite)
    assert ("unit=posts" in link) == (unit == "posts") and "theme=threat" in link


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_overview_has_a_lender_by_theme_table_with_numbers(monkeypatch, demo_root, unit):
    from pipeline import export
    from pipeline.trends import Filters, Snapshot

    at = run_app(monkeypatch, demo_root, "views/overview.py", UNIT_PARAMS[unit], cite=True)
    said = "distinct stories" if unit == "stories" else "all posts"
    assert any(f"(in {said})" in h.value for h in at.subheader)
    assert any(f"Counted in **{said}**" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert "Call harassment" in table.columns and "lender" in table.columns.str.lower()
    total = "all distinct stories" if unit == "stories" else "all posts"
    assert total in table.columns and "unit" not in table.columns
    snap = Snapshot(demo_root)
    try:
        fewer = 0
        for _, row in table.head(5).iterrows():
            lender = row.iloc[0]
            own = export.posts_frame(snap, export.ExportRequest(Filters(lenders=(lender,))))
            own = own[own["counted"]]
            themed = own[own["themes"].map(lambda t: "call_harassment" in t)]
            assert int(row["Call harassment"]) == _count(themed, unit), lender
            assert int(row[total]) == _count(own, unit), lender
            fewer += _count(own, "stories") < len(own)
        assert fewer > 0
    finally:
        snap.close()
    assert ("unit=posts" in at.code[-1].value) == (unit == "posts")  # the permalink keeps the unit


# --- a post's permalink, its evidence, a quote with its citation -----------------------------------


def test_post_permalink_opens_the_post_with_evidence_and_a_quote(monkeypatch, demo_root):
    from pipeline.trends import Snapshot

    snap = Snapshot(demo_root)
    try:
        row = snap.query("SELECT source, source_id, url FROM posts WHERE len(themes) > 0 LIMIT 1").iloc[0]
        meta = snap.meta
    finally:
        snap.close()
    key = f"{row.source}-{row.source_id}"
    monkeypatch.setenv("COMPLAINTS_PUBLIC_URL", "https://radar.example.org")
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"post": key}, lang=None)
    assert at.subheader[0].value == f"帖子 {key}"
    body = at.get("html")[0].proto.body
    assert "<mark" in body and "data-theme=" in body and "主题颜色" in body  # colours with a legend
    quote, link = [c.value for c in at.code]
    assert key.split("-", 1)[1] in quote and meta["version"] in quote
    # Demo posts have platform-looking URLs with invented ids: neither linked nor quoted.
    assert row.url not in quote and "合成数据：无真实原帖" in body and f'href="{row.url}"' not in body
    assert quote.startswith("“") and ("黑猫投诉" in quote or "聚投诉" in quote)
    assert link.startswith("https://radar.example.org/posts?post=") and f"snapshot={meta['version']}" in link
    missing = run_app(monkeypatch, demo_root, "views/posts.py", {"post": "heimao-nope"})
    assert "No post heimao-nope" in missing.warning[-1].value


def test_how_to_cite_uses_the_public_url_and_carries_snapshot_and_lexicon(monkeypatch, demo_root):
    monkeypatch.setenv("COMPLAINTS_PUBLIC_URL", "https://radar.example.org/")
    at = run_app(monkeypatch, demo_root, "views/trends.py", {"themes": "third_party_contact", "freq": "week"}, cite=True)
    gbt, link = [c.value for c in at.code][-2:]
    assert "[DB/OL]" in gbt and link in gbt
    assert link.startswith("https://radar.example.org/trends?") and "127.0.0.1" not in link
    for needle in ("themes=third_party_contact", "freq=week", "snapshot=", "lexicon=", "lang=en"):
        assert needle in link


def test_ranking_citation_keeps_the_highlighted_lender(monkeypatch, demo_root):
    """Seen in QA: on 机构排名 with a lender highlighted (?hl=), "如何引用" gave a permalink
    without hl, which reopens the chart without the highlight the reader published."""
    from urllib.parse import quote

    first = run_app(monkeypatch, demo_root, "views/ranking.py", {"theme": "threat"})
    table = first.dataframe[0].value
    lender = table.loc[table["ranked"], "lender"].iloc[1]
    at = run_app(monkeypatch, demo_root, "views/ranking.py", {"theme": "threat", "hl": lender}, cite=True)
    codes = [c.value for c in at.code if "/ranking?" in c.value]
    assert codes and all(f"hl={quote(lender)}" in c for c in codes), codes


def test_how_to_cite_is_drawn_only_once_opened(monkeypatch, demo_root):
    # Issue 14 (first chart): a code block makes the browser load Streamlit's syntax
    # highlighter before the page's first chart, so the closed expander holds nothing yet.
    at = run_app(monkeypatch, demo_root, "views/trends.py")
    assert [e.label for e in at.expander if e.label == "How to cite"] == ["How to cite"]
    assert not at.code
    from dashboard import ui

    at.session_state[ui.CITE_KEY] = True  # what the reader's click sets
    at.run()
    assert [c.value for c in at.code][-1].startswith("http") and "snapshot=" in at.code[-1].value


# --- now ------------------------------------------------------------------------------------------


def test_stale_newest_post_is_warned_next_to_the_last_crawl(monkeypatch, demo_root):
    monkeypatch.setenv("COMPLAINTS_STALE_DAYS", "7")
    at = run_app(monkeypatch, demo_root, "views/overview.py")
    assert any("Newest post" in m.value and "Last crawl" in m.value for m in at.markdown)
    assert any("days older than" in w.value for w in at.main.warning)
    monkeypatch.setenv("COMPLAINTS_STALE_DAYS", "100000")
    at = run_app(monkeypatch, demo_root, "views/overview.py")
    assert not any("days older than" in w.value for w in at.main.warning)


@pytest.mark.parametrize("lang,expected", [(None, r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d"),
                                           ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d")])
def test_overview_times_are_written_in_the_ui_language(monkeypatch, demo_root, lang, expected):
    """Seen in QA: the Chinese Overview wrote "快照： 2026-12-02 04:55:55" and "最近采集：
    2026-12-02 04:55" beside "最新投诉： 2025年12月31日"."""
    import re

    at = run_app(monkeypatch, demo_root, "views/overview.py", lang=lang)
    text = " ".join(m.value for m in at.main.markdown) + " ".join(w.value for w in at.main.warning)
    assert re.search(expected, text), text
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text), text


def test_out_of_range_dates_are_clamped_with_a_notice(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/overview.py", {"start": "2024-01-01", "end": "2099-12-31"})
    assert any("end=2099-12-31 is outside the data" in w for w in sidebar_warnings(at))
    lo, hi = at.date_input(key="f_dates").value
    assert str(lo) == "2024-01-01"  # the start is kept, the end moved to the last day of data


def test_crawl_health_chart_shows_a_single_run(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/health.py", lang=None)
    assert at.title[0].value == "采集状况"
    fig = figures(at)[0]
    assert len(fig["data"]) == 1 and "markers" in fig["data"][0]["mode"]  # one run: a visible point, not a blank
    assert fig["data"][0]["name"] == "黑猫投诉"


def test_lender_responses_label_only_the_biggest_and_use_plain_log_ticks(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/responses.py")
    fig = figures(at)[0]
    labels = [t for t in fig["data"][0]["text"] if t]
    assert 0 < len(labels) <= 10 < len(fig["data"][0]["text"])  # names of the rest are on hover
    # Plain numbers at 1-2-5 steps (or powers of ten), not plotly's digit-only log ticks; at least two.
    axis, volumes = fig["layout"]["xaxis"], _values(fig["data"][0]["x"])
    assert axis["type"] == "log" and axis["tickformat"] == ",d"
    assert len(axis["tickvals"]) >= 2 and axis["tickvals"] == charts_log_ticks(min(volumes), max(volumes))


def charts_log_ticks(low, high):
    from pipeline import charts

    return charts.log_ticks(low, high)


def test_lender_responses_labels_do_not_overprint_and_hover_is_in_chinese(monkeypatch, demo_root):
    """Seen in QA: on 机构回应 the ten biggest lenders' names, of similar volume and reply
    share, were drawn on top of each other (招联金融/360借条/美团… an unreadable smear), and
    the hover said "replied, completed, median … h" in the Chinese UI."""
    import math

    fig = figures(run_app(monkeypatch, demo_root, "views/responses.py", lang=None))[0]
    trace = fig["data"][0]
    xs, ys = _values(trace["x"]), _values(trace["y"])
    shown = [(math.log10(x), y) for x, y, name in zip(xs, ys, trace["text"]) if name]
    assert shown
    for i, (x1, y1) in enumerate(shown):
        for x2, y2 in shown[i + 1:]:
            assert abs(x1 - x2) >= 0.15 or abs(y1 - y2) >= 0.08, (x1, y1, x2, y2)
    assert "replied" not in trace["hovertemplate"] and "已回复" in trace["hovertemplate"]


def test_notices_about_a_link_are_in_chinese_by_default(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py", {"lenders": "不存在的贷", "freq": "hourly"}, lang=None)
    notes = sidebar_warnings(at)
    assert "已忽略未知的机构：不存在的贷。" in notes
    assert any(n.startswith("已忽略 freq='hourly'") for n in notes)


def test_small_multiples_and_highlight_one_lender(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/trends.py", {"style": "small", "hl": "分期乐"})
    fig = figures(at)[0]
    assert len(fig["data"]) == 8 and {t["xaxis"] for t in fig["data"]} == {"x"} | {f"x{i}" for i in range(2, 9)}
    colours = {t["name"]: t["line"]["color"] for t in fig["data"]}
    assert colours.pop("分期乐") == "#c0392b" and set(colours.values()) == {"#c4c4c4"}  # the others grey
    assert qp(at, "style") == "small" and qp(at, "hl") == "分期乐"


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_sources_chart_equals_a_recount_of_its_posts(monkeypatch, demo_root, unit):
    from pipeline import export
    from pipeline.trends import Filters

    at = run_app(monkeypatch, demo_root, "views/overview.py", {"start": "2024-01-01", "end": "2024-12-31",
                                                                **UNIT_PARAMS[unit]})
    fig = figures(at)[0]
    assert f"(in {'distinct stories' if unit == 'stories' else 'all posts'})" in fig["layout"]["title"]["text"]
    bars = fig["data"][0]
    posts = _exported_posts(demo_root, export.ExportRequest(Filters(start=pd.Timestamp("2024-01-01").date(),
                                                                    end=pd.Timestamp("2024-12-31").date()),
                                                            chart="sources", chart_opts=UNIT_PARAMS[unit]))
    names = {"Heimao (Sina)": "heimao", "Jutousu (21cn)": "jutousu", "Blogs and forums": "article"}
    drawn = {names[x]: y for x, y in zip(bars["x"], _values(bars["y"]))}
    assert drawn == {source: _count(own, unit) for source, own in posts.groupby("source")}


def _overview_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("unit", ["stories", "posts"])
@pytest.mark.parametrize("themes", ["", "threat"])
def test_overview_totals_equal_a_recount_of_their_posts(monkeypatch, demo_root, unit, themes):
    """The Overview's headline numbers, in either unit, recounted from a posts export of the same
    filters (dates that cut months in two: the monthly counts' partial-month path; a theme
    filter: the posts path); the labels, the caption and the permalink say the unit."""
    from pipeline import export
    from pipeline.trends import Filters, Snapshot

    snap = Snapshot(demo_root)
    try:
        first, last = (pd.Timestamp(snap.meta[k]).date() for k in ("first_published", "last_published"))
        start, end = first + timedelta(days=45), last - timedelta(days=45)
        f = Filters(start=start, end=end, themes=(themes,) if themes else ())
        every = export.posts_frame(snap, export.ExportRequest(f))  # counted or not
    finally:
        snap.close()
    params = {"start": start.isoformat(), "end": end.isoformat(), **({"themes": themes} if themes else {}),
              **UNIT_PARAMS[unit]}
    at = run_app(monkeypatch, demo_root, "views/overview.py", params, cite=True)
    counted = every[every["counted"]]
    n = _count(counted, unit)
    themed = _count(counted[counted["themes"].map(len) > 0], unit)
    headline = "Distinct stories" if unit == "stories" else "Complaints (all posts)"
    folded = "Posts folded into a story" if unit == "stories" else "Near-duplicates not counted"
    with_theme = "Stories with a collection theme" if unit == "stories" else "Posts with a collection theme"
    assert _overview_metrics(at) == {headline: f"{n:,}", folded: f"{len(every) - n:,}",
                                     "Lenders": f"{every.loc[every['lender'] != '', 'lender'].nunique():,}",
                                     with_theme: f"{themed / n:.0%}"}
    assert n < len(counted) if unit == "stories" else n == len(counted), "the demo has template campaigns"
    said = "distinct stories" if unit == "stories" else "all posts"
    assert any(f"count **{said}**" in c.value for c in at.caption)
    assert ("unit=posts" in at.code[-1].value) == (unit == "posts")  # How to cite keeps the unit
    zh = run_app(monkeypatch, demo_root, "views/overview.py", params, lang=None)
    assert zh.metric[0].label == ("不同事件数" if unit == "stories" else "投诉帖子数")


def test_an_unfinished_last_week_is_hatched_on_the_surge_chart():
    from datetime import date

    from pipeline import charts

    series = pd.DataFrame({"week": pd.to_datetime(["2024-03-11", "2024-03-18", "2024-03-25"]), "posts": [2, 3, 1]})
    fig = charts.surge(series, series.iloc[0:0], lender="钱站", theme="threat", last_day=date(2024, 3, 27))
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "/"]  # data ends on a Wednesday
    fig = charts.surge(series, series.iloc[0:0], lender="钱站", theme="threat", last_day=date(2024, 3, 31))
    assert list(fig.data[0].marker.pattern.shape) == ["", "", ""]


def test_ranking_share_labels_sit_past_the_interval_not_on_its_whisker():
    """Seen in QA: the bars' "outside" % labels were drawn across the 95% whiskers."""
    from pipeline import charts

    df = pd.DataFrame({"lender": ["甲", "乙", "丙"], "share": [0.10, 0.40, 0.25], "low": [0.05, 0.30, 0.20],
                       "high": [0.18, 0.52, 0.31], "themed": [5, 40, 25], "posts": [50, 100, 100], "ranked": True})
    fig = charts.ranking(df, theme="threat", lang="en")
    bars, labels = fig.data
    assert bars.text is None and list(bars.y) == ["甲", "丙", "乙"]
    assert list(labels.x) == [0.18, 0.31, 0.52] and [t.strip() for t in labels.text] == ["10%", "25%", "40%"]
    assert labels.mode == "text" and labels.textposition == "middle right" and labels.hoverinfo == "skip"
    assert fig.layout.xaxis.range[1] > 0.52 and fig.layout.showlegend is False  # room for the labels; no "trace 0"


def test_the_responses_volume_axis_has_ticks_within_one_decade():
    """Seen in QA: a log axis with dtick=1 showed one tick ("100") when every lender had 100-999 posts."""
    from pipeline import charts

    assert charts.log_ticks(120, 900) == [100, 200, 500, 1000]
    assert charts.log_ticks(3, 25_000) == [10, 100, 1000, 10_000]  # many decades: powers of ten
    df = pd.DataFrame({"lender": ["甲", "乙", "丙"], "posts": [120, 400, 900], "replied_share": [0.2, 0.5, 0.9],
                       "completed_share": [0.1, 0.4, 0.8], "hours_to_reply": [5.0, 20.0, 48.0], "unit": "posts"})
    fig = charts.responses(df, lang="en")
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.tickvals) == [100, 200, 500, 1000]


# --- the platform's own totals beside ours (issue 11.4) ------------------------------------------


def test_responses_page_sets_our_counts_against_the_platforms_totals(monkeypatch, tmp_path):
    """Coverage = posts we hold for the company / the platform's total; rates side by side,
    each recounted from the store and the snapshot's posts."""
    from pipeline.models import PlatformTotals

    store = Store(f"sqlite:///{tmp_path / 'complaints.db'}", create=True)
    store.init()
    posts = [Post("heimao", f"t{i}", f"https://tousu.sina.com.cn/complaint/view/t{i}/", "功夫贷催收",
                  "催收员天天打电话", datetime(2025, 6, 2, 10) + timedelta(hours=i), target="功夫贷",
                  target_id="5866754241", status="已完成" if i < 3 else "处理中") for i in range(8)]
    store.upsert_posts(posts)
    tagger = _tagger()
    for batch in store.posts_to_tag(tagger.version, 2000):
        store.save_tags(tagger.tag_many(batch), tagger.version)
    store.save_platform_totals([
        PlatformTotals("heimao", "5866754241", "", "功夫贷", 200, 12, 150, 120, lender="功夫贷"),
        PlatformTotals("heimao", "5866754241", "77", "功夫贷-借款", 90, 5, 60, 50, lender="功夫贷")])
    publish.publish(store, tmp_path / "snapshot")
    store.close()
    at = run_app(monkeypatch, tmp_path / "snapshot", "views/responses.py")
    assert "The platform's own counts, and how many we hold" in [s.value for s in at.subheader]
    table = at.dataframe[-1].value
    assert table["Lender"].tolist() == ["功夫贷"]  # the company row; services are not doubled in
    row = table.iloc[0]
    assert (row["Platform total"], row["Last 30 days"], row["We hold"]) == (200, 12, 8)
    assert row["Coverage"] == pytest.approx(8 / 200)
    assert (row["Replied (platform)"], row["Completed (platform)"]) == (pytest.approx(0.75), pytest.approx(0.6))
    assert row["Completed (ours)"] == pytest.approx(3 / 8)  # 3 of the 8 posts reached 已完成


def _responses_recount(posts: "pd.DataFrame", unit: str) -> "pd.DataFrame":
    """docs/method.md: in stories each story weighs one; its replied (completed) value is the
    share of its posts replied (completed), its reply time the median of its replied posts'."""
    posts = posts[(posts["status"] != "") & (posts["lender"] != "")].copy()
    hours = (pd.to_datetime(posts["first_reply_at"]) - posts["published_at"]).dt.total_seconds() / 3600
    posts["hours"] = hours.where(hours >= 0)
    posts["key"] = posts["story_id"] if unit == "stories" else posts["id"]
    for column in ("replied", "completed"):
        posts[column] = posts[column].astype(bool).astype(float)
    stories = posts.groupby(["lender", "key"]).agg(replied=("replied", "mean"), completed=("completed", "mean"),
                                                   hours=("hours", "median"))
    return stories.groupby("lender").agg(posts=("replied", "size"), replied_share=("replied", "mean"),
                                         completed_share=("completed", "mean"), hours_to_reply=("hours", "median"))


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_responses_equal_a_recount_of_their_posts(monkeypatch, demo_root, unit):
    """Every row of the responses table, in either unit, recounted from the posts its evidence
    pack lists (their replied, completed, first_reply_at and story_id columns)."""
    from pipeline import export
    from pipeline.trends import Filters

    at = run_app(monkeypatch, demo_root, "views/responses.py", UNIT_PARAMS[unit], cite=True)
    said = "distinct stories" if unit == "stories" else "all posts"
    assert f"(in {said})" in figures(at)[0]["layout"]["title"]["text"]
    assert said in figures(at)[0]["layout"]["xaxis"]["title"]["text"]
    assert f"Counted in **{said}**" in at.caption[0].value
    table = at.dataframe[0].value
    assert len(table) > 5
    req = export.ExportRequest(Filters(), chart="responses", chart_opts=UNIT_PARAMS[unit])
    exported = _exported_posts(demo_root, req)
    recount, by_post = _responses_recount(exported, unit), _responses_recount(exported, "posts")
    fewer = 0
    for row in table.itertuples():
        want = recount.loc[row.lender]
        assert row.posts == want["posts"], row.lender
        assert (row.replied_share, row.completed_share) == (pytest.approx(want["replied_share"]),
                                                            pytest.approx(want["completed_share"])), row.lender
        assert row.hours_to_reply == pytest.approx(want["hours_to_reply"], nan_ok=True), row.lender
        fewer += want["posts"] < by_post.loc[row.lender, "posts"]
    assert (fewer > 0) == (unit == "stories"), "the demo has template campaigns: stories and posts differ"
    _export_says_the_unit(demo_root, req, table, unit, said)
    assert ("unit=posts" in at.code[-1].value) == (unit == "posts")


def _export_says_the_unit(root, req, table, unit: str, said: str) -> None:
    """The chart's export says its unit: a `unit` column with the table's numbers, the
    "counted in" line, and the permalink."""
    from pipeline import export
    from pipeline.trends import Snapshot

    snap = Snapshot(root)
    try:
        series = export.series_frame(snap, req)
        about = dict(export.about(snap, req))
    finally:
        snap.close()
    assert set(series["unit"]) == {unit} and series["posts"].tolist() == table["posts"].tolist()
    assert about["counted in"].startswith(said)
    assert ("unit=posts" in about["permalink"]) == (unit == "posts")


def test_a_story_weighs_one_and_counts_its_posts_replies_as_a_share(monkeypatch, tmp_path):
    """A template campaign of six posts with two replies is one story replied 2/6, not one
    replied story ("any post") nor six posts; its reply time is the median of its two replies."""
    from pipeline.models import Step

    store = Store(f"sqlite:///{tmp_path / 'complaints.db'}", create=True)
    store.init()
    day = datetime(2025, 6, 2, 9)

    def post(sid: str, title: str, body: str, at: datetime, author: str, reply_hours: float | None) -> Post:
        steps = [Step("功夫贷", "商家回复", at + timedelta(hours=reply_hours), "已联系", merchant=True)] \
            if reply_hours is not None else []
        return Post("heimao", sid, f"https://tousu.sina.com.cn/complaint/view/{sid}/", title, body, at,
                    author=author, target="功夫贷", status="已回复" if steps else "处理中", steps=steps)

    campaign = [post(f"c{i}", "功夫贷暴力催收联系家人投诉", f"第{i}位借款人：{text}", day + timedelta(days=i),
                     f"借款人{i}", reply)
                for i, (text, reply) in enumerate([("催收员打电话给我父母", 10), ("催收员在群里发我照片", 30),
                                                   ("我同事接到恐吓电话", None), ("通讯录里的朋友都被骚扰", None),
                                                   ("每天几十个电话打到单位", None), ("短信说要上门找我", None)])]
    singles = [post(f"s{i}", title, body, day + timedelta(days=10 + i), f"用户{i}", reply)
               for i, (title, body, reply) in enumerate([
                   ("功夫贷砍头息", "借一万到手八千，砍头息太高", 2), ("利息过高要求退还", "年化超过三十六，要求退还多收的利息", 4),
                   ("提前还款不给结清证明", "已经全部还清，客服一直不给开结清证明", 50),
                   ("自动续费会员费", "借款时被默认勾选了会员，每月扣费", None),
                   ("征信逾期记录有误", "按时还款却被上报逾期，要求更正征信", None)])]
    store.upsert_posts(campaign + singles)
    tagger = _tagger()
    for batch in store.posts_to_tag(tagger.version, 2000):
        store.save_tags(tagger.tag_many(batch), tagger.version)
    publish.publish(store, tmp_path / "snapshot")
    store.close()
    stories = run_app(monkeypatch, tmp_path / "snapshot", "views/responses.py").dataframe[0].value.iloc[0]
    posts = run_app(monkeypatch, tmp_path / "snapshot", "views/responses.py", {"unit": "posts"}).dataframe[0].value.iloc[0]
    assert (posts["posts"], posts["replied_share"], posts["hours_to_reply"]) == (11, pytest.approx(5 / 11), 10)
    assert stories["posts"] == 6  # the campaign and five posts of their own
    assert stories["replied_share"] == pytest.approx((2 / 6 + 3) / 6)  # not (1 + 3) / 6: one reply is not all
    assert stories["hours_to_reply"] == pytest.approx(12)  # median of 20 (the campaign's: 10, 30), 2, 4, 50
    assert stories["completed_share"] == posts["completed_share"] == 0


def test_no_totals_no_coverage_table(monkeypatch, demo_root):
    at = run_app(monkeypatch, demo_root, "views/responses.py")
    assert "The platform's own counts, and how many we hold" not in [s.value for s in at.subheader]


# --- 中文 everywhere: no English label left in the Chinese UI -------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Words a Chinese reader sees as they are: formats and product names, the language switch's own
# "English", statistic symbols, the citation standard's name.
ALLOWED_ASCII = {"PNG", "SVG", "CSV", "Excel", "Parquet", "ZIP", "English", "Language", "GB", "T", "z", "p", "APP",
                 "QQ", "ID"}


def _rule_ids() -> set[str]:
    import yaml

    doc = yaml.safe_load((APP.parents[1] / "data" / "rules.yaml").read_text(encoding="utf-8")) or {}
    rules = doc.get("rules") or []
    return {str(r["id"]) for r in rules if isinstance(r, dict) and "id" in r}


def visible_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every label a reader sees: titles, markdown, captions, alerts, metric
    labels and help, widget labels, options and placeholders, button and expander labels,
    table column headers (as configured), chart titles, axes, annotations and legend entries.
    Code blocks (commands, citations) and table cells (data) are left out."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        kids = getattr(node, "children", None)
        if kids is not None:
            if getattr(node, "label", None):
                out.append((f"{node.type}.label", node.label))
            for child in kids.values():
                walk(child)
            return
        proto, kind = getattr(node, "proto", None), getattr(node, "type", "")
        if proto is None or kind == "code":
            return
        if kind == "plotly_chart" or (kind == "bidi_component" and proto.component_name == ui.CHART_ELEMENT):
            spec = json.loads(proto.spec) if kind == "plotly_chart" else json.loads(json.loads(proto.json)["figure"])
            layout = spec.get("layout", {})
            text = lambda v: v.get("text") if isinstance(v, dict) else v  # noqa: E731
            out.append(("chart.title", text(layout.get("title"))))
            out.extend((f"chart.{k}", text(v.get("title"))) for k, v in layout.items()
                       if k.startswith(("xaxis", "yaxis")) and isinstance(v, dict))
            out.extend(("chart.annotation", a.get("text")) for a in layout.get("annotations", []))
            out.extend(("chart.legend", t.get("name")) for t in spec.get("data", []) if t.get("showlegend", True))
            return
        if kind == "dataframe":
            config = json.loads(proto.columns or "{}")
            for column in list(proto.column_order) or [str(c) for c in node.value.columns]:
                conf = config.get(str(column)) or config.get(f"col:name:{column}") or {}
                if not conf.get("hidden"):
                    out.append(("table.column", conf.get("label") or str(column)))
            return
        if kind == "html":
            return  # post cards: the posts' own text; their labels come from i18n via post_html
        for fld, value in proto.ListFields():
            if fld.name in ("label", "body", "help", "placeholder"):
                out.append((f"{kind}.{fld.name}", value))
            elif fld.name == "options":
                out.extend((f"{kind}.option", o if isinstance(o, str) else getattr(o, "label", str(o))) for o in value)

    walk(at._tree)
    return [(where, str(text)) for where, text in out if text]


def english_only(texts: list[tuple[str, str]], allowed: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Lines with no Chinese and an ASCII word that is neither allowed nor a key: untranslated."""
    allowed = ALLOWED_ASCII | set(allowed)
    bad = []
    for where, text in texts:
        # `commands`, links and #post-keys are not prose.
        text = re.sub(r"`[^`]*`|https?://\S+|\./\S+|#\S+|<[^>]+>", " ", text)
        for line in text.splitlines():
            if not _CJK.search(line) and [w for w in re.findall(r"[A-Za-z]+", line) if w not in allowed]:
                if line.strip() not in allowed:
                    bad.append((where, line.strip()))
    return bad


def test_english_only_finds_an_english_label():
    assert english_only([("table.column", "finish_reason"), ("caption", "PNG 图片"), ("caption", "CSV"),
                         ("chart.legend", "cba2026-night")], {"cba2026-night"}) == [("table.column", "finish_reason")]


def _zh_states(demo_root: Path, empty_root: Path, surge_root: Path, tmp_path: Path):
    for page in PAGES:
        yield demo_root, page, {}
        yield empty_root, page, {"start": "2024-01-01", "snapshot": "20200101T000000", "lexicon": "old"}
        yield tmp_path / "nothing", page, {}
        # Every notice a link can raise (bad dates, unknown values, odd page parameters).
        yield demo_root, page, {"start": "2024-99-01", "end": "1999-01-01", "lenders": "京东白条,不存在的贷",
                                "freq": "hourly", "page": "-3", "lender": "nobody", "min": "x"}
    yield surge_root, "views/surges.py", {}
    yield demo_root, "views/health.py", {"sources": "heimao"}


def test_every_page_in_chinese_has_no_english_label(monkeypatch, demo_root, empty_root, surge_root, tmp_path):
    from dashboard import downloads
    from pipeline.trends import Snapshot

    snap = Snapshot(demo_root)
    try:
        row = snap.query("SELECT source, source_id FROM posts WHERE len(themes) > 0 LIMIT 1").iloc[0]
    finally:
        snap.close()
    allowed = _rule_ids()
    found: dict[tuple[str, str], str] = {}
    states = list(_zh_states(demo_root, empty_root, surge_root, tmp_path))
    states.append((demo_root, "views/posts.py", {"post": f"{row.source}-{row.source_id}"}))
    states.append((demo_root, "views/posts.py", {"post": "heimao-nonexistent"}))
    for root, page, params in states:
        at = run_app(monkeypatch, root, page, params, lang=None)
        for where, line in english_only(visible_texts(at), allowed):
            found.setdefault((where, line), f"{page} {params}")
    # A damaged snapshot: the plain message instead of the page.
    import shutil

    from pipeline.trends import current_version

    shutil.copytree(demo_root, tmp_path / "damaged")
    posts = sorted((tmp_path / "damaged" / current_version(demo_root) / "posts").glob("*.parquet"))[0]
    posts.write_bytes(posts.read_bytes()[: posts.stat().st_size // 2])
    at = run_app(monkeypatch, tmp_path / "damaged", "views/posts.py", lang=None)
    assert at.error and "快照" in at.error[0].value
    for where, line in english_only(visible_texts(at), allowed):
        found.setdefault((where, line), "views/posts.py damaged")
    # A download too big for the server: the caption pointing to the command line.
    monkeypatch.setattr(downloads, "MAX_DOWNLOAD_POSTS", 10)
    at = run_app(monkeypatch, demo_root, "views/posts.py", {"lenders": "借呗"}, lang=None)
    for where, line in english_only(visible_texts(at), allowed):
        found.setdefault((where, line), "views/posts.py too big")
    assert not found, "\n".join(f"{page}: {where}: {line!r}" for (where, line), page in sorted(found.items()))


# --- an evidence pack's checksum beside it (as the CLI writes pack.zip.sha256) -------------------


def test_the_pack_checksum_is_that_of_the_zip_downloaded_in_either_order():
    import hashlib
    import itertools

    from dashboard import downloads
    from pipeline import export

    builds = itertools.count()
    build = lambda: f"pack build {next(builds)}".encode()  # noqa: E731 (no two builds alike, as a real pack's SVG)
    # ZIP first, then its checksum: the digest of the bytes given, no second build.
    zipped = downloads.pack_zip("k1", build)()
    side = downloads.pack_checksum("k1", "p.zip", build)().decode()
    assert side == export.sidecar_text(hashlib.sha256(zipped).hexdigest(), "p.zip") == \
        f"{hashlib.sha256(zipped).hexdigest()}  p.zip\n"
    # Checksum first: the ZIP then gets the very pack that was hashed.
    side = downloads.pack_checksum("k2", "q.zip", build)().decode()
    zipped = downloads.pack_zip("k2", build)()
    assert side.split()[0] == hashlib.sha256(zipped).hexdigest() and side.split()[1] == "q.zip"
    # A later ZIP of the same view is a new build; the checksum follows the newest ZIP.
    again = downloads.pack_zip("k2", build)()
    assert again != zipped and downloads.pack_checksum("k2", "q.zip", build)().decode().split()[0] == \
        hashlib.sha256(again).hexdigest()
    assert next(builds) == 3  # k1: 1 build; k2: the checksum's build reused, then one more


def test_the_sidecar_matches_the_cli_export(tmp_path):
    import hashlib

    from pipeline import export

    path = export.write(tmp_path / "pack.zip", b"PK\x03\x04 any bytes")
    side = export.write_checksum_beside(path).read_text(encoding="utf-8")
    assert side == export.sidecar_text(hashlib.sha256(path.read_bytes()).hexdigest(), "pack.zip")


@pytest.mark.parametrize("lang,label", [(None, "SHA-256 校验值"), ("en", "SHA-256 checksum")])
def test_every_evidence_pack_button_has_its_checksum_beside_it(monkeypatch, demo_root, lang, label):
    for page in ("views/trends.py", "views/breaches.py"):
        at = run_app(monkeypatch, demo_root, page, lang=lang)
        buttons = at.get("download_button")
        packs = [b for b in buttons if b.key and b.key.endswith("_pack")]
        sums = {b.key: b for b in buttons if b.key and b.key.endswith("_pack_sha256")}
        assert packs and len(sums) == len(packs), page
        for pack in packs:
            side = sums[f"{pack.key}_sha256"]
            assert side.label == label and "sha256sum -c" in side.help and not side.proto.disabled


def test_surges_say_they_count_all_posts(monkeypatch, demo_root):
    """Surges stay in all posts (their statistics are over weekly post counts): the page says so."""
    at = run_app(monkeypatch, demo_root, "views/surges.py")
    assert "counted in all posts" in at.caption[0].value
    zh = run_app(monkeypatch, demo_root, "views/surges.py", lang=None)
    assert "按**全部帖子**计数" in zh.caption[0].value


def test_the_first_page_does_not_wait_for_the_monthly_counts(monkeypatch, demo_root):
    """A new snapshot's monthly counts are built on a thread of their own: the first page is
    drawn from the posts meanwhile, with the numbers the counts give once built."""
    import threading
    import time
    from collections import OrderedDict

    import streamlit as st

    from dashboard import data
    from pipeline import trends
    from pipeline.snapshot import Snapshot

    release = threading.Event()
    real = Snapshot.derived

    def slow(self, name, sql):  # this snapshot's build takes as long as the test says
        if name == trends.NARROW and Path(self.root).resolve() == Path(demo_root).resolve():
            release.wait(60)
        return real(self, name, sql)

    monkeypatch.setattr(Snapshot, "derived", slow)
    monkeypatch.setattr(data, "_OPEN", OrderedDict())  # as in a new process: nothing open yet
    st.cache_data.clear()
    try:
        at = run_app(monkeypatch, demo_root, "views/trends.py", {"unit": "posts"})
        (snap,) = data._OPEN.values()
        assert snap._warming, "the page was drawn while the monthly counts were being built"
        first = [fig["data"] for fig in figures(at)]
        assert first and all(first)
    finally:
        release.set()
    for _ in range(300):
        if not snap._warming:
            break
        time.sleep(0.1)
    assert trends._cube(snap) == trends.CUBE
    st.cache_data.clear()
    again = run_app(monkeypatch, demo_root, "views/trends.py", {"unit": "posts"})
    assert [fig["data"] for fig in figures(again)] == first


# --- a server that starts warm --------------------------------------------------------------------


def _dashboard_lines(root: Path, until: str, seconds: float = 90) -> list[str]:
    """Start `complaints dashboard` on `root` (no reader, not even a health check) and return
    its stderr lines up to the first containing `until` (or all of them after `seconds`)."""
    import os
    import queue
    import socket
    import subprocess
    import sys
    import threading
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "COMPLAINTS_SNAPSHOT"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "dashboard", "--port", str(port), "--snapshot-dir", str(root)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if until in seen[-1]:
                break
    finally:
        proc.terminate()
        proc.wait(20)
    return seen


def test_the_server_opens_the_snapshot_and_computes_the_default_views_before_any_reader(demo_root, tmp_path):
    """The first reader after a start used to wait for the pages' imports, the snapshot's
    opening and every query (at 10M posts, about 2 s more than later readers)."""
    from pipeline.trends import current_version

    lines = _dashboard_lines(demo_root, "default view ready")
    assert any(f"snapshot {current_version(demo_root)}: every page's default view ready" in line for line in lines), lines
    assert not any("No runtime found" in line or "Traceback" in line for line in lines), lines
    # No snapshot yet: it says so, without a traceback, and goes on serving.
    lines = _dashboard_lines(tmp_path / "none", "yet", seconds=60)
    assert any("no snapshot in" in line and "yet" in line for line in lines), lines
    assert not any("Traceback" in line for line in lines), lines


def test_the_synthetic_data_banner_sits_under_the_title_above_the_caption(monkeypatch, demo_root):
    """Seen in QA: on Crawl health the page's caption came between the title and the banner."""
    at = run_app(monkeypatch, demo_root, "views/health.py")
    kinds = [type(e).__name__ for e in at.main if type(e).__name__ in ("Title", "Warning", "Caption")]
    assert kinds[:3] == ["Title", "Warning", "Caption"], kinds
    assert "synthetic" in at.warning[0].value.lower()

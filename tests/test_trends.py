"""pipeline/trends.py: filters from URLs, aggregates over a snapshot, surge detection."""
from __future__ import annotations

import math
import shutil
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from crawler.mirror import democorpus
from pipeline import export, publish, surges, trends
from pipeline.models import Post, Step
from pipeline.surges import SurgeRule
from pipeline.tag import Evidence, TagResult
from pipeline.trends import Filters, Options

# --- filters ------------------------------------------------------------------------------

OPTS = Options(lenders=("功夫贷", "钱站"), themes=("threat", "fees"), sources=("heimao",), statuses=("已完成",))


def test_filters_round_trip_through_query_params():
    f = Filters(date(2024, 1, 1), date(2024, 6, 30), ("功夫贷", "钱站"), ("threat",), ("heimao",), ("已完成",))
    assert f.to_params() == {"start": "2024-01-01", "end": "2024-06-30", "lenders": "功夫贷,钱站",
                             "themes": "threat", "sources": "heimao", "statuses": "已完成"}
    assert Filters.from_params(f.to_params(), OPTS) == (f, [])
    assert Filters().to_params() == {}  # the default view has a clean URL


def test_bad_and_stale_params_are_dropped_with_a_notice():
    f, notices = Filters.from_params(
        {"start": "2024-13-01", "end": "2024-02-01", "lenders": "功夫贷,已倒闭的贷", "themes": "", "sources": ["heimao"]},
        OPTS,
    )
    assert f == Filters(end=date(2024, 2, 1), lenders=("功夫贷",), sources=("heimao",))
    assert notices == ["Ignored start='2024-13-01': not a date (YYYY-MM-DD).", "Ignored unknown lenders: 已倒闭的贷."]


def test_end_before_start_is_dropped():
    f, notices = Filters.from_params({"start": "2024-05-01", "end": "2024-04-01"})
    assert f == Filters(start=date(2024, 5, 1)) and "before start" in notices[0]


# --- surge statistics -------------------------------------------------------------------


def test_poisson_tail_matches_the_closed_form():
    assert surges.poisson_sf(0, 3.0) == 1.0
    assert surges.poisson_sf(1, 2.0) == pytest.approx(1 - math.exp(-2))
    exact = 1 - sum(math.exp(-1) / math.factorial(k) for k in range(5))
    assert surges.poisson_sf(5, 1.0) == pytest.approx(exact, rel=1e-9)
    assert surges.poisson_sf(300, 10.0) < 1e-200  # far tail: tiny, not 0 - 1 rounding noise


def _weekly(counts: list[int], lender: str = "钱站", theme: str = "threat") -> pd.DataFrame:
    weeks = pd.date_range("2024-01-01", periods=len(counts), freq="7D")
    return pd.DataFrame({"lender": lender, "theme": theme, "week": weeks, "posts": counts})


def test_a_jump_over_the_own_baseline_is_a_surge():
    found = surges.detect_surges(_weekly([4, 5, 3, 4, 6, 5, 4, 5, 4, 30, 5]))
    assert found[["week", "posts", "baseline"]].values.tolist() == [[pd.Timestamp("2024-03-04"), 30, 4.0]]
    assert found["z"].iloc[0] >= 4 and found["p"].iloc[0] < 1e-5


def test_small_numbers_short_history_and_excluded_weeks_are_not_surges():
    assert surges.detect_surges(_weekly([0, 0, 0, 0, 0, 0, 0, 4])).empty  # below min_count
    assert surges.detect_surges(_weekly([1, 1, 1, 40])).empty  # 3 weeks of history < 6
    jump = _weekly([4, 5, 3, 4, 6, 5, 4, 5, 4, 30, 5])
    assert surges.detect_surges(jump, excluded_weeks=[date(2024, 3, 4)]).empty  # a short crawl's week
    assert surges.detect_surges(_weekly([40, 38, 45, 41, 39, 44, 40, 43, 42, 47])).empty  # noise of a big series


def test_a_campaign_is_a_surge_for_all_its_weeks_and_stays_out_of_later_baselines():
    """A 4-week campaign (the demo's 京东白条 shape): the onset needs z >= 4 and p <= 1e-5; the
    weeks after it go on at z >= 2 and p <= 0.01 against the weeks BEFORE the campaign (its own
    weeks would lift the Poisson mean: the old rule found 2 of the 4 weeks)."""
    counts = [4, 2, 3, 2, 6, 3, 4, 2, 3, 17, 19, 18, 11, 2, 4]
    found = surges.detect_surges(_weekly(counts))
    assert found["posts"].tolist() == [17, 19, 18, 11]
    assert set(found["baseline"]) == {3.0}  # the campaign's weeks are not in each other's baselines
    assert found["p"].iloc[-1] > 1e-5 >= found["p"].iloc[0]  # the fourth week goes on, it would not start a surge
    ep = surges.surge_episodes(found)
    assert ep[["weeks", "posts", "peak_posts"]].values.tolist() == [[4, 65, 19]]
    # The same fourth week alone, with no onset before it, is not a surge; nor is a week after a gap.
    assert surges.detect_surges(_weekly([4, 2, 3, 2, 6, 3, 4, 2, 3, 11, 2])).empty
    assert surges.detect_surges(_weekly(counts[:12] + [2, 11, 2]))["posts"].tolist() == [17, 19, 18]
    # A rule that does not let a surge go on gives the onset weeks only.
    strict = SurgeRule(z_continue=4.0, p_continue=1e-5)
    assert surges.detect_surges(_weekly(counts), strict)["posts"].tolist() == [17, 19, 18]


def test_weeks_judged_only_when_screened_find_what_judging_every_week_finds():
    """detect_surges judges a week in Python only when the vectorised screen (its plain
    baseline's z) lets it through, or a surge week is in its window (issue 17: at ten million
    posts every week of every series reached min_count). On the demo corpus's weekly counts
    (160,000 posts: big series, planted campaigns, a flagged week) and on series of trends,
    campaigns back to back and late starts, it finds what judging every week finds."""
    gen, rows = democorpus._Gen(democorpus.SEED), []
    for _ in range(160_000):
        rec = gen.complaint("heimao")
        for theme in set(rec["truth"]["themes"]):
            rows.append((rec["lender"].canonical, theme, democorpus._naive_cst(rec["created"])))
    df = pd.DataFrame(rows, columns=["lender", "theme", "at"])
    demo = (df.assign(week=df["at"].dt.to_period("W-SUN").dt.start_time)
              .groupby(["lender", "theme", "week"]).size().rename("posts").reset_index())
    shapes = {"trend": [5 + k // 3 for k in range(60)], "twice": [3, 2, 4, 3, 2, 3, 4, 3, 20, 22, 3, 2, 25, 30, 28, 3] * 3,
              "late": [0] * 20 + [2, 3, 2, 3, 2, 3, 2, 40, 35, 3, 2], "flat": [50] * 40, "noisy": [4, 9, 2, 12, 3, 15] * 8}
    shaped = pd.concat([_weekly(c, lender=name) for name, c in shapes.items()])
    excluded = [sorted(demo["week"].unique())[30]]
    for weekly, rule in ((demo, SurgeRule()), (shaped, SurgeRule()), (shaped, SurgeRule(window=4, min_history=3, z_continue=1.0))):
        found = surges.detect_surges(weekly, rule, excluded)
        grid = weekly.pivot_table(index=["lender", "theme"], columns="week", values="posts", aggfunc="sum", fill_value=0)
        grid = grid.reindex(columns=pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="7D"), fill_value=0)
        every = []
        for (lender, theme), counts in grid.iterrows():
            start = int(np.argmax(counts.to_numpy() > 0))
            every += surges._surges_in(lender, theme, counts.iloc[start:].astype(float), rule,
                                       {pd.Timestamp(w) for w in excluded})
        assert len(found) > 3
        assert found.values.tolist() == pd.DataFrame(every, columns=found.columns).values.tolist()


def test_missing_weeks_count_as_zero():
    # Weeks with no posts are absent from the aggregate; they are zeros, not gaps.
    sparse = _weekly([2, 30]).assign(week=[pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-04")])
    found = surges.detect_surges(sparse, SurgeRule(min_history=6))
    assert found["week"].tolist() == [pd.Timestamp("2024-03-04")] and found["baseline"].iloc[0] == 0


def test_partial_weeks_at_the_ends_of_the_data():
    assert surges.partial_weeks(datetime(2024, 1, 3, 9), datetime(2024, 3, 13, 10)) == [date(2024, 1, 1), date(2024, 3, 11)]
    assert surges.partial_weeks(datetime(2024, 1, 1, 0, 5), datetime(2024, 3, 17, 23, 0)) == []


def test_the_demo_corpus_planted_surges_are_found():
    """The generator's truth for 40,000 posts: all 3 planted surges, at most 2 false alarms."""
    gen, rows = democorpus._Gen(democorpus.SEED), []
    for _ in range(40_000):
        rec = gen.complaint("heimao")
        for theme in set(rec["truth"]["themes"]):
            rows.append((rec["lender"].canonical, theme, democorpus._naive_cst(rec["created"])))
    df = pd.DataFrame(rows, columns=["lender", "theme", "at"])
    weekly = (df.assign(week=df["at"].dt.to_period("W-SUN").dt.start_time)
                .groupby(["lender", "theme", "week"]).size().rename("posts").reset_index())
    found = surges.detect_surges(weekly)
    planted = {(s.lender, s.theme): s for s in democorpus.SURGES}
    hits = found[[(l, t) in planted for l, t in zip(found["lender"], found["theme"])]]
    assert set(zip(hits["lender"], hits["theme"])) == set(planted)
    for row in hits.itertuples():
        s = planted[(row.lender, row.theme)]
        assert pd.Timestamp(s.start) <= row.week < pd.Timestamp(s.start) + pd.Timedelta(weeks=s.weeks)
    assert len(found) - len(hits) <= 2
    # Each planted surge is one episode, and 10 of their 11 weeks are found (a surge goes on
    # while it lasts; the one missed is 分期乐's first week, 11 posts against 4, too weak to start one).
    episodes = surges.surge_episodes(hits)
    assert len(episodes) == len(planted) and len(hits) >= sum(s.weeks for s in planted.values()) - 1


# --- queries over a real snapshot --------------------------------------------------------------

T0 = datetime(2024, 3, 4, 10)


@pytest.fixture
def snap(store, tmp_path):
    """8 posts: 功夫贷 x5 (3 with threat, one a duplicate), 钱站 x2, one article without lender."""
    return _published_snap(store, tmp_path)


@pytest.fixture(scope="module")
def shared_snap(tmp_path_factory):
    """`snap`'s snapshot, published once for the parametrised tests that only read it (they
    monkeypatch trends' functions, never the snapshot); tests that change it use `snap`."""
    from pipeline.store import Store

    tmp = tmp_path_factory.mktemp("shared_snap")
    store = Store(f"sqlite:///{tmp / 'complaints.db'}", create=True)
    store.init()
    try:
        yield _published_snap(store, tmp)
    finally:
        store.close()


def _published_snap(store, tmp_path):
    def post(i, day, status="处理中", source="heimao", body="催收员威胁我", steps=()):
        return Post(source, str(i), f"https://tousu.sina.com.cn/complaint/view/{i}/", f"标题{i}", body,
                    T0 + timedelta(days=day), status=status, steps=list(steps))

    reply = [Step("功夫贷", "回复", T0 + timedelta(days=1, hours=10), merchant=True)]
    store.upsert_posts([
        post(1, 0, "已完成", steps=reply), post(2, 1), post(3, 2, body="催收员威胁我，还骂人"), post(4, 2),
        post(5, 40, "已回复", body="利息太高 砍头息", steps=reply), post(6, 3, body="钱站暴力催收"),
        post(7, 35, body="钱站乱收费"), post(8, 5, "", "article", "一篇关于网贷的博客"),
    ])
    ids = {r["source_id"]: r["id"] for r in next(store.iter_frames("posts")).to_dict("records")}
    ev = [Evidence(4, 6, "催收", "threat:x")]
    store.save_tags([
        TagResult(ids["1"], ["功夫贷"], {"threat": ev}), TagResult(ids["2"], ["功夫贷"], {"threat": ev}),
        TagResult(ids["3"], ["功夫贷"], {"threat": ev, "insult": ev}), TagResult(ids["4"], ["功夫贷"], {"threat": ev}),
        TagResult(ids["5"], ["功夫贷", "钱站"], {"fees": ev}), TagResult(ids["6"], ["钱站"], {"threat": ev}),
        TagResult(ids["7"], ["钱站"], {"fees": ev}), TagResult(ids["8"], [], {}),
    ], "v1")
    store.link_duplicates([(ids["3"], ids["4"])])
    publish.publish(store, tmp_path / "snap")
    return trends.Snapshot(tmp_path / "snap")


@pytest.fixture
def campaign(store, tmp_path):
    """功夫贷 in March 2024: a template campaign (5 posts, one title, 4 authors) and 2 organic
    posts; all with threat except one organic post. 钱站: 1 organic post."""
    def post(i, title, author, lender_day=0):
        return Post("heimao", f"c{i}", f"https://tousu.sina.com.cn/complaint/view/c{i}/", title, f"催收员第{i}次威胁我",
                    T0 + timedelta(days=lender_day), author=author)

    template = "投诉功夫贷高利贷、欺诈"
    store.upsert_posts([post(i, template, f"用户{i % 4}", i) for i in range(5)]
                       + [post(5, "功夫贷催收骚扰", "甲", 6), post(6, "功夫贷利息太高", "乙", 7), post(7, "钱站催收", "丙", 8)])
    ids = {r["source_id"]: r["id"] for r in next(store.iter_frames("posts")).to_dict("records")}
    ev = [Evidence(4, 6, "催收", "threat:x")]
    store.save_tags([TagResult(ids[f"c{i}"], ["功夫贷"], {"threat": ev}) for i in range(6)]
                    + [TagResult(ids["c6"], ["功夫贷"], {"fees": ev}), TagResult(ids["c7"], ["钱站"], {"threat": ev})], "v1")
    publish.publish(store, tmp_path / "snap")
    return trends.Snapshot(tmp_path / "snap")


def test_trend_counts_are_distinct_stories_by_default_and_all_posts_on_request(campaign):
    march = pd.Timestamp("2024-03-01")

    def cell(df):
        row = df[(df["lender"] == "功夫贷") & (df["period"] == march)].iloc[0]
        return row["posts"], row["themed"], row["unit"]

    assert cell(trends.over_time(campaign, Filters(themes=("threat",)))) == (3, 2, "stories")  # the campaign once
    assert cell(trends.over_time(campaign, Filters(themes=("threat",)), unit="posts")) == (7, 6, "posts")
    heat = trends.heatmap(campaign, Filters())
    threat = heat[(heat["lender"] == "功夫贷") & (heat["theme"] == "threat")].iloc[0]
    assert (threat["posts"], threat["share"]) == (2, pytest.approx(2 / 3))
    heat = trends.heatmap(campaign, Filters(), unit="posts")
    assert heat[(heat["lender"] == "功夫贷") & (heat["theme"] == "threat")]["posts"].iloc[0] == 6
    mix = trends.theme_mix(campaign, Filters(), "功夫贷").set_index("theme")
    assert mix.loc["threat", "lender_share"] == pytest.approx(2 / 3)  # 2 of 3 stories
    assert mix.loc["threat", "market_share"] == pytest.approx(3 / 4)  # 3 of 4 stories
    mix = trends.theme_mix(campaign, Filters(), "功夫贷", unit="posts").set_index("theme")
    assert mix.loc["threat", "lender_share"] == pytest.approx(6 / 7)
    with pytest.raises(ValueError, match="unit"):
        trends.over_time(campaign, Filters(), unit="people")


def test_a_snapshot_without_stories_counts_each_post_as_its_story(campaign):
    shutil.rmtree(campaign.path / "stories.parquet")  # a directory: one file per posts/ file (pipeline/publish.py)
    old = trends.Snapshot(campaign.root)
    df = trends.over_time(old, Filters())
    assert df[df["lender"] == "功夫贷"]["posts"].sum() == 7


def test_published_monthly_counts_are_what_a_reader_would_count(campaign):
    def figures(snap):
        f = Filters(start=date(2024, 3, 5))  # a partial month: read from the posts, the rest from the counts
        return [trends.options(snap), trends.totals(snap, Filters())["posts"],
                *(fn(snap, flt, unit=unit) for fn in (trends.over_time, trends.heatmap)
                  for flt in (Filters(), f, Filters(themes=("threat",))) for unit in ("stories", "posts"))]

    assert all((campaign.path / name).exists() for name in trends.COUNT_FILES.values())
    published = figures(campaign)
    for name in trends.COUNT_FILES.values():
        (campaign.path / name).unlink()
    counted = figures(trends.Snapshot(campaign.root))
    assert published[:2] == counted[:2]
    for a, b in zip(published[2:], counted[2:]):
        pd.testing.assert_frame_equal(a, b)


def test_options_list_lenders_by_volume(snap):
    opts = trends.options(snap)
    assert opts.lenders == ("功夫贷", "钱站") and opts.themes == ("fees", "insult", "threat")
    assert opts.statuses == ("处理中", "已回复", "已完成") and opts.first_day == date(2024, 3, 4)


def test_totals_count_duplicates_once(snap):
    tot = trends.totals(snap, Filters())
    assert (tot["posts"], tot["duplicates"], tot["lenders"], tot["themed"]) == (7, 1, 2, 6)
    assert dict(zip(tot["by_source"]["source"], tot["by_source"]["posts"])) == {"heimao": 6, "article": 1}


def test_share_with_a_theme_narrows_the_numerator_only(snap):
    df = trends.over_time(snap, Filters(themes=("threat",)), "month")
    march = df[(df["lender"] == "功夫贷") & (df["period"] == pd.Timestamp("2024-03-01"))].iloc[0]
    assert (march["posts"], march["themed"], march["share"]) == (3, 3, 1.0)
    april = df[(df["lender"] == "功夫贷") & (df["period"] == pd.Timestamp("2024-04-01"))].iloc[0]
    assert (april["posts"], april["themed"]) == (1, 0)  # post 5: fees only


def test_a_post_counts_for_its_primary_lender_only(snap):
    heat = trends.heatmap(snap, Filters())
    fees = dict(zip(heat[heat["theme"] == "fees"]["lender"], heat[heat["theme"] == "fees"]["posts"]))
    assert fees == {"功夫贷": 1, "钱站": 1}  # post 5 names 钱站 second: not counted for it
    mix = trends.theme_mix(snap, Filters(), "钱站").set_index("theme")
    assert mix.loc["threat", "lender_share"] == 0.5 and mix.loc["threat", "market_share"] == pytest.approx(4 / 7)


def test_date_and_status_filters(snap):
    # 6-9 March, both days included: posts 3 (its copy 4 not counted), 6 and 8.
    assert trends.totals(snap, Filters(start=date(2024, 3, 6), end=date(2024, 3, 9)))["posts"] == 3
    assert trends.totals(snap, Filters(start=date(2024, 3, 6), end=date(2024, 3, 8)))["posts"] == 2
    assert trends.totals(snap, Filters(statuses=("已完成", "已回复")))["posts"] == 2


def test_chinese_search_finds_substrings_and_requires_every_word(snap):
    rows, total = trends.posts(snap, Filters(), "催收")
    assert total == 5 and set(rows["source_id"]) == {"1", "2", "3", "4", "6"}  # 暴力催收 included
    assert trends.posts(snap, Filters(), "催收 骂人")[1] == 1
    assert trends.posts(snap, Filters(), "钱站")[1] == 2  # the lender name matches too
    assert trends.posts(snap, Filters(), "'; DROP TABLE posts; --")[1] == 0  # a parameter, not SQL
    rows, total = trends.posts(snap, Filters(), "", limit=3, offset=0)
    assert total == 8 and rows["source_id"].tolist() == ["5", "7", "8"]  # newest first


@pytest.mark.parametrize("query", ["催收", "催收 骂人", "钱站", "通讯录", "QQ"])
@pytest.mark.parametrize("f", [Filters(lenders=("功夫贷",)), Filters(lenders=("钱站",), statuses=("已完成", "已回复")),
                               Filters(start=date(2024, 3, 6), end=date(2024, 3, 9)), Filters(themes=("threat",)),
                               Filters(lenders=("不存在的贷",))])
def test_search_within_filters_finds_the_filtered_posts_that_match(shared_snap, f, query):
    """The search words are tested on the posts the filters keep (CASE WHEN, for speed): the
    posts found are those of the filters that the search alone finds, in the same order, and the
    export's count (count_posts) is the page's total."""
    snap = shared_snap
    from pipeline import export

    found, total = trends.posts(snap, f, query, limit=100)
    filtered = trends.posts(snap, f, "", limit=100)[0]
    searched = set(trends.posts(snap, Filters(), query, limit=100)[0]["id"])
    assert found["id"].tolist() == [i for i in filtered["id"] if i in searched]
    assert total == len(found) == trends.search_total(snap, f, query)
    assert export.count_posts(snap, export.ExportRequest(f, query=query)) == total


def test_search_reads_text_like_the_tagger(store, tmp_path):
    """通讯录 finds 通訊錄 (traditional), 通 讯 录 (spaced) and ＱＱ finds qq: the tagger's normaliser."""
    bodies = ["催收爆我通讯录", "催收爆我通訊錄", "催收爆我通 讯 录", "加我ＱＱ骚扰", "利息太高"]
    store.upsert_posts([Post("heimao", str(i), f"https://tousu.sina.com.cn/complaint/view/{i}/", f"标题{i}", b,
                             T0 + timedelta(days=i)) for i, b in enumerate(bodies)])
    publish.publish(store, tmp_path / "snap")
    s = trends.Snapshot(tmp_path / "snap")
    rows, total = trends.posts(s, Filters(), "通讯录")
    assert total == 3 and set(rows["source_id"]) == {"0", "1", "2"}
    assert trends.posts(s, Filters(), "通訊錄")[1] == 3  # the query may be traditional too
    assert trends.posts(s, Filters(), "qq")[1] == 1 and trends.posts(s, Filters(), "QQ 骚扰")[1] == 1
    assert trends.posts(s, Filters(), "利息")[1] == 1


def test_responses_replied_completed_and_time_to_reply(snap):
    df = trends.responses(snap, Filters(), min_posts=1).set_index("lender")
    assert df.loc["功夫贷", "posts"] == 4  # the duplicate and the article are out
    assert df.loc["功夫贷", "replied_share"] == 0.5 and df.loc["功夫贷", "completed_share"] == 0.25
    assert df.loc["功夫贷", "hours_to_reply"] == pytest.approx(34.0)  # 1 day 10 h after the post
    assert df.loc["功夫贷", "volume_rank"] == 1 and df.loc["钱站", "replied_share"] == 0


def test_freshness_warns_about_old_and_short_crawls():
    runs = pd.DataFrame({"source": ["heimao", "heimao"], "finished_at": [datetime(2024, 1, 1), datetime(2024, 1, 2)],
                         "healthy": [True, False], "finish_reason": ["finished", "too few items"]})
    warnings = trends.freshness({"last_crawl": "2024-01-02 00:00:00"}, runs, datetime(2024, 1, 10))
    assert "8 days" in warnings[0] and "too few items" in warnings[1]
    assert trends.freshness({"last_crawl": "2024-01-02 00:00:00"}, runs.iloc[:1], datetime(2024, 1, 2, 5)) == []
    assert "No crawl run" in trends.freshness({}, pd.DataFrame(), datetime(2024, 1, 2))[0]


def test_missing_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(trends.SnapshotMissing, match="complaints publish"):
        trends.Snapshot(tmp_path)
    (tmp_path / "CURRENT").write_text("gone\n")
    with pytest.raises(trends.SnapshotMissing, match="missing"):
        trends.Snapshot(tmp_path)


def test_theme_bits_and_the_list_fallback_agree(snap):
    assert snap.bits == {"fees": 0, "insult": 1, "threat": 2}
    f = Filters(themes=("insult", "fees"))
    fast = trends.totals(snap, f)["posts"], trends.over_time(snap, f)["themed"].sum()
    snap.bits = {}  # a snapshot with more themes than bits filters on the list column instead
    assert (trends.totals(snap, f)["posts"], trends.over_time(snap, f)["themed"].sum()) == fast == (3, 3)


def test_search_totals_are_capped_but_pages_still_come(snap, monkeypatch):
    monkeypatch.setattr(trends, "SEARCH_COUNT_CAP", 2)
    rows, total = trends.posts(snap, Filters(), "催收", limit=2)
    assert total == 3 and len(rows) == 2  # cap + 1 means "more than the cap"
    assert trends.posts(snap, Filters(), "", limit=2)[1] == 8  # no search: exact count


@pytest.mark.parametrize("cap", [2, 10_000])
def test_search_totals_are_the_same_counted_whole_or_up_to_the_cap(snap, monkeypatch, cap):
    """Where the filters keep few posts the matches are counted whole (in parallel), else up
    to the cap: the same totals either way, the cap included."""
    monkeypatch.setattr(trends, "SEARCH_COUNT_CAP", cap)
    cases = [(f, q) for f in (Filters(), Filters(lenders=("功夫贷",)), Filters(themes=("threat",)),
                               Filters(start=date(2024, 3, 6), end=date(2024, 3, 9)))
             for q in ("催收", "催收 骂人", "通讯录", "钱站")]
    monkeypatch.setattr(trends, "SEARCH_EXACT_BELOW", 10**9)
    whole = [trends.search_total(snap, f, q) for f, q in cases]
    monkeypatch.setattr(trends, "SEARCH_EXACT_BELOW", 0)
    capped = [trends.search_total(snap, f, q) for f, q in cases]
    assert whole == capped and max(whole) == min(cap + 1, 5) and min(whole) == 0


def test_periods_without_posts_are_zeros_not_gaps(snap):
    df = trends.over_time(snap, Filters(lenders=("钱站",)), "week")
    # 钱站: a post in the week of 2024-03-04 and one in the week of 2024-04-08, none between.
    assert df["period"].dt.strftime("%m-%d").tolist() == ["03-04", "03-11", "03-18", "03-25", "04-01", "04-08"]
    assert df["posts"].tolist() == [1, 0, 0, 0, 0, 1] and df["share"].tolist()[1] == 0.0


# --- lender ranking, Wilson intervals, incomplete periods, surge episodes ----------------------------


def test_wilson_interval_matches_published_values():
    # Newcombe (1998), Table I: 81/263 -> 0.2553 to 0.3662; 0/10 -> 0 to 0.2775.
    low, high = trends.wilson([81, 0, 5], [263, 10, 0])
    assert low[0] == pytest.approx(0.2553, abs=1e-4) and high[0] == pytest.approx(0.3662, abs=1e-4)
    assert low[1] == 0 and high[1] == pytest.approx(0.2775, abs=1e-4)
    assert np.isnan(low[2]) and np.isnan(high[2])  # no posts: no interval


def test_lender_ranking_counts_shares_and_the_minimum(snap):
    df = trends.lender_ranking(snap, Filters(), "threat", min_posts=3)
    rows = df.set_index("lender")
    assert (rows.loc["功夫贷", "themed"], rows.loc["功夫贷", "posts"]) == (3, 4)  # the duplicate counts once
    assert (rows.loc["钱站", "themed"], rows.loc["钱站", "posts"]) == (1, 2)
    assert rows.loc["功夫贷", "share"] == 0.75 and rows.loc["功夫贷", "rank"] == 1 and rows.loc["功夫贷", "ranked"]
    assert not rows.loc["钱站", "ranked"] and pd.isna(rows.loc["钱站", "rank"])  # 2 posts < 3: listed, not ranked
    assert rows.loc["功夫贷", "low"] < 0.75 < rows.loc["功夫贷", "high"]
    # The posts behind each number: the same function's filters.
    for lender in ("功夫贷", "钱站"):
        for themed, column in ((True, "themed"), (False, "posts")):
            posts, _ = trends.posts(snap, trends.ranking_filters(Filters(), "threat", lender, themed), limit=100)
            assert int(posts["counted"].sum()) == rows.loc[lender, column]
    # The theme filter is the default theme; without any, "any theme".
    assert trends.lender_ranking(snap, Filters(themes=("fees",))).set_index("lender").loc["钱站", "themed"] == 1
    assert trends.lender_ranking(snap, Filters()).set_index("lender").loc["功夫贷", "themed"] == 4


def test_the_current_incomplete_period_is_marked(snap):
    df = trends.over_time(snap, Filters(lenders=("功夫贷",)), "month")
    assert df.set_index("period")["complete"].to_dict() == {pd.Timestamp("2024-03-01"): True,
                                                            pd.Timestamp("2024-04-01"): False}
    cut = trends.over_time(snap, Filters(lenders=("功夫贷",), end=date(2024, 3, 20)), "month")
    assert cut["complete"].tolist() == [False]  # the end filter cuts March short


def test_consecutive_surge_weeks_are_one_episode():
    weeks = pd.to_datetime(["2024-03-04", "2024-03-11", "2024-03-18", "2024-04-15"])
    found = pd.DataFrame({"lender": "钱站", "theme": "threat", "week": weeks, "posts": [9, 14, 8, 7],
                          "baseline": 2.0, "mad": 0.0, "z": [5.0, 8.0, 4.5, 4.1], "p": [1e-6, 1e-9, 1e-6, 1e-6],
                          "ratio": 3.0})
    other = found.iloc[:1].assign(lender="功夫贷")
    ep = surges.surge_episodes(pd.concat([found, other]))
    assert len(ep) == 3
    campaign = ep[(ep["lender"] == "钱站") & (ep["weeks"] == 3)].iloc[0]
    assert (campaign["start"], campaign["end"], campaign["peak"]) == (weeks[0], weeks[2], weeks[1])
    assert (campaign["posts"], campaign["peak_posts"]) == (31, 14)
    assert surges.surge_episodes(found.iloc[0:0]).empty


CUBE_FILTERS = [
    Filters(), Filters(lenders=("功夫贷",)), Filters(themes=("threat",)), Filters(themes=("threat", "fees")),
    Filters(lenders=("钱站",), themes=("fees",)), Filters(statuses=("处理中",), sources=("heimao",)),
    Filters(start=date(2024, 3, 1), end=date(2024, 3, 31)), Filters(start=date(2024, 3, 6)),
    Filters(end=date(2024, 4, 10), themes=("threat",)), Filters(start=date(2024, 3, 5), end=date(2024, 3, 7)),
    Filters(start=date(2024, 3, 6), end=date(2024, 4, 9)), Filters(start=date(2024, 4, 1)),
    Filters(start=date(2024, 3, 6), end=date(2024, 4, 9), themes=("fees",)), Filters(lenders=("无此机构",), themes=("fees",)),
]


def _comparable(totals: dict) -> dict:
    """totals() with its by_source frame as rows and a missing date as None (NaT != NaT)."""
    return {k: (v.to_dict("records") if isinstance(v, pd.DataFrame) else None if v is None or pd.isna(v) else v)
            for k, v in totals.items()}


@pytest.mark.parametrize("f", CUBE_FILTERS, ids=lambda f: f.describe())
def test_monthly_counts_give_the_numbers_the_posts_give(shared_snap, monkeypatch, f):
    """The charts' monthly counts (whole months from the table, partial ones from the posts)
    against the same queries over the posts: identical frames, duplicates and no-lender posts included."""
    snap = shared_snap
    lender = f.lenders[0] if f.lenders else "功夫贷"
    calls = {
        "top_lenders": lambda: trends.top_lenders(snap, f, 8),
        "over_time": lambda: trends.over_time(snap, f, "month", unit="posts"),
        "heatmap": lambda: trends.heatmap(snap, f, unit="posts"),
        "theme_mix": lambda: trends.theme_mix(snap, f, lender, unit="posts"),
        # Stories: single-post stories summed, the stories of several posts counted distinct per cell.
        "over_time_stories": lambda: trends.over_time(snap, f, "month", unit="stories"),
        "heatmap_stories": lambda: trends.heatmap(snap, f, unit="stories"),
        "theme_mix_stories": lambda: trends.theme_mix(snap, f, lender, unit="stories"),
        "ranking": lambda: trends.lender_ranking(snap, f, "threat", 1),
        "ranking_any": lambda: trends.lender_ranking(snap, f, "", 1),
        "table": lambda: trends.lender_theme_table(snap, f),
        "ranking_posts": lambda: trends.lender_ranking(snap, f, "threat", 1, unit="posts"),
        "ranking_any_posts": lambda: trends.lender_ranking(snap, f, "", 1, unit="posts"),
        "table_posts": lambda: trends.lender_theme_table(snap, f, unit="posts"),
        "count": lambda: export.count_posts(snap, export.ExportRequest(f)),
        # The overview's numbers: one theme from its column, its first and last dates from its months' posts.
        "totals": lambda: _comparable(trends.totals(snap, f, "posts")),
        "totals_stories": lambda: _comparable(trends.totals(snap, f, "stories")),
    }
    fast = {name: fn() for name, fn in calls.items()}
    assert trends._cube(snap) == trends.CUBE  # the table is there: the fast path ran
    assert snap.query(f"SELECT count(*) AS n FROM {trends.MULTI}").n[0] > 0  # 3 and 4: one story of two posts
    monkeypatch.setattr(trends, "_cube_for", lambda *a, **k: None)
    for name, fn in calls.items():
        slow = fn()
        if isinstance(slow, pd.DataFrame):
            pd.testing.assert_frame_equal(fast[name].reset_index(drop=True), slow.reset_index(drop=True), obj=name)
        else:
            assert fast[name] == slow, name


@pytest.mark.parametrize("f", [*CUBE_FILTERS, Filters(themes=("no_such_theme",))], ids=lambda f: f.describe())
def test_responses_from_the_published_file_equal_the_posts(shared_snap, monkeypatch, f):
    """The Responses page reads responses.parquet (narrow, minutes to the first reply) instead
    of the posts: the same volumes, shares and median hours, to the last digit."""
    snap = shared_snap
    fast = {unit: trends.responses(snap, f, min_posts=1, unit=unit) for unit in trends.UNITS}
    assert (trends._responding(snap, f) is not None) == ("no_such_theme" not in f.themes)
    assert trends.responses(snap, Filters(), min_posts=1)["hours_to_reply"].notna().any()  # replies in the data
    monkeypatch.setattr(trends, "_responding", lambda *a: None)
    for unit in trends.UNITS:  # (stories: a mean of fractions, summed in another order: to 1e-12)
        pd.testing.assert_frame_equal(fast[unit], trends.responses(snap, f, min_posts=1, unit=unit),
                                      check_exact=unit == "posts", rtol=1e-12)


def test_a_snapshot_with_one_responses_file_reads_it(snap):
    """Snapshots published before the month files hold one responses.parquet: still read."""
    import pyarrow.parquet as pq

    expected = {unit: trends.responses(snap, Filters(), min_posts=1, unit=unit) for unit in trends.UNITS}
    folder = snap.path / trends.RESPONSES_DIR
    assert len(list(folder.glob("*.parquet"))) >= 2  # one per month
    pq.write_table(pq.read_table(folder), snap.path / trends.RESPONSES_FILE)
    shutil.rmtree(folder)
    old = trends.Snapshot(snap.root)
    assert trends._responding(old, Filters()) is not None
    for unit in trends.UNITS:
        pd.testing.assert_frame_equal(trends.responses(old, Filters(), min_posts=1, unit=unit), expected[unit],
                                      check_exact=unit == "posts", rtol=1e-12)


def test_a_snapshot_without_the_responses_file_reads_the_posts(snap):
    expected = {unit: trends.responses(snap, Filters(), min_posts=1, unit=unit) for unit in trends.UNITS}
    shutil.rmtree(snap.path / trends.RESPONSES_DIR)
    old = trends.Snapshot(snap.root)
    assert trends._responding(old, Filters()) is None
    for unit in trends.UNITS:
        pd.testing.assert_frame_equal(trends.responses(old, Filters(), min_posts=1, unit=unit), expected[unit],
                                      check_exact=unit == "posts", rtol=1e-12)


def test_weekly_series_from_the_published_counts_equal_post_themes(snap):
    """A surge's chart reads the published weekly counts: the frame post_themes gives."""
    pairs = [("功夫贷", "threat"), ("钱站", "fees"), ("功夫贷", "fees"), ("无此机构", "threat")]
    fast = [trends.weekly_series(snap, lender, theme) for lender, theme in pairs]
    assert trends.WEEKLY in snap._derived and fast[0]["posts"].sum() > 0
    (snap.path / trends.WEEKLY_FILE).unlink()
    old = trends.Snapshot(snap.root)
    for (lender, theme), got in zip(pairs, fast):
        pd.testing.assert_frame_equal(got, trends.weekly_series(old, lender, theme), check_exact=True)


def test_options_from_the_monthly_counts_equal_the_posts(snap, monkeypatch):
    fast = trends.options(snap)
    assert trends._cube(snap) == trends.CUBE
    monkeypatch.setattr(trends, "_cube", lambda s: None)
    assert trends.options(snap) == fast and fast.lenders == ("功夫贷", "钱站")


def test_monthly_counts_built_in_the_background_while_queries_read_the_posts(snap, monkeypatch):
    """The dashboard builds the monthly counts on a thread (prepare(background=True)): counts of
    posts meanwhile read the posts, with the numbers the table gives once built; counts of
    distinct stories (slow over the posts) wait for the table."""
    import threading

    release = threading.Event()
    real = type(snap).derived

    def slow(self, name, sql):  # the build takes as long as the test says
        if name == trends.NARROW:
            release.wait(30)
        return real(self, name, sql)

    def queries():
        return {"over_time": trends.over_time(snap, Filters(), "month", unit="posts"),
                "heatmap": trends.heatmap(snap, Filters(), unit="posts"),
                "ranking": trends.lender_ranking(snap, Filters(), "threat", 1, unit="posts"),
                "totals": trends.totals(snap, Filters())["by_source"], "options": trends.options(snap)}

    monkeypatch.setattr(type(snap), "derived", slow)
    thread = trends.prepare(snap, background=True)
    stories: list = []
    waiting = threading.Thread(target=lambda: stories.append(trends.heatmap(snap, Filters(), unit="stories")))
    try:
        assert thread.is_alive() and trends._cube(snap) is None  # not waited for: the posts answer
        meanwhile = queries()
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and not stories, "a count of stories waits for the table"
        assert thread.is_alive() and trends.CUBE not in snap._derived
    finally:
        release.set()
        thread.join(30)
        waiting.join(30)
    assert not thread.is_alive() and trends._cube(snap) == trends.CUBE
    pd.testing.assert_frame_equal(stories[0], trends.heatmap(snap, Filters(), unit="stories"))
    built = queries()
    for name, frame in meanwhile.items():
        if isinstance(frame, pd.DataFrame):
            pd.testing.assert_frame_equal(frame, built[name], obj=name)
        else:
            assert frame == built[name]

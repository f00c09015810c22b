"""Rules as data (data/rules.yaml, pipeline/rules.py): scope by lender type, "scope unknown",
re-derivation without re-tagging, and every number recounted from the posts behind it."""
from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import facts as fx
from pipeline import publish
from pipeline import rules as rl
from pipeline.models import Post
from pipeline.store import Store
from pipeline.tag import Tagger
from pipeline.trends import Filters, Snapshot

SPEC_RULES = {"cba2026-night", "cba2026-attempts", "cba2026-third-party", "cba2026-prohibited-threats",
              "cba2026-impersonation", "cba2026-disclosure", "nifa-calls", "app-necessary-data-2021", "smallloan-cost-2025"}


@functools.cache
def _tagger() -> Tagger:
    return Tagger()


def fact_rows(text: str) -> list[dict]:
    return fx.fact_rows(_tagger().tag_text(text).facts)


def ids(rows: list[tuple[str, str, list]], status: str = rl.IN_SCOPE) -> set[str]:
    return {rid for rid, st, _ in rows if st == status}


def test_rules_file_has_every_rule_of_the_spec_with_its_source():
    rules = rl.load_rules()
    assert {r.id for r in rules} == SPEC_RULES
    for r in rules:
        assert r.source and r.behaviour and r.instrument and r.scope
        assert r.source_url.startswith(("https://", "http://")), r.id  # a link beside every rule
        assert r.wording_checked is False  # nobody has compared them with the official texts yet


def test_night_call_in_and_out_of_scope():
    rows = fact_rows("借款逾期，催收凌晨两点打电话。")
    rules = rl.load_rules()
    assert "cba2026-night" in ids(rl.rules_for(rows, [], "bank", rules))
    assert "cba2026-night" not in {rid for rid, _, _ in rl.rules_for(rows, [], "small_loan", rules)}
    unknown = rl.rules_for(rows, [], None, rules)
    assert ids(unknown) == set() and "cba2026-night" in ids(unknown, rl.SCOPE_UNKNOWN)


def test_calls_per_day_thresholds():
    rows = fact_rows("借款逾期，催收一天打五个电话。")
    rules = rl.load_rules()
    assert "nifa-calls" in ids(rl.rules_for(rows, [], "internet_platform", rules))
    assert "cba2026-attempts" not in ids(rl.rules_for(rows, [], "bank", rules))  # 5 is not more than 6
    rows = fact_rows("借款逾期，催收一天三十多个电话。")
    assert "cba2026-attempts" in ids(rl.rules_for(rows, [], "bank", rules))


def test_third_party_rule_spares_the_spouse_and_emergency_contact():
    rules = rl.load_rules()
    assert "cba2026-third-party" not in ids(rl.rules_for(fact_rows("催收给我老婆打电话，借款逾期。"), [], "bank", rules))
    assert "cba2026-third-party" in ids(rl.rules_for(fact_rows("催收打给我妈，借款逾期。"), [], "bank", rules))
    # a threat to call is no contact: the threats rule, not the third-party rule
    assert "cba2026-third-party" not in ids(rl.rules_for(fact_rows("催收说要打给我领导，借款逾期。"), [], "bank", rules))


def test_address_book_and_rate_rules():
    rules = rl.load_rules()
    assert "app-necessary-data-2021" in ids(rl.rules_for(fact_rows("逾期后催收爆了我的通讯录。"), [], "small_loan", rules))
    assert "smallloan-cost-2025" in ids(rl.rules_for(fact_rows("借款年化36%。"), [], "small_loan", rules))
    assert "smallloan-cost-2025" not in ids(rl.rules_for(fact_rows("借款年化18%。"), [], "small_loan", rules))


def test_themes_trigger_the_threats_rule():
    rules = rl.load_rules()
    assert "cba2026-prohibited-threats" in ids(rl.rules_for([], ["threat"], "consumer_finance", rules))
    assert rl.rules_for([], ["fees"], "consumer_finance", rules) == []


def test_lender_types_unknown_where_not_recorded(tmp_path):
    path = tmp_path / "lenders.yaml"
    path.write_text("lenders:\n  - {name: 甲贷, type: bank}\n  - {name: 乙贷}\n  - {name: 丙贷, type: pawnshop}\n", encoding="utf-8")
    assert rl.lender_types(path) == {"甲贷": "bank", "乙贷": None, "丙贷": None}


@pytest.mark.parametrize("body, message", [
    ("rules:\n  - {id: x, instrument: a, issuer: b, date: c, scope: [bank], behaviour: d, source: e, wording_checked: false, trigger: [{fact: nap}]}",
     "unknown fact 'nap'"),
    ("rules:\n  - {id: x, instrument: a, issuer: b, date: c, scope: [pawnshop], behaviour: d, source: e, wording_checked: false, trigger: [{fact: violence}]}",
     "scope must list lender types"),
    ("rules:\n  - {id: x, instrument: a, issuer: b, date: c, scope: [bank], behaviour: d, trigger: [{fact: violence}]}",
     "missing source, wording_checked"),
    ("rules: []", "expected a list"),
])
def test_bad_rules_file_is_explained(tmp_path, body, message):
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(rl.RulesError, match=message):
        rl.load_rules(path)


def test_classify_lists_rules_for_the_lenders_type():
    facts = _tagger().tag_text("借款逾期，催收凌晨两点打电话。").facts
    types = {"甲贷": "bank", "乙贷": None}
    assert rl.post_rules(facts, [], "甲贷", types=types) == ["cba2026-night"]
    assert rl.post_rules(facts, [], "乙贷", types=types) == ["scope_unknown:cba2026-night"]


# --- a real store, tagged and published: numbers recounted from their posts --------------------

TEXTS = [
    ("功夫贷", "功夫贷暴力催收", "逾期三天，催收凌晨两点打电话，还打给我妈。", "张三"),
    ("功夫贷", "功夫贷暴力催收", "逾期后催收一天三十多个电话，爆了我的通讯录。", "李四"),
    ("钱站", "钱站高利贷", "借款合同8000到账5000，年化36%，催收骚扰我的同事。", "王五"),
    ("钱站", "钱站催收", "催收说要打给我领导，逾期一天。", "赵六"),
    ("拍拍贷", "拍拍贷催收", "催收P图发给亲友，借款逾期。", "孙七"),
]
# a template campaign: one title, different authors, several posts
TEMPLATE = [("功夫贷", "投诉功夫贷高利贷、欺诈", f"借款逾期第{i}天，催收爆了我的通讯录。", f"用户{i}") for i in range(6)]


def _posts() -> list[Post]:
    out = []
    for i, (target, title, body, author) in enumerate(TEXTS + TEMPLATE):
        month = 6 if i % 2 else 7
        out.append(Post("heimao", f"r{i}", f"https://tousu.sina.com.cn/complaint/view/r{i}/", title, body,
                        datetime(2025, month, 3 + i, 10), author=author, target=target, status="处理中"))
    return out


def build(directory: Path, monkeypatch, rules_file: Path | None = None) -> Snapshot:
    """Store, tag, publish with a lender registry that records 功夫贷 and 钱站 but not 拍拍贷."""
    lenders = directory / "lenders.yaml"
    lenders.write_text("lenders:\n  - {name: 功夫贷, type: small_loan}\n  - {name: 钱站, type: internet_platform}\n",
                       encoding="utf-8")
    monkeypatch.setattr(rl, "LENDERS_FILE", lenders)
    if rules_file:
        monkeypatch.setattr(rl, "RULES_FILE", rules_file)
    db = directory / "c.db"
    store = Store(f"sqlite:///{db}", create=True)
    store.init()
    if not store.count_posts():
        store.upsert_posts(_posts())
        tagger = _tagger()
        for batch in store.posts_to_tag(tagger.version, 100):
            store.save_tags(tagger.tag_many(batch), tagger.version)
    result = publish.publish(store, directory / "snapshot")
    store.close()
    return Snapshot(directory / "snapshot", result.version)


def test_facts_reach_the_store_and_the_snapshot(tmp_path, monkeypatch):
    snap = build(tmp_path, monkeypatch)
    facts = snap.query(f"SELECT * FROM read_parquet('{snap.path / 'post_facts.parquet'}')")
    assert {"night_contact", "calls_per_day", "head_fee", "stated_apr", "contacted", "image_abuse"} <= set(facts["fact"])
    row = facts[facts["fact"] == "calls_per_day"].iloc[0]
    assert json.loads(row["value"]) == 30 and json.loads(row["evidence"])[0]["text"].startswith("一天三十多个电话")


@pytest.mark.parametrize("unit", ["stories", "posts"])
@pytest.mark.parametrize("status", [rl.IN_SCOPE, rl.SCOPE_UNKNOWN])
def test_every_number_recounts_from_its_posts(tmp_path, monkeypatch, unit, status):
    snap = build(tmp_path, monkeypatch)
    table = rl.cell_table(snap, Filters(), unit=unit, status=status)
    assert len(table)
    for row in table.itertuples():
        posts = rl.cell_posts(snap, Filters(), lender=row.lender, rule=row.rule, month=row.month, status=status)
        assert row.count == (posts["story_id"].nunique() if unit == "stories" else len(posts))
        assert set(posts["month"]) == {row.month} and set(posts["lender"]) == {row.lender}
        for ev in posts["evidence"]:  # the evidence of every listed post points into its text
            assert json.loads(ev)[row.rule] or row.rule == "cba2026-prohibited-threats"


def test_scope_follows_the_lender_registry(tmp_path, monkeypatch):
    snap = build(tmp_path, monkeypatch)
    inside = rl.cell_table(snap, Filters(), status=rl.IN_SCOPE, by_month=False)
    unknown = rl.cell_table(snap, Filters(), status=rl.SCOPE_UNKNOWN, by_month=False)
    assert set(inside["lender"]) <= {"功夫贷", "钱站"} and set(unknown["lender"]) == {"拍拍贷"}
    pairs = set(zip(inside["lender"], inside["rule"]))
    assert ("功夫贷", "smallloan-cost-2025") not in pairs  # 功夫贷's posts state no rate
    assert ("钱站", "nifa-calls") in pairs and ("钱站", "smallloan-cost-2025") not in pairs  # an internet platform
    assert ("功夫贷", "app-necessary-data-2021") in pairs


@pytest.mark.parametrize("fast", [True, False])
def test_counts_without_shares_are_the_table_without_its_base(tmp_path, monkeypatch, fast):
    """The page's chart asks for the counts alone (shares=False: no base to compute): the same
    lenders, rules and counts as the table, in both units, both paths, with filters."""
    snap = build(tmp_path, monkeypatch)
    monkeypatch.setattr(rl, "_fast", lambda s, real=rl._fast: fast and real(s))
    for f in (Filters(), Filters(lenders=("功夫贷",)), Filters(sources=("heimao",)), Filters(lenders=("不存在的贷",))):
        for unit in ("stories", "posts"):
            for by_month in (True, False):
                whole = rl.cell_table(snap, f, unit=unit, by_month=by_month)
                alone = rl.cell_table(snap, f, unit=unit, by_month=by_month, shares=False)
                assert "base" not in alone.columns and "share" not in alone.columns
                pd.testing.assert_frame_equal(alone, whole.drop(columns=["base", "share"]), obj=str((f, unit, by_month)))
    assert len(rl.cell_table(snap, Filters(), shares=False)) >= 3  # something to compare


def test_template_counts_once_in_stories(tmp_path, monkeypatch):
    snap = build(tmp_path, monkeypatch)
    t_posts = rl.cell_table(snap, Filters(lenders=("功夫贷",)), unit="posts", by_month=False)
    t_stories = rl.cell_table(snap, Filters(lenders=("功夫贷",)), unit="stories", by_month=False)
    posts = dict(zip(t_posts["rule"], t_posts["count"]))
    stories = dict(zip(t_stories["rule"], t_stories["count"]))
    assert posts["app-necessary-data-2021"] == 7 and stories["app-necessary-data-2021"] == 2


def test_editing_rules_re_derives_at_publish_without_re_tagging(tmp_path, monkeypatch):
    build(tmp_path, monkeypatch)
    doc = yaml.safe_load(rl.RULES_FILE.read_text(encoding="utf-8"))
    for r in doc["rules"]:
        if r["id"] == "nifa-calls":
            r["scope"] = ["small_loan"]
    edited = tmp_path / "rules.yaml"
    edited.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    snap = build(tmp_path, monkeypatch, rules_file=edited)  # same store: posts are not tagged again
    pairs = set(zip(*[rl.cell_table(snap, Filters(), by_month=False)[c] for c in ("lender", "rule")]))
    assert ("钱站", "nifa-calls") not in pairs and ("功夫贷", "nifa-calls") in pairs


def test_derive_hits_with_no_facts_is_empty():
    posts = pd.DataFrame({"id": [1], "lender": ["x"], "published_at": [pd.Timestamp("2025-01-01")],
                          "source": ["heimao"], "themes": [[]], "story_id": [1]})
    facts = pd.DataFrame(columns=["post_id", "fact", "party", "mode", "value", "evidence"])
    assert rl.derive_hits(posts, facts, rl.load_rules(), {"x": "bank"}).empty


# --- exports --------------------------------------------------------------------------------------


def test_posts_export_carries_facts_rules_and_story(tmp_path, monkeypatch):
    import io

    from pipeline import export

    snap = build(tmp_path, monkeypatch)
    data = export.export_bytes(snap, export.ExportRequest(Filters()), "csv", "posts")
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = df[df["body"].str.contains("一天三十多个电话")].iloc[0]
    assert json.loads(row["facts"])["calls_per_day"] == 30
    assert "app-necessary-data-2021" in row["rules"]
    campaign = df[df["title"] == "投诉功夫贷高利贷、欺诈"]
    assert campaign["story_id"].nunique() == 1 and len(campaign) == 6
    assert "nifa-calls" in " ".join(df["rules"])  # 钱站, an internet platform in this registry


def test_rule_hits_chart_and_its_numbers(tmp_path, monkeypatch):
    import io

    from pipeline import charts, export

    snap = build(tmp_path, monkeypatch)
    fig = charts.figure("rule_hits", snap, Filters(), unit="stories", lang="en")
    assert "distinct stories" in fig.layout.title.text
    assert "不同事件" in charts.figure("rule_hits", snap, Filters(), unit="stories").layout.title.text
    table = rl.cell_table(snap, Filters(), unit="stories", by_month=False)
    plotted = {(x, t.name): y for t in fig.data for x, y in zip(t.x, t.y)}
    assert plotted == {(r.lender, r.rule): r.count for r in table.itertuples()}
    req = export.ExportRequest(Filters(), chart="rule_hits", chart_opts={"unit": "posts"})
    series = pd.read_csv(io.BytesIO(export.export_bytes(snap, req, "csv", "series")), encoding="utf-8-sig")
    assert series["count"].sum() == rl.cell_table(snap, Filters(), unit="posts", by_month=False)["count"].sum()


def test_cell_evidence_pack_has_rule_text_source_and_posts(tmp_path, monkeypatch):
    import io
    import zipfile

    snap = build(tmp_path, monkeypatch)
    table = rl.cell_table(snap, Filters())
    row = table[(table["lender"] == "功夫贷") & (table["rule"] == "app-necessary-data-2021")].iloc[0]
    data = rl.cell_pack_bytes(snap, Filters(), lender="功夫贷", rule="app-necessary-data-2021", month=row["month"])
    z = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(z.namelist()) == ["README.md", "counts.csv", "posts.csv", "rule.json"]
    readme = z.read("README.md").decode("utf-8")
    assert "may conflict with (涉嫌违反)" in readme and "通讯录不属于借贷类应用的必要个人信息" in readme
    assert "cac.gov.cn" in readme and "do not quote a clause number" in readme
    posts = pd.read_csv(io.BytesIO(z.read("posts.csv")), encoding="utf-8-sig")
    counts = pd.read_csv(io.BytesIO(z.read("counts.csv")), encoding="utf-8-sig")
    assert counts["count"].iloc[0] == row["count"] == posts["story_id"].nunique()


def test_the_page_counts_in_sql_what_pandas_counts(tmp_path, monkeypatch):
    """cell_table / cell_posts keep the hits and posts in DuckDB (fast at a million posts):
    the same frames as breach_counts / breach_posts over the whole snapshot, for every unit,
    scope and filter (dates that cut a month, lenders, sources)."""
    from datetime import date

    import pandas as pd

    snap = build(tmp_path, monkeypatch)
    assert rl._fast(snap)
    months = sorted(set(rl.snapshot_hits(snap)["month"]))
    first = date.fromisoformat(months[0] + "-01")
    filters = [Filters(), Filters(lenders=("功夫贷",)), Filters(sources=("heimao",)), Filters(lenders=("不存在的贷",)),
               Filters(start=first.replace(day=10)), Filters(end=first.replace(day=20)),
               Filters(start=first.replace(day=2), end=first.replace(day=27), lenders=("功夫贷", "钱站"))]
    sql = {}
    for f in filters:
        for unit in ("stories", "posts"):
            for status in (rl.IN_SCOPE, rl.SCOPE_UNKNOWN):
                for by_month in (True, False):
                    sql[(f, unit, status, by_month)] = rl.cell_table(snap, f, unit=unit, status=status, by_month=by_month)
        table = rl.cell_table(snap, f)
        for row in table.head(4).itertuples():
            sql[(f, row.lender, row.rule, row.month)] = rl.cell_posts(snap, f, lender=row.lender, rule=row.rule,
                                                                       month=row.month)
    assert sum(len(v) for v in sql.values()) > 20
    monkeypatch.setattr(rl, "_fast", lambda s: False)  # the pandas path, as before
    for key, fast in sql.items():
        slow = (rl.cell_table(snap, key[0], unit=key[1], status=key[2], by_month=key[3]) if len(key) == 4 and
                isinstance(key[3], bool) else rl.cell_posts(snap, key[0], lender=key[1], rule=key[2], month=key[3]))
        pd.testing.assert_frame_equal(fast, slow, obj=str(key))


def test_shares_bases_from_month_cells_equal_the_bases_of_every_post(tmp_path):
    """The page's bases (every post, counted or not, per lender x month) come from month cells
    built once per snapshot and, for a date range, the posts of its partial first and last months:
    the same frames as the pandas path over every post, in both units, on a snapshot with
    near-duplicates (uncounted posts count in the base) and stories whose posts fall in several
    months, for dates that cut months in half, lenders and sources."""
    import sys
    from datetime import date, timedelta

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench import dashboard_10m as gen
    from pipeline import trends

    version = gen.generate(tmp_path, 4000, pool_size=300)
    _stories_across_months(version)
    snap = trends.Snapshot(tmp_path)
    assert rl._fast(snap)
    posts = snap.query(f"SELECT * FROM {trends._narrow(snap)}")
    # What the test needs in the data to mean anything: uncounted posts in stories of several posts
    # (the published multi-post story cells hold counted posts only) and stories across months.
    assert (~posts["counted"] & ~posts["single"]).any()
    several = posts[~posts["single"]].assign(month=lambda d: d["published_at"].dt.strftime("%Y-%m"))
    assert (several.groupby("story_id")["month"].nunique() > 1).any()
    hits = rl.snapshot_hits(snap)
    months = sorted(set(hits["month"]) - {""})
    assert len(months) > 6
    cut = [date.fromisoformat(months[len(months) // 3] + "-15"), date.fromisoformat(months[2 * len(months) // 3] + "-14")]
    top = tuple(hits["lender"].value_counts().index[:3])
    source = hits["source"].iloc[0]
    filters = [Filters(), Filters(start=cut[0]), Filters(end=cut[1]), Filters(start=cut[0], end=cut[1]),
               Filters(start=cut[0], end=cut[1], lenders=top), Filters(lenders=top[:1], sources=(source,)),
               Filters(start=cut[0], end=cut[0] + timedelta(days=10), sources=(source,)),  # inside one month
               Filters(start=date.fromisoformat(months[1] + "-01"), end=cut[1])]  # a whole first month
    fast = {(f, unit, status, by_month): rl.cell_table(snap, f, unit=unit, status=status, by_month=by_month)
            for f in filters for unit in ("stories", "posts") for status in (rl.IN_SCOPE, rl.SCOPE_UNKNOWN)
            for by_month in (True, False)}
    assert sum(len(t) for t in fast.values()) > 500
    import unittest.mock

    with unittest.mock.patch.object(rl, "_fast", lambda s: False):  # the pandas path over every post
        for (f, unit, status, by_month), table in fast.items():
            slow = rl.cell_table(snap, f, unit=unit, status=status, by_month=by_month)
            pd.testing.assert_frame_equal(table, slow, obj=str((f, unit, status, by_month)))


def _stories_across_months(version: Path) -> None:
    """The generator's stories stay within a month: join every other story of several posts to
    the next one (in another month or lender, mostly) and a few posts of their own to them, in
    stories.parquet and in the rule hits' story ids (each file rewritten in place: one file
    per posts/ file, pipeline/publish.py)."""
    stories = pd.read_parquet(version / "stories.parquet")
    several = sorted(stories.loc[stories["story_size"] > 1, "story_id"].unique())
    joined = {b: a for a, b in zip(several[::2], several[1::2])}
    alone = stories.loc[stories["story_size"] == 1, "id"].iloc[::400]
    joined_ids = dict(zip(alone, several[: len(alone)]))
    stories["story_id"] = stories["story_id"].map(lambda s: joined.get(s, s))
    stories["story_id"] = [joined_ids.get(i, s) for i, s in zip(stories["id"], stories["story_id"])]
    stories["story_id"] = stories["story_id"].map(lambda s: joined.get(s, s))
    stories["story_size"] = stories.groupby("story_id")["id"].transform("size")
    story_of, size_of = dict(zip(stories["id"], stories["story_id"])), dict(zip(stories["id"], stories["story_size"]))
    for part in sorted((version / "stories.parquet").glob("*.parquet")):
        frame = pd.read_parquet(part)
        frame["story_id"], frame["story_size"] = frame["id"].map(story_of), frame["id"].map(size_of)
        frame.to_parquet(part, index=False)
    for part in sorted((version / "rule_hits.parquet").glob("*.parquet")):
        hits = pd.read_parquet(part)
        hits["story_id"] = hits["post_id"].map(story_of)
        hits.to_parquet(part, index=False)


def test_a_cells_posts_are_found_in_a_months_delta_files_too(tmp_path, monkeypatch):
    """cell_posts reads only the files of its hits' months: a month's later posts are in delta
    files beside its file after an incremental publish, and are found there too."""
    import pyarrow.parquet as pq

    snap = build(tmp_path, monkeypatch)
    table = rl.cell_table(snap, Filters(), by_month=False)
    cells = [(r.lender, r.rule, None) for r in table.itertuples()]
    cells += [(r.lender, r.rule, r.month) for r in rl.cell_table(snap, Filters()).itertuples()]
    before = {c: rl.cell_posts(snap, Filters(), lender=c[0], rule=c[1], month=c[2]) for c in cells}
    assert sum(len(p) for p in before.values()) > 10
    moved = 0
    for part in sorted((snap.path / "posts").glob("p*.parquet")):
        rows = pq.read_table(part)
        bucket = str(999999 - int(part.stem[1:]))
        assert publish.partition_name(bucket) == part.name
        pq.write_table(rows.take(list(range(1, len(rows), 2))), part.parent / publish._delta_name(bucket, 1))
        pq.write_table(rows.take(list(range(0, len(rows), 2))), part)
        moved += len(rows) // 2
    assert moved >= 5
    after = Snapshot(snap.path.parent, snap.version)
    for c, posts in before.items():
        pd.testing.assert_frame_equal(rl.cell_posts(after, Filters(), lender=c[0], rule=c[1], month=c[2]), posts, obj=str(c))


def test_rule_hits_note_does_not_overprint_the_lender_names(tmp_path, monkeypatch):
    """Seen in QA: the chart's "Posts allege; unverified / wording not checked" note sat at a
    fixed y=-0.22 over the vertical lender names, and its one-line list of rule ids ran off
    the canvas. It goes above the plot, a few ids a line, and the names get their room."""
    from pipeline import charts

    snap = build(tmp_path, monkeypatch)
    fig = charts.figure("rule_hits", snap, Filters(), unit="stories")
    notes = [a for a in fig.layout.annotations if a.name != charts.FOOTER]
    assert notes and all(a.y >= 1 and a.yanchor == "bottom" for a in notes), [(a.text, a.y) for a in notes]
    assert all(len(line) < 120 for a in notes for line in a.text.split("<br>"))
    names = max(len(str(x)) for tr in fig.data for x in tr.x)
    assert fig.layout.meta["tick_px"] >= 12 * names  # room for the longest vertical lender name


@pytest.mark.parametrize("unit", ["stories", "posts"])
def test_rule_hits_series_says_its_unit(tmp_path, monkeypatch, unit):
    """Seen in QA: the Alleged breaches chart's CSV/XLSX series had no `unit` column, unlike
    every other chart's: a spreadsheet alone did not say whether `count` is posts or stories."""
    import io

    from pipeline import export

    snap = build(tmp_path, monkeypatch)
    req = export.ExportRequest(Filters(), chart="rule_hits", chart_opts={"unit": unit})
    series = pd.read_csv(io.BytesIO(export.export_bytes(snap, req, "csv", "series")), encoding="utf-8-sig")
    assert set(series["unit"]) == {unit}

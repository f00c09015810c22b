"""pipeline/publish.py: the Parquet snapshot, its atomic switch, and `complaints publish`."""
from __future__ import annotations

import json
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline import publish as pub
from pipeline import stories as stories_mod
from pipeline import trends
from pipeline.cli import main
from pipeline.models import Post, Step
from pipeline.tag import Evidence, TagResult
from pipeline.trends import Snapshot, current_version

T0 = datetime(2024, 3, 4, 10, 0)  # a Monday


def _next_second() -> None:
    """Wait until the clock is in a later second than every change so far (changed_at, the
    watermark, has whole seconds): at most 1 s, on average half of one."""
    start = int(time.time())
    while int(time.time()) <= start:
        time.sleep(max(0.0, start + 1 - time.time()) + 0.005)


def _post(i: int, **kw) -> Post:
    base = dict(source="heimao", source_id=str(i), url=f"https://tousu.sina.com.cn/complaint/view/{i}/",
                title=f"催收投诉{i}", body="催收员打电话给我家人，威胁要上门。", published_at=T0 + timedelta(hours=i),
                author="用户123", status="处理中")
    base.update(kw)
    return Post(**base)


def _ev(text: str, start: int, theme: str) -> Evidence:
    return Evidence(start, start + len(text), text, f"{theme}:test")


@pytest.fixture
def filled(store):
    """Five posts: two lenders, a near-duplicate pair, a reply step, a status change."""
    reply_at = T0 + timedelta(hours=30)
    store.upsert_posts([
        _post(1, steps=[Step("用户123", "发起投诉", T0 + timedelta(hours=1)),
                        Step("功夫贷", "商家回复", reply_at, "已联系用户", merchant=True)], status="已回复"),
        _post(2),
        _post(3, body="催收员打电话给我家人，威胁要上门。"),  # near-duplicate of 2
        _post(4, source="jutousu", status="处理中"),
        _post(5, source="article", status="", url="https://example.org/blog/5", body="网贷的故事"),
    ])
    store.upsert_posts([_post(4, source="jutousu", status="已完成")])  # history: 处理中 -> 已完成
    ids = {p["source_id"]: p["id"] for p in store.iter_frames("posts").__next__().to_dict("records")}
    text = "催收投诉1\n催收员打电话给我家人，威胁要上门。"
    fam = _ev("家人", text.index("家人"), "third_party_contact")
    store.save_tags([
        TagResult(ids["1"], ["功夫贷", "钱站"], {"third_party_contact": [fam], "threat": [_ev("威胁", text.index("威胁"), "threat")]}),
        TagResult(ids["2"], ["钱站"], {"third_party_contact": [fam]}),
        TagResult(ids["3"], ["钱站"], {"third_party_contact": [fam]}),
        TagResult(ids["4"], ["功夫贷"], {}),
    ], "lex1")
    store.link_duplicates([(ids["2"], ids["3"])])
    run = store.start_run("heimao", {})
    store.finish_run(run, pages=2, new=4, healthy=True)
    return store, ids


def _sorted_rows(path: Path) -> list[tuple]:
    """A file's rows in a fixed order (the monthly counts are written in no order)."""
    return sorted(tuple(str(v) for v in r.values()) for r in pq.read_table(path).to_pylist())


def _rows(path: Path, table: str) -> list[dict]:
    # posts and post_themes are one file per month: read them all, in file order.
    return pq.read_table(path / table).to_pylist()


def test_publish_writes_every_file_and_makes_it_current(filled, tmp_path):
    store, _ = filled
    result = pub.publish(store, tmp_path / "snap")
    assert current_version(tmp_path / "snap") == result.version
    names = sorted(p.name for p in result.path.iterdir())
    assert names == ["meta.json", "monthly_counts.parquet", "multi_story_cells.parquet", "post_facts.parquet",
                     "post_themes", "posts", "responses", "rule_hits.parquet", "rules.json", "runs.parquet",
                     "stories.parquet", "story_keys", "surges.parquet", "weekly_counts.parquet"]
    months = {p.name for p in (result.path / "posts").iterdir()}
    assert months == {p.name for p in (result.path / "post_themes").iterdir()} and len(months) >= 1
    meta = json.loads((result.path / "meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["posts"] == 5 and meta["counts"]["counted"] == 4 and meta["counts"]["duplicates"] == 1
    assert meta["lexicon_version"] == "lex1" and meta["sources"] == ["article", "heimao", "jutousu"]
    assert meta["is_demo"] is False and meta["last_crawl"] is not None


def test_posts_row_carries_lenders_themes_evidence_and_reply_times(filled, tmp_path):
    store, ids = filled
    path = pub.publish(store, tmp_path).path
    rows = {r["source_id"]: r for r in _rows(path, "posts")}
    one = rows["1"]
    assert one["lender"] == "功夫贷" and one["lenders"] == ["功夫贷", "钱站"]  # primary first
    assert one["themes"] == ["third_party_contact", "threat"]
    evidence = json.loads(one["evidence"])
    full = one["title"] + "\n" + one["body"]
    span = evidence["third_party_contact"][0]
    assert full[span["start"]:span["end"]] == "家人"
    assert one["first_reply_at"] == T0 + timedelta(hours=30) and one["replied"] is True
    assert rows["5"]["lender"] == "" and rows["5"]["themes"] == [] and rows["5"]["evidence"] == "{}"


def test_status_history_counts_as_completed(filled, tmp_path):
    store, _ = filled
    rows = {r["source_id"]: r for r in _rows(pub.publish(store, tmp_path).path, "posts")}
    # 4 went 处理中 -> 已完成 without a reply step: completed and replied, but no reply time.
    assert rows["4"]["completed"] is True and rows["4"]["replied"] is True and rows["4"]["first_reply_at"] is None
    assert rows["2"]["replied"] is False and rows["2"]["completed"] is False


def test_near_duplicates_are_counted_once(filled, tmp_path):
    store, ids = filled
    path = pub.publish(store, tmp_path).path
    rows = {r["source_id"]: r for r in _rows(path, "posts")}
    assert rows["2"]["counted"] is True and rows["3"]["counted"] is False  # the earlier copy counts
    assert rows["2"]["dup_group"] == rows["3"]["dup_group"] == min(ids["2"], ids["3"])
    long = _rows(path, "post_themes")
    assert sum(r["counted"] for r in long if r["theme"] == "third_party_contact") == 2  # posts 1 and 2


def test_post_themes_is_long_form_on_the_primary_lender(filled, tmp_path):
    store, _ = filled
    long = _rows(pub.publish(store, tmp_path).path, "post_themes")
    assert len(long) == 4  # post 1 x 2 themes, posts 2 and 3 x 1
    assert {r["lender"] for r in long if r["theme"] == "threat"} == {"功夫贷"}  # not 钱站, the second lender


def test_new_version_switches_and_only_two_are_kept(filled, tmp_path):
    store, _ = filled
    root = tmp_path / "snap"
    first = pub.publish(store, root).version
    store.upsert_posts([_post(6)])
    second = pub.publish(store, root)
    assert current_version(root) == second.version != first
    assert (root / first).exists(), "the previous version stays for readers still on it"
    third = pub.publish(store, root)
    assert pub.versions(root) == [second.version, third.version]
    assert not any(p.name.startswith(".") for p in root.iterdir() if p.name != "CURRENT")
    # A reader opened on the previous version keeps working after the switch.
    with duckdb.connect() as con:
        n = con.execute(f"SELECT count(*) FROM read_parquet('{root / second.version}/posts/*.parquet')").fetchone()[0]
    assert n == 6


def test_failed_publish_leaves_the_current_snapshot_alone(filled, tmp_path):
    store, _ = filled
    root = tmp_path / "snap"
    good = pub.publish(store, root).version

    class Broken:
        url = store.url

        def iter_frames(self, table, batch_size):
            yield from store.iter_frames(table, batch_size)
            if table == "post_themes":
                raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="went away"):
        pub.publish(Broken(), root)
    assert current_version(root) == good
    assert [p.name for p in root.iterdir() if p.name.startswith(".tmp")] == []


def test_empty_store_publishes_an_empty_snapshot(store, tmp_path):
    result = pub.publish(store, tmp_path)
    assert result.posts == 0
    snap = Snapshot(tmp_path)
    assert snap.query("SELECT count(*) AS n FROM posts").iloc[0]["n"] == 0
    assert snap.meta["first_published"] is None and snap.meta["is_demo"] is False


def test_unwritable_root_is_a_clear_error(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(pub.PublishError, match="cannot create snapshot directory"):
        pub.publish(store, blocker / "snap")


def test_corrupt_steps_do_not_stop_a_publish(filled, tmp_path):
    store, _ = filled

    class Corrupt:  # steps as some other writer could have left them
        url = store.url
        values = iter(["{not json", '[{"kind": "回复", "at": "yesterday"}]', '{"a": 1}', "[1, 2]",
                       '[{"kind": "回复", "at": "2024-01-02 03:04:05", "merchant": false}]'])

        def iter_frames(self, table, batch_size):
            for frame in store.iter_frames(table, batch_size):
                if table == "posts":
                    frame = frame.assign(steps=[next(self.values) for _ in range(len(frame))])
                yield frame

    rows = sorted(_rows(pub.publish(Corrupt(), tmp_path).path, "posts"), key=lambda r: r["source_id"])
    assert [r["first_reply_at"] for r in rows] == [None, None, None, None, datetime(2024, 1, 2, 3, 4, 5)]


def test_demo_corpus_is_labelled_synthetic(store, tmp_path):
    from crawler.mirror import democorpus

    store.upsert_posts(list(democorpus.iter_posts(200)))
    assert pub.publish(store, tmp_path / "a").path.joinpath("meta.json").read_text().count('"is_demo": true') == 1
    meta = json.loads((pub.publish(store, tmp_path / "b", is_demo=False).path / "meta.json").read_text())
    assert meta["is_demo"] is False  # the explicit flag wins


def test_default_root_is_next_to_the_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("COMPLAINTS_SNAPSHOT", raising=False)
    assert pub.default_root(f"sqlite:///{tmp_path}/x/c.db") == tmp_path / "x" / "snapshot"
    assert pub.default_root("postgresql://u@h/db") == Path("data") / "snapshot"
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(tmp_path / "elsewhere"))
    assert pub.default_root(f"sqlite:///{tmp_path}/c.db") == tmp_path / "elsewhere"


def test_cli_publish(filled, sqlite_url, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPLAINTS_SNAPSHOT", raising=False)
    result = CliRunner().invoke(main, ["--db", sqlite_url, "publish"])
    assert result.exit_code == 0, result.output
    assert "published 5 posts" in result.output
    assert current_version(Path(sqlite_url[len("sqlite:///"):]).parent / "snapshot")


def test_cli_publish_without_database_is_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path}/missing.db", "publish"])
    assert result.exit_code == 1 and "no database" in result.output and "Traceback" not in result.output


def test_cli_dashboard_rejects_a_bad_port():
    result = CliRunner().invoke(main, ["dashboard", "--port", "70000"])
    assert result.exit_code == 2 and "70000" in result.output


def test_personal_data_left_in_the_store_is_masked_in_the_snapshot(store, tmp_path):
    # The store should only hold masked text; an old import that did not mask must not leak.
    store.upsert_posts([_post(1, title="张伟投诉", body="催收打我手机13800138000，身份证110101199003077777",
                              author="张伟", appeal="QQ：123456789")])
    row = _rows(pub.publish(store, tmp_path).path, "posts")[0]
    assert row["body"] == "催收打我手机138********，身份证110101************"
    assert row["author"] == "张*" and row["appeal"] == "QQ：*********"
    assert row["title"] == "张伟投诉"  # a name in free text is not detectable by pattern: kept


def test_weeks_of_flagged_crawls_and_partial_weeks_are_excluded_from_surges():
    import pandas as pd

    runs = pd.DataFrame({
        "healthy": [True, False, None],
        "started_at": [datetime(2024, 3, 5), datetime(2024, 3, 13, 23), datetime(2024, 3, 20)],
        "finished_at": [datetime(2024, 3, 5, 1), datetime(2024, 3, 14, 1), None],
    })
    weeks = pub._excluded_weeks(datetime(2024, 1, 3), datetime(2024, 4, 3), runs)
    # Jan 1 week (data starts Wednesday), Mar 11 week (the short crawl), Apr 1 week (data ends Wednesday);
    # a run of unknown health (None) is not treated as short.
    assert [str(w) for w in weeks] == ["2024-01-01", "2024-03-11", "2024-04-01"]


def test_concurrent_publishes_never_leave_the_older_version_current(filled, tmp_path, monkeypatch):
    # Issue 13.14: A starts first (older version name) and finishes last; it used to win.
    import threading

    store, _ = filled
    root = tmp_path / "snap"
    real_build = pub._build
    a_building, release_a = threading.Event(), threading.Event()

    def build(stage, version, *args, **kwargs):
        if threading.current_thread().name == "publish-a":
            a_building.set()
            assert release_a.wait(60)
        return real_build(stage, version, *args, **kwargs)

    monkeypatch.setattr(pub, "_build", build)
    results = {}
    a = threading.Thread(target=lambda: results.setdefault("a", pub.publish(store, root)), name="publish-a")
    a.start()
    assert a_building.wait(60)
    results["b"] = pub.publish(store, root)
    release_a.set()
    a.join(60)
    assert results["a"].version < results["b"].version
    assert (root / "CURRENT").read_text().strip() == results["b"].version
    assert results["b"].current and not results["a"].current


# --- incremental publish (issue 17) -----------------------------------------------------------


def _table(path: Path, name: str) -> list[dict]:
    key = "id" if name == "posts" else "post_id"
    return sorted(_rows(path, name), key=lambda r: (r[key], r.get("theme", "")))


def test_incremental_publish_rewrites_only_changed_months_and_equals_a_full_one(filled, tmp_path):
    store, ids = filled
    root = tmp_path / "snap"
    old_month = T0 - timedelta(days=70)  # December 2023: published, then left alone
    store.upsert_posts([_post(20, published_at=old_month), _post(21, published_at=old_month + timedelta(days=1),
                                                                  body="另一个故事，和催收无关。")])
    first = pub.publish(store, root)
    assert (first.rewritten, first.linked) == (2, 0)
    _next_second()  # changed_at has whole seconds: the update comes after the watermark
    # An update: a post in a new month (a copy of post 2, which then counts once), a status change in March 2024.
    store.upsert_posts([_post(30, published_at=T0 + timedelta(days=40)), _post(4, source="jutousu", status="已关闭")])
    new_id = store.get_post("heimao", "30")["id"]
    store.save_tags([TagResult(new_id, ["钱站"], {"threat": [_ev("威胁", 3, "threat")]})], "lex1")
    store.link_duplicates([(ids["2"], new_id)])
    # No look-back margin (for concurrent writers): here every change is minutes old.
    second = pub.publish(store, root, margin=timedelta(0))
    assert (second.rewritten, second.linked) == (2, 1)  # March and April 2024 written, December 2023 linked
    december = pub.partition_name("202312")
    assert (second.path / "posts" / december).stat().st_ino == (first.path / "posts" / december).stat().st_ino
    # ...and so are its story keys (not read from the posts again); stories equal a full publish's below.
    assert (second.path / "story_keys" / december).stat().st_ino == (first.path / "story_keys" / december).stat().st_ino
    full = pub.publish(store, tmp_path / "full", full=True)
    assert full.rewritten == 3
    for name in ("posts", "post_themes"):
        assert _table(second.path, name) == _table(full.path, name)
    stories_of = lambda p: sorted(_rows(p, "stories.parquet"), key=lambda r: r["id"])  # noqa: E731
    assert stories_of(second.path) == stories_of(full.path)
    # The dashboard's counts, the Responses page's file and the weekly counts alike (in any row order).
    assert len(_rows(full.path, "responses")) >= 2
    for name in ("monthly_counts.parquet", "multi_story_cells.parquet", "responses", "weekly_counts.parquet", "surges.parquet"):
        assert sorted(map(repr, _rows(second.path, name))) == sorted(map(repr, _rows(full.path, name))), name
    rows = {r["source_id"]: r for r in _rows(second.path, "posts")}
    assert rows["30"]["counted"] is False and rows["30"]["themes"] == ["threat"] and rows["4"]["status"] == "已关闭"
    a, b = (json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in (second.path, full.path))
    assert a["counts"] == b["counts"] and a["theme_bits"] == b["theme_bits"]
    # Nothing changed: every month is linked, nothing is read again.
    third = pub.publish(store, root, margin=timedelta(0))
    assert (third.rewritten, third.linked) == (0, 3) and third.posts == second.posts
    snap = Snapshot(root)
    try:
        order = snap.query("SELECT published_at FROM posts")["published_at"].tolist()
    finally:
        snap.close()
    assert order[0] == T0 + timedelta(days=40) and order[-1] == old_month  # newest month first, across files


def test_publish_full_flag_on_the_command_line(filled, tmp_path):
    store, _ = filled
    root = tmp_path / "snap"
    args = ["--db", store.url, "publish", "--snapshot-dir", str(root)]
    assert "1 months written, 0 linked" in CliRunner().invoke(main, args).output
    # (A second plain publish rewrites the month too: its changes are within the look-back margin.)
    full = CliRunner().invoke(main, args + ["--full"])
    assert full.exit_code == 0 and "1 months written, 0 linked" in full.output



def test_incremental_publish_carries_facts_and_rule_hits_and_equals_a_full_one(store, tmp_path):
    """Facts and rule hits of the months not rewritten come from the previous version, with
    this version's story ids; the result equals a full publish's (issue 17)."""
    from crawler.mirror import democorpus
    from pipeline import tag

    demo = list(democorpus.iter_posts(120))
    old_month, new_month = datetime(2023, 12, 1), datetime(2024, 3, 1)
    for i, p in enumerate(demo[:80]):
        p.published_at = (old_month if i % 2 else new_month) + timedelta(hours=i)
    store.upsert_posts(demo[:80])
    tagger = tag.default_tagger()
    tag.tag_store(store, tagger=tagger, workers=1)
    root = tmp_path / "snap"
    first = pub.publish(store, root)
    _next_second()  # changed_at has whole seconds
    for i, p in enumerate(demo[80:]):
        p.published_at = new_month + timedelta(days=1, hours=i)
    store.upsert_posts(demo[80:])
    tag.tag_store(store, tagger=tagger, workers=1)
    second = pub.publish(store, root, margin=timedelta(0))
    assert (second.rewritten, second.linked) == (1, 1)
    full = pub.publish(store, tmp_path / "full", full=True)

    def rows(path: Path, name: str) -> list[tuple]:
        return sorted(tuple(str(v) for v in r.values()) for r in pq.read_table(path / name).to_pylist())

    facts, hits = rows(second.path, "post_facts.parquet"), rows(second.path, "rule_hits.parquet")
    assert facts == rows(full.path, "post_facts.parquet") and hits == rows(full.path, "rule_hits.parquet")
    december = {r["id"] for r in pq.read_table(second.path / "posts" / pub.partition_name("202312")).to_pylist()}
    assert {int(r[0]) for r in facts} & december and {int(r[0]) for r in hits} & december  # carried over
    assert len({int(r[0]) for r in facts}) > len({r["post_id"] for r in pq.read_table(first.path / "post_facts.parquet").to_pylist()})
    a, b = (json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in (second.path, full.path))
    assert a["counts"] == b["counts"] and a["rules_signature"] == b["rules_signature"]
    # Stories, facts and rule hits are one file per posts/ file: December's, not written
    # again, are the first version's files (hard links), March's are written.
    posts_files = {p.name for p in (second.path / "posts").iterdir()}
    for name in pub.BY_POSTS_FILE:
        assert (second.path / name).is_dir() and {p.name for p in (second.path / name).iterdir()} <= posts_files, name
        assert _same_file(first.path, second.path, name, pub.partition_name("202312")), name
        assert not _same_file(first.path, second.path, name, pub.partition_name("202403")), name


def test_a_version_with_single_stories_facts_and_hits_files_still_reads_and_updates(store, tmp_path):
    """A version published before stories, post_facts and rule_hits were one file per posts/
    file (single files of the same names) reads as before, and an update builds on it."""
    import pandas as pd
    from crawler.mirror import democorpus
    from pipeline import rules as rl
    from pipeline import tag

    demo = list(democorpus.iter_posts(100))
    for i, p in enumerate(demo):
        p.published_at = datetime(2023, 12 if i % 2 else 11, 1) + timedelta(hours=i)
    store.upsert_posts(demo[:70])
    tagger = tag.default_tagger()
    tag.tag_store(store, tagger=tagger, workers=1)
    root = tmp_path / "snap"
    first = pub.publish(store, root)

    def readings(version: str) -> list:
        snap = Snapshot(root, version)
        try:
            stories = snap.query("SELECT * FROM stories ORDER BY id")
            members = snap.query("SELECT * FROM story_members ORDER BY id")
            hits = rl.snapshot_hits(snap).sort_values(["post_id", "rule"]).reset_index(drop=True)
            cells = rl.cell_table(snap, trends.Filters())
            posts = snap.query("SELECT id FROM posts ORDER BY id")
            enriched = rl.with_facts_and_rules(snap, posts)
            over_time = trends.over_time(snap, trends.Filters())
        finally:
            snap.close()
        return [stories, members, hits, cells, enriched, over_time]

    partitioned = readings(first.version)
    assert len(partitioned[2]) and pq.read_table(first.path / pub.FACTS).num_rows  # hits and facts to read
    for name in pub.BY_POSTS_FILE:  # the layout before: one file each
        table = pq.read_table(first.path / name)
        shutil.rmtree(first.path / name)
        pq.write_table(table, first.path / name)
    for got, expected in zip(readings(first.version), partitioned):
        pd.testing.assert_frame_equal(got, expected)
    _next_second()  # changed_at has whole seconds
    store.upsert_posts(demo[70:])
    tag.tag_store(store, tagger=tagger, workers=1)
    second = pub.publish(store, root, margin=timedelta(0))
    full = pub.publish(store, tmp_path / "full", full=True)
    for name in pub.BY_POSTS_FILE:
        assert (second.path / name).is_dir(), name
        assert _sorted_rows(second.path / name) == _sorted_rows(full.path / name), name


def test_a_story_growing_into_a_linked_month_rewrites_only_that_months_stories_file(store, tmp_path):
    """A template campaign of December gains a post in March: December's posts file is linked,
    its stories file is written again (the campaign's size changed) while its facts and rule
    hits files, whose story ids did not change, stay linked; all equal a full publish's."""
    from pipeline import tag

    december = datetime(2023, 12, 5, 9)
    template = "网贷平台暴力催收威胁"
    text = "催收员每天打30个电话，威胁要上门，还打给我家人和同事。"
    store.upsert_posts([_post(100 + i, title=template, author=f"用户{i}", body=text, published_at=december + timedelta(hours=i))
                        for i in range(5)] + [_post(110, published_at=datetime(2024, 1, 9, 9))])
    found = tag.default_tagger().tag_text(f"{template}\n{text}", target="功夫贷")
    assert found.facts and "threat" in found.themes
    store.save_tags([TagResult(store.get_post("heimao", str(100 + i))["id"], ["功夫贷"], found.themes, facts=found.facts)
                     for i in range(5)], "lex1")
    root = tmp_path / "snap"
    first = pub.publish(store, root)
    _next_second()  # changed_at has whole seconds
    store.upsert_posts([_post(120, title=template, author="用户9", body=text, published_at=T0)])
    new_id = store.get_post("heimao", "120")["id"]
    store.save_tags([TagResult(new_id, ["功夫贷"], found.themes, facts=found.facts)], "lex1")
    second = pub.publish(store, root, margin=timedelta(0))
    full = pub.publish(store, tmp_path / "full", full=True)
    month, january = pub.partition_name("202312"), pub.partition_name("202401")
    assert _same_file(first.path, second.path, "posts", month)
    assert not _same_file(first.path, second.path, pub.STORIES, month)
    assert {r["story_size"] for r in pq.read_table(second.path / pub.STORIES / month).to_pylist()} == {6}
    for name in (pub.FACTS, pub.HITS):
        assert (second.path / name / month).exists() and _same_file(first.path, second.path, name, month), name
    assert _same_file(first.path, second.path, pub.STORIES, january)
    for name in pub.BY_POSTS_FILE:
        assert _sorted_rows(second.path / name) == _sorted_rows(full.path / name), name


def _same_file(a: Path, b: Path, table: str, name: str) -> bool:
    """Whether `table`'s file `name` of version `b` is version `a`'s (a hard link: same inode)."""
    return (a / table / name).stat().st_ino == (b / table / name).stat().st_ino


def _same_as_full(store, version: pub.PublishResult, root: Path, full_root: Path) -> None:
    """An incremental `version` (of `root`) holds what a full publish (into `full_root`) does:
    every post once, the same stories, counts, facts, rule hits, responses and weekly counts."""
    full = pub.publish(store, full_root, full=True)
    for table in ("posts", "post_themes"):
        assert _table(version.path, table) == _table(full.path, table)
    stories_of = lambda p: sorted(_rows(p, "stories.parquet"), key=lambda r: r["id"])  # noqa: E731
    assert stories_of(version.path) == stories_of(full.path)
    a, b = (json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in (version.path, full.path))
    assert a["counts"] == b["counts"]
    # The monthly counts: an update counts the months it can change and carries the rest.
    for name in trends.COUNT_FILES.values():
        assert _sorted_rows(version.path / name) == _sorted_rows(full.path / name), name
    for name in ("post_facts.parquet", "rule_hits.parquet"):  # story ids included
        assert _sorted_rows(version.path / name) == _sorted_rows(full.path / name), name
    # The template index an update reads only the staged posts' keys of, and carries the rest.
    templates = Path("story_keys") / "templates.parquet"
    assert _sorted_rows(version.path / templates) == _sorted_rows(full.path / templates)
    # The Responses page's files (the other months' linked) and the weekly counts (the weeks
    # of the months counted again, from those weeks' posts), and so the surges.
    for name in (trends.RESPONSES_DIR, trends.WEEKLY_FILE, "surges.parquet"):
        assert _sorted_rows(version.path / name) == _sorted_rows(full.path / name), name
    assert sorted(p.name for p in (version.path / trends.RESPONSES_DIR).iterdir()) == \
        sorted(p.name for p in (full.path / trends.RESPONSES_DIR).iterdir())
    ids_ = [r["id"] for r in _rows(version.path, "posts")]
    assert len(ids_) == len(set(ids_)), "an edited post is replaced, not duplicated"
    snap = Snapshot(root, version.version)
    try:
        order = snap.query("SELECT published_at, id FROM posts")
    finally:
        snap.close()
    keys = list(zip(order["published_at"], order["id"]))
    assert keys == sorted(keys, reverse=True), "file order stays newest first"


def test_months_take_delta_files_that_replace_edited_posts_and_compact(filled, tmp_path, monkeypatch):
    """An update writes its new posts as a small delta file of their month, replaces an
    edited post in the file holding it (never a second row), and compacts a month whose
    deltas have grown; every version equals a full publish, stories included (issue 17)."""
    store, ids = filled
    root = tmp_path / "snap"
    old_month = T0 - timedelta(days=70)  # December 2023
    template = "投诉功夫贷高利贷欺诈"  # a campaign: one title, many authors (pipeline/stories.py)
    store.upsert_posts([_post(40 + i, title=template, author=f"用户{i}", published_at=old_month + timedelta(hours=i))
                        for i in range(5)] + [_post(50, published_at=old_month + timedelta(days=2), body="别的事。")]
                       + [_post(70 + i, title="网贷平台暴力催收威胁", author=f"用户{i}", body=f"第{i}件事。",
                                published_at=old_month + timedelta(days=3, hours=i)) for i in range(4)]
                       # five posts of one title by one author: not a template until two more authors join
                       + [_post(80 + i, title="同一个人的投诉故事", author="用户Z", body=f"第{i}次投诉。",
                                published_at=old_month + timedelta(days=4, hours=i)) for i in range(5)])
    # The December campaign's posts carry facts and rule hits: carried over while December is
    # linked, with the story id of the template story they join later (see the third update).
    from pipeline import tag

    found = tag.default_tagger().tag_text("网贷平台暴力催收威胁\n催收员每天打30个电话，威胁要上门，还打给我家人和同事。",
                                          target="功夫贷")
    assert found.facts and "threat" in found.themes
    store.save_tags([TagResult(store.get_post("heimao", str(70 + i))["id"], ["功夫贷"], found.themes, facts=found.facts)
                     for i in range(4)], "lex1")
    # January and February 2024, which no update touches; February's post is in the week of
    # Monday 26 February, which the March posts of the updates share.
    quiet = [_post(56, published_at=datetime(2024, 1, 15, 9)), _post(57, published_at=datetime(2024, 2, 27, 9))]
    store.upsert_posts(quiet)
    threat = {"threat": [_ev("威胁", 18, "threat")]}
    store.save_tags([TagResult(store.get_post("heimao", p.source_id)["id"], ["钱站"], threat) for p in quiet], "lex1")
    monkeypatch.setattr(pub, "DELTA_FRACTION", 100.0)  # no compaction until the end
    first = pub.publish(store, root)
    march, december = pub.partition_name("202403"), pub.partition_name("202312")

    def same_as_full(version: pub.PublishResult, name: str) -> None:
        _same_as_full(store, version, root, tmp_path / name)

    _next_second()
    # New posts at the end of March, a sixth post of the December campaign (in March), and an
    # edit of a December post: March gets a delta, December's file is rewritten without a copy.
    store.upsert_posts([_post(60, published_at=T0 + timedelta(days=20)),
                        _post(58, published_at=datetime(2024, 3, 1, 12)),  # in February's last week
                        _post(61, title=template, author="用户9", published_at=T0 + timedelta(days=21)),
                        _post(50, published_at=old_month + timedelta(days=2), body="别的事。", status="已完成"),
                        _post(85, title="同一个人的投诉故事", author="用户Y", body="再一次。", published_at=T0 + timedelta(days=21))])
    store.save_tags([TagResult(store.get_post("heimao", "58")["id"], ["钱站"], threat)], "lex1")
    second = pub.publish(store, root, margin=timedelta(0))
    files = sorted(p.name for p in (second.path / "posts").iterdir())
    # The Responses page's files of the months not counted again are the previous version's,
    # linked, not written; March's and December's are written.
    before, after = ({p.name: p.stat().st_ino for p in (v.path / trends.RESPONSES_DIR).iterdir()} for v in (first, second))
    assert {"202401.parquet", "202402.parquet", "202403.parquet", "202312.parquet"} <= set(after)
    assert sorted(m for m in after if after[m] == before.get(m)) == ["202401.parquet", "202402.parquet"]
    week = datetime(2024, 2, 26)  # February's last week, with a post of each month
    assert {r["posts"] for r in pq.read_table(second.path / trends.WEEKLY_FILE).to_pylist()
            if r["week"] == week and r["lender"] == "钱站" and r["theme"] == "threat"} == {2}
    assert len([f for f in files if f.startswith(march[:-8])]) == 2  # March: its base and one delta
    assert sorted(p.name for p in (second.path / "story_keys").glob("p*.parquet")) == files
    rows = {r["source_id"]: r for r in _rows(second.path, "posts")}
    assert rows["50"]["status"] == "已完成" and rows["50"]["completed"] is True
    story = {r["id"]: r for r in _rows(second.path, "stories.parquet")}
    members = [rows[str(i)]["id"] for i in (40, 41, 42, 43, 44, 61)]
    assert {story[m]["story_size"] for m in members} == {6} and {story[m]["story_id"] for m in members} == {min(members)}
    same_as_full(second, "full2")
    # January and February (no post of theirs changed, no story of theirs grew): their stories
    # file (and facts and rule hits, had they any) are the first version's, linked;
    # December's and March's are written.
    quiet_months = [pub.partition_name("202401"), pub.partition_name("202402")]
    for month in quiet_months:
        assert (second.path / pub.STORIES / month).exists()
        for name in pub.BY_POSTS_FILE:
            assert not (second.path / name / month).exists() or _same_file(first.path, second.path, name, month), name
    assert not _same_file(first.path, second.path, pub.STORIES, december)

    _next_second()
    # An edit of a post in the delta, a post in March older than the delta (into the base), and
    # a fifth post of a December title: the five become a template story.
    store.upsert_posts([_post(60, published_at=T0 + timedelta(days=20), status="已回复"),
                        _post(62, published_at=T0 + timedelta(hours=12)),
                        _post(74, title="网贷平台暴力催收威胁", author="用户8", body="另一件事。", published_at=T0 + timedelta(days=20, hours=12)),
                        _post(86, title="同一个人的投诉故事", author="用户X", body="又一次。", published_at=T0 + timedelta(days=20, hours=13))])
    counted_months = []  # the months the update counts again (the others come from the previous version)
    write_counts = trends.write_counts
    monkeypatch.setattr(trends, "write_counts", lambda *a, **kw: (counted_months.append(kw.get("months")),
                                                                  write_counts(*a, **kw)))
    third = pub.publish(store, root, margin=timedelta(0))
    monkeypatch.setattr(trends, "write_counts", write_counts)
    # March (written) and December (linked, but its campaign posts joined a template story).
    assert [sorted(m) for m in counted_months] == [["2023-12-01", "2024-03-01"]]
    kinds = {r["id"]: r["story_kind"] for r in _rows(third.path, "stories.parquet")}
    assert {kinds[store.get_post("heimao", str(i))["id"]] for i in [*range(70, 75), *range(80, 87)]} == {"template"}
    assert len([p for p in (third.path / "posts").iterdir() if p.name.startswith(march[:-8])]) == 2
    assert (third.path / "posts" / december).stat().st_ino == (second.path / "posts" / december).stat().st_ino
    # December's posts file is linked, but its campaign posts (with facts and rule hits) merged
    # into one story: December's stories, facts and rule hits files are written again, with the
    # merged story id; the quiet months' files stay linked.
    for name in pub.BY_POSTS_FILE:
        assert not _same_file(second.path, third.path, name, december), name
        for month in quiet_months:
            assert not (third.path / name / month).exists() or _same_file(second.path, third.path, name, month), name
    campaign_ids = {store.get_post("heimao", str(i))["id"] for i in range(70, 75)}
    for name in (pub.FACTS, pub.HITS):
        december_rows = pq.read_table(third.path / name / december).to_pylist()
        assert {r["story_id"] for r in december_rows if r["post_id"] in campaign_ids} == {min(campaign_ids)}, name
    same_as_full(third, "full3")

    _next_second()
    monkeypatch.setattr(pub, "DELTA_FRACTION", 0.5)  # March's deltas (4 posts) now outgrow half its base (6)
    # ...and a campaign post retitled: it leaves its story (the stories are worked out afresh).
    store.upsert_posts([_post(63, published_at=T0 + timedelta(days=25)), _post(64, published_at=T0 + timedelta(days=26)),
                        _post(40, title="我自己的事情要说", author="用户0", published_at=old_month)])
    fourth = pub.publish(store, root, margin=timedelta(0))
    sizes = {r["id"]: r["story_size"] for r in _rows(fourth.path, "stories.parquet")}
    assert sizes[store.get_post("heimao", "40")["id"]] == 1 and sizes[store.get_post("heimao", "41")["id"]] == 5
    assert [p.name for p in (fourth.path / "posts").iterdir() if p.name.startswith(march[:-8])] == [march]
    for name in pub.BY_POSTS_FILE:  # compacted alike
        assert [p.name for p in (fourth.path / name).iterdir() if p.name.startswith(march[:-8])] in ([march], []), name
    same_as_full(fourth, "full4")


def test_incremental_monthly_counts_keep_undated_posts_and_equal_a_full_publish(filled, tmp_path):
    """The undated posts have a month of their own in the monthly counts (NULL): an update
    that counts a dated month keeps their row, one that adds an undated post counts it again."""
    store, ids = filled
    root = tmp_path / "snap"
    store.upsert_posts([_post(90, published_at=None), _post(91, published_at=T0 - timedelta(days=70))])
    pub.publish(store, root)
    for i, post in enumerate([_post(92, published_at=T0 + timedelta(hours=50)), _post(93, published_at=None)]):
        _next_second()  # changed_at has whole seconds
        store.upsert_posts([post])
        store.save_tags([TagResult(store.get_post("heimao", post.source_id)["id"], ["钱站"],
                                   {"threat": [_ev("威胁", 3, "threat")]})], "lex1")
        version = pub.publish(store, root, margin=timedelta(0))
        assert (version.rewritten, version.linked) == (1, 3)  # one month written: March (a delta), then the undated
        full = pub.publish(store, tmp_path / f"full{i}", full=True)
        for name in trends.COUNT_FILES.values():
            assert _sorted_rows(version.path / name) == _sorted_rows(full.path / name), name
        months = [r["month"] for r in pq.read_table(version.path / "monthly_counts.parquet").to_pylist()]
        assert None in months and len(set(months)) == 3


def test_counts_written_without_the_months_files_equal_publishs(filled, tmp_path):
    """write_counts called without each month's posts files (bench/dashboard_10m's generator may)
    finds the months from the posts: the same responses/ files and rows as publish writes."""
    import duckdb

    store, _ = filled
    store.upsert_posts([_post(90, published_at=None), _post(91, published_at=T0 - timedelta(days=70))])
    version = pub.publish(store, tmp_path / "snap")
    copy = tmp_path / "copy"
    shutil.copytree(version.path, copy)
    shutil.rmtree(copy / trends.RESPONSES_DIR)
    bits = json.loads((copy / "meta.json").read_text(encoding="utf-8"))["theme_bits"]
    con = duckdb.connect()
    try:
        trends.write_counts(con, str(copy), bits)
    finally:
        con.close()
    names = sorted(p.name for p in (copy / trends.RESPONSES_DIR).iterdir())
    assert names == sorted(p.name for p in (version.path / trends.RESPONSES_DIR).iterdir()) and "none.parquet" in names
    for name in (trends.RESPONSES_DIR, trends.WEEKLY_FILE, *trends.COUNT_FILES.values()):
        assert _sorted_rows(copy / name) == _sorted_rows(version.path / name), name


def test_responses_files_hold_the_stories_of_several_posts_in_row_groups_of_their_own(filled, tmp_path):
    """A month's responses file: its posts of stories of several posts first, sorted by lender and
    story, then the posts alone in their story, sorted by lender, never in the same row group
    (the Responses page in stories reads each part's row groups only)."""
    version = pub.publish(filled[0], tmp_path / "snap")
    kinds = set()
    for file in sorted((version.path / trends.RESPONSES_DIR).glob("*.parquet")):
        pf = pq.ParquetFile(file)
        col = pf.schema_arrow.get_field_index("single")
        groups = [pf.metadata.row_group(i).column(col).statistics for i in range(pf.num_row_groups)]
        assert all(g.min == g.max for g in groups), file.name
        singles = [g.min for g in groups]
        assert singles == sorted(singles), file.name  # stories of several posts first
        kinds.update(singles)
        rows = pf.read().to_pylist()
        multi = [(r["lender"], r["story_id"]) for r in rows if not r["single"]]
        assert multi == sorted(multi) and rows[:len(multi)] == [r for r in rows if not r["single"]], file.name
        alone = [r["lender"] for r in rows if r["single"]]
        assert alone == sorted(alone), file.name
    assert kinds == {False, True}  # the fixture has both kinds


def test_an_update_of_a_version_with_one_responses_file_writes_every_month(filled, tmp_path):
    """A previous version from before the month files (one responses.parquet) has no months to
    link: the update writes them all, as a full publish does."""
    store, _ = filled
    root = tmp_path / "snap"
    store.upsert_posts([_post(91, published_at=T0 - timedelta(days=70))])
    store.save_tags([TagResult(store.get_post("heimao", "91")["id"], ["钱站"], {"threat": [_ev("威胁", 18, "threat")]})], "lex1")
    first = pub.publish(store, root)
    folder = first.path / trends.RESPONSES_DIR
    pq.write_table(pq.read_table(folder), first.path / trends.RESPONSES_FILE)
    shutil.rmtree(folder)
    _next_second()  # changed_at has whole seconds
    store.upsert_posts([_post(92, published_at=T0 + timedelta(hours=50))])
    second = pub.publish(store, root, margin=timedelta(0))
    assert second.linked >= 1  # December's posts linked, its responses written again
    full = pub.publish(store, tmp_path / "full", full=True)
    assert sorted(p.name for p in (second.path / trends.RESPONSES_DIR).iterdir()) == ["202312.parquet", "202403.parquet"]
    for name in (trends.RESPONSES_DIR, trends.WEEKLY_FILE):
        assert _sorted_rows(second.path / name) == _sorted_rows(full.path / name), name


def test_a_post_whose_date_moves_it_to_another_month_leaves_its_old_file(filled, tmp_path):
    """A post edited into another month (with a status change), into an older month's time
    range, out of its date (undated) and back: an update writes it in its new file and the
    file that held it again without it, so every table partitioned like posts/ holds it once
    and both months' counts equal a full publish's; a file whose posts all left is gone."""
    from pipeline import tag

    store, ids = filled
    root = tmp_path / "snap"
    december = T0 - timedelta(days=70)
    found = tag.default_tagger().tag_text("网贷平台暴力催收威胁\n催收员每天打30个电话，威胁要上门，还打给我家人和同事。",
                                          target="功夫贷")
    assert found.facts and "threat" in found.themes
    # December 2023: three posts with facts (rule hits), one of them the mover; January 2024: one post alone.
    dec = [_post(100 + i, title="网贷平台暴力催收威胁", author=f"用户{i}", body=f"第{i}件事。",
                 published_at=december + timedelta(days=i)) for i in range(3)]
    store.upsert_posts(dec + [_post(110, published_at=datetime(2024, 1, 15, 9), body="一月的事。")])
    store.save_tags([TagResult(store.get_post("heimao", p.source_id)["id"], ["功夫贷"], found.themes, facts=found.facts)
                     for p in dec], "lex1")
    pub.publish(store, root)
    mover, loner = store.get_post("heimao", "101")["id"], store.get_post("heimao", "110")["id"]
    january = pub.partition_name("202401")

    def check(version: pub.PublishResult, name: str) -> None:
        _same_as_full(store, version, root, tmp_path / name)
        for table in ("story_keys", pub.STORIES):
            rows = _rows(version.path, table) if table != "story_keys" else [
                r for f in sorted((version.path / table).glob("p*.parquet")) for r in pq.read_table(f).to_pylist()]
            got = sorted(r["id"] for r in rows)
            assert got == sorted(r["id"] for r in _rows(version.path, "posts")), table

    steps = [
        # December -> April 2024 (a month of its own) with a status change; January's only post -> March.
        [_post(101, title="网贷平台暴力催收威胁", author="用户1", body="第1件事。", published_at=T0 + timedelta(days=35),
               status="已回复"),
         _post(110, published_at=T0 + timedelta(hours=2, minutes=30), body="一月的事。", status="已完成")],
        # April -> back into December's time range (between its posts: December's file, not a delta).
        [_post(101, title="网贷平台暴力催收威胁", author="用户1", body="第1件事。", published_at=december + timedelta(hours=12),
               status="已完成")],
        # Undated, then dated again.
        [_post(101, title="网贷平台暴力催收威胁", author="用户1", body="第1件事。", published_at=None, status="已关闭")],
        [_post(101, title="网贷平台暴力催收威胁", author="用户1", body="第1件事。", published_at=T0 + timedelta(days=35),
               status="处理中")],
    ]
    for i, posts in enumerate(steps):
        _next_second()  # changed_at has whole seconds
        store.upsert_posts(posts)
        version = pub.publish(store, root, margin=timedelta(0))
        moved = [r for r in _rows(version.path, "posts") if r["id"] == mover]
        assert [r["published_at"] for r in moved] == [posts[0].published_at], i
        check(version, f"full{i}")
        if i == 0:
            assert not (version.path / "posts" / january).exists() and not (version.path / pub.STORIES / january).exists()
            assert [r["id"] for r in _rows(version.path, "posts") if r["id"] == loner] == [loner]
        if i == 1:
            assert [p.name for p in (version.path / "posts").iterdir() if p.name.startswith(pub.partition_name("202312")[:-8])] \
                == [pub.partition_name("202312")]
        if i == 2:
            assert (version.path / "posts" / pub.partition_name("none")).exists()
        assert sum(1 for r in _rows(version.path, pub.FACTS) if r["post_id"] == mover) == len(
            [r for r in _rows(version.path, pub.FACTS) if r["post_id"] == store.get_post("heimao", "100")["id"]])
    # A near-duplicate group across months: an edit of one copy stages the others (their months
    # otherwise linked); a post leaving December with them rewrites December, the copy kept.
    copy = store.get_post("heimao", "100")["id"]
    _next_second()  # after the last publish's watermark second, or margin 0 misses the link
    store.link_duplicates([(ids["2"], copy)])
    check(pub.publish(store, root, margin=timedelta(0)), "full_linked")
    _next_second()
    store.upsert_posts([_post(2, status="已回复"),
                        _post(102, title="网贷平台暴力催收威胁", author="用户2", body="第2件事。",
                              published_at=T0 + timedelta(days=36), status="已回复")])
    version = pub.publish(store, root, margin=timedelta(0))
    check(version, "full_group")
    assert [r["id"] for r in _rows(version.path, "posts") if r["id"] == copy] == [copy]


def test_per_post_aggregates_in_hash_parts_give_the_same_snapshot(filled, tmp_path, monkeypatch):
    # Issue 17: at 10M posts the lenders' ordered lists ran out of DuckDB's 500 MB in one GROUP BY;
    # the aggregates now run over hash parts of the post ids (one per PREP_ROWS_PER_PART rows read).
    # A part of 2 rows splits these five posts' lenders, themes and histories into several parts,
    # and the published posts and themes are the same as from one part.
    store, _ = filled
    whole = pub.publish(store, tmp_path / "whole").path
    parts: list[str] = []
    real_prepare = pub._prepare

    def spy(con, s):
        real_prepare(con, s)
        parts.extend(p.name for p in Path(s).glob("agg_*-*.parquet"))

    monkeypatch.setattr(pub, "PREP_ROWS_PER_PART", 2)
    monkeypatch.setattr(pub, "_prepare", spy)
    split = pub.publish(store, tmp_path / "split").path
    assert {p.split("-")[0] for p in parts} == {"agg_lenders", "agg_themes", "agg_history"}
    assert len(parts) > 3 and "agg_lenders-2.parquet" in parts
    for name in ("posts", "post_themes"):
        assert _table(split, name) == _table(whole, name)


def test_a_body_template_formed_by_an_update_with_old_posts_counts_once(store, tmp_path):
    """Two December posts share a body opening (two posts: not yet a template), one of them a
    near-duplicate of an earlier post; an update adds a third, by another author, in March,
    and edits that December post: the four are one story (the earliest post's id), counted
    once, and every table equals a full publish's. A key of one author reaching the posts a template needs is counted in the
    template index, not a story. The update finds the December posts by their keys' hashes and
    reads their keys' text only for the template it forms (issue 17: not every month's keys)."""
    from pipeline import tag

    december, march = datetime(2023, 12, 5, 9), T0 + timedelta(days=10)
    body = "本人在某平台借款，合同金额却远高于实际到账金额，这是典型的砍头息阴阳合同，请求有关部门处理。"
    alone = "同一个人反复投诉同一件事情，平台一直不处理也不回复，我已经打了很多次客服电话了。"
    store.upsert_posts([_post(199, title="转帖", author="用户戊", body="转帖：合同金额远高于到账金额。", published_at=december),
                        _post(200, title="投诉一", author="用户甲", body=body, published_at=december),
                        _post(201, title="投诉二", author="用户乙", body=body, published_at=december + timedelta(days=1)),
                        _post(202, title="投诉三", author="用户丙", body=alone, published_at=december + timedelta(days=2)),
                        _post(210, title="一月的事", body="一月的另一件事情。", published_at=datetime(2024, 1, 9, 9))])
    # 201 is a near-duplicate of 199 (an earlier post): their story is 199's before the update.
    store.link_duplicates([(store.get_post("heimao", "199")["id"], store.get_post("heimao", "201")["id"])])
    tagger = tag.default_tagger()
    tag.tag_store(store, tagger=tagger, workers=1)  # (themes: the monthly counts are written)
    root = tmp_path / "snap"
    first = pub.publish(store, root)
    assert {r["story_kind"] for r in _rows(first.path, pub.STORIES)} == {"organic", "duplicate"}
    _next_second()  # changed_at has whole seconds
    store.upsert_posts([_post(220, title="投诉四", author="用户丁", body=body, published_at=march),
                        _post(201, title="投诉二", author="用户乙", body=body, published_at=december + timedelta(days=1),
                              status="已回复"),
                        _post(221, title="投诉五", author="用户丙", body=alone, published_at=march + timedelta(hours=1)),
                        _post(222, title="投诉六", author="用户丙", body=alone, published_at=march + timedelta(hours=2))])
    second = pub.publish(store, root, margin=timedelta(0))
    _same_as_full(store, second, root, tmp_path / "full")
    ids = {p: store.get_post("heimao", str(p))["id"] for p in (199, 200, 201, 202, 210, 220, 221, 222)}
    stories = {r["id"]: r for r in _rows(second.path, pub.STORIES)}
    # The template joins 201's story with its copy 199: one story of four posts, named by 199.
    assert {stories[ids[p]]["story_id"] for p in (199, 200, 201, 220)} == {ids[199]}
    assert {stories[ids[p]]["story_size"] for p in (199, 200, 201, 220)} == {4}
    assert [stories[ids[p]]["story_kind"] for p in (199, 200, 201, 220)] == ["duplicate", "template", "template", "template"]
    assert {stories[ids[p]]["story_kind"] for p in (202, 221, 222, 210)} == {"organic"}
    meta = json.loads((second.path / "meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["posts"] == 8 and meta["counts"]["stories"] == 5  # the template once
    index = {(r["kind"], r["key"]): r for r in pq.read_table(second.path / "story_keys" / "templates.parquet").to_pylist()}
    key = lambda text: stories_mod.text_key(text, 40)  # noqa: E731
    assert index[("body_key", key(body))]["story_id"] == ids[199]
    assert (index[("body_key", key(alone))]["n"], index[("body_key", key(alone))]["authors"]) == (3, ["用户丙"])
    # January, holding none of the posts, keeps its files (linked).
    assert _same_file(first.path, second.path, "story_keys", pub.partition_name("202401"))

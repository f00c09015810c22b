"""Near-duplicate linking on the demo corpus, whose generator records which texts are
cross-posts (聚投诉 copy of a 黑猫 complaint) and which 黑猫 complaints were split per company."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.dedupe import find_duplicates, link_near_duplicates, link_new_posts, normalise
from pipeline.models import Post
from pipeline.text import html_to_text

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
STORY = "我是乐信的用户，借款10000元，目前已还4期。家里有老人生病，开销很大。催收说今天下午就派人到我家里。"


@pytest.fixture(scope="module")
def demo():
    if not (DEMO / "heimao.jsonl").exists():
        pytest.skip("demo corpus not generated")
    heimao = [json.loads(line) for line in (DEMO / "heimao.jsonl").open(encoding="utf-8")]
    jutousu = [json.loads(line) for line in (DEMO / "jutousu.jsonl").open(encoding="utf-8")]
    texts = [r["body"] for r in heimao] + [html_to_text(r["topic"]) for r in jutousu]
    index = {r["sn"]: i for i, r in enumerate(heimao)}
    cross = {(index[r["truth"]["dup_of"].split(":")[1]], len(heimao) + j)
             for j, r in enumerate(jutousu) if r["truth"].get("dup_of", "").startswith("heimao:")}
    split = {tuple(sorted((index[r["truth"]["fanout_of"]], i)))
             for i, r in enumerate(heimao) if r["truth"].get("fanout_of")}
    return set(find_duplicates(list(enumerate(texts)))), cross, split


def test_finds_every_cross_post(demo):
    found, cross, _ = demo
    assert cross <= found


def test_finds_every_split_complaint(demo):
    found, _, split = demo
    assert split <= found


def test_few_false_links(demo):
    # A pair is right when both posts belong to one story (a copy of a split complaint
    # links to both parts). Template-made synthetic stories share whole sentences, so a
    # few false links remain here; real posts share far less.
    found, cross, split = demo
    story: dict[int, int] = {}
    for a, b in sorted(cross | split):
        root = story.setdefault(a, story.get(b, a))
        story[b] = root
        for k, v in list(story.items()):
            if v in (a, b):
                story[k] = root
    wrong = [(a, b) for a, b in found if story.get(a, -a) != story.get(b, -b - 1)]
    assert len(wrong) <= 0.02 * len(found)


def test_exact_copy_with_other_punctuation_links():
    assert find_duplicates([(1, STORY), (2, STORY.replace("，", ", "))]) == [(1, 2)]


def test_copy_with_a_sentence_added_links():
    assert find_duplicates([(1, STORY), (2, STORY + "已在其他平台投诉过，一直没有结果。")]) == [(1, 2)]


def test_same_template_other_amount_does_not_link():
    assert find_duplicates([(1, STORY), (2, STORY.replace("10000", "23000"))]) == []


def test_short_texts_never_link():
    assert find_duplicates([(1, "催收骚扰"), (2, "催收骚扰")]) == []


def test_normalise_keeps_letters_and_digits_only():
    assert normalise("借款２０，６００元！ OK") == "借款20600元ok"


def test_links_through_the_store(store):
    posts = [Post("heimao", "1", "u1", "t", STORY, None), Post("jutousu", "9", "u9", "t", STORY + "已在其他平台投诉过。", None),
             Post("heimao", "2", "u2", "t", "完全不同的一段文字，讲述了另一家平台的高利贷问题以及砍头息的情况。", None)]
    store.upsert_posts(posts)
    link_near_duplicates(store)
    groups = {p.source_id: store.get_post(p.source, p.source_id)["dup_group"] for p in posts}
    assert (groups["1"] == groups["9"] is not None, groups["2"]) == (True, None)


# --- the incremental index in the store (issue 17) ------------------------------------------

OTHER = "完全不同的一段文字，讲述了另一家平台的高利贷问题以及砍头息的情况，还有每个月的服务费。"


def _groups(store, posts):
    return {p.source_id: store.get_post(p.source, p.source_id)["dup_group"] for p in posts}


def test_a_later_copy_links_to_a_stored_post(store):
    first = [Post("heimao", "1", "u1", "t", STORY, None), Post("heimao", "2", "u2", "t", OTHER, None)]
    store.upsert_posts(first)
    assert link_new_posts(store).posts == 2
    later = [Post("jutousu", "9", "u9", "t", STORY + "已在其他平台投诉过。", None),
             Post("jutousu", "8", "u8", "t", OTHER.replace("，", ","), None)]
    store.upsert_posts(later)
    run = link_new_posts(store)
    assert run.posts == 2  # only the new posts were read
    g = _groups(store, first + later)
    assert g["1"] == g["9"] is not None and g["2"] == g["8"] is not None and g["1"] != g["2"]


def test_nothing_new_reads_nothing(store):
    store.upsert_posts([Post("heimao", "1", "u1", "t", STORY, None)])
    link_new_posts(store)
    assert link_new_posts(store).posts == 0
    assert list(store.posts_to_dedupe()) == []


def test_a_changed_text_is_compared_again(store):
    store.upsert_posts([Post("heimao", "1", "u1", "t", STORY, None), Post("heimao", "2", "u2", "t", OTHER, None)])
    link_new_posts(store)
    assert _groups(store, [Post("heimao", "2", "", "", "", None)])["2"] is None
    store.upsert_posts([Post("heimao", "2", "u2", "t", STORY + "补充：已在其他平台投诉过。", None)])
    assert link_new_posts(store).posts == 1
    g = _groups(store, [Post("heimao", "1", "", "", "", None), Post("heimao", "2", "", "", "", None)])
    assert g["1"] == g["2"] is not None


def test_stored_stories_of_a_template_with_other_numbers_are_not_read(store, monkeypatch):
    """Band keys hold the text's numbers (a link needs them equal): a new story of a template
    does not make the run read the stored stories with other amounts (issue 17: their
    number grew with the archive), yet a copy with the same numbers still links."""
    stories = [Post("heimao", str(i), f"u{i}", "t", STORY.replace("10000", str(1000 + i * 100)), None) for i in range(40)]
    store.upsert_posts(stories)
    link_new_posts(store)
    read: list[int] = []
    bodies = store.bodies
    monkeypatch.setattr(store, "bodies", lambda ids: (read.extend(ids), bodies(ids))[1])
    store.upsert_posts([Post("jutousu", "n", "un", "t", STORY.replace("10000", "99900"), None),
                        Post("jutousu", "c", "uc", "t", STORY.replace("10000", "1500") + "已在其他平台投诉过。", None)])
    link_new_posts(store)
    assert len(read) <= 1  # at most the stored post the copy matches, never the other 39
    g = _groups(store, [Post("heimao", "5", "", "", "", None), Post("jutousu", "c", "", "", "", None),
                        Post("jutousu", "n", "", "", "", None)])
    assert g["5"] == g["c"] is not None and g["n"] is None


def test_incremental_equals_one_batch_on_the_demo_corpus(store):
    # The demo texts arrive in 4 crawls; the groups must be those of one pass over all.
    if not (DEMO / "heimao.jsonl").exists():
        pytest.skip("demo corpus not generated")
    heimao = [json.loads(line) for line in (DEMO / "heimao.jsonl").open(encoding="utf-8")]
    jutousu = [json.loads(line) for line in (DEMO / "jutousu.jsonl").open(encoding="utf-8")]
    # A third of the corpus (kept fast): its split complaints and cross-posts are in it.
    texts = [r["body"] for r in heimao[:1300]] + [html_to_text(r["topic"]) for r in jutousu[:650]]
    posts = [Post("demo", str(i), f"u{i}", "t", text, None) for i, text in enumerate(texts)]
    step = len(posts) // 4 + 1
    for lo in range(0, len(posts), step):
        store.upsert_posts(posts[lo:lo + step])
        link_new_posts(store, batch_size=300)
    ids, stored = _stored_groups(store)
    expected = _components(find_duplicates([(ids[p.source_id], p.body) for p in posts]))
    assert sorted(map(sorted, stored)) == sorted(map(sorted, expected))
    # A rebuild from scratch gives the same groups.
    link_new_posts(store, rebuild=True)
    assert _stored_groups(store)[1] == stored


def _stored_groups(store):
    frame = next(store.iter_frames("posts"))
    ids = dict(zip(frame["source_id"], frame["id"]))
    groups = defaultdict(set)
    for pid, g in zip(frame["id"], frame["dup_group"]):
        if g is not None and g == g:
            groups[int(g)].add(int(pid))
    return ids, sorted(map(sorted, groups.values()))


def _components(pairs):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps = defaultdict(set)
    for x in list(parent):
        comps[find(x)].add(x)
    return [c for c in comps.values() if len(c) > 1]


def test_import_links_near_duplicates(tmp_path, sqlite_url):
    from click.testing import CliRunner

    from pipeline.cli import main

    src = tmp_path / "tips.csv"
    src.write_text(f"id,title,body\n1,催收,{STORY}\n2,催收,{STORY}已在其他平台投诉过。\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", sqlite_url, "init"]).exit_code == 0
    out = runner.invoke(main, ["--db", sqlite_url, "import", str(src)])
    assert out.exit_code == 0, out.output
    assert "near-duplicates: 2 posts compared, 2 regrouped" in out.output
    from pipeline.store import Store

    s = Store(sqlite_url)
    groups = {s.get_post("import:tips", i)["dup_group"] for i in ("1", "2")}
    assert len(groups) == 1 and None not in groups


def test_dedupe_verb_links_only_new_posts_and_rebuild_compares_all_again(tmp_path, sqlite_url):
    # `complaints dedupe` as an operator runs it: after an import it has nothing new to compare;
    # --rebuild starts the index over, compares every post again and keeps the groups.
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.store import Store

    src = tmp_path / "tips.csv"
    src.write_text(f"id,title,body\n1,催收,{STORY}\n2,催收,{STORY}已在其他平台投诉过。\n3,利息,{_story(3)}\n",
                   encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", sqlite_url, "init"]).exit_code == 0
    assert runner.invoke(main, ["--db", sqlite_url, "import", str(src)]).exit_code == 0
    store = Store(sqlite_url)
    groups = {i: store.get_post("import:tips", i)["dup_group"] for i in ("1", "2", "3")}
    assert groups["1"] == groups["2"] is not None and groups["3"] is None
    again = runner.invoke(main, ["--db", sqlite_url, "dedupe"])
    assert again.exit_code == 0 and "near-duplicates: 0 posts compared, 0 regrouped" in again.output
    rebuilt = runner.invoke(main, ["--db", sqlite_url, "dedupe", "--rebuild"])
    assert rebuilt.exit_code == 0 and "near-duplicates: 3 posts compared, 2 regrouped" in rebuilt.output
    assert {i: store.get_post("import:tips", i)["dup_group"] for i in ("1", "2", "3")} == groups
    assert len(store.dedupe_tiers()) == 1  # one batch after the rebuild: one tier


def test_incremental_linking_on_postgresql(pg_url):
    from pipeline.store import Store

    s = Store(pg_url)
    s.init()
    try:
        test_a_later_copy_links_to_a_stored_post(s)
        s.upsert_posts([Post("heimao", "2", "u2", "t", STORY + "补充：已在其他平台投诉过。", None)])
        assert link_new_posts(s).posts == 1  # a changed text is pending again on PostgreSQL too
    finally:
        s.close()


# --- the tiered band index (issue 17: a run's cost grows with its posts, not the archive) ------


def _story(i: int) -> str:
    """Distinct texts (other numbers): each is indexed with its own 16 band rows."""
    return STORY.replace("10000", str(20000 + i * 100)).replace("4期", f"{i % 9 + 1}期")


def _band_rows(store):
    """Every row of the band index, read straight from the table: (tier, key, post id)."""
    import sqlalchemy as sa

    from pipeline.store import dedupe_bands

    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(dedupe_bands))]


def _small_tiers(monkeypatch, fanout=2):
    """Tiers of a post's 16 rows and a fan-out of 2, so a few one-post runs build levels."""
    import pipeline.store as st

    monkeypatch.setattr(st, "TIER_UNIT", 16)
    monkeypatch.setattr(st, "TIER_FANOUT", fanout)


def test_each_run_writes_one_tier_and_full_levels_merge(store, monkeypatch):
    _small_tiers(monkeypatch)
    levels_after = []
    for i in range(7):
        store.upsert_posts([Post("heimao", str(i), f"u{i}", "t", _story(i), None)])
        link_new_posts(store)
        levels_after.append([(level, rows) for _, level, rows in store.dedupe_tiers()])
    # A binary counter: two tiers of a level become one of the next (16 rows a post).
    assert levels_after == [[(0, 16)], [(1, 32)], [(1, 32), (0, 16)], [(2, 64)], [(2, 64), (0, 16)],
                            [(2, 64), (1, 32)], [(2, 64), (1, 32), (0, 16)]]
    rows = _band_rows(store)
    assert len(rows) == 7 * 16 and len(set(rows)) == len(rows)
    # Every row sits in a listed tier, and the merged tiers are gone from the table.
    assert {t for t, _, _ in rows} == {t for t, _, _ in store.dedupe_tiers()}
    # The merged tiers still find the oldest posts: a copy of the first story links to it.
    store.upsert_posts([Post("jutousu", "c", "uc", "t", _story(0) + "已在其他平台投诉过。", None)])
    link_new_posts(store)
    g = _groups(store, [Post("heimao", "0", "", "", "", None), Post("jutousu", "c", "", "", "", None)])
    assert g["0"] == g["c"] is not None


def test_a_reindexed_post_loses_its_old_rows_in_every_tier(store, monkeypatch):
    from pipeline.dedupe import band_keys, minhash, numbers_key

    _small_tiers(monkeypatch, fanout=3)
    for i in range(5):  # tiers at two levels: post "0" is in the merged one
        store.upsert_posts([Post("heimao", str(i), f"u{i}", "t", _story(i), None)])
        link_new_posts(store)
    assert len({level for _, level, _ in store.dedupe_tiers()}) == 2
    pid = store.get_post("heimao", "0")["id"]
    new_text = OTHER + "借款5800元，逾期12天。"
    store.upsert_posts([Post("heimao", "0", "u0", "t", new_text, None)])
    assert link_new_posts(store).posts == 1
    norm = normalise(new_text)
    mine = [(tier, key) for tier, key, p in _band_rows(store) if p == pid]
    assert sorted(key for _, key in mine) == sorted(band_keys(minhash(norm), numbers_key(norm)))
    assert len({tier for tier, _ in mine}) == 1  # in the run's tier only
    # The old text no longer finds it; the new one does.
    store.upsert_posts([Post("jutousu", "a", "ua", "t", _story(0) + "已在其他平台投诉过。", None),
                        Post("jutousu", "b", "ub", "t", new_text + "已在其他平台投诉过。", None)])
    link_new_posts(store)
    g = _groups(store, [Post("heimao", "0", "", "", "", None), Post("jutousu", "a", "", "", "", None),
                        Post("jutousu", "b", "", "", "", None)])
    assert g["a"] is None and g["0"] == g["b"] is not None


def test_merging_tiers_keeps_the_groups_of_one_batch_on_the_demo_corpus(store, monkeypatch):
    # Many small runs with a fan-out of 2 and a tiny tier unit: merges at several levels
    # happen between runs; the groups must still be those of one pass over all the posts.
    if not (DEMO / "heimao.jsonl").exists():
        pytest.skip("demo corpus not generated")
    import pipeline.store as st

    monkeypatch.setattr(st, "TIER_UNIT", 16 * 20)
    monkeypatch.setattr(st, "TIER_FANOUT", 2)
    heimao = [json.loads(line) for line in (DEMO / "heimao.jsonl").open(encoding="utf-8")]
    jutousu = [json.loads(line) for line in (DEMO / "jutousu.jsonl").open(encoding="utf-8")]
    texts = [r["body"] for r in heimao[:1300]] + [html_to_text(r["topic"]) for r in jutousu[:650]]
    posts = [Post("demo", str(i), f"u{i}", "t", text, None) for i, text in enumerate(texts)]
    for lo in range(0, len(posts), 400):
        store.upsert_posts(posts[lo:lo + 400])
        link_new_posts(store, batch_size=100)
    levels = [level for _, level, _ in store.dedupe_tiers()]
    assert max(levels) >= 3 and len(levels) <= 2 * (max(levels) + 1)
    ids, stored = _stored_groups(store)
    expected = _components(find_duplicates([(ids[p.source_id], p.body) for p in posts]))
    assert sorted(map(sorted, stored)) == sorted(map(sorted, expected))


def test_rebuild_starts_the_tiers_over(store):
    for i in range(3):
        store.upsert_posts([Post("heimao", str(i), f"u{i}", "t", _story(i), None)])
        link_new_posts(store)
    assert len(store.dedupe_tiers()) == 3
    rows = sorted((k, p) for _, k, p in _band_rows(store))
    link_new_posts(store, rebuild=True)  # one batch: one tier of the same rows
    assert [(t, rows_) for t, _, rows_ in store.dedupe_tiers()] == [(1, 48)]
    assert sorted((k, p) for _, k, p in _band_rows(store)) == rows


@pytest.mark.parametrize("case", [test_each_run_writes_one_tier_and_full_levels_merge,
                                  test_a_reindexed_post_loses_its_old_rows_in_every_tier])
def test_tiered_index_on_postgresql(pg_url, monkeypatch, case):
    from pipeline.store import Store

    s = Store(pg_url)
    s.init()
    try:
        case(s, monkeypatch)
    finally:
        s.close()

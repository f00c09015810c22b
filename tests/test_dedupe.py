"""Near-duplicate linking on the demo corpus, whose generator records which texts are
cross-posts (聚投诉 copy of a 黑猫 complaint) and which 黑猫 complaints were split per company."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.dedupe import find_duplicates, link_near_duplicates, normalise
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

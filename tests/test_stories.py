"""Organic vs templated (pipeline/stories.py): a template campaign or a near-duplicate group
is one story; counts give all posts and distinct stories."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline import stories


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "author", "title", "body", "dup_group"])


def test_text_key_ignores_digits_punctuation_and_masks():
    assert stories.text_key("投诉功夫贷高利贷、欺诈") == stories.text_key("投诉功夫贷 高利贷,欺诈 ") == "投诉功夫贷高利贷欺诈"
    assert stories.text_key("借了5000元，138****1234") == stories.text_key("借了8000元，139****5678")


def test_a_shared_title_from_many_authors_is_one_story():
    rows = [(i, f"用户{i}", "投诉功夫贷高利贷、欺诈", f"第{i}个不同的故事，内容各不相同{'甲乙丙丁戊己'[i]}", None) for i in range(6)]
    rows.append((10, "用户10", "功夫贷暴力催收爆通讯录", "完全不同的一篇投诉", None))
    out = stories.assign_stories(frame(rows)).set_index("id")
    assert set(out.loc[range(6), "story_id"]) == {0} and set(out.loc[range(6), "story_kind"]) == {"template"}
    assert out.loc[10, "story_id"] == 10 and out.loc[10, "story_kind"] == "organic"
    assert stories.count(out.reset_index(), "stories") == 2 and stories.count(out.reset_index(), "posts") == 7


def test_one_author_repeating_a_title_is_not_a_campaign():
    rows = [(i, "同一个人", "投诉功夫贷高利贷、欺诈", f"第{i}次投诉", None) for i in range(6)]
    out = stories.assign_stories(frame(rows))
    assert out["story_id"].nunique() == 6


def test_short_topic_titles_are_not_templates():
    rows = [(i, f"用户{i}", "高利贷", f"各不相同的借款经历{i}号，利息太高", None) for i in range(8)]
    assert stories.assign_stories(frame(rows))["story_id"].nunique() == 8


def test_a_body_template_with_other_amounts_is_one_story():
    body = "本人在某平台借款{}元，合同金额却是{}元，实际到账{}元，这是典型的砍头息阴阳合同，请求有关部门处理。"
    rows = [(i, f"用户{i}", f"标题{i}号完全不同的说法", body.format(1000 * i, 1300 * i, 900 * i), None) for i in range(1, 4)]
    out = stories.assign_stories(frame(rows))
    assert out["story_id"].nunique() == 1 and set(out["story_kind"]) == {"template"}


def test_near_duplicates_share_a_story():
    rows = [(1, "甲", "钱站暴力催收", "一篇", None), (2, "甲", "钱站暴力催收（转）", "一篇", 1), (3, "乙", "别的", "别的", None)]
    out = stories.assign_stories(frame(rows)).set_index("id")
    assert out.loc[2, "story_id"] == 1 and out.loc[2, "story_kind"] == "duplicate" and out.loc[3, "story_kind"] == "organic"


def test_empty_input():
    assert stories.assign_stories(frame([])).empty


def test_bad_unit_is_refused():
    with pytest.raises(ValueError):
        stories.count(pd.DataFrame({"story_id": [1]}), "tweets")


def test_real_corpus_campaign(corpus):
    """聚投诉's 功夫贷 posts (2017-2019): the 投诉功夫贷高利贷、欺诈 titles are one campaign."""
    rows = json.loads((corpus / "raw" / "nengqiang__test" / "tousu2" / "gfd4.json").read_text(encoding="utf-8"))
    df = pd.DataFrame({"id": range(len(rows)), "author": [r.get("author") or "" for r in rows],
                       "title": [r.get("title") or "" for r in rows], "body": [r.get("overview") or "" for r in rows],
                       "dup_group": None})
    out = stories.assign_stories(df).merge(df, on="id")
    campaign = out[out["title"] == "投诉功夫贷高利贷、欺诈"]
    assert len(campaign) >= 30 and campaign["story_id"].nunique() == 1
    assert out["story_id"].nunique() < len(out)  # fewer stories than posts
    assert (out["story_kind"] == "organic").mean() > 0.7  # most complaints are their own story

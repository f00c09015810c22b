"""Organic vs templated: group posts into stories, so a campaign counts once.

A template campaign is many posts, from different authors, that share a title (40 posts
titled "投诉功夫贷高利贷、欺诈" in the real corpus) or the opening of their body; a
near-duplicate group (the store's `dup_group`, the same complaint on two platforms) is one
story too. Every post gets a `story_id` (the smallest post id of its story) and a
`story_kind`: "organic" (a story of one post), "template" or "duplicate". Counts can then
be given twice: all posts, and distinct stories (the default on the dashboard and exports).

Computed at publish (pipeline/publish.py) from the snapshot's posts, so changing the
thresholds below needs no re-crawl and no re-tagging.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.unionfind import DisjointSets

_NOT_KEY = re.compile(r"[\s\d\W_*]+", re.UNICODE)


@dataclass(frozen=True)
class StoryRule:
    title_min_chars: int = 6  # "高利贷" as a title is a topic, not a template
    title_min_posts: int = 5
    title_min_authors: int = 3
    body_prefix: int = 40  # characters of the normalised body that make its template key
    body_min_chars: int = 20
    body_min_posts: int = 3
    body_min_authors: int = 2


def text_key(text: str | None, limit: int | None = None) -> str:
    """Letters only (no spaces, digits, punctuation, masks), lower case: 投诉功夫贷高利贷、欺诈 ->
    投诉功夫贷高利贷欺诈; amounts and dates do not make two copies of a template differ."""
    key = _NOT_KEY.sub("", (text or "").lower())
    return key[:limit] if limit else key


def assign_stories(posts: pd.DataFrame, rule: StoryRule = StoryRule()) -> pd.DataFrame:
    """posts: id, author, title, body (or body_key), dup_group -> id, story_id, story_kind, story_size."""
    if posts.empty:
        return pd.DataFrame({"id": pd.Series(dtype="int64"), "story_id": pd.Series(dtype="int64"),
                             "story_kind": pd.Series(dtype="object"), "story_size": pd.Series(dtype="int64")})
    ids = posts["id"].astype("int64").tolist()
    sets = DisjointSets(ids)

    kind: dict[int, str] = {}
    authors = posts["author"].fillna("").astype(str)
    # an empty or masked author is unknown: count it as a different author each time
    authors = authors.where(authors.str.strip("*").str.len() > 0, "?" + posts["id"].astype(str))

    def group(keys: pd.Series, min_posts: int, min_authors: int, label: str) -> None:
        frame = pd.DataFrame({"id": posts["id"].astype("int64"), "key": keys, "author": authors})
        frame = frame[frame["key"].str.len() > 0]
        sizes = frame.groupby("key").agg(n=("id", "size"), a=("author", "nunique"))
        good = sizes[(sizes["n"] >= min_posts) & (sizes["a"] >= min_authors)].index
        for _, members in frame[frame["key"].isin(good)].groupby("key")["id"]:
            first = int(members.iloc[0])
            for m in members:
                sets.union(first, int(m))
                kind.setdefault(int(m), label)

    titles = posts["title"].map(lambda t: text_key(t)) if "title" in posts else pd.Series([""] * len(posts))
    titles = titles.where(titles.str.len() >= rule.title_min_chars, "")
    group(titles, rule.title_min_posts, rule.title_min_authors, "template")
    if "body_key" in posts:
        bodies = posts["body_key"].fillna("").astype(str)
    else:
        bodies = posts["body"].map(lambda b: text_key(b, rule.body_prefix))
    bodies = bodies.where(bodies.str.len() >= rule.body_min_chars, "")
    group(bodies, rule.body_min_posts, rule.body_min_authors, "template")
    if "dup_group" in posts:
        for pid, g in zip(posts["id"].astype("int64"), posts["dup_group"]):
            if pd.notna(g) and int(g) in sets:
                sets.union(int(g), int(pid))
                if int(g) != int(pid):
                    kind.setdefault(int(pid), "duplicate")
                    kind.setdefault(int(g), "duplicate")
    out = pd.DataFrame({"id": ids, "story_id": [sets.find(i) for i in ids]})
    out["story_size"] = out.groupby("story_id")["id"].transform("size").astype("int64")
    out["story_kind"] = [kind.get(i, "organic") if n > 1 else "organic" for i, n in zip(out["id"], out["story_size"])]
    return out[["id", "story_id", "story_kind", "story_size"]]


def count(frame: pd.DataFrame, unit: str = "stories") -> int:
    """Posts, or distinct stories, in a frame with a story_id column."""
    if unit == "posts":
        return len(frame)
    if unit != "stories":
        raise ValueError(f"unit must be 'stories' or 'posts', not {unit!r}")
    return int(frame["story_id"].nunique())

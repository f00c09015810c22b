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

import numpy as np
import pandas as pd

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
    """posts: id, author, title (or title_key), body (or body_key), dup_group -> id, story_id, story_kind, story_size.

    Vectorised (numpy, no Python loop over the posts): it runs over every published post
    at each publish, so its cost must stay small next to the update's new posts (issue 17).
    """
    if posts.empty:
        return pd.DataFrame({"id": pd.Series(dtype="int64"), "story_id": pd.Series(dtype="int64"),
                             "story_kind": pd.Series(dtype="object"), "story_size": pd.Series(dtype="int64")})
    ids = posts["id"].astype("int64").to_numpy()
    n = len(ids)
    pos = np.arange(n)
    authors = posts["author"].fillna("").astype(str)
    # an empty or masked author is unknown: count it as a different author each time
    authors = authors.where(authors.str.strip("*").str.len() > 0, "?" + posts["id"].astype(str)).to_numpy()
    edges_a: list[np.ndarray] = []
    edges_b: list[np.ndarray] = []
    template = np.zeros(n, dtype=bool)

    def group(keys: pd.Series, min_posts: int, min_authors: int) -> None:
        """Posts sharing a key of a group big enough (posts and distinct authors) are one template story."""
        frame = pd.DataFrame({"pos": pos, "key": keys.to_numpy(), "author": authors})
        frame = frame[frame["key"].str.len() > 0]
        sizes = frame.groupby("key").agg(n=("pos", "size"), a=("author", "nunique"))
        good = sizes[(sizes["n"] >= min_posts) & (sizes["a"] >= min_authors)].index
        members = frame[frame["key"].isin(good)]
        if members.empty:
            return
        first = members.groupby("key")["pos"].transform("first").to_numpy()
        edges_a.append(members["pos"].to_numpy())
        edges_b.append(first)
        template[members["pos"].to_numpy()] = True

    if "title_key" in posts:  # text_key of the title, computed before (publish keeps it per month)
        titles = posts["title_key"].fillna("").astype(str)
    else:
        titles = posts["title"].map(lambda t: text_key(t)) if "title" in posts else pd.Series([""] * n)
    titles = titles.where(titles.str.len() >= rule.title_min_chars, "")
    group(titles, rule.title_min_posts, rule.title_min_authors)
    if "body_key" in posts:
        bodies = posts["body_key"].fillna("").astype(str)
    else:
        bodies = posts["body"].map(lambda b: text_key(b, rule.body_prefix))
    bodies = bodies.where(bodies.str.len() >= rule.body_min_chars, "")
    group(bodies, rule.body_min_posts, rule.body_min_authors)
    duplicate = np.zeros(n, dtype=bool)
    if "dup_group" in posts:
        g = pd.to_numeric(posts["dup_group"], errors="coerce").to_numpy(dtype="float64")
        index = pd.Index(ids)
        has = ~np.isnan(g)
        at = np.full(n, -1)
        at[has] = index.get_indexer(g[has].astype("int64"))  # the group's post in this frame, else -1
        linked = at >= 0
        edges_a.append(pos[linked])
        edges_b.append(at[linked])
        other = linked & (at != pos)  # a member that is not the group's own post: both are duplicates
        duplicate[pos[other]] = True
        duplicate[at[other]] = True
    story_pos = _components(ids, np.concatenate(edges_a) if edges_a else np.array([], dtype=int),
                            np.concatenate(edges_b) if edges_b else np.array([], dtype=int))
    out = pd.DataFrame({"id": ids, "story_id": ids[story_pos]})
    out["story_size"] = out.groupby("story_id")["id"].transform("size").astype("int64")
    kind = np.where(template, "template", np.where(duplicate, "duplicate", "organic"))
    out["story_kind"] = np.where(out["story_size"].to_numpy() > 1, kind, "organic").astype(object)
    return out[["id", "story_id", "story_kind", "story_size"]]


def _components(ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each position, the position of the smallest id connected to it by the edges
    (a[k], b[k]) (positions): a story is named by its first post, as DisjointSets does.

    Min-label propagation with pointer jumping; each round is a few numpy passes, and the
    edges here are stars (members to their group's first post), so few rounds are needed.
    """
    n = len(ids)
    order = np.argsort(ids, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)  # labels are ranks by id: the smallest label is the smallest id
    label = np.arange(n)  # indexed by rank
    ra, rb = rank[a], rank[b]
    while True:
        m = np.minimum(label[ra], label[rb]) if len(a) else np.array([], dtype=np.int64)
        new = label.copy()
        np.minimum.at(new, ra, m)
        np.minimum.at(new, rb, m)
        while True:  # pointer jumping: follow labels to their own labels
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            break
        label = new
    return order[label[rank]]


def count(frame: pd.DataFrame, unit: str = "stories") -> int:
    """Posts, or distinct stories, in a frame with a story_id column."""
    if unit == "posts":
        return len(frame)
    if unit != "stories":
        raise ValueError(f"unit must be 'stories' or 'posts', not {unit!r}")
    return int(frame["story_id"].nunique())

"""bench/dashboard_10m.py's generator: a snapshot written directly in publish's layout must
read like a published one (the 10M benchmark measures nothing otherwise)."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import dashboard_10m as gen  # noqa: E402
from pipeline import publish as pub  # noqa: E402
from pipeline import trends  # noqa: E402
from pipeline.trends import Filters  # noqa: E402

N = 2000


@pytest.fixture(scope="module")
def snap(tmp_path_factory) -> trends.Snapshot:
    root = tmp_path_factory.mktemp("snap10m")
    gen.generate(root, N, pool_size=300)
    return trends.Snapshot(root)


@pytest.fixture(scope="module")
def posts(snap) -> pd.DataFrame:
    return pd.read_parquet(snap.path / "posts")


def _types(path: Path) -> dict[str, str]:
    # Names and types; DuckDB marks list columns REQUIRED on its own, nullability is not layout.
    return {f.name: str(f.type) for f in pq.read_schema(path)}


def test_generated_files_have_publishs_names_and_columns(snap, store, tmp_path):
    from bench.dashboard import synthetic_tagger
    from crawler.mirror import democorpus

    store.upsert_posts(list(democorpus.iter_posts(40)))
    tag = synthetic_tagger()
    for rows in store.posts_to_tag("synthetic-bench", 100):
        store.save_tags([tag(r) for r in rows], "synthetic-bench")
    real = pub.publish(store, tmp_path / "real").path
    ours = snap.path
    assert {p.name for p in real.iterdir()} <= {p.name for p in ours.iterdir()}
    for part in ("posts", "post_themes"):
        assert _types(next((real / part).glob("p*.parquet"))) == _types(next((ours / part).glob("p*.parquet")))
    for name in ("runs", "surges"):
        assert _types(real / f"{name}.parquet") == _types(ours / f"{name}.parquet"), name
    for name in pub.BY_POSTS_FILE:  # one file per posts/ file in both (publish's layout)
        assert (real / name).is_dir() and (ours / name).is_dir(), name
        assert {p.name for p in (ours / name).iterdir()} <= {p.name for p in (ours / "posts").iterdir()} | {"pnone.parquet"}
        assert _types(next((real / name).glob("p*.parquet"))) == _types(next((ours / name).glob("p*.parquet"))), name
    real_meta = json.loads((real / "meta.json").read_text())
    assert set(real_meta) == set(snap.meta) and set(real_meta["counts"]) == set(snap.meta["counts"])
    assert sorted(p.name for p in (ours / "posts").iterdir()) == sorted(p.name for p in (ours / "post_themes").iterdir())


def test_story_keys_are_what_publish_computes_from_the_posts(snap):
    import duckdb

    from pipeline import stories

    assert gen.BODY_PREFIX == stories.StoryRule().body_prefix
    month = sorted((snap.path / "posts").glob("p*.parquet"))[3]
    con = duckdb.connect()
    expected = con.execute(pub.STORY_KEYS_MONTH_SQL.format(prefix=gen.BODY_PREFIX, posts=month, where="")).df()
    expected["title_key"] = expected["title"].map(stories.text_key)
    expected["title_hash"], expected["body_hash"] = (pub.key_hashes(expected[c]) for c in ("title_key", "body_key"))
    got = pd.read_parquet(snap.path / "story_keys" / month.name)
    cols = ["id", "author", "title_key", "body_key", "dup_group", "title_hash", "body_hash"]
    pd.testing.assert_frame_equal(got[cols].sort_values("id").reset_index(drop=True),
                                  expected[cols].sort_values("id").reset_index(drop=True), check_dtype=False)
    # And the stories pipeline/stories.py finds from those keys hold the generated campaigns.
    assert len(pd.read_parquet(snap.path / "stories.parquet")) == N


def test_totals_match_a_pandas_recount(snap, posts):
    assert len(posts) == snap.meta["counts"]["posts"] == N
    counted = posts[posts["counted"]]
    got = trends.totals(snap, Filters())
    assert got["posts"] == len(counted) and got["duplicates"] == int((~posts["counted"]).sum())
    assert got["lenders"] == posts.loc[posts["lender"] != "", "lender"].nunique()
    assert got["themed"] == int((counted["themes"].map(len) > 0).sum())
    by_source = got["by_source"].set_index("source")["posts"].to_dict()
    assert by_source == counted.groupby("source").size().to_dict()

    lender = trends.options(snap).lenders[0]
    f = Filters(lenders=(lender,), themes=("third_party_contact",), start=date(2024, 1, 1))
    sel = counted[(counted["lender"] == lender) & counted["themes"].map(lambda t: "third_party_contact" in t)
                  & (counted["published_at"] >= "2024-01-01")]
    assert trends.totals(snap, f)["posts"] == len(sel)


def test_layout_is_consistent(snap, posts):
    # Newest first in every month file, one post_themes row per post x theme, a story per post.
    for part in (snap.path / "posts").glob("p*.parquet"):
        month = pd.read_parquet(part, columns=["id", "published_at"])
        assert month["published_at"].is_monotonic_decreasing and month["id"].is_monotonic_decreasing
    assert snap.query("SELECT count(*) n FROM post_themes").iloc[0]["n"] == posts["themes"].map(len).sum()
    stories = pd.read_parquet(snap.path / "stories.parquet")
    assert sorted(stories["id"]) == sorted(posts["id"]) and (stories["story_id"] <= stories["id"]).all()
    assert (stories.groupby("story_id").size() == stories.groupby("story_id")["story_size"].first()).all()
    dup = posts[posts["dup_group"].notna()].sort_values("id")
    assert len(dup) and (dup.groupby("dup_group")["counted"].sum() == 1).all()
    bits = snap.meta["theme_bits"]
    masks = posts["themes"].map(lambda ts: sum(1 << bits[t] for t in ts))
    assert (masks == posts["theme_mask"]).all()
    assert len(trends.options(snap).lenders) > 20  # Zipf over the registry, not a handful


def test_every_page_query_runs(snap):
    from bench.dashboard import filter_changes, page_queries

    opts = trends.options(snap)
    for _, f, q in filter_changes(opts):
        for fn in page_queries(snap, f, q, f.lenders[0] if f.lenders else opts.lenders[0]).values():
            fn()
    over = trends.over_time(snap, Filters(), "month", unit="posts")
    assert over["posts"].sum() > 0

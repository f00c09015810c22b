"""The store on SQLite and on the real PostgreSQL server: upserts, history, faults."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.models import Post, Step
from pipeline.store import Store, StoreError


def make_post(i: int, status: str = "处理中", body: str | None = None, source: str = "heimao") -> Post:
    return Post(
        source=source,
        source_id=f"1734{i:07d}",
        url=f"https://tousu.sina.com.cn/complaint/view/1734{i:07d}/",
        title=f"功夫贷暴力催收 {i}",
        body=body if body is not None else f"催收天天打电话给我家人，威胁爆通讯录。第{i}号投诉",
        published_at=datetime(2019, 11, 24, 19, 18),
        author="用户7338367215",
        target="功夫贷",
        target_id="5866754241",
        issue="高利贷，砍头息",
        appeal="停止骚扰,道歉,赔偿",
        amount=29494.0,
        status=status,
        steps=[Step("用户7338367215", "发起投诉", datetime(2019, 11, 24, 19, 18), "正文", False)],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """The same tests on both engines; PostgreSQL gets a throwaway database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'c.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = Store(url, create=True)
    s.init()
    yield s
    s.close()


def test_upsert_stores_every_field(any_store: Store) -> None:
    counts = any_store.upsert_posts([make_post(1)])
    assert (counts.new, counts.updated, counts.unchanged) == (1, 0, 0)
    row = any_store.get_post("heimao", "17340000001")
    assert row["title"] == "功夫贷暴力催收 1"
    assert row["target"] == "功夫贷" and row["target_id"] == "5866754241"
    assert row["published_at"] == datetime(2019, 11, 24, 19, 18)
    assert row["amount"] == 29494.0
    assert row["appeal"] == "停止骚扰,道歉,赔偿"
    assert row["steps"][0].kind == "发起投诉"
    assert row["status_history"][0][0] == "处理中"


def test_same_post_twice_is_one_row(any_store: Store) -> None:
    any_store.upsert_posts([make_post(i) for i in range(50)])
    again = any_store.upsert_posts([make_post(i) for i in range(50)])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 50)
    assert any_store.count_posts() == 50


def test_status_change_updates_and_keeps_history(any_store: Store) -> None:
    any_store.upsert_posts([make_post(7, "处理中")])
    counts = any_store.upsert_posts([make_post(7, "已回复")])
    assert counts.updated == 1
    any_store.upsert_posts([make_post(7, "已完成")])
    row = any_store.get_post("heimao", "17340000007")
    assert row["status"] == "已完成"
    assert [s for s, _ in row["status_history"]] == ["处理中", "已回复", "已完成"]
    assert any_store.open_posts("heimao") == []


def test_list_view_without_status_keeps_known_status(any_store: Store) -> None:
    any_store.upsert_posts([make_post(3, "已回复")])
    any_store.upsert_posts([make_post(3, "", body="更新后的正文")])
    row = any_store.get_post("heimao", "17340000003")
    assert row["status"] == "已回复" and row["body"] == "更新后的正文"


def test_same_source_id_in_two_sources_are_two_posts(any_store: Store) -> None:
    any_store.upsert_posts([make_post(1, source="heimao"), make_post(1, source="jutousu")])
    assert any_store.count_posts() == 2


def test_duplicates_link_into_one_group(any_store: Store) -> None:
    any_store.upsert_posts([make_post(i) for i in range(5)])
    ids = [any_store.get_post("heimao", f"1734{i:07d}")["id"] for i in range(5)]
    any_store.link_duplicates([(ids[3], ids[4])])
    any_store.link_duplicates([(ids[4], ids[1])])  # joins the existing group
    groups = [any_store.get_post("heimao", f"1734{i:07d}")["dup_group"] for i in range(5)]
    assert groups == [None, ids[1], None, ids[1], ids[1]]


def test_tags_are_replaced_and_versioned(any_store: Store) -> None:
    from pipeline.tag import Evidence, TagResult

    any_store.upsert_posts([make_post(i) for i in range(3)])
    batches = list(any_store.posts_to_tag("v1", batch_size=2))
    assert [len(b) for b in batches] == [2, 1]
    first = batches[0][0]
    assert first["title"].startswith("功夫贷")
    ev = Evidence(start=10, end=13, text="通讯录", rule="term:爆通讯录")
    any_store.save_tags([TagResult(post_id=first["id"], lenders=["功夫贷"], themes={"third_party_contact": [ev]})], "v1")
    assert sum(len(b) for b in any_store.posts_to_tag("v1")) == 2
    assert sum(len(b) for b in any_store.posts_to_tag("v2")) == 3
    any_store.save_tags([TagResult(post_id=first["id"], lenders=["钱站", "功夫贷"], themes={})], "v2")
    s = any_store.stats()
    assert s["by_lender"] == {"钱站": 1, "功夫贷": 1}
    assert s["by_theme"] == {}
    frames = list(any_store.iter_frames("post_lenders", batch_size=1))
    lenders = {(r.lender, bool(r.is_primary)) for f in frames for r in f.itertuples()}
    assert lenders == {("钱站", True), ("功夫贷", False)}


def test_a_changed_text_is_tagged_again_a_status_change_is_not(any_store: Store) -> None:
    """An import that brings a post's new text must not leave the old text's themes and
    evidence offsets in place: the post goes back into the tagger's queue. A status change
    alone keeps its tags."""
    from pipeline.tag import TagResult

    any_store.upsert_posts([make_post(i) for i in range(3)])
    ids = [r["id"] for b in any_store.posts_to_tag("v1") for r in b]
    any_store.save_tags([TagResult(post_id=i, lenders=["功夫贷"], themes={}) for i in ids], "v1")
    assert list(any_store.posts_to_tag("v1")) == []
    counts = any_store.upsert_posts([make_post(0, body="客服态度很好，已协商分期。"), make_post(1, status="已完成")])
    assert counts.updated == 2
    again = [r for b in any_store.posts_to_tag("v1") for r in b]
    assert [r["body"] for r in again] == ["客服态度很好，已协商分期。"]


def test_runs_are_recorded(any_store: Store) -> None:
    run = any_store.start_run("heimao", {"company": "5866754241"})
    any_store.finish_run(run, pages=3, new=2, failed=1, finish_reason="finished", healthy=False, stats={"x": 1})
    (r,) = any_store.runs("heimao")
    assert (r["pages"], r["new"], r["failed"], r["healthy"]) == (3, 2, 1, False)
    assert json.loads(r["stats"]) == {"x": 1}
    assert any_store.stats()["last_crawl"]["heimao"] is not None


def test_iter_frames_streams_all_posts(any_store: Store) -> None:
    any_store.upsert_posts([make_post(i) for i in range(25)])
    frames = list(any_store.iter_frames("posts", batch_size=10))
    assert [len(f) for f in frames] == [10, 10, 5]
    assert frames[0]["title"].iloc[0] == "功夫贷暴力催收 0"


# --- faults ---------------------------------------------------------------------------------


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at .*complaints init"):
        Store(f"sqlite:///{tmp_path / 'none.db'}")


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a valid SQLite database"):
        Store(f"sqlite:///{bad}").init()


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unsupported database scheme 'oracle2'"):
        Store("oracle2://x/y")


def test_unreachable_postgres_is_a_clear_error() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    s = Store("postgresql://postgres@127.0.0.1:1/nothing")
    with pytest.raises(StoreError, match="cannot connect to postgresql"):
        s.init()


def test_old_schema_asks_for_init(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "half.db"
    sqlite3.connect(path).execute("CREATE TABLE posts (id INTEGER)").connection.close()
    with pytest.raises(StoreError, match="schema none, expected .*complaints init"):
        Store(f"sqlite:///{path}").check()


WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from tests.test_store import make_post
from pipeline.store import Store
s = Store({url!r})
start, n = int(sys.argv[1]), int(sys.argv[2])
for k in range(0, n, 50):
    s.upsert_posts([make_post(i) for i in range(start + k, start + k + 50)])
"""


def _run_writer(url: str, start: int, n: int) -> subprocess.Popen:
    code = WRITER.format(root=str(Path(__file__).resolve().parents[1]), url=url)
    return subprocess.Popen([sys.executable, "-c", code, str(start), str(n)])


def test_two_writers_lose_nothing(any_store: Store) -> None:
    # Overlapping ranges: 0..599 and 300..899, written at the same time by two processes.
    a, b = _run_writer(any_store.url, 0, 600), _run_writer(any_store.url, 300, 600)
    assert a.wait(timeout=120) == 0 and b.wait(timeout=120) == 0
    assert any_store.count_posts() == 900


KILLED = """
import sys, time
sys.path.insert(0, {root!r})
from tests.test_store import make_post
from pipeline.store import Store
import pipeline.store as st
s = Store({url!r})
real = st.Store._upsert_chunk
def slow(self, conn, chunk, now):
    out = real(self, conn, chunk, now)
    print("inside", flush=True)
    time.sleep(60)  # killed here, inside the open transaction
    return out
st.Store._upsert_chunk = slow
s.upsert_posts([make_post(i) for i in range(100, 1100)])
"""


def test_killed_writer_leaves_database_consistent(any_store: Store) -> None:
    any_store.upsert_posts([make_post(i) for i in range(10)])
    code = KILLED.format(root=str(Path(__file__).resolve().parents[1]), url=any_store.url)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(0.2)
    # The half-done batch vanished with its transaction; what was committed is intact,
    # and the database takes new writes at once.
    assert any_store.count_posts() == 10
    assert any_store.upsert_posts([make_post(2000)]).new == 1
    if any_store.sqlite_path:
        import sqlite3

        assert sqlite3.connect(any_store.sqlite_path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_concurrent_init_on_empty_postgres(pg_url: str) -> None:
    # Two workers of a distributed crawl start together on a new database.
    code = f"from pipeline.store import Store; Store({pg_url!r}).init()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    Store(pg_url).check()


# --- the near-duplicate band index in tiers (issue 17) ----------------------------------------


def _indexed_posts(store: Store, n: int) -> list[int]:
    store.upsert_posts([make_post(i) for i in range(n)])
    return sorted(store.get_post("heimao", f"1734{i:07d}")["id"] for i in range(n))


def test_band_index_tiers_lookups_and_merges(any_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each save is one tier; lookups see every tier; a full level is merged into one tier that
    answers the same lookups."""
    import random

    import pipeline.store as st

    monkeypatch.setattr(st, "TIER_UNIT", 50)
    monkeypatch.setattr(st, "TIER_FANOUT", 3)
    ids = _indexed_posts(any_store, 12)
    rng = random.Random(7)
    shared = [rng.getrandbits(63) - 2**62 for _ in range(4)]  # keys several posts are indexed under
    expected: dict[int, list[int]] = {}
    for run in range(4):
        run_ids = ids[run * 3:(run + 1) * 3]
        bands = sorted({(rng.getrandbits(63) - 2**62, pid) for pid in run_ids for _ in range(16)}
                       | {(shared[run % 2], pid) for pid in run_ids} | {(shared[2 + run % 2], run_ids[0])})
        for key, pid in bands:
            expected.setdefault(key, []).append(pid)
        any_store.save_dedupe_index([(pid, 1000 + pid) for pid in run_ids], bands)
        if run == 1:
            assert [(lvl, n) for _, lvl, n in any_store.dedupe_tiers()] == [(0, 52), (0, 52)]
    # The third tier of level 0 made a merge (156 rows: level 1), the fourth is level 0 again.
    tiers = any_store.dedupe_tiers()
    assert [(lvl, n) for _, lvl, n in tiers] == [(1, 156), (0, 52)] and tiers[0][0] > 3
    expected = {k: sorted(v) for k, v in expected.items()}
    probe = list(expected) + [12345, -678]  # keys nobody has
    assert any_store.band_members(probe) == expected
    assert any_store.band_members(shared)[shared[0]] == sorted(ids[0:3] + ids[6:9])
    # A rebuild forgets every tier.
    any_store.reset_dedupe_index()
    assert any_store.dedupe_tiers() == [] and any_store.band_members(probe) == {}


def test_a_merge_goes_by_key_ranges_and_resumes(any_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merge moves its rows a key range per transaction (a crawler waiting for the write
    lock never waits for a whole merge); stopped between two ranges, lookups still see every
    row once, and the next compaction finishes it."""
    import random

    import pipeline.store as st

    monkeypatch.setattr(st, "TIER_UNIT", 50)
    monkeypatch.setattr(st, "TIER_FANOUT", 3)  # two tiers: no merge yet
    monkeypatch.setattr(st, "MERGE_CHUNK", 10)
    ids = _indexed_posts(any_store, 4)
    rng = random.Random(3)
    expected: dict[int, list[int]] = {}
    for pid in ids[:2]:
        bands = sorted((rng.getrandbits(64) - 2**63, pid) for _ in range(40))
        any_store.save_dedupe_index([(pid, pid)], bands)
        for key, p in bands:
            expected[key] = [p]
    monkeypatch.setattr(st, "TIER_FANOUT", 2)
    ranges = []
    real = Store._merge_range

    def stop_after_three(self, into, old):
        if len(ranges) == 3:
            raise KeyboardInterrupt  # the process stopped mid-merge
        ranges.append(into)
        return real(self, into, old)

    monkeypatch.setattr(Store, "_merge_range", stop_after_three)
    with pytest.raises(KeyboardInterrupt):
        any_store.compact_dedupe_tiers()
    tiers = any_store.dedupe_tiers()
    assert len(tiers) == 3 and tiers[-1][1] == -1 and 0 < tiers[-1][2] < 80  # two old tiers, one being filled
    assert any_store.band_members(list(expected)) == expected
    monkeypatch.setattr(Store, "_merge_range", real)
    assert any_store.compact_dedupe_tiers() == 1
    assert [(lvl, n) for _, lvl, n in any_store.dedupe_tiers()] == [(0, 80)]
    assert any_store.band_members(list(expected)) == expected


def _filtered_tiers(store: Store) -> list[int]:
    import sqlalchemy as sa

    from pipeline.store import dedupe_tier_filters

    with store.engine.connect() as conn:
        return sorted(conn.execute(sa.select(dedupe_tier_filters.c.tier)).scalars())


def _keys_probed(store: Store, keys: list[int]) -> int:
    """band_members(keys), counting the (tier, key) pairs it asks the band table for."""
    import sqlalchemy as sa

    probed = [0]

    def count(conn, cursor, statement, parameters, context, executemany):
        if "FROM dedupe_bands" in statement:
            probed[0] += len(parameters) - 1  # the tier, then one parameter per key
    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        store.band_members(keys)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    return probed[0]


def test_tier_filters_spare_the_probes_of_absent_keys(any_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every settled tier has a Bloom filter: a lookup of keys no tier holds asks the band
    table for ~2% of them, not for each key in each tier, and still finds every present key.
    A merged tier gets its own filter; the merged tiers' filters go with them."""
    import random

    import pipeline.store as st

    monkeypatch.setattr(st, "TIER_UNIT", 50)
    monkeypatch.setattr(st, "TIER_FANOUT", 3)
    ids = _indexed_posts(any_store, 3)
    rng = random.Random(11)
    expected: dict[int, list[int]] = {}
    for pid in ids:
        bands = sorted((rng.getrandbits(64) - 2**63, pid) for _ in range(40))
        any_store.save_dedupe_index([(pid, pid)], bands)
        expected.update({key: [p] for key, p in bands})
        tiers = [t for t, _, _ in any_store.dedupe_tiers()]
        assert _filtered_tiers(any_store) == tiers  # the new tier's filter came with its rows
    assert len(tiers) == 1 and tiers[0] > 3  # three tiers of level 0 became one
    absent = [rng.getrandbits(64) - 2**63 for _ in range(2000)]
    assert any_store.band_members(absent + list(expected)) == expected
    assert _keys_probed(any_store, absent) < 150  # ~2% of 2,000, against 2,000 unfiltered


def test_tiers_written_before_the_filters_get_theirs_at_the_next_compaction(any_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index from before migration 0006 has no filters: its tiers are probed for every key
    (same answers), and the next compaction (after every dedupe run) builds them, once, reading
    each tier's keys a page at a time."""
    import random

    import pipeline.store as st
    from pipeline.store import dedupe_tier_filters

    monkeypatch.setattr(st, "FILTER_CHUNK", 7)  # 30 keys a tier: pages of 7, the last one short

    ids = _indexed_posts(any_store, 2)
    rng = random.Random(5)
    expected: dict[int, list[int]] = {}
    for pid in ids:
        bands = sorted((rng.getrandbits(64) - 2**63, pid) for _ in range(30))
        any_store.save_dedupe_index([(pid, pid)], bands)
        expected.update({key: [p] for key, p in bands})
    with any_store.engine.begin() as conn:
        conn.execute(dedupe_tier_filters.delete())  # as the upgrade leaves it
    absent = [rng.getrandbits(64) - 2**63 for _ in range(500)]
    assert _keys_probed(any_store, absent) == 2 * 500
    assert any_store.band_members(list(expected) + absent) == expected
    assert any_store.compact_dedupe_tiers() == 0  # no merge due, but the filters are built
    assert _filtered_tiers(any_store) == [t for t, _, _ in any_store.dedupe_tiers()]
    assert any_store.build_dedupe_filters() == 0  # once
    assert any_store.band_members(list(expected) + absent) == expected
    assert _keys_probed(any_store, absent) < 60


def test_a_damaged_tier_filter_is_ignored_then_rebuilt(any_store: Store) -> None:
    """A filter is derived data: a truncated one never answers (the tier is probed for every
    key, same results) and the next compaction builds it again."""
    from pipeline.store import dedupe_tier_filters

    ids = _indexed_posts(any_store, 1)
    any_store.save_dedupe_index([(ids[0], 1)], [(42, ids[0])])
    with any_store.engine.begin() as conn:
        conn.execute(dedupe_tier_filters.update().values(bits=b"\x00" * 3))  # 64 bits stored in 3 bytes
    assert any_store.band_members([42, 43]) == {42: [ids[0]]}
    assert _keys_probed(any_store, [43]) == 1
    assert any_store.build_dedupe_filters() == 1
    assert _keys_probed(any_store, [43]) == 0 and any_store.band_members([42]) == {42: [ids[0]]}


def test_migration_0005_keeps_the_band_rows(any_store: Store) -> None:
    """An archive indexed under 0004 (flat (key, post_id) table) keeps its rows: after the upgrade
    they are tier 1 and every lookup answers as before; a re-indexed post loses them; the
    downgrade puts the rows back into the flat table."""
    from alembic import command

    from pipeline.store import _alembic_config

    ids = _indexed_posts(any_store, 6)
    cfg = _alembic_config()
    with any_store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004_dedupe_number_bands")
    flat = sorted({(key, pid) for pid in ids for key in (pid * 1000 + b for b in range(16))}
                  | {(-5, pid) for pid in ids[:3]})
    ph = "?" if any_store.dialect == "sqlite" else "%s"
    with any_store.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO dedupe_bands (key, post_id) VALUES ({ph}, {ph})", flat)
    any_store.init()
    assert any_store.schema_revision() == "0006_dedupe_tier_filters"  # head, through 0005
    assert [(t, n) for t, _, n in any_store.dedupe_tiers()] == [(1, len(flat))]
    expected: dict[int, list[int]] = {}
    for key, pid in flat:
        expected.setdefault(key, []).append(pid)
    assert any_store.band_members(list(expected)) == expected
    # The post's keys came along: re-indexing it deletes its old rows from tier 1.
    any_store.save_dedupe_index([(ids[0], 77)], [(424242, ids[0])])
    assert any_store.band_members([-5, ids[0] * 1000, 424242]) == {-5: ids[1:3], 424242: [ids[0]]}
    with any_store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004_dedupe_number_bands")
    with any_store.engine.connect() as conn:
        back = sorted(tuple(r) for r in conn.exec_driver_sql("SELECT key, post_id FROM dedupe_bands"))
    assert back == sorted([r for r in flat if r[1] != ids[0]] + [(424242, ids[0])])
    any_store.init()  # and up again
    assert len(any_store.band_members([424242, -5])) == 2

"""Cost of near-duplicate linking as the archive grows, dedupe alone (issue 17): one run of
10,000 new posts against a band index of 100k, 1M (and 10M) posts.

    python bench/dedupe_index.py [--posts 100000 1000000] [--new 10000] [--runs 8] [--workdir DIR]
                                 [--code CHECKOUT] [--fanout F]

Building an archive through the real pipeline takes hours at 1M posts (bench/update.py), so
this one fills the store directly: N posts rows already indexed (random dedupe_hash, no body:
random band keys never match a new text, so no stored body is read) and their 16 band rows
each, with random 64-bit keys, in whatever layout the code's schema has:
  flat    dedupe_bands(key, post_id) + index on post_id (schema 0004; run with --code on a
          checkout before the tiers, e.g. /work/main at the time of writing),
  tiers   dedupe_bands(tier, key, post_id) + dedupe_post_bands, laid out as the archive's
          N / --new runs would have left them: the digits of that count in base TIER_FANOUT
          (--fanout to try another) are the tiers of each level (a run of 10,000 posts
          writes ~160k rows: level 1).
Then `--runs` times: --new synthetic posts (the demo corpus's sentences, as bench/update.py)
are upserted (not timed) and pipeline.dedupe.link_new_posts is timed: the real path, reading
the pending posts, MinHash, band lookups, the write, and any merge of tiers it triggers.
Printed per run: wall and CPU seconds (this process; the machine is shared), the lookup
(band_members) and write (save_dedupe_index, merges included) parts, the merges done; then
the mean over the runs and its ratio to the smallest archive. With --runs 8 (= TIER_FANOUT)
the runs of one archive include one merge of level 1 (its cost spread over 8 runs, as it is
in production); merges of higher levels cost about as much per run again, each
(fanout-times larger, fanout-times rarer), and are reported as levels x that share.
The archive is kept in --workdir (the runs' posts stay in it).
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--posts", type=int, nargs="+", default=[100_000, 1_000_000])
ap.add_argument("--new", type=int, default=10_000)
ap.add_argument("--runs", type=int, default=8, help="runs per archive (0: build the archives only)")
ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "complaints-bench-dedupe")
ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1],
                help="the checkout whose pipeline is measured (default: this one)")
ap.add_argument("--fanout", type=int, help="TIER_FANOUT to measure (default: the store's)")
ARGS = ap.parse_args()
sys.path.insert(0, str(ARGS.code))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # bench.update's synthetic posts

import pipeline.store as st  # noqa: E402
from pipeline import dedupe  # noqa: E402
from pipeline.store import Store  # noqa: E402

ROWS_PER_POST = dedupe.BANDS
if ARGS.fanout:
    st.TIER_FANOUT = ARGS.fanout
CHUNK = 1_000_000


def layout() -> str:
    return f"tiers{st.TIER_FANOUT}" if "tier" in st.dedupe_bands.c else "flat"


def fill(path: Path, n: int, run_posts: int) -> None:
    """N indexed posts and their band rows, written straight into SQLite (a bench fixture,
    not a path under test: the store's own writes are what the runs time)."""
    store = Store(f"sqlite:///{path}", create=True)
    store.init()
    store.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA cache_size=-2000000")  # 2 GB: the posts' random dedupe_hash index
    rng = np.random.default_rng(n)
    t0 = time.perf_counter()
    db.execute("BEGIN")
    for lo in range(0, n, CHUNK):
        ids = range(lo + 1, min(n, lo + CHUNK) + 1)
        hashes = rng.integers(1, 2**63, size=len(ids), dtype=np.int64).tolist()
        db.executemany("INSERT INTO posts (id, source, source_id, content_hash, dedupe_hash) VALUES (?, 'b', ?, 'x', ?)",
                       ((i, f"a{i:09d}", h) for i, h in zip(ids, hashes)))
    db.execute("COMMIT")
    t1 = time.perf_counter()
    if layout() == "flat":
        db.execute("DROP INDEX ix_dedupe_bands_post")  # built after: a sort, not random inserts
        _write_rows(db, rng, 1, n, None)
        db.execute("CREATE INDEX ix_dedupe_bands_post ON dedupe_bands (post_id)")
    else:
        for tier, (lo, hi) in enumerate(_tiers(n, run_posts), start=1):
            rows = _write_rows(db, rng, lo, hi, tier)
            db.execute("INSERT INTO dedupe_tiers (tier, level, n_rows) VALUES (?, ?, ?)", (tier, st.tier_level(rows), rows))
    db.close()
    print(f"  filled {path.name}: posts {t1 - t0:.0f} s, band rows {time.perf_counter() - t1:.0f} s", flush=True)


def _tiers(n: int, run_posts: int) -> list[tuple[int, int]]:
    """Post id ranges of the tiers that n / run_posts runs leave (bench/update.py's layout,
    shared with its --fill-index build)."""
    from bench.update import tier_ranges

    return tier_ranges(n, run_posts, st.TIER_FANOUT)


def _write_rows(db: sqlite3.Connection, rng: np.random.Generator, lo: int, hi: int, tier: int | None) -> int:
    pids = np.repeat(np.arange(lo, hi, dtype=np.int64), ROWS_PER_POST)
    keys = rng.integers(-2**63, 2**63 - 1, size=len(pids), dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    db.execute("BEGIN")
    for a in range(0, len(order), CHUNK):
        sel = order[a:a + CHUNK]
        if tier is None:
            db.executemany("INSERT INTO dedupe_bands (key, post_id) VALUES (?, ?)", zip(keys[sel].tolist(), pids[sel].tolist()))
        else:
            db.executemany(f"INSERT INTO dedupe_bands (tier, key, post_id) VALUES ({tier}, ?, ?)",
                           zip(keys[sel].tolist(), pids[sel].tolist()))
    if tier is not None:  # by post: already in (post_id, key) order after a sort within each post
        for a in range(0, len(pids), CHUNK):
            p, k = pids[a:a + CHUNK].reshape(-1, ROWS_PER_POST), keys[a:a + CHUNK].reshape(-1, ROWS_PER_POST)
            k = np.sort(k, axis=1)
            db.executemany("INSERT INTO dedupe_post_bands (post_id, key) VALUES (?, ?)",
                           zip(p.ravel().tolist(), k.ravel().tolist()))
    db.execute("COMMIT")
    return len(pids)


def one_run(store: Store, n: int, k: int, pool: list[str]) -> dict:
    from bench.update import START, synthetic

    offset = 10 * n + 1_000_000 * (k + 1) + int(time.time()) % 1_000_000 * 100
    rng = random.Random(offset)
    store.upsert_posts([synthetic(offset + i, rng, pool, START) for i in range(ARGS.new)])
    parts = {"lookup": 0.0, "write": 0.0}

    def timed(name: str, fn):
        def wrapper(*a, **kw):
            t = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                parts[name] += time.process_time() - t
        return wrapper

    store.band_members = timed("lookup", store.band_members)
    store.save_dedupe_index = timed("write", store.save_dedupe_index)
    merges = [0]
    if hasattr(store, "compact_dedupe_tiers"):
        compact = store.compact_dedupe_tiers
        store.compact_dedupe_tiers = lambda *a, **kw: merges.__setitem__(0, merges[0] + compact(*a, **kw)) or merges[0]
    t, c = time.perf_counter(), time.process_time()
    run = dedupe.link_new_posts(store, batch_size=ARGS.new)
    out = {"wall": time.perf_counter() - t, "cpu": time.process_time() - c, **parts, "merges": merges[0],
           "posts": run.posts}
    del store.band_members, store.save_dedupe_index
    if hasattr(store, "compact_dedupe_tiers"):
        del store.compact_dedupe_tiers
    tiers = len(store.dedupe_tiers()) if hasattr(store, "dedupe_tiers") else 1
    print(f"    run {k + 1}: wall {out['wall']:.2f} s, cpu {out['cpu']:.2f} s (lookup {out['lookup']:.2f}, "
          f"write {out['write']:.2f}), merges {out['merges']}, tiers after {tiers}; {load()}", flush=True)
    return out


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def main() -> None:
    from bench.update import sentence_pool

    ARGS.workdir.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    print(f"layout {layout()} (code {ARGS.code}); fan-out {getattr(st, 'TIER_FANOUT', '-')}; {load()}", flush=True)
    rows = []
    for n in ARGS.posts:
        path = ARGS.workdir / f"{layout()}-{n}.db"
        if not path.exists():
            fill(path, n, ARGS.new)
        store = Store(f"sqlite:///{path}")
        if hasattr(store, "build_dedupe_filters"):  # the code under test has tier filters: built first, not timed
            store.init()
            t = time.process_time()
            print(f"  Bloom filters of {store.build_dedupe_filters()} tiers built (cpu {time.process_time() - t:.0f} s)", flush=True)
        print(f"  archive {n:,} posts ({store.count_posts():,} now); tiers "
              f"{[(lvl, r) for _, lvl, r in store.dedupe_tiers()] if layout() != 'flat' else '-'}", flush=True)
        runs = [one_run(store, n, k, pool) for k in range(ARGS.runs)]
        store.close()
        if not runs:  # --runs 0: only build the archive
            continue
        mean = {key: sum(r[key] for r in runs) / len(runs) for key in ("wall", "cpu", "lookup", "write")}
        rows.append((n, mean, runs))
    if not rows:
        return
    base = rows[0][1]
    print(f"\nlayout {layout()}: one dedupe run of {ARGS.new:,} new posts, mean of {ARGS.runs} "
          f"(seconds; ratio to {rows[0][0]:,} posts)")
    print(f"{'archive':>12} {'wall':>14} {'cpu':>14} {'lookup cpu':>14} {'write cpu':>14}  max run cpu")
    for n, mean, runs in rows:
        cells = " ".join(f"{mean[k]:7.2f} ({mean[k] / max(base[k], 1e-9):4.2f}x)" for k in ("wall", "cpu", "lookup", "write"))
        print(f"{n:>12,} {cells}  {max(r['cpu'] for r in runs):.2f}")


if __name__ == "__main__":
    main()

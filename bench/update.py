"""Cost of one update as the archive grows (issue 17): 10,000 new posts into archives of
100k, 1M (and 10M) posts; near-duplicate linking, tagging and publishing, each timed.

    python bench/update.py [--archives 100000 1000000] [--new 10000] [--runs R] [--fill-index]
                           [--workdir DIR] [--cold]

For each archive size it builds (once, kept in --workdir) a SQLite store of synthetic
posts spread over 36 months (sentences drawn from the demo corpus, so texts differ as real
ones do), tagged, indexed for near-duplicates and published in full. Then, as an hourly
update would, it adds `--new` posts dated in the newest month and times:
  dedupe   pipeline.dedupe.link_new_posts (reads only the new posts),
  tag      pipeline.tag.tag_store with the real tagger (the archive carries its version),
  publish  pipeline.publish.publish, incremental (months of changed posts only).
Goal: each step flat in the archive size (within 2x from 100k to 10M). Prints the seconds
(wall clock and this process's CPU time: on a shared machine the wall clock swings with the
others' load) and the ratio to the smallest archive. The archive build is not timed as part
of it. Each run's posts stay in the archive, dated in its newest month after the posts of the
previous runs: that month grows by --new posts per run (publish writes them as a delta file
of the month, compacted into its base when the deltas outgrow half of it). With --runs R each
archive gets R updates in a row; the tables show each run and the mean, and the peak resident
memory of this process during each step (VmHWM, reset before each step), and the MB it read
from disk (/proc/self/io). With --cold (root only) the page cache is emptied before each update
(not between its steps, as in a real update): the cost on a host whose memory does not keep the
archive's pages from one hourly run to the next.

--fill-index (use it for every size, so the sizes compare like with like; its archives are
kept apart, archive-filled-N.db) builds the archive without link_new_posts, whose MinHash of
every archive post took most of an hour at 10M posts. The posts, their status history row and
quick_tags' lenders and themes are bulk-inserted in the store's row layout (store._post_row;
the pool's sentences are masked once, a 1% sample is checked against mask_post), 100,000 posts
per transaction, the posts table's indexes dropped meanwhile and created again after (the same
statements). The near-duplicate index is filled by the bench: posts.dedupe_hash is each post's
real text hash (a new exact copy is still found), and the band rows (dedupe_bands,
dedupe_post_bands, dedupe_tiers) hold random 64-bit keys, 16 per post, in the tiers N / --new
runs of the real code would have left (the digits of that count in base TIER_FANOUT, as
bench/dedupe_index.py lays them out). Random keys stand for the synthetic posts' own: random
combinations of 5 pool sentences plus a random amount and delay almost never share a band
(band keys fold in the text's numbers), so the real index would have as few bucket members;
no archive post is linked as a duplicate. During the build only, the store's connections run
with journal_mode=OFF, synchronous=OFF and a 2 GB page cache; the store's own settings (WAL,
synchronous=NORMAL) are back on new connections before anything is timed (printed). The
archive is then published in full by the real publish. The timed updates are unchanged.
Measured (CPU s, a shared 2-core machine): posts 7 / 69 / 203 / 730 and band index 5 / 48 /
166 / 579 at 100k / 1M / 3M / 10M posts; the full publish 9 / 66 / 268 at 100k / 1M / 3M,
while at 10M it stopped with DuckDB's out-of-memory error (publish's 500 MB memory_limit, in
_build's first per-post aggregate). publish now aggregates in hash parts of the post ids
(PREP_ROWS_PER_PART): the 10M archive's full publish then took 858 CPU s (955 s wall).
One update of 10,000 posts, CPU s, mean of 3 runs at 100k / 1M / 10M (after the band index's
Bloom filters and the publish's key lookups by hash; the archives built by the code before, the
filters of their tiers built on reuse, untimed: 91 CPU s for 160M keys): upsert 0.7 / 0.7 / 0.7,
dedupe 2.2 / 2.4 / 3.1 (1.42x), tag 3.0 / 2.9 / 3.1, publish 1.5 / 1.6 / 2.4 (1.59x). The code
before, steady run at 10M: dedupe 4.3, publish 3.8 (1.39x and 1.73x of its 100k means). A first
update right after an in-process build costs more (10M: dedupe 6.8, publish 11.2 CPU s); a
fresh process reusing the archive does not show it.
"""
from __future__ import annotations

import argparse
import copy
import functools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.mirror import democorpus  # noqa: E402
from pipeline import dedupe, publish, tag  # noqa: E402
from pipeline import store as st  # noqa: E402
from pipeline.models import Post, now_cst  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.text import mask_pii, mask_post  # noqa: E402

MONTHS = 36
START = datetime(2023, 1, 1)
LENDERS = ("借呗", "微粒贷", "京东金融", "安逸花", "分期乐", "360借条", "美团月付", "度小满")


def sentence_pool(n: int = 3000) -> list[str]:
    """The demo corpus's sentences, masked as the store masks a post (so the --fill-index
    build need not mask every synthetic post again: it checks a sample)."""
    pool: set[str] = set()
    for post in democorpus.iter_posts(n):
        pool.update(mask_pii(s) for s in post.body.replace("！", "。").split("。") if len(s) >= 6)
    return sorted(pool)


def synthetic(i: int, rng: random.Random, pool: list[str], when: datetime) -> Post:
    lender = LENDERS[i % len(LENDERS)]
    body = "。".join(rng.sample(pool, 5)) + f"。借款{rng.randint(1, 300) * 100}元，逾期{rng.randint(1, 90)}天。"
    return Post("heimao", f"b{i}", f"https://tousu.sina.com.cn/complaint/view/b{i}/", f"{lender}催收投诉{i}", body,
                when, author="用户***", target=lender, status="处理中")


def quick_tags(rows: list[dict]) -> list[SimpleNamespace]:
    out = []
    for r in rows:
        text = f"{r['title']}\n{r['body']}"
        themes = {t: [{"start": k, "end": k + len(w), "text": w, "rule": "bench"}]
                  for t, w in (("family_contact", "家人"), ("threat", "威胁"), ("call_harassment", "电话"))
                  if (k := text.find(w)) >= 0}
        out.append(SimpleNamespace(post_id=r["id"], lenders=[r["target"]] if r["target"] else [], themes=themes))
    return out


def build(workdir: Path, n: int, pool: list[str], version: str) -> tuple[Store, Path]:
    db, root = workdir / f"archive-{n}.db", workdir / f"snapshot-{n}"
    store = Store(f"sqlite:///{db}", create=True)
    if (root / "CURRENT").exists():
        print(f"  reusing {db}", flush=True)
        return store, root
    store.init()
    rng = random.Random(n)
    t0 = time.perf_counter()
    span = MONTHS * 30 * 24 * 3600
    for lo in range(0, n, 10_000):
        store.upsert_posts([synthetic(i, rng, pool, START + timedelta(seconds=span * i // n))
                            for i in range(lo, min(n, lo + 10_000))])
    t1 = time.perf_counter()
    for rows in store.posts_to_tag(version, 10_000):
        store.save_tags(quick_tags(rows), version)
    t2 = time.perf_counter()
    run = dedupe.link_new_posts(store, batch_size=10_000)
    t3 = time.perf_counter()
    publish.publish(store, root, full=True)
    print(f"  built {n:,}: store {t1 - t0:.0f} s, tags {t2 - t1:.0f} s, dedupe index {t3 - t2:.0f} s "
          f"({run.regrouped} regrouped), full publish {time.perf_counter() - t3:.0f} s; {load()}", flush=True)
    return store, root


BUILD_CHUNK = 100_000  # posts per transaction of the --fill-index build
ROW_CHUNK = 1_000_000  # band rows per executemany
BUILD_PRAGMAS = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-2000000")


def build_filled(workdir: Path, n: int, pool: list[str], version: str, run_posts: int) -> tuple[Store, Path]:
    """The archive of --fill-index (see the module docstring): posts, tags and publish through
    the store and publish as build() does, the near-duplicate index filled by the bench."""
    db, root = workdir / f"archive-filled-{n}.db", workdir / f"snapshot-filled-{n}"
    if (root / "CURRENT").exists():
        print(f"  reusing {db}", flush=True)
        store = Store(f"sqlite:///{db}")
        store.init()  # an archive built by older code: its schema upgraded first
        build_filters(store)
        return store, root
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        leftover.unlink(missing_ok=True)  # a build cut short (journal off: not to be trusted)
    shutil.rmtree(root, ignore_errors=True)
    store = Store(f"sqlite:///{db}", create=True)
    store.init()
    store.engine.dispose()
    sa.event.listen(store.engine, "connect", _build_pragmas)  # after the store's own: these win
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "off", "the build's pragmas did not apply"
    rng = random.Random(n)
    t0, c0 = time.perf_counter(), time.process_time()
    span = MONTHS * 30 * 24 * 3600
    now = now_cst()
    indexes = posts_indexes(store)  # dropped while the posts go in, built after (a sort each)
    with store.engine.begin() as conn:
        for sql in indexes:
            conn.exec_driver_sql(f"DROP INDEX {sql.split()[2]}")
    for lo in range(0, n, BUILD_CHUNK):
        insert_posts(store, lo, [synthetic(i, rng, pool, START + timedelta(seconds=span * i // n))
                                 for i in range(lo, min(n, lo + BUILD_CHUNK))], version, now)
        if lo % (10 * BUILD_CHUNK) == 0:
            print(f"    {lo + BUILD_CHUNK:,} posts {time.perf_counter() - t0:.0f} s (cpu {time.process_time() - c0:.0f})",
                  flush=True)
    with store.engine.begin() as conn:
        for sql in indexes:
            conn.exec_driver_sql(sql)
    assert sorted(posts_indexes(store)) == sorted(indexes)
    t2, c2 = time.perf_counter(), time.process_time()
    rows = fill_band_index(store, n, run_posts, np.random.default_rng(n))
    t3, c3 = time.perf_counter(), time.process_time()
    sa.event.remove(store.engine, "connect", _build_pragmas)
    store.engine.dispose()  # new connections: the store's own pragmas again
    with store.engine.connect() as conn:
        modes = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous", "cache_size")]
    print(f"  built {n:,} (--fill-index): posts, status history, tags and real text hashes {t2 - t0:.0f} s "
          f"(cpu {c2 - c0:.0f}); band index filled with {rows:,} random keys in tiers of levels "
          f"{[lvl for _, lvl, _ in store.dedupe_tiers()]} {t3 - t2:.0f} s (cpu {c3 - c2:.0f}); store settings "
          f"restored: journal_mode={modes[0]}, synchronous={modes[1]}, cache_size={modes[2]}; {load()}", flush=True)
    build_filters(store)
    t4, c4 = time.perf_counter(), time.process_time()
    publish.publish(store, root, full=True)
    print(f"  full publish {time.perf_counter() - t4:.0f} s (cpu {time.process_time() - c4:.0f}); {load()}", flush=True)
    return store, root


def _build_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    for pragma in BUILD_PRAGMAS:
        cur.execute(pragma)
    cur.close()


POST_COLUMNS = ("id", "source", "source_id", "url", "title", "body", "author", "published_at", "crawled_at",
                "updated_at", "changed_at", "target", "target_id", "issue", "appeal", "amount", "status", "steps",
                "content_hash", "tagged_version", "dedupe_hash")


def _sql_time(value: datetime | None) -> str | None:
    """A datetime as SQLAlchemy stores it in SQLite (its DateTime's storage format)."""
    return value.isoformat(sep=" ", timespec="microseconds") if value is not None else None


def insert_posts(store: Store, lo: int, batch: list[Post], version: str, now: datetime) -> None:
    """One transaction: the posts as the store writes them (its row layout: store._post_row)
    with ids lo+1.., their status history row, quick_tags' lenders and themes (tagged with
    `version`) and their real text hash (indexed: a new exact copy is found). Plain driver
    executemany (the SQLAlchemy parameter processing cost more than SQLite's work)."""
    post_rows, history, lenders, themes = [], [], [], []
    now_text = _sql_time(now)
    for k, p in enumerate(batch):
        norm = "".join(_normalised(part) for part in p.body.split("。"))
        if k % 100 == 0:  # the pool's sentences are masked already (sentence_pool): a sample suffices,
            assert mask_post(copy.copy(p)) == p, f"{p.source_id} is changed by masking"
            assert norm == dedupe.normalise(p.body), p.source_id  # as is the normalised text by sentence
        row = {**st._post_row(p, now), "id": lo + 1 + k, "tagged_version": version, "dedupe_hash": dedupe.text_hash(norm)}
        for col in ("published_at", "crawled_at", "updated_at", "changed_at"):
            row[col] = _sql_time(row[col])
        post_rows.append(tuple(row[c] for c in POST_COLUMNS))
        history.append((lo + 1 + k, p.status, now_text))
    for r in quick_tags([{"id": lo + 1 + k, "title": p.title, "body": p.body, "target": p.target}
                         for k, p in enumerate(batch)]):
        lenders += [(r.post_id, name, 1, "") for name in r.lenders]
        themes += [(r.post_id, t, json.dumps(ev, ensure_ascii=False), version) for t, ev in r.themes.items()]
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO posts ({', '.join(POST_COLUMNS)}) VALUES ({', '.join('?' * len(POST_COLUMNS))})",
                             post_rows)
        conn.exec_driver_sql("INSERT INTO post_status_history (post_id, status, seen_at) VALUES (?, ?, ?)", history)
        if lenders:
            conn.exec_driver_sql("INSERT INTO post_lenders (post_id, lender, is_primary, via) VALUES (?, ?, ?, ?)",
                                 lenders)
        if themes:
            conn.exec_driver_sql("INSERT INTO post_themes (post_id, theme, evidence, lexicon_version) VALUES (?, ?, ?, ?)",
                                 themes)


@functools.lru_cache(maxsize=1 << 14)
def _normalised(sentence: str) -> str:
    """dedupe.normalise of one sentence, cached: a synthetic body is pool sentences joined by
    '。' (which normalise drops), and NFKC was a third of the build's CPU."""
    return dedupe.normalise(sentence)


def posts_indexes(store: Store) -> list[str]:
    """The posts table's own CREATE INDEX statements (not the unique constraint's)."""
    with store.engine.connect() as conn:
        return [sql for (sql,) in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts' AND sql IS NOT NULL")]


def tier_ranges(n: int, run_posts: int, fanout: int) -> list[tuple[int, int]]:
    """Post id ranges [lo, hi) of the tiers that n / run_posts runs leave: the digits of the
    count in base `fanout`, oldest (largest) first (as bench/dedupe_index.py lays them out)."""
    runs, sizes, unit = max(1, n // run_posts), [], 1
    while runs:
        sizes.extend([unit] * (runs % fanout))
        runs //= fanout
        unit *= fanout
    out, lo = [], 1
    for size in sorted(sizes, reverse=True):
        hi = min(n + 1, lo + size * run_posts)
        out.append((lo, hi))
        lo = hi
    if lo <= n:
        out[-1] = (out[-1][0], n + 1)
    return out


def fill_band_index(store: Store, n: int, run_posts: int, rng: np.random.Generator) -> int:
    """16 random band keys per post in dedupe_bands (by tier, in key order), dedupe_post_bands
    (by post) and dedupe_tiers; returns the rows."""
    total = 0
    for tier, (lo, hi) in enumerate(tier_ranges(n, run_posts, st.TIER_FANOUT), start=1):
        pids = np.repeat(np.arange(lo, hi, dtype=np.int64), dedupe.BANDS)
        keys = rng.integers(-2**63, 2**63 - 1, size=len(pids), dtype=np.int64)
        with store.engine.begin() as conn:
            order = np.argsort(keys, kind="stable")
            for a in range(0, len(order), ROW_CHUNK):
                sel = order[a:a + ROW_CHUNK]
                conn.exec_driver_sql(f"INSERT INTO dedupe_bands (tier, key, post_id) VALUES ({tier}, ?, ?)",
                                     list(zip(keys[sel].tolist(), pids[sel].tolist())))
            del order
            for a in range(0, len(pids), ROW_CHUNK):  # by post, each post's keys sorted
                k = np.sort(keys[a:a + ROW_CHUNK].reshape(-1, dedupe.BANDS), axis=1).ravel()
                conn.exec_driver_sql("INSERT INTO dedupe_post_bands (post_id, key) VALUES (?, ?)",
                                     list(zip(pids[a:a + ROW_CHUNK].tolist(), k.tolist())))
            conn.exec_driver_sql("INSERT INTO dedupe_tiers (tier, level, n_rows) VALUES (?, ?, ?)",
                                 (tier, st.tier_level(len(pids)), len(pids)))
        total += len(pids)
    return total


def build_filters(store: Store) -> None:
    """The Bloom filters of tiers that have none (all of them after fill_band_index, or in an
    archive built before the filters), as the first real run would build them; not timed."""
    t, c = time.perf_counter(), time.process_time()
    built = store.build_dedupe_filters()
    if built:
        print(f"  Bloom filters of {built} tiers built {time.perf_counter() - t:.0f} s (cpu {time.process_time() - c:.0f})",
              flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory since the last reset_peak_rss() (Linux VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)


def disk_read_bytes() -> int:
    """Bytes this process has had read from storage (Linux /proc/self/io read_bytes): what a
    step costs when the page cache does not hold the pages it touches."""
    with open("/proc/self/io", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("read_bytes"))


def drop_page_cache() -> None:
    """Write dirty pages out and empty the kernel's page cache (root only): the next step finds
    the archive on disk, as an hourly job does on a host whose memory does not keep it."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as f:
        f.write("3")


def update(store: Store, root: Path, n_archive: int, n_new: int, pool: list[str], tagger,
           cold: bool = False) -> dict[str, float]:
    # An hourly update's posts were published since the previous one's: after the newest post
    # published so far (each run's posts used to start at the same second, so every run
    # backfilled the previous runs' time range; see publish's month delta files).
    newest = START + timedelta(days=MONTHS * 30 - 3)
    meta = root / (root / "CURRENT").read_text(encoding="utf-8").strip() / "meta.json"
    last = json.loads(meta.read_text(encoding="utf-8")).get("last_published")
    if last and datetime.fromisoformat(last) >= newest:
        newest = datetime.fromisoformat(last) + timedelta(seconds=1)
    # A fresh batch on every run: ids never met before (runs a minute apart must not overlap,
    # or most "new" posts are edits of the previous run's) and texts drawn afresh (the same
    # seed twice gives exact copies of the previous run's posts, which dedupe links by hash
    # without comparing anything).
    offset = n_archive + 10_000_000 + int(time.time()) * n_new
    rng = random.Random(offset)
    posts = [synthetic(offset + i, rng, pool, newest + timedelta(seconds=i)) for i in range(n_new)]
    out: dict = {}
    cpu: dict = {}
    rss: dict = {}

    disk: dict = {}

    def timed(step: str, fn) -> object:
        # Wall and CPU seconds (this process, all threads): on a machine shared with other
        # work the wall clock mostly measures the others; CPU time is what the step costs.
        if cold and step == "upsert":
            drop_page_cache()  # once, before the update: its later steps find what earlier ones read
        reset_peak_rss()
        read0 = disk_read_bytes()
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        out[step], cpu[step] = time.perf_counter() - t, time.process_time() - c
        rss[step] = peak_rss_mb()
        disk[step] = (disk_read_bytes() - read0) / 1e6
        return result

    timed("upsert", lambda: store.upsert_posts(posts))
    time.sleep(1.1)  # changed_at has whole seconds
    timed("dedupe", lambda: dedupe.link_new_posts(store))
    timed("tag", lambda: tag.tag_store(store, tagger=tagger, workers=1))
    result = timed("publish", lambda: publish.publish(store, root, margin=timedelta(0)))
    out["cpu"], out["rss"], out["disk"] = cpu, rss, disk
    out["months"] = f"{result.rewritten} written, {result.linked} linked"
    print(f"  update of {n_archive:,}{' (cold page cache)' if cold else ''}: "
          + ", ".join(f"{k} {out[k]:.1f} s (cpu {cpu[k]:.1f}, peak {rss[k]:.0f} MB, read {disk[k]:.0f} MB)" for k in cpu)
          + f"; {load()}", flush=True)
    return out


def load() -> str:
    """The machine's load: the figures mean little on a machine busy with other work."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} CPUs"


STEPS = ("upsert", "dedupe", "tag", "publish")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archives", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=1, help="updates per archive (0: build the archives only)")
    ap.add_argument("--fill-index", action="store_true",
                    help="fill the archive's near-duplicate index directly (random band keys in tiers) "
                         "instead of MinHash of every post; see the module docstring")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "complaints-bench-update")
    ap.add_argument("--cold", action="store_true",
                    help="empty the page cache before each update (root only): the cost when the host's "
                         "memory does not keep the archive's pages between runs; prints the MB each step read from disk")
    args = ap.parse_args()
    if args.cold:
        try:
            drop_page_cache()
        except OSError as e:
            ap.error(f"--cold needs to write /proc/sys/vm/drop_caches (root): {e}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    tagger = tag.default_tagger()
    print(f"sentence pool: {len(pool)}; lexicon {tagger.version}; archive index "
          f"{'filled directly (random band keys in tiers)' if args.fill_index else 'built by link_new_posts'}; "
          f"{load()}", flush=True)
    rows = []
    for n in args.archives:
        if args.fill_index:
            store, root = build_filled(args.workdir, n, pool, tagger.version, args.new)
        else:
            store, root = build(args.workdir, n, pool, tagger.version)
        rows.append((n, [update(store, root, n, args.new, pool, tagger, args.cold) for _ in range(args.runs)]))
        store.close()
    if args.runs:
        report(rows, args.new)


def report(rows: list[tuple[int, list[dict]]], n_new: int) -> None:
    """Each run's seconds and the mean per archive, with its ratio to the smallest archive's mean."""
    def mean(runs: list[dict], pick) -> dict[str, float]:
        return {k: sum(pick(r)[k] for r in runs) / len(runs) for k in STEPS}

    print(f"\none update of {n_new:,} new posts (seconds; ratio of the mean to the {rows[0][0]:,}-post archive's):")
    for title, pick in (("wall clock", lambda r: r), ("CPU time of this process", lambda r: r["cpu"]),
                        ("peak RSS of this process during the step (MB)", lambda r: r["rss"]),
                        ("read from disk during the step (MB; all from the page cache when 0)", lambda r: r["disk"])):
        base = mean(rows[0][1], pick)
        print(f"{title}:")
        print(f"{'archive':>12} {'run':>5} {'upsert':>15} {'dedupe':>15} {'tag':>15} {'publish':>15}  months")
        for n, runs in rows:
            for k, r in enumerate(runs, start=1):
                print(f"{n:>12,} {k:>5} " + " ".join(f"{pick(r)[s]:15.1f}" for s in STEPS) + f"  {r['months']}")
            m = mean(runs, pick)
            print(f"{n:>12,} {'mean':>5} " + " ".join(f"{m[s]:7.1f} ({m[s] / max(base[s], 1e-9):4.2f}x)" for s in STEPS))


if __name__ == "__main__":
    main()

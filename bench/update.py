"""Cost of one update as the archive grows (issue 17): 10,000 new posts into archives of
100k, 1M (and 10M) posts; near-duplicate linking, tagging and publishing, each timed.

    python bench/update.py [--archives 100000 1000000] [--new 10000] [--workdir DIR]

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
of it. Each run's posts stay in the archive, dated in its newest month: that month grows by
--new posts per run, and publish rewrites it whole.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.mirror import democorpus  # noqa: E402
from pipeline import dedupe, publish, tag  # noqa: E402
from pipeline.models import Post  # noqa: E402
from pipeline.store import Store  # noqa: E402

MONTHS = 36
START = datetime(2023, 1, 1)
LENDERS = ("借呗", "微粒贷", "京东金融", "安逸花", "分期乐", "360借条", "美团月付", "度小满")


def sentence_pool(n: int = 3000) -> list[str]:
    pool: set[str] = set()
    for post in democorpus.iter_posts(n):
        pool.update(s for s in post.body.replace("！", "。").split("。") if len(s) >= 6)
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


def update(store: Store, root: Path, n_archive: int, n_new: int, pool: list[str], tagger) -> dict[str, float]:
    newest = START + timedelta(days=MONTHS * 30 - 3)
    # A fresh batch on every run: ids never met before (runs a minute apart must not overlap,
    # or most "new" posts are edits of the previous run's) and texts drawn afresh (the same
    # seed twice gives exact copies of the previous run's posts, which dedupe links by hash
    # without comparing anything).
    offset = n_archive + 10_000_000 + int(time.time()) * n_new
    rng = random.Random(offset)
    posts = [synthetic(offset + i, rng, pool, newest + timedelta(seconds=i)) for i in range(n_new)]
    out: dict = {}
    cpu: dict = {}

    def timed(step: str, fn) -> object:
        # Wall and CPU seconds (this process, all threads): on a machine shared with other
        # work the wall clock mostly measures the others; CPU time is what the step costs.
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        out[step], cpu[step] = time.perf_counter() - t, time.process_time() - c
        return result

    timed("upsert", lambda: store.upsert_posts(posts))
    time.sleep(1.1)  # changed_at has whole seconds
    timed("dedupe", lambda: dedupe.link_new_posts(store))
    timed("tag", lambda: tag.tag_store(store, tagger=tagger, workers=1))
    result = timed("publish", lambda: publish.publish(store, root, margin=timedelta(0)))
    out["cpu"] = cpu
    out["months"] = f"{result.rewritten} written, {result.linked} linked"
    print(f"  update of {n_archive:,}: " + ", ".join(f"{k} {out[k]:.1f} s (cpu {cpu[k]:.1f})" for k in cpu)
          + f"; {load()}", flush=True)
    return out


def load() -> str:
    """The machine's load: the figures mean little on a machine busy with other work."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} CPUs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archives", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "complaints-bench-update")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    tagger = tag.default_tagger()
    print(f"sentence pool: {len(pool)}; lexicon {tagger.version}; {load()}", flush=True)
    rows = []
    for n in args.archives:
        store, root = build(args.workdir, n, pool, tagger.version)
        rows.append((n, update(store, root, n, args.new, pool, tagger)))
        store.close()
    base = rows[0][1]
    print(f"\none update of {args.new:,} new posts (seconds; ratio to the {rows[0][0]:,}-post archive):")
    for title, pick in (("wall clock", lambda r: r), ("CPU time of this process", lambda r: r["cpu"])):
        print(f"{title}:")
        print(f"{'archive':>12} {'upsert':>14} {'dedupe':>14} {'tag':>14} {'publish':>14}  months")
        for n, r in rows:
            cells = " ".join(f"{pick(r)[k]:7.1f} ({pick(r)[k] / max(pick(base)[k], 1e-9):4.2f}x)"
                             for k in ("upsert", "dedupe", "tag", "publish"))
            print(f"{n:>12,} {cells}  {r['months']}")


if __name__ == "__main__":
    main()

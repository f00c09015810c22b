"""Tagger throughput: vs plain jieba.lcut on one core, on all cores, and re-tagging a real store.

    python bench/tag.py [--texts 50000] [--posts 20000] [--workers 2] [--skip-store | --store-only]
    python bench/tag.py --posts 1000000          # the 1M re-tag goal (takes a while to load)
    python bench/tag.py --texts 50000 --whole-only   # issue 12: classify vs jieba.lcut, whole processes

Texts are real complaints from ../shared/corpus (titles + bodies of 1,745 功夫贷/钱站 posts
and the labelled sets), resampled and joined 2-6 at a time into real-length posts (~500
characters, the length the architecture note's jieba figure is for). Without the corpus,
crawler.mirror.democorpus generates posts instead.

Printed figures (issue 4, issue 12):
- `complaints classify` vs a plain jieba.lcut loop, each a whole process pinned to one core,
  over the same JSONL of real ~135-character posts (resampled, then each distinct one once: no
  repeats to warm any cache), then of ~500-character posts (goal >= 5x);
- tagger vs jieba.lcut, posts/s on one core over the same texts, measured in interleaved
  chunks so that other load on the machine hits both equally (goal: >= 5x);
- the tagger on all cores (multiprocessing, as `complaints tag` does);
- first tagging and re-tagging (every post stale, as after a lexicon change) of N posts in a
  real SQLite store via Store.posts_to_tag/save_tags: time, posts/s, peak RSS of the main
  process and of the largest worker (goal for 1M: < 10 minutes, memory flat in N).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.models import Post  # noqa: E402
from pipeline.tag import Tagger, tag_store  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_texts() -> list[str]:
    """Real complaint texts from ../shared/corpus (title + "\\n" + body), or [] when absent."""
    out: list[str] = []
    for name in ("gfd4.json", "qz5.json"):
        path = CORPUS / "raw" / "nengqiang__test" / "tousu2" / name
        if path.exists():
            for r in json.loads(path.read_text(encoding="utf-8")):
                out.append(f"{r.get('title') or ''}\n{r.get('overview') or ''}")
    for name in ("dev.jsonl", "dev_codebook.jsonl"):
        path = CORPUS / "labeled" / name
        if path.exists():
            out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bc = CORPUS / "raw" / "Chi-Tian__Spider" / "black_cat.txt"
    if bc.exists():
        for line in bc.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            out.append(f"{r['投诉标题']}\n{r['投诉详情']}")
    return out


def build_posts(n: int, seed: int = 4) -> list[tuple[str, str]]:
    """n (title, body) pairs of real length, from the corpus or the demo generator."""
    base = corpus_texts()
    rnd = random.Random(seed)
    if not base:
        from crawler.mirror.democorpus import iter_posts

        return [(p.title, p.body) for p in iter_posts(n, seed)]
    posts = []
    for _ in range(n):
        parts = [rnd.choice(base) for _ in range(rnd.randint(2, 6))]
        title, _, body = parts[0].partition("\n")
        posts.append((title, "。".join([body, *parts[1:]])))
    return posts


def short_posts(n: int, seed: int = 5, distinct: bool = False) -> list[str]:
    """n real posts as they are (title + requests + body, ~135 characters), resampled; with
    `distinct`, each of the real posts once instead (no text twice: caches of repeated words
    or windows get no help from repeats, which make ~90% of a resampled 20,000)."""
    base: list[str] = []
    for name in ("gfd4.json", "qz5.json"):
        path = CORPUS / "raw" / "nengqiang__test" / "tousu2" / name
        if path.exists():
            for r in json.loads(path.read_text(encoding="utf-8")):
                base.append(f"{r.get('title') or ''}\n{r.get('appeal') or ''}\n{r.get('overview') or ''}")
    if not base:
        from crawler.mirror.democorpus import iter_posts

        return [f"{p.title}\n{p.body[:130]}" for p in iter_posts(n or 2000, seed)]
    if distinct:
        return list(dict.fromkeys(base))
    rnd = random.Random(seed)
    return [rnd.choice(base) for _ in range(n)]


_JIEBA_BASELINE = """
import json, sys, jieba
jieba.setLogLevel(60)
for line in open(sys.argv[1], encoding="utf-8"):
    jieba.lcut(json.loads(line)["text"])
"""


def whole_process(texts: list[str]) -> tuple[float, float, float, float]:
    """(tagger CPU s, jieba CPU s, tagger wall s, jieba wall s): `complaints classify` and a
    plain jieba.lcut loop, each a whole process (start-up, loading, reading JSONL) pinned to
    one core. CPU time is what the goal compares; wall time is printed too (other load on a
    shared machine inflates it)."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[1]
    # Both sides run from compiled bytecode, as installed code does: jieba's files in
    # site-packages were compiled at install time, while PYTHONDONTWRITEBYTECODE (set on some
    # machines) would make every classify process recompile the pipeline's source (~0.35 s CPU)
    env = {k: v for k, v in {**os.environ, "PYTHONPATH": str(root)}.items() if k != "PYTHONDONTWRITEBYTECODE"}
    core = sorted(os.sched_getaffinity(0))[0]

    def run(cmd: list[str]) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        # (cwd: `-m pipeline` imports the pipeline of the current directory before PYTHONPATH's; run
        # from another checkout, it would time that one)
        subprocess.run(cmd, check=True, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       preexec_fn=lambda: os.sched_setaffinity(0, {core}))
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        subprocess.run([sys.executable, "-c", "import jieba; jieba.lcut('预热')"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # jieba's cache file exists
        # ... and so do the tagger's (bytecode, jieba and regex caches: settings.cache_dir), as
        # after any earlier run of the same lexicon
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text(json.dumps({"id": 0, "text": "预热"}, ensure_ascii=False) + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pipeline", "classify", "--input", str(warm), "--output", os.devnull],
                       check=True, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tag_cpu, tag_wall = run([sys.executable, "-m", "pipeline", "classify", "--input", str(src), "--output", os.devnull])
        jieba_cpu, jieba_wall = run([sys.executable, "-c", _JIEBA_BASELINE, str(src)])
    return tag_cpu, jieba_cpu, tag_wall, jieba_wall


def print_whole_process(label: str, texts: list[str]) -> None:
    chars = sum(map(len, texts)) / len(texts)
    tag_cpu, jieba_cpu, tag_wall, jieba_wall = whole_process(texts)
    n = len(texts)
    print(f"whole process, one core, {label} ({n:,} posts, mean {chars:.0f} chars): "
          f"classify {n / tag_cpu:,.0f} posts/CPU-s, jieba.lcut {n / jieba_cpu:,.0f} posts/CPU-s "
          f"-> {jieba_cpu / tag_cpu:.1f}x (goal >= 5x); wall {tag_wall:.1f}s vs {jieba_wall:.1f}s = {jieba_wall / tag_wall:.1f}x", flush=True)


def one_core(texts: list[str], tagger: Tagger, chunk: int = 500) -> tuple[float, float]:
    """Seconds for the tagger and for jieba.lcut over the same texts, interleaved by chunk."""
    import jieba

    jieba.lcut("预热")  # load jieba's dictionary outside the timing
    t_tag = t_jieba = 0.0
    for i in range(0, len(texts), chunk):
        part = texts[i : i + chunk]
        t0 = time.perf_counter()
        for t in part:
            tagger.tag_text(t)
        t_tag += time.perf_counter() - t0
        t0 = time.perf_counter()
        for t in part:
            jieba.lcut(t)
        t_jieba += time.perf_counter() - t0
    return t_tag, t_jieba


def _tag_chunk(texts: list[str]) -> int:
    from pipeline import tag

    tagger = tag.default_tagger()
    for t in texts:
        tagger.tag_text(t)
    return len(texts)


def _warm() -> None:
    from pipeline import tag

    tag.default_tagger().tok  # noqa: B018 - jieba loaded before the clock starts


def all_cores(texts: list[str], workers: int) -> float:
    import multiprocessing as mp

    chunks = [texts[i : i + 1000] for i in range(0, len(texts), 1000)]
    with mp.get_context("fork").Pool(workers, initializer=_warm) as pool:
        pool.map(abs, range(workers * 4), chunksize=1)  # wait until every worker is up
        t0 = time.perf_counter()
        sum(pool.imap_unordered(_tag_chunk, chunks))
        return time.perf_counter() - t0


def rss_now_mb() -> float:
    """Current resident memory of this process (MB), from /proc (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of the largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def store_bench(n: int, workers: int, batch: int) -> None:
    """Load n posts into a fresh SQLite store, then tag them twice; run in its own process
    (see main) so that the memory figures are those of tagging, not of this script's texts."""
    from pipeline.store import Store

    pool = build_posts(5000, seed=11)  # posts are cycled from a pool: memory flat in n
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db", create=True)
        store.init()
        t0 = time.perf_counter()
        for start in range(0, n, 5000):
            store.upsert_posts(
                [
                    Post(source="heimao", source_id=str(17300000000 + i), url=f"https://tousu.sina.com.cn/complaint/view/{17300000000 + i}/",
                         title=pool[i % len(pool)][0], body=pool[i % len(pool)][1], published_at=None)
                    for i in range(start, min(n, start + 5000))
                ]
            )
        print(f"store: loaded {n:,} posts into SQLite in {time.perf_counter() - t0:.1f}s (not part of the figures below)", flush=True)
        for label, everything in (("first tagging (all new)", False), ("re-tag after a lexicon change (all stale)", True)):
            samples: list[float] = []
            done = [0]

            def progress(k: int) -> None:
                done[0] += k
                while len(samples) < 4 and done[0] >= (len(samples) + 1) * n / 4:
                    samples.append(rss_now_mb())

            run = tag_store(store, everything=everything, batch_size=batch, workers=workers, on_batch=progress)
            own, kids = peak_mb()
            trace = " / ".join(f"{m:.0f}" for m in samples)
            print(f"store: {label}: {run.posts:,} posts in {run.seconds:.1f}s = {run.posts / run.seconds:,.0f} posts/s "
                  f"on {workers} workers; main RSS at 25/50/75/100%: {trace} MB; peak RSS main {own:.0f} MB, "
                  f"largest worker {kids:.0f} MB", flush=True)
        stats = store.stats()
        print(f"store: {stats['posts'] - stats['untagged']:,} of {stats['posts']:,} posts tagged; "
              f"top themes {dict(list(stats['by_theme'].items())[:3])}")
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=50_000, help="posts for the throughput figures (>= 50,000)")
    ap.add_argument("--posts", type=int, default=20_000, help="posts in the SQLite re-tag run (1000000 for the goal)")
    ap.add_argument("--workers", type=int, default=2, help="processes for the all-core figures")
    ap.add_argument("--batch", type=int, default=2000, help="batch size of the store run")
    ap.add_argument("--skip-store", action="store_true", help="only the throughput figures")
    ap.add_argument("--store-only", action="store_true", help="only the SQLite re-tag run")
    ap.add_argument("--whole-only", action="store_true", help="only the whole-process classify vs jieba figures")
    args = ap.parse_args()
    if args.store_only:
        store_bench(args.posts, args.workers, args.batch)
        return
    # issue 12: whole processes on real short posts (~135 chars) and on ~500-char posts
    print_whole_process("real posts", short_posts(max(args.texts, 1)))
    print_whole_process("real posts, each once", short_posts(0, distinct=True))
    print_whole_process("~500-char posts", [f"{t}\n{b}" for t, b in build_posts(max(args.texts, 1))])
    if args.whole_only:
        return

    pairs = build_posts(max(args.texts, 1))
    texts = [f"{t}\n{b}" for t, b in pairs]
    chars = sum(map(len, texts)) / len(texts)
    source = "../shared/corpus (resampled)" if corpus_texts() else "crawler.mirror.democorpus"
    print(f"texts: {len(texts):,} posts from {source}, mean {chars:.0f} characters")

    tagger = Tagger()
    tagger.tok  # noqa: B018 - jieba's dictionary loaded outside the timing
    t_tag, t_jieba = one_core(texts, tagger)
    print(f"one core: tagger {len(texts) / t_tag:,.0f} posts/s, jieba.lcut {len(texts) / t_jieba:,.0f} posts/s "
          f"-> tagger is {t_jieba / t_tag:.1f}x faster than jieba.lcut alone (goal >= 5x)")
    t_all = all_cores(texts, args.workers)
    print(f"{args.workers} cores: tagger {len(texts) / t_all:,.0f} posts/s ({t_tag / t_all:.1f}x one core)")
    if not args.skip_store:
        import subprocess

        del pairs, texts  # the store run gets a fresh process anyway
        subprocess.run([sys.executable, __file__, "--store-only", "--posts", str(args.posts),
                        "--workers", str(args.workers), "--batch", str(args.batch)], check=True)


if __name__ == "__main__":
    main()

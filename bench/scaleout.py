"""Pages per second of a distributed crawl (crawler/distributed.py) with 1, 2, ... workers.

    python bench/scaleout.py [--workers 1,2] [--delay 0.1] [--concurrency 4]

The local mirror answers every request after a fixed delay, so the crawl waits on the
network as it does on real sites (a real site is slow and we must be polite to it), and
each worker may have only --concurrency requests open at once (the per-domain politeness
limit). Then throughput grows with the number of workers until something shared is
saturated: here the mirror and the 2 CPU cores of this machine; in production the
site's tolerance, Redis, and the database's write rate (docs/operations.md).

Every worker is a real `crawler.run` process (scrapy-redis scheduler in the real Redis at
127.0.0.1:6379) writing into one throwaway PostgreSQL database. Pages/s is counted from
the crawl's own stats: all responses of all workers over the time from the first
worker's start to the last worker's finish (so a worker's start-up delay counts against
it).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"


def throwaway_db(server: str) -> tuple[str, object]:
    import sqlalchemy as sa

    name = f"complaints_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return url, drop


def run(n_workers: int, mirror, companies: list[str], args) -> dict:
    import redis

    from crawler.distributed import redis_settings
    from crawler.run import result_from_output, start_crawl
    from pipeline.store import Store

    db, drop = throwaway_db(args.pg)
    prefix = f"complaints-bench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(args.redis)
    try:
        store = Store(db, create=True)
        store.init()   # once, before the workers start
        t0 = time.perf_counter()
        procs = []
        for i in range(n_workers):
            settings = {**redis_settings(args.redis, prefix, worker=f"bench-{i}"), "LOG_LEVEL": "WARNING",
                        "CONCURRENT_REQUESTS": args.concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency}
            procs.append(start_crawl("heimao", db, base_url=mirror.base_url, company=companies,
                                     max_pages=args.max_pages, settings=settings))
        results = []
        for p in procs:
            out, _ = p.communicate(timeout=1800)
            results.append(result_from_output("heimao", out.decode("utf-8", "replace"), p.returncode))
        wall = time.perf_counter() - t0
        runs = [json.loads(r["stats"]) for r in store.runs("heimao")]
        starts = [datetime.fromisoformat(s["start_time"]) for s in runs if s.get("start_time")]
        ends = [datetime.fromisoformat(s["finish_time"]) for s in runs if s.get("finish_time")]
        crawl_seconds = (max(ends) - min(starts)).total_seconds()
        pages = sum(int(s.get("response_received_count", 0)) - int(s.get("robotstxt/response_count", 0)) for s in runs)
        posts = store.count_posts()
        store.close()
        bad = [r for r in results if r.exit_code != 0]
        return {"workers": n_workers, "pages": pages, "posts": posts, "crawl_s": crawl_seconds, "wall_s": wall,
                "pages_per_s": pages / crawl_seconds,
                "per_worker": [r.stats.get("response_received_count", 0) - r.stats.get("robotstxt/response_count", 0)
                               for r in results],
                "failed_workers": len(bad)}
    finally:
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        drop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure")
    ap.add_argument("--delay", type=float, default=0.1, help="mirror delay per request, seconds")
    ap.add_argument("--concurrency", type=int, default=4, help="open requests per worker (politeness)")
    ap.add_argument("--companies", type=int, default=6, help="heimao companies crawled (biggest first)")
    ap.add_argument("--max-pages", type=int, default=8, help="listing pages per company (10 posts each)")
    ap.add_argument("--pg", default=PG_SERVER, help="PostgreSQL maintenance database URL")
    ap.add_argument("--redis", default=REDIS)
    args = ap.parse_args()

    from crawler.mirror import MirrorServer

    with MirrorServer(port=0, delay=args.delay) as mirror:
        companies = sorted(mirror.corpus.by_couid, key=lambda c: -len(mirror.corpus.by_couid[c]))[: args.companies]
        expected = sum(min(len(mirror.corpus.by_couid[c]), args.max_pages * 10) for c in companies)
        print(f"mirror delay {args.delay * 1000:.0f} ms/request, {args.concurrency} open requests per worker, "
              f"{len(companies)} companies x {args.max_pages} pages = {expected} posts; PostgreSQL + Redis on 127.0.0.1")
        base = None
        for n in (int(x) for x in args.workers.split(",")):
            r = run(n, mirror, companies, args)
            base = base or r["pages_per_s"] / r["workers"]
            complete = "complete" if r["posts"] == expected else f"INCOMPLETE ({r['posts']} of {expected})"
            print(f"{n} worker(s): {r['pages']} pages in {r['crawl_s']:.1f} s = {r['pages_per_s']:.1f} pages/s "
                  f"(x{r['pages_per_s'] / base:.2f} of one worker; pages per worker {r['per_worker']}; "
                  f"{r['posts']} posts, {complete}; {r['wall_s']:.1f} s with process start-up)")
        bound = args.concurrency / args.delay
        print(f"I/O bound of one worker: {args.concurrency} / {args.delay} s = {bound:.0f} pages/s")


if __name__ == "__main__":
    main()

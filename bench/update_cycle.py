"""One hourly `update` cycle of 黑猫's anonymous feed against the 2026 mirror, at the default
request budget (20 requests a minute, ±50% jitter) with 200 ms latency per request.

    python bench/update_cycle.py [--finance-per-hour 20] [--other-per-hour 40] [--burst 650]

1. Backfill: a first feed crawl (fast, not measured) reads the feeds to their depth.
2. The mirror's clock moves one hour; a steady stream of new complaints appeared meanwhile
   (`--finance-per-hour` in 金融支付, `--other-per-hour` elsewhere).
3. One cycle at the default budget (data/sources.yaml: feeds type 2 and field 48, up to 20
   open complaints re-checked): requests, wall time, posts gained, and what the mirror
   published that the cycle did not store (the mirror knows what it published).
4. From the cycle's cost per complaint: how many 金融 complaints a day the anonymous routes
   can follow at 20 requests a minute.
5. Depth: one hour with `--burst` new 金融 complaints (run without the budget: only the
   feeds' 50-page depth matters here) - hourly polling misses what fell off page 50.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.mirror import MirrorServer  # noqa: E402
from crawler.mirror.heimao2026 import FINANCE_FIELD, StreamSpec  # noqa: E402
from crawler.run import run_crawl  # noqa: E402
from crawler.sources import load_config  # noqa: E402
from crawler.walls import budget_settings  # noqa: E402
from pipeline.store import Store  # noqa: E402

LATENCY = 0.2


def crawl(db: str, base: str, tmp: Path, settings: dict) -> tuple:
    t0 = time.monotonic()
    result = run_crawl("heimao", db, base_url=base, mode="feed", settings=settings,
                       log_file=str(tmp / "crawl.log"), timeout=3600)
    return result, time.monotonic() - t0


def missed(db: str, sns: list[str]) -> list[str]:
    store = Store(db)
    try:
        return [sn for sn in sns if store.get_post("heimao", sn) is None]
    finally:
        store.close()


def hour(finance: float, other: float, tmp: Path, tag: str, budget: dict, latency: float) -> dict:
    """Backfill, one hour of new complaints, one cycle; figures of the cycle."""
    db = f"sqlite:///{tmp / f'{tag}.db'}"
    probe = MirrorServer(era="2026")
    start = probe.feed.clock
    probe.httpd.server_close()
    stream = StreamSpec(finance_per_hour=finance, other_per_hour=other, start=start + 1, hours=1)
    with MirrorServer(era="2026", delay=latency, stream=stream, clock=start) as m:
        crawl(db, m.base_url, tmp, {"DOWNLOAD_TIMEOUT": 10})            # the backfill
        m.feed.advance(3600 + 60)
        before = m.requests
        result, seconds = crawl(db, m.base_url, tmp, {"DOWNLOAD_TIMEOUT": 10, **budget})
        published = m.feed.published_between(start, m.feed.clock, FINANCE_FIELD)
        lost = missed(db, published)
        return {"requests": m.requests - before, "seconds": seconds, "new": result.new, "exit": result.exit_code,
                "reason": result.finish_reason, "published": len(published), "missed": len(lost),
                "rechecked": int(result.stats.get("complaints/recheck_open", 0)),
                "feed_pages": int(result.stats.get("complaints/feed_items", 0)) // 10,
                "blocked_456": m.limiter.blocked_answers}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--finance-per-hour", type=float, default=20)
    ap.add_argument("--other-per-hour", type=float, default=40)
    ap.add_argument("--burst", type=int, default=650, help="new 金融 complaints in the depth test's hour")
    args = ap.parse_args()
    cfg = load_config("heimao")
    rpm = cfg.requests_per_minute or 20
    budget = budget_settings(rpm, cfg.jitter)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        c = hour(args.finance_per_hour, args.other_per_hour, tmp, "cycle", budget, LATENCY)
        print(f"hourly cycle at {rpm:g} requests/min (±{cfg.jitter:.0%} jitter), {LATENCY * 1000:.0f} ms latency, "
              f"{args.finance_per_hour:g} 金融 + {args.other_per_hour:g} other new complaints in the hour:")
        print(f"  requests {c['requests']} (feed pages {c['feed_pages']}, re-checks {c['rechecked']}, rest detail pages "
              f"and robots.txt); wall time {c['seconds']:.0f} s; posts gained {c['new']}; "
              f"finish {c['reason']} (exit {c['exit']}); HTTP 456 answers {c['blocked_456']}")
        print(f"  mirror published {c['published']} 金融 complaints in the hour; not stored by the cycle: {c['missed']}")
        # Cost model from the cycle: fixed requests (robots, re-checks, one known page per feed)
        # plus, per 金融 complaint, its page and its share of feed pages.
        fixed = 1 + c["rechecked"] + 2
        per_complaint = (c["requests"] - fixed) / max(c["new"], 1)
        capacity_hour = (rpm * 60 - fixed) / per_complaint
        print(f"  cost: {fixed} fixed requests + {per_complaint:.2f} per 金融 complaint followed "
              f"-> at {rpm:g}/min the anonymous routes follow ~{capacity_hour:.0f} complaints/hour, "
              f"~{capacity_hour * 24:,.0f}/day")
        print(f"  the 金融 feed shows 50 pages x 10 = 500 complaints: hourly polling misses none while fewer than "
              f"500 appear per hour (and the cycle needs {per_complaint * 500 / rpm:.0f} min for 500)")
        b = hour(args.burst, 0, tmp, "burst", {}, 0.0)
        print(f"depth test: {args.burst} new 金融 complaints in one hour, polled once (no budget, to isolate depth): "
              f"published {b['published']}, stored {b['published'] - b['missed']}, missed {b['missed']} "
              f"(fell below page 50 before the poll)")


if __name__ == "__main__":
    main()

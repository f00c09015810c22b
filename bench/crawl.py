"""Crawl throughput against the local mirror: item pipelines and original captures on vs off.

    python bench/crawl.py [--companies N] [--repeat N]

Each measurement crawls the same 黑猫 companies (API pages + detail pages) from a fresh
MirrorServer into a fresh SQLite file; pages/s is Scrapy's own response count over its
elapsed time plus the near-duplicate linking at close (process start-up excluded).
Three modes, alternating: "pipelines off" (ITEM_PIPELINES = {}, no captures), "pipelines
on" (no captures: the issue-3 goal, pipelines cost <= 25% of throughput) and "+ captures"
(every response also written to a WARC file and the collection log, pipeline/evidence.py):
its cost in throughput and the bytes kept per post (WARC + log).
"""
from __future__ import annotations

import argparse
import resource
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.mirror import MirrorServer  # noqa: E402
from crawler.run import run_crawl  # noqa: E402


def biggest_companies(n: int) -> list[str]:
    companies = json.loads((ROOT / "data/demo/companies.json").read_text(encoding="utf-8"))["heimao"]
    counts: dict[str, int] = {}
    with open(ROOT / "data/demo/heimao.jsonl", encoding="utf-8") as f:
        for line in f:
            couid = json.loads(line)["couid"]
            counts[couid] = counts.get(couid, 0) + 1
    return sorted((c for c in companies if c in counts), key=lambda c: -counts[c])[:n]


def measure(companies: list[str], mode: str, workdir: Path, tag: str) -> tuple[float, int, int, float, int]:
    """(pages/s, pages, posts, CPU ms per page of the crawler process incl. start-up, evidence bytes)."""
    db = f"sqlite:///{workdir / tag / 'c.db'}"
    (workdir / tag).mkdir()
    settings = {"LOG_LEVEL": "WARNING", "COMPLAINTS_CAPTURE": mode == "captures"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with MirrorServer(port=0) as mirror:
        result = run_crawl("heimao", db, base_url=mirror.base_url, company=companies, pipelines=mode != "off",
                           settings=settings, log_file=str(workdir / f"{tag}.log"))
    if result.exit_code != 0:
        raise SystemExit(f"crawl failed ({tag}): {result.finish_reason} {result.problems}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # Scrapy's elapsed time ends before the near-duplicate linking at close: add it.
    elapsed = float(result.stats.get("elapsed_time_seconds", 0)) + float(result.stats.get("complaints/dedupe_seconds", 0))
    kept = sum(p.stat().st_size for p in (workdir / tag / "evidence").rglob("*") if p.is_file()) \
        if (workdir / tag / "evidence").exists() else 0
    return result.pages / max(elapsed, 1e-9), result.pages, result.items, 1000 * cpu / max(1, result.pages), kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=4, help="largest demo companies to crawl")
    ap.add_argument("--repeat", type=int, default=3, help="runs per mode, alternating")
    args = ap.parse_args()
    companies = biggest_companies(args.companies)
    modes = ("off", "on", "captures")
    runs: dict[str, list] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i in range(args.repeat):  # alternate so machine load hits every mode alike
            for mode in modes:
                runs[mode].append(measure(companies, mode, work, f"{mode}{i}"))
    # Medians of alternating runs: on a shared machine single runs swing by +-30%.
    med = {m: statistics.median(r[0] for r in runs[m]) for m in modes}
    best = {m: max(r[0] for r in runs[m]) for m in modes}
    cpu = {m: min(r[3] for r in runs[m]) for m in modes}
    on = runs["on"]
    print(f"companies: {len(companies)}, pages per run: {on[0][1]}, posts per run: {on[0][2]}, runs per mode: {args.repeat}")
    for mode, label in (("captures", "+ captures  "), ("on", "pipelines on "), ("off", "pipelines off")):
        print(f"{label}: best {best[mode]:6.1f} pages/s, median {med[mode]:6.1f}, {cpu[mode]:4.1f} CPU ms/page "
              f"(runs: {', '.join(f'{r[0]:.0f}' for r in runs[mode])})")
    cost = 1 - med["on"] / med["off"]
    print(f"pipeline cost: {cost:.1%} of throughput (medians of {args.repeat}; best-of: {1 - best['on'] / best['off']:.1%}), "
          f"{1 - cpu['off'] / cpu['on']:.1%} of crawler CPU; goal <= 25%: {'OK' if cost <= 0.25 else 'OVER'}")
    cap = runs["captures"][0]
    print(f"capture cost: {1 - med['captures'] / med['on']:.1%} of throughput (medians; best-of: "
          f"{1 - best['captures'] / best['on']:.1%}), {cpu['captures'] - cpu['on']:+.1f} CPU ms/page; "
          f"evidence kept: {cap[4] / max(1, cap[2]) / 1024:.1f} KiB per post, {cap[4] / max(1, cap[1]) / 1024:.1f} KiB "
          f"per page ({cap[4] / 1e6:.2f} MB for {cap[2]} posts, WARC.gz + collection log)")


if __name__ == "__main__":
    main()

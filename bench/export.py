"""Export speed: 100,000 posts to CSV / XLSX / Parquet, and 20 charts to PNG.

    python bench/export.py [--posts N] [--charts N] [--workdir DIR] [--tagger real|quick]
    python bench/export.py --memory [--posts 1000000]   # peak memory of streamed exports

`--memory` (issue 17) runs `complaints export` in a child process per format and prints
its peak resident memory (ru_maxrss): a CSV of all posts, and an evidence pack of the
theme_mix chart (whose posts.csv holds every post). Goal: <= 500 MB at 1,000,000 posts.

Builds (once, reused from --workdir) a SQLite store of synthetic posts
(crawler.mirror.democorpus.iter_posts), tags it and publishes a snapshot, then times
pipeline/export.py on all of it: the posts query + masking + writing, per format, and
PNG rendering of the dashboard charts with one kaleido/chromium for the batch (start-up
timed apart). `--tagger quick` tags lenders from the platform's target and themes by a
few keywords (seconds instead of minutes; the export does not care how tags were made).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.mirror import democorpus  # noqa: E402
from pipeline import export, publish  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.trends import FREQS, Filters, Snapshot, options  # noqa: E402

QUICK_THEMES = {"family_contact": ("家人", "父母", "紧急联系人"), "call_harassment": ("电话", "短信"),
                "contacts_exposure": ("通讯录",), "threat": ("威胁", "上门"), "fees": ("服务费", "砍头息")}


def build(workdir: Path, n: int, tagger: str) -> Path:
    root = workdir / f"snapshot-{n}-{tagger}"
    if (root / "CURRENT").exists():
        print(f"reusing {root}")
        return root
    store = Store(f"sqlite:///{workdir / f'bench-{n}-{tagger}.db'}", create=True)
    store.init()
    t0 = time.perf_counter()
    batch = []
    for post in democorpus.iter_posts(n):
        batch.append(post)
        if len(batch) == 5000:
            store.upsert_posts(batch)
            batch = []
    store.upsert_posts(batch)
    print(f"store: {n:,} posts in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    if tagger == "real":
        from pipeline import tag

        tag.tag_store(store)
    else:
        for rows in store.posts_to_tag("quick", 5000):
            store.save_tags([_quick_tag(r) for r in rows], "quick")
    print(f"tag ({tagger}): {time.perf_counter() - t0:.1f} s")
    result = publish.publish(store, root)
    print(f"publish: {result.seconds:.1f} s")
    store.close()
    return root


def _quick_tag(row: dict) -> SimpleNamespace:
    text = f"{row['title']}\n{row['body']}"
    themes = {}
    for theme, words in QUICK_THEMES.items():
        hits = [{"start": i, "end": i + len(w), "text": w, "rule": "quick"} for w in words if (i := text.find(w)) >= 0]
        if hits:
            themes[theme] = hits
    return SimpleNamespace(post_id=row["id"], lenders=[row["target"]] if row.get("target") else [], themes=themes)


def timed(label: str, fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - t0
    size = len(out) if isinstance(out, (bytes, bytearray)) else 0
    print(f"{label:<42} {seconds:7.2f} s" + (f"  {size / 1e6:7.1f} MB" if size else ""))
    return out, seconds


MEMORY_CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from pipeline import export
from pipeline.trends import Filters, Snapshot
snap = Snapshot({snap!r})
req = export.ExportRequest(Filters(), chart={chart!r})
t = time.perf_counter()
path, size = export.export_file(snap, req, {fmt!r}, {out!r})
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork+exec (it would report the parent's).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(size, time.perf_counter() - t, hwm)
"""


def replicate(root: Path, k: int) -> Path:
    """A snapshot k times as big: every month file copied k times with new ids (DuckDB COPY),
    for memory figures at a million posts without building a million-post store."""
    import duckdb
    import shutil

    from pipeline.trends import current_version

    src = root / current_version(root)
    dst_root = root.with_name(f"{root.name}-x{k}")
    if (dst_root / "CURRENT").exists():
        return dst_root
    dst = dst_root / "v1"
    for name in ("posts", "post_themes"):
        (dst / name).mkdir(parents=True, exist_ok=True)
        key = "id" if name == "posts" else "post_id"
        for f in sorted((src / name).glob("*.parquet")):
            for i in range(k):
                duckdb.execute(f"COPY (SELECT * REPLACE ({key} + {i}::BIGINT * 1000000000 AS {key}) FROM read_parquet('{f}')) "
                               f"TO '{dst / name / f'{f.stem}-{i:03d}.parquet'}' (FORMAT parquet, COMPRESSION zstd)")
    for name in ("runs.parquet", "surges.parquet", "meta.json"):
        shutil.copy2(src / name, dst / name)
    (dst_root / "CURRENT").write_text("v1\n")
    return dst_root


def memory(root: Path, workdir: Path, n: int) -> None:
    import subprocess

    print(f"\npeak memory of streamed exports of all {n:,} posts (child process, VmHWM):")
    for fmt, chart, label in (("csv", "over_time", "CSV of every post"), ("parquet", "over_time", "Parquet of every post"),
                              ("pack", "theme_mix", "evidence pack (posts.csv = every post)")):
        out = workdir / f"memory.{fmt}"
        code = MEMORY_CHILD.format(root=str(Path(__file__).resolve().parents[1]), snap=str(root), chart=chart,
                                   fmt=fmt, out=str(out))
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
        if res.returncode != 0:
            print(f"  {label}: failed: {res.stderr.strip().splitlines()[-1] if res.stderr.strip() else res.returncode}")
            continue
        size, seconds, rss_kb = res.stdout.split()
        print(f"  {label:<42} {float(seconds):7.1f} s  {int(size) / 1e6:8.1f} MB file  peak {int(rss_kb) / 1024:6.0f} MB")
        out.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--charts", type=int, default=20)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "complaints-bench-export")
    ap.add_argument("--tagger", choices=("real", "quick"), default="quick")
    ap.add_argument("--memory", action="store_true", help="Only the peak memory of streamed exports.")
    ap.add_argument("--replicate", type=int, default=1, help="With --memory: copy the snapshot's posts K times.")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.memory:
        root = build(args.workdir, args.posts, args.tagger)
        if args.replicate > 1:
            root = replicate(root, args.replicate)
        memory(root, args.workdir, args.posts * args.replicate)
        return
    snap = Snapshot(build(args.workdir, args.posts, args.tagger))
    req = export.ExportRequest(Filters())
    n = len(export.posts_frame(snap, req))
    print(f"\nexporting all {n:,} posts (filters: none), masked:")
    posts, _ = timed("  query + mask (posts_frame)", export.posts_frame, snap, req)
    series = export.series_frame(snap, req)
    about = export.about(snap, req)
    timed("  CSV  (query + mask + write)", export.export_bytes, snap, req, "csv")
    timed("  XLSX (query + mask + write, 3 sheets)", export.export_bytes, snap, req, "xlsx")
    timed("  Parquet (query + mask + write)", export.export_bytes, snap, req, "parquet")
    timed("  CSV  write only", export.csv_bytes, posts)
    timed("  XLSX write only", export.xlsx_bytes, {"posts": posts, "series": series}, about)
    timed("  Parquet write only", export.parquet_bytes, posts, about)

    requests = _chart_requests(snap, args.charts)
    print(f"\n{len(requests)} charts to PNG, one chromium:")
    renderer = export.ChartRenderer()
    timed("  kaleido/chromium start", renderer.start)
    t0 = time.perf_counter()
    per, renders, slowest = [], [], (0.0, "")
    for r in requests:
        t1 = time.perf_counter()
        fig = export.decorate(export.figure(snap, r), r, snap.meta)
        t2 = time.perf_counter()
        png = renderer.render(fig, "png")
        t3 = time.perf_counter()
        per.append(t3 - t1)
        renders.append(t3 - t2)
        slowest = max(slowest, (t3 - t1, f"{r.chart} {r.chart_opts or ''} (query+draw {t2 - t1:.2f} s)"))
        assert png.startswith(b"\x89PNG")
    total = time.perf_counter() - t0
    renderer.close()
    per.sort()
    renders.sort()
    print(f"  {len(requests)} PNGs (query + draw + render)        {total:7.2f} s  "
          f"(median {per[len(per) // 2]:.2f} s per chart, of which render {renders[len(renders) // 2]:.2f} s)")
    print(f"  slowest: {slowest[0]:.2f} s {slowest[1]}")
    snap.close()


def _chart_requests(snap: Snapshot, n: int) -> list[export.ExportRequest]:
    """A mix of the dashboard's charts with different filters, n in all."""
    opts = options(snap)
    lenders = list(opts.lenders[:6]) or [""]
    themes = list(opts.themes) or [""]
    out: list[export.ExportRequest] = []
    i = 0
    while len(out) < n:
        lender, theme = lenders[i % len(lenders)], themes[i % len(themes)]
        kind = i % 5
        if kind == 0:
            out.append(export.ExportRequest(Filters(themes=(theme,) if theme else ()), chart="over_time",
                                            chart_opts={"freq": FREQS[i % 3], "measure": "share"}))
        elif kind == 1:
            out.append(export.ExportRequest(Filters(), chart="heatmap"))
        elif kind == 2 and lender:
            out.append(export.ExportRequest(Filters(), chart="theme_mix", chart_opts={"lender": lender}))
        elif kind == 3:
            out.append(export.ExportRequest(Filters(), chart="responses"))
        else:
            out.append(export.ExportRequest(Filters(lenders=(lender,) if lender else ()), chart="sources"))
        i += 1
    return out


if __name__ == "__main__":
    main()

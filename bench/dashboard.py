"""Benchmark: publish and the dashboard at 1,000,000 posts.

    python bench/dashboard.py [--posts 1000000] [--workdir bench/out/dashboard] [--reuse] [--generated]

1. Builds a SQLite store of N synthetic posts (crawler.mirror.democorpus.iter_posts) with FAST
   SYNTHETIC TAGS: the lender from the post's complaint target, themes from a dozen
   keywords per theme (Aho-Corasick), evidence spans included. The real tagger
   (pipeline/tag.py, ~1,300 posts/s on one core here) would take ~13 minutes at 1M posts
   and measures the tagger, not the dashboard; its output has the same shape.
2. Runs `complaints publish` in a child process: wall time and peak memory.
3. Times every page's data queries (pipeline.trends, what dashboard/data.py calls) for a
   series of filter changes, uncached, as a first visit with new filters would be: median
   per page (goal <= 200 ms).
4. Filter changes as the dashboard makes them: every page's script under streamlit.testing's
   AppTest on the same snapshot (the server's code, caches and downloads' size counts, no
   browser), one rerun per filter change after a first run: median per page (goal <= 150 ms).
5. Starts the real dashboard (`complaints dashboard`): cold start (process start to healthy, then to
   the first chart), the first chart of every page in a new tab of the running server (goal
   <= 2 s; beside it the browser's busy time, and the FLOOR: the same measure on a one-chart
   Streamlit app), every page with several filter URLs in headless chromium, and the server
   process's peak RSS (goal <= 1 GB).

With --generated, steps 1 and 2 give way to bench/dashboard_10m.py's generator, which writes
the published layout directly (~20 s at 1M posts instead of half an hour of store, tags and
publish): for measuring the dashboard, not publish.

The machine's load is printed with every figure: on shared cores the times stretch with it.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.mirror import democorpus  # noqa: E402
from pipeline import trends  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.trends import Filters  # noqa: E402

KEYWORDS = {
    "threat": ["后果自负", "上门", "威胁", "扬言"], "legal_threat": ["起诉", "法院", "律师函", "立案", "公安"],
    "credit_threat": ["征信", "黑名单"], "third_party_contact": ["通讯录", "家人", "亲戚", "同事", "朋友", "同学"],
    "call_harassment": ["电话轰炸", "催收电话", "打电话"], "sms_harassment": ["短信"],
    "social_platform": ["微信群", "朋友圈", "微博"], "app_popup": ["弹窗", "推送"], "insult": ["辱骂", "羞辱"],
    "privacy": ["隐私", "泄露"], "fees": ["砍头息", "手续费", "服务费", "高利贷", "利率"], "no_negotiation": ["拒绝协商", "不同意"],
}


def synthetic_tagger():
    import ahocorasick

    auto = ahocorasick.Automaton()
    for theme, words in KEYWORDS.items():
        for w in words:
            auto.add_word(w, (theme, w))
    auto.make_automaton()
    targets = {}
    for lender in democorpus.LENDERS:
        targets[lender.cotitle] = lender.canonical
        targets[lender.merchant] = lender.canonical

    def tag(row: dict) -> SimpleNamespace:
        text = f"{row['title']}\n{row['body']}"
        themes: dict[str, list] = {}
        for end, (theme, word) in auto.iter(text):
            hits = themes.setdefault(theme, [])
            if len(hits) < 5:
                hits.append({"start": end - len(word) + 1, "end": end + 1, "text": word, "rule": f"{theme}:{word}"})
        lender = targets.get(row["target"])
        return SimpleNamespace(post_id=row["id"], lenders=[lender] if lender else [], themes=themes)

    return tag


def build_store(db: Path, n: int) -> None:
    t0 = time.perf_counter()
    store = Store(f"sqlite:///{db}", create=True)
    store.init()
    batch = []
    for post in democorpus.iter_posts(n):
        batch.append(post)
        if len(batch) == 10_000:
            store.upsert_posts(batch)
            batch = []
    store.upsert_posts(batch)
    t1 = time.perf_counter()
    tag = synthetic_tagger()
    for rows in store.posts_to_tag("synthetic-bench", 10_000):
        store.save_tags([tag(r) for r in rows], "synthetic-bench")
    # Some near-duplicates so that dedup is part of the work: every 200th post pairs with the next.
    store.link_duplicates([(i, i + 1) for i in range(1, n, 200)])
    for source in ("heimao", "jutousu"):
        run = store.start_run(source, {"bench": True})
        store.finish_run(run, pages=n // 20, new=n // 2, healthy=True)
    store.close()
    print(f"built store: {n:,} posts stored in {t1 - t0:.0f} s, synthetic tags in {time.perf_counter() - t1:.0f} s")


def run_publish(db: Path, snap: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "pipeline", "--db", f"sqlite:///{db}", "publish", "--snapshot-dir", str(snap)],
                         capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"publish failed: {out.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(out.stdout.strip())
    print(f"PUBLISH: {seconds:.1f} s wall (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), peak memory {max(peak, before) / 1024:.0f} MB (child process)")


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless chromium, with nothing that would reach past loopback."""
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)


def filter_changes(opts: trends.Options) -> list[tuple[str, Filters, str]]:
    top = opts.lenders
    last = opts.last_day
    year_ago = last.replace(year=last.year - 1)
    return [
        ("no filter", Filters(), ""),
        ("one lender", Filters(lenders=(top[0],)), ""),
        ("3 lenders + theme", Filters(lenders=top[1:4], themes=("third_party_contact",)), ""),
        ("last year", Filters(start=year_ago, end=last), ""),
        ("status + source", Filters(statuses=("已完成",), sources=("heimao",)), ""),
        ("theme + year + search", Filters(start=year_ago, themes=("threat",)), "催收 家人"),
        ("small lender", Filters(lenders=(top[-1],)), "通讯录"),
    ]


def page_queries(snap: trends.Snapshot, f: Filters, q: str, lender: str) -> dict[str, callable]:
    from pipeline import rules

    def breaches() -> None:  # what the Alleged breaches page asks for: its table, its chart, a cell's posts
        table = rules.cell_table(snap, f, unit="stories", status=rules.IN_SCOPE)
        rules.cell_table(snap, f, unit="stories", status=rules.IN_SCOPE, by_month=False, shares=False)
        if len(table):
            row = table.iloc[0]
            rules.cell_posts(snap, f, lender=row["lender"], rule=row["rule"], month=row["month"], status=rules.IN_SCOPE)

    return {
        "overview": lambda: (trends.totals(snap, f, "stories"), trends.runs(snap)),
        "overview posts": lambda: (trends.totals(snap, f, "posts"), trends.runs(snap)),
        # What the Trends page asks for on a filter change (one period at a time).
        "trends": lambda: (trends.over_time(snap, f, "month"), trends.heatmap(snap, f), trends.theme_mix(snap, f, lender)),
        "surges": lambda: trends.surges(snap, f),
        "posts": lambda: trends.posts(snap, f, q, 25, 0),
        "responses": lambda: trends.responses(snap, f, unit="stories"),
        "responses posts": lambda: trends.responses(snap, f, unit="posts"),
        "ranking": lambda: trends.lender_ranking(snap, f, "third_party_contact"),
        "ranking posts": lambda: trends.lender_ranking(snap, f, "third_party_contact", unit="posts"),
        "overview table": lambda: trends.lender_theme_table(snap, f),
        "breaches": breaches,
    }


def time_queries(snap_root: Path, repeat: int = 3) -> None:
    snap = trends.Snapshot(snap_root)
    opts = trends.options(snap)
    per_page: dict[str, list[float]] = {}
    load = os.getloadavg()[0]
    print(f"QUERIES (ms per filter change; each page's queries together, uncached, best of {repeat}; "
          f"load average {load:.1f} on {os.cpu_count()} cores):")
    for name, f, q in filter_changes(opts):
        lender = f.lenders[0] if f.lenders else opts.lenders[0]
        row = []
        for page, fn in page_queries(snap, f, q, lender).items():
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                fn()
                runs.append((time.perf_counter() - t0) * 1000)
            per_page.setdefault(page, []).append(min(runs))
            row.append(f"{page} {min(runs):.0f}")
        print(f"  {name:24s} " + ", ".join(row))
    # Surges' drill-down and the terms page's text sample.
    found = trends.surges(snap, Filters())
    if len(found):
        r = found.iloc[0]
        t0 = time.perf_counter()
        trends.weekly_series(snap, r.lender, r.theme), trends.surge_posts(snap, r.lender, r.theme, r.week.date())
        per_page.setdefault("surges", []).append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    trends.texts(snap, Filters(), opts.lenders[0], 1500), trends.texts(snap, Filters(), None, 3000)
    per_page["terms (text sample only)"] = [(time.perf_counter() - t0) * 1000]
    print("MEDIAN per page (goal <= 200 ms):")
    for page, values in per_page.items():
        print(f"  {page:26s} median {statistics.median(values):6.0f} ms   worst {max(values):6.0f} ms")


APP_PAGES = ("overview", "trends", "ranking", "surges", "posts", "responses", "breaches", "health")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} (1/5 min) on {os.cpu_count()} cores"


def time_filter_changes(snap_root: Path, pages: tuple[str, ...] = APP_PAGES) -> None:
    """Rerun time of each page's script after a filter change, as the server runs it."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["COMPLAINTS_SNAPSHOT"] = str(snap_root)
    opts = trends.options(trends.Snapshot(snap_root))
    changes = [(name, f) for name, f, q in filter_changes(opts) if not q]
    print(f"FILTER CHANGES (ms per rerun of the page script after a filter change, AppTest, uncached; {_load()}):")
    medians = []
    for page in pages:
        st.cache_data.clear()  # no page profits from another's results (the open snapshot stays)
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
        at.switch_page(f"views/{page}.py")
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        times = []
        for _, f in changes:
            for key, widget in (("lenders", "f_lenders"), ("themes", "f_themes"), ("sources", "f_sources"),
                                ("statuses", "f_statuses")):
                at.multiselect(key=widget).set_value(list(getattr(f, key)))
            at.date_input(key="f_dates").set_value((f.start or opts.first_day, f.end or opts.last_day))
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, [e.value for e in at.exception]
        medians.append(statistics.median(times))
        print(f"  {page:10s} median {statistics.median(times):5.0f} ms  worst {max(times):5.0f} ms  "
              f"(first run in this process {first:.1f} s; {_load()})")
    print(f"  all pages: median of medians {statistics.median(medians):.0f} ms (goal <= 150 ms)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kb(pid: int, key: str) -> int:
    """A kB figure of /proc/<pid>/status: VmHWM (peak RSS), VmRSS..."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def peak_rss_kb(pid: int) -> int:
    return proc_status_kb(pid, "VmHWM")


def wait_healthy(url: str, seconds: float = 100, pause: float = 0.05) -> None:
    """Until the Streamlit server at `url` answers its health check (or `seconds` pass)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(pause)


FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st
st.title("floor")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 3, 2])), key="c")
"""
# The same with the dashboard's own chart element (dashboard.ui.plot: plotly.js's cartesian
# bundle from static file serving), which the pages draw their charts with.
FLOOR_ELEMENT_APP = """import sys
sys.path.insert(0, {root!r})
import plotly.graph_objects as go
import streamlit as st
from dashboard import ui
st.title("floor")
ui.plot(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 3, 2])), "c")
"""


def three_lenders(snap_root: Path) -> str:
    """The snapshot's three biggest lenders, as a URL's `lenders=` value."""
    snap = trends.Snapshot(snap_root)
    try:
        return quote(",".join(trends.options(snap).lenders[:3]))
    finally:
        snap.close()


def time_page_view(page: Any, url: str, timeout_ms: int = 120_000) -> float:
    """Seconds from opening `url` in `page` until its title shows and Streamlit stops running."""
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"] h1', timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    return time.perf_counter() - t


def time_first_chart(browser: Any, url: str, timeout_ms: int = 60_000) -> tuple[float, float]:
    """Seconds from opening `url` in a new tab (a new browser context: nothing cached) to its
    first plotly chart drawn, and the tab's main-thread busy seconds until then (Chromium's
    TaskDuration: what the page costs the browser, less stretched by the machine's load)."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Performance.enable")
    t = time.perf_counter()
    tab.goto(url)
    tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
    seconds = time.perf_counter() - t
    busy = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["TaskDuration"]
    tab.close()
    return seconds, busy


def floor(runs: int = 3) -> None:
    """The same measure on a Streamlit app of one title and one tiny plotly chart, in the same
    chromium: what no page of ours can beat on this machine (Streamlit's and plotly's own
    JavaScript, loaded and run by a browser with an empty cache). Twice: with st.plotly_chart
    (all of plotly.js) and with the dashboard's chart element (the cartesian bundle), the two
    apps' new tabs alternated so that the machine's load hits both alike."""
    import tempfile

    from playwright.sync_api import sync_playwright

    apps = {"st.plotly_chart": FLOOR_APP, "chart element": FLOOR_ELEMENT_APP.format(root=str(ROOT))}
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in apps}
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "static").symlink_to(ROOT / "dashboard" / "static")  # served at /app/static/
        procs, urls = [], {}
        try:
            for i, (name, code) in enumerate(apps.items()):
                (Path(d) / f"floor{i}.py").write_text(code, encoding="utf-8")
                port = free_port()
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", str(Path(d) / f"floor{i}.py"), "--server.port", str(port),
                     "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                     "--client.toolbarMode", "viewer", "--server.enableStaticServing", "true"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d))
                urls[name] = f"http://127.0.0.1:{port}"
            for url in urls.values():
                wait_healthy(url)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                for url in urls.values():
                    time_first_chart(browser, url)  # the server's own first run
                for _ in range(runs):
                    for name, url in urls.items():
                        got[name].append(time_first_chart(browser, url))
                browser.close()
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(20)
    for name, times in got.items():
        print(f"FLOOR (a one-chart Streamlit app, new tab; {name}): first chart median "
              f"{statistics.median(s for s, _ in times):.2f} s, browser main thread busy "
              f"{statistics.median(b for _, b in times):.2f} s ({_load()})")


def dashboard_memory(snap_root: Path) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "COMPLAINTS_SNAPSHOT": str(snap_root)}
    started = time.perf_counter()
    # The shipped command (`complaints dashboard`: Streamlit, started warm), not bare `streamlit run`.
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "dashboard", "--snapshot-dir", str(snap_root),
                             "--port", str(port)],
                            env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        healthy = time.perf_counter() - started
        lenders = three_lenders(snap_root)
        urls = [f"{url}/{p}{qs}" for p in ("overview", "trends", "ranking", "surges", "posts", "responses")
                for qs in ("", f"?lenders={lenders}", "?themes=threat&start=2024-01-01", "?q=%E5%82%AC%E6%94%B6")]
        with sync_playwright() as p:
            browser = launch_chromium(p)
            # Cold start: a new server process, its first reader.
            first_chart, _busy = time_first_chart(browser, f"{url}/trends", timeout_ms=300_000)
            print(f"COLD START: {healthy:.1f} s from starting the process to healthy, then {first_chart:.2f} s from "
                  f"opening /trends to its first plotly chart (first reader of a new process; {_load()})")
            # The process running: the first chart of every page, each in a new tab (a new session),
            # each page's own queries not yet cached.
            firsts = []
            for name in ("overview", "ranking", "responses", "surges", "breaches", "health", "trends"):
                try:
                    seconds, busy = time_first_chart(browser, f"{url}/{name}")
                    firsts.append((name, f"{seconds:.2f} s (browser busy {busy:.2f} s)"))
                except Exception as e:  # noqa: BLE001 (a page without a chart for this data, e.g. no rule data)
                    firsts.append((name, f"no chart ({type(e).__name__})"))
            print(f"FIRST CHART per page, process running (goal <= 2 s; {_load()}): "
                  + ", ".join(f"{n} {s}" for n, s in firsts))
            t0 = time.perf_counter()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            loads = [time_page_view(page, u) for u in urls]
            browser.close()
        print(f"DASHBOARD: {len(urls)} page views in {time.perf_counter() - t0:.0f} s "
              f"(median {statistics.median(loads):.1f} s per full page load in chromium, first {loads[0]:.1f} s)")
        print(f"DASHBOARD PEAK MEMORY: {peak_rss_kb(proc.pid) / 1024:.0f} MB (streamlit server VmHWM, goal <= 1024 MB)")
    finally:
        proc.terminate()
        proc.wait(20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "dashboard")
    ap.add_argument("--reuse", action="store_true", help="Reuse the store built by an earlier run.")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-apptest", action="store_true", help="Skip the filter-change reruns (AppTest).")
    ap.add_argument("--skip-publish", action="store_true", help="With --reuse: keep the published snapshot too.")
    ap.add_argument("--pages", default=",".join(APP_PAGES), help="Pages for the AppTest filter changes (comma-separated).")
    ap.add_argument("--skip-queries", action="store_true", help="Skip the per-page query timings.")
    ap.add_argument("--generated", action="store_true",
                    help="Write the snapshot with bench/dashboard_10m.py's generator (no store, no publish).")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db, snap = args.workdir / "complaints.db", args.workdir / "snapshot"
    if args.generated:
        if not (args.reuse and trends.current_version(snap)):
            import shutil

            from bench.dashboard_10m import generate

            shutil.rmtree(snap, ignore_errors=True)
            t0 = time.perf_counter()
            generate(snap, args.posts)
            print(f"GENERATED: {args.posts:,} posts in {time.perf_counter() - t0:.0f} s")
    elif not (args.reuse and db.exists()):
        for f in args.workdir.glob("complaints.db*"):
            f.unlink()
        build_store(db, args.posts)
    if not args.generated and not (args.skip_publish and args.reuse and trends.current_version(snap)):
        run_publish(db, snap)
    meta = json.loads((snap / trends.current_version(snap) / "meta.json").read_text())
    sizes = sum(p.stat().st_size for p in (snap / meta["version"]).iterdir())
    print(f"snapshot: {meta['counts']['posts']:,} posts, {meta['counts']['post_themes']:,} post x theme rows, "
          f"{meta['counts']['surges']} surge weeks, {sizes / 1e6:.0f} MB on disk")
    if not args.skip_queries:
        time_queries(snap)
    if not args.skip_apptest:
        time_filter_changes(snap, tuple(p for p in args.pages.split(",") if p))
    if not args.skip_browser:
        floor()
        dashboard_memory(snap)


if __name__ == "__main__":
    main()

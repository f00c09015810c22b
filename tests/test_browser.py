"""The dashboard in a real browser: `streamlit run` + Playwright driving Debian's chromium.

AppTest cannot tell whether plotly actually drew a chart (that happens in JavaScript);
this test can. With COMPLAINTS_UPDATE_SCREENSHOT=1 it also refreshes docs/screenshot.png, the
README's screenshot (otherwise it checks a shot in a temporary folder: a test run leaves
the checkout as it found it).
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_dashboard import build_snapshot

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "screenshot.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def snapshot_root(tmp_path_factory) -> Path:
    return build_snapshot(tmp_path_factory.mktemp("browser"), 1200)


@pytest.fixture(scope="module")
def server(snapshot_root, chromium):
    root = snapshot_root
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "COMPLAINTS_SNAPSHOT"}
    # Through the CLI, as a user starts it: `complaints dashboard --port P`.
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "dashboard", "--port", str(port), "--snapshot-dir", str(root)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def page(server, chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield tab
        browser.close()


def _legend(page, chart: int = 0) -> list[str]:
    charts = page.locator(".js-plotly-plot")
    # SVG text has no innerText: read textContent.
    return charts.nth(chart).locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)")


def test_chart_is_drawn_and_a_filter_changes_it(server, page):
    page.goto(server + "/trends?freq=month")
    page.wait_for_selector(".js-plotly-plot .main-svg .scatterlayer .trace", timeout=60_000)
    before = _legend(page)
    assert len(before) == 8 and "花呗" in before, before  # the 8 biggest lenders
    lines = page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace path.js-line")
    assert lines.count() == 8 and len(lines.first.get_attribute("d")) > 20  # real polylines, not placeholders

    # Pick one lender in the sidebar multiselect, as a journalist would.
    lenders = page.locator('section[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    lenders.locator("input").click()
    lenders.locator("input").fill("花呗")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('.js-plotly-plot')][0]?.querySelectorAll('.legendtext');"
        " return t && t.length === 1 && t[0].textContent === '花呗'; }",
        timeout=30_000,
    )
    assert "lenders=%E8%8A%B1%E5%91%97" in page.url  # the view is in the link

    # The link reproduces the view in a fresh load.
    page.goto(page.url)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    assert _legend(page) == ["花呗"]


def test_screenshot_for_the_readme(server, page, tmp_path):
    import os
    from urllib.parse import quote

    shot = SCREENSHOT if os.environ.get("COMPLAINTS_UPDATE_SCREENSHOT") == "1" else tmp_path / "screenshot.png"

    lenders = quote("京东白条,分期乐,花呗,借呗")
    page.goto(f"{server}/trends?lenders={lenders}&start=2023-01-01&heat=share")
    page.wait_for_selector(".js-plotly-plot .main-svg .scatterlayer .trace", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .heatmaplayer image, .js-plotly-plot .heatmaplayer .hm", timeout=60_000)
    page.wait_for_timeout(800)  # let plotly finish its transitions
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    from PIL import Image

    with Image.open(shot) as img:
        assert img.size == (1400, 1000)
        assert len(img.convert("RGB").resize((140, 100)).getcolors(maxcolors=14_000)) > 50  # not a blank page


def _download(page, key: str, timeout: float = 60_000):
    """Click a download button (its `key`: st-key-<key>) and return the file's bytes and name.

    The buttons build their file on click (a callable `data`), so the download starts only
    once the server has made it: the wait covers chromium rendering the chart.
    """
    button = page.locator(f".st-key-{key} button")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=timeout) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    return Path(download.path()).read_bytes(), download.suggested_filename


def test_a_journalist_downloads_the_numbers_and_an_evidence_pack(server, page, snapshot_root):
    import hashlib
    import io
    import zipfile
    from urllib.parse import quote

    import pandas as pd

    from pipeline import export, trends
    from pipeline.trends import Filters, Snapshot

    lender = "花呗"
    page.goto(f"{server}/trends?lenders={quote(lender)}&freq=month")
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    assert _legend(page) == [lender]  # the filter from the link is applied before downloading

    # What the dashboard's query gives for this filter, on the same snapshot.
    f = Filters(lenders=(lender,))
    snap = Snapshot(snapshot_root)
    try:
        expected = trends.over_time(snap, f, "month")
    finally:
        snap.close()
    assert len(expected) > 3 and set(expected["lender"]) == {lender}

    # CSV (numbers): UTF-8 with a BOM (Excel on Windows), the series of the chart.
    data, name = _download(page, "dl_over_time_csv")
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf"), (name, data[:20])
    got = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(got.columns) == list(expected.columns)
    assert got["lender"].tolist() == expected["lender"].tolist()
    assert pd.to_datetime(got["period"]).tolist() == pd.to_datetime(expected["period"]).tolist()
    assert got["posts"].tolist() == expected["posts"].astype(int).tolist()
    assert got["themed"].tolist() == expected["themed"].astype(int).tolist()
    assert got["share"].tolist() == pytest.approx(expected["share"].astype(float).tolist(), abs=1e-9)

    # Evidence pack: every file, every checksum verifying, a permalink that reopens this view.
    data, name = _download(page, "dl_over_time_pack", timeout=90_000)
    assert name.endswith(".zip"), name
    # The pack's checksum file beside it, as the CLI writes it: `sha256sum -c` checks this very ZIP.
    with page.expect_download(timeout=60_000) as info:  # .first: a button with help also holds its tooltip's
        page.locator(".st-key-dl_over_time_pack_sha256 button").first.click()
    side, side_name = Path(info.value.path()).read_bytes(), info.value.suggested_filename
    assert side_name == f"{name}.sha256"
    assert side.decode() == f"{hashlib.sha256(data).hexdigest()}  {name}\n" == export.sidecar_text(
        hashlib.sha256(data).hexdigest(), name)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        files = {n: zf.read(n) for n in zf.namelist()}
    assert set(files) == {"chart.png", "chart.svg", "series.csv", "posts.csv", "permalink.txt", "README.md",
                          "SHA256SUMS"}
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    for fname, digest in sums.items():
        assert hashlib.sha256(files[fname]).hexdigest() == digest, fname
    assert files["chart.png"].startswith(b"\x89PNG\r\n\x1a\n") and len(files["chart.png"]) > 10_000
    assert b"<svg" in files["chart.svg"][:500] and lender.encode() in files["chart.svg"]
    assert files["series.csv"] == export.csv_bytes(expected)  # the same numbers as the CSV button's
    link = files["permalink.txt"].decode().strip()
    assert link.startswith(f"{server}/trends?") and f"lenders={quote(lender)}" in link, link
    posts = pd.read_csv(io.BytesIO(files["posts.csv"]), encoding="utf-8-sig")
    assert set(posts["lender"]) == {lender}
    # Every number can be recounted from posts.csv: the counted posts' distinct stories per
    # month (the chart's default unit, a template campaign counted once) are the series.
    assert set(expected["unit"]) == {"stories"}
    counted = posts[posts["counted"]]
    months = pd.to_datetime(counted["published_at"]).dt.to_period("M")
    stories = counted.groupby(months)["story_id"].nunique()
    assert int(stories.sum()) == int(expected["posts"].sum())
    assert sorted(stories[stories > 0].tolist()) == sorted(int(n) for n in expected["posts"] if n > 0)


# --- what issue 14 asked for, as a reader sees it ----------------------------------------------------


def _plotted_y(page, chart: int = 0) -> dict[str, list[float]]:
    """What plotly drew: y values per legend group (a lender's solid line and the dashed
    incomplete tail, which repeats one point), one per x (_fullData: typed arrays decoded)."""
    points = page.evaluate(
        "(i) => [...document.querySelectorAll('.js-plotly-plot')][i]._fullData"
        ".flatMap(t => Array.from(t.y).map((y, k) => [t.legendgroup || t.name, String(t.x[k]), y]))", chart)
    out: dict[str, dict[str, float]] = {}
    for group, x, y in points:
        out.setdefault(group, {})[x] = y
    return {group: list(values.values()) for group, values in out.items()}


def test_chinese_by_default_and_lang_en_is_in_the_url(server, page):
    page.goto(server + "/trends")
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    assert page.locator("h1").first.inner_text() == "趋势"
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "概览" in nav and "机构排名" in nav and "Overview" not in nav
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert title.startswith("各机构投诉数") and "全部投诉" in title, title  # title and its filters line
    assert "2024年1月" in page.locator(".js-plotly-plot .xtick").first.evaluate(
        "el => [...el.parentNode.querySelectorAll('text')].map(t => t.textContent).join(' ')")
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0  # toolbarMode = viewer
    # Switch to English in the sidebar: the page, the chart and the address follow.
    page.locator('section[data-testid="stSidebar"] label:has-text("English")').click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Trends'", timeout=30_000)
    assert "lang=en" in page.url
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .gtitle')?.textContent"
                           ".startsWith('Complaints per lender')", timeout=30_000)
    page.goto(server + "/overview?lang=en")  # a link to /overview opens the Overview, in English
    page.wait_for_selector("h1", timeout=60_000)
    assert page.locator("h1").first.inner_text() == "Complaints radar"
    assert "Page not found" not in page.content()


def test_trends_caption_and_plotted_numbers_match_a_recount(server, page, snapshot_root):
    from urllib.parse import quote

    import pandas as pd

    from pipeline import export
    from pipeline.trends import Filters, Snapshot

    page.goto(f"{server}/trends?themes=third_party_contact&lenders={quote('分期乐')}&lang=en")
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert title.startswith("Complaints mentioning Contacting family"), title  # measure left at its default
    drawn = _plotted_y(page)
    snap = Snapshot(snapshot_root)
    try:
        req = export.ExportRequest(Filters(lenders=("分期乐",), themes=("third_party_contact",)), chart="over_time")
        posts = export.posts_frame(snap, replace_filters(req, export.behind_filters(req, export.series_frame(snap, req))))
    finally:
        snap.close()
    counted = posts[posts["counted"]]
    assert counted["themes"].map(lambda t: "third_party_contact" in t).all()
    # distinct stories per month: the chart's default unit
    by_month = counted.groupby(pd.to_datetime(counted["published_at"]).dt.to_period("M"))["story_id"].nunique()
    assert sum(drawn["分期乐"]) == int(by_month.sum()) and max(drawn["分期乐"]) == int(by_month.max())


def replace_filters(req, filters):
    from dataclasses import replace

    return replace(req, filters=filters)


def test_ranking_page_draws_the_ranked_lenders(server, page, snapshot_root):
    from pipeline import trends
    from pipeline.trends import Filters, Snapshot

    page.goto(server + "/ranking?theme=third_party_contact&lang=en")
    page.wait_for_selector(".js-plotly-plot .barlayer .point", timeout=60_000)
    assert page.locator("h1").first.inner_text() == "Lender ranking"
    drawn = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].y)")
    snap = Snapshot(snapshot_root)
    try:
        expected = trends.lender_ranking(snap, Filters(), "third_party_contact")
    finally:
        snap.close()
    ranked = expected[expected["ranked"]]
    assert sorted(drawn) == sorted(ranked["lender"]) and len(drawn) < len(expected)  # small lenders not ranked
    # the table is sent after the chart: wait for it rather than read the page mid-render
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1


def test_post_permalink_opens_the_post_with_coloured_evidence_and_a_quote(server, page, snapshot_root):
    from pipeline.trends import Snapshot

    snap = Snapshot(snapshot_root)
    try:
        row = snap.query("SELECT source, source_id FROM posts WHERE len(themes) > 1 LIMIT 1").iloc[0]
    finally:
        snap.close()
    key = f"{row.source}-{row.source_id}"
    page.goto(f"{server}/posts?post={key}")
    page.wait_for_selector("mark[data-theme]", timeout=60_000)
    assert f"帖子 {key}" in page.locator("h3").first.inner_text()
    colours = set(page.locator(".post mark[data-theme]").evaluate_all(
        "els => els.map(e => e.dataset.theme + '=' + getComputedStyle(e).borderBottomColor)"))
    assert len({c.split("=")[0] for c in colours}) == len(colours)  # one colour per theme
    assert "主题颜色" in page.locator(".legend").first.inner_text()
    quote = page.locator('[data-testid="stCode"]').first.inner_text()
    assert quote.startswith("“") and row.source_id in quote


@contextlib.contextmanager
def fresh_tab(page, fetched: list[str] | None = None):
    """A tab in a new browser context (nothing cached, as a first-time reader), recording the
    URLs it requests into `fetched` when given."""
    context = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = context.new_page()
        if fetched is not None:
            tab.on("request", lambda r: fetched.append(r.url))
        yield tab
    finally:
        context.close()


def test_charts_are_drawn_by_the_cartesian_bundle_not_the_whole_of_plotly(server, page):
    # Issue 17 (first chart <= 3 s): st.plotly_chart's chunk carries the whole of plotly.js (4.5 MB);
    # the chart element (dashboard/chart.js) loads plotly.js's cartesian bundle (1.5 MB), once per
    # page however many charts it draws. The Trends page draws a line chart, a heatmap and bars.
    fetched: list[str] = []
    with fresh_tab(page, fetched) as tab:
        tab.goto(server + "/trends")
        tab.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        tab.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=60_000)
        assert len([u for u in fetched if "/app/static/plotly-cartesian-" in u]) == 1
        assert not [u for u in fetched if "PlotlyChart" in u]
        # the chart element passes the page's plotly config: a modebar without plotly's camera
        # (the download buttons give the publishable image)
        assert tab.locator(".js-plotly-plot .modebar-btn").count() > 0
        assert tab.locator(".js-plotly-plot .modebar-btn[data-title*='png' i]").count() == 0


# Counts the browser's animation frames, and the frame in which each chart of the page first
# shows its drawing (a .main-svg inside a .complaints-chart).
FRAMES_SPY = """
window.__frames = 0;
(function tick() { window.__frames++; requestAnimationFrame(tick); })();
window.__drawnAt = [];
new MutationObserver(() => {
  const drawn = [...document.querySelectorAll('.complaints-chart')].filter(e => e.querySelector('.main-svg')).length;
  while (window.__drawnAt.length < drawn) window.__drawnAt.push(window.__frames);
}).observe(document, {subtree: true, childList: true});
"""


def test_every_page_fetches_the_chart_bundle_at_once_and_draws_its_charts_one_at_a_time(server, page):
    # Issue 17 (first chart <= 3 s): measured at 10M posts, the bundle was fetched only once the
    # first chart's figure had arrived, and then running it (~1 s) and drawing every chart of the
    # page in one task (~0.4 s more) came before anything was on screen. Now the page's first
    # element fetches it (a page without a chart fetches it too), and each chart is drawn in its
    # own turn, after the browser has shown the one before.
    fetched: list[str] = []
    with fresh_tab(page, fetched) as tab:
        tab.goto(server + "/posts")  # no chart on this page
        tab.wait_for_function("() => window.Plotly !== undefined", timeout=60_000)
        assert len([u for u in fetched if "/app/static/plotly-cartesian-" in u]) == 1
        assert tab.locator(".js-plotly-plot").count() == 0
    with fresh_tab(page) as tab:
        tab.add_init_script(FRAMES_SPY)
        tab.goto(server + "/trends")
        tab.wait_for_function("() => window.__drawnAt.length >= 3", timeout=60_000)
        first, second, third = tab.evaluate("window.__drawnAt")[:3]
        assert first < second < third, (first, second, third)


def test_a_chart_whose_script_cannot_load_says_so_in_the_readers_language(server, page):
    # A proxy that drops /app/static/ (or a server started without static file serving while the
    # page thinks otherwise) must not leave blank spaces where the charts were.
    with fresh_tab(page) as tab:
        tab.route("**/app/static/plotly-cartesian-*", lambda route: route.abort())
        tab.goto(server + "/trends")
        tab.wait_for_function("() => document.querySelectorAll('.complaints-chart').length >= 3"
                              " && [...document.querySelectorAll('.complaints-chart')].every(e => e.textContent)",
                              timeout=60_000)
        said = tab.locator(".complaints-chart").first.inner_text()
        assert said.startswith("图表未能显示") and "plotly-cartesian-" in said
        assert tab.locator(".js-plotly-plot").count() == 0


def test_how_to_cite_opens_on_click_and_costs_the_first_chart_nothing(server, page):
    # Issue 14 (first chart <= 2 s): a code block, even in a closed expander, makes the browser
    # fetch and run Streamlit's syntax highlighter (1.5 MB) before a page's first chart. The
    # "How to cite" block is drawn only once opened, and then gives the citation to copy.
    fetched: list[str] = []
    with fresh_tab(page, fetched) as tab:
        tab.goto(server + "/trends?themes=threat")
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        assert any("plotly-cartesian" in u for u in fetched)  # the charts' script is seen (the listener works)
        assert not [u for u in fetched if "SyntaxHighlighter" in u]
        assert tab.locator('[data-testid="stCode"]').count() == 0
        tab.get_by_text("如何引用").click()
        code = tab.locator('[data-testid="stCode"]')
        code.nth(1).wait_for(timeout=60_000)
        reference, link = code.nth(0).inner_text(), code.nth(1).inner_text()
        assert "[DB/OL]" in reference and "themes=threat" in link and "snapshot=" in link


SPY = """import sys
from pipeline import trends
over_time = trends.over_time
def spy(*args, **kwargs):
    print("over_time computed", file=sys.stderr, flush=True)
    return over_time(*args, **kwargs)
trends.over_time = spy
from dashboard.__main__ import main
main(sys.argv[1:])
"""


def test_the_server_is_ready_when_healthy_and_its_first_reader_reuses_the_default_views(snapshot_root, page, tmp_path):
    """`complaints dashboard` (python -m dashboard) computes every page's default view before it
    listens, and the first reader's Trends chart comes from those cached numbers: the monthly
    series is computed once, at start, not again for the reader (Streamlit's global caches are
    shared by the sessions its runtime starts later)."""
    (tmp_path / "spy.py").write_text(SPY, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "COMPLAINTS_SNAPSHOT": str(snapshot_root), "PYTHONPATH": str(ROOT)}
    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, str(tmp_path / "spy.py"), "run", str(ROOT / "dashboard" / "app.py"),
                                 "--server.port", str(port), "--server.headless", "true"],
                                env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=tmp_path)
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", proc)
            assert "every page's default view ready" in log.read_text(), log.read_text()  # before it answered
            assert log.read_text().count("over_time computed") == 1
            # (the module's browser tab: a second Playwright in this process would clash with it)
            page.goto(f"http://127.0.0.1:{port}/trends?lang=en")
            page.wait_for_selector(".js-plotly-plot .main-svg .scatterlayer .trace", timeout=60_000)
        finally:
            proc.terminate()
            proc.wait(20)
    assert log.read_text().count("over_time computed") == 1, log.read_text()[-3000:]

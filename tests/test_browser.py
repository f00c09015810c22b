"""The dashboard in a real browser: `streamlit run` + Playwright driving Debian's chromium.

AppTest cannot tell whether plotly actually drew a chart (that happens in JavaScript);
this test can. With COMPLAINTS_UPDATE_SCREENSHOT=1 it also refreshes docs/screenshot.png, the
README's screenshot (otherwise it checks a shot in a temporary folder: a test run leaves
the checkout as it found it).
"""
from __future__ import annotations

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
    # Every number can be recounted from posts.csv: the counted posts add up to the series.
    assert int(posts["counted"].sum()) == int(expected["posts"].sum())

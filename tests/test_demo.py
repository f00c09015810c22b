"""`complaints demo --no-dashboard` on a fresh database, as the README's first command runs it
(from the installed package, in a folder of the user's: conftest.demo_built): mirror -> real
crawl over HTTP -> tag -> publish, then a second run that reuses it, and `complaints
dashboard` started from that folder."""
from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import user_env

ROOT = Path(__file__).resolve().parents[1]
COMPANIES = json.loads((ROOT / "data" / "demo" / "companies.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(demo_built: dict) -> dict:
    return demo_built


def test_demo_crawls_every_post_of_the_corpus(built: dict) -> None:
    first = built["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    counts = COMPANIES["counts"]
    # One line per source, not Scrapy's log (that went to logs/).
    lines = [line for line in first.stdout.splitlines() if line.split(":")[0] in {"heimao", "jutousu", "article"}]
    assert [line.split(":")[0] for line in sorted(lines)] == ["article", "heimao", "jutousu"]
    assert f"{counts['heimao']} new" in next(line for line in lines if line.startswith("heimao"))
    assert f"{counts['jutousu']} new" in next(line for line in lines if line.startswith("jutousu"))
    assert "Scrapy" not in first.stdout
    assert sorted(p.name.split("-")[0] for p in (built["tmp"] / "logs").iterdir()) == ["article", "heimao", "jutousu"]


def test_demo_snapshot_is_labelled_synthetic_and_tagged(built: dict) -> None:
    root = built["snapshot"]
    version = (root / "CURRENT").read_text().strip()
    meta = json.loads((root / version / "meta.json").read_text(encoding="utf-8"))
    assert meta["is_demo"] is True
    total = COMPANIES["counts"]["heimao"] + COMPANIES["counts"]["jutousu"] + 30
    assert meta["counts"]["posts"] == total
    posts = duckdb.execute(f"SELECT count(*) FILTER (WHERE lender <> '') AS attributed, "
                       f"count(*) FILTER (WHERE len(themes) > 0) AS themed, count(*) AS n "
                       f"FROM read_parquet('{root / version / 'posts'}/*.parquet')").fetchall()[0]
    assert posts[2] == total and posts[0] / total > 0.95 and posts[1] / total > 0.6
    # No unmasked mobile number survives the pipeline (the corpus plants some).
    leaks = duckdb.execute(rf"SELECT count(*) FROM read_parquet('{root / version / 'posts'}/*.parquet') "
                       rf"WHERE regexp_matches(body, '(^|\D)1[3-9]\d{{9}}($|\D)')").fetchall()[0][0]
    assert leaks == 0


def test_demo_surges_are_the_planted_ones(built: dict) -> None:
    root = built["snapshot"]
    version = (root / "CURRENT").read_text().strip()
    found = duckdb.execute(f"SELECT DISTINCT lender, theme FROM '{root / version / 'surges.parquet'}'").fetchall()
    assert set(found) == {(s["lender"], s["theme"]) for s in COMPANIES["surges"]}


def test_second_run_reuses_what_is_built(built: dict) -> None:
    before = (built["snapshot"] / "CURRENT").read_text()
    again = subprocess.run([str(built["exe"]), "--db", built["db"], "demo", "--no-dashboard"],
                           capture_output=True, text=True, cwd=built["work"], timeout=600, env=user_env())
    assert again.returncode == 0, again.stderr[-2000:]
    assert "demo already built" in again.stdout
    assert (built["snapshot"] / "CURRENT").read_text() == before  # nothing republished


def test_demo_then_dashboard_from_another_directory(demo_built: dict) -> None:
    exe, work, demo = demo_built["exe"], demo_built["work"], demo_built["first"]
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    assert "demo ready:" in demo.stdout
    assert (work / "data" / "complaints.db").is_file() and (work / "data" / "snapshot" / "CURRENT").is_file()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(exe), "dashboard", "--port", str(port)], cwd=work, env=user_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: [lines.append(line) for line in proc.stderr], daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                reader.join(5)  # the rest of its stderr
                pytest.fail(f"the dashboard exited with {proc.returncode}: {''.join(lines)[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "dashboard did not answer"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        # The installed package (not editable: no repository beside it) computes every page's
        # default view from its own data files at start (an i18n file looked up beside the
        # modules once failed there only when a reader opened a page).
        while not any("every page's default view ready" in line for line in lines):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-3000:]
            time.sleep(0.5)
        assert not any("Traceback" in line or "ERROR" in line for line in lines), "".join(lines)[-3000:]
    finally:
        proc.terminate()
        proc.wait(15)

"""Every bench/*.py script imports and answers --help (exit 0, a usage line) without running.

Benchmarks run by hand, not in the suite, so a moved module (bench/update.py imported the
demo corpus from its old place) or a script that takes `--help` for an argument went
unnoticed. The scripts start side by side in subprocesses, each with a timeout: a script
that ignores --help and starts its benchmark fails here instead of hanging the suite.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

BENCHES = sorted((ROOT / "bench").glob("*.py"))
TIMEOUT = 90  # seconds for all of them; imports of scrapy/pandas/streamlit take a few each


def test_there_are_benches() -> None:
    assert len(BENCHES) >= 5, BENCHES


def test_every_bench_answers_help(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = {
        path.name: subprocess.Popen([sys.executable, str(path), "--help"], cwd=tmp_path, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in BENCHES
    }
    deadline = time.monotonic() + TIMEOUT
    failures = {}
    for name, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            failures[name] = "no answer within the timeout (does it ignore --help and run?)"
            continue
        if proc.returncode != 0:
            failures[name] = f"exit {proc.returncode}: {err.strip().splitlines()[-1:] or out[-200:]}"
        elif "usage:" not in out:
            failures[name] = f"no usage line on --help (did it run instead?): {out[:200]!r}"
    assert failures == {}


def test_update_bench_fill_index(tmp_path: Path) -> None:
    """bench/update.py --fill-index at a tiny size: the archive's posts are indexed (real text
    hash, 16 band rows each in the tiers N / --new runs leave), tagged, published, the store's
    own pragmas back; then --runs updates go through the real code and the table has each run."""
    import sqlite3

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "update.py"), "--archives", "250", "--new", "100",
                          "--runs", "2", "--fill-index", "--workdir", str(tmp_path)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "random band keys" in out.stdout and "journal_mode=wal, synchronous=1" in out.stdout
    runs = [line.split() for line in out.stdout.splitlines() if line.split()[:2] in (["250", "1"], ["250", "2"])]
    assert len(runs) == 8, out.stdout  # wall, CPU, peak RSS and MB read from disk, two runs each
    assert "read from disk during the step" in out.stdout
    db = sqlite3.connect(tmp_path / "archive-filled-250.db")
    try:
        # The 250 archive posts (2 tiers: 2 runs of 100, the remainder in the newest) and the
        # 2 x 100 posts the updates indexed through link_new_posts (a tier each, or merged).
        assert db.execute("SELECT count(*) FROM posts WHERE dedupe_hash IS NULL OR tagged_version IS NULL").fetchone() == (0,)
        assert db.execute("SELECT count(*), count(DISTINCT post_id) FROM dedupe_bands").fetchone() == (450 * 16, 450)
        assert db.execute("SELECT count(*) FROM dedupe_post_bands").fetchone() == (450 * 16,)
        assert db.execute("SELECT sum(n_rows) FROM dedupe_tiers").fetchone() == (450 * 16,)
        archive_hashes = db.execute("SELECT dedupe_hash, body FROM posts WHERE id <= 3").fetchall()
    finally:
        db.close()
    from pipeline import dedupe

    assert all(h == dedupe.text_hash(dedupe.normalise(body)) for h, body in archive_hashes)


def test_tag_bench_falls_back_to_the_demo_corpus_without_the_shared_corpus(monkeypatch) -> None:
    # On a machine without ../shared/corpus, bench/tag.py's short posts come from the demo
    # corpus generator (it imported it from a module that does not exist).
    sys.path.insert(0, str(ROOT))
    import bench.tag as tag_bench

    monkeypatch.setattr(tag_bench, "CORPUS", ROOT / "no-such-corpus")
    posts = tag_bench.short_posts(5, 1)
    assert len(posts) == 5 and all(isinstance(p, str) and "\n" in p and len(p) > 20 for p in posts)


def test_perturb_bench_on_a_tiny_labelled_file(tmp_path: Path) -> None:
    """bench/perturb.py (issue 12, robust8) on a synthetic labelled file: the tune posts' theme spans are
    perturbed, the survival table is printed, and a check-part post (syn-5) is never read."""
    rows = [
        {"id": "syn-1", "text": "招联逾期后，催收每天打电话骚扰我，还打电话给我父母。", "themes": ["call_harassment", "third_party_contact"]},
        {"id": "syn-2", "text": "安逸花逾期，申请延期还款，客服拒绝协商。", "themes": ["no_negotiation"]},
        {"id": "syn-5", "text": "微粒贷逾期，催收辱骂我是骗子。", "themes": ["insult"]},  # check part: skipped
    ]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for extra in ([], ["--removing"]):
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "perturb.py"), "--labels", str(labels), *extra],
                             env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        lines = out.stdout.splitlines()
        assert any(line.split()[:1] == ["call_harassment"] for line in lines), out.stdout
        assert any(line.split()[:1] == ["no_negotiation"] for line in lines), out.stdout
        assert not any(line.split()[:1] == ["insult"] for line in lines), out.stdout  # syn-5 is check part
        assert "辱骂我是骗子" not in out.stdout

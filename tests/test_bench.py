"""Every bench/*.py script imports and answers --help (exit 0, a usage line) without running.

Benchmarks run by hand, not in the suite, so a moved module (bench/update.py imported the
demo corpus from its old place) or a script that takes `--help` for an argument went
unnoticed. The scripts start side by side in subprocesses, each with a timeout: a script
that ignores --help and starts its benchmark fails here instead of hanging the suite.
"""
from __future__ import annotations

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

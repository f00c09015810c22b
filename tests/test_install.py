"""A non-editable install works: what a user gets from `pip install .` (a wheel).

The wheel is built from this checkout and installed into a new virtual environment
(conftest.installed_package). Then, from a directory outside the checkout, `complaints
demo --no-dashboard` builds the demo from the packaged data (conftest.demo_built, whose
output tests/test_demo.py checks in detail) and `complaints dashboard` starts and answers.
Nothing may be read from the source tree: the test checks where the code ran from.
"""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import user_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(installed_package: dict) -> dict:
    return installed_package


def test_the_wheel_ships_the_data(installed: dict) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    data = [p.name for p in (ROOT / "data").iterdir() if p.is_file() and p.suffix in (".yaml", ".txt")]
    assert {"themes.yaml", "lenders.yaml", "sources.yaml", "rules.yaml", "facts.yaml", "i18n.yaml"} <= set(data)
    for needed in (*(f"pipeline/data/{name}" for name in data),
                   "pipeline/data/demo/heimao.jsonl", "pipeline/data/demo/companies.json",
                   "pipeline/migrations/env.py", "pipeline/migrations/versions/0001_initial_schema.py",
                   "dashboard/app.py", "dashboard/.streamlit/config.toml", "crawler/mirror/templates/heimao_detail.html"):
        assert needed in names, needed
    assert not any(n.endswith((".db", ".db-wal")) for n in names)  # never a local database


def test_the_installed_code_runs_from_the_venv(installed: dict) -> None:
    out = subprocess.check_output(
        [str(installed["python"]), "-c",
         "import crawler, dashboard, pipeline; from pipeline import settings; "
         "print(pipeline.__file__); print(crawler.__file__); print(settings.data_dir())"],
        text=True, cwd=installed["site"].parent, env=user_env())
    for line in out.splitlines():
        assert line.startswith(str(installed["site"])), line


def test_demo_then_dashboard_from_another_directory(demo_built: dict) -> None:
    exe, work, demo = demo_built["exe"], demo_built["work"], demo_built["first"]
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    assert "demo ready:" in demo.stdout
    assert (work / "data" / "complaints.db").is_file() and (work / "data" / "snapshot" / "CURRENT").is_file()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(exe), "dashboard", "--port", str(port)], cwd=work, env=user_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "dashboard did not answer"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
    finally:
        proc.terminate()
        proc.wait(15)

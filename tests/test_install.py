"""A non-editable install works: what a user gets from `pip install .` (a wheel).

The wheel is built from this checkout and installed into a new virtual environment; its
dependencies are borrowed from the running environment through a path file (installing
them again would download ~400 MB per run; whether they are declared is
tests/test_dependencies.py's job, and .ci/run installs them into a clean venv). Then, from
a directory outside the checkout, `complaints demo --no-dashboard` builds the demo from the
packaged data, and `complaints dashboard` starts and answers. Nothing may be read from the
source tree: the test checks where the code ran from.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(wheels.glob("complaints_radar-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        text=True).strip())
    # The running environment's packages, after the venv's own (so the wheel's code wins).
    borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_borrowed_deps.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                              str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    work = tmp / "newsroom"  # a user's folder, far from the checkout
    work.mkdir()
    return {"wheel": wheel, "venv": venv, "python": python, "site": site, "work": work}


def test_the_wheel_ships_the_data(installed: dict) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for needed in ("pipeline/data/themes.yaml", "pipeline/data/lenders.yaml", "pipeline/data/sources.yaml",
                   "pipeline/data/import_columns.yaml", "pipeline/data/stopwords.txt",
                   "pipeline/data/demo/heimao.jsonl", "pipeline/data/demo/companies.json",
                   "pipeline/migrations/env.py", "pipeline/migrations/versions/0001_initial_schema.py", "dashboard/app.py", "crawler/mirror/templates/heimao_detail.html"):
        assert needed in names, needed
    assert not any(n.endswith((".db", ".db-wal")) for n in names)  # never a local database


def test_the_installed_code_runs_from_the_venv(installed: dict) -> None:
    out = subprocess.check_output(
        [str(installed["python"]), "-c",
         "import crawler, dashboard, pipeline; from pipeline import settings; "
         "print(pipeline.__file__); print(crawler.__file__); print(settings.data_dir())"],
        text=True, cwd=installed["work"])
    for line in out.splitlines():
        assert line.startswith(str(installed["site"])), line


def test_demo_then_dashboard_from_another_directory(installed: dict) -> None:
    exe = installed["venv"] / "bin" / "complaints"
    work = installed["work"]
    demo = subprocess.run([str(exe), "demo", "--no-dashboard"], capture_output=True, text=True, cwd=work, timeout=900)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    assert "demo ready:" in demo.stdout
    assert (work / "data" / "complaints.db").is_file() and (work / "data" / "snapshot" / "CURRENT").is_file()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(exe), "dashboard", "--port", str(port)], cwd=work,
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

"""A non-editable install works: what a user gets from `pip install .` (a wheel).

The wheel is built from this checkout and installed into a new virtual environment
(conftest.installed_package): it ships the data, and its code runs from the venv, not from
the source tree. The demo built with it from a directory outside the checkout, and the
dashboard started on that demo, are tests/test_demo.py's (one build of the demo: the tests
run in parallel, a file's tests on one worker).
"""
from __future__ import annotations

import subprocess
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
                   "dashboard/app.py", "dashboard/.streamlit/config.toml", "crawler/mirror/templates/heimao_detail.html",
                   # the charts' script and the bundle it loads (dashboard/chart.js, dashboard/static)
                   "dashboard/chart.js", *(f"dashboard/static/{p.name}" for p in (ROOT / "dashboard" / "static").iterdir())):
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

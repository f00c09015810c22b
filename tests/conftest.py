"""Shared fixtures: real SQLite files, a throwaway PostgreSQL database, Redis, the corpus.

Tests that need PostgreSQL, Redis or Chromium skip where those are absent, except when
COMPLAINTS_REQUIRE_SERVICES=1 (set by .ci/run): then a missing service fails the test,
so CI can never pass by silently skipping them.
"""
from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CHROMIUM = "/usr/bin/chromium"


def services_required() -> bool:
    return os.environ.get("COMPLAINTS_REQUIRE_SERVICES") == "1"


def need(condition: bool, what: str) -> None:
    """Skip, or fail when CI says the service must be there."""
    if condition:
        return
    if services_required():
        pytest.fail(f"{what} is required (COMPLAINTS_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real public corpus beside the checkout; tests using it skip on a fresh clone."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not present")
    return CORPUS


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'complaints.db'}"


@pytest.fixture
def store(sqlite_url: str):
    from pipeline.store import Store

    s = Store(sqlite_url, create=True)
    s.init()
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_server() -> str:
    """URL of the PostgreSQL server's maintenance database."""
    need(_port_open(PG_HOST, PG_PORT), f"PostgreSQL on {PG_HOST}:{PG_PORT}")
    return f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/postgres"


@pytest.fixture
def pg_url(pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards.

    Its crawls' evidence (captures) goes to the test's tmp_path: a PostgreSQL database has
    no folder to sit beside, and the default (data/evidence) is in the checkout."""
    import sqlalchemy as sa

    monkeypatch.setenv("COMPLAINTS_EVIDENCE", str(tmp_path / "evidence"))

    name = f"complaints_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The real Redis; each test gets its own key prefix through `redis_prefix`."""
    need(_port_open(REDIS_HOST, REDIS_PORT), f"Redis on {REDIS_HOST}:{REDIS_PORT}")
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    import redis

    prefix = f"complaints-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


class WebhookReceiver:
    """A real HTTP endpoint on 127.0.0.1 recording the JSON POSTed to it; answers `status`."""

    def __init__(self, status: int = 200) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.received: list[tuple[str, dict, dict]] = []  # (path, headers, JSON body)
        self.messages: list[dict] = []  # the JSON bodies alone
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                receiver.received.append((self.path, dict(self.headers), body))
                receiver.messages.append(body)
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver()
    yield r
    r.close()


@pytest.fixture(scope="session")
def chromium() -> str:
    need(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, "Debian chromium")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")  # type: ignore[return-value]


# --- the package as a user installs it: a wheel in a new virtual environment ------------------


def user_env() -> dict[str, str]:
    """The environment of a user's shell: none of the test run's paths or our settings."""
    return {k: v for k, v in os.environ.items()
            if k != "PYTHONPATH" and not (k.startswith("COMPLAINTS_") and k != "COMPLAINTS_REQUIRE_SERVICES")}


def _wheel_of_this_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel` of the checkout, once per test run. `pip wheel` builds inside the source
    tree (build/, *.egg-info), so two xdist workers building at once race each other: the
    first one builds under a lock into a folder all workers of this run share."""
    import fcntl
    import subprocess
    import sys

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # one id per run, shared by its workers
    base = tmp_path_factory.getbasetemp().parent / f"wheel-{run}" if run else tmp_path_factory.mktemp("wheel")
    base.mkdir(parents=True, exist_ok=True)
    with open(base / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = sorted(base.glob("complaints_radar-*.whl"))
        if built:
            return built[0]
        build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base), str(ROOT)],
                               capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, build.stderr[-3000:]
        return next(base.glob("complaints_radar-*.whl"))


@pytest.fixture(scope="session")
def installed_package(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`pip install .` (non-editable) into a new venv; its dependencies are borrowed from the
    running environment through a path file (installing them again would download ~400 MB a
    run; that they are declared is tests/test_dependencies.py's job, and .ci/run installs
    them into a clean venv)."""
    import subprocess
    import sys
    import sysconfig

    tmp = tmp_path_factory.mktemp("install")
    wheel = _wheel_of_this_checkout(tmp_path_factory)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        text=True, env=user_env()).strip())
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                              str(wheel)], capture_output=True, text=True, timeout=600, env=user_env())
    assert install.returncode == 0, install.stderr[-3000:]
    # The running environment's packages, after the venv's own (so the wheel's code wins).
    # Written after the install, which runs without PYTHONPATH: pip must not see the running
    # environment's (editable) complaints-radar, or it installs nothing ("already installed").
    borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_borrowed_deps.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")
    assert (venv / "bin" / "complaints").exists(), install.stdout[-3000:]
    return {"wheel": wheel, "venv": venv, "python": python, "site": site, "exe": venv / "bin" / "complaints"}


@pytest.fixture(scope="session")
def demo_built(installed_package: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The README's first command as a user runs it: `complaints demo --no-dashboard` from
    the installed package, in a folder of their own (the database goes to ./data)."""
    import subprocess

    work = tmp_path_factory.mktemp("newsroom")
    first = subprocess.run([str(installed_package["exe"]), "demo", "--no-dashboard"], capture_output=True, text=True,
                           cwd=work, timeout=900, env=user_env())
    data = work / "data"
    return {"work": work, "tmp": data, "db": f"sqlite:///{data / 'complaints.db'}", "first": first,
            "snapshot": data / "snapshot", "exe": installed_package["exe"]}



@pytest.fixture(autouse=True)
def served_static() -> Iterator[None]:
    """Dashboard pages under AppTest run as `complaints dashboard` serves them: with Streamlit's
    static file serving on, so their charts are the chart element of dashboard/chart.js
    (dashboard.ui.plot), not st.plotly_chart (its fallback, tested on its own)."""
    from streamlit import config

    before = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", True)
    yield
    config.set_option("server.enableStaticServing", before)

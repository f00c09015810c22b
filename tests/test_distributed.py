"""Distributed crawl (crawler/distributed.py): real worker processes sharing the real Redis
scheduler (scrapy-redis) crawl the mirror over HTTP into one real PostgreSQL database."""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from crawler.distributed import crawl_keys, crawl_state, redis_settings
from crawler.verdict import EXIT_INTERRUPTED

COMPANIES = ["5100001191", "5100152443", "5100228069"]   # the demo corpus' biggest lenders
MAX_PAGES = 5


@pytest.fixture(scope="module")
def mirror():
    from crawler.mirror import MirrorServer

    # A fixed delay per request: the crawl waits on the network as it would on real sites.
    with MirrorServer(port=0, delay=0.05) as m:
        yield m


def expected_ids(mirror, companies: list[str] = COMPANIES) -> set[str]:
    """What a complete crawl of `companies` must store: the first MAX_PAGES pages of each."""
    return {sn for couid in companies for sn in mirror.corpus.by_couid[couid][: MAX_PAGES * 10]}


def stored(pg_url: str) -> list[str]:
    from pipeline.store import Store

    store = Store(pg_url)
    frames = list(store.iter_frames("posts"))
    store.close()
    return [sid for f in frames for sid in f["source_id"]] if frames else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_worker(mirror, pg_url: str, redis_url: str, prefix: str, worker: str, log: Path, concurrency: int = 2,
                 companies: list[str] = COMPANIES):
    from crawler.run import start_crawl

    settings = {**redis_settings(redis_url, prefix, worker=worker),
                # few requests at a time, so that the crawl lasts long enough to kill a worker midway
                "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency}
    return start_crawl("heimao", pg_url, log_file=str(log), base_url=mirror.base_url, company=companies,
                       max_pages=MAX_PAGES, settings=settings)


def result_of(proc, timeout: float = 90):
    from crawler.run import result_from_output

    out, _ = proc.communicate(timeout=timeout)
    return result_from_output("heimao", out.decode("utf-8", "replace"), proc.returncode)


def init_db(url: str) -> None:
    # Schema first, once: workers started together on an empty database would race to create it.
    from pipeline.store import Store

    store = Store(url, create=True)
    store.init()
    store.close()


@pytest.mark.postgres
@pytest.mark.redis
def test_two_workers_share_the_crawl_and_a_killed_one_loses_nothing(mirror, pg_url, redis_url, redis_prefix, tmp_path):
    import redis

    init_db(pg_url)
    client = redis.Redis.from_url(redis_url)
    a = start_worker(mirror, pg_url, redis_url, redis_prefix, "worker-a", tmp_path / "a.log")
    b = start_worker(mirror, pg_url, redis_url, redis_prefix, "worker-b", tmp_path / "b.log")
    try:
        # Kill A midway, at a moment when it holds requests in flight.
        inflight_a = crawl_keys(redis_prefix)["inflight"] + "worker-a"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(stored(pg_url)) >= 30 and client.hlen(inflight_a) > 0:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the crawl never got going: " + (tmp_path / "a.log").read_text()[-2000:])
        a.send_signal(signal.SIGKILL)
        a.wait()
        at_kill = len(stored(pg_url))
        result_b = result_of(b)
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.kill()
    ids = stored(pg_url)
    assert len(ids) == len(set(ids)), "a post was stored twice"
    assert set(ids) == expected_ids(mirror), "the union is not the complete crawl"
    assert at_kill < len(ids)                            # B finished the job A left
    assert result_b.exit_code == 0 and result_b.finish_reason == "finished", result_b
    assert result_b.stats.get("complaints/redis_reclaimed", 0) >= 1   # A's in-flight requests came back
    assert 0 < result_b.new < len(ids)                   # both workers stored posts
    # The crawl is complete: its keys are cleared, the next scheduled crawl starts afresh.
    state = crawl_state(client, redis_prefix)
    assert (state["queued"], state["inflight"], state["seeded"], state["seen"]) == (0, 0, None, 0)


# -- faults at start -----------------------------------------------------------------------


def complaints(*args: str):
    """The CLI in this process: these checks fail before any crawl process starts."""
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, list(args))
    result.returncode = result.exit_code
    return result


def test_redis_down_at_start_is_a_clear_error(tmp_path):
    port = free_port()   # nobody listens there
    proc = complaints("--db", f"sqlite:///{tmp_path / 'c.db'}", "crawl", "heimao", "--base-url", "http://127.0.0.1:9",
                      "--redis", f"redis://127.0.0.1:{port}/0")
    assert proc.returncode == 1
    assert f"cannot reach Redis at redis://127.0.0.1:{port}/0" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "c.db").exists()


@pytest.mark.redis
def test_postgresql_down_at_start_is_a_clear_error(redis_url):
    port = free_port()
    proc = complaints("--db", f"postgresql+psycopg://postgres@127.0.0.1:{port}/complaints", "crawl", "heimao",
                      "--base-url", "http://127.0.0.1:9", "--redis", redis_url)
    assert proc.returncode == 1
    assert f"127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.redis
def test_redis_and_jobdir_do_not_mix(tmp_path, redis_url):
    proc = complaints("--db", f"sqlite:///{tmp_path / 'c.db'}", "crawl", "heimao", "--base-url", "http://127.0.0.1:9",
                      "--redis", redis_url, "--jobdir", str(tmp_path / "job"))
    assert proc.returncode == 1 and "--jobdir and --redis do not go together" in proc.stderr


# -- Redis lost midway ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server binary not installed")
@pytest.mark.postgres
def test_redis_lost_midway_stops_the_worker_and_the_next_run_continues(mirror, pg_url, tmp_path):
    """A private Redis (append-only file, as a production Redis should be) is killed while
    a worker crawls; the worker stops by itself with a non-zero exit; once Redis is back,
    the next run continues the same crawl and the result is complete."""
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()

    def redis_server() -> subprocess.Popen:
        proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data),
                                 "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    init_db(pg_url)
    url, prefix, companies = f"redis://127.0.0.1:{port}/0", "lost", COMPANIES[:2]
    server = redis_server()
    try:
        worker = start_worker(mirror, pg_url, url, prefix, "w1", tmp_path / "w1.log", companies=companies)
        deadline = time.monotonic() + 60
        while len(stored(pg_url)) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        server.wait()
        first = result_of(worker, timeout=60)
        assert first.exit_code == EXIT_INTERRUPTED and first.finish_reason == "redis_unavailable", first
        partial = len(stored(pg_url))
        assert partial < len(expected_ids(mirror, companies))

        server = redis_server()      # Redis is back, with the crawl's keys from its append-only file
        second = result_of(start_worker(mirror, pg_url, url, prefix, "w2", tmp_path / "w2.log", concurrency=8,
                                        companies=companies))
        assert second.exit_code == 0, second
        ids = stored(pg_url)
        assert set(ids) == expected_ids(mirror, companies) and len(ids) == len(set(ids))
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.mark.redis
def test_malformed_sources_yaml_names_the_line(tmp_path, redis_url, monkeypatch):
    import crawler.sources

    bad = tmp_path / "sources.yaml"
    bad.write_text("heimao:\n  enabled: true\n  companies: [1, 2\njutousu:\n  enabled: true\n", encoding="utf-8")
    monkeypatch.setattr(crawler.sources, "SOURCES_FILE", bad)
    proc = complaints("--db", f"sqlite:///{tmp_path / 'c.db'}", "crawl", "heimao", "--base-url", "http://127.0.0.1:9",
                      "--redis", redis_url)
    assert proc.returncode == 1
    assert f"{bad}:4: not valid YAML" in proc.stderr, proc.stderr   # file:line, as compilers say it
    assert not (tmp_path / "c.db").exists()   # nothing started


# -- PostgreSQL lost midway ----------------------------------------------------------------


class TcpProxy:
    """127.0.0.1:port -> the real PostgreSQL: `cut()` drops every connection and refuses new
    ones, as a database that went away does; `restore()` listens on the same port again."""

    def __init__(self, target: tuple[str, int]) -> None:
        import threading

        self.target, self.port, self.threading = target, free_port(), threading
        self.conns: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        self.open = True
        lst = socket.socket()
        lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lst.bind(("127.0.0.1", self.port))
        lst.listen(64)
        self.listener = lst
        self.threading.Thread(target=self._accept, args=(lst,), daemon=True).start()

    def _accept(self, lst: socket.socket) -> None:
        while True:
            try:
                client, _ = lst.accept()
            except OSError:
                return
            if not self.open or lst is not self.listener:
                # close() does not wake a thread blocked in accept(): a connection made just
                # after cut() would still be accepted here, and must be refused.
                client.close()
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                self.threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        self.open = False
        self.listener.close()
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.conns.clear()


@pytest.mark.postgres
@pytest.mark.redis
def test_database_lost_midway_stops_the_worker_and_the_next_run_continues(mirror, pg_url, redis_url, redis_prefix,
                                                                         tmp_path):
    from sqlalchemy.engine import make_url

    init_db(pg_url)
    url = make_url(pg_url)
    proxy = TcpProxy((url.host, url.port))
    via_proxy = url.set(port=proxy.port).render_as_string(hide_password=False)
    companies = COMPANIES[1:]
    try:
        worker = start_worker(mirror, via_proxy, redis_url, redis_prefix, "w1", tmp_path / "w1.log", companies=companies)
        deadline = time.monotonic() + 60
        while len(stored(pg_url)) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        proxy.cut()
        first = result_of(worker, timeout=60)
        assert first.exit_code == EXIT_INTERRUPTED and first.finish_reason == "database_unavailable", first
        partial = len(stored(pg_url))
        assert partial < len(expected_ids(mirror, companies))

        proxy.restore()   # the database is back: the next run continues from Redis
        second = result_of(start_worker(mirror, via_proxy, redis_url, redis_prefix, "w2", tmp_path / "w2.log",
                                        concurrency=8, companies=companies))
        assert second.exit_code == 0, second
        assert second.stats.get("complaints/redis_reclaimed", 0) >= 1   # w1's unfinished requests
        ids = stored(pg_url)
        assert set(ids) == expected_ids(mirror, companies) and len(ids) == len(set(ids))
    finally:
        proxy.cut()


def test_a_worker_left_without_work_is_not_a_silent_source():
    """Two workers, one queue: the one that found it emptied by the other fetched nothing.
    That is a healthy share of a shared crawl, not a source that answered nothing."""
    from crawler.verdict import EXIT_NOTHING, EXIT_OK, judge

    assert judge({"complaints/redis_worker": "w2"}, "finished").exit_code == EXIT_OK
    assert judge({}, "finished").exit_code == EXIT_NOTHING
    # A worker that fetched pages with no entries in them is judged as usual.
    fetched = {"complaints/redis_worker": "w2", "response_received_count": 3}
    assert judge(fetched, "finished").exit_code == EXIT_NOTHING


# -- the queue's format and what it holds (issue 13.7, 13.8) -----------------------------------


class _MkdirOnUnpickle:
    """A benign stand-in for an attacker's pickle: unpickling it creates a directory."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        import os

        return (os.mkdir, (self.path,))


def test_queued_requests_round_trip_as_json():
    from datetime import datetime

    from scrapy import Request

    from crawler.queue_json import QueueFormatError, dumps, loads
    from pipeline.models import Post, Step

    listed = Post("heimao", "17348099578", "https://e.example/1", "标题", "", datetime(2024, 1, 2, 3, 4),
                  steps=[Step("匿名", "发起投诉", datetime(2024, 1, 2), "文本")])
    request = Request("http://127.0.0.1/x", body=b"\xff\x00", headers={"Referer": "http://a/"},
                      cb_kwargs={"listed": listed, "page": 2, "pair": ("a", 1)}, meta={"$odd": b"x"})
    data = request.to_dict()
    text = dumps(data)
    assert loads(text) == data and loads(text.encode()) == data
    import pickle

    # A listing's text rides along with its detail request: queued masked.
    phone = Post("heimao", "1", "https://e.example/1", "催收电话13800138000", "", None)
    assert "13800138000" not in dumps(Request("http://127.0.0.1/y", cb_kwargs={"listed": phone}).to_dict())
    assert phone.title == "催收电话13800138000"  # the spider's own object is left alone
    for bad in (pickle.dumps({"url": "x"}), b"[1]", b'{"$eval": "x"}', b'{"url": {"$post": {"nope": 1}, "x": 2}}'):
        with pytest.raises(QueueFormatError):
            loads(bad)


@pytest.mark.postgres
@pytest.mark.redis
def test_a_pickle_pushed_into_redis_is_not_executed(mirror, pg_url, redis_url, redis_prefix, tmp_path):
    import pickle

    import redis

    init_db(pg_url)
    client = redis.Redis.from_url(redis_url)
    pwned = tmp_path / "pwned"
    # First in the queue (lowest score pops first), where a worker would unpickle it.
    client.zadd(crawl_keys(redis_prefix)["queue"], {pickle.dumps(_MkdirOnUnpickle(str(pwned))): -1000})
    worker = start_worker(mirror, pg_url, redis_url, redis_prefix, "worker-p", tmp_path / "p.log",
                          concurrency=8, companies=COMPANIES[:1])
    result = result_of(worker)
    assert not pwned.exists(), "the worker ran code from the Redis queue"
    assert result.stats.get("complaints/redis_bad_entries") == 1, (tmp_path / "p.log").read_text()[-2000:]
    assert set(stored(pg_url)) == expected_ids(mirror, COMPANIES[:1])  # the crawl itself went on


@pytest.mark.postgres
@pytest.mark.redis
def test_redis_queue_holds_json_and_no_login_cookie(mirror, pg_url, redis_url, redis_prefix, tmp_path, monkeypatch):
    import json

    import redis

    from crawler.run import start_crawl

    init_db(pg_url)
    monkeypatch.setenv("COMPLAINTS_HEIMAO_COOKIE", mirror.cookie)
    secret = mirror.cookie.split("=", 1)[1].encode()
    client = redis.Redis.from_url(redis_url)
    settings = {**redis_settings(redis_url, redis_prefix, worker="worker-c"),
                "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
    proc = start_crawl("heimao", pg_url, log_file=str(tmp_path / "c.log"), base_url=mirror.base_url,
                       keyword=["催收", "暴力催收", "骚扰", "爆通讯录"], max_pages=3, settings=settings)
    keys = crawl_keys(redis_prefix)
    seen: list[bytes] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            seen += client.zrange(keys["queue"], 0, -1)
            for key in client.scan_iter(keys["inflight"] + "*"):
                seen += [v.split(b"|", 1)[1] for v in client.hvals(key)]  # "score|request"
            if len(seen) >= 4:
                break
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    seen += client.zrange(keys["queue"], 0, -1)
    assert seen, "no request was ever queued: " + (tmp_path / "c.log").read_text()[-2000:]
    assert any(b"search" in entry for entry in seen)  # the requests that need the login
    for entry in seen:
        assert secret not in entry
        assert isinstance(json.loads(entry), dict)  # JSON, not a pickle


def test_redis_url_from_the_environment_keeps_its_password_off_argv(tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv("COMPLAINTS_REDIS", f"redis://:s3cret@127.0.0.1:{port}/0")
    proc = complaints("--db", f"sqlite:///{tmp_path / 'c.db'}", "crawl", "heimao", "--base-url", "http://127.0.0.1:9")
    assert proc.returncode == 1
    assert f"cannot reach Redis at redis://127.0.0.1:{port}/0" in proc.stderr  # the password is not echoed
    assert "s3cret" not in proc.stderr

"""Upsert throughput of the store: 100,000 posts on SQLite and on PostgreSQL.

    python bench/store.py [--posts N] [--batch B] [--pg URL]

Prints posts/s for a first load (all new), a re-crawl (all unchanged) and a re-crawl with
status changes, batched one transaction per batch as the crawler does.
Goal (issue 2): >= 5,000 posts/s on SQLite; issue 17: >= 10,000 new posts/s on PostgreSQL
(COPY into a staging table + one INSERT ... ON CONFLICT per batch), and the ratio to SQLite.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.models import Post, Step  # noqa: E402
from pipeline.store import Store  # noqa: E402

BODY = (
    "本人在平台借款8000元分12期，逾期三天后催收每天打几十个电话，还打给我的紧急联系人和同事，"
    "威胁要上门、爆通讯录，说不还就起诉。要求协商分期被拒绝，还收取高额服务费和罚息。" * 2
)


def make_posts(n: int, status: str) -> list[Post]:
    base = datetime(2022, 1, 1)
    return [
        Post(
            source="heimao",
            source_id=str(17340000000 + i),
            url=f"https://tousu.sina.com.cn/complaint/view/{17340000000 + i}/",
            title=f"暴力催收 第{i}号",
            body=BODY,
            published_at=base + timedelta(minutes=i),
            author=f"用户{i:010d}",
            target="功夫贷",
            target_id="5866754241",
            issue="暴力催收",
            appeal="停止骚扰,道歉",
            amount=8000.0,
            status=status,
            steps=[Step(f"用户{i:010d}", "发起投诉", base + timedelta(minutes=i), "", False)],
        )
        for i in range(n)
    ]


def run(store: Store, n: int, batch: int, cpu: dict[str, str] | None = None) -> dict[str, float]:
    """posts/s per pass; `cpu` gets each pass's CPU time per post: this process and, on a local
    PostgreSQL, its server process (on a loaded machine the rate mostly measures the others)."""
    out = {}
    backend = _backend_cpu(store)
    for label, status in (("insert", "处理中"), ("unchanged", "处理中"), ("status change", "已回复")):
        posts = make_posts(n, status)
        t, c, b = time.perf_counter(), time.process_time(), backend()
        for i in range(0, n, batch):
            store.upsert_posts(posts[i : i + batch])
        out[label] = n / (time.perf_counter() - t)
        if cpu is not None:
            server = backend()
            cpu[label] = f"{1e6 * (time.process_time() - c) / n:.0f} us" + (
                f" + server {1e6 * (server - b) / n:.0f} us" if server is not None and b is not None else "")
    assert store.count_posts() == n
    return out


def _backend_cpu(store: Store):
    """A function giving the CPU seconds of the PostgreSQL server process that serves the
    store's (pooled, reused) connection, or None (SQLite, or a server on another machine)."""
    if store.dialect != "postgresql":
        return lambda: None
    with store.engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()

    def read() -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return read


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} CPUs"


def pg_database(admin_url: str) -> tuple[str, object]:
    import sqlalchemy as sa

    name = f"complaints_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}", lambda: admin.connect().exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db", create=True)
        store.init()
        cpu: dict[str, str] = {}
        sqlite_rates = rates = run(store, args.posts, args.batch, cpu)
        print(f"sqlite     {args.posts} posts, batch {args.batch}: " + ", ".join(f"{k} {v:,.0f} posts/s" for k, v in rates.items()))
        print("  CPU per post: " + ", ".join(f"{k} {v}" for k, v in cpu.items()) + f"; {_load()}")
    try:
        url, drop = pg_database(args.pg)
    except Exception as e:  # a bench without PostgreSQL still reports SQLite
        print(f"postgresql skipped: {e.__class__.__name__}: {str(e).splitlines()[0]}")
        return
    try:
        store = Store(url)
        store.init()
        cpu = {}
        rates = run(store, args.posts, args.batch, cpu)
        store.close()
        print(f"postgresql {args.posts} posts, batch {args.batch}: " + ", ".join(f"{k} {v:,.0f} posts/s" for k, v in rates.items()))
        print("  CPU per post: " + ", ".join(f"{k} {v}" for k, v in cpu.items()) + f"; {_load()}")
        print("postgresql/sqlite ratio: " + ", ".join(f"{k} {rates[k] / sqlite_rates[k]:.2f}x" for k in rates))
    finally:
        drop()


if __name__ == "__main__":
    main()

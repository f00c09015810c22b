"""pipeline.notify: webhook POSTs received by a real HTTP server on 127.0.0.1."""
from __future__ import annotations


import pytest

from pipeline import notify
from pipeline.health import Health


@pytest.fixture
def receiver(webhook_receiver):
    return webhook_receiver


def test_flagged_run_is_posted_as_utf8_json(receiver):
    h = Health(run_id=7, source="heimao", healthy=False, items=12, pages=10, baseline=100.0,
               flags=["few_items"], reasons=["12 entries, usual is 100"])
    delivery = notify.send(receiver.url, notify.flagged_run_message(h))
    assert delivery.ok and delivery.status == 200
    path, headers, body = receiver.received[0]
    assert path == "/hook"
    assert headers["Content-Type"].startswith("application/json")
    assert body["event"] == "flagged_run" and body["run_id"] == 7 and body["flags"] == ["few_items"]
    assert "heimao" in body["text"] and "usual is 100" in body["text"]


def test_surge_message_keeps_chinese_names(receiver):
    surge = {"lender": "功夫贷", "theme": "暴力催收", "week": "2026-11-23 00:00:00", "posts": 31.0, "baseline": 4.5}
    assert notify.send(receiver.url, notify.surge_message(surge)).ok
    body = receiver.received[0][2]
    assert (body["event"], body["lender"], body["theme"], body["week"], body["posts"]) == (
        "new_surge", "功夫贷", "暴力催收", "2026-11-23", 31)


def test_receiver_error_is_reported_not_raised(receiver):
    receiver.status = 500
    delivery = notify.send(receiver.url, {"event": "x"}, attempts=2)
    assert not delivery.ok and delivery.status == 500 and "500" in delivery.error
    assert len(receiver.received) == 2          # a 5xx is retried once
    receiver.received.clear()
    receiver.status = 404
    assert not notify.send(receiver.url, {"event": "x"}).ok
    assert len(receiver.received) == 1          # a 4xx is not: it would fail again


def test_unreachable_webhook_is_reported_not_raised():
    # A port nobody listens on (bound then closed): connection refused.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    delivery = notify.send(f"http://127.0.0.1:{port}/", {"event": "x"}, attempts=1, timeout=2)
    assert not delivery.ok and delivery.error


def test_webhook_url_from_env_and_bad_scheme(monkeypatch):
    monkeypatch.delenv(notify.ENV, raising=False)
    assert notify.webhook_url() is None
    monkeypatch.setenv(notify.ENV, "http://127.0.0.1:9/x")
    assert notify.webhook_url() == "http://127.0.0.1:9/x"
    assert notify.webhook_url("https://example.org/h") == "https://example.org/h"
    with pytest.raises(notify.NotifyError, match="http:// or https://"):
        notify.webhook_url("ftp://example.org/")


def test_new_surges_are_those_the_previous_snapshot_lacked():
    before = [{"lender": "A", "theme": "t", "week": "2026-11-16"}]
    after = before + [{"lender": "A", "theme": "t", "week": "2026-11-23"}, {"lender": "B", "theme": "t", "week": "2026-11-16"}]
    assert [(s["lender"], s["week"]) for s in notify.new_surges(before, after)] == [("A", "2026-11-23"), ("B", "2026-11-16")]
    assert notify.new_surges(after, after) == []


def test_read_surges_of_a_published_version(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "v1").mkdir()
    pq.write_table(pa.table({"lender": ["功夫贷"], "theme": ["暴力催收"], "posts": [9]}), tmp_path / "v1" / "surges.parquet")
    assert notify.read_surges(tmp_path, "v1") == [{"lender": "功夫贷", "theme": "暴力催收", "posts": 9}]
    assert notify.read_surges(tmp_path, None) == [] and notify.read_surges(tmp_path, "v0") == []

"""pipeline/health.py: a run judged against its source's previous healthy runs.

The history check `complaints update` stores with each run and the dashboard's Crawl
health page shows (crawler/verdict.py judges one run alone; see tests/test_verdict.py).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import health
from pipeline.health import Thresholds, assess


def run(listed: int, *, pages: int = 10, failed: int = 0, healthy: bool | None = True, reason: str = "finished",
        finished: bool = True, source: str = "heimao", id_: int = 99, **stats) -> dict:
    s = {"complaints/listed": listed, "item_scraped_count": 0, "finish_reason": reason, **stats}
    return {"id": id_, "source": source, "pages": pages, "new": 0, "updated": 0, "failed": failed,
            "finish_reason": reason, "healthy": healthy, "finished_at": "2026-11-29 08:00" if finished else None,
            "stats": json.dumps(s)}


HISTORY = [run(n, id_=i) for i, n in enumerate([100, 96, 104, 98, 102])]


def test_a_normal_run_is_healthy_and_has_no_flags():
    h = assess(run(95), HISTORY)
    assert (h.healthy, h.flags, h.baseline, h.items) == (True, [], 100.0, 95)


def test_far_fewer_items_than_the_median_is_flagged():
    h = assess(run(12), HISTORY)
    assert h.flags == [health.FEW_ITEMS]
    assert not h.healthy
    assert "usual is 100" in h.reasons[0]


def test_baseline_uses_only_healthy_finished_runs_of_the_window():
    # A flagged short run and a run that died must not drag the baseline down.
    history = [run(5, healthy=False), run(0, finished=False), *HISTORY]
    assert health.baseline(history) == 100.0
    # Only the newest `window` healthy runs count.
    assert health.baseline([run(10)] * 3 + [run(1000)] * 5, Thresholds(window=3)) == 10.0


def test_no_baseline_before_enough_history_so_a_first_run_is_not_flagged_short():
    h = assess(run(3), HISTORY[:2])
    assert h.baseline is None and health.FEW_ITEMS not in h.flags


def test_a_tiny_baseline_is_not_judged():
    # A source that usually lists 2 entries: 1 is not a relative drop worth an alert.
    h = assess(run(1), [run(2)] * 5)
    assert h.flags == []


def test_pages_without_entries_are_flagged_empty():
    h = assess(run(0, pages=4), HISTORY)
    assert health.EMPTY in h.flags and health.FEW_ITEMS in h.flags
    # Error answers and robots.txt are not "empty pages": they are errors, judged apart.
    errors_only = run(0, pages=5, failed=4, **{"downloader/response_status_count/200": 1,
                                               "robotstxt/response_status_count/200": 1})
    assert health.EMPTY not in assess(errors_only, []).flags


def test_login_wall_is_flagged():
    h = assess(run(0, pages=1, **{"complaints/login_wall": 1}), [])
    assert health.LOGIN_WALL in h.flags


def test_error_and_retry_rates_are_flagged():
    h = assess(run(100, pages=10, failed=5, **{"retry/count": 9}), HISTORY)
    assert h.flags == [health.ERRORS, health.RETRIES]
    # One failure in 20 pages and a few retries are the normal life of a crawl.
    assert assess(run(100, pages=20, failed=1, **{"retry/count": 3}), HISTORY).flags == []


def test_bad_finish_reason_and_unfinished_run():
    assert assess(run(100, reason="shutdown"), HISTORY).flags == [health.FINISH]
    assert assess(run(100, finished=False), HISTORY).flags == [health.UNFINISHED]


def test_the_crawlers_own_unhealthy_verdict_is_kept():
    h = assess(run(100, healthy=False, reason="finished"), HISTORY)
    assert h.flags == [health.CRAWLER] and not h.healthy


def test_stats_that_are_not_json_count_as_empty():
    r = run(100)
    r["stats"] = "{not json"
    assert health.run_stats(r) == {}


def test_check_run_stores_the_verdict(store):
    """Real SQLite store: five normal runs, then a short one; the verdict is stored."""
    for n in (100, 98, 102, 101, 99):
        rid = store.start_run("heimao", {})
        store.finish_run(rid, pages=10, stats={"complaints/listed": n, "finish_reason": "finished"})
    short = store.start_run("heimao", {})
    store.finish_run(short, pages=10, stats={"complaints/listed": 7, "finish_reason": "finished"})
    other = store.start_run("jutousu", {})   # another source's history is not mixed in
    store.finish_run(other, pages=10, stats={"complaints/listed": 100, "finish_reason": "finished"})

    h = health.check_run(store, short)
    assert h.flags == [health.FEW_ITEMS] and h.baseline == 100
    saved = store.get_run(short)
    assert not saved["healthy"] and saved["healthy"] is not None
    stats = json.loads(saved["stats"])
    assert stats["health"]["flags"] == ["few_items"]
    assert stats["complaints/listed"] == 7          # the crawl's own stats are kept
    # The next normal run is judged against the healthy ones only: still healthy.
    nxt = store.start_run("heimao", {})
    store.finish_run(nxt, pages=10, stats={"complaints/listed": 97, "finish_reason": "finished"})
    assert health.check_run(store, nxt).healthy


def test_check_run_of_a_missing_run_raises(store):
    with pytest.raises(LookupError):
        health.check_run(store, 12345)


# -- the dashboard's crawl-health page ------------------------------------------------------


@pytest.fixture
def judged_store(store):
    """Five normal heimao runs, a short one (flagged by check_run), a jutousu login wall."""
    for n in (100, 98, 102, 101, 99):
        rid = store.start_run("heimao", {})
        store.finish_run(rid, pages=10, new=3, stats={"complaints/listed": n, "finish_reason": "finished"})
        health.check_run(store, rid)
    short = store.start_run("heimao", {})
    store.finish_run(short, pages=10, stats={"complaints/listed": 7, "finish_reason": "finished"})
    health.check_run(store, short)
    wall = store.start_run("jutousu", {})
    store.finish_run(wall, pages=1, healthy=False, finish_reason="login_wall",
                     stats={"complaints/login_wall": 1, "finish_reason": "finished"})
    health.check_run(store, wall)
    return store


def test_health_frame_lists_runs_newest_first_with_flags(judged_store):
    import pandas as pd

    frame = health.health_frame(pd.concat(list(judged_store.iter_frames("crawl_runs"))))
    assert list(frame["source"][:2]) == ["jutousu", "heimao"]
    assert frame.loc[0, "healthy"] is False and "login_wall" in frame.loc[0, "flags"]
    assert (frame.loc[1, "items"], frame.loc[1, "flags"]) == (7, "few_items")
    assert "usual is 100" in frame.loc[1, "reasons"]
    assert frame["healthy"].tolist()[2:] == [True] * 5
    assert health.health_frame(pd.DataFrame()).empty


def test_crawl_health_page_shows_flagged_runs(judged_store, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pipeline import publish

    publish.publish(judged_store, tmp_path / "snapshot")
    monkeypatch.setenv("COMPLAINTS_SNAPSHOT", str(tmp_path / "snapshot"))
    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=60)
    at.switch_page("views/health.py")
    at.query_params["lang"] = "en"  # the English labels below; Chinese is the default
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Crawl health"
    metrics = {m.label: m.value for m in at.metric}
    # Source names shown by their labels, as escaped Markdown (ui.plain): "Heimao (Sina)" on screen.
    assert metrics == {"Jutousu \\(21cn\\): last run flagged": "0 entries",
                       "Heimao \\(Sina\\): last run flagged": "7 entries"}
    assert any("usual is 100" in e.value for e in at.error)
    assert len(at.dataframe[0].value) == 7
    at.toggle(key="health_only_flagged").set_value(True).run()
    assert len(at.dataframe[0].value) == 2


@pytest.mark.parametrize("lang,word", [("zh", "年"), ("en", "%b")])
def test_crawl_runs_chart_dates_are_in_the_ui_language(lang: str, word: str) -> None:
    """Seen in QA: the 采集状况 chart's time axis read "04:55:00 Dec 2, 2026" in the Chinese UI
    (plotly's English default ticks)."""
    import pandas as pd

    from pipeline import charts

    runs = pd.DataFrame({"source": ["heimao", "heimao"], "items": [10, 12],
                         "started_at": pd.to_datetime(["2026-12-02 04:55", "2026-12-03 04:55"])})
    axis = charts.runs(runs, lang=lang).layout.xaxis
    formats = [stop.value for stop in axis.tickformatstops]
    assert formats and all(word in f for f in formats) and word in axis.hoverformat, formats
    # Runs seconds apart (as in the demo) get seconds, not the same minute on every tick.
    assert any("%S" in stop.value for stop in axis.tickformatstops if stop.dtickrange[0] is None)

"""黑猫投诉 as in late 2026 (FORMATS_2026.md): the mirror's 2026 site over real HTTP, and the
crawler's feed / company / totals modes, walls and back-off against it (child processes,
real SQLite), as `complaints crawl` and `complaints update` run them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crawler.mirror import MirrorServer
from crawler.mirror.heimao2026 import FINANCE_FIELD, StreamSpec, needs_sld, sld
from crawler.parsers import heimao as parser
from crawler.parsers.common import SignatureRejected
from crawler.run import run_crawl
from crawler.verdict import EXIT_LOGIN_WALL, EXIT_OK, EXIT_RISK_CONTROL
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
COUID = "5866754241"     # 功夫贷: the one registry lender with a known 黑猫 couid
FAST = {"DOWNLOAD_TIMEOUT": 3}


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def api(url: str, cookie: str | None = None) -> dict:
    status, body = fetch(url, cookie)
    assert status == 200
    return json.loads(body)["result"]


@pytest.fixture(scope="module")
def site():
    with MirrorServer(era="2026") as m:
        yield m


def _crawl(db, base, tmp_path, **kw):
    kw.setdefault("settings", FAST)
    return run_crawl("heimao", db, base_url=base, log_file=str(tmp_path / "crawl.log"), timeout=180, **kw)


# --- the mirror's 2026 site ------------------------------------------------------------------


def test_feed_has_fifty_pages_of_ten_then_10017(site):
    seen = []
    for page in range(1, 51):
        lists = api(parser.feed_api_url(site.base_url, page))["data"]["lists"]
        assert len(lists) == 10
        seen += [int(i["main"]["timestamp"]) for i in lists]
    assert seen == sorted(seen, reverse=True)       # newest first, no page repeats another
    assert api(parser.feed_api_url(site.base_url, 51))["status"]["code"] == 10017


def test_sector_feed_holds_only_its_sector_and_the_latest_feed_mixes_them(site):
    finance = api(parser.feed_api_url(site.base_url, 1, field=FINANCE_FIELD))["data"]["lists"]
    assert {i["main"]["field"] for i in finance} == {FINANCE_FIELD}
    latest = [i["main"]["field"] for p in (1, 2, 3) for i in api(parser.feed_api_url(site.base_url, p))["data"]["lists"]]
    assert FINANCE_FIELD in latest and set(latest) - {FINANCE_FIELD}


def test_feed_with_a_wrong_signature_is_rejected(site):
    url = parser.feed_api_url(site.base_url, 1, salt="not-the-salt")
    with pytest.raises(SignatureRejected):
        parser.parse_feed(fetch(url)[1])


def test_company_list_and_search_answer_10005_without_a_login(site):
    assert api(parser.company_api_url(site.base_url, COUID, 1))["status"]["code"] == 10005
    assert api(parser.search_api_url(site.base_url, "催收", 1))["status"]["code"] == 10005
    logged_in = api(parser.company_api_url(site.base_url, COUID, 1), cookie=site.cookie)
    assert logged_in["status"]["code"] == 0 and len(logged_in["data"]["complaints"]) == 10


def test_the_2025_site_keeps_anonymous_company_lists():
    with MirrorServer() as old:
        assert api(parser.company_api_url(old.base_url, COUID, 1))["status"]["code"] == 0


def test_detail_page_needs_the_sld_of_the_list(site):
    sn = next(s for s in site.corpus.by_couid[COUID] if needs_sld(site.corpus.heimao[s]))
    page = f"{site.base_url}/complaint/view/{sn}/"
    for url in (page, page + "?sld=" + "0" * 32):
        status, body = fetch(url)
        assert status == 200 and "页面不存在" in body.decode() and "ts-d-question" not in body.decode()
    status, body = fetch(page + "?sld=" + sld(sn))
    assert status == 200 and parser.parse_detail(body).source_id == sn


def test_complaints_before_september_2024_open_without_sld(site):
    sn = next(s for s in site.corpus.by_couid[COUID] if not needs_sld(site.corpus.heimao[s]))
    assert parser.parse_detail(fetch(f"{site.base_url}/complaint/view/{sn}/")[1]).source_id == sn


def test_feed_urls_carry_the_sld_the_detail_page_wants(site):
    item = api(parser.feed_api_url(site.base_url, 1))["data"]["lists"][0]["main"]
    assert item["url"].endswith(f"/complaint/view/{item['sn']}/?sld={sld(item['sn'])}")
    assert parser.parse_detail(fetch("http:" + item["url"])[1]).source_id == item["sn"]


def test_totals_endpoints_agree_and_move_day_by_day():
    with MirrorServer(era="2026") as m:
        info = api(f"{m.base_url}/api/company/info?couid={COUID}")["data"]
        services = api(f"{m.base_url}/api/company/rel_service?couid={COUID}")["data"]
        found = api(f"{m.base_url}/api/company/main_search?keyword=%E5%8A%9F%E5%A4%AB%E8%B4%B7")["data"]["lists"]
        assert info["valid_amt"] == services[0]["valid_amt"] == found[0]["valid_amt"]
        assert found[0]["uid"] == COUID and isinstance(info["valid_amt"], str)   # counts are strings (RAW 2026)
        fetch(f"{m.base_url}/_mirror/clock?advance=86400")
        later = api(f"{m.base_url}/api/company/info?couid={COUID}")["data"]
    assert int(later["valid_amt"]) > int(info["valid_amt"])
    assert int(later["replied_amt"]) >= int(info["replied_amt"])


def test_jingdong_has_two_services():
    with MirrorServer(era="2026") as m:
        couid = next(c for c, n in m.corpus.companies["heimao"].items() if "京东" in n)
        names = [s["name"] for s in api(f"{m.base_url}/api/company/rel_service?couid={couid}")["data"]]
    assert names == ["京东白条", "京东金条"]


def test_456_above_the_rate_for_a_while_then_answers_again():
    with MirrorServer(era="2026", rate_limit=5, rate_window=60, rate_block=1.0) as m:
        codes = [fetch(f"{m.base_url}/api/company/info?couid={COUID}")[0] for _ in range(7)]
        assert codes == [200] * 5 + [456, 456]
        assert fetch(f"{m.base_url}/_mirror/state")[0] == 200      # the mirror's controls are never blocked
        time.sleep(1.1)
        assert fetch(f"{m.base_url}/robots.txt")[0] == 200


def test_a_complaint_appears_when_the_clock_passes_it():
    with MirrorServer(era="2026") as m:
        newest = api(parser.feed_api_url(m.base_url, 1))["data"]["lists"][0]["main"]
        fetch(f"{m.base_url}/_mirror/clock?set={int(newest['timestamp']) - 1}")
        first = api(parser.feed_api_url(m.base_url, 1))["data"]["lists"][0]["main"]
        assert first["sn"] != newest["sn"]
        assert "页面不存在" in fetch("http:" + newest["url"])[1].decode()   # not published yet
        fetch(f"{m.base_url}/_mirror/clock?advance=1")
        assert api(parser.feed_api_url(m.base_url, 1))["data"]["lists"][0]["main"]["sn"] == newest["sn"]


# --- feed mode -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed_runs(tmp_path_factory):
    """Two feed crawls of the 2026 mirror, then a third after new complaints appeared. The
    anonymous depth is 5 pages here instead of 50 (same 10017 wall, a tenth of the requests)."""
    tmp = tmp_path_factory.mktemp("feed")
    db = f"sqlite:///{tmp / 'c.db'}"
    probe = MirrorServer(era="2026")
    start = probe.feed.clock
    probe.httpd.server_close()
    stream = StreamSpec(finance_per_hour=12, other_per_hour=12, start=start + 60, hours=1)
    with MirrorServer(era="2026", stream=stream, clock=start, feed_pages=5) as m:
        first = _crawl(db, m.base_url, tmp, mode="feed")
        second = _crawl(db, m.base_url, tmp, mode="feed")
        m.feed.advance(3600 + 120)
        third = _crawl(db, m.base_url, tmp, mode="feed")
        published = {"finance": m.feed.published_between(start, m.feed.clock, FINANCE_FIELD),
                     "other": m.feed.published_between(start, m.feed.clock)}
        finance_top = [sn for page in range(1, 6) for sn in m.feed.page(page, FINANCE_FIELD)[0]]
        yield {"db": db, "runs": (first, second, third), "published": published, "mirror": m,
               "finance_top": finance_top}


def test_feed_crawl_is_healthy_and_ends_at_the_anonymous_depth(feed_runs):
    first = feed_runs["runs"][0]
    assert (first.exit_code, first.finish_reason, first.failed) == (EXIT_OK, "finished", 0)
    assert first.stats["complaints/depth_reached"] == 2      # the latest feed and the 金融 feed: 10017 each


def test_feed_crawl_stores_every_finance_item_with_its_page(feed_runs):
    store = Store(feed_runs["db"])
    m = feed_runs["mirror"]
    stored = [store.get_post("heimao", sn) for sn in feed_runs["finance_top"]]
    missing = [sn for sn, p in zip(feed_runs["finance_top"], stored) if p is None]
    assert not missing
    assert all(p["steps"] and p["body"] for p in stored)      # each page was read, not only the feed item
    row = next(p for p in stored if p["source_id"] in m.corpus.heimao and needs_sld(m.corpus.heimao[p["source_id"]]))
    assert row["url"] == f"https://tousu.sina.com.cn/complaint/view/{row['source_id']}/?sld={sld(row['source_id'])}"
    store.close()


def test_feed_crawl_keeps_no_item_of_other_sectors_naming_no_lender(feed_runs):
    store = Store(feed_runs["db"])
    others = [sn for sn in feed_runs["mirror"].feed.published_between(0, 10**10)
              if feed_runs["mirror"].feed.field_of[sn] != FINANCE_FIELD][-100:]
    assert not any(store.get_post("heimao", sn) for sn in others)
    store.close()


def test_feed_counters_are_stored(feed_runs):
    store = Store(feed_runs["db"])
    sn = feed_runs["finance_top"][0]
    counters = store.feed_item("heimao", sn)
    assert counters is not None and counters["field"] == FINANCE_FIELD and counters["upvotes"] >= 0
    store.close()


def test_second_feed_crawl_stops_at_the_first_known_page(feed_runs):
    second = feed_runs["runs"][1]
    assert (second.exit_code, second.new) == (EXIT_OK, 0)
    assert second.stats["complaints/feed_items"] == 20     # page 1 of each feed, then stop
    assert "complaints/depth_reached" not in second.stats


def test_third_feed_crawl_gains_exactly_the_new_finance_complaints(feed_runs):
    third = feed_runs["runs"][2]
    assert third.exit_code == EXIT_OK
    assert third.new == len(feed_runs["published"]["finance"]) == 12
    store = Store(feed_runs["db"])
    assert all(store.get_post("heimao", sn)["steps"] for sn in feed_runs["published"]["finance"])
    assert not any(store.get_post("heimao", sn) for sn in feed_runs["published"]["other"]
                   if feed_runs["mirror"].feed.field_of[sn] != FINANCE_FIELD)
    store.close()


# --- company mode needs a login ----------------------------------------------------------------


def test_company_mode_without_cookie_is_a_login_wall_naming_the_feed(site, sqlite_url, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPLAINTS_HEIMAO_COOKIE", raising=False)
    result = _crawl(sqlite_url, site.base_url, tmp_path, mode="company", company=[COUID])
    assert (result.exit_code, result.finish_reason) == (EXIT_LOGIN_WALL, "login_wall")
    assert any("--mode feed" in p for p in result.problems)
    assert result.stats["downloader/request_count"] <= 3     # ended at once, not after every page
    store = Store(sqlite_url)
    assert store.runs("heimao")[0]["healthy"] is False
    store.close()


def test_company_mode_with_the_users_cookie(site, sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_HEIMAO_COOKIE", site.cookie)
    result = _crawl(sqlite_url, site.base_url, tmp_path, mode="company", company=[COUID], max_pages=1)
    assert (result.exit_code, result.new) == (EXIT_OK, 10)


# --- walls: risk control stops the run, never retried ------------------------------------------


def test_456_mid_run_stops_the_run_as_risk_control_without_retry(sqlite_url, tmp_path):
    with MirrorServer(era="2026", rate_limit=8, rate_block=60) as m:
        result = _crawl(sqlite_url, m.base_url, tmp_path, mode="feed",
                        settings={**FAST, "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})
        blocked = m.limiter.blocked_answers
    assert (result.exit_code, result.finish_reason, result.healthy) == (EXIT_RISK_CONTROL, "risk_control", False)
    assert blocked == 1                              # one 456, then no request at all
    assert "retry/count" not in result.stats
    store = Store(sqlite_url)
    run = store.runs("heimao")[0]
    assert (run["finish_reason"], run["healthy"]) == ("risk_control", False)
    from pipeline.health import check_run

    assert "risk_control" in check_run(store, run["id"]).flags
    store.close()


def test_429_is_a_wall_for_heimao(sqlite_url, tmp_path):
    with MirrorServer(era="2026", faults="429") as m:
        result = _crawl(sqlite_url, m.base_url, tmp_path, mode="feed")
    assert (result.exit_code, result.finish_reason) == (EXIT_RISK_CONTROL, "risk_control")
    assert "retry/count" not in result.stats


def test_10005_on_the_anonymous_feed_is_risk_control(sqlite_url, tmp_path):
    with MirrorServer(era="2026", feed_login_after=3) as m:
        result = _crawl(sqlite_url, m.base_url, tmp_path, mode="feed")
    assert (result.exit_code, result.finish_reason) == (EXIT_RISK_CONTROL, "risk_control")
    assert "login_wall" not in result.stats.get("complaints/stop_reason", "")


# --- complaints update: back-off after risk control, one totals snapshot a day -----------------


def _sources(path: Path, base: str, **heimao: object) -> Path:
    section = {"enabled": True, "base_url": base, "mode": "feed", "fields": [48], "max_pages": 2, **heimao}
    lines = "".join(f"\n  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in section.items())
    path.write_text("contact_url: https://example.org/complaints-radar-tests\nheimao:" + lines
                    + "\njutousu:\n  enabled: false\narticle:\n  enabled: false\n", encoding="utf-8")
    return path


def _update(db: str, sources: Path):
    from pipeline import update as up

    store = Store(db, create=True)
    store.init()
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    report = up.run_update(store, run_crawl, sources_file=sources, tag=False, publish=False,
                           log=up.Log(out=Out(), err=Out()))
    store.close()
    return report, "".join(out)


def test_update_backs_off_after_risk_control_instead_of_retrying(sqlite_url, tmp_path):
    with MirrorServer(era="2026", rate_limit=3, rate_block=600) as m:
        sources = _sources(tmp_path / "s.yaml", m.base_url, backoff_minutes=120)
        first, _ = _update(sqlite_url, sources)
        asked = m.requests
        second, text = _update(sqlite_url, sources)
        assert m.requests == asked                  # not one request during the back-off
    assert first.sources[0].finish_reason == "risk_control" and first.exit_code == 2
    assert "backing off after risk control" in text and second.sources[0].flags == ["backoff"]
    store = Store(sqlite_url)
    assert len(store.runs("heimao")) == 1           # the back-off recorded no crawl
    store.close()


def test_update_takes_one_totals_snapshot_a_day(sqlite_url, tmp_path):
    with MirrorServer(era="2026") as m:
        sources = _sources(tmp_path / "s.yaml", m.base_url)
        first, text = _update(sqlite_url, sources)
        second, _ = _update(sqlite_url, sources)
    assert [s.source for s in first.sources] == ["heimao", "heimao totals"]
    assert [s.source for s in second.sources] == ["heimao"]
    store = Store(sqlite_url)
    rows = store.platform_totals("heimao")
    assert {(r["company_id"], r["lender"]) for r in rows} == {(COUID, "功夫贷")}
    company = next(r for r in rows if r["service_id"] == "")
    assert company["total"] > company["held"] >= 0 and company["last_30_days"] > 0
    store.close()


def test_totals_mode_for_companies_asked(site, sqlite_url, tmp_path):
    jd = next(c for c, n in site.corpus.companies["heimao"].items() if "京东" in n)
    result = _crawl(sqlite_url, site.base_url, tmp_path, mode="totals", company=[jd])
    assert result.exit_code == EXIT_OK and result.stats["complaints/totals"] == 3
    store = Store(sqlite_url)
    assert sorted(r["name"] for r in store.platform_totals() if r["service_id"]) == ["京东白条", "京东金条"]
    store.close()


# --- check-source ------------------------------------------------------------------------------


def _check(base: str, sources: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "pipeline", "check-source", "heimao", "--base-url", base]
    if sources:
        args += ["--sources", str(sources)]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={**os.environ, "COMPLAINTS_HEIMAO_COOKIE": "", **(env or {})})


def test_check_source_says_what_works(site):
    proc = _check(site.base_url)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines[0].startswith("heimao feed: ok") and lines[1].startswith("heimao detail: ok")
    assert lines[2].startswith("heimao company: login wall") and "COMPLAINTS_HEIMAO_COOKIE" in lines[2]
    assert lines[3].startswith("heimao totals: ok")


def test_check_source_reports_a_rejected_signature(tmp_path):
    with MirrorServer(era="2026", salt="rotated-salt") as m:
        proc = _check(m.base_url)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0].startswith("heimao feed: signature rejected")


def test_check_source_reports_risk_control():
    with MirrorServer(era="2026", rate_limit=1, rate_block=60) as m:
        proc = _check(m.base_url)
    assert proc.returncode == 2 and "risk control (HTTP 456)" in proc.stdout


# --- 聚投诉 feed and sources.yaml ----------------------------------------------------------------


def test_jutousu_feed_mode(site, sqlite_url, tmp_path):
    result = run_crawl("jutousu", sqlite_url, base_url=site.base_url, mode="feed", max_pages=2, settings=FAST,
                       log_file=str(tmp_path / "j.log"), timeout=120)
    assert (result.exit_code, result.new) == (EXIT_OK, 20)
    store = Store(sqlite_url)
    newest = site.corpus.jutousu_newest[0]
    assert store.get_post("jutousu", newest)["body"]      # full text from the content API
    store.close()


def test_unknown_mode_in_sources_yaml_names_its_line(tmp_path):
    from pipeline.sources import SourcesError, load_sources

    path = _sources(tmp_path / "s.yaml", "http://127.0.0.1:9", mode="everything")
    with pytest.raises(SourcesError, match=r"s\.yaml:\d+: heimao\.mode must be feed or company or totals"):
        load_sources(path)


def test_default_sources_yaml_crawls_the_feed_politely():
    from crawler.sources import load_config

    cfg = load_config("heimao")
    assert (cfg.mode, cfg.fields, cfg.requests_per_minute) == ("feed", ["48"], 20)
    assert {456, 403, 429} <= set(cfg.risk_control_status) and cfg.backoff_minutes == 120


def test_request_budget_applies_to_the_real_site_not_the_mirror():
    from crawler.run import build_settings
    from crawler.sources import load_config

    cfg = load_config("heimao")
    real = build_settings(cfg, None, "https://tousu.sina.com.cn")
    assert (real.getfloat("DOWNLOAD_DELAY"), real.getfloat("DOWNLOAD_DELAY_JITTER")) == (3.0, 0.5)
    assert real.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert 456 not in real.getlist("RETRY_HTTP_CODES")
    assert build_settings(cfg, None, "http://127.0.0.1:8765").getfloat("DOWNLOAD_DELAY") == 0


def test_back_off_ends_after_its_minutes(sqlite_url):
    from datetime import timedelta

    from pipeline.update import backing_off

    store = Store(sqlite_url, create=True)
    store.init()
    run = store.start_run("heimao", {"mode": "feed"})
    store.finish_run(run, finish_reason="risk_control", healthy=False)
    finished = store.get_run(run)["finished_at"]
    assert backing_off(store, "heimao", 120, now=finished + timedelta(minutes=119)) == finished + timedelta(minutes=120)
    assert backing_off(store, "heimao", 120, now=finished + timedelta(minutes=121)) is None
    assert backing_off(store, "jutousu", 120) is None
    store.close()

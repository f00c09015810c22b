"""crawler.run without crawling: settings for mirrors vs real sites, job-directory markers."""
from __future__ import annotations

import json

import pytest

from crawler.run import MARKER, CrawlArgumentError, build_settings, check_base_url, is_loopback, prepare_jobdir
from crawler.sources import load_config


@pytest.mark.parametrize("url, loop", [("http://127.0.0.1:8700", True), ("http://localhost", True),
                                       ("https://tousu.sina.com.cn", False), ("", False)])
def test_is_loopback(url, loop):
    assert is_loopback(url) is loop


def test_real_site_settings_are_polite():
    s = build_settings(load_config("heimao"), None, None)
    assert (s.getbool("ROBOTSTXT_OBEY"), s.getbool("AUTOTHROTTLE_ENABLED"), s.getfloat("DOWNLOAD_DELAY") >= 1) == \
        (True, True, True)


def test_user_agent_names_contact_url():
    assert "+https://github.com/complaints-radar" in build_settings(load_config("heimao"), None, None)["USER_AGENT"]


def test_mirror_settings_drop_delays_but_keep_robots():
    s = build_settings(load_config("heimao"), None, "http://127.0.0.1:9")
    assert (s.getfloat("DOWNLOAD_DELAY"), s.getbool("AUTOTHROTTLE_ENABLED"), s.getbool("ROBOTSTXT_OBEY")) == \
        (0.0, False, True)


def test_article_sites_all_on_loopback_get_mirror_settings():
    # The demo's blog is the mirror: its pages must not wait 2 s each.
    cfg = load_config("article")
    cfg.sites = [{"name": "demo", "base_url": "http://127.0.0.1:8700", "feed": "/blog/rss.xml"}]
    assert build_settings(cfg, None, None).getfloat("DOWNLOAD_DELAY") == 0.0
    cfg.sites.append({"name": "real", "base_url": "https://example.org", "feed": "/rss"})
    assert build_settings(cfg, None, None).getfloat("DOWNLOAD_DELAY") >= 1


def test_retries_on_throttling_and_server_errors():
    assert {429, 500, 503} <= set(build_settings(load_config("heimao"), None, None).getlist("RETRY_HTTP_CODES"))


def test_feed_export_encoding_utf8():
    assert build_settings(load_config("heimao"), None, None)["FEED_EXPORT_ENCODING"] == "utf-8"


def test_pipelines_off():
    assert build_settings(load_config("heimao"), None, None, pipelines=False).getdict("ITEM_PIPELINES") == {}


@pytest.mark.parametrize("url", ["ftp://x", "127.0.0.1:8700", "http://"])
def test_bad_base_url(url):
    with pytest.raises(CrawlArgumentError):
        check_base_url(url)


def test_fresh_jobdir_is_not_a_resume(tmp_path):
    assert prepare_jobdir(str(tmp_path / "job")) is False


def test_killed_run_marker_means_resume_and_drops_scrapy_state(tmp_path):
    (tmp_path / MARKER).write_text(json.dumps({"status": "running"}))
    (tmp_path / "requests.seen").write_text("abc\n")
    assert (prepare_jobdir(str(tmp_path)), (tmp_path / "requests.seen").exists()) == (True, False)


def test_finished_run_marker_is_not_a_resume(tmp_path):
    (tmp_path / MARKER).write_text(json.dumps({"status": "done"}))
    assert prepare_jobdir(str(tmp_path)) is False


def test_half_written_marker_counts_as_killed(tmp_path):
    (tmp_path / MARKER).write_text('{"stat')
    assert prepare_jobdir(str(tmp_path)) is True


def test_jobdir_is_private_to_its_owner(tmp_path):
    # Scrapy pickles queued requests (listing text included) into JOBDIR: owner only.
    job = tmp_path / "job"
    job.mkdir(mode=0o755)
    prepare_jobdir(str(job))
    assert job.stat().st_mode & 0o777 == 0o700

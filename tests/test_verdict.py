"""The verdict of a crawl from its stats: what makes a run unhealthy, and its exit code."""
from __future__ import annotations

import pytest

from crawler.verdict import EXIT_INTERRUPTED, EXIT_LOGIN_WALL, EXIT_NOTHING, EXIT_OK, EXIT_SOURCE_ERRORS, judge

GOOD = {"response_received_count": 12, "robotstxt/response_count": 1, "complaints/listed": 10,
        "item_scraped_count": 10}


@pytest.mark.parametrize("extra, reason, code", [
    ({}, "finished", EXIT_OK),
    ({"complaints/failed": 2}, "finished", EXIT_SOURCE_ERRORS),
    ({"complaints/login_wall": 1, "complaints/failed": 2}, "finished", EXIT_LOGIN_WALL),
    ({"complaints/listed": 0, "item_scraped_count": 0}, "finished", EXIT_NOTHING),
    ({"complaints/empty_queries": 1}, "finished", EXIT_NOTHING),
    ({}, "shutdown", EXIT_INTERRUPTED),
])
def test_exit_codes(extra, reason, code):
    assert judge({**GOOD, **extra}, reason).exit_code == code


def test_second_run_with_only_known_posts_is_healthy():
    # nothing new, but the source did answer entries
    assert judge({**GOOD, "item_scraped_count": 0}, "finished").healthy is True


def test_robots_txt_is_not_a_page():
    assert judge(GOOD, "finished").pages == 11


def test_problems_are_explained():
    assert judge({**GOOD, "complaints/failed": 3}, "finished").problems == ["3 failed request(s) or unparseable answer(s)"]

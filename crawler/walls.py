"""Walls and budgets: a site's risk control stops the run; the request budget keeps us
well below it (FORMATS_2026.md §5: HTTP 456 above ~40-50 requests a minute).

`RiskControlMiddleware` sees every answer before the retry middleware does: an HTTP status
the source lists as a wall (heimao: 456, 403, 429) stops the crawl at once with the finish
reason `risk_control`. The request is never retried (retrying into a wall deepens the
block), pending requests are dropped, and `complaints update` then leaves the source alone
for its back-off (pipeline/update.py).
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

log = logging.getLogger(__name__)

RISK_CONTROL = "risk_control"
LOGIN_WALL = "login_wall"
SIGNATURE_REJECTED = "signature_rejected"


def budget_settings(requests_per_minute: float, jitter: float = 0.5) -> dict[str, Any]:
    """Scrapy settings for at most `requests_per_minute` to a site: one request at a time,
    60/rpm seconds apart on average, each delay randomised by ±jitter (Scrapy's
    DOWNLOAD_DELAY_JITTER) so the rhythm is not a machine's."""
    if requests_per_minute <= 0:
        return {}
    return {"DOWNLOAD_DELAY": 60.0 / requests_per_minute, "DOWNLOAD_DELAY_JITTER": jitter,
            "RANDOMIZE_DOWNLOAD_DELAY": jitter > 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "CONCURRENT_REQUESTS": 1, "AUTOTHROTTLE_START_DELAY": 60.0 / requests_per_minute}


def stop(spider: Any, reason: str, message: str) -> None:
    """Close the crawl now with `reason`, counted once in the stats."""
    stats = spider.crawler.stats
    if not stats.get_value(f"complaints/{reason}"):
        log.error("%s: %s; stopping the run", reason, message)
    stats.inc_value(f"complaints/{reason}")
    stats.set_value("complaints/stop_reason", reason)
    stats.set_value("complaints/stop_message", message[:300])
    spider.crawler.engine.close_spider(spider, reason)


class RiskControlMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _codes(self, spider: Any) -> set[int]:
        config = getattr(spider, "config", None)
        return set(getattr(config, "risk_control_status", None) or [456])

    def process_response(self, request: Request, response: Response, spider=None):
        spider = spider or self.crawler.spider
        if response.status in self._codes(spider):
            stop(spider, RISK_CONTROL, f"HTTP {response.status} from {response.url}")
            raise IgnoreRequest(f"risk control: HTTP {response.status}")
        return response

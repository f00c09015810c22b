"""Scrapy settings: polite by default (a crawl of a real site must never hammer it).

`crawler.run` lowers the delays only for a loopback base URL (the local mirror in tests
and benches), see `mirror_overrides`.
"""
from __future__ import annotations

from pipeline import settings

BOT_NAME = "complaints-radar"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves with a way to reach us; the contact URL comes from configuration
# ($COMPLAINTS_CONTACT_URL or `contact_url` in data/sources.yaml, set by crawler.run).
CONTACT_URL = settings.CONTACT_URL.get() or "https://github.com/complaints-radar/complaints-radar"
USER_AGENT = f"complaints-radar/0.1 (+{CONTACT_URL}; research crawler, polite)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2.0  # seconds between requests to one domain
DOWNLOAD_DELAY_JITTER = 0.5  # randomise each delay by ±50%
DOWNLOAD_TIMEOUT = 30
# Scrapy starts this many asyncio workers for the output of *each* response; our pages
# yield at most page_size + 1 requests/items, and 100 idle workers per page cost CPU.
CONCURRENT_ITEMS = 16

# AutoThrottle adapts the delay to the server's latency and backs off when it slows down.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Retries on throttling and server errors; crawler.middlewares.BackoffRetryMiddleware
# waits longer after each attempt (and honours Retry-After on 429).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled per attempt
RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Above the retry middleware: it sees an answer first, so a wall is never retried.
    "crawler.walls.RiskControlMiddleware": 560,
    # After retry (550), redirect (600) and cookies (700), which rewrites the Cookie header:
    # the login is added last, on the wire only (crawler/middlewares.py).
    "crawler.middlewares.LoginCookieMiddleware": 760,
    # Above decompression (590) and retries: every response is archived as it arrived.
    "crawler.capture.CaptureMiddleware": 595,
    # After the capture: a stored post whose page now says "gone" is marked removed.
    "crawler.capture.VanishedMiddleware": 580,
}
SPIDER_MIDDLEWARES = {"crawler.capture.CaptureLinkMiddleware": 900}
# Original captures (crawler/capture.py, pipeline/evidence.py): WARC + collection log in
# COMPLAINTS_EVIDENCE_DIR (crawler.run sets it beside the database). Off: no evidence.
COMPLAINTS_CAPTURE = True
COMPLAINTS_OPERATOR = settings.OPERATOR.get() or ""

ITEM_PIPELINES = {
    "crawler.pipelines.NormalizePipeline": 100,
    "crawler.pipelines.MaskPiiPipeline": 200,
    "crawler.pipelines.ValidatePipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
COMPLAINTS_STORE_BATCH = 200  # posts per upsert transaction
COMPLAINTS_DEDUPE = True  # link near-duplicates when the crawl ends

FEED_EXPORT_ENCODING = "utf-8"
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-executing HTTP endpoint: never in a crawler
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def mirror_overrides() -> dict:
    """For a loopback base URL (our own mirror): no politeness delays, more concurrency,
    quick retries, so tests and benches measure the crawler, not sleep()."""
    return {
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_DELAY_JITTER": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "RETRY_BACKOFF_BASE": 0.05,
        "RETRY_BACKOFF_MAX": 0.2,
        "DOWNLOAD_TIMEOUT": 5,
    }

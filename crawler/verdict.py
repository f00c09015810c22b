"""Was a crawl healthy? One verdict from the crawl stats, shared by the run record and the
command's exit code (a scheduler alerts on non-zero)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Exit codes of `complaints crawl` (documented in its --help).
EXIT_OK = 0
EXIT_SOURCE_ERRORS = 2   # requests failed after retries, error answers, unparseable pages
EXIT_LOGIN_WALL = 3      # the source wants a login (cookie missing or expired)
EXIT_NOTHING = 4         # the source, or one company/keyword asked, answered no entries
EXIT_INTERRUPTED = 5     # the crawl stopped before finishing (shutdown, closespider, crash)
EXIT_RISK_CONTROL = 6    # the site's risk control blocked us (HTTP 456/403/429, 10005 on a public route)


@dataclass
class Verdict:
    healthy: bool
    exit_code: int
    finish_reason: str
    pages: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)


def judge(stats: dict[str, Any], reason: str) -> Verdict:
    # robots.txt answers are not pages of the source
    pages = int(stats.get("response_received_count", 0)) - int(stats.get("robotstxt/response_count", 0))
    failed = int(stats.get("complaints/failed", 0))
    login = int(stats.get("complaints/login_wall", 0))
    listed = int(stats.get("complaints/listed", 0))
    items = int(stats.get("item_scraped_count", 0))
    empty = int(stats.get("complaints/empty_queries", 0))
    # A worker of a shared crawl (crawler/distributed.py) that found the queue already
    # emptied by the other workers fetched nothing itself: that is not a silent source.
    idle_worker = bool(stats.get("complaints/redis_worker")) and pages == 0
    if idle_worker:
        listed = max(listed, 1)
    risk = int(stats.get("complaints/risk_control", 0)) or reason == "risk_control"
    signature = int(stats.get("complaints/signature_rejected", 0)) or reason == "signature_rejected"
    problems = []
    if risk:
        problems.append("the site's risk control stopped the run: " + str(stats.get("complaints/stop_message", "")))
    if signature:
        problems.append("the site rejected the request signature: update sign_salt in sources.yaml")
    if stats.get("complaints/login_hint"):
        problems.append(str(stats["complaints/login_hint"]))
    if login:
        problems.append(f"{login} login-wall answer(s)")
    if failed:
        problems.append(f"{failed} failed request(s) or unparseable answer(s)")
    if reason not in ("finished", "risk_control", "login_wall", "signature_rejected"):
        problems.append(f"stopped: {reason}")
    if listed == 0 and items == 0:
        problems.append("the source answered no entries")
    elif empty:
        problems.append(f"{empty} company/keyword quer(ies) answered no entries")
    if risk:
        code, why = EXIT_RISK_CONTROL, "risk_control"
    elif login:
        code, why = EXIT_LOGIN_WALL, "login_wall"
    elif signature:
        code, why = EXIT_SOURCE_ERRORS, "signature_rejected"
    elif failed:
        code, why = EXIT_SOURCE_ERRORS, "source_errors"
    elif reason != "finished":
        code, why = EXIT_INTERRUPTED, reason
    elif (listed == 0 and items == 0) or empty:
        code, why = EXIT_NOTHING, "nothing"
    else:
        code, why = EXIT_OK, "finished"
    return Verdict(healthy=code == EXIT_OK, exit_code=code, finish_reason=why, pages=pages,
                   failed=failed, problems=problems)

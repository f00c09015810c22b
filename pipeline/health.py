"""Crawl health per run, Spidermon-style: judge a run against the runs before it.

The crawler's own verdict (crawler/verdict.py) looks at one run alone: login wall, failed
requests, nothing answered. A scheduled job also needs the *history*: a source that
listed 400 entries every hour and now lists 12 is broken (changed markup, a soft block)
even though every request "succeeded". Spidermon's ItemCountMonitor does the same with a
fixed threshold; we compare against the median of the previous healthy runs, so the
threshold follows each source and query on its own.

The verdict is stored on the run (`Store.set_run_health`); `pipeline/publish.py` keeps
surges out of the weeks of flagged runs, so a short crawl never raises a surge alert.
"""
from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Flags (stable strings: stored, shown on the dashboard, matched by notifications).
FEW_ITEMS = "few_items"          # far fewer entries than the median of previous healthy runs
EMPTY = "empty_pages"            # pages were fetched but held no entries
LOGIN_WALL = "login_wall"        # the source answered a login page
ERRORS = "errors"                # too many failed requests / unparseable answers
RETRIES = "retries"              # too many retries (throttling, 5xx)
FINISH = "finish_reason"         # the crawl stopped for another reason than "finished"
UNFINISHED = "unfinished"        # no finish recorded (the process died)
CRAWLER = "crawler_verdict"      # the crawler itself judged the run unhealthy
RISK_CONTROL = "risk_control"    # the site's risk control blocked us (HTTP 456/403/429, 10005 mid-run)
WALL_REASONS = ("risk_control", "login_wall", "signature_rejected")   # flagged on their own, not as FINISH


@dataclass(frozen=True)
class Thresholds:
    window: int = 5              # previous healthy runs of the source that form the baseline
    min_history: int = 3         # fewer runs than this: no baseline yet, no few_items flag
    low_fraction: float = 0.3    # items < 30% of the baseline median -> few_items
    min_baseline: float = 5.0    # a median below this is too small to judge against
    max_error_rate: float = 0.1  # failed / pages
    max_retry_rate: float = 0.5  # retries / pages


@dataclass
class Health:
    run_id: int | None
    source: str
    healthy: bool
    items: int
    pages: int
    baseline: float | None = None      # median items of the previous healthy runs
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)   # one human sentence per flag

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_stats(run: Mapping[str, Any]) -> dict[str, Any]:
    """The Scrapy stats stored with a run (a JSON text in the database)."""
    raw = run.get("stats") or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "{}")
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def run_items(run: Mapping[str, Any]) -> int:
    """How much the source answered: entries its listings held, or items scraped.

    Listed entries, not new posts: an incremental hourly crawl legitimately finds few
    new posts, but page 1 of a healthy listing always holds a full page of entries.
    """
    stats = run_stats(run)
    listed = _int(stats.get("complaints/listed"))
    scraped = _int(stats.get("item_scraped_count"))
    return max(listed, scraped, _int(run.get("new")) + _int(run.get("updated")))


def baseline(history: Sequence[Mapping[str, Any]], th: Thresholds = Thresholds()) -> float | None:
    """Median items of the last `window` healthy, finished runs (newest first in history)."""
    good = [run_items(r) for r in history if r.get("healthy") and r.get("finished_at") is not None]
    good = good[: th.window]
    if len(good) < th.min_history:
        return None
    return float(statistics.median(good))


def assess(run: Mapping[str, Any], history: Sequence[Mapping[str, Any]], th: Thresholds = Thresholds()) -> Health:
    """Judge `run` (a crawl_runs row) against `history` (earlier rows of the same source,
    newest first). Flags are independent: a run can be both short and full of errors."""
    stats = run_stats(run)
    items, pages = run_items(run), _int(run.get("pages")) or _int(stats.get("response_received_count"))
    health = Health(run.get("id"), str(run.get("source", "")), True, items, pages, baseline(history, th))
    for flag, reason in _checks(run, stats, health, th):
        health.flags.append(flag)
        health.reasons.append(reason)
    health.healthy = not health.flags
    return health


def _checks(run: Mapping[str, Any], stats: dict[str, Any], h: Health, th: Thresholds) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if run.get("finished_at") is None:
        out.append((UNFINISHED, "the run has no finish time: the crawl process died"))
    reason = str(stats.get("finish_reason") or run.get("finish_reason") or "")
    if run.get("finished_at") is not None and reason not in ("finished", "", *WALL_REASONS):
        out.append((FINISH, f"finish reason {reason!r}"))
    if _int(stats.get("complaints/risk_control")) or run.get("finish_reason") == "risk_control":
        out.append((RISK_CONTROL, "the site's risk control stopped the run ("
                    + str(stats.get("complaints/stop_message") or "blocked")
                    + "); `complaints update` leaves the source alone for its back-off"))
    login = _int(stats.get("complaints/login_wall"))
    if login or run.get("finish_reason") == "login_wall":
        out.append((LOGIN_WALL, f"{login or 'a'} login-wall answer(s): the login cookie is missing or expired"))
    # Pages that answered 200, robots.txt aside: error answers are "errors", not "empty".
    answered = _int(stats.get("downloader/response_status_count/200", h.pages)) - _int(
        stats.get("robotstxt/response_status_count/200"))
    if answered and h.items == 0:
        out.append((EMPTY, f"{answered} page(s) answered, no entries in them"))
    if h.baseline is not None and h.baseline >= th.min_baseline and h.items < th.low_fraction * h.baseline:
        out.append((FEW_ITEMS, f"{h.items} entries, usual is {h.baseline:g} (median of previous healthy runs)"))
    failed = _int(run.get("failed")) or _int(stats.get("complaints/failed"))
    if failed and failed > th.max_error_rate * max(h.pages, 1):
        out.append((ERRORS, f"{failed} failed request(s) for {h.pages} page(s)"))
    retries = _int(stats.get("retry/count"))
    if retries and retries > th.max_retry_rate * max(h.pages, 1):
        out.append((RETRIES, f"{retries} retries for {h.pages} page(s)"))
    if run.get("healthy") is False and not out:
        out.append((CRAWLER, f"the crawler judged the run unhealthy ({run.get('finish_reason') or '?'})"))
    return out


def check_run(store: Any, run_id: int, th: Thresholds = Thresholds()) -> Health:
    """Assess one stored run against its source's earlier runs and store the verdict."""
    run = store.get_run(run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    # Runs of another mode (黑猫 feed vs totals) list different amounts: not a baseline.
    earlier = [r for r in store.runs(run["source"], limit=max(50, th.window * 4))
               if r["id"] < run_id and run_mode(r) == run_mode(run)]
    health = assess(run, earlier, th)
    store.set_run_health(run_id, health.healthy, health.flags,
                         {"baseline": health.baseline, "items": health.items, "reasons": health.reasons})
    return health


def run_mode(run: Mapping[str, Any]) -> str:
    """The crawl mode recorded in a run's args ("" for runs before modes existed)."""
    try:
        args = json.loads(run.get("args") or "{}")
    except (TypeError, ValueError):
        return ""
    return str(args.get("mode") or "") if isinstance(args, dict) else ""


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# -- for the dashboard's crawl-health page (runs.parquet of the snapshot) --------------------

HEALTH_COLUMNS = ["id", "source", "started_at", "finished_at", "pages", "items", "new", "updated", "failed",
                  "retries", "finish_reason", "healthy", "flags", "reasons"]


def health_frame(runs: Any) -> Any:
    """One row per crawl run, newest first: counts, the stored verdict and its flags.

    `runs` is the crawl_runs table as a DataFrame (the snapshot's runs.parquet). Runs not
    judged by `complaints update` show the crawler's own verdict only.
    """
    import pandas as pd

    if runs is None or len(runs) == 0:
        return pd.DataFrame(columns=HEALTH_COLUMNS)
    rows = []
    for run in runs.to_dict("records"):
        stats = run_stats(run)
        verdict = stats.get("health") if isinstance(stats.get("health"), dict) else {}
        flags = list(verdict.get("flags") or [])
        healthy = run.get("healthy")
        healthy = None if healthy is None or (isinstance(healthy, float) and healthy != healthy) else bool(healthy)
        if not flags and healthy is False:
            flags = [CRAWLER]
        rows.append({
            "id": run.get("id"), "source": run.get("source"), "started_at": run.get("started_at"),
            "finished_at": run.get("finished_at"), "pages": _int(run.get("pages")), "items": run_items(run),
            "new": _int(run.get("new")), "updated": _int(run.get("updated")), "failed": _int(run.get("failed")),
            "retries": _int(stats.get("retry/count")), "finish_reason": run.get("finish_reason") or "",
            "healthy": healthy, "flags": ", ".join(flags), "reasons": "; ".join(verdict.get("reasons") or []),
        })
    frame = pd.DataFrame(rows, columns=HEALTH_COLUMNS)
    frame["healthy"] = pd.Series([r["healthy"] for r in rows], dtype=object)   # True / False / None (not judged)
    return frame.sort_values(["started_at", "id"], ascending=False, na_position="last").reset_index(drop=True)

"""Optional notifications: POST a JSON message to a webhook for flagged runs and new surges.

The URL comes from `--webhook` or $COMPLAINTS_WEBHOOK; without one nothing is sent. The
body is one JSON object per event ({"event": "flagged_run" | "new_surge", ...}) plus a
`text` line, which is what Slack/Mattermost/Feishu-style incoming webhooks display.

A webhook that is down must not fail the scheduled job that feeds the data: `send()`
retries once, then reports the failure in its return value (the update logs it).
"""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import ComplaintsError

ENV = "COMPLAINTS_WEBHOOK"
USER_AGENT = "complaints-radar/0.1 (webhook)"


class NotifyError(ComplaintsError):
    """A webhook URL that cannot be used (bad scheme)."""


@dataclass
class Delivery:
    event: str
    ok: bool
    status: int | None = None
    error: str = ""


def webhook_url(explicit: str | None = None) -> str | None:
    url = explicit or settings.WEBHOOK.get()
    if url and not url.startswith(("http://", "https://")):
        raise NotifyError(f"webhook URL must start with http:// or https://, got {url!r}")
    return url


def send(url: str, payload: Mapping[str, Any], *, timeout: float = 5.0, attempts: int = 2) -> Delivery:
    """POST `payload` as JSON; a 2xx answer is a delivery."""
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    event = str(payload.get("event", ""))
    error = ""
    status = None
    for attempt in range(attempts):
        request = urllib.request.Request(
            url, data=body, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return Delivery(event, True, answer.status)
        except urllib.error.HTTPError as e:
            status, error = e.code, f"HTTP {e.code} {e.reason}"
            if e.code < 500:
                break  # the receiver rejected the message: sending it again will not help
        except (urllib.error.URLError, OSError) as e:
            error = str(getattr(e, "reason", e))
        if attempt + 1 < attempts:
            time.sleep(0.5)
    return Delivery(event, False, status, error)


def flagged_run_message(health: Any) -> dict[str, Any]:
    """From a pipeline.health.Health (or a dict with the same keys)."""
    h = health.as_dict() if hasattr(health, "as_dict") else dict(health)
    text = f"complaints radar: crawl of {h['source']} (run {h.get('run_id')}) flagged: " + "; ".join(
        h.get("reasons") or h.get("flags") or ["unhealthy"])
    return {"event": "flagged_run", "text": text, **{k: h.get(k) for k in
            ("source", "run_id", "flags", "reasons", "items", "pages", "baseline")}}


def surge_message(surge: Mapping[str, Any]) -> dict[str, Any]:
    week = str(surge.get("week", ""))[:10]
    text = (f"complaints radar: new surge {surge.get('lender')} / {surge.get('theme')} in the week of {week}: "
            f"{surge.get('posts')} posts (usual {surge.get('baseline')})")
    return {"event": "new_surge", "text": text, "lender": surge.get("lender"), "theme": surge.get("theme"),
            "week": week, "posts": _num(surge.get("posts")), "baseline": _num(surge.get("baseline"))}


def read_surges(root: str | os.PathLike, version: str | None) -> list[dict[str, Any]]:
    """Surges of one published snapshot version ([] for None or a version without them)."""
    if not version:
        return []
    path = Path(root) / version / "surges.parquet"
    if not path.exists():
        return []
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def new_surges(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Surges in `after` that `before` did not have (same lender, theme and week)."""
    seen = {_surge_key(s) for s in before}
    return [dict(s) for s in after if _surge_key(s) not in seen]


def _surge_key(s: Mapping[str, Any]) -> tuple[str, str, str]:
    return str(s.get("lender")), str(s.get("theme")), str(s.get("week"))[:10]


def _num(value: Any) -> Any:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return value
    return int(f) if f.is_integer() else round(f, 3)

"""The records that flow between stages (see docs/contracts.md).

Datetimes are naive China Standard Time: the platforms display local time and
journalists count months in it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.settings import CST, now_cst  # noqa: F401 (the one CST clock, re-exported for the stages)


def from_epoch(value: Any) -> datetime | None:
    """Epoch seconds (the APIs send strings) or milliseconds -> naive CST; junk -> None."""
    try:
        ts = float(value)
    except (TypeError, ValueError):
        return None
    if ts <= 0:
        return None
    if ts > 1e11:  # milliseconds (聚投诉 records, 黑猫 `_` parameters)
        ts /= 1000
    return datetime.fromtimestamp(ts, CST).replace(tzinfo=None)

# 黑猫投诉 `main.status` codes, as read by public scrapers of the API
# (see ../shared/corpus/formats/PLATFORM_FORMATS.md §1.3).
HEIMAO_STATUS = {1: "通过审核", 3: "待分配", 4: "处理中", 6: "已回复", 7: "已完成", 8: "已关闭"}
FINAL_STATUSES = frozenset({"已完成", "已关闭"})


@dataclass
class Step:
    """One entry of a platform's progress list (黑猫 div.ts-d-steplist)."""

    actor: str
    kind: str
    at: datetime | None
    text: str = ""
    merchant: bool = False

    def to_json(self) -> dict[str, Any]:
        # Spelled out, not dataclasses.asdict (a deep copy): this runs for every step of
        # every post the store writes, and asdict was a fifth of an upsert's Python time.
        return {"actor": self.actor, "kind": self.kind, "at": self.at.isoformat(sep=" ") if self.at else None,
                "text": self.text, "merchant": self.merchant}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Step":
        at = d.get("at")
        return cls(
            actor=d.get("actor", ""),
            kind=d.get("kind", ""),
            at=datetime.fromisoformat(at) if at else None,
            text=d.get("text", ""),
            merchant=bool(d.get("merchant", False)),
        )


@dataclass
class Post:
    source: str
    source_id: str
    url: str
    title: str
    body: str
    published_at: datetime | None
    author: str = ""
    target: str = ""
    target_id: str = ""
    issue: str = ""
    appeal: str = ""
    amount: float | None = None
    status: str = ""
    steps: list[Step] = field(default_factory=list)
    crawled_at: datetime | None = None
    # The original captures this post was read from (pipeline/evidence.py Capture.to_json()),
    # set by crawler/capture.py; stored in post_captures, not part of the post's content.
    captures: list[dict[str, Any]] = field(default_factory=list, compare=False, repr=False)

    def content_hash(self) -> str:
        """Hash of what the complainant wrote; status and replies change without it."""
        h = hashlib.sha1()
        for part in (self.title, self.body, self.target, self.issue, self.appeal):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    @property
    def text(self) -> str:
        """The stored text that tag evidence offsets point into."""
        return f"{self.title}\n{self.body}"


@dataclass
class PlatformTotals:
    """A platform's own counts for a company (service_id "") or one of its services
    (黑猫 /api/company/info and rel_service), as of `taken_at`."""

    source: str
    company_id: str
    service_id: str
    name: str
    total: int
    last_30_days: int
    replied: int
    completed: int
    lender: str = ""
    taken_at: datetime | None = None

"""黑猫投诉 as public scripts found it in late 2026, for the mirror (era "2026").

What changed, and where it is documented (../shared/corpus/formats/FORMATS_2026.md):
- the latest-complaints feed `/api/index/feed?type=2[&field=N]` is the anonymous route:
  signed like the company API (§1.3), 10 items a page, pages 1-50, page 51 answers
  `result.status.code` 10017 (§2.1, §5);
- `/api/company/received_complaints` and `/api/index/s` answer code 10005 without a login
  (§0, §4);
- detail pages need the `sld` the list item's url carries, for complaints from 2024-09-19
  on; a missing or wrong one gets the platform's "页面不存在" page (§3.1);
- the company look-ups (`/api/company/search`, `main_search`, `rel_service`, `info`) stay
  anonymous and give the platform's own totals (§2.3, §2.6); here they move day by day
  with the mirror's clock;
- above ~40-50 requests a minute a client gets HTTP 456 for a while (§0, §5).

The mirror's clock decides what is published: a complaint appears in the feed once the
clock passes its `created_at`. Besides the demo corpus (all 金融支付, field 48) the feed
carries synthetic complaints of other sectors, and optionally a steady *stream* of new
complaints (benches: "does hourly polling miss any?"); the mirror knows what it published.
"""
from __future__ import annotations

import bisect
import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.mirror import render
from crawler.mirror.corpus import MirrorCorpus
from crawler.mirror.democorpus import PLATFORM_ACTOR

CODE_LOGIN = 10005          # "log in first": company lists and search, anonymous
CODE_DEPTH = 10017          # "log in to see more": feed page >= 51
FEED_PAGES = 50
FEED_PAGE_SIZE = 10         # the server answers 10 whatever page_size says (§1.3)
FINANCE_FIELD = "48"        # 金融支付
SLD_SINCE = int(datetime.fromisoformat("2024-09-19T00:00:00+08:00").timestamp())
# Sectors of the synthetic non-finance complaints (ids from §2.1), with fictitious merchants.
OTHER_SECTORS = [
    ("6", "示例电商平台", "商品与描述不符，商家拒绝退款", "退款问题"),
    ("25", "示例快递", "快递丢件一周无人处理", "物流问题"),
    ("28", "示例旅行网", "机票退改收取高额手续费", "退改问题"),
    ("55", "示例通信运营商", "套餐被擅自变更多扣话费", "乱扣费"),
    ("66", "示例外卖平台", "外卖超时送达且拒绝赔付", "服务问题"),
]
STREAM_SN = 18_000_000_000


def sld(sn: str) -> str:
    """The 32-hex `sld` of a complaint (the real one is not computable; ours is a hash)."""
    return hashlib.md5(f"sld:{sn}".encode()).hexdigest()


def needs_sld(row: dict[str, Any]) -> bool:
    return int(row["created_at"]) >= SLD_SINCE


def item_url(host: str, row: dict[str, Any]) -> str:
    """Protocol-relative, with `?sld=` for complaints from 2024-09-19 on (§2.1, §3.1)."""
    url = render.complaint_url(host, row["sn"])
    return f"{url}?sld={sld(row['sn'])}" if needs_sld(row) else url


def _stable(value: str, modulo: int) -> int:
    return int(hashlib.md5(value.encode()).hexdigest()[:8], 16) % modulo


@dataclass
class StreamSpec:
    """New complaints published at a steady rate from `start` (epoch seconds) on."""
    finance_per_hour: float = 0.0
    other_per_hour: float = 0.0
    start: int = 0
    hours: float = 24.0


class Feed:
    """Feed rows in publish order, per sector, and the mirror's clock."""

    def __init__(self, corpus: MirrorCorpus, clock: int | None = None, stream: StreamSpec | None = None) -> None:
        self.corpus = corpus
        rows = list(corpus.heimao.values())
        newest = max(int(r["created_at"]) for r in rows)
        self.field_of: dict[str, str] = {r["sn"]: FINANCE_FIELD for r in rows}
        rows += self._others(rows)
        if stream is not None:
            rows += self._stream(rows, stream)
            newest = max(newest, stream.start)
        self._lock = threading.Lock()
        self.clock = clock if clock is not None else newest + 3600
        rows.sort(key=lambda r: (int(r["created_at"]), r["sn"]))
        self._all = [r["sn"] for r in rows]
        self._all_ts = [int(r["created_at"]) for r in rows]
        self._field: dict[str, tuple[list[str], list[int]]] = {}
        for r in rows:
            sns, ts = self._field.setdefault(self.field_of[r["sn"]], ([], []))
            sns.append(r["sn"])
            ts.append(int(r["created_at"]))

    # -- synthetic rows -----------------------------------------------------------------------
    def _add(self, row: dict[str, Any], field_id: str) -> dict[str, Any]:
        self.corpus.extra[row["sn"]] = row   # beside, not in, the corpus indexes
        self.field_of[row["sn"]] = field_id
        return row

    def _others(self, finance: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """As many non-finance complaints as finance ones, spread over the same years."""
        out = []
        for i, base in enumerate(sorted(finance, key=lambda r: r["sn"])):
            field_id, company, title, issue = OTHER_SECTORS[i % len(OTHER_SECTORS)]
            at = int(base["created_at"]) + 1800 + _stable(base["sn"], 3600)
            sn = str(int(base["sn"]) + 500_000_000)
            out.append(self._add(_row(sn, title, f"{title}。多次联系客服都没有结果，希望平台督促处理。",
                                      company, str(5_900_000_000 + int(field_id)), issue, at, i), field_id))
        return out

    def _stream(self, existing: list[dict[str, Any]], spec: StreamSpec) -> list[dict[str, Any]]:
        finance = sorted((r for r in existing if self.field_of[r["sn"]] == FINANCE_FIELD), key=lambda r: r["sn"])
        out: list[dict[str, Any]] = []
        seconds = spec.hours * 3600
        n_fin, n_other = int(spec.finance_per_hour * spec.hours), int(spec.other_per_hour * spec.hours)
        for i in range(n_fin):
            base = finance[i % len(finance)]
            at = spec.start + int(i * seconds / max(n_fin, 1))
            row = dict(base, sn=str(STREAM_SN + i), created_at=at, status=4,
                       steps=[dict(s, at=at + k * 300) for k, s in enumerate(base["steps"][:2])],
                       truth={"stream": True})
            out.append(self._add(row, FINANCE_FIELD))
        for i in range(n_other):
            field_id, company, title, issue = OTHER_SECTORS[i % len(OTHER_SECTORS)]
            at = spec.start + int(i * seconds / max(n_other, 1)) + 7
            out.append(self._add(_row(str(STREAM_SN + 5_000_000 + i), title, f"{title}，至今没有解决。", company,
                                      str(5_900_000_000 + int(field_id)), issue, at, i), field_id))
        return out

    # -- time ---------------------------------------------------------------------------------
    def advance(self, seconds: int) -> int:
        with self._lock:
            self.clock += seconds
            return self.clock

    def set_clock(self, at: int) -> int:
        with self._lock:
            self.clock = at
            return self.clock

    def published(self, sn: str) -> bool:
        row = self.corpus.heimao.get(sn) or self.corpus.extra.get(sn)
        return row is not None and int(row["created_at"]) <= self.clock

    def published_between(self, start: int, end: int, field_id: str | None = None) -> list[str]:
        """sn's published in (start, end] (benches compare with what a crawl stored)."""
        sns, ts = self._field.get(field_id, ([], [])) if field_id else (self._all, self._all_ts)
        return sns[bisect.bisect_right(ts, start): bisect.bisect_right(ts, end)]

    def page(self, page: int, field_id: str | None) -> tuple[list[str], int]:
        """The sn's of one feed page, newest first, and how many are published in all."""
        sns, ts = self._field.get(field_id, ([], [])) if field_id else (self._all, self._all_ts)
        hi = bisect.bisect_right(ts, self.clock)
        top, bottom = hi - (page - 1) * FEED_PAGE_SIZE, max(0, hi - page * FEED_PAGE_SIZE)
        return (list(reversed(sns[bottom:top])) if top > 0 else []), hi

    def company_counts(self, couid: str) -> tuple[int, int]:
        """(published, published in the last 30 days) of a company's corpus complaints."""
        rows = [self.corpus.heimao[sn] for sn in self.corpus.by_couid.get(couid, [])]
        done = [int(r["created_at"]) for r in rows if int(r["created_at"]) <= self.clock]
        return len(done), sum(1 for t in done if t > self.clock - 30 * 86400)


def _row(sn: str, title: str, body: str, company: str, couid: str, issue: str, at: int, i: int) -> dict[str, Any]:
    author = f"示例用户{9000 + i % 999}"
    return {"sn": sn, "title": title, "body": body, "cotitle": company, "couid": couid, "issue": issue,
            "appeal": "退款", "cost": "", "status": 4, "created_at": at, "author": author,
            "steps": [{"actor": author, "kind": "发起投诉", "at": at, "text": "", "merchant": False},
                      {"actor": PLATFORM_ACTOR, "kind": "审核通过", "at": at + 300, "text": "", "merchant": False}],
            "synthetic": True, "truth": {"themes": [], "lenders": []}}


def feed_item(row: dict[str, Any], host: str, field_id: str) -> dict[str, Any]:
    """One feed ITEM: the union of keys 2026 scripts read (§2.1); timestamp in seconds."""
    sn = row["sn"]
    main = {
        "id": str(int(sn) % 100_000_000), "sn": sn, "title": row["title"],
        "summary": render.summary(row["body"]), "cotitle": row["cotitle"], "couid": row["couid"],
        "appeal": row["appeal"], "issue": row["issue"], "status": row["status"], "cost": row["cost"],
        "timestamp": str(row["created_at"]), "upvote_amount": _stable(sn + "up", 30),
        "share_amount": _stable(sn + "sh", 5), "comment_amount": _stable(sn + "co", 8), "field": field_id,
        "url": item_url(host, row),
    }
    return {"main": main, "author": {"title": "正义喵", "avatar": render.USER_AVATAR}}


# --- the platform's own totals ------------------------------------------------------------------

DAY0 = int(datetime.fromisoformat("2024-01-01T00:00:00+08:00").timestamp()) // 86400


@dataclass
class Totals:
    total: int
    last_30_days: int
    replied: int
    completed: int


def totals(feed: Feed, couid: str) -> Totals:
    """Counts far above what the corpus holds (the platform has more), growing each day."""
    published, recent = feed.company_counts(couid)
    daily = 1 + _stable(couid + "d", 20)
    day = max(0, feed.clock // 86400 - DAY0)
    total = 500 + _stable(couid, 40_000) + published + daily * day
    return Totals(total, daily * 30 + recent, int(total * (0.70 + _stable(couid + "r", 25) / 100)),
                  int(total * (0.40 + _stable(couid + "c", 25) / 100)))


def services(couid: str, name: str) -> list[tuple[str, str, float]]:
    """(sid, service name, share of the company's total). 京东金融 has 白条 and 金条."""
    base = str(6_000_000_000 + _stable(couid + "s", 999_999_999))
    if "京东" in name:
        return [(base, "京东白条", 0.7), (str(int(base) + 1), "京东金条", 0.3)]
    return [(base, name, 1.0)]


def company_names(corpus: MirrorCorpus) -> dict[str, str]:
    names = dict(corpus.companies["heimao"])
    for field_id, company, *_ in OTHER_SECTORS:
        names[str(5_900_000_000 + int(field_id))] = company
    return names


def company_card(feed: Feed, couid: str, name: str) -> dict[str, Any]:
    """`/api/company/info` data: all counts as strings (RAW 2026-06-18, §2.3)."""
    t = totals(feed, couid)
    return {"name": name, "avatar": render.USER_AVATAR, "eval_points": str(1 + _stable(couid, 5)),
            "valid_amt": str(t.total), "replied_amt": str(t.replied), "completed_amt": str(t.completed),
            "valid30d": str(t.last_30_days), "reply30d": str(int(t.last_30_days * 0.6)),
            "complete30d": str(int(t.last_30_days * 0.3)), "bkrpt": "0", "is_noexp": False,
            "pzxfmember": "0", "is_virtual": "0"}


def service_rows(feed: Feed, couid: str, name: str) -> list[dict[str, Any]]:
    t = totals(feed, couid)
    return [{"name": sname, "sid": sid, "valid_amt": str(int(t.total * share)),
             "valid30d": str(int(t.last_30_days * share)), "replied_amt": str(int(t.replied * share)),
             "completed_amt": str(int(t.completed * share))} for sid, sname, share in services(couid, name)]


# --- risk control: HTTP 456 above a rate ---------------------------------------------------------

class RateLimiter:
    """More than `limit` requests from one client within `window` seconds: that client
    gets HTTP 456 for `block` seconds (the platform's risk control, §5)."""

    def __init__(self, limit: int | None, window: float = 60.0, block: float = 600.0) -> None:
        self.limit, self.window, self.block = limit, window, block
        self._seen: dict[str, list[float]] = {}
        self._blocked: dict[str, float] = {}
        self._lock = threading.Lock()
        self.blocked_answers = 0

    def allow(self, client: str, now: float | None = None) -> bool:
        if not self.limit:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._blocked.get(client, 0.0) > now:
                self.blocked_answers += 1
                return False
            recent = [t for t in self._seen.get(client, []) if t > now - self.window]
            recent.append(now)
            self._seen[client] = recent
            if len(recent) > self.limit:
                self._blocked[client] = now + self.block
                self.blocked_answers += 1
                return False
            return True


def blocked_page() -> str:
    # The body of a real 456 was never saved (§8); the status code is what counts.
    return render.error_page(456, "访问过于频繁，请稍后再试")

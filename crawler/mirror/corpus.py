"""The demo corpus as the mirror serves it: indexes, and complaints whose status advances.

Status changes over time are simulated by an epoch counter: at epoch N, every open
complaint whose id hashes even has moved N steps along 处理中 -> 已回复 -> 已完成 (the
others stay put), with the matching progress steps appended. The same epoch always gives
the same answer, so a crawler's status-history handling can be tested exactly.
"""
from __future__ import annotations

import threading
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from crawler.mirror import democorpus
from crawler.mirror.democorpus import JUTOUSU_STATUS_WORDS, NEXT_STATUS, next_step, progression

_WORD_TO_CODE = {w: c for c, w in JUTOUSU_STATUS_WORDS.items()}


@lru_cache(maxsize=4)
def _load(directory: str) -> dict[str, Any]:
    # Parsed once per process: tests start several servers over the same files.
    return democorpus.load(Path(directory))


def advances(key: str) -> bool:
    """Whether this complaint moves when the epoch advances (about half of the open ones)."""
    return zlib.crc32(key.encode()) % 2 == 0


class MirrorCorpus:
    def __init__(self, directory: Path | None = None, epoch: int = 0) -> None:
        data = _load(str(directory or democorpus.DEMO_DIR))
        self.companies: dict[str, Any] = data["companies"]
        self.heimao: dict[str, dict[str, Any]] = {r["sn"]: r for r in data["heimao"]}
        # Complaints only the 2026 feed carries (other sectors, a stream): heimao2026.Feed.
        self.extra: dict[str, dict[str, Any]] = {}
        newest = sorted(data["heimao"], key=lambda r: (r["created_at"], int(r["sn"])), reverse=True)
        self.heimao_newest = [r["sn"] for r in newest]
        self.by_couid: dict[str, list[str]] = {}
        for r in newest:
            self.by_couid.setdefault(r["couid"], []).append(r["sn"])
        # 黑猫 splits one complaint naming several companies into consecutive sn's.
        self.groups: dict[str, list[str]] = {}
        for r in data["heimao"]:
            if "fanout_of" in r["truth"]:
                self.groups.setdefault(r["truth"]["fanout_of"], [r["truth"]["fanout_of"]]).append(r["sn"])
        self.jutousu: dict[str, dict[str, Any]] = {r["id"]: r for r in data["jutousu"]}
        self.by_post_key = {r["post_key"]: r["id"] for r in data["jutousu"]}
        self.jutousu_newest = [r["id"] for r in sorted(data["jutousu"], key=lambda r: int(r["id"]),
                                                       reverse=True)]
        self.by_merchant: dict[str, list[str]] = {}
        for pid in self.jutousu_newest:
            self.by_merchant.setdefault(self.jutousu[pid]["merchant_id"], []).append(pid)
        self.articles = sorted(data["articles"], key=lambda a: (a["published"], a["slug"]), reverse=True)
        self.by_slug = {a["slug"]: a for a in self.articles}
        self._epoch = epoch
        self.edits: dict[str, dict[str, str]] = {}   # id -> fields replaced (a complainant's edit)
        self.removed: dict[str, str] = {}            # id -> how: "404" or "hidden" (200, 已删除)
        self._lock = threading.Lock()
        self._search_cache: dict[tuple[str, str], list[str]] = {}

    # -- time --
    @property
    def epoch(self) -> int:
        return self._epoch

    def advance(self, n: int = 1) -> int:
        with self._lock:
            self._epoch += n
            return self._epoch

    # -- edits and removals after publication (what evidence must survive) --
    def edit(self, key: str, title: str | None = None, body: str | None = None) -> None:
        """Change a post's text as its author (or a pressed complainant) would."""
        if key not in self.heimao and key not in self.jutousu:
            raise KeyError(key)
        fields = {}
        if title is not None:
            fields["title"] = title
        if body is not None:
            if key in self.heimao:
                fields["body"] = body
            else:  # 聚投诉 keeps the text as HTML paragraphs
                fields["topic"] = "".join(f"<p>{line}</p>" for line in body.split("\n"))
        with self._lock:
            self.edits[key] = {**self.edits.get(key, {}), **fields}
            self._search_cache.clear()

    def remove(self, key: str, how: str = "404") -> None:
        """Take a post down: gone from lists and search; its page answers 404 (or, `hidden`,
        a 200 page saying 已删除, as platforms do for posts hidden after a complaint)."""
        if key not in self.heimao and key not in self.jutousu:
            raise KeyError(key)
        if how not in ("404", "hidden"):
            raise ValueError(f"how must be 404 or hidden, not {how!r}")
        with self._lock:
            self.removed[key] = how
            for index in (*self.by_couid.values(), *self.by_merchant.values(), self.heimao_newest,
                          self.jutousu_newest):
                if key in index:
                    index.remove(key)
            self._search_cache.clear()

    # -- views at the current epoch --
    def heimao_view(self, sn: str) -> dict[str, Any] | None:
        row = self.heimao.get(sn) or self.extra.get(sn)
        if row is None or sn in self.removed:
            return None
        if sn in self.edits:
            row = dict(row, **self.edits[sn])
        status, steps = row["status"], list(row["steps"])
        if self._epoch and advances(sn):
            for e in range(self._epoch):
                if status not in NEXT_STATUS:
                    break
                new = NEXT_STATUS[status]
                at = steps[-1]["at"] + 86400 + zlib.crc32(f"{sn}:{e}".encode()) % 7200
                for kind in progression(new)[len(progression(status)):]:
                    steps.append(next_step(kind, row["cotitle"], row["author"], at, e))
                    at += 600
                status = new
        return dict(row, status=status, steps=steps)

    def jutousu_view(self, pid: str) -> dict[str, Any] | None:
        row = self.jutousu.get(pid)
        if row is None or pid in self.removed:
            return None
        if pid in self.edits:
            row = dict(row, **self.edits[pid])
        code = _WORD_TO_CODE[row["status"]]
        if self._epoch and advances(pid):
            for _ in range(self._epoch):
                code = NEXT_STATUS.get(code, code)
        return dict(row, status=JUTOUSU_STATUS_WORDS[code])

    def search_heimao(self, keyword: str) -> list[str]:
        """sn's whose title or text contains the keyword, newest first (cached per keyword)."""
        key = ("heimao", keyword)
        if key not in self._search_cache:
            self._search_cache[key] = [sn for sn in self.heimao_newest
                                       if keyword in self.heimao[sn]["title"]
                                       or keyword in self.heimao[sn]["body"]]
        return self._search_cache[key]

    def search_jutousu(self, keyword: str) -> list[str]:
        key = ("jutousu", keyword)
        if key not in self._search_cache:
            self._search_cache[key] = [pid for pid in self.jutousu_newest
                                       if keyword in self.jutousu[pid]["title"]
                                       or keyword in self.jutousu[pid]["topic"]]
        return self._search_cache[key]

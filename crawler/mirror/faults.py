"""Fault injection for the mirror: deterministic per URL and attempt, so tests reproduce.

Spec: comma-separated `kind[:probability]`, e.g. "500:0.05,429:0.05,timeout:0.02,
truncated:0.03,badjson:0.03,login,gbk" (a bare kind means probability 1).

Transient kinds hit only the first `attempts` requests of a URL (default 1), so a client
that retries always gets the good answer in the end ("every good post stored"):
- 500       HTTP 500 with an error page
- 429       HTTP 429 with Retry-After
- timeout   the answer is delayed past a client's timeout (`sleep` seconds), then sent
- truncated the headers promise the whole body, half of it is sent, the connection closes
- badjson   JSON endpoints answer cut-off JSON (a complete, well-formed HTTP response)
Persistent kinds hold for every attempt of a URL:
- login     search endpoints answer the login page even with the configured cookie
- gbk       HTML pages are served GBK-encoded (charset in the header and in <meta>)
Which URLs are hit is decided by a hash of (seed, kind, URL without ts/rs/signature/_ and
callback), so a re-signed retry is the same URL.
"""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

TRANSIENT = ("500", "429", "timeout", "truncated", "badjson")
PERSISTENT = ("login", "gbk")
KINDS = TRANSIENT + PERSISTENT
# Parameters that change on every request of the same resource (signature, JSONP names).
VOLATILE = frozenset({"ts", "rs", "signature", "_", "callback"})


class FaultSpecError(ValueError):
    """A fault spec that cannot be parsed; the message says which part and why."""


@dataclass
class FaultSpec:
    rates: dict[str, float] = field(default_factory=dict)   # kept in the order given
    seed: int = 0
    attempts: int = 1
    sleep: float = 3.0

    @classmethod
    def parse(cls, spec: str | None, seed: int = 0, attempts: int = 1, sleep: float = 3.0) -> "FaultSpec":
        rates: dict[str, float] = {}
        for part in (spec or "").split(","):
            part = part.strip()
            if not part:
                continue
            kind, _, value = part.partition(":")
            kind = kind.strip().lower()
            if kind not in KINDS:
                raise FaultSpecError(f"unknown fault kind {kind!r} in {spec!r}; known: {', '.join(KINDS)}")
            try:
                rate = float(value) if value else 1.0
            except ValueError:
                raise FaultSpecError(f"fault {kind!r}: probability {value!r} is not a number") from None
            if not 0.0 <= rate <= 1.0:
                raise FaultSpecError(f"fault {kind!r}: probability {rate} is not between 0 and 1")
            rates[kind] = rate
        return cls(rates, seed, attempts, sleep)

    def __bool__(self) -> bool:
        return bool(self.rates)

    def hits(self, kind: str, key: str) -> bool:
        """Whether `kind` applies to this URL key (independent of the attempt number)."""
        rate = self.rates.get(kind, 0.0)
        if rate >= 1.0:
            return rate > 0
        if rate <= 0.0:
            return False
        digest = hashlib.sha256(f"{self.seed}|{kind}|{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < rate


def url_key(path_and_query: str) -> str:
    """The identity of a resource for fault decisions: path plus stable query parameters."""
    parts = urlsplit(path_and_query)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in VOLATILE)
    return parts.path + ("?" + urlencode(query) if query else "")


class FaultPlan:
    """Counts attempts per URL and says which fault, if any, this request gets."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self.attempts: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self._lock = threading.Lock()

    def transient(self, key: str, applicable: frozenset[str]) -> str | None:
        with self._lock:
            attempt = self.attempts[key]
            self.attempts[key] += 1
        if not self.spec or attempt >= self.spec.attempts:
            return None
        for kind in self.spec.rates:       # the order of the spec decides ties
            if kind in TRANSIENT and kind in applicable and self.spec.hits(kind, key):
                self.count(kind)
                return kind
        return None

    def persistent(self, kind: str, key: str) -> bool:
        if self.spec.hits(kind, key):
            self.count(kind)
            return True
        return False

    def planned(self, path_and_query: str) -> list[str]:
        """The kinds a URL is set up to hit (for tests: which posts are 'good')."""
        key = url_key(path_and_query)
        return [k for k in self.spec.rates if self.spec.hits(k, key)]

    def count(self, kind: str) -> None:
        with self._lock:
            self.injected[kind] += 1

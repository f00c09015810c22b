"""Scale-out with scrapy-redis: several `complaints crawl SOURCE --redis URL` workers, on
one machine or many, share one Redis scheduler and dupefilter and write to one database.

    complaints --db postgresql://... crawl heimao --redis redis://host:6379/0   # on each machine

What scrapy-redis gives (SCHEDULER = "scrapy_redis.scheduler.Scheduler"): a request queue
and a request-fingerprint set in Redis, so any worker may take any request and a URL seen
by one worker is not fetched again by another. What this module adds, because a
scheduled job must not lose work:

- Seeds are pushed once: the first worker to `SET <prefix>:seeded NX` yields the spider's
  seed requests, the others start empty and take requests from the shared queue.
- In-flight requests are tracked (`ReliableQueue`): a pop atomically moves the request
  into the worker's `<prefix>:inflight:<worker>` hash (a Lua script), and it is removed
  ("acked") only after its response was fully processed: every item it produced went
  through the item pipelines (stored at once: COMPLAINTS_STORE_BATCH=1) and every
  follow-up request was pushed. A worker that dies (SIGKILL, OOM, a lost machine) stops
  refreshing its heartbeat key; another worker then moves the dead worker's in-flight
  requests back onto the queue. Nothing is lost; at worst a page is fetched twice, and
  the store's idempotent upsert keeps the database free of duplicates.
- A worker does not stop while another live worker still has requests in flight (they
  may produce more work); the last one to find the queue and all in-flight sets empty
  clears the crawl's keys, so the next scheduled crawl starts afresh (with an empty
  dupefilter: an open complaint must be re-fetched next time).
- Keys persist otherwise (SCHEDULER_PERSIST): if every worker dies, or Redis restarts
  (with persistence enabled), the next run continues the same crawl.
- Redis or the database lost midway: the worker stops at once (finish reason
  `redis_unavailable` / `database_unavailable`, a non-zero exit) without acking what it
  holds, so nothing is lost and the next run continues.

Key layout, one prefix per crawl (`--redis-key`, default `complaints:<source>`):
<prefix>:requests (sorted set, scrapy-redis' PriorityQueue), <prefix>:dupefilter (set),
<prefix>:seeded, <prefix>:inflight:<worker> (hash), <prefix>:worker:<worker> (heartbeat).
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from pipeline.errors import ComplaintsError

log = logging.getLogger(__name__)

TOKEN = "complaints_redis_token"        # request.meta key: the request's in-flight entry
PARENT = "complaints_redis_parent"      # meta of a follow-up request: the token it came from
HEARTBEAT_SECONDS = 0.5                 # how often a worker says it is alive...
HEARTBEAT_TTL = 4                       # ...and after how long without it it counts as dead
SEEDING, SEEDED = "seeding", "done"

# Pop the best request and record it in flight, atomically: a worker killed between the
# two steps would otherwise lose the request.
POP_LUA = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. '|' .. r[1])
return r[1]
"""
# Put every in-flight request of a (dead) worker back on the queue, atomically, so two
# workers reclaiming at once cannot both re-queue it.
RECLAIM_LUA = """
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sep = string.find(v, '|', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(v, 1, sep - 1)), string.sub(v, sep + 1))
end
redis.call('DEL', KEYS[1])
return #all / 2
"""


class DistributedError(ComplaintsError):
    """Redis cannot be reached or the distributed options do not fit together."""


# -- settings (used by `complaints crawl --redis`) -------------------------------------------


def default_prefix(source: str) -> str:
    return f"complaints:{source}"


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def redis_settings(redis_url: str, prefix: str, worker: str | None = None) -> dict[str, Any]:
    """Scrapy settings that turn a crawl into a worker of the shared crawl `prefix`."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.ReliableQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "REDIS_URL": redis_url,
        "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 5},
        # JSON, not scrapy-redis' default pickle: whoever can write to Redis must not be
        # able to run code on the workers (crawler/queue_json.py).
        "SCHEDULER_SERIALIZER": "crawler.queue_json",
        "COMPLAINTS_REDIS_PREFIX": prefix,
        "COMPLAINTS_REDIS_WORKER": worker or new_worker_id(),
        # Ack means "stored": no item may wait in a batch buffer when its request is acked.
        "COMPLAINTS_STORE_BATCH": 1,
        "COMPLAINTS_STORE_WAIT": True,
        "EXTENSIONS": {"crawler.distributed.Coordinator": 500},
        # process_spider_output runs in decreasing order: 5 sees the chain's final output.
        "SPIDER_MIDDLEWARES": {"crawler.distributed.AckMiddleware": 5, "crawler.distributed.SeedOnceMiddleware": 6},
    }


def check_redis(redis_url: str, timeout: float = 3.0) -> None:
    """Fail before crawling, in one line, when Redis is not there."""
    import redis

    parts = urlsplit(redis_url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise DistributedError(f"--redis wants a redis:// URL, got {redis_url!r}")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=timeout, socket_timeout=timeout).ping()
    except redis.RedisError as e:
        raise DistributedError(f"cannot reach Redis at {_safe(redis_url)}: {e}") from e


def _safe(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{':%d' % parts.port if parts.port else ''}{parts.path}"


def crawl_keys(prefix: str) -> dict[str, str]:
    return {"queue": f"{prefix}:requests", "dupefilter": f"{prefix}:dupefilter", "seeded": f"{prefix}:seeded",
            "inflight": f"{prefix}:inflight:", "worker": f"{prefix}:worker:"}


def crawl_state(client: Any, prefix: str) -> dict[str, Any]:
    """What is left of a shared crawl (for tests, benches and operators)."""
    k = crawl_keys(prefix)
    inflight = {key.decode() if isinstance(key, bytes) else key: client.hlen(key)
                for key in client.scan_iter(k["inflight"] + "*")}
    seeded = client.get(k["seeded"])
    return {"queued": client.zcard(k["queue"]), "inflight": sum(inflight.values()),
            "workers": sum(1 for _ in client.scan_iter(k["worker"] + "*")),
            "seeded": seeded.decode() if isinstance(seeded, bytes) else seeded, "seen": client.scard(k["dupefilter"])}


# -- the queue -------------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    # The queue class subclasses scrapy-redis' (which imports Scrapy): built on first use,
    # so that `complaints crawl` without --redis does not pay for the import.
    if name == "ReliableQueue":
        cls = _reliable_queue()
        globals()[name] = cls
        return cls
    raise AttributeError(name)


def _reliable_queue() -> type:
    from scrapy_redis.queue import PriorityQueue

    class ReliableQueue(_ReliableQueueMixin, PriorityQueue):
        """scrapy-redis' PriorityQueue whose pop records the request as in flight."""

    ReliableQueue.__module__, ReliableQueue.__qualname__ = __name__, "ReliableQueue"
    return ReliableQueue


class _ReliableQueueMixin:
    def __init__(self, server, spider, key, serializer=None) -> None:
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.worker = settings.get("COMPLAINTS_REDIS_WORKER") or new_worker_id()
        self.inflight_key = crawl_keys(settings.get("COMPLAINTS_REDIS_PREFIX"))["inflight"] + self.worker
        self._pop = server.register_script(POP_LUA)
        spider.complaints_queue = self

    def push(self, request) -> None:
        import redis

        parent = request.meta.pop(PARENT, None)   # not stored: it names this worker's entry
        try:
            super().push(request)
        except redis.RedisError as e:
            # The parent stays in flight (not acked): the next run fetches it again and
            # produces this request anew.
            Coordinator.of(self.spider.crawler).redis_lost(e)
            return
        if parent:
            Coordinator.of(self.spider.crawler).output_done(parent)

    def pop(self, timeout: int = 0):
        import redis

        from crawler.queue_json import QueueFormatError

        while True:
            token = uuid.uuid4().hex
            try:
                data = self._pop(keys=[self.key, self.inflight_key], args=[token])
            except redis.RedisError as e:
                Coordinator.of(self.spider.crawler).redis_lost(e)
                return None
            if not data:
                return None
            try:
                request = self._decode_request(data)
            except (QueueFormatError, ValueError, TypeError, KeyError, AttributeError) as e:
                # Not a request this project wrote (a pickle, garbage): never executed,
                # dropped from the queue, counted and logged; the next entry is taken.
                log.error("dropped an unreadable entry of the Redis queue %s: %s (%r...)", self.key, e, data[:60])
                self.spider.crawler.stats.inc_value("complaints/redis_bad_entries")
                self.ack(token)
                continue
            request.meta[TOKEN] = token
            return request

    def ack(self, token: str) -> None:
        self.server.hdel(self.inflight_key, token)


# -- acking: a response is done when its callback's output has been fully processed ----------


class AckMiddleware:
    """Counts what each response's callback produced; the response is acked when its
    callback has returned, its items are through the item pipelines (stored) and its
    requests are pushed to Redis (or dropped as duplicates). Placed last in the spider
    middleware chain so that it sees the output the engine will really get."""

    def __init__(self, coordinator: "Coordinator") -> None:
        self.coordinator = coordinator

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Coordinator.of(crawler))

    def process_spider_output(self, response, result, spider=None):
        token = response.meta.get(TOKEN)
        for out in result:
            self.coordinator.produced(token, out)
            yield out
        self.coordinator.callback_done(token)

    async def process_spider_output_async(self, response, result, spider=None):
        token = response.meta.get(TOKEN)
        async for out in result:
            self.coordinator.produced(token, out)
            yield out
        self.coordinator.callback_done(token)


# -- the coordinator: seeding once, heartbeat, reclaiming, finishing together ----------------


class Coordinator:
    """A Scrapy extension; one per worker process."""

    def __init__(self, crawler) -> None:
        from scrapy import signals
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        settings = crawler.settings
        self.prefix = settings.get("COMPLAINTS_REDIS_PREFIX")
        self.worker = settings.get("COMPLAINTS_REDIS_WORKER")
        self.keys = crawl_keys(self.prefix)
        self.server = get_redis_from_settings(settings)
        self._reclaim = self.server.register_script(RECLAIM_LUA)
        self.pending: Counter[str] = Counter()   # token -> outputs (items, requests) not yet handled
        self.finished: set[str] = set()          # tokens whose callback has returned
        self.loop = None
        self.stopping = False
        for handler, signal in ((self.spider_opened, signals.spider_opened), (self.spider_idle, signals.spider_idle),
                                (self.spider_closed, signals.spider_closed),
                                (self.item_done, signals.item_scraped), (self.item_done, signals.item_dropped),
                                (self.item_error, signals.item_error), (self.spider_error, signals.spider_error),
                                (self.request_dropped, signals.request_dropped)):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def of(cls, crawler) -> "Coordinator":
        """The one instance of a crawler (the middleware and the extension share it)."""
        if not hasattr(crawler, "_complaints_coordinator"):
            crawler._complaints_coordinator = cls(crawler)
        return crawler._complaints_coordinator

    @classmethod
    def from_crawler(cls, crawler) -> "Coordinator":
        return cls.of(crawler)

    # -- seeding once --

    def claim_seeding(self) -> bool:
        """True for the one worker that pushes the seed requests of this crawl."""
        return bool(self.server.set(self.keys["seeded"], f"{SEEDING}:{self.worker}", nx=True))

    def seeding_done(self) -> None:
        self.server.set(self.keys["seeded"], SEEDED)

    # -- acking --

    def produced(self, token: str | None, out: Any) -> None:
        from scrapy.http import Request

        if not token or out is None:
            return
        self.pending[token] += 1
        if isinstance(out, Request):
            out.meta[PARENT] = token

    def callback_done(self, token: str | None) -> None:
        if token:
            self.finished.add(token)
            self._maybe_ack(token)

    def output_done(self, token: str | None) -> None:
        if token and self.pending[token] > 0:
            self.pending[token] -= 1
            self._maybe_ack(token)

    def item_done(self, item: Any = None, response: Any = None, **kw: Any) -> None:
        self.output_done(getattr(response, "meta", {}).get(TOKEN) if response is not None else None)

    def item_error(self, item: Any = None, response: Any = None, failure: Any = None, **kw: Any) -> None:
        """An item that failed in the pipelines: acked (a broken item fails again), unless
        the database is gone; then it stays in flight and the worker stops."""
        if not self.database_lost(failure):
            self.item_done(item, response)

    def spider_error(self, failure: Any = None, **kw: Any) -> None:
        """A callback failed (its request stays in flight until we are idle); a callback
        that could not reach the database (incremental look-ups) stops the worker."""
        self.database_lost(failure)

    def database_lost(self, failure: Any) -> bool:
        from sqlalchemy import exc

        from pipeline.store import StoreError

        if failure is None or not failure.check(StoreError, exc.OperationalError, exc.InterfaceError):
            return False
        self.stop("database_unavailable", failure.value)
        return True

    def request_dropped(self, request: Any = None, **kw: Any) -> None:
        """A follow-up request the dupefilter refused: it counts as handled."""
        self.output_done(request.meta.pop(PARENT, None) if request is not None else None)

    def _maybe_ack(self, token: str) -> None:
        if token in self.finished and self.pending[token] <= 0:
            self.finished.discard(token)
            self.pending.pop(token, None)
            queue = getattr(self.crawler.spider, "complaints_queue", None)
            if queue is not None:
                self._redis(queue.ack, token)

    # -- heartbeat and reclaiming --

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self.crawler.stats.set_value("complaints/redis_worker", self.worker)
        self.beat()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(HEARTBEAT_SECONDS, now=False)

    def beat(self) -> None:
        self.server.set(self.keys["worker"] + self.worker, "1", ex=HEARTBEAT_TTL)

    def tick(self) -> None:
        """Twice a second: say we are alive, take over dead workers' requests, and wake the
        engine (it polls an empty scheduler only every 5 s by itself, and other workers
        may have pushed requests since)."""
        if self.stopping:
            return
        if not self._redis(self.beat):
            return
        self._redis(self.reclaim_dead)
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and getattr(slot, "nextcall", None) is not None:
            slot.nextcall.schedule()

    def inflight_workers(self) -> dict[str, int]:
        out = {}
        for key in self.server.scan_iter(self.keys["inflight"] + "*"):
            key = key.decode() if isinstance(key, bytes) else key
            out[key[len(self.keys["inflight"]):]] = self.server.hlen(key)
        return out

    def alive(self, worker: str) -> bool:
        return worker == self.worker or bool(self.server.exists(self.keys["worker"] + worker))

    def reclaim_dead(self) -> int:
        moved = 0
        for worker, n in self.inflight_workers().items():
            if n and not self.alive(worker):
                got = int(self._reclaim(keys=[self.keys["inflight"] + worker, self.keys["queue"]]))
                if got:
                    log.warning("worker %s is gone: %d of its requests put back on the queue", worker, got)
                    self.crawler.stats.inc_value("complaints/redis_reclaimed", got)
                moved += got
        return moved

    # -- finishing together --

    def spider_idle(self, spider) -> None:
        """Our engine has nothing left: everything we popped is processed. Close only when
        the whole crawl is done, not just our share of it."""
        import redis
        from scrapy.exceptions import DontCloseSpider

        if self.stopping:
            raise DontCloseSpider   # closing already (Redis or the database lost), with its own reason
        try:
            done = self._crawl_done(spider)
        except redis.RedisError as e:   # Redis gone: stop cleanly; keys persist, the next run continues
            self.redis_lost(e)
            raise DontCloseSpider from e   # closing already, with reason redis_unavailable
        if not done:
            raise DontCloseSpider

    def _crawl_done(self, spider) -> bool:
        self.server.delete(self.keys["inflight"] + self.worker)   # all ours are processed
        self.finished.clear()
        self.pending.clear()
        if self.server.zcard(self.keys["queue"]):
            return False
        if self._reseed_if_seeder_died(spider):
            return False
        for worker, n in self.inflight_workers().items():
            if n:
                self.reclaim_dead()
                return False   # a live worker is still busy: it may produce more requests
        self.finish_crawl()
        return True

    def _reseed_if_seeder_died(self, spider) -> bool:
        seeded = self.server.get(self.keys["seeded"])
        seeded = seeded.decode() if isinstance(seeded, bytes) else seeded
        if seeded is None or seeded == SEEDED:
            return False
        seeder = seeded.split(":", 1)[1] if ":" in seeded else ""
        if self.alive(seeder):
            return True   # still seeding: wait for it
        # The seeding worker died before pushing every seed: push them again (idempotent).
        if self.server.set(self.keys["seeded"], f"{SEEDING}:{self.worker}", xx=True):
            for request in spider.seed_requests():
                self.crawler.engine.crawl(request)
            self.seeding_done()
        return True

    def finish_crawl(self) -> None:
        """The crawl is complete: clear its keys so the next scheduled run starts afresh."""
        self.server.delete(self.keys["dupefilter"], self.keys["seeded"], self.keys["queue"])
        log.info("shared crawl %s complete", self.prefix)

    def spider_closed(self, spider, reason: str) -> None:
        self.stopping = True
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        # Our heartbeat goes now, so others reclaim at once what we leave unfinished.
        self._redis(self.server.delete, self.keys["worker"] + self.worker)

    def redis_lost(self, error: Exception) -> None:
        self.stop("redis_unavailable", error)

    def stop(self, reason: str, error: Exception) -> None:
        """Redis or the database is gone: stop this worker now. What it holds in flight
        stays recorded (no idle clean-up while stopping), so another worker, or the next
        run, fetches it again; the finish reason makes the exit code non-zero."""
        if self.stopping:
            return
        self.stopping = True
        what = "Redis" if reason == "redis_unavailable" else "the database"
        log.error("lost %s (%s): stopping this worker; the crawl continues on the next run", what,
                  str(error).splitlines()[0][:300] if str(error) else type(error).__name__)
        self.crawler.stats.set_value(f"complaints/{reason}", str(error)[:200])
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def _redis(self, fn, *args: Any) -> bool:
        import redis

        try:
            fn(*args)
            return True
        except redis.RedisError as e:
            self.redis_lost(e)
            return False


# -- seeding: the spider's start requests pass here ------------------------------------------


class SeedOnceMiddleware:
    """Only the worker that wins `SET seeded NX` lets the seed requests through."""

    def __init__(self, coordinator: Coordinator) -> None:
        self.coordinator = coordinator

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Coordinator.of(crawler))

    async def process_start(self, start):
        if not self.coordinator.claim_seeding():
            log.info("seeds already pushed by another worker: taking requests from the shared queue")
            return
        async for request in start:
            yield request
        self.coordinator.seeding_done()


def worker_settings(source: str, redis_url: str | None, redis_key: str | None = None,
                    jobdir: str | None = None) -> dict[str, Any] | None:
    """Settings for `complaints crawl --redis`: checked before anything starts."""
    if not redis_url:
        if redis_key:
            raise DistributedError("--redis-key needs --redis URL")
        return None
    if jobdir:
        raise DistributedError("--jobdir and --redis do not go together: the shared crawl's state lives in Redis")
    check_redis(redis_url)
    return redis_settings(redis_url, redis_key or default_prefix(source))

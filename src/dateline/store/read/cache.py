"""Aggregates kept between requests while the stored data is unchanged.

The actor and place lists, the row counts, the top dyads and entities, timelines, networks and the totals of
filtered lists each read a large part of the store: hundreds of thousands of rows at 20,000 articles. A
:class:`ReadCache` (one per :class:`~dateline.store.Store`) keeps such a result together with the
:func:`data_version` it was computed at, and hands it out again while the version is unchanged.

The version is the number of articles and the latest ``ingested_at`` (one query on the primary key and an
index), and the number of linked articles and the linking rule (docs/linking.md). That is enough because
articles are only ever written whole, with all their annotations, in one transaction, and never updated: any
write or delete of an article changes the count or the latest time, and no annotation changes without one.
Stories and linked events change with the articles (they are linked in the same transaction) or by ``dateline
link`` in another process, which either links articles never linked (more linked articles) or links
everything again under a new rule (another rule; under the same rule it gives the same links). Failures,
runs and seen URLs are not covered: they are never cached.

The version is read again at most every ``recheck`` seconds (1 s), not for every cached call: on PostgreSQL the
count costs some milliseconds at 20,000 articles, and a dashboard makes six such calls. While an ingest runs the
version changes with every batch. Then a result is reused for up to ``lag`` times as long as it took to compute
(a 1 s aggregate is about 3 s behind at most), and only one previous result is recomputed at a time, by the
request that found it out of date: the requests for it, or for any other out-of-date result, that come
meanwhile get the previous one. So a busy server spends at most one thread on refreshing aggregates, and a
running ingest shows up within seconds. (A result that was never computed is computed at once, each key once
at a time.) Writes through the same ``Store`` drop every entry (:meth:`ReadCache.clear`), so they are seen at
once. Results are shared between threads and must be immutable (frozen dataclasses, tuples, ints).

A server turns on **refreshing in the background** (:meth:`ReadCache.refresh_in_background`, ``dateline serve``
does): a previous result that is out of date is then computed again by one thread of the cache's own, with a
connection of its own (the ``background`` callable :meth:`ReadCache.get` is given), and the request that found
it out of date waits for it at most ``wait`` seconds (50 ms) before it takes the previous result. Refreshing
in the request itself made that request as slow as the aggregate: at 3,000 articles on PostgreSQL under an
ingest, the dashboard's and the actor list's GET p95 rose to 0.4-0.7 s while their p50 stayed at 10-20 ms,
and that tail grew with the store. A cheap aggregate is still fresh at once; an expensive one is at most one
computation behind. Results computed inside a refresh (an aggregate built on another) are computed there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa

from dateline.store.schema import articles, link_settings, story_articles

T = TypeVar("T")

log = logging.getLogger(__name__)

#: ``(number of articles, latest ingested_at, number of linked articles, the linking rule's settings)``.
Version = tuple[int, datetime | None, int, tuple[tuple[str, str], ...]]


def data_version(conn: sa.Connection) -> Version:
    """The store's data version: it changes whenever an article (with its annotations) is written or deleted, or
    articles are linked (again)."""
    count, latest = conn.execute(sa.select(sa.func.count(), sa.func.max(articles.c.ingested_at))).one()
    linked = conn.scalar(sa.select(sa.func.count()).select_from(story_articles)) or 0
    rule = conn.execute(sa.select(link_settings.c.name, link_settings.c.value).order_by(link_settings.c.name))
    return int(count), latest, int(linked), tuple((str(name), str(value)) for name, value in rule)


@dataclass(frozen=True, slots=True)
class _Entry:
    version: Version
    value: Any
    at: float  # time.monotonic() when computed
    cost: float  # seconds the computation took


class ReadCache:
    """Results by key, each with the data version it was computed at (see the module's docstring).

    ``max_entries``: the least recently used results are dropped beyond this many. ``lag``: a result is reused
    after the data changed for up to ``lag`` times its computation time (0: never). ``recheck``: seconds a data
    version read by :meth:`version` is trusted (0: read it every time).
    """

    def __init__(self, max_entries: int = 256, lag: float = 3.0, recheck: float = 1.0) -> None:
        self.max_entries = max_entries
        self.lag = lag
        self.recheck = recheck
        self._version: tuple[Version, float, int] | None = None  # (version, read at, generation)
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._busy: dict[Hashable, threading.Lock] = {}
        self._refreshing = (
            threading.RLock()
        )  # held while a previous result is recomputed (reentrant: nesting)
        self._guard = threading.Lock()
        self._generation = 0
        self.hits = self.misses = 0
        self.wait: float | None = None  # refresh in the background, waiting this long (None: in the request)
        self._refresher: ThreadPoolExecutor | None = None
        self._queued: dict[Hashable, Future[Any]] = {}  # keys being refreshed in the background
        self._local = threading.local()  # .refreshing: this thread is the refresher

    def refresh_in_background(self, wait: float = 0.05) -> None:
        """From now on, refresh out-of-date results in a thread of the cache's own (see the module's docstring):
        a request waits at most ``wait`` seconds for the new result, then takes the previous one."""
        with self._guard:
            self.wait = wait
            if self._refresher is None:
                self._refresher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-cache")

    def close(self) -> None:
        """Stop the background refresher (waiting for a refresh under way); results stay readable."""
        with self._guard:
            refresher, self._refresher, self.wait = self._refresher, None, None
        if refresher is not None:
            refresher.shutdown(wait=True, cancel_futures=True)

    def version(self, read: Callable[[], Version]) -> Version:
        """The data version: ``read()`` (e.g. :func:`data_version`), or what it gave less than ``recheck``
        seconds ago (and since the last :meth:`clear`)."""
        with self._guard:
            known, generation = self._version, self._generation
        now = time.monotonic()
        if known is not None and now - known[1] < self.recheck and known[2] == generation:
            return known[0]
        version = read()
        with self._guard:
            if generation == self._generation:
                self._version = (version, now, generation)
        return version

    def get(
        self, key: Hashable, version: Version, compute: Callable[[], T], background: Callable[[], T] | None = None
    ) -> T:
        """The result for ``key`` at ``version``: cached, or computed now by ``compute()`` (once at a time per key).
        ``background``: the same computation, safe to run in another thread (its own connection); with
        :meth:`refresh_in_background` on, an out-of-date result is refreshed by it there."""
        with self._guard:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                if entry.version == version or time.monotonic() - entry.at < self.lag * entry.cost:
                    self.hits += 1
                    return entry.value  # type: ignore[no-any-return]
            busy = self._busy.setdefault(key, threading.Lock())
            refresher, wait = self._refresher, self.wait
        if entry is not None and background is not None and refresher is not None and wait is not None:
            if not getattr(self._local, "refreshing", False):
                return self._in_background(key, version, entry, background, refresher, wait)
        refreshing = entry is not None
        # A previous result is refreshed here unless this key, or any other, is being refreshed already.
        if entry is not None:
            if not busy.acquire(blocking=False):
                return self._stale(entry)
            if not self._refreshing.acquire(blocking=False):
                busy.release()
                return self._stale(entry)
        else:
            busy.acquire()  # nothing to hand out yet: wait for a computation under way, then check again
        try:
            with self._guard:
                done = self._entries.get(key)
                if done is not None and done.version == version:
                    self.hits += 1
                    return done.value  # type: ignore[no-any-return]
                generation = self._generation
                self.misses += 1
            return self._computed(key, version, compute, generation)
        finally:
            if refreshing:
                self._refreshing.release()
            busy.release()

    def _in_background(self, key: Hashable, version: Version, entry: _Entry, background: Callable[[], T],
                       refresher: ThreadPoolExecutor, wait: float) -> T:  # fmt: skip
        """The new result if the refresher has it within ``wait`` seconds (asking it for one unless it is on it
        already), else the previous one. As in the request, one result is refreshed at a time: while the
        refresher is on another key, this one is not queued behind it (it is asked again by a later request),
        so the refresher never runs one aggregate after another without a pause."""
        with self._guard:
            future = self._queued.get(key)
            if future is None and not self._queued:  # the refresher is free: ask it
                try:
                    future = refresher.submit(self._refresh, key, version, background, self._generation)
                except RuntimeError:  # shut down meanwhile
                    pass
                else:
                    self._queued[key] = future
                    self.misses += 1
        if future is not None:
            try:
                return future.result(timeout=wait)  # type: ignore[no-any-return]
            except Exception:  # not done in time, or failed (the refresher logged it): the previous result
                pass
        return self._stale(entry)  # type: ignore[no-any-return]

    def _refresh(self, key: Hashable, version: Version, background: Callable[[], Any], generation: int) -> Any:
        """In the refresher thread: compute ``key`` again and keep it, unless the cache was cleared meanwhile."""
        self._local.refreshing = True
        try:
            return self._computed(key, version, background, generation)
        except Exception:
            log.exception("refreshing the cached %r failed; the previous result is kept", key)
            raise
        finally:
            with self._guard:
                self._queued.pop(key, None)

    def _computed(self, key: Hashable, version: Version, compute: Callable[[], T], generation: int) -> T:
        """``compute()``, kept for ``key`` at ``version`` unless a write cleared the cache meanwhile (the result
        may predate it); the least recently used results beyond ``max_entries`` are dropped."""
        started = time.monotonic()
        value = compute()
        now = time.monotonic()
        with self._guard:
            if generation == self._generation:
                self._entries[key] = _Entry(version, value, now, now - started)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    self._busy.pop(old, None)
        return value

    def _stale(self, entry: _Entry) -> Any:
        with self._guard:
            self.hits += 1
        return entry.value

    def clear(self) -> None:
        """Forget every result (after a write through this store); computations under way are not kept."""
        with self._guard:
            self._entries.clear()
            self._version = None
            self._generation += 1

    def __len__(self) -> int:
        return len(self._entries)

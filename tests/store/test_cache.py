"""Cached aggregates: reused while the data is unchanged, recomputed once it changes (through this store or
another one), never computed twice at a time, and a stale result only while a new one is being computed."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from dateline.link import LinkRule
from dateline.store import Store
from dateline.store.read import EventFilter
from dateline.store.read.cache import ReadCache, data_version

from .conftest import Target, build_extraction

V1 = (1, datetime(2024, 3, 3, tzinfo=UTC), 1, ())
V2 = (2, datetime(2024, 3, 4, tzinfo=UTC), 2, ())


class Counter:
    """A computation that counts its calls and can be held until released."""

    def __init__(self, hold: bool = False, base: int = 0) -> None:
        self.calls, self.base = 0, base
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self) -> int:
        self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        return self.base + self.calls


def test_same_version_computes_once_and_a_new_version_recomputes() -> None:
    cache, compute = ReadCache(lag=0), Counter()
    assert cache.get("k", V1, compute) == 1
    assert cache.get("k", V1, compute) == 1
    assert cache.get("other", V1, compute) == 2
    assert cache.get("k", V2, compute) == 3
    assert cache.get("k", V2, compute) == 3
    assert (cache.hits, cache.misses) == (2, 3)


def test_clear_forgets_and_does_not_keep_a_computation_under_way() -> None:
    cache = ReadCache(lag=0)
    cache.get("k", V1, Counter())
    cache.clear()
    assert len(cache) == 0
    held = Counter(hold=True)
    worker = threading.Thread(target=cache.get, args=("k", V1, held))
    worker.start()
    assert held.started.wait(10)
    cache.clear()  # a write while it computes: its result may predate the write
    held.release.set()
    worker.join(10)
    assert len(cache) == 0


def test_least_recently_used_results_are_dropped() -> None:
    cache, compute = ReadCache(max_entries=2, lag=0), Counter()
    for key in ("a", "b", "a", "c"):
        cache.get(key, V1, compute)
    assert compute.calls == 3
    cache.get("a", V1, compute)
    cache.get("b", V1, compute)
    assert compute.calls == 4  # b was dropped, a was kept


def test_a_result_is_reused_after_a_change_for_lag_times_its_cost() -> None:
    cache = ReadCache(lag=1000)
    slow = Counter()
    cache.get("k", V1, lambda: (time.sleep(0.01), slow())[1])
    assert cache.get("k", V2, slow) == 1  # 10 s of grace for a 10 ms computation
    cache.lag = 0
    assert cache.get("k", V2, slow) == 2


def test_while_one_request_recomputes_the_others_get_the_previous_result() -> None:
    cache = ReadCache(lag=0)
    cache.get("k", V1, Counter())
    held = Counter(hold=True, base=100)
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(cache.get("k", V2, held)))
    worker.start()
    assert held.started.wait(10)
    other = Counter()
    assert cache.get("k", V2, other) == 1  # the previous result: not blocked, not computed again
    assert other.calls == 0
    held.release.set()
    worker.join(10)
    assert results == [101] and cache.get("k", V2, other) == 101 and other.calls == 0


def test_one_previous_result_is_refreshed_at_a_time() -> None:
    cache = ReadCache(lag=0)
    cache.get("a", V1, Counter())
    cache.get("b", V1, Counter(base=10))
    held = Counter(hold=True, base=100)
    worker = threading.Thread(target=cache.get, args=("a", V2, held))
    worker.start()
    assert held.started.wait(10)
    other = Counter(base=20)
    assert cache.get("b", V2, other) == 11 and other.calls == 0  # b waits for its turn: the previous b
    assert cache.get("new", V2, other) == 21  # never computed: computed at once
    held.release.set()
    worker.join(10)
    assert cache.get("b", V2, other) == 22  # now refreshed
    assert cache.get("a", V2, other) == 101


def test_with_nothing_to_hand_out_requests_wait_for_the_one_computation() -> None:
    cache = ReadCache(lag=0)
    held = Counter(hold=True)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", V1, held))) for _ in range(4)]
    for t in threads:
        t.start()
    assert held.started.wait(10)
    time.sleep(0.05)
    held.release.set()
    for t in threads:
        t.join(10)
    assert results == [1, 1, 1, 1] and held.calls == 1


def test_the_version_is_read_again_after_recheck_seconds_or_a_clear() -> None:
    cache = ReadCache(recheck=1000)
    reads = iter([V1, V2, V1])
    assert cache.version(lambda: next(reads)) == V1
    assert cache.version(lambda: next(reads)) == V1
    cache.clear()
    assert cache.version(lambda: next(reads)) == V2
    cache.recheck = 0
    assert cache.version(lambda: next(reads)) == V1


def test_data_version_changes_with_every_write_and_delete(store: Store) -> None:
    with store.reader() as conn:
        empty = data_version(conn)
    assert empty == (0, None, 0, ())
    store.write(build_extraction(1))
    with store.reader() as conn:
        one = data_version(conn)
    assert one[0] == 1 and one[1] is not None
    store.write(build_extraction(2))
    store.delete_article(build_extraction(2).article.id)
    with store.reader() as conn:
        after = data_version(conn)
    assert after[0] == 1 and after != empty


def _aggregates(store: Store) -> tuple[object, ...]:
    return (
        store.counts(),
        store.actors(),
        store.places(),
        store.top_dyads(),
        store.top_entities(),
        store.timeline(),
        store.network(),
        store.count_events(EventFilter(actor="RUS")),
        store.count_quotes(),
        store.count_articles(),
        store.sources(),
    )


def test_aggregates_follow_writes_through_the_store(store: Store) -> None:
    store.write(build_extraction(1))
    before = _aggregates(store)
    assert _aggregates(store) == before and store.cache.hits > 0
    store.write(build_extraction(2, source="AFP"))
    after = _aggregates(store)
    assert after != before
    counts, (actors, _), *_ = after
    assert counts["articles"] == 2 and counts["events"] == 4
    assert {a.code: a.articles for a in actors}["RUS"] == 2
    assert store.count_events(EventFilter(actor="RUS")) == 4 and store.sources() == ["AFP", "Reuters"]
    store.delete_article(build_extraction(2, source="AFP").article.id)
    assert store.counts()["articles"] == 1 and store.count_events(EventFilter(actor="RUS")) == 2


def test_the_actor_count_alone_matches_the_list(store: Store) -> None:
    assert store.actors(limit=0) == ([], 0)
    quoted = build_extraction(3)
    speaker = dataclasses.replace(quoted.quotes[0].speaker, actor="ZZZSPK")  # a code that only speaks
    store.write(dataclasses.replace(quoted, quotes=(dataclasses.replace(quoted.quotes[0], speaker=speaker),)))
    store.write(build_extraction(4))
    everything, total = store.actors(limit=1000)
    assert store.actors(limit=0) == ([], total) and total == len(everything)
    assert {"RUS", "RUSGOV", "UKR", "ZZZSPK"} <= {a.code for a in everything}


@pytest.mark.parametrize("lag", [0.0, 3.0])
def test_aggregates_follow_writes_through_another_store(db_target: Target, lag: float) -> None:
    with db_target.open() as reader, db_target.open() as writer:
        reader.cache.lag = reader.cache.recheck = lag
        writer.write(build_extraction(1))
        assert reader.counts()["events"] == 2
        writer.write(build_extraction(2))
        deadline = (
            time.monotonic() + 10
        )  # with a lag: a result that took milliseconds is reused for milliseconds
        while lag and reader.counts()["events"] != 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert reader.counts()["events"] == 4
        assert reader.actors()[0][0].articles == 2
        assert reader.timeline().buckets[0].total == 2 and reader.timeline().undated == 2


def test_linking_by_another_store_changes_the_version(db_target: Target) -> None:
    """`dateline link` in another process: linking unlinked articles, or everything again under a new rule."""
    with Store.open(db_target.url, schema=db_target.schema, link=False) as writer, db_target.open() as reader:
        reader.cache.lag = reader.cache.recheck = 0
        writer.write(build_extraction(1))
        with reader.reader() as conn:
            before = data_version(conn)
        assert reader.counts()["story_articles"] == 0
        writer.link()
        with reader.reader() as conn:
            linked = data_version(conn)
        assert linked != before and reader.counts()["story_articles"] == 1
        writer.link(rule=LinkRule(day_window=3), rebuild=True)
        with reader.reader() as conn:
            assert data_version(conn) not in (before, linked)


# -- refreshing in the background (dateline serve) ----------------------------------------------------


@contextmanager
def _background_cache(wait: float) -> Iterator[ReadCache]:
    cache = ReadCache(lag=0)
    cache.refresh_in_background(wait)
    try:
        yield cache
    finally:
        cache.close()


def _eventually(check: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)
    assert check()  # type: ignore[operator]


def test_a_slow_refresh_runs_in_the_background_and_the_request_gets_the_previous_result() -> None:
    with _background_cache(wait=0.01) as cache:
        assert cache.get("k", V1, Counter()) == 1
        inline, held = Counter(), Counter(hold=True, base=100)
        started = time.monotonic()
        assert cache.get("k", V2, inline, background=held) == 1  # not waiting for the refresh
        assert time.monotonic() - started < 5 and held.started.wait(10)
        assert cache.get("k", V2, inline, background=Counter(base=50)) == 1  # one refresh of a key at a time
        cache.get("other", V1, Counter(base=10))
        not_queued = Counter(base=20)
        assert cache.get("other", V2, inline, background=not_queued) == 11  # nor of another key meanwhile
        held.release.set()
        _eventually(lambda: cache.get("k", V2, inline, background=held) == 101)
        assert inline.calls == 0 and held.calls == 1 and not_queued.calls == 0
        _eventually(lambda: cache.get("other", V2, inline, background=not_queued) == 21)  # asked again later


def test_a_quick_refresh_is_handed_out_at_once() -> None:
    with _background_cache(wait=10) as cache:
        cache.get("k", V1, Counter())
        refreshed_in = []

        def background() -> int:
            refreshed_in.append(threading.current_thread())
            return 7

        assert cache.get("k", V2, Counter(), background=background) == 7
        assert refreshed_in and refreshed_in[0] is not threading.current_thread()
        never = Counter()
        assert cache.get("new", V2, never, background=never) == 1  # never computed: computed by the request


def test_a_refresh_computes_the_results_it_builds_on_in_its_own_thread() -> None:
    with _background_cache(wait=10) as cache:
        cache.get("stats", V1, Counter())
        cache.get("list", V1, Counter())
        stats = Counter(base=10)

        def list_from_stats() -> int:
            return 100 + cache.get("stats", V2, stats, background=stats)  # nested: computed here, not queued

        assert cache.get("list", V2, Counter(), background=list_from_stats) == 111
        assert stats.calls == 1


def test_a_refresh_under_way_at_a_write_is_not_kept_and_a_failed_one_keeps_the_previous_result() -> None:
    with _background_cache(wait=0.01) as cache:
        cache.get("k", V1, Counter())
        held = Counter(hold=True, base=100)
        assert cache.get("k", V2, Counter(), background=held) == 1
        assert held.started.wait(10)
        cache.clear()  # a write through this store while the refresh ran
        held.release.set()
        _eventually(lambda: not cache._queued)
        assert len(cache) == 0

        cache.get("k", V1, Counter())

        def broken() -> int:
            raise RuntimeError("the database went away")

        assert cache.get("k", V2, Counter(), background=broken) == 1
        _eventually(lambda: not cache._queued)
        assert cache.get("k", V2, Counter(), background=lambda: 9) in (1, 9)  # tried again
        _eventually(lambda: cache.get("k", V2, Counter(), background=lambda: 9) == 9)


def test_a_store_refreshes_over_its_own_connection_in_the_background(db_target: Target) -> None:
    with db_target.open() as reader, db_target.open() as writer:
        reader.cache.recheck = 0
        reader.cache.lag = 0
        assert reader.refresh_in_background(wait=0)
        refresher = reader.cache._refresher
        assert refresher is not None
        writer.write(build_extraction(1))
        assert reader.counts()["events"] == 2  # never computed: by the request
        writer.write(build_extraction(2))
        _eventually(lambda: reader.counts()["events"] == 4)
        _eventually(lambda: reader.actors()[0][0].articles == 2)
        _eventually(lambda: reader.timeline().undated == 2)
    assert not any(t.is_alive() for t in refresher._threads)  # closed with the store: nothing left running


def test_an_in_memory_store_refreshes_in_the_request() -> None:
    with Store.open(":memory:") as store:
        assert not store.refresh_in_background()
        assert store.cache.wait is None

"""The seen_urls table on both backends: one row per canonical URL, attempts counted by the database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store import Store
from dateline.store.schema import seen_urls

FEED = "http://news.example.test/feed.xml"


def test_first_attempt_inserts_and_later_ones_update(store: Store) -> None:
    url = "http://news.example.test/a"
    store.record_seen(url, link=url + "?utm_source=rss", feed_url=FEED, status="retrying", error_code="E113")
    first = store.seen_urls([url])[url]
    assert (first.attempts, first.status, first.error_code, first.final) == (1, "retrying", "E113", False)
    assert first.first_seen == first.last_attempt and first.first_seen.tzinfo is not None
    store.record_seen(url, link=url, feed_url="http://other.example.test/rss", status="stored", article_id="abc",
                      final_url=url + "/")  # fmt: skip
    row = store.seen_urls([url])[url]
    assert (row.attempts, row.status, row.article_id, row.error_code, row.final) == (2, "stored", "abc", None, True)
    assert row.link == url + "?utm_source=rss" and row.feed_url == FEED  # the first announcement is kept
    assert row.first_seen == first.first_seen and row.last_attempt >= first.last_attempt
    assert row.final_url == url + "/"


def test_lookup_of_many_urls_and_unknown_ones(store: Store) -> None:
    urls = [f"http://news.example.test/{i}" for i in range(1200)]
    for u in urls[::100]:
        store.record_seen(u, link=u, feed_url=FEED, status="failed", error_code="E112")
    found = store.seen_urls(urls + ["http://nowhere.example.test/"])
    assert set(found) == set(urls[::100]) and all(r.status == "failed" and r.final for r in found.values())
    assert store.seen_urls([]) == {}


def test_statuses_are_checked(store: Store) -> None:
    with pytest.raises(ValueError):
        store.record_seen("http://x.test/", link="http://x.test/", feed_url=FEED, status="done")
    with store.engine.connect() as conn, pytest.raises(sa.exc.IntegrityError):  # the database checks too
        conn.execute(sa.insert(seen_urls).values(
            url="u", link="u", feed_url=FEED, first_seen=sa.func.now(), last_attempt=sa.func.now(), attempts=1,
            status="done"))  # fmt: skip


def test_untrusted_text_is_stored(store: Store) -> None:
    odd = "http://x.test/a\x00b"
    store.record_seen(odd, link=odd, feed_url=FEED, status="failed")
    assert list(store.seen_urls([odd]).values())[0].url == "http://x.test/a\ufffdb"


def test_a_closed_store_refuses(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError):
        store.seen_urls(["http://x.test/"])

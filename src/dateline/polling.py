"""Feeds in, stored articles out: one poll of ``dateline watch``.

``FeedWatcher(feed_urls, fetcher).poll(store, execution, run_id=...)`` fetches every feed (conditionally,
with the ETag/Last-Modified of this watcher's previous poll), canonicalises each entry's link
(``ingest.urls.canonical_url``), and looks the canonical URLs up in the store's ``seen_urls`` table. An item
already ``stored``, ``skipped`` or ``failed`` there, or repeated earlier in the same poll, is not fetched
again; the others (new ones, and ``retrying`` ones) are fetched politely (``ingest.fetch.Fetcher``), read
through the HTML reader and handed to the shared write path ``ingestion.ingest_items``. After each item's
outcome its ``seen_urls`` row is written: a restarted watcher therefore fetches nothing twice, except the
items of a write batch that was interrupted before it was committed (their articles were not stored).

Every failure (a feed unreachable or not a feed, a page that is missing, slow, too large, not HTML, or holds
no article) becomes a recorded Failure naming the URL and the reason, and the rest goes on. Transient
failures (timeouts, connection errors, HTTP 5xx, 408, 429) are retried on later polls, up to
``max_attempts`` attempts in all, then recorded as given up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .errors import E_FEED, E_FIELD, E_HTML, E_UNAVAILABLE, IngestError
from .ingest.feeds import Feed, FeedEntry, article_from_page, parse_feed
from .ingest.fetch import ACCEPT_FEED, Fetcher, FetchError
from .ingest.urls import canonical_url
from .ingestion import Outcome, RunCounts, ingest_items
from .model import Article, Failure
from .scale import Execution
from .store import Store
from .store.seen import SeenUrl

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
"""Attempts at an item whose failures are transient before it is given up (recorded ``failed``)."""


@dataclass(slots=True)
class PollCounts(RunCounts):
    """One poll: items ``stored``, ``skipped`` (their article was already stored), ``failed`` (feeds
    included), plus what was not fetched (``seen``) and how many requests were made."""

    feeds: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0
    entries: int = 0
    seen: int = 0
    retrying: int = 0
    feed_requests: int = 0
    page_requests: int = 0


@dataclass(frozen=True, slots=True)
class _Item:
    feed: Feed
    entry: FeedEntry
    url: str  # canonical
    before: SeenUrl | None


@dataclass(frozen=True, slots=True)
class _Cached:
    feed: Feed
    etag: str | None
    last_modified: str | None


class FeedWatcher:
    """Polls a list of feeds; between polls it keeps each feed's validators and last entries (this process)."""

    def __init__(self, feed_urls: Sequence[str], fetcher: Fetcher, *, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.feed_urls = tuple(dict.fromkeys(u.strip() for u in feed_urls if u.strip()))
        self.fetcher = fetcher
        self.max_attempts = max(1, max_attempts)
        self._cache: dict[str, _Cached] = {}

    def poll(
        self,
        store: Store,
        execution: Execution,
        *,
        run_id: str | None,
        on_item: Callable[[Outcome], None] | None = None,
    ) -> PollCounts:
        """Poll every feed once; store the new items; return the counts (see the module doc)."""
        counts = PollCounts(feeds=len(self.feed_urls))

        def report(outcome: Outcome) -> None:
            counts.add(outcome)
            if on_item is not None:
                on_item(outcome)

        def failed(failure: Failure) -> None:  # a feed's, or an entry's without a link
            store.record_failure(failure, run_id=run_id)
            report(Outcome("failed", failure.origin, failure=failure))

        def feed_failed(failure: Failure) -> None:
            counts.feeds_failed += 1
            failed(failure)

        start = self.fetcher.requests
        feeds = [f for f in (self._read_feed(u, counts, feed_failed) for u in self.feed_urls) if f is not None]
        counts.feed_requests = self.fetcher.requests - start
        items = self._new_items(feeds, store, counts, failed)
        by_origin = {it.entry.link: it for it in items}
        final_urls: dict[str, str] = {}

        def done(outcome: Outcome) -> None:
            it = by_origin.get(outcome.origin)
            if it is not None:
                status = self._record(store, it, outcome, final_urls.get(it.entry.link))
                counts.retrying += status == "retrying"
            report(outcome)

        if not items:  # nothing to fetch: do not start the extraction (it loads the layers' data)
            return counts
        start = self.fetcher.requests
        try:
            ingest_items(self._pages(items, final_urls), store, execution, run_id=run_id, on_item=done)
        finally:
            counts.page_requests = self.fetcher.requests - start
        return counts

    # -- feeds -----------------------------------------------------------------------------------------

    def _read_feed(self, url: str, counts: PollCounts, failed: Callable[[Failure], None]) -> Feed | None:
        cached = self._cache.get(url)
        try:
            resp = self.fetcher.get(url, accept=ACCEPT_FEED, etag=cached.etag if cached else None,
                                    last_modified=cached.last_modified if cached else None)  # fmt: skip
        except FetchError as exc:
            failed(Failure(origin=url, stage="fetch", code=exc.code, message=f"feed {exc.reason}"))
            return None
        if resp.not_modified:
            if cached is not None:
                counts.feeds_unchanged += 1
                log.info("%s: not modified since the last poll", url)
                return cached.feed
            why = f"feed {url}: HTTP 304 (not modified) to a request that was not conditional"
            failed(Failure(origin=url, stage="fetch", code=E_FEED, message=why))
            return None
        try:
            feed = parse_feed(resp.body, url, base=resp.final_url, content_type=resp.content_type)
        except IngestError as exc:
            failed(Failure(origin=url, stage="parse", code=exc.code, message=exc.reason))
            return None
        self._cache[url] = _Cached(feed, resp.etag, resp.last_modified)
        log.info("%s: %s feed with %d entries", url, feed.kind, len(feed.entries))
        return feed

    def _new_items(
        self, feeds: list[Feed], store: Store, counts: PollCounts, failed: Callable[[Failure], None]
    ) -> list[_Item]:
        """The entries to fetch: each canonical URL once, unless the store says it is done with."""
        first: dict[str, tuple[Feed, FeedEntry]] = {}
        for feed in feeds:
            for entry in feed.entries:
                counts.entries += 1
                if not entry.link:
                    failed(Failure(origin=feed.url, line=entry.index, stage="parse", code=E_FIELD,
                                   message=f"feed {feed.url}: entry {entry.index} has no link"))  # fmt: skip
                    continue
                url = canonical_url(entry.link)
                if url in first:
                    counts.seen += 1
                    log.debug("%s: %s repeats %s", feed.url, entry.link, first[url][1].link)
                    continue
                first[url] = (feed, entry)
        known = store.seen_urls(first)
        items: list[_Item] = []
        for url, (feed, entry) in first.items():
            before = known.get(url)
            if before is not None and before.final:
                counts.seen += 1
                continue
            items.append(_Item(feed, entry, url, before))
        return items

    # -- pages -----------------------------------------------------------------------------------------

    def _pages(self, items: list[_Item], final_urls: dict[str, str]) -> Iterator[Article | Failure]:
        """Fetch and read each item's page, lazily: an Article, or a Failure naming the URL."""
        for it in items:
            link = it.entry.link
            attempt = (it.before.attempts if it.before else 0) + 1
            try:
                resp = self.fetcher.get(link, html_only=True)
            except FetchError as exc:
                yield Failure(origin=link, stage="fetch", code=exc.code,
                              message=exc.reason + self._retry_note(exc.code, attempt))  # fmt: skip
                continue
            final_urls[link] = resp.final_url
            try:
                yield article_from_page(resp.body, it.entry, it.feed, charset=resp.charset)
            except IngestError as exc:
                yield Failure(origin=link, stage="parse", code=exc.code, message=f"{link}: {exc.reason}")
            except Exception as exc:  # noqa: BLE001 - one strange page must not stop the poll
                log.exception("unexpected error while reading %s", link)
                yield Failure(origin=link, stage="parse", code=E_HTML,
                              message=f"{link}: unexpected error: {type(exc).__name__}: {exc}")  # fmt: skip

    def _retry_note(self, code: str, attempt: int) -> str:
        if code != E_UNAVAILABLE:
            return ""
        if attempt < self.max_attempts:
            return f" (attempt {attempt} of {self.max_attempts}; retried on the next poll)"
        return f" (attempt {attempt} of {self.max_attempts}; given up)"

    def _record(self, store: Store, it: _Item, outcome: Outcome, final_url: str | None) -> str:
        """Write the item's ``seen_urls`` row; return its status."""
        attempt = (it.before.attempts if it.before else 0) + 1
        code = outcome.failure.code if outcome.failure is not None else None
        if outcome.status in ("stored", "skipped"):
            status = outcome.status
        elif code == E_UNAVAILABLE and attempt < self.max_attempts:
            status = "retrying"
        else:
            status = "failed"
        store.record_seen(it.url, link=it.entry.link, feed_url=it.feed.url, status=status,
                          article_id=outcome.article_id, final_url=final_url, error_code=code)  # fmt: skip
        return status

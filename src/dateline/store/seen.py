"""The ``seen_urls`` table: what ``dateline watch`` has done with each feed item, by canonical URL.

A row is written after each attempt at an item (a fetch and, if it gave a page, the extraction and the
write), so a restarted watcher knows which items not to fetch again. ``status``:

- ``stored``: the page became a stored article (``article_id``);
- ``skipped``: the page's article was already stored (the same story under another URL);
- ``failed``: a failure a retry will not mend (404, not HTML, too large, no article text), or a transient
  one that has used up its attempts;
- ``retrying``: a transient failure (timeout, connection error, HTTP 5xx/429): fetched again on a later poll.

``attempts`` counts the attempts (incremented by the database on each write); ``first_seen`` and
``feed_url`` keep the first time and feed that announced the URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from dateline.store.mapping import sanitize
from dateline.store.schema import seen_urls

STATUSES = ("stored", "skipped", "failed", "retrying")
FINAL = frozenset(("stored", "skipped", "failed"))
_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class SeenUrl:
    """One row of ``seen_urls``."""

    url: str
    link: str
    feed_url: str
    first_seen: datetime
    last_attempt: datetime
    attempts: int
    status: str
    article_id: str | None = None
    final_url: str | None = None
    error_code: str | None = None

    @property
    def final(self) -> bool:
        """Whether the item is done with (never fetched again)."""
        return self.status in FINAL


def lookup_seen(conn: sa.Connection, urls: Iterable[str]) -> dict[str, SeenUrl]:
    """The rows of those canonical ``urls`` that are recorded, by URL."""
    wanted = list(dict.fromkeys(sanitize(u) for u in urls))
    found: dict[str, SeenUrl] = {}
    for i in range(0, len(wanted), _CHUNK):
        stmt = sa.select(seen_urls).where(seen_urls.c.url.in_(wanted[i : i + _CHUNK]))
        for row in conn.execute(stmt).mappings():
            found[row["url"]] = SeenUrl(**row)
    return found


def record_seen(
    conn: sa.Connection,
    *,
    url: str,
    link: str,
    feed_url: str,
    status: str,
    now: datetime,
    article_id: str | None = None,
    final_url: str | None = None,
    error_code: str | None = None,
) -> None:
    """Insert the row of ``url`` (one attempt) or update it (one more attempt), in one statement."""
    if status not in STATUSES:
        raise ValueError(f"unknown seen-URL status {status!r}")
    row: dict[str, Any] = {
        "url": sanitize(url), "link": sanitize(link), "feed_url": sanitize(feed_url), "first_seen": now,
        "last_attempt": now, "attempts": 1, "status": status, "article_id": article_id,
        "final_url": sanitize(final_url) if final_url else None, "error_code": error_code,
    }  # fmt: skip
    insert = pg_dialect.insert if conn.dialect.name == "postgresql" else sqlite_dialect.insert
    stmt = insert(seen_urls).values(row)
    stmt = stmt.on_conflict_do_update(
        index_elements=[seen_urls.c.url],
        set_={
            "last_attempt": stmt.excluded.last_attempt,
            "attempts": seen_urls.c.attempts + 1,
            "status": stmt.excluded.status,
            "article_id": sa.func.coalesce(stmt.excluded.article_id, seen_urls.c.article_id),
            "final_url": sa.func.coalesce(stmt.excluded.final_url, seen_urls.c.final_url),
            "error_code": stmt.excluded.error_code,
        },
    )
    conn.execute(stmt)


def count_seen(conn: sa.Connection, feed_url: str | None = None) -> dict[str, int]:
    """Rows per status (of one feed, or all)."""
    stmt = sa.select(seen_urls.c.status, sa.func.count()).group_by(seen_urls.c.status)
    if feed_url is not None:
        stmt = stmt.where(seen_urls.c.feed_url == feed_url)
    return {status: n for status, n in conn.execute(stmt)}

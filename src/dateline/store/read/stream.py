"""Events in batches, for exports: the events matching an :class:`EventFilter`, oldest first, never all at once.

Each batch is one keyset-paged query (``ORDER BY date, id`` with undated events last, continuing after the
last row of the previous batch), so a batch costs the same at the start and at the end of a large table and
no cursor stays open between batches. Rows are :class:`EventRow` (the same rows ``dateline events`` and
``GET /api/events`` list, built by the same code), with what the export formats need about their articles
(:class:`EventArticle`, without the text), the actor names resolved in each article, and the linked event
each event is a report of (:class:`EventLink`, docs/linking.md) where linking has placed it.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from dateline.store.read.articles import Row, event_rows
from dateline.store.read.filters import EventFilter, event_where
from dateline.store.read.rows import EventRow
from dateline.store.schema import actors, articles, event_links, events, linked_events

#: The evidence sentence, cut in SQL (offsets count code points; so does substr on both backends).
_SENTENCE = sa.func.substr(
    articles.c.text, events.c.sentence_start + 1, events.c.sentence_end - events.c.sentence_start
).label("sentence")

_ID_CHUNK = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class EventArticle:
    """What an export says about an event's article: its metadata, the length of its text (characters)
    and where its first paragraph ends (``None`` when it has no paragraphs)."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None
    ingested_at: datetime | None
    text_length: int
    lead_end: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLink:
    """The linked event a stored event is one report of: its id, its counts (``mentions``: reports, copies
    too; ``references``: the reports plus the further mentions merged into each of them in its article, GDELT's
    NumMentions; ``articles``; ``stories``: copies count once; ``sources``: distinct outlets, listed in
    ``outlets``), and its first report (event, when it was seen, its URL)."""

    linked_id: str
    mentions: int
    references: int
    articles: int
    stories: int
    sources: int
    outlets: tuple[str, ...]
    first_event_id: str
    first_seen: datetime
    first_url: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventBatch:
    """Some events with their articles (by id), the actor names resolved in those articles
    (``(article_id, actor code) -> name``) and the linked events they are reports of (by event id; an event
    linking has not placed, e.g. in a database linked with linking off, has none)."""

    events: tuple[EventRow, ...]
    articles: Mapping[str, EventArticle]
    names: Mapping[tuple[str, str], str]
    links: Mapping[str, EventLink] = field(default_factory=dict)


def _after(last: tuple[date | None, str] | None) -> list[sa.ColumnElement[bool]]:
    """Rows after ``last`` in ``ORDER BY date NULLS LAST, id``."""
    if last is None:
        return []
    day, event_id = last
    if day is None:
        return [events.c.date.is_(None), events.c.id > event_id]
    return [
        sa.or_(
            events.c.date > day,
            sa.and_(events.c.date == day, events.c.id > event_id),
            events.c.date.is_(None),
        )
    ]


def event_batches(
    conn: sa.Connection, f: EventFilter, *, size: int = 500
) -> Generator[EventBatch, None, None]:
    """The events matching ``f`` in batches of at most ``size``, oldest event date first (undated last,
    then by id), each event once."""
    if size < 1:
        raise ValueError(f"size must be positive, got {size}")
    last: tuple[date | None, str] | None = None
    while True:
        stmt = (
            sa.select(events, articles.c.title.label("article_title"), _SENTENCE)
            .join(articles, articles.c.id == events.c.article_id)
            .where(*event_where(f), *_after(last))
            .order_by(events.c.date.asc().nulls_last(), events.c.id)
            .limit(size)
        )
        rows: list[Row] = list(conn.execute(stmt).mappings())
        if not rows:
            return
        last = (rows[-1]["date"], rows[-1]["id"])
        ids = sorted({r["article_id"] for r in rows})
        yield EventBatch(
            events=tuple(event_rows(conn, rows)), articles=_articles(conn, ids), names=_names(conn, ids),
            links=_links(conn, [r["id"] for r in rows]),
        )  # fmt: skip
        if len(rows) < size:
            return


def _articles(conn: sa.Connection, ids: list[str]) -> dict[str, EventArticle]:
    out: dict[str, EventArticle] = {}
    cols = [articles.c[n] for n in ("id", "title", "source", "url", "published", "ingested_at", "paragraphs")]
    for i in range(0, len(ids), _ID_CHUNK):
        stmt = sa.select(*cols, sa.func.length(articles.c.text).label("text_length")).where(
            articles.c.id.in_(ids[i : i + _ID_CHUNK])
        )
        for r in conn.execute(stmt).mappings():
            paragraphs: Any = r["paragraphs"] or []
            out[r["id"]] = EventArticle(
                id=r["id"], title=r["title"], source=r["source"], url=r["url"], published=r["published"],
                ingested_at=r["ingested_at"], text_length=int(r["text_length"] or 0),
                lead_end=int(paragraphs[0][1]) if paragraphs else None,
            )  # fmt: skip
    return out


def _names(conn: sa.Connection, ids: list[str]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for i in range(0, len(ids), _ID_CHUNK):
        stmt = (
            sa.select(actors.c.article_id, actors.c.code, actors.c.name)
            .where(actors.c.article_id.in_(ids[i : i + _ID_CHUNK]))
            .order_by(actors.c.article_id, actors.c.position)
        )
        for r in conn.execute(stmt):
            out.setdefault((r.article_id, r.code), r.name)
    return out


def _links(conn: sa.Connection, event_ids: list[str]) -> dict[str, EventLink]:
    """The linked event of each of ``event_ids`` that linking has placed, with its outlets in order of name."""
    found: dict[str, Any] = {}
    linked: dict[str, Any] = {}
    for i in range(0, len(event_ids), _ID_CHUNK):
        stmt = (
            sa.select(event_links.c.event_id, linked_events)
            .join(linked_events, linked_events.c.id == event_links.c.linked_id)
            .where(event_links.c.event_id.in_(event_ids[i : i + _ID_CHUNK]))
        )
        for r in conn.execute(stmt).mappings():
            found[r["event_id"]] = r["id"]
            linked[r["id"]] = r
    outlets: dict[str, set[str]] = {}
    references: dict[str, int] = {}
    ids = sorted(linked)
    for i in range(0, len(ids), _ID_CHUNK):
        stmt = (
            sa.select(event_links.c.linked_id, event_links.c.outlet, events.c.evidence)
            .join(events, events.c.id == event_links.c.event_id)
            .where(event_links.c.linked_id.in_(ids[i : i + _ID_CHUNK]))
        )
        for member in conn.execute(stmt):
            references[member.linked_id] = references.get(member.linked_id, 0) + 1 + len(member.evidence or ())
            if member.outlet is not None:
                outlets.setdefault(member.linked_id, set()).add(member.outlet)
    made = {
        lid: EventLink(
            linked_id=lid, mentions=int(r["n_mentions"]), references=references.get(lid, int(r["n_mentions"])),
            articles=int(r["n_articles"]), stories=int(r["n_stories"]), sources=int(r["n_sources"]),
            outlets=tuple(sorted(outlets.get(lid, ()))), first_event_id=r["first_event_id"],
            first_seen=r["first_seen"], first_url=r["first_url"],
        )  # fmt: skip
        for lid, r in linked.items()
    }
    return {event_id: made[lid] for event_id, lid in found.items()}

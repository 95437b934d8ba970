"""Linked events (issue 13, docs/linking.md): one event told by many reports, with its counts and mentions.

A linked event matches an :class:`EventFilter` when one of its mentions (a stored event) matches it, so every
filter means what it means for ``events``. The timeline and the network here count **distinct linked events**
where :mod:`.timeline` and :mod:`.network` count every mention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from dateline.model import Location
from dateline.store.read.articles import Row, event_rows
from dateline.store.read.filters import EventFilter, check_page, event_where
from dateline.store.read.network import _pairs, network_of
from dateline.store.read.rows import EventRow, Network, Timeline
from dateline.store.read.timeline import _check_interval, category_expr, timeline_of
from dateline.store.schema import articles, event_links, events, linked_events, story_articles


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedActor:
    code: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionRow:
    """One report of a linked event: the stored event (with its evidence sentence) and its article's outlet,
    URL and dates; ``is_copy`` when the article is a near-duplicate of ``copy_of`` (similarity ``similarity``),
    ``how`` it was linked (``first``: it founded the linked event; ``rule``; ``story``: a copy's report placed by
    its story), ``seq`` its article's arrival number."""

    event: EventRow
    outlet: str | None
    url: str | None
    published: date | None
    ingested_at: datetime | None
    story_id: str
    seq: int
    is_copy: bool
    how: str
    copy_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedEventRow:
    """A linked event: its first report's type, codes, date and place (sides and place filled in by later
    reports where the first had none), the first report (event, article, when seen, URL), and its counts:
    ``mentions`` (events linked, copies too, as GDELT's NumMentions), ``articles`` (distinct articles, copies
    too), ``stories`` (distinct stories: copies count once) and ``sources`` (distinct outlets)."""

    id: str
    plover: str
    plover_mode: str | None
    cameo: str
    goldstein: float | None
    modality: str
    negated: bool
    date: date | None
    date_precision: str | None
    source: tuple[LinkedActor, ...]
    target: tuple[LinkedActor, ...]
    location: Location | None
    first_event_id: str
    first_article_id: str
    first_seen: datetime
    first_url: str | None
    first_title: str | None
    mentions: int
    articles: int
    stories: int
    sources: int
    reports: tuple[MentionRow, ...] = ()


def linked_where(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """Linked events with at least one mention matching ``f``."""
    where = event_where(f)
    if not where:
        return []
    hits = (
        sa.select(event_links.c.linked_id)
        .join(events, events.c.id == event_links.c.event_id)
        .where(*where)
    )
    return [linked_events.c.id.in_(hits)]


def _actors(value: Any) -> tuple[LinkedActor, ...]:
    return tuple(LinkedActor(code=a[0], country=a[1], sector=a[2]) for a in value or ())


def _linked_row(r: Row, reports: Sequence[MentionRow] = ()) -> LinkedEventRow:
    loc = None
    if r["location_name"] is not None:
        loc = Location(
            name=r["location_name"], country=r["location_country"], lat=r["location_lat"],
            lon=r["location_lon"], precision=r["location_precision"], admin1=r["location_admin1"],
            admin1_code=r["location_admin1_code"], admin2=r["location_admin2"], admin2_code=r["location_admin2_code"],
        )  # fmt: skip
    return LinkedEventRow(
        id=r["id"], plover=r["plover"], plover_mode=r["plover_mode"], cameo=r["cameo"], goldstein=r["goldstein"],
        modality=r["modality"], negated=bool(r["negated"]), date=r["date"], date_precision=r["date_precision"],
        source=_actors(r["source"]), target=_actors(r["target"]), location=loc,
        first_event_id=r["first_event_id"], first_article_id=r["first_article_id"], first_seen=r["first_seen"],
        first_url=r["first_url"], first_title=r["first_title"], mentions=r["n_mentions"],
        articles=r["n_articles"], stories=r["n_stories"], sources=r["n_sources"], reports=tuple(reports),
    )  # fmt: skip


def _select() -> sa.Select[Any]:
    return sa.select(linked_events, articles.c.title.label("first_title")).outerjoin(
        articles, articles.c.id == linked_events.c.first_article_id
    )


def list_linked(
    conn: sa.Connection, f: EventFilter, *, limit: int, offset: int, with_reports: bool = False
) -> list[LinkedEventRow]:
    """Linked events matching ``f``, newest date first (then most stories, then first seen), each with its
    counts and, with ``with_reports``, every report."""
    check_page(limit, offset)
    le = linked_events.c
    stmt = (
        _select()
        .where(*linked_where(f))
        .order_by(le.date.desc().nulls_last(), le.n_stories.desc(), le.first_seq, le.id)
        .limit(limit)
        .offset(offset)
    )
    rows: list[Row] = list(conn.execute(stmt).mappings())
    reports = mentions_of(conn, [r["id"] for r in rows]) if with_reports else {}
    return [_linked_row(r, reports.get(r["id"], ())) for r in rows]


def count_linked(conn: sa.Connection, f: EventFilter) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(linked_events).where(*linked_where(f))) or 0


def get_linked(conn: sa.Connection, linked_id: str) -> LinkedEventRow | None:
    """One linked event with every report (in arrival order); ``None`` if there is no such id."""
    r = conn.execute(_select().where(linked_events.c.id == linked_id)).mappings().first()
    if r is None:
        return None
    return _linked_row(r, mentions_of(conn, [linked_id]).get(linked_id, ()))


_SENTENCE = sa.func.substr(
    articles.c.text, events.c.sentence_start + 1, events.c.sentence_end - events.c.sentence_start
).label("sentence")


def mentions_of(conn: sa.Connection, ids: Sequence[str]) -> dict[str, list[MentionRow]]:
    """The reports of these linked events, each in arrival order (then by position in its article)."""
    out: dict[str, list[MentionRow]] = defaultdict(list)
    el = event_links.c
    for i in range(0, len(ids), 500):
        stmt = (
            sa.select(
                events, articles.c.title.label("article_title"), _SENTENCE, el.linked_id, el.story_id, el.seq,
                el.is_copy, el.how, articles.c.source.label("outlet"), articles.c.url.label("article_url"),
                articles.c.published, articles.c.ingested_at, story_articles.c.copy_of, story_articles.c.similarity,
            )
            .select_from(
                event_links.join(events, events.c.id == el.event_id)
                .join(articles, articles.c.id == el.article_id)
                .outerjoin(story_articles, story_articles.c.article_id == el.article_id)
            )
            .where(el.linked_id.in_(ids[i : i + 500]))
            .order_by(el.linked_id, el.seq, events.c.position)
        )  # fmt: skip
        rows: list[Row] = list(conn.execute(stmt).mappings())
        for r, ev in zip(rows, event_rows(conn, rows), strict=True):
            out[r["linked_id"]].append(
                MentionRow(
                    event=ev, outlet=r["outlet"], url=r["article_url"], published=r["published"],
                    ingested_at=r["ingested_at"], story_id=r["story_id"], seq=int(r["seq"]), is_copy=bool(r["is_copy"]),
                    how=r["how"], copy_of=r["copy_of"], similarity=r["similarity"],
                )
            )  # fmt: skip
    return out


def linked_timeline(conn: sa.Connection, f: EventFilter, *, interval: str = "month", fill: bool = False) -> Timeline:
    """As :func:`dateline.store.read.timeline.timeline`, counting distinct linked events (by their date)."""
    _check_interval(interval)
    le = linked_events.c
    category = category_expr(le.goldstein).label("category")
    stmt = (
        sa.select(le.date, le.plover, category, sa.func.count())
        .where(*linked_where(f))
        .group_by(le.date, le.plover, sa.literal_column("category"))
    )
    return timeline_of(conn.execute(stmt), interval=interval, fill=fill)


def linked_network(conn: sa.Connection, f: EventFilter, *, min_weight: int = 1, limit: int = 200) -> Network:
    """As :func:`dateline.store.read.network.network`, each edge weighted by the distinct linked events whose
    reports have that source and target actor."""
    check_page(limit)
    joined, src, tgt = _pairs()
    joined = joined.join(event_links, event_links.c.event_id == events.c.id).join(
        linked_events, linked_events.c.id == event_links.c.linked_id
    )
    weight = sa.func.count(sa.distinct(event_links.c.linked_id)).label("weight")
    le = linked_events.c
    category = category_expr(le.goldstein).label("category")
    stmt = (
        sa.select(src.c.code.label("source"), tgt.c.code.label("target"), le.plover.label("type"), category, weight,
                  sa.func.avg(le.goldstein).label("goldstein"))
        .select_from(joined)
        .where(*event_where(f), src.c.code != tgt.c.code)
        .group_by(src.c.code, tgt.c.code, le.plover, sa.literal_column("category"))
        .having(sa.func.count(sa.distinct(event_links.c.linked_id)) >= min_weight)
        .order_by(weight.desc(), src.c.code, tgt.c.code, le.plover)
        .limit(limit)
    )  # fmt: skip
    return network_of(conn, stmt)


def article_story(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    """An article's story: ``story_id``, ``seq``, ``copy_of``, ``similarity`` and the story's other articles
    (id, title, outlet, copy_of), in arrival order; ``None`` if the article was never linked."""
    me = conn.execute(sa.select(story_articles).where(story_articles.c.article_id == article_id)).mappings().first()
    if me is None:
        return None
    sa_ = story_articles.c
    stmt = (
        sa.select(sa_.article_id, sa_.seq, sa_.copy_of, sa_.similarity, articles.c.title, articles.c.source)
        .join(articles, articles.c.id == sa_.article_id)
        .where(sa_.story_id == me["story_id"])
        .order_by(sa_.seq)
    )
    members = [dict(r) for r in conn.execute(stmt).mappings()]
    return {"story_id": me["story_id"], "seq": me["seq"], "copy_of": me["copy_of"], "similarity": me["similarity"],
            "members": members}  # fmt: skip

"""Articles: filtered listings, id lookup, one article with all its annotations; and the store's
bookkeeping (row counts, failures, runs, most frequent entities, sources)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from dateline.model import (
    ActorMention,
    Caption,
    EventActor,
    EventMention,
    Heading,
    Location,
    Related,
    Speaker,
)
from dateline.store.read.filters import ArticleFilter, article_where, check_page
from dateline.store.read.rows import (
    ActorRow,
    ArticleRow,
    EntityCount,
    EntityRow,
    EventRow,
    FailureRow,
    PlaceRow,
    QuoteRow,
    RunRow,
    StoredArticle,
    TimexRow,
)
from dateline.store.schema import (
    DATA_TABLES,
    actors,
    articles,
    entities,
    event_actors,
    events,
    failures,
    places,
    quotes,
    runs,
    timexes,
)

#: Article columns in listings (everything but the text and the JSON structure).
_SUMMARY = [
    c for c in articles.c if c.name not in ("text", "paragraphs", "captions", "headings", "related", "warnings", "extras")
]  # fmt: skip

Row = Mapping[Any, Any]


def article_row(r: Row) -> ArticleRow:
    return ArticleRow(**{c.name: r[c.name] for c in _SUMMARY})


def list_articles(conn: sa.Connection, f: ArticleFilter, *, limit: int, offset: int) -> list[ArticleRow]:
    """Articles matching ``f``, newest first (then by id)."""
    check_page(limit, offset)
    stmt = (
        sa.select(*_SUMMARY)
        .where(*article_where(f))
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [article_row(r) for r in conn.execute(stmt).mappings()]


def count_articles(conn: sa.Connection, f: ArticleFilter) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(articles).where(*article_where(f))) or 0


def match_ids(conn: sa.Connection, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` ids starting with ``prefix`` (an exact id is the only match)."""
    check_page(limit)
    prefix = prefix.strip().lower()
    if not prefix:
        return []
    if conn.scalar(sa.select(articles.c.id).where(articles.c.id == prefix)) is not None:
        return [prefix]
    stmt = (
        sa.select(articles.c.id)
        .where(articles.c.id.startswith(prefix, autoescape=True))
        .order_by(articles.c.id)
        .limit(limit)
    )
    return list(conn.scalars(stmt))


# -- rows -> model-shaped rows (shared with the event and quote lists) ----------------------------------


def event_actor(r: Row) -> EventActor:
    return EventActor(
        code=r["code"], country=r["country"], sector=r["sector"], start=r["start_char"], end=r["end_char"],
        text=r["text"],
    )  # fmt: skip


def event_rows(
    conn: sa.Connection, rows: list[Row], texts: Mapping[str, str] | None = None
) -> list[EventRow]:
    """Typed events for ``events`` rows, with their actors (one query per 500 events). A row's
    ``sentence`` column, or the sentence cut from ``texts[article_id]``, becomes ``sentence``."""
    ids = [r["id"] for r in rows]
    by_event: dict[str, list[Row]] = {}
    for i in range(0, len(ids), 500):
        stmt = sa.select(event_actors).where(event_actors.c.event_id.in_(ids[i : i + 500]))
        for a in conn.execute(stmt).mappings():
            by_event.setdefault(a["event_id"], []).append(a)
    out = []
    for r in rows:
        mine = sorted(by_event.get(r["id"], []), key=lambda a: a["position"])
        sentence = r.get("sentence")
        if sentence is None and texts is not None and r["article_id"] in texts:
            sentence = texts[r["article_id"]][r["sentence_start"] : r["sentence_end"]]
        out.append(
            EventRow(
                id=r["id"], article_id=r["article_id"], article_title=r.get("article_title"), sentence=sentence,
                plover=r["plover"], plover_mode=r["plover_mode"], cameo=r["cameo"], goldstein=r["goldstein"],
                date=r["date"], date_precision=r["date_precision"], trigger_start=r["trigger_start"],
                trigger_end=r["trigger_end"], trigger_text=r["trigger_text"], sentence_start=r["sentence_start"],
                sentence_end=r["sentence_end"], modality=r["modality"], negated=bool(r["negated"]),
                confidence=r["confidence"], rule=r["rule"], quote_index=r["quote_index"], quote_id=r["quote_id"],
                location=None if r["location_name"] is None else Location(
                    name=r["location_name"], country=r["location_country"], lat=r["location_lat"],
                    lon=r["location_lon"], precision=r["location_precision"], geonameid=r["location_geonameid"],
                    admin1=r["location_admin1"], admin1_code=r["location_admin1_code"], admin2=r["location_admin2"],
                    admin2_code=r["location_admin2_code"],
                ),
                evidence=tuple(EventMention(**m) for m in r["evidence"] or ()),
                source=tuple(event_actor(a) for a in mine if a["role"] == "source"),
                target=tuple(event_actor(a) for a in mine if a["role"] == "target"),
            )
        )  # fmt: skip
    return out


def quote_row(r: Row) -> QuoteRow:
    return QuoteRow(
        id=r["id"], article_id=r["article_id"], article_title=r.get("article_title"),
        published=r.get("published"), kind=r["kind"], content_start=r["content_start"],
        content_end=r["content_end"], content_text=r["content_text"], cue_start=r["cue_start"],
        cue_end=r["cue_end"], cue_text=r["cue_text"], rule=r["rule"],
        speaker=None if r["speaker_start"] is None else Speaker(
            start=r["speaker_start"], end=r["speaker_end"], text=r["speaker_text"], name=r["speaker_name"],
            actor=r["speaker_actor"],
        ),
    )  # fmt: skip


# -- one article ---------------------------------------------------------------------------------------


def _children(conn: sa.Connection, table: sa.Table, article_id: str) -> list[Row]:
    stmt = sa.select(table).where(table.c.article_id == article_id).order_by(table.c.position)
    return list(conn.execute(stmt).mappings())


def _span(r: Row) -> dict[str, Any]:
    """A child row's columns as model fields: ``start_char``/``end_char`` -> ``start``/``end``."""
    out = {k: v for k, v in r.items() if k not in ("article_id", "position", "start_char", "end_char")}
    return {"start": r["start_char"], "end": r["end_char"], **out}


def get_article(conn: sa.Connection, article_id: str) -> StoredArticle | None:
    """The article with this exact id and all its annotations; ``None`` if it is not stored."""
    r = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
    if r is None:
        return None
    title = r["title"]
    return StoredArticle(
        **{c.name: r[c.name] for c in _SUMMARY},
        text=r["text"],
        paragraphs=tuple((s, e) for s, e in r["paragraphs"]),
        captions=tuple(Caption(**c) for c in r["captions"]),
        headings=tuple(Heading(**h) for h in r["headings"]),
        related=tuple(Related(**x) for x in r["related"]),
        warnings=tuple(r["warnings"]),
        extras=r["extras"],
        entities=tuple(EntityRow(**_span(e)) for e in _children(conn, entities, article_id)),
        actors=tuple(
            ActorRow(
                id=a["id"],
                code=a["code"],
                country=a["country"],
                sector=a["sector"],
                name=a["name"],
                rule=a["rule"],
                mentions=tuple(ActorMention(**m) for m in a["mentions"]),
            )
            for a in _children(conn, actors, article_id)
        ),  # fmt: skip
        events=tuple(
            event_rows(
                conn,
                [{**e, "article_title": title} for e in _children(conn, events, article_id)],
                {article_id: r["text"]},
            )
        ),
        quotes=tuple(
            quote_row({**q, "article_title": title, "published": r["published"]})
            for q in _children(conn, quotes, article_id)
        ),
        timexes=tuple(TimexRow(**_span(t)) for t in _children(conn, timexes, article_id)),
        places=tuple(PlaceRow(**_span(p)) for p in _children(conn, places, article_id)),
    )


# -- bookkeeping ---------------------------------------------------------------------------------------


def counts(conn: sa.Connection, names: Iterable[str] | None = None) -> dict[str, int]:
    """Row count per data table (of the tables ``names``, if given)."""
    return {
        name: conn.scalar(sa.select(sa.func.count()).select_from(DATA_TABLES[name])) or 0
        for name in (DATA_TABLES if names is None else names)
    }


def list_failures(conn: sa.Connection, *, run_id: str | None, limit: int | None) -> list[FailureRow]:
    check_page(limit)
    stmt = sa.select(failures).order_by(failures.c.at, failures.c.id).limit(limit)
    if run_id is not None:
        stmt = stmt.where(failures.c.run_id == run_id)
    return [FailureRow(**r) for r in conn.execute(stmt).mappings()]


def list_runs(conn: sa.Connection, *, limit: int | None) -> list[RunRow]:
    check_page(limit)
    stmt = sa.select(runs).order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(limit)
    return [RunRow(**r) for r in conn.execute(stmt).mappings()]


def top_entities(conn: sa.Connection, *, label: str | None, limit: int) -> list[EntityCount]:
    """The ``limit`` most mentioned entity texts (with ``label``, if given), with their mention and article
    counts: most mentions first, then by text and label.

    The order depends on the mentions only, so the top texts are found by counting mentions (one hash
    aggregate), and the distinct articles are counted for those few alone (on the ``(label, text,
    article_id)`` index) instead of for every text."""
    check_page(limit)
    n = sa.func.count().label("count")
    top = (
        sa.select(entities.c.text, entities.c.label, n)
        .group_by(entities.c.text, entities.c.label)
        .order_by(n.desc(), entities.c.text, entities.c.label)
        .limit(limit)
    )
    if label is not None:
        top = top.where(entities.c.label == label)
    found = top.subquery("top")
    mentioned = entities.alias("mentioned")
    in_articles = (
        sa.select(sa.func.count(sa.distinct(mentioned.c.article_id)))
        .where(mentioned.c.label == found.c.label, mentioned.c.text == found.c.text)
        .scalar_subquery()
    )
    stmt = sa.select(found.c.text, found.c.label, found.c.count, in_articles.label("articles")).order_by(
        found.c.count.desc(), found.c.text, found.c.label
    )
    return [EntityCount(**r) for r in conn.execute(stmt).mappings()]


def sources(conn: sa.Connection) -> list[str]:
    """The distinct article sources (outlets/agencies), sorted."""
    stmt = (
        sa.select(articles.c.source)
        .where(articles.c.source.is_not(None))
        .distinct()
        .order_by(articles.c.source)
    )
    return list(conn.scalars(stmt))

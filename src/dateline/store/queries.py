"""Read queries over the store, and the mapping from rows back to model-shaped dicts.

Every filter is a bound parameter (SQLAlchemy expressions, never SQL built from strings). Dicts
returned for annotations use the model's field names (``start``/``end``, nested ``speaker``,
``location``, event ``source``/``target``) plus their row ``id``, so
:func:`extraction_from_dict` rebuilds the :class:`~dateline.model.Extraction` exactly.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Caption,
    Entity,
    Event,
    EventActor,
    EventMention,
    Extraction,
    Heading,
    Location,
    Place,
    Quote,
    Related,
    Speaker,
    Timex,
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
    c for c in articles.c if c.name not in ("text", "paragraphs", "captions", "headings", "related", "extras")
]


# -- argument checks -----------------------------------------------------------------------------------


def _date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from exc


def _page(limit: int | None, offset: int = 0) -> None:
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise StoreError(f"limit must be a non-negative integer, got {limit!r}")
    if not isinstance(offset, int) or offset < 0:
        raise StoreError(f"offset must be a non-negative integer, got {offset!r}")


# -- articles ------------------------------------------------------------------------------------------


def _article_filters(
    *, q: str | None, source: str | None, since: date | str | None, until: date | str | None
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if q:
        where.append(
            sa.or_(
                articles.c.title.icontains(q, autoescape=True),
                articles.c.text.icontains(q, autoescape=True),
            )
        )
    if source is not None:
        where.append(articles.c.source == source)
    if (lo := _date(since, "since")) is not None:
        where.append(articles.c.published >= lo)
    if (hi := _date(until, "until")) is not None:
        where.append(articles.c.published <= hi)
    return where


def list_articles(
    conn: sa.Connection,
    *,
    q: str | None,
    source: str | None,
    since: date | str | None,
    until: date | str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    _page(limit, offset)
    stmt = (
        sa.select(*_SUMMARY)
        .where(*_article_filters(q=q, source=source, since=since, until=until))
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [dict(row) for row in conn.execute(stmt).mappings()]


def count_articles(
    conn: sa.Connection,
    *,
    q: str | None,
    source: str | None,
    since: date | str | None,
    until: date | str | None,
) -> int:
    where = _article_filters(q=q, source=source, since=since, until=until)
    return conn.scalar(sa.select(sa.func.count()).select_from(articles).where(*where)) or 0


def match_ids(conn: sa.Connection, prefix: str, limit: int) -> list[str]:
    _page(limit)
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


# -- one article ---------------------------------------------------------------------------------------


def _children(conn: sa.Connection, table: sa.Table, article_id: str) -> list[dict[str, Any]]:
    stmt = sa.select(table).where(table.c.article_id == article_id).order_by(table.c.position)
    return [dict(row) for row in conn.execute(stmt).mappings()]


def _span(row: dict[str, Any]) -> dict[str, Any]:
    """Rename ``start_char``/``end_char`` to the model's ``start``/``end``; drop row bookkeeping."""
    out = {k: v for k, v in row.items() if k not in ("article_id", "position", "start_char", "end_char")}
    return {"start": row["start_char"], "end": row["end_char"], **out}


def _event_actor(row: dict[str, Any]) -> dict[str, Any]:
    d = _span(row)
    for key in ("event_id", "role"):
        d.pop(key)
    return d


def _event(row: dict[str, Any], actor_rows: list[dict[str, Any]]) -> dict[str, Any]:
    d = {k: v for k, v in row.items() if not k.startswith("location_") and k != "position"}
    d["location"] = (
        None
        if row["location_name"] is None
        else {
            "name": row["location_name"],
            "country": row["location_country"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "precision": row["location_precision"],
            "geonameid": row["location_geonameid"],
        }
    )
    mine = sorted((r for r in actor_rows if r["event_id"] == row["id"]), key=lambda r: r["position"])
    d["source"] = [_event_actor(r) for r in mine if r["role"] == "source"]
    d["target"] = [_event_actor(r) for r in mine if r["role"] == "target"]
    return d


def _quote(row: dict[str, Any]) -> dict[str, Any]:
    d = {k: v for k, v in row.items() if not k.startswith("speaker_") and k != "position"}
    d["speaker"] = (
        None
        if row["speaker_start"] is None
        else {
            "start": row["speaker_start"],
            "end": row["speaker_end"],
            "text": row["speaker_text"],
            "name": row["speaker_name"],
            "actor": row["speaker_actor"],
        }
    )
    return d


def _events_with_actors(conn: sa.Connection, event_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in event_rows]
    actor_rows: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):
        stmt = sa.select(event_actors).where(event_actors.c.event_id.in_(ids[i : i + 500]))
        actor_rows.extend(dict(r) for r in conn.execute(stmt).mappings())
    return [_event(r, actor_rows) for r in event_rows]


def article_dict(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    d = dict(row)
    d["entities"] = [_span(r) for r in _children(conn, entities, article_id)]
    d["actors"] = [
        {k: v for k, v in r.items() if k not in ("article_id", "position")}
        for r in _children(conn, actors, article_id)
    ]
    d["events"] = [
        {k: v for k, v in e.items() if k != "article_id"}
        for e in _events_with_actors(conn, _children(conn, events, article_id))
    ]
    d["quotes"] = [
        {k: v for k, v in _quote(r).items() if k != "article_id"} for r in _children(conn, quotes, article_id)
    ]
    d["timexes"] = [_span(r) for r in _children(conn, timexes, article_id)]
    d["places"] = [_span(r) for r in _children(conn, places, article_id)]
    return d


def _make(cls: type[Any], data: dict[str, Any], **override: Any) -> Any:
    """An instance of dataclass ``cls`` from the keys of ``data`` that are its fields."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**({k: v for k, v in data.items() if k in names} | override))


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """Rebuild the model objects from :func:`article_dict`'s output."""
    article = _make(
        Article,
        d,
        paragraphs=tuple((s, e) for s, e in d["paragraphs"]),
        captions=tuple(_make(Caption, c) for c in d["captions"]),
        headings=tuple(_make(Heading, h) for h in d["headings"]),
        related=tuple(_make(Related, r) for r in d["related"]),
        warnings=tuple(d["warnings"]),
    )

    def event(e: dict[str, Any]) -> Event:
        loc = e["location"]
        return _make(
            Event,
            e,
            source=tuple(_make(EventActor, x) for x in e["source"]),
            target=tuple(_make(EventActor, x) for x in e["target"]),
            location=None if loc is None else _make(Location, loc),
            evidence=tuple(_make(EventMention, m) for m in e.get("evidence") or ()),
        )

    def quote(q: dict[str, Any]) -> Quote:
        sp = q["speaker"]
        return _make(Quote, q, speaker=None if sp is None else _make(Speaker, sp))

    return Extraction(
        article=article,
        entities=tuple(_make(Entity, e) for e in d["entities"]),
        actors=tuple(
            _make(Actor, a, mentions=tuple(_make(ActorMention, m) for m in a["mentions"]))
            for a in d["actors"]
        ),
        events=tuple(event(e) for e in d["events"]),
        quotes=tuple(quote(q) for q in d["quotes"]),
        timexes=tuple(_make(Timex, t) for t in d["timexes"]),
        places=tuple(_make(Place, p) for p in d["places"]),
        model=d["model"],
        extras=d["extras"],
    )


# -- lists over all articles ---------------------------------------------------------------------------


def list_events(
    conn: sa.Connection,
    *,
    plover: str | None,
    cameo: str | None,
    actor: str | None,
    country: str | None,
    since: date | str | None,
    until: date | str | None,
    article_id: str | None,
    limit: int,
    offset: int,
    dyad: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    _page(limit, offset)
    where: list[sa.ColumnElement[bool]] = []
    if plover is not None:
        where.append(events.c.plover == plover)
    if dyad is not None:  # (source, target): each an actor code or a country code
        for role, code in zip(("source", "target"), dyad, strict=True):
            where.append(
                sa.exists().where(
                    event_actors.c.event_id == events.c.id,
                    event_actors.c.role == role,
                    sa.or_(event_actors.c.code == code, event_actors.c.country == code),
                )
            )
    if cameo is not None:
        where.append(events.c.cameo.startswith(cameo, autoescape=True))
    for column, value in ((event_actors.c.code, actor), (event_actors.c.country, country)):
        if value is not None:
            where.append(sa.exists().where(event_actors.c.event_id == events.c.id, column == value))
    if (lo := _date(since, "since")) is not None:
        where.append(events.c.date >= lo)
    if (hi := _date(until, "until")) is not None:
        where.append(events.c.date <= hi)
    if article_id is not None:
        where.append(events.c.article_id == article_id)
    stmt = (
        sa.select(events)
        .where(*where)
        .order_by(events.c.date.desc().nulls_last(), events.c.article_id, events.c.position)
        .limit(limit)
        .offset(offset)
    )
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    return _events_with_actors(conn, rows)


def list_quotes(
    conn: sa.Connection,
    *,
    speaker_actor: str | None,
    q: str | None,
    article_id: str | None,
    limit: int,
    offset: int,
    speaker: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> list[dict[str, Any]]:
    """Quotes, each with its article's ``published`` date and ``title``. ``speaker`` matches the actor
    code exactly or the speaker's name or text case-insensitively; ``since``/``until`` bound the article
    date."""
    _page(limit, offset)
    where: list[sa.ColumnElement[bool]] = []
    if speaker_actor is not None:
        where.append(quotes.c.speaker_actor == speaker_actor)
    if speaker:
        where.append(
            sa.or_(
                quotes.c.speaker_actor == speaker,
                quotes.c.speaker_name.icontains(speaker, autoescape=True),
                quotes.c.speaker_text.icontains(speaker, autoescape=True),
            )
        )
    if q:
        where.append(quotes.c.content_text.icontains(q, autoescape=True))
    if article_id is not None:
        where.append(quotes.c.article_id == article_id)
    if (lo := _date(since, "since")) is not None:
        where.append(articles.c.published >= lo)
    if (hi := _date(until, "until")) is not None:
        where.append(articles.c.published <= hi)
    stmt = (
        sa.select(quotes, articles.c.published, articles.c.title)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(*where)
        .order_by(articles.c.published.desc().nulls_last(), quotes.c.article_id, quotes.c.position)
        .limit(limit)
        .offset(offset)
    )
    return [_quote(dict(r)) for r in conn.execute(stmt).mappings()]


def counts(conn: sa.Connection) -> dict[str, int]:
    return {
        name: conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for name, table in DATA_TABLES.items()
    }


def list_failures(conn: sa.Connection, *, run_id: str | None, limit: int | None) -> list[dict[str, Any]]:
    _page(limit)
    stmt = sa.select(failures).order_by(failures.c.at, failures.c.id).limit(limit)
    if run_id is not None:
        stmt = stmt.where(failures.c.run_id == run_id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def top_entities(conn: sa.Connection, *, label: str | None, limit: int) -> list[dict[str, Any]]:
    _page(limit)
    n = sa.func.count().label("count")
    stmt = (
        sa.select(
            entities.c.text,
            entities.c.label,
            n,
            sa.func.count(sa.distinct(entities.c.article_id)).label("articles"),
        )
        .group_by(entities.c.text, entities.c.label)
        .order_by(n.desc(), entities.c.text, entities.c.label)
        .limit(limit)
    )
    if label is not None:
        stmt = stmt.where(entities.c.label == label)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def list_runs(conn: sa.Connection, *, limit: int | None) -> list[dict[str, Any]]:
    _page(limit)
    stmt = sa.select(runs).order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(stmt).mappings()]

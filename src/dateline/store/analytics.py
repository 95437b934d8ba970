"""Read queries for exploring the store: filtered events, quotes by speaker, actors and places with
counts, timeline buckets and the actor network.

Every function takes a :class:`~dateline.store.Store` and builds parameterised SQLAlchemy Core
statements (never SQL text from user input), so the same code runs on SQLite and PostgreSQL.
Filters are an :class:`EventFilter`; a filter value that matches nothing returns nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store import queries
from dateline.store.schema import actors, articles, event_actors, events, places, quotes
from dateline.store.store import Store

INTERVALS = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events to take. An actor code matches actors with that code or, for a country code, of
    that country (``RUS`` finds ``RUSGOV``). ``actor``/``country`` match any source or target actor;
    ``source`` and ``target`` match one role; ``dyad`` is two actor codes, in either direction;
    ``cameo`` is a code prefix; ``place`` is a case-insensitive part of the location name or an exact
    country code."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    country: str | None = None
    plover: str | None = None
    cameo: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    modality: str | None = None
    article_id: str | None = None


def _has_actor(code: str, role: str | None = None, *, country_only: bool = False) -> Any:
    """Some actor of the event (in ``role``, if given) has this code, or (a country code) this country."""
    ea = event_actors.alias()
    match = ea.c.country == code if country_only else sa.or_(ea.c.code == code, ea.c.country == code)
    cond = [ea.c.event_id == events.c.id, match]
    if role is not None:
        cond.append(ea.c.role == role)
    return sa.exists().where(*cond)


def event_where(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions (bound parameters) for ``f`` over the ``events`` table."""
    where: list[sa.ColumnElement[bool]] = []
    if f.actor:
        where.append(_has_actor(f.actor))
    if f.source:
        where.append(_has_actor(f.source, "source"))
    if f.target:
        where.append(_has_actor(f.target, "target"))
    if f.dyad:
        a, b = f.dyad
        where.append(
            sa.or_(
                sa.and_(_has_actor(a, "source"), _has_actor(b, "target")),
                sa.and_(_has_actor(b, "source"), _has_actor(a, "target")),
            )
        )
    if f.country:
        where.append(_has_actor(f.country, country_only=True))
    if f.plover:
        where.append(events.c.plover == f.plover)
    if f.cameo:
        where.append(events.c.cameo.startswith(f.cameo, autoescape=True))
    if f.since is not None:
        where.append(events.c.date >= f.since)
    if f.until is not None:
        where.append(events.c.date <= f.until)
    if f.place:
        where.append(
            sa.or_(
                events.c.location_name.icontains(f.place, autoescape=True),
                events.c.location_country == f.place,
            )
        )
    if f.modality:
        where.append(events.c.modality == f.modality)
    if f.article_id:
        where.append(events.c.article_id == f.article_id)
    return where


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise StoreError(f"limit and offset must be non-negative, got {limit} and {offset}")


# -- events ------------------------------------------------------------------------------------------


def list_events(store: Store, f: EventFilter, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Events matching ``f`` (newest event date first), each with its actors, article id and the
    article's title."""
    _check_page(limit, offset)
    stmt = (
        sa.select(events, articles.c.title.label("article_title"))
        .join(articles, articles.c.id == events.c.article_id)
        .where(*event_where(f))
        .order_by(events.c.date.desc().nulls_last(), events.c.article_id, events.c.position)
        .limit(limit)
        .offset(offset)
    )
    with store.reader() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        return queries._events_with_actors(conn, rows)


def count_events(store: Store, f: EventFilter) -> int:
    stmt = sa.select(sa.func.count()).select_from(events).where(*event_where(f))
    with store.reader() as conn:
        return conn.scalar(stmt) or 0


# -- quotes ------------------------------------------------------------------------------------------


def _quote_where(speaker: str | None, actor: str | None, q: str | None, article_id: str | None) -> list[Any]:
    where: list[Any] = []
    if speaker:
        where.append(
            sa.or_(
                quotes.c.speaker_name.icontains(speaker, autoescape=True),
                quotes.c.speaker_text.icontains(speaker, autoescape=True),
            )
        )
    if actor:
        where.append(quotes.c.speaker_actor == actor)
    if q:
        where.append(quotes.c.content_text.icontains(q, autoescape=True))
    if article_id:
        where.append(quotes.c.article_id == article_id)
    return where


def list_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    actor: str | None = None,
    q: str | None = None,
    article_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes with their speaker (``speaker`` is a case-insensitive part of the speaker's name or
    text, ``actor`` the speaker's actor code), article id and title, newest article first."""
    _check_page(limit, offset)
    stmt = (
        sa.select(quotes, articles.c.title.label("article_title"), articles.c.published.label("published"))
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(*_quote_where(speaker, actor, q, article_id))
        .order_by(articles.c.published.desc().nulls_last(), quotes.c.article_id, quotes.c.position)
        .limit(limit)
        .offset(offset)
    )
    with store.reader() as conn:
        return [queries._quote(dict(r)) for r in conn.execute(stmt).mappings()]


def count_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    actor: str | None = None,
    q: str | None = None,
    article_id: str | None = None,
) -> int:
    stmt = sa.select(sa.func.count()).select_from(quotes).where(*_quote_where(speaker, actor, q, article_id))
    with store.reader() as conn:
        return conn.scalar(stmt) or 0


# -- actors ------------------------------------------------------------------------------------------


def _common_names(conn: sa.Connection, codes: list[str] | None = None) -> dict[str, str]:
    """Actor code -> its most frequent name in the ``actors`` table (ties: the shortest, then first)."""
    n = sa.func.count().label("n")
    stmt = sa.select(actors.c.code, actors.c.name, n).group_by(actors.c.code, actors.c.name)
    if codes is not None:
        stmt = stmt.where(actors.c.code.in_(codes))
    best: dict[str, tuple[int, int, str]] = {}
    for code, name, count in conn.execute(stmt):
        key = (-int(count), len(name), name)
        if code not in best or key < best[code]:
            best[code] = key
    return {code: key[2] for code, key in best.items()}


def _actor_rows(store: Store, q: str | None, country: str | None, sector: str | None) -> list[dict[str, Any]]:
    named = (
        sa.select(
            actors.c.code,
            sa.func.max(actors.c.name).label("name"),
            sa.func.max(actors.c.country).label("country"),
            sa.func.max(actors.c.sector).label("sector"),
            sa.func.count(sa.distinct(actors.c.article_id)).label("articles"),
        )
        .group_by(actors.c.code)
        .subquery()
    )
    is_source = sa.case((event_actors.c.role == "source", 1), else_=0)
    is_target = sa.case((event_actors.c.role == "target", 1), else_=0)
    in_events = (
        sa.select(
            event_actors.c.code,
            sa.func.max(event_actors.c.country).label("country"),
            sa.func.max(event_actors.c.sector).label("sector"),
            sa.func.max(event_actors.c.text).label("text"),
            sa.func.count(sa.distinct(event_actors.c.event_id)).label("events"),
            sa.func.sum(is_source).label("as_source"),
            sa.func.sum(is_target).label("as_target"),
        )
        .group_by(event_actors.c.code)
        .subquery()
    )
    spoke = (
        sa.select(quotes.c.speaker_actor.label("code"), sa.func.count().label("quotes"))
        .where(quotes.c.speaker_actor.is_not(None))
        .group_by(quotes.c.speaker_actor)
        .subquery()
    )
    codes = sa.union(
        sa.select(actors.c.code), sa.select(event_actors.c.code), sa.select(spoke.c.code)
    ).subquery()
    stmt = (
        sa.select(
            codes.c.code,
            sa.func.coalesce(named.c.name, in_events.c.text).label("name"),
            sa.func.coalesce(named.c.country, in_events.c.country).label("country"),
            sa.func.coalesce(named.c.sector, in_events.c.sector).label("sector"),
            sa.func.coalesce(named.c.articles, 0).label("articles"),
            sa.func.coalesce(in_events.c.events, 0).label("events"),
            sa.func.coalesce(in_events.c.as_source, 0).label("as_source"),
            sa.func.coalesce(in_events.c.as_target, 0).label("as_target"),
            sa.func.coalesce(spoke.c.quotes, 0).label("quotes"),
        )
        .select_from(codes)
        .outerjoin(named, named.c.code == codes.c.code)
        .outerjoin(in_events, in_events.c.code == codes.c.code)
        .outerjoin(spoke, spoke.c.code == codes.c.code)
    )
    with store.reader() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        names = _common_names(conn)
    out = []
    for r in rows:
        r["name"] = names.get(r["code"], r["name"])
        if q and q.lower() not in f"{r['code']} {r['name'] or ''}".lower():
            continue
        if country and r["country"] != country:
            continue
        if sector and r["sector"] != sector:
            continue
        out.append({k: (int(v) if k in _INT_KEYS else v) for k, v in r.items()})
    out.sort(key=lambda r: (-r["events"], -r["articles"], -r["quotes"], r["code"]))
    return out


_INT_KEYS = frozenset(("articles", "events", "as_source", "as_target", "quotes"))


def list_actors(
    store: Store,
    *,
    q: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Actors with counts (``articles`` they are resolved in, ``events`` they take part in, as
    ``as_source``/``as_target``, and ``quotes`` they speak), most active first; and the total."""
    _check_page(limit, offset)
    rows = _actor_rows(store, q, country, sector)
    return rows[offset : offset + limit], len(rows)


# -- places ------------------------------------------------------------------------------------------


def list_places(
    store: Store,
    *,
    q: str | None = None,
    country: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Places (resolved place mentions and event locations, merged by name and country) with their
    ``mentions``, ``articles`` and ``events`` counts and coordinates when known; and the total."""
    _check_page(limit, offset)
    name = sa.func.coalesce(places.c.name, places.c.text)
    mention_stmt = sa.select(
        name.label("name"),
        places.c.country,
        sa.func.avg(places.c.lat).label("lat"),
        sa.func.avg(places.c.lon).label("lon"),
        sa.func.count().label("mentions"),
        sa.func.count(sa.distinct(places.c.article_id)).label("articles"),
    ).group_by(name, places.c.country)
    event_stmt = (
        sa.select(
            events.c.location_name.label("name"),
            events.c.location_country.label("country"),
            sa.func.avg(events.c.location_lat).label("lat"),
            sa.func.avg(events.c.location_lon).label("lon"),
            sa.func.count().label("events"),
        )
        .where(events.c.location_name.is_not(None))
        .group_by(events.c.location_name, events.c.location_country)
    )
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    with store.reader() as conn:
        for r in conn.execute(mention_stmt).mappings():
            merged[(r["name"], r["country"])] = {**dict(r), "events": 0}
        for r in conn.execute(event_stmt).mappings():
            key = (r["name"], r["country"])
            row = merged.setdefault(key, {**dict(r), "mentions": 0, "articles": 0, "events": 0})
            row["events"] = int(r["events"])
            if row["lat"] is None:
                row["lat"], row["lon"] = r["lat"], r["lon"]
    out = []
    for row in merged.values():
        if q and q.lower() not in (row["name"] or "").lower():
            continue
        if country and row["country"] != country:
            continue
        for k in ("mentions", "articles", "events"):
            row[k] = int(row[k] or 0)
        for k in ("lat", "lon"):
            row[k] = None if row[k] is None else round(float(row[k]), 4)
        out.append(row)
    out.sort(key=lambda r: (-r["events"], -r["mentions"], r["name"] or "", r["country"] or ""))
    return out[offset : offset + limit], len(out)


# -- timeline ----------------------------------------------------------------------------------------


def period_of(day: date, interval: str) -> str:
    """The label of the period holding ``day``: ``2023-09-14`` (day), ``2023-09-11`` (the Monday of
    its week), ``2023-09`` (month) or ``2023`` (year)."""
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if interval == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if interval == "year":
        return f"{day.year:04d}"
    raise StoreError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")


def _next_period(day: date, interval: str) -> date:
    if interval == "day":
        return day + timedelta(days=1)
    if interval == "week":
        return day + timedelta(days=7)
    if interval == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def _start_of(period: str) -> date:
    parts = [int(x) for x in period.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


MAX_FILLED = 1000


def timeline(store: Store, f: EventFilter, *, interval: str = "month", fill: bool = False) -> dict[str, Any]:
    """Event counts per period and PLOVER type, and per category (``cooperation``, ``conflict``,
    ``other``: the sign of the Goldstein value). Events without a date are counted in ``undated``.
    ``fill`` adds empty buckets for the periods between the first and the last (at most
    ``MAX_FILLED`` buckets in all), so a chart's time axis is even."""
    if interval not in INTERVALS:
        raise StoreError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")
    n = sa.func.count().label("n")
    stmt = (
        sa.select(events.c.date, events.c.plover, category_expr().label("category"), n)
        .where(*event_where(f))
        .group_by(events.c.date, events.c.plover, sa.literal_column("category"))
    )
    buckets: dict[str, dict[str, Any]] = {}
    undated = 0
    types: set[str] = set()
    with store.reader() as conn:
        for day, plover, category, count in conn.execute(stmt):
            if day is None:
                undated += count
                continue
            types.add(plover)
            period = period_of(day, interval)
            b = buckets.setdefault(
                period,
                {"period": period, "total": 0, "types": defaultdict(int), "categories": defaultdict(int)},
            )
            b["total"] += count
            b["types"][plover] += count
            b["categories"][category] += count
    periods = sorted(buckets)
    if fill and periods:
        every: list[str] = []
        day, last = _start_of(periods[0]), _start_of(periods[-1])
        while day <= last and len(every) <= MAX_FILLED:
            every.append(period_of(day, interval))
            day = _next_period(day, interval)
        if len(every) <= MAX_FILLED:
            periods = every
    out = []
    for period in periods:
        b = buckets.get(period) or {"period": period, "total": 0, "types": {}, "categories": {}}
        out.append({**b, "types": dict(sorted(b["types"].items())), "categories": dict(b["categories"])})
    return {"interval": interval, "types": sorted(types), "buckets": out, "undated": undated}


def category_expr() -> sa.ColumnElement[str]:
    """``cooperation`` for a positive Goldstein value, ``conflict`` for a negative one, else ``other``."""
    return sa.case(
        (events.c.goldstein > 0, sa.literal("cooperation")),
        (events.c.goldstein < 0, sa.literal("conflict")),
        else_=sa.literal("other"),
    )


# -- network -----------------------------------------------------------------------------------------


def network(store: Store, f: EventFilter, *, min_weight: int = 1, limit: int = 200) -> dict[str, Any]:
    """The actor network: ``nodes`` (actor code, name, country, event count) and ``edges`` (source
    actor -> target actor per PLOVER type, ``weight`` = number of events), heaviest first, at most
    ``limit`` edges of at least ``min_weight``."""
    _check_page(limit, 0)
    src = event_actors.alias("src")
    tgt = event_actors.alias("tgt")
    weight = sa.func.count(sa.distinct(events.c.id)).label("weight")
    stmt = (
        sa.select(
            src.c.code.label("source"),
            tgt.c.code.label("target"),
            events.c.plover.label("type"),
            category_expr().label("category"),
            weight,
            sa.func.avg(events.c.goldstein).label("goldstein"),
        )
        .select_from(events)
        .join(src, sa.and_(src.c.event_id == events.c.id, src.c.role == "source"))
        .join(tgt, sa.and_(tgt.c.event_id == events.c.id, tgt.c.role == "target"))
        .where(*event_where(f), src.c.code != tgt.c.code)
        .group_by(src.c.code, tgt.c.code, events.c.plover, sa.literal_column("category"))
        .having(sa.func.count(sa.distinct(events.c.id)) >= min_weight)
        .order_by(weight.desc(), src.c.code, tgt.c.code, events.c.plover)
        .limit(limit)
    )
    with store.reader() as conn:
        edges = [dict(r) for r in conn.execute(stmt).mappings()]
        codes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
        info: dict[str, dict[str, Any]] = {}
        for i in range(0, len(codes), 500):
            chunk = codes[i : i + 500]
            name_stmt = (
                sa.select(actors.c.code, sa.func.max(actors.c.country))
                .where(actors.c.code.in_(chunk))
                .group_by(actors.c.code)
            )
            names = _common_names(conn, chunk)
            for code, country in conn.execute(name_stmt):
                info[code] = {"name": names.get(code), "country": country}
            ea_stmt = (
                sa.select(
                    event_actors.c.code, sa.func.max(event_actors.c.text), sa.func.max(event_actors.c.country)
                )
                .where(event_actors.c.code.in_(chunk))
                .group_by(event_actors.c.code)
            )
            for code, text, country in conn.execute(ea_stmt):
                info.setdefault(code, {"name": text, "country": country})
    totals: dict[str, int] = defaultdict(int)
    for e in edges:
        e["weight"] = int(e["weight"])
        e["goldstein"] = None if e["goldstein"] is None else round(float(e["goldstein"]), 2)
        totals[e["source"]] += e["weight"]
        totals[e["target"]] += e["weight"]
    nodes = [
        {"id": c, "name": info.get(c, {}).get("name") or c, "country": info.get(c, {}).get("country"),
         "events": totals[c]}
        for c in codes
    ]  # fmt: skip
    return {"nodes": nodes, "edges": edges}


def top_dyads(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent (source, target) actor pairs over all events: ``source``, ``target``, ``events``."""
    _check_page(limit, 0)
    src = event_actors.alias("src")
    tgt = event_actors.alias("tgt")
    n = sa.func.count(sa.distinct(events.c.id)).label("events")
    stmt = (
        sa.select(src.c.code.label("source"), tgt.c.code.label("target"), n)
        .select_from(events)
        .join(src, sa.and_(src.c.event_id == events.c.id, src.c.role == "source"))
        .join(tgt, sa.and_(tgt.c.event_id == events.c.id, tgt.c.role == "target"))
        .where(src.c.code != tgt.c.code)
        .group_by(src.c.code, tgt.c.code)
        .order_by(n.desc(), src.c.code, tgt.c.code)
        .limit(limit)
    )
    with store.reader() as conn:
        return [{**dict(r), "events": int(r["events"])} for r in conn.execute(stmt).mappings()]


def sources(store: Store) -> list[str]:
    """The distinct article sources (outlets/agencies), sorted."""
    stmt = (
        sa.select(articles.c.source)
        .where(articles.c.source.is_not(None))
        .distinct()
        .order_by(articles.c.source)
    )
    with store.reader() as conn:
        return list(conn.scalars(stmt))

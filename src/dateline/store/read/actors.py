"""Actors with their counts: articles they are resolved in, events they take part in, quotes they speak."""

from __future__ import annotations

import sqlalchemy as sa

from dateline.store.read.filters import ActorFilter, check_page
from dateline.store.read.rows import ActorSummary
from dateline.store.schema import actors, event_actors, quotes


def common_names(conn: sa.Connection, codes: list[str] | None = None) -> dict[str, str]:
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


def _all_actors(conn: sa.Connection) -> list[ActorSummary]:
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
    rows = list(conn.execute(stmt).mappings())
    names = common_names(conn)
    return [
        ActorSummary(
            code=r["code"], name=names.get(r["code"], r["name"]), country=r["country"], sector=r["sector"],
            articles=int(r["articles"]), events=int(r["events"]), as_source=int(r["as_source"]),
            as_target=int(r["as_target"]), quotes=int(r["quotes"]),
        )
        for r in rows
    ]  # fmt: skip


def list_actors(
    conn: sa.Connection, f: ActorFilter, *, limit: int, offset: int
) -> tuple[list[ActorSummary], int]:
    """Actors matching ``f``, most active first (events, articles, quotes, then code); and the total."""
    check_page(limit, offset)
    q = (f.q or "").lower()
    out = [
        a
        for a in _all_actors(conn)
        if (not q or q in f"{a.code} {a.name or ''}".lower())
        and (f.country is None or a.country == f.country)
        and (f.sector is None or a.sector == f.sector)
    ]
    out.sort(key=lambda a: (-a.events, -a.articles, -a.quotes, a.code))
    return out[offset : offset + limit], len(out)

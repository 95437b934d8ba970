"""Actors with their counts: articles they are resolved in, events they take part in, quotes they speak."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class ActorStats:
    """Per actor code, from one grouped query per table: ``resolved`` (``actors``: country, sector, articles),
    ``in_events`` (``event_actors``: country, sector, a text it was read from, events, as source, as target),
    ``quoted`` (quotes spoken) and ``names`` (the most common resolved name). The actor list and the network's
    nodes are both made from it, so one (cached) computation serves both."""

    resolved: Mapping[str, tuple[str | None, str | None, int]]
    in_events: Mapping[str, tuple[str | None, str | None, str | None, int, int, int]]
    quoted: Mapping[str, int]
    names: Mapping[str, str]


def actor_stats(conn: sa.Connection) -> ActorStats:
    """The :class:`ActorStats` of the whole store."""
    resolved = sa.select(
        actors.c.code,
        sa.func.max(actors.c.country),
        sa.func.max(actors.c.sector),
        sa.func.count(sa.distinct(actors.c.article_id)),
    ).group_by(actors.c.code)
    is_source = sa.case((event_actors.c.role == "source", 1), else_=0)
    is_target = sa.case((event_actors.c.role == "target", 1), else_=0)
    in_events = sa.select(
        event_actors.c.code,
        sa.func.max(event_actors.c.country),
        sa.func.max(event_actors.c.sector),
        sa.func.max(event_actors.c.text),
        sa.func.count(sa.distinct(event_actors.c.event_id)),
        sa.func.sum(is_source),
        sa.func.sum(is_target),
    ).group_by(event_actors.c.code)
    spoke = (
        sa.select(quotes.c.speaker_actor, sa.func.count())
        .where(quotes.c.speaker_actor.is_not(None))
        .group_by(quotes.c.speaker_actor)
    )
    return ActorStats(
        resolved={code: (country, sector, int(n)) for code, country, sector, n in conn.execute(resolved)},
        in_events={
            code: (country, sector, text, int(n), int(src or 0), int(tgt or 0))
            for code, country, sector, text, n, src, tgt in conn.execute(in_events)
        },
        quoted={code: int(n) for code, n in conn.execute(spoke)},
        names=common_names(conn),
    )


def summaries(stats: ActorStats) -> tuple[ActorSummary, ...]:
    """Every actor code (resolved in an article, taking part in an event or speaking a quote) with its counts,
    most active first (events, articles, quotes, then code)."""
    out = []
    for code in stats.resolved.keys() | stats.in_events.keys() | stats.quoted.keys():
        country, sector, n_articles = stats.resolved.get(code, (None, None, 0))
        e_country, e_sector, text, n_events, as_source, as_target = stats.in_events.get(
            code, (None, None, None, 0, 0, 0)
        )
        out.append(
            ActorSummary(
                code=code, name=stats.names.get(code, text), country=e_country if country is None else country,
                sector=e_sector if sector is None else sector, articles=n_articles, events=n_events,
                as_source=as_source, as_target=as_target, quotes=stats.quoted.get(code, 0),
            )
        )  # fmt: skip
    out.sort(key=lambda a: (-a.events, -a.articles, -a.quotes, a.code))
    return tuple(out)


def node_info(stats: ActorStats, codes: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """Code -> (name, country) for the network's nodes: the most common resolved name and the country it was
    resolved with; for a code never resolved in an article, a text it was read from in an event and its
    country there."""
    info: dict[str, tuple[str | None, str | None]] = {}
    for code in codes:
        if code in stats.resolved:
            info[code] = (stats.names.get(code), stats.resolved[code][0])
        elif code in stats.in_events:
            country, _, text, *_ = stats.in_events[code]
            info[code] = (text, country)
    return info


def _distinct(conn: sa.Connection, column: sa.Column[str]) -> set[str]:
    """The distinct non-NULL values of an indexed column, one index lookup each: a loose index scan, written
    as a recursive query (neither database skips through an index by itself), for the few hundred codes
    among hundreds of thousands of rows."""
    walk = sa.select(sa.func.min(column).label("value")).cte("walk", recursive=True)
    step = sa.select(sa.select(sa.func.min(column)).where(column > walk.c.value).scalar_subquery())
    walk = walk.union_all(step.where(walk.c.value.is_not(None)))
    return set(conn.scalars(sa.select(walk.c.value).where(walk.c.value.is_not(None))))


def count_actors(conn: sa.Connection) -> int:
    """How many actor codes :func:`all_actors` lists (resolved, in events or speaking), without counting them:
    the codes come from the ``code`` and ``speaker_actor`` indexes (milliseconds, where the counts take a
    second at 20,000 articles)."""
    codes = _distinct(conn, actors.c.code) | _distinct(conn, event_actors.c.code)
    return len(codes | _distinct(conn, quotes.c.speaker_actor))


def all_actors(conn: sa.Connection) -> tuple[ActorSummary, ...]:
    """:func:`summaries` of the whole store."""
    return summaries(actor_stats(conn))


def pick_actors(
    everything: Sequence[ActorSummary], f: ActorFilter, *, limit: int, offset: int
) -> tuple[list[ActorSummary], int]:
    """The actors of ``everything`` (as :func:`all_actors` gives them) matching ``f``: a page, and the total."""
    check_page(limit, offset)
    q = (f.q or "").lower()
    out = [
        a
        for a in everything
        if (not q or q in f"{a.code} {a.name or ''}".lower())
        and (f.country is None or a.country == f.country)
        and (f.sector is None or a.sector == f.sector)
    ]
    return out[offset : offset + limit], len(out)


def list_actors(
    conn: sa.Connection, f: ActorFilter, *, limit: int, offset: int
) -> tuple[list[ActorSummary], int]:
    """Actors matching ``f``, most active first (events, articles, quotes, then code); and the total."""
    check_page(limit, offset)
    return pick_actors(all_actors(conn), f, limit=limit, offset=offset)

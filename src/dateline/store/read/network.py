"""The actor network: source -> target edges per PLOVER type, weighted by events; the top dyads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from dateline.store.read.actors import ActorStats, common_names, node_info
from dateline.store.read.filters import EventFilter, check_page, event_where
from dateline.store.read.rows import DyadCount, Network, NetworkEdge, NetworkNode
from dateline.store.read.timeline import category_expr
from dateline.store.schema import actors, event_actors, events


def _pairs() -> tuple[sa.FromClause, sa.FromClause, sa.FromClause]:
    """``events`` joined with each (source actor, target actor) pair of the event."""
    src = event_actors.alias("src")
    tgt = event_actors.alias("tgt")
    joined = events.join(src, sa.and_(src.c.event_id == events.c.id, src.c.role == "source")).join(
        tgt, sa.and_(tgt.c.event_id == events.c.id, tgt.c.role == "target")
    )
    return joined, src, tgt


def _node_info(conn: sa.Connection, codes: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Code -> (name, country): the most common resolved name, else a text the actor was read from."""
    info: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(codes), 500):
        chunk = codes[i : i + 500]
        names = common_names(conn, chunk)
        country_stmt = (
            sa.select(actors.c.code, sa.func.max(actors.c.country))
            .where(actors.c.code.in_(chunk))
            .group_by(actors.c.code)
        )
        for code, country in conn.execute(country_stmt):
            info[code] = (names.get(code), country)
        ea_stmt = (
            sa.select(
                event_actors.c.code, sa.func.max(event_actors.c.text), sa.func.max(event_actors.c.country)
            )
            .where(event_actors.c.code.in_(chunk))
            .group_by(event_actors.c.code)
        )
        for code, text, country in conn.execute(ea_stmt):
            info.setdefault(code, (text, country))
    return info


def network(
    conn: sa.Connection,
    f: EventFilter,
    *,
    min_weight: int = 1,
    limit: int = 200,
    stats: Callable[[], ActorStats] | None = None,
) -> Network:
    """Over the events matching ``f``: ``nodes`` (actor code, name, country, event count) and
    ``edges`` (source -> target per PLOVER type, ``weight`` = events), heaviest first, at most
    ``limit`` edges of at least ``min_weight``. ``stats`` gives the :class:`ActorStats` the nodes' names
    and countries are taken from (the store passes its cached ones); without it they are looked up for
    the nodes' codes."""
    check_page(limit)
    joined, src, tgt = _pairs()
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
        .select_from(joined)
        .where(*event_where(f), src.c.code != tgt.c.code)
        .group_by(src.c.code, tgt.c.code, events.c.plover, sa.literal_column("category"))
        .having(sa.func.count(sa.distinct(events.c.id)) >= min_weight)
        .order_by(weight.desc(), src.c.code, tgt.c.code, events.c.plover)
        .limit(limit)
    )
    return network_of(conn, stmt, stats=stats)


def network_of(conn: sa.Connection, stmt: sa.Select[Any], *, stats: Callable[[], ActorStats] | None = None) -> Network:
    """A Network from an edge query (columns source, target, type, category, weight, goldstein): the edges,
    and a node per actor code with its name, country and summed edge weights."""
    edges = tuple(
        NetworkEdge(
            source=r["source"], target=r["target"], type=r["type"], category=r["category"], weight=int(r["weight"]),
            goldstein=None if r["goldstein"] is None else round(float(r["goldstein"]), 2),
        )
        for r in conn.execute(stmt).mappings()
    )  # fmt: skip
    codes = sorted({e.source for e in edges} | {e.target for e in edges})
    info = _node_info(conn, codes) if stats is None else node_info(stats(), codes)
    totals: dict[str, int] = defaultdict(int)
    for e in edges:
        totals[e.source] += e.weight
        totals[e.target] += e.weight
    nodes = tuple(
        NetworkNode(id=c, name=info.get(c, (None, None))[0] or c, country=info.get(c, (None, None))[1], events=totals[c])
        for c in codes
    )  # fmt: skip
    return Network(nodes=nodes, edges=edges)


def top_dyads(conn: sa.Connection, *, limit: int = 10) -> list[DyadCount]:
    """The most frequent (source, target) actor pairs over all events.

    Counted over ``event_actors`` alone (each source paired with the targets of its event): every row there
    belongs to a stored event (a foreign key, deleted with it), so ``events`` need not be joined."""
    check_page(limit)
    src = event_actors.alias("src")
    tgt = event_actors.alias("tgt")
    n = sa.func.count(sa.distinct(src.c.event_id)).label("events")
    stmt = (
        sa.select(src.c.code.label("source"), tgt.c.code.label("target"), n)
        .select_from(src.join(tgt, sa.and_(tgt.c.event_id == src.c.event_id, tgt.c.role == "target")))
        .where(src.c.role == "source", src.c.code != tgt.c.code)
        .group_by(src.c.code, tgt.c.code)
        .order_by(n.desc(), src.c.code, tgt.c.code)
        .limit(limit)
    )
    return [DyadCount(source=s, target=t, events=int(c)) for s, t, c in conn.execute(stmt)]

"""Places: resolved place mentions and event locations, merged by name and country, with counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from dateline.store.read.filters import PlaceFilter, check_page
from dateline.store.read.rows import PlaceSummary
from dateline.store.schema import events, places


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def all_places(conn: sa.Connection) -> tuple[PlaceSummary, ...]:
    """Every place (resolved mentions and event locations, merged by name and country) with its ``mentions``,
    ``articles`` and ``events`` counts and coordinates when known, most events first (then mentions, name,
    country)."""
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
    for r in conn.execute(mention_stmt).mappings():
        merged[(r["name"], r["country"])] = {**r, "events": 0}
    for r in conn.execute(event_stmt).mappings():
        row = merged.setdefault((r["name"], r["country"]), {**r, "mentions": 0, "articles": 0})
        row["events"] = r["events"]
        if row["lat"] is None:
            row["lat"], row["lon"] = r["lat"], r["lon"]
    out = [
        PlaceSummary(
            name=row["name"], country=row["country"], lat=_round(row["lat"]), lon=_round(row["lon"]),
            mentions=int(row["mentions"] or 0), articles=int(row["articles"] or 0), events=int(row["events"] or 0),
        )
        for row in merged.values()
    ]  # fmt: skip
    out.sort(key=lambda p: (-p.events, -p.mentions, p.name or "", p.country or ""))
    return tuple(out)


def pick_places(
    everything: Sequence[PlaceSummary], f: PlaceFilter, *, limit: int, offset: int
) -> tuple[list[PlaceSummary], int]:
    """The places of ``everything`` (as :func:`all_places` gives them) matching ``f``: a page, and the total."""
    check_page(limit, offset)
    q = (f.q or "").lower()
    out = [
        p
        for p in everything
        if (not q or q in (p.name or "").lower()) and (f.country is None or p.country == f.country)
    ]
    return out[offset : offset + limit], len(out)


def list_places(
    conn: sa.Connection, f: PlaceFilter, *, limit: int, offset: int
) -> tuple[list[PlaceSummary], int]:
    """Places matching ``f`` with their ``mentions``, ``articles`` and ``events`` counts and
    coordinates when known (most events first); and the total."""
    check_page(limit, offset)
    return pick_places(all_places(conn), f, limit=limit, offset=offset)

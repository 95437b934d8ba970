"""Places: resolved place mentions and event locations, merged by name and country, with counts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dateline.store.read.filters import PlaceFilter, check_page
from dateline.store.read.rows import PlaceSummary
from dateline.store.schema import events, places


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def list_places(
    conn: sa.Connection, f: PlaceFilter, *, limit: int, offset: int
) -> tuple[list[PlaceSummary], int]:
    """Places matching ``f`` with their ``mentions``, ``articles`` and ``events`` counts and
    coordinates when known (most events first); and the total."""
    check_page(limit, offset)
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
    q = (f.q or "").lower()
    out = [
        PlaceSummary(
            name=row["name"], country=row["country"], lat=_round(row["lat"]), lon=_round(row["lon"]),
            mentions=int(row["mentions"] or 0), articles=int(row["articles"] or 0), events=int(row["events"] or 0),
        )
        for row in merged.values()
        if (not q or q in (row["name"] or "").lower()) and (f.country is None or row["country"] == f.country)
    ]  # fmt: skip
    out.sort(key=lambda p: (-p.events, -p.mentions, p.name or "", p.country or ""))
    return out[offset : offset + limit], len(out)

"""GeoJSON (RFC 7946) FeatureCollections of stored events and of places (``dateline export --format geojson``).

Events: one Feature per event whose place has coordinates, a Point at ``[longitude, latitude]`` (RFC 7946
order, WGS 84), ``id`` the event id, ``properties`` the event's main fields (actors as ``+``-joined codes, so
GIS tools that flatten properties keep them). Events without coordinates are left out (counted).
Places (``places=True``): one Feature per place with coordinates, merged by name and country as the places
list of the API merges them, with its counts of mentions, articles and events.
The collection is written as it is read, so its size does not depend on memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from dateline.store.formats import codes
from dateline.store.read.rows import EventRow, PlaceSummary
from dateline.store.read.stream import EventArticle, EventBatch


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def event_feature(ev: EventRow, article: EventArticle | None) -> dict[str, Any] | None:
    """The Feature of one event, ``None`` when its place has no coordinates."""
    loc = ev.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": _point(loc.lon, loc.lat),
        "properties": {
            "date": ev.date.isoformat() if ev.date else None, "date_precision": ev.date_precision,
            "plover": ev.plover, "plover_mode": ev.plover_mode, "cameo": ev.cameo,
            "quad_class": codes.quad_class(ev.cameo), "goldstein": codes.goldstein(ev.cameo, ev.goldstein),
            "source": "+".join(a.code for a in ev.source), "target": "+".join(a.code for a in ev.target),
            "source_text": "; ".join(a.text for a in ev.source), "target_text": "; ".join(a.text for a in ev.target),
            "trigger": ev.trigger_text, "modality": ev.modality, "negated": ev.negated,
            "confidence": ev.confidence, "rule": ev.rule,
            "place": loc.name, "place_country": loc.country, "place_precision": loc.precision,
            "geonameid": loc.geonameid, "sentence": ev.sentence, "article_id": ev.article_id,
            "article_title": article.title if article else None, "url": article.url if article else None,
            "source_name": article.source if article else None,
        },
    }  # fmt: skip


def place_feature(p: PlaceSummary) -> dict[str, Any] | None:
    if p.lat is None or p.lon is None:
        return None
    return {
        "type": "Feature",
        "geometry": _point(p.lon, p.lat),
        "properties": {"name": p.name, "country": p.country, "mentions": p.mentions, "articles": p.articles,
                       "events": p.events},
    }  # fmt: skip


def _collection(features: Iterable[dict[str, Any] | None], out: IO[str]) -> tuple[int, int]:
    out.write('{"type": "FeatureCollection", "features": [')
    written = skipped = 0
    for feature in features:
        if feature is None:
            skipped += 1
            continue
        out.write(("\n" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    out.write("\n]}\n" if written else "]}\n")
    return written, skipped


def write_events_geojson(batches: Iterator[EventBatch], out: IO[str]) -> tuple[int, int]:
    """Write the events' FeatureCollection; return (features written, events without coordinates)."""
    features = (event_feature(ev, b.articles.get(ev.article_id)) for b in batches for ev in b.events)
    return _collection(features, out)


def write_places_geojson(places: Iterable[PlaceSummary], out: IO[str]) -> tuple[int, int]:
    """Write the places' FeatureCollection; return (features written, places without coordinates)."""
    return _collection((place_feature(p) for p in places), out)

"""PLOVER JSON records for stored events (``dateline export --format plover``).

One record per event with the field names of the PLOVER manual's "JSON Data Fields" chapter (id, date,
source, recipient, event, mode, context, event_loc, event_text, quad_code, event_scale, text, text_info,
cite_info, coder, coded_date, coded_time), plus Dateline's own fields the manual invites providers to add
(cameo, date_precision, modality, negated, confidence, rule, article_id, link). JSON Lines (the manual's
suggestion) or, with ``array=True``, one JSON array. docs/exports.md maps every field.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from dateline.model import EventActor, Location
from dateline.store.formats import codes, geo
from dateline.store.read.rows import EventRow
from dateline.store.read.stream import EventArticle, EventBatch, EventLink

#: PLOVER's context values that a Dateline modality or negation gives.
CONTEXTS = {"intended": "future", "hypothetical": "hypothetical"}
NEGATION = "negation"


def _coder() -> str:
    try:
        return f"dateline {importlib.metadata.version('dateline')}"
    except importlib.metadata.PackageNotFoundError:
        return "dateline"


def actor_object(actor: EventActor, name: str | None) -> dict[str, Any]:
    """PLOVER's actor object: ``code`` the country (or international) part, ``sector`` the rest,
    ``actor_text`` the words in the article, ``identifier_text`` the resolved actor's name; and
    ``cameo_code``, the whole code (Dateline's)."""
    parts = codes.split_actor_code(actor.code)
    top = parts.country or (
        parts.types[0] if parts.types and parts.types[0] in ("IGO", "NGO", "IMG", "MNC") else None
    )
    rest = actor.code[len(top) :] if top and actor.code.startswith(top) else actor.code
    return {
        "code": top, "sector": rest or None, "actor_text": actor.text, "identifier_text": name,
        "cameo_code": actor.code,
    }  # fmt: skip


def location_object(location: Location | None) -> dict[str, Any] | None:
    """PLOVER's location object: the GeoNames fields Dateline keeps, under GeoNames' names."""
    if location is None:
        return None
    country = geo.country(location.country)
    division = geo.division_of(location)
    return {
        "geonameid": location.geonameid, "name": location.name, "latitude": location.lat,
        "longitude": location.lon, "country code": country.iso2 if country else None,
        "cc3": location.country, "admin1 code": division.code if division else None,
        "precision": location.precision,
    }  # fmt: skip


def _sides(
    side: Sequence[EventActor], article_id: str, names: Mapping[tuple[str, str], str]
) -> list[dict[str, Any]]:
    return [actor_object(a, names.get((article_id, a.code))) for a in side]


def link_object(link: EventLink | None) -> dict[str, Any] | None:
    """The linked event a report belongs to (docs/linking.md): its id, counts and first report."""
    if link is None:
        return None
    return {
        "id": link.linked_id, "mentions": link.mentions, "references": link.references, "articles": link.articles, "stories": link.stories,
        "sources": link.sources, "outlets": list(link.outlets), "first_event_id": link.first_event_id,
        "first_seen": link.first_seen.isoformat(), "first_url": link.first_url,
    }  # fmt: skip


def record(
    ev: EventRow,
    article: EventArticle | None,
    names: Mapping[tuple[str, str], str],
    coder: str,
    link: EventLink | None = None,
) -> dict[str, Any]:
    """The PLOVER record of one event (one report; ``link``: the linked event it is a report of)."""
    context = [CONTEXTS[ev.modality]] if ev.modality in CONTEXTS else []
    if ev.negated:
        context.append(NEGATION)
    coded = article.ingested_at if article else None
    return {
        "id": ev.id,
        "date": ev.date.isoformat() if ev.date else None,
        "source": _sides(ev.source, ev.article_id, names),
        "recipient": _sides(ev.target, ev.article_id, names),
        "event": [ev.plover],
        "mode": [ev.plover_mode] if ev.plover_mode else [],
        "context": context,
        "event_loc": location_object(ev.location),
        "event_text": [ev.trigger_text, *(m.trigger_text for m in ev.evidence)],
        "quad_code": codes.quad_class(ev.cameo),
        "event_scale": codes.goldstein(ev.cameo, ev.goldstein),
        "text": ev.sentence,
        "text_info": {"start": ev.sentence_start, "end": ev.sentence_end},
        "cite_info": {
            "url": article.url if article else None,
            "title": article.title if article else None,
            "publication": article.source if article else None,
            "coder": coder,
        },
        "coder": coder,
        "coded_date": coded.date().isoformat() if coded else None,
        "coded_time": coded.strftime("%H:%M:%SZ") if coded else None,
        "link": link_object(link),
        # Dateline's fields
        "cameo": ev.cameo,
        "date_precision": ev.date_precision,
        "modality": ev.modality,
        "negated": ev.negated,
        "confidence": ev.confidence,
        "rule": ev.rule,
        "article_id": ev.article_id,
    }


def write_plover(batches: Iterator[EventBatch], out: IO[str], *, array: bool = False) -> tuple[int, int]:
    """Write PLOVER records as JSON Lines (or one JSON array); return (written, left out = 0)."""
    coder = _coder()
    written = 0
    if array:
        out.write("[")
    for batch in batches:
        for ev in batch.events:
            rec = json.dumps(
                record(ev, batch.articles.get(ev.article_id), batch.names, coder, batch.links.get(ev.id)),
                ensure_ascii=False,
            )
            if array:
                out.write(("\n" if written == 0 else ",\n") + rec)
            else:
                out.write(rec + "\n")
            written += 1
    if array:
        out.write("\n]\n" if written else "]\n")
    return written, 0

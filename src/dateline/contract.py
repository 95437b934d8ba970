"""The Dateline JSON contract (docs/contract.md): Extraction -> JSON-ready dict, and back-checks."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .errors import E_CAPPED
from .model import Actor, Article, Entity, Event, EventActor, Extraction, Place, Quote, Timex


def to_contract(ex: Extraction, *, structure: bool = True) -> dict[str, Any]:
    """The contract object for one article. ``structure`` adds the article-structure fields."""
    a = ex.article
    out: dict[str, Any] = {
        "id": a.external_id if a.external_id is not None else a.id,
        "text": a.text,
        "published": a.published.isoformat() if a.published else None,
        "entities": [_entity(e) for e in ex.entities if e.field == "text"],
        "actors": [_actor(x) for x in ex.actors],
        "events": [_event(x) for x in ex.events],
        "quotes": [_quote(q) for q in ex.quotes],
        "timexes": [_timex(t) for t in ex.timexes],
        "places": [_place(p) for p in ex.places],
        "political": ex.political,
    }
    if ex.dropped:  # only when a layer gave up on a span, so ordinary output is unchanged
        out["dropped"] = [{"layer": d.layer, "start": d.start, "end": d.end, "reason": d.reason} for d in ex.dropped]
    if not structure and any(w.startswith(f"{E_CAPPED}: ") for w in a.warnings):  # a capped record says so
        out["warnings"] = list(a.warnings)
    if structure:
        out.update(article_structure(a))
        out["title_entities"] = [_entity(e) for e in ex.entities if e.field == "title"]
        out["model"] = ex.model
    return out


def article_structure(a: Article) -> dict[str, Any]:
    return {
        "article_id": a.id,
        "origin": a.origin,
        "format": a.format,
        "title": a.title,
        "byline": a.byline,
        "source": a.source,
        "url": a.url,
        "captions": [{"text": c.text, "credit": c.credit} for c in a.captions],
        "headings": [{"text": h.text, "start": h.start, "end": h.end} for h in a.headings],
        "related": [{"title": r.title, "url": r.url} for r in a.related],
        "paragraphs": [list(p) for p in a.paragraphs],
        "warnings": list(a.warnings),
    }


def error_record(item_id: str | None, code: str, message: str, *, origin: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item_id, "error": {"code": code, "message": message}}
    if origin:
        out["error"]["origin"] = origin
    return out


def _entity(e: Entity) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "text": e.text, "label": e.label, "actor": e.actor, "rule": e.rule}


def _actor(x: Actor) -> dict[str, Any]:
    return {
        "code": x.code,
        "country": x.country,
        "sector": x.sector,
        "name": x.name,
        "mentions": [[m.start, m.end] for m in x.mentions],
        "rule": x.rule,
    }


def _event_actor(x: EventActor) -> dict[str, Any]:
    return {"code": x.code, "country": x.country, "sector": x.sector, "start": x.start, "end": x.end, "text": x.text}


def _event(x: Event) -> dict[str, Any]:
    loc = x.location
    return {
        "source": [_event_actor(s) for s in x.source],
        "target": [_event_actor(t) for t in x.target],
        "plover": x.plover,
        "plover_mode": x.plover_mode,
        "cameo": x.cameo,
        "trigger": {"start": x.trigger_start, "end": x.trigger_end, "text": x.trigger_text},
        "sentence": {"start": x.sentence_start, "end": x.sentence_end},
        "date": x.date.isoformat() if x.date else None,
        "date_precision": x.date_precision,
        "location": None
        if loc is None
        else {
            "name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon, "precision": loc.precision,
            "admin1": loc.admin1, "admin1_code": loc.admin1_code, "admin2": loc.admin2, "admin2_code": loc.admin2_code,
        },  # fmt: skip
        "modality": x.modality,
        "negated": x.negated,
        "goldstein": x.goldstein,
        "confidence": x.confidence,
        "rule": x.rule,
        "quote": x.quote_index,
        "evidence": [
            {
                "trigger": {"start": m.trigger_start, "end": m.trigger_end, "text": m.trigger_text},
                "sentence": {"start": m.sentence_start, "end": m.sentence_end},
            }
            for m in x.evidence
        ],
    }


def _quote(q: Quote) -> dict[str, Any]:
    sp = q.speaker
    return {
        "kind": q.kind,
        "content": {"start": q.content_start, "end": q.content_end, "text": q.content_text},
        "cue": None if q.cue_start is None else {"start": q.cue_start, "end": q.cue_end, "text": q.cue_text},
        "speaker": None
        if sp is None
        else {"start": sp.start, "end": sp.end, "text": sp.text, "name": sp.name, "actor": sp.actor},
        "rule": q.rule,
    }


def _timex(t: Timex) -> dict[str, Any]:
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "rule": t.rule}


def _place(p: Place) -> dict[str, Any]:
    return {
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
        "feature": p.feature,
        "precision": p.precision,
        "admin1": p.admin1,
        "admin1_code": p.admin1_code,
        "admin2": p.admin2,
        "admin2_code": p.admin2_code,
        "rule": p.rule,
    }


def dumps(obj: dict[str, Any]) -> str:
    """One JSON line. ``ensure_ascii`` keeps U+2028/U+0085 escaped, so output splits on ``\\n`` only."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":"))


def load_schema() -> dict[str, Any]:
    """The JSON Schema of one output line (docs/contract.md)."""
    text = resources.files("dateline.data").joinpath("contract.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema

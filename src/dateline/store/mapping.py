"""The write side: one :class:`~dateline.model.Extraction` mapped to the rows of every table.

Kept apart from :mod:`dateline.store.schema` (which only describes the tables) and from the read
path in :mod:`dateline.store.read`. Every value is checked to be storable on both backends.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from dateline.errors import E_STORE, StoreError
from dateline.model import Extraction, stable_id

log = logging.getLogger(__name__)


def sanitize(text: str) -> str:
    """``text`` made storable anywhere: NUL becomes U+FFFD, lone surrogates become ``?``."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


def _check(value: object, where: str) -> None:
    """Reject strings no backend can store faithfully (PostgreSQL text cannot hold NUL)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError(f"{where} contains a NUL character, which cannot be stored", code=E_STORE)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise StoreError(f"{where} is not valid Unicode ({exc.reason})", code=E_STORE) from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, where)
            _check(item, where)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item, where)


def _json(value: object) -> Any:
    """``value`` as plain JSON data (unknown objects as strings), as it will read back."""
    return json.loads(json.dumps(value, default=str))


def _dedupe(rows: list[dict[str, Any]], table: str, article_id: str) -> list[dict[str, Any]]:
    """Keep the first row per id (two identical annotations of one article are one row)."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["id"], row)
    if len(seen) < len(rows):
        log.debug("article %s: dropped %d duplicate %s", article_id, len(rows) - len(seen), table)
    return list(seen.values())


def extraction_rows(
    extraction: Extraction, *, run_id: str | None, now: datetime
) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one extraction, keyed by table name; checked to be storable.

    Child ids are ``stable_id(article id, kind, offsets, codes...)``; ``position`` is the item's
    index in its tuple. Raises ``StoreError`` ``E301`` for text that cannot be stored.
    """
    a = extraction.article
    aid = a.id
    out: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                "id": aid,
                "origin": a.origin,
                "format": a.format,
                "external_id": a.external_id,
                "title": a.title,
                "byline": a.byline,
                "source": a.source,
                "published": a.published,
                "published_raw": a.published_raw,
                "url": a.url,
                "text": a.text,
                "paragraphs": [[s, e] for s, e in a.paragraphs],
                "captions": [{"text": c.text, "credit": c.credit} for c in a.captions],
                "headings": [{"text": h.text, "start": h.start, "end": h.end} for h in a.headings],
                "related": [{"title": r.title, "url": r.url} for r in a.related],
                "warnings": list(a.warnings),
                "extras": _json(extraction.extras),
                "political": extraction.political,
                "model": extraction.model,
                "run_id": run_id,
                "ingested_at": now,
            }
        ]
    }
    out["entities"] = [
        {
            "id": stable_id(aid, "entity", e.field, str(e.start), str(e.end), e.label),
            "article_id": aid,
            "position": i,
            "field": e.field,
            "start_char": e.start,
            "end_char": e.end,
            "text": e.text,
            "label": e.label,
            "rule": e.rule,
            "actor": e.actor,
        }
        for i, e in enumerate(extraction.entities)
    ]
    out["actors"] = [
        {
            "id": stable_id(aid, "actor", ac.code, ac.name),
            "article_id": aid,
            "position": i,
            "code": ac.code,
            "country": ac.country,
            "sector": ac.sector,
            "name": ac.name,
            "rule": ac.rule,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in ac.mentions],
        }
        for i, ac in enumerate(extraction.actors)
    ]
    quote_ids = [
        stable_id(aid, "quote", q.kind, str(q.content_start), str(q.content_end)) for q in extraction.quotes
    ]
    out["quotes"] = [
        {
            "id": quote_ids[i],
            "article_id": aid,
            "position": i,
            "kind": q.kind,
            "content_start": q.content_start,
            "content_end": q.content_end,
            "content_text": q.content_text,
            "cue_start": q.cue_start,
            "cue_end": q.cue_end,
            "cue_text": q.cue_text,
            "speaker_start": q.speaker.start if q.speaker else None,
            "speaker_end": q.speaker.end if q.speaker else None,
            "speaker_text": q.speaker.text if q.speaker else None,
            "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_actor": q.speaker.actor if q.speaker else None,
            "rule": q.rule,
        }
        for i, q in enumerate(extraction.quotes)
    ]
    out["events"], out["event_actors"] = [], []
    seen_events: set[str] = set()
    for i, ev in enumerate(extraction.events):
        eid = stable_id(
            aid, "event", str(ev.sentence_start), str(ev.sentence_end), str(ev.trigger_start),
            str(ev.trigger_end), ev.plover, ev.cameo, ",".join(x.code for x in ev.source),
            ",".join(x.code for x in ev.target),
        )  # fmt: skip
        if eid in seen_events:
            log.debug("article %s: dropped duplicate event %s", aid, eid)
            continue
        seen_events.add(eid)
        loc = ev.location
        qi = ev.quote_index
        out["events"].append(
            {
                "id": eid,
                "article_id": aid,
                "position": i,
                "plover": ev.plover,
                "plover_mode": ev.plover_mode,
                "cameo": ev.cameo,
                "goldstein": ev.goldstein,
                "date": ev.date,
                "date_precision": ev.date_precision,
                "trigger_start": ev.trigger_start,
                "trigger_end": ev.trigger_end,
                "trigger_text": ev.trigger_text,
                "sentence_start": ev.sentence_start,
                "sentence_end": ev.sentence_end,
                "modality": ev.modality,
                "negated": ev.negated,
                "confidence": ev.confidence,
                "rule": ev.rule,
                "quote_index": qi,
                "quote_id": quote_ids[qi] if qi is not None and 0 <= qi < len(quote_ids) else None,
                "location_name": loc.name if loc else None,
                "location_country": loc.country if loc else None,
                "location_lat": loc.lat if loc else None,
                "location_lon": loc.lon if loc else None,
                "location_precision": loc.precision if loc else None,
                "location_geonameid": loc.geonameid if loc else None,
                "location_admin1": loc.admin1 if loc else None,
                "location_admin1_code": loc.admin1_code if loc else None,
                "location_admin2": loc.admin2 if loc else None,
                "location_admin2_code": loc.admin2_code if loc else None,
                "evidence": [
                    {
                        "trigger_start": m.trigger_start,
                        "trigger_end": m.trigger_end,
                        "trigger_text": m.trigger_text,
                        "sentence_start": m.sentence_start,
                        "sentence_end": m.sentence_end,
                    }
                    for m in ev.evidence
                ],
            }
        )
        for role, group in (("source", ev.source), ("target", ev.target)):
            out["event_actors"].extend(
                {
                    "event_id": eid,
                    "role": role,
                    "position": j,
                    "article_id": aid,
                    "code": x.code,
                    "country": x.country,
                    "sector": x.sector,
                    "start_char": x.start,
                    "end_char": x.end,
                    "text": x.text,
                }
                for j, x in enumerate(group)
            )
    out["timexes"] = [
        {
            "id": stable_id(aid, "timex", str(t.start), str(t.end), t.type, t.value),
            "article_id": aid,
            "position": i,
            "start_char": t.start,
            "end_char": t.end,
            "text": t.text,
            "type": t.type,
            "value": t.value,
            "rule": t.rule,
        }
        for i, t in enumerate(extraction.timexes)
    ]
    out["places"] = [
        {
            "id": stable_id(aid, "place", str(p.start), str(p.end), p.name or ""),
            "article_id": aid,
            "position": i,
            "start_char": p.start,
            "end_char": p.end,
            "text": p.text,
            "name": p.name,
            "country": p.country,
            "lat": p.lat,
            "lon": p.lon,
            "geonameid": p.geonameid,
            "feature": p.feature,
            "rule": p.rule,
            "precision": p.precision,
            "admin1": p.admin1,
            "admin1_code": p.admin1_code,
            "admin2": p.admin2,
            "admin2_code": p.admin2_code,
        }
        for i, p in enumerate(extraction.places)
    ]
    for name in ("entities", "actors", "quotes", "timexes", "places"):
        out[name] = _dedupe(out[name], name, aid)
    for name, rows in out.items():
        for row in rows:
            for column, value in row.items():
                _check(value, f"article {aid}: {name}.{column}")
    return out

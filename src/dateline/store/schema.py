"""The current database schema (SQLAlchemy Core tables), one definition for SQLite and PostgreSQL.

This module describes the schema as the code reads and writes it. The database itself is built by
the numbered migrations in :mod:`dateline.store.migrations`; a test checks that applying them all
yields exactly these tables, columns and indexes. Change both together: add a migration, then
update the tables here.

Column names avoid SQL keywords (``start_char``/``end_char`` instead of ``start``/``end``). Every
child table has ``article_id`` (foreign key, ``ON DELETE CASCADE``) and ``position``, the item's
index in its :class:`~dateline.model.Extraction` tuple, so an article reads back in the order it
was written. :func:`extraction_rows` maps an :class:`~dateline.model.Extraction` to these rows.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from dateline.errors import E_STORE, StoreError
from dateline.model import Extraction, stable_id

log = logging.getLogger(__name__)

metadata = sa.MetaData()

#: JSON documents: ``JSONB`` on PostgreSQL, JSON text on SQLite.
JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _article_fk() -> sa.Column[Any]:
    return sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("command", sa.Text, nullable=False),
    sa.Column("model", sa.Text),
    sa.Column("n_articles", sa.Integer),
    sa.Column("n_skipped", sa.Integer),
    sa.Column("n_failed", sa.Integer),
    sa.Column("status", sa.Text, nullable=False),
    sa.Index("ix_runs_started_at", "started_at"),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("external_id", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("published_raw", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("paragraphs", JSONType, nullable=False),
    sa.Column("captions", JSONType, nullable=False),
    sa.Column("headings", JSONType, nullable=False),
    sa.Column("related", JSONType, nullable=False),
    sa.Column("warnings", JSONType, nullable=False),
    sa.Column("extras", JSONType, nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("run_id", sa.Text),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_source", "source"),
    sa.Index("ix_articles_run_id", "run_id"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("actor", sa.Text),
    sa.Index("ix_entities_article", "article_id", "position"),
    sa.Index("ix_entities_label_text", "label", "text"),
    sa.Index("ix_entities_actor", "actor"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("mentions", JSONType, nullable=False),
    sa.Index("ix_actors_article", "article_id", "position"),
    sa.Index("ix_actors_code", "code"),
    sa.Index("ix_actors_country", "country"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("content_text", sa.Text, nullable=False),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("speaker_text", sa.Text),
    sa.Column("speaker_name", sa.Text),
    sa.Column("speaker_actor", sa.Text),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Index("ix_quotes_article", "article_id", "position"),
    sa.Index("ix_quotes_speaker_actor", "speaker_actor"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("plover", sa.Text, nullable=False),
    sa.Column("plover_mode", sa.Text),
    sa.Column("cameo", sa.Text, nullable=False),
    sa.Column("goldstein", sa.Float),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.Text),
    sa.Column("trigger_start", sa.Integer, nullable=False),
    sa.Column("trigger_end", sa.Integer, nullable=False),
    sa.Column("trigger_text", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("modality", sa.Text, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("quote_index", sa.Integer),
    sa.Column("quote_id", sa.Text),
    sa.Column("location_name", sa.Text),
    sa.Column("location_country", sa.Text),
    sa.Column("location_lat", sa.Float),
    sa.Column("location_lon", sa.Float),
    sa.Column("location_precision", sa.Text),
    sa.Column("location_geonameid", sa.Integer),
    sa.Column("evidence", JSONType),  # further mentions merged into this event (migration 2)
    sa.Index("ix_events_article", "article_id", "position"),
    sa.Index("ix_events_plover", "plover"),
    sa.Index("ix_events_cameo", "cameo"),
    sa.Index("ix_events_date", "date"),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    _article_fk(),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.CheckConstraint("role IN ('source', 'target')", name="ck_event_actors_role"),
    sa.Index("ix_event_actors_article", "article_id"),
    sa.Index("ix_event_actors_code", "code"),
    sa.Index("ix_event_actors_country", "country"),
)

timexes = sa.Table(
    "timexes",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Index("ix_timexes_article", "article_id", "position"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _article_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geonameid", sa.Integer),
    sa.Column("feature", sa.Text),
    sa.Column("rule", sa.Text, nullable=False),
    sa.Index("ix_places_article", "article_id", "position"),
    sa.Index("ix_places_country", "country"),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("run_id", sa.Text),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_failures_run_id", "run_id"),
)

#: Tables holding one article's annotations, in insert order (parents before children).
CHILD_TABLES: tuple[sa.Table, ...] = (entities, actors, quotes, events, event_actors, timexes, places)

#: The data tables (everything except ``schema_migrations``), by name.
DATA_TABLES: dict[str, sa.Table] = {t.name: t for t in (articles, *CHILD_TABLES, failures, runs)}


# -- rows: model -> tables ---------------------------------------------------------------------------


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

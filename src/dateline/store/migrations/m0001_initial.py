"""0001: the initial schema.

A migration is a frozen snapshot: it defines its tables here instead of importing
:mod:`dateline.store.schema`, so later schema changes never alter what this step does.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

NAME = "initial"

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")
_TS = sa.DateTime(timezone=True)


def _article_fk() -> sa.Column[Any]:
    return sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _span(prefix: str = "") -> list[sa.Column[Any]]:
    start, end = (f"{prefix}_start", f"{prefix}_end") if prefix else ("start_char", "end_char")
    return [sa.Column(start, sa.Integer, nullable=False), sa.Column(end, sa.Integer, nullable=False)]


def _tables(md: sa.MetaData) -> None:
    sa.Table(
        "runs",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("finished_at", _TS),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("model", sa.Text),
        sa.Column("n_articles", sa.Integer),
        sa.Column("n_skipped", sa.Integer),
        sa.Column("n_failed", sa.Integer),
        sa.Column("status", sa.Text, nullable=False),
        sa.Index("ix_runs_started_at", "started_at"),
    )
    sa.Table(
        "articles",
        md,
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
        *(
            sa.Column(name, _JSON, nullable=False)
            for name in ("paragraphs", "captions", "headings", "related", "warnings", "extras")
        ),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("run_id", sa.Text),
        sa.Column("ingested_at", _TS, nullable=False),
        sa.Index("ix_articles_published", "published"),
        sa.Index("ix_articles_source", "source"),
        sa.Index("ix_articles_run_id", "run_id"),
    )
    sa.Table(
        "entities",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("actor", sa.Text),
        sa.Index("ix_entities_article", "article_id", "position"),
        sa.Index("ix_entities_label_text", "label", "text"),
        sa.Index("ix_entities_actor", "actor"),
    )
    sa.Table(
        "actors",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("mentions", _JSON, nullable=False),
        sa.Index("ix_actors_article", "article_id", "position"),
        sa.Index("ix_actors_code", "code"),
        sa.Index("ix_actors_country", "country"),
    )
    sa.Table(
        "quotes",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        *_span("content"),
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
    sa.Table(
        "events",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("plover", sa.Text, nullable=False),
        sa.Column("plover_mode", sa.Text),
        sa.Column("cameo", sa.Text, nullable=False),
        sa.Column("goldstein", sa.Float),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.Text),
        *_span("trigger"),
        sa.Column("trigger_text", sa.Text, nullable=False),
        *_span("sentence"),
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
        sa.Index("ix_events_article", "article_id", "position"),
        sa.Index("ix_events_plover", "plover"),
        sa.Index("ix_events_cameo", "cameo"),
        sa.Index("ix_events_date", "date"),
    )
    sa.Table(
        "event_actors",
        md,
        sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        _article_fk(),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.CheckConstraint("role IN ('source', 'target')", name="ck_event_actors_role"),
        sa.Index("ix_event_actors_article", "article_id"),
        sa.Index("ix_event_actors_code", "code"),
        sa.Index("ix_event_actors_country", "country"),
    )
    sa.Table(
        "timexes",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Index("ix_timexes_article", "article_id", "position"),
    )
    sa.Table(
        "places",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        _article_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        *_span(),
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
    sa.Table(
        "failures",
        md,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("run_id", sa.Text),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Index("ix_failures_run_id", "run_id"),
    )


def upgrade(conn: sa.Connection) -> None:
    """Create every table and index of the first schema version."""
    md = sa.MetaData()
    _tables(md)
    md.create_all(conn, checkfirst=False)

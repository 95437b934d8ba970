"""The current database schema (SQLAlchemy Core tables), one definition for SQLite and PostgreSQL.

This module describes the schema as the code reads and writes it. The database itself is built by
the numbered migrations in :mod:`dateline.store.migrations`; a test checks that applying them all
yields exactly these tables, columns and indexes. Change both together: add a migration, then
update the tables here.

Column names avoid SQL keywords (``start_char``/``end_char`` instead of ``start``/``end``). Every
child table has ``article_id`` (foreign key, ``ON DELETE CASCADE``) and ``position``, the item's
index in its :class:`~dateline.model.Extraction` tuple, so an article reads back in the order it
was written. :mod:`dateline.store.mapping` maps an :class:`~dateline.model.Extraction` to these rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

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
    sa.Column("pid", sa.Integer),  # the process that started the run, on ``host`` (migration 8)
    sa.Column("host", sa.Text),
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
    sa.Column("political", sa.Boolean),  # judged by the events layer (migration 3); NULL = not judged
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_source", "source"),
    sa.Index("ix_articles_run_id", "run_id"),
    sa.Index("ix_articles_ingested_at", "ingested_at"),  # the data version (migration 5)
)
#: Articles newest first (migration 5).
sa.Index("ix_articles_recent", articles.c.published.desc().nulls_last(), articles.c.id)

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
    sa.Index("ix_entities_label_text", "label", "text", "article_id"),  # article_id: migration 5
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
    sa.Column("location_admin1", sa.Text),  # the location's divisions (migration 9)
    sa.Column("location_admin1_code", sa.Text),
    sa.Column("location_admin2", sa.Text),
    sa.Column("location_admin2_code", sa.Text),
    sa.Index("ix_events_article", "article_id", "position"),
    sa.Index("ix_events_plover", "plover"),
    sa.Index("ix_events_cameo", "cameo"),
    sa.Index("ix_events_date", "date"),
)
#: Events newest first, as the event lists are ordered (migration 5).
sa.Index("ix_events_recent", events.c.date.desc().nulls_last(), events.c.article_id, events.c.position)

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
    sa.Index("ix_event_actors_code", "code", "role", "event_id"),  # role, event_id: migration 7
    sa.Index("ix_event_actors_country", "country", "role", "event_id"),
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
    sa.Column("precision", sa.Text),  # point | city | admin2 | admin1 | region | country (migration 9)
    sa.Column("admin1", sa.Text),
    sa.Column("admin1_code", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("admin2_code", sa.Text),
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

seen_urls = sa.Table(
    "seen_urls",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # canonical (ingest.urls.canonical_url)
    sa.Column("link", sa.Text, nullable=False),  # as the feed gave it, the first time
    sa.Column("feed_url", sa.Text, nullable=False),  # the feed that announced it first
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_attempt", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # stored | skipped | failed | retrying
    sa.Column("article_id", sa.Text),  # the article it gave (stored or already present)
    sa.Column("final_url", sa.Text),  # where the last fetch ended after redirects
    sa.Column("error_code", sa.Text),  # the last failure's code
    sa.CheckConstraint("status IN ('stored', 'skipped', 'failed', 'retrying')", name="ck_seen_urls_status"),
    sa.Index("ix_seen_urls_feed_url", "feed_url"),
    sa.Index("ix_seen_urls_status", "status"),
)


# -- stories and linked events (migration 6; docs/linking.md) ---------------------------------------------

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.Text, nullable=False),  # the id of the story's first-seen article
    sa.Column("seq", sa.BigInteger, nullable=False),  # arrival order, 1, 2, ... over the database
    sa.Column("copy_of", sa.Text),  # the earlier article this one is a near-duplicate of
    sa.Column("similarity", sa.Float),  # ... and their estimated Jaccard similarity of shingles
    sa.Column("shingles", sa.Integer, nullable=False),
    sa.Column("signature", sa.Text, nullable=False),  # MinHash values, hex (link.signatures.Signature.hex)
    sa.Index("ix_story_articles_story", "story_id"),
    sa.Index("ix_story_articles_seq", "seq"),
)

article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("band_key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_article_bands_article", "article_id"),
)

linked_events = sa.Table(
    "linked_events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # stable_id("linked", first event id)
    sa.Column("plover", sa.Text, nullable=False),
    sa.Column("plover_mode", sa.Text),
    sa.Column("cameo", sa.Text, nullable=False),
    sa.Column("goldstein", sa.Float),
    sa.Column("modality", sa.Text, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.Text),
    sa.Column("date_lo", sa.Date),  # the days the date may mean (link.rule.date_interval)
    sa.Column("date_hi", sa.Date),
    sa.Column("source", JSONType, nullable=False),  # [[code, country, sector], ...]
    sa.Column("target", JSONType, nullable=False),
    sa.Column("location_name", sa.Text),
    sa.Column("location_country", sa.Text),
    sa.Column("location_lat", sa.Float),
    sa.Column("location_lon", sa.Float),
    sa.Column("location_precision", sa.Text),
    sa.Column("first_event_id", sa.Text, nullable=False),
    sa.Column("first_article_id", sa.Text, nullable=False),
    sa.Column("first_seq", sa.BigInteger, nullable=False),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("first_url", sa.Text),
    sa.Column("n_mentions", sa.Integer, nullable=False),  # events linked (copies too)
    sa.Column("n_articles", sa.Integer, nullable=False),  # distinct articles (copies too)
    sa.Column("n_stories", sa.Integer, nullable=False),  # distinct stories (a copy counts with its original)
    sa.Column("n_sources", sa.Integer, nullable=False),  # distinct outlets
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("location_admin1", sa.Text),  # the location's divisions (migration 9)
    sa.Column("location_admin1_code", sa.Text),
    sa.Column("location_admin2", sa.Text),
    sa.Column("location_admin2_code", sa.Text),
    sa.Index("ix_linked_events_plover_date", "plover", "date_lo"),
    sa.Index("ix_linked_events_date", "date"),
    sa.Index("ix_linked_events_first_seq", "first_seq"),
)

event_links = sa.Table(
    "event_links",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("linked_id", sa.Text, sa.ForeignKey("linked_events.id", ondelete="CASCADE"), nullable=False),
    _article_fk(),
    sa.Column("story_id", sa.Text, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("is_copy", sa.Boolean, nullable=False),  # the article is a near-duplicate of an earlier one
    sa.Column("how", sa.Text, nullable=False),  # first (founded it) | rule | story (a copy's event, by its story)
    sa.Column("outlet", sa.Text),  # the article's source, kept here so counting distinct outlets needs no join
    sa.CheckConstraint("how IN ('first', 'rule', 'story')", name="ck_event_links_how"),
    sa.Index("ix_event_links_linked_story", "linked_id", "story_id"),
    sa.Index("ix_event_links_linked_outlet", "linked_id", "outlet"),
    sa.Index("ix_event_links_article", "article_id"),
    sa.Index("ix_event_links_story", "story_id", "linked_id"),  # migration 10: what a copy's story reports
)

link_settings = sa.Table(
    "link_settings",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # JSON
)

#: Tables holding one article's annotations, in insert order (parents before children).
CHILD_TABLES: tuple[sa.Table, ...] = (entities, actors, quotes, events, event_actors, timexes, places)

#: Rows the linking step writes with an article (in the article's transaction).
LINK_TABLES: tuple[sa.Table, ...] = (story_articles, article_bands, linked_events, event_links, link_settings)

#: The data tables (everything except ``schema_migrations``), by name.
DATA_TABLES: dict[str, sa.Table] = {
    t.name: t for t in (articles, *CHILD_TABLES, failures, runs, seen_urls, *LINK_TABLES)
}

"""Migration 6: stories and linked events (issue 13; docs/linking.md). A frozen snapshot, like every migration.

- ``story_articles``: one row per stored article: its story (near-duplicate cluster, named by its first-seen
  article), arrival number ``seq``, the earlier article it copies (if any) with the estimated similarity, and
  its MinHash signature;
- ``article_bands``: the signature's LSH band keys, indexed, so finding an article's candidate copies is SQL;
- ``linked_events``: one event told by one or more reports, with the fields the rule matches on and its counts;
- ``event_links``: each stored event (a mention) and the linked event it belongs to;
- ``link_settings``: the linking rule's knobs this database was linked with.

Existing articles get no rows here: ``dateline link`` links them (in arrival order).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")
_TS = sa.DateTime(timezone=True)


def _article_fk() -> sa.Column[str]:
    return sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table("articles", md, sa.Column("id", sa.Text, primary_key=True))
    sa.Table("events", md, sa.Column("id", sa.Text, primary_key=True))
    tables = [
        sa.Table(
            "story_articles",
            md,
            sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("story_id", sa.Text, nullable=False),
            sa.Column("seq", sa.BigInteger, nullable=False),
            sa.Column("copy_of", sa.Text),
            sa.Column("similarity", sa.Float),
            sa.Column("shingles", sa.Integer, nullable=False),
            sa.Column("signature", sa.Text, nullable=False),
            sa.Index("ix_story_articles_story", "story_id"),
            sa.Index("ix_story_articles_seq", "seq"),
        ),
        sa.Table(
            "article_bands",
            md,
            sa.Column("band_key", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
            sa.Index("ix_article_bands_article", "article_id"),
        ),
        sa.Table(
            "linked_events",
            md,
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("plover", sa.Text, nullable=False),
            sa.Column("plover_mode", sa.Text),
            sa.Column("cameo", sa.Text, nullable=False),
            sa.Column("goldstein", sa.Float),
            sa.Column("modality", sa.Text, nullable=False),
            sa.Column("negated", sa.Boolean, nullable=False),
            sa.Column("date", sa.Date),
            sa.Column("date_precision", sa.Text),
            sa.Column("date_lo", sa.Date),
            sa.Column("date_hi", sa.Date),
            sa.Column("source", _JSON, nullable=False),
            sa.Column("target", _JSON, nullable=False),
            sa.Column("location_name", sa.Text),
            sa.Column("location_country", sa.Text),
            sa.Column("location_lat", sa.Float),
            sa.Column("location_lon", sa.Float),
            sa.Column("location_precision", sa.Text),
            sa.Column("first_event_id", sa.Text, nullable=False),
            sa.Column("first_article_id", sa.Text, nullable=False),
            sa.Column("first_seq", sa.BigInteger, nullable=False),
            sa.Column("first_seen", _TS, nullable=False),
            sa.Column("first_url", sa.Text),
            sa.Column("n_mentions", sa.Integer, nullable=False),
            sa.Column("n_articles", sa.Integer, nullable=False),
            sa.Column("n_stories", sa.Integer, nullable=False),
            sa.Column("n_sources", sa.Integer, nullable=False),
            sa.Column("updated_at", _TS, nullable=False),
            sa.Index("ix_linked_events_plover_date", "plover", "date_lo"),
            sa.Index("ix_linked_events_date", "date"),
            sa.Index("ix_linked_events_first_seq", "first_seq"),
        ),
        sa.Table(
            "event_links",
            md,
            sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("linked_id", sa.Text, sa.ForeignKey("linked_events.id", ondelete="CASCADE"), nullable=False),
            _article_fk(),
            sa.Column("story_id", sa.Text, nullable=False),
            sa.Column("seq", sa.BigInteger, nullable=False),
            sa.Column("is_copy", sa.Boolean, nullable=False),
            sa.Column("how", sa.Text, nullable=False),
            sa.Column("outlet", sa.Text),
            sa.CheckConstraint("how IN ('first', 'rule', 'story')", name="ck_event_links_how"),
            sa.Index("ix_event_links_linked_story", "linked_id", "story_id"),
            sa.Index("ix_event_links_linked_outlet", "linked_id", "outlet"),
            sa.Index("ix_event_links_article", "article_id"),
        ),
        sa.Table(
            "link_settings",
            md,
            sa.Column("name", sa.Text, primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        ),
    ]
    for table in tables:
        table.create(conn, checkfirst=False)

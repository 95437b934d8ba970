"""Migration 4: ``seen_urls``, the feed items ``dateline watch`` has dealt with, keyed by canonical URL, so a
restarted watcher fetches nothing twice (see docs/feeds.md). A frozen snapshot, like every migration."""

from __future__ import annotations

import sqlalchemy as sa

_TS = sa.DateTime(timezone=True)


def upgrade(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "seen_urls",
        md,
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("last_attempt", _TS, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text),
        sa.Column("final_url", sa.Text),
        sa.Column("error_code", sa.Text),
        sa.CheckConstraint("status IN ('stored', 'skipped', 'failed', 'retrying')", name="ck_seen_urls_status"),
        sa.Index("ix_seen_urls_feed_url", "feed_url"),
        sa.Index("ix_seen_urls_status", "status"),
    )
    md.create_all(conn, checkfirst=False)

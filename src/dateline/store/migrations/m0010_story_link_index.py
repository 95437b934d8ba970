"""Migration 10: an index on ``event_links (story_id, linked_id)``. Linking a copy reads the linked events its
story already reports; without the index that was a scan of every event link per batch, so the linking step
grew with the database (a third of the ingest time at 20,000 articles on PostgreSQL). A frozen snapshot,
like every migration."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    conn.execute(sa.text("CREATE INDEX ix_event_links_story ON event_links (story_id, linked_id)"))

"""Migration 3: ``articles.political``, whether the events layer judged the article political (issue 11's gates:
an article with no political event yields no events). Existing rows get NULL (not judged)."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    conn.execute(sa.text("ALTER TABLE articles ADD COLUMN political BOOLEAN"))

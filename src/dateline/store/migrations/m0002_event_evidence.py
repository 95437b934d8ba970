"""Migration 2: ``events.evidence``, the further mentions of an event merged into it (JSON list of
``{trigger_start, trigger_end, trigger_text, sentence_start, sentence_end}``). Existing rows get NULL."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    json_type = "JSONB" if conn.dialect.name == "postgresql" else "JSON"
    conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN evidence {json_type}"))

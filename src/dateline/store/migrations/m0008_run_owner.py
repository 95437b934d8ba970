"""Migration 8: ``runs.pid`` and ``runs.host``, the process that started a run, so the next run on the same
host can tell that a run still marked ``running`` lost its process (killed with ``kill -9``, a power cut)
and mark it ``interrupted`` (see ``Store.start_run``). Runs recorded earlier have neither and are left as
they are. A frozen snapshot, like every migration."""

from __future__ import annotations

import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    # ALTER TABLE ... ADD COLUMN is the same on SQLite and PostgreSQL for nullable columns.
    conn.execute(sa.text("ALTER TABLE runs ADD COLUMN pid INTEGER"))
    conn.execute(sa.text("ALTER TABLE runs ADD COLUMN host TEXT"))

"""Migration 9: the administrative divisions of places and event locations (issue 14), so users can filter
by province as GDELT and ACLED users do. ``places`` gains ``precision`` (point | city | admin2 | admin1 |
region | country), ``admin1``, ``admin1_code``, ``admin2`` and ``admin2_code``; ``events`` and
``linked_events`` gain the same for their location (``location_admin1`` ...). Names are the divisions' own,
codes GeoNames' (``US.IL``, ``US.IL.031``). Rows written earlier get NULL. A frozen snapshot, like every
migration."""

from __future__ import annotations

import sqlalchemy as sa

_DIVISIONS = ("admin1", "admin1_code", "admin2", "admin2_code")


def upgrade(conn: sa.Connection) -> None:
    # ALTER TABLE ... ADD COLUMN is the same on SQLite and PostgreSQL for nullable columns.
    for column in ("precision", *_DIVISIONS):
        conn.execute(sa.text(f"ALTER TABLE places ADD COLUMN {column} TEXT"))
    for table in ("events", "linked_events"):
        for column in _DIVISIONS:
            conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN location_{column} TEXT"))

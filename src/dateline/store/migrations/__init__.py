"""Numbered schema migrations and the runner that applies them.

Each step is a module ``mNNNN_<name>.py`` in this package with an ``upgrade(conn)`` function; the
number is its version. Versions are unique and start at 1; a gap is allowed (steps written on parallel
branches take numbers ahead of time), and a step that arrives later with a lower number is applied when it
arrives, so steps must not depend on the order of independent neighbours. :func:`migrate` applies the pending steps in order, each in its own
transaction together with its ``schema_migrations`` row, so a step is either fully applied and
recorded or not at all. Concurrent openers serialise on a lock (``BEGIN IMMEDIATE`` on SQLite, a
transaction-level advisory lock on PostgreSQL) and re-check what is applied after taking it, so each
step runs exactly once.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store.schema import schema_migrations

log = logging.getLogger(__name__)

_MODULE = re.compile(r"m(\d{4})_(\w+)")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    upgrade: Callable[[sa.Connection], None]


def discover() -> tuple[Migration, ...]:
    """All migration steps in this package, by version (unique, from 1; gaps allowed)."""
    steps: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        m = _MODULE.fullmatch(info.name)
        if m is None:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        steps.append(Migration(int(m.group(1)), m.group(2), module.upgrade))
    steps.sort(key=lambda s: s.version)
    versions = [s.version for s in steps]
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        raise StoreError(f"migration versions must be unique and start at 1, found {versions}")
    return tuple(steps)


def _lock(conn: sa.Connection) -> None:
    """Serialise migrators of one database (PostgreSQL: per schema; SQLite: BEGIN IMMEDIATE did it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(hashtext('dateline.migrations:' || coalesce(current_schema(), '')))"
            )
        )


def applied_versions(conn: sa.Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty if the table does not exist yet)."""
    if not sa.inspect(conn).has_table(schema_migrations.name):
        return set()
    return set(conn.scalars(sa.select(schema_migrations.c.version)))


def _check_not_newer(applied: set[int], steps: tuple[Migration, ...]) -> None:
    unknown = sorted(applied - {s.version for s in steps})
    if unknown:
        raise StoreError(
            f"the database has schema version {max(unknown)}, newer than this Dateline knows "
            f"({max((s.version for s in steps), default=0)}); upgrade Dateline"
        )


def pending(conn: sa.Connection) -> list[Migration]:
    """Steps not yet applied to the database (raises ``StoreError`` if it is newer than the code)."""
    steps = discover()
    applied = applied_versions(conn)
    _check_not_newer(applied, steps)
    return [s for s in steps if s.version not in applied]


def migrate(engine: sa.Engine) -> list[int]:
    """Apply pending migrations in order; return the versions applied now (empty if up to date).

    ``engine`` must start write transactions (on SQLite, ``BEGIN IMMEDIATE``).
    """
    with engine.connect() as conn:
        with conn.begin():
            if not pending(conn):
                return []
        with conn.begin():
            _lock(conn)
            schema_migrations.create(conn, checkfirst=True)
        steps = discover()
        done: list[int] = []
        for step in steps:
            with conn.begin():
                _lock(conn)
                applied = applied_versions(conn)
                _check_not_newer(applied, steps)
                if step.version in applied:
                    continue
                log.info("applying migration %04d_%s", step.version, step.name)
                step.upgrade(conn)
                conn.execute(
                    sa.insert(schema_migrations).values(
                        version=step.version, name=step.name, applied_at=datetime.now(UTC)
                    )
                )
            done.append(step.version)
        return done

"""Numbered migrations: applied once, in order, idempotent, safe under concurrent opens, and in
agreement with the tables the code uses (schema.py)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store import Store, migrations
from dateline.store.schema import metadata, schema_migrations

from .conftest import Target


def _migration_rows(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(sa.select(schema_migrations.c.version, schema_migrations.c.name))
        ]


def test_discover_numbers_steps_from_one() -> None:
    """Unique versions from 1, in order; a gap is allowed (parallel branches reserve their numbers)."""
    steps = migrations.discover()
    versions = [s.version for s in steps]
    assert versions[0] == 1 and versions == sorted(set(versions))
    assert steps[0].name == "initial"


def test_open_applies_all_and_reopen_is_idempotent(db_target: Target) -> None:
    steps = migrations.discover()
    with db_target.open() as s:
        assert s.schema_version() == steps[-1].version
        first = _migration_rows(s)
        assert first == [(m.version, m.name) for m in steps]
        with s.engine.connect() as conn:
            applied_at = conn.scalars(sa.select(schema_migrations.c.applied_at)).all()
    for _ in range(2):
        with db_target.open() as s:
            assert _migration_rows(s) == first
            with s.engine.connect() as conn:
                assert conn.scalars(sa.select(schema_migrations.c.applied_at)).all() == applied_at
    with db_target.open() as s:
        assert migrations.migrate(s.engine) == []


def test_migrated_database_matches_schema_py(store: Store) -> None:
    """Every table, column (name, nullability, primary key) and index in schema.py exists."""
    with store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        assert set(inspector.get_table_names()) == set(metadata.tables)
        for table in metadata.sorted_tables:
            columns = inspector.get_columns(table.name)
            assert [c["name"] for c in columns] == [c.name for c in table.columns], table.name
            assert {c["name"]: c["nullable"] for c in columns} == {
                c.name: c.nullable for c in table.columns
            }, table.name
            pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert pk == [c.name for c in table.primary_key.columns], table.name
            indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes(table.name)}
            assert indexes == {i.name: [c.name for c in i.columns] for i in table.indexes}, table.name
            fks = {
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    (fk.get("options") or {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table.name)
            }
            assert fks == {
                (tuple(fk.parent.name for fk in c.elements), c.referred_table.name, c.ondelete)
                for c in table.foreign_key_constraints
            }, table.name


def test_concurrent_opens_apply_each_step_once(db_target: Target) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def open_one() -> None:
        try:
            barrier.wait()
            db_target.open().close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db_target.open() as s:
        assert _migration_rows(s) == [(m.version, m.name) for m in migrations.discover()]


def test_a_newer_database_is_refused(db_target: Target) -> None:
    with db_target.open() as s, s.engine.begin() as conn:
        conn.execute(
            sa.insert(schema_migrations).values(version=999, name="future", applied_at=sa.func.now())
        )
    with pytest.raises(StoreError, match="newer"):
        db_target.open()


def test_open_without_migrating_leaves_the_database_empty(db_target: Target) -> None:
    with Store.open(db_target.url, schema=db_target.schema, migrate=False) as s:
        assert s.schema_version() == 0
        with s.engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []

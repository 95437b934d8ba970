"""Opening databases: URL forms, SQLite settings, clear errors without passwords."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store import Store, database_url

from .conftest import PG_ENV, build_extraction, drop_pg_schema


def test_url_forms() -> None:
    assert database_url("dateline.db").render_as_string() == "sqlite:///dateline.db"
    assert database_url(Path("/tmp/x y.db")).database == "/tmp/x y.db"
    assert database_url("sqlite:///a.db").database == "a.db"
    assert database_url(":memory:").render_as_string() == "sqlite://"
    for given in ("postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"):
        assert database_url(given).drivername == "postgresql+psycopg"


def test_bare_path_opens_sqlite_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    with Store.open(path) as s:
        assert s.dialect == "sqlite"
        assert s.write(build_extraction(0))
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    assert path.exists()
    with Store.open(str(path)) as s:
        assert s.counts()["articles"] == 1


def test_in_memory(tmp_path: Path) -> None:
    with Store.open(":memory:") as s:
        assert s.write(build_extraction(0))
        assert s.counts()["articles"] == 1


def test_unopenable_sqlite_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Store.open(tmp_path / "no" / "such" / "dir" / "x.db")
    assert err.value.code == "E300"
    assert "cannot open database sqlite:///" in str(err.value)


def test_connection_failure_hides_the_password() -> None:
    with pytest.raises(StoreError) as err:
        Store.open("postgresql://dateline:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2")
    message = str(err.value)
    assert message.startswith(
        "E300: cannot open database postgresql+psycopg://dateline:***@127.0.0.1:1/nowhere"
    )
    assert "s3cr3t-pw" not in message
    assert "s3cr3t-pw" not in repr(err.value.args)


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("mysql://u@h/db", "unsupported database"),
        ("postgresql+psycopg://u@h:notaport/db", "cannot parse|cannot open"),
        ("postgresql+psycopg2://u@h/db", "cannot open"),
    ],
)
def test_bad_urls(url: str, match: str) -> None:
    with pytest.raises(StoreError, match=match):
        Store.open(url)


def test_schema_is_postgresql_only_and_checked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="only be given for PostgreSQL"):
        Store.open(tmp_path / "x.db", schema="s1")
    with pytest.raises(StoreError, match="invalid schema name"):
        Store.open("postgresql://u@127.0.0.1:1/db", schema="x; DROP SCHEMA public")


@pytest.mark.needs_postgres
def test_postgresql_schema_from_url_query() -> None:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"needs {PG_ENV}")
    schema = f"t_{secrets.token_hex(6)}"
    url = sa.make_url(base).update_query_dict({"schema": schema}).render_as_string(False)
    try:
        with Store.open(url) as s:
            assert s.write(build_extraction(0))
            with s.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT current_schema()").scalar() == schema
                found = conn.execute(
                    sa.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"),
                    {"s": schema},
                ).scalar()
                assert found == 17  # sixteen data tables (the five of linking the newest) and schema_migrations
    finally:
        drop_pg_schema(base, schema)


def test_a_pool_keeps_as_many_connections_open_as_asked() -> None:
    """PostgreSQL: ``connections`` connections stay open after use (the server asks for one per thread), so
    concurrent readers do not each start a new backend."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL to test against)")
    schema = f"t_{secrets.token_hex(6)}"
    try:
        with Store.open(url, schema=schema, connections=9) as s:
            held = [s.engine.connect() for _ in range(9)]
            for conn in held:
                conn.close()
            assert s.engine.pool.size() == 9 and s.engine.pool.checkedin() == 9  # type: ignore[attr-defined]
        with Store.open(url, schema=schema) as s:
            assert s.engine.pool.size() == 5  # type: ignore[attr-defined]  # SQLAlchemy's default
    finally:
        drop_pg_schema(url, schema)

"""The server's store keeps a PostgreSQL connection open per worker thread (``deps.get_store``)."""

from __future__ import annotations

import os
import secrets
from types import SimpleNamespace

import pytest

from dateline.serve.deps import get_store
from dateline.serve.settings import Settings
from tests.conftest import drop_pg_schema

PG_ENV = "DATELINE_TEST_PG_URL"


def test_the_server_keeps_a_connection_per_thread_and_two_more() -> None:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL to test against)")
    schema = f"t_{secrets.token_hex(6)}"
    sep = "&" if "?" in base else "?"
    state = SimpleNamespace(settings=Settings(db=f"{base}{sep}schema={schema}", threads=3), store=None)
    request = SimpleNamespace(app=SimpleNamespace(state=state))
    try:
        store = get_store(request)  # type: ignore[arg-type]
        try:
            assert store.engine.pool.size() == 5  # type: ignore[attr-defined]
        finally:
            store.close()
    finally:
        drop_pg_schema(base, schema)

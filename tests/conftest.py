"""Shared fixtures. Paths come from this file's location; nothing is done at import time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = SHARED / "samples" / "putin-kim-afp-2023-09-14.md"
EXAMPLES = ROOT / "examples" / "articles"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The CLI's --workers defaults to the machine's cores; tests that want worker processes ask for them.
os.environ.setdefault("DATELINE_WORKERS", "1")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the gazetteer cache (and anything else Dateline caches) inside a folder of this test run,
    shared by in-process and subprocess tests, never in the user's ~/.cache."""
    if "DATELINE_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["DATELINE_CACHE_DIR"] = tempfile.mkdtemp(prefix="dateline-test-cache-")


def drop_pg_schema(url: str, schema: str) -> None:
    """Drop a PostgreSQL schema a test created (the URL may carry any driver)."""
    import sqlalchemy as sa

    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dateline.nlp import load_pipeline

    return load_pipeline("sm")


@pytest.fixture
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE} (../shared is absent)")
    return SAMPLE

"""SQLite's planner statistics, kept current while the database grows.

PostgreSQL gathers its statistics itself (autovacuum runs ``ANALYZE``). SQLite has none until ``ANALYZE`` is
run, and without them it may plan the quote list by reading every quote and sorting them, 0.3 s at 20,000
articles, where walking the newest articles and their quotes takes a millisecond. So after a write the store
runs a quick, sampled ``ANALYZE`` (``PRAGMA analysis_limit``: milliseconds at any size) once the database
holds at least ``MIN_ARTICLES`` articles and twice as many as when the statistics were last gathered, and
migration 5 runs one for a database that already holds articles. Connections see new statistics when they
are opened; the store's SQLite pool reopens its connections every few minutes (``pool_recycle``), so a
long-running server picks them up too.
"""

from __future__ import annotations

import sqlalchemy as sa

#: Below this many articles plans hardly matter: no statistics are gathered.
MIN_ARTICLES = 500
#: Rows each index is sampled at (``PRAGMA analysis_limit``).
SAMPLE_ROWS = 1000


def analyzed_articles(conn: sa.Connection) -> int | None:
    """How many articles the statistics were gathered at (SQLite's estimate); ``None`` without statistics."""
    if (
        conn.scalar(sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"))
        is None
    ):
        return None
    stat = conn.scalar(
        sa.text(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' AND idx = 'sqlite_autoindex_articles_1'"
        )
    )
    return int(str(stat).split()[0]) if stat else None


def articles_until_due(conn: sa.Connection) -> int:
    """How many more articles may be written before the statistics are due again (0 or less: due now)."""
    count = conn.scalar(sa.text("SELECT count(*) FROM articles")) or 0
    analyzed = analyzed_articles(conn)
    return max(MIN_ARTICLES, 2 * (analyzed or 0)) - count


def analyze(conn: sa.Connection) -> None:
    """Gather sampled statistics for every table (SQLite only; inside the caller's write transaction)."""
    conn.exec_driver_sql(f"PRAGMA analysis_limit = {SAMPLE_ROWS}")
    conn.exec_driver_sql("ANALYZE")

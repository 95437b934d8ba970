"""Storage: one schema for SQLite and PostgreSQL (SQLAlchemy Core), numbered migrations, exports.

Example::

    with Store.open("dateline.db") as store:  # or "postgresql+psycopg://user@host/db"
        store.write(extraction, run_id=run_id)  # False if the article was already stored
        store.articles(ArticleFilter(q="ceasefire", since=date(2024, 1, 1)))
        store.events(EventFilter(dyad=("RUS", "PRK")))  # typed EventRows; RUS acting on PRK

Reading goes through :mod:`dateline.store.read` (filters, typed rows, one module per resource);
writing maps an Extraction to rows in :mod:`dateline.store.mapping`.
"""

from __future__ import annotations

from dateline.store.export import DEFAULT_TABLE, EXPORT_FORMATS, EXPORT_TABLES, export_table
from dateline.store.store import Store, database_url

__all__ = ["DEFAULT_TABLE", "EXPORT_FORMATS", "EXPORT_TABLES", "Store", "database_url", "export_table"]

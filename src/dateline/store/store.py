"""The :class:`Store`: opening a database, writing extractions, runs and failures, reading them back.

One schema for SQLite (the default: a bare path means ``sqlite:///<path>``) and PostgreSQL
(``postgresql+psycopg://...``), through SQLAlchemy Core. Every article is written with all of its
annotations in one transaction, keyed by deterministic ids, so an interrupted run leaves whole
articles only and re-running the same input adds nothing.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.pool import StaticPool

import dateline.model
from dateline.errors import E_STORE, StoreError
from dateline.link import LinkRule
from dateline.model import Extraction, Failure
from dateline.store import linking, migrations, read, seen, statistics
from dateline.store.mapping import extraction_rows, sanitize
from dateline.store.read import actors as actors_q
from dateline.store.read import articles as articles_q
from dateline.store.read import events as events_q
from dateline.store.read import linked as linked_q
from dateline.store.read import network as network_q
from dateline.store.read import places as places_q
from dateline.store.read import timeline as timeline_q
from dateline.store.read.cache import ReadCache, data_version
from dateline.store.schema import (
    CHILD_TABLES,
    DATA_TABLES,
    LINK_TABLES,
    articles,
    event_links,
    failures,
    runs,
)

log = logging.getLogger(__name__)

#: Execution option naming the SQLite ``BEGIN`` mode (``DEFERRED`` or ``IMMEDIATE``).
_SQLITE_BEGIN = "dateline_sqlite_begin"
_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_BUSY_TIMEOUT_MS = 30_000
_CONNECT_TIMEOUT_S = 10
_ID_CHUNK = 500
_SQLITE_RECYCLE_S = 300
T = TypeVar("T")
#: Tables whose rows change only with the articles (written whole, never updated) and their linking: cached counts.
_ARTICLE_TABLES = ("articles", *(t.name for t in CHILD_TABLES), *(t.name for t in LINK_TABLES))


def database_url(url: str | os.PathLike[str]) -> sa.URL:
    """Parse a database URL; a bare path (no ``scheme://``) is an SQLite file.

    ``postgresql://`` and ``postgres://`` mean the psycopg 3 driver; ``:memory:`` is an in-memory
    SQLite database (for tests and one-off use).
    """
    text = os.fspath(url)
    if text == ":memory:":
        return sa.URL.create("sqlite")
    if "://" not in text:
        return sa.URL.create("sqlite", database=text)
    try:
        parsed = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise StoreError(
            "cannot parse the database URL (expected a path or a sqlite:// or postgresql+psycopg:// URL)"
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def shown_url(url: sa.URL) -> str:
    """The URL for messages and logs, password hidden."""
    return url.render_as_string(hide_password=True)


def error_reason(exc: BaseException, url: sa.URL | None = None) -> str:
    """A one-line cause for a database error: the driver's message, without SQL or passwords."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text[:500]


def in_memory(url: sa.URL) -> bool:
    """Is ``url`` an in-memory SQLite database (one no other connection or process can see)?"""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _create_engine(url: sa.URL, schema: str | None, connections: int | None = None) -> sa.Engine:
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {"future": True}
    if backend == "sqlite":
        if in_memory(url):
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:  # reopened now and then, to pick up new planner statistics (see store.statistics)
            kwargs["pool_recycle"] = _SQLITE_RECYCLE_S
        engine = sa.create_engine(url, **kwargs)
        _sqlite_events(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = _CONNECT_TIMEOUT_S
    if schema is not None:
        options = str(url.query.get("options", ""))
        connect_args["options"] = f"{options} -csearch_path={schema}".strip()
        url = url.difference_update_query(["options"])
    if connections is not None:
        # Connections kept open, one per thread that reads: beyond the pool's size SQLAlchemy opens a connection
        # for a checkout and closes it at the checkin, and a new PostgreSQL backend starts with cold catalog
        # caches (a server with 8 threads, 5 kept: 0.34 CPUs of PostgreSQL on short-lived backends).
        kwargs["pool_size"] = max(1, connections)
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _set_wal(cur: Any) -> None:
    """Switch to WAL. Several first connections racing to switch a new file get SQLITE_BUSY at once
    (the busy handler does not cover a journal-mode change), so retry for up to the busy timeout."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_events(engine: sa.Engine) -> None:
    """WAL, foreign keys and a busy timeout on every connection; we emit BEGIN ourselves.

    The stdlib driver only begins transactions before DML, which would leave DDL (migrations)
    autocommitted; taking over BEGIN makes every transaction explicit and lets writers use
    ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of deadlocking.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            _set_wal(cur)
            # With WAL, NORMAL survives a killed process; only a power cut can lose the last commits.
            cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get(_SQLITE_BEGIN, "DEFERRED")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def _insert_ignore(dialect: str, table: sa.Table) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the dialect."""
    insert = pg_dialect.insert if dialect == "postgresql" else sqlite_dialect.insert
    return insert(table).on_conflict_do_nothing()


def _upsert(dialect: str, table: sa.Table, update: Iterable[str]) -> Any:
    """``INSERT ... ON CONFLICT (pk) DO UPDATE`` setting the ``update`` columns."""
    insert = pg_dialect.insert if dialect == "postgresql" else sqlite_dialect.insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={name: stmt.excluded[name] for name in update},
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (signal 0 checks without signalling)."""
    if pid == os.getpid() or os.name != "posix":
        return True  # elsewhere signal 0 is not a probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # exists but is another user's, or cannot be checked: assume alive
    return True


def _copy_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: ``COPY table FROM STDIN`` of ``rows`` inside ``conn``'s transaction (psycopg 3).

    About twice as fast as ``executemany`` for a batch's annotations (``bench/bench_store_write.py``). A plain
    insert: a row that cannot be stored fails the statement, and the transaction with it. Only for the child
    and linking tables, whose columns are text, numbers, booleans, dates and JSON (sent as JSON text; ``None`` as JSON
    ``null``, as SQLAlchemy's JSON type stores it).
    """
    from psycopg import Error, sql

    columns = [c.name for c in table.columns]
    as_json = [isinstance(c.type, sa.JSON) for c in table.columns]
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor, cursor.copy(stmt) as copy:
            for row in rows:
                copy.write_row([json.dumps(row.get(name)) if is_json else row.get(name)
                                for name, is_json in zip(columns, as_json, strict=True)])  # fmt: skip
    except Error as exc:
        raise sa.exc.DBAPIError(f"COPY {table.name}", None, exc) from exc


class Store:
    """A Dateline database. Open with :meth:`Store.open`; use as a context manager or :meth:`close`.

    Methods are safe to call from several threads (each call takes its own pooled connection).
    Errors are :class:`~dateline.errors.StoreError`: ``E301`` when an article cannot be written,
    ``E300`` otherwise. Aggregates (actors, places, counts, timelines, networks, list totals) are kept in
    :attr:`cache` while the data is unchanged (see :mod:`dateline.store.read.cache`).
    """

    def __init__(self, engine: sa.Engine, *, url: str, link: bool = True) -> None:
        self.engine = engine
        self.url = url  # password hidden
        self.dialect = engine.dialect.name
        self._writer = engine.execution_options(**{_SQLITE_BEGIN: "IMMEDIATE"})
        self._closed = False
        self.cache = ReadCache()
        self._stats_due: int | None = (
            None  # SQLite: articles to write before the statistics are gathered again
        )
        self._stats_lock = threading.Lock()
        #: Link new articles into stories and linked events as they are written (docs/linking.md).
        self.linking = link
        #: Seconds spent in the linking step of writes so far (for benchmarks and logs).
        self.link_seconds = 0.0
        self._rule: LinkRule | None = None

    # -- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: str | os.PathLike[str],
        *,
        schema: str | None = None,
        migrate: bool = True,
        link: bool = True,
        connections: int | None = None,
    ) -> Store:
        """Open (creating if needed) the database at ``url`` and apply pending migrations.

        ``schema`` (PostgreSQL only; also accepted as ``?schema=`` in the URL) puts every table in
        that schema, created if missing. ``link=False`` writes articles without linking them (stories,
        linked events); :meth:`link` links them later. ``connections`` (PostgreSQL): how many connections
        the pool keeps open, as many as the threads that use the store at once (``None``: SQLAlchemy's 5;
        up to 10 more are opened for a checkout and closed after it).
        """
        sa_url = database_url(url)
        if "schema" in sa_url.query:
            schema = schema or str(sa_url.query["schema"])
            sa_url = sa_url.difference_update_query(["schema"])
        shown = shown_url(sa_url)
        backend = sa_url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database {shown}: use a file path, sqlite:// or postgresql://")
        if schema is not None:
            if backend != "postgresql":
                raise StoreError("a schema can only be given for PostgreSQL")
            if not _SCHEMA_NAME.fullmatch(schema):
                raise StoreError(f"invalid schema name {schema!r}: use letters, digits and _")
        try:
            engine = _create_engine(sa_url, schema, connections)
        except (sa.exc.SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {shown}: {error_reason(exc, sa_url)}") from exc
        store = cls(engine, url=shown, link=link)
        try:
            if schema is not None:
                store._create_schema(schema)
            with engine.connect() as conn:  # a read first: an up-to-date database may be read-only
                todo = migrations.pending(conn)
            if todo and migrate:
                applied = migrations.migrate(store._writer)
                if applied:
                    log.info("database %s migrated to version %d", shown, applied[-1])
            elif todo:
                log.warning("database %s lacks migrations %s", shown, [m.version for m in todo])
        except StoreError:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {shown}: {error_reason(exc, sa_url)}") from exc
        log.debug("opened %s", shown)
        return store

    def _create_schema(self, schema: str) -> None:
        """Create the PostgreSQL schema unless it exists (then no CREATE privilege is needed)."""
        exists = sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :name")
        with self.engine.begin() as conn:
            if conn.scalar(exists, {"name": schema}):
                return
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('dateline.create_schema'))"))
            conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))

    def close(self) -> None:
        """Release all connections. The store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self.cache.close()
            self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- plumbing ------------------------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[sa.Connection]:
        """A connection for reading (exports, ad-hoc queries); errors are not wrapped."""
        self._check_open()
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _read(self, action: str) -> Iterator[sa.Connection]:
        self._check_open()
        with self._errors(action), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self, action: str, code: str = StoreError.code) -> Iterator[sa.Connection]:
        self._check_open()
        with self._errors(action, code), self._writer.begin() as conn:
            yield conn

    def _actor_stats(self, conn: sa.Connection) -> actors_q.ActorStats:
        return self._cached(conn, ("actor_stats",), actors_q.actor_stats)

    def _cached(self, conn: sa.Connection, key: tuple[Any, ...], compute: Callable[[sa.Connection], T]) -> T:
        """``compute(conn)``, or its result kept from an earlier call at the same data version (refreshed over a
        connection of its own where the cache refreshes in the background)."""
        return self.cache.get(
            key, self.cache.version(lambda: data_version(conn)), lambda: compute(conn),
            background=lambda: self._on_own_connection(compute),
        )  # fmt: skip

    def refresh_in_background(self, wait: float = 0.05) -> bool:
        """Refresh out-of-date cached aggregates in a thread of their own, over a connection of its own: a read
        that finds one out of date waits at most ``wait`` seconds for it, then takes the previous result
        (:mod:`dateline.store.read.cache`; ``dateline serve`` turns this on). Not for an in-memory SQLite
        store, whose one connection is shared; whether it was turned on."""
        if in_memory(self.engine.url):
            return False
        self.cache.refresh_in_background(wait)
        return True

    def _on_own_connection(self, compute: Callable[[sa.Connection], T]) -> T:
        with self.engine.connect() as conn:
            return compute(conn)

    @contextmanager
    def _errors(self, action: str, code: str = StoreError.code) -> Iterator[None]:
        try:
            yield
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"{action} in {self.url}: {error_reason(exc)}", code=code) from exc

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store {self.url} is closed")

    # -- writing -------------------------------------------------------------------------------------

    def write(self, extraction: Extraction, *, run_id: str | None = None) -> bool:
        """Write one article and all its annotations in one transaction.

        Returns ``False`` and writes nothing if the article id is already stored. Raises
        ``StoreError`` ``E301`` if it cannot be stored, e.g. text with a NUL character (which
        PostgreSQL cannot hold; ingest rejects such input as binary) or lone surrogates.
        """
        rows = extraction_rows(extraction, run_id=run_id, now=_now())
        article = rows["articles"][0]
        with self._write(f"cannot write article {article['id']}", E_STORE) as conn:
            stmt = _insert_ignore(self.dialect, articles).values(article).returning(articles.c.id)
            if conn.execute(stmt).scalar() is None:
                log.debug("article %s already stored", article["id"])
                return False
            for table in CHILD_TABLES:
                if rows[table.name]:
                    conn.execute(sa.insert(table), rows[table.name])
            self._link(conn, [linking.inputs_from_rows(rows)])
        self._wrote(1)
        return True

    def write_many(self, extractions: Iterable[Extraction], *, run_id: str | None = None) -> list[bool]:
        """Write several articles in one transaction (bulk inserts): one ``bool`` per extraction, as ``write``.

        All or nothing: if any row cannot be stored the transaction is rolled back and ``StoreError`` is
        raised, and the caller can fall back to ``write`` one article at a time to record which one failed.
        An article id that is already stored, or that occurs earlier in the same batch, writes nothing.

        The articles go in with one ``INSERT ... ON CONFLICT DO NOTHING RETURNING id``; their annotations with
        one bulk insert per table (PostgreSQL: ``COPY``). The transaction covers this batch only and takes no
        table lock, so readers (the API, exports) are not blocked while it runs.
        """
        now = _now()
        batch = [extraction_rows(ex, run_id=run_id, now=now) for ex in extractions]
        if not batch:
            return []
        first: dict[str, int] = {}
        for i, rows in enumerate(batch):
            first.setdefault(rows["articles"][0]["id"], i)
        # In id order: concurrent writers of overlapping batches take the rows' locks in one order (no deadlock).
        unique = [batch[i]["articles"][0] for _, i in sorted(first.items())]
        with self._write(f"cannot write {len(batch)} articles", E_STORE) as conn:
            stmt = _insert_ignore(self.dialect, articles).returning(articles.c.id)
            new = set(conn.execute(stmt, unique).scalars())
            wrote = [rows["articles"][0]["id"] in new and first[rows["articles"][0]["id"]] == i
                     for i, rows in enumerate(batch)]  # fmt: skip
            for table in CHILD_TABLES:
                child = [r for rows, w in zip(batch, wrote, strict=True) if w for r in rows[table.name]]
                if not child:
                    continue
                if self.dialect == "postgresql":
                    _copy_rows(conn, table, child)
                else:
                    conn.execute(sa.insert(table), child)
            # In input order: the first-seen article of a story is the first one in the input.
            self._link(conn, [linking.inputs_from_rows(rows) for rows, w in zip(batch, wrote, strict=True) if w])
        if any(wrote):
            self._wrote(sum(wrote))
        return wrote

    def _wrote(self, n: int) -> None:
        """After ``n`` articles were written: drop the cached aggregates and, on SQLite, gather the planner's
        statistics when they are due (see :mod:`dateline.store.statistics`; a failure there is only logged)."""
        self.cache.clear()
        if self.dialect != "sqlite":
            return
        with self._stats_lock:
            if self._stats_due is not None:
                self._stats_due -= n
                if self._stats_due > 0:
                    return
            try:
                with self._read("cannot count articles") as conn:
                    due = statistics.articles_until_due(conn)
                if due <= 0:
                    with self._write("cannot gather statistics") as conn:
                        statistics.analyze(conn)
                        due = statistics.articles_until_due(conn)
                    log.debug("gathered planner statistics in %s", self.url)
            except StoreError as exc:
                log.warning("%s", exc)
                due = statistics.MIN_ARTICLES
            self._stats_due = due

    # -- linking ---------------------------------------------------------------------------------------

    def _link(self, conn: sa.Connection, items: list[linking.LinkInput]) -> linking.LinkCounts:
        """The linking step for newly written articles, inside their transaction (nothing if ``linking`` is off)."""
        if not self.linking or not items:
            return linking.LinkCounts()
        started = time.perf_counter()
        savepoint = conn.begin_nested()
        try:
            linking.lock(conn)
            rule = self._rule or linking.read_rule(conn)
            if rule is None:
                rule = LinkRule()
                linking.write_rule(conn, rule)  # the defaults of today, pinned for this database
            self._rule = rule
            counts = linking.link_articles(conn, items, rule, _now(), bulk=self._bulk_insert)
        except Exception as exc:  # noqa: BLE001 - linking must never cost the articles
            # Back to before the linking step: the articles stay, unlinked, and `dateline link` links them later.
            savepoint.rollback()
            log.warning("%d article(s) stored without linking (%s: %s); run `dateline link`", len(items),
                        type(exc).__name__, error_reason(exc))  # fmt: skip
            counts = linking.LinkCounts()
        else:
            savepoint.commit()
        self.link_seconds += time.perf_counter() - started
        return counts

    def _bulk_insert(self, conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Rows of the linking tables: ``COPY`` on PostgreSQL (as the annotations), else one ``executemany``."""
        if not rows:
            return
        if self.dialect == "postgresql":
            _copy_rows(conn, table, rows)
        else:
            conn.execute(sa.insert(table), rows)

    def link_rule(self) -> LinkRule:
        """The linking rule of this database (its stored knobs, else the defaults)."""
        with self._read("cannot read the link settings") as conn:
            return linking.read_rule(conn) or LinkRule()

    def link(
        self,
        *,
        rule: LinkRule | None = None,
        rebuild: bool = False,
        batch: int = 32,
        on_batch: Callable[[linking.LinkCounts], None] | None = None,
    ) -> linking.LinkCounts:
        """Link stored articles that were never linked, in arrival order, ``batch`` per transaction.

        With ``rebuild`` (or a ``rule`` other than the stored one, which needs it) every story and linked event is
        forgotten first and all articles are linked again in their arrival order under ``rule`` (stored as the
        database's rule). Killed half-way, running it again links the rest.
        """
        current = self.link_rule()
        if rule is not None and rule != current and not rebuild:
            raise StoreError("a new linking rule needs rebuild=True (dateline link --rebuild): every article is re-linked")
        total = linking.LinkCounts()
        with self._write("cannot prepare linking") as conn:
            linking.lock(conn)
            if rebuild:
                order = linking.arrival_order(conn)
                linking.clear(conn)
                linking.write_rule(conn, rule or current)
            else:
                order = linking.unlinked_ids(conn)
                if linking.read_rule(conn) is None:
                    linking.write_rule(conn, current)
        self._rule = rule or current
        for i in range(0, len(order), batch):
            with self._write("cannot link articles") as conn:
                started = time.perf_counter()
                items = linking.load_inputs(conn, order[i : i + batch])
                counts = linking.link_articles(conn, items, self._rule, _now(), bulk=self._bulk_insert)
                self.link_seconds += time.perf_counter() - started
            total.add(counts)
            self.cache.clear()
            if on_batch is not None:
                on_batch(counts)
        self.cache.clear()
        return total

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and (by cascade) its annotations; ``False`` if it was not stored."""
        with self._write(f"cannot delete article {article_id}") as conn:
            touched = sorted(set(conn.scalars(sa.select(event_links.c.linked_id).where(event_links.c.article_id == article_id))))
            deleted = bool(conn.execute(sa.delete(articles).where(articles.c.id == article_id)).rowcount)
            linking.recount(conn, touched, _now())  # its linked events lose its mentions (and go if none is left)
        self.cache.clear()
        return deleted

    def record_failure(self, failure: Failure, run_id: str | None = None) -> None:
        """Record (or refresh: message, run and time) a failure, keyed by ``Failure.id``.

        NUL characters and lone surrogates in its text are replaced, so recording never fails on
        the content of bad input.
        """
        row = {
            "id": failure.id,
            "run_id": run_id,
            "origin": sanitize(failure.origin),
            "line": failure.line,
            "stage": sanitize(failure.stage),
            "code": sanitize(failure.code),
            "message": sanitize(failure.message),
            "at": _now(),
        }
        stmt = _upsert(self.dialect, failures, ("run_id", "message", "at"))
        with self._write(f"cannot record failure {failure.id}") as conn:
            conn.execute(stmt, row)

    def record_seen(self, url: str, *, link: str, feed_url: str, status: str, **more: str | None) -> None:
        """Record one attempt at a feed item, keyed by its canonical ``url`` (see :mod:`dateline.store.seen`;
        ``more``: ``article_id``, ``final_url``, ``error_code``)."""
        with self._write(f"cannot record the seen URL {url}") as conn:
            seen.record_seen(conn, url=url, link=link, feed_url=feed_url, status=status, now=_now(), **more)

    def start_run(self, command: str, model: str | None = None) -> str:
        """Record the start of a run (status ``running``, with this process's pid and host); return its id
        (sortable by time).

        Runs still marked ``running`` whose process is gone (killed with ``kill -9``, a crash, a power cut)
        become ``interrupted`` first: those started on this host (same host name) by a process id that no
        longer exists. Runs of other hosts, and runs recorded before migration 8 (no pid), are left alone:
        their process cannot be checked from here. A pid reused by a live process keeps its old run
        ``running`` until that process ends (never the other way round: a live run is never marked).
        """
        now = _now()
        run_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"
        host = socket.gethostname()
        with self._write("cannot record run") as conn:
            stale = conn.execute(
                sa.select(runs.c.id, runs.c.pid).where(
                    runs.c.status == "running", runs.c.host == host, runs.c.pid.is_not(None)
                )
            ).all()
            gone = [rid for rid, pid in stale if not _process_alive(pid)]
            if gone:
                log.info("runs %s lost their process: marked interrupted", ", ".join(gone))
                conn.execute(
                    sa.update(runs).where(runs.c.id.in_(gone), runs.c.status == "running").values(status="interrupted")
                )
            conn.execute(
                sa.insert(runs).values(
                    id=run_id, started_at=now, command=sanitize(command), model=model, status="running",
                    pid=os.getpid(), host=host,
                )
            )  # fmt: skip
        return run_id

    def finish_run(
        self, run_id: str, n_articles: int, n_skipped: int, n_failed: int, status: str = "ok"
    ) -> None:
        """Record the end of a run with its counts and final status (e.g. ``ok``, ``failed``)."""
        values = {
            "finished_at": _now(),
            "n_articles": n_articles,
            "n_skipped": n_skipped,
            "n_failed": n_failed,
            "status": status,
        }
        with self._write(f"cannot finish run {run_id}") as conn:
            updated = conn.execute(sa.update(runs).where(runs.c.id == run_id).values(values)).rowcount
        if not updated:
            raise StoreError(f"no run {run_id!r} in {self.url}")

    # -- reading -------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return bool(self.existing_ids([article_id]))

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (to skip work on resume)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self._read("cannot look up article ids") as conn:
            for i in range(0, len(wanted), _ID_CHUNK):
                chunk = wanted[i : i + _ID_CHUNK]
                found.update(conn.scalars(sa.select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    def stored_ids(self, items: Iterable[dateline.model.Article]) -> dict[str, str]:
        """Which of these articles are stored: ``{article.id: the id it is stored under}``.

        An article is stored under its own id; a corpus record with an id of its own may also be stored
        under its ``legacy_id`` (written before the record id took part in article ids): it counts as
        stored when that row has the same ``external_id``, so re-running an old input after upgrading adds
        nothing, while a record that earlier versions merged into another one (same text, another id) is
        not stored yet.
        """
        wanted = list(items)
        stored = {i: i for i in self.existing_ids(a.id for a in wanted)}
        legacy: dict[str, list[dateline.model.Article]] = {}
        for a in wanted:
            if a.legacy_id is not None and a.id not in stored:
                legacy.setdefault(a.legacy_id, []).append(a)
        keys = list(legacy)
        with self._read("cannot look up article ids") as conn:
            for i in range(0, len(keys), _ID_CHUNK):
                chunk = keys[i : i + _ID_CHUNK]
                rows = conn.execute(sa.select(articles.c.id, articles.c.external_id).where(articles.c.id.in_(chunk)))
                for old_id, external_id in rows:
                    for article in legacy[old_id]:
                        if external_id == article.external_id:
                            stored[article.id] = old_id
        return stored

    def seen_urls(self, urls: Iterable[str]) -> dict[str, seen.SeenUrl]:
        """The recorded rows of these canonical URLs (feed items ``dateline watch`` has dealt with)."""
        with self._read("cannot look up seen URLs") as conn:
            return seen.lookup_seen(conn, urls)

    def articles(
        self, f: read.ArticleFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> list[read.ArticleRow]:
        """Articles (without their text) matching ``f``, newest first."""
        with self._read("cannot list articles") as conn:
            return articles_q.list_articles(conn, f or read.ArticleFilter(), limit=limit, offset=offset)

    def count_articles(self, f: read.ArticleFilter | None = None) -> int:
        """How many articles match ``f``."""
        f = f or read.ArticleFilter()
        with self._read("cannot count articles") as conn:
            return self._cached(conn, ("count_articles", f), lambda c: articles_q.count_articles(c, f))

    def get_article(self, article_id: str) -> read.StoredArticle | None:
        """One article with all its annotations (typed, with row ids); ``None`` if not stored."""
        with self._read(f"cannot read article {article_id}") as conn:
            return articles_q.get_article(conn, article_id)

    def get_extraction(self, article_id: str) -> Extraction | None:
        """The stored article rebuilt as the :class:`~dateline.model.Extraction` that was written."""
        found = self.get_article(article_id)
        return None if found is None else found.extraction

    def resolve_article_id(self, prefix: str) -> str | None:
        """The full id of the only article whose id starts with ``prefix``; ``None`` if there is no
        such article or several (see :meth:`match_article_ids`)."""
        matches = self.match_article_ids(prefix, limit=2)
        return matches[0] if len(matches) == 1 else None

    def match_article_ids(self, prefix: str, limit: int = 10) -> list[str]:
        """Up to ``limit`` article ids starting with ``prefix`` (an exact id is the only match)."""
        with self._read("cannot look up article ids") as conn:
            return articles_q.match_ids(conn, prefix, limit)

    def events(
        self, f: read.EventFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> list[read.EventRow]:
        """Events matching ``f`` (see :class:`read.EventFilter`; dyads are directed), newest first, each
        with its actors, article title and evidence sentence."""
        with self._read("cannot list events") as conn:
            return events_q.list_events(conn, f or read.EventFilter(), limit=limit, offset=offset)

    def count_events(self, f: read.EventFilter | None = None) -> int:
        f = f or read.EventFilter()
        with self._read("cannot count events") as conn:
            return self._cached(conn, ("count_events", f), lambda c: events_q.count_events(c, f))

    def linked_events(
        self, f: read.EventFilter | None = None, *, limit: int = 50, offset: int = 0, reports: bool = False
    ) -> list[linked_q.LinkedEventRow]:
        """Linked events (one event, many reports) with a mention matching ``f``, newest first, with their counts
        and, with ``reports``, every report (docs/linking.md)."""
        with self._read("cannot list linked events") as conn:
            return linked_q.list_linked(conn, f or read.EventFilter(), limit=limit, offset=offset, with_reports=reports)

    def count_linked_events(self, f: read.EventFilter | None = None) -> int:
        with self._read("cannot count linked events") as conn:
            return linked_q.count_linked(conn, f or read.EventFilter())

    def get_linked_event(self, linked_id: str) -> linked_q.LinkedEventRow | None:
        """One linked event with every report, in arrival order; ``None`` if there is none with this id."""
        with self._read(f"cannot read linked event {linked_id}") as conn:
            return linked_q.get_linked(conn, linked_id)

    def article_story(self, article_id: str) -> dict[str, Any] | None:
        """The story (near-duplicate cluster) of an article, with its members; ``None`` if never linked."""
        with self._read(f"cannot read the story of {article_id}") as conn:
            return linked_q.article_story(conn, article_id)

    def quotes(
        self, f: read.QuoteFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> list[read.QuoteRow]:
        """Quotes matching ``f`` with their article's id, title and date, newest article first."""
        with self._read("cannot list quotes") as conn:
            return events_q.list_quotes(conn, f or read.QuoteFilter(), limit=limit, offset=offset)

    def count_quotes(self, f: read.QuoteFilter | None = None) -> int:
        f = f or read.QuoteFilter()
        with self._read("cannot count quotes") as conn:
            return self._cached(conn, ("count_quotes", f), lambda c: events_q.count_quotes(c, f))

    def actors(
        self, f: read.ActorFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[read.ActorSummary], int]:
        """Actors with their counts, most active first; and how many match ``f``. With ``limit=0`` and no
        filter only the total is computed (the dashboard's count)."""
        f = f or read.ActorFilter()
        with self._read("cannot list actors") as conn:
            if limit == 0 and f == read.ActorFilter():
                actors_q.check_page(limit, offset)
                return [], self._cached(conn, ("count_actors",), actors_q.count_actors)
            everything = self._cached(conn, ("actors",), lambda c: actors_q.summaries(self._actor_stats(c)))
        return actors_q.pick_actors(everything, f, limit=limit, offset=offset)

    def places(
        self, f: read.PlaceFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[read.PlaceSummary], int]:
        """Places with their counts and coordinates, most events first; and how many match ``f``."""
        with self._read("cannot list places") as conn:
            everything = self._cached(conn, ("places",), places_q.all_places)
        return places_q.pick_places(everything, f or read.PlaceFilter(), limit=limit, offset=offset)

    def timeline(
        self, f: read.EventFilter | None = None, *, interval: str = "month", fill: bool = False, linked: bool = False
    ) -> read.Timeline:
        """Counts of the events matching ``f`` per period, PLOVER type and category (``linked``: distinct linked
        events instead of every mention)."""
        f = f or read.EventFilter()
        with self._read("cannot count events") as conn:
            if linked:
                return self._cached(
                    conn, ("linked-timeline", f, interval, fill),
                    lambda c: linked_q.linked_timeline(c, f, interval=interval, fill=fill),
                )  # fmt: skip
            return self._cached(
                conn,
                ("timeline", f, interval, fill),
                lambda c: timeline_q.timeline(c, f, interval=interval, fill=fill),
            )

    def network(
        self, f: read.EventFilter | None = None, *, min_weight: int = 1, limit: int = 200, linked: bool = False
    ) -> read.Network:
        """The actor network over the events matching ``f`` (``linked``: edges weighted by distinct linked events)."""
        f = f or read.EventFilter()
        with self._read("cannot build the network") as conn:
            if linked:
                return self._cached(
                    conn, ("linked-network", f, min_weight, limit),
                    lambda c: linked_q.linked_network(c, f, min_weight=min_weight, limit=limit),
                )  # fmt: skip
            return self._cached(
                conn,
                ("network", f, min_weight, limit),
                lambda c: network_q.network(
                    c, f, min_weight=min_weight, limit=limit, stats=lambda: self._actor_stats(c)
                ),
            )

    def top_dyads(self, limit: int = 10) -> list[read.DyadCount]:
        """The most frequent (source, target) actor pairs."""
        with self._read("cannot count dyads") as conn:
            return list(
                self._cached(
                    conn, ("top_dyads", limit), lambda c: tuple(network_q.top_dyads(c, limit=limit))
                )
            )

    def sources(self) -> list[str]:
        """The distinct article sources (outlets/agencies), sorted."""
        with self._read("cannot list sources") as conn:
            return list(self._cached(conn, ("sources",), lambda c: tuple(articles_q.sources(c))))

    def counts(self) -> dict[str, int]:
        """Row count per data table."""
        with self._read("cannot count rows") as conn:
            found = dict(self._cached(conn, ("counts",), lambda c: articles_q.counts(c, _ARTICLE_TABLES)))
            found.update(articles_q.counts(conn, [name for name in DATA_TABLES if name not in found]))
        return {name: found[name] for name in DATA_TABLES}

    def failures(self, run_id: str | None = None, limit: int | None = None) -> list[read.FailureRow]:
        """Recorded failures (of one run, or all), oldest first."""
        with self._read("cannot list failures") as conn:
            return articles_q.list_failures(conn, run_id=run_id, limit=limit)

    def top_entities(self, label: str | None = None, limit: int = 10) -> list[read.EntityCount]:
        """Most frequent entity texts with their label, mention and article counts."""
        with self._read("cannot count entities") as conn:
            return list(
                self._cached(
                    conn,
                    ("top_entities", label, limit),
                    lambda c: tuple(articles_q.top_entities(c, label=label, limit=limit)),
                )
            )

    def runs(self, limit: int | None = None) -> list[read.RunRow]:
        """Recorded runs, newest first."""
        with self._read("cannot list runs") as conn:
            return articles_q.list_runs(conn, limit=limit)

    def schema_version(self) -> int:
        """The highest applied migration version (0 for an empty database)."""
        with self._read("cannot read the schema version") as conn:
            return max(migrations.applied_versions(conn), default=0)

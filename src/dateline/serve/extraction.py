"""Extraction for the write endpoints in worker processes, apart from the process that answers reads.

The NLP and the layers are Python and Cython that hold the GIL for most of their time. Run in a thread of the
server, one hostile article (100 KB of unpaired quotation marks, a 1 MB paragraph) took seconds of CPU under
the same GIL as every read, and made the reads of the whole server slower (bench/bench_api_hostile.py on
PostgreSQL: 2.1x the server's CPU per GET and 1.9x the GET p95 while such POSTs ran). Here each article goes to one of ``workers`` spawned processes (the
``--workers`` pool's worker: it loads the pipeline once, and an article gets the hard CPU-time budget of a
main thread), started at a lower scheduling priority (``NICE``), so on a busy machine the reads come first
and the extraction takes the CPU time that is left; under ``dateline serve`` they also keep off the CPU the
server reads on (``cpus.py``). The pipeline is loaded in the workers on the first write;
the server process never loads it.

Decoding a body (JSON, encoding detection, HTML through trafilatura: up to 0.3 s of CPU for a 2.2 MB nested
HTML page) runs in one more process of its own, also at low priority, without the pipeline: in the extraction
process it would wait behind a long extraction, and in the server it holds the GIL as extraction did.

An article POSTed to be stored is also written to the store by its extraction process
(:meth:`ExtractionPool.extract_and_store`), with the process's own connection: writing a long article's
annotations (SQLAlchemy building and inserting thousands of rows, 0.1-0.8 s of CPU for a 50 KB hostile
article) and unpickling them in the server took that CPU from the reads under the server's GIL
(bench/bench_api_hostile.py on SQLite: GET p95 1.1x while such POSTs ran). Only the counts come back.

A worker that dies on an article (killed, out of memory) fails that article alone (422, ``E202``); the next
write starts a fresh pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

from dateline.errors import DatelineError, IngestError, StoreError
from dateline.model import Article, Extraction, Failure
from dateline.scale.priority import background_process
from dateline.scale.workers import start_in_background
from dateline.serve.errors import ApiError

if TYPE_CHECKING:
    from dateline.store import Store

_T = TypeVar("_T")

NICE = 19
"""Added to the workers' niceness: they yield the CPU to the server (and anything else at normal priority)."""


def _call(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    """``func(*args)`` in the decoding process; its refusal as plain data (an exception with keyword
    arguments does not come back through pickle whole)."""
    from fastapi.exceptions import RequestValidationError

    try:
        return "ok", func(*args)
    except ApiError as exc:
        return "api", (exc.status, exc.message, exc.code, exc.headers)
    except RequestValidationError as exc:
        return "invalid", list(exc.errors())
    except DatelineError as exc:
        return "dateline", (exc.reason, exc.code)


def _raise(kind: str, payload: Any) -> Any:
    from fastapi.exceptions import RequestValidationError

    if kind == "api":
        status, message, code, headers = payload
        raise ApiError(status, message, code=code, headers=headers)
    if kind == "invalid":
        raise RequestValidationError(payload)
    reason, code = payload
    raise IngestError(reason, code=code)


def _run(article: Article) -> Extraction | Failure:
    from dateline.scale.workers import _run as run_chunk

    return run_chunk([article])[0]


COUNTED = ("entities", "actors", "events", "quotes", "timexes", "places")
"""The annotations whose numbers a stored article's answer gives (``counts``)."""

_stores: dict[str, Store] = {}
"""This extraction process's connection to each store it writes to (opened on its first write)."""


def counts(extraction: Extraction) -> dict[str, int]:
    """How many of each kind of annotation ``extraction`` holds."""
    return {kind: len(getattr(extraction, kind)) for kind in COUNTED}


def _run_and_store(article: Article, db: str) -> tuple[str, Any]:
    """Extract ``article`` and write it to the store at ``db`` in this process: ``("ok", (stored, counts))``,
    ``("failed", Failure)``, or ``("store", (reason, code))`` when the store refused it."""
    from dateline.scale.workers import storing
    from dateline.store import Store

    result = _run(article)
    if isinstance(result, Failure):
        return "failed", result
    try:
        store = _stores.get(db)
        if store is None:
            store = _stores[db] = Store.open(db, migrate=False)
        with storing():  # never paused by the server's read gate while in a transaction
            return "ok", (store.write(result), counts(result))
    except StoreError as exc:
        return "store", (exc.reason, exc.code)


class ExtractionPool:
    """``workers`` extraction processes for one app; ``await pool.extract(article)`` from the event loop."""

    def __init__(self, workers: int, model: str | None, nice: int | None = None,
                 cpus: frozenset[int] | None = None) -> None:  # fmt: skip
        self.workers, self.model, self.cpus = workers, model, cpus
        self.nice = NICE if nice is None else nice
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._decoder: ProcessPoolExecutor | None = None
        # raised by an extraction process while it writes to the store (see serve/read_gate.py)
        self._storing = multiprocessing.get_context("spawn").Value("i", 0)
        self._active = 0  # decodings and extractions submitted and not yet answered (changed on the event loop)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_in_background, initargs=(self.model, self.nice, self.cpus, self._storing),
                )  # fmt: skip
            return self._executor

    async def decode(self, func: Callable[..., _T], *args: Any) -> _T:
        """``func(*args)`` (reading a request body into an Article) in the decoding process; its ``ApiError``,
        ``RequestValidationError`` or ``IngestError`` raised here."""
        with self._lock:
            if self._decoder is None:
                self._decoder = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=background_process, initargs=(self.nice, self.cpus))  # fmt: skip
            decoder = self._decoder
        try:
            with self._working():
                kind, value = await asyncio.wrap_future(decoder.submit(_call, func, args))
        except BrokenProcessPool:
            with self._lock:
                if self._decoder is decoder:
                    self._decoder = None
            decoder.shutdown(wait=False, cancel_futures=True)
            raise ApiError(422, "the body could not be read (its reader process died)", code="E100") from None
        if kind != "ok":
            _raise(kind, value)
        return value  # type: ignore[no-any-return]

    async def extract(self, article: Article) -> Extraction | Failure:
        """The article's extraction, or its Failure (the NLP refused it, it ran past its budget, its worker died)."""
        from dateline.scale.workers import lost

        executor = self._pool()
        try:
            with self._working():
                return await asyncio.wrap_future(executor.submit(_run, article))
        except BrokenProcessPool as exc:
            self._replace(executor)
            return lost([article], exc)[0]

    async def extract_and_store(self, article: Article, db: str) -> tuple[bool, dict[str, int]]:
        """Extract ``article`` and write it to the store at ``db``, both in an extraction process: whether it was
        stored (``False``: already there) and its :data:`COUNTED` annotations. ``ApiError`` 422 with the article's
        code if it could not be extracted, ``StoreError`` if the store refused it."""
        from dateline.scale.workers import lost

        executor = self._pool()
        try:
            with self._working():
                kind, value = await asyncio.wrap_future(executor.submit(_run_and_store, article, db))
        except BrokenProcessPool as exc:
            self._replace(executor)
            kind, value = "failed", lost([article], exc)[0]
        if kind == "failed":
            raise ApiError(422, value.message, code=value.code)
        if kind == "store":
            reason, code = value
            raise StoreError(reason, code=code)
        stored, annotations = value
        return bool(stored), dict(annotations)

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        self._active += 1
        try:
            yield
        finally:
            self._active -= 1

    def pids(self) -> list[int]:
        """The extraction and decoding processes, while any of them has work (for the read gate: an idle pool
        is not worth pausing, and a read then costs no signal)."""
        if not self._active:
            return []
        with self._lock:
            executors = (self._executor, self._decoder)
        found: list[int] = []
        for executor in executors:
            processes = getattr(executor, "_processes", None) or {}
            found.extend(pid for pid, proc in list(processes.items()) if proc.is_alive())
        return found

    def storing(self) -> bool:
        """Whether an extraction process is writing to the store now (inside a transaction)."""
        return bool(self._storing.value)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executors, self._executor, self._decoder = (self._executor, self._decoder), None, None
        for executor in executors:
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)

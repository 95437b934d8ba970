"""Extraction for the write endpoints in worker processes, apart from the process that answers reads.

The NLP and the layers are Python and Cython that hold the GIL for most of their time. Run in a thread of the
server, one hostile article (100 KB of unpaired quotation marks, a 1 MB paragraph) took seconds of CPU under
the same GIL as every read, and made the reads of the whole server slower (bench/bench_api_hostile.py: GET
p95 1.5x while such POSTs ran). Here each article goes to one of ``workers`` spawned processes (the
``--workers`` pool's worker: it loads the pipeline once, and an article gets the hard CPU-time budget of a
main thread), started at a lower scheduling priority (``NICE``), so on a busy machine the reads come first
and the extraction takes the CPU time that is left. The pipeline is loaded in the workers on the first write;
the server process never loads it.

A worker that dies on an article (killed, out of memory) fails that article alone (422, ``E202``); the next
write starts a fresh pool.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from dateline.model import Article, Extraction, Failure

NICE = 10
"""Added to the workers' niceness: they yield the CPU to the server (and anything else at normal priority)."""


def _start(model: str | None, nice: int) -> None:
    from dateline.scale.workers import _start as start_worker

    if nice:
        try:
            os.nice(nice)
        except OSError:  # not allowed here: run at the same priority
            pass
    start_worker(model)


def _run(article: Article) -> Extraction | Failure:
    from dateline.scale.workers import _run as run_chunk

    return run_chunk([article])[0]


class ExtractionPool:
    """``workers`` extraction processes for one app; ``await pool.extract(article)`` from the event loop."""

    def __init__(self, workers: int, model: str | None, nice: int | None = None) -> None:
        self.workers, self.model = workers, model
        self.nice = NICE if nice is None else nice
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(self.model, self.nice),
                )  # fmt: skip
            return self._executor

    async def extract(self, article: Article) -> Extraction | Failure:
        """The article's extraction, or its Failure (the NLP refused it, it ran past its budget, its worker died)."""
        from dateline.scale.workers import lost

        executor = self._pool()
        try:
            return await asyncio.wrap_future(executor.submit(_run, article))
        except BrokenProcessPool as exc:
            self._replace(executor)
            return lost([article], exc)[0]

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

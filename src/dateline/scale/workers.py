"""``--workers N``: extraction in N worker processes, results in input order.

Each worker process loads the spaCy pipeline and Dateline's data once (the pool's initializer) and runs
``pipeline.extract_articles`` on chunks of items; the calling process reads the input, keeps at most
``2 * workers`` chunks in flight (bounded memory), and yields the results chunk by chunk in input order, so
ids, stored rows and ``extract`` output lines are those of a serial run. Workers are started with ``spawn``
(no state shared with the caller, which may hold threads such as the progress bar); they inherit the
environment (``DATELINE_DICT``, ``DATELINE_VERBS``, ``HF_HUB_OFFLINE``). If a worker dies (killed, out of
memory), every item of its chunk becomes a recorded Failure and the pool is started again; the run goes on.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ..errors import E_EXTRACT
from ..model import Article, Extraction, Failure

log = logging.getLogger(__name__)

CHUNK = 16  # items per task: large enough to batch spaCy, small enough to keep the workers evenly busy

_nlp = None  # the worker's pipeline, loaded once by _start


def _start(model: str | None) -> None:
    global _nlp
    from ..nlp import load_pipeline
    from ..pipeline import load_resources

    _exit_with_parent()
    atexit.register(_exit_at_once)
    _nlp = load_pipeline(model)
    load_resources()


def _exit_at_once() -> None:
    """End a worker the pool has shut down without tearing its interpreter down: a spawned process leaves
    through ``sys.exit``, which frees the spaCy model and the data object by object, seconds the whole run
    waited for (``pool.shutdown``). Its results are already sent (the result queue writes synchronously)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _exit_with_parent(every_s: float = 1.0) -> None:
    """End this worker when the process that started it is gone (killed with SIGKILL, say): a pool worker
    otherwise waits on its task queue for ever, since it holds both ends of the queue's pipe itself."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every_s)
            if os.getppid() != parent:  # re-parented: the parent died
                os._exit(1)

    threading.Thread(target=watch, name="dateline-parent-watch", daemon=True).start()


def _run(chunk: list[Article | Failure]) -> list[Extraction | Failure]:
    from ..pipeline import extract_articles

    assert _nlp is not None, "worker not started"
    return list(extract_articles(chunk, _nlp))


def _pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start, initargs=(model,)
    )


def lost(chunk: list[Article | Failure], exc: BaseException) -> list[Extraction | Failure]:
    out: list[Extraction | Failure] = []
    for item in chunk:
        if isinstance(item, Failure):
            out.append(item)
        else:
            out.append(Failure(origin=item.origin, stage="extract", code=E_EXTRACT, item_id=item.external_id,
                               message=f"worker process failed: {type(exc).__name__}: {exc}"))  # fmt: skip
    return out


def extract_parallel(
    items: Iterable[Article | Failure], *, model: str | None, workers: int, chunk: int = CHUNK
) -> Iterator[Extraction | Failure]:
    """Like ``pipeline.extract_articles``, on ``workers`` processes; the same results in the same order."""
    source = iter(items)
    pool = _pool(workers, model)
    pending: deque[tuple[list[Article | Failure], Future[list[Extraction | Failure]]]] = deque()
    try:
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(source, chunk))
                if not batch:
                    break
                pending.append((batch, pool.submit(_run, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool as exc:
                log.warning("a worker process died; %d items recorded as failed, restarting the pool", len(batch))
                yield from lost(batch, exc)
                retry = [b for b, _ in pending]  # their futures died with the pool: run them again
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers, model)
                for b in retry:
                    pending.append((b, pool.submit(_run, b)))
                continue
            except Exception as exc:  # noqa: BLE001 - a chunk that cannot be sent or returned fails alone
                log.warning("a chunk of %d items failed in a worker", len(batch), exc_info=True)
                yield from lost(batch, exc)
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

"""``--workers N``: extraction in N worker processes, results in input order.

Each worker process loads the spaCy pipeline and Dateline's data once (the pool's initializer) and runs
``pipeline.extract_articles`` on chunks of items; the calling process reads the input, keeps at most
``2 * workers`` chunks in flight (bounded memory), and yields the results chunk by chunk in input order, so
ids, stored rows and ``extract`` output lines are those of a serial run. Workers are started with ``spawn``
(no state shared with the caller, which may hold threads such as the progress bar); they inherit the
environment (``DATELINE_DICT``, ``DATELINE_VERBS``, ``HF_HUB_OFFLINE``). If a worker dies (killed, out of
memory), every item of its chunk becomes a recorded Failure and the pool is started again; the run goes on.

Time budget (``bounds.py``): each worker runs its articles under the budget with a CPU-time timer signal, in
its main thread. A worker that still does not stop (stuck where the signal cannot reach, e.g. inside C code) is found
by the parent's watchdog: each worker has a row in a shared array, where a thread pulses the time and the
process's CPU time and the main thread notes the CPU time at which each article began; the parent, while it
waits for a result, kills a worker that spent more than ``2 * budget + GRACE_S`` CPU seconds on one article,
or whose pulse stopped that long (on a clock that does not count a pause of the whole run), starts a fresh
pool and runs that chunk again one article per task, so only the stuck article fails (``E204``).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..errors import E_EXTRACT, E_TIMEOUT
from ..model import Article, Extraction, Failure

log = logging.getLogger(__name__)

CHUNK = 16  # items per task: large enough to batch spaCy, small enough to keep the workers evenly busy

_nlp = None  # the worker's pipeline, loaded once by _start
_beat: Any = None  # this worker's heartbeat slot: (shared array, slot), set by _start

STALL_ENV = "DATELINE_TEST_STALL"
"""Test hook: a worker given an article whose text contains this variable's value blocks the time-budget
signal and spins, standing for an article stuck where the in-process budget cannot interrupt it (only the
parent's watchdog can). Used by tests/bounds; unset in normal runs."""

GRACE_S = 30.0  # beyond twice the budget, before the watchdog kills a silent worker
POLL_S = 0.25  # how often the parent looks at the heartbeats while it waits
MAX_STEP_S = 2.0  # the most the watchdog's clock advances between two looks


def _start(model: str | None, beats: Any = None, slots: Any = None) -> None:
    global _nlp, _beat
    from ..nlp import load_pipeline
    from ..pipeline import settle_loaded

    _exit_with_parent()
    atexit.register(_exit_at_once)
    if beats is not None:
        with slots.get_lock():
            slot = slots.value
            slots.value += 1
        if _ROW * slot < len(beats):  # a pool starts at most ``workers`` processes; a later one goes unwatched
            _beat = (beats, slot)
            _pulse()
    _nlp = load_pipeline(model)
    settle_loaded()


def start_in_background(model: str | None, nice: int, cpus: frozenset[int] | None = None, storing: Any = None) -> None:
    """The initializer of the API's extraction processes: a background process of the server
    (:func:`~dateline.scale.priority.background_process`: ends with it, off its CPU, at idle priority) before
    the pipeline loads, then a worker as :func:`_start` makes one. This module and ``priority.py`` are all such
    a process imports before its priority is lowered (see ``priority.py``). ``storing``: a shared integer the
    process raises while it writes to the store (:func:`storing`), so the server does not pause it then
    (``serve/read_gate.py``)."""
    from .priority import background_process

    global _storing
    _storing = storing
    background_process(nice, cpus)
    _start(model)


_storing: Any = None


@contextlib.contextmanager
def storing() -> Iterator[None]:
    """Marks this process as writing to the store (inside a transaction) for the server's read gate."""
    flag = _storing
    if flag is None:
        yield
        return
    with flag.get_lock():
        flag.value += 1
    try:
        yield
    finally:
        with flag.get_lock():
            flag.value -= 1


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


def _run(chunk: list[Article | Failure], task: int = 0, budget: float | None = None) -> list[Extraction | Failure]:
    from ..pipeline import extract_articles

    assert _nlp is not None, "worker not started"
    out: list[Extraction | Failure] = []
    _heartbeat(task)
    stall = os.environ.get(STALL_ENV)
    if stall and any(isinstance(a, Article) and stall in a.text for a in chunk):
        _stall()
    for result in extract_articles(chunk, _nlp, budget=budget, progress=lambda: _heartbeat(task)):
        out.append(result)
    _heartbeat(-1)
    return out


_ROW = 5  # per worker: pulse (wall time), pid, task (-1 idle), CPU time now, CPU time when the article began


def _heartbeat(task: int) -> None:
    """Tell the parent which task this worker is on (-1: idle) and that an article begins now (the CPU time
    it is measured from); called after every article parsed or extracted."""
    if _beat is not None:
        beats, slot = _beat
        cpu = time.process_time()
        with beats.get_lock():
            beats[_ROW * slot + 2] = float(task)
            beats[_ROW * slot + 4] = cpu


def _pulse(every_s: float = 0.5) -> None:
    """A thread writing the wall time and this process's CPU time to the heartbeat row every ``every_s``: if it
    stops, the process is frozen (C code holding the interpreter); if the CPU time since the article began
    grows past the budget, the article is stuck where the timer signal cannot stop it."""
    beats, slot = _beat
    pid = float(os.getpid())

    def beat() -> None:
        while True:
            with beats.get_lock():
                beats[_ROW * slot] = time.time()
                beats[_ROW * slot + 1] = pid
                beats[_ROW * slot + 3] = time.process_time()
            time.sleep(every_s)

    with beats.get_lock():
        beats[_ROW * slot + 2] = -1.0
    threading.Thread(target=beat, name="dateline-heartbeat", daemon=True).start()


def _stall() -> None:
    """The test hook of ``STALL_ENV``: block the timer signal and spin (an article the budget cannot stop)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM})
    while True:
        sum(range(100_000))


class _Pool:
    """A process pool and the heartbeats its workers send (``_heartbeat``, ``_pulse``), so the parent can kill
    a worker stuck on one article: one that spent more CPU time on it than an article may take, or whose pulse
    stopped, for longer than ``2 * budget + GRACE_S`` (a batched parse that stalls, then the article alone)."""

    def __init__(self, workers: int, model: str | None, budget: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.beats = ctx.Array("d", _ROW * workers)
        slots = ctx.Value("i", 0)
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start,
                                            initargs=(model, self.beats, slots))  # fmt: skip
        self.budget = budget
        self.killed: set[int] = set()  # tasks whose worker the watchdog killed
        # The watchdog's clock advances by at most MAX_STEP_S per look, so a pause of the whole run (SIGSTOP,
        # a suspended laptop) does not count as the workers' silence.
        self.clock = 0.0
        self.last_look = time.monotonic()
        self.last_beat: dict[int, tuple[float, float]] = {}  # slot -> (its beat, our clock when it changed)

    def submit(self, task: int, batch: list[Article | Failure]) -> Future[list[Extraction | Failure]]:
        return self.executor.submit(_run, batch, task, self.budget)

    def watch(self) -> None:
        """Kill every worker silent for too long on a task (it is stuck past its budget)."""
        if self.budget <= 0:
            return
        limit = 2 * self.budget + GRACE_S
        now = time.monotonic()
        self.clock += min(now - self.last_look, MAX_STEP_S)
        self.last_look = now
        with self.beats.get_lock():
            rows = [tuple(self.beats[i : i + _ROW]) for i in range(0, len(self.beats), _ROW)]
        for slot, (at, pid, task, cpu, began) in enumerate(rows):
            seen = self.last_beat.get(slot)
            if seen is None or seen[0] != at:
                self.last_beat[slot] = seen = (at, self.clock)
            frozen = self.clock - seen[1]  # no pulse for this long (on the watchdog's clock)
            busy = cpu - began  # CPU seconds on the current article
            if pid > 0 and task >= 0 and (frozen > limit or busy > limit) and int(task) not in self.killed:
                log.warning("worker %d stuck on an article (%.0f s of CPU, no pulse for %.0f s); killing it and "
                            "starting another", pid, busy, frozen)  # fmt: skip
                self.killed.add(int(task))
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:  # already gone
                    pass

    def shutdown(self, *, wait: bool) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=True)


def lost(chunk: list[Article | Failure], exc: BaseException, *, code: str = E_EXTRACT, message: str = "") -> list[Extraction | Failure]:
    out: list[Extraction | Failure] = []
    for item in chunk:
        if isinstance(item, Failure):
            out.append(item)
        else:
            out.append(Failure(origin=item.origin, stage="extract", code=code, item_id=item.external_id,
                               message=message or f"worker process failed: {type(exc).__name__}: {exc}"))  # fmt: skip
    return out


@dataclass(slots=True)
class _Task:
    """A chunk in flight: its items, its number and its future."""

    batch: list[Article | Failure]
    number: int
    future: Future[list[Extraction | Failure]]


def extract_parallel(
    items: Iterable[Article | Failure],
    *,
    model: str | None,
    workers: int,
    chunk: int = CHUNK,
    budget: float | None = None,
) -> Iterator[Extraction | Failure]:
    """Like ``pipeline.extract_articles``, on ``workers`` processes; the same results in the same order.

    A worker that dies, or that the watchdog kills because it stayed silent past its budget, breaks the pool:
    a new pool is started and the chunks in flight are submitted again, the broken chunk one article per task,
    so only the article that kills (or stalls) its worker again fails (E204 when the watchdog killed it)."""
    from ..bounds import time_budget

    seconds = time_budget(budget)
    source = iter(items)
    pool = _Pool(workers, model, seconds)
    numbers = itertools.count()
    pending: deque[_Task] = deque()

    def submit(batch: list[Article | Failure]) -> _Task:
        n = next(numbers)
        return _Task(batch, n, pool.submit(n, batch))

    try:
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(source, chunk))
                if not batch:
                    break
                pending.append(submit(batch))
            if not pending:
                return
            head = pending[0]
            try:
                results = _wait(head.future, pool)
            except BrokenProcessPool as exc:
                killed = pool.killed
                tasks = list(pending)
                pending.clear()
                pool.shutdown(wait=False)
                pool = _Pool(workers, model, seconds)
                for i, t in enumerate(tasks):
                    stuck = t.number in killed or (i == 0 and not killed)  # an unexplained death: the head
                    if t.future.done() and not t.future.cancelled() and t.future.exception() is None:
                        pending.append(t)  # finished before the pool broke: its results stand
                    elif not stuck:
                        pending.append(submit(t.batch))
                    elif len(t.batch) > 1:
                        log.warning("a worker died on a chunk of %d items; running them one at a time", len(t.batch))
                        pending.extend(submit([item]) for item in t.batch)
                    else:
                        pending.append(_Task(t.batch, -1, _done(_lost_alone(t.batch, exc, t.number in killed, seconds))))
                continue
            except Exception as exc:  # noqa: BLE001 - a chunk that cannot be sent or returned fails alone
                log.warning("a chunk of %d items failed in a worker", len(head.batch), exc_info=True)
                pending.popleft()
                yield from lost(head.batch, exc)
                continue
            pending.popleft()
            yield from results
    finally:
        pool.shutdown(wait=True)


def _lost_alone(batch: list[Article | Failure], exc: BaseException, killed: bool, seconds: float) -> list[Extraction | Failure]:
    from ..bounds import timeout

    if killed:
        reason = timeout(seconds).reason + " (the worker did not stop and was replaced)"
        return lost(batch, exc, code=E_TIMEOUT, message=reason)
    return lost(batch, exc)


def _done(results: list[Extraction | Failure]) -> Future[list[Extraction | Failure]]:
    f: Future[list[Extraction | Failure]] = Future()
    f.set_result(results)
    return f


def _wait(future: Future[list[Extraction | Failure]], pool: _Pool) -> list[Extraction | Failure]:
    """The future's result, looking at the workers' heartbeats while waiting."""
    while True:
        try:
            return future.result(timeout=POLL_S)
        except FutureTimeout:
            pool.watch()

"""Background priority for a process: a niceness and, where Linux has it, the idle scheduling class.

Light on purpose: a spawned process imports the module of its initializer before the initializer runs, at the
priority it was started with. ``dateline.serve.extraction`` pulls in FastAPI, the app and spaCy (2.7 s of CPU);
as the initializer's module it made every extraction or decoding process the server started, or replaced after
one died, take that much CPU from the reads first. Initializers live here and in ``scale/workers.py``, which
import neither.
"""

from __future__ import annotations

import ctypes
import os
import signal


def lower_priority(nice: int) -> None:
    """Add ``nice`` to this process's niceness and, where the OS has it (Linux), put it in the idle scheduling
    class: a process of that class runs only on a CPU nothing else wants, and a task that wakes takes its CPU at
    once. Niceness alone is not enough: at nice 19 a process keeps its CPU until the scheduler's next check,
    and whatever woke meanwhile waits (the API's reads behind an extraction, bench/bench_api_hostile.py).
    Refusals by the OS are ignored: the process then runs at the priority it has."""
    if not nice:
        return
    try:
        os.nice(nice)
    except OSError:
        pass
    idle = getattr(os, "SCHED_IDLE", None)
    if idle is not None:
        try:
            os.sched_setscheduler(0, idle, os.sched_param(0))
        except OSError:
            pass


def background_process(nice: int, cpus: frozenset[int] | None = None) -> None:
    """Make this process a background helper of the process that started it: it ends with the thread that
    started it (:func:`end_with_parent`), runs on ``cpus`` where given (``None`` leaves the placement to the
    OS) and at :func:`lower_priority` ``nice``. The initializer of the API's extraction and decoding processes."""
    end_with_parent()
    if cpus:
        try:
            os.sched_setaffinity(0, cpus)
        except (AttributeError, OSError):
            pass
    lower_priority(nice)


_PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """Ask Linux to kill this process when the thread that started it ends (``PR_SET_PDEATHSIG``): for the API,
    the server's event loop, which submits every write. Without it, a server stopped while an article was being
    extracted left that process behind for good, blocked on its result queue (about 200 MB each)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the process ends when its queue tells it to
    if os.getppid() == 1:
        os._exit(0)  # the parent ended before this line: nobody is left to ask for work


__all__ = ["background_process", "end_with_parent", "lower_priority"]

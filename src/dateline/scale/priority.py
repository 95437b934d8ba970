"""Background priority for a process: a niceness and, where Linux has it, the idle scheduling class."""

from __future__ import annotations

import os


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


__all__ = ["lower_priority"]

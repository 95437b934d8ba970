"""Which CPUs ``dateline serve`` reads on and which its write processes use (Linux CPU affinity).

The server answers reads in one process: an event loop and a few worker threads that take turns at the GIL.
Left to roam, those threads run on different CPUs and hand the GIL across them, and on a busy machine the
write processes (extraction, decoding; ``extraction.py``) run on the CPU a reader has just left, so the next
read starts on cold caches. With the server's threads kept to one CPU and the write processes to the others,
a read cost the server about half the CPU time (bench/bench_api_hostile.py, SQLite, 2-core machine: 2.96 ms
per GET instead of 5.5, reads alone), and hostile POSTs being extracted no longer slowed the reads down on
SQLite (p95 with them / without, 6 rounds: 0.98, from 1.15 unpinned); on PostgreSQL, whose own processes are
not placed, 1.00-1.11 pooled in eleven runs, about 1.02-1.03 (from 1.19).

``--reads-cpu auto`` (the default) keeps the server on the CPU it started on, where the process may use two or
more; ``off`` leaves the placement to the OS; a number names the CPU. Only ``dateline serve`` places itself: an
app made by ``create_app`` inside another program (tests, an ASGI server of the user's) is left alone, and its
write processes then run wherever the OS puts them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

_placed: tuple[int, frozenset[int]] | None = None
"""``(the reads' CPU, the CPUs the process could use before)`` once :func:`keep_reads_on` has placed it."""


def allowed() -> frozenset[int]:
    """The CPUs this process may run on (all of them where the OS cannot tell)."""
    getter = getattr(os, "sched_getaffinity", None)
    if getter is None:
        return frozenset(range(os.cpu_count() or 1))
    return frozenset(getter(0))


def current_cpu() -> int | None:
    """The CPU this process's main thread ran on last (Linux ``/proc/self/stat``), or ``None``."""
    try:
        return int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[36])
    except (OSError, IndexError, ValueError):
        return None


def choose(setting: str) -> int | None:
    """The CPU ``--reads-cpu`` asks for (``auto``, ``off`` or a number); ``None``: leave the placement alone.
    ``ValueError`` for a CPU this process may not use or a word that is neither."""
    cpus = allowed()
    word = setting.strip().lower()
    if word == "off":
        return None
    if word == "auto":
        if len(cpus) < 2 or not hasattr(os, "sched_setaffinity"):
            return None  # nothing to gain on one CPU, nothing to do where the OS has no affinity
        cpu = current_cpu()
        return cpu if cpu in cpus else min(cpus)
    try:
        cpu = int(word)
    except ValueError:
        raise ValueError(f"--reads-cpu takes auto, off or a CPU number, not {setting!r}") from None
    if cpu not in cpus:
        raise ValueError(f"CPU {cpu} is not one this process may use ({', '.join(map(str, sorted(cpus)))})")
    return cpu


def keep_reads_on(cpu: int) -> bool:
    """Keep every thread of this process, and those it starts later, on ``cpu``; whether that was done."""
    global _placed
    before = allowed()
    setter = getattr(os, "sched_setaffinity", None)
    if setter is None:
        return False
    try:
        threads = [int(t.name) for t in Path("/proc/self/task").iterdir()]
    except OSError:
        threads = [0]
    try:
        for tid in threads:
            try:
                setter(tid, {cpu})
            except ProcessLookupError:
                continue  # a thread that ended meanwhile
    except OSError as exc:
        log.warning("could not keep the server on CPU %d: %s", cpu, exc)
        return False
    _placed = (cpu, before)
    return True


def for_writes() -> frozenset[int] | None:
    """The CPUs the write processes should use: those the server could use before it was kept to its reads'
    CPU, less that one; ``None`` when the server was not placed (or had no other CPU)."""
    if _placed is None:
        return None
    cpu, before = _placed
    return (before - {cpu}) or None


__all__ = ["allowed", "choose", "current_cpu", "for_writes", "keep_reads_on"]

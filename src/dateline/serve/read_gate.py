"""Reads first: the server's write processes are paused while it answers reads.

The API extracts and decodes written articles in processes of their own, in Linux's idle scheduling class
(``serve/extraction.py``), so that the kernel gives them only CPU nothing else wants. On PostgreSQL that was not
enough: ``bench/bench_idle_neighbour.py --db postgresql://...`` measured that one process spinning in the idle
class beside the server cost the reads 4-5 % of their throughput and 9 % of their p95 (a query is a round trip
between the server and a PostgreSQL backend, and each wake-up finds a CPU the idle work keeps busy). The same
cost showed in ``bench/bench_api_hostile.py`` as GET p95 with hostile POSTs 2-5 % above without.

A :class:`ReadGate` counts the reads in flight (``GET``/``HEAD``, from the ``Guard`` middleware). When the first
one starts it stops the write processes (``SIGSTOP``); when the last one has ended and no other began within
``quiet`` seconds it lets them go on (``SIGCONT``). Under reads that never stop, the write processes still run
``slice`` seconds after every ``max_pause`` seconds paused (by default 50 ms of each 550 ms), so a write is
slower under a read load but always ends. A write process that is storing an article (inside a database
transaction, holding the linking lock other writers wait for) is never stopped.

The time budget per article is CPU time (``bounds.py``), so a paused article does not use it up. The write
processes die with the server even when stopped (``PR_SET_PDEATHSIG`` sends ``SIGKILL``). Turned off with
``$DATELINE_READ_GATE=0``; only where ``SIGSTOP`` exists.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable

QUIET_S = 0.02
MAX_PAUSE_S = 0.5
SLICE_S = 0.05


def enabled() -> bool:
    """Whether the gate is on (``$DATELINE_READ_GATE`` is not ``0``/``off``/``false``, and ``SIGSTOP`` exists)."""
    return hasattr(signal, "SIGSTOP") and os.environ.get("DATELINE_READ_GATE", "1").strip().lower() not in ("0", "off", "false", "no")


class ReadGate:
    """Pauses the processes ``pids()`` names while reads are in flight; see the module doc. Every method runs on
    the server's event loop (the middleware and the timers it sets), so no lock is needed."""

    def __init__(
        self,
        pids: Callable[[], list[int]],
        busy: Callable[[], bool] = lambda: False,
        *,
        quiet: float = QUIET_S,
        max_pause: float = MAX_PAUSE_S,
        slice_s: float = SLICE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pids, self._busy = pids, busy
        self.quiet, self.max_pause, self.slice = quiet, max_pause, slice_s
        self._clock = clock
        self.reads = 0
        self.paused: list[int] = []
        self._running_until = 0.0  # a slice granted after a long pause: no new pause before it ends
        self._timers: dict[str, asyncio.TimerHandle] = {}  # "quiet": resume after the reads; "slice": after max_pause
        self._released = False
        self.pauses = 0  # counters, for tests and logs
        self.slices = 0

    # -- from the middleware ---------------------------------------------------------------------------

    def read_started(self) -> None:
        self.reads += 1
        if not self.paused:
            self._pause()

    def read_ended(self) -> None:
        self.reads = max(0, self.reads - 1)
        if self.reads == 0 and self.paused:
            self._later("quiet", self.quiet, self._resume_if_quiet)

    # -- pausing and resuming --------------------------------------------------------------------------

    def _pause(self) -> None:
        now = self._clock()
        if self._released or now < self._running_until or self._busy():
            return
        pids = [p for p in self._pids() if p > 0 and p != os.getpid()]
        if not pids:
            return
        stopped = []
        for pid in pids:
            try:
                os.kill(pid, signal.SIGSTOP)
            except (ProcessLookupError, PermissionError):
                continue
            stopped.append(pid)
        if stopped:
            self.paused = stopped
            self.pauses += 1
            self._later("slice", self.max_pause, self._slice)

    def _resume(self) -> None:
        self._cancel()
        paused, self.paused = self.paused, []
        for pid in paused:
            try:
                os.kill(pid, signal.SIGCONT)
            except (ProcessLookupError, PermissionError):
                continue

    def _resume_if_quiet(self) -> None:
        if self.reads == 0 and self.paused:
            self._resume()

    def _slice(self) -> None:
        """Paused for ``max_pause``: let the writes run for ``slice``, then pause again if reads go on."""
        if not self.paused:
            return
        self._resume()
        self.slices += 1
        self._running_until = self._clock() + self.slice
        self._later("after", self.slice, self._after_slice)

    def _after_slice(self) -> None:
        if self.reads > 0 and not self.paused:
            self._pause()

    def _later(self, name: str, delay: float, callback: Callable[[], None]) -> None:
        old = self._timers.pop(name, None)
        if old is not None:
            old.cancel()
        try:
            self._timers[name] = asyncio.get_running_loop().call_later(delay, callback)
        except RuntimeError:  # no running loop: never leave the processes stopped
            self._resume()

    def _cancel(self) -> None:
        timers, self._timers = self._timers, {}
        for timer in timers.values():
            timer.cancel()

    def release(self) -> None:
        """Let every paused process go on and stop pausing (the server is shutting down)."""
        self._released = True
        self._resume()


__all__ = ["ReadGate", "enabled"]

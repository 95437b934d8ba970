"""The read gate: the write processes pause while reads are in flight, get a slice under endless reads, never
pause while storing, and go on when the reads end or the server shuts down (serve/read_gate.py)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.serve.read_gate import ReadGate, enabled

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGSTOP"),
                                reason="needs Linux's /proc and SIGSTOP")  # fmt: skip


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def worker() -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield proc
    os.kill(proc.pid, signal.SIGCONT)
    proc.kill()
    proc.wait()


def _wait_state(pid: int, states: str, timeout: float = 2.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = _state(pid)
        if s in states:
            return s
        time.sleep(0.01)
    return _state(pid)


def test_paused_while_reads_are_in_flight_and_resumed_after(worker: subprocess.Popen[bytes]) -> None:
    async def main() -> None:
        gate = ReadGate(lambda: [worker.pid], quiet=0.02, max_pause=5.0)
        gate.read_started()
        gate.read_started()
        assert _wait_state(worker.pid, "T") == "T"
        gate.read_ended()
        await asyncio.sleep(0.1)
        assert _state(worker.pid) == "T"  # one read still in flight
        gate.read_ended()
        await asyncio.sleep(0.1)
        assert _wait_state(worker.pid, "RS") in "RS"
        assert gate.pauses == 1 and not gate.paused

    asyncio.run(main())


def test_endless_reads_still_leave_the_writes_slices(worker: subprocess.Popen[bytes]) -> None:
    async def main() -> float:
        gate = ReadGate(lambda: [worker.pid], max_pause=0.1, slice_s=0.1)
        gate.read_started()
        before = _cpu(worker.pid)
        await asyncio.sleep(1.5)
        used = _cpu(worker.pid) - before
        assert gate.slices >= 4 and gate.pauses >= 4
        gate.read_ended()
        await asyncio.sleep(0.1)
        assert not gate.paused
        return used

    used = asyncio.run(main())
    assert 0.1 < used < 1.2  # about half of 1.5 s here (0.1 s of each 0.2 s), never all of it


def test_not_paused_while_storing(worker: subprocess.Popen[bytes]) -> None:
    storing = [True]

    async def main() -> None:
        gate = ReadGate(lambda: [worker.pid], lambda: storing[0])
        gate.read_started()
        await asyncio.sleep(0.05)
        assert _state(worker.pid) in "RS" and gate.pauses == 0
        gate.read_ended()
        storing[0] = False
        gate.read_started()
        assert _wait_state(worker.pid, "T") == "T"
        gate.release()
        assert _wait_state(worker.pid, "RS") in "RS"
        gate.read_started()  # released: never pauses again
        assert _state(worker.pid) in "RS" and gate.pauses == 1

    asyncio.run(main())


def test_gone_processes_are_skipped() -> None:
    async def main() -> None:
        gate = ReadGate(lambda: [2**22 + 12345])  # no such process
        gate.read_started()
        gate.read_ended()
        assert gate.pauses == 0 and not gate.paused

    asyncio.run(main())


def test_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_READ_GATE", "0")
    assert not enabled()
    monkeypatch.setenv("DATELINE_READ_GATE", "1")
    assert enabled()


def test_an_idle_pool_is_not_paused() -> None:
    from dateline.serve.extraction import ExtractionPool

    pool = ExtractionPool(1, None)
    assert pool.pids() == [] and not pool.storing()  # no write in flight: a read costs no signal
    pool.close()

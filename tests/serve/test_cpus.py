"""``dateline serve`` keeps its reads on one CPU and its write processes on the others (``serve/cpus.py``)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.serve import cpus
from dateline.serve.extraction import ExtractionPool

linux_affinity = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs Linux CPU affinity and at least two CPUs",
)


def test_choose_reads_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cpus.choose("off") is None
    monkeypatch.setattr(cpus, "allowed", lambda: frozenset({0}))
    assert cpus.choose("auto") is None  # one CPU: nothing to separate
    monkeypatch.setattr(cpus, "allowed", lambda: frozenset({2, 3}))
    monkeypatch.setattr(cpus, "current_cpu", lambda: 3)
    if hasattr(os, "sched_setaffinity"):
        assert cpus.choose("auto") == 3
        monkeypatch.setattr(cpus, "current_cpu", lambda: None)
        assert cpus.choose(" AUTO ") == 2
    assert cpus.choose("2") == 2
    with pytest.raises(ValueError, match="not one this process may use"):
        cpus.choose("5")
    with pytest.raises(ValueError, match="auto, off or a CPU number"):
        cpus.choose("fast")


def test_a_cpu_the_process_may_not_use_is_refused_before_serving(tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", f"{tmp_path}/t.db", "--reads-cpu", "100000"])
    assert result.exit_code == 2 and "--reads-cpu" in result.output


@linux_affinity
def test_keeping_the_reads_on_one_cpu_leaves_the_others_to_the_writes() -> None:
    # in a process of its own: this one (pytest) must keep all its CPUs
    code = ("import json, os; from dateline.serve import cpus; cpu = min(os.sched_getaffinity(0)); "
            "placed = cpus.keep_reads_on(cpu); "
            "print(json.dumps([placed, sorted(os.sched_getaffinity(0)), sorted(cpus.for_writes() or ())]))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    every = sorted(os.sched_getaffinity(0))
    assert json.loads(out) == [True, every[:1], every[1:]]


@linux_affinity
def test_the_write_processes_run_on_the_cpus_they_are_given() -> None:
    others = frozenset(sorted(os.sched_getaffinity(0))[1:])
    pool = ExtractionPool(1, None, cpus=others)
    try:
        got = asyncio.run(pool.decode(os.sched_getaffinity, 0))
    finally:
        pool.close()
    assert got == others

"""Runs killed with ``kill -9`` stay ``running`` no longer: the next run on the same host marks them
``interrupted`` (issue 15), on both backends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime

import sqlalchemy as sa

from dateline.store import Store
from dateline.store.schema import runs
from tests.store.conftest import Target

_KILL_ITSELF = """
import os, signal, sys
from dateline.store import Store
store = Store.open(sys.argv[1])
print(store.start_run("ingest corpus.jsonl", "test"), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _url(target: Target) -> str:
    return target.url if target.schema is None else f"{target.url}?schema={target.schema}"


def _insert_run(store: Store, run_id: str, **values: object) -> None:
    row = {"id": run_id, "started_at": datetime.now(UTC), "command": "ingest x", "status": "running", **values}
    with store.engine.begin() as conn:
        conn.execute(sa.insert(runs).values(row))


def test_a_killed_run_is_marked_interrupted_when_the_next_one_starts(db_target: Target) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.run([sys.executable, "-c", _KILL_ITSELF, _url(db_target)], capture_output=True, text=True,
                           env=env, timeout=120)  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr
    killed = child.stdout.strip()
    with db_target.open() as store:
        (row,) = store.runs()
        assert (row.id, row.status, row.host) == (killed, "running", socket.gethostname())
        assert row.pid is not None and row.pid != os.getpid()

        alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            _insert_run(store, "alive", pid=alive.pid, host=socket.gethostname())
            _insert_run(store, "elsewhere", pid=1, host="another-host.example")
            _insert_run(store, "before-migration-8")  # no pid, no host: cannot be checked
            _insert_run(store, "this-process", pid=os.getpid(), host=socket.gethostname())
            current = store.start_run("ingest corpus.jsonl", "test")
        finally:
            alive.kill()
            alive.wait()
        status = {r.id: r.status for r in store.runs()}
    assert status == {
        killed: "interrupted", "alive": "running", "elsewhere": "running", "before-migration-8": "running",
        "this-process": "running", current: "running",
    }  # fmt: skip


def test_a_finished_run_is_left_alone(store: Store) -> None:
    run_id = store.start_run("ingest x", "test")
    store.finish_run(run_id, 1, 0, 0, "ok")
    with store.engine.begin() as conn:
        conn.execute(sa.update(runs).where(runs.c.id == run_id).values(pid=2**22 + 12345))  # no such process
    store.start_run("ingest y", "test")
    assert {r.id: r.status for r in store.runs()}[run_id] == "ok"

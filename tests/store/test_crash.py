"""Crash safety: a writer killed with SIGKILL leaves only whole articles, and re-running adds only
the missing ones.

The child process writes articles 0..N-1, one transaction each, and announces each commit. It is
killed either between two transactions or in the middle of one (after the article row and some of
its annotations went in, before the commit).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
import sqlalchemy as sa

from dateline.store import Store
from dateline.store.schema import DATA_TABLES

from .conftest import ROWS_PER_ARTICLE, Target, build_extraction

N = 8
KILL_AT = 5  # articles 0..4 are committed when the child is killed

CHILD = r"""
import importlib.util, sys, time
from sqlalchemy import event

conftest_path, url, schema, n, kill_at, where = sys.argv[1:]
n, kill_at = int(n), int(kill_at)
spec = importlib.util.spec_from_file_location("store_conftest", conftest_path)
builders = importlib.util.module_from_spec(spec)
sys.modules["store_conftest"] = builders
spec.loader.exec_module(builders)
from dateline.store import Store

store = Store.open(url, schema=schema or None)
current = [-1]

@event.listens_for(store.engine, "after_cursor_execute")
def pause_inside(conn, cursor, statement, params, context, executemany):
    # Inside the transaction of article `kill_at`, after its article, entity and actor rows.
    if where == "inside" and current[0] == kill_at and statement.lstrip().upper().startswith("INSERT INTO QUOTES"):
        print("PAUSED", flush=True)
        time.sleep(600)

for i in range(n):
    if where == "between" and i == kill_at:
        print("PAUSED", flush=True)
        time.sleep(600)
    current[0] = i
    store.write(builders.build_extraction(i), run_id="crashy")
    print(f"WROTE {i}", flush=True)
"""


def _run_until_paused(target: Target, where: str) -> list[str]:
    """Start the child, collect its lines until it says PAUSED, then SIGKILL it."""
    conftest = Path(__file__).with_name("conftest.py")
    args = [
        sys.executable,
        "-c",
        CHILD,
        str(conftest),
        target.url,
        target.schema or "",
        str(N),
        str(KILL_AT),
        where,
    ]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line.strip())
        lines.put(None)  # the child exited

    reader = threading.Thread(target=read, args=(proc.stdout,), daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        while not seen or seen[-1] != "PAUSED":
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail(f"child did not pause in time; said {seen}")
            if line is None:
                pytest.fail(f"child exited ({proc.wait()}) before pausing: {proc.stderr.read()}")
            seen.append(line)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=10)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    return seen


#: Rows per article, with those of the linking step (its story row and one link per event), written in the
#: same transaction: a kill leaves no article without its story and no story without its article.
WITH_LINKS = {**ROWS_PER_ARTICLE, "story_articles": 1, "event_links": ROWS_PER_ARTICLE["events"]}


def _per_article_counts(store: Store) -> dict[str, dict[str, int]]:
    """Rows per article id in every child table (and the articles table)."""
    out: dict[str, dict[str, int]] = {}
    with store.engine.connect() as conn:
        for name in WITH_LINKS:
            table = DATA_TABLES[name]
            key = table.c.id if name == "articles" else table.c.article_id
            for aid, count in conn.execute(sa.select(key, sa.func.count()).group_by(key)):
                out.setdefault(aid, {})[name] = count
    return out


@pytest.mark.parametrize("where", ["between", "inside"])
def test_sigkill_leaves_whole_articles_and_rerun_adds_the_rest(db_target: Target, where: str) -> None:
    db_target.open().close()  # migrate first, so the child only writes articles
    lines = _run_until_paused(db_target, where)
    assert lines == [f"WROTE {i}" for i in range(KILL_AT)] + ["PAUSED"]

    extractions = [build_extraction(i) for i in range(N)]
    ids = [x.article.id for x in extractions]
    with db_target.open() as store:
        per_article = _per_article_counts(store)
        # exactly the committed articles, each with all of its rows: no partial article, no orphans
        assert set(per_article) == set(ids[:KILL_AT])
        assert all(per_article[a] == WITH_LINKS for a in per_article)
        for x in extractions[:KILL_AT]:
            assert store.get_extraction(x.article.id) == x
        # re-running everything adds only the missing ones
        written = [store.write(x, run_id="rerun") for x in extractions]
        assert written == [False] * KILL_AT + [True] * (N - KILL_AT)
        counts = store.counts()
        assert {t: counts[t] for t in ROWS_PER_ARTICLE} == {t: n * N for t, n in ROWS_PER_ARTICLE.items()}
        assert [r.run_id for r in store.articles(limit=N)].count("crashy") == KILL_AT

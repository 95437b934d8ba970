"""Idempotent, resumable ingest: a real ``dateline ingest`` killed with SIGKILL leaves whole articles only;
re-running completes the corpus without duplicates; a further run stores nothing. The same idempotence
on PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from dateline.ingest import read_articles
from dateline.model import Extraction
from dateline.pipeline import extract_articles
from dateline.store import Store
from dateline.store.schema import CHILD_TABLES, articles

from .conftest import RunCli, news_records, write_jsonl

N_RECORDS = 160
KILL_AFTER = 3  # committed articles before the kill
POLL_S = 0.005


@pytest.fixture(scope="module")
def news_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``N_RECORDS`` generated multi-sentence news records as JSON Lines."""
    return write_jsonl(tmp_path_factory.mktemp("news") / "corpus.jsonl", news_records(N_RECORDS))


@pytest.fixture(scope="module")
def expected_extractions(news_corpus: Path, pipeline: Any) -> dict[str, Extraction]:
    """What a complete ingest stores for each article id, computed in-process."""
    out = {}
    for ex in extract_articles(read_articles([str(news_corpus)]), pipeline):
        assert isinstance(ex, Extraction), ex
        out[ex.article.id] = ex
    assert len(out) == N_RECORDS
    return out


def committed_articles(db: Path) -> int:
    """Articles committed so far, read through a read-only connection (0 before the table exists)."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _children(pid: int) -> list[int]:
    """The process's child processes (Linux /proc), e.g. the --workers pool."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def kill_ingest_midway(
    command: list[str], corpus: Path, db: Path, env: dict[str, str], extra: tuple[str, ...] = ()
) -> int:
    """Start ``dateline ingest``, SIGKILL it once a few (not all) articles are committed; return that count.
    Worker processes it started must not outlive it."""
    children: list[int] = []
    proc = subprocess.Popen(
        [*command, "ingest", str(corpus), "--db", str(db), "-q", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=db.parent,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while (seen := committed_articles(db)) < KILL_AFTER:
            if proc.poll() is not None:
                pytest.fail(
                    f"ingest exited ({proc.returncode}) before it could be killed: {proc.stderr.read()!r}"
                )
            if time.monotonic() > deadline:
                pytest.fail("ingest committed nothing within 120 s")
            time.sleep(POLL_S)
        children = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before the kill: make the corpus bigger"
    assert seen < N_RECORDS, "every article was committed before the kill: make the corpus bigger"
    deadline = time.monotonic() + 30
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for c in children if _alive(c)], "worker processes outlived the killed ingest"
    return seen


def orphan_rows(store: Store) -> dict[str, int]:
    """Child rows whose article is not stored, per table."""
    out = {}
    with store.reader() as conn:
        for table in CHILD_TABLES:
            stmt = (
                sa.select(sa.func.count())
                .select_from(table)
                .where(table.c.article_id.not_in(sa.select(articles.c.id)))
            )
            out[table.name] = conn.scalar(stmt) or 0
    return out


def assert_whole_articles(store: Store, expected: dict[str, Extraction]) -> list[str]:
    """Every stored article is one of the corpus's, with exactly its entity rows; no orphans."""
    ids = [r.id for r in store.articles(limit=10_000)]
    assert len(ids) == len(set(ids))
    for article_id in ids:
        assert article_id in expected, article_id
        stored = store.get_article(article_id)
        assert stored is not None
        got = [(e.start, e.end, e.text, e.label, e.field) for e in stored.entities]
        want = [(e.start, e.end, e.text, e.label, e.field) for e in expected[article_id].entities]
        assert sorted(got) == sorted(want), article_id
    assert orphan_rows(store) == {t.name: 0 for t in CHILD_TABLES}
    assert store.counts()["entities"] == sum(len(expected[a].entities) for a in ids)
    return ids


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_ingest_resumes_without_duplicates(
    workers: str,
    tmp_path: Path,
    news_corpus: Path,
    expected_extractions: dict[str, Extraction],
    dateline_command: list[str],
    subprocess_env: dict[str, str],
    run_cli: RunCli,
) -> None:
    db = tmp_path / "resume.db"
    seen = kill_ingest_midway(dateline_command, news_corpus, db, subprocess_env, ("--workers", workers))

    with Store.open(db) as store:
        survivors = assert_whole_articles(store, expected_extractions)
    assert seen <= len(survivors) < N_RECORDS

    resumed = run_cli("ingest", str(news_corpus), "--db", str(db), "-q", "--workers", workers)
    assert resumed.exit_code == 0, resumed.stderr
    assert f"{N_RECORDS - len(survivors)} article(s) stored, {len(survivors)} already present, 0 failed" in (
        resumed.stderr
    )
    with Store.open(db) as store:
        ids = assert_whole_articles(store, expected_extractions)
        external = sorted(str(r.external_id) for r in store.articles(limit=10_000))
    assert sorted(ids) == sorted(expected_extractions)
    assert external == [f"r{i:04d}" for i in range(N_RECORDS)]

    again = run_cli("ingest", str(news_corpus), "--db", str(db), "-q")
    assert again.exit_code == 0, again.stderr
    assert f"dateline: 0 article(s) stored, {N_RECORDS} already present, 0 failed" in again.stderr


@pytest.mark.needs_postgres
def test_postgres_ingest_is_idempotent(tmp_path: Path, pg_url: str, run_cli: RunCli) -> None:
    corpus = write_jsonl(tmp_path / "small.jsonl", news_records(5, seed=11, sentences=2))
    first = run_cli("ingest", str(corpus), "--db", pg_url, "-q")
    assert first.exit_code == 0, first.stderr
    assert "dateline: 5 article(s) stored, 0 already present, 0 failed" in first.stderr
    with Store.open(pg_url) as store:
        before = store.counts()
        assert store.dialect == "postgresql"
    assert before["articles"] == 5 and before["entities"] > 0

    second = run_cli("ingest", str(corpus), "--db", pg_url, "-q")
    assert second.exit_code == 0, second.stderr
    assert "dateline: 0 article(s) stored, 5 already present, 0 failed" in second.stderr
    with Store.open(pg_url) as store:
        after = store.counts()
        assert orphan_rows(store) == {t.name: 0 for t in CHILD_TABLES}
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}

    listed = run_cli("articles", "--db", pg_url, "--format", "jsonl")
    assert listed.exit_code == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 5

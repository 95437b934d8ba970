"""``dateline ingest`` over the shared hostile corpus: good files stored, bad files recorded as failures
that name the file, and a second run changes nothing.

Articles with the same source, title and text share one deterministic id, so the corpus's byte-level
variants of one wire story (BOM, CRLF, no date line) are stored once, under the first file read; "stored"
below therefore means "the file's articles are in the database", checked by id.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dateline.cli import cli
from dateline.ingest import read_file
from dateline.model import Article
from dateline.store import Store
from dateline.store.read import ArticleRow, FailureRow

from ..conftest import SHARED
from .conftest import CLI_ENV

MAKE_CORPUS = SHARED / "hostile" / "make_corpus.py"


@dataclass(frozen=True)
class HostileRun:
    corpus: Path
    db: Path
    result: Result

    def manifest(self) -> list[dict[str, Any]]:
        return json.loads((self.corpus / "MANIFEST.json").read_text(encoding="utf-8"))

    def names(self, *, must_succeed: bool) -> list[str]:
        return [str(e["file"]) for e in self.manifest() if e["must_succeed"] is must_succeed]


def ingest(corpus: Path, db: Path) -> Result:
    return CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "-q"], env=CLI_ENV,
                              catch_exceptions=False)  # fmt: skip


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> HostileRun:
    """The hostile corpus, written by the shared script, ingested once into a fresh SQLite file."""
    if not MAKE_CORPUS.exists():
        pytest.skip(f"hostile corpus script not found at {MAKE_CORPUS} (../shared is absent)")
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(corpus)], check=True, capture_output=True, timeout=120
    )
    db = tmp / "hostile.db"
    return HostileRun(corpus, db, ingest(corpus, db))


def _stored(db: Path) -> list[ArticleRow]:
    with Store.open(db) as store:
        return store.articles(limit=1000)


def _failures(db: Path) -> list[FailureRow]:
    with Store.open(db) as store:
        return store.failures()


def test_exit_status_is_1_with_the_failure_count(hostile_run: HostileRun) -> None:
    result = hostile_run.result
    assert result.exit_code == 1, result.stderr
    n_failures = len(_failures(hostile_run.db))
    assert n_failures == len(hostile_run.names(must_succeed=False)) + 2  # + ok-corpus.jsonl lines 2 and 3
    assert f"{n_failures} item(s) failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_good_file_is_stored(hostile_run: HostileRun) -> None:
    stored = _stored(hostile_run.db)
    by_id = {r.id: r for r in stored}
    good = set(hostile_run.names(must_succeed=True))
    for name in good:
        articles = [a for a in read_file(hostile_run.corpus / name) if isinstance(a, Article)]
        assert articles, name
        for article in articles:
            assert article.id in by_id, f"{name}: article {article.id} not stored"
    origins = {
        Path(r.origin.rsplit(":", 1)[0] if r.format == "jsonl" else r.origin).name for r in stored
    }
    assert origins <= good, origins - good
    assert {"ok-latin1.txt", "ok-script.html", "ok-corpus.jsonl"} <= origins
    latin1 = next(r for r in stored if r.origin.endswith("ok-latin1.txt"))
    assert "Besançon" in latin1.title


def test_every_bad_file_is_a_recorded_failure_naming_the_file(hostile_run: HostileRun) -> None:
    failures = _failures(hostile_run.db)
    stderr = " ".join(hostile_run.result.stderr.split())
    for name in hostile_run.names(must_succeed=False):
        path = str(hostile_run.corpus / name)
        rows = [f for f in failures if f.origin == path]
        assert len(rows) == 1, (name, rows)
        row = rows[0]
        assert row.code.startswith("E1") and len(row.code) == 4, row
        assert row.message.strip() and "Traceback" not in row.message and len(row.message) < 300, row
        assert " ".join(f"{path}: {row.code}: {row.message}".split()) in stderr, name


def test_corpus_lines_are_stored_or_recorded_with_their_line_numbers(hostile_run: HostileRun) -> None:
    corpus = hostile_run.corpus / "ok-corpus.jsonl"
    recorded = {f.line: f for f in _failures(hostile_run.db) if f.origin.startswith(str(corpus))}
    assert sorted(recorded) == [2, 3]
    assert recorded[2].code == "E105" and recorded[2].origin == f"{corpus}:2"
    assert recorded[3].code == "E101" and recorded[3].origin == f"{corpus}:3"

    stored = {r.origin: r for r in _stored(hostile_run.db)}
    lines = {line: stored.get(f"{corpus}:{line}") for line in (1, 4, 5)}
    assert all(lines.values()), lines
    assert [lines[n].external_id for n in (1, 4, 5)] == ["a1", "a4", "a5"]
    assert str(lines[1].published) == "2024-03-05"
    assert lines[4].published is None  # "not a date": kept, with the date unknown rather than invented
    with Store.open(hostile_run.db) as store:
        assert any("E110" in w for w in store.get_article(lines[4].id).warnings)


def test_script_and_event_handlers_are_not_stored(hostile_run: HostileRun) -> None:
    row = next(r for r in _stored(hostile_run.db) if r.origin.endswith("ok-script.html"))
    with Store.open(hostile_run.db) as store:
        article = store.get_article(row.id)
    assert article is not None
    assert "Diplomats from Iran and the United States met in Geneva" in article.text
    for field in ("title", "text"):
        value = (getattr(article, field) or "").lower()
        for bad in ("<script", "onerror", "alert(", "document.location"):
            assert bad not in value, (field, bad, value)


def test_ingesting_again_changes_nothing(hostile_run: HostileRun) -> None:
    with Store.open(hostile_run.db) as store:
        before = store.counts()
        failure_ids = sorted(f.id for f in store.failures())
    again = ingest(hostile_run.corpus, hostile_run.db)
    assert again.exit_code == 1, again.stderr
    assert "dateline: 0 article(s) stored" in again.stderr
    with Store.open(hostile_run.db) as store:
        after = store.counts()
        assert sorted(f.id for f in store.failures()) == failure_ids
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert after["runs"] == before["runs"] + 1

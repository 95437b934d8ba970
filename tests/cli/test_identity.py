"""A corpus record's own id takes part in its article's id (issue 15): records with distinct ids are never
merged, and re-running an input stored by an earlier version adds nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa

from dateline.ingest import read_file
from dateline.model import Article, Extraction
from dateline.store import Store

from .conftest import RunCli, write_jsonl

TEXT = "Kenya and Uganda signed a trade deal in Nairobi on Tuesday, officials said."


def test_records_with_their_own_ids_are_never_merged(run_cli: RunCli, tmp_path: Path) -> None:
    """Two records with the same source, title and text but distinct ids were stored once, and the second
    id could not be found."""
    path = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "wire-1", "title": "Deal", "source": "AFP", "text": TEXT},
        {"id": "wire-2", "title": "Deal", "source": "AFP", "text": TEXT},
        {"id": "wire-2", "title": "Deal", "source": "AFP", "text": TEXT},  # a true duplicate
    ])  # fmt: skip
    db = tmp_path / "x.db"
    first = run_cli("ingest", str(path), "--db", str(db), "-q")
    assert first.exit_code == 0, first.stderr
    assert "2 article(s) stored, 1 already present, 0 failed" in first.stderr
    with Store.open(db) as store:
        assert sorted(str(a.external_id) for a in store.articles()) == ["wire-1", "wire-2"]
    again = run_cli("ingest", str(path), "--db", str(db), "-q")
    assert "0 article(s) stored, 3 already present, 0 failed" in again.stderr


def test_re_running_an_old_corpus_after_upgrading_adds_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    """A database written before record ids took part in article ids holds ``wire-1`` under its old id
    (``legacy_id``), and lost ``wire-2`` (same text) to it. Re-running the same input stores ``wire-2``
    only: nothing is duplicated, and what was merged is recovered."""
    path = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "wire-1", "title": "Deal", "source": "AFP", "text": TEXT},
        {"id": "wire-2", "title": "Deal", "source": "AFP", "text": TEXT},
    ])  # fmt: skip
    first, second = read_file(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.legacy_id == second.legacy_id and first.id != second.id
    db = tmp_path / "old.db"
    with Store.open(db) as store:  # what an earlier version stored: the old id, the record's id alongside
        store.write(Extraction(article=dataclasses.replace(first, external_id=None), model="old"))
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE articles SET external_id = 'wire-1'"))
    result = run_cli("ingest", str(path), "--db", str(db), "-q")
    assert result.exit_code == 0, result.stderr
    assert "1 article(s) stored, 1 already present, 0 failed" in result.stderr
    with Store.open(db) as store:
        stored = {str(a.external_id): a.id for a in store.articles()}
    assert stored == {"wire-1": first.legacy_id, "wire-2": second.id}

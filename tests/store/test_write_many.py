"""``Store.write_many``: a batch of articles in one transaction (PostgreSQL: annotations by COPY), and the
one-by-one fallback of ``ingestion.ingest_items`` when a batch cannot be stored."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from dateline.errors import StoreError
from dateline.ingestion import ingest_items
from dateline.model import Article, Extraction, Failure
from dateline.store import Store
from dateline.store.schema import entities

from .conftest import ROWS_PER_ARTICLE, build_extraction


def _data_counts(store: Store) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if k in ROWS_PER_ARTICLE}


def _times(n: int) -> dict[str, int]:
    return {t: k * n for t, k in ROWS_PER_ARTICLE.items()}


def _nul(ex: Extraction) -> Extraction:
    """The extraction with a NUL in its text (PostgreSQL cannot hold it; the store refuses it everywhere)."""
    return dataclasses.replace(ex, article=dataclasses.replace(ex.article, text=ex.article.text + "\x00"))


def _refused_by_the_database(ex: Extraction) -> Extraction:
    """A child row the database refuses (NOT NULL) after the article row went in."""
    return dataclasses.replace(ex, timexes=(dataclasses.replace(ex.timexes[0], rule=None),))  # type: ignore[arg-type]


def test_a_batch_is_stored_and_reads_back_whole(store: Store) -> None:
    xs = [build_extraction(i) for i in range(5)]
    assert store.write_many(xs, run_id="r1") == [True] * 5
    assert _data_counts(store) == _times(5)
    for x in xs:
        assert store.get_extraction(x.article.id) == x
    assert store.get_article(xs[0].article.id).run_id == "r1"  # type: ignore[union-attr]
    assert store.write_many([]) == []


def test_a_repeated_id_in_a_batch_counts_once(store: Store) -> None:
    a, b = build_extraction(0), build_extraction(1)
    assert store.write_many([a, b, a]) == [True, True, False]
    assert _data_counts(store) == _times(2)


def test_an_already_stored_id_is_false_and_its_annotations_are_not_added(store: Store) -> None:
    a, b = build_extraction(0), build_extraction(1)
    assert store.write(a)
    other_annotations = dataclasses.replace(a, entities=a.entities[:1], model="other")
    assert store.write_many([other_annotations, b]) == [False, True]
    assert _data_counts(store) == _times(2)
    assert store.get_extraction(a.article.id) == a


@pytest.mark.parametrize("spoil", [_nul, _refused_by_the_database], ids=["nul", "not-null"])
def test_one_bad_article_fails_the_whole_batch(store: Store, spoil: Any) -> None:
    xs = [build_extraction(i) for i in range(3)]
    with pytest.raises(StoreError) as err:
        store.write_many([xs[0], spoil(xs[1]), xs[2]])
    assert err.value.code == "E301"
    assert sum(store.counts().values()) == 0
    assert store.write_many(xs) == [True] * 3  # the store is still usable


def test_a_clash_with_a_stored_annotation_fails_the_batch(store: Store) -> None:
    """An annotation id already taken (by another article's row) is refused by the database, mid-batch."""
    a, b, c = build_extraction(0), build_extraction(1), build_extraction(2)
    store.write(a)
    from datetime import UTC, datetime

    from dateline.store.mapping import extraction_rows

    taken = extraction_rows(c, run_id=None, now=datetime.now(UTC))["entities"][0]["id"]
    with store.engine.begin() as conn:
        conn.execute(sa.update(entities).where(entities.c.article_id == a.article.id,
                                               entities.c.position == 0).values(id=taken))  # fmt: skip
    with pytest.raises(StoreError, match="E301|cannot write"):
        store.write_many([b, c])
    assert store.existing_ids([b.article.id, c.article.id]) == set()


def test_readers_are_answered_while_a_batch_is_being_written(store: Store) -> None:
    """The batch's transaction is held open after its article rows went in: a reader on another connection
    is answered at once (and sees the rows committed before, not the batch's)."""
    store.write(build_extraction(9))
    inside, release = threading.Event(), threading.Event()

    @event.listens_for(store.engine, "after_cursor_execute")
    def hold(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ARTICLES") and not inside.is_set():
            inside.set()
            release.wait(30)

    outcome: list[object] = []
    writer = threading.Thread(
        target=lambda: outcome.append(store.write_many([build_extraction(i) for i in range(3)]))
    )
    writer.start()
    try:
        assert inside.wait(30), "the writer never reached its INSERT"
        answered: list[int] = []
        reader = threading.Thread(target=lambda: answered.append(store.count_articles()))
        reader.start()
        reader.join(10)
        assert answered == [1], "a reader waited for the write transaction"
    finally:
        release.set()
        writer.join(30)
        event.remove(store.engine, "after_cursor_execute", hold)
    assert outcome == [[True, True, True]]
    assert store.count_articles() == 4


# -- through ingestion.ingest_items -------------------------------------------------------------------------


class Canned:
    """An ``Execution`` that 'extracts' each article by looking up a prepared extraction (no NLP)."""

    def __init__(self, extractions: Iterable[Extraction]) -> None:
        self.by_id = {x.article.id: x for x in extractions}
        self.seen: list[str] = []

    def extract(self, items: Iterable[Article | Failure]) -> Iterator[Extraction | Failure]:
        for item in items:
            if isinstance(item, Failure):
                yield item
            else:
                self.seen.append(item.id)
                yield self.by_id[item.id]


@pytest.mark.parametrize("spoil", [_nul, _refused_by_the_database], ids=["nul", "not-null"])
def test_ingest_stores_the_others_and_records_the_bad_one(store: Store, spoil: Any) -> None:
    xs = [build_extraction(i) for i in range(7)]
    xs[3] = spoil(xs[3])
    run_id = store.start_run("test")
    counts = ingest_items([x.article for x in xs], store, Canned(xs), run_id=run_id, batch=4)  # type: ignore[arg-type]
    assert (counts.stored, counts.skipped, counts.failed) == (6, 0, 1)
    assert store.existing_ids(x.article.id for x in xs) == {x.article.id for i, x in enumerate(xs) if i != 3}
    assert _data_counts(store) == _times(6)
    (failure,) = store.failures(run_id=run_id)
    assert (failure.stage, failure.code, failure.origin) == ("store", "E301", xs[3].article.origin)


def test_ingest_again_adds_nothing_and_extracts_nothing(store: Store) -> None:
    xs = [build_extraction(i) for i in range(5)]
    first = ingest_items([x.article for x in xs], store, Canned(xs), run_id=None, batch=2)  # type: ignore[arg-type]
    assert (first.stored, first.skipped, first.failed) == (5, 0, 0)
    canned = Canned(xs)
    again = ingest_items([x.article for x in xs] + [xs[0].article], store, canned, run_id=None)  # type: ignore[arg-type]
    assert (again.stored, again.skipped, again.failed) == (0, 6, 0)
    assert canned.seen == []
    assert _data_counts(store) == _times(5)

"""Writing extractions, failures and runs; reading an article back whole."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date

import pytest
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.model import ActorMention, Article, Entity, Extraction, Failure
from dateline.store import Store

from .conftest import ROWS_PER_ARTICLE, Target, build_extraction


def _data_counts(store: Store) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if k in ROWS_PER_ARTICLE}


def test_write_then_read_back_everything(store: Store, sample_extraction: Extraction) -> None:
    assert store.write(sample_extraction, run_id="r1") is True
    aid = sample_extraction.article.id
    got = store.get_article(aid)
    assert got is not None
    assert got.id == aid
    assert got.title == sample_extraction.article.title
    assert got.published == date(2024, 3, 3)
    assert got.run_id == "r1"
    assert got.model == "en_core_web_sm-3.8.0"
    assert got.ingested_at is not None and got.ingested_at.tzinfo is not None
    assert [e.text for e in got.entities] == ["Russia", "Ukraine", "Vladimir Putin", "Russia"]
    assert got.entities[3].field == "title"
    first, second = got.events
    assert (first.plover, first.cameo, first.goldstein) == ("ACCUSE", "112", -2.0)
    assert [a.code for a in first.source] == ["RUS"]
    assert [a.code for a in first.target] == ["UKR"]
    assert first.location is not None and first.location.name == "Belgorod"
    assert first.date == date(2024, 3, 3)
    assert [a.code for a in second.source] == ["RUSGOV", "RUS"]
    assert second.target == () and second.location is None and second.negated is True
    assert second.quote_id == got.quotes[0].id
    assert got.quotes[0].speaker is not None and got.quotes[0].speaker.actor == "RUSGOV"
    assert got.quotes[1].speaker is None
    assert [t.text for t in got.timexes] == ["3 March 2024", "Sunday"]
    assert got.places[0].geonameid == 578072
    assert got.actors[0].mentions == (ActorMention(start=22, end=28, text="Russia"),)
    # offsets index the stored text
    text = got.text
    for e in got.entities:
        if e.field == "text":
            assert text[e.start : e.end] == e.text
    # and the whole Extraction comes back equal
    assert store.get_extraction(aid) == sample_extraction


def test_rows_per_table(store: Store, sample_extraction: Extraction) -> None:
    store.write(sample_extraction, run_id=None)
    assert _data_counts(store) == ROWS_PER_ARTICLE


def test_writing_twice_adds_nothing(store: Store) -> None:
    extractions = [build_extraction(i) for i in range(3)]
    assert all(store.write(x, run_id="a") for x in extractions)
    before = store.counts()
    assert not any(store.write(x, run_id="b") for x in extractions)
    assert store.counts() == before
    assert store.get_article(extractions[0].article.id).run_id == "a"  # type: ignore[union-attr]


def test_same_article_other_annotations_is_still_a_duplicate(
    store: Store, sample_extraction: Extraction
) -> None:
    assert store.write(sample_extraction)
    assert not store.write(dataclasses.replace(sample_extraction, entities=(), model="other"))
    assert len(store.get_article(sample_extraction.article.id).entities) == 4  # type: ignore[union-attr]


def test_existing_ids_and_has_article(store: Store) -> None:
    xs = [build_extraction(i) for i in range(3)]
    store.write(xs[0])
    store.write(xs[2])
    ids = [x.article.id for x in xs]
    assert store.existing_ids(ids + ["nope", ids[0]]) == {ids[0], ids[2]}
    assert store.existing_ids([]) == set()
    assert store.existing_ids(f"{i:016x}" for i in range(1200)) == set()  # chunked
    assert store.has_article(ids[0]) and not store.has_article(ids[1])


def test_duplicate_annotations_are_stored_once(store: Store, sample_extraction: Extraction) -> None:
    doubled = dataclasses.replace(
        sample_extraction,
        entities=sample_extraction.entities + sample_extraction.entities[:1],
        events=sample_extraction.events + sample_extraction.events[:1],
    )
    assert store.write(doubled)
    assert _data_counts(store) == ROWS_PER_ARTICLE


@pytest.mark.parametrize(
    "change",
    [
        {"text": "bad \x00 byte"},
        {"title": "nul\x00title"},
        {"warnings": ("ok", "has \x00")},
        {"text": "lone \ud800 surrogate"},
    ],
    ids=["text-nul", "title-nul", "json-nul", "surrogate"],
)
def test_unstorable_text_is_rejected_and_nothing_written(store: Store, change: dict[str, object]) -> None:
    article = dataclasses.replace(build_extraction(0).article, **change)  # type: ignore[arg-type]
    with pytest.raises(StoreError) as err:
        store.write(Extraction(article=article))
    assert err.value.code == "E301"
    assert "cannot be stored" in str(err.value) or "not valid Unicode" in str(err.value)
    assert sum(store.counts().values()) == 0


def test_nul_in_an_annotation_is_rejected(store: Store, sample_extraction: Extraction) -> None:
    bad = dataclasses.replace(sample_extraction, entities=(Entity(start=0, end=1, text="\x00", label="X"),))
    with pytest.raises(StoreError, match="entities.text"):
        store.write(bad)
    assert not store.has_article(sample_extraction.article.id)


def test_failed_child_insert_rolls_back_the_article(store: Store, sample_extraction: Extraction) -> None:
    # A child row the database refuses (NOT NULL violated) after the article row went in.
    bad = dataclasses.replace(
        sample_extraction,
        timexes=(dataclasses.replace(sample_extraction.timexes[0], rule=None),),  # type: ignore[arg-type]
    )
    with pytest.raises(StoreError) as err:
        store.write(bad)
    assert err.value.code == "E301"
    assert sum(store.counts().values()) == 0
    assert store.write(sample_extraction)  # the store is still usable


def test_delete_cascades(store: Store, sample_extraction: Extraction) -> None:
    other = build_extraction(1)
    store.write(sample_extraction)
    store.write(other)
    assert store.delete_article(sample_extraction.article.id)
    assert not store.delete_article(sample_extraction.article.id)
    counts = store.counts()
    assert all(counts[t] == n for t, n in ROWS_PER_ARTICLE.items())


def test_minimal_article(store: Store) -> None:
    article = Article(text="Hello.", origin="-", format="text", paragraphs=((0, 6),))
    x = Extraction(article=article)
    assert store.write(x)
    assert store.get_extraction(article.id) == x
    assert store.get_article("0" * 16) is None


def test_failures_upsert(store: Store) -> None:
    f = Failure(origin="in.jsonl:3", line=3, stage="read", code="E105", message="bad JSON")
    store.record_failure(f, run_id="r1")
    store.record_failure(f, run_id="r1")
    assert store.counts()["failures"] == 1
    store.record_failure(dataclasses.replace(f, message="bad JSON again"), run_id="r2")
    rows = store.failures()
    assert len(rows) == 1
    assert rows[0].id == f.id
    assert (rows[0].message, rows[0].run_id, rows[0].line) == ("bad JSON again", "r2", 3)
    other = Failure(origin="in.jsonl:4", line=4, stage="read", code="E105", message="x\x00y")
    store.record_failure(other, run_id="r2")
    assert [r.message for r in store.failures(run_id="r2")] == ["bad JSON again", "x\ufffdy"]
    assert store.failures(run_id="r1") == []
    assert len(store.failures(limit=1)) == 1


def test_runs(store: Store) -> None:
    run_id = store.start_run("dateline ingest x.jsonl", "en_core_web_sm")
    (row,) = store.runs()
    assert row.id == run_id and row.status == "running" and row.finished_at is None
    store.finish_run(run_id, n_articles=5, n_skipped=1, n_failed=2, status="ok")
    (row,) = store.runs()
    assert (row.n_articles, row.n_skipped, row.n_failed, row.status) == (5, 1, 2, "ok")
    assert row.finished_at is not None and row.finished_at >= row.started_at
    second = store.start_run("dateline extract", None)
    assert [r.id for r in store.runs()][0] == second
    with pytest.raises(StoreError, match="no run"):
        store.finish_run("missing", 0, 0, 0, "ok")


def test_closed_store_refuses_work(store: Store) -> None:
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_context_manager_closes(db_target: Target) -> None:
    with db_target.open() as s:
        assert s.counts()["articles"] == 0
    with pytest.raises(StoreError):
        s.has_article("x")


def test_foreign_keys_are_enforced(store: Store) -> None:
    from dateline.store.schema import timexes

    row = dict(id="t", article_id="missing", position=0, start_char=0, end_char=1, text="x", type="DATE",
               value="x", rule="")  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.insert(timexes).values(row))


def test_concurrent_writers_store_each_article_once(db_target: Target) -> None:
    """Four writers (separate connections pools, like separate processes) race on the same articles."""
    db_target.open().close()
    extractions = [build_extraction(i) for i in range(6)]
    results: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer(order: list[Extraction]) -> None:
        try:
            with db_target.open() as s:
                barrier.wait()
                results.extend(s.write(x) for x in order)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    orders = [
        extractions,
        extractions[::-1],
        extractions[1:] + extractions[:1],
        extractions[::2] + extractions[1::2],
    ]
    threads = [threading.Thread(target=writer, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == len(extractions)
    with db_target.open() as s:
        assert _data_counts(s) == {t: n * len(extractions) for t, n in ROWS_PER_ARTICLE.items()}

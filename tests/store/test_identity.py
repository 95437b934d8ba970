"""A corpus record's own id takes part in its article id (issue 15), and articles stored under the id of
earlier versions are still found (``Store.stored_ids``), on both backends."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from dateline.model import Article, Extraction, stable_id
from dateline.store import Store

TEXT = "Kenya and Uganda signed a trade deal on Tuesday."


def _record(external_id: str | None) -> Article:
    return Article(text=TEXT, origin="c.jsonl:1", format="jsonl", paragraphs=((0, len(TEXT)),), title="Deal",
                   source="AFP", external_id=external_id)  # fmt: skip


def test_the_record_id_takes_part_in_the_article_id() -> None:
    plain, one, two = _record(None), _record("wire-1"), _record("wire-2")
    assert plain.id == stable_id("AFP", "Deal", "", TEXT)  # articles without a record id keep their ids
    assert len({plain.id, one.id, two.id}) == 3
    assert one.id == _record("wire-1").id  # deterministic
    assert plain.legacy_id is None and one.legacy_id == two.legacy_id == plain.id


def test_stored_ids_finds_new_and_legacy_rows(store: Store) -> None:
    one, two, three = _record("wire-1"), _record("wire-2"), dataclasses.replace(_record("wire-3"), title="Other")
    assert store.stored_ids([one, two, three]) == {}
    # as an earlier version stored wire-1: under the id without the record id, the record id alongside
    store.write(Extraction(article=dataclasses.replace(one, external_id=None), model="old"))
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE articles SET external_id = 'wire-1'"))
    store.write(Extraction(article=three, model="new"))
    assert store.stored_ids([one, two, three]) == {one.id: one.legacy_id, three.id: three.id}
    assert store.stored_ids([two]) == {}  # merged into wire-1 by earlier versions: not stored yet
    store.write(Extraction(article=two, model="new"))
    assert store.stored_ids([two, one]) == {two.id: two.id, one.id: one.legacy_id}

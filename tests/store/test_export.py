"""Exports: JSONL, CSV and Parquet round trips, batching, and CSV formula neutralisation."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dateline.errors import StoreError
from dateline.store import DEFAULT_TABLE, EXPORT_TABLES, Store, export_table
from dateline.store.export import neutralise

from .conftest import ROWS_PER_ARTICLE, build_extraction

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def filled(store: Store) -> Store:
    for i in range(5):
        store.write(build_extraction(i))
    store.write(build_extraction(50, title=DANGEROUS[0], body="=1+2 in the body."))
    store.start_run("dateline ingest", "sm")
    return store


def test_tables_and_default() -> None:
    assert DEFAULT_TABLE == "events" == EXPORT_TABLES[0]
    assert set(EXPORT_TABLES) == {*ROWS_PER_ARTICLE, "failures", "runs", "seen_urls"}


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_jsonl_round_trip(filled: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.jsonl"
    n = export_table(filled, table, "jsonl", out, batch_size=3)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(rows) == filled.counts()[table]


def test_jsonl_values(filled: Store) -> None:
    buf = io.BytesIO()
    export_table(filled, "articles", "jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().decode("utf-8").splitlines()]
    by_id = {r["id"]: r for r in rows}
    x = build_extraction(1)
    r = by_id[x.article.id]
    assert r["text"] == x.article.text
    assert r["published"] == "2024-03-03"
    assert r["paragraphs"] == [list(p) for p in x.article.paragraphs]
    assert r["captions"][0] == {"text": "Smoke over Belgorod", "credit": "AP"}
    assert [row["id"] for row in rows] == sorted(by_id)


def test_csv_round_trip_and_neutralisation(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert export_table(filled, "articles", "csv", out, batch_size=2) == 6
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_id = {r["id"]: r for r in rows}
    x = build_extraction(2)
    r = by_id[x.article.id]
    assert r["text"] == x.article.text  # newlines and quotes survive
    assert json.loads(r["paragraphs"]) == [list(p) for p in x.article.paragraphs]
    assert r["published"] == "2024-03-03"
    assert r["external_id"] == "ext-2"
    evil = by_id[build_extraction(50, title=DANGEROUS[0], body="=1+2 in the body.").article.id]
    assert evil["title"] == "'" + DANGEROUS[0]
    assert evil["text"] == "'=1+2 in the body."
    assert evil["byline"] == ""  # None


def test_csv_numbers_are_not_mangled(filled: Store) -> None:
    buf = io.StringIO()
    export_table(filled, None, "csv", buf)  # events, the default
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 10
    assert "-2.0" in {r["goldstein"] for r in rows}
    assert {r["negated"] for r in rows} == {"true", "false"}


@pytest.mark.parametrize("cell", DANGEROUS)
def test_neutralise(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("safe " + cell) == "safe " + cell


@pytest.mark.parametrize("table", ["articles", "events", "event_actors", "runs"])
def test_parquet_round_trip(filled: Store, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    n = export_table(filled, table, "parquet", out, batch_size=4)
    t = pq.read_table(out)
    assert n == t.num_rows == filled.counts()[table]
    if table == "articles":
        assert t.schema.field("published").type == pa.date32()
        assert t.schema.field("ingested_at").type == pa.timestamp("us", tz="UTC")
        rows = {r["id"]: r for r in t.to_pylist()}
        x = build_extraction(3)
        assert rows[x.article.id]["text"] == x.article.text
        assert rows[x.article.id]["published"] == date(2024, 3, 3)
        assert json.loads(rows[x.article.id]["warnings"]) == ["E110: date guessed"]
    if table == "events":
        assert t.schema.field("negated").type == pa.bool_()
        assert sorted(set(t.column("plover").to_pylist())) == ["ACCUSE", "THREATEN"]


def test_parquet_to_binary_stream_and_empty_table(store: Store) -> None:
    buf = io.BytesIO()
    assert export_table(store, "events", "parquet", buf) == 0
    t = pq.read_table(io.BytesIO(buf.getvalue()))
    assert t.num_rows == 0 and "plover" in t.schema.names
    assert not buf.closed


def test_export_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot export 'schema_migrations'"):
        export_table(store, "schema_migrations", "csv", tmp_path / "x")
    with pytest.raises(StoreError, match="unknown export format"):
        export_table(store, "events", "xlsx", tmp_path / "x")
    with pytest.raises(StoreError, match="text stream"):
        export_table(store, "events", "parquet", io.StringIO())
    with pytest.raises(StoreError, match="cannot write"):
        export_table(store, "events", "csv", tmp_path / "missing" / "x.csv")

"""``dateline export``: the articles and entities tables as JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from dateline.store import Store

from .conftest import BROWSE_BAD_LINES, BROWSE_RECORDS, RunCli, jsonl

TABLES = ["articles", "entities"]


@pytest.fixture
def stored_counts(browse_db: Path) -> dict[str, int]:
    with Store.open(browse_db) as store:
        return store.counts()


def export(run_cli: RunCli, db: Path, *args: str) -> str:
    result = run_cli("export", "--db", str(db), *args)
    assert result.exit_code == 0, result.stderr
    assert "exported" in result.stderr
    return result.stdout


@pytest.mark.parametrize("table", TABLES)
def test_jsonl_to_stdout(run_cli: RunCli, browse_db: Path, stored_counts: dict[str, int], table: str) -> None:
    rows = jsonl(export(run_cli, browse_db, "--table", table, "--format", "jsonl"))
    assert len(rows) == stored_counts[table]
    if table == "articles":
        by_external = {r["external_id"]: r for r in rows}
        assert by_external["b-vostochny"]["text"] == BROWSE_RECORDS["vostochny"]["text"]
        assert by_external["b-brussels"]["published"] == "2023-06-01"
    else:
        assert {"article_id", "text", "label", "start_char", "end_char"} <= set(rows[0])


@pytest.mark.parametrize("table", TABLES)
def test_csv_to_a_file(
    run_cli: RunCli, browse_db: Path, stored_counts: dict[str, int], tmp_path: Path, table: str
) -> None:
    out = tmp_path / f"{table}.csv"
    result = run_cli("export", "--db", str(browse_db), "--table", table, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"exported {stored_counts[table]} row(s) from {table}" in result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == stored_counts[table]


def test_csv_neutralises_formula_cells(run_cli: RunCli, browse_db: Path) -> None:
    rows = list(
        csv.DictReader(export(run_cli, browse_db, "--table", "articles", "--format", "csv").splitlines())
    )
    formula = next(r for r in rows if r["external_id"] == "b-formula")
    assert formula["title"] == "'" + BROWSE_RECORDS["formula"]["title"]
    assert formula["text"] == "'" + BROWSE_RECORDS["formula"]["text"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value


@pytest.mark.parametrize("table", TABLES)
def test_parquet_reads_back(
    run_cli: RunCli, browse_db: Path, stored_counts: dict[str, int], tmp_path: Path, table: str
) -> None:
    out = tmp_path / f"{table}.parquet"
    result = run_cli(
        "export", "--db", str(browse_db), "--table", table, "--format", "parquet", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, Any]] = pq.read_table(out).to_pylist()
    assert len(data) == stored_counts[table]
    if table == "articles":
        texts = {r["external_id"]: r["text"] for r in data}
        assert texts["b-formula"] == BROWSE_RECORDS["formula"]["text"]  # neutralising is for CSV only
        assert texts["b-hostile"] == BROWSE_RECORDS["hostile"]["text"]
    else:
        assert any(r["text"] == "Vladimir Putin" and r["label"] == "PERSON" for r in data)


def test_parquet_needs_an_output_file(run_cli: RunCli, browse_db: Path) -> None:
    result = run_cli("export", "--db", str(browse_db), "--table", "articles", "--format", "parquet")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_export_of_the_failures_table(run_cli: RunCli, browse_db: Path) -> None:
    rows = jsonl(export(run_cli, browse_db, "--table", "failures"))
    assert len(rows) == BROWSE_BAD_LINES
    assert all(r["code"] == "E105" and r["stage"] == "parse" for r in rows)
    first_bad_line = len(BROWSE_RECORDS) + 1
    assert sorted(r["line"] for r in rows) == list(range(first_bad_line, first_bad_line + BROWSE_BAD_LINES))

"""``dateline quotes``: stored quotes with speaker, actor and article, filtered and in three formats."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from .conftest import CLI_ENV, RunCli, jsonl, write_jsonl

RECORDS = [
    {"id": "q-harbour", "title": "Harbour reopens", "source": "Reuters", "published": "2024-03-05",
     "text": '"The harbour will reopen on Friday," said Ana Silva, the port director.\n\n'
             "Fishermen said the delay had cost them a month of work."},
    {"id": "q-rail", "title": "Rail link approved", "source": "AFP", "published": "2023-11-20",
     "text": '"This line will change the region," Omar Haddad, the transport minister, told reporters.'},
]  # fmt: skip


@pytest.fixture(scope="module")
def quotes_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    from click.testing import CliRunner

    from dateline.cli import cli

    tmp = tmp_path_factory.mktemp("quotes")
    corpus = write_jsonl(tmp / "corpus.jsonl", RECORDS)
    db = tmp / "quotes.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus), "--db", str(db), "-q"], env=CLI_ENV, catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return db


def test_lists_quotes_with_speaker_and_article(run_cli: RunCli, quotes_db: Path) -> None:
    result = run_cli("quotes", "--db", str(quotes_db), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    harbour = [r for r in rows if "harbour will reopen" in r["content_text"]]
    assert len(harbour) == 1
    row = harbour[0]
    assert row["kind"] == "direct" and row["speaker"]["text"] == "Ana Silva"
    assert row["article_title"] == "Harbour reopens" and row["published"] == "2024-03-05" and row["article_id"]
    assert any(r["kind"] == "indirect" and r["speaker"] and r["speaker"]["text"] == "Fishermen" for r in rows)


def test_speaker_and_date_filters(run_cli: RunCli, quotes_db: Path) -> None:
    def contents(*args: str) -> list[str]:
        result = run_cli("quotes", "--db", str(quotes_db), "--format", "jsonl", *args)
        assert result.exit_code == 0, result.stderr
        return [r["content_text"] for r in jsonl(result.stdout)]

    assert contents("--speaker", "haddad") == ["This line will change the region,"]
    assert contents("--speaker", "nobody-like-this") == []
    assert all("line will change" not in c for c in contents("--since", "2024-01-01"))
    assert contents("--until", "2023-12-31") == ["This line will change the region,"]
    assert contents("--kind", "indirect") == ["the delay had cost them a month of work"]


def test_table_and_csv(run_cli: RunCli, quotes_db: Path) -> None:
    table = run_cli("quotes", "--db", str(quotes_db))
    assert table.exit_code == 0 and "quote(s)" in table.stdout and "Ana Silva" in table.stdout
    result = run_cli("quotes", "--db", str(quotes_db), "--format", "csv", "--speaker", "Silva")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["speaker"] for r in rows] == ["Ana Silva"] and rows[0]["title"] == "Harbour reopens"


def test_bad_date_is_a_usage_error(run_cli: RunCli, quotes_db: Path) -> None:
    result = run_cli("quotes", "--db", str(quotes_db), "--since", "yesterday")
    assert result.exit_code == 2

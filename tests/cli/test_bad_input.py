"""``dateline ingest`` and ``extract`` lose nothing without a record (issue 15): an over-long CSV row is a
failure and exit status 1, a bad title a recorded failure (not an NLP error)."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.store import Store

from .conftest import RunCli, jsonl

TEXT = "Kenya and Uganda signed a trade deal in Nairobi on Tuesday, officials said."


def test_a_csv_row_over_the_limit_is_a_failure_and_exit_status_1(run_cli: RunCli, tmp_path: Path) -> None:
    """It was dropped silently, with exit status 0, by ingest and extract alike."""
    path = tmp_path / "corpus.csv"
    path.write_text(f"id,text\nr1,\"{TEXT}\"\nr2,{'word ' * 400}\nr3,Chile recalled its ambassador.\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = run_cli("ingest", str(path), "--db", str(db), "-q", "--max-bytes", "1000")
    assert result.exit_code == 1, result.stderr
    assert "2 article(s) stored, 0 already present, 1 failed" in result.stderr
    assert f"{path}:3: E104" in result.stderr
    with Store.open(db) as store:
        (failure,) = store.failures()
    assert (failure.origin, failure.code, failure.line) == (f"{path}:3", "E104", 3)

    out = run_cli("extract", str(path), "--max-bytes", "1000")
    assert out.exit_code == 1
    records = jsonl(out.stdout)
    assert [r.get("error", {}).get("code") for r in records] == [None, "E104", None]
    assert [r["id"] for r in records] == ["r1", "r2", "r3"]


def test_a_surrogate_in_a_title_is_a_recorded_failure_not_an_nlp_error(run_cli: RunCli, tmp_path: Path) -> None:
    """A lone surrogate in a title reached the NLP, which failed (a traceback, its chunk run again)."""
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"id": "a", "title": "Bad \ud800 title", "text": TEXT}) + "\n"
        + json.dumps({"id": "b", "title": "Good title", "text": TEXT}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli("ingest", str(path), "--db", str(tmp_path / "x.db"), "-q")
    assert result.exit_code == 1
    assert "1 article(s) stored, 0 already present, 1 failed" in result.stderr
    assert f"{path}:1: E103: field 'title' has an unpaired surrogate" in result.stderr
    assert "Traceback" not in result.stderr and "E201" not in result.stderr


def test_extract_shows_failures_with_control_characters_escaped(run_cli: RunCli, tmp_path: Path) -> None:
    """A failure's message can quote the input (here a CSV header); the terminal must not run its escapes."""
    path = tmp_path / "corpus.csv"
    path.write_text("id,\x1b[2J\x1b]0;owned\x07body\nr1,Talks.\n", encoding="utf-8")
    out = run_cli("extract", str(path))
    assert out.exit_code == 1
    assert "E106" in out.stderr and "\x1b" not in out.stderr and "\x07" not in out.stderr

"""Every store failure is printed (issue 15), even when the store cannot record it."""

from __future__ import annotations

from pathlib import Path

from dateline.store import Store

from .conftest import RunCli, write_jsonl

TEXT = "Kenya and Uganda signed a trade deal in Nairobi on Tuesday, officials said."


def test_every_store_failure_is_printed_even_when_it_cannot_be_recorded(run_cli: RunCli, tmp_path: Path) -> None:
    """A failure that could not be recorded (the store failing) was counted but never printed, and the run
    ended in a traceback."""
    db = tmp_path / "x.db"
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER no_bad BEFORE INSERT ON articles WHEN NEW.title LIKE 'bad%' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER no_failures BEFORE INSERT ON failures BEGIN SELECT RAISE(ABORT, 'failures refused'); END"
        )
    records = [{"id": f"r{i}", "title": f"{'bad' if i % 2 else 'good'} {i}", "text": f"{TEXT} Deal {i}."}
               for i in range(9)]  # fmt: skip
    path = write_jsonl(tmp_path / "corpus.jsonl", records)
    result = run_cli("ingest", str(path), "--db", str(db), "-q")
    assert result.exit_code == 1, result.stderr
    assert "5 article(s) stored, 0 already present, 4 failed" in result.stderr
    for line in (2, 4, 6, 8):
        assert f"failed {path}:{line}: E301: " in result.stderr
    assert result.stderr.count("not recorded in the database: ") == 4
    assert "Traceback" not in result.stderr

"""``dateline events --linked`` and ``dateline link`` on a database of hand-made extractions (no NLP)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from dateline.store import Store
from tests.serve.conftest import all_extractions, summit

from .conftest import RunCli, jsonl


def _db(tmp_path: Path, *, link: bool = True) -> str:
    db = str(tmp_path / "linked.db")
    s = summit()
    copy = replace(s, article=replace(s.article, source="Yonhap", title="Kim visits Putin", origin="t:copy"))
    with Store.open(db, link=link) as store:
        store.write_many([*all_extractions(), copy])
    return db


def test_events_linked_lists_each_event_once_with_counts(run_cli: RunCli, tmp_path: Path) -> None:
    db = _db(tmp_path)
    rows = jsonl(run_cli("events", "--db", db, "--linked", "--actor", "PRK", "--format", "jsonl").stdout)
    assert {r["plover"] for r in rows} == {"CONSULT", "AID"}
    assert all((r["mentions"], r["articles"], r["stories"], r["sources"]) == (2, 2, 1, 2) for r in rows)
    full = jsonl(run_cli("events", "--db", db, "--linked", "--reports", "--type", "CONSULT", "--actor", "PRK",
                         "--format", "jsonl").stdout)  # fmt: skip
    assert [r["outlet"] for r in full[0]["reports"]] == ["AFP", "Yonhap"]
    assert full[0]["reports"][1]["is_copy"] is True
    table = list(csv.DictReader(io.StringIO(run_cli("events", "--db", db, "--linked", "--reports", "--format",
                                                    "csv").stdout)))  # fmt: skip
    assert {r["report_outlet"] for r in table} >= {"AFP", "Yonhap", "Reuters"}
    shown = run_cli("events", "--db", db, "--linked")
    assert shown.exit_code == 0 and "linked event(s)" in shown.stdout


def test_link_links_what_was_stored_unlinked_and_rebuilds_with_knobs(run_cli: RunCli, tmp_path: Path) -> None:
    db = _db(tmp_path, link=False)
    assert jsonl(run_cli("events", "--db", db, "--linked", "--format", "jsonl").stdout) == []
    done = run_cli("link", "--db", db)
    assert done.exit_code == 0 and "linked 5 article(s) (1 copies)" in done.stderr
    assert "linked 0 article(s)" in run_cli("link", "--db", db).stderr  # re-running adds nothing
    assert run_cli("link", "--db", db, "--days", "0").exit_code == 2  # a knob needs --rebuild
    assert run_cli("link", "--db", db, "--days", "0", "--rebuild").exit_code == 0
    assert json.loads(run_cli("link", "--db", db, "--show").stdout)["day_window"] == 0
    assert len(jsonl(run_cli("events", "--db", db, "--linked", "--format", "jsonl", "--type", "ASSAULT").stdout)) == 2

"""Stored events and ``dateline events``: filters (actor, dyad, type, dates) and the evidence sentence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.model import Article, Event, EventActor, Extraction
from dateline.store import Store

TEXT = "Chile criticised Peru on Monday. Canada held talks with Brazil."


def actor(code: str, start: int, end: int) -> EventActor:
    return EventActor(
        code=code, country=code[:3], sector=code[3:6] or None, start=start, end=end, text=TEXT[start:end]
    )


def event(
    plover: str, cameo: str, src: EventActor, tgt: EventActor, trigger: str, sentence: tuple[int, int]
) -> Event:
    start = TEXT.index(trigger)
    return Event(
        plover=plover, cameo=cameo, source=(src,), target=(tgt,), trigger_start=start,
        trigger_end=start + len(trigger), trigger_text=trigger, sentence_start=sentence[0],
        sentence_end=sentence[1], rule="test", date=date(2024, 3, 4), date_precision="day", goldstein=-2.0,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "events.db")
    art = Article(
        text=TEXT, origin="test", format="text", paragraphs=((0, len(TEXT)),), published=date(2024, 3, 4)
    )
    first = (0, TEXT.index(".") + 1)
    second = (first[1] + 1, len(TEXT))
    events = (
        event("ACCUSE", "111", actor("CHLGOV", 0, 5), actor("PER", 17, 21), "criticised", first),
        event("CONSULT", "040", actor("CAN", 33, 39), actor("BRA", 56, 62), "held talks", second),
    )
    with Store.open(url) as store:
        store.write(Extraction(article=art, events=events))
    return url


def run(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["events", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_dyad_filter_and_evidence_sentence(db: str) -> None:
    rows = run("--db", db, "--dyad", "CHL:PER")
    assert [r["plover"] for r in rows] == ["ACCUSE"]
    assert rows[0]["sentence"] == "Chile criticised Peru on Monday."
    assert run("--db", db, "--dyad", "PER:CHL") == []


def test_actor_country_or_code(db: str) -> None:
    assert [r["plover"] for r in run("--db", db, "--actor", "BRA")] == ["CONSULT"]
    assert [r["plover"] for r in run("--db", db, "--actor", "CHLGOV")] == ["ACCUSE"]


def test_type_and_dates(db: str) -> None:
    assert [r["cameo"] for r in run("--db", db, "--type", "consult")] == ["040"]
    assert run("--db", db, "--since", "2024-03-05") == []
    assert len(run("--db", db, "--until", "2024-03-04")) == 2


def test_table_and_csv(db: str) -> None:
    table = CliRunner().invoke(cli, ["events", "--db", db])
    assert table.exit_code == 0 and "ACCUSE" in table.output
    csv_out = CliRunner().invoke(cli, ["events", "--db", db, "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("date,plover")


def test_bad_dyad_is_a_usage_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, "--dyad", "RUS"])
    assert result.exit_code == 2

"""PETRARCH's unit-test suite (``PETR.UnitTest.records.xml``) as a ratchet on event coding.

The suite, its dictionaries and the harness are described in ``bench/petrarch_units.py`` and docs/events.md.
The suite is read from ``../shared/resources/petrarch2`` (not part of this repository); the tests that need
it skip when it is absent. The scoring rules are tested here on made-up records, without it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ...conftest import ROOT

HARNESS = ROOT / "bench" / "petrarch_units.py"

# Measured on 2026-12-02 (spaCy sm) with the suite's own verb dictionary (PETR.Validate.verbs.txt, loaded
# through DATELINE_VERBS, as PETRARCH's tests are meant to run): 279 gold codings in 207 scored sentences;
# found with the exact CAMEO code and matching countries 156 (0.559), the dyad with any code 192 (0.688);
# extra events 67 of 181 (0.370) at the exact level. See docs/events.md for the history.
# Target (the issue): >= 0.75 found, <= 0.25 extra. Raise these floors when the numbers go up.
MIN_FOUND_EXACT = 0.55
MIN_FOUND_DYAD = 0.68


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("petrarch_units", HARNESS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("petrarch_units", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    return _load_harness()


@pytest.fixture(scope="module")
def resources(harness: ModuleType) -> Path:
    path: Path = harness.RESOURCES
    if not (path / harness.RECORDS).is_file():
        pytest.skip(f"PETRARCH unit-test suite not found at {path} (../shared is absent)")
    return path


def test_reader_reads_every_record(harness: ModuleType, resources: Path) -> None:
    records = harness.read_records(resources / harness.RECORDS)
    assert len(records) == 284
    demo = next(r for r in records if r.id == "DEMO-02")
    assert demo.date == "1995-01-03" and demo.text.startswith("Dagolath's first Deputy Prime Minister")
    assert [(c.source, c.target, c.event) for c in demo.codings] == [
        ("DAGGOV", "GON", "032"),
        ("GON", "DAGGOV", "033"),
    ]
    assert sum(r.noevents and not r.error for r in records) == 19
    assert {r.error for r in records} >= {"storydiscard", "sentencediscard", "bad_input_parse"}


def test_dictionaries_import_through_the_cli(harness: ModuleType, resources: Path, tmp_path: Path) -> None:
    records = harness.read_records(resources / harness.RECORDS)
    recode = harness.code_map(resources, records)
    assert recode["KUW"] == "KWT" and len({recode["ARN"], recode["GON"], recode["MOR"]}) == 3
    messages = harness.import_dictionaries(resources, tmp_path, recode)
    assert len(messages) == 2
    actors = (tmp_path / "PETR.Validate.actors.tsv").read_text("utf-8")
    assert f"arnor\t{recode['ARN']}\t" in actors
    assert f"\t{recode['HOB']}GOV\tGollum\tperson\t1995-06-01\t1999-08-15" in actors
    assert "security officials\tGOV\t" in (tmp_path / "PETR.Validate.agents.tsv").read_text("utf-8")


@pytest.mark.slow
def test_share_found_does_not_fall(harness: ModuleType, resources: Path) -> None:
    report, details = harness.measure(resources)
    print(harness.format_report(report, details))
    assert report.gold > 250
    assert report.share("exact+country") >= MIN_FOUND_EXACT
    assert report.share("dyad+country") >= MIN_FOUND_DYAD


# --- the comparison rules, on made-up records (no ../shared needed) ---------------------------------------


def _event(source: list[str], target: list[str], cameo: str) -> dict[str, Any]:
    return {
        "source": [{"code": c} for c in source],
        "target": [{"code": c} for c in target],
        "cameo": cameo,
    }


def test_scoring_rules(harness: ModuleType) -> None:
    Coding, Record = harness.Coding, harness.Record
    recode = {"ARN": "ATA", "GON": "ATF"}

    def record(rid: str, *codings: Any, noevents: bool = False) -> Any:
        return Record(
            id=rid, category="T", date="1995-01-01", text="", codings=codings, noevents=noevents, error=""
        )

    records = [
        record("A-1", Coding("ARNGOVFRM", "GON", "064")),  # full code compared at its valid prefix ATAGOV
        record("A-2", Coding("ARN", "GON", "041"), Coding("ARN", "USA", "041")),  # a compound target
        record("A-3", Coding("---GOV", "ARN", "111")),  # PETRARCH's "no country"
        record("A-4", Coding("ARN", "GON", "903")),  # not CAMEO: the sentence is skipped
        record("A-5", noevents=True),
    ]
    outputs = {
        "A-1": {"events": [_event(["ATAGOV"], ["ATFMIL"], "064"), _event(["ATA"], [], "010")]},
        "A-2": {"events": [_event(["ATA"], ["ATF", "USAGOV"], "042")]},
        "A-3": {"events": [_event(["GOV"], ["ATA"], "111")]},
        "A-4": {"events": [_event(["ATA"], ["ATF"], "903")]},
        "A-5": {"events": [_event(["USA"], [], "040")]},
    }
    rep = harness.score(records, outputs, recode)
    assert (rep.sentences, rep.gold, rep.output_events) == (4, 4, 5)
    assert rep.skipped == ["A-4 (no CAMEO coding)"] and rep.unscored_codings == 1
    assert rep.found["exact+country"] == 2
    assert rep.found["exact+full"] == 1  # A-3 (A-1's target is ATFMIL, gold ATF)
    assert rep.found["root+country"] == 4  # A-2's 042 has root 04
    assert rep.found["dyad+country"] == 4
    assert rep.extra["exact+country"] == 3  # A-1's 010, A-2's 042, A-5's 040
    assert rep.false_alarms == ["A-5: USA>-:040"]
    assert rep.misses == {"code: right dyad and root, other sub-code": 2}
    assert harness.ours("---", recode) == "" and harness.ours("ARNGOVFRM", recode) == "ATAGOV"
    assert harness.theirs("ATAGOV", recode) == "ARNGOV"

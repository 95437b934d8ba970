"""The event ontology and trigger lexicon: well-formed, consistent with each other and with the contract."""

from __future__ import annotations

from dateline.checks import validate_all
from dateline.data import read_tsv
from dateline.layers.events.codes import (
    PLOVER_TYPES,
    cameo_codes,
    coding,
    crosswalk,
    plover_modes,
    validate_event_codes,
)
from dateline.layers.events.triggers import load_lexicon, validate_triggers


def test_event_data_files_validate() -> None:
    assert validate_event_codes() == []
    assert validate_triggers() == []


def test_validate_all_includes_event_files() -> None:
    mine = ("cameo_codes.tsv", "plover.tsv", "cameo_plover.tsv", "triggers.tsv")
    assert [p for p in validate_all() if p.startswith(mine)] == []


def test_cameo_codes_are_well_formed_unique_and_scored() -> None:
    rows = [row for _, row in read_tsv("cameo_codes.tsv")]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    roots = {c for c in codes if len(c) == 2}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    for r in rows:
        assert r["code"].isdigit() and 2 <= len(r["code"]) <= 4
        assert -10.0 <= float(r["goldstein"]) <= 10.0
        assert r["label"]


def test_plover_types_are_the_contracts_sixteen() -> None:
    assert set(plover_modes()) == PLOVER_TYPES
    assert len(PLOVER_TYPES) == 16
    assert "visit" in plover_modes()["CONSULT"]


def test_crosswalk_entries_are_valid() -> None:
    codes = cameo_codes()
    for prefix, (ptype, mode) in crosswalk().items():
        assert prefix in codes
        assert ptype in PLOVER_TYPES
        assert mode is None or mode in plover_modes()[ptype]


def test_crosswalk_examples() -> None:
    assert coding("036") is not None and coding("036").plover == "AGREE"  # type: ignore[union-attr]
    visit = coding("042")
    assert visit is not None and (visit.plover, visit.mode, visit.goldstein) == ("CONSULT", "visit", 1.9)
    assert coding("1124") is not None and coding("1124").plover == "ACCUSE"  # type: ignore[union-attr]
    assert coding("010") is None  # a plain statement has no PLOVER type


def test_every_trigger_code_is_in_the_code_list() -> None:
    codes = cameo_codes()
    lex = load_lexicon()
    entries = [e for group in (*lex.verbs.values(), *lex.nouns.values()) for e in group] + list(
        lex.adjectives.values()
    )
    assert entries
    for e in entries:
        assert e.cameo in codes, e
    assert {"hold", "launch", "impose"} <= lex.light
    assert "say" in lex.say

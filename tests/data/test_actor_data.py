"""The actor data files: valid codes, forward date ranges, no conflicting aliases; dated lookups."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.layers.actors.checks import validate_actor_data
from dateline.layers.actors.data import code_problem, load_actor_data, normalise, split_code


def test_actor_data_files_are_valid() -> None:
    problems = validate_actor_data()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "code", ["RUS", "RUSGOV", "USAGOVDIP", "PRKGOVMED", "IGOUNO", "IGOUNOIAE", "COP", "KSV"]
)
def test_valid_codes(code: str) -> None:
    assert code_problem(code) is None


@pytest.mark.parametrize("code", ["JAP", "RUSXXX", "GOVRUS", "RUSUNO", "rusgov", "RUSG", ""])
def test_invalid_codes(code: str) -> None:
    assert code_problem(code) is not None


def test_split_code() -> None:
    assert split_code("RUSGOV") == ("RUS", "GOV")
    assert split_code("IGOUNO") == ("IGO", None)
    assert split_code("COP") == (None, "COP")


def test_every_loaded_code_is_valid() -> None:
    data = load_actor_data()
    for key, entries in data.phrases.items():
        for e in entries:
            assert code_problem(e.code) is None, (key, e)
    for person, roles in data.roles.items():
        for r in roles:
            assert code_problem(r.code) is None, (person, r)
            assert r.start is None or r.end is None or r.start < r.end


def test_no_alias_means_two_things() -> None:
    data = load_actor_data()
    for key, entries in data.phrases.items():
        non_person = {e.code for e in entries if e.kind != "person"}
        persons = {e.name for e in entries if e.kind == "person"}
        assert len(non_person) <= 1, (key, entries)
        assert len(persons) <= 1, (key, entries)


def test_dated_roles() -> None:
    data = load_actor_data()
    assert data.role_at("Donald Trump", date(2019, 6, 1))[0] == "USAGOV"
    assert data.role_at("Donald Trump", date(2022, 6, 1))[0] == "USAELI"
    assert data.role_at("Sergei Shoigu", date(2023, 9, 14))[1].role == "defence_minister"  # type: ignore[union-attr]
    holder = data.holder("RUS", "leader", date(2010, 1, 1))
    assert holder is not None and holder.person == "Vladimir Putin"
    holder = data.holder("JPN", "foreign_minister", date(2023, 9, 14))
    assert holder is not None and holder.person == "Yoko Kamikawa"


def test_country_names_aliases_demonyms_capitals() -> None:
    data = load_actor_data()
    expect = {
        "DPRK": "PRK",
        "U.S.": "USA",
        "UK": "GBR",
        "Britain": "GBR",
        "the Kremlin": "RUSGOV",
        "the White House": "USAGOV",
        "North Korean": "PRK",
        "Russian": "RUS",
        "Pyongyang": "PRKGOV",
        "Kyiv": "UKRGOV",
        "Seoul": "KORGOV",
        "NATO": "IGONAT",
        "African Union": "IGOAFU",
        "ASEAN": "IGOASN",
    }
    for alias, code in expect.items():
        assert data.phrases[normalise(alias)][0].code == code, alias

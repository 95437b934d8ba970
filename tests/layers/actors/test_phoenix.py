"""The Phoenix (PETRARCH-2) dictionaries: the importer's cleaning rules (tools/import_phoenix.py), loading them
beneath our own data, dated roles, and agent words as sectors. Texts and dictionary entries are written for
these tests (the people in the resolver tests come from the packaged Phoenix file)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

from dateline.layers.actors.data import (
    ActorData,
    _add_builtin,
    _country_display,
    add_phoenix,
    load_actor_data,
    normalise,
)

from .actor_helpers import code_at, resolve

TOOL = Path(__file__).parents[3] / "tools" / "import_phoenix.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_phoenix", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_phoenix"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def words(tool: ModuleType) -> object:  # a tiny stand-in for the web2 and census lists
    return tool.Words(dictionary={"front", "banner", "party"}, first_names={"farah", "john"})


@pytest.mark.parametrize(
    ("alias", "person", "expected"),
    [
        ("front", False, (None, "dictionary-word")),
        ("farah", False, (None, "first-name")),
        ("xq", False, (None, "too-short")),
        ("zlf", False, ("ZLF", "acronym")),  # matches only in capitals
        ("zorbalandia", False, ("zorbalandia", "")),
        ("john smith, then jane doe", True, (None, "comma")),
        ("smithson", True, (None, "person-one-word")),  # a surname: coreference only
        ("red banner front", False, ("red banner front", "")),
    ],
)
def test_alias_cleaning_rules(
    tool: ModuleType, words: object, alias: str, person: bool, expected: tuple
) -> None:
    assert tool.clean_alias(alias, words, person=person) == expected


ACTORS = """# written for this test
ZORBALANDIA_ [FRA]
+FRONT_
+ZLF_
JOHN_QUINCY_SMITHSON_
+SMITHSON_
+MINISTER_SMITHSON_
 [FRAGOV 100101-120101]
 [FRAGOVDIP >130601]
 [FRAELI]
PATRIOTIC_ARMY_OF_EXAMPLE_(PAE)_ [FRAREB]
NOWHERE_FRONT_ [QQQ]
ONE_NAME_ [FRA]
+SHARED_NAME_
TWO_NAME_ [DEU]
+SHARED_NAME_
"""

AGENTS = """# written for this test
RANCH_HAND [~AGR]
WATCHMAN_ {WATCHMEN_} [~COP]
"""


def test_build_cleans_dates_and_defaults(tool: ModuleType, words: object, tmp_path: Path) -> None:
    for name in tool.ACTOR_FILES:
        (tmp_path / name).write_text(ACTORS if name == tool.ACTOR_FILES[0] else "", "utf-8")
    (tmp_path / tool.AGENT_FILE).write_text(AGENTS, "utf-8")
    actors, agents, dropped, vintage, _ = tool.build(tmp_path, words)
    assert vintage == date(2013, 6, 1)  # the latest start of a role
    by_name: dict[str, list[list[str]]] = {}
    for row in actors:
        by_name.setdefault(row[2], []).append(row)
    assert by_name["Zorbalandia"][0][:2] == ["zorbalandia|ZLF", "FRA"]  # "front" is an English word
    smithson = [(r[1], r[4], r[5]) for r in by_name["John Quincy Smithson"]]
    assert smithson == [
        ("FRAELI", "", "2010-01-01"),  # the default code before and between the dated roles
        ("FRAGOV", "2010-01-01", "2012-01-01"),
        ("FRAELI", "2012-01-01", "2013-06-01"),
        ("FRAGOVDIP", "2013-06-01", "2013-12-31"),  # an open end ends with the vintage's year
    ]
    assert all(r[7] == "smithson" for r in by_name["John Quincy Smithson"])  # the surname only corefers
    assert by_name["Patriotic Army Of Example"][0][0] == "patriotic army of example|PAE"
    assert "Nowhere Front" not in by_name  # no valid code
    assert "shared name" not in "|".join(r[0] for r in actors)  # two meanings: neither keeps it
    assert dropped["ambiguous"] == 2 and dropped["invalid-code"] == 1
    assert [a[0] for a in agents] == ["ranch hand|ranch hands", "watchman|watchmen"]


def test_open_ended_roles_end_with_the_vintage_year(tool: ModuleType, words: object, tmp_path: Path) -> None:
    text = "JANE_EXAMPLE_\n [DEUGOV >100101]\nJOHN_EXAMPLE_\n [DEUGOV 120101-140101]\n [DEUELI]\n"
    for name in tool.ACTOR_FILES:
        (tmp_path / name).write_text(text if name == tool.ACTOR_FILES[0] else "", "utf-8")
    (tmp_path / tool.AGENT_FILE).write_text("", "utf-8")
    actors, _, _, vintage, _ = tool.build(tmp_path, words)
    jane = [r for r in actors if r[2] == "Jane Example"]
    assert vintage == date(2012, 1, 1)
    assert [(r[1], r[4], r[5]) for r in jane] == [("DEUGOV", "2010-01-01", "2012-12-31")]
    assert "vintage" in jane[0][6]


def _phoenix(rows: list[dict[str, str]], agents: list[dict[str, str]] | None = None) -> ActorData:
    data = ActorData(country_names=_country_display())
    _add_builtin(data)
    add_phoenix(
        data,
        list(enumerate(rows, 1)),
        list(enumerate(agents or [], 1)),
    )
    return data


def _row(
    alias: str, code: str, name: str, kind: str, start: str = "", end: str = "", short: str = ""
) -> dict[str, str]:
    return {
        "alias": alias,
        "code": code,
        "name": name,
        "kind": kind,
        "start": start,
        "end": end,
        "note": "",
        "short": short,
    }


def test_our_data_beats_phoenix() -> None:
    data = _phoenix(
        [
            _row("moscow|zorbagrad", "FRA", "Zorbalandia", "org"),  # Moscow is ours (the Russian government)
            _row("the european union", "IGO", "The European Union", "org"),  # contradicts our IGOEEC
            _row("president vladimir putin", "RUSGOV", "Kremlin", "org"),  # hides our person
            _row("united states zorba court", "USAJUD", "Zorba Court", "org"),  # refines our USA
            _row(
                "vladimir putin|vladimir v. putin",
                "RUSMIL",
                "Vladimir Putin",
                "person",
                "1985-01-01",
                "1990-01-01",
            ),
            _row(
                "vladimir putin|vladimir v. putin",
                "RUSELI",
                "Vladimir Putin",
                "person",
                "2001-01-01",
                "2002-01-01",
            ),
        ],
        [{"alias": "president|zorbawatchers", "code": "CVL"}],
    )
    assert [e.code for e in data.phrases["moscow"]] == ["RUSGOV"]
    assert [e.code for e in data.phrases["zorbagrad"]] == ["FRA"]
    assert "the european union" not in data.phrases and "president vladimir putin" not in data.phrases
    assert [e.code for e in data.phrases["united states zorba court"]] == ["USAJUD"]
    # ours decide where they have a role; Phoenix's roles fill only the days ours leave open
    assert data.role_at("Vladimir Putin", date(2001, 6, 1))[0] == "RUSGOV"
    assert data.role_at("Vladimir Putin", date(1987, 6, 1))[0] == "RUSMIL"
    assert [e.name for e in data.phrases[normalise("Vladimir V. Putin")]] == [
        "Vladimir Putin"
    ]  # another spelling of ours
    assert data.sectors["president"].source.startswith("sectors.tsv")
    assert data.sectors["zorbawatchers"].code == "CVL"


def test_phoenix_roles_are_dated_and_stop_at_the_country() -> None:
    data = _phoenix(
        [
            _row("jane q example", "FRAGOVDIP", "Jane Q Example", "person", "2009-01-01", "2012-01-01"),
            _row("jane q example", "FRAELI", "Jane Q Example", "person", "2012-01-01", "2015-02-01"),
        ]
    )
    assert data.role_at("Jane Q Example", date(2010, 1, 1))[0] == "FRAGOVDIP"
    assert data.role_at("Jane Q Example", date(2014, 1, 1))[0] == "FRAELI"
    # after Phoenix's last date nobody knows whether she still holds office: the country, no sector
    assert data.role_at("Jane Q Example", date(2020, 1, 1)) == ("FRA", None)
    assert data.role_at("Jane Q Example", None) == ("FRA", None)


def test_packaged_phoenix_people_resolve_by_date(nlp: Language) -> None:
    data = load_actor_data()
    assert data.phoenix_roles, "phoenix_actors.tsv not loaded"
    text = "Awang Abu Bakar Bin Apong visited a school on Tuesday. Apong said more teachers were needed."
    for day, expected in [
        (date(2008, 3, 1), "BRNGOVMED"),
        (date(2012, 3, 1), "BRNGOVEDU"),
        (date(2021, 3, 1), "BRN"),
    ]:
        lookup, _, _ = resolve(nlp, text, day)
        assert code_at(lookup, text, "Awang Abu Bakar Bin Apong") == expected


def test_an_agent_word_gives_a_sector(nlp: Language) -> None:
    assert load_actor_data().sectors["academicians"].source.startswith("phoenix_agents.tsv")
    text = "Brazilian academicians signed a letter on Monday."
    lookup, _, _ = resolve(nlp, text, date(2021, 3, 1))
    assert code_at(lookup, text, "Brazilian academicians") == "BRAEDU"


def test_a_title_gives_the_sector_phoenix_no_longer_knows(nlp: Language) -> None:
    text = "Awang Abu Bakar Bin Apong, a former minister, opened a library on Tuesday."
    lookup, _, _ = resolve(nlp, text, date(2021, 3, 1))
    assert code_at(lookup, text, "Awang Abu Bakar Bin Apong") == "BRNELI"

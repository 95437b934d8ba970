"""Event places from the clause (``events/locations.py``), on sentences written for these tests: each way a
place is found, and each case where none may be ("never any toponym of the sentence merely because it is
there")."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from dateline.layers.actors.resolved import ResolvedActor
from dateline.layers.places import PlaceIndex
from dateline.model import Event, Place

from .test_events import PUBLISHED, NameLookup, run

#: Known places: country code, coordinates, GeoNames feature. "Sea" stands for a namesake the gazetteer may
#: wrongly resolve inside a name ("the Law of the Sea").
PLACES = {
    "Geneva": ("CHE", 46.2, 6.15, "PPLA"), "Lima": ("PER", -12.05, -77.04, "PPLC"),
    "Arica": ("CHL", -18.48, -70.3, "PPLA2"), "Tacna": ("PER", -18.01, -70.25, "PPLA"),
    "Santiago": ("CHL", -33.45, -70.65, "PPLC"), "Valparaiso": ("CHL", -33.04, -71.63, "PPLA"),
    "Chile": ("CHL", -30.0, -71.0, "PCLI"), "Peru": ("PER", -10.0, -76.0, "PCLI"),
    "Kenya": ("KEN", 1.0, 38.0, "PCLI"), "US": ("USA", 39.8, -98.6, "PCLI"), "Sea": ("USA", 47.6, -122.3, "PPLA2"),
}  # fmt: skip


class Places:
    """A stand-in for the places layer's ``PlaceIndex``: every known name in the text is a resolved place, and
    a leading "SANTIAGO" the dateline."""

    def __init__(self, text: str) -> None:
        at = text.find("SANTIAGO")
        self.dateline = (
            Place(start=at, end=at + 8, text="SANTIAGO", name="Santiago", country="CHL", lat=-33.45, lon=-70.65,
                  feature="PPLC", rule="dateline")
            if at == 0 else None
        )  # fmt: skip
        self.found = [
            Place(start=m.start(), end=m.end(), text=m.group(), name=m.group(), country=PLACES[m.group()][0],
                  lat=PLACES[m.group()][1], lon=PLACES[m.group()][2], feature=PLACES[m.group()][3], rule="test")
            for m in re.finditer(r"\b(?:" + "|".join(PLACES) + r")\b", text)
        ]  # fmt: skip

    def places_in(self, start: int, end: int) -> list[Place]:
        return [p for p in self.found if start <= p.start and p.end <= end]

    def antecedent(self, pos: int, noun: str) -> Place | None:
        return PlaceIndex(self.found).antecedent(pos, noun)


class Days:
    """A time index that dates every event ``days`` before publication."""

    def __init__(self, days: int) -> None:
        self.days = days

    def for_span(self, start: int, end: int, *, asserted: bool | None = None) -> tuple[date | None, str | None]:
        return PUBLISHED - timedelta(days=self.days), "day"


class WithUS(NameLookup):
    """The test actors, and "US" for the United States."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.found += [
            (m.start(), m.end(), ResolvedActor(code="USA", country="USA", sector=None, name="US", rule="test",
                                               start=m.start(), end=m.end()))
            for m in re.finditer(r"\bUS\b", text)
        ]  # fmt: skip


def placed(nlp: Any, text: str, plover: str | None = None, **kw: Any) -> Event:
    events = run(nlp, text, place_index=Places(text), **kw)
    hits = [e for e in events if plover is None or e.plover == plover]
    assert hits, [(e.plover, e.trigger_text) for e in events]
    return hits[0]


def where(ev: Event) -> tuple[str | None, str]:
    """The place's name and the rule's ``+place:`` suffix ("" when it has none)."""
    how = ev.rule[ev.rule.index("+place:") + 1 :] if "+place:" in ev.rule else ""
    return (ev.location.name if ev.location else None), how


# --- places found ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plover", "expected"),
    [
        ("Chile and Peru held talks in Geneva on Tuesday.", "CONSULT", ("Geneva", "place:locative:in")),
        ("Police of Chile arrested twenty people in Valparaiso.", "COERCE", ("Valparaiso", "place:locative:in")),
        ("During talks in Geneva, Chile agreed to release prisoners of Peru.", "AGREE", ("Geneva", "place:locative:in")),
        # a person is not modified by where the event happened: the locative belongs to the clause
        ("Chile's president met Peru's president Pedro Castillo in Lima.", "CONSULT", ("Lima", "place:locative:in")),
        ("The president of Chile held talks with Peru's foreign minister in Lima.", "CONSULT", ("Lima", "place:locative:in")),
        ("Chile and Peru reached an agreement in Geneva on Thursday.", None, ("Geneva", "place:locative:in")),
        # for physical acts, where the actor is
        ("Protesters in Santiago clashed with the police of Chile.", "ASSAULT", ("Santiago", "place:locative:in")),
    ],
)
def test_a_locative_of_the_trigger_or_its_clause(
    nlp: Any, text: str, plover: str | None, expected: tuple[str, str]
) -> None:
    assert where(placed(nlp, text, plover)) == expected


def test_the_most_precise_place_of_the_phrase(nlp: Any) -> None:
    ev = placed(nlp, "The army of Chile attacked Peru near Tacna, Peru.", "ASSAULT")
    assert where(ev) == ("Tacna", "place:locative:near")
    assert ev.location is not None and ev.location.precision == "city" and ev.location.country == "PER"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The president of Chile visited Peru on Monday.", "Peru"),
        ("The president of Chile flew to Lima to meet the president of Peru.", "Lima"),
    ],
)
def test_a_visit_takes_its_destination(nlp: Any, text: str, name: str) -> None:
    assert where(placed(nlp, text, "CONSULT")) == (name, "place:visit")


@pytest.mark.parametrize(
    ("text", "name"),
    [("The army of Chile shelled Tacna on Monday.", "Tacna"), ("Chile's army attacked the town of Tacna.", "Tacna")],
)
def test_a_physical_act_takes_the_place_it_acts_on(nlp: Any, text: str, name: str) -> None:
    assert where(placed(nlp, text, "ASSAULT")) == (name, "place:object")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the trigger's own spatial noun names where ("the streets of X")
        ("Supporters of the opposition of Chile took to the streets of Valparaiso.", ("Valparaiso", "place:locative:of")),
        # a locative hung on the instrument inside the object phrase is the act's
        ("Farmers of Chile blocked roads with tractors across Peru.", ("Peru", "place:locative:across")),
    ],
)
def test_a_physical_act_takes_a_locative_inside_its_phrase(nlp: Any, text: str, expected: tuple[str, str]) -> None:
    ev = placed(nlp, text)
    assert ev.plover in ("PROTEST", "COERCE", "ASSAULT") and where(ev) == expected


def test_not_the_place_of_an_objects_complement(nlp: Any) -> None:
    text = "Chile ordered the closure of the consulate of Peru in Lima."
    for ev in run(nlp, text, place_index=Places(text)):
        assert ev.location is None, (ev.plover, ev.trigger_text, ev.location)


def _last_event(nlp: Any, text: str) -> Event:
    events = run(nlp, text, place_index=Places(text))
    assert events
    return max(events, key=lambda e: e.trigger_start)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # "the capital": the capital of the country the text is about, where the article names it
        ("Santiago is calm. The army of Chile shelled Arica. Protesters clashed with the police of Chile in the capital.", "Santiago"),
        ("Santiago is calm. Protesters clashed with the police of Chile in the country's capital.", "Santiago"),
        # for a physical act, where those it is done with are ("clashed with police in X")
        ("Santiago is calm. Supporters of the opposition of Chile clashed with police in the capital.", "Santiago"),
        # "the city": the town last named
        ("The army of Chile entered Arica on Monday. Soldiers of Chile arrested twenty people in the city.", "Arica"),
    ],
)
def test_a_definite_description_refers_back_to_a_place(nlp: Any, text: str, name: str) -> None:
    ev = _last_event(nlp, text)
    assert ev.location is not None and ev.location.name == name, (ev.trigger_text, ev.location)


@pytest.mark.parametrize(
    "text",
    [
        "Chile praised Arica. The president of Chile met students of Kenya in a city.",  # not a definite one
        # the capital of a country whose capital the article does not name
        "Kenya closed its border. The president of Chile met students of Kenya in the capital.",
    ],
)
def test_no_antecedent_no_place(nlp: Any, text: str) -> None:
    ev = _last_event(nlp, text)
    assert ev.location is None, (ev.trigger_text, ev.location)


def test_coordinated_clauses_share_a_locative(nlp: Any) -> None:
    ev = placed(nlp, "Protesters gathered in Santiago and clashed with the police of Chile.", "ASSAULT")
    assert where(ev) == ("Santiago", "place:locative:in")


def test_the_dateline_city_for_the_articles_own_news(nlp: Any) -> None:
    text = "SANTIAGO (Reuters) - The government of Chile arrested three opposition leaders on Monday."
    assert where(placed(nlp, text, "COERCE")) == ("Santiago", "place:dateline")


# --- no place ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A US peace envoy met officials of Kenya on Friday.",  # a noun inside an argument
        "Chile signed the Law of the Sea convention with Peru.",  # a name inside a name
        "Chile, whose capital is Santiago, accused Peru of lying.",  # a relative clause
        "Chile discussed the war in Kenya with Peru.",  # the object's own locative, not the discussion's
        "Chile imposed sanctions on companies in Peru.",  # not a physical act
        "The army of Chile attacked Arica mayor Pedro Castillo.",  # a place in a person's name is theirs
    ],
)
def test_never_a_toponym_merely_because_it_is_in_the_sentence(nlp: Any, text: str) -> None:
    events = run(nlp, text, place_index=Places(text), lookup=WithUS(text))
    assert events
    for ev in events:
        assert ev.location is None and "+place:" not in ev.rule, (ev.plover, ev.trigger_text, ev.location)


@pytest.mark.parametrize(
    "text",
    [
        "The president of Chile did not visit Peru.",  # a negated visit
        "The army of Chile deployed troops, but not to Tacna.",  # a negated locative
        "Chile's navy did not attack Lima.",  # a negated event
    ],
)
def test_never_a_negated_place(nlp: Any, text: str) -> None:
    events = run(nlp, text, place_index=Places(text))
    assert events
    for ev in events:
        assert ev.location is None, (ev.plover, ev.trigger_text, ev.location)


def test_a_clause_with_its_own_subject_is_another_scene(nlp: Any) -> None:
    text = "Chile attacked Peru in Arica, and Kenya condemned the attack."
    events = {e.plover: e for e in run(nlp, text, place_index=Places(text))}
    assert where(events["ASSAULT"]) == ("Arica", "place:locative:in")
    assert where(events["ACCUSE"]) == (None, "")


def test_an_after_frame_gives_its_place(nlp: Any) -> None:
    text = "After a summit in Geneva, Chile signed a truce with Peru."
    assert where(placed(nlp, text)) == ("Geneva", "place:locative:in")


LEAD = "SANTIAGO (Reuters) - The government of Chile arrested three opposition leaders"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (LEAD + ".", 30),  # old news
        (LEAD + ".", -3),  # dated after publication
        (LEAD + " in Peru.", 1),  # the clause says where
        ("SANTIAGO (Reuters) - The police of Peru arrested diplomats of Kenya.", 1),  # a physical act abroad
        (LEAD + ".\nChile accused Peru of lying on Tuesday.", 1),  # not the lead, and no act on the ground
    ],
)
def test_the_dateline_only_for_the_recent_news_of_the_lead(nlp: Any, text: str, days: int) -> None:
    events = run(nlp, text, place_index=Places(text), time_index=Days(days))
    assert events
    lead = text.index(".") + 1
    for ev in events:
        if "\n" in text and ev.trigger_start < lead:
            continue  # the lead itself takes the dateline
        assert ev.location is None or ev.location.name == "Peru", (ev.plover, ev.trigger_text, ev.location)


def test_the_dateline_for_a_statement_in_the_lead(nlp: Any) -> None:
    text = "SANTIAGO (Reuters) - Peru accused Kenya of lying on Monday."
    assert where(placed(nlp, text, "ACCUSE")) == ("Santiago", "place:dateline")


def test_no_place_index_no_place(nlp: Any) -> None:
    (ev,) = run(nlp, "Chile and Peru held talks in Geneva on Tuesday.")[:1]
    assert ev.location is None and "+place:" not in ev.rule


@pytest.mark.parametrize(
    ("text", "plover", "expected"),
    [
        # a participle adjunct is in its main clause's scene
        ("The president of Chile was in Geneva, attending talks with Peru.", "CONSULT", ("Geneva", "place:locative:in")),
        # a relative clause on "where" happened at its antecedent
        ("Police of Chile returned to Arica, where protesters fought the army of Peru.", "ASSAULT", ("Arica", "place:locative:where")),
        # "the X capital, Y," read as an apposition even when the parser does not
        ("At a summit in the Chilean capital, Santiago, Chile and Peru signed a border treaty.", None, ("Santiago", "place:locative:at")),
        ("At a meeting in the Peruvian capital, Lima, the government of Chile signed a treaty with Peru.", None, ("Lima", "place:locative:at")),
    ],
)
def test_the_scene_of_a_clause(nlp: Any, text: str, plover: str | None, expected: tuple[str, str]) -> None:
    assert where(placed(nlp, text, plover)) == expected


class ByLine:
    """A time index that dates the events of line i ``days[i]`` days before publication."""

    def __init__(self, text: str, *days: int) -> None:
        self.starts = [m.start() for m in re.finditer(r"[^\n]+", text)]
        self.days = days

    def for_span(self, start: int, end: int, *, asserted: bool | None = None) -> tuple[date | None, str | None]:
        line = sum(1 for s in self.starts if s <= start) - 1
        return PUBLISHED - timedelta(days=self.days[line]), "day"


SCENE = "Chile's army attacked rebels in Arica.\n"


def scene_of(nlp: Any, text: str, plover: str, *days: int) -> tuple[str | None, str]:
    events = run(nlp, text, place_index=Places(text), time_index=ByLine(text, *(days or (1,) * text.count("\n") + (1,))))
    later = [e for e in events if e.plover == plover and e.trigger_start > text.index("\n")]
    assert later, [(e.plover, e.trigger_text) for e in events]
    return where(later[0])


def test_the_scene_of_the_lead_for_later_acts_on_the_ground(nlp: Any) -> None:
    assert scene_of(nlp, SCENE + "The police of Chile arrested two more.", "COERCE") == ("Arica", "place:scene")
    # a wire dateline sets the scene as well
    assert scene_of(nlp, LEAD + ".\nThe police of Chile arrested two more on Tuesday.", "COERCE") == ("Santiago", "place:scene")


def test_an_act_told_before_the_scene_is_set_does_not_take_it(nlp: Any) -> None:
    text = "The police of Chile arrested two men.\n" + SCENE
    events = run(nlp, text, place_index=Places(text), time_index=ByLine(text, 1, 1, 1))
    arrest = next(e for e in events if e.plover == "COERCE")
    assert arrest.location is None, where(arrest)


@pytest.mark.parametrize(
    ("text", "plover", "days"),
    [
        (SCENE + "Chile accused Peru of lying.", "ACCUSE", (1, 1)),  # a statement: made anywhere
        (SCENE + "The police of Peru arrested diplomats of Kenya.", "COERCE", (1, 1)),  # no actor of the scene's country
        (SCENE + "The police of Chile arrested two men from Lima.", "COERCE", (1, 1)),  # a place abroad named
        (SCENE + "The police of Chile arrested two more.", "COERCE", (1, 30)),  # weeks apart: another story
        ("Chile accused Peru.\nChile accused Kenya.\nChile accused Peru again.\n" + SCENE
         + "The police of Chile arrested two more.", "COERCE", (1, 1, 1, 1, 1)),  # the place is not in the lead
    ],
)
def test_no_scene(nlp: Any, text: str, plover: str, days: tuple[int, ...]) -> None:
    assert scene_of(nlp, text, plover, *days)[1] != "place:scene"


"""Events, one test per rule, on sentences written for these tests (never evaluation sentences)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from dateline.layers.actors.resolved import ResolvedActor
from dateline.layers.events import find_events, load_lexicon
from dateline.model import Event, Place, Quote, Speaker

from ..parsing import parse

NAMES = {
    "Chile": "CHL", "Peru": "PER", "Canada": "CAN", "Brazil": "BRA", "Kenya": "KEN", "Somalia": "SOM",
    "Ottawa": "CAN",
}  # fmt: skip
PUBLISHED = date(2024, 3, 1)


class NameLookup:
    """A stand-in for the actors layer: the country names above, found by string search."""

    def __init__(self, text: str) -> None:
        self.found = [
            (m.start(), m.end(), ResolvedActor(code=NAMES[m.group()], country=NAMES[m.group()], sector=None,
                                               name=m.group(), rule="test", start=m.start(), end=m.end()))
            for m in re.finditer("|".join(NAMES), text)
        ]  # fmt: skip

    def actor_at(self, start: int, end: int) -> ResolvedActor | None:
        hits = self.actors_in(start, end)
        return hits[0][2] if len(hits) == 1 else None

    def actors_in(self, start: int, end: int) -> list[tuple[int, int, ResolvedActor]]:
        return [f for f in self.found if start <= f[0] and f[1] <= end]


def run(nlp: Any, text: str, **kw: Any) -> tuple[Event, ...]:
    paras = tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    parsed = parse(nlp, text, paras, published=PUBLISHED)
    events = find_events(parsed, load_lexicon(), lookup=kw.pop("lookup", NameLookup(text)), **kw).events
    for ev in events:
        assert text[ev.trigger_start : ev.trigger_end] == ev.trigger_text
        assert ev.sentence_start <= ev.trigger_start < ev.trigger_end <= ev.sentence_end
        for a in (*ev.source, *ev.target):
            assert text[a.start : a.end] == a.text
    return events


def only(events: tuple[Event, ...]) -> Event:
    assert len(events) == 1, [(e.plover, e.cameo, e.trigger_text) for e in events]
    return events[0]


def dyad(ev: Event) -> tuple[list[str], list[str]]:
    return [a.code for a in ev.source], [a.code for a in ev.target]


# -- triggers and actors ---------------------------------------------------------------------------------


def test_verb_subject_is_source_object_is_target(nlp: Any) -> None:
    ev = only(run(nlp, "Chile criticised Peru on Monday."))
    assert (ev.plover, ev.cameo, ev.goldstein) == ("ACCUSE", "111", -2.0)
    assert dyad(ev) == (["CHL"], ["PER"])
    assert ev.modality == "asserted" and not ev.negated
    assert ev.date == PUBLISHED and ev.date_precision == "day"


def test_passive_voice_agent_is_source(nlp: Any) -> None:
    ev = only(run(nlp, "Kenya was attacked by Somalia on Friday."))
    assert ev.plover == "ASSAULT"
    assert dyad(ev) == (["SOM"], ["KEN"])


def test_conjoined_actors_are_all_sources(nlp: Any) -> None:
    ev = only(run(nlp, "Canada and Brazil signed a trade treaty."))
    assert ev.cameo == "057"
    assert dyad(ev)[0] == ["CAN", "BRA"]


def test_light_verb_construction(nlp: Any) -> None:
    ev = only(run(nlp, "Canada held talks with Brazil."))
    # the imported dictionary has this pattern ("hold talks": engage in negotiation, 046); the light-verb
    # rule gives the same event for the nouns it lacks
    assert (ev.plover, ev.cameo) == ("CONSULT", "046")
    assert ev.trigger_text == "held talks"
    assert dyad(ev) == (["CAN"], ["BRA"])
    assert ev.rule in ("events:light-verb", "events:verb+dep")


def test_prepositional_target(nlp: Any) -> None:
    ev = only(run(nlp, "Chile clashed with Peru near the border."))
    assert ev.plover == "ASSAULT"
    assert dyad(ev) == (["CHL"], ["PER"])


def test_verb_particle_pattern(nlp: Any) -> None:
    ev = only(run(nlp, "Chile lifted sanctions on Peru."))
    assert (ev.plover, ev.cameo) == ("CONCEDE", "085")
    assert dyad(ev) == (["CHL"], ["PER"])


def test_event_noun_with_possessive_actor(nlp: Any) -> None:
    ev = only(run(nlp, "Brazil's invasion of the islands began on Monday."))
    assert ev.plover == "ASSAULT" and dyad(ev)[0] == ["BRA"]


def test_visit_has_the_visit_mode(nlp: Any) -> None:
    ev = only(run(nlp, "The president of Chile visited Peru."))
    assert (ev.plover, ev.plover_mode, ev.cameo) == ("CONSULT", "visit", "042")


def test_no_trigger_no_event(nlp: Any) -> None:
    assert run(nlp, "The weather in Chile was mild and sunny.") == ()


def test_transitive_demonstrate_is_not_a_protest(nlp: Any) -> None:
    assert all(e.plover != "PROTEST" for e in run(nlp, "The navy of Chile demonstrated its new ships."))


# -- nesting and modality --------------------------------------------------------------------------------


def test_agreeing_to_meet_is_one_agree(nlp: Any) -> None:
    ev = only(run(nlp, "Chile agreed to meet Peru."))
    assert (ev.plover, ev.cameo) == ("AGREE", "036")


def test_threat_absorbs_the_threatened_attack(nlp: Any) -> None:
    ev = only(run(nlp, "Chile threatened to attack Peru."))
    assert ev.plover == "THREATEN" and ev.cameo.startswith("138")
    assert dyad(ev) == (["CHL"], ["PER"])


def test_urging_a_withdrawal_is_a_request(nlp: Any) -> None:
    ev = only(run(nlp, "Chile urged Peru to withdraw its troops."))
    assert ev.plover == "REQUEST" and ev.cameo.startswith("025")
    assert dyad(ev) == (["CHL"], ["PER"])


def test_negated_event(nlp: Any) -> None:
    ev = only(run(nlp, "Chile did not attack Peru."))
    assert ev.negated and ev.plover == "ASSAULT"


def test_future_event_is_intended(nlp: Any) -> None:
    ev = only(run(nlp, "The president of Chile will visit Peru next month."))
    assert ev.plover == "CONSULT" and ev.modality == "intended"


def test_a_purpose_clause_is_intended(nlp: Any) -> None:
    # what an act is for has not happened yet (its coming date stays: the golden AUKUS article)
    ev = only(run(nlp, "Chile sent ships to help Peru."))
    assert ev.plover == "AID" and ev.modality == "intended"
    # "went on to" says what followed; it happened
    ev = only(run(nlp, "Chile went on to help Peru."))
    assert ev.plover == "AID" and ev.modality == "asserted"


def test_could_is_hypothetical(nlp: Any) -> None:
    ev = only(run(nlp, "Chile could impose sanctions on Peru."))
    assert ev.plover == "SANCTION" and ev.modality == "hypothetical"


def test_modal_noun_makes_a_noun_event_hypothetical(nlp: Any) -> None:
    ev = only(run(nlp, "Chile sees possibilities for cooperation."))
    assert ev.plover == "COOPERATE" and ev.modality == "hypothetical"


def test_denied_event(nlp: Any) -> None:
    ev = only(run(nlp, "Chile denied attacking Peru."))
    assert ev.plover == "ASSAULT" and ev.modality == "denied"


def test_refusing_to_accept_is_a_rejection(nlp: Any) -> None:
    ev = only(run(nlp, "Chile will not accept the proposal from Peru."))
    assert ev.plover == "REJECT"


def test_promise_is_intended(nlp: Any) -> None:
    ev = only(run(nlp, "Chile promised aid to Peru."))
    assert ev.plover == "AGREE" and ev.modality == "intended"
    assert dyad(ev) == (["CHL"], ["PER"])


# -- statements ------------------------------------------------------------------------------------------


def test_stated_intention_is_coded_as_the_statement(nlp: Any) -> None:
    ev = only(run(nlp, "Chile said it will release the prisoners from Peru."))  # imported verbs need actors
    assert (ev.plover, ev.cameo, ev.modality) == ("AGREE", "0353", "intended")


def test_stated_obligation_is_a_demand(nlp: Any) -> None:
    ev = only(run(nlp, "Chile said Peru must pay its debts."))
    assert ev.plover == "REQUEST"
    assert dyad(ev) == (["CHL"], ["PER"])


def test_evaluative_word_in_reported_speech(nlp: Any) -> None:
    ev = only(run(nlp, "Canada said the decision by Brazil was deeply troubling."))
    assert ev.plover == "ACCUSE" and ev.rule == "events:statement"
    assert dyad(ev) == (["CAN"], ["BRA"])


def test_first_person_in_a_quote_is_the_speaker(nlp: Any) -> None:
    text = 'A minister from Chile spoke. "We condemn the raid by Peru," she said.'
    start = text.index("We")
    end = text.index(",", start)
    speaker_at = text.index("she")
    quote = Quote(
        kind="direct", content_start=start, content_end=end, content_text=text[start:end],
        speaker=Speaker(start=speaker_at, end=speaker_at + 3, text="she", actor="CHLGOV"),
    )  # fmt: skip
    ev = only(run(nlp, text, quotes=(quote,)))
    assert ev.plover == "ACCUSE" and ev.quote_index == 0
    assert [a.code for a in ev.source] == ["CHLGOV"]
    assert [a.country for a in ev.source] == ["CHL"]


# -- sentences, dates, places, duplicates ------------------------------------------------------------------


def test_halting_a_strike_is_a_concession(nlp: Any) -> None:
    ev = only(run(nlp, "The teachers of Chile called off their strike."))
    assert ev.plover == "CONCEDE" and ev.cameo in ("080", "082")  # 082: the imported "call off strike"


def test_background_clause_is_dropped(nlp: Any) -> None:
    ev = only(run(nlp, "Chile imposed sanctions on Peru after Peru attacked its border posts."))
    assert ev.plover == "SANCTION"


def test_duplicates_are_merged(nlp: Any) -> None:
    events = run(nlp, "Chile attacked Peru.\nChile attacked Peru again.")
    assert len(events) == 1


def test_date_and_place_from_the_indexes(nlp: Any) -> None:
    class Times:
        def for_span(self, start: int, end: int, *, asserted: bool | None = None) -> tuple[date | None, str | None]:
            assert asserted is True  # "attacked" is asserted: the index may pass over future dates
            return date(2024, 2, 20), "day"

    class Places:
        dateline = None

        def places_in(self, start: int, end: int) -> list[Place]:
            lima = text.index("Lima")
            found = Place(start=lima, end=lima + 4, text="Lima", name="Lima", country="PER", lat=-12.05, lon=-77.04)
            return [found] if start <= found.start and found.end <= end else []

        def antecedent(self, pos: int, noun: str) -> Place | None:
            return None

    text = "Chile attacked Peru in Lima."
    ev = only(run(nlp, text, time_index=Times(), place_index=Places()))
    assert ev.date == date(2024, 2, 20)
    assert ev.location is not None and ev.location.name == "Lima"


def test_unresolved_actors_give_no_event(nlp: Any) -> None:
    """An event needs a political actor on at least one side (gates.py): with none resolved, none is coded."""
    from dateline.layers.actors.resolved import NoActors

    assert run(nlp, "The rebels attacked the town.", lookup=NoActors()) == ()


def test_one_unresolved_side_lowers_confidence(nlp: Any) -> None:
    ev = only(run(nlp, "Unknown gunmen attacked a town in Kenya."))  # material conflict: one side suffices
    assert ev.source == () and [a.code for a in ev.target] == ["KEN"]
    assert ev.confidence < 0.7


def test_imported_verbs_need_their_actors(nlp: Any) -> None:
    from dateline.layers.actors.resolved import NoActors

    assert run(nlp, "The rebels attacked the town.", lookup=NoActors()) == ()
    assert run(nlp, "Chile praised the town.") == ()  # the verb's own code needs both sides
    assert dyad(only(run(nlp, "Chile attacked the town."))) == (["CHL"], [])  # material conflict: one side
    assert dyad(only(run(nlp, "Chile attacked Peru."))) == (["CHL"], ["PER"])
    ev = only(run(nlp, "Chile rushed food to the town."))  # a pattern (rush + food): one side is enough
    assert (ev.plover, ev.cameo) == ("AID", "073") and dyad(ev) == (["CHL"], [])


@pytest.mark.parametrize("text", ["", "   ", "!!! ???"])
def test_degenerate_text(nlp: Any, text: str) -> None:
    assert run(nlp, text) == ()

"""The actors layer on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from dateline.layers.actors.data import code_problem

from .actor_helpers import code_at, resolve

DAY = date(2023, 9, 14)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2019, 6, 1), "USAGOV"), (date(2022, 6, 1), "USAELI"), (date(2025, 6, 1), "USAGOV")],
)
def test_leader_code_depends_on_the_date(nlp: Language, day: date, expected: str) -> None:
    text = "President Donald Trump spoke to farmers in Iowa on Tuesday. Trump promised new subsidies."
    lookup, _, _ = resolve(nlp, text, day)
    assert code_at(lookup, text, "Donald Trump") == expected
    assert code_at(lookup, text, "Trump", 1) == expected


def test_capitals_act_as_governments_and_stay_places(nlp: Language) -> None:
    text = "Moscow said on Tuesday it would respond to the new sanctions. Talks were later held in Moscow."
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Moscow") == "RUSGOV"
    assert code_at(lookup, text, "Moscow", 1) == "RUS"


def test_a_wire_dateline_is_where_the_story_was_filed_not_an_actor(nlp: Language) -> None:
    text = "MOSCOW, March 3 (AFP) - Ukraine accused Russia of shelling a power plant on Friday."
    lookup, actors, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "MOSCOW") is None
    assert code_at(lookup, text, "Ukraine") == "UKR"
    assert not any(m.start == 0 for a in actors for m in a.mentions)


def test_an_organisation_s_seat_as_a_dateline_is_no_actor(nlp: Language) -> None:
    text = "UNITED NATIONS (AP) - The Security Council voted on Friday to extend sanctions on Mali."
    lookup, actors, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "UNITED NATIONS") is None
    assert not any(m.start == 0 for a in actors for m in a.mentions)
    assert code_at(lookup, text, "Security Council") == "IGOUNOUSC"


def test_a_wire_dateline_still_tells_the_home_country(nlp: Language) -> None:
    text = "KYIV, March 3 (AFP) - Ukrainian officials said police detained two men after an explosion."
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "KYIV") is None
    assert code_at(lookup, text, "police") == "UKRCOP"  # the dateline and "Ukrainian": two of two


def test_seats_of_government(nlp: Language) -> None:
    text = "The Kremlin rejected the offer, and the White House called the decision a mistake."
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Kremlin") == "RUSGOV"
    assert code_at(lookup, text, "White House") == "USAGOV"


def test_the_north_needs_an_antecedent(nlp: Language) -> None:
    text = "North Korea launched a rocket on Sunday. The North said the launch was a success."
    lookup, _, _ = resolve(nlp, text, DAY)
    assert (code_at(lookup, text, "The North") or "")[:3] == "PRK"
    text2 = "The North won the football match against the South on Sunday."
    lookup2, _, _ = resolve(nlp, text2, DAY)
    assert code_at(lookup2, text2, "The North") is None


def test_aliases_and_demonyms(nlp: Language) -> None:
    text = "The DPRK warned the U.S. and Britain, while North Korean officials met Iranian diplomats."
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "DPRK") == "PRK"
    assert code_at(lookup, text, "U.S.") == "USA"
    assert code_at(lookup, text, "Britain") == "GBR"
    assert code_at(lookup, text, "North Korean officials") == "PRKGOV"
    assert code_at(lookup, text, "Iranian diplomats") == "IRNDIP"


def test_surname_coreference_keeps_other_people_apart(nlp: Language) -> None:
    text = (
        "Kim Jong Un inspected a tractor factory on Monday.\n\n"
        '"It is a show of confidence," said Kim Min-ji, a professor at Seoul National University.\n\n'
        "Kim, who rarely travels abroad, later returned to the capital."
    )
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Kim Jong Un") == "PRKGOV"
    assert (code_at(lookup, text, "Kim Min-ji") or "").startswith("KOR")
    assert code_at(lookup, text, "Kim", 2) == "PRKGOV"


def test_role_descriptions_resolve_to_the_office_holder(nlp: Language) -> None:
    text = "Russia's defence minister visited the front, and the Kremlin leader praised the troops."
    lookup, _, _ = resolve(nlp, text, DAY)
    minister = lookup.actor_at(text.index("Russia's"), text.index(" visited"))
    assert minister is not None and minister.code == "RUSGOV" and minister.name == "Sergei Shoigu"
    leader = lookup.actor_at(text.index("the Kremlin leader"), text.index(" praised"))
    assert leader is not None and leader.name == "Vladimir Putin"


def test_unknown_people_from_titles_organisations_and_appositions(nlp: Language) -> None:
    text = (
        "Japanese Foreign Minister Hanako Tanabe said talks would continue.\n\n"
        "State Department spokesman John Doerr said Washington was watching closely.\n\n"
        '"The risk is real," said Lee Soo-min, a researcher at the Sejong Institute.'
    )
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Hanako Tanabe") == "JPNGOV"
    assert code_at(lookup, text, "John Doerr") == "USAGOV"
    assert code_at(lookup, text, "Lee Soo-min") == "KOREDU"


def test_possessives_and_group_nouns(nlp: Language) -> None:
    text = (
        "South Korea's ruling party criticised the plan. Hungarian police detained dozens of protesters, "
        "and the government of Sudan condemned the attack."
    )
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "South Korea's ruling party") == "KORPTY"
    assert code_at(lookup, text, "Hungarian police") == "HUNCOP"
    assert code_at(lookup, text, "government of Sudan") == "SDNGOV"


def test_pronouns_go_to_the_most_recent_compatible_actor(nlp: Language) -> None:
    text = "Vladimir Putin arrived in Beijing on Monday. He said China was a reliable partner."
    lookup, _, _ = resolve(nlp, text, DAY)
    he = text.index("He said")
    actor = lookup.actor_at(he, he + 2)
    assert actor is not None and actor.code == "RUSGOV"
    assert actor.start == text.index("Vladimir Putin") and actor.rule.startswith("pronoun")


def test_output_codes_and_offsets_are_valid(nlp: Language) -> None:
    text = (
        "NATO and the EU urged Iran to cooperate with the IAEA. Israeli soldiers and Palestinian "
        "protesters clashed near Hebron, the UN said. Kim Jong Un's sister issued a statement."
    )
    lookup, actors, entities = resolve(nlp, text, DAY)
    assert actors
    for a in actors:
        assert code_problem(a.code) is None, a.code
        assert a.rule
        for m in a.mentions:
            assert text[m.start : m.end] == m.text
    for e in entities:
        assert e.actor is None or code_problem(e.actor) is None
    assert code_at(lookup, text, "NATO") == "IGONAT"
    assert code_at(lookup, text, "IAEA") == "IGOUNOIAE"
    spans = lookup.actors_in(0, len(text))
    assert spans == sorted(spans, key=lambda s: s[0])


def test_a_bad_span_does_not_sink_the_article(nlp: Language) -> None:
    text = "\u2028\"\" ''' Kim \n\n (( ))"
    lookup, actors, entities = resolve(nlp, text, None)
    assert isinstance(actors, tuple)


def test_unknown_institute_gives_a_sector_but_no_guessed_country(nlp: Language) -> None:
    text = (
        "Pakistan and India traded accusations on Monday.\n\n"
        '"Both sides are posturing," said Maria Velasco, an analyst at the Harbourview Centre for Policy.'
    )
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Maria Velasco") == "EDU"


def test_cities_regions_and_ethnic_minorities(nlp: Language) -> None:
    text = (
        "A teacher from Winnipeg was questioned on Friday. The government of Khyber Pakhtunkhwa province closed schools. "
        "Ethnic Serbs in Kosovo protested against the new rules."
    )
    lookup, _, _ = resolve(nlp, text, DAY)
    assert code_at(lookup, text, "Winnipeg") == "CAN"
    assert (code_at(lookup, text, "government") or "").startswith("PAK")
    assert code_at(lookup, text, "Serbs") == "KSV"


def test_headline_names_follow_the_body(nlp: Language) -> None:
    from dataclasses import replace

    from dateline.layers.actors import load_actor_data, resolve_actors
    from dateline.model import Entity

    from ..parsing import parse

    text = "Kim Jong Un met Vladimir Putin at a spaceport on Wednesday."
    parsed = parse(nlp, text, published=DAY)
    title_kim = Entity(start=0, end=3, text="Kim", label="PERSON", field="title")
    parsed = replace(parsed, entities=(*parsed.entities, title_kim))
    filled = resolve_actors(parsed, load_actor_data()).entities
    title = [e for e in filled if e.field == "title"]
    assert title[0].actor == "PRKGOV"


def test_names_joined_into_one_non_actor_entity_are_still_actors() -> None:
    from dateline.layers.actors.resolve import _conjunct_of
    from dateline.model import Entity

    text = "They met Chile and Peru on Monday."
    ent = Entity(start=9, end=23, text="Chile and Peru", label="WORK_OF_ART")
    assert _conjunct_of(text, ent, 9, 14) and _conjunct_of(text, ent, 19, 23)
    assert not _conjunct_of(text, ent, 9, 23)
    title = Entity(start=0, end=4, text="They", label="WORK_OF_ART")
    assert not _conjunct_of(text, title, 0, 4)

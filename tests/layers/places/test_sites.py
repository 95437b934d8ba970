"""Streets and local sites: found in the text, placed in the town the text or the article puts them in."""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from dateline.layers.places.gazetteer import Gazetteer
from dateline.layers.places.places import find_places
from dateline.layers.places.sites import is_site, street_spans

from ..parsing import parse
from . import test_places
from .test_places import article, by_text, ents

gaz = test_places.gaz  # the gazetteer fixture, built once in the shared cache folder


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in street_spans(text, STOP_WORDS)]


def test_street_names_are_capitalised_words_and_a_street_type() -> None:
    assert spans("a house on Maplewood Crescent on Sunday") == ["Maplewood Crescent"]
    assert spans("On Main Street, a man") == ["Main Street"]  # a leading function word is no part of the name
    assert spans("at 12 St. Albans Avenue West") == ["St. Albans Avenue"]
    assert spans("southwest of the Quarry Street-Mill Road intersection") == ["Quarry Street", "Mill Road"]
    assert spans("the McDunmore Drive exit") == ["McDunmore Drive"]


def test_no_street_across_a_sentence_or_in_a_society_name() -> None:
    assert spans("said spokeswoman Jane Roe. Shady Oak Road was closed") == ["Shady Oak Road"]
    assert spans("the Iranian Red Crescent said") == []
    assert spans("The Street was quiet") == []


def test_sites_are_named_by_their_last_word() -> None:
    assert is_site("Lakeview General Hospital") and is_site("Orchard Park Road")
    assert not is_site("Hospital") and not is_site("Supreme Court") and not is_site("Lakeview University")
    assert is_site("St Mary's Church") and not is_site("Russian Orthodox Church") and not is_site("Catholic Church")
    assert is_site("St George's Coptic Church") and not is_site("Greek Orthodox Church")


def test_a_street_before_a_town_lies_in_that_town(gaz: Gazetteer, nlp: Language) -> None:
    text = "Police were called to a house on Maplewood Crescent in Lethbridge on Sunday."
    found = by_text(find_places(parse(nlp, text), gaz).places)
    street, town = found["Maplewood Crescent"], found["Lethbridge"]
    assert "street" in street.rule and "+within" in street.rule
    assert town.country == "CAN" and (street.lat, street.lon) == (town.lat, town.lon) and street.precision == "city"


def test_streets_and_sites_lie_in_the_town_the_article_is_about(gaz: Gazetteer) -> None:
    text = (
        "Galway councillors met in Galway on Monday. A fire broke out on Orchard Park Road overnight. "
        "The driver was taken to Lakeview General Hospital."
    )
    spans_ = ents(text, ("Galway", "GPE"), ("Galway", "GPE"), ("Lakeview General Hospital", "ORG"))
    found = by_text(find_places(article(text, spans_), gaz).places)
    road, hospital = found["Orchard Park Road"], found["Lakeview General Hospital"]
    assert road.rule == "street+home+gazetteer:city" and road.country == "IRL" and road.precision == "city"
    assert hospital.rule.startswith("site+home") and (hospital.lat, hospital.lon) == (found["Galway"].lat, found["Galway"].lon)


def test_a_site_the_text_puts_in_another_country_is_not_in_the_articles_town(gaz: Gazetteer) -> None:
    text = "Galway councillors met in Galway on Monday. Two were held in Iran's largest Lakeview General Hospital."
    spans_ = ents(text, ("Galway", "GPE"), ("Galway", "GPE"), ("Iran", "GPE"), ("Lakeview General Hospital", "ORG"))
    hospital = by_text(find_places(article(text, spans_), gaz).places)["Lakeview General Hospital"]
    assert hospital.country != "IRL" and "+home" not in hospital.rule


def test_a_street_in_an_article_about_no_one_town_stays_unresolved(gaz: Gazetteer) -> None:
    text = "A fire broke out on Orchard Park Road overnight, firefighters in Galway and Limerick said."
    found = by_text(find_places(article(text, ents(text, ("Galway", "GPE"), ("Limerick", "GPE"))), gaz).places)
    assert found["Orchard Park Road"].lat is None and found["Orchard Park Road"].rule == "street+unresolved"


def test_a_site_matching_only_a_namesake_abroad_is_in_the_articles_town(gaz: Gazetteer) -> None:
    text = "The rally in Sunset Park drew 200 people, organisers in Galway said. Police in Galway said it was peaceful."
    spans_ = ents(text, ("Sunset Park", "GPE"), ("Galway", "GPE"), ("Galway", "GPE"))
    park = by_text(find_places(article(text, spans_), gaz).places)["Sunset Park"]
    assert park.country == "IRL" and "+home" in park.rule


def test_a_guess_of_the_gazetteer_scan_does_not_make_a_namesake_beat_the_obvious_place(gaz: Gazetteer) -> None:
    # a one-word "organisation" that is a town name is kept only with support; on its own it is no evidence
    # that the story is in its country: Warrington stays the English town, not a small namesake in Florida
    text = "Warrington councillors met Liberty delegates on Monday."
    places = by_text(find_places(article(text, ents(text, ("Warrington", "GPE"), ("Liberty", "ORG"))), gaz).places)
    assert places["Warrington"].country == "GBR" and "Liberty" not in places, places


def test_a_settlement_noun_makes_the_names_after_it_places(gaz: Gazetteer, nlp: Language) -> None:
    text = "Birds died in the village of Cellarby in Cumbria, England, last week."
    found = by_text(find_places(parse(nlp, text), gaz).places)
    assert found["Cellarby"].rule == "settlement+within+gazetteer:admin2" and found["Cellarby"].name == "Cellarby"
    assert (found["Cellarby"].lat, found["Cellarby"].lon) == (found["Cumbria"].lat, found["Cumbria"].lon)


def test_a_list_of_settlements_shares_its_container(gaz: Gazetteer, nlp: Language) -> None:
    text = "The towns of Harisk and Varzel in Ardabil province were hit by the quake."
    found = by_text(find_places(parse(nlp, text), gaz).places)
    assert found["Harisk"].country == found["Varzel"].country == "IRN"
    assert found["Harisk"].precision == "admin1" and "+within" in found["Harisk"].rule


def test_a_settlement_nobody_supports_stays_unresolved(gaz: Gazetteer, nlp: Language) -> None:
    # the gazetteer has a town of this name, but the article names nothing near it or in its country
    places = by_text(find_places(parse(nlp, "He grew up in the town of Kelowna."), gaz).places)
    assert places["Kelowna"].lat is None and places["Kelowna"].rule == "settlement+unresolved"

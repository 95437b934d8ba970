"""Divisions and evidence: admin areas on places, state abbreviations, cues, codes, newspapers, namesakes.

Sentences are invented; names are real places so the packaged gazetteer resolves them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from dateline.layers.places.gazetteer import Gazetteer, load_gazetteer, validate_data
from dateline.layers.places.places import find_places, location_of, precision

from .test_places import article, by_text, ents


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.getbasetemp() / "dateline-cache"  # the same folder as test_gazetteer's
    old = os.environ.get("DATELINE_CACHE_DIR")
    os.environ["DATELINE_CACHE_DIR"] = str(path)
    os.environ["DATELINE_PLACES"] = str(path / "no-user-places.tsv")
    load_gazetteer.cache_clear()
    yield load_gazetteer()
    load_gazetteer.cache_clear()
    os.environ.pop("DATELINE_PLACES", None)
    if old is None:
        os.environ.pop("DATELINE_CACHE_DIR", None)
    else:
        os.environ["DATELINE_CACHE_DIR"] = old


def test_divisions_by_geonames_code(gaz: Gazetteer) -> None:
    illinois = gaz.division("US.IL")
    assert illinois is not None and illinois.name == "Illinois" and illinois.level == 1
    cook = gaz.division("US.IL.031")
    assert cook is not None and cook.name == "Cook County" and cook.admin1 == "US.IL" and cook.level == 2
    assert cook.lat is not None and 41 < cook.lat < 43
    assert gaz.division("XX.99") is None


def test_counties_are_found_with_their_word(gaz: Gazetteer) -> None:
    kinds = {(e.kind, e.admin1) for e in gaz.lookup("Cook County")}
    assert ("admin2", "US.IL") in kinds
    assert all(e.kind != "admin2" or e.country2 != "US" for e in gaz.lookup("Cook"))  # "Cook" alone: no county


def test_abbreviations_ap_and_canadian_press(gaz: Gazetteer) -> None:
    ill, ont = gaz.abbreviation("Ill."), gaz.abbreviation("Ont.")
    assert ill is not None and ill.name == "Illinois" and ill.admin1 == "US.IL"
    assert ont is not None and ont.name == "Ontario" and ont.country2 == "CA"
    assert gaz.abbreviation("Ill") is None and gaz.abbreviation("Zzz.") is None


def test_town_then_abbreviation_is_in_that_state(gaz: Gazetteer) -> None:
    text = "Storms flattened barns near Springfield, Ill., on Monday."
    found = find_places(article(text, ents(text, ("Springfield", "GPE"))), gaz)
    places = by_text(found.places)
    town, state = places["Springfield"], places["Ill."]
    assert town.country == "USA" and town.admin1 == "Illinois" and town.admin1_code == "US.IL"
    assert town.precision == "city" and town.admin2 == "Sangamon County" and town.admin2_code == "US.IL.167"
    assert state.name == "Illinois" and state.precision == "admin1" and text[state.start : state.end] == "Ill."


def test_location_carries_the_divisions(gaz: Gazetteer) -> None:
    text = "Firefighters in Peoria, Illinois, worked overnight."
    places = by_text(find_places(article(text, ents(text, ("Peoria", "GPE"), ("Illinois", "GPE"))), gaz).places)
    loc = location_of(places["Peoria"])
    assert (loc.precision, loc.admin1, loc.admin1_code) == ("city", "Illinois", "US.IL")
    assert loc.admin2 == "Peoria County" and loc.admin2_code and loc.admin2_code.startswith("US.IL.")


def test_state_of_cue_picks_the_division(gaz: Gazetteer) -> None:
    text = "The first case was found in the state of Washington last year."
    (p,) = find_places(article(text, ents(text, ("Washington", "GPE"))), gaz).places
    assert p.precision == "admin1" and p.admin1_code == "US.WA"


def test_newspaper_names_are_not_places(gaz: Gazetteer) -> None:
    text = "The Denver Post reported the fire; the Daily Manila said little."
    places = find_places(article(text, ents(text, ("Denver", "GPE"), ("Manila", "GPE"))), gaz).places
    assert places == ()


def test_news_agency_names_are_not_places(gaz: Gazetteer) -> None:
    # Xinhua is also a town's name in China, SANA a spelling of Sanaa: as the agency writes its name, it is the agency
    text = "Xinhua reported floods in Hunan, TASS quoted officials in Moscow and SANA said nothing of Sana."
    spans = ents(text, ("Xinhua", "GPE"), ("Hunan", "GPE"), ("TASS", "ORG"), ("Moscow", "GPE"), ("SANA", "GPE"), ("Sana", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert set(places) == {"Hunan", "Moscow", "Sana"}
    assert places["Sana"].country == "YEM"


def test_diseases_named_after_places_are_not_places(gaz: Gazetteer) -> None:
    text = "Norwalk virus and Lassa haemorrhagic fever reached Kenya; Lyme disease cases rose in Mexico."
    spans = ents(text, ("Norwalk", "LOC"), ("Lassa", "GPE"), ("Kenya", "GPE"), ("Lyme", "GPE"), ("Mexico", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert set(places) == {"Kenya", "Mexico"}
    text = "Mexico flu cases rose."  # headline style: flu in Mexico
    assert [p.text for p in find_places(article(text, ents(text, ("Mexico", "GPE"))), gaz).places] == ["Mexico"]


def test_names_after_titles_and_kin_words_are_people(gaz: Gazetteer) -> None:
    text = "Mr. Holbrook spoke. He leaves his wife, Florence, and a son, Clifton. Augusta, 41, lives in Paris, Texas."
    spans = ents(text, ("Holbrook", "GPE"), ("Florence", "GPE"), ("Clifton", "GPE"), ("Augusta", "GPE"), ("Paris", "GPE"), ("Texas", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert set(places) == {"Paris", "Texas"}


@pytest.mark.parametrize(("where", "telluride"), [("Washington", False), ("Colorado", True)])
def test_a_small_town_opening_a_name_needs_the_story_there(gaz: Gazetteer, where: str, telluride: bool) -> None:
    # "Telluride Institute": the institute is named for Telluride, Colorado; "in Washington" is not there
    text = f"US officials met at the Telluride Institute in {where} on Monday."
    spans = ents(text, ("US", "GPE"), ("Telluride Institute", "FAC"), (where, "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert ("Telluride" in places) is telluride
    if telluride:
        assert places["Telluride"].admin1 == "Colorado"


def test_a_heading_does_not_narrow_the_next_paragraph(gaz: Gazetteer) -> None:
    text = "Praise from Washington and Cairo\n\nUS officials and Egypt welcomed the deal."
    spans = ents(text, ("Washington", "GPE"), ("Cairo", "GPE"), ("US", "GPE"), ("Egypt", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Cairo"].country == "EGY"  # not Cairo, Georgia, as if it read "Cairo, US"


def test_a_hamlet_in_a_country_the_article_never_names_is_unknown(gaz: Gazetteer) -> None:
    text = "Indian and Chinese troops clashed near Tawang, India said."
    spans = ents(text, ("Indian", "NORP"), ("Chinese", "NORP"), ("Tawang", "GPE"), ("India", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Tawang"].lat is None  # the gazetteer's only Tawang is a hamlet in Java
    # a hamlet in the article's own country still needs its division named or a place near it
    text = "Chinese troops patrolled near Dongzhang, Beijing said."
    spans = ents(text, ("Chinese", "NORP"), ("Dongzhang", "GPE"), ("Beijing", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Dongzhang"].lat is None  # the only Dongzhang is a hamlet in Fujian, 1,500 km from Beijing


def test_one_sense_per_discourse(gaz: Gazetteer) -> None:
    text = "Troops clashed in the Tawang sector of Arunachal Pradesh. Leaders in Bali, Indonesia, spoke of Tawang."
    spans = ents(text, ("Tawang", "GPE"), ("Arunachal Pradesh", "GPE"), ("Bali", "GPE"), ("Indonesia", "GPE"), ("Tawang", "GPE"))
    first, second = [p for p in find_places(article(text, spans), gaz).places if p.text == "Tawang"]
    assert first.country == second.country == "IND" and first.admin1 == second.admin1
    assert second.rule.startswith("spacy-ner+same-name")


def test_words_for_kinds_of_actor_are_not_towns(gaz: Gazetteer) -> None:
    # the model's "organisation" that is a known place name is usually a small place (kept with support);
    # not when it is a word for a body: Congress, Arizona and Police, Poland exist
    text = "Congress approved the aid for Arizona. Police in Phoenix said nothing."
    spans = ents(text, ("Congress", "ORG"), ("Arizona", "GPE"), ("Police", "ORG"), ("Phoenix", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert set(places) == {"Arizona", "Phoenix"}


def test_the_holder_named_before_the_place_word(gaz: Gazetteer) -> None:
    text = "France and the US sent envoys to the Texas city of Paris. Later, Paris officials and the French spoke."
    spans = ents(text, ("France", "GPE"), ("US", "GPE"), ("Texas", "GPE"), ("Paris", "GPE"), ("Paris", "GPE"), ("French", "NORP"))
    first, second = [p for p in find_places(article(text, spans), gaz).places if p.text == "Paris"]
    assert first.admin1 == second.admin1 == "Texas"  # the second by one sense per discourse
    text = "The English city of Salisbury and the Cusco region of Peru."  # Peru holds Cusco, not the reverse
    spans = ents(text, ("English", "NORP"), ("Salisbury", "GPE"), ("Cusco", "GPE"), ("Peru", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Salisbury"].country == "GBR" and places["Peru"].precision == "country"


def test_ship_classes_kin_without_comma_and_demonyms_labelled_places(gaz: Gazetteer) -> None:
    text = "Chile ordered two Virginia-class boats; he came with his daughter Madison. Malian troops withdrew."
    spans = ents(text, ("Chile", "GPE"), ("Virginia", "GPE"), ("Madison", "GPE"), ("Malian", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert set(places) == {"Chile", "Malian"}
    assert places["Malian"].country == "MLI" and places["Malian"].rule.startswith("demonym")


def test_short_capitals_are_codes_not_towns(gaz: Gazetteer) -> None:
    text = "The EU and the US met. The BAI said nothing."
    places = by_text(find_places(article(text, ents(text, ("EU", "GPE"), ("US", "GPE"), ("BAI", "GPE"))), gaz).places)
    assert places["US"].country == "USA" and places["US"].precision == "country"
    assert places["EU"].country != "FRA"  # never the town of Eu in France
    assert places["BAI"].lat is None  # no code: unresolved rather than a town called Bai


def test_a_list_of_countries_is_not_narrowed(gaz: Gazetteer) -> None:
    text = "Many countries, among them China, Japan and the UK, warned the agency."
    spans = ents(text, ("China", "GPE"), ("Japan", "GPE"), ("UK", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["China"].country == "CHN" and places["China"].precision == "country"


def test_namesake_needs_evidence(gaz: Gazetteer) -> None:
    text = "Officials in Oklahoma and in Texas counted the damage after the storms."
    places = by_text(find_places(article(text, ents(text, ("Oklahoma", "GPE"), ("Texas", "GPE"))), gaz).places)
    assert places["Oklahoma"].precision == "admin1" and places["Texas"].precision == "admin1"


def test_a_place_opening_an_institution_name(gaz: Gazetteer) -> None:
    text = "Engineers at the Orange County Sanitation District tested the water in California."
    spans = ents(text, ("Orange County Sanitation District", "GPE"), ("California", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    county = places["Orange County"]
    assert county.precision == "admin2" and county.admin1_code == "US.CA"


def test_times_are_not_scanned_for_places(gaz: Gazetteer) -> None:
    text = "The meeting began at 9 A.M. Monday."
    assert find_places(article(text, ents(text, ("9 A.M. Monday", "TIME"))), gaz).places == ()


def test_precision_of_kinds() -> None:
    assert precision("country", "PCLI") == "country"
    assert precision("admin1", "ADM1") == "admin1"
    assert precision("admin2", "ADM2") == "admin2"
    assert precision("city", "PPLA") == "city"
    assert precision("region", "RGN") == "region"
    assert precision("place", "PRK") == "point"


def test_division_data_is_valid() -> None:
    assert validate_data() == []


def test_the_dateline_division_is_the_articles_home(gaz: Gazetteer) -> None:
    text = "PARIS, Mo. (AP) - Deputies in Monroe County searched the river after the storm."
    spans = [*ents(text, ("PARIS", "GPE"), rule="dateline"), *ents(text, ("Monroe County", "GPE"))]
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Mo."].admin1_code == "US.MO"
    assert places["PARIS"].admin1_code == "US.MO"
    assert places["Monroe County"].admin1_code == "US.MO" and places["Monroe County"].admin2_code == "US.MO.137"


def test_division_names_without_their_type_word(gaz: Gazetteer) -> None:
    text = "Farmers in Laguna, south of Manila in the Philippines, lost their pigs."
    spans = ents(text, ("Laguna", "GPE"), ("Manila", "GPE"), ("Philippines", "GPE"))
    places = by_text(find_places(article(text, spans), gaz).places)
    assert places["Laguna"].country == "PHL" and places["Laguna"].precision == "admin2"


def test_the_more_populous_of_two_namesake_divisions(gaz: Gazetteer) -> None:
    text = "Ranchers in Montana and Wyoming sold cattle."
    places = by_text(find_places(article(text, ents(text, ("Montana", "GPE"), ("Wyoming", "GPE"))), gaz).places)
    assert places["Montana"].admin1_code == "US.MT"


def test_area_codes_name_their_state_or_province(gaz: Gazetteer) -> None:
    ontario, texas = gaz.area_code("519"), gaz.area_code("903")
    assert ontario is not None and ontario.name == "Ontario" and ontario.admin1 == "CA.08"
    assert texas is not None and texas.admin1 == "US.TX"
    assert gaz.area_code("800") is None and gaz.area_code("809") is None  # toll-free; a country of the plan


def test_telephone_numbers_as_printed() -> None:
    from dateline.layers.places.resolve import _PHONE

    text = "Call (903) 555-0100, 903-555-0101, 1-903-555-0102, 903.555.0103 or 1-800-555-0104; not 1903-555-0105."
    assert [m.group(1) or m.group(2) for m in _PHONE.finditer(text)] == ["903", "903", "903", "903", "800"]


def test_the_articles_telephone_numbers_show_its_region(gaz: Gazetteer) -> None:
    text = "Paris police said the store was robbed on Monday. Anyone with information may call {}."
    spans = ents(text, ("Paris", "GPE"))
    local = by_text(find_places(article(text.format("903-555-0100"), spans), gaz).places)["Paris"]
    assert local.country == "USA" and local.admin1_code == "US.TX"  # Paris, Texas (area code 903)
    toll_free = by_text(find_places(article(text.format("1-800-555-0100"), spans), gaz).places)["Paris"]
    assert toll_free.country == "FRA"
    nothing = by_text(find_places(article(text.format("the police"), spans), gaz).places)["Paris"]
    assert nothing.country == "FRA"


def test_telephone_numbers_do_not_move_a_country(gaz: Gazetteer) -> None:
    text = "Lebanon closed the border on Monday, officials said. Call 717-555-0100 for the chamber of commerce."
    assert by_text(find_places(article(text, ents(text, ("Lebanon", "GPE"))), gaz).places)["Lebanon"].country == "LBN"


def test_telephone_numbers_count_only_in_local_news(gaz: Gazetteer) -> None:
    text = "Athens reported two cases, Greece said on Monday. The agency's hotline is 404-555-0100."
    places = by_text(find_places(article(text, ents(text, ("Athens", "GPE"), ("Greece", "GPE"))), gaz).places)
    assert places["Athens"].country == "GRC"  # not Athens, Georgia (area code 404)

"""Places: toponyms resolved with the article as context, and the per-clause place lookup."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from spacy.language import Language

from dateline.ingest import read_articles
from dateline.layers.places.gazetteer import Gazetteer, load_gazetteer
from dateline.layers.places.places import PlaceIndex, find_places
from dateline.model import Article, Entity, Extraction, Place
from dateline.nlp import ParsedArticle

from ...conftest import SAMPLE


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.getbasetemp() / "dateline-cache"  # the same folder as test_gazetteer's
    old = os.environ.get("DATELINE_CACHE_DIR")
    os.environ["DATELINE_CACHE_DIR"] = str(path)
    load_gazetteer.cache_clear()
    yield load_gazetteer()
    load_gazetteer.cache_clear()
    if old is None:
        os.environ.pop("DATELINE_CACHE_DIR", None)
    else:
        os.environ["DATELINE_CACHE_DIR"] = old


def ents(text: str, *spans: tuple[str, str], rule: str = "spacy-ner") -> list[Entity]:
    """Entities for the first occurrence of each ``(surface, label)``, searched left to right."""
    out, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        out.append(Entity(start=start, end=start + len(surface), text=surface, label=label, rule=rule))
        at = start + len(surface)
    return out


def article(text: str, entities: list[Entity]) -> ParsedArticle:
    """An article whose only input to the places layer is ``entities`` (no parsed paragraphs to scan)."""
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),))
    return ParsedArticle(article=art, pieces=(), entities=tuple(entities))


def by_text(places: tuple[Place, ...] | list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


def test_moscow_is_russias_capital_by_default(gaz: Gazetteer) -> None:
    text = "Talks in Moscow ended on Friday."
    (moscow,) = find_places(article(text, ents(text, ("Moscow", "GPE"))), gaz).places
    assert moscow.country == "RUS" and moscow.feature == "PPLC" and moscow.geonameid
    assert moscow.lat is not None and 55 < moscow.lat < 56.5


def test_moscow_in_an_article_about_idaho(gaz: Gazetteer) -> None:
    text = "Students in Moscow cheered. The university town in Idaho is small. Moscow has a farmers market."
    places = find_places(article(text, ents(text, ("Moscow", "GPE"), ("Idaho", "GPE"), ("Moscow", "GPE"))), gaz).places
    moscows = [p for p in places if p.text == "Moscow"]
    assert moscows and all(p.country == "USA" and p.lat is not None and 46 < p.lat < 47.5 for p in moscows)


def test_a_world_city_is_not_its_small_namesake_in_a_state_named_elsewhere(gaz: Gazetteer) -> None:
    # a national story names Texas for its own reasons; "the attacks in Paris" stay in France
    filler = " The debate moved on to taxes, trade and the economy, which candidates discussed at length." * 4
    text = "Voters in Texas and Ohio went to the polls." + filler + " After the attacks in Paris, the candidates spoke."
    places = by_text(find_places(article(text, ents(text, ("Texas", "GPE"), ("Ohio", "GPE"), ("Paris", "GPE"))), gaz).places)
    assert places["Paris"].country == "FRA"
    # named beside its state, or among its neighbouring towns (local news), the namesake is meant
    text = "The plant in Paris closed. Workers across Texas protested."
    assert by_text(find_places(article(text, ents(text, ("Paris", "GPE"), ("Texas", "GPE"))), gaz).places)["Paris"].country == "USA"
    text = "Voters in Texas went to the polls." + filler + " In Paris and Clarksville, turnout rose."
    places = find_places(article(text, ents(text, ("Texas", "GPE"), ("Paris", "GPE"), ("Clarksville", "GPE"))), gaz).places
    assert by_text(places)["Paris"].country == "USA"


def test_second_name_narrows_the_first(gaz: Gazetteer) -> None:
    text = "The plant in Paris, Texas, closed."
    places = by_text(find_places(article(text, ents(text, ("Paris", "GPE"), ("Texas", "GPE"))), gaz).places)
    assert places["Paris"].country == "USA"
    assert places["Texas"].feature == "ADM1"


def test_possessive_region(gaz: Gazetteer) -> None:
    text = "A spaceport in Russia's Far East hosted the summit."
    places = find_places(article(text, ents(text, ("Russia", "GPE"), ("Far East", "LOC"))), gaz).places
    (region,) = places
    assert region.text == "Russia's Far East" and region.country == "RUS" and region.feature == "RGN"
    assert text[region.start : region.end] == region.text


def test_unresolved_toponyms_are_listed_without_coordinates(gaz: Gazetteer) -> None:
    text = "Rain fell on Zqxvillebergshire overnight."
    (p,) = find_places(article(text, ents(text, ("Zqxvillebergshire", "GPE"))), gaz).places
    assert p.lat is None and p.lon is None and p.text == "Zqxvillebergshire" and "unresolved" in p.rule


def test_a_citys_code_is_its_name_only_in_capitals(gaz: Gazetteer) -> None:
    # GeoNames lists airport codes among a city's names: "SEA" is Seattle, "the Sea" no town at all
    text = "Delegates at the Convention on the Law of the Sea met in Geneva."
    places = by_text(find_places(article(text, ents(text, ("Sea", "LOC"), ("Geneva", "GPE"))), gaz).places)
    assert places["Sea"].lat is None
    text = "Delegates met in NYC before flying to SEA."
    places = by_text(find_places(article(text, ents(text, ("NYC", "GPE"), ("SEA", "GPE"))), gaz).places)
    assert places["NYC"].name == "New York City" and places["SEA"].name == "Seattle"
    # a state's postal code likewise ("TX"), and an AP abbreviation the writer left the full stop off after a town
    text = "The rally in Austin, TX drew crowds. BEREA, Ky - A fire broke out."
    places = by_text(find_places(article(text, ents(text, ("Austin", "GPE"), ("TX", "GPE"), ("Ky", "GPE"))), gaz).places)
    assert places["TX"].name == "Texas" and places["Ky"].name == "Kentucky"


def test_compass_words_and_people_are_not_places(gaz: Gazetteer) -> None:
    text = "Troops moved North as Georgia Smith watched."
    places = find_places(article(text, ents(text, ("North", "LOC"), ("Georgia Smith", "PERSON"))), gaz).places
    assert places == ()


def test_demonyms_are_places_but_not_event_locations(gaz: Gazetteer) -> None:
    text = "The Russian delegation arrived."
    found = find_places(article(text, ents(text, ("Russian", "NORP"))), gaz)
    places, index = found.places, found.index
    assert [p.country for p in places] == ["RUS"]
    assert index.places_in(0, len(text)) == []


def test_place_index_gives_the_places_of_a_span_and_the_dateline(gaz: Gazetteer) -> None:
    text = "SEOUL (AFP) - North Korea said officials met in Pyongyang. Others stayed home."
    entities = [
        *ents(text, ("SEOUL", "GPE"), rule="dateline"),
        *ents(text, ("North Korea", "GPE"), ("Pyongyang", "GPE")),
    ]
    found = find_places(article(text, entities), gaz)
    places, index = found.places, found.index
    first = index.places_in(14, text.index(".") + 1)
    assert [p.name for p in first] == ["North Korea", "Pyongyang"]
    assert index.places_in(text.index("Pyongyang"), text.index("Pyongyang") + 5) == []  # only whole spans
    assert index.places_in(text.index("Others"), len(text)) == []
    assert index.dateline is not None and index.dateline.name == "Seoul" and index.dateline.country == "KOR"
    assert PlaceIndex(places).dateline is None


@pytest.fixture(scope="module")
def sample(gaz: Gazetteer) -> Extraction:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE} (../shared is absent)")
    from dateline.nlp import load_pipeline
    from dateline.pipeline import extract_articles

    (result,) = list(extract_articles(read_articles([str(SAMPLE)]), load_pipeline("sm")))
    assert isinstance(result, Extraction)
    return result


def test_sample_places(sample: Extraction) -> None:
    text = sample.article.text
    for p in sample.places:
        assert text[p.start : p.end] == p.text
    places = {p.text: p for p in sample.places}
    for name, country, lat, lon in (("Vladivostok", "RUS", 43.1, 131.9), ("Pyongyang", "PRK", 39.0, 125.8)):
        p = places[name]
        assert p.country == country and p.geonameid
        assert p.lat is not None and p.lon is not None and abs(p.lat - lat) < 0.5 and abs(p.lon - lon) < 0.5
    region = places["Russia's Far East"]
    assert region.feature == "RGN" and region.country == "RUS" and region.lat is not None


def test_people_are_places_after_a_locative_or_in_a_list_of_places(gaz: Gazetteer) -> None:
    text = "She was flown to a clinic in Stevenage. Flood warnings cover Devon and Cornwall. Glasgow said nothing."
    found = by_text(find_places(article(text, ents(
        text, ("Stevenage", "PERSON"), ("Devon", "GPE"), ("Cornwall", "PERSON"), ("Glasgow", "PERSON"),
    )), gaz).places)  # fmt: skip
    assert found["Stevenage"].country == "GBR" and found["Stevenage"].rule.startswith("person+cue")
    assert found["Cornwall"].country == "GBR"
    assert "Glasgow" not in found  # a "person" with no place cue stays a person


def test_a_person_the_article_names_stays_one_after_from_or_before_a_name(gaz: Gazetteer) -> None:
    # "from" takes people too, and a name going on ("the Stevenage White House") is not the town
    text = "Senator Anna Stevenage spoke. Rivals faced attacks from Stevenage. Aides in the Stevenage White House left."
    found = by_text(find_places(article(text, ents(
        text, ("Anna Stevenage", "PERSON"), ("Stevenage", "PERSON"), ("Stevenage", "PERSON"), ("White House", "ORG"),
    )), gaz).places)  # fmt: skip
    assert "Stevenage" not in found
    # a locative of place still says place
    text = "Senator Anna Stevenage spoke. Rivals gathered in Stevenage."
    found = by_text(find_places(article(text, ents(text, ("Anna Stevenage", "PERSON"), ("Stevenage", "PERSON"))), gaz).places)
    assert found["Stevenage"].country == "GBR"


def test_a_person_before_a_word_only_places_take_is_a_place(gaz: Gazetteer) -> None:
    text = "Mashhad residents felt the quake."
    (mashhad,) = find_places(article(text, ents(text, ("Mashhad", "PERSON"))), gaz).places
    assert mashhad.country == "IRN"


def test_a_person_before_a_possessive_or_after_a_comma_is_not_cued(gaz: Gazetteer) -> None:
    text = "Rain fell in Texas, Lucy said. Rescuers reached into Lucy's car."
    found = by_text(find_places(article(text, ents(text, ("Texas", "GPE"), ("Lucy", "PERSON"), ("Lucy", "PERSON"))), gaz).places)
    assert set(found) == {"Texas"}


def test_a_list_of_states_keeps_georgia_a_state(gaz: Gazetteer) -> None:
    text = "Storms hit Alabama, Georgia, Tennessee and Kentucky overnight."
    found = by_text(find_places(article(text, ents(
        text, ("Alabama", "GPE"), ("Georgia", "GPE"), ("Tennessee", "GPE"), ("Kentucky", "GPE"),
    )), gaz).places)  # fmt: skip
    assert found["Georgia"].country == "USA" and found["Georgia"].precision == "admin1"


def test_a_country_name_is_the_division_holding_the_articles_towns_where_nothing_is_in_the_country(gaz: Gazetteer) -> None:
    text = "Families settled in Savannah and Macon. Aid groups across Georgia helped them."
    found = by_text(find_places(article(text, ents(text, ("Savannah", "GPE"), ("Macon", "GPE"), ("Georgia", "GPE"))), gaz).places)
    assert found["Georgia"].country == "USA" and found["Georgia"].feature == "ADM1"
    # anything of the country in the article (a town, its people) keeps the country
    text = "Georgian exporters complained. Traders in Atlanta and in Georgia blamed tariffs."
    found = by_text(find_places(article(text, ents(text, ("Georgian", "NORP"), ("Atlanta", "GPE"), ("Georgia", "GPE"))), gaz).places)
    assert found["Georgia"].country == "GEO"


def test_a_country_before_a_country_is_not_narrowed_to_a_town(gaz: Gazetteer) -> None:
    text = "He worked in Russia, U.S. officials said."
    found = by_text(find_places(article(text, ents(text, ("Russia", "GPE"), ("U.S.", "GPE"))), gaz).places)
    assert found["Russia"].country == "RUS" and found["Russia"].precision == "country"


def test_the_second_name_is_narrowed_to_the_division_holding_the_first(gaz: Gazetteer) -> None:
    text = "Pigs were culled at farms in Naic, Cavite and in Manila."
    found = by_text(find_places(article(text, ents(text, ("Naic", "GPE"), ("Cavite", "GPE"), ("Manila", "GPE"))), gaz).places)
    assert found["Cavite"].precision == "admin2" and found["Cavite"].name == "Province of Cavite"


def test_the_city_of_a_name_is_the_town(gaz: Gazetteer) -> None:
    text = "Traffic stalled in the city of Sao Paulo on Monday."
    (sp,) = find_places(article(text, ents(text, ("Sao Paulo", "GPE"))), gaz).places
    assert sp.precision == "city" and sp.lat is not None and -24 < sp.lat < -23


def test_x_in_y_narrows_x_to_y(gaz: Gazetteer) -> None:
    text = "The farm lies in Chickasaw County in northeast Iowa."
    found = by_text(find_places(article(text, ents(text, ("Chickasaw County", "GPE"), ("Iowa", "GPE"))), gaz).places)
    assert found["Chickasaw County"].admin1 == "Iowa"


def test_a_scanned_name_is_kept_where_the_model_read_it_as_a_place_elsewhere(gaz: Gazetteer) -> None:
    from dateline.layers.places.mentions import Mention
    from dateline.layers.places.resolve import resolve_mentions

    text = "Oregon lawmakers voted on Monday. The Oregon Department of Forestry welcomed it."
    later = text.index("Oregon", 10)
    cands = tuple(gaz.lookup("Oregon"))
    spacy, scanned = resolve_mentions(text, [Mention(0, 6, "spacy-ner", cands), Mention(later, later + 6, "gazetteer", cands)], gaz)
    assert spacy is not None and spacy.kind == "admin1" and scanned == spacy


def test_a_village_found_only_by_the_scan_needs_its_division_or_a_place_near_it(gaz: Gazetteer) -> None:
    from dateline.layers.places.mentions import Mention
    from dateline.layers.places.resolve import resolve_mentions

    village = tuple(c for c in gaz.lookup("Supreme") if c.country2 == "US")  # a town of about a thousand people
    assert village and village[0].population < 10_000
    text = "Lawmakers in Texas met. The Supreme ruling came on Monday."
    at = text.index("Supreme")
    texas = tuple(gaz.lookup("Texas"))
    chosen = resolve_mentions(text, [Mention(13, 18, "spacy-ner", texas), Mention(at, at + 7, "gazetteer", village)], gaz)
    assert chosen[1] is None  # the article's country alone does not place it


def test_two_names_sharing_their_noun_are_two_places(gaz: Gazetteer) -> None:
    text = "Frogs live in Central and South America. Both North and South Korea protested, as did central and West Africa."
    found = by_text(find_places(article(text, ents(
        text, ("Central and South America", "LOC"), ("South Korea", "GPE"), ("West Africa", "LOC"),
    )), gaz).places)  # fmt: skip
    assert found["Central"].name == "Central America" and found["South America"].name == "South America"
    assert found["North"].country == "PRK" and found["South Korea"].country == "KOR"
    assert "central" not in found  # a lower-case adjective is not read as a name


def test_a_demonym_that_opens_a_place_name_is_the_place(gaz: Gazetteer) -> None:
    text = "Gold miners crossed from Suriname into French Guiana."
    found = by_text(find_places(article(text, ents(text, ("Suriname", "GPE"), ("French", "NORP"))), gaz).places)
    assert found["French Guiana"].country == "GUF"


def test_a_town_opening_the_name_of_its_council_or_court_is_a_place(gaz: Gazetteer) -> None:
    text = "Winnipeg MLA Jo Smith met the Kelowna City Council. The United States Congress was not told."
    found = by_text(find_places(article(text, ents(
        text, ("Winnipeg MLA Jo Smith", "PERSON"), ("Kelowna City Council", "ORG"), ("United States Congress", "ORG"),
    )), gaz).places)  # fmt: skip
    assert found["Winnipeg"].country == "CAN" and found["Kelowna"].country == "CAN"
    assert found["Winnipeg"].rule.startswith("institution+head")
    assert "United States" not in found  # a country's national body is not read this way


def test_a_small_towns_name_used_for_a_person_stays_a_person(gaz: Gazetteer) -> None:
    text = "Lee thanked his hosts. The prize came from Lee in the end, in Seoul."
    found = by_text(find_places(article(text, ents(text, ("Lee", "PERSON"), ("Lee", "PERSON"), ("Seoul", "GPE"))), gaz).places)
    assert set(found) == {"Seoul"}


def test_a_persons_surname_is_the_person_where_nothing_says_place(gaz: Gazetteer, nlp: Language) -> None:
    from ..parsing import parse

    # a one-word name after a title: the scan no longer reads the town of that name
    text = "Talks with President Burnaby ended on Monday, and Burnaby's aides left for Denver."
    assert {p.text for p in find_places(parse(nlp, text), gaz).places} == {"Denver"}
    # the surname of a person the article names, labelled anything else, is that person ...
    text = "Novelist Anna Burnaby spoke in Toronto. Critics praised Burnaby on Monday."
    found = by_text(find_places(article(text, ents(text, ("Anna Burnaby", "PERSON"), ("Toronto", "GPE"), ("Burnaby", "ORG"))), gaz).places)
    assert set(found) == {"Toronto"}
    # ... unless the words around it say place
    text = "Novelist Anna Burnaby spoke in Toronto. Critics met in Burnaby on Monday."
    found = by_text(find_places(article(text, ents(text, ("Anna Burnaby", "PERSON"), ("Toronto", "GPE"), ("Burnaby", "ORG"))), gaz).places)
    assert set(found) == {"Toronto", "Burnaby"} and found["Burnaby"].country == "CAN"
    # the model's place label on the surname of a person named before: a town's name alone is no place
    text = "Senator Anna Carson spoke in Denver. Voters cheered Carson and her rivals."
    found = by_text(find_places(article(text, ents(text, ("Anna Carson", "PERSON"), ("Denver", "GPE"), ("Carson", "GPE"))), gaz).places)
    assert set(found) == {"Denver"}
    # a city big enough to be named on its own stays one
    text = "Mayor Anna Houston spoke in Denver. Voters cheered Houston and its mayor."
    found = by_text(find_places(article(text, ents(text, ("Anna Houston", "PERSON"), ("Denver", "GPE"), ("Houston", "GPE"))), gaz).places)
    assert set(found) == {"Denver", "Houston"}


def test_a_country_named_is_no_reason_for_a_tiny_namesake_of_a_big_city(gaz: Gazetteer) -> None:
    text = "A drugmaker of Tampa, Fla., was sold. In Montreal, the pitcher allowed one hit."
    found = by_text(find_places(article(text, ents(text, ("Tampa", "GPE"), ("Fla.", "GPE"), ("Montreal", "GPE"))), gaz).places)
    assert found["Montreal"].country == "CAN" and found["Montreal"].precision == "city"


def test_a_score_the_model_took_into_a_place_name_is_left_out(gaz: Gazetteer) -> None:
    text = "Iceland drew with Liechtenstein 2-2 in Vaduz."
    found = by_text(find_places(article(text, ents(text, ("Iceland", "GPE"), ("Liechtenstein 2-2", "GPE"))), gaz).places)
    assert found["Liechtenstein"].country == "LIE" and found["Liechtenstein"].end == text.index(" 2-2")


def test_a_country_the_model_took_for_a_person_is_the_country(gaz: Gazetteer, nlp: Language) -> None:
    from dataclasses import replace

    from ..parsing import parse

    text = "Tourism in Costa Rica rose. Costa Rica signed a pact with Panama on Monday."
    labels = ents(text, ("Costa Rica", "GPE"), ("Costa Rica", "PERSON"), ("Panama", "GPE"))
    parsed = replace(parse(nlp, text), entities=tuple(labels))  # the model's label for the second: a person
    found = [p for p in find_places(parsed, gaz).places if p.text == "Costa Rica"]
    assert len(found) == 2 and all(p.country == "CRI" for p in found), found


def test_a_country_the_model_took_for_an_event_or_a_work_is_the_country(gaz: Gazetteer, nlp: Language) -> None:
    from dataclasses import replace

    from ..parsing import parse

    text = "Aid reached Moldova in May. Moldova asked Romania for more on Monday."
    labels = ents(text, ("Moldova", "GPE"), ("Moldova", "WORK_OF_ART"), ("Romania", "GPE"))
    found = [p for p in find_places(replace(parse(nlp, text), entities=tuple(labels)), gaz).places if p.text == "Moldova"]
    assert len(found) == 2 and all(p.country == "MDA" for p in found), found


def test_a_big_place_ending_an_unknown_name_is_read_like_one_opening_it(gaz: Gazetteer) -> None:
    text = "Jet Lisbon flights resumed from Porto on Monday."
    found = by_text(find_places(article(text, ents(text, ("Jet Lisbon", "FAC"), ("Porto", "GPE"))), gaz).places)
    assert found["Lisbon"].country == "PRT" and "+tail" in found["Lisbon"].rule and "Jet Lisbon" not in found
    # unsupported (no other place of its country), it is no place at all
    text = "Jet Lisbon flights resumed on Monday."
    assert not find_places(article(text, ents(text, ("Jet Lisbon", "FAC"))), gaz).places


def test_an_unknown_name_before_a_weekday_names_the_day(gaz: Gazetteer) -> None:
    text = "Voters in Ohio went to the polls on Zorble Tuesday."
    found = by_text(find_places(article(text, ents(text, ("Ohio", "GPE"), ("Zorble", "GPE"))), gaz).places)
    assert set(found) == {"Ohio"}


def test_only_a_known_place_makes_a_list_of_people_a_list_of_places(gaz: Gazetteer) -> None:
    text = "The candidates, Fremont, Quixley and Burnaby, debated on Monday in Ohio."
    labels = ents(text, ("Fremont", "PERSON"), ("Quixley", "GPE"), ("Burnaby", "PERSON"), ("Ohio", "GPE"))
    found = by_text(find_places(article(text, labels), gaz).places)
    assert "Fremont" not in found and "Burnaby" not in found  # "Quixley" is no known place to list them with


def test_a_town_after_a_lowercase_role_is_a_person(gaz: Gazetteer) -> None:
    text = "Former party leader Burnaby met voters in Texas. The candidate Texas Sen. Jane Doe spoke."
    labels = ents(text, ("Burnaby", "GPE"), ("Texas", "GPE"), ("Texas", "GPE"))
    found = [p.text for p in find_places(article(text, labels), gaz).places]
    assert found == ["Texas", "Texas"]


def test_a_small_division_is_not_more_obvious_than_a_big_city(gaz: Gazetteer) -> None:
    text = "Rain fell on Charlotte on Monday."
    found = by_text(find_places(article(text, ents(text, ("Charlotte", "GPE"))), gaz).places)
    assert found["Charlotte"].country == "USA" and found["Charlotte"].precision == "city"


def test_a_state_abbreviation_the_model_cut_before_its_full_stop(gaz: Gazetteer) -> None:
    text = "Sen. Jane Doe (R-Fla.) spoke in Austin, Tex., on Monday."
    found = by_text(find_places(article(text, ents(text, ("Fla", "GPE"), ("Austin", "GPE"), ("Tex", "GPE"))), gaz).places)
    assert found["Fla"].name == "Florida" and found["Tex."].name == "Texas" and found["Austin"].country == "USA"


def test_an_unknown_word_among_capitals_is_no_place(gaz: Gazetteer) -> None:
    text = "Intro.\nPOLLS IN OHIO NOT QUITE GLUMPY, JUST EARLY - Jane Doe\nVoters in Ohio waited."
    found = [p.text for p in find_places(article(text, ents(text, ("OHIO", "GPE"), ("GLUMPY", "GPE"), ("Ohio", "GPE"))), gaz).places]
    assert "GLUMPY" not in found and "OHIO" in found


def test_islands_and_a_division_ending_a_name(gaz: Gazetteer) -> None:
    text = "Fishermen of the Virgin Islands’ fleet and the group Liberty Ohio met in Dayton, Ohio."
    labels = ents(text, ("Virgin Islands’", "GPE"), ("Liberty Ohio", "GPE"), ("Dayton", "GPE"), ("Ohio", "GPE"))
    found = by_text(find_places(article(text, labels), gaz).places)
    assert found["Virgin Islands"].country == "VIR"  # no town "Virgin", and not the possessive's mark
    assert "Liberty" not in found and found["Ohio"].precision == "admin1"  # a division ending a name beats a town opening it


def test_a_town_modifying_a_settlement_noun_holds_the_name_after_it(gaz: Gazetteer) -> None:
    text = "Fires spread through the Lagos slum Zorbaville on Monday."
    found = by_text(find_places(article(text, ents(text, ("Lagos", "GPE"), ("Zorbaville", "GPE"))), gaz).places)
    assert found["Zorbaville"].country == "NGA" and "within" in found["Zorbaville"].rule


def test_a_small_place_abroad_in_a_story_that_never_names_its_country_is_unknown(gaz: Gazetteer) -> None:
    from dateline.layers.places.mentions import Mention
    from dateline.layers.places.resolve import resolve_mentions

    text = "Voters in Ohio and Texas cheered. Vaduz was the word of the day."
    hamlet = tuple(c for c in gaz.lookup("Vaduz") if c.kind == "city")
    assert hamlet and all(c.country2 != "US" for c in hamlet)
    ohio, texas = tuple(gaz.lookup("Ohio")), tuple(gaz.lookup("Texas"))
    mentions = [Mention(10, 14, "spacy-ner", ohio), Mention(19, 24, "spacy-ner", texas), Mention(34, 39, "spacy-ner", hamlet)]
    assert resolve_mentions(text, mentions, gaz)[2] is None


def test_us_regions_in_a_us_story(gaz: Gazetteer) -> None:
    text = "Storms hit Long Island and the Northeast, officials in New Jersey said."
    found = by_text(find_places(article(text, ents(text, ("Long Island", "LOC"), ("Northeast", "LOC"), ("New Jersey", "GPE"))), gaz).places)
    assert found["Long Island"].country == "USA" and found["Northeast"].country == "USA"


def test_a_small_town_scanned_in_a_title_case_headline_is_no_place(gaz: Gazetteer) -> None:
    from dateline.layers.places.cues import is_capitalised_word
    from dateline.layers.places.mentions import Mention

    town = tuple(c for c in gaz.lookup("Supreme") if c.kind == "city")
    headline = "Senators Weigh Every Supreme Ruling\nThe court met in Ohio."
    at = headline.index("Supreme")
    assert is_capitalised_word(headline, Mention(at, at + 7, "gazetteer", town))
    prose = "Senators said the Supreme ruling came late.\nThe court met in Ohio."
    at = prose.index("Supreme")
    assert not is_capitalised_word(prose, Mention(at, at + 7, "gazetteer", town))


def test_a_region_cue_keeps_a_region_of_the_name(gaz: Gazetteer) -> None:
    text = "Warships patrolled the Gulf region on Monday."
    found = by_text(find_places(article(text, ents(text, ("Gulf", "LOC"))), gaz).places)
    assert found["Gulf"].country != "PNG" and found["Gulf"].precision == "region"


def test_a_short_dateline_town_in_capitals_is_no_code(gaz: Gazetteer) -> None:
    text = "BAKU, June 3 (Reuters) - Talks resumed. The EU said nothing."
    found = by_text(find_places(article(text, [*ents(text, ("BAKU", "GPE"), rule="spacy-ner+dateline"), *ents(text, ("EU", "GPE"))]), gaz).places)
    assert found["BAKU"].country == "AZE"
    assert "EU" not in found or found["EU"].country != "FRA"  # elsewhere a short capitals token is still a code


def test_a_place_read_over_a_comma_is_a_name_and_its_town(gaz: Gazetteer) -> None:
    text = "The match is at Kookaburra Oval, Melbourne, on Sunday."
    found = by_text(find_places(article(text, ents(text, ("Kookaburra Oval, Melbourne", "FAC"))), gaz).places)
    assert found["Melbourne"].country == "AUS"
    assert found["Kookaburra Oval"].country == "AUS" and "within" in found["Kookaburra Oval"].rule


def test_a_name_with_a_regnal_number_is_a_monarch(gaz: Gazetteer) -> None:
    text = "King Frederick II was born at Greenwich. Victoria II sailed for Burnaby."
    found = by_text(find_places(article(text, ents(text, ("Frederick", "GPE"), ("Victoria", "GPE"), ("Burnaby", "GPE"))), gaz).places)
    assert set(found) == {"Burnaby"}


def test_a_heading_and_the_next_paragraph_are_not_x_in_y(gaz: Gazetteer) -> None:
    text = "Tokyo\n\nIn Tokyo, officials met."
    places = find_places(article(text, ents(text, ("Tokyo", "GPE"), ("Tokyo", "GPE"))), gaz).places
    assert [p.precision for p in places] == ["city", "city"]


def test_a_place_the_text_puts_in_a_division_or_town_takes_its_point(gaz: Gazetteer) -> None:
    text = "Volunteers cleaned the beach at Qwertyville, Auckland, and the Spring Lake area of Knox County in Illinois."
    found = by_text(find_places(article(text, ents(
        text, ("Qwertyville", "GPE"), ("Auckland", "GPE"), ("Spring Lake", "LOC"), ("Knox County", "GPE"), ("Illinois", "GPE"),
    )), gaz).places)  # fmt: skip
    q, spring = found["Qwertyville"], found["Spring Lake"]
    assert q.country == "NZL" and "+within" in q.rule and q.lat is not None and -37.5 < q.lat < -36.5
    assert spring.admin1 == "Illinois" and spring.precision == "admin2" and spring.lat is not None and 40 < spring.lat < 41
    text = "Flights left London's Paddington on time."
    found = by_text(find_places(article(text, ents(text, ("London", "GPE"), ("Paddington", "FAC"))), gaz).places)
    assert found["Paddington"].country == "GBR" and found["Paddington"].lat is not None and 51 < found["Paddington"].lat < 52
    text = "He lived in the Cincinnati suburb of Indian Springs."
    found = by_text(find_places(article(text, ents(text, ("Cincinnati", "GPE"), ("Indian Springs", "GPE"))), gaz).places)
    assert found["Indian Springs"].admin1 == "Ohio" and "+within" in found["Indian Springs"].rule


def test_two_states_or_towns_in_a_row_are_not_one_inside_the_other(gaz: Gazetteer) -> None:
    text = "Flooding closed roads in Washington, Ohio. Shops shut in Tokyo, Osaka."
    found = by_text(find_places(article(text, ents(
        text, ("Washington", "GPE"), ("Ohio", "GPE"), ("Tokyo", "GPE"), ("Osaka", "GPE"),
    )), gaz).places)  # fmt: skip
    assert "within" not in found["Tokyo"].rule and found["Tokyo"].lat is not None and 35 < found["Tokyo"].lat < 36
    assert "within" not in found["Washington"].rule


def test_a_name_before_a_comma_and_a_state_holding_a_town_of_that_name_is_the_town(gaz: Gazetteer) -> None:
    text = "She is survived by her sister, Mary Roe of Enid, Oklahoma, and a niece in Shawnee, Oklahoma."
    found = by_text(find_places(article(text, ents(
        text, ("Mary Roe of Enid", "PERSON"), ("Oklahoma", "GPE"), ("Shawnee", "EVENT"), ("Oklahoma", "GPE"),
    )), gaz).places)  # fmt: skip
    assert found["Enid"].admin1 == "Oklahoma" and found["Enid"].rule.startswith("named+in")
    assert found["Shawnee"].admin1 == "Oklahoma" and found["Shawnee"].precision == "city"


def test_a_name_before_a_comma_and_its_country_may_be_a_province(gaz: Gazetteer) -> None:
    text = "Trials ran in Kampot, Cambodia, and in Gia Lai, Vietnam."
    found = by_text(find_places(article(text, ents(text, ("Kampot", "GPE"), ("Cambodia", "GPE"), ("Vietnam", "GPE"))), gaz).places)
    assert found["Gia Lai"].rule == "named+in+gazetteer:admin1" and found["Gia Lai"].country == "VNM"


def test_a_hyphenated_compound_of_demonyms_is_one_per_part(gaz: Gazetteer) -> None:
    text = "A Syrian-Canadian doctor spoke."
    found = by_text(find_places(article(text, ents(text, ("Syrian-Canadian", "NORP"))), gaz).places)
    assert found["Syrian"].country == "SYR" and found["Canadian"].country == "CAN"


def test_a_small_town_joined_by_and_to_a_place_of_its_country_is_a_place(gaz: Gazetteer) -> None:
    text = "Birds died near Gelendzhik and Novorossiysk last week."
    found = by_text(find_places(article(text, ents(text, ("Novorossiysk", "GPE"))), gaz).places)
    assert found["Gelendzhik"].country == "RUS" and found["Gelendzhik"].rule.startswith("gazetteer+listed")


def test_the_scan_reads_a_name_without_its_possessive(gaz: Gazetteer, nlp: Language) -> None:
    from ..parsing import parse

    text = "She joined the Team Nunavut's junior squad in Iqaluit this fall, coaches said."
    places = find_places(parse(nlp, text), gaz).places
    assert any(p.text == "Nunavut" and p.country == "CAN" for p in places), places


def test_a_person_cut_out_of_a_place_name_after_a_locative_is_the_whole_place(gaz: Gazetteer) -> None:
    text = "Two workers were hurt at a plant in Port Moresby on Monday. Officer Moresby said little."
    spans = ents(text, ("Moresby", "PERSON"))  # the model's cut: only the second word, as a person
    (p,) = find_places(article(text, spans), gaz).places
    assert (p.text, p.country) == ("Port Moresby", "PNG")



def test_a_division_that_is_mostly_its_namesake_town_is_read_as_the_town(gaz: Gazetteer) -> None:
    from dateline.layers.places.resolve import obvious_of

    assert obvious_of(gaz.lookup("Bursa")).kind == "city"  # most of Bursa province lives in Bursa
    assert obvious_of(gaz.lookup("Queensland")).kind == "admin1"  # a state of many towns
    text = "The accord was signed in Bursa on Friday."
    (bursa,) = find_places(article(text, ents(text, ("Bursa", "GPE"))), gaz).places
    assert bursa.precision == "city" and bursa.country == "TUR"


def test_a_place_that_speaks_is_its_countrys_seat_of_government(gaz: Gazetteer, nlp: Language) -> None:
    from ..parsing import parse

    text = (
        "Washington said it would close the consulate in Spokane. Officials in Spokane were told on Monday, and "
        "the decision came under pressure from Washington."
    )
    places = [p for p in find_places(parse(nlp, text), gaz).places if p.text == "Washington"]
    assert len(places) == 2 and all(p.admin1 == "Washington, D.C." and p.precision == "city" for p in places), places
    assert "+seat" in places[0].rule and "+same-name" in places[1].rule
    text = "Victoria announced new lockdown rules, officials in Geelong said."
    victoria = next(p for p in find_places(parse(nlp, text), gaz).places if p.text == "Victoria")
    assert victoria.country == "AUS" and victoria.precision == "admin1"  # no capital of that name in Australia

"""The gazetteer index: built once, cached on disk (in a temporary folder here), dict lookups."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.layers.places import gazetteer
from dateline.layers.places.gazetteer import (
    Gazetteer,
    cache_dir,
    data_version,
    key,
    load_gazetteer,
    validate_data,
)


@pytest.fixture(scope="module")
def gaz_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A temporary cache folder for the whole session's gazetteer (shared by the places tests)."""
    path = tmp_path_factory.getbasetemp() / "dateline-cache"
    old = os.environ.get("DATELINE_CACHE_DIR")
    os.environ["DATELINE_CACHE_DIR"] = str(path)
    load_gazetteer.cache_clear()
    yield path
    load_gazetteer.cache_clear()
    if old is None:
        os.environ.pop("DATELINE_CACHE_DIR", None)
    else:
        os.environ["DATELINE_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def gaz(gaz_cache: Path) -> Gazetteer:
    return load_gazetteer()


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv("DATELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "dateline"


def test_second_load_uses_the_disk_cache(gaz: Gazetteer, gaz_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = gaz_cache / f"gazetteer-{data_version()}.marshal"
    assert cached.is_file()

    def no_build() -> None:
        raise AssertionError("the index was rebuilt although it is cached")

    monkeypatch.setattr(gazetteer, "build_index", no_build)
    load_gazetteer.cache_clear()
    started = time.perf_counter()
    again = load_gazetteer()
    elapsed = time.perf_counter() - started
    assert len(again) == len(gaz)
    assert elapsed < 1.0, f"loading the cached gazetteer took {elapsed:.2f} s"
    assert [e.geonameid for e in again.lookup("Vladivostok")] == [e.geonameid for e in gaz.lookup("Vladivostok")]


def test_lookups_are_dictionary_accesses(gaz: Gazetteer) -> None:
    names = ["Moscow", "Pyongyang", "Ontario", "Nowhere-in-particular", "Georgia"] * 400
    started = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    assert time.perf_counter() - started < 0.5  # 2,000 lookups; a scan of 200,000 names would take minutes


def test_candidates_carry_country_population_and_ids(gaz: Gazetteer) -> None:
    moscows = {(e.country2, e.kind) for e in gaz.lookup("Moscow")}
    assert ("RU", "city") in moscows and ("US", "city") in moscows
    capital = max((e for e in gaz.lookup("Moscow") if e.kind == "city"), key=lambda e: e.population)
    assert capital.country3 == "RUS" and capital.feature == "PPLC" and capital.geonameid
    russia = gaz.country("RU")
    assert russia is not None and russia.geonameid and russia.lat is not None
    assert {e.kind for e in gaz.lookup("Queensland")} >= {"admin1"}
    assert gaz.lookup("Russia's Far East")[0].kind == "region"
    assert gaz.lookup("U.S.")[0].country3 == "USA"


def test_keys_fold_case_accents_and_the() -> None:
    assert key("The Gaza Strip") == key("gaza strip")
    assert key("Québec") == key("Quebec")
    assert key("Russia’s Far East") == key("Russia's Far East")
    assert key("Białystok") == key("Bialystok") and key("Tromsø") == key("Tromso")  # letters without a decomposition
    assert key("Kvemo-Kartli") == key("Kvemo Kartli")


def test_short_forms_and_first_halves_of_divisions(gaz: Gazetteer) -> None:
    assert gazetteer._short_form("Newcastle", "Newcastle upon Tyne") and gazetteer._short_form("Stoke", "Stoke-on-Trent")
    assert not gazetteer._short_form("Mexico", "Mexico City") and not gazetteer._short_form("York", "New York")
    tyne = [c for c in gaz.lookup("Newcastle") if c.name == "Newcastle upon Tyne"]
    assert tyne and not tyne[0].alternate  # the town's own name, as weighty as any other Newcastle
    assert any(c.kind == "admin1" and c.country2 == "CA" for c in gaz.lookup("Newfoundland"))


def test_a_towns_name_without_city_or_town_is_its_own_unless_a_wider_place_has_it(gaz: Gazetteer) -> None:
    assert gazetteer._settlement_word_left_off("Makati", "Makati City") and not gazetteer._settlement_word_left_off("Cape", "Cape Coast")
    makati = [c for c in gaz.lookup("Makati") if c.name == "Makati City"]
    assert makati and not makati[0].alternate
    mexico_city = [c for c in gaz.lookup("Mexico") if c.name == "Mexico City"]
    assert mexico_city and mexico_city[0].alternate  # "Mexico" is the country's name
    assert [c.name for c in gaz.lookup("Bexhill") if not c.alternate] == ["Bexhill-on-Sea"]  # its river or sea left off


def test_a_part_of_a_small_country_filed_under_another_code_takes_that_point(gaz: Gazetteer) -> None:
    bonaire = [c for c in gaz.lookup("Bonaire") if c.kind == "admin1"]
    assert bonaire and all(c.lat is not None and 11 < c.lat < 13 for c in bonaire)  # in the Caribbean, not at the Netherlands'


def test_data_files_are_valid() -> None:
    assert validate_data() == []


def test_a_division_pycountry_and_geonames_name_differently_is_one_entry(gaz: Gazetteer) -> None:
    for name in ("Bavaria", "Bayern", "Inner Mongolia", "Nei Mongol"):
        linked = [c for c in gaz.lookup(name) if c.kind == "admin1" and "." in c.admin1]
        assert len(linked) == 1, (name, linked)
    assert gaz.lookup("Bavaria")[0].admin1 == "DE.02"


def test_a_division_spelt_otherwise_by_iso_and_geonames_is_found_by_both_spellings(gaz: Gazetteer) -> None:
    # ISO 3166-2 (pycountry) and GeoNames transliterate differently; both spellings are one division with a point
    for iso, geonames, country in (
        ("Nuristan", "Nurestan", "AF"), ("Kunar", "Konar", "AF"), ("Oromia", "Oromiya", "ET"),
        ("North Darfur", "Northern Darfur", "SD"), ("Donetska oblast", "Donetsk", "UA"),
    ):  # fmt: skip
        for name in (iso, geonames):
            found = [c for c in gaz.lookup(name) if c.kind == "admin1" and c.country2 == country]
            assert len(found) == 1 and found[0].lat is not None, (name, found)
            assert found[0].name == geonames  # named as GeoNames names it, as when it stood alone


def test_transliterations_never_link_two_divisions() -> None:
    from types import SimpleNamespace

    from dateline.layers.places.gazetteer import Division, transliterated

    def div(code: str, name: str) -> Division:
        return Division(code, 1, name, code[:2], 1.0, 2.0, 1000, code[3:])

    def sub(cc: str, name: str) -> tuple[object, str]:
        return SimpleNamespace(country_code=cc), name

    subs = [sub("XA", "Nūristān"), sub("XA", "West Sepik"), sub("XA", "Pskovskaya oblast'"), sub("XA", "Hau Giang")]
    divisions = [div("XA.01", "Nurestan"), div("XA.02", "East Sepik"), div("XA.03", "Moskovskaya"), div("XA.04", "Ha Giang"), div("XA.05", "Hai Giang")]
    found = {name: (d.name if d else None) for (_, name, d) in transliterated(subs, divisions)}
    # one spelling of one division; not another division with other compass words, another first letter, or
    # a spelling as near to two divisions
    assert found == {"Nūristān": "Nurestan", "West Sepik": None, "Pskovskaya oblast'": None, "Hau Giang": None}


def test_country_names_of_the_actor_dictionary_are_place_names(gaz: Gazetteer) -> None:
    def country(name: str) -> str | None:
        return next((c.country2 for c in gaz.lookup(name) if c.kind == "country"), None)

    # short, official-in-use and older names news writes (countries.tsv)
    assert country("Bosnia") == "BA" and country("Republic of Ireland") == "IE" and country("Cape Verde") == "CV"
    assert country("Ceylon") == "LK" and country("Kampuchea") == "KH"
    # a name a division or region already has stays that; short capitals that are words are no country
    assert country("England") is None and country("Darfur") is None and country("CAR") is None


def test_physical_features_are_places(gaz: Gazetteer) -> None:
    def region(name: str) -> tuple[float, float] | None:
        found = [c for c in gaz.lookup(name) if c.kind == "region"]
        return (found[0].lat or 0.0, found[0].lon or 0.0) if found else None

    chad, suez = region("Lake Chad"), region("the Suez Canal")
    assert chad is not None and 12 < chad[0] < 14 and 13 < chad[1] < 16
    assert suez is not None and 29 < suez[0] < 32 and 32 < suez[1] < 33
    # a name a town already has is left to the town
    assert region("Volga") is None

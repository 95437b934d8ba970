"""A user's own gazetteer: GeoNames-format rows checked, stored, merged into the gazetteer and resolved.

The file is invented: a park and a village that exist nowhere, in GeoNames' 19-column format.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.layers.places.gazetteer import load_gazetteer
from dateline.layers.places.places import find_places
from dateline.layers.places.user_places import import_places, kind_of, read_geonames, user_entries

from .test_places import article, by_text, ents


def geonames_row(gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
                 admin1: str, admin2: str, population: int) -> str:  # fmt: skip
    cells = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, cc, "", admin1, admin2, "", "",
             str(population), "", "12", "America/Chicago", "2024-01-01"]  # fmt: skip
    return "\t".join(cells)


ROWS = [
    geonames_row(990000001, "Quillfeather Park", "Quillfeather Commons", 41.79, -87.61, "L", "PRK", "US", "IL", "031", 0),
    geonames_row(990000002, "Zorvany Mills", "", 41.95, -87.70, "P", "PPL", "US", "IL", "031", 850),
    "\t".join(["990000003", "Broken Row", "Broken Row", "", "not-a-number", "-87.7", "P", "PPL", "US", *[""] * 10]),
]


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "local.txt"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def user_gaz(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, user_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    store = tmp_path / "places" / "places.tsv"
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "dateline-cache"))
    added, problems = import_places(user_file, store)
    assert added == 2 and len(problems) == 1
    load_gazetteer.cache_clear()
    yield store
    load_gazetteer.cache_clear()


def test_rows_are_checked(user_file: Path) -> None:
    places, problems = read_geonames(user_file)
    assert [p.name for p in places] == ["Quillfeather Park", "Zorvany Mills"]
    assert len(problems) == 1 and problems[0].startswith(f"{user_file}:3:") and "latitude" in problems[0]


def test_kinds_from_feature_codes() -> None:
    assert kind_of("P", "PPL") == "city" and kind_of("A", "ADM2") == "admin2" and kind_of("L", "PRK") == "place"
    assert kind_of("A", "PCLI") == "country"


def test_import_replaces_rows_with_the_same_id(tmp_path: Path, user_file: Path) -> None:
    store = tmp_path / "store.tsv"
    import_places(user_file, store)
    import_places(user_file, store)
    places, problems = read_geonames(store)
    assert len(places) == 2 and problems == []


def test_user_places_merge_into_the_gazetteer(user_gaz: Path) -> None:
    gaz = load_gazetteer(user_gaz)
    (park,) = gaz.lookup("Quillfeather Park")
    assert park.kind == "place" and park.geonameid == 990000001 and park.admin2 == "US.IL.031"
    assert gaz.lookup("Quillfeather Commons")[0].alternate
    assert gaz.user_entries == 3
    assert dict(user_entries(user_gaz.parent / "missing.tsv")) == {}


def test_a_user_place_is_resolved_with_its_divisions(user_gaz: Path) -> None:
    gaz = load_gazetteer(user_gaz)
    text = "Hundreds rallied in Quillfeather Park on Saturday."
    (p,) = find_places(article(text, ents(text, ("Quillfeather Park", "FAC"))), gaz).places
    assert p.geonameid == 990000001 and p.precision == "point"
    assert p.admin1 == "Illinois" and p.admin1_code == "US.IL" and p.admin2 == "Cook County"
    text = "The mill in Zorvany Mills, Ill., closed."
    places = by_text(find_places(article(text, ents(text, ("Zorvany Mills", "GPE"))), gaz).places)
    assert places["Zorvany Mills"].precision == "city" and places["Zorvany Mills"].country == "USA"

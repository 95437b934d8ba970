"""Build ``area_codes.tsv``: the US state or Canadian province each North American telephone area code serves.

    pip install phonenumbers        # only this script needs it; the package never does
    PYTHONPATH=src python tools/build_area_codes.py [--out src/dateline/data]

Source: the geocoding data of Google's libphonenumber (Apache-2.0), as the ``phonenumbers`` package ships it.
For the North American Numbering Plan (country code 1) it describes a number prefix either by the state or
province it serves ("1519" -> "Ontario") or by a town with a postal abbreviation ("1212" -> "New York, NY",
"1519661" -> "London, ON"). An area code (the three digits after the 1) gets a row when at least 90 % of the
described prefixes under it name one state, district or province (201 is New Jersey's though one exchange is
described as New York); codes that serve no one division (toll-free numbers, the Caribbean countries of the
plan, codes shared by provinces such as 902) get none.

Local news prints telephone numbers of the police, the courts and the town hall of the place it covers: the
places layer reads the division of such a number as evidence for the article's own region (docs/places.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

#: Postal abbreviations (USPS, Canada Post) -> ISO 3166-2 subdivision code.
_US = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
       "PA RI SC SD TN TX UT VT VA WA WV WI WY").split()  # fmt: skip
_CA = "AB BC MB NB NL NS NT NU ON PE QC SK YT".split()
SHARE = 0.9  # of an area code's described prefixes that must name its division

_POSTAL = {**{a: f"US-{a}" for a in _US}, **{a: f"CA-{a}" for a in _CA}}

HEADER = """\
# North American telephone area codes -> the US state, district or Canadian province they serve.
# Built by tools/build_area_codes.py from the geocoding data of Google's libphonenumber (Apache-2.0) as shipped
# by the phonenumbers package {version}. A code is listed when 90 % of its described prefixes name one division.
# area_code: three digits; division: ISO 3166-2 code.
area_code\tdivision
"""


def _division(description: str, names: dict[str, str]) -> str | None:
    """The ISO 3166-2 code a libphonenumber description names: "London, ON", "Ontario", "Washington State"."""
    m = re.search(r",\s*([A-Z]{2})$", description)
    if m:
        return _POSTAL.get(m.group(1))
    return names.get(description.removesuffix(" State").strip())


def build(out: Path) -> int:
    import phonenumbers
    import pycountry
    from phonenumbers.geodata import GEOCODE_DATA

    names = {s.name: s.code for s in pycountry.subdivisions if s.country_code in ("US", "CA") and s.code[3:] in _POSTAL}
    names["Washington D.C."] = "US-DC"
    seen: dict[str, Counter[str | None]] = defaultdict(Counter)
    for prefix, descriptions in GEOCODE_DATA.items():
        if not prefix.startswith("1") or len(prefix) < 4:
            continue
        text = descriptions.get("en", "")
        if text:
            seen[prefix[1:4]][_division(text, names)] += 1
    rows = []
    for code, divisions in sorted(seen.items()):
        (division, n), total = divisions.most_common(1)[0], sum(divisions.values())
        if division is not None and n >= SHARE * total:
            rows.append((code, division))
    with (out / "area_codes.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER.format(version=phonenumbers.__version__))
        for code, division in rows:
            fh.write(f"{code}\t{division}\n")
    return len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src" / "dateline" / "data")
    args = ap.parse_args()
    n = build(args.out)
    sys.stderr.write(f"wrote {n} area codes to {args.out / 'area_codes.tsv'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

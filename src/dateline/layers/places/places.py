"""Places: toponyms found in the article, resolved to coordinates with the article as context.

Toponyms are spaCy ``GPE``/``LOC``/``FAC`` entities (after the entities layer's cleaning), filtered (a bare
compass word such as "North" is not a place; people and organisations are not candidates), plus country
demonyms the model labels ``NORP`` ("Russian" -> Russia, rule ``demonym``), plus known names the model read as
something else where the text says place (people after "in", lists of places, local bodies' names, shared
nouns: see ``_people_as_places``, ``_institutions``, ``_ellipses``, ``_scan``). Each is looked up in the
gazetteer (``gazetteer.py``) and the candidates are scored by:

- kind and size: countries and regions first, then first-level divisions, then cities by population, with
  capitals preferred;
- the article: countries the article names (as places or demonyms), the wire dateline's country, and
  nearness to the other places the article names (a second pass), so "Moscow" is Russia's capital unless
  the article is about Idaho, and a small town near the article's other places beats a far-away namesake;
- the North American telephone numbers the article prints ("call police at 519-555-0100"): local news gives
  the numbers of the place it covers, so the state or province of their area code (``area_codes.tsv``) counts
  as a division the article names, and as its home division when all of them agree and no dateline names one;
  only in local news: not when the article names a country other than the numbers'.

Unresolved toponyms are still listed, with null coordinates.

The API for the events layer::

    found = find_places(parsed, gazetteer)       # FoundPlaces: places, index, dropped
    found.index.places_in(start, end)            # resolved places inside the span (no demonyms)
    found.index.dateline                         # the wire dateline's Place, or None

Which of them is an event's place is decided by the events layer from the clause (``events/locations.py``).
``Location.precision`` is ``city``, ``region`` or ``country``.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ...data import load_agencies, read_tsv
from ...model import Dropped, Entity, Location, Place
from ...nlp import ParsedArticle, Piece
from ..doc_views import doc_length
from .gazetteer import Entry, Gazetteer, key
from .sites import is_site, street_spans

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISLABELLED = frozenset({"ORG", "PRODUCT", "NORP"})
_NOT_ALONE = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "the north", "the south", "the east", "the west", "downtown", "city", "state", "capital"})
_KIND_PRIOR = {"country": 9.0, "continent": 8.5, "region": 8.0, "admin1": 7.5, "demonym": 9.0}
NEAR_KM = 400.0


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    rule: str
    candidates: tuple[Entry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundPlaces:
    """What the places layer found in one article."""

    places: tuple[Place, ...]
    index: PlaceIndex  # what events ask for their place
    dropped: tuple[Dropped, ...] = ()


def find_places(parsed: ParsedArticle, gazetteer: Gazetteer) -> FoundPlaces:
    """Toponyms of one article (offsets into its text), resolved, and the ``PlaceIndex`` for events.

    The parsed paragraphs let known place names the model missed be added (rule ``gazetteer``) when spaCy
    tags them as proper nouns, including names inside organisation names ("the U.S. Army").
    """
    text, pieces, gaz = parsed.text, parsed.pieces, gazetteer
    ents = [e for e in parsed.entities if e.field == "text"]
    mentions: list[_Mention] = []
    dropped: list[Dropped] = []
    for e in _compound_demonyms(text, ents, gaz):
        try:
            m = _mention(text, e, gaz)
        except Exception as exc:  # noqa: BLE001 - a failure on one span drops that span
            log.debug("place lookup failed for %r", e.text, exc_info=True)
            dropped.append(Dropped(layer="places", start=e.start, end=e.end, reason=f"lookup: {exc!r}"))
            continue
        if m is not None:
            mentions.append(m)
    mentions = _ellipses(text, _without_overlaps(mentions), gaz)
    mentions = _people_as_places(text, ents, mentions, gaz)
    mentions = _institutions(text, ents, mentions, gaz)
    people = _people(text, ents, gaz)
    blocked = sorted(
        [(m.start, m.end) for m in mentions]
        + [(e.start, e.end) for e in ents if _not_place(text, e) and (e.start, e.end) not in people]
    )
    mentions.extend(_scan(text, pieces, gaz, blocked, people))
    mentions.sort(key=lambda m: m.start)
    mentions = _listed_towns(text, mentions, gaz, blocked)
    mentions = _possessives(text, mentions, gaz)
    mentions = _abbreviations(text, mentions, gaz)
    mentions = _named_inside(text, mentions, gaz)
    mentions = _sites(text, ents, mentions)
    mentions = [
        c for m in mentions
        if not _agency(text[m.start : m.end]) and not _agent_word(text, m) and (c := _cued(text, m, gaz)) is not None
    ]  # fmt: skip
    chosen = _resolve(text, mentions, gaz)
    kept = [(m, c) for m, c in zip(mentions, chosen, strict=True) if c is not None or (not m.rule.startswith("gazetteer") and "+head" not in m.rule)]
    mentions, chosen = [m for m, _ in kept], [c for _, c in kept]
    places = [
        _place(text, m, entry, gaz) for m, entry in zip(mentions, chosen, strict=True)
    ]
    dateline = next((p for p, m in zip(places, mentions, strict=True) if m.rule == "dateline" and p.lat is not None), None)
    return FoundPlaces(places=tuple(places), index=PlaceIndex(places, dateline), dropped=tuple(dropped))


def _compound_demonyms(text: str, ents: list[Entity], gaz: Gazetteer) -> list[Entity]:
    """"German-Iraqi", "Syrian-American": a hyphenated compound of demonyms is one demonym per part."""
    out: list[Entity] = []
    for e in ents:
        surface = text[e.start : e.end]
        if e.label == "NORP" and "-" in surface and " " not in surface:
            parts = [(m.start(), m.end()) for m in re.finditer(r"[^-]+", surface)]
            demonyms = [any(c.kind == "demonym" for c in gaz.lookup(surface[a:b])) for a, b in parts]
            if len(parts) > 1 and all(demonyms) and not any(c.kind == "demonym" for c in gaz.lookup(surface)):
                out.extend(
                    Entity(start=e.start + a, end=e.start + b, text=surface[a:b], label="NORP", rule=e.rule, field=e.field)
                    for a, b in parts
                )
                continue
        out.append(e)
    return out


def _mention(text: str, e: Entity, gaz: Gazetteer) -> _Mention | None:
    surface = text[e.start : e.end]
    low = surface.lower().strip()
    if e.label in PLACE_LABELS:
        if low in _NOT_ALONE or len(low) < 2 or not any(c.isupper() for c in surface):
            return None
        rule = "dateline" if "dateline" in e.rule else "spacy-ner"
        abbreviated = gaz.abbreviation(surface.strip())
        if abbreviated is not None:  # "Ill.", "Ont."
            return _Mention(e.start, e.end, rule + "+abbreviation", (abbreviated,))
        cands = _as_code(surface, tuple(c for c in gaz.lookup(surface) if c.kind != "demonym"))
        if not cands:
            longer = _CONTINUATION.match(text, e.end)
            if longer:  # the model cut a name short: "Democratic Republic| of the Congo", "Burkina| Faso"
                for end in _word_ends(text, e.end, longer.end()):
                    found = tuple(c for c in gaz.lookup(text[e.start : end]) if c.kind != "demonym")
                    if found:
                        return _Mention(e.start, end, rule + "+extended", found)
            inner = _inner(surface, gaz)
            if inner is not None:
                s, t, found = inner
                part = any(w.lower() in _PART_OF for w in surface.split())
                return _Mention(e.start, e.end, "part-of", found) if part else _Mention(e.start + s, e.start + t, rule + "+inner", found)
            head = _head(surface, gaz)
            if head is not None:  # "Orange County Sanitation District", "Santa Ana City Council"
                return _Mention(e.start, e.start + head[0], rule + "+head", head[1])
        demonyms = tuple(c for c in gaz.lookup(surface) if c.kind == "demonym")
        if demonyms and all(c.kind == "city" and c.population < SCAN_MIN_POPULATION for c in cands):
            return _Mention(e.start, e.end, "demonym", demonyms)  # "Nigerien assets" labelled a place: a demonym
        return _Mention(e.start, e.end, rule, cands)
    if e.label == "NORP":
        longer = _CONTINUATION.match(text, e.end)
        if longer:  # "French| Guiana", "American| Samoa": a place named with a demonym, cut short by the model
            for end in _word_ends(text, e.end, longer.end()):
                found = tuple(c for c in gaz.lookup(text[e.start : end]) if c.kind != "demonym")
                if found:
                    return _Mention(e.start, end, "spacy-ner+extended", found)
        cands = tuple(c for c in gaz.lookup(surface) if c.kind == "demonym")
        if cands:
            return _Mention(e.start, e.end, "demonym", cands)
    if e.label in _MISLABELLED and surface[:1].isupper():
        # A whole "organisation" or "product" that is a place name ("Mildura", "Cavite"): the model's
        # label is often wrong for small places. Kept only with support from the article (see _resolve).
        cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym" and not (c.alternate and c.kind == "city"))
        cands = _as_code(surface, cands)
        if cands and surface.lower() not in STOP_WORDS and surface.lower() not in _NOT_ALONE:
            return _Mention(e.start, e.end, "gazetteer", cands)
    return None


_GENERIC = frozenset(
    "province state region district city town village villages municipality prefecture governorate area east west"
    " north south central far greater metropolitan island islands eastern western northern southern"
    " northeastern northwestern southeastern southwestern upper lower".split()
)
_CONTINUATION = re.compile(r"(?: (?:of |of the |and |de |du |del )?[A-Z][\w'’.-]*){1,3}")
_PART_OF = frozenset("county valley parish borough township".split())
_WORD = re.compile(r"[\w.'’-]+")


def _word_ends(text: str, start: int, end: int) -> list[int]:
    """Where the words of ``text[start:end]`` end, last first, without a full stop that ends the sentence
    ("Guiana." ends before the stop; "D.C." keeps its own)."""
    ends = set()
    for m in _WORD.finditer(text, start, end):
        t = m.end()
        if text[t - 1] == "." and "." not in text[m.start() : t - 1]:
            t -= 1
        ends.add(t)
    return sorted(ends, reverse=True)


def _inner(surface: str, gaz: Gazetteer) -> tuple[int, int, tuple[Entry, ...]] | None:
    """A known place name inside an unknown one, when the rest is generic ("Sichuan province" -> "Sichuan",
    "City of Montreal" -> "Montreal"); "Dallas County" is not Dallas."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(surface)]
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            rest = [surface[a:b].lower() for a, b in words[:i] + words[i + n :]]
            if not all(w in _GENERIC or w in _PART_OF or w in ("of", "the") for w in rest):
                continue
            s, t = words[i][0], words[i + n - 1][1]
            sub = surface[s:t]
            if sub.lower() in _GENERIC or sub.lower() in STOP_WORDS or not sub[:1].isupper():
                continue
            found = tuple(c for c in gaz.lookup(sub) if c.kind != "demonym")
            if any(w in _PART_OF for w in rest):  # "Santa Clara County": near its namesake town, if any
                found = tuple(c for c in found if c.kind == "city")
            if found:
                return s, t, found
    return None


_HEAD_KINDS = frozenset({"city", "admin1", "admin2", "country", "place"})
_FEATURE_WORDS = frozenset(
    "mountains mountain mount mts range hills hill valley river bay lake sea gulf strait island islands isle"
    " peninsula canal square park forest desert plain plains delta coast beach falls harbour harbor point cape"
    " basin creek springs sound reef".split()
)


def _head(surface: str, gaz: Gazetteer) -> tuple[int, tuple[Entry, ...]] | None:
    """A known place name that opens an unknown longer name of an institution or feature in it ("Orange County
    Sanitation District" -> "Orange County"): the longest such opening, of a town, division or country."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(surface)]
    words = [t for _, t in spans]
    for n in range(len(words) - 1, 0, -1):
        rest = [surface[a:b] for a, b in spans[n:]]
        if not all(w[:1].isupper() for w in rest) or rest[0].lower() in _FEATURE_WORDS:
            continue  # "Ain el-Hilweh" is one name; "Altai Mountains", "Morecambe Bay" are other features
        sub = surface[: words[n - 1]]
        if sub.lower() in _GENERIC or sub.lower() in STOP_WORDS or sub.lower() in _NOT_ALONE:
            continue
        found = tuple(c for c in gaz.lookup(sub) if c.kind in _HEAD_KINDS and not c.alternate)
        if found:
            return words[n - 1], found
    return None


_CAPS = re.compile(r"\b[A-Z][\w'’.-]*(?:[ -](?:of |de |la |del |al-|el-)?[A-Z][\w'’.-]*)*")
_SCAN_KINDS = frozenset({"country", "admin1", "continent", "region"})
SCAN_MIN_POPULATION = 100_000
_NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday a.m. p.m. am pm noon midnight gmt utc".split()
)


def _not_place(text: str, e: Entity) -> bool:
    """Entities the gazetteer scan must not read places in: people, works, laws, events, and times by their
    shape (a digit, a month or weekday, a clock word: "A.M.", "Monday"). A one-word "date" without any of these
    is the model's error on a name ("Mpumalanga") and stays open to the scan."""
    if e.label in _NOT_PLACE_LABELS:
        return True
    if e.label in ("DATE", "TIME"):
        surface = text[e.start : e.end]
        return any(ch.isdigit() for ch in surface) or any(w.lower().strip(",.") in _TIME_WORDS or w.islower() for w in surface.split())
    return False
_CODE_KINDS = frozenset({"country", "admin1", "region", "continent"})


def _as_code(surface: str, cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A short all-capitals token ("EU", "BAI", "A.M.") names a place only as a code or acronym of a country,
    division or region ("US", "NY", "UAE"), never as a town or area of that name ("Eu" in France)."""
    letters = [ch for ch in surface if ch.isalpha()]
    if not letters or len(letters) > 4 or not all(ch.isupper() for ch in letters) or len(surface.split()) > 1:
        return cands
    return tuple(
        c for c in cands
        if c.kind in _CODE_KINDS or c.alternate or c.geonameid is None or key(c.name) != key(surface)
    )  # fmt: skip


def _scan(
    text: str, pieces: Iterable[Piece], gaz: Gazetteer, blocked: list[tuple[int, int]], people: set[tuple[int, int]]
) -> list[_Mention]:
    """Known place names that spaCy tagged as proper nouns but did not label as places."""
    out: list[_Mention] = []
    starts = [b[0] for b in blocked]

    def free(s: int, t: int) -> bool:
        i = bisect_left(starts, t)
        return not any(a < t and s < b for a, b in blocked[max(0, i - 8) : i])

    for piece in pieces:
        doc, off = piece.doc, piece.offset
        chunk = text[off : off + doc_length(doc)]
        for m in _CAPS.finditer(chunk):
            words = [(w.start() + m.start(), w.end() + m.start()) for w in _WORD.finditer(m.group())]
            i = 0
            while i < len(words):
                hit = None
                for n in range(min(4, len(words) - i), 0, -1):
                    s, t = words[i][0], words[i + n - 1][1]
                    if chunk.endswith(("'s", "’s"), s, t):
                        t -= 2  # "Team Nunavut's": the name without its possessive
                    while t > s and chunk[t - 1] in ".'’-" and not chunk[s:t].endswith(("U.S.", "U.K.", "D.C.", "B.C.")):
                        t -= 1
                    sub = chunk[s:t]
                    if (sub.lower() in STOP_WORDS and not sub.isupper()) or sub.lower() in _GENERIC or len(sub) < 2:
                        continue  # "Us" is a word, "US" a country
                    cands = _as_code(sub, tuple(
                        c for c in gaz.lookup(sub) if c.kind != "demonym" and not (c.alternate and c.kind in ("city", "admin1"))
                    ))  # fmt: skip
                    notable = (off + s, off + t) in people or any(
                        c.kind in _SCAN_KINDS or c.population >= SCAN_MIN_POPULATION for c in cands
                    ) or (sub.endswith((" County", " Parish")) and any(c.kind == "admin2" for c in cands))
                    if notable and free(off + s, off + t) and _proper(doc, s, t):
                        hit = (s, t, cands, n)
                        break
                if hit:
                    out.append(_Mention(off + hit[0], off + hit[1], "gazetteer", hit[2]))
                    i += hit[3]
                else:
                    i += 1
    return out


_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"
_LISTED_AFTER = re.compile(rf",? (?:and|or) ({_NAME})\b")
_LISTED_BEFORE = re.compile(rf"(?<![\w'’.-])({_NAME}),? (?:and|or) $")


def _listed_towns(text: str, mentions: list[_Mention], gaz: Gazetteer, blocked: list[tuple[int, int]]) -> list[_Mention]:
    """"Gelendzhik and Novorossiysk", "Mudgee or Dubbo": a capitalised name joined by "and"/"or" to a place is a
    town when the gazetteer has a town or county of that name in the place's country, however small and
    whatever the model made of it (rule ``gazetteer+listed``, weighed like names found by the scan). People
    and works the model labelled are left alone."""
    out = list(mentions)
    spans = sorted([(m.start, m.end) for m in mentions] + blocked)
    starts = [a for a, _ in spans]

    def free(s: int, t: int) -> bool:
        i = bisect_left(starts, t)
        return not any(a < t and s < b for a, b in spans[max(0, i - 8) : i])

    for m in mentions:
        countries = {c.country2 for c in m.candidates if c.country2}
        if not countries:
            continue
        found = []
        after = _LISTED_AFTER.match(text, m.end)
        if after:
            found.append((after.start(1), after.end(1)))
        before = _LISTED_BEFORE.search(text, max(0, m.start - 40), m.start)
        if before:
            found.append((before.start(1), before.end(1)))
        for s, t in found:
            name = text[s:t]
            if name.lower() in STOP_WORDS or name.lower() in _NOT_ALONE or len(name) < 3 or not free(s, t):
                continue
            towns = tuple(
                c for c in gaz.lookup(name)
                if c.kind in ("city", "admin2", "place") and c.country2 in countries and not c.alternate
            )  # fmt: skip
            if towns:
                out.append(_Mention(s, t, "gazetteer+listed", towns))
                spans.append((s, t))
                spans.sort()
                starts = [a for a, _ in spans]
    return sorted(out, key=lambda m: m.start)


def _people(text: str, ents: list[Entity], gaz: Gazetteer) -> set[tuple[int, int]]:
    """One-word PERSON entities that are known place names and never part of a longer name in the article
    ("Lodwar" tagged as a person); the scan may take them."""
    parts = {w for e in ents if e.label == "PERSON" for w in text[e.start : e.end].split()[1:] + text[e.start : e.end].split()[:-1]}
    out: set[tuple[int, int]] = set()
    for e in ents:
        name = text[e.start : e.end]
        if e.label == "PERSON" and " " not in name and name not in parts and gaz.lookup(name):
            out.add((e.start, e.end))
    return out


_QUALIFIER = r"(?:(?:[Nn]orth|[Ss]outh)(?:-?[Ee]ast|-?[Ww]est)?(?:ern)?|[Ee]ast(?:ern)?|[Ww]est(?:ern)?|[Cc]entral|[Uu]pper|[Ll]ower)"
_ELLIPSIS = re.compile(rf"({_QUALIFIER}) (?:and|or|&) ({_QUALIFIER}) (\S.*)")
_ELLIPSIS_BEFORE = re.compile(rf"\b({_QUALIFIER}) (?:and|or|&) $")


def _ellipses(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """Two names sharing their noun: "Central and South America", "North and South Korea", "Eastern and Southern
    Europe" are two places each (rule ``ellipsis``), whether the model read one span or only the second."""
    out: list[_Mention] = []
    for m in mentions:
        surface = text[m.start : m.end]
        whole = _ELLIPSIS.fullmatch(surface)
        if whole:
            first = tuple(c for c in gaz.lookup(f"{whole.group(1)} {whole.group(3)}") if c.kind != "demonym")
            second = tuple(c for c in gaz.lookup(f"{whole.group(2)} {whole.group(3)}") if c.kind != "demonym")
            if first and second:
                out.append(_Mention(m.start, m.start + whole.end(1), "ellipsis", first))
                out.append(_Mention(m.start + whole.start(2), m.end, m.rule, second))
                continue
        words = surface.split(" ", 1)
        before = _ELLIPSIS_BEFORE.search(text, max(0, m.start - 24), m.start)
        if before and before.group(1)[:1].isupper() and len(words) == 2 and re.fullmatch(_QUALIFIER, words[0]) and m.candidates:
            first = tuple(c for c in gaz.lookup(f"{before.group(1)} {words[1]}") if c.kind != "demonym")
            if first:
                while out and out[-1].end > before.start():
                    out.pop()  # whatever was read in the first qualifier alone ("Eastern" as a division in Ghana)
                out.append(_Mention(before.start(1), before.end(1), "ellipsis", first))
        out.append(m)
    return out


#: Words after a place name that make a local body or office of that place ("Croydon Council", "Calgary MLA",
#: "Norwalk Superior Court", "Glen Ellyn Police Department"). National bodies ("United States Congress") are not
#: read this way: only towns and divisions open these names.
_INSTITUTION = re.compile(
    r"(?:City |County |Borough |Town |District |Regional |Municipal )?(?:Council|Police|Mayor|MLA|MPP|MP|Superior Court|"
    r"District Court|County Court|Crown Court|Magistrates['’] Court|Court House|Courthouse|Fire Department|Fire and Rescue|"
    r"Fire Service|School District|Public Schools|City Hall|Town Hall|Department of Public Health|Health Department)\b"
)
_INSTITUTION_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}")


def _institutions(text: str, ents: list[Entity], mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """The town or division that opens the name of one of its local bodies or offices, whatever the model
    labelled the whole ("Kamloops City Council", "Calgary MLA Jane Doe"); rule ``institution+head``, kept
    only with support from the article like any name found inside another (see ``_resolve``)."""
    out = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in out]
    for e in ents:
        if e.label not in ("ORG", "PERSON", "FAC", "GPE"):
            continue
        i = bisect_left(starts, e.start)
        if (i > 0 and out[i - 1].end > e.start) or (i < len(out) and out[i].start < e.end):
            continue
        surface = text[e.start : e.end]
        for name in _INSTITUTION_NAME.finditer(surface, 0, 60):
            if name.start() != 0:
                break
            words = name.group().split(" ")
            for n in range(len(words) - 1, 0, -1):
                head = " ".join(words[:n])
                rest = surface[len(head) + 1 :]
                if not _INSTITUTION.match(rest) or head.lower() in _NOT_ALONE or head.lower() in STOP_WORDS:
                    continue
                cands = tuple(c for c in gaz.lookup(head) if c.kind in ("city", "admin1", "admin2", "place"))
                if cands:
                    out.insert(i, _Mention(e.start, e.start + len(head), "institution+head", cands))
                    starts.insert(i, e.start)
                    break
    return out


_LOCATIVE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ff]rom|[Oo]utside|[Aa]round|[Aa]cross|[Tt]hroughout|[Ii]nto)\s+(?:the\s+)?$")
_LOCATIVE_AFTER = re.compile(r"(?:-based|\s+(?:residents?|natives?|area|region|province|district|county|suburbs?))\b")
_COORDINATED = re.compile(r",?\s+(?:and|or)\s+")
_COMMA = re.compile(r",\s*")
_LIST_SEP_AFTER = re.compile(r",\s|,?\s+(?:and|or)\s")
_LIST_SEP_BEFORE = re.compile(r"(?:,|\s(?:and|or))\s+$")
_POSSESSIVE = re.compile(r"['’]s?\b")
_PERSON_PLACE_WORDS = 3


def _people_as_places(text: str, ents: list[Entity], mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """Known place names the model labelled as people, where the words around them say place: after a locative
    preposition ("a hospital in X", "the children were from X"), before a word that only a place takes ("X
    residents", "X-based", "the X area") or joined by "and"/"or" to a place ("Cairo, Giza and X", "Devon and
    X"; a comma alone only inside a list: not "in Texas, Smith said"); never before a possessive. A list is
    followed along, so each name found can cue the next. Rule ``person+cue``. The mentions are kept sorted and
    without overlaps, so each person looks only at its two neighbours (bisect): linear in the article."""
    people = [
        _completed(text, e, gaz) for e in ents if e.label == "PERSON" and len(text[e.start : e.end].split()) <= _PERSON_PLACE_WORDS
    ]
    if not people:
        return mentions
    taken = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in taken]
    done: set[int] = set()
    # Names the article uses for a person elsewhere ("Kim thanked ..."): a place cue before one of them ("an
    # invitation from Kim") makes it a place only if the place is a division or a big town.
    uncued = {
        text[e.start : e.end] for e in people
        if not (_LOCATIVE_BEFORE.search(text, max(0, e.start - 20), e.start) or _LOCATIVE_AFTER.match(text, e.end))
    }  # fmt: skip
    for _ in range(3):  # a list read left to right and right to left needs at most a few passes
        added = False
        for n, e in enumerate(people):
            if n in done:
                continue
            i = bisect_left(starts, e.start)
            left = taken[i - 1] if i > 0 else None
            right = taken[i] if i < len(taken) else None
            if (left is not None and left.end > e.start) or (right is not None and right.start < e.end):
                done.add(n)
                continue
            surface = text[e.start : e.end]
            if not surface[:1].isupper() or surface.lower() in STOP_WORDS or surface.lower() in _NOT_ALONE:
                done.add(n)
                continue
            if _POSSESSIVE.match(text, e.end):
                done.add(n)
                continue  # "into Lucy's windpipe": a person's
            listed = _listed_with(text, e.start, e.end, left, right)
            cued = listed or bool(_LOCATIVE_BEFORE.search(text, max(0, e.start - 20), e.start) or _LOCATIVE_AFTER.match(text, e.end))
            if not cued:
                continue  # a neighbour found later in this pass may still cue it
            done.add(n)
            cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym" and not (c.alternate and c.kind == "city"))
            if surface in uncued and not listed and not any(c.kind in _SCAN_KINDS or c.kind == "admin2" or c.population >= SCAN_MIN_POPULATION for c in cands):
                continue  # a small town's name the article also uses for a person
            if cands:
                taken.insert(i, _Mention(e.start, e.end, "person+cue", cands))
                starts.insert(i, e.start)
                added = True
        if not added:
            break
    return taken


_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w'’.-]* ){1,2})$")


def _completed(text: str, e: Entity, gaz: Gazetteer) -> Entity:
    """A person the model cut out of a longer place name after a locative ("in Port [Moresby]", "near San
    [Bernardino]") is the whole name, when the gazetteer knows the whole name (the longest such)."""
    before = _CAPITALISED_BEFORE.search(text, max(0, e.start - 40), e.start)
    if before is None:
        return e
    for start in range(before.start(1), e.start):
        if (start == before.start(1) or text[start - 1] == " ") and text[start].isupper():
            name = text[start : e.end]
            if gaz.lookup(name) and _LOCATIVE_BEFORE.search(text, max(0, start - 20), start):
                return Entity(start=start, end=e.end, text=name, label=e.label, rule=e.rule, field=e.field)
    return e


def _listed_with(text: str, start: int, end: int, left: _Mention | None, right: _Mention | None) -> bool:
    """Is ``text[start:end]`` in a list with the place before or after it: joined to it by "and"/"or", or by a
    comma when the list goes on at the other side ("Cairo, X, and Giza"; not "in Texas, Smith said")."""
    if left is not None and start - 8 <= left.end <= start:
        if _COORDINATED.fullmatch(text, left.end, start):
            return True
        if _COMMA.fullmatch(text, left.end, start) and _LIST_SEP_AFTER.match(text, end):
            return True
    if right is not None and end <= right.start <= end + 8:
        if _COORDINATED.fullmatch(text, end, right.start):
            return True
        if _COMMA.fullmatch(text, end, right.start) and _LIST_SEP_BEFORE.search(text, max(0, start - 6), start):
            return True
    return False


def _proper(doc: Doc, s: int, t: int) -> bool:
    span = doc.char_span(s, t, alignment_mode="contract")
    return span is not None and len(span) > 0 and all(tok.pos_ == "PROPN" or tok.is_punct for tok in span)


def _without_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """One mention per stretch of text: a name extended over the next entity replaces it."""
    out: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _possessives(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """"Russia's Far East": a place, a possessive and a place that together name a known region."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and text[prev.end : m.start] in ("'s ", "’s "):
            whole = tuple(c for c in gaz.lookup(text[prev.start : m.end]) if c.kind != "demonym")
            if whole:
                out[-1] = _Mention(prev.start, m.end, "possessive", whole)
                continue
        out.append(m)
    return out


_ABBREVIATION = re.compile(r",\s*((?:[A-Z][a-z]{0,4}\.)(?:\s?[A-Z][a-z]?\.){0,2}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)")


def _abbreviations(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """"Springfield, Ill.", "London, Ont.": a state or province abbreviation (AP and Canadian Press style)
    after a place becomes a mention of that division (replacing whatever was read there: "Man." is not the
    town of Man), and the place before it is narrowed to the division."""
    found: list[tuple[int, int, Entry]] = []
    following: dict[int, Entry] = {}  # a mention's end -> the division abbreviated after it
    for m in mentions:
        hit = _ABBREVIATION.match(text, m.end)
        division = gaz.abbreviation(hit.group(1)) if hit else None
        if hit and division is not None:
            found.append((hit.start(1), hit.end(1), division))
            following[m.end] = division
    if not found:
        return mentions
    out: list[_Mention] = []
    for m in mentions:
        if any(m.start < t and s < m.end for s, t, _ in found):
            continue
        after = following.get(m.end)
        if after is not None:
            inside = tuple(c for c in m.candidates if c.kind != "country" and c.admin1 == after.admin1)
            if inside:
                m = _Mention(m.start, m.end, m.rule, inside)
        out.append(m)
    out.extend(_Mention(s, t, "abbreviation", (d,)) for s, t, d in found)
    return sorted(out, key=lambda m: m.start)


_BEFORE_COMMA = re.compile(r"(?<![\w'’.-])([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}),\s$")


def _named_inside(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """"Shawnee, Oklahoma", "Roe of Enid, Okla.": a capitalised name just before a comma and a division or
    country is a place when the gazetteer has a town or county of that name inside it, whatever the model made
    of the name (an event, part of a person's name) or if it missed it (rule ``named+in``)."""
    out = list(mentions)
    for n, m in enumerate(mentions):
        hit = _BEFORE_COMMA.search(text, max(0, m.start - 40), m.start)
        if hit is None or (n > 0 and mentions[n - 1].end > hit.start(1)):
            continue
        wider = [w for w in m.candidates if w.kind in ("admin1", "admin2", "country")]
        if not wider:
            continue
        words = hit.group(1).split(" ")
        for k in range(len(words)):  # longest first: "San Bernardino", then "Bernardino"
            name = " ".join(words[k:])
            if name.lower() in STOP_WORDS or name.lower() in _NOT_ALONE or len(name) < 3:
                continue
            inside = tuple(
                c for c in gaz.lookup(name) if c.kind in ("city", "admin2", "place") and not c.alternate
                and any(c.country2 == w.country2 and (w.kind == "country" or _within(c, w)) for w in wider)
            )  # fmt: skip
            if inside:
                start = hit.end(1) - len(name)
                out.append(_Mention(start, hit.end(1), "named+in", inside))
                break
    return sorted(out, key=lambda m: m.start)


_NEWSPAPER = re.compile(
    r"[ -](?:Times|Herald|Post|Tribune|Gazette|Journal|Chronicle|Courier|Examiner|Observer|Telegraph|Globe"
    r"|Inquirer|Dispatch|Bulletin|Sentinel|Star-Ledger|Star-Tribune|Free Press|Daily News|Evening Standard)\b"
)
#: A place name right before one of these heads names a disease after the place it was first found in
#: ("Norwalk virus", "Lassa fever", "Lyme disease"), not the place.
#: Not "flu": headlines write "Mexico flu cases" for flu in Mexico.
_DISEASE_AFTER = re.compile(
    r"\s+\[?(?:virus(?:es)?|\w*virus|fever|(?:haem|hem)orrhagic|encephalitis|disease|syndrome)\b", re.IGNORECASE
)
#: A one-word name after a title or a kin word ("Mr. Holbrook", "his wife, Florence"), or with an age in
#: apposition ("Florence, 62,"), is a person's name even where a town has it.
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Capt|Sgt|Lt|Rev|Prof|Marshal|Sheriff|Chief|Officer|Detective)\.? "
    r"|\b(?:wife|husband|son|sons|daughter|daughters|mother|father|brother|brothers|sister|sisters|grandson"
    r"|granddaughter|grandchildren|children|stepchildren|widow|widower|fianc[eé]e?|partner)(?: of \d+ years)?,? )$"
)
_AGE_AFTER = re.compile(r", \d{1,3}(?=[,.;)])")
_DAILY = re.compile(r"\b(?:Daily|Evening|Sunday)\s+$")
_CITY_BEFORE = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Mm]unicipality) of\s+$")
_STATE_BEFORE = re.compile(r"\b(?:state|State|province|Province|provinces|region|Region|county|County|prefecture|Prefecture) of\s+$")
_STATE_AFTER = re.compile(r"\s+(?:state|State|province|Province|region|Region|prefecture|Prefecture|oblast|Oblast)\b")
_COUNTY_AFTER = re.compile(r"\s+(?:[Cc]ounty|[Pp]arish|[Bb]orough)\b")


@functools.cache
def _agency_names() -> frozenset[str]:
    agencies = load_agencies()
    return frozenset(agencies.values()) | frozenset(alias.upper() for alias in agencies)


def _agency(surface: str) -> bool:
    """A news agency's name as the agency writes it ("Xinhua", "TASS", "SANA"; data/agencies.tsv) names the
    agency, not the town or the capital that happens to share it: "Xinhua reported" is no place in Hunan."""
    return surface in _agency_names()


@functools.cache
def _agent_words() -> frozenset[str]:
    """The actor vocabulary's words for kinds of actor: our sectors and PETRARCH-2's Phoenix agents
    ("congress", "parliament", "police", "army", "rebels")."""
    words = {row["word"].lower() for _, row in read_tsv("sectors.tsv")}
    for _, row in read_tsv("phoenix_agents.tsv"):
        if row.get("kind") == "sector":
            words.update(w.strip().lower() for w in row["alias"].split("|"))
    return frozenset(words)


def _agent_word(text: str, m: _Mention) -> bool:
    """A name found only by the gazetteer (the scan, or a whole "organisation" that is a place name) that is a
    word for a kind of actor names that body: "Congress" is the US Congress, not Congress, Arizona; "Police"
    starting a sentence is not Police in Poland."""
    return m.rule.startswith("gazetteer") and text[m.start : m.end].lower() in _agent_words()


#: "the English city of X", "the Syrian border town of X", "the Texas city of X": the name before the place
#: word (a demonym, a country or a first-level division) says where X is.
_HOLDER_BEFORE = re.compile(
    r"\b([A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?) (?:[a-z]+ ){0,2}"
    r"(?:city|town|village|capital|port|region|province|state|district|county|municipality|suburb|island) of\s+$"
)


def _held(text: str, m: _Mention, gaz: Gazetteer) -> _Mention:
    """The candidates inside the country or division the words before the name state (``_HOLDER_BEFORE``); a
    namesake elsewhere is not what the text means, so none at all when the gazetteer has none there."""
    found = _HOLDER_BEFORE.search(text, max(0, m.start - 60), m.start)
    if found is None or not m.candidates:
        return m
    holders = [h for h in gaz.lookup(found.group(1)) if h.kind in ("demonym", "country", "admin1") and not h.alternate]
    level = _LEVEL.get(max(m.candidates, key=_prior).kind, 3)  # of the name's obvious place
    if not holders or all(level <= _LEVEL[h.kind] for h in holders):
        return m  # "the Puno region of Peru": Peru holds Puno, not the other way round
    inside = tuple(
        c for c in m.candidates
        if any(c.country2 == h.country2 and (h.kind != "admin1" or c.admin1 == h.admin1) for h in holders)
    )  # fmt: skip
    return m if inside == m.candidates else _Mention(m.start, m.end, m.rule + "+held", inside)


def _cued(text: str, m: _Mention, gaz: Gazetteer) -> _Mention | None:
    """What the words around a name say: a newspaper's name ("Denver Post", "Daily Nation") and a disease's
    ("Norwalk virus") are not places; "the English city of X" is in England (``_held``);
    "the state of X", "X province" name a division, so a division of that name beats a town; "the city of X",
    "the village of X" name a town."""
    if _NEWSPAPER.match(text, m.end) or _DAILY.search(text, max(0, m.start - 10), m.start):
        return None
    if _DISEASE_AFTER.match(text, m.end) or text.startswith("-class", m.end):
        return None  # "Norwalk virus"; "Virginia-class submarines" are of a ship class
    if " " not in text[m.start : m.end] and (
        _PERSON_BEFORE.search(text, max(0, m.start - 40), m.start) or _AGE_AFTER.match(text, m.end)
    ):
        return None
    m = _held(text, m, gaz)
    if len(m.candidates) <= 1:
        return m
    before = text[max(0, m.start - 20) : m.start]
    if _CITY_BEFORE.search(before):
        towns = tuple(c for c in m.candidates if c.kind in ("city", "place"))
        if towns:  # "the city of Sao Paulo", "the village of Grasmere": a town, not the division of its name
            return _Mention(m.start, m.end, m.rule + "+cue", towns)
    if _STATE_BEFORE.search(before) or _STATE_AFTER.match(text, m.end):
        divisions = tuple(c for c in m.candidates if c.kind in ("admin1", "admin2"))
        if divisions:
            return _Mention(m.start, m.end, m.rule + "+cue", divisions)
    return m


def _prior(c: Entry) -> float:
    if c.kind == "city":
        score = math.log10(max(c.population, 1000)) + (2.0 if c.feature == "PPLC" else 0.0)
    elif c.kind == "admin2":
        score = math.log10(max(c.population, 1000)) - 1.0  # a county is named less often than a town its size
    elif c.kind == "admin1":
        score = _KIND_PRIOR["admin1"] + 0.01 * math.log10(max(c.population, 1))  # the more populous of two namesakes
    else:
        score = _KIND_PRIOR.get(c.kind, 6.0)
    if c.alternate:
        score -= 2.5
    if c.lat is None:
        score -= 3.0
    return score


#: A North American telephone number as news prints it: "(519) 555-0100", "519-555-0100", "1-519-555-0100",
#: "519.555.0100" (the area code is group 1; the exchange never starts with 0 or 1).
_PHONE = re.compile(r"(?<![\w-])(?:\+?1[-. ])?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[-.])[2-9]\d\d[-.]\d{4}(?![\w-])")


def phone_divisions(text: str, gaz: Gazetteer) -> list[Entry]:
    """The US states and Canadian provinces of the telephone numbers in ``text``, one per number, in text order
    (toll-free and Caribbean numbers name none)."""
    found = []
    for m in _PHONE.finditer(text):
        division = gaz.area_code(m.group(1) or m.group(2))
        if division is not None:
            found.append(division)
    return found


def _resolve(text: str, mentions: list[_Mention], gaz: Gazetteer) -> list[Entry | None]:
    """Choose one candidate per mention, with the other mentions as context (two rounds)."""
    _narrow(text, mentions)
    dateline_cc = next((m.candidates[0].country2 for m in mentions if m.rule == "dateline" and len(m.candidates) == 1), "")
    # "PARIS, Mo. (AP) -": the division a wire dateline names (in full or abbreviated) is the article's home.
    home = [m.candidates[0] for m in mentions if len(m.candidates) == 1 and m.candidates[0].kind == "admin1"
            and (m.rule.startswith("dateline") or (m.rule == "abbreviation" and m.start < _DATELINE_CHARS))]  # fmt: skip
    chosen: list[Entry | None] = [max(m.candidates, key=_prior) if m.candidates else None for m in mentions]
    phones = phone_divisions(text, gaz) if mentions else []
    # Only in local news: an article that names another country than the numbers' (a story about Greece
    # giving a US agency's number) is not about the numbers' region. "Greece": the country, not Greece, N.Y.
    if phones and {c.country2 for c in chosen if c is not None and c.kind in ("country", "demonym")} - {p.country2 for p in phones}:
        phones = []
    if not home and phones and all(p.admin1 == phones[0].admin1 for p in phones):
        home = phones[:1]  # the numbers of the police, the court and the town hall of the place the story covers
    dateline_a1 = home[0].admin1 if home else ""
    dateline_cc = dateline_cc or (home[0].country2 if home else "")
    own = [frozenset(key(c.name) for c in m.candidates) for m in mentions]
    dialled = frozenset(p.admin1 for p in phones)
    for _ in range(2):
        ctx = _Context(mentions, chosen, own, dialled)
        chosen = [ctx.choose(i, dateline_cc, dateline_a1) for i in range(len(mentions))]
    # A name found only by the gazetteer scan must be a country or continent, or be in a country the article
    # names elsewhere, or be big, or be the place a stronger rule read the same name as ("California state
    # senators" ... "the California Department of Health"): "Centre", "Lakes" and "Western" are first-level
    # divisions somewhere.
    weak = [_weak(m) for m in mentions]
    strong = {c for c, w in zip(chosen, weak, strict=True) if c is not None and not w}
    ctx = _Context(mentions, chosen, own, dialled, text)
    for _ in range(3):  # until no name is dropped: a weak name supported only by dropped ones goes too
        before = list(chosen)
        _drop_unsupported(mentions, chosen, ctx, weak, strong, dateline_a1)
        if chosen == before:
            break
        ctx = _Context(mentions, chosen, own, dialled, text)
    _contain(text, mentions, chosen)
    _one_sense(text, mentions, chosen, ctx, weak)
    _home(text, mentions, chosen)
    return chosen


def _sites(text: str, ents: list[Entity], mentions: list[_Mention]) -> list[_Mention]:
    """Streets ("Maplewood Crescent", found in the text) and local sites the model labelled an organisation or
    facility ("Lakeview General Hospital"), as mentions without candidates (rules ``street``, ``site``): the
    gazetteer knows neither, ``_contain`` and ``_home`` place them in their town. A street takes the place of
    names inside it ("Quarry" in "Quarry Street" is no town)."""
    out = list(mentions)
    for s, t in street_spans(text, STOP_WORDS):
        inside = [m for m in out if m.start < t and s < m.end]
        if all(s <= m.start and m.end < t for m in inside):
            out = [m for m in out if m not in inside]
            out.append(_Mention(s, t, "street", ()))
    for e in ents:
        if e.label in ("ORG", "FAC") and is_site(text[e.start : e.end]) and not any(m.start < e.end and e.start < m.end for m in out):
            out.append(_Mention(e.start, e.end, "site", ()))
    return sorted(out, key=lambda m: m.start)


def _home(text: str, mentions: list[_Mention], chosen: list[Entry | None]) -> None:
    """A street or local site the text puts in no town (``_contain``), or that only a namesake in a country the
    article names nowhere else matches ("Sunset Park" in a story about a Scottish town is no neighbourhood of New York),
    lies in the town the article is about:
    its dateline's town, else the town it names most often, if one is named more often than any other and at
    least twice (local news names its own town again and again; rule ``+home``, at the town's precision)."""
    named = Counter(c.country2 for c in chosen if c is not None and c.country2)
    todo = [i for i, (m, c) in enumerate(zip(mentions, chosen, strict=True))
            if (m.rule in ("street", "site") or is_site(text[m.start : m.end]))
            and (c is None or (c.kind == "city" and named[c.country2] <= 1 and m.rule.startswith("spacy-ner")))]  # fmt: skip
    if not todo:
        return
    home = next((c for m, c in zip(mentions, chosen, strict=True) if c is not None and m.rule.startswith("dateline") and c.kind == "city"), None)
    if home is None:
        towns = Counter(c for c in chosen if c is not None and c.kind == "city" and c.geonameid is not None and c.lat is not None)
        top = towns.most_common(2)
        if not top or top[0][1] < 2 or (len(top) == 2 and top[1][1] == top[0][1]):
            return
        home = top[0][0]
    for i in todo:
        m = mentions[i]
        here = home._replace(name=text[m.start : m.end], geonameid=None, alternate=False)
        chosen[i] = here
        mentions[i] = _Mention(m.start, m.end, m.rule + "+home", (here,))


def _drop_unsupported(
    mentions: list[_Mention], chosen: list[Entry | None], ctx: _Context, weak: list[bool], strong: set[Entry], dateline_a1: str
) -> None:
    for i, (m, c) in enumerate(zip(mentions, chosen, strict=True)):
        if i and mentions[i - 1].rule in ("street", "site") and ctx.address[i]:
            continue  # "Maple Crescent, Kelowna": the town of an address, whatever the model labelled it
        if c is not None and c.kind == "city" and c.population < _HAMLET and c.geonameid is not None and m.rule != "dateline":
            others = ctx.others(i)
            if others and not ctx.placed_by(i, c, dateline_a1):
                chosen[i] = None  # "Tawang" in a story about India and China is not a hamlet of that name in Java
                continue
        if weak[i] and c is not None and c.kind not in ("country", "continent") and c not in strong:
            others = ctx.others(i)
            if not any(o.country2 == c.country2 for o in others) and (c.kind != "city" or c.population < 1_000_000):
                chosen[i] = None
            elif m.rule == "part-of" and not any(o.kind == "admin1" and o.admin1 == c.admin1 for o in others):
                chosen[i] = None  # "Pulaski County" is near a town Pulaski only in the same state
            elif "+head" in m.rule and c.kind == "city" and c.population < _HEAD_TOWN and not ctx.placed_by(i, c, dateline_a1):
                chosen[i] = None  # "Vostochny Cosmodrome": a small town opening a name must be where the story is


def _weak(m: _Mention) -> bool:
    """A name only the gazetteer scan found, or one read off part of a longer name."""
    return m.rule in ("gazetteer", "part-of", "gazetteer+listed") or "+head" in m.rule


_STATED = re.compile(r"^dateline|\+(?:within|cue|held|abbreviation)\b")


def _one_sense(text: str, mentions: list[_Mention], chosen: list[Entry | None], ctx: _Context, weak: list[bool]) -> None:
    """One sense per discourse (Gale, Church and Yarowsky 1992): a name an article uses several times names one
    place. Where its mentions were resolved to places in different countries, every mention of it takes the
    place of the country the text states for one of them (a cue, a containing division, a dateline), else of
    the only one of those countries the article's other names support (the place most of them chose there); a
    mention the model tagged that was left unresolved takes it too ("the Tawang sector of Arunachal Pradesh"
    ... "Tawang" is neither a hamlet of that name in Java nor unknown; rule ``+same-name``). After
    ``_contain``, so a place the text put inside a division counts."""
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(key(text[m.start : m.end]), []).append(i)
    for idxs in groups.values():
        picked = [c for i in idxs if (c := chosen[i]) is not None]
        countries = {c.country2 for c in picked}
        if not picked or (len(countries) == 1 and all(chosen[i] is not None or weak[i] for i in idxs)):
            continue
        # a sense the text itself states ("the X sector of Y", "the state of X", "X, Ill.") decides; else the
        # one country of them that the article's other names support
        stated = {c.country2 for i in idxs if (c := chosen[i]) is not None and _STATED.search(mentions[i].rule)}
        if len(stated) == 1:
            countries = stated
        elif len(countries) > 1:
            others = ctx.others(idxs[0])  # the article's other names (none of this one's mentions)
            supported = {cc for cc in countries if any(o.country2 == cc for o in others)}
            if len(supported) != 1:
                continue
            countries = supported
        cc = countries.pop()
        sense = Counter(c for c in picked if c.country2 == cc).most_common(1)[0][0]
        for i in idxs:
            c, m = chosen[i], mentions[i]
            if (c is not None and c.country2 != cc) or (c is None and not weak[i]):
                chosen[i] = sense
                mentions[i] = _Mention(m.start, m.end, m.rule + "+same-name", (sense,))  # rule: where it came from


_LEVEL = {"continent": -1, "region": -1, "country": 0, "demonym": 0, "admin1": 1, "admin2": 2, "city": 3}


_LIST_AFTER = re.compile(r",? (?:and|or) |, ")


_DATELINE_CHARS = 60  # a wire dateline is at the very start
_ADDRESS = re.compile(r",\s*|,? in ")
#: "X in Y", "X in northeast Y", "X area of Y", "X, in the south of Y": the second name holds the first.
_INSIDE = re.compile(  # within one sentence: "Tokyo\n\nIn Tokyo" is a heading and a new paragraph
    r",? (?:(?:area|region|district|province|county|section|sector|part) )?(?:(?:located|situated) )?(?:in|of) (?:the )?"
    r"(?:(?:(?:[Nn]orth|[Ss]outh)(?:-?east|-?west)?(?:ern)?|[Ee]ast(?:ern)?|[Ww]est(?:ern)?|[Cc]entral|rural|[Gg]reater"
    r"|downtown|upstate) )?"
)


def _narrow(text: str, mentions: list[_Mention]) -> None:
    """"Harrisonburg, Virginia", "Lethbridge, Alberta", "Perth, Australia", "Monroe County in northeast Missouri": the
    second name narrows the first, and the first the second ("Naic, Cavite": the province that holds a Naic,
    not a town Cavite far away)."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if len(m.candidates) + len(nxt.candidates) <= 2 or not nxt.candidates or not m.candidates:
            continue
        inside = bool(_INSIDE.fullmatch(text, m.end, nxt.start)) if m.end <= nxt.start <= m.end + 40 else False
        if (0 <= nxt.start - m.end <= 2 and "\n" not in text[m.end : nxt.start]) or inside:  # not across a break
            listed = _LIST_AFTER.match(text, nxt.end) or (i > 0 and 0 <= m.start - mentions[i - 1].end <= 2)
            level = _LEVEL.get(max(nxt.candidates, key=_prior).kind, 3)
            if not inside and listed and any(_LEVEL.get(c.kind, 3) <= level for c in m.candidates):
                continue  # a list of names of one level ("China, Japan and the UK", "Virginia, Washington, Ohio")
            obvious = max(m.candidates, key=_prior)
            wider = [c for c in nxt.candidates if c.kind in ("country", "admin1", "admin2")]
            pairs = [
                (c, w) for c in m.candidates for w in wider
                if c.country2 == w.country2 and _LEVEL.get(c.kind, 3) > _LEVEL[w.kind] and (w.kind == "country" or _within(c, w))
                # a country is narrowed by a country only to a division of its name ("Georgia, US"), never to a
                # town ("in Russia, U.S. officials said" is two clauses, not Russia, Ohio)
                and not (obvious.kind == "country" and w.kind == "country" and c.kind != "admin1")
            ]  # fmt: skip
            if pairs:
                mentions[i] = _Mention(m.start, m.end, m.rule, tuple(dict.fromkeys(c for c, _ in pairs)))
                if len(nxt.candidates) > 1:
                    mentions[i + 1] = _Mention(nxt.start, nxt.end, nxt.rule, tuple(dict.fromkeys(w for _, w in pairs)))


_CONTAINERS = frozenset({"admin1", "admin2", "city"})
_TOWN_KM = 40.0  # a place "in" a town lies this near its point
_COUNTY_KM = 80.0  # a town this near a division's point is taken to be in it when our links do not say
#: "London's Paddington", "the Cincinnati suburb of X": the first name holds the second ("the X district of Y" is
#: the other way round, see _INSIDE).
_POSSESSOR = re.compile(r"['’]s | (?:suburbs?|outskirts) of (?:the )?")
_PART_AFTER = re.compile(r", (?:an? |the )?(?:\w+ )?(?:suburb|neighbou?rhood|district|borough|village|town|hamlet) (?:of|in|outside) (?:the )?")


def _contain(text: str, mentions: list[_Mention], chosen: list[Entry | None]) -> None:
    """A place the text puts inside a division or town ("Spring Lake area of Knox County", "Belleknowes,
    Dunedin", "London's Paddington") that the gazetteer does not know there (no namesake of it lies inside)
    takes the container's point, at the container's precision (rule ``+within``): the text's own statement of
    where it is beats a namesake elsewhere, and beats no point at all. Only divisions and towns contain this
    way (a country is too coarse a point); countries, continents and regions are never replaced. After the
    choice, so the container is the place chosen for it ("Knox County located in Illinois"; a name
    found only by the gazetteer scan contains only if it was kept, as the article supports it)."""
    for i in reversed(range(len(mentions) - 1)):  # from the right: "X, in Y Road, Z" puts Y in Z first
        first, second = mentions[i], mentions[i + 1]
        between = text[first.end : second.start]
        if second.start - first.end > 40:
            continue
        if _POSSESSOR.fullmatch(between):
            inner, k, j = second, i, i + 1  # "London's Paddington", "the Cincinnati suburb of X": container k, place j
        elif _PART_AFTER.fullmatch(between):
            inner, k, j = first, i + 1, i  # "X, a suburb of Cincinnati": read like a possessive
        elif between in (", ", ",") or _INSIDE.fullmatch(between):
            inner, k, j = first, i + 1, i  # "Belleknowes, Dunedin", "X area of Y"
        else:
            continue
        y = chosen[k]
        if y is None or y.kind not in _CONTAINERS or y.lat is None:
            continue
        if j == i and between.startswith(","):
            # a list goes on with a name of the container's level ("Paris, London and Rome"); a wider one after
            # it is a chain ("Belleknowes, Dunedin, New Zealand")
            before = chosen[i - 1] if i > 0 and 0 <= first.start - mentions[i - 1].end <= 2 else None
            after = chosen[i + 2] if i + 2 < len(mentions) and mentions[i + 2].start - second.end <= 6 and _LIST_AFTER.match(text, second.end) else None
            if any(o is not None and _LEVEL.get(o.kind, 3) >= _LEVEL[y.kind] for o in (before, after)):
                continue
        if y.kind == "city":
            owned = j == i + 1 or _PART_AFTER.fullmatch(between) is not None  # a possessive or "a suburb of"
            if inner.candidates and (not owned or any(c.kind not in ("city", "place") for c in inner.candidates)):
                continue  # "Tokyo, Osaka" may be two towns: only an unknown name, or one a town owns, is inside it
        elif any(_LEVEL.get(c.kind, 3) <= _LEVEL[y.kind] for c in inner.candidates):
            continue  # "Washington, Ohio" are two states, "Russia, U.S. officials" two countries
        if any(c.lat is not None and (_km(c, y) < _TOWN_KM if y.kind == "city" else _within(c, y) or _km(c, y) < _COUNTY_KM)
               for c in inner.candidates):
            continue  # a namesake inside: _narrow's business
        surface = text[inner.start : inner.end]
        here = y._replace(name=surface, geonameid=None, alternate=False)
        chosen[j] = here
        mentions[j] = _Mention(inner.start, inner.end, inner.rule + "+within", (here,))


@dataclass(frozen=True, slots=True)
class _Others:
    """What the other mentions' choices say, gathered once: the countries (with how often each is chosen), the
    first-level divisions named, the divisions holding the towns named, the points, the counties named."""

    countries: Counter[str]
    divisions: frozenset[str]
    towns: frozenset[str]
    near: tuple[Entry, ...]
    admin2s: frozenset[str]


class _Context:
    """What the article's other mentions say: their countries, divisions, points and list neighbours."""

    def __init__(
        self,
        mentions: list[_Mention],
        chosen: list[Entry | None],
        own: list[frozenset[str]],
        dialled: frozenset[str] = frozenset(),
        text: str = "",
    ) -> None:
        self.mentions = mentions
        # whether a mention follows the one before it as the town of an address ("X Road, Town", "X Road in Town")
        self.address = [i > 0 and _ADDRESS.fullmatch(text, mentions[i - 1].end, m.start) is not None for i, m in enumerate(mentions)]
        self.dialled = dialled  # the divisions of the article's telephone numbers, as if the article named them
        self.chosen = chosen
        self.own = own
        self.keys = [key(c.name) if c is not None else "" for c in chosen]
        # The choices counted once, in all and by name, so that "the others" of a mention is the total less its
        # own names' share: listing them per mention was quadratic (a city named 8,000 times took minutes).
        self.total: Counter[Entry] = Counter(c for c in chosen if c is not None)
        self.by_key: dict[str, Counter[Entry]] = {}
        for c, k in zip(chosen, self.keys, strict=True):
            if c is not None:
                self.by_key.setdefault(k, Counter())[c] += 1
        # what "the others" of a mention are depends only on its names and (rarely) its own choice: mentions of
        # one name repeated through an article share them, computed once (``_left_out``)
        self._others: dict[tuple[frozenset[str], Entry | None], Counter[Entry]] = {}
        self._summaries: dict[tuple[frozenset[str], Entry | None], _Others] = {}
        # the countries of the names the model or a cue found, by name: a guess of the gazetteer scan is no
        # evidence that makes a namesake beat the obvious place
        self.stated: dict[str, Counter[str]] = {}
        for m, c, k in zip(mentions, chosen, self.keys, strict=True):
            if c is not None and c.country2 and not _weak(m):
                self.stated.setdefault(k, Counter())[c.country2] += 1

    def _left_out(self, i: int) -> tuple[frozenset[str], Entry | None]:
        own, c = self.own[i], self.chosen[i]
        return own, (c if c is not None and self.keys[i] not in own else None)

    def others(self, i: int) -> Counter[Entry]:
        """The other mentions' choices with how often each is chosen, leaving out mention ``i`` and every
        mention of the same name (no self-reinforcement). Shared between mentions: do not change it."""
        memo = self._left_out(i)
        found = self._others.get(memo)
        if found is None:
            own, c = memo
            left_out: Counter[Entry] = Counter()
            for k in own:
                left_out.update(self.by_key.get(k, Counter()))
            if c is not None:
                left_out[c] += 1
            found = self._others[memo] = self.total - left_out  # Counter subtraction keeps positive counts only
        return found

    def _summary(self, i: int) -> _Others:
        memo = self._left_out(i)
        found = self._summaries.get(memo)
        if found is None:
            others = self.others(i)
            countries: Counter[str] = Counter()
            for o, n in others.items():
                if o.country2:
                    countries[o.country2] += n
            found = self._summaries[memo] = _Others(
                countries=countries,
                divisions=frozenset(o.admin1 for o in others if o.kind == "admin1") | self.dialled,
                towns=frozenset(o.admin1 for o in others if o.kind in ("city", "admin2", "place")),
                near=tuple(o for o in others if o.kind in ("city", "admin1", "admin2", "place") and o.lat is not None),
                admin2s=frozenset(o.admin2 for o in others if o.kind == "admin2"),
            )
        return found

    def choose(self, i: int, dateline_cc: str, dateline_a1: str = "") -> Entry | None:
        cands = self.mentions[i].candidates
        if len(cands) <= 1:
            return cands[0] if cands else None
        summary = self._summary(i)
        countries, divisions, towns, near, admin2s = (
            summary.countries, summary.divisions, summary.towns, summary.near, summary.admin2s
        )
        neighbours = [self.chosen[j] for j in (i - 1, i + 1) if 0 <= j < len(self.mentions) and self._listed(i, j)]
        scored = {
            c: self._evidence(c, dateline_cc, dateline_a1, countries, divisions, towns, admin2s, near, neighbours)
            for c in cands
        }
        obvious = max(cands, key=_prior)
        best = max(cands, key=lambda c: _prior(c) + sum(scored[c]))
        if best is obvious:
            return best
        general, specific = scored[best]
        o_general, o_specific = scored[obvious]
        # A namesake must beat the obvious place with evidence, not by default: a country, continent or region
        # is only ever narrowed away by its name's own context ("Georgia, US"; see _narrow), a division only
        # by more specific evidence (a named division or town it is in, places near it), a town by any.
        listed = [nb for nb in neighbours if nb is not None and key(nb.name) not in self.own[i]]
        if listed and all(nb.kind == "admin1" for nb in listed):
            # "Colorado, Georgia, Idaho": in a list of one country's divisions, a name is that country's division
            same = [c for c in cands if c.kind == "admin1" and all(nb.country2 == c.country2 for nb in listed)]
            if same:
                return max(same, key=lambda c: _prior(c) + sum(scored[c]))
        if obvious.kind in ("country", "continent", "region") and obvious.lat is not None:
            return obvious
        if obvious.kind == "city" and best.kind in ("admin1", "admin2") and best.admin1 == obvious.admin1:
            return obvious  # "Seoul", "Stockholm": the city, not the division named after it that contains it
        if obvious.kind == "admin1" and best.kind != "admin1" and obvious.lat is not None and (specific <= o_specific or specific < 3.0):
            return obvious  # nearness alone does not make "England" a town in Arkansas
        if specific <= o_specific and general <= o_general:
            return obvious
        if specific <= o_specific and best.country2 != obvious.country2 and best.country2 != dateline_cc and not any(
            n for k, n in ((k, cc[best.country2]) for k, cc in self.stated.items()) if k not in self.own[i]
        ):
            return obvious  # "Warrington" is no town in Florida because a capitalised "Enterprise" is one in Nevada
        return best

    def placed_by(self, i: int, c: Entry, dateline_a1: str) -> bool:
        """Whether the article places candidate ``c`` of mention ``i``: the specific evidence of ``_evidence``
        (a division holding it named or dialled, a place near it, its county) or the dateline's division."""
        s = self._summary(i)
        if dateline_a1 and c.admin1 == dateline_a1:
            return True
        return self._evidence(c, "", dateline_a1, s.countries, s.divisions, s.towns, s.admin2s, s.near, [])[1] > 0

    def _listed(self, i: int, j: int) -> bool:
        a, b = sorted((self.mentions[i], self.mentions[j]), key=lambda m: m.start)
        return self.chosen[j] is not None and b.start - a.end <= 6

    @staticmethod
    def _evidence(
        c: Entry,
        dateline_cc: str,
        dateline_a1: str,
        countries: Counter[str],
        divisions: frozenset[str],
        towns: frozenset[str],
        admin2s: frozenset[str],
        near: tuple[Entry, ...],
        neighbours: list[Entry | None],
    ) -> tuple[float, float]:
        """(general, specific) evidence for a candidate. General: the article's countries, the dateline's
        country, a list of names of one kind. Specific: a division the article names contains it, or it
        contains a town the article names, or it is near places already resolved."""
        general = specific = 0.0
        n = countries[c.country2] if c.country2 else 0
        if n:
            general += 3.0 + min(n, 5) * 0.2
        if c.country2 and c.country2 == dateline_cc:
            general += 1.5
        if dateline_a1 and c.admin1 == dateline_a1 and c.kind != "admin1":
            general += 1.5  # in the division the dateline names
        if c.kind != "city" and any(nb is not None and nb.kind == c.kind for nb in neighbours):
            general += 1.5  # a list of names: "Ohio, Washington and Oregon" are all states
        if c.kind in ("city", "admin2", "place") and c.admin1 in divisions:
            specific += 3.0  # a town or county in a division the article names
        elif c.kind == "admin1" and "." in c.admin1 and c.admin1 in towns:
            specific += 3.0  # a division containing a town the article names
        elif c.lat is not None and c.kind in ("city", "admin1", "admin2", "place"):
            if any(_km(o, c) < (NEAR_KM if o.kind == "city" else 2 * NEAR_KM) for o in near if abs((o.lat or 0) - c.lat) < 8):
                specific += 2.0
        if c.admin2 and c.kind in ("city", "place") and c.admin2 in admin2s:
            specific += 2.0  # a town in a county the article names
        return general, specific


#: A place this small (or of unknown size) is not taken on its name alone: its division or a place near it
#: must be in the article (``_Context.placed_by``).
_HAMLET = 1_000
_HEAD_TOWN = 100_000  # a town this big opening a name ("Tehran University") needs no more support than its country


def _within(city: Entry, admin1: Entry) -> bool:
    """Is ``city`` in the first-level division ``admin1``? (By GeoNames code where known, else by distance.)"""
    if admin1.kind == "admin2" and admin1.admin2:
        return city.admin2 == admin1.admin2
    if "." in admin1.admin1:
        return city.admin1 == admin1.admin1
    return city.lat is not None and admin1.lat is not None and _km(city, admin1) < 2 * NEAR_KM


@functools.lru_cache(maxsize=1 << 16)  # the same pairs come back in every scoring round
def _km(a: Entry, b: Entry) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _place(text: str, m: _Mention, c: Entry | None, gaz: Gazetteer) -> Place:
    surface = text[m.start : m.end]
    if c is None:
        return Place(start=m.start, end=m.end, text=surface, name=surface, rule=m.rule + "+unresolved")
    a1 = gaz.division(c.admin1) if "." in c.admin1 else None
    a2 = gaz.division(c.admin2) if c.admin2 else None
    if c.kind == "admin1" and a1 is None and c.admin1:
        a1_name: str | None = c.name  # a division known only by its ISO 3166-2 code
    else:
        a1_name = a1.name if a1 else None
    return Place(
        start=m.start,
        end=m.end,
        text=surface,
        name=c.name,
        country=c.country3 or None,
        lat=c.lat,
        lon=c.lon,
        geonameid=c.geonameid,
        feature=c.feature,
        rule=f"{m.rule}+gazetteer:{c.kind}",
        precision=precision(c.kind, c.feature),
        admin1=a1_name,
        admin1_code=a1.code if a1 else None,
        admin2=a2.name if a2 else None,
        admin2_code=a2.geonames_code if a2 else None,
    )


_REGION_FEATURES = frozenset({"CONT", "RGN", "RGNE", "SEA", "OCN", "GULF", "BAY", "MTS", "DSRT", "PEN", "ISLS", "LK", "STM", "VAL"})


def precision(kind: str, feature: str | None) -> str:
    """How precise a place is: point | city | admin2 | admin1 | region | country (GDELT and ACLED users
    filter by these). ``point``: a spot smaller than a town (a user's park, building or neighbourhood)."""
    f = feature or ""
    if kind in ("country", "demonym") or f.startswith("PCL"):
        return "country"
    if kind == "admin1" or f == "ADM1":
        return "admin1"
    if kind == "admin2" or f == "ADM2":
        return "admin2"
    if kind == "city" or f.startswith("PPL"):
        return "city"
    if kind in ("region", "continent") or f in _REGION_FEATURES:
        return "region"
    return "point"


def precision_of(feature: str | None) -> str | None:
    """city | region | country for a feature code (the coarse classes events rank places by)."""
    if not feature:
        return None
    if feature.startswith("PPL"):
        return "city"
    if feature.startswith("PCL"):
        return "country"
    return "region"


def location_of(p: Place) -> Location:
    return Location(
        name=p.name or p.text,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        precision=p.precision or precision_of(p.feature),
        geonameid=p.geonameid,
        admin1=p.admin1,
        admin1_code=p.admin1_code,
        admin2=p.admin2,
        admin2_code=p.admin2_code,
    )


class PlaceIndex:
    """Per article: the resolved places (demonyms left out) by offset, and the dateline place. Built by
    ``find_places``; the events layer (``events/locations.py``) asks it for the places of a clause."""

    def __init__(self, places: Iterable[Place], dateline: Place | None = None) -> None:
        self._places = sorted((p for p in places if p.lat is not None and "demonym" not in p.rule), key=lambda p: p.start)
        self._starts = [p.start for p in self._places]
        self.dateline = dateline  # the wire dateline's place ("SEOUL (AFP) -"), if resolved

    def places_in(self, start: int, end: int) -> list[Place]:
        """The resolved places whose span lies inside ``[start, end)``, in text order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self._places) and self._places[i].start < end:
            if self._places[i].end <= end:
                out.append(self._places[i])
            i += 1
        return out

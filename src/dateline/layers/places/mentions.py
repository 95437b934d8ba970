"""Place mentions: the spans of an article that may name places, with their gazetteer candidates.

The model's place entities (``mention_of``), demonyms, known names the gazetteer scan finds among proper nouns
(``scan_names``), streets and local sites (``site_mentions``, see ``sites.py``). ``Mention`` is what the
later steps (``missed.py``, ``cues.py``, ``resolve.py``) read and rewrite.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ...model import Entity
from ...nlp import Piece
from ..doc_views import doc_length
from .gazetteer import Entry, Gazetteer, key
from .sites import is_site, street_spans

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISLABELLED = frozenset({"ORG", "PRODUCT", "NORP"})
NOT_ALONE = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "the north", "the south", "the east", "the west", "downtown", "city", "state", "capital"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    rule: str
    candidates: tuple[Entry, ...]


def compound_demonyms(text: str, ents: list[Entity], gaz: Gazetteer) -> list[Entity]:
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


def split_addresses(text: str, ents: list[Entity], gaz: Gazetteer) -> list[Entity]:
    """"Kookaburra Oval, Melbourne": a place entity the model read over a comma is a name and the
    place it is in, when the part after the last comma is a known place and the whole is not; the two are
    then read as "X, Y" is (``resolve._contain``)."""
    out: list[Entity] = []
    for e in ents:
        surface = text[e.start : e.end]
        cut = surface.rfind(", ")
        if e.label in PLACE_LABELS and cut > 0 and surface[cut + 2 : cut + 3].isupper() and not gaz.lookup(surface):
            tail = surface[cut + 2 :]
            if any(c.kind in ("country", "admin1", "admin2", "city") for c in gaz.lookup(tail)):
                head = surface[:cut]
                out.append(Entity(start=e.start, end=e.start + cut, text=head, label=e.label, rule=e.rule, field=e.field))
                out.append(Entity(start=e.start + cut + 2, end=e.end, text=tail, label="GPE", rule=e.rule, field=e.field))
                continue
        out.append(e)
    return out


def mention_of(text: str, e: Entity, gaz: Gazetteer) -> Mention | None:
    surface = text[e.start : e.end]
    if surface.endswith(("s’", "s'")) and len(surface) > 3:  # "the Faroe Islands’ fishermen": a plural's possessive
        e = replace(e, end=e.end - 1, text=surface[:-1])
        surface = surface[:-1]
    low = surface.lower().strip()
    if e.label in PLACE_LABELS:
        if low in NOT_ALONE or len(low) < 2 or not any(c.isupper() for c in surface):
            return None
        rule = "dateline" if "dateline" in e.rule else "spacy-ner"
        abbreviated = gaz.abbreviation(surface.strip())
        if abbreviated is None and (text.startswith(".", e.end) or text.endswith(", ", 0, e.start)):
            # the model left the full stop out ("(R-Fla.)"), or the writer did after a town ("BEREA, Ky")
            abbreviated = gaz.abbreviation(surface.strip() + ".")
        if abbreviated is not None:  # "Ill.", "Ont."
            return Mention(e.start, e.end, rule + "+abbreviation", (abbreviated,))
        cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym")
        if not cands and _DOTTED.fullmatch(surface):  # "U.A.E.": a country's or region's code without its full stops
            cands = tuple(c for c in gaz.lookup(surface.replace(".", "")) if c.kind in ("country", "region", "continent"))
        if rule != "dateline":  # a wire dateline writes its town in capitals ("BAKU", "ROME"): no code
            cands = _as_code(surface, cands)
        trailing = _TRAILING_NUMBERS.search(surface)
        if not cands and trailing and trailing.start() > 0:  # "Andorra 2-1": the model took the score in
            e = replace(e, end=e.start + trailing.start(), text=surface[: trailing.start()])
            return mention_of(text, e, gaz)
        if not cands:
            longer = _CONTINUATION.match(text, e.end)
            if longer:  # the model cut a name short: "Democratic Republic| of the Congo", "Burkina| Faso"
                for end in _word_ends(text, e.end, longer.end()):
                    found = tuple(c for c in gaz.lookup(text[e.start : end]) if c.kind != "demonym")
                    if found:
                        return Mention(e.start, end, rule + "+extended", found)
            inner = _inner(surface, gaz)
            if inner is not None:
                s, t, found = inner
                part = any(w.lower() in _PART_OF for w in surface.split())
                return Mention(e.start, e.end, "part-of", found) if part else Mention(e.start + s, e.start + t, rule + "+inner", found)
            head = _head(surface, gaz)
            tail = _tail(surface, gaz)
            wide = tail is not None and any(c.kind in ("country", "admin1") for c in tail[1])
            if head is not None and not (wide and all(c.kind == "city" for c in head[1])):
                return Mention(e.start, e.start + head[0], rule + "+head", head[1])  # "Orange County Sanitation District"
            if tail is not None:  # "Air Berlin", "Progress Ohio": a country, division or big town ending the name
                return Mention(e.start + tail[0], e.end, rule + "+tail", tail[1])
        demonyms = tuple(c for c in gaz.lookup(surface) if c.kind == "demonym")
        if demonyms and all(c.kind == "city" and c.population < SCAN_MIN_POPULATION for c in cands):
            return Mention(e.start, e.end, "demonym", demonyms)  # "Nigerien assets" labelled a place: a demonym
        return Mention(e.start, e.end, rule, cands)
    if e.label == "NORP":
        longer = _CONTINUATION.match(text, e.end)
        if longer:  # "French| Guiana", "American| Samoa": a place named with a demonym, cut short by the model
            for end in _word_ends(text, e.end, longer.end()):
                found = tuple(c for c in gaz.lookup(text[e.start : end]) if c.kind != "demonym")
                if found:
                    return Mention(e.start, end, "spacy-ner+extended", found)
        cands = tuple(c for c in gaz.lookup(surface) if c.kind == "demonym")
        if cands:
            return Mention(e.start, e.end, "demonym", cands)
    if e.label in _MISLABELLED and surface[:1].isupper():
        # A whole "organisation" or "product" that is a place name ("Mildura", "Cavite"): the model's
        # label is often wrong for small places. Kept only with support from the article (see resolve.py).
        cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym" and not (c.alternate and c.kind == "city"))
        cands = _as_code(surface, cands)
        if cands and surface.lower() not in STOP_WORDS and surface.lower() not in NOT_ALONE:
            return Mention(e.start, e.end, "gazetteer", cands)
    return None


_GENERIC = frozenset(
    "province state region district city town village villages municipality prefecture governorate area east west"
    " north south central centre center far greater metropolitan island islands eastern western northern southern"
    " northeastern northwestern southeastern southwestern upper lower".split()
)
_DOTTED = re.compile(r"(?:[A-Z]\.){2,4}")
_TRAILING_NUMBERS = re.compile(r"(?:\s+\S*\d\S*)+$")  # words with digits after a name: a score, a year
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
            if "islands" in rest:  # "the X Islands" are an archipelago, not a small town X ("Virgin Islands")
                found = tuple(c for c in found if c.kind != "city" or c.population >= SCAN_MIN_POPULATION)
            if found:
                return s, t, found
    return None


_HEAD_KINDS = frozenset({"city", "admin1", "admin2", "country", "place"})
_FEATURE_WORDS = frozenset(
    "mountains mountain mount mts range hills hill valley river bay lake sea gulf strait island islands isle"
    " peninsula canal square park forest desert plain plains delta coast beach falls harbour harbor point cape"
    " basin creek springs sound reef".split()
)


def _tail(surface: str, gaz: Gazetteer) -> tuple[int, tuple[Entry, ...]] | None:
    """A country, first-level division or town of 100,000 or more that ends an unknown longer name ("Air
    Berlin", "Radio Kenya"): the name's own place, read like a name found inside another (rule ``+tail``)."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(surface)]
    for n in range(1, len(spans)):
        rest = [surface[a:b] for a, b in spans[:n]]
        if not all(w[:1].isupper() for w in rest) or any(w.lower() in _FEATURE_WORDS or w.lower() in _GENERIC for w in rest):
            continue  # "Mount Washington", "Lake Geneva", "Greater London" are other places or handled elsewhere
        sub = surface[spans[n][0] :]
        found = tuple(
            c for c in gaz.lookup(sub)
            if not c.alternate and (c.kind in ("country", "admin1") or (c.kind == "city" and c.population >= SCAN_MIN_POPULATION))
        )  # fmt: skip
        if found and sub.lower() not in STOP_WORDS:
            return spans[n][0], found
    return None


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
        if sub.lower() in _GENERIC or sub.lower() in STOP_WORDS or sub.lower() in NOT_ALONE:
            continue
        found = tuple(c for c in gaz.lookup(sub) if c.kind in _HEAD_KINDS and not c.alternate)
        if found:
            return words[n - 1], found
    return None


_CAPS = re.compile(r"\b[A-Z][\w'’.-]*(?:[ -](?:of |de |la |del |al-|el-)?[A-Z][\w'’.-]*)*")
SCAN_KINDS = frozenset({"country", "admin1", "continent", "region"})
SCAN_MIN_POPULATION = 100_000
_NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday a.m. p.m. am pm noon midnight gmt utc".split()
)


def not_place(text: str, e: Entity) -> bool:
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


def scan_names(
    text: str, pieces: Iterable[Piece], gaz: Gazetteer, blocked: list[tuple[int, int]], people: set[tuple[int, int]]
) -> list[Mention]:
    """Known place names that spaCy tagged as proper nouns but did not label as places."""
    out: list[Mention] = []
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
                        c.kind in SCAN_KINDS or c.population >= SCAN_MIN_POPULATION for c in cands
                    ) or (sub.endswith((" County", " Parish")) and any(c.kind == "admin2" for c in cands))
                    if notable and free(off + s, off + t) and _proper(doc, s, t):
                        hit = (s, t, cands, n)
                        break
                if hit:
                    out.append(Mention(off + hit[0], off + hit[1], "gazetteer", hit[2]))
                    i += hit[3]
                else:
                    i += 1
    return out


def _proper(doc: Doc, s: int, t: int) -> bool:
    span = doc.char_span(s, t, alignment_mode="contract")
    return span is not None and len(span) > 0 and all(tok.pos_ == "PROPN" or tok.is_punct for tok in span)


def without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: a name extended over the next entity replaces it."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def site_mentions(text: str, ents: list[Entity], mentions: list[Mention]) -> list[Mention]:
    """Streets ("Maplewood Crescent", found in the text) and local sites the model labelled an organisation or
    facility ("Lakeview General Hospital"), as mentions without candidates (rules ``street``, ``site``): the
    gazetteer knows neither, ``resolve._contain`` and ``resolve._home`` place them in their town. A street takes the place of
    names inside it ("Quarry" in "Quarry Street" is no town)."""
    out = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in out]
    streets: list[Mention] = []
    drop: set[int] = set()
    for s, t in street_spans(text, STOP_WORDS):
        i = bisect_left(starts, s)
        if i > 0 and max(m.end for m in out[max(0, i - 8) : i]) > s:
            continue  # a mention that starts before the street runs into it
        j = i
        while j < len(out) and out[j].start < t:
            j += 1
        if all(out[k].end < t for k in range(i, j)):
            drop.update(range(i, j))
            streets.append(Mention(s, t, "street", ()))
    out = [m for k, m in enumerate(out) if k not in drop] + streets
    out.sort(key=lambda m: m.start)
    starts = [m.start for m in out]
    ends = [m.end for m in out]
    sites: list[Mention] = []
    for e in ents:
        if e.label in ("ORG", "FAC") and is_site(text[e.start : e.end]):
            i = bisect_left(starts, e.end)  # the mentions starting before the entity ends
            if not (i > 0 and max(ends[max(0, i - 8) : i]) > e.start):
                sites.append(Mention(e.start, e.end, "site", ()))
    return sorted(out + sites, key=lambda m: m.start)


def is_weak(m: Mention) -> bool:
    """A name only the gazetteer scan found, or one read off part of a longer name."""
    return m.rule in ("gazetteer", "part-of", "gazetteer+listed", "settlement") or is_part(m)


def is_part(m: Mention) -> bool:
    """A name read off the start or the end of a longer unknown name ("Orange County" in "Orange County
    Sanitation District", "Berlin" in "Air Berlin"): unresolved, it is not kept as a place at all."""
    return "+head" in m.rule or "+tail" in m.rule

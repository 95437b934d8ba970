"""Places: toponyms found in the article, resolved to coordinates with the article as context.

Toponyms are spaCy ``GPE``/``LOC``/``FAC`` entities (after the entities layer's cleaning), filtered (a bare
compass word such as "North" is not a place; people and organisations are not candidates), plus country
demonyms the model labels ``NORP`` ("Russian" -> Russia, rule ``demonym``). Each is looked up in the
gazetteer (``gazetteer.py``) and the candidates are scored by:

- kind and size: countries and regions first, then first-level divisions, then cities by population, with
  capitals preferred;
- the article: countries the article names (as places or demonyms), the wire dateline's country, and
  nearness to the other places the article names (a second pass), so "Moscow" is Russia's capital unless
  the article is about Idaho, and a small town near the article's other places beats a far-away namesake.

Unresolved toponyms are still listed, with null coordinates.

The API for the events layer::

    found = find_places(parsed, gazetteer)       # FoundPlaces: places, index, dropped
    location = found.index.for_span(start, end)  # model.Location | None

``PlaceIndex.for_span`` gives the most precise place named inside the span (city, then region, then country;
demonyms are not used), else the article's dateline place, else None. ``Location.precision`` is ``city``,
``region`` or ``country``.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ...model import Dropped, Entity, Location, Place
from ...nlp import ParsedArticle, Piece
from ..doc_views import doc_length
from .gazetteer import Entry, Gazetteer, key

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
    for e in ents:
        try:
            m = _mention(text, e, gaz)
        except Exception as exc:  # noqa: BLE001 - a failure on one span drops that span
            log.debug("place lookup failed for %r", e.text, exc_info=True)
            dropped.append(Dropped(layer="places", start=e.start, end=e.end, reason=f"lookup: {exc!r}"))
            continue
        if m is not None:
            mentions.append(m)
    mentions = _without_overlaps(mentions)
    people = _people(text, ents, gaz)
    blocked = sorted(
        [(m.start, m.end) for m in mentions]
        + [(e.start, e.end) for e in ents if e.label in _NOT_PLACE_LABELS and (e.start, e.end) not in people]
    )
    mentions.extend(_scan(text, pieces, gaz, blocked, people))
    mentions.sort(key=lambda m: m.start)
    mentions = _possessives(text, mentions, gaz)
    chosen = _resolve(mentions, gaz)
    kept = [(m, c) for m, c in zip(mentions, chosen, strict=True) if c is not None or m.rule != "gazetteer"]
    mentions, chosen = [m for m, _ in kept], [c for _, c in kept]
    places = [
        _place(text, m, entry) for m, entry in zip(mentions, chosen, strict=True)
    ]
    dateline = next((p for p, m in zip(places, mentions, strict=True) if m.rule == "dateline" and p.lat is not None), None)
    return FoundPlaces(places=tuple(places), index=PlaceIndex(places, dateline), dropped=tuple(dropped))


def _mention(text: str, e: Entity, gaz: Gazetteer) -> _Mention | None:
    surface = text[e.start : e.end]
    low = surface.lower().strip()
    if e.label in PLACE_LABELS:
        if low in _NOT_ALONE or len(low) < 2 or not any(c.isupper() for c in surface):
            return None
        rule = "dateline" if "dateline" in e.rule else "spacy-ner"
        cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym")
        if not cands:
            longer = _CONTINUATION.match(text, e.end)
            if longer:  # the model cut a name short: "Democratic Republic| of the Congo", "Burkina| Faso"
                for end in sorted({m.end() for m in _WORD.finditer(text, e.end, longer.end())}, reverse=True):
                    found = tuple(c for c in gaz.lookup(text[e.start : end]) if c.kind != "demonym")
                    if found:
                        return _Mention(e.start, end, rule + "+extended", found)
            inner = _inner(surface, gaz)
            if inner is not None:
                s, t, found = inner
                part = any(w.lower() in _PART_OF for w in surface.split())
                return _Mention(e.start, e.end, "part-of", found) if part else _Mention(e.start + s, e.start + t, rule + "+inner", found)
        return _Mention(e.start, e.end, rule, cands)
    if e.label == "NORP":
        cands = tuple(c for c in gaz.lookup(surface) if c.kind == "demonym")
        if cands:
            return _Mention(e.start, e.end, "demonym", cands)
    if e.label in _MISLABELLED and surface[:1].isupper():
        # A whole "organisation" or "product" that is a place name ("Esperance", "Bulacan"): the model's
        # label is often wrong for small places. Kept only with support from the article (see _resolve).
        cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym" and not (c.alternate and c.kind == "city"))
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


_CAPS = re.compile(r"\b[A-Z][\w'’.-]*(?:[ -](?:of |de |la |del |al-|el-)?[A-Z][\w'’.-]*)*")
_SCAN_KINDS = frozenset({"country", "admin1", "continent", "region"})
SCAN_MIN_POPULATION = 100_000
_NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})


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
                    while t > s and chunk[t - 1] in ".'’-" and not chunk[s:t].endswith(("U.S.", "U.K.", "D.C.", "B.C.")):
                        t -= 1
                    sub = chunk[s:t]
                    if (sub.lower() in STOP_WORDS and not sub.isupper()) or sub.lower() in _GENERIC or len(sub) < 2:
                        continue  # "Us" is a word, "US" a country
                    cands = tuple(
                        c for c in gaz.lookup(sub) if c.kind != "demonym" and not (c.alternate and c.kind in ("city", "admin1"))
                    )  # fmt: skip
                    notable = (off + s, off + t) in people or any(
                        c.kind in _SCAN_KINDS or c.population >= SCAN_MIN_POPULATION for c in cands
                    )
                    if notable and free(off + s, off + t) and _proper(doc, s, t):
                        hit = (s, t, cands, n)
                        break
                if hit:
                    out.append(_Mention(off + hit[0], off + hit[1], "gazetteer", hit[2]))
                    i += hit[3]
                else:
                    i += 1
    return out


def _people(text: str, ents: list[Entity], gaz: Gazetteer) -> set[tuple[int, int]]:
    """One-word PERSON entities that are known place names and never part of a longer name in the article
    ("Malakal" tagged as a person); the scan may take them."""
    parts = {w for e in ents if e.label == "PERSON" for w in text[e.start : e.end].split()[1:] + text[e.start : e.end].split()[:-1]}
    out: set[tuple[int, int]] = set()
    for e in ents:
        name = text[e.start : e.end]
        if e.label == "PERSON" and " " not in name and name not in parts and gaz.lookup(name):
            out.add((e.start, e.end))
    return out


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


def _prior(c: Entry) -> float:
    if c.kind == "city":
        score = math.log10(max(c.population, 1000)) + (2.0 if c.feature == "PPLC" else 0.0)
    else:
        score = _KIND_PRIOR.get(c.kind, 6.0)
    if c.alternate:
        score -= 2.5
    if c.lat is None:
        score -= 3.0
    return score


def _resolve(mentions: list[_Mention], gaz: Gazetteer) -> list[Entry | None]:
    """Choose one candidate per mention, with the other mentions as context (two rounds)."""
    _narrow(mentions)
    dateline_cc = next((m.candidates[0].country2 for m in mentions if m.rule == "dateline" and len(m.candidates) == 1), "")
    chosen: list[Entry | None] = [max(m.candidates, key=_prior) if m.candidates else None for m in mentions]
    own = [frozenset(key(c.name) for c in m.candidates) for m in mentions]
    for _ in range(2):
        ctx = _Context(mentions, chosen, own)
        chosen = [ctx.choose(i, dateline_cc) for i in range(len(mentions))]
    # A name found only by the gazetteer scan must be a country or continent, or be in a country the article
    # names elsewhere, or be big: "Centre", "Lakes" and "Western" are first-level divisions somewhere.
    ctx = _Context(mentions, chosen, own)
    for i, (m, c) in enumerate(zip(mentions, chosen, strict=True)):
        if m.rule in ("gazetteer", "part-of") and c is not None and c.kind not in ("country", "continent"):
            others = ctx.others(i)
            if others.country_count(c.country2) <= 0 and c.population < 1_000_000:
                chosen[i] = None
            elif m.rule == "part-of" and not others.has_division(c.admin1):
                chosen[i] = None  # "Metcalfe County" is near a town Metcalfe only in the same state
    return chosen


def _narrow(mentions: list[_Mention]) -> None:
    """"Roanoke, Virginia", "Edmonton, Alberta", "Perth, Australia": the second name narrows the first."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if len(m.candidates) > 1 and 0 <= nxt.start - m.end <= 2 and nxt.candidates:
            wider = [c for c in nxt.candidates if c.kind in ("country", "admin1")]
            narrowed = tuple(
                c for c in m.candidates
                if any(c.country2 == w.country2 and (w.kind == "country" or _within(c, w)) for w in wider)
            )  # fmt: skip
            if narrowed:
                mentions[i] = _Mention(m.start, m.end, m.rule, narrowed)


class _Context:
    """What the article's other mentions say: their countries, divisions, points and list neighbours.

    "The other mentions" of mention ``i`` leave out ``i`` and every mention of the same name. They are not
    listed per mention (that was quadratic: a city named 8,000 times took minutes): the totals over all
    mentions are counted once and the left-out mentions' share is subtracted (``_Others``)."""

    def __init__(self, mentions: list[_Mention], chosen: list[Entry | None], own: list[frozenset[str]]) -> None:
        self.mentions = mentions
        self.chosen = chosen
        self.own = own
        self.keys = [key(c.name) if c is not None else "" for c in chosen]
        self.by_key: dict[str, Counter[Entry]] = {}
        total: Counter[Entry] = Counter()
        for c, k in zip(chosen, self.keys, strict=True):
            if c is not None:
                total[c] += 1
                self.by_key.setdefault(k, Counter())[c] += 1
        self.total = total
        self.tally = _tally(total)
        near = sorted((c for c in total if c.kind in ("city", "admin1") and c.lat is not None), key=lambda c: c.lat or 0.0)
        self.near = near
        self.near_lats = [c.lat or 0.0 for c in near]

    def others(self, i: int) -> _Others:
        """The other mentions' choices, leaving out every mention of the same name (no self-reinforcement)."""
        own = self.own[i]
        left_out: Counter[Entry] = Counter()
        for k in own:
            left_out.update(self.by_key.get(k, ()))
        c = self.chosen[i]
        if c is not None and self.keys[i] not in own:
            left_out[c] += 1
        return _Others(self, left_out)

    def choose(self, i: int, dateline_cc: str) -> Entry | None:
        cands = self.mentions[i].candidates
        if len(cands) <= 1:
            return cands[0] if cands else None
        others = self.others(i)
        neighbours = [self.chosen[j] for j in (i - 1, i + 1) if 0 <= j < len(self.mentions) and self._listed(i, j)]
        return max(cands, key=lambda c: self._score(c, dateline_cc, others, neighbours))

    def _listed(self, i: int, j: int) -> bool:
        a, b = sorted((self.mentions[i], self.mentions[j]), key=lambda m: m.start)
        return self.chosen[j] is not None and b.start - a.end <= 6

    @staticmethod
    def _score(c: Entry, dateline_cc: str, others: _Others, neighbours: list[Entry | None]) -> float:
        s = _prior(c)
        n = others.country_count(c.country2) if c.country2 else 0
        if n:
            s += 3.0 + min(n, 5) * 0.2
        if c.country2 and c.country2 == dateline_cc:
            s += 1.5
        if c.kind == "city" and others.has_division(c.admin1):
            s += 3.0  # a town in a division the article names
        elif c.kind == "admin1" and c.admin1.startswith("gn:") and others.has_town(c.admin1):
            s += 3.0  # a division containing a town the article names
        elif c.lat is not None and c.kind in ("city", "admin1"):
            if others.near_to(c):
                s += 2.0
        if c.kind != "city" and any(nb is not None and nb.kind == c.kind for nb in neighbours):
            s += 1.5  # a list of names: "Ohio, Washington and Oregon" are all states
        return s


def _tally(entries: Counter[Entry]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Counts by country, by division (admin1 entries) and by division of towns (city entries)."""
    countries: Counter[str] = Counter()
    divisions: Counter[str] = Counter()
    towns: Counter[str] = Counter()
    for c, n in entries.items():
        countries[c.country2] += n
        if c.kind == "admin1":
            divisions[c.admin1] += n
        elif c.kind == "city":
            towns[c.admin1] += n
    return countries, divisions, towns


class _Others:
    """The other mentions' choices of one mention: the article's totals less the left-out mentions."""

    def __init__(self, ctx: _Context, left_out: Counter[Entry]) -> None:
        self.ctx = ctx
        self.left_out = left_out
        self.less = _tally(left_out)

    def country_count(self, country2: str) -> int:
        return self.ctx.tally[0][country2] - self.less[0][country2]

    def has_division(self, admin1: str) -> bool:
        return self.ctx.tally[1][admin1] - self.less[1][admin1] > 0

    def has_town(self, admin1: str) -> bool:
        return self.ctx.tally[2][admin1] - self.less[2][admin1] > 0

    def near_to(self, c: Entry) -> bool:
        """A town or division within ``NEAR_KM`` (``2 * NEAR_KM`` of a division) of ``c``, within 8 degrees of
        latitude (found by bisection on latitude)."""
        lat = c.lat or 0.0
        ctx = self.ctx
        lo = bisect_left(ctx.near_lats, lat - 8.001)
        hi = bisect_right(ctx.near_lats, lat + 8.001)
        for o in ctx.near[lo:hi]:
            if abs((o.lat or 0) - lat) < 8 and ctx.total[o] > self.left_out[o]:
                if _km(o, c) < (NEAR_KM if o.kind == "city" else 2 * NEAR_KM):
                    return True
        return False


def _within(city: Entry, admin1: Entry) -> bool:
    """Is ``city`` in the first-level division ``admin1``? (By GeoNames code where known, else by distance.)"""
    if admin1.admin1.startswith("gn:"):
        return city.admin1 == admin1.admin1
    return city.lat is not None and admin1.lat is not None and _km(city, admin1) < 2 * NEAR_KM


@functools.lru_cache(maxsize=1 << 16)  # the same pairs come back in every scoring round
def _km(a: Entry, b: Entry) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _place(text: str, m: _Mention, c: Entry | None) -> Place:
    surface = text[m.start : m.end]
    if c is None:
        return Place(start=m.start, end=m.end, text=surface, name=surface, rule=m.rule + "+unresolved")
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
    )


def precision_of(feature: str | None) -> str | None:
    """city | region | country for a feature code."""
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
        precision=precision_of(p.feature),
        geonameid=p.geonameid,
    )


class PlaceIndex:
    """Per article: which place an event in a span happened at. Built by ``find_places``."""

    def __init__(self, places: Iterable[Place], dateline: Place | None = None) -> None:
        self._places = sorted((p for p in places if p.lat is not None and "demonym" not in p.rule), key=lambda p: p.start)
        self._starts = [p.start for p in self._places]
        self.dateline = location_of(dateline) if dateline else None

    def for_span(self, start: int, end: int) -> Location | None:
        """The most precise place inside ``[start, end)``, else the dateline place, else None."""
        i = bisect_left(self._starts, start)
        inside = []
        while i < len(self._places) and self._places[i].start < end:
            if self._places[i].end <= end:
                inside.append(self._places[i])
            i += 1
        if inside:
            rank = {"city": 0, "region": 1, "country": 2}
            best = min(inside, key=lambda p: (rank.get(precision_of(p.feature) or "", 3), p.start))
            return location_of(best)
        return self.dateline

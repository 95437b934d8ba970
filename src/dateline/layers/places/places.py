"""Places: toponyms found in the article, resolved to coordinates with the article as context.

Toponyms are spaCy ``GPE``/``LOC``/``FAC`` entities (after the entities layer's cleaning), filtered (a bare
compass word such as "North" is not a place; people and organisations are not candidates), plus country
demonyms the model labels ``NORP`` ("Russian" -> Russia, rule ``demonym``), plus known names the model read as
something else where the text says place (people after "in", lists of places, local bodies' names, shared
nouns: see ``people_as_places``, ``institutions``, ``ellipses``, ``scan_names``). Each is looked up in the
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

import logging
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from ...model import Dropped, Location, Place
from ...nlp import ParsedArticle
from .cues import (
    is_agency,
    is_agent_word,
    is_capitalised_word,
    is_day_name,
    is_persons,
    people_names,
    read_cues,
    seats_of_government,
)
from .gazetteer import Entry, Gazetteer
from .mentions import (
    Mention,
    compound_demonyms,
    is_part,
    mention_of,
    not_place,
    scan_names,
    site_mentions,
    split_addresses,
    without_overlaps,
)
from .missed import (
    abbreviations,
    ellipses,
    institutions,
    listed_towns,
    named_inside,
    people_as_places,
    people_spans,
    possessives,
    settlements,
)
from .resolve import resolve_mentions

log = logging.getLogger(__name__)


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
    mentions: list[Mention] = []
    dropped: list[Dropped] = []
    for e in compound_demonyms(text, split_addresses(text, ents, gaz), gaz):
        try:
            m = mention_of(text, e, gaz)
        except Exception as exc:  # noqa: BLE001 - a failure on one span drops that span
            log.debug("place lookup failed for %r", e.text, exc_info=True)
            dropped.append(Dropped(layer="places", start=e.start, end=e.end, reason=f"lookup: {exc!r}"))
            continue
        if m is not None:
            mentions.append(m)
    mentions = ellipses(text, without_overlaps(mentions), gaz)
    mentions = people_as_places(text, ents, mentions, gaz)
    mentions = institutions(text, ents, mentions, gaz)
    people = people_spans(text, ents, gaz)
    blocked = sorted(
        [(m.start, m.end) for m in mentions]
        + [(e.start, e.end) for e in ents if not_place(text, e) and (e.start, e.end) not in people]
    )
    mentions.extend(scan_names(text, pieces, gaz, blocked, people))
    mentions.sort(key=lambda m: m.start)
    mentions = listed_towns(text, mentions, gaz, blocked)
    mentions = possessives(text, mentions, gaz)
    mentions = abbreviations(text, mentions, gaz)
    mentions = named_inside(text, mentions, gaz)
    mentions = settlements(text, mentions, gaz)
    mentions = site_mentions(text, ents, mentions)
    names = people_names(text, ents)
    mentions = [
        c for m in mentions
        if not is_agency(text[m.start : m.end]) and not is_agent_word(text, m) and not is_persons(text, m, names)
        and not is_day_name(text, m) and not is_capitalised_word(text, m)
        and (c := read_cues(text, m, gaz)) is not None
    ]  # fmt: skip
    mentions = seats_of_government(pieces, mentions)
    chosen = resolve_mentions(text, mentions, gaz)
    kept = [(m, c) for m, c in zip(mentions, chosen, strict=True) if c is not None or not (m.rule.startswith("gazetteer") or is_part(m))]
    mentions, chosen = [m for m, _ in kept], [c for _, c in kept]
    places = [
        _place(text, m, entry, gaz) for m, entry in zip(mentions, chosen, strict=True)
    ]
    dateline = next((p for p, m in zip(places, mentions, strict=True) if m.rule == "dateline" and p.lat is not None), None)
    return FoundPlaces(places=tuple(places), index=PlaceIndex(places, dateline), dropped=tuple(dropped))


def _place(text: str, m: Mention, c: Entry | None, gaz: Gazetteer) -> Place:
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

    def antecedent(self, pos: int, noun: str) -> Place | None:
        """The place a definite "the capital" / "the city" before ``pos`` refers back to: for "capital", the
        capital of the country of the last place named before it, when the article names that capital
        (feature PPLC); for "city" and "town", the last town named before it."""
        i = bisect_left(self._starts, pos) - 1
        if i < 0:
            return None
        if noun == "capital":
            country = self._places[i].country
            return next((p for p in self._places if p.country == country and p.feature == "PPLC"), None)
        while i >= 0 and precision_of(self._places[i].feature) != "city":
            i -= 1
        return self._places[i] if i >= 0 and "+home" not in self._places[i].rule else None

    def places_in(self, start: int, end: int) -> list[Place]:
        """The resolved places whose span lies inside ``[start, end)``, in text order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self._places) and self._places[i].start < end:
            if self._places[i].end <= end:
                out.append(self._places[i])
            i += 1
        return out

"""When are two reports the same event: the linking rule and its knobs (:class:`LinkRule`).

An event report joins a linked event when all of these hold (docs/linking.md):

1. **type**: the same PLOVER type, the same negation and (``same_modality``) the same modality: "attacked"
   and "threatened to attack" or "did not attack" are different events;
2. **actors**, per side (source, target): an actor is compared by its country (an actor without one, e.g. an
   international organisation, by its code) and its sector, which must be equal, missing on one of the two
   (``Russia`` matches ``Russian government``), or both organs of the state (``state_sectors``: government,
   diplomats, military, police, intelligence, legislature, judiciary: outlets credit one state act to "Moscow",
   "the Kremlin", "Russia's top diplomat" or "Russian forces" alike); a state organ never matches a non-state
   sector (rebels, opposition, business, media ...); the side with fewer actors must have a match for each of
   them in the other side; a side
   that is unknown (no actor) matches any side when ``unknown_actor`` is on; for the mutual types
   (``mutual_types``: AGREE, CONSULT, COOPERATE, the types the events layer already codes both ways for "A and B
   agreed") the sides may also match crosswise: "A met B" and "B met A" report one meeting;
3. **date**: each date is an interval by its precision (a day, a whole month, a whole year); the two intervals
   must be at most ``day_window`` days apart (default 1: the same day or the day before or after, for reports
   that date an overnight attack differently); an undated report links to nothing by this rule;
4. **place**: an unknown place matches any place; known places must be in the same country; two places finer
   than a region (cities, sites) with coordinates must be at most ``place_km`` kilometres apart; a region or a
   country matches any place in its country. A place that is only a participant's country ("Ethiopia" for an
   act of Ethiopia's government) says nothing the actors do not say, and counts as unknown.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.model import EventActor, Location

#: One side of an event as the rule sees it: ``(code, country, sector)`` per actor.
Side = tuple[tuple[str, str | None, str | None], ...]

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkRule:
    """The knobs of near-duplicate detection and event linking, with their defaults (docs/linking.md)."""

    shingle_words: int = 5  # words per shingle
    num_perm: int = 128  # MinHash values per signature
    bands: int = 32  # LSH bands (num_perm / bands values each)
    copy_threshold: float = 0.5  # estimated Jaccard similarity of shingles from which an article is a copy
    min_shingles: int = 8  # shorter texts are never taken for copies (too little to compare)
    day_window: int = 1  # days allowed between two day-precision dates
    place_km: float = 100.0  # kilometres allowed between two city-level places
    unknown_actor: bool = True  # an unknown side (no actor) matches any side
    same_modality: bool = True  # the modality must be equal (asserted, intended, ...)
    mutual_types: tuple[str, ...] = ("AGREE", "CONSULT", "COOPERATE")  # sides may match crosswise
    state_sectors: tuple[str, ...] = ("COP", "DIP", "GOV", "JUD", "LEG", "MIL", "SPY")  # compatible with each other

    def __post_init__(self) -> None:
        object.__setattr__(self, "mutual_types", tuple(sorted(str(t).upper() for t in self.mutual_types)))
        object.__setattr__(self, "state_sectors", tuple(sorted(str(t).upper() for t in self.state_sectors)))
        if self.shingle_words < 1 or self.num_perm < 2 or self.bands < 1 or self.num_perm % self.bands:
            raise ValueError("shingle_words >= 1, num_perm >= 2 and bands dividing num_perm are needed")
        if not 0.0 < self.copy_threshold <= 1.0:
            raise ValueError("copy_threshold must be in (0, 1]")
        if self.day_window < 0 or self.place_km < 0 or self.min_shingles < 1:
            raise ValueError("day_window, place_km must be >= 0 and min_shingles >= 1")

    def as_dict(self) -> dict[str, object]:
        """The knobs as JSON-ready values (tuples as lists)."""
        out: dict[str, object] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


DEFAULT_RULE = LinkRule()
DEFAULT_STATE = DEFAULT_RULE.state_sectors


def side_of(actors: Iterable[EventActor]) -> Side:
    """The side of an event's actors, in their order, without repeats."""
    return tuple(dict.fromkeys((a.code, a.country, a.sector) for a in actors))


def _actor_compatible(
    a: tuple[str, str | None, str | None], b: tuple[str, str | None, str | None], state: tuple[str, ...]
) -> bool:
    key_a, key_b = a[1] or a[0], b[1] or b[0]
    if key_a != key_b:
        return False
    return a[2] is None or b[2] is None or a[2] == b[2] or (a[2] in state and b[2] in state)


def sides_compatible(
    a: Side, b: Side, *, unknown_actor: bool = True, state_sectors: tuple[str, ...] = DEFAULT_STATE
) -> bool:
    """Whether two sides can be the same participants (rule 2)."""
    if not a or not b:
        return unknown_actor
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_actor_compatible(x, y, state_sectors) for y in large) for x in small)


def countries(*sides: Side) -> set[str]:
    """The countries of the actors on these sides."""
    return {a[1] for side in sides for a in side if a[1]}


def informative(place: Location | None, participants: set[str]) -> Location | None:
    """``place``, or ``None`` when it is only the country of a participant (rule 4)."""
    if place is not None and place.precision == "country" and place.country in participants:
        return None
    return place


def date_interval(day: date | None, precision: str | None) -> tuple[date, date] | None:
    """The days a date may mean: ``(day, day)`` for day precision (or none given), the month or the year."""
    if day is None:
        return None
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def dates_compatible(a: tuple[date, date] | None, b: tuple[date, date] | None, window: int) -> bool:
    """Whether two date intervals are at most ``window`` days apart (rule 3); undated: never."""
    if a is None or b is None:
        return False
    gap = (max(a[0], b[0]) - min(a[1], b[1])).days
    return gap <= window


def date_gap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> int:
    """Days between two intervals (0 when they overlap; large when either is unknown)."""
    if a is None or b is None:
        return 10**6
    return max(0, (max(a[0], b[0]) - min(a[1], b[1])).days)


def widen(interval: tuple[date, date], window: int) -> tuple[date, date]:
    """The interval with ``window`` days more on each side (within the calendar's range)."""
    span = timedelta(days=window)
    lo = interval[0] - span if interval[0] - date.min >= span else date.min
    hi = interval[1] + span if date.max - interval[1] >= span else date.max
    return lo, hi


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: Location | None, b: Location | None, *, place_km: float) -> bool:
    """Whether two places can be where one event happened (rule 4)."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision in ("country", "region") or b.precision in ("country", "region"):
        return True
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return km_between(a.lat, a.lon, b.lat, b.lon) <= place_km  # type: ignore[arg-type]
    if a.name.casefold() == b.name.casefold():
        return True
    return bool(a.country and a.country == b.country)

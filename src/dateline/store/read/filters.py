"""The filters of every list in the store, defined once for the CLI, the API and the UI.

Each filter is a frozen dataclass; empty strings mean "no filter" and codes are upper-cased, so
``dateline events --dyad rus:prk`` and ``GET /api/events?dyad=rus,prk`` build the same
:class:`EventFilter`. The ``*_where`` functions turn a filter into SQLAlchemy conditions (bound
parameters, never SQL text from user input).

Dyads are directed: ``dyad=("RUS", "PRK")`` means RUS is a source and PRK a target of the event.
``either_direction=True`` also takes PRK -> RUS.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store.schema import articles, event_actors, events, quotes

QUOTE_KINDS = ("direct", "indirect", "mixed")


def check_page(limit: int | None, offset: int = 0) -> None:
    """``StoreError`` unless ``limit`` (``None``: no limit) and ``offset`` are non-negative integers."""
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise StoreError(f"limit must be a non-negative integer, got {limit!r}")
    if not isinstance(offset, int) or offset < 0:
        raise StoreError(f"offset must be a non-negative integer, got {offset!r}")


def parse_dyad(text: str) -> tuple[str, str]:
    """``"RUS:PRK"`` or ``"RUS,PRK"`` -> ``("RUS", "PRK")`` (source, target); ``StoreError`` otherwise."""
    parts = [p.strip() for p in text.replace(":", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise StoreError(f"a dyad is two actor codes SOURCE:TARGET (e.g. RUS:PRK), got {text!r}")
    return parts[0].upper(), parts[1].upper()


def _date(value: object, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise StoreError(f"{name} must be a date (YYYY-MM-DD), got {value!r}")


def _normalise(obj: Any, upper: tuple[str, ...] = (), dates: tuple[str, ...] = ("since", "until")) -> None:
    """Blank strings -> ``None``, codes upper-cased, ISO date strings -> ``date`` (in place, once)."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            value = value.strip() or None
            if value is not None and f.name in upper:
                value = value.upper()
        if f.name in dates:
            value = _date(value, f.name)
        object.__setattr__(obj, f.name, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    """``q``: part of the title or text (case-insensitive; ASCII case folding only on SQLite);
    ``source``: the outlet, exactly; ``since``/``until``: publication date bounds (inclusive)."""

    q: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        _normalise(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events to take. An actor code matches actors with that code or, for a country code, of
    that country (``RUS`` finds ``RUSGOV``). ``actor`` matches a source or a target; ``source`` and
    ``target`` one role; ``dyad`` is (source, target), directed, unless ``either_direction``;
    ``country`` is the country of any actor; ``cameo`` a code prefix; ``since``/``until`` bound the
    event date; ``place`` is part of the location name (any case) or its country code."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    either_direction: bool = False
    country: str | None = None
    plover: str | None = None
    cameo: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    modality: str | None = None
    article_id: str | None = None

    def __post_init__(self) -> None:
        _normalise(self, upper=("actor", "source", "target", "country", "plover", "cameo"))
        if self.dyad is not None:
            object.__setattr__(self, "dyad", parse_dyad(",".join(self.dyad)))
        if self.modality is not None:
            object.__setattr__(self, "modality", self.modality.lower())


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteFilter:
    """``speaker``: the speaker's actor code, or part of the speaker's name or text (any case);
    ``actor``: the speaker's actor code exactly; ``q``: part of the quoted text (any case);
    ``kind``: direct, indirect or mixed; ``since``/``until`` bound the article's publication date."""

    speaker: str | None = None
    actor: str | None = None
    q: str | None = None
    kind: str | None = None
    article_id: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        _normalise(self, upper=("actor",))
        if self.kind is not None and self.kind.lower() not in QUOTE_KINDS:
            raise StoreError(f"kind must be one of {', '.join(QUOTE_KINDS)}, got {self.kind!r}")
        if self.kind is not None:
            object.__setattr__(self, "kind", self.kind.lower())


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorFilter:
    """``q``: part of the code or name (any case); ``country``/``sector``: exact codes."""

    q: str | None = None
    country: str | None = None
    sector: str | None = None

    def __post_init__(self) -> None:
        _normalise(self, upper=("country", "sector"), dates=())


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceFilter:
    """``q``: part of the place name (any case); ``country``: the country code exactly."""

    q: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        _normalise(self, upper=("country",), dates=())


# -- conditions ------------------------------------------------------------------------------------


def article_where(f: ArticleFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.q:
        where.append(
            sa.or_(
                articles.c.title.icontains(f.q, autoescape=True),
                articles.c.text.icontains(f.q, autoescape=True),
            )
        )
    if f.source is not None:
        where.append(articles.c.source == f.source)
    if f.since is not None:
        where.append(articles.c.published >= f.since)
    if f.until is not None:
        where.append(articles.c.published <= f.until)
    return where


def _has_actor(code: str, role: str | None = None, *, country_only: bool = False) -> sa.ColumnElement[bool]:
    """Some actor of the event (in ``role``, if given) has this code, or (a country code) this country.

    Written as ``events.id IN (SELECT event_id ...)``, not as a correlated ``EXISTS``: SQLite then collects the
    matching event ids once (by the code and country indexes) instead of running the subquery for every
    event, where it may pick the country index over the event's own and read every actor of that country
    per event (seconds for a common country at 20,000 articles). PostgreSQL plans both as the same semi-join.
    """
    ea = event_actors.alias()
    match = ea.c.country == code if country_only else sa.or_(ea.c.code == code, ea.c.country == code)
    cond = [match]
    if role is not None:
        cond.append(ea.c.role == role)
    return events.c.id.in_(sa.select(ea.c.event_id).where(*cond))


def event_where(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions for ``f`` over the ``events`` table."""
    where: list[sa.ColumnElement[bool]] = []
    if f.actor:
        where.append(_has_actor(f.actor))
    if f.source:
        where.append(_has_actor(f.source, "source"))
    if f.target:
        where.append(_has_actor(f.target, "target"))
    if f.dyad:
        a, b = f.dyad
        forward = sa.and_(_has_actor(a, "source"), _has_actor(b, "target"))
        if f.either_direction:
            where.append(sa.or_(forward, sa.and_(_has_actor(b, "source"), _has_actor(a, "target"))))
        else:
            where.append(forward)
    if f.country:
        where.append(_has_actor(f.country, country_only=True))
    if f.plover:
        where.append(events.c.plover == f.plover)
    if f.cameo:
        where.append(events.c.cameo.startswith(f.cameo, autoescape=True))
    if f.since is not None:
        where.append(events.c.date >= f.since)
    if f.until is not None:
        where.append(events.c.date <= f.until)
    if f.place:
        where.append(
            sa.or_(
                events.c.location_name.icontains(f.place, autoescape=True),
                events.c.location_country == f.place.upper(),
            )
        )
    if f.modality:
        where.append(events.c.modality == f.modality)
    if f.article_id:
        where.append(events.c.article_id == f.article_id)
    return where


def quote_where(f: QuoteFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions for ``f`` over ``quotes`` joined with ``articles`` (for the dates)."""
    where: list[sa.ColumnElement[bool]] = []
    if f.speaker:
        where.append(
            sa.or_(
                quotes.c.speaker_actor == f.speaker.upper(),
                quotes.c.speaker_name.icontains(f.speaker, autoescape=True),
                quotes.c.speaker_text.icontains(f.speaker, autoescape=True),
            )
        )
    if f.actor:
        where.append(quotes.c.speaker_actor == f.actor)
    if f.q:
        where.append(quotes.c.content_text.icontains(f.q, autoescape=True))
    if f.kind:
        where.append(quotes.c.kind == f.kind)
    if f.article_id:
        where.append(quotes.c.article_id == f.article_id)
    if f.since is not None:
        where.append(articles.c.published >= f.since)
    if f.until is not None:
        where.append(articles.c.published <= f.until)
    return where

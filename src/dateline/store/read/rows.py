"""Typed rows the read path returns: frozen dataclasses, stdlib only.

A stored annotation is its :mod:`dateline.model` type plus what the database adds (the row ``id``,
the article it belongs to), so an :class:`EventRow` *is* an :class:`~dateline.model.Event` and
:meth:`StoredArticle.extraction` gives back exactly the :class:`~dateline.model.Extraction` that
was written. Counts and aggregates (actors, places, timeline, network) have their own small types.
The CLI's printer and the API's pydantic schemas convert from these at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, TypeVar

from dateline.model import (
    Actor,
    Article,
    Caption,
    Entity,
    Event,
    Extraction,
    Heading,
    Place,
    Quote,
    Related,
    Timex,
)

M = TypeVar("M")


def as_model(row: Any, cls: type[M]) -> M:
    """The plain model object ``cls`` that ``row`` (an instance of a subclass) extends."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


# -- one article and its annotations ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleRow:
    """An article as listed: everything but the text and its structure."""

    id: str
    origin: str
    format: str
    title: str | None = None
    byline: str | None = None
    source: str | None = None
    published: date | None = None
    published_raw: str | None = None
    url: str | None = None
    external_id: str | None = None
    model: str = ""
    run_id: str | None = None
    ingested_at: datetime | None = None
    political: bool | None = None  # judged by the events layer; None for articles stored before migration 3


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityRow(Entity):
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRow(Actor):
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow(Event):
    """A stored event with its article; ``sentence`` is the evidence sentence's text, ``quote_id``
    the row id of the quote it was reported in (``quote_index``)."""

    id: str
    article_id: str
    article_title: str | None = None
    sentence: str | None = None
    quote_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRow(Quote):
    """A stored quote with its article's id, title and publication date."""

    id: str
    article_id: str
    article_title: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TimexRow(Timex):
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRow(Place):
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle(ArticleRow):
    """One stored article with all its annotations, in the order they were written."""

    text: str
    paragraphs: tuple[tuple[int, int], ...] = ()
    captions: tuple[Caption, ...] = ()
    headings: tuple[Heading, ...] = ()
    related: tuple[Related, ...] = ()
    warnings: tuple[str, ...] = ()
    extras: dict[str, object] = field(default_factory=dict)
    entities: tuple[EntityRow, ...] = ()
    actors: tuple[ActorRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    timexes: tuple[TimexRow, ...] = ()
    places: tuple[PlaceRow, ...] = ()

    @property
    def article(self) -> Article:
        return as_model(self, Article)

    @property
    def extraction(self) -> Extraction:
        """The :class:`~dateline.model.Extraction` that was written, rebuilt."""
        return Extraction(
            article=self.article,
            entities=tuple(as_model(e, Entity) for e in self.entities),
            actors=tuple(as_model(a, Actor) for a in self.actors),
            events=tuple(as_model(e, Event) for e in self.events),
            quotes=tuple(as_model(q, Quote) for q in self.quotes),
            timexes=tuple(as_model(t, Timex) for t in self.timexes),
            places=tuple(as_model(p, Place) for p in self.places),
            model=self.model,
            extras=self.extras,
            political=self.political,
        )


# -- counts and aggregates ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorSummary:
    """An actor code with its ``articles`` (resolved in), ``events`` (taking part, as ``as_source``
    and ``as_target``) and ``quotes`` (spoken)."""

    code: str
    name: str | None
    country: str | None
    sector: str | None
    articles: int
    events: int
    as_source: int
    as_target: int
    quotes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceSummary:
    """A place (mentions and event locations merged by name and country) with its counts."""

    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    mentions: int
    articles: int
    events: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineBucket:
    period: str
    total: int
    types: dict[str, int]
    categories: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    interval: str
    types: tuple[str, ...]
    buckets: tuple[TimelineBucket, ...]
    undated: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkNode:
    id: str
    name: str
    country: str | None
    events: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkEdge:
    """Events from ``source`` to ``target`` of one PLOVER ``type``: ``weight`` events, mean Goldstein."""

    source: str
    target: str
    type: str
    category: str
    weight: int
    goldstein: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Network:
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DyadCount:
    """How many events have ``source`` as a source and ``target`` as a target actor."""

    source: str
    target: str
    events: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityCount:
    """An entity text and label: ``count`` mentions in ``articles`` articles."""

    text: str
    label: str
    count: int
    articles: int


# -- bookkeeping ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureRow:
    id: str
    run_id: str | None
    origin: str
    line: int | None
    stage: str
    code: str
    message: str
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRow:
    id: str
    started_at: datetime
    finished_at: datetime | None
    command: str
    model: str | None
    n_articles: int | None
    n_skipped: int | None
    n_failed: int | None
    status: str
    pid: int | None = None  # the process that started the run, on ``host``
    host: str | None = None

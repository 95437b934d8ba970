"""API response and request models (pydantic, at the edge only; the core uses model.py dataclasses).

The store's read path returns typed rows (frozen dataclasses, ``dateline.store.read.rows``);
:func:`plain` turns them into the data these models validate and serialise."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def plain(row: Any) -> dict[str, Any]:
    """A typed row from the store (nested rows included) as plain data."""
    return dataclasses.asdict(row)


def plain_all(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [plain(r) for r in rows]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorDetail(_Out):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(_Out):
    error: ErrorDetail


class PageMeta(_Out):
    page: int
    per_page: int
    total: int
    pages: int


class ArticleSummary(_Out):
    id: str
    title: str | None = None
    source: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    origin: str
    format: str
    external_id: str | None = None
    model: str | None = None
    ingested_at: dt.datetime | None = None


class ArticlePage(PageMeta):
    items: list[ArticleSummary]


class SpanOut(_Out):
    start: int
    end: int
    text: str


class EntityOut(SpanOut):
    id: str
    label: str
    rule: str
    actor: str | None = None
    field: str = "text"


class ActorInArticle(_Out):
    id: str
    code: str
    country: str | None = None
    sector: str | None = None
    name: str
    rule: str
    mentions: list[dict[str, Any]] = []


class EventActorOut(SpanOut):
    code: str
    country: str | None = None
    sector: str | None = None


class LocationOut(_Out):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    geonameid: int | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None


class EventOut(_Out):
    id: str
    article_id: str
    article_title: str | None = None
    plover: str
    plover_mode: str | None = None
    cameo: str
    goldstein: float | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    trigger_start: int
    trigger_end: int
    trigger_text: str
    sentence_start: int
    sentence_end: int
    modality: str
    negated: bool
    confidence: float
    rule: str
    quote_index: int | None = None
    quote_id: str | None = None
    location: LocationOut | None = None
    source: list[EventActorOut]
    target: list[EventActorOut]


class EventPage(PageMeta):
    items: list[EventOut]


class LinkedActorOut(_Out):
    code: str
    country: str | None = None
    sector: str | None = None


class ReportOut(_Out):
    """One report of a linked event: the stored event (with its evidence ``sentence``) and its article."""

    event: EventOut
    sentence: str | None = Field(None, description="The evidence sentence, from the article's text.")
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    ingested_at: dt.datetime | None = None
    story_id: str = Field(..., description="The story (near-duplicate cluster) of the report's article.")
    seq: int = Field(..., description="The article's arrival number in the database.")
    is_copy: bool = Field(..., description="The article is a near-duplicate of an earlier one (`copy_of`).")
    how: str = Field(..., description="first (founded the linked event), rule, or story (a copy's report).")
    copy_of: str | None = None
    similarity: float | None = None


class LinkedEventOut(_Out):
    """One event told by one or more reports (docs/linking.md)."""

    id: str
    plover: str
    plover_mode: str | None = None
    cameo: str
    goldstein: float | None = None
    modality: str
    negated: bool
    date: dt.date | None = None
    date_precision: str | None = None
    source: list[LinkedActorOut]
    target: list[LinkedActorOut]
    location: LocationOut | None = None
    first_event_id: str
    first_article_id: str
    first_seen: dt.datetime
    first_url: str | None = None
    first_title: str | None = None
    mentions: int = Field(..., description="Reports (events) linked, copies included (GDELT's NumMentions).")
    articles: int = Field(..., description="Distinct articles, copies included (GDELT's NumArticles).")
    stories: int = Field(..., description="Distinct stories: a syndicated copy counts with its original.")
    sources: int = Field(..., description="Distinct outlets (GDELT's NumSources).")
    reports: list[ReportOut] = Field([], description="Every report, in arrival order (with `reports=true`).")


class LinkedEventPage(PageMeta):
    items: list[LinkedEventOut]


class SpeakerOut(SpanOut):
    name: str | None = None
    actor: str | None = None


class QuoteOut(_Out):
    id: str
    article_id: str
    article_title: str | None = None
    published: dt.date | None = None
    kind: str
    content_start: int
    content_end: int
    content_text: str
    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    speaker: SpeakerOut | None = None
    rule: str


class QuotePage(PageMeta):
    items: list[QuoteOut]


class TimexOut(SpanOut):
    id: str
    type: str
    value: str
    rule: str


class PlaceInArticle(SpanOut):
    id: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None
    precision: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    rule: str


class ArticleDetail(ArticleSummary):
    text: str
    paragraphs: list[list[int]]
    captions: list[dict[str, Any]]
    headings: list[dict[str, Any]]
    related: list[dict[str, Any]]
    warnings: list[str]
    entities: list[EntityOut]
    actors: list[ActorInArticle]
    events: list[EventOut]
    quotes: list[QuoteOut]
    timexes: list[TimexOut]
    places: list[PlaceInArticle]


class ActorOut(_Out):
    code: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    articles: int
    events: int
    as_source: int
    as_target: int
    quotes: int


class ActorPage(PageMeta):
    items: list[ActorOut]


class PlaceOut(_Out):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: int
    articles: int
    events: int


class PlacePage(PageMeta):
    items: list[PlaceOut]


class Bucket(_Out):
    period: str
    total: int
    types: dict[str, int]
    categories: dict[str, int]


class TimelineOut(_Out):
    interval: str
    types: list[str]
    buckets: list[Bucket]
    undated: int


class NodeOut(_Out):
    id: str
    name: str
    country: str | None = None
    events: int


class EdgeOut(_Out):
    source: str
    target: str
    type: str
    category: str
    weight: int
    goldstein: float | None = None


class NetworkOut(_Out):
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class ExtractRequest(BaseModel):
    """An article as JSON. ``text`` is used verbatim: output offsets index it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., description="The article body.")
    title: str | None = None
    published: str | None = Field(None, description="Publication date in any common form.")
    source: str | None = Field(None, description="Outlet or agency.")
    url: str | None = None
    id: str | None = Field(None, description="Your id for the article (echoed as `id`).")


class StoredOut(_Out):
    id: str
    stored: bool = Field(..., description="False when the same article was already stored.")
    url: str = Field(..., description="Where the stored article can be read.")
    counts: dict[str, int]

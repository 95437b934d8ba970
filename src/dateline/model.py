"""Dateline's core data types: frozen dataclasses, standard library only.

Every span carries ``start``/``end`` character offsets (Python ``str`` indices, end-exclusive) into
``Article.text`` and ``text[start:end] == span.text`` holds. Ids are deterministic (sha256), so
re-running the same input upserts instead of duplicating.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from .errors import E_DROPPED


def stable_id(*parts: str, length: int = 16) -> str:
    """A deterministic id: the first ``length`` hex digits of sha256 over the parts (NUL-joined)."""
    h = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    """A photo caption, kept out of the body. ``credit`` is the photographer/agency, if given."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A section heading inside the body; ``start``/``end`` index ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Related:
    """A "Related article" link, kept out of the body."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article, as read from a file, a corpus line or stdin.

    ``text`` is the body (for JSONL/CSV input exactly the caller's text). ``paragraphs`` are
    ``(start, end)`` spans into ``text``, one spaCy Doc each; headings are paragraphs too.
    ``origin`` says where it came from (``path`` or ``path:line``) for error messages and provenance.
    """

    text: str
    origin: str
    format: str  # wire | text | html | jsonl | csv
    paragraphs: tuple[tuple[int, int], ...]
    title: str | None = None
    byline: str | None = None
    source: str | None = None  # agency or outlet
    published: date | None = None
    published_raw: str | None = None
    url: str | None = None
    external_id: str | None = None  # the caller's id (JSONL/CSV)
    captions: tuple[Caption, ...] = ()
    headings: tuple[Heading, ...] = ()
    related: tuple[Related, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Deterministic article id: hash of source, title, publication date, text and, for a corpus
        record with an id of its own, that id.

        The same input twice gives the same id (so re-runs add nothing); the same text published on
        another date (or with no date) is another article, so no date is ever borrowed from a copy; two
        records with distinct ids are two articles, even with the same text.
        """
        if self.external_id is None:
            return self._content_id()
        return stable_id(*self._content_parts(), "record-id", self.external_id)

    @property
    def legacy_id(self) -> str | None:
        """For a record with an id of its own: the id it was stored under before that id took part in
        article ids (by versions before issue 15), so a re-run of the same input finds it (see
        ``Store.stored_ids``); ``None`` for other articles, whose id never changed."""
        return None if self.external_id is None else self._content_id()

    def _content_parts(self) -> tuple[str, str, str, str]:
        published = self.published.isoformat() if self.published else ""
        return (self.source or "", self.title or "", published, self.text)

    def _content_id(self) -> str:
        return stable_id(*self._content_parts())


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A recorded failure for one input item; the batch goes on."""

    origin: str  # path, or path:line
    stage: str  # read | parse | nlp | store
    code: str  # stable error code, e.g. E105
    message: str
    line: int | None = None
    item_id: str | None = None  # the caller's id, when the item had one (JSONL/CSV records)

    @property
    def id(self) -> str:
        return stable_id(self.origin, str(self.line or ""), self.stage, self.code)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A named-entity mention (OntoNotes label). ``field`` is ``text`` (body) or ``title``."""

    start: int
    end: int
    text: str
    label: str
    rule: str = "spacy-ner"
    actor: str | None = None
    field: str = "text"


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorMention:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A resolved actor with a CAMEO-style code (``RUSGOV``), and its mentions in the article."""

    code: str
    country: str | None
    sector: str | None
    name: str
    mentions: tuple[ActorMention, ...] = ()
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventActor:
    code: str
    country: str | None
    sector: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None = None  # point | city | admin2 | admin1 | region | country
    geonameid: int | None = None
    admin1: str | None = None  # the first-level division's name ("Illinois")
    admin1_code: str | None = None  # its GeoNames code ("US.IL", "CA.08")
    admin2: str | None = None  # the second-level division's name ("Cook County"), where known
    admin2_code: str | None = None  # its GeoNames code ("US.IL.031"), where known


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One more place in the article that reports an event (kept when duplicates are merged)."""

    trigger_start: int
    trigger_end: int
    trigger_text: str
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A dyadic event coded in PLOVER and CAMEO, with its evidence and provenance."""

    plover: str
    cameo: str
    source: tuple[EventActor, ...]
    target: tuple[EventActor, ...]
    trigger_start: int
    trigger_end: int
    trigger_text: str
    sentence_start: int
    sentence_end: int
    rule: str
    plover_mode: str | None = None
    date: date | None = None
    date_precision: str | None = None
    location: Location | None = None
    modality: str = "asserted"
    negated: bool = False
    goldstein: float | None = None
    confidence: float = 0.5
    quote_index: int | None = None
    evidence: tuple[EventMention, ...] = ()  # further mentions of this event merged into it


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    start: int
    end: int
    text: str
    name: str | None = None
    actor: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    kind: str  # direct | indirect | mixed
    content_start: int
    content_end: int
    content_text: str
    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    speaker: Speaker | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    rule: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None
    rule: str = ""
    precision: str | None = None  # point | city | admin2 | admin1 | region | country (see Location)
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dropped:
    """A span a layer gave up on (its rule raised): the layer, where (offsets into the article text) and why.

    A failure on one span drops that span, not the article; the drop is counted in the Extraction and
    reported as a warning on the article (code ``E203``), never only logged.
    """

    layer: str
    start: int
    end: int
    reason: str

    def message(self) -> str:
        return f"{E_DROPPED}: {self.layer}: dropped {self.start}-{self.end}: {self.reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    places: tuple[Place, ...] = ()
    model: str = ""
    extras: dict[str, object] = field(default_factory=dict)
    dropped: tuple[Dropped, ...] = ()
    political: bool | None = None  # the events layer judged the article political (None: not judged)

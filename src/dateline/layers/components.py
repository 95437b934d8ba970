"""What the spaCy components of the layers share: their Doc extensions and the one-Doc article they run on.

Each layer's ``component.py`` wraps the same function the pipeline calls (``resolve_actors``, ``find_timexes``,
``find_places``, ``find_quotes``, ``find_events``) around one Doc, which it treats as a one-paragraph article:
its text is ``doc.text`` (so every offset is a character offset into the Doc), its publication date
``doc._.published``. The results go to Doc extensions (``doc._.events``, ...), registered here once, the
first time any component module is imported. Nothing here loads data or a model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc

from ..model import Article, Dropped
from ..nlp import ParsedArticle, Piece
from .entities import find_entities

#: The Doc extensions of the components (all default to None, ``dropped`` to ``()``).
EXTENSIONS: tuple[str, ...] = (
    "published",  # date | None, set by the user before the components run
    "entities",  # tuple[Entity, ...]: cleaned entities, actor codes filled (dateline_actors)
    "actors",  # tuple[Actor, ...] (dateline_actors)
    "actor_lookup",  # ActorLookup (dateline_actors): who a span refers to
    "timexes",  # tuple[Timex, ...] (dateline_timexes)
    "time_index",  # TimeIndex (dateline_timexes): the date of a clause
    "places",  # tuple[Place, ...] (dateline_places)
    "place_index",  # PlaceIndex (dateline_places): the place of a clause
    "quotes",  # tuple[Quote, ...] (dateline_quotes)
    "events",  # tuple[Event, ...] (dateline_events)
    "dropped",  # tuple[Dropped, ...]: spans every component gave up on, accumulated
)

#: What every component needs from the model: the parse, lemmas, tags (spaCy's attribute ruler turns them
#: into ``token.pos``, which no stock component declares) and named entities.
MODEL_ATTRS: list[str] = ["doc.ents", "doc.sents", "token.dep", "token.head", "token.lemma", "token.tag"]


def register_extensions() -> None:
    """Register the Doc extensions (once: an extension already registered is left as it is)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=() if name == "dropped" else None)


register_extensions()


def published_of(doc: Doc) -> date | None:
    """``doc._.published`` as a date (a datetime is cut to its date)."""
    value: Any = doc._.published
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"doc._.published must be a datetime.date or None, not {type(value).__name__}")


def doc_article(doc: Doc) -> ParsedArticle:
    """The Doc as the one-paragraph ``ParsedArticle`` every layer takes, with ``doc._.entities`` when an
    earlier component (or the user) set them, else the entities layer's entities."""
    text = doc.text
    article = Article(
        text=text, origin="<doc>", format="text", paragraphs=((0, len(text)),) if text else (),
        published=published_of(doc),
    )  # fmt: skip
    parsed = ParsedArticle(article=article, pieces=(Piece(0, doc),) if len(doc) else ())
    entities = doc._.entities
    return replace(parsed, entities=tuple(entities) if entities is not None else find_entities(parsed))


def add_dropped(doc: Doc, dropped: Iterable[Dropped]) -> None:
    """Append a component's dropped spans to ``doc._.dropped``."""
    new = tuple(dropped)
    if new:
        doc._.dropped = tuple(doc._.dropped or ()) + new

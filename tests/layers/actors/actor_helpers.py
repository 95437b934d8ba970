"""Helpers for the actor tests: resolve a text written for the test, as of a date."""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language

from dateline.layers.actors.lookup import ArticleActors
from dateline.layers.actors.resolve import resolve_actors
from dateline.layers.entities import entities_from_pieces, harmonise
from dateline.model import Actor, Entity
from dateline.nlp import parse_texts


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text))


def resolve(
    nlp: Language, text: str, day: date | None
) -> tuple[ArticleActors, tuple[Actor, ...], list[Entity]]:
    pieces = next(iter(parse_texts(nlp, [(text, paragraphs(text))])))
    entities = harmonise(text, list(entities_from_pieces(text, pieces)))
    return resolve_actors(text, pieces, entities, day)


def code_at(lookup: ArticleActors, text: str, phrase: str, nth: int = 0) -> str | None:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    actor = lookup.actor_at(start, start + len(phrase))
    return actor.code if actor else None

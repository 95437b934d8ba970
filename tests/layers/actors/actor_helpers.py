"""Helpers for the actor tests: resolve a text written for the test, as of a date."""

from __future__ import annotations

from datetime import date

from spacy.language import Language

from dateline.layers.actors import load_actor_data, resolve_actors
from dateline.layers.actors.lookup import ArticleActors
from dateline.model import Actor, Entity

from ..parsing import paragraphs, parse

__all__ = ["code_at", "paragraphs", "resolve"]


def resolve(
    nlp: Language, text: str, day: date | None
) -> tuple[ArticleActors, tuple[Actor, ...], list[Entity]]:
    found = resolve_actors(parse(nlp, text, published=day), load_actor_data())
    return found.lookup, found.actors, list(found.entities)


def code_at(lookup: ArticleActors, text: str, phrase: str, nth: int = 0) -> str | None:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    actor = lookup.actor_at(start, start + len(phrase))
    return actor.code if actor else None

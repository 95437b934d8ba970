"""The interface between the actors layer and its users (quotes, events).

The actors layer (``extract/actors.py``) builds, per article, an object satisfying ``ActorLookup``: given a
span of the article text (a name, a description like "the Kremlin leader", a pronoun, a possessive), it
says which actor that span refers to, as of the article's date, and why. Quotes and events call it; they
never look at the dictionaries themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedActor:
    """An actor a span refers to. ``code`` is CAMEO style (``RUSGOV``); ``rule`` says which data entry or
    rule decided it (for the evidence view); ``start``/``end`` is the mention that decided it (for a pronoun,
    its antecedent)."""

    code: str
    country: str | None
    sector: str | None
    name: str
    rule: str
    start: int | None = None
    end: int | None = None


class ActorLookup(Protocol):
    def actor_at(self, start: int, end: int) -> ResolvedActor | None:
        """The actor that the text span ``[start, end)`` refers to (names, descriptions, pronouns), or None."""
        ...

    def actors_in(self, start: int, end: int) -> list[tuple[int, int, ResolvedActor]]:
        """Every resolved actor mention inside ``[start, end)``, in text order, as ``(start, end, actor)``."""
        ...


class NoActors:
    """An ``ActorLookup`` that resolves nothing (used before/without the actors layer)."""

    def actor_at(self, start: int, end: int) -> ResolvedActor | None:
        return None

    def actors_in(self, start: int, end: int) -> list[tuple[int, int, ResolvedActor]]:
        return []

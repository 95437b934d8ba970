"""The per-article ``ActorLookup``: resolved actor mentions, searchable by span, with pronoun resolution."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..overlaps import SpanIndex
from .resolved import ResolvedActor

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves", "it", "its"})
ANTECEDENT_REACH = 1500  # characters back from a pronoun to look for the actor it refers to


@dataclass(frozen=True, slots=True)
class Mention:
    """A resolved span of the article text. ``person`` says a pronoun he/she may refer to it."""

    start: int
    end: int
    actor: ResolvedActor
    person: bool = False


class ArticleActors:
    """``ActorLookup`` over one article's resolved mentions (sorted by start)."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        self._index = SpanIndex([(m.start, m.end) for m in self.mentions])

    def _overlapping(self, start: int, end: int) -> list[Mention]:
        """The last 50 mentions (in order) overlapping ``[start, end)``."""
        return [self.mentions[i] for i in self._index.overlapping(start, end, last=50)]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention for a span: an exact match, else the smallest mention containing it, else the longest
        mention inside it; for a pronoun, its antecedent."""
        cands = self._overlapping(start, end)
        for m in cands:
            if m.start == start and m.end == end:
                return m
        containing = [m for m in cands if m.start <= start and m.end >= end]
        if containing:
            return min(containing, key=lambda m: m.end - m.start)
        inside = [m for m in cands if m.start >= start and m.end <= end]
        if inside:
            return max(inside, key=lambda m: (m.end - m.start, -m.start))
        word = self.text[start:end].strip().lower()
        if word in PERSON_PRONOUNS or word in GROUP_PRONOUNS:
            return self._antecedent(start, word in PERSON_PRONOUNS)
        return None

    def _antecedent(self, start: int, person: bool) -> Mention | None:
        i = bisect_left(self._starts, start)
        for k in range(i - 1, -1, -1):  # backwards from the pronoun, without copying the mentions before it
            m = self.mentions[k]
            if m.end > start:
                continue
            if start - m.end > ANTECEDENT_REACH:
                return None
            if m.person == person:
                return m
        return None

    def actor_at(self, start: int, end: int) -> ResolvedActor | None:
        m = self.mention_at(start, end)
        if m is None:
            return None
        if m.start >= end or m.end <= start:  # a pronoun: say which antecedent decided it
            a = m.actor
            return ResolvedActor(
                code=a.code,
                country=a.country,
                sector=a.sector,
                name=a.name,
                rule=f"pronoun+{a.rule}",
                start=m.start,
                end=m.end,
            )
        return m.actor

    def actors_in(self, start: int, end: int) -> list[tuple[int, int, ResolvedActor]]:
        inside = [m for m in self._overlapping(start, end) if m.start >= start and m.end <= end]
        out: list[tuple[int, int, ResolvedActor]] = []
        for m in inside:  # only maximal mentions ("South Korea's ruling party", not also "South Korea")
            if any(
                o is not m and o.start <= m.start and o.end >= m.end and (o.end - o.start) > (m.end - m.start)
                for o in inside
            ):
                continue
            out.append((m.start, m.end, m.actor))
        return out

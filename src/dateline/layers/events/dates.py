"""When an event happened, from the clause that reports it.

TimeML anchors an event to the time expression that modifies it (Pustejovsky et al. 2003; TLINKs between an
event and a temporal adverbial of its clause). So an event's date is first the time expression the parse
attaches to its trigger as a temporal adverbial: the object of a temporal preposition ("raping a tourist in
2014", "a shooting on Friday", "during the night") or a bare noun-phrase adverbial ("met Tuesday"), looked for
on the trigger, then on its clause head, then on verbs coordinated with it (the levels of ``locations.py``).
Only when the clause has none does the sentence's nearest time, the narrative's reference time or the
publication date decide (``TimeIndex.for_span``): "found guilty on Thursday of raping a tourist in 2014" has
two events with two dates, not one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, runtime_checkable

from spacy.tokens import Span, Token

from ...model import Event
from .locations import anchors_of, levels

#: Prepositions whose object, when it is a time expression, says when the event happened. Not "since",
#: "until", "by", "before" or "after": they bound an event or relate it to another time, they do not date it.
TEMPORAL_PREPOSITIONS = frozenset({"on", "in", "at", "during", "over", "throughout"})


@runtime_checkable
class ClauseTimes(Protocol):
    def for_clause(
        self, spans: Iterable[tuple[int, int]], start: int, end: int, *, asserted: bool | None = None
    ) -> tuple[date, str] | None: ...


def clause_date(ev: Event, sent: Span, offset: int, times: ClauseTimes) -> tuple[date, str] | None:
    """The date and precision of the time expression the event's own clause attaches to it, or None."""
    for level in levels(anchors_of(ev, sent, offset)):
        heads = [(offset + w.idx, offset + w.idx + len(w)) for tok in level for w in _adverbials(tok)]
        if heads:
            found = times.for_clause(heads, ev.trigger_start, ev.trigger_end, asserted=ev.modality == "asserted")
            if found is not None:
                return found
    return None


def _adverbials(tok: Token) -> list[Token]:
    """The head words of the temporal adverbials of one word: objects of temporal prepositions and bare
    noun-phrase adverbials ("Tuesday" in "met Tuesday")."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in TEMPORAL_PREPOSITIONS:
            out.extend(o for o in c.children if o.dep_ == "pobj")
        elif c.dep_ == "npadvmod":
            out.append(c)
    return out

"""Names that contain time words are not time expressions: "Daily Mail", "Sunday Telegraph", "USA Today",
the "This Week" programme, the film "High Noon", an organisation or event named for a day.

Three regularities of English, none tied to a particular name:

- a capitalised span inside a longer named entity that spaCy labels as an organisation, a work, an event,
  a facility, a product, a law or a person (``NAME_LABELS``) is part of that name, unless it has digits (the
  year in "the 2008 Olympics" is still a date; "last year" after "the Group of Seven" is no part of it);
- a time word written in title case inside a sentence ("VOA Today", "This Week") is a name: time words are
  lower case in running English except weekdays, months and holidays, which are capitalised anyway and so
  say nothing;
- a time word followed by a capitalised word that names a publication ("Sunday Times", "Daily Mail",
  "Weekly Standard") is a masthead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .patterns import MONTHS, WEEKDAYS

__all__ = ["NAME_LABELS", "is_name"]

#: spaCy (OntoNotes) entity labels of names: a time word inside one is part of the name.
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW", "PERSON"})
#: Nouns newspapers, magazines and programmes are named with (after "Daily", "Sunday", "Weekly", ...).
_MASTHEAD = frozenset(
    "mail telegraph times express star mirror post herald news record standard journal independent tribune "
    "observer chronicle gazette courier guardian sun sport world review show edition briefing beast "
    "magazine examiner nation monitor business recorder".split()
)
_CAPITALISED_ANYWAY = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(w + "s" for w in WEEKDAYS) | {
    "christmas", "eve", "new", "year's", "thanksgiving", "halloween", "valentine's", "easter", "good", "boxing",
    "day", "a.m.", "p.m.", "am", "pm", "gmt", "utc", "est", "edt", "pst", "pdt", "cst", "cdt", "bst", "cet",
}  # fmt: skip
_QUOTES = ("\"", "“", "‘", "'")
_SENTENCE_OPENERS = ".!?:;\"“”'‘’([—–-\n"


def is_name(text: str, start: int, end: int, entities: Iterable[tuple[int, int, str]]) -> bool:
    """Whether the time-word span ``text[start:end]`` is (part of) a name. ``entities``: (start, end, label)."""
    span = text[start:end]
    if any(c.isdigit() for c in span):
        return False
    if any(c.isupper() for c in span):  # words of a name are capitalised: "the G7 last year" is no name
        for s, e, label in entities:
            if label in NAME_LABELS and s <= start and end <= e and (e - s) > (end - start):
                return True
    nxt = re.match(r"[ ]+([A-Z][a-z]+)", text[end : end + 24])
    if nxt and nxt.group(1).lower() in _MASTHEAD:
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'.]*", span) if w.lower() not in _CAPITALISED_ANYWAY]
    if not words or not all(w[0].isupper() and not w.isupper() for w in words):
        return False
    before = text[max(0, start - 200) : start].rstrip(" ")  # a window: copying the whole prefix was quadratic
    if before.endswith(_QUOTES):  # a quoted title inside a sentence ('on ABC's "This Week"') is a name
        before = before.rstrip("".join(_QUOTES)).rstrip(" ")
        return bool(before) and (before[-1].isalnum() or before[-1] == "'")
    return bool(before) and before[-1] not in _SENTENCE_OPENERS

"""Publication dates: explicit formats first, dateparser only as a strict fallback.

``parse_date`` takes a string that is already a candidate date (a dateline, a ``published`` field, an
HTML meta value) and returns a ``datetime.date`` or ``None``. It never raises and never guesses a
missing day, month or year: "September 2023", "May" or "We" give ``None``.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

log = logging.getLogger(__name__)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = frozenset(
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday".split()
)
_FILLER = frozenset(("of", "the", "de", "on"))
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?)?"
)
_YMD = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})")
_DMY_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_TIME_TAIL = re.compile(
    r"(?:\s*(?:,|\bat\b|\||-|·|—)?\s*\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?"
    r"|\s*(?:,|\bat\b)?\s*\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?|\s*[+-]\d{2}:?\d{2})?\s*$",
    re.I,
)
_TOKEN = re.compile(r"(\d+)(?:st|nd|rd|th)?|([^\W\d_]+)")
_YEAR = re.compile(r"(?<!\d)(?:1\d|2\d)\d\d(?!\d)")
_MAX_LEN = 80
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def parse_date(value: str) -> date | None:
    """The calendar date in ``value``, or ``None`` when it has no complete, unambiguous date.

    Handles ISO dates and datetimes (the local date as written, not converted to UTC), ``2023/09/14``,
    ``14.09.2023``, named months in either order ("September 14, 2023", "Sept. 14, 2023",
    "Thursday, 14 September 2023", "14 Sep 2023 08:00 GMT") and, through dateparser in strict mode,
    other languages ("14 septembre 2023"). Slashed dates where day and month could be swapped
    (``05/06/2023``) give ``None``.
    """
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    if not s or len(s) > _MAX_LEN or not any(c.isdigit() for c in s):
        return None
    try:
        return _parse(s)
    except Exception:  # defensive: a date that cannot be read is None, never a crash
        log.debug("date parsing failed for %r", s, exc_info=True)
        return None


def _parse(s: str) -> date | None:
    if m := _ISO.fullmatch(s):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD.fullmatch(s):
        return _make(int(m[1]), int(m[3]), int(m[4]))
    if m := _DMY_NUMERIC.fullmatch(s):
        return _numeric(int(m[1]), int(m[3]), int(m[4]), dotted=m[2] == ".")
    core = _TIME_TAIL.sub("", s)
    named = _named(core)
    if named is not None:
        return named
    if _looks_numeric_only(core):
        return None
    return _fallback(s)


def _make(year: int, month: int, day: int) -> date | None:
    if not 1000 <= year <= 2999:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric(first: int, second: int, year: int, *, dotted: bool) -> date | None:
    """``D.M.YYYY`` (dotted: always day first) or ``a/b/YYYY`` (only when unambiguous)."""
    if dotted or first > 12:
        return _make(year, second, first)
    if second > 12:
        return _make(year, first, second)
    if first == second:
        return _make(year, first, second)
    return None  # 05/06/2023: May 6 or 5 June? Not guessed.


def _named(s: str) -> date | None:
    """Three tokens: a month name, a day and a four-digit year, as M D Y, D M Y or Y M D."""
    tokens = []
    for m in _TOKEN.finditer(s.lower()):
        if m[1] is not None:
            tokens.append(m[1])
        elif m[2] not in _FILLER and m[2] not in _WEEKDAYS:
            tokens.append(m[2])
    if len(tokens) != 3:
        return None
    kinds = "".join(
        "m"
        if t in _MONTHS
        else "y"
        if len(t) == 4 and t.isdigit()
        else "d"
        if t.isdigit() and len(t) <= 2
        else "?"
        for t in tokens
    )
    if kinds == "mdy":
        return _make(int(tokens[2]), _MONTHS[tokens[0]], int(tokens[1]))
    if kinds == "dmy":
        return _make(int(tokens[2]), _MONTHS[tokens[1]], int(tokens[0]))
    if kinds == "ymd":
        return _make(int(tokens[0]), _MONTHS[tokens[1]], int(tokens[2]))
    return None


def _looks_numeric_only(s: str) -> bool:
    return not any(c.isalpha() for c in s)


def _fallback(s: str) -> date | None:
    """dateparser, strict, for a candidate that has a year and a letter (other languages)."""
    if not _YEAR.search(s) or sum(c.isdigit() for c in s) < 5:
        return None
    import dateparser  # slow to import and to warm up: only when the explicit formats fail

    parsed = dateparser.parse(s, settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    return _make(parsed.year, parsed.month, parsed.day)

"""What a pattern needs: the literal strings one of which every match of a regular expression contains.

The time layer runs a few dozen patterns over every paragraph, and most paragraphs hold nothing most of them
could match: a pattern for clock times needs a digit, one for seasons a season's name. ``needs(pattern)``
reads the pattern's syntax tree (the standard library's own parser) and returns such a set of strings, or
``None`` where no requirement can be proven (a pattern that can match without any fixed text). A paragraph
that contains none of them cannot hold a match, so the pattern is not run on it: the matches found are the
same, by construction, and the scan is skipped where it would find nothing.

Derivation (a match of a sequence contains every mandatory part of it):
- consecutive literal characters form a string the match contains;
- an alternation needs the union of what its branches need (``None`` if one branch needs nothing);
- a repeat with a minimum of at least one needs what its body needs; an optional part needs nothing;
- a digit class needs ``DIGIT`` (any decimal digit); any other class, or a look-around, ends a string.
Of the sets a sequence offers, the most selective is kept (the longest shortest string).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# the standard library's own regular-expression parser and syntax-tree constants (private modules, stable
# since Python 3.11; ``needs`` returns None, so nothing is filtered, if they ever fail to read a pattern)
_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")
_casefix: Any = importlib.import_module("re._casefix")

DIGIT = "\\d"  # stands for "any decimal digit" in a set of needed strings
_ANY_DIGIT = re.compile(r"\d")
#: characters that case-insensitive matching equates with another letter though ``str.lower`` does not map
#: them to it (dotted capital I, dotless i, long s, the micro sign...): a paragraph holding one is not filtered
_CASE_SPECIAL = frozenset(chr(c) for c in (0x130, *_casefix._EXTRA_CASES))

_Need = frozenset[str] | None


def needs(pattern: re.Pattern[str]) -> _Need:
    """The strings (lower case; ``DIGIT`` for a digit) one of which every match of ``pattern`` contains,
    or None when the pattern can match without fixed text. Unknown syntax gives None (no filtering)."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a parser this module does not know: filter nothing
        return None
    try:
        need, _ = _sequence(list(tree))
    except Exception:  # noqa: BLE001
        return None
    return _minimal(need) if need else None


def present(need: _Need, lowered: str, original: str) -> bool:
    """Can a paragraph hold a match of a pattern that needs ``need``? ``lowered`` is ``original.lower()``."""
    if need is None:
        return True
    if not original.isascii() and not _CASE_SPECIAL.isdisjoint(original):
        return True  # case-insensitive matching may equate these with letters the literals hold
    for s in need:
        if s == DIGIT:
            if _ANY_DIGIT.search(original):
                return True
        elif s in lowered:
            return True
    return False


def _sequence(items: list[tuple[Any, Any]]) -> tuple[_Need, str | None]:
    """(what the sequence needs, its exact text when it is literal characters only)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    exact = True

    def close() -> None:
        if run:
            options.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av).lower())
            continue
        if op is sre.SUBPATTERN:
            need, text = _sequence(list(av[-1]))
            if text is not None:
                run.append(text)
                continue
            close()
            exact = False
            if need:
                options.append(need)
            continue
        exact = False
        close()
        if op is sre.BRANCH:
            branches = [_sequence(list(b))[0] for b in av[1]]
            if all(branches):
                options.append(frozenset(s for b in branches if b for s in b))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, _high, body = av
            if low >= 1:
                need, text = _sequence(list(body))
                if text:
                    options.append(frozenset({text}))
                elif need:
                    options.append(need)
        elif op is sre.IN and _digits_only(av):
            options.append(frozenset({DIGIT}))
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            need, _ = _sequence(list(av))
            if need:
                options.append(need)
        # anything else (classes, anchors, look-arounds, back-references) ends the literal run only
    close()
    if exact:
        return (options[0] if options else None), "".join(next(iter(options[0])) if options else "")
    if not options:
        return None, None
    return max(options, key=lambda o: (min(len(s) for s in o), -len(o))), None


def _digits_only(items: Any) -> bool:
    """A character class that holds decimal digits only (``\\d``, ``[0-9]``, ``[01]``)."""
    for op, av in items:
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        if op is sre.RANGE and 48 <= av[0] and av[1] <= 57:
            continue
        if op is sre.LITERAL and 48 <= av <= 57:
            continue
        return False
    return True


def _minimal(need: frozenset[str]) -> frozenset[str]:
    """Drop a string that contains another string of the set: finding the shorter one is enough."""
    kept = sorted(need, key=len)
    out: list[str] = []
    for s in kept:
        if not any(k in s for k in out if k != DIGIT) and not (DIGIT in out and any(c.isdigit() for c in s)):
            out.append(s)
    return frozenset(out)

"""Quotation marks: which stretches of a paragraph are quoted.

Straight ``"`` and curly ``“ ”`` (also ``„ « »``) double marks, and two apostrophes or backticks as some
newspapers type them (``''We will,'' he said``), are paired per paragraph; a single apostrophe is never a
mark ("leaders'", "it's"). A straight mark opens when it follows white space or an opening bracket and
closes when punctuation or white space follows it; a stray mark is dropped and the other pairs in the
paragraph are kept. A quote left open at the end of a paragraph continues when the next paragraph starts
with a mark (one speaker over several paragraphs), and runs to the paragraph's end when it opened the
paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT
_OPEN_BEFORE = "([{—–-/:;,"
_CLOSE_AFTER = ".,;:!?)]}—–-…"
TOKEN_MARKS = frozenset({"''", "``", "'''"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkSpan:
    """A stretch of text between quotation marks: ``start``/``end`` include the marks (an unclosed
    continuation ends at its paragraph's end), ``content`` excludes them. ``para`` indexes the pieces;
    ``continues`` says the next paragraph carries on the same quote."""

    start: int
    end: int
    content: tuple[int, int]
    para: int
    continues: bool = False
    continued: bool = False  # this span carries on a quote from the previous paragraph


# A double mark: one character, or two apostrophes/backticks as some newspapers type them. In a run of
# three apostrophes (a single mark next to a double one) the double is the outer pair of the run.
_MARK = re.compile(r"'{2,3}|``|[\"“”„«»]")


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every double quotation mark in ``text[lo:hi]``."""
    out: list[tuple[int, int]] = []
    for m in _MARK.finditer(text, lo, hi):
        s, e = m.span()
        if e - s == 3:
            after = text[e] if e < hi else " "
            s, e = (s + 1, e) if (after.isspace() or after in _CLOSE_AFTER) else (s, s + 2)
        out.append((s, e))
    return out


def _role(text: str, s: int, e: int, lo: int, hi: int) -> str:
    ch = text[s:e]
    if ch in OPENING or ch == "``":
        return "open"
    if ch in CLOSING:
        return "close"
    before = text[s - 1] if s > lo else " "
    after = text[e] if e < hi else " "
    opens = before.isspace() or before in _OPEN_BEFORE or before in OPENING
    closes = after.isspace() or after in _CLOSE_AFTER or after in CLOSING or after == "'"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def quote_spans(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[MarkSpan]:
    """Every quoted stretch in the paragraphs, in text order (see the module docstring)."""
    out: list[MarkSpan] = []
    carry = False
    for k, (lo, hi) in enumerate(paragraphs):
        marks = _marks(text, lo, hi)
        open_at: tuple[int, int] | None = None
        first = True
        if carry and not (marks and not text[lo : marks[0][0]].strip()):
            carry = False  # the previous paragraph's quote did not continue here after all
        for s, e in marks:
            role = _role(text, s, e, lo, hi)
            if open_at is None:
                if role != "close":
                    open_at = (s, e)
            elif role == "open":
                open_at = (s, e)  # a second opening mark: the first one was stray
            else:
                span = _content(text, open_at[1], s)
                if span is not None:
                    out.append(
                        MarkSpan(start=open_at[0], end=e, content=span, para=k, continued=carry and first)
                    )
                first = False
                open_at = None
        was_carried = carry and first
        carry = False
        if open_at is not None:
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            starts_next = nxt is not None and bool(_MARK.match(text[nxt[0] : nxt[1]].lstrip()[:3]))
            at_start = not text[lo : open_at[0]].strip()
            if starts_next or at_start:
                span = _content(text, open_at[1], hi)
                if span is not None:
                    out.append(
                        MarkSpan(
                            start=open_at[0],
                            end=hi,
                            content=span,
                            para=k,
                            continues=starts_next,
                            continued=was_carried,
                        )
                    )
                carry = starts_next
    return out


def is_mark(tok: Token) -> bool:
    return tok.text in MARKS or tok.text in TOKEN_MARKS


def _content(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s or not _WORD.search(text, s, e):
        return None
    return s, e

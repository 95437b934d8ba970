"""Paragraph spans of a text, for one-paragraph-per-Doc processing."""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE = re.compile(r"\n\s*")


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, end)`` spans of the paragraphs of ``text``, white space trimmed.

    Paragraphs are separated by blank lines when the text has any; otherwise (one-paragraph-per-line
    corpora) by single newlines. A hard-wrapped paragraph in a text with blank lines stays whole.
    Offsets index ``text`` itself, so the caller's text is never changed.
    """
    sep = _BLANK_LINE if _BLANK_LINE.search(text) else _NEWLINE
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in sep.finditer(text):
        _add(text, pos, m.start(), spans)
        pos = m.end()
    _add(text, pos, len(text), spans)
    return tuple(spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))

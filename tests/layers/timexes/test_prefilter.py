"""The time layer skips a pattern on a paragraph that lacks every string its matches contain (prefilter)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.layers.timexes.prefilter import DIGIT, needs, present
from dateline.layers.timexes.timexes import _filtered

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "articles"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"noon|midnight", {"noon", "midnight"}),
        (r"\d{1,2} ?(?:a\.m\.|p\.m\.)", {"a.m.", "p.m."}),  # the most selective of what it needs
        (r"\d{1,2}:\d\d", {DIGIT}),
        (r"(?:early |late )?spring", {"spring"}),
        (r"(?:last|next)? ?week", {"week"}),
        (r"(?:the )?(?:winter|summer)s?", {"winter", "summer"}),
        (r"(?:soon)?", None),  # can match the empty string
        (r"[a-z]+ ago", {" ago"}),
    ],
)
def test_needs(pattern: str, expected: set[str] | None) -> None:
    got = needs(re.compile(pattern, re.IGNORECASE))
    assert (None if got is None else set(got)) == expected


def test_present() -> None:
    assert present(frozenset({"noon"}), "at noon today", "At NOON today")
    assert not present(frozenset({"noon"}), "in the morning", "In the morning")
    assert present(frozenset({DIGIT}), "at 5", "At 5")
    assert present(None, "anything", "anything")
    # dotted capital I: case-insensitive matching equates it with "i", str.lower does not: never filtered
    assert present(frozenset({"istanbul"}), "i̇stanbul", "İstanbul")


def _paragraphs() -> list[str]:
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    texts.append("On Tuesday at 5 p.m. EST, three weeks ago, the 1990s and the first quarter of 2024 — “Christmas Eve”.")
    return [line for t in texts for line in t.split("\n") if line.strip()]


def test_filter_never_hides_a_match() -> None:
    """Every pattern, every paragraph: where the filter says "absent", the pattern finds nothing."""
    checked = skipped = 0
    for chunk in _paragraphs():
        low = chunk.lower()
        for name, pattern, need in _filtered(chunk.isascii()):
            checked += 1
            if not present(need, low, chunk):
                skipped += 1
                assert next(pattern.finditer(low if chunk.isascii() else chunk), None) is None, (name, chunk)
    assert checked and skipped > checked // 3  # the filter does spare most scans

"""The per-Doc views agree with what spaCy computes, and the timex scan on lower-cased text finds the same spans."""

from __future__ import annotations

import pytest

from dateline.layers.actors.state import quoted_stretches
from dateline.layers.doc_views import doc_length, doc_sents, doc_text, token_table
from dateline.layers.timexes.patterns import patterns
from dateline.layers.timexes.timexes import _lower_case_patterns

TEXT = (
    "The ministers met in Geneva on Monday.  They said talks would resume “next week”, "
    "and the envoy’s office called the results ENCOURAGING."
)


@pytest.fixture
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(TEXT)


def test_views_match_spacy(doc) -> None:  # type: ignore[no-untyped-def]
    table = token_table(doc)
    assert table.lower == [t.lower_ for t in doc]
    assert table.lemma == [t.lemma_.lower() for t in doc]
    assert table.idx == [t.idx for t in doc]
    assert doc_text(doc) == doc.text
    assert doc_length(doc) == len(doc.text)
    assert [(s.start, s.end, s.text) for s in doc_sents(doc)] == [(s.start, s.end, s.text) for s in doc.sents]
    assert token_table(doc) is table  # built once per Doc
    assert doc_sents(doc)[0].doc is doc


def test_empty_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    empty = nlp("")
    assert doc_length(empty) == 0
    assert token_table(empty).lower == []


@pytest.mark.parametrize(
    "text",
    [
        "On MONDAY, 5 May 2023, at 3 p.m. EST the talks ended; last week they began.",
        "In the 1990s, during the Twentieth Century; three years ago; the first quarter of 2021.",
        "Markets fell 2.5% on Tuesday-morning trade, a 52-year-old said, since March.",
    ],
)
def test_lower_case_scan_finds_the_same_spans(text: str) -> None:
    expected = [(name, m.span()) for name, p in patterns() for m in p.finditer(text)]
    found = [(name, m.span()) for name, p in _lower_case_patterns() for m in p.finditer(text.lower())]
    assert found == expected


def test_quoted_stretches() -> None:
    text = 'He said "yes" and “no”.\n\n“Unclosed\n\nthen "x'
    assert quoted_stretches(text) == [(8, 13), (18, 22)]

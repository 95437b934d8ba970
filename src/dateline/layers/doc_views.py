"""Per-Doc views the layers share, computed once per Doc instead of once per use.

Building ``Doc.text`` joins every token; iterating a Doc creates a Python ``Token`` per token. These helpers
compute what the layers need once and keep it in ``doc.user_data`` (keys under ``"dateline."``), so every
layer that asks again gets the same object.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.tokens import Doc, Span

_LENGTH = "dateline.length"
_TEXT = "dateline.text"
_SENTS = "dateline.sents"


def doc_sents(doc: Doc) -> tuple[Span, ...]:
    """``tuple(doc.sents)``, with the boundaries found once per Doc (raises ``ValueError``, as ``doc.sents``
    does, when the pipeline sets no sentence boundaries). Only token offsets are kept: a Span kept in
    ``user_data`` would make the Doc a reference cycle, freed late."""
    bounds = doc.user_data.get(_SENTS)
    if bounds is None:
        bounds = doc.user_data[_SENTS] = tuple((s.start, s.end) for s in doc.sents)
    return tuple(doc[s:e] for s, e in bounds)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def doc_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text."""
    n = doc.user_data.get(_LENGTH)
    if n is None:
        n = doc.user_data[_LENGTH] = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return int(n)


_TABLE = "dateline.table"


@dataclass(frozen=True, slots=True)
class TokenTable:
    """String attributes of every token of a Doc, by token index, read without creating ``Token`` objects:
    ``lower[i] == doc[i].lower_`` and ``lemma[i] == doc[i].lemma_.lower()``."""

    lower: list[str]
    lemma: list[str]
    idx: list[int]  # ``doc[i].idx``


def token_table(doc: Doc) -> TokenTable:
    """The Doc's ``TokenTable``, built once per Doc."""
    table = doc.user_data.get(_TABLE)
    if table is None:
        strings = doc.vocab.strings
        if len(doc):
            rows = doc.to_array([LOWER, LEMMA, IDX]).tolist()
            lower = [strings[r[0]] for r in rows]
            lemma = [strings[r[1]].lower() for r in rows]
            idx = [r[2] for r in rows]
        else:
            lower, lemma, idx = [], [], []
        table = doc.user_data[_TABLE] = TokenTable(lower, lemma, idx)
    assert isinstance(table, TokenTable)
    return table

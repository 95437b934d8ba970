"""Per-Doc views the layers share, computed once per Doc instead of once per use.

Building ``Doc.text`` joins every token; iterating a Doc creates a Python ``Token`` per token. These helpers
compute what the layers need once and keep it in ``doc.user_data`` (keys under ``"dateline."``), so every
layer that asks again gets the same object.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import HEAD, IDX, LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from ..nlp import DOC_TEXT as _TEXT

_LENGTH = "dateline.length"
_SENTS = "dateline.sents"


def doc_sents(doc: Doc) -> tuple[Span, ...]:
    """``tuple(doc.sents)``, with the boundaries found once per Doc (raises ``ValueError``, as ``doc.sents``
    does, when the pipeline sets no sentence boundaries). Only token offsets are kept: a Span kept in
    ``user_data`` would make the Doc a reference cycle, freed late."""
    global _LAST_SENTS
    last = _LAST_SENTS
    if last is not None and last[0] is doc:
        return last[1]
    bounds = doc.user_data.get(_SENTS)
    if bounds is None:
        bounds = doc.user_data[_SENTS] = tuple((s.start, s.end) for s in doc.sents)
    spans = tuple(doc[s:e] for s, e in bounds)
    _LAST_SENTS = (doc, spans)
    return spans


_LAST_SENTS: tuple[Doc, tuple[Span, ...]] | None = None
"""The last Doc asked about and its sentences: the layers ask for one Doc's sentences several times in a row. One
Doc is kept alive by it at most (the Spans refer to it, so ``user_data`` cannot hold them without a cycle)."""


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text ``nlp.parse_texts`` parsed the Doc from, else built once per Doc."""
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


_STRINGS: dict[int, str] = {}
_LOWER_LEMMAS: dict[int, str] = {}
_MEMO_STRINGS = 500_000
"""Strings by hash, remembered across Docs (most of a Doc's words were in earlier ones; a dictionary lookup is
cheaper than the StringStore's), at most this many of each kind. A hash names one string in every vocabulary."""


def _string(strings: StringStore, h: int) -> str:
    text = strings[h]
    if len(_STRINGS) < _MEMO_STRINGS:
        _STRINGS[h] = text
    return text


def _lower_lemma(strings: StringStore, h: int) -> str:
    text = strings[h].lower()
    if len(_LOWER_LEMMAS) < _MEMO_STRINGS:
        _LOWER_LEMMAS[h] = text
    return text


def token_table(doc: Doc) -> TokenTable:
    """The Doc's ``TokenTable``, built once per Doc."""
    table = doc.user_data.get(_TABLE)
    if table is None:
        strings = doc.vocab.strings
        if len(doc):
            rows = doc.to_array([LOWER, LEMMA, IDX]).tolist()
            known, lemmas = _STRINGS, _LOWER_LEMMAS
            lower = [known.get(r[0]) or _string(strings, r[0]) for r in rows]
            lemma = [lemmas.get(r[1]) or _lower_lemma(strings, r[1]) for r in rows]
            idx = [r[2] for r in rows]
        else:
            lower, lemma, idx = [], [], []
        table = doc.user_data[_TABLE] = TokenTable(lower, lemma, idx)
    assert isinstance(table, TokenTable)
    return table


_TREE = "dateline.tree"


@dataclass(frozen=True, slots=True)
class TreeTable:
    """The dependency tree of a Doc as lists of token indices: ``lefts[i]`` and ``rights[i]`` are the
    indices of ``doc[i].lefts`` and ``doc[i].rights``, in order."""

    lefts: list[tuple[int, ...]]
    rights: list[tuple[int, ...]]


def tree_table(doc: Doc) -> TreeTable:
    """The Doc's ``TreeTable``, built once per Doc (one pass over the heads)."""
    table = doc.user_data.get(_TREE)
    if table is None:
        n = len(doc)
        offsets = doc.to_array(HEAD).astype("int64").tolist() if n else []  # head index minus own index
        lefts: list[list[int]] = [[] for _ in range(n)]
        rights: list[list[int]] = [[] for _ in range(n)]
        for i, off in enumerate(offsets):
            h = i + off
            if i < h:
                lefts[h].append(i)
            elif i > h:
                rights[h].append(i)
        table = doc.user_data[_TREE] = TreeTable([tuple(x) for x in lefts], [tuple(x) for x in rights])
    assert isinstance(table, TreeTable)
    return table


def children(tok: Token) -> list[Token]:
    """``list(tok.children)`` in time of the number of children. spaCy's ``Token.children`` scans every
    token between the token's left and right edge, so asking it for each verb of one long chain of clauses
    costs the chain's length each time."""
    table, doc = tree_table(tok.doc), tok.doc
    return [doc[j] for j in (*table.lefts[tok.i], *table.rights[tok.i])]


def subtree_indices(tok: Token) -> list[int]:
    """The indices of ``tok.subtree``, in the same order, in time of the subtree's size. spaCy's
    ``Token.subtree`` nests one generator per level of the tree, so on a deep tree (one long sentence of
    clauses each governing the next) listing a subtree costs its size times its depth."""
    table = tree_table(tok.doc)
    lefts, rights = table.lefts, table.rights
    out: list[int] = []
    stack: list[int] = [tok.i]  # j >= 0: a token to expand; ~j: a token to emit (its lefts are done)
    while stack:
        j = stack.pop()
        if j < 0:
            out.append(~j)
            continue
        stack.extend(reversed(rights[j]))
        stack.append(~j)
        stack.extend(reversed(lefts[j]))
    return out


def subtree(tok: Token) -> list[Token]:
    """``list(tok.subtree)`` in time of the subtree's size (see ``subtree_indices``)."""
    doc = tok.doc
    return [doc[j] for j in subtree_indices(tok)]

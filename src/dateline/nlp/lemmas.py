"""A lemmatizer that remembers every answer: spaCy's rule lemmatizer, same lemmas, a fraction of the time.

spaCy's rule-based ``Lemmatizer`` keys a cache on ``(orth, pos, morph)`` but returns early, uncached, for
proper nouns, base forms, punctuation and parts of speech without rules; those are most tokens of news
text, and each costs a Token object, a morphology lookup and several string operations. Its answer depends
only on that key (the token's text, part of speech and morphology), so caching every answer gives the same
lemma for every token. On news text this cuts the lemmatizer's time by about 90%, about a tenth of the whole
spaCy pipeline (measured in ``bench/bench_extract.py``, where the baseline is spaCy as shipped).

In a stream (``nlp.pipe``, how Dateline parses) a Doc's lemmas are also read and written as one array
(``Doc.to_array``/``from_array``): the key columns of every token at once, the lemma's string id remembered
per key, so a token already seen costs neither a ``Token`` object nor a string lookup. ``nlp(text)`` keeps
the per-token path; both give the same lemma (``tests/nlp/test_fast_components.py``).

A word not seen before is lemmatised by spaCy's rules, which ask whether each candidate form is in the
language's word list for the part of speech: a Python list of up to 57,000 words, searched one by one
(about 0.1 ms per new word, 2-3 % of the pipeline on a stream of new articles). The lists are given a set
beside them for that question (``_WordList``: still a list for everything else, answering ``in`` by hash).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

MAX_ENTRIES = 1_000_000  # distinct (word, part of speech, morphology) keys kept; then the cache starts over


def cache_lemmas(nlp: Language) -> None:
    """Make the pipeline's rule lemmatizer (if any) cache every answer. Other modes are left as they are."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "rule_lemmatize"):
        return
    _index_by_hash(lemmatizer)
    lemmatizer.lemmatize = _cached(lemmatizer.rule_lemmatize)  # what Lemmatizer.__call__ calls per token
    lemmatizer.pipe = _streamed(lemmatizer)  # what nlp.pipe calls (an instance attribute: ``__call__`` is kept)


class _WordList(list):  # type: ignore[type-arg]
    """A list of words that answers ``word in it`` from a set (same answer, constant time)."""

    __slots__ = ("_words",)

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._words = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._words


def _index_by_hash(lemmatizer: Any) -> None:
    """The rule lemmatizer's word lists (``lemma_index`` per part of speech) answer membership by hash."""
    try:
        table = lemmatizer.lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _WordList):
            table[key] = _WordList(words)


def _cached(lemmatize: Callable[[Token], list[str]]) -> Callable[[Token], list[str]]:
    cache: dict[tuple[int, int, str], list[str]] = {}

    def cached_lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        forms = cache.get(key)
        if forms is None:
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            forms = cache[key] = lemmatize(token)
        return forms

    return cached_lemmatize


def _streamed(lemmatizer: Any) -> Callable[..., Any]:
    """``Lemmatizer.pipe`` with each Doc's lemmas set as one array (see the module doc)."""
    strings = lemmatizer.vocab.strings
    ids: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> the lemma's string id

    def lemmatize_doc(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemmatizer.overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = ids.get(key)
                if found is None:
                    if len(ids) >= MAX_ENTRIES:
                        ids.clear()
                    found = ids[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
                changed = changed or found != lemma
                lemma = found
            lemmas.append(lemma)
        if changed:
            column: Any = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
            doc.from_array([LEMMA], column)
        return doc

    def pipe(stream: Any, *, batch_size: int = 128) -> Any:  # noqa: ARG001 - the signature spaCy calls
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                done = lemmatize_doc(doc)
            except Exception as exc:  # noqa: BLE001 - spaCy's own error handling, as in its Pipe.pipe
                handler(lemmatizer.name, lemmatizer, [doc], exc)
                continue
            yield done

    return pipe

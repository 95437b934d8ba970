"""The spaCy pipeline: loaded once per process, run one paragraph per Doc, articles in, ParsedArticles out.

``parse_articles`` is the NLP step of the data path (ingest -> nlp -> layers -> store -> serve): it re-cases
shouted and title-case lines for the model (``casing.py``), parses body paragraphs and headlines of many
articles in one ``nlp.pipe`` stream and hands each article on as a ``ParsedArticle``, the one input every
extraction layer takes.

Model names are resolved in ``model_names.py`` (``sm``, ``md``, a package or a path; nothing is ever downloaded).
"""

from __future__ import annotations

import functools
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from ..model import Article, Entity
from ..model_names import resolve_model_name
from .attributes import fast_attribute_rules
from .blas import blas_ops
from .casing import gather_evidence, lexicon_of, needs_recase, recase
from .lemmas import cache_lemmas

log = logging.getLogger(__name__)
_T = TypeVar("_T")

# Paragraphs longer than this are cut into pieces before spaCy: at the last sentence end in the second half of
# the window, else at the last white space there, else at the limit. A piece is one Doc, so the parser's and
# the layers' cost stays that of ordinary paragraphs however long the paragraph (one 1,000,000-character
# paragraph took more than 300 s as one Doc). Offsets are kept exact: a piece is ``text[start:end]``.
MAX_PIECE_CHARS = 20_000
# A batch of Docs for ``nlp.pipe`` ends at ``batch_size`` Docs or at this many characters, whichever comes
# first. The parser and the entity recogniser precompute arrays that grow with the tokens of the whole batch
# (for the parser, 8 x 64 x 2 floats per token): 51 pieces of one 1,000,000-character paragraph in one batch
# peaked at 2.3 GB. Ordinary paragraphs (about 200 characters) fill 256 Docs first and are batched as before.
MAX_BATCH_CHARS = 60_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
# Components Dateline does not use; disabling them saves time.
_UNUSED: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process and name) the spaCy pipeline."""
    resolved = resolve_model_name(name)
    try:
        with blas_ops():  # matrix products by numpy's BLAS (blas.py): same annotations, less time
            nlp = spacy.load(resolved, exclude=[c for c in _UNUSED])
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {resolved!r}: {exc}", code="E402") from exc
    fast_attribute_rules(nlp)  # same annotations as spaCy's, by table lookup (attributes.py, lemmas.py)
    cache_lemmas(nlp)
    log.info("loaded spaCy model %s (%s)", resolved, ",".join(nlp.pipe_names))
    return nlp


def model_label(nlp: Language) -> str:
    """A short description of the pipeline for provenance: ``core_web_sm-3.8.0``."""
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A Doc and where its text starts in the article text (``doc.text == text[offset:offset+len]``)."""

    offset: int
    doc: Doc


def pieces_of(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Paragraph spans, with over-long paragraphs cut at sentence ends (else white space) into bounded pieces."""
    for start, end in spans:
        while end - start > MAX_PIECE_CHARS:
            cut = _cut(text, start)
            yield start, cut
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            yield start, end


def _cut(text: str, start: int) -> int:
    """Where to end the piece starting at ``start`` of an over-long paragraph (see ``MAX_PIECE_CHARS``)."""
    lo, hi = start + MAX_PIECE_CHARS // 2, start + MAX_PIECE_CHARS
    cut = -1
    for m in _SENTENCE_END.finditer(text, lo, hi):
        cut = m.end()
    if cut < 0:
        cut = max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi))
    return cut if cut > start else hi


DOC_TEXT = "dateline.text"
"""``doc.user_data`` key of the text a Doc was parsed from, kept by :func:`parse_texts`. It equals ``doc.text``
(spaCy's tokenizer keeps every character), which spaCy builds by joining a new ``Token`` per token each time:
``layers/doc_views.doc_text`` reads it from here."""


def parse_texts(
    nlp: Language, items: Iterable[tuple[str, Iterable[tuple[int, int]]]], *, batch_size: int | None = None
) -> Iterator[list[Piece]]:
    """For each ``(text, paragraph_spans)`` item, yield its parsed pieces, in order.

    All paragraphs of all items go through one ``nlp.pipe`` stream, so batching works across
    articles; results are regrouped per item (an item with no paragraphs yields ``[]``). ``batch_size``
    (paragraphs per batch) defaults to the model's own (``nlp.batch_size``, 256 for the shipped models):
    64 took 4 % more time over the example articles (bench/bench_extract.py). A batch also ends at
    ``MAX_BATCH_CHARS`` characters, which bounds the parser's memory on long paragraphs.
    """

    def stream() -> Iterator[tuple[str, tuple[int, int, str]]]:
        for idx, (text, spans) in enumerate(items):
            found = False
            for start, end in pieces_of(text, spans):
                found = True
                piece = text[start:end]
                yield piece, (idx, start, piece)
            if not found:
                yield "", (idx, -1, "")

    def parsed() -> Iterator[tuple[Doc, tuple[int, int, str]]]:
        for batch in _batches(stream(), batch_size or nlp.batch_size):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))

    current: list[Piece] = []
    current_idx = -1
    for doc, (idx, offset, piece) in parsed():
        if idx != current_idx:
            if current_idx >= 0:
                yield current
            current, current_idx = [], idx
        if offset >= 0:
            doc.user_data[DOC_TEXT] = piece  # what ``doc.text`` would rebuild, token by token
            current.append(Piece(offset, doc))
    if current_idx >= 0:
        yield current


def _batches(stream: Iterable[tuple[str, _T]], size: int) -> Iterator[list[tuple[str, _T]]]:
    """``stream`` in lists of at most ``size`` texts and, past the first text, ``MAX_BATCH_CHARS`` characters."""
    batch: list[tuple[str, _T]] = []
    chars = 0
    for item in stream:
        if batch and (len(batch) >= size or chars + len(item[0]) > MAX_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedArticle:
    """One article as every extraction layer sees it.

    ``pieces`` are the parsed body paragraphs (offsets into ``article.text``), ``title_pieces`` the parsed
    headline (offsets into ``article.title``). ``entities`` are filled by the entities layer and then by
    the actors layer (which adds actor codes); later layers read them from here.
    """

    article: Article
    pieces: tuple[Piece, ...]
    title_pieces: tuple[Piece, ...] = ()
    entities: tuple[Entity, ...] = ()

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> date | None:
        return self.article.published


def parse_articles(
    nlp: Language, articles: Iterable[Article], *, batch_size: int | None = None
) -> Iterator[ParsedArticle]:
    """Body paragraphs and headlines of all ``articles`` in one ``nlp.pipe`` stream, in input order.

    The model sees a re-cased copy (same length, so offsets hold) of shouted and title-case lines and of a
    title-case headline, using what the body says about each word (``casing.py``). A Doc's text is that
    copy; layers take surface text from ``article.text`` through the offsets.
    """
    lexicon = lexicon_of(nlp)
    pending: deque[Article] = deque()

    def items() -> Iterator[tuple[str, Iterable[tuple[int, int]]]]:
        for a in articles:
            pending.append(a)
            title = a.title or ""
            spans = ((0, len(title)),) if title.strip() else ()
            if not (needs_recase(a.text) or (title and needs_recase(title))):
                yield a.text, a.paragraphs  # nothing to re-case: skip gathering the evidence
                yield title, spans
                continue
            evidence = gather_evidence(a.text, lexicon)
            yield recase(a.text, evidence), a.paragraphs
            yield recase(title, evidence), spans

    results = parse_texts(nlp, items(), batch_size=batch_size)
    for body in results:
        title_pieces = next(results)
        yield ParsedArticle(article=pending.popleft(), pieces=tuple(body), title_pieces=tuple(title_pieces))

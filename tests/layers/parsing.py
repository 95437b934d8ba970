"""Test helper: a text written for a test, parsed into the ``ParsedArticle`` every layer takes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.language import Language

from dateline.layers.entities import find_entities
from dateline.model import Article, Heading
from dateline.nlp import ParsedArticle, parse_texts


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraph spans: runs of non-blank lines."""
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text))


def parse(
    nlp: Language,
    text: str,
    paras: tuple[tuple[int, int], ...] | None = None,
    *,
    published: date | None = None,
    headings: tuple[Heading, ...] = (),
) -> ParsedArticle:
    """``text`` parsed as it is (no re-casing), with the entities layer's entities."""
    paras = paragraphs(text) if paras is None else paras
    article = Article(text=text, origin="test", format="text", paragraphs=paras, published=published, headings=headings)
    pieces = next(iter(parse_texts(nlp, [(text, paras)])))
    parsed = ParsedArticle(article=article, pieces=tuple(pieces))
    return replace(parsed, entities=find_entities(parsed))


def parse_article(nlp: Language, article: Article) -> ParsedArticle:
    """An ingested article parsed as the pipeline does (re-casing included), with its entities."""
    from dateline.nlp import parse_articles

    parsed = next(iter(parse_articles(nlp, [article])))
    return replace(parsed, entities=find_entities(parsed))

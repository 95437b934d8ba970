"""Articles in, Extractions out: runs the spaCy pipeline (one paragraph per Doc) and every extractor.

A failure in one article becomes a ``Failure`` (stage ``nlp``); the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language

from .errors import E_EXTRACT, E_NLP
from .layers.actors.resolve import resolve_actors
from .layers.actors.resolved import ActorLookup
from .layers.entities import entities_from_pieces, harmonise
from .layers.events.events import find_events
from .layers.places.places import find_places
from .layers.quotes.quotes import find_quotes
from .layers.timexes.timexes import find_timexes
from .model import Article, Event, Extraction, Failure, Place, Quote, Timex
from .nlp import Piece, model_label, parse_texts
from .nlp.casing import gather_evidence, lexicon_of, needs_recase, recase

log = logging.getLogger(__name__)

CHUNK = 32  # articles parsed together; a failing chunk is retried one article at a time


def extract_articles(
    items: Iterable[Article | Failure], nlp: Language, *, batch_size: int = 64
) -> Iterator[Extraction | Failure]:
    """Extract every Article; Failures pass through unchanged, in input order."""
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from _extract_chunk(chunk, nlp, batch_size)
            chunk = []
    if chunk:
        yield from _extract_chunk(chunk, nlp, batch_size)


def _extract_chunk(chunk: list[Article | Failure], nlp: Language, batch_size: int) -> Iterator[Extraction | Failure]:
    articles = [a for a in chunk if isinstance(a, Article)]
    parsed: dict[int, Parsed | Failure]
    try:
        parsed = dict(zip((id(a) for a in articles), _parse(articles, nlp, batch_size), strict=True))
    except Exception:  # noqa: BLE001 - one bad article must not sink the chunk: retry one by one
        log.warning("chunk of %d articles failed; retrying one by one", len(articles), exc_info=True)
        parsed = {}
        for a in articles:
            try:
                parsed[id(a)] = next(iter(_parse([a], nlp, batch_size)))
            except Exception as exc:  # noqa: BLE001
                parsed[id(a)] = Failure(origin=a.origin, stage="nlp", code=E_NLP, message=f"NLP failed: {exc!r}")
    label = model_label(nlp)
    for item in chunk:
        if isinstance(item, Failure):
            yield item
            continue
        result = parsed[id(item)]
        if isinstance(result, Failure):
            yield result
            continue
        try:
            yield build_extraction(item, result[0], label, title_pieces=result[1])
        except Exception as exc:  # noqa: BLE001 - a bug in one layer costs this article, not the batch
            log.warning("extraction failed for %s", item.origin, exc_info=True)
            yield Failure(origin=item.origin, stage="extract", code=E_EXTRACT, message=f"extraction failed: {exc!r}",
                          item_id=item.external_id)  # fmt: skip


Parsed = tuple[list[Piece], list[Piece]]  # body pieces, headline pieces


def _parse(articles: list[Article], nlp: Language, batch_size: int) -> Iterator[Parsed]:
    """Body paragraphs and headlines of all articles in one ``nlp.pipe`` stream.

    The model sees a re-cased copy (same length) of shouted and title-case lines, and of a title-case
    headline, using what the body says about each word (casing.py).
    """
    lexicon = lexicon_of(nlp)

    def items() -> Iterator[tuple[str, Iterable[tuple[int, int]]]]:
        for a in articles:
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
        yield body, next(results)


def build_extraction(
    article: Article, pieces: list[Piece], label: str, *, title_pieces: Iterable[Piece] = ()
) -> Extraction:
    """Run every extraction layer over one article's parsed paragraphs.

    Each layer is one call below, in dependency order; a layer gets what earlier layers produced.
    """
    entities = list(entities_from_pieces(article.text, pieces))
    entities = harmonise(article.text, entities)
    if article.title:
        entities.extend(entities_from_pieces(article.title, title_pieces, field="title"))

    # --- layer: actors (entities[].actor, actors[], and the lookup quotes and events use) ---
    lookup: ActorLookup
    lookup, actors, entities = resolve_actors(article.text, pieces, entities, article.published)

    # --- layer: time (timexes[]) ---
    found_timexes, time_index = find_timexes(article.text, pieces, article.published)
    timexes: tuple[Timex, ...] = tuple(found_timexes)

    # --- layer: places (places[]) ---
    found_places, place_index = find_places(article.text, entities, pieces)
    places: tuple[Place, ...] = tuple(found_places)

    # --- layer: quotes (quotes[]) ---
    quotes: tuple[Quote, ...] = tuple(find_quotes(article, pieces, entities, lookup))

    # --- layer: events (events[]) ---
    events: tuple[Event, ...] = find_events(
        article.text, pieces, lookup=lookup, quotes=quotes, published=article.published,
        time_index=time_index, place_index=place_index,
    )  # fmt: skip

    return Extraction(
        article=article,
        entities=tuple(entities),
        actors=actors,
        events=events,
        quotes=quotes,
        timexes=timexes,
        places=places,
        model=label,
    )

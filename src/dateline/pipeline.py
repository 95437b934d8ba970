"""Articles in, Extractions out: the NLP step, then every extraction layer, in dependency order.

The data path runs one way: ingest (Articles) -> ``nlp.parse_articles`` (re-casing and spaCy, one
``ParsedArticle`` per article) -> the layers (``layers/``) -> ``Extraction`` -> store -> serve. Each layer is
one call in ``build_extraction`` taking the ``ParsedArticle`` and its loaded data (``Resources``, loaded once
per process). A failure in one article becomes a ``Failure`` (stage ``nlp`` or ``extract``); a span a layer
drops is kept in ``Extraction.dropped`` and reported as a warning on the article (``E203``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language

from .errors import E_EXTRACT, E_NLP
from .layers.actors import ActorData, load_actor_data, resolve_actors
from .layers.entities import find_entities
from .layers.events import Lexicon, find_events, load_lexicon
from .layers.places import Gazetteer, find_places, load_gazetteer
from .layers.quotes import CueLexicon, find_quotes, load_cues
from .layers.timexes import find_timexes
from .model import Article, Dropped, Extraction, Failure
from .nlp import ParsedArticle, model_label, parse_articles

log = logging.getLogger(__name__)

CHUNK = 32  # articles parsed together; a failing chunk is retried one article at a time


@dataclass(frozen=True, slots=True, kw_only=True)
class Resources:
    """The data the layers need, loaded once and handed to each layer as an argument."""

    actors: ActorData  # actor dictionaries (built-in and the user's)
    gazetteer: Gazetteer  # place names
    cues: CueLexicon  # reporting cues (quotes)
    triggers: Lexicon  # event triggers


@functools.cache
def load_resources() -> Resources:
    """Every layer's data, loaded once per process (the user dictionary folder comes from ``$DATELINE_DICT``)."""
    return Resources(actors=load_actor_data(), gazetteer=load_gazetteer(), cues=load_cues(), triggers=load_lexicon())


def extract_articles(
    items: Iterable[Article | Failure], nlp: Language, *, batch_size: int = 64, resources: Resources | None = None
) -> Iterator[Extraction | Failure]:
    """Extract every Article; Failures pass through unchanged, in input order."""
    res = resources or load_resources()
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from _extract_chunk(chunk, nlp, batch_size, res)
            chunk = []
    if chunk:
        yield from _extract_chunk(chunk, nlp, batch_size, res)


def _extract_chunk(
    chunk: list[Article | Failure], nlp: Language, batch_size: int, res: Resources
) -> Iterator[Extraction | Failure]:
    articles = [a for a in chunk if isinstance(a, Article)]
    parsed: dict[int, ParsedArticle | Failure]
    try:
        parsed = dict(zip((id(a) for a in articles), parse_articles(nlp, articles, batch_size=batch_size), strict=True))
    except Exception:  # noqa: BLE001 - one bad article must not sink the chunk: retry one by one
        log.warning("chunk of %d articles failed; retrying one by one", len(articles), exc_info=True)
        parsed = {}
        for a in articles:
            try:
                parsed[id(a)] = next(iter(parse_articles(nlp, [a], batch_size=batch_size)))
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
            yield build_extraction(result, label, res)
        except Exception as exc:  # noqa: BLE001 - a bug in one layer costs this article, not the batch
            log.warning("extraction failed for %s", item.origin, exc_info=True)
            yield Failure(origin=item.origin, stage="extract", code=E_EXTRACT, message=f"extraction failed: {exc!r}",
                          item_id=item.external_id)  # fmt: skip


def build_extraction(parsed: ParsedArticle, label: str, res: Resources) -> Extraction:
    """Run every extraction layer over one parsed article, in dependency order.

    Each layer is one call below and gets the ``ParsedArticle`` (with the entities as the layers before it
    left them) plus its loaded data and what earlier layers produced.
    """
    parsed = replace(parsed, entities=find_entities(parsed))
    actors = resolve_actors(parsed, res.actors)  # entities[].actor, actors[], the lookup quotes/events use
    parsed = replace(parsed, entities=actors.entities)
    timexes = find_timexes(parsed)
    places = find_places(parsed, res.gazetteer)
    quotes = find_quotes(parsed, res.cues, actors.lookup)
    events = find_events(
        parsed, res.triggers, lookup=actors.lookup, quotes=quotes.quotes,
        time_index=timexes.index, place_index=places.index,
    )  # fmt: skip
    dropped: tuple[Dropped, ...] = (
        actors.dropped + timexes.dropped + places.dropped + quotes.dropped + events.dropped
    )
    article = parsed.article
    if dropped:
        article = replace(article, warnings=article.warnings + tuple(d.message() for d in dropped))
    return Extraction(
        article=article,
        entities=parsed.entities,
        actors=actors.actors,
        events=events.events,
        quotes=quotes.quotes,
        timexes=timexes.timexes,
        places=places.places,
        model=label,
        dropped=dropped,
        political=events.political,
    )

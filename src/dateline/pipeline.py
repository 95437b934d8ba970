"""Articles in, Extractions out: the NLP step, then every extraction layer, in dependency order.

The data path runs one way: ingest (Articles) -> ``nlp.parse_articles`` (re-casing and spaCy, one
``ParsedArticle`` per article) -> the layers (``layers/``) -> ``Extraction`` -> store -> serve. Each layer is
one call in ``build_extraction`` taking the ``ParsedArticle`` and its loaded data (``Resources``, loaded once
per process). A failure in one article becomes a ``Failure`` (stage ``nlp`` or ``extract``); a span a layer
drops is kept in ``Extraction.dropped`` and reported as a warning on the article (``E203``).

Every article runs under a time budget and output caps (``bounds.py``): past its budget it becomes a Failure
``E204`` (partial work discarded, the batch goes on); events, quotes, places, entity mentions and time
expressions over its caps are cut to the first by offset, with a warning ``E205``.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language

from .bounds import ArticleTimeout, Caps, Deadline, cap_items, load_caps, time_budget, time_limit
from .errors import E_EXTRACT, E_NLP, E_TIMEOUT
from .layers.actors import ActorData, load_actor_data, resolve_actors
from .layers.actors import preload as preload_actors
from .layers.entities import find_entities
from .layers.events import Lexicon, find_events, load_lexicon
from .layers.events import preload as preload_events
from .layers.places import Gazetteer, find_places, load_gazetteer
from .layers.quotes import CueLexicon, find_quotes, load_cues
from .layers.timexes import find_timexes
from .layers.timexes import preload as preload_timexes
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
    """Every layer's data, loaded once per process (the user dictionary folder comes from ``$DATELINE_DICT``),
    including what a layer would otherwise load when its first article needs it."""
    res = Resources(actors=load_actor_data(), gazetteer=load_gazetteer(), cues=load_cues(), triggers=load_lexicon())
    preload_actors()
    preload_events(res.triggers)
    preload_timexes()
    return res


GC_YOUNG = 10_000
"""Allocations between two collections of the youngest generation in a process that extracts (Python's default
is 700): parsing allocates many objects that live for the whole chunk, and each young collection walked them
again (0.04 s of collector time per 69 articles at 700). Reference cycles are still collected, only less often."""


@functools.cache
def settle_loaded() -> None:
    """For a process that extracts (the CLI, a worker): load the dictionaries now, then move everything
    loaded so far (spaCy's model, the dictionaries: some 250,000 objects that live as long as the process)
    out of the garbage collector's full scans (``gc.freeze``). Each full collection walked all of them
    again; with them set aside, collection costs about a third as much over a run (1-2 % of extraction
    time). The youngest generation is collected every ``GC_YOUNG`` allocations. Once per process (later calls
    do nothing); library callers that do not call it lose only that."""
    load_resources()
    gc.collect()  # what loading left as garbage goes now, not frozen with the rest
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def extract_articles(
    items: Iterable[Article | Failure],
    nlp: Language,
    *,
    batch_size: int | None = None,
    resources: Resources | None = None,
    budget: float | None = None,
    caps: Caps | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[Extraction | Failure]:
    """Extract every Article; Failures pass through unchanged, in input order.

    ``budget``: seconds per article (``None``: ``$DATELINE_TIME_BUDGET`` or 30 s; ``0``: none); an article
    past it becomes a Failure E204. ``caps``: items per article (``None``: ``$DATELINE_CAPS``); see
    ``bounds.py``. ``progress`` is called after each article parsed and each article extracted (the
    ``--workers`` heartbeat)."""
    res = resources or load_resources()
    seconds = time_budget(budget)
    limits = caps if caps is not None else load_caps()
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield from _extract_chunk(chunk, nlp, batch_size, res, seconds, limits, progress or _no_check)
            chunk = []
    if chunk:
        yield from _extract_chunk(chunk, nlp, batch_size, res, seconds, limits, progress or _no_check)


def _extract_chunk(
    chunk: list[Article | Failure], nlp: Language, batch_size: int | None, res: Resources, seconds: float, caps: Caps,
    progress: Callable[[], None],
) -> Iterator[Extraction | Failure]:
    """Parse the chunk's articles in one stream, then run the layers on each under its budget. A parse that
    fails, or makes no progress for a whole budget, leaves the articles it has not finished to be parsed one
    at a time (each then under its own budget, parse and layers together)."""
    articles = [a for a in chunk if isinstance(a, Article)]
    parsed: dict[int, ParsedArticle] = {}
    try:
        with time_limit(seconds) as deadline:
            for a, p in zip(articles, parse_articles(nlp, articles, batch_size=batch_size), strict=True):
                parsed[id(a)] = p
                deadline.restart()
                progress()
    except ArticleTimeout:
        log.warning("parsing a chunk of %d articles stalled for %g s; going on one article at a time",
                    len(articles), seconds)  # fmt: skip
    except Exception:  # noqa: BLE001 - one bad article must not sink the chunk: retry one by one
        log.warning("chunk of %d articles failed; retrying one by one", len(articles), exc_info=True)
        parsed = {}
    label = model_label(nlp)
    for item in chunk:
        if isinstance(item, Failure):
            yield item
            continue
        result = _extract_one(item, parsed.get(id(item)), nlp, batch_size, label, res, seconds, caps)
        progress()
        yield result


def _extract_one(
    article: Article,
    parsed: ParsedArticle | None,
    nlp: Language,
    batch_size: int | None,
    label: str,
    res: Resources,
    seconds: float,
    caps: Caps,
) -> Extraction | Failure:
    """One article under its time budget (its parse too when ``parsed`` is None); never raises."""
    try:
        with time_limit(seconds) as deadline:
            if parsed is None:
                try:
                    parsed = next(iter(parse_articles(nlp, [article], batch_size=batch_size)))
                except Exception as exc:  # noqa: BLE001
                    return Failure(origin=article.origin, stage="nlp", code=E_NLP, message=f"NLP failed: {exc!r}")
            try:
                return build_extraction(parsed, label, res, deadline=deadline, caps=caps)
            except Exception as exc:  # noqa: BLE001 - a bug in one layer costs this article, not the batch
                log.warning("extraction failed for %s", article.origin, exc_info=True)
                return Failure(origin=article.origin, stage="extract", code=E_EXTRACT,
                               message=f"extraction failed: {exc!r}", item_id=article.external_id)  # fmt: skip
    except ArticleTimeout as exc:
        log.warning("%s: %s", article.origin, exc.reason)
        return Failure(origin=article.origin, stage="extract", code=E_TIMEOUT, message=exc.reason,
                       item_id=article.external_id)  # fmt: skip


def build_extraction(
    parsed: ParsedArticle, label: str, res: Resources, *, deadline: Deadline | None = None, caps: Caps | None = None
) -> Extraction:
    """Run every extraction layer over one parsed article, in dependency order.

    Each layer is one call below and gets the ``ParsedArticle`` (with the entities as the layers before it
    left them) plus its loaded data and what earlier layers produced. ``deadline`` is checked before each
    layer (where no timer can interrupt the work, this is how the budget is kept); ``caps`` bound the events,
    quotes, places, entity mentions and time expressions kept (``bounds.Caps``).
    """
    check = deadline.check if deadline is not None else _no_check
    check()
    parsed = replace(parsed, entities=find_entities(parsed))
    check()
    actors = resolve_actors(parsed, res.actors)  # entities[].actor, actors[], the lookup quotes/events use
    parsed = replace(parsed, entities=actors.entities)
    check()
    timexes = find_timexes(parsed)
    check()
    places = find_places(parsed, res.gazetteer)
    check()
    quotes = find_quotes(parsed, res.cues, actors.lookup)
    check()
    events = find_events(
        parsed, res.triggers, lookup=actors.lookup, quotes=quotes.quotes,
        time_index=timexes.index, place_index=places.index,
    )  # fmt: skip
    check()
    dropped: tuple[Dropped, ...] = (
        actors.dropped + timexes.dropped + places.dropped + quotes.dropped + events.dropped
    )
    article = parsed.article
    if dropped:
        article = replace(article, warnings=article.warnings + tuple(d.message() for d in dropped))
    kept = cap_items(len(article.text), events.events, quotes.quotes, places.places, caps or Caps(),
                     entities=parsed.entities, timexes=timexes.timexes)  # fmt: skip
    if kept.warnings:
        article = replace(article, warnings=article.warnings + kept.warnings)
    return Extraction(
        article=article,
        entities=kept.entities,
        actors=actors.actors,
        events=kept.events,
        quotes=kept.quotes,
        timexes=kept.timexes,
        places=kept.places,
        model=label,
        dropped=dropped,
        political=events.political,
    )


def _no_check() -> None:
    return None

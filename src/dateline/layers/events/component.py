"""The events layer as a spaCy component: ``nlp.add_pipe("dateline_events")``.

Runs ``find_events`` (the function the pipeline calls) over one Doc treated as a one-paragraph article and
sets ``doc._.events``. It uses what earlier components left on the Doc when they ran: ``doc._.actor_lookup``
(source and target actors; else none are resolved), ``doc._.quotes`` (events inside quotes),
``doc._.time_index`` and ``doc._.place_index`` (dates and places; else the publication date and no place).
See docs/components.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import NoActors
from ..components import MODEL_ATTRS, add_dropped, doc_article
from .events import find_events
from .triggers import Lexicon, load_lexicon


class EventsComponent:
    """Finds the events of a Doc. ``lexicon``: the event triggers (default ``load_lexicon()``, loaded once
    here); swap it with ``nlp.get_pipe("dateline_events").lexicon = other``."""

    def __init__(self, name: str = "dateline_events", *, lexicon: Lexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon if lexicon is not None else load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        lookup = doc._.actor_lookup
        found = find_events(
            doc_article(doc), self.lexicon, lookup=NoActors() if lookup is None else lookup,
            quotes=doc._.quotes or (), time_index=doc._.time_index, place_index=doc._.place_index,
        )  # fmt: skip
        doc._.events = found.events
        add_dropped(doc, found.dropped)
        return doc


@Language.factory(
    "dateline_events",
    default_config={},
    requires=MODEL_ATTRS,
    assigns=["doc._.events", "doc._.dropped"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(name)

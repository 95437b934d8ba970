"""The places layer as a spaCy component: ``nlp.add_pipe("dateline_places")``.

Runs ``find_places`` (the function the pipeline calls) over one Doc treated as a one-paragraph article and
sets ``doc._.places`` and ``doc._.place_index`` (what ``dateline_events`` asks for the place of a clause).
See docs/components.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import MODEL_ATTRS, add_dropped, doc_article
from .gazetteer import Gazetteer, load_gazetteer
from .places import find_places


class PlacesComponent:
    """Finds and resolves the toponyms of a Doc. ``gazetteer``: the place names (default ``load_gazetteer()``,
    loaded once here); swap it with ``nlp.get_pipe("dateline_places").gazetteer = other``."""

    def __init__(self, name: str = "dateline_places", *, gazetteer: Gazetteer | None = None) -> None:
        self.name = name
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        found = find_places(doc_article(doc), self.gazetteer)
        doc._.places = found.places
        doc._.place_index = found.index
        add_dropped(doc, found.dropped)
        return doc


@Language.factory(
    "dateline_places",
    default_config={},
    requires=MODEL_ATTRS,
    assigns=["doc._.places", "doc._.place_index", "doc._.dropped"],
)
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(name)

"""The time layer as a spaCy component: ``nlp.add_pipe("dateline_timexes")``.

Runs ``find_timexes`` (the function the pipeline calls) over one Doc treated as a one-paragraph article,
anchored on ``doc._.published``, and sets ``doc._.timexes`` and ``doc._.time_index`` (what
``dateline_events`` asks for the date of a clause). See docs/components.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import MODEL_ATTRS, add_dropped, doc_article
from .timexes import find_timexes


class TimexesComponent:
    """Finds and normalises the time expressions of a Doc (no data to load or swap)."""

    def __init__(self, name: str = "dateline_timexes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        found = find_timexes(doc_article(doc))
        doc._.timexes = found.timexes
        doc._.time_index = found.index
        add_dropped(doc, found.dropped)
        return doc


@Language.factory(
    "dateline_timexes",
    default_config={},
    requires=MODEL_ATTRS,
    assigns=["doc._.timexes", "doc._.time_index", "doc._.dropped"],
)
def make_timexes(nlp: Language, name: str) -> TimexesComponent:
    return TimexesComponent(name)

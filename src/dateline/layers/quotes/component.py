"""The quotes layer as a spaCy component: ``nlp.add_pipe("dateline_quotes")``.

Runs ``find_quotes`` (the function the pipeline calls) over one Doc treated as a one-paragraph article and
sets ``doc._.quotes``. Speakers are resolved with ``doc._.actor_lookup`` when ``dateline_actors`` ran
before, else not at all (``NoActors``). See docs/components.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import NoActors
from ..components import MODEL_ATTRS, add_dropped, doc_article
from .cues import CueLexicon, load_cues
from .quotes import find_quotes


class QuotesComponent:
    """Finds the quotes of a Doc. ``lexicon``: the reporting cues (default ``load_cues()``, loaded once
    here); swap it with ``nlp.get_pipe("dateline_quotes").lexicon = other``."""

    def __init__(self, name: str = "dateline_quotes", *, lexicon: CueLexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon if lexicon is not None else load_cues()

    def __call__(self, doc: Doc) -> Doc:
        lookup = doc._.actor_lookup
        found = find_quotes(doc_article(doc), self.lexicon, NoActors() if lookup is None else lookup)
        doc._.quotes = found.quotes
        add_dropped(doc, found.dropped)
        return doc


@Language.factory(
    "dateline_quotes",
    default_config={},
    requires=MODEL_ATTRS,
    assigns=["doc._.quotes", "doc._.dropped"],
)
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent(name)

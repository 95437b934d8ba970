"""The actors layer as a spaCy component: ``nlp.add_pipe("dateline_actors")``.

Runs ``resolve_actors`` (the function the pipeline calls) over one Doc treated as a one-paragraph article
and sets ``doc._.entities`` (the cleaned entities with their actor codes), ``doc._.actors`` and
``doc._.actor_lookup`` (what ``dateline_quotes`` and ``dateline_events`` ask who a span is).
See docs/components.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..components import MODEL_ATTRS, add_dropped, doc_article
from .data import ActorData, load_actor_data
from .resolve import resolve_actors


class ActorsComponent:
    """Resolves the actors of a Doc. ``data``: the actor dictionaries (default: ``load_actor_data(user_dir)``,
    loaded once here); swap them with ``nlp.get_pipe("dateline_actors").data = other``."""

    def __init__(self, name: str = "dateline_actors", *, data: ActorData | None = None,
                 user_dir: str | None = None) -> None:  # fmt: skip
        self.name = name
        self.data = data if data is not None else load_actor_data(user_dir)

    def __call__(self, doc: Doc) -> Doc:
        found = resolve_actors(doc_article(doc), self.data)
        doc._.entities = found.entities
        doc._.actors = found.actors
        doc._.actor_lookup = found.lookup
        add_dropped(doc, found.dropped)
        return doc


@Language.factory(
    "dateline_actors",
    default_config={"user_dir": None},
    requires=MODEL_ATTRS,
    assigns=["doc._.entities", "doc._.actors", "doc._.actor_lookup", "doc._.dropped"],
)
def make_actors(nlp: Language, name: str, user_dir: str | None) -> ActorsComponent:
    """``user_dir``: the user dictionary folder (default ``$DATELINE_DICT``, else the user's data folder)."""
    return ActorsComponent(name, user_dir=user_dir)

"""Dateline's faster attribute ruler and lemmatizer (``nlp/attributes.py``, ``nlp/lemmas.py``) give every
token the same tag, POS, morphology and lemma as spaCy's own components, token by token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

from dateline.ingest import read_articles
from dateline.model import Article
from dateline.model_names import resolve_model_name
from dateline.nlp import _UNUSED, load_pipeline
from tests.conftest import EXAMPLES

# Text that exercises the exception rules: two-token patterns (gon na, got ta, let 's, c'm on, y' all),
# a regular expression (ai n't), an IN list after an expletive (there is / were), spaces, shouting.
RULES = (
    "Y'all ain't gonna believe it, c'mon, let's go.  There is a man who gets what he got. I gotta go.\n\n"
    "THERE WERE TWO. There's nothing ya all can do; y all know it. He ain't here, they aren't either."
)


def _texts() -> Iterator[str]:
    yield RULES
    for item in read_articles([str(EXAMPLES)]):
        if isinstance(item, Article):
            yield from (item.text[s:e] for s, e in item.paragraphs)


def _stock(name: str) -> Language:
    return spacy.load(resolve_model_name(name), exclude=list(_UNUSED))


@pytest.mark.parametrize("model", ["sm", "md"])
def test_same_annotations_as_spacy(model: str) -> None:
    try:
        stock = _stock(model)
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"model {model} not installed: {exc}")
    ours = load_pipeline(model)
    texts = list(_texts())
    differ = []
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        for x, y in zip(a, b, strict=True):
            want = (x.tag_, x.pos_, str(x.morph), x.lemma_)
            got = (y.tag_, y.pos_, str(y.morph), y.lemma_)
            if want != got:
                differ.append((x.text, want, got))
    assert not differ, differ[:10]


def test_the_exception_rules_fire() -> None:
    """The rules that need more than one token or a regular expression do apply (not just agree)."""
    doc = load_pipeline("sm")(RULES)
    lemma = {t.text.lower(): t.lemma_ for t in doc}
    assert lemma["gon"] == "go" and lemma["na"] == "to"
    assert lemma["ai"] == "be"


def test_the_lemma_cache_gives_the_same_lemmas_twice() -> None:
    nlp = load_pipeline("sm")
    first = [t.lemma_ for t in nlp(RULES)]
    assert [t.lemma_ for t in nlp(RULES)] == first

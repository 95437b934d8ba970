"""Dateline's faster attribute ruler and lemmatizer (``nlp/attributes.py``, ``nlp/lemmas.py``) and its matrix
products by numpy's BLAS (``nlp/blas.py``) give every token the same tag, POS, morphology, lemma, parse and
entity as spaCy as shipped, token by token."""

from __future__ import annotations

from collections.abc import Iterator

import numpy
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
            want = (x.tag_, x.pos_, str(x.morph), x.lemma_, x.dep_, x.head.i, x.ent_iob_, x.ent_type_, x.is_sent_start)
            got = (y.tag_, y.pos_, str(y.morph), y.lemma_, y.dep_, y.head.i, y.ent_iob_, y.ent_type_, y.is_sent_start)
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


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
def test_blas_gemm_matches_thinc(trans1: bool, trans2: bool) -> None:
    from thinc.api import NumpyOps

    from dateline.nlp.blas import BlasOps

    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((37, 19) if not trans1 else (19, 37)).astype("f")
    y = rng.standard_normal((19, 23) if not trans2 else (23, 19)).astype("f")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = BlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.dtype == numpy.float32 and got.shape == want.shape == (37, 23)
    assert numpy.allclose(got, want, rtol=1e-5, atol=1e-5)
    out = numpy.zeros((37, 23), dtype="f")
    assert BlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    assert numpy.allclose(out, want, rtol=1e-5, atol=1e-5)


def test_the_pipeline_runs_on_blas_ops_and_leaves_the_current_ops_alone() -> None:
    from thinc.api import get_current_ops

    from dateline.nlp.blas import BlasOps, one_thread_blas

    if not one_thread_blas():
        pytest.skip("numpy has no OpenBLAS here: the products stay with BLIS")
    nlp = load_pipeline("sm")
    assert isinstance(nlp.get_pipe("ner").model.ops, BlasOps)
    assert not isinstance(get_current_ops(), BlasOps)

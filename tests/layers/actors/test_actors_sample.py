"""The shared AFP sample article (../shared/samples): the actor assertions of issue 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from dateline.ingest import read_articles
from dateline.layers.actors import load_actor_data, resolve_actors
from dateline.layers.actors.data import code_problem
from dateline.layers.actors.lookup import ArticleActors
from dateline.model import Article

from ..parsing import parse_article


@pytest.fixture(scope="module")
def sample(nlp: Language) -> tuple[str, ArticleActors]:
    from tests.conftest import SAMPLE

    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE}")
    article = next(iter(read_articles([str(Path(SAMPLE))])))
    assert isinstance(article, Article)
    found = resolve_actors(parse_article(nlp, article), load_actor_data())
    assert all(code_problem(a.code) is None for a in found.actors)
    return article.text, found.lookup


def codes(sample: tuple[str, ArticleActors], phrase: str) -> list[str]:
    """The code of every occurrence of ``phrase`` ('' where unresolved)."""
    text, lookup = sample
    out, start = [], text.find(phrase)
    while start >= 0:
        actor = lookup.actor_at(start, start + len(phrase))
        out.append(actor.code if actor else "")
        start = text.find(phrase, start + 1)
    assert out, phrase
    return out


def test_putin(sample: tuple[str, ArticleActors]) -> None:
    assert set(codes(sample, "Vladimir Putin")) == {"RUSGOV"}
    assert set(codes(sample, "Putin")) == {"RUSGOV"}


def test_kim_jong_un_and_bare_kim_but_not_kim_jong_dae(sample: tuple[str, ArticleActors]) -> None:
    assert set(codes(sample, "Kim Jong Un")) == {"PRKGOV"}
    text, lookup = sample
    bare = [i for i in range(len(text)) if text.startswith("Kim", i) and not text.startswith("Kim Jong", i)]
    assert bare and all((lookup.actor_at(i, i + 3) or None) is not None for i in bare)
    assert {lookup.actor_at(i, i + 3).code for i in bare} == {"PRKGOV"}  # type: ignore[union-attr]
    dae = codes(sample, "Kim Jong-dae")
    assert all(c.startswith("KOR") for c in dae)


def test_north_korea_names(sample: tuple[str, ArticleActors]) -> None:
    for phrase in ("Pyongyang", "DPRK", "North Korean"):
        assert all(c.startswith("PRK") for c in codes(sample, phrase)), phrase
    text, lookup = sample
    north = [
        i
        for i in range(len(text))
        if text.startswith("the North", i) and not text.startswith("the North Korea", i)
    ]
    assert north
    for i in north:
        actor = lookup.actor_at(i, i + len("the North"))
        assert actor is not None and actor.country == "PRK"


def test_north_korean_media(sample: tuple[str, ArticleActors]) -> None:
    for phrase in ("KCNA", "Korean Central News Agency", "Pyongyang's state media"):
        assert all(c in ("PRKMED", "PRKGOVMED", "PRKGOV") for c in codes(sample, phrase)), phrase


def test_people_from_context(sample: tuple[str, ArticleActors]) -> None:
    assert codes(sample, "Yoko Kamikawa") == ["JPNGOV"]
    assert codes(sample, "Matthew Miller") == ["USAGOV"]
    assert codes(sample, "Sergei Shoigu")[0] in ("RUSGOV", "RUSMIL")
    assert codes(sample, "Cheong Seong-chang")[0].startswith("KOR")
    assert codes(sample, "Cheong Seong-chang")[0] in ("KOR", "KOREDU")


def test_head_of_the_ruling_party(sample: tuple[str, ArticleActors]) -> None:
    assert codes(sample, "The head of South Korea's ruling party")[0] in ("KORPTY", "KORGOV")

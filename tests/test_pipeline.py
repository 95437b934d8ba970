"""The conductor: every layer runs once per article; a span a layer drops is reported, not only logged."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from dateline.contract import to_contract
from dateline.model import Article, Extraction
from dateline.pipeline import extract_articles, load_resources

TEXT = 'The foreign ministers of France and Germany met in Paris on Monday. "We agree," the French minister said.'


def _article() -> Article:
    return Article(text=TEXT, origin="test", format="text", paragraphs=((0, len(TEXT)),))


def test_a_dropped_span_is_counted_and_reported(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.layers.events import events as events_module

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("rule broke")

    monkeypatch.setattr(events_module, "_sentence_events", broken)
    (ex,) = extract_articles([_article()], nlp)
    assert isinstance(ex, Extraction)
    assert ex.events == ()  # the sentences were dropped, the article was not
    assert ex.quotes and ex.places  # other layers are untouched
    assert {d.layer for d in ex.dropped} == {"events"} and len(ex.dropped) == 2
    assert all("rule broke" in d.reason for d in ex.dropped)
    warnings = [w for w in ex.article.warnings if w.startswith("E203: events:")]
    assert len(warnings) == 2
    out = to_contract(ex, structure=False)
    assert [d["layer"] for d in out["dropped"]] == ["events", "events"]
    for d in out["dropped"]:
        assert 0 <= d["start"] < d["end"] <= len(TEXT)


def test_nothing_dropped_leaves_the_output_as_it_was(nlp: Language) -> None:
    (ex,) = extract_articles([_article()], nlp)
    assert isinstance(ex, Extraction)
    assert ex.dropped == () and ex.article.warnings == ()
    assert "dropped" not in to_contract(ex, structure=False)
    assert ex.events and ex.quotes


def test_resources_are_loaded_once_and_can_be_handed_in(nlp: Language) -> None:
    from dataclasses import replace

    from dateline.layers.events.triggers import Lexicon

    assert load_resources() is load_resources()
    res = load_resources()
    no_triggers = Lexicon(verbs={}, nouns={}, adjectives={}, light=frozenset(), say=frozenset(), halt={})
    (ex,) = extract_articles([_article()], nlp, resources=replace(res, triggers=no_triggers))
    assert isinstance(ex, Extraction)
    assert ex.events == () and ex.quotes  # the events layer used the lexicon it was handed


def test_a_sector_shared_by_conjoined_countries_gives_one_actor_each(nlp: Language) -> None:
    text = "The foreign ministers of France, Germany and Italy condemned Russia on Monday."
    article = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),))
    (ex,) = extract_articles([article], nlp)
    assert isinstance(ex, Extraction)
    (ev,) = [e for e in ex.events if e.plover == "ACCUSE"]
    assert [a.code for a in ev.source] == ["FRAGOV", "DEUGOV", "ITAGOV"]
    assert [a.code for a in ev.target] == ["RUS"]

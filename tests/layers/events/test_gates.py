"""Gates against non-political noise and the role rules of issue 11, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

from dateline.layers.events.gates import (
    Discards,
    load_discards,
    phrase_set,
    political_actor,
    political_article,
)
from dateline.model import EventActor, Quote, Speaker

from .test_events import only, run


def actor(code: str, country: str | None = None, sector: str | None = None) -> EventActor:
    return EventActor(code=code, country=country, sector=sector, start=0, end=1, text="x")


def test_political_actor() -> None:
    assert political_actor(actor("RUS", "RUS"), "ASSAULT")  # a state
    assert political_actor(actor("KENCOP", "KEN", "COP"), "COERCE")
    assert political_actor(actor("IGOUNO", "IGO", "UNO"), "CONSULT")
    assert political_actor(actor("GOV", None, "GOV"), "ACCUSE")  # a government whose country is unknown
    assert not political_actor(actor("USABUS", "USA", "BUS"), "ASSAULT")  # a company
    assert not political_actor(actor("EDU", None, "EDU"), "CONSULT")
    assert political_actor(actor("CHLLAB", "CHL", "LAB"), "PROTEST")  # workers acting collectively
    assert not political_actor(actor("CHLLAB", "CHL", "LAB"), "AGREE")


def test_political_article_needs_events_in_one_sentence_in_five() -> None:
    class Ev:
        def __init__(self, start: int) -> None:
            self.sentence_start = start

    assert political_article([Ev(0)], 3)  # type: ignore[list-item]
    assert not political_article([Ev(0)], 12)  # type: ignore[list-item]
    assert political_article([Ev(0), Ev(50), Ev(90)], 40)  # type: ignore[list-item]
    assert not political_article([], 1)


def test_discard_patterns() -> None:
    d = Discards(sentence=phrase_set([("tennis", "stem"), ("cup", "word"), ("world cup", "word")]),
                 article=phrase_set([("grand prix", "word")]))  # fmt: skip
    assert d.sentence_discarded("The Tennis federation met.")
    assert d.sentence_discarded("After the cup final.")
    assert not d.sentence_discarded("They drank from a cupboard.")  # a word entry ends at a word boundary
    assert d.article_discarded("Before the Grand  Prix began")
    assert not d.article_discarded("A grand prize")


def test_packaged_discards_load_and_leave_time_phrases_out() -> None:
    d = load_discards()
    assert d.sentence_discarded("The striker scored in the football match.")
    assert not d.sentence_discarded("Two weeks ago the army attacked the town in 1998.")


def test_sports_sentence_is_not_an_assault(nlp: Any) -> None:
    assert run(nlp, "Chile beat Peru in the football qualifier on Sunday.") == ()


def test_a_date_is_never_a_trigger(nlp: Any) -> None:
    # "March" is a month here, not a protest march
    assert all(ev.trigger_text != "March" for ev in run(nlp, "Chile and Peru signed the treaty in March."))


def test_negative_determiner_negates(nlp: Any) -> None:
    ev = only(run(nlp, "Kenya made no arrests in Somalia."))
    assert ev.negated


def test_reporting_source_is_not_the_perpetrator(nlp: Any) -> None:
    text = "Two soldiers from Peru were killed on Sunday, Chile said."
    start, end = 0, text.index(", Chile")
    at = text.index("Chile")
    quote = Quote(kind="indirect", content_start=start, content_end=end, content_text=text[start:end],
                  speaker=Speaker(start=at, end=at + 5, text="Chile", actor="CHL"))  # fmt: skip
    for ev in run(nlp, text, quotes=(quote,)):
        assert "CHL" not in [a.code for a in ev.source]


def test_conjoined_subjects_of_a_symmetric_verb_act_on_each_other(nlp: Any) -> None:
    evs = run(nlp, "Chile and Peru agreed on Monday.")
    assert sorted((e.plover, [a.code for a in e.source][0], [a.code for a in e.target][0]) for e in evs) == [
        ("AGREE", "CHL", "PER"), ("AGREE", "PER", "CHL")
    ]


def test_subject_of_a_copula_controls_an_adjective_complement(nlp: Any) -> None:
    ev = only(run(nlp, "Kenya is ready to attack Somalia."))
    assert [a.code for a in ev.source] == ["KEN"] and [a.code for a in ev.target] == ["SOM"]


def test_a_list_parsed_as_apposition_is_still_a_list(nlp: Any) -> None:
    from dateline.layers.events.arguments import _with_conjuncts

    doc = nlp("Chile, the Shire, Peru and Kenya welcomed the talks.")
    subj = next(t for t in doc if t.dep_ == "nsubj")
    names = {t.text for t in _with_conjuncts(subj)}
    assert {"Chile", "Peru", "Kenya"} <= names


def test_the_subject_of_die_is_the_target(nlp: Any) -> None:
    for ev in run(nlp, "Soldiers from Kenya died in clashes with Somalia."):
        assert "KEN" not in [a.code for a in ev.source]


def test_dying_alone_is_no_event(nlp: Any) -> None:
    assert run(nlp, "The president of Kenya died of pneumonia in Nairobi.") == ()


def test_a_vow_to_attack_is_a_threat(nlp: Any) -> None:
    ev = only(run(nlp, "Kenya vowed to attack Somalia."))
    assert ev.plover == "THREATEN" and ev.cameo.startswith("138") and ev.modality == "intended"

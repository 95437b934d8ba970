"""Events in the shared AFP sample article (read from ../shared; skipped when it is absent)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.ingest import read_articles
from dateline.model import Event, Extraction

from ...conftest import SAMPLE


@pytest.fixture(scope="module")
def sample() -> Extraction:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE} (../shared is absent)")
    from dateline.nlp import load_pipeline
    from dateline.pipeline import extract_articles

    # not ``dateline.extract()``: importing the ``dateline.extract`` subpackage shadows that function
    (result,) = list(extract_articles(read_articles([str(SAMPLE)]), load_pipeline("sm")))
    assert isinstance(result, Extraction)
    return result


def countries(actors: tuple[object, ...]) -> set[str]:
    return {a.country for a in actors if getattr(a, "country", None)}  # type: ignore[attr-defined]


def sentence(ex: Extraction, ev: Event) -> str:
    return ex.article.text[ev.sentence_start : ev.sentence_end]


def test_putin_accepts_the_invitation_as_agree(sample: Extraction) -> None:
    hits = [
        e for e in sample.events
        if e.plover == "AGREE" and e.cameo.startswith("03") and "accepted" in e.trigger_text
        and "RUS" in countries(e.source) and "PRK" in countries(e.target)
    ]  # fmt: skip
    assert hits


def test_kims_invitation_prk_to_rus(sample: Extraction) -> None:
    assert any(
        "invit" in e.trigger_text and "PRK" in countries(e.source) and "RUS" in countries(e.target)
        for e in sample.events
    )


def test_consult_between_prk_and_rus_on_wednesday_in_the_far_east(sample: Extraction) -> None:
    hits = [
        e for e in sample.events
        if e.plover == "CONSULT" and countries(e.source) | countries(e.target) >= {"PRK", "RUS"}
        and e.date == date(2023, 9, 13) and e.modality == "asserted"
    ]  # fmt: skip
    assert hits
    assert any(e.location is not None and "Far East" in e.location.name for e in hits)


@pytest.mark.parametrize(("source", "cue"), [("KOR", "slammed"), ("USA", "troubling")])
def test_criticism_from_seoul_and_washington(sample: Extraction, source: str, cue: str) -> None:
    assert any(
        e.plover == "ACCUSE" and source in countries(e.source) and countries(e.target) & {"RUS", "PRK"}
        and cue in sentence(sample, e)
        for e in sample.events
    )  # fmt: skip


def test_japans_warning_is_an_event_from_japan(sample: Extraction) -> None:
    assert any("JPN" in countries(e.source) and "warning" in e.trigger_text for e in sample.events)


def test_russian_promise_of_help_is_intended(sample: Extraction) -> None:
    assert any(
        e.plover in ("AGREE", "AID") and e.modality == "intended"
        and "RUS" in countries(e.source) and "PRK" in countries(e.target)
        for e in sample.events
    )  # fmt: skip


def test_possibilities_for_military_cooperation_are_hypothetical(sample: Extraction) -> None:
    hits = [e for e in sample.events if "possibilities" in sentence(sample, e) and e.plover == "COOPERATE"]
    assert hits and all(e.modality == "hypothetical" for e in hits)


def test_no_events_from_caption_or_related_line(sample: Extraction) -> None:
    for e in sample.events:
        text = sentence(sample, e)
        assert "shaking hands" not in text and "In Photos" not in text


def test_every_event_is_coded_and_anchored(sample: Extraction) -> None:
    assert len(sample.events) >= 8
    for e in sample.events:
        assert sample.article.text[e.trigger_start : e.trigger_end] == e.trigger_text
        assert e.goldstein is not None and -10 <= e.goldstein <= 10
        assert e.modality in ("asserted", "intended", "hypothetical", "requested", "denied")

"""Duplicates of one event within an article are merged, keeping every mention as evidence."""

from __future__ import annotations

from dateline.layers.events.events import merge_duplicates
from dateline.model import Event, EventActor


def _event(trigger: tuple[int, int], sentence: tuple[int, int], confidence: float) -> Event:
    text = "Freedonia and Sylvania signed a trade pact. The two signed the pact in Northport."
    return Event(
        plover="AGREE",
        cameo="057",
        source=(EventActor(code="FRE", country="FRE", sector=None, start=0, end=9, text="Freedonia"),),
        target=(EventActor(code="SYL", country="SYL", sector=None, start=14, end=22, text="Sylvania"),),
        trigger_start=trigger[0],
        trigger_end=trigger[1],
        trigger_text=text[trigger[0] : trigger[1]],
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        rule="test",
        confidence=confidence,
    )


def test_duplicates_merge_with_all_evidence() -> None:
    first = _event((23, 29), (0, 43), 0.6)
    second = _event((52, 58), (44, 81), 0.8)
    merged = merge_duplicates([first, second, second])
    assert len(merged) == 1
    event = merged[0]
    assert (event.trigger_start, event.confidence) == (23, 0.8)
    assert [(m.trigger_start, m.sentence_start, m.trigger_text) for m in event.evidence] == [(52, 44, "signed")]

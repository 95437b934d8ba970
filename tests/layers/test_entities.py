from __future__ import annotations

import pytest

from dateline.layers.entities import clean_span, dateline_entities, harmonise
from dateline.model import Entity


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("the United Nations", "ORG", "United Nations"),
        ("Korea's", "GPE", "Korea"),
        ("Kim’s", "PERSON", "Kim"),
        ("Germany 's", "GPE", "Germany"),
        ("\"Reuters", "ORG", "Reuters"),
        ("U.S.", "GPE", "U.S."),
        ("Bristol 4", "GPE", "Bristol"),
        ("Quigley ( USA", "PERSON", "Quigley"),
        ("Faroe Islands - Jan", "GPE", "Faroe Islands"),
        ("the 1990s", "DATE", "the 1990s"),
    ],
)
def test_clean_span(text: str, label: str, expected: str) -> None:
    cleaned = clean_span(text, 0, len(text), label)
    assert cleaned is not None
    s, e, _ = cleaned
    assert text[s:e] == expected


def test_clean_span_drops_punctuation_only() -> None:
    assert clean_span("'s", 0, 2, "ORG") is None


def ent(text: str, whole: str, label: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = whole.index(text, start + 1)
    return Entity(start=start, end=start + len(text), text=text, label=label)


def test_person_part_and_propagation() -> None:
    text = "Arlena Voss met the envoy. Later Voss said the talks went well. Voss left."
    ents = [ent("Arlena Voss", text, "PERSON"), ent("Voss", text, "ORG", 1)]
    out = harmonise(text, ents)
    labels = [(e.text, e.label, e.start) for e in out]
    assert ("Voss", "PERSON", text.index("Voss", 20)) in labels
    # the third mention, missed by the model, is propagated
    assert sum(1 for e in out if e.text == "Voss") == 2
    assert all(text[e.start : e.end] == e.text for e in out)


def test_dateline_place() -> None:
    text = "NORTHPORT , Freedonia 2023-01-05\nTalks began."
    ents = [Entity(start=0, end=len("NORTHPORT , Freedonia 2023-01-05"), text="NORTHPORT , Freedonia 2023-01-05", label="DATE")]
    out = dateline_entities(text, ents)
    got = {(e.text, e.label) for e in out}
    assert ("NORTHPORT", "GPE") in got and ("Freedonia", "GPE") in got
    assert ("2023-01-05", "DATE") in got


def test_a_headline_in_capitals_before_a_byline_is_no_dateline() -> None:
    text = "Intro.\n\nTURNOUT IN OHIO DID NOT RISE, BUT HOPES DID - Jane Doe\nTHE HAGUE (Reuters) - Talks began."
    got = [e.text for e in dateline_entities(text, [])]
    assert got == ["THE HAGUE"]


def test_a_dateline_after_the_headline_on_its_line() -> None:
    text = "Roofer fined over fall. NORTHPORT — A roofing firm was fined on Monday. Later: OFFICIALS — no dateline."
    got = [(e.text, e.rule) for e in dateline_entities(text, [])]
    assert got == [("NORTHPORT", "dateline")]  # only at the head of the article
    assert dateline_entities("Talks on. The U.S. - China talks resumed.", []) == []  # no capitals-only name

"""TempEval-3 (TimeBank/AQUAINT) value conventions where they differ from a literal reading (invented text)."""

from __future__ import annotations

from datetime import date

from dateline.layers.timexes.timexes import normalise

from .test_guidelines import find

THURSDAY = date(2023, 9, 14)


def test_the_past_year_is_the_year_before(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Ferry traffic on the lake doubled over the past year, the port authority said.")
    assert got["the past year"] == ("DATE", "2022")
    assert normalise("the past year", THURSDAY) == normalise("last year", THURSDAY)
    assert normalise("the past month", THURSDAY) == ("DURATION", "P1M")  # only the year is read so


def test_for_the_past_year_measures_a_length(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The bridge has been closed for the past year, engineers said.")
    assert got["the past year"] == ("DURATION", "P1Y")

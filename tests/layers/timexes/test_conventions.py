"""TempEval-3 (TimeBank/AQUAINT) value conventions where they differ from a literal reading (invented text)."""

from __future__ import annotations

from datetime import date

from dateline.layers.timexes.timexes import normalise

from .test_guidelines import find

THURSDAY = date(2023, 9, 14)


def test_the_past_year_measures_a_length(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The bridge has been closed for the past year, engineers said.")
    assert got["the past year"] == ("DURATION", "P1Y")
    assert normalise("the past month", THURSDAY) == ("DURATION", "P1M")


def test_the_early_season_is_one_expression(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The dam, finished in the early summer, held for almost a hundred years.")
    assert got["the early summer"] == ("DATE", "2023-SU")
    assert normalise("the late spring of 2019", THURSDAY) == ("DATE", "2019-SP")


def test_leading_words_that_are_no_modifier_are_left_out() -> None:
    from dateline.layers.timexes.timexes import _EXTENT_WORDS, _spacy_inner

    norm, cut = _spacy_inner("an interview several months", THURSDAY, None, None)  # type: ignore[misc]
    assert norm == ("DURATION", "PXM") and "an interview several months"[cut:] == "several months"
    assert {"nearly", "about", "at", "least"} <= _EXTENT_WORDS and "the" not in _EXTENT_WORDS


def test_guideline_coverage_of_rarer_expressions(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The pier, closed for a quarter century, reopened the day before yesterday.")
    assert got["a quarter century"] == ("DURATION", "P25Y")
    assert got["the day before yesterday"] == ("DATE", "2023-09-12")
    assert normalise("a quarter century", THURSDAY) == ("DURATION", "P25Y")
    assert normalise("the past half-century", THURSDAY) == ("DURATION", "P50Y")
    assert normalise("the day after tomorrow", THURSDAY) == ("DATE", "2023-09-16")
    assert normalise("the latter half of the year", THURSDAY) == ("DATE", "2023-H2")
    assert normalise("the 1800s", THURSDAY) == ("DATE", "18")  # a century
    assert normalise("the 1880s", THURSDAY) == ("DATE", "188")  # a decade


def test_the_extent_leaves_out_prepositions_and_a_modified_nouns_article(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "In the past three months the ferry ran late for weeks, until recently, on a two-day route.")
    assert got["the past three months"] == ("DURATION", "P3M")
    assert got["weeks"] == ("DURATION", "PXW")  # the value still read "for weeks"
    assert got["recently"] == ("DATE", "PAST_REF")
    assert got["two-day"] == ("DURATION", "P2D")
    got = find(nlp, "The talks lasted over an hour.")
    assert got["over an hour"] == ("DURATION", "PT1H")  # "over" is a modifier (MORE_THAN), not a signal


def test_the_beginning_or_middle_of_a_unit_is_that_unit() -> None:
    assert normalise("the beginning of the year", THURSDAY) == ("DATE", "2023")  # TimeML mod START
    assert normalise("the middle of the month", THURSDAY) == ("DATE", "2023-09")  # mod MID
    assert normalise("the start of the week", THURSDAY) == ("DATE", "2023-W37")


def test_earlier_and_later_before_a_deictic_expression_are_no_part_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The mill reported that third-quarter loss earlier this week and will meet lenders later Friday.")
    assert got["this week"] == ("DATE", "2023-W37")
    assert got["Friday"][0] == "DATE"
    assert got["third-quarter"] == ("DATE", "2023-Q3")
    assert "earlier this week" not in got and "that third-quarter" not in got

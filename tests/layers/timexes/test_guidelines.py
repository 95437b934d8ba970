"""TimeML TIMEX3 rules for halves, fractions, clock times with their date, weeks of a date, reporting periods,
parts of a day after their day, and postponements (invented text)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.layers.timexes.timexes import find_timexes, normalise
from dateline.model import Article
from dateline.nlp import ParsedArticle, Piece

THURSDAY = date(2023, 9, 14)


def find(nlp, text: str, published: date | None = THURSDAY) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=published)
    found = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),)))
    for t in found.timexes:
        assert text[t.start : t.end] == t.text
    return {t.text: (t.type, t.value) for t in found.timexes}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 1/2 hours", ("DURATION", "PT3H30M")),
        ("two and a half years", ("DURATION", "P2Y6M")),
        ("a year and a half", ("DURATION", "P1Y6M")),
        ("half an hour", ("DURATION", "PT30M")),
        ("half a day", ("DURATION", "PT12H")),
        ("1 1/2 days", ("DURATION", "P1DT12H")),
        ("late afternoon yesterday", ("TIME", "2023-09-13TAF")),
        ("early morning today", ("TIME", "2023-09-14TMO")),
        ("9 a.m. EDT, Oct. 2", ("TIME", "2023-10-02T09:00")),
        ("6:30 p.m. June 4, 2021", ("TIME", "2021-06-04T18:30")),
        ("the week of Sept. 25", ("DATE", "2023-W39")),
        ("post-1945", ("DATE", "1945")),
        ("pre-2008", ("DATE", "2008")),
        ("the 2021 quarter", ("DATE", "2021-QX")),
        ("the prior year", ("DATE", "2022")),
        ("the fiscal-second quarter", ("DATE", "2023-Q2")),
        ("March nineteen eighty-two", ("DATE", "1982-03")),
        ("someday", ("DATE", "FUTURE_REF")),
        ("the mid-1970s", ("DATE", "197")),
        ("mid-March", ("DATE", "2023-03")),
        ("the winter of 2019", ("DATE", "2019-WI")),
        ("fiscal year 2021", ("DATE", "2021")),
        ("2021 fiscal year", ("DATE", "2021")),
        ("a five-year period", ("DURATION", "P5Y")),
        ("decades ago", ("DATE", "PAST_REF")),
        ("twice a week", ("SET", "P1W")),
        ("three times a year", ("SET", "P1Y")),
        ("every other month", ("SET", "P2M")),
        ("the past four winters", ("SET", "XXXX-WI")),
        ("the fiscal year", ("DURATION", "P1Y")),
        ("the weeks ahead", ("DURATION", "PXW")),
        ("a later date", ("DATE", "FUTURE_REF")),
        ("last summer", ("DATE", "2023-SU")),  # in September: the summer just past
        ("next spring", ("DATE", "2024-SP")),
        ("last spring", ("DATE", "2023-SP")),
        ("first-half", ("DATE", "2023-H1")),
        ("the second half of next year", ("DATE", "2024-H2")),
        ("the second quarter of next year", ("DATE", "2024-Q2")),
        ("the end of the week", ("DATE", "2023-W37")),
        ("the late 80s", ("DATE", "198")),
        ("every summer", ("SET", "XXXX-SU")),
        ("for decades", ("DURATION", "PXY")),
        ("the latest quarter", ("DATE", "2023-Q2")),
        ("next year's quarter", ("DATE", "2024-QX")),
        ("this Saturday", ("DATE", "2023-09-16")),  # a Thursday article: the nearest Saturday
        ("this Monday", ("DATE", "2023-09-11")),
        ("decades-long", ("DURATION", "PXY")),
        ("nineteen eighty", ("DATE", "1980")),
        ("January of nineteen ninety-seven", ("DATE", "1997-01")),
        ("a year and a half ago", ("DATE", "2022-03")),
        ("two and a half years ago", ("DATE", "2021-03")),
    ],
)
def test_guideline_values(text: str, expected: tuple[str, str]) -> None:
    assert normalise(text, THURSDAY) == expected


def test_a_hyphenated_fraction_is_no_duration(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Farmers export about three-quarters of the harvest; the three-year plan failed.")
    assert "about three-quarters" not in got and "three-quarters" not in got
    assert got["three-year"] == ("DURATION", "P3Y")


def test_a_clock_time_with_its_date_is_one_expression(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Bids are due by 4 p.m. EDT, Oct. 2, the agency said on Monday.")
    assert got["4 p.m. EDT, Oct. 2"] == ("TIME", "2023-10-02T16:00")
    assert "Oct. 2" not in got


def test_hours_later_is_a_duration(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The ferry left on Monday. About three hours later, it ran aground.")
    assert got["About three hours"] == ("DURATION", "PT3H")


def test_a_reporting_period_ended_is_a_year_long(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "In the fiscal year ended June 30, the mill earned $4 million. The year was hard.")
    assert got["the fiscal year"] == ("DURATION", "P1Y")
    assert got["June 30"] == ("DATE", "2023-06-30")


def test_a_postponed_day_lies_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The court postponed the hearing until Tuesday.")
    assert got["Tuesday"] == ("DATE", "2023-09-19")


def test_a_clause_without_a_date_is_at_the_narrative_reference_time(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister resigned on Monday. She thanked her staff. In 2019 she had won the seat. Voters cheered."
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=THURSDAY)
    index = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),))).index
    thanked = text.index("thanked")
    assert index.for_span(thanked, thanked + 7) == (date(2023, 9, 11), "day")  # Monday, the last day named
    cheered = text.index("cheered")
    assert index.for_span(cheered, cheered + 7) == (date(2023, 9, 11), "day")  # a bare year sets no day
    other = "Voters cheered."
    art = Article(text=other, origin="test", format="text", paragraphs=((0, len(other)),), published=THURSDAY)
    index = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(other)),))).index
    assert index.for_span(7, 14) == (THURSDAY, "day")  # no date before it: the publication date


def test_one_day_ahead_is_a_future_reference(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Engineers say the canal will one day carry ships. The strike will last for one day."
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=THURSDAY)
    found = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),)))
    assert [(t.text, t.value) for t in found.timexes] == [("one day", "FUTURE_REF"), ("one day", "P1D")]


def test_previously_on_a_participle_is_an_attribute(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The firm cited a previously announced merger. Previously, it had sold its mills.")
    assert list(got.values()) == [("DATE", "PAST_REF")]  # only the sentence adverb


def test_a_year_before_a_singular_unit_names_it(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Sales rose in the third quarter, after a loss in the 2021 quarter. It took 2000 years.")
    assert got["the 2021 quarter"] == ("DATE", "2021-Q3")  # the quarter the article reports
    assert got["2000 years"] == ("DURATION", "P2000Y")


def test_quarterly_before_a_noun_is_no_frequency(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bank raised its quarterly payout. Interest on the bonds is paid quarterly."
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=THURSDAY)
    found = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),)))
    assert [(t.start, t.type, t.value) for t in found.timexes] == [(text.rindex("quarterly"), "SET", "P3M")]


def test_the_end_of_that_year_is_the_narrative_year(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The union was founded in 1987. By the end of that year it had 500 members.")
    assert got["the end of that year"] == ("DATE", "1987")


def test_a_present_arrangement_lies_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The funeral is set for Saturday.")
    assert got["Saturday"] == ("DATE", "2023-09-16")


def test_plural_parts_of_a_weekday_are_a_set(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The show airs on Sunday evenings.")
    assert got["Sunday evenings"] == ("SET", "XXXX-WXX-7TEV")


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The trial begins Monday.", "2023-09-18"),
        ("The committee meets Friday.", "2023-09-15"),
        ("The report is due Monday.", "2023-09-18"),
        ("A ruling is expected Monday.", "2023-09-18"),
        ("The index fell Monday.", "2023-09-11"),
        ("The new rules follow Monday's vote.", "2023-09-11"),
        ("The board must decide by Monday.", "2023-09-18"),
        ("He may have left Monday.", "2023-09-11"),
        ("The vote is Monday.", "2023-09-18"),
        ("Monday's decision is final.", "2023-09-11"),
        ("The hearing has been scheduled for Monday.", "2023-09-18"),
        ("The offer had been scheduled to expire Monday but was extended.", "2023-09-11"),
    ],
)
def test_the_futurate_present_of_a_timetable_lies_ahead(nlp, sentence: str, day: str) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, sentence)
    assert next(v for k, v in got.items() if k.startswith(("Monday", "Friday"))) == ("DATE", day)


def test_in_a_duration_ahead_is_the_point_it_ends(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The notes will be repaid in three years. The firm will decide in a year or two.")
    assert got["three years"] == ("DATE", "2026")
    assert got["a year or two"] == ("DATE", "FUTURE_REF")
    got = find(nlp, "The plant must be sold within three years. The mill closed in two weeks.")
    assert got["three years"] == ("DURATION", "P3Y")
    assert got["two weeks"] == ("DURATION", "P2W")


def test_coordinated_weekday_evenings_are_days_not_a_set(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Crowds rallied on Monday and Tuesday evenings. The truce could be extended by one day.")
    assert got["Tuesday evenings"] == ("TIME", "2023-09-12TEV")
    assert got["one day"] == ("DURATION", "P1D")


def test_the_next_day_follows_the_day_later_points_at(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "The dam burst on March 3, 2019. Two days later, engineers arrived. The next day, they left.")
    assert got["The next day"] == ("DATE", "2019-03-06")


def test_a_month_told_as_past_is_not_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    got = find(nlp, "Prices peaked in November. The board declared a dividend payable Nov. 30.")
    assert got["November"] == ("DATE", "2022-11")
    assert got["Nov. 30"] == ("DATE", "2023-11-30")

"""Narrative time, clock times, names with time words, holidays and the asserted-event date (invented text)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.layers.timexes.names import is_name
from dateline.layers.timexes.timexes import TimeIndex, find_timexes, normalise
from dateline.model import Article, Timex
from dateline.nlp import ParsedArticle, Piece

THURSDAY = date(2023, 9, 14)


def find(nlp, text: str, published: date | None = THURSDAY) -> tuple[dict[str, tuple[str, str]], TimeIndex]:  # type: ignore[no-untyped-def]
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=published)
    found = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),)))
    for t in found.timexes:
        assert text[t.start : t.end] == t.text
    return {t.text: (t.type, t.value) for t in found.timexes}, found.index


# -- narrative time ------------------------------------------------------------------------------


def test_anaphoric_expressions_follow_the_narrative(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The dam burst on March 3, 2019. The following day, rescuers reached the valley. "
        "Later that week the river fell. That year, the region voted for a new governor."
    )
    got, _ = find(nlp, text)
    assert got["March 3, 2019"] == ("DATE", "2019-03-03")
    assert got["The following day"] == ("DATE", "2019-03-04")
    assert got["Later that week"] == ("DATE", "2019-W10")  # the week of the following day, a Monday
    assert got["That year"] == ("DATE", "2019")


def test_a_finer_anaphor_than_the_narrative_gives_has_unknown_parts(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The mill was sold in April 2009. The following day its workers went on strike. "
        "The plant had opened in 1990. Two years later, its owners sold it. The next morning, the staff left."
    )
    got, index = find(nlp, text)
    assert got["The following day"] == ("DATE", "2009-04-XX")  # a day of April 2009, not one after publication
    assert got["The next morning"] == ("TIME", "1992-XX-XXTMO")  # "two years later" moved the narrative on
    left = text.index("left")
    assert index.for_span(left, left + 4) == (date(1992, 1, 1), "year")


def test_deictic_expressions_stay_on_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The mill closed on June 2, 2011. Yesterday the town council met, and it will vote next week."
    got, _ = find(nlp, text)
    assert got["Yesterday"] == ("DATE", "2023-09-13")
    assert got["next week"] == ("DATE", "2023-W38")


def test_a_chain_moves_the_reference_time(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Talks opened on Monday, May 8, 2017. The next morning the envoys left. The day after, they returned."
    got, _ = find(nlp, text)
    assert got["The next morning"] == ("TIME", "2017-05-09TMO")
    assert got["The day after"] == ("DATE", "2017-05-10")


def test_units_later_is_a_duration_and_dates_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge was finished in August 2004. Three years later, engineers closed it for repairs."
    got, index = find(nlp, text)
    assert got["Three years"] == ("DURATION", "P3Y")
    closed = text.index("closed")
    assert index.for_span(closed, closed + 6) == (date(2007, 1, 1), "year")


def test_without_a_date_before_them_anaphoric_expressions_use_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "That day, the harbour reopened.")
    assert got["That day"] == ("DATE", "2023-09-14")


# -- clock times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1930 UTC", ("TIME", "2023-09-14T19:30")),
        ("19:30 GMT", ("TIME", "2023-09-14T19:30")),
        ("0735 GMT Friday", ("TIME", "2023-09-08T07:35")),
        ("4:00 A.M. EST", ("TIME", "2023-09-14T04:00")),
        ("4 in the morning", ("TIME", "2023-09-14T04:00")),
        ("10 at night", ("TIME", "2023-09-14T22:00")),
        ("2430 GMT", None),
    ],
)
def test_clock_times(text: str, expected: tuple[str, str] | None) -> None:
    assert normalise(text, THURSDAY) == expected


def test_a_zoned_clock_time_is_never_a_year(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "The ferry sank at 1930 UTC, and the alarm was raised at 2015 GMT.")
    assert got["1930 UTC"] == ("TIME", "2023-09-14T19:30")
    assert got["2015 GMT"] == ("TIME", "2023-09-14T20:15")
    assert not any(value == ("DATE", "1930") for value in got.values())


def test_a_clock_time_takes_the_day_of_its_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "The quake struck at 4:00 A.M. EST on Sept. 12, waking the city.")
    assert got["4:00 A.M. EST"] == ("TIME", "2023-09-12T04:00")


def test_a_past_clock_time_without_a_day_takes_the_narratives_day(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The ferry sank off the cape on Monday. Its captain will appear in court on October 2.\n"
        "The ship struck the reef at about 21:15 local time, and a second vessel sank nearby, "
        "killing four crew on the same day. The harbour opens at 8 a.m."
    )
    got, _ = find(nlp, text)
    assert got["Monday"] == ("DATE", "2023-09-11")
    assert got["about 21:15 local time"] == ("TIME", "2023-09-11T21:15")  # Monday's, not the publication day's
    assert got["the same day"] == ("DATE", "2023-09-11")  # a past clause is not at the coming court date
    assert got["8 a.m."] == ("TIME", "2023-09-14T08:00")  # the present tense keeps the publication day


# -- names ---------------------------------------------------------------------------------------


def test_newspaper_and_programme_names_are_not_times(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'The Daily Mail and the Sunday Telegraph ran the story, and the minister spoke on "This Week" later.'
    got, _ = find(nlp, text)
    assert "Daily" not in got and "Sunday" not in got and "This Week" not in got


def test_is_name_rules() -> None:
    text = "Readers of China Daily saw it on Monday. Daily checks resumed."
    assert is_name(text, text.index("Daily"), text.index("Daily") + 5, [])
    assert not is_name(text, text.index("Monday"), text.index("Monday") + 6, [])
    second = text.rindex("Daily")
    assert not is_name(text, second, second + 5, [])  # sentence-initial: just a capital
    text = "She joined Friday Films in 2010."
    assert is_name(text, 11, 17, [(11, 23, "ORG")])
    assert not is_name(text, 27, 31, [(11, 23, "ORG")])


# -- holidays, financial adjectives, ranges ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Christmas", ("DATE", "2023-12-25")),  # the nearest one
        ("next Christmas", ("DATE", "2023-12-25")),
        ("last Thanksgiving", ("DATE", "2022-11-24")),
        ("Easter 2024", ("DATE", "2024-03-31")),
        ("Good Friday 2019", ("DATE", "2019-04-19")),
        ("New Year's Day", ("DATE", "2024-01-01")),  # the nearest one
        ("year-ago", ("DATE", "2022")),
        ("year end", ("DATE", "2023")),
        ("recent years", ("DURATION", "PXY")),
        ("the previous year", ("DATE", "2022")),
    ],
)
def test_more_values(text: str, expected: tuple[str, str]) -> None:
    assert normalise(text, THURSDAY) == expected


def test_year_ago_in_financial_copy_takes_the_quarter() -> None:
    assert normalise("year-earlier", THURSDAY, quarter=2) == ("DATE", "2022-Q2")


def test_a_range_is_two_expressions(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "Output grew every year from 1994 to 1999.")
    assert got["1994"] == ("DATE", "1994") and got["1999"] == ("DATE", "1999")


# -- the date of an asserted event --------------------------------------------------------------------


def test_an_asserted_event_is_never_dated_after_publication() -> None:
    text = "Troops crossed the border and a summit is due on Sept. 20."
    summit = Timex(start=text.index("Sept."), end=len(text) - 1, text="Sept. 20", type="DATE", value="2023-09-20")
    index = TimeIndex([summit], [(0, len(text))], THURSDAY)
    crossed = text.index("crossed")
    assert index.for_span(crossed, crossed + 7) == (date(2023, 9, 20), "day")
    assert index.for_span(crossed, crossed + 7, asserted=True) == (THURSDAY, "day")
    assert index.for_span(crossed, crossed + 7, asserted=False) == (date(2023, 9, 20), "day")


# -- words used as something else, tense and the reported quarter ---------------------------------------


def test_connective_and_attribute_uses_are_not_times(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "Ships will sail as soon as the strait opens; future tolls are unknown, but the future is calm.")
    assert "soon" not in got and "future" not in got
    assert got["the future"] == ("DATE", "FUTURE_REF")


def test_a_past_tense_month_is_not_next_year() -> None:
    november = date(2023, 11, 20)
    assert normalise("January", november) == ("DATE", "2024-01")
    assert normalise("January", november, tense="past") == ("DATE", "2023-01")


def test_the_current_quarter_is_the_publication_quarter() -> None:
    assert normalise("the current quarter", THURSDAY, quarter=2) == ("DATE", "2023-Q3")
    assert normalise("the latest quarter", THURSDAY, quarter=2) == ("DATE", "2023-Q2")


def test_the_reported_quarter_is_the_last_one_ended(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Second-quarter sales were flat; second-quarter costs fell. Third-quarter profit rose, and a year ago it fell."
    got, _ = find(nlp, text, date(2023, 10, 20))
    assert got["a year ago"] == ("DATE", "2022-Q3")


def test_the_future_of_a_past_narrative_is_not_a_future_ref(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "The driver was soon released, and officials will soon review the case.")
    assert list(got.values()) == [("DATE", "FUTURE_REF")]


def test_reported_and_scheduled_days_lie_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    got, _ = find(nlp, "The mayor said the envoy would arrive Monday.")
    assert got["Monday"] == ("DATE", "2023-09-18")
    got, _ = find(nlp, "The court has scheduled a hearing Tuesday.")
    assert got["Tuesday"] == ("DATE", "2023-09-19")


def test_a_lower_case_time_after_a_name_is_still_a_time() -> None:
    text = "The cap agreed with the Group of Seven last year holds."
    start = text.index("last year")
    assert not is_name(text, start, start + 9, [(text.index("the Group"), start + 9, "ORG")])


def test_an_asserted_event_takes_no_coming_date_from_elsewhere_in_its_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels attacked the base days before talks set for Sept. 20. Leaders meet in Paris next week."
    _, index = find(nlp, text)
    attacked = text.index("attacked")
    assert index.for_span(attacked, attacked + 8, asserted=True) == (THURSDAY, "day")
    # a coming date elsewhere in the sentence dates something else ("rallies before the May 3 vote") ...
    meet = text.index("meet")
    assert index.for_span(meet, meet + 4, asserted=True) == (THURSDAY, "day")
    # ... but a present-tense event keeps the coming date of its own clause ("meet ... next week")
    whole = text.index("Leaders")
    assert index.for_span(whole, len(text), asserted=True) == (date(2023, 9, 18), "week")

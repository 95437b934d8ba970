"""Time expressions: TIMEX3 normalisation against the publication date, finding, and the clause lookup."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.ingest import read_articles
from dateline.layers.timexes.timexes import TimeIndex, find_timexes, normalise, value_date
from dateline.model import Article, Extraction, Timex
from dateline.nlp import ParsedArticle, Piece

from ...conftest import SAMPLE

THURSDAY = date(2023, 9, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday", ("DATE", "2023-09-13")),
        ("Thursday", ("DATE", "2023-09-14")),
        ("last Thursday", ("DATE", "2023-09-07")),
        ("next Monday", ("DATE", "2023-09-18")),
        ("last year", ("DATE", "2022")),
        ("this year", ("DATE", "2023")),
        ("next year", ("DATE", "2024")),
        ("this week", ("DATE", "2023-W37")),
        ("last week", ("DATE", "2023-W36")),
        ("last month", ("DATE", "2023-08")),
        ("two days ago", ("DATE", "2023-09-12")),
        ("three years ago", ("DATE", "2020")),
        ("yesterday", ("DATE", "2023-09-13")),
        ("tomorrow", ("DATE", "2023-09-15")),
        ("September 14", ("DATE", "2023-09-14")),
        ("Sept. 3, 2021", ("DATE", "2021-09-03")),
        ("14 March 2020", ("DATE", "2020-03-14")),
        ("July 2019", ("DATE", "2019-07")),
        ("mid-2022", ("DATE", "2022")),
        ("1987", ("DATE", "1987")),
        ("the 1990s", ("DATE", "199")),
        ("the '80s", ("DATE", "198")),
        ("the 20th century", ("DATE", "19")),
        ("the third quarter", ("DATE", "2023-Q3")),
        ("the first half of 2021", ("DATE", "2021-H1")),
        ("this summer", ("DATE", "2023-SU")),
        ("last winter", ("DATE", "2022-WI")),
        ("two days", ("DURATION", "P2D")),
        ("the past three months", ("DURATION", "P3M")),
        ("a 10-year plan", None),
        ("10-year", ("DURATION", "P10Y")),
        ("several weeks", ("DURATION", "PXW")),
        ("the past decade", ("DURATION", "P10Y")),
        ("five hours", ("DURATION", "PT5H")),
        ("every Monday", ("SET", "XXXX-WXX-1")),
        ("daily", ("SET", "P1D")),
        ("recently", ("DATE", "PAST_REF")),
        ("now", ("DATE", "PRESENT_REF")),
        ("currently", ("DATE", "PRESENT_REF")),
        ("the future", ("DATE", "FUTURE_REF")),
        ("8 a.m.", ("TIME", "2023-09-14T08:00")),
        ("Wednesday night", ("TIME", "2023-09-13TNI")),
        ("this morning", ("TIME", "2023-09-14TMO")),
        ("banana", None),
    ],
)
def test_normalise(text: str, expected: tuple[str, str] | None) -> None:
    assert normalise(text, THURSDAY) == expected


def test_weekday_tense() -> None:
    assert normalise("Monday", THURSDAY, tense="future") == ("DATE", "2023-09-18")
    assert normalise("Monday", THURSDAY, tense="past") == ("DATE", "2023-09-11")
    assert normalise("Thursday", THURSDAY, tense="future") == ("DATE", "2023-09-14")


def test_month_without_year_is_the_nearest() -> None:
    assert normalise("December", date(2023, 2, 6)) == ("DATE", "2022-12")
    assert normalise("March", date(2023, 4, 3)) == ("DATE", "2023-03")
    assert normalise("March", date(2023, 4, 3), tense="future") == ("DATE", "2024-03")


def test_without_publication_date() -> None:
    assert normalise("Wednesday", None) is None
    assert normalise("May 22, 1995", None) == ("DATE", "1995-05-22")
    assert normalise("two days", None) == ("DURATION", "P2D")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), anchor=st.one_of(st.none(), st.dates()), tense=st.sampled_from([None, "past", "future"]))
def test_normalise_never_raises(text: str, anchor: date | None, tense: str | None) -> None:
    result = normalise(text, anchor, tense=tense, quarter=3)
    assert result is None or (result[0] in {"DATE", "TIME", "DURATION", "SET"} and result[1])


@settings(max_examples=200, deadline=None)
@given(
    phrase=st.sampled_from(["last week", "Monday", "two weeks ago", "next month", "the third quarter", "December 31"]),
    anchor=st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)),
)
def test_relative_phrases_on_any_date(phrase: str, anchor: date) -> None:
    normalise(phrase, anchor)  # extreme dates must not raise


def test_value_date() -> None:
    assert value_date("2023-09-13") == (date(2023, 9, 13), "day")
    assert value_date("2023-09-13TNI") == (date(2023, 9, 13), "day")
    assert value_date("2023-W37") == (date(2023, 9, 11), "week")
    assert value_date("2023-09") == (date(2023, 9, 1), "month")
    assert value_date("2022") == (date(2022, 1, 1), "year")
    assert value_date("2023-Q3") == (date(2023, 7, 1), "year")
    assert value_date("PAST_REF") is None
    assert value_date("2023-02-30") is None


def find(nlp, text: str, published: date | None = THURSDAY) -> tuple[list[Timex], TimeIndex]:  # type: ignore[no-untyped-def]
    art = Article(text=text, origin="test", format="text", paragraphs=((0, len(text)),), published=published)
    found = find_timexes(ParsedArticle(article=art, pieces=(Piece(0, nlp(text)),)))
    return list(found.timexes), found.index


def test_find_in_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministers met on Wednesday and will meet again on Monday. Trade fell 3% last year."
    timexes, _ = find(nlp, text)
    got = {t.text: (t.type, t.value) for t in timexes}
    assert got["Wednesday"] == ("DATE", "2023-09-13")
    assert got["Monday"] == ("DATE", "2023-09-18")
    assert got["last year"] == ("DATE", "2022")
    for t in timexes:
        assert text[t.start : t.end] == t.text


def test_ages_and_may_are_not_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "May the talks succeed, said the 52-year-old envoy, who is 60 years old."
    timexes, _ = find(nlp, text)
    assert timexes == []


def test_time_index(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels seized the town on Tuesday. Aid arrived. In March the army returned."
    _, index = find(nlp, text)
    seized = text.index("seized")
    assert index.for_span(seized, seized + 6) == (date(2023, 9, 12), "day")
    aid = text.index("arrived")
    assert index.for_span(aid, aid + 7) == (date(2023, 9, 12), "day")  # the narrative is still at Tuesday
    army = text.index("returned")
    assert index.for_span(army, army + 8) == (date(2023, 3, 1), "month")
    _, undated = find(nlp, "Aid arrived.", None)
    assert undated.for_span(0, 3) == (None, None)


@pytest.fixture(scope="module")
def sample() -> Extraction:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE} (../shared is absent)")
    from dateline.nlp import load_pipeline
    from dateline.pipeline import build_extraction, extract_articles

    assert build_extraction  # the pipeline wires find_timexes in
    (result,) = list(extract_articles(read_articles([str(SAMPLE)]), load_pipeline("sm")))
    assert isinstance(result, Extraction)
    return result


def test_sample_timexes(sample: Extraction) -> None:
    text = sample.article.text
    values = {}
    for t in sample.timexes:
        assert text[t.start : t.end] == t.text
        values.setdefault(t.text, set()).add(t.value)
    assert values["Wednesday"] == {"2023-09-13"}
    assert values["Thursday"] == {"2023-09-14"}
    assert values["last year"] == {"2022"}


def test_sample_clause_lookup(sample: Extraction, nlp) -> None:  # type: ignore[no-untyped-def]
    from dateline.nlp import parse_texts

    article = sample.article
    (pieces,) = list(parse_texts(nlp, [(article.text, article.paragraphs)]))
    index = find_timexes(ParsedArticle(article=article, pieces=tuple(pieces))).index
    clause = "had a \"historic meeting and talks\" with Putin on Wednesday"
    start = article.text.index(clause)
    assert index.for_span(start, start + len(clause)) == (date(2023, 9, 13), "day")
    trigger = article.text.index("meeting", start)
    assert index.for_span(trigger, trigger + len("meeting")) == (date(2023, 9, 13), "day")

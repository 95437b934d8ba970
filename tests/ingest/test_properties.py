"""Hypothesis invariants: verbatim JSONL round trips, valid spans, parse_date and the wire parser never crash."""

from __future__ import annotations

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import IngestError
from dateline.ingest import parse_date, parse_text, parse_wire, read_articles
from dateline.ingest.decode import check_text
from dateline.ingest.paragraphs import split_paragraphs
from dateline.model import Article, Failure

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "**", "*", "_", "__", "`", "\n", "\n\n", "\r\n", "  ", "By ", "By [AFP](#)", "[x](#)",
    "![a](b.png)", "<https://x.example/a>", "Original url:", "**Related article:** ", "Read more: ", "> ", "- ",
    "1. ", "---", "===", "September 14, 2023", "Published: ", " **Jane Roe / AFP**", ".", ",", "\"", "“", "\ufeff",
    "\u2028", "\x0c", "\x85", "(Reuters) -", "word", "Word", "lower", "<b>", "</b>", "<script>x</script>",
])  # fmt: skip
MARKDOWNISH = st.lists(st.one_of(_MARKDOWN_PIECES, st.text(max_size=8)), max_size=40).map("".join)


def _spans_valid(text: str, spans: tuple[tuple[int, int], ...]) -> None:
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e].strip() == text[s:e]
        last = e


def _is_natural(text: str) -> bool:
    try:
        check_text(text)
    except IngestError:
        return False
    return True


@SETTINGS
@given(text=st.text(), ascii_only=st.booleans())
def test_jsonl_round_trip_keeps_text_verbatim(text: str, ascii_only: bool) -> None:
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=ascii_only).encode("utf-8") + b"\n"
    (item,) = read_articles(["-"], fmt="jsonl", stdin=io.BytesIO(line))
    if _is_natural(text):
        assert isinstance(item, Article), item
        assert item.text == text
        assert item.paragraphs == split_paragraphs(text)
        _spans_valid(item.text, item.paragraphs)
        assert item.origin == "<stdin>:1" and item.external_id == "x"
    else:
        assert isinstance(item, Failure) and item.code in {"E101", "E102", "E107"}, item
        assert item.line == 1 and item.item_id == "x"


@SETTINGS
@given(st.one_of(st.text(), MARKDOWNISH))
def test_parse_date_never_raises(value: str) -> None:
    result = parse_date(value)
    assert result is None or isinstance(result, date)


@SETTINGS
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)),
       st.sampled_from(["%B %d, %Y", "%d %b %Y", "%Y-%m-%d", "%A, %d %B %Y", "%Y/%m/%d", "%d.%m.%Y",
                        "%b. %d, %Y", "%Y-%m-%dT%H:%M:%SZ"]))  # fmt: skip
def test_parse_date_round_trips_explicit_formats(day: date, fmt: str) -> None:
    value = day.strftime(fmt) if day.year >= 1000 else None
    assert value is not None
    assert parse_date(value) == day


@SETTINGS
@given(st.one_of(st.text(), MARKDOWNISH), st.booleans())
def test_wire_parse_of_any_text(text: str, markdown: bool) -> None:
    try:
        article = (parse_wire if markdown else parse_text)(text, origin="t")
    except IngestError:
        return
    _spans_valid(article.text, article.paragraphs)
    assert article.paragraphs == split_paragraphs(article.text)
    for h in article.headings:
        assert article.text[h.start : h.end] == h.text
        assert (h.start, h.end) in article.paragraphs
    assert article.published is None or isinstance(article.published, date)

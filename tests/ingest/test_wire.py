"""Wire copy and plain text: the sample AFP article and the structure rules one by one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.errors import IngestError
from dateline.ingest import parse_text, parse_wire, read_file
from dateline.ingest.paragraphs import split_paragraphs
from dateline.model import Article

SHARED = Path(__file__).parents[2].parent / "shared"
SAMPLE = SHARED / "samples" / "putin-kim-afp-2023-09-14.md"


@pytest.fixture(scope="module")
def sample_article() -> Article:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE} (../shared is absent)")
    items = list(read_file(SAMPLE))
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_sample_metadata(sample_article: Article) -> None:
    a = sample_article
    assert a.format == "wire"
    assert a.origin == str(SAMPLE)
    assert a.title == "Putin Accepts Kim's Invitation to Visit North Korea"
    assert a.byline == "AFP"
    assert a.source == "AFP"
    assert a.published == date(2023, 9, 14)
    assert a.published_raw == "September 14, 2023"
    assert (
        a.url
        == "https://www.themoscowtimes.com/2023/09/14/putin-accepts-kims-invitation-to-visit-north-korea-a824"
    )
    assert a.warnings == ()


def test_sample_caption_kept_out_of_body(sample_article: Article) -> None:
    a = sample_article
    assert len(a.captions) == 1
    assert a.captions[0].credit == "Mikhail Metzel / TASS"
    assert a.captions[0].text == "Vladimir Putin and Kim Jong Un seen shaking hands Wednesday."
    assert "Metzel" not in a.text
    assert "shaking hands" not in a.text
    assert a.text.startswith("Russian President Vladimir Putin has accepted")


def test_sample_headings_are_exact_spans(sample_article: Article) -> None:
    a = sample_article
    assert [h.text for h in a.headings] == ["Old friends", "'Blood alliance'"]
    for h in a.headings:
        assert a.text[h.start : h.end] == h.text
        assert (h.start, h.end) in a.paragraphs


def test_sample_related_and_url_out_of_body(sample_article: Article) -> None:
    a = sample_article
    assert [r.title for r in a.related] == ["In Photos: Kim Jong-Un Meets Putin in Russia's Far East"]
    assert a.related[0].url is None  # the link was "#"
    assert "In Photos" not in a.text
    assert "Related article" not in a.text
    assert "Original url" not in a.text
    assert "themoscowtimes" not in a.text


def test_sample_split_paragraph_rejoined(sample_article: Article) -> None:
    a = sample_article
    assert "sparking widespread concern over illicit arms agreements" in a.text
    paragraphs = [a.text[s:e] for s, e in a.paragraphs]
    assert sum("sparking widespread" in p for p in paragraphs) == 1
    assert not any(p.startswith("concern over") for p in paragraphs)


def test_sample_paragraph_spans(sample_article: Article) -> None:
    a = sample_article
    assert len(a.paragraphs) == 25  # 23 paragraphs and 2 headings
    assert split_paragraphs(a.text) == a.paragraphs
    assert "**" not in a.text and "](#)" not in a.text


def test_markdown_inline_markup_reduced() -> None:
    a = parse_wire(
        "# A *big* day\n\nBy Jane Doe, Reuters\n\n2023-09-14\n\n"
        "He said **no** to [the deal](https://x.example/deal) and _never_ `again`, costing 5 * 3 dollars.\n",
        origin="t.md",
    )
    assert a.title == "A big day"
    assert a.byline == "Jane Doe"
    assert a.source == "Reuters"
    assert a.published == date(2023, 9, 14)
    assert a.text == "He said no to the deal and never again, costing 5 * 3 dollars."


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By [AFP](#)", "AFP", "AFP"),
        ("By Jane Doe", "Jane Doe", None),
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("By Jane Doe and John Roe (Associated Press)", "Jane Doe and John Roe", "AP"),
        ("By Agence France-Presse", "Agence France-Presse", "AFP"),
        ("BY JANE DOE", "JANE DOE", None),
        ("By Jane Doe, Meridian Press", "Jane Doe", "Meridian Press"),
        (
            "By Jane Doe, Sahel Correspondent, Harbor News Service",
            "Jane Doe, Sahel Correspondent",
            "Harbor News Service",
        ),
        ("By Jane Doe, Moscow correspondent", "Jane Doe", None),
    ],
)
def test_bylines(line: str, byline: str, source: str | None) -> None:
    a = parse_wire(f"# Headline\n\n{line}\n\nThe ministers met on Monday.\n", origin="t.md")
    assert (a.byline, a.source) == (byline, source)
    assert a.text == "The ministers met on Monday."


def test_a_sentence_starting_with_by_stays_in_the_body() -> None:
    a = parse_wire(
        "# Headline\n\nBy Monday, the talks had collapsed, officials said on the record.\n", origin="t"
    )
    assert a.byline is None
    assert a.text.startswith("By Monday")


def test_agency_from_lead_dateline() -> None:
    a = parse_wire("# Headline\n\nGENEVA (Reuters) - Talks ended on Monday.\n", origin="t.md")
    assert a.source == "Reuters"
    assert a.text.startswith("GENEVA (Reuters)")


def test_hard_wrapped_lines_joined_and_crlf_bom() -> None:
    a = parse_wire(
        "\ufeff# Head\r\n\r\nThe foreign ministers met in Paris\r\non Monday, officials said.\r\n", origin="t"
    )
    assert a.title == "Head"
    assert a.text == "The foreign ministers met in Paris on Monday, officials said."


def test_no_rejoin_after_terminal_punctuation_or_across_headings() -> None:
    a = parse_wire(
        "First paragraph ends.\n\nsecond starts lower.\n\nThird without stop\n\n## Head\n\nfourth.\n",
        origin="t",
    )
    texts = [a.text[s:e] for s, e in a.paragraphs]
    assert texts == ["First paragraph ends.", "second starts lower.", "Third without stop", "Head", "fourth."]


def test_rejoin_across_a_caption_in_between() -> None:
    a = parse_wire(
        "# Head\n\nThe ministers said the sanctions would\n\nA photo. **John Roe / AFP**\n\nstay in place until May.\n",
        origin="t",
    )
    assert a.text == "The ministers said the sanctions would stay in place until May."
    assert a.captions[0].credit == "John Roe / AFP"


def test_date_formats_and_missing_or_bad_dates() -> None:
    for line in ("14 Sep 2023", "2023-09-14", "Thursday, 14 September 2023", "Published: Sept. 14, 2023"):
        assert parse_wire(f"# H\n\n{line}\n\nBody text.\n", origin="t").published == date(2023, 9, 14), line
    a = parse_wire("# H\n\nBody text.\n", origin="t")
    assert a.published is None and a.published_raw is None
    assert a.warnings == ("no publication date found",)
    bad = parse_wire("# H\n\nPublished: some day in 2023\n\nBody text.\n", origin="t")
    assert bad.published is None
    assert bad.published_raw == "some day in 2023"
    assert bad.warnings[0].startswith("E110")


def test_plain_text_title_rule() -> None:
    a = parse_text("Ministers meet in Paris\n\nThe ministers met on Monday.\n", origin="t.txt")
    assert a.format == "text"
    assert a.title == "Ministers meet in Paris"
    assert a.text == "The ministers met on Monday."
    no_title = parse_text("The ministers met on Monday.\n\nThey talked.\n", origin="t.txt")
    assert no_title.title is None
    assert no_title.text == "The ministers met on Monday.\n\nThey talked."
    not_followed_by_blank = parse_text("Ministers meet\nin Paris on Monday.\n", origin="t.txt")
    assert not_followed_by_blank.title is None


def test_plain_text_keeps_markup_as_written() -> None:
    a = parse_text("He said **no** to it.\n", origin="t.txt")
    assert a.text == "He said **no** to it."


def test_lists_setext_and_rules() -> None:
    a = parse_wire(
        "Headline\n========\n\n- first item\n- second\n  item\n\n---\n\nSection\n-------\n\nBody.\n",
        origin="t",
    )
    assert a.title == "Headline"
    assert [a.text[s:e] for s, e in a.paragraphs] == ["first item", "second item", "Section", "Body."]
    assert [h.text for h in a.headings] == ["Section"]


def test_related_with_url_and_original_url_on_one_line() -> None:
    a = parse_wire(
        "Body text.\n\nRead more: [Other story](https://x.example/o)\n\nOriginal url: <https://x.example/a>\n",
        origin="t",
    )
    assert [(r.title, r.url) for r in a.related] == [("Other story", "https://x.example/o")]
    assert a.url == "https://x.example/a"
    assert a.text == "Body text."


def test_no_body_is_an_ingest_error() -> None:
    with pytest.raises(IngestError) as info:
        parse_wire("# Only a headline\n", origin="t")
    assert info.value.code == "E101"


@pytest.mark.parametrize(
    ("lead", "published"),
    [
        ("YEVLAKH, Azerbaijan, Sept. 21, 2023 - Talks were held.", date(2023, 9, 21)),
        ("BEIJING (10 March 2023) - Talks were held.", date(2023, 3, 10)),
        ("MOSCOW, Sept 14 (AFP) — Talks were held.", None),  # no year: not guessed
        ("Talks were held in Doha on 14 September 2023 - officials said.", None),
    ],
)
def test_date_from_the_lead_dateline(lead: str, published: date | None) -> None:
    a = parse_text(f"Talks held\n\n{lead}\n\nMore text.\n", origin="t.txt")
    assert a.published == published
    assert a.text.startswith(lead)

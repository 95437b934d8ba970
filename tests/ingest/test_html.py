"""HTML through trafilatura: metadata, captions out of the body, no script text, deep nesting refused."""

from __future__ import annotations

import time
from datetime import date

import pytest

from dateline.errors import IngestError
from dateline.ingest import parse_html
from dateline.ingest.html import MAX_DEPTH, MAX_ELEMENTS, html_shape

PAGE = """<!doctype html><html><head><title>Big story - The Site</title>
<meta property="og:site_name" content="The Site"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-09-14T08:00:00Z">
<link rel="canonical" href="https://x.example/big"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Big story</h1>
<figure><img src="a.jpg"><figcaption>Putin and Kim shake hands. <span class="credit">Mikhail Metzel / TASS</span>
</figcaption></figure>
<p>Russian President Vladimir Putin has accepted an invitation to visit North Korea, state media said.</p>
<h2>Old friends</h2>
<p>The isolated Kim, who seldom leaves his country, had a <b>historic</b> meeting with
<a href="https://x.example/putin">Putin</a> on Wednesday.</p>
<p>Japan warned against any violations of UN bans on arms deals with the North after the talks.</p>
</article><footer>Copyright 2021 The Site</footer></body></html>"""


def test_metadata_body_headings_and_captions() -> None:
    a = parse_html(PAGE, origin="page.html")
    assert a.format == "html"
    assert a.title == "Big story"
    assert a.byline == "Jane Doe"
    assert a.source == "The Site"
    assert a.published == date(2023, 9, 14)
    assert a.url == "https://x.example/big"
    assert [(c.text, c.credit) for c in a.captions] == [
        ("Putin and Kim shake hands.", "Mikhail Metzel / TASS")
    ]
    assert "shake hands" not in a.text and "Metzel" not in a.text
    assert "Home" not in a.text and "Copyright" not in a.text
    assert [h.text for h in a.headings] == ["Old friends"]
    for h in a.headings:
        assert a.text[h.start : h.end] == h.text
    paragraphs = [a.text[s:e] for s, e in a.paragraphs]
    assert paragraphs[0].startswith("Russian President Vladimir Putin")
    assert "had a historic meeting with Putin on Wednesday." in a.text


def test_scripts_and_event_handlers_never_reach_the_text() -> None:
    page = (
        "<html><head><title>Talks <script>alert('x')</script></title></head><body><article>"
        "<p>Diplomats from Iran and the United States met in Geneva on Monday, officials said."
        "<script>document.location='http://127.0.0.1:9/steal'</script>"
        "<img src=x onerror=\"alert('y')\"></p><figure><figcaption>A caption<script>alert('z')</script>"
        "</figcaption></figure></article></body></html>"
    )
    a = parse_html(page.encode(), origin="p.html")
    fields = [a.text, a.title or "", *(c.text for c in a.captions)]
    for value in fields:
        assert "alert" not in value and "script" not in value and "document.location" not in value
        assert "onerror" not in value and "<" not in value
    assert a.title == "Talks"
    assert a.text.startswith("Diplomats from Iran")


def test_declared_legacy_encoding() -> None:
    page = (
        "<html><head><meta charset='windows-1252'></head><body><p>Le président français a rencontré son "
        "homologue à Besançon lundi, ont indiqué des responsables.</p></body></html>"
    ).encode("cp1252")
    a = parse_html(page, origin="p.html")
    assert "Besançon" in a.text and "président" in a.text


def test_no_text_is_e108() -> None:
    with pytest.raises(IngestError) as info:
        parse_html("<html><body><script>var x = 1;</script><div></div></body></html>", origin="p.html")
    assert info.value.code == "E108"


def test_deep_nesting_fails_fast() -> None:
    page = "<div>" * 200_000 + "text" + "</div>" * 200_000
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        parse_html(page, origin="p.html")
    assert info.value.code == "E108" and "nested" in info.value.reason
    assert time.monotonic() - started < 5


def test_html_shape_scan() -> None:
    assert html_shape("<div><p>a<p>b<br><img src=x><span>c</span></div>") == (2, 6)
    assert html_shape("<script>if (a<b && c>d) {}</script><!-- <div><div> -->") == (0, 2)
    assert html_shape("<div>" * (MAX_DEPTH + 1))[0] == MAX_DEPTH + 1
    moderately_deep = (
        "<html><body>" + "<div>" * 150 + "<p>" + "Real words in a deep page. " * 10 + "</p>" + "</div>" * 150
    )
    assert parse_html(moderately_deep, origin="p.html").text.startswith("Real words")


def test_too_many_elements_fails_fast() -> None:
    page = (
        "<html><body><p>Some words here, officials said.</p>" + "<p>" * (MAX_ELEMENTS + 1) + "</body></html>"
    )
    with pytest.raises(IngestError) as info:
        parse_html(page, origin="p.html")
    assert info.value.code == "E108" and "too many elements" in info.value.reason


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        ("Trucks at the crossing on Friday. Photo: Jan Roe / Coast Daily", "Trucks at the crossing on Friday.", "Jan Roe / Coast Daily"),
        ("The minister in Lisbon. (Ana Lima / Harbor Wire)", "The minister in Lisbon.", "Ana Lima / Harbor Wire"),
        ("Leaders at the base. Credit: Tom Ruiz", "Leaders at the base.", "Tom Ruiz"),
        ("Leaders at the base on Monday. Tom Ruiz / Harbor Wire", "Leaders at the base on Monday.", "Tom Ruiz / Harbor Wire"),
        ("A crowd gathers outside the parliament.", "A crowd gathers outside the parliament.", None),
    ],
)
def test_caption_credit_in_text(caption: str, text: str, credit: str | None) -> None:
    page = (
        "<html><head><title>T</title></head><body><article><h1>Talks held</h1>"
        f"<figure><img src='x.jpg'><figcaption>{caption}</figcaption></figure>"
        "<p>Officials from both countries met in the capital on Monday and agreed to keep talking.</p>"
        "<p>The next round is expected in the spring, a spokesperson said.</p>"
        "</article><aside class='related'><a href='https://example.org/a'>Earlier talks</a></aside></body></html>"
    )
    art = parse_html(page, origin="t.html")
    assert [(c.text, c.credit) for c in art.captions] == [(text, credit)]
    assert caption not in art.text
    assert [(r.title, r.url) for r in art.related] == [("Earlier talks", "https://example.org/a")]
    assert "Earlier talks" not in art.text


BODY = "<p>" + "Officials in Ankara said the talks went well and more would follow next week. " * 3 + "</p>"


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Why &lt;script&gt; tags matter", "Why <script> tags matter"),
     ("Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; return", "Tom & Jerry <b>bold</b> return"),
     ("Use &lt;br&gt; &lt;!-- here --&gt;", "Use <br> <!-- here -->")],
)  # fmt: skip
def test_entity_escaped_markup_in_a_title_is_kept_as_text(title: str, expected: str) -> None:
    """It was text on the page, but was read as markup and dropped from the title (issue 15)."""
    in_h1 = parse_html(f"<html><body><article><h1>{title}</h1>{BODY}</article></body></html>", origin="x")
    assert in_h1.title == expected
    in_title = parse_html(f"<html><head><title>{title}</title></head><body><article>{BODY}</article></body></html>",
                          origin="x")  # fmt: skip
    assert in_title.title == expected
    body = parse_html(f"<html><body><article>{BODY}<p>She said {title} twice.</p></article></body></html>", origin="x")
    assert f"She said {expected} twice." in body.text


def test_markup_written_raw_in_a_title_is_still_removed() -> None:
    page = f"<html><head><title>Talks <b>now</b> <script>alert(1)</script></title></head><body>{BODY}</body></html>"
    assert parse_html(page, origin="x").title == "Talks now"

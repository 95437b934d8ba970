"""Feed bytes -> entries (feedparser), and a fetched page -> an Article with the entry's fallbacks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.errors import E_FEED, E_HTML, IngestError
from dateline.ingest.feeds import Feed, FeedEntry, article_from_page, parse_feed
from tests.feedserver import atom_feed, html_page, news_paragraphs, rss_feed

FEED_URL = "http://news.example.test/feeds/world.xml"


def test_rss_entries_keep_link_title_and_date() -> None:
    data = rss_feed("World &amp; Region", [
        ("http://news.example.test/a?utm_source=rss", "Talks <b>resume</b> in Lisbon", datetime(2024, 5, 2, 23, 30, tzinfo=UTC)),
        ("/b", "Relative link", None),
    ])  # fmt: skip
    feed = parse_feed(data, FEED_URL, content_type="application/rss+xml")
    assert feed.kind == "rss20" and feed.title == "World & Region" and feed.source == "World & Region"
    a, b = feed.entries
    assert (a.index, a.link, a.title, a.published) == (
        1, "http://news.example.test/a?utm_source=rss", "Talks resume in Lisbon", date(2024, 5, 2))
    assert a.published_raw and "2024" in a.published_raw
    assert b.link == "http://news.example.test/b" and b.published is None


def test_atom_entries_and_the_base_after_a_redirect() -> None:
    data = atom_feed("Atom Desk", [("story/1", "One", datetime(2024, 1, 5, tzinfo=UTC))])
    feed = parse_feed(data, FEED_URL, base="http://mirror.example.test/atom/")
    assert feed.kind.startswith("atom") and feed.url == FEED_URL
    assert feed.entries[0].link == "http://mirror.example.test/atom/story/1"
    assert feed.entries[0].published == date(2024, 1, 5)


def test_an_entry_without_a_link_keeps_an_empty_link() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title></item></channel></rss>'
    assert parse_feed(data, FEED_URL).entries[0].link == ""


def test_an_empty_feed_is_a_feed() -> None:
    feed = parse_feed(rss_feed("Quiet", []), FEED_URL)
    assert feed.entries == () and feed.kind == "rss20"


@pytest.mark.parametrize(
    "data",
    [
        html_page("Not a feed", news_paragraphs(1)),
        b'{"items": [{"url": "http://x/1"}]}',
        b"plain text, no markup at all",
        b"",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off',
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_what_is_not_a_feed_is_refused(data: bytes) -> None:
    with pytest.raises(IngestError) as info:
        parse_feed(data, FEED_URL, content_type="text/html")
    assert info.value.code == E_FEED and FEED_URL in info.value.reason


def _feed(title: str | None = "Harbour Times") -> Feed:
    return Feed(url=FEED_URL, title=title, kind="rss20", entries=())


def test_a_page_becomes_an_article_with_the_entry_as_fallback() -> None:
    entry = FeedEntry(index=1, link="http://news.example.test/a", title="Feed title", published=date(2024, 5, 2),
                      published_raw="Thu, 02 May 2024 10:00:00 GMT")  # fmt: skip
    page = html_page("Page title", news_paragraphs(2), published="2024-04-30")
    art = article_from_page(page, entry, _feed())
    assert (art.title, art.published, art.url, art.source, art.origin, art.format) == (
        "Page title", date(2024, 4, 30), entry.link, "Harbour Times", entry.link, "html")
    bare = b"<html><body>" + b"".join(b"<p>%s</p>" % p.encode() for p in news_paragraphs(2)) + b"</body></html>"
    art = article_from_page(bare, entry, _feed(title=None))
    assert art.title == "Feed title" and art.published == date(2024, 5, 2)
    assert art.published_raw == entry.published_raw and "no publication date found" not in art.warnings
    assert art.source == "news.example.test"


def test_a_page_without_text_is_a_parse_failure() -> None:
    entry = FeedEntry(index=1, link="http://news.example.test/empty")
    with pytest.raises(IngestError) as info:
        article_from_page(b"<html><head><title>Empty</title></head><body><div></div></body></html>", entry, _feed())
    assert info.value.code == E_HTML


def test_the_http_charset_decodes_the_page() -> None:
    entry = FeedEntry(index=1, link="http://news.example.test/cafe")
    paras = ["Le café de la gare a rouvert lundi à Genève, a annoncé la mairie.", *news_paragraphs(3)]
    page = html_page("Café à Genève", paras).replace(b"<meta charset='utf-8'>", b"")
    latin = page.decode("utf-8").encode("iso-8859-1")
    art = article_from_page(latin, entry, _feed(), charset="ISO-8859-1")
    assert art.title == "Café à Genève" and "café de la gare" in art.text
    assert article_from_page(page, entry, _feed(), charset="no-such-charset").title == "Café à Genève"

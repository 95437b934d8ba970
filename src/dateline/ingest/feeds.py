"""RSS and Atom feeds -> their entries (through feedparser), and a fetched page -> an Article.

``parse_feed(data, url)`` reads feed bytes fetched by ``fetch.Fetcher`` (feedparser never fetches anything
itself here, so the fetcher's timeout, size limit and User-Agent apply to feeds too). Each entry keeps its
link (made absolute against the feed's URL), title and date. Bytes that are not an RSS or Atom feed (an HTML
page, JSON, XML broken before its first entry) raise ``IngestError`` E115; a feed with small XML errors that still
yields entries is read (feedparser's loose parser) with a warning in the log.

``article_from_page(body, entry, feed)`` reads a fetched page through the HTML reader (trafilatura): the
title and date are the page's own, else the entry's; the URL is the entry's link; the source is the feed's
title, else the link's host.
"""

from __future__ import annotations

import calendar
import html as html_lib
import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

from dateline.errors import E_FEED, IngestError
from dateline.ingest.html import parse_html
from dateline.ingest.urls import url_host
from dateline.model import Article

log = logging.getLogger(__name__)

_NO_DATE = "no publication date found"
_TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One item of a feed: ``link`` is absolute (or '' when the entry had none); ``index`` counts from 1."""

    index: int
    link: str
    title: str | None = None
    published: date | None = None
    published_raw: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A parsed feed: its URL, title, kind (``rss20``, ``atom10``, ...) and entries in feed order."""

    url: str
    title: str | None
    kind: str
    entries: tuple[FeedEntry, ...]

    @property
    def source(self) -> str:
        """What articles from this feed are attributed to: the feed's title, else its host."""
        return self.title or url_host(self.url) or self.url


def parse_feed(data: bytes, url: str, *, base: str | None = None, content_type: str = "") -> Feed:
    """Feed bytes -> ``Feed``. Relative links are resolved against ``base`` (where the feed was fetched from
    after redirects; default ``url``). Raises ``IngestError`` E115 when ``data`` is not an RSS or Atom feed."""
    import feedparser  # imported when a feed is read

    base = base or url
    headers = {"content-location": base, "content-type": content_type or "application/xml"}
    try:
        parsed: Any = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser's own failure on odd bytes is this feed's failure
        raise IngestError(f"{url}: not an RSS or Atom feed ({type(exc).__name__}: {exc})", code=E_FEED) from None
    kind = str(parsed.get("version") or "")
    raw_entries = list(parsed.get("entries") or [])
    why = parsed.get("bozo_exception") if parsed.get("bozo") else None
    broken = why is not None and not _content_type_only(why)
    if not raw_entries and (not kind or broken):  # not a feed, or one broken before its first entry
        detail = f" ({_reason(why)})" if broken else ""
        raise IngestError(f"{url}: not an RSS or Atom feed{detail}", code=E_FEED)
    if broken:
        log.warning("%s: malformed feed read loosely: %s", url, _reason(why))
    feed = parsed.get("feed") or {}
    entries = tuple(_entry(i, e, base) for i, e in enumerate(raw_entries, 1))
    return Feed(url=url, title=_text(feed.get("title")), kind=kind or "unknown", entries=entries)


def article_from_page(body: bytes, entry: FeedEntry, feed: Feed, *, charset: str | None = None) -> Article:
    """A fetched page -> Article (see the module doc). ``charset`` is the one the HTTP ``Content-Type`` names:
    it wins over the page's own declaration (as in browsers) unless the page starts with a byte-order mark or
    does not decode with it. Raises ``IngestError`` as the HTML reader does."""
    article = parse_html(_decoded(body, charset), origin=entry.link)
    changes: dict[str, Any] = {"url": entry.link, "source": feed.source}
    if not article.title and entry.title:
        changes["title"] = entry.title
    if article.published is None and entry.published is not None:
        changes["published"] = entry.published
        changes["published_raw"] = entry.published_raw
        changes["warnings"] = tuple(w for w in article.warnings if w != _NO_DATE)
    return replace(article, **changes)


def _decoded(body: bytes, charset: str | None) -> str | bytes:
    """``body`` decoded with the HTTP charset when that works; else the bytes, for the HTML reader to decode."""
    if not charset or body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return body
    try:
        return body.decode(charset.strip().strip("\"'"))
    except (LookupError, UnicodeDecodeError):
        return body


def _entry(index: int, e: Any, feed_url: str) -> FeedEntry:
    link = (e.get("link") or "").strip()
    if not link:  # Atom entries may only have <id> holding a URL
        ident = (e.get("id") or "").strip()
        link = ident if ident.lower().startswith(("http://", "https://")) else ""
    stamp = e.get("published_parsed") or e.get("updated_parsed")
    raw = e.get("published") or e.get("updated")
    published = None
    if stamp is not None:
        try:
            published = datetime.fromtimestamp(calendar.timegm(stamp), UTC).date()
        except (OverflowError, ValueError, TypeError):
            published = None
    return FeedEntry(index=index, link=urljoin(feed_url, link) if link else "", title=_text(e.get("title")),
                     published=published, published_raw=str(raw) if raw else None)  # fmt: skip


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(html_lib.unescape(_TAG.sub(" ", value)).split()) or None


def _content_type_only(exc: object) -> bool:
    """feedparser's complaint that the server's content type was not an XML one (harmless on its own)."""
    return type(exc).__name__ in ("NonXMLContentType", "CharacterEncodingOverride")


def _reason(exc: object) -> str:
    text = getattr(exc, "getMessage", None)
    msg = text() if callable(text) else str(exc)
    return f"{type(exc).__name__}: {msg}"[:300]

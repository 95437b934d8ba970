"""News archives in WARC (``.warc``, ``.warc.gz``): each HTTP response with an HTML page -> an Article.

Common Crawl's CC-NEWS and most web archives publish crawled pages this way. For every ``response`` record
(read with warcio): the HTTP status must be 200 and the content type HTML, else the record is *skipped*
(images, redirects, robots.txt are not articles; they are counted, not failures); the page goes through the
HTML reader (trafilatura, ``html.parse_html``); the URL is the record's ``WARC-Target-URI``; the date is the
page's own (its metadata) or, failing that, the record's ``WARC-Date`` (when it was fetched: CC-NEWS fetches
articles within hours of publication). ``WarcFilter`` keeps records of some hosts (``--host``, subdomains
included) and fetched on or after a day (``--since``).

A record whose page cannot be read becomes a Failure naming the record and the reason, and the file goes on;
a truncated or corrupt archive ends with one Failure saying where it broke, after the records before it.
Records larger than ``max_bytes`` are refused (a Failure) without being read whole.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from dateline.errors import E_HTML, E_IO, E_TOO_LARGE, IngestError
from dateline.ingest.decode import failure
from dateline.ingest.html import parse_html
from dateline.model import Article, Failure

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcFilter:
    """Which WARC records to read: hosts (empty: all; ``example.com`` also takes ``www.example.com``) and the
    first fetch day (None: all). ``tally``, when given, receives the count of records skipped by design
    (not a response, not HTTP 200, not HTML, filtered out), by reason, over every archive read, so that
    the caller can show them (``dateline ingest`` prints them in its summary)."""

    hosts: tuple[str, ...] = ()
    since: date | None = None
    tally: dict[str, int] | None = field(default=None, compare=False)

    def host_ok(self, url: str) -> bool:
        if not self.hosts:
            return True
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in (x.lower().lstrip(".") for x in self.hosts))


ALL_RECORDS = WarcFilter()


@dataclass(slots=True)
class WarcCounts:
    """What one archive held (logged once per file)."""

    records: int = 0
    articles: int = 0
    failed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def looks_like_warc(head: bytes) -> bool:
    """A WARC file, plain or gzipped (member by member, as WARC files are)."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        import zlib

        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


def read_warc(
    stream: BinaryIO, origin: str, *, max_bytes: int, only: WarcFilter = ALL_RECORDS
) -> Iterator[Article | Failure]:
    """Articles (and Failures) from a WARC stream, record by record; see the module doc."""
    from warcio.archiveiterator import ArchiveIterator

    counts = WarcCounts()
    n = 0
    counted = _Counting(stream)
    archive = ArchiveIterator(counted)
    try:
        for n, record in enumerate(archive, 1):
            counts.records += 1
            item = _record(record, origin, n, max_bytes=max_bytes, only=only, counts=counts)
            missing = _unread(record)
            if missing:  # the archive ends inside this record: what it held is not trustworthy
                counts.failed += 1
                yield failure(origin, E_IO, f"archive truncated in record {n} ({missing} bytes missing)", line=n)
                break
            if item is not None:
                if isinstance(item, Failure):
                    counts.failed += 1
                else:
                    counts.articles += 1
                yield item
        else:
            left = counted.drain() - archive.offset  # bytes after the last whole record: a cut-off record
            if left > 0 and not counted.blank_tail:
                counts.failed += 1
                yield failure(origin, E_IO, f"archive truncated after record {n} ({left} bytes not a record)",
                              line=n + 1)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds on a broken archive
        counts.failed += 1
        yield failure(origin, E_IO, f"archive broken after record {n}: {type(exc).__name__}: {exc}", line=n + 1)
    if only.tally is not None:
        for why, k in counts.skipped.items():
            only.tally[why] = only.tally.get(why, 0) + k
    log.info(
        "%s: %d records, %d articles, %d failed, skipped %s", origin, counts.records, counts.articles,
        counts.failed, dict(sorted(counts.skipped.items())) or "none",
    )  # fmt: skip


def _record(
    record: object, origin: str, n: int, *, max_bytes: int, only: WarcFilter, counts: WarcCounts
) -> Article | Failure | None:
    """One record -> an Article, a Failure (``origin:n``), or None when it is skipped (counted)."""
    where = f"{origin}:{n}"
    headers = record.rec_headers  # type: ignore[attr-defined]
    if record.rec_type != "response":  # type: ignore[attr-defined]
        counts.skip(f"{record.rec_type} record")  # type: ignore[attr-defined]
        return None
    url = headers.get_header("WARC-Target-URI") or ""
    fetched = _warc_date(headers.get_header("WARC-Date") or "")
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        counts.skip("no HTTP headers")
        return None
    status = (http.get_statuscode() or "").strip()
    if status != "200":
        counts.skip(f"HTTP {status or '?'}")
        return None
    ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype not in _HTML_TYPES:
        counts.skip(f"not HTML ({ctype or 'no type'})")
        return None
    if not only.host_ok(url):
        counts.skip("other host")
        return None
    if only.since is not None and (fetched is None or fetched < only.since):
        counts.skip("before --since")
        return None
    length = headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        return failure(origin, E_TOO_LARGE, f"{url}: {length} bytes, over the {max_bytes}-byte limit", line=n)
    try:
        body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - a corrupt payload (bad chunking, bad gzip) fails this record only
        return failure(origin, E_IO, f"{url}: cannot read the payload: {type(exc).__name__}: {exc}", line=n)
    if len(body) > max_bytes:
        return failure(origin, E_TOO_LARGE, f"{url}: over the {max_bytes}-byte limit", line=n)
    try:
        article = parse_html(body, origin=where)
    except IngestError as exc:
        return failure(origin, exc.code, f"{url}: {exc.reason}", line=n)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the archive
        log.exception("unexpected error while reading %s", where)
        return failure(origin, E_HTML, f"{url}: unexpected error: {type(exc).__name__}: {exc}", line=n)
    changes: dict[str, object] = {}
    if url:
        changes["url"] = url
    if article.published is None and fetched is not None:
        changes["published"] = fetched
        changes["published_raw"] = headers.get_header("WARC-Date")
        changes["warnings"] = tuple(w for w in article.warnings if w != "no publication date found")
    return replace(article, **changes) if changes else article  # type: ignore[arg-type]


class _Counting(io.RawIOBase):
    """A read-only stream that counts the bytes read and remembers whether the last ones were blank."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner, self.count, self.blank_tail = inner, 0, True

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buf))
        buf[: len(data)] = data
        self.count += len(data)
        if data:
            self.blank_tail = not data.strip()
        return len(data)

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size) if size is not None and size >= 0 else self.inner.read()
        self.count += len(data)
        if data:
            self.blank_tail = not data.strip()
        return data

    def drain(self) -> int:
        """Read to the end; the total byte count."""
        while self.read(65536):
            pass
        return self.count


def _unread(record: object) -> int:
    """Bytes the record declared but the archive did not hold (0 for a whole record): warcio stops quietly
    at the end of a truncated file, so the record's own length is checked."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(65536):
        pass
    return max(0, int(getattr(raw, "limit", 0) or 0))


def _warc_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None

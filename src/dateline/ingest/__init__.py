"""Ingest: files, directories, glob patterns and stdin -> Articles, and a Failure for each bad item.

    for item in read_articles(["news/", "corpus.jsonl", "-"]):
        ...  # Article or Failure, in input order

Formats: ``wire`` (Markdown wire copy), ``text`` (plain text), ``html`` (through trafilatura),
``jsonl`` and ``csv`` (corpora, text verbatim; fields named by ``FieldMap``). ``auto`` goes by the
extension, then by content. A bad item never stops the batch: it becomes a ``Failure`` with a stable
code (see ``dateline.errors``). Files over ``max_bytes`` are refused before they are read; corpora
are streamed, with the limit applying to each line.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from dateline.errors import E_HTML, E_IO, E_TOO_LARGE, ConfigError, IngestError
from dateline.ingest.csvfile import read_csv
from dateline.ingest.dates import parse_date
from dateline.ingest.decode import DEFAULT_MAX_BYTES, decode_bytes, failure, prefixed
from dateline.ingest.detect import FORMATS, format_from_name, looks_like_markdown, sniff_format
from dateline.ingest.html import parse_html
from dateline.ingest.jsonl import DEFAULT_FIELDS, FieldMap, article_from_record, read_jsonl
from dateline.ingest.warc import ALL_RECORDS, WarcFilter, read_warc
from dateline.ingest.wire import parse_text, parse_wire
from dateline.model import Article, Failure

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "FieldMap", "article_from_record", "parse_date", "parse_html",
    "parse_text", "parse_wire", "read_articles", "read_file", "WarcFilter",
]  # fmt: skip

log = logging.getLogger(__name__)

STDIN_ORIGIN = "<stdin>"
_HEAD = 65536
_GLOB = re.compile(r"[*?\[]")
_SKIPPED_NAMES = frozenset(("MANIFEST.json",))


def read_articles(
    inputs: Sequence[str],
    *,
    fmt: str = "auto",
    fields: FieldMap = DEFAULT_FIELDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    only: WarcFilter = ALL_RECORDS,
) -> Iterator[Article | Failure]:
    """Articles and Failures from ``inputs``, lazily and in input order. ``only`` filters the records of
    WARC archives by host and fetch date.

    An input is a file, a directory (read recursively in sorted order, skipping hidden files and
    ``MANIFEST.json``), a glob pattern, or ``-`` for ``stdin`` (default ``sys.stdin.buffer``). A
    missing path or a pattern matching nothing is a Failure (E111). Raises ``ConfigError`` only for
    a bad ``fmt`` or ``max_bytes``.
    """
    _check_options(fmt, max_bytes)
    items = [inputs] if isinstance(inputs, str) else list(inputs)
    return _read_all(items, fmt=fmt, fields=fields, max_bytes=max_bytes, stdin=stdin, only=only)


def read_file(
    path: str | Path,
    *,
    fmt: str = "auto",
    fields: FieldMap = DEFAULT_FIELDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Failure]:
    """Articles and Failures from one file (one item, or one per line/row of a corpus)."""
    _check_options(fmt, max_bytes)
    return _read_path(str(path), fmt=fmt, fields=fields, max_bytes=max_bytes)


def _check_options(fmt: str, max_bytes: int) -> None:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if max_bytes <= 0:
        raise ConfigError(f"max_bytes must be positive, got {max_bytes}")


def _read_all(
    items: list[str], *, fmt: str, fields: FieldMap, max_bytes: int, stdin: BinaryIO | None,
    only: WarcFilter = ALL_RECORDS,
) -> Iterator[Article | Failure]:
    for item in _expand(items):
        if isinstance(item, Failure):
            yield item
        elif item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_guarded(
                stream, STDIN_ORIGIN, fmt=fmt, name=None, size=None, fields=fields, max_bytes=max_bytes,
                only=only,
            )  # fmt: skip
        else:
            yield from _read_path(item, fmt=fmt, fields=fields, max_bytes=max_bytes, only=only)


def _expand(items: list[str]) -> Iterator[str | Failure]:
    """Inputs -> file paths (or ``-``), directories walked and patterns expanded, in order."""
    for item in items:
        path = Path(item)
        if item == "-":
            yield item
        elif path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield item
        elif _GLOB.search(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield failure(item, E_IO, "no files match this pattern")
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match))
                elif Path(match).name not in _SKIPPED_NAMES:
                    yield match
        else:
            yield failure(item, E_IO, "no such file or directory")


def _walk(root: Path) -> Iterator[str | Failure]:
    errors: list[OSError] = []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath, f) for f in filenames if not f.startswith(".") and f not in _SKIPPED_NAMES)
    for exc in errors:
        yield failure(str(exc.filename or root), E_IO, f"cannot read directory: {exc.strerror or exc}")
    for path in sorted(found, key=lambda p: p.relative_to(root).parts):
        yield str(path)


def _read_path(
    path: str, *, fmt: str, fields: FieldMap, max_bytes: int, only: WarcFilter = ALL_RECORDS
) -> Iterator[Article | Failure]:
    try:
        stream = open(path, "rb")  # closed by the with block below
    except OSError as exc:
        yield failure(path, E_IO, f"cannot open: {exc.strerror or exc}")
        return
    with stream:
        try:
            info = os.fstat(stream.fileno())
        except OSError as exc:
            yield failure(path, E_IO, f"cannot read: {exc.strerror or exc}")
            return
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
        yield from _read_guarded(
            stream, path, fmt=fmt, name=path, size=size, fields=fields, max_bytes=max_bytes, only=only
        )


def _read_guarded(
    stream: BinaryIO,
    origin: str,
    *,
    fmt: str,
    name: str | None,
    size: int | None,
    fields: FieldMap,
    max_bytes: int,
    only: WarcFilter = ALL_RECORDS,
) -> Iterator[Article | Failure]:
    """``_read_stream``, with an I/O error while reading recorded as a Failure (E111)."""
    try:
        yield from _read_stream(
            stream, origin, fmt=fmt, name=name, size=size, fields=fields, max_bytes=max_bytes, only=only
        )
    except OSError as exc:
        yield failure(origin, E_IO, f"cannot read: {exc.strerror or exc}")


def _read_stream(
    stream: BinaryIO,
    origin: str,
    *,
    fmt: str,
    name: str | None,
    size: int | None,
    fields: FieldMap,
    max_bytes: int,
    only: WarcFilter = ALL_RECORDS,
) -> Iterator[Article | Failure]:
    kind = fmt if fmt != "auto" else (format_from_name(name) if name else None)
    head = b""
    if kind is None:
        head = _read_up_to(stream, _HEAD)
        kind = sniff_format(head)
    log.debug("reading %s as %s", origin, kind)
    if kind == "jsonl":
        yield from read_jsonl(prefixed(head, stream), origin=origin, fields=fields, max_bytes=max_bytes)
        return
    if kind == "warc":
        yield from read_warc(prefixed(head, stream), origin, max_bytes=max_bytes, only=only)
        return
    if kind == "csv":
        tab = "\t" if name is not None and name.lower().endswith(".tsv") else None
        yield from read_csv(
            prefixed(head, stream), origin=origin, fields=fields, max_bytes=max_bytes, delimiter=tab
        )
        return
    if size is not None and size > max_bytes:
        yield failure(origin, E_TOO_LARGE, f"{size} bytes, over the {max_bytes}-byte limit")
        return
    data = head + _read_up_to(stream, max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
    if len(data) > max_bytes:
        yield failure(origin, E_TOO_LARGE, f"over the {max_bytes}-byte limit")
        return
    yield _parse_item(data, origin, kind, refine=fmt == "auto")


def _parse_item(data: bytes, origin: str, kind: str, *, refine: bool) -> Article | Failure:
    """One whole-file item -> Article, or a Failure saying why not."""
    try:
        if kind == "html":
            return parse_html(data, origin=origin)
        text = decode_bytes(data).text
        if kind == "text" and refine and looks_like_markdown(text):
            kind = "wire"
        return parse_wire(text, origin=origin) if kind == "wire" else parse_text(text, origin=origin)
    except IngestError as exc:
        return failure(origin, exc.code, exc.reason)
    except Exception as exc:  # a bug or a library failure on one input must not stop the batch
        log.exception("unexpected error while reading %s", origin)
        code = E_HTML if kind == "html" else IngestError.code
        return failure(origin, code, f"unexpected error: {type(exc).__name__}: {exc}")


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes; fewer only at end of input (pipes may return short reads)."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)

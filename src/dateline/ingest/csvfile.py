"""CSV and TSV corpora: a header row naming the fields (see ``FieldMap``), then one article per row.

Streamed: lines are decoded one at a time (UTF-8, or a legacy encoding detected from the first
64 KB) and fed to the ``csv`` module, so a bad row (wrong field count, broken quoting, undecodable or
over-long line) becomes a ``Failure`` with the row's first line number and the rest goes on.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from typing import BinaryIO

from dateline.errors import E_CSV, E_ENCODING, E_FIELD, E_TOO_LARGE, IngestError
from dateline.ingest.decode import failure, prefixed, stream_encoding
from dateline.ingest.jsonl import FieldMap, article_from_record, record_id
from dateline.model import Article, Failure

_HEAD = 65536
_CHUNK = 1 << 20


def read_csv(
    stream: BinaryIO, *, origin: str, fields: FieldMap, max_bytes: int, delimiter: str | None = None
) -> Iterator[Article | Failure]:
    """Stream a CSV corpus: one Article or Failure per non-blank data row, in order.

    ``delimiter`` defaults to what the header line uses most: comma, tab or semicolon.
    """
    head = stream.read(_HEAD)
    lines = _Lines(prefixed(head, stream), stream_encoding(head), max_bytes)
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)  # process-wide, only ever raised: the default 128 KB is too small
    reader = csv.reader(lines, delimiter=delimiter or _delimiter(head), strict=True)
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield failure(origin, E_CSV, f"malformed CSV: {exc}", line=start)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            if fields.text not in header:
                yield failure(
                    origin,
                    E_FIELD,
                    f"no {fields.text!r} column in the header (columns: {', '.join(header)})",
                    line=start,
                )
                return
            continue
        yield _row(
            row, header, lines.problem(start, reader.line_num), origin=origin, line=start, fields=fields
        )


def _row(
    row: list[str],
    header: list[str],
    problem: tuple[str, str] | None,
    *,
    origin: str,
    line: int,
    fields: FieldMap,
) -> Article | Failure:
    rec = dict(zip(header, row, strict=False))
    item_id = record_id(rec, fields)
    if problem is not None:
        return failure(origin, problem[0], problem[1], line=line, item_id=item_id)
    if len(row) != len(header):
        return failure(
            origin,
            E_CSV,
            f"malformed CSV: row has {len(row)} fields, the header has {len(header)}",
            line=line,
            item_id=item_id,
        )
    try:
        article = article_from_record(rec, origin=f"{origin}:{line}", fields=fields)
    except IngestError as exc:
        return failure(origin, exc.code, exc.reason, line=line, item_id=item_id)
    return dataclasses.replace(article, format="csv")


def _delimiter(head: bytes) -> str:
    first = head.split(b"\n", 1)[0]
    counts = {",": first.count(b","), "\t": first.count(b"\t"), ";": first.count(b";")}
    return max(counts, key=lambda d: (counts[d], d == ","))


class _Lines:
    """Decoded lines for ``csv.reader``; remembers lines that were undecodable or too long."""

    def __init__(self, stream: BinaryIO, encoding: str, max_bytes: int) -> None:
        self._stream = stream
        self._encoding = encoding
        self._max_bytes = max_bytes
        self._line = 0
        self._bad: dict[int, tuple[str, str]] = {}

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(self._max_bytes + 1)
        if not raw:
            raise StopIteration
        self._line += 1
        if len(raw) > self._max_bytes and not raw.endswith(b"\n"):
            while (chunk := self._stream.readline(_CHUNK)) and not chunk.endswith(b"\n"):
                pass
            self._bad[self._line] = (
                E_TOO_LARGE,
                f"line {self._line} is longer than the {self._max_bytes}-byte limit",
            )
            return "\n"
        encoding = self._encoding
        if encoding == "utf-8-sig" and self._line > 1:
            encoding = "utf-8"
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            self._bad[self._line] = (
                E_ENCODING,
                f"line {self._line} is not valid {encoding} (byte {exc.start})",
            )
            return raw.decode(encoding, "replace")

    def problem(self, first: int, last: int) -> tuple[str, str] | None:
        """The first recorded problem on lines ``first..last``, if any."""
        for line in range(first, last + 1):
            if line in self._bad:
                return self._bad.pop(line)
        return None

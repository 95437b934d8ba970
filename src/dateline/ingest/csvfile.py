"""CSV and TSV corpora: a header row naming the fields (see ``FieldMap``), then one article per row.

Streamed: lines are decoded one at a time (UTF-8, or a legacy encoding detected from the first
64 KB; UTF-16 and UTF-32 with a byte-order mark are decoded as they are read) and fed to the ``csv``
module, so a bad row (wrong field count, broken quoting, undecodable or over-long line) becomes a
``Failure`` with the row's first line number and the rest goes on.

Nothing is lost without a record. A line over the size limit is a failure (E104), even though it is
skipped unread. A row that fails after running over several lines (an unclosed quote swallows the lines
after it until the next quote, the end of the file or the size limit) is a failure at its first line, and
the lines after that one are read again as rows of their own: the reader resynchronises. Each line is
read at most twice, so this stays linear; a line that a second malformed row swallows again is a failure
of its own (E109, "skipped").
"""

from __future__ import annotations

import csv
import dataclasses
from collections import deque
from collections.abc import Iterator
from typing import BinaryIO

from dateline.errors import E_CSV, E_ENCODING, E_FIELD, E_TOO_LARGE, IngestError
from dateline.ingest.decode import failure, prefixed, stream_encoding, utf8_stream, wide_encoding
from dateline.ingest.jsonl import FieldMap, article_from_record, record_id
from dateline.model import Article, Failure

_HEAD = 65536
_CHUNK = 1 << 20
_ID_HEAD = 1000  # bytes of a skipped line kept to read its id from


class _RowTooLong(Exception):
    """Raised by ``_Lines`` inside ``csv.reader`` when one row's lines add up to more than the limit."""


def read_csv(
    stream: BinaryIO, *, origin: str, fields: FieldMap, max_bytes: int, delimiter: str | None = None
) -> Iterator[Article | Failure]:
    """Stream a CSV corpus: one Article or Failure per non-blank data row, in order.

    ``delimiter`` defaults to what the header line uses most: comma, tab or semicolon.
    """
    head = stream.read(_HEAD)
    wide = wide_encoding(head)
    if wide is not None:
        stream = utf8_stream(prefixed(head, stream), wide)
        head = stream.read(_HEAD)
    encoding = stream_encoding(head)
    lines = _Lines(prefixed(head, stream), encoding, max_bytes, shown=wide or encoding)
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)  # process-wide, only ever raised: the default 128 KB is too small
    delimiter = delimiter or _delimiter(head)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _RowTooLong) as exc:
            item_id = _salvage_id(lines.first_text, header, fields, delimiter)
            yield from _malformed(lines, exc, origin=origin, max_bytes=max_bytes, item_id=item_id)
            continue
        start = lines.first_line
        problem = lines.problem()
        if not any(cell.strip() for cell in row):
            if problem is not None:  # a line over the limit reads as a blank one
                item_id = _salvage_id(lines.skipped_head(start), header, fields, delimiter)
                yield failure(origin, problem[0], problem[1], line=start, item_id=item_id)
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
        yield _row(row, header, problem, origin=origin, line=start, fields=fields)


def _salvage_id(first: str, header: list[str] | None, fields: FieldMap, delimiter: str) -> str | None:
    """The id of a malformed row, read from its first line alone (``None`` if there is none)."""
    if header is None or fields.id not in header:
        return None
    try:
        cells = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:
        return None
    at = header.index(fields.id)
    return record_id({fields.id: cells[at]}, fields) if at < len(cells) else None


def _malformed(
    lines: _Lines, exc: Exception, *, origin: str, max_bytes: int, item_id: str | None
) -> Iterator[Failure]:
    """The failure of a row ``csv`` refused (or that ran over the limit), then one per line lost for good;
    the row's other lines are read again."""
    first, last = lines.first_line, lines.last_line
    if isinstance(exc, _RowTooLong):
        code, message = E_TOO_LARGE, f"the row is longer than the {max_bytes}-byte limit"
    else:
        code, message = E_CSV, f"malformed CSV: {exc}"
    if last > first:
        message += (
            f" (the row ran from line {first} to line {last}: an unclosed quote?); "
            f"the lines after line {first} are read again as rows"
        )
    lost = lines.resync()
    yield failure(origin, code, message, line=first, item_id=item_id)
    for line in lost:
        yield failure(origin, E_CSV, f"malformed CSV: line skipped: a second malformed row (from line "
                                     f"{first}) ran over it", line=line)  # fmt: skip


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
    """Decoded lines for ``csv.reader``, with their line numbers; remembers the lines of the current row
    (to read them again after a malformed one) and the lines that were undecodable or too long."""

    def __init__(self, stream: BinaryIO, encoding: str, max_bytes: int, *, shown: str) -> None:
        self._stream = stream
        self._encoding = encoding
        self._shown = shown
        self._max_bytes = max_bytes
        self._line = 0
        self._bad: dict[int, tuple[str, str]] = {}
        self._again: deque[tuple[int, str]] = deque()  # lines to read a second time
        self._row: list[tuple[int, str, bool]] = []  # (line, text, read before) of the current row
        self._row_size = 0
        self._heads: dict[int, str] = {}  # the start of each line skipped unread, for its id

    def __iter__(self) -> _Lines:
        return self

    def start_row(self) -> None:
        self._row = []
        self._row_size = 0

    @property
    def first_line(self) -> int:
        return self._row[0][0] if self._row else self._line + 1

    @property
    def first_text(self) -> str:
        return self._row[0][1] if self._row else ""

    @property
    def last_line(self) -> int:
        return self._row[-1][0] if self._row else self._line

    def __next__(self) -> str:
        if self._again:
            number, text = self._again.popleft()
            again = True
        else:
            number, text = self._read()
            again = False
        self._row.append((number, text, again))
        self._row_size += len(text)
        if len(self._row) > 1 and self._row_size > self._max_bytes:
            raise _RowTooLong
        return text

    def _read(self) -> tuple[int, str]:
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
            self._heads[self._line] = raw[:_ID_HEAD].decode(self._encoding.removesuffix("-sig"), "replace")
            return self._line, "\n"
        encoding = self._encoding
        if encoding == "utf-8-sig" and self._line > 1:
            encoding = "utf-8"
        try:
            return self._line, raw.decode(encoding)
        except UnicodeDecodeError as exc:
            where = f" (byte {exc.start})" if self._shown == encoding else ""  # not in a transcoded line
            self._bad[self._line] = (E_ENCODING, f"line {self._line} is not valid {self._shown}{where}")
            return self._line, raw.decode(encoding, "replace")

    def skipped_head(self, line: int) -> str:
        """The first bytes of a line skipped for being too long (where its id is), decoded."""
        return self._heads.pop(line, "")

    def problem(self) -> tuple[str, str] | None:
        """The first recorded problem on the lines of the current row, if any."""
        found = None
        for number, _, _ in self._row[1:]:
            self._heads.pop(number, None)
        for number, _, _ in self._row:
            bad = self._bad.pop(number, None)
            found = found or bad
        return found

    def resync(self) -> list[int]:
        """After a malformed row: its lines after the first are read again, except those read once
        already (each line is read at most twice); return the numbers of those, lost for good."""
        self._bad.pop(self.first_line, None)
        self._heads.pop(self.first_line, None)
        lost = [number for number, _, again in self._row[1:] if again]
        for number in lost:
            self._bad.pop(number, None)
            self._heads.pop(number, None)
        self._again.extendleft(reversed([(number, text) for number, text, again in self._row[1:] if not again]))
        self.start_row()
        return lost

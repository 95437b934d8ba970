"""JSON Lines corpora and the record -> Article mapping shared with CSV.

A record's text is used verbatim (offsets downstream must line up with the caller's text), so it is
never stripped or rewritten; paragraphs come from ``split_paragraphs``. The file is streamed line by
line; a bad line becomes a ``Failure`` with its line number and the rest goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from dateline.errors import E_BINARY, E_DATE, E_ENCODING, E_FIELD, E_JSON, E_TOO_LARGE, IngestError
from dateline.ingest.dates import parse_date
from dateline.ingest.decode import check_text, failure, prefixed, utf8_stream, wide_encoding
from dateline.ingest.paragraphs import split_paragraphs
from dateline.model import Article, Failure


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldMap:
    """Key (JSONL) or column (CSV) names of a corpus's fields."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    source: str = "source"


DEFAULT_FIELDS = FieldMap()

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}  # fmt: skip
_CHUNK = 1 << 20


def article_from_record(rec: dict[str, Any], *, origin: str, fields: FieldMap = DEFAULT_FIELDS) -> Article:
    """A JSON object or CSV row -> Article (``format="jsonl"``), its text verbatim.

    Raises ``IngestError``: E106 for a missing or non-string text, E101 for an empty one, E102/E103/E107
    for text that is not natural-language text, E102 for a NUL and E103 for an unpaired surrogate in
    another field (id, title, source, url, date). An unparseable date keeps the article, with
    ``published=None`` and an E110 warning; other optional fields of the wrong type are ignored with a
    warning. Other control characters are kept, as in the text (output escapes them).
    """
    if not isinstance(rec, dict):
        raise IngestError(f"expected a record object, got {_json_type(rec)}", code=E_FIELD)
    if fields.text not in rec:
        raise IngestError(f"missing field {fields.text!r}", code=E_FIELD)
    text = rec[fields.text]
    if not isinstance(text, str):
        raise IngestError(f"field {fields.text!r} is {_json_type(text)}, not a string", code=E_FIELD)
    check_text(text)
    warnings: list[str] = []
    published_raw = _optional(rec, fields.published, warnings)
    published = parse_date(published_raw) if published_raw else None
    if published_raw and published is None:
        warnings.append(f"{E_DATE}: unparseable publication date {published_raw!r}")
    return Article(
        text=text, origin=origin, format="jsonl", paragraphs=split_paragraphs(text),
        title=_optional(rec, fields.title, warnings), source=_optional(rec, fields.source, warnings),
        published=published, published_raw=published_raw, url=_optional(rec, fields.url, warnings),
        external_id=_optional(rec, fields.id, warnings), warnings=tuple(warnings),
    )  # fmt: skip


def read_jsonl(
    stream: BinaryIO, *, origin: str, fields: FieldMap, max_bytes: int
) -> Iterator[Article | Failure]:
    """Stream a JSON Lines corpus: one Article or Failure per non-blank line, in order. UTF-8 (a BOM is
    skipped), or UTF-16/UTF-32 with a byte-order mark, decoded as it is read (the size limit then counts
    a line's UTF-8 bytes)."""
    head = stream.read(4)
    wide = wide_encoding(head)
    stream = prefixed(head, stream) if wide is None else utf8_stream(prefixed(head, stream), wide)
    line = 0
    while raw := stream.readline(max_bytes + 1):
        line += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield failure(origin, E_TOO_LARGE, f"line is longer than the {max_bytes}-byte limit", line=line)
            continue
        if line == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw.strip():
            yield _record(raw, origin=origin, line=line, fields=fields, wide=wide)


def _record(raw: bytes, *, origin: str, line: int, fields: FieldMap, wide: str | None = None) -> Article | Failure:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        why = f"invalid {wide} in the line" if wide else f"invalid UTF-8 at byte {exc.start} of the line"
        return failure(origin, E_ENCODING, why, line=line)
    try:
        rec = json.loads(decoded)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}"
        return failure(origin, E_JSON, message, line=line, item_id=_salvage_id(decoded, fields.id))
    except RecursionError:
        return failure(origin, E_JSON, "malformed JSON: nested too deeply", line=line)
    except ValueError as exc:  # e.g. an integer with too many digits
        return failure(origin, E_JSON, f"malformed JSON: {exc}", line=line)
    if not isinstance(rec, dict):
        return failure(origin, E_JSON, f"expected a JSON object, got {_json_type(rec)}", line=line)
    try:
        return article_from_record(rec, origin=f"{origin}:{line}", fields=fields)
    except IngestError as exc:
        return failure(origin, exc.code, exc.reason, line=line, item_id=record_id(rec, fields))


def record_id(rec: dict[str, Any], fields: FieldMap) -> str | None:
    """The record's id as a string (numbers included), for Failure.item_id; ``None`` if it has none."""
    return _optional(rec, fields.id, [], check=False)


def _salvage_id(line: str, key: str) -> str | None:
    """The id of a malformed line, if ``"key": "value"`` (or a number) appears near its start."""
    m = re.search('"' + re.escape(key) + r'"\s*:\s*("(?:[^"\\\n]|\\.){0,200}"|-?\d{1,30})', line[:1000])
    if m is None:
        return None
    try:
        value = json.loads(m[1])
    except ValueError:
        return None
    return str(value) if value != "" else None


def _optional(rec: dict[str, Any], key: str, warnings: list[str], *, check: bool = True) -> str | None:
    """An optional string field, white space collapsed; numbers become strings, '' becomes None.

    With ``check``, a NUL (E102) or an unpaired surrogate (E103) raises ``IngestError``: a database
    cannot hold either, and the NLP fails on a surrogate in a title."""
    value = rec.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        warnings.append(f"{E_FIELD}: field {key!r} ignored: {_json_type(value)}, not a string")
        return None
    value = " ".join(value.split())
    if check:
        check_field(key, value)
    return value or None


def check_field(name: str, value: str) -> None:
    """Refuse a metadata value (not article text) with a NUL (E102) or an unpaired surrogate (E103), naming
    the field and the offset."""
    nul = value.find("\x00")
    if nul >= 0:
        raise IngestError(f"field {name!r} has a NUL character at offset {nul}", code=E_BINARY)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError(f"field {name!r} has an unpaired surrogate at offset {exc.start}", code=E_ENCODING) from None


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _skip_line(stream: BinaryIO) -> None:
    while (chunk := stream.readline(_CHUNK)) and not chunk.endswith(b"\n"):
        pass

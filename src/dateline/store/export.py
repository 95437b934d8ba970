"""Export a table as JSON Lines, CSV or Parquet, streaming in batches.

Rows are read with a server-side cursor where the database has one (PostgreSQL) and written batch
by batch, so a table never has to fit in memory. Rows come in primary-key order. JSON columns are
nested JSON in JSONL and JSON text in CSV and Parquet; dates and times are ISO 8601 in JSONL and CSV
and native types in Parquet. CSV cells holding text that starts with ``= + - @``, a tab or a
carriage return get a leading apostrophe so spreadsheets do not run them as formulas (numbers are
left as they are).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from typing import IO, Any, cast

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store.schema import DATA_TABLES, UTCDateTime
from dateline.store.store import Store, error_reason

log = logging.getLogger(__name__)

#: Tables that can be exported, the default first.
EXPORT_TABLES: tuple[str, ...] = (
    "events",
    "event_actors",
    "articles",
    "entities",
    "actors",
    "quotes",
    "timexes",
    "places",
    "failures",
    "runs",
    "seen_urls",
)
DEFAULT_TABLE = EXPORT_TABLES[0]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

#: Where to write: a file path, or an open binary or text stream (Parquet needs binary).
Output = str | os.PathLike[str] | IO[bytes] | IO[str]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_table(store: Store, table: str | None, fmt: str, out: Output, *, batch_size: int = 2000) -> int:
    """Write every row of ``table`` (``None``: :data:`DEFAULT_TABLE`) to ``out`` as ``fmt``
    (``jsonl``, ``csv`` or ``parquet``); return the number of rows written."""
    name = table or DEFAULT_TABLE
    if name not in EXPORT_TABLES:
        raise StoreError(f"cannot export {name!r}: choose one of {', '.join(EXPORT_TABLES)}")
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    if batch_size < 1:
        raise StoreError(f"batch_size must be positive, got {batch_size}")
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    t = DATA_TABLES[name]
    try:
        with closing(_batches(store, t, batch_size)) as batches:
            n = writer(t, batches, out)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot export {name} from {store.url}: {error_reason(exc)}") from exc
    except OSError as exc:
        raise StoreError(f"cannot write the {name} export: {exc}") from exc
    log.info("exported %d %s rows as %s", n, name, fmt)
    return n


def _batches(store: Store, table: sa.Table, size: int) -> Generator[list[dict[str, Any]], None, None]:
    stmt = sa.select(table).order_by(*table.primary_key.columns)
    with store.reader() as conn:
        result = conn.execution_options(yield_per=size).execute(stmt)
        for part in result.mappings().partitions(size):
            yield [dict(row) for row in part]


@contextmanager
def text_stream(out: Output) -> Iterator[IO[str]]:
    """A text stream (UTF-8, no newline translation) onto a path, an open text stream, or a binary stream
    (left open afterwards); shared with the event formats (:mod:`dateline.store.formats`)."""
    if isinstance(out, str | os.PathLike):
        with open(out, "w", encoding="utf-8", newline="") as f:
            yield f
    elif isinstance(out, io.TextIOBase):
        yield out  # type: ignore[misc]
        out.flush()
    else:
        wrapper = io.TextIOWrapper(cast(IO[bytes], out), encoding="utf-8", newline="", write_through=True)
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()  # leave the caller's stream open


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_jsonl(table: sa.Table, batches: Iterator[list[dict[str, Any]]], out: Output) -> int:
    n = 0
    with text_stream(out) as f:
        for batch in batches:
            f.write(
                "".join(
                    json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
                    for row in batch
                )
            )
            n += len(batch)
    return n


def _is_json(column: sa.Column[Any]) -> bool:
    return isinstance(column.type, sa.JSON)


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv_cell(value: Any, is_json: bool) -> Any:
    if value is None:
        return ""
    if is_json:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return _plain(value)


def _write_csv(table: sa.Table, batches: Iterator[list[dict[str, Any]]], out: Output) -> int:
    names = [c.name for c in table.columns]
    json_cols = {c.name for c in table.columns if _is_json(c)}
    n = 0
    with text_stream(out) as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for batch in batches:
            writer.writerows([_csv_cell(row[c], c in json_cols) for c in names] for row in batch)
            n += len(batch)
    return n


def _arrow_type(column: sa.Column[Any]) -> pa.DataType:
    t = column.type
    if isinstance(t, UTCDateTime | sa.DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(t, sa.JSON):
        return pa.string()
    if isinstance(t, sa.Boolean):
        return pa.bool_()
    if isinstance(t, sa.Integer):
        return pa.int64()
    if isinstance(t, sa.Float):
        return pa.float64()
    if isinstance(t, sa.Date):
        return pa.date32()
    return pa.string()


def arrow_schema(table: sa.Table) -> pa.Schema:
    """The Parquet schema of an exported table."""
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=c.nullable) for c in table.columns])


def _write_parquet(table: sa.Table, batches: Iterator[list[dict[str, Any]]], out: Output) -> int:
    schema = arrow_schema(table)
    json_cols = [c.name for c in table.columns if _is_json(c)]
    sink: Any = out
    if isinstance(out, io.TextIOBase):
        sink = getattr(out, "buffer", None)
        if sink is None:
            raise StoreError("Parquet needs a binary stream or a file path, not a text stream")
        out.flush()
    elif not isinstance(out, str | os.PathLike):
        sink = pa.PythonFile(out, mode="w")
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        for batch in batches:
            for row in batch:
                for c in json_cols:
                    row[c] = None if row[c] is None else json.dumps(row[c], ensure_ascii=False)
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            n += len(batch)
    if isinstance(sink, pa.PythonFile):
        sink.flush()
    return n

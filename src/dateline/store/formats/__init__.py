"""Stored events in the formats of the tools analysts already run: GDELT 2.0 Events and Mentions, PLOVER
JSON, ACLED-style CSV and GeoJSON. One module per format; docs/exports.md documents them field by field.

Every format reads the events through the shared read path (:func:`dateline.store.read.stream.event_batches`,
the filters of ``dateline events`` and ``GET /api/events``) a batch at a time and writes as it reads, so an
export never holds more than one batch in memory.
"""

from __future__ import annotations

import logging
from contextlib import closing
from dataclasses import dataclass

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store.export import Output, text_stream
from dateline.store.formats.acled import validate_acled_data, write_acled
from dateline.store.formats.gdelt import mention_counts, write_gdelt
from dateline.store.formats.geojson import write_events_geojson, write_places_geojson
from dateline.store.formats.plover import write_plover
from dateline.store.read import EventFilter, PlaceFilter
from dateline.store.read import places as places_q
from dateline.store.read.stream import event_batches
from dateline.store.store import Store, error_reason

log = logging.getLogger(__name__)

#: Event export formats, next to the table formats of :mod:`dateline.store.export`.
EVENT_FORMATS: tuple[str, ...] = ("gdelt", "gdelt-mentions", "plover", "acled", "geojson")

#: Why a format leaves events out (for the summary line).
LEFT_OUT = {
    "gdelt": "negated or denied",
    "gdelt-mentions": "negated or denied",
    "plover": "",
    "acled": "no ACLED type, or not asserted",
    "geojson": "no coordinates",
}

__all__ = [
    "EVENT_FORMATS",
    "LEFT_OUT",
    "ExportResult",
    "export_events",
    "mention_counts",
    "validate_acled_data",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportResult:
    """How many records an export wrote, how many matching items it left out and why, and how many reports
    it folded into the one record of their linked event (``gdelt``, ``acled``)."""

    written: int
    left_out: int = 0
    reason: str = ""
    folded: int = 0


def export_events(
    store: Store,
    fmt: str,
    out: Output,
    f: EventFilter | None = None,
    *,
    header: bool = False,
    places: bool = False,
    array: bool = False,
    batch_size: int = 500,
) -> ExportResult:
    """Write the events matching ``f`` to ``out`` as ``fmt`` (one of :data:`EVENT_FORMATS`).

    ``header``: the column row for the GDELT formats (GDELT ships none); ``places``: with ``geojson``, the
    places instead of the events (``f`` must then be empty); ``array``: PLOVER as one JSON array instead of
    JSON Lines.
    """
    if fmt not in EVENT_FORMATS:
        raise StoreError(f"unknown event export format {fmt!r}: choose one of {', '.join(EVENT_FORMATS)}")
    if batch_size < 1:
        raise StoreError(f"batch_size must be positive, got {batch_size}")
    f = f or EventFilter()
    if places and (fmt != "geojson" or f != EventFilter()):
        raise StoreError("places can only be exported as geojson, without event filters")
    try:
        with store.reader() as conn, text_stream(out) as stream:
            if places:
                found, _ = places_q.list_places(conn, PlaceFilter(), limit=2**31 - 1, offset=0)
                written, left_out = write_places_geojson(found, stream)
                return ExportResult(written=written, left_out=left_out, reason="no coordinates")
            with closing(event_batches(conn, f, size=batch_size)) as batches:
                folded = 0
                if fmt in ("gdelt", "gdelt-mentions"):
                    written, left_out, folded = write_gdelt(
                        batches, stream, mentions=fmt == "gdelt-mentions", header=header
                    )
                elif fmt == "plover":
                    written, left_out = write_plover(batches, stream, array=array)
                elif fmt == "acled":
                    written, left_out, folded = write_acled(batches, stream)
                else:
                    written, left_out = write_events_geojson(batches, stream)
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot export events from {store.url}: {error_reason(exc)}") from exc
    except OSError as exc:
        raise StoreError(f"cannot write the {fmt} export: {exc}") from exc
    log.info("exported %d events as %s (%d left out, %d folded)", written, fmt, left_out, folded)
    return ExportResult(written=written, left_out=left_out, reason=LEFT_OUT[fmt], folded=folded)

"""``GET /api/events``: events with filters (actor, dyad, type, CAMEO, dates, place, modality), or (``linked=true``)
distinct linked events with their counts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import (
    EVENT_CSV_COLUMNS,
    LINKED_CSV_COLUMNS,
    csv_response,
    event_filter,
    flat_event,
    flat_linked,
    linked_out,
)
from dateline.serve.schemas import ErrorOut, EventPage, LinkedEventPage, plain_all
from dateline.store.read import EventFilter

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get(
    "",
    response_model=EventPage | LinkedEventPage,
    responses={422: {"model": ErrorOut}, 200: {"content": {"text/csv": {}}}},
    summary="List events",
)
def list_events(
    store: StoreDep,
    page: PageDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    format: Annotated[Literal["json", "csv"], Query(description="json (paged) or csv (this page).")] = "json",
    linked: Annotated[
        bool,
        Query(description="Distinct linked events (one event, many reports) with their counts, instead of every "
              "report; the filters select linked events with a matching report."),
    ] = False,
    reports: Annotated[bool, Query(description="With `linked=true`: every report of each event.")] = False,
) -> Any:
    """Events newest first, each with its source and target actors, trigger, sentence offsets,
    location, modality, confidence and rule. `format=csv` downloads the page as CSV. With `linked=true`:
    linked events with their counts (`mentions`, `articles`, `stories`, `sources`), first report and, with
    `reports=true`, every report with its evidence sentence (docs/linking.md)."""
    if linked:
        found = store.linked_events(f, limit=page.limit, offset=page.offset, reports=reports)
        if format == "csv":
            return csv_response((flat_linked(e) for e in found), LINKED_CSV_COLUMNS, "linked-events")
        return page.envelope([linked_out(e) for e in found], store.count_linked_events(f))
    rows = store.events(f, limit=page.limit, offset=page.offset)
    if format == "csv":
        return csv_response((flat_event(e) for e in rows), EVENT_CSV_COLUMNS, "events")
    return page.envelope(plain_all(rows), store.count_events(f))

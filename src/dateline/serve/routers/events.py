"""``GET /api/events``: events with filters (actor, dyad, type, CAMEO, dates, place, modality)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import EVENT_CSV_COLUMNS, csv_response, event_filter, flat_event
from dateline.serve.schemas import ErrorOut, EventPage, plain_all
from dateline.store.read import EventFilter

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get(
    "",
    response_model=EventPage,
    responses={422: {"model": ErrorOut}, 200: {"content": {"text/csv": {}}}},
    summary="List events",
)
def list_events(
    store: StoreDep,
    page: PageDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    format: Annotated[Literal["json", "csv"], Query(description="json (paged) or csv (this page).")] = "json",
) -> Any:
    """Events newest first, each with its source and target actors, trigger, sentence offsets,
    location, modality, confidence and rule. `format=csv` downloads the page as CSV."""
    rows = store.events(f, limit=page.limit, offset=page.offset)
    if format == "csv":
        return csv_response((flat_event(e) for e in rows), EVENT_CSV_COLUMNS, "events")
    return page.envelope(plain_all(rows), store.count_events(f))

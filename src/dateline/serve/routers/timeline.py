"""``GET /api/timeline``: event counts per day/week/month/year, per PLOVER type and category."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from dateline.serve.deps import StoreDep
from dateline.serve.filters import event_filter
from dateline.serve.schemas import ErrorOut, TimelineOut, plain
from dateline.store.read import EventFilter

router = APIRouter(prefix="/api/timeline", tags=["timeline"])


@router.get("", response_model=TimelineOut, responses={422: {"model": ErrorOut}}, summary="Event timeline")
def timeline(
    store: StoreDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    interval: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
    fill: Annotated[bool, Query(description="Add empty buckets for the periods in between.")] = False,
    linked: Annotated[
        bool, Query(description="Count distinct linked events (each event once) instead of every report.")
    ] = False,
) -> Any:
    """Counts of the filtered events (typically an actor or a dyad) per period, split by PLOVER type
    and by category (cooperation: positive Goldstein value, conflict: negative, other). `linked=true` counts
    each linked event once, by its date (docs/linking.md)."""
    return plain(store.timeline(f, interval=interval, fill=fill, linked=linked))

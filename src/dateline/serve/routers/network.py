"""``GET /api/network``: actors as nodes, events as weighted edges by type."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from dateline.serve.deps import StoreDep
from dateline.serve.filters import event_filter
from dateline.serve.schemas import ErrorOut, NetworkOut, plain
from dateline.store.read import EventFilter

router = APIRouter(prefix="/api/network", tags=["network"])


@router.get("", response_model=NetworkOut, responses={422: {"model": ErrorOut}}, summary="Actor network")
def network(
    store: StoreDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000, description="At most this many edges, heaviest first.")] = 200,
    linked: Annotated[
        bool, Query(description="Weigh edges by distinct linked events (each event once) instead of every report.")
    ] = False,
) -> Any:
    """Source -> target actor edges per PLOVER type, weighted by the number of events, over the
    filtered events (type, period, actor, ...). `linked=true` counts each linked event once."""
    return plain(store.network(f, min_weight=min_weight, limit=limit, linked=linked))

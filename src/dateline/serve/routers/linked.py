"""``GET /api/linked-events/{id}``: one linked event with every report and its evidence sentence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from dateline.serve.deps import StoreDep
from dateline.serve.errors import ApiError
from dateline.serve.filters import linked_out
from dateline.serve.schemas import ErrorOut, LinkedEventOut

router = APIRouter(prefix="/api/linked-events", tags=["events"])


@router.get(
    "/{linked_id}", response_model=LinkedEventOut, responses={404: {"model": ErrorOut}}, summary="One linked event"
)
def get_linked_event(store: StoreDep, linked_id: Annotated[str, Path(max_length=100)]) -> Any:
    """A linked event (docs/linking.md) with its counts and every report, in arrival order: the stored event,
    its evidence sentence, outlet, URL, whether the article is a near-duplicate copy and how it was linked."""
    found = store.get_linked_event(linked_id.lower()) if linked_id.isalnum() else None
    if found is None:
        raise ApiError(404, f"no linked event with id {linked_id!r}")
    return linked_out(found)

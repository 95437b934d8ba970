"""``GET /api/places``: places mentioned and event locations, with counts and coordinates."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import csv_response
from dateline.serve.schemas import ErrorOut, PlacePage, plain_all
from dateline.store.read import PlaceFilter

router = APIRouter(prefix="/api/places", tags=["places"])

PLACE_CSV_COLUMNS = ["name", "country", "lat", "lon", "mentions", "articles", "events"]


@router.get(
    "", response_model=PlacePage, responses={422: {"model": ErrorOut}}, summary="List places with counts"
)
def list_places(
    store: StoreDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of the place name.")] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Places with the number of events located there, mentions and articles; most events first."""
    rows, total = store.places(PlaceFilter(q=q, country=country), limit=page.limit, offset=page.offset)
    items = plain_all(rows)
    if format == "csv":
        return csv_response(items, PLACE_CSV_COLUMNS, "places")
    return page.envelope(items, total)

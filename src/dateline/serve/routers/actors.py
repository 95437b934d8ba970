"""``GET /api/actors``: actors with their article, event and quote counts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import csv_response
from dateline.serve.schemas import ActorPage, ErrorOut, plain_all
from dateline.store.read import ActorFilter

router = APIRouter(prefix="/api/actors", tags=["actors"])

ACTOR_CSV_COLUMNS = [
    "code",
    "name",
    "country",
    "sector",
    "articles",
    "events",
    "as_source",
    "as_target",
    "quotes",
]


@router.get(
    "", response_model=ActorPage, responses={422: {"model": ErrorOut}}, summary="List actors with counts"
)
def list_actors(
    store: StoreDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of the code or name.")] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
    sector: Annotated[str | None, Query(max_length=100)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Actors (CAMEO-style codes) most active first: events taken part in (as source, as target),
    articles they are resolved in, quotes they speak."""
    f = ActorFilter(q=q, country=country, sector=sector)
    rows, total = store.actors(f, limit=page.limit, offset=page.offset)
    items = plain_all(rows)
    if format == "csv":
        return csv_response(items, ACTOR_CSV_COLUMNS, "actors")
    return page.envelope(items, total)

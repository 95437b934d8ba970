"""``GET /api/quotes``: quotes by speaker (name or actor code), content text or article."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import csv_response, quote_filter
from dateline.serve.schemas import ErrorOut, QuotePage, plain, plain_all
from dateline.store.read import QuoteFilter

router = APIRouter(prefix="/api/quotes", tags=["quotes"])

QUOTE_CSV_COLUMNS = [
    "id",
    "article_id",
    "published",
    "kind",
    "speaker",
    "actor",
    "content_text",
    "cue_text",
    "rule",
]


@router.get("", response_model=QuotePage, responses={422: {"model": ErrorOut}}, summary="List quotes")
def list_quotes(
    store: StoreDep,
    page: PageDep,
    f: Annotated[QuoteFilter, Depends(quote_filter)],
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Quotes with their speaker (span, name, actor), cue and article, newest article first."""
    rows = store.quotes(f, limit=page.limit, offset=page.offset)
    if format == "csv":
        flat = [
            {**plain(x), "speaker": (x.speaker.name or x.speaker.text) if x.speaker else None,
             "actor": x.speaker.actor if x.speaker else None}
            for x in rows
        ]  # fmt: skip
        return csv_response(flat, QUOTE_CSV_COLUMNS, "quotes")
    return page.envelope(plain_all(rows), store.count_quotes(f))

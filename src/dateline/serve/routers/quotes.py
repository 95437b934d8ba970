"""``GET /api/quotes``: quotes by speaker (name or actor code), content text or article."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.filters import csv_response
from dateline.serve.schemas import ErrorOut, QuotePage
from dateline.store import analytics

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
    speaker: Annotated[str | None, Query(max_length=200, description="Part of the speaker's name.")] = None,
    actor: Annotated[str | None, Query(max_length=100, description="The speaker's actor code.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the quoted text.")] = None,
    article: Annotated[str | None, Query(max_length=100, description="Only this article's quotes.")] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Quotes with their speaker (span, name, actor), cue and article, newest article first."""
    kw = {"speaker": speaker or None, "actor": actor or None, "q": q or None, "article_id": article or None}
    items = analytics.list_quotes(store, **kw, limit=page.limit, offset=page.offset)
    if format == "csv":
        rows = [
            {**x, "speaker": (x["speaker"] or {}).get("name") or (x["speaker"] or {}).get("text"),
             "actor": (x["speaker"] or {}).get("actor")}
            for x in items
        ]  # fmt: skip
        return csv_response(rows, QUOTE_CSV_COLUMNS, "quotes")
    return page.envelope(items, analytics.count_quotes(store, **kw))

"""``POST /api/extract``: an article in, the Dateline JSON contract out; nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from dateline.contract import to_contract
from dateline.serve.deps import SettingsDep, get_nlp, require_writer
from dateline.serve.schemas import ErrorOut
from dateline.serve.upload import REQUEST_BODY, article_from_request, extract_article, write_slot

router = APIRouter(prefix="/api/extract", tags=["extract"])

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 413, 415, 422, 503)
}


@router.post(
    "",
    dependencies=[Depends(require_writer)],
    responses={200: {"description": "The JSON contract (docs/contract.md)."}, **WRITE_ERRORS},
    openapi_extra=REQUEST_BODY,
    summary="Extract one article without storing it",
)
async def extract(
    request: Request, settings: SettingsDep, nlp: Annotated[Any, Depends(get_nlp)]
) -> dict[str, Any]:
    """Entities, actors, events, quotes, dates and places of one article, as the Dateline JSON
    contract. Needs the write token (`Authorization: Bearer ...`); 503 with `Retry-After` while too many
    writes are in progress."""
    async with write_slot(request, settings):
        article = await article_from_request(request, settings, nlp)
        ex = await extract_article(request, article, nlp)
        return to_contract(ex, structure=article.format not in ("jsonl", "csv"))

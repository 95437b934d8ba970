"""``/api/articles``: search and read stored articles; ``POST`` ingests and stores one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from dateline.serve.deps import PageDep, SettingsDep, StoreDep, get_nlp, require_writer
from dateline.serve.errors import ApiError
from dateline.serve.filters import csv_response
from dateline.serve.routers.extract import WRITE_ERRORS
from dateline.serve.schemas import ArticleDetail, ArticlePage, ErrorOut, StoredOut, plain, plain_all
from dateline.serve.upload import REQUEST_BODY, article_from_request, off_loop, store_article, write_slot
from dateline.store.read import ArticleFilter, StoredArticle
from dateline.store.store import Store

router = APIRouter(prefix="/api/articles", tags=["articles"])

ARTICLE_CSV_COLUMNS = [
    "id",
    "published",
    "source",
    "title",
    "byline",
    "url",
    "format",
    "origin",
    "external_id",
]


@router.get("", response_model=ArticlePage, responses={422: {"model": ErrorOut}}, summary="Search articles")
def list_articles(
    store: StoreDep,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=500, description="Part of the title or text (case-insensitive).")
    ] = None,
    source: Annotated[str | None, Query(max_length=200, description="Outlet or agency, exactly.")] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Stored articles, newest first (summaries, without the text)."""
    f = ArticleFilter(q=q, source=source, since=since, until=until)
    items = plain_all(store.articles(f, limit=page.limit, offset=page.offset))
    if format == "csv":
        return csv_response(items, ARTICLE_CSV_COLUMNS, "articles")
    return page.envelope(items, store.count_articles(f))


def find_article(store: Store, article_id: str) -> StoredArticle:
    """The article with this id (or unique id prefix of at least 4 characters); 404 otherwise."""
    full = article_id if len(article_id) < 4 else store.resolve_article_id(article_id)
    found = store.get_article(full) if full else None
    if found is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    return found


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    summary="One article with all its annotations",
)
def get_article(
    store: StoreDep, article_id: Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[0-9a-fA-F]+$")]
) -> Any:
    """The article (text, structure) with its entities, actors, events, quotes, dates and places;
    every span has `start`/`end` offsets into `text`. An id prefix works if it is unique."""
    return plain(find_article(store, article_id.lower()))


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(require_writer)],
    response_model=StoredOut,
    responses={200: {"model": StoredOut, "description": "Already stored."}, **WRITE_ERRORS},
    openapi_extra=REQUEST_BODY,
    summary="Ingest and store one article",
)
async def post_article(
    request: Request, settings: SettingsDep, store: StoreDep, nlp: Annotated[Any, Depends(get_nlp)]
) -> Any:
    """Extract one article and store it (201; 200 with `stored: false` if it was already stored).
    Needs the write token; 503 with `Retry-After` while too many writes are in progress."""
    async with write_slot(request, settings):
        article = await article_from_request(request, settings, nlp)
        article_id = (await off_loop(request, store.stored_ids, [article])).get(article.id)
        if article_id is not None:
            stored = False
            counts: dict[str, int] = {}
        else:
            article_id = article.id
            stored, counts = await store_article(request, settings, store, article, nlp)
    body = {"id": article_id, "stored": stored, "url": f"/api/articles/{article_id}", "counts": counts}
    return JSONResponse(body, status_code=201 if stored else 200)

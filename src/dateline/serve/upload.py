"""Reading the article of a write request (JSON, a form upload or a raw text/HTML body) and running
the extraction pipeline on it.

Only receiving the body happens on the event loop. Parsing JSON, decoding bytes, reading HTML and storing
run in worker threads of their own (``WRITE_THREADS``, 2), never in the threads that serve reads; the NLP
and the layers run in the app's extraction processes (``serve/extraction.py``), or, with
``extract_workers=0``, in a write thread one request at a time (spaCy is not thread-safe). So a hostile or
merely large POST never holds up a GET. At most ``Settings.write_queue`` writes are in progress; the next
one is refused at once with 503 and ``Retry-After`` (:func:`write_slot`), before its body is read.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from dateline.errors import IngestError
from dateline.ingest import article_from_record, read_articles
from dateline.ingest.detect import format_from_name
from dateline.model import Article, Extraction, Failure
from dateline.pipeline import extract_articles
from dateline.serve.errors import ApiError
from dateline.serve.schemas import ExtractRequest
from dateline.serve.settings import Settings

UPLOAD_FORMATS = ("auto", "wire", "text", "html")
_RAW_TYPES = {"text/plain": "text", "text/markdown": "wire", "text/html": "html"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_nlp_lock = threading.Lock()
_T = TypeVar("_T")

WRITE_THREADS = 2
"""Worker threads for the write endpoints (decoding, extraction, storing), apart from the read threads."""

RETRY_AFTER_S = 5
"""Seconds a client refused with 503 (too many writes in progress) is told to wait (``Retry-After``)."""

MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects accepted in a JSON body (an article needs 1)."""
_TOO_DEEP = f"malformed JSON: nested deeper than {MAX_JSON_DEPTH} levels"

#: The request body, for the OpenAPI document (the route reads it itself).
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One article: JSON (`text` verbatim), a form upload (`file`, optional `format`: "
        "auto|wire|text|html) or a raw body (text/plain, text/markdown, text/html).",
        "content": {
            "application/json": {"schema": ExtractRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "format": {"type": "string", "enum": list(UPLOAD_FORMATS), "default": "auto"},
                    },
                    "required": ["file"],
                }
            },
            "text/plain": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


async def article_from_request(request: Request, settings: Settings, nlp: Any = None) -> Article:
    """The one article in the request body; ``ApiError``/``RequestValidationError`` otherwise.

    The body is received on the event loop; everything after (JSON, decoding, HTML) runs in the decoding
    process when ``nlp`` is the app's :class:`ExtractionPool`, else in a write thread (:func:`off_loop`)."""
    from dateline.serve.extraction import ExtractionPool

    async def decode(func: Callable[..., _T], *args: Any) -> _T:
        if isinstance(nlp, ExtractionPool):
            return await nlp.decode(func, *args)
        return await off_loop(request, func, *args)

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return await decode(_from_json, await request.body())
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5, max_part_size=settings.max_body_bytes)
        try:
            upload = form.get("file")
            fmt = form.get("format") or "auto"
            if not isinstance(upload, UploadFile):
                raise ApiError(422, "file: an uploaded file is required", code="validation_error")
            if not isinstance(fmt, str) or fmt not in UPLOAD_FORMATS:
                raise ApiError(422, f"format: one of {', '.join(UPLOAD_FORMATS)}", code="validation_error")
            data = await upload.read(settings.max_body_bytes + 1)
            name = upload.filename or "upload"
        finally:
            await form.close()
        return await decode(_from_bytes, data, fmt, name, settings)
    if ctype in _RAW_TYPES:
        return await decode(_from_bytes, await request.body(), _RAW_TYPES[ctype], "body", settings)
    raise ApiError(415, "send application/json, multipart/form-data, text/plain, text/markdown or text/html")


@asynccontextmanager
async def write_slot(request: Request, settings: Settings) -> AsyncIterator[None]:
    """One of the ``settings.write_queue`` places for a write in progress; 503 with ``Retry-After`` when
    none is free. Taken on the event loop (no await between the test and the count), before the body is read."""
    state = request.app.state
    busy = getattr(state, "writes_in_progress", 0)
    if busy >= settings.write_queue:
        raise ApiError(503, f"{busy} writes are in progress, the most this server takes; retry later",
                       headers={"Retry-After": str(RETRY_AFTER_S)})  # fmt: skip
    state.writes_in_progress = busy + 1
    try:
        yield
    finally:
        state.writes_in_progress -= 1


async def off_loop(request: Request, func: Callable[..., _T], *args: Any) -> _T:
    """``func(*args)`` in one of the app's write threads (``WRITE_THREADS`` of them, apart from the
    threads that serve reads): the event loop and the readers never wait on a write's work."""
    state = request.app.state
    limiter = getattr(state, "write_limiter", None)
    if limiter is None:  # created on the event loop, on first use (no await between test and set)
        limiter = state.write_limiter = anyio.CapacityLimiter(WRITE_THREADS)
    return await anyio.to_thread.run_sync(func, *args, limiter=limiter)


def _from_json(body: bytes) -> Article:
    try:
        raw = json.loads(body)
    except RecursionError:
        raise ApiError(400, _TOO_DEEP, code="bad_request") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"malformed JSON: {exc}", code="bad_request") from exc
    if _depth(raw) > MAX_JSON_DEPTH:
        raise ApiError(400, _TOO_DEEP, code="bad_request")
    try:
        req = ExtractRequest.model_validate(raw)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from exc
    return article_from_record(req.model_dump(), origin="api")


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (iterative: no recursion on hostile input)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((v, level + 1) for v in item)
    return deepest


def _from_bytes(data: bytes, fmt: str, name: str, settings: Settings) -> Article:
    if len(data) > settings.max_body_bytes:
        raise ApiError(413, f"the article is over the {settings.max_body_bytes}-byte limit")
    safe = _SAFE_NAME.sub("_", name)[-100:] or "upload"
    if fmt == "auto":
        fmt = format_from_name(safe) or "auto"
        if fmt in ("jsonl", "csv"):
            raise ApiError(422, "upload one article (wire, text or HTML); ingest corpora with `dateline ingest`",
                           code="validation_error")  # fmt: skip
    items = list(read_articles(["-"], fmt=fmt, stdin=io.BytesIO(data), max_bytes=settings.max_body_bytes))
    if len(items) != 1:
        raise ApiError(422, f"expected one article, found {len(items)}", code="validation_error")
    item = items[0]
    if isinstance(item, Failure):
        raise IngestError(item.message, code=item.code)
    return dataclasses.replace(item, origin=f"upload:{safe}")


async def extract_article(request: Request, article: Article, nlp: Any) -> Extraction:
    """Every layer on one article, by ``nlp`` (``deps.get_nlp``): in an extraction process when it is the
    app's :class:`ExtractionPool`, else in a write thread; 422 with the article's error code if it failed."""
    from dateline.serve.extraction import ExtractionPool

    if isinstance(nlp, ExtractionPool):
        return _extracted(await nlp.extract(article))
    return await off_loop(request, extract_one, article, nlp)


async def store_article(
    request: Request, settings: Settings, store: Any, article: Article, nlp: Any
) -> tuple[bool, dict[str, int]]:
    """Extract ``article`` and write it to ``store``: whether it was stored (``False``: already there) and how
    many of each annotation it has. With the app's :class:`ExtractionPool` both happen in an extraction process
    (the server only receives the counts; an in-memory store is written here); else the extraction and the
    write run in write threads."""
    from dateline.serve.extraction import ExtractionPool, counts
    from dateline.store.store import in_memory

    if isinstance(nlp, ExtractionPool) and not in_memory(store.engine.url):  # no other process sees that one
        return await nlp.extract_and_store(article, settings.db)
    ex = await extract_article(request, article, nlp)
    return await off_loop(request, store.write, ex), counts(ex)


def extract_one(article: Article, nlp: Any) -> Extraction:
    """Run every layer on one article with a pipeline of this process (blocking; call from a worker thread)."""
    with _nlp_lock:
        results = list(extract_articles([article], nlp))
    return _extracted(results[0])


def _extracted(result: Extraction | Failure) -> Extraction:
    if isinstance(result, Failure):
        raise ApiError(422, result.message, code=result.code)
    return result


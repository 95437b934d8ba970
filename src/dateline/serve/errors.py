"""One error shape for every response: ``{"error": {"code": ..., "message": ...}}`` (plus ``details``
for validation errors), as JSON for the API and as a small HTML page for browsers on UI pages.

Codes: ``bad_request``, ``unauthorized``, ``forbidden``, ``not_found``, ``method_not_allowed``,
``payload_too_large``, ``unsupported_media_type``, ``validation_error``, ``internal_error``, ``busy`` (503,
too many writes in progress, with ``Retry-After``), or a
Dateline code (``E101``...) when the library refused the input.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.errors import DatelineError, StoreError
from dateline.serve.security import security_headers, slash_redirect

log = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "busy",
}


class ApiError(Exception):
    """Raise in a route to answer ``status`` with the error shape."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.headers = headers


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api", "/openapi", "/static")):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(  # type: ignore[no-any-return]
                request, "error.html", {"status": status, "code": code, "message": message},
                status_code=status, headers=headers,
            )  # fmt: skip
        return HTMLResponse(f"{status} {code}", status_code=status, headers=headers)
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        out.append(
            {
                "loc": [str(x) for x in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
        )
    return out


def install_handlers(app: FastAPI) -> None:
    """Route every error (ours, FastAPI's, Starlette's, the library's, unexpected ones) to the shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            target = slash_redirect(request)
            if target is not None:  # relative: a Location built from the Host header could point anywhere
                return RedirectResponse(target, status_code=307)
            message = f"no such resource: {request.url.path}"
        return error_response(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        details = _details(exc)
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] if len(first["loc"]) > 1 else first["loc"])
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        return error_response(request, 422, "validation_error", message, details=details)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, 500, exc.code, "the database could not answer this request")

    @app.exception_handler(DatelineError)
    async def _dateline(request: Request, exc: DatelineError) -> Response:
        return error_response(request, 422, exc.code, exc.reason)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        # Answered outside the middleware that adds the security headers: add them here.
        headers = {k.decode(): v.decode() for k, v in security_headers(request.url.path)}
        return error_response(request, 500, "internal_error", "internal server error", headers=headers)

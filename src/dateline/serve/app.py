"""The FastAPI app: ``create_app(settings)`` wires the routers, the error shape, the body-size limit,
security headers, bundled static files and the offline API docs at ``/docs``.

    uvicorn --factory 'dateline.serve.app:app_from_env'     # or: dateline serve --db dateline.db
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

import anyio
import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline import __version__
from dateline.serve import security
from dateline.serve.errors import error_body, error_response, install_handlers
from dateline.serve.highlight import css_name
from dateline.serve.read_gate import ReadGate
from dateline.serve.routers import (
    actors,
    articles,
    events,
    extract,
    linked,
    network,
    pages,
    places,
    quotes,
    timeline,
)
from dateline.serve.settings import Settings

log = logging.getLogger(__name__)


DRAIN_FACTOR = 4
"""A body refused by its Content-Length is read and dropped before the 413 if it is at most this many times
the limit (and for at most ``DRAIN_S`` seconds); a larger one gets the 413 at once and the connection closed."""
DRAIN_S = 10.0


class _BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: refuses bodies over ``max_body`` bytes (413, by Content-Length or while
    streaming) and paths or query strings with control characters (400), and adds security headers
    (CSP without inline scripts, nosniff, no framing) to every response, its own refusals included
    (the 500 page, answered outside this middleware, adds them itself)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        why = security.refused_characters(scope)
        if why is not None:
            await error_response(Request(scope), 400, "bad_request", why)(scope, receive, self._secured(scope, send))
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = False
            if too_big:
                if int(length) <= DRAIN_FACTOR * self.max_body:
                    await self._drain(receive)
                await self._reject(scope, send)
                return
        seen = 0
        started = False
        unread = True  # more of the body is still to come

        async def limited_receive() -> Message:
            nonlocal seen, unread
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                unread = bool(message.get("more_body", False))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        secured = self._secured(scope, send)

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await secured(message)

        found = getattr(getattr(scope.get("app"), "state", None), "read_gate", None)
        gate: ReadGate | None = found if isinstance(found, ReadGate) and scope.get("method") in ("GET", "HEAD") else None
        if gate is not None:
            gate.read_started()  # the write processes pause while reads are answered (serve/read_gate.py)
        try:
            await self.app(scope, limited_receive, secured_send)
        except _BodyTooLarge:
            if not started:
                if unread and seen <= DRAIN_FACTOR * self.max_body:
                    await self._drain(receive)
                await self._reject(scope, send)
        finally:
            if gate is not None:
                gate.read_ended()

    @staticmethod
    async def _drain(receive: Receive) -> None:
        """Read and drop a refused body before answering: a client still sending when the connection closes
        gets a reset instead of the 413 (httpx: ``ReadError``). At most ``DRAIN_S`` seconds."""
        with anyio.move_on_after(DRAIN_S):
            while True:
                message = await receive()
                if message["type"] != "http.request" or not message.get("more_body", False):
                    return

    @staticmethod
    def _secured(scope: Scope, send: Send) -> Send:
        path = scope.get("path", "")

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": security.with_security_headers(list(message.get("headers", [])), path)}
            await send(message)

        return secured_send

    async def _reject(self, scope: Scope, send: Send) -> None:
        body = json.dumps(
            error_body("payload_too_large", f"the request body is over the {self.max_body}-byte limit")
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *security.security_headers(scope.get("path", ""))],
            }
        )  # fmt: skip
        await send({"type": "http.response.body", "body": body})


def _package_dir(name: str) -> str:
    return str(resources.files("dateline.serve").joinpath(name))


def create_app(settings: Settings | None = None) -> FastAPI:
    """The Dateline API and UI over ``settings.db``. The store is opened on the first request and
    closed at shutdown."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Fewer worker threads than anyio's 40: the queries hold the GIL, and many threads fighting
        # for it make the slowest answers much slower without making more of them.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        if app.state.read_gate is not None:
            app.state.read_gate.release()  # stopped processes would not see the pool's shutdown
            app.state.read_gate = None
        if app.state.extraction is not None:
            app.state.extraction.close()
            app.state.extraction = None
        if app.state.store is not None:
            app.state.store.close()
            app.state.store = None

    app = FastAPI(
        title=f"{settings.title} API",
        version=__version__,
        description="Events, actors, quotes, dates and places extracted from news articles. "
        'Lists are paged (`page`, `per_page`); errors are `{"error": {"code", "message"}}`. '
        "Write endpoints need `Authorization: Bearer <token>` and are off unless a token is configured.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        redirect_slashes=False,  # the 404 handler redirects, relatively (Starlette's uses the Host header)
    )
    app.state.settings = settings
    app.state.store = None
    app.state.extraction = None  # the pool of extraction processes, started by the first write
    app.state.read_gate = None  # pauses that pool while reads are answered (serve/read_gate.py), with the pool
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_package_dir("templates")), autoescape=True)
    templates = Jinja2Templates(env=env)
    templates.env.globals["app_title"] = settings.title
    templates.env.filters["css"] = css_name
    app.state.templates = templates
    install_handlers(app)
    for module in (articles, events, linked, quotes, actors, places, timeline, network, extract):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI, served from the bundled copy (no CDN)."""
        return templates.TemplateResponse(request, "docs.html", {"title": f"{settings.title} API docs"})

    app.add_middleware(Guard, max_body=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """``create_app`` with :meth:`Settings.from_env` (for ``uvicorn --factory``)."""
    return create_app(Settings.from_env())


__all__ = ["app_from_env", "create_app"]

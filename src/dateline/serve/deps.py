"""FastAPI dependencies: settings, the store, the spaCy pipeline, pagination and the write token.

Tests swap them with ``app.dependency_overrides`` (e.g. ``get_nlp`` with an already loaded pipeline).
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from dateline.serve.errors import ApiError
from dateline.serve.settings import Settings
from dateline.store import Store

_lock = threading.Lock()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    """The app's store, opened (and migrated) on first use."""
    state = request.app.state
    store: Store | None = state.store
    if store is None:
        with _lock:
            if state.store is None:
                # a connection kept per worker thread, and two for the event loop's own reads and the cache
                opened = Store.open(state.settings.db, connections=state.settings.threads + 2)
                opened.refresh_in_background()  # no read waits for an aggregate to be computed again
                state.store = opened
            store = state.store
    assert store is not None
    return store


def get_nlp(request: Request) -> Any:
    """What extracts the write endpoints' articles: the app's pool of extraction processes
    (``serve/extraction.py``, started on first use), or with ``extract_workers=0`` the spaCy pipeline,
    loaded in this process on first use. Tests override it with a loaded pipeline."""
    state = request.app.state
    settings: Settings = state.settings
    if settings.extract_workers == 0:
        from dateline.nlp import load_pipeline

        return load_pipeline(settings.model)
    pool = getattr(state, "extraction", None)
    if pool is None:
        from dateline.serve.cpus import for_writes
        from dateline.serve.extraction import ExtractionPool

        with _lock:
            pool = getattr(state, "extraction", None)
            if pool is None:
                pool = state.extraction = ExtractionPool(settings.extract_workers, settings.model,
                                                         cpus=for_writes())  # fmt: skip
                from dateline.serve import read_gate

                if read_gate.enabled():
                    state.read_gate = read_gate.ReadGate(pool.pids, pool.storing)
    return pool


def require_writer(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
    """Write endpoints: 403 unless a token is configured, then 401 unless ``Authorization: Bearer <token>``."""
    if not settings.writes_enabled or settings.token is None:
        raise ApiError(
            403, "write endpoints are disabled: start the server with --token (or $DATELINE_TOKEN)"
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    expected = settings.token.get_secret_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True, slots=True)
class Page:
    """``page`` (1-based) and ``per_page`` of a list request, as ``limit``/``offset``."""

    page: int
    per_page: int

    @property
    def limit(self) -> int:
        return self.per_page

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def envelope(self, items: list[Any], total: int) -> dict[str, Any]:
        return {
            "items": items,
            "page": self.page,
            "per_page": self.per_page,
            "total": total,
            "pages": (total + self.per_page - 1) // self.per_page,
        }


def get_page(
    settings: Annotated[Settings, Depends(get_settings)],
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[
        int | None, Query(ge=1, description="Items per page (default 50, at most 500).")
    ] = None,
) -> Page:
    size = settings.per_page if per_page is None else per_page
    if size > settings.max_per_page:
        raise ApiError(422, f"per_page: at most {settings.max_per_page}", code="validation_error")
    return Page(page=page, per_page=size)


StoreDep = Annotated[Store, Depends(get_store)]
PageDep = Annotated[Page, Depends(get_page)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

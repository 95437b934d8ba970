"""The HTTP API and web UI: ``create_app(Settings(db=...))`` (FastAPI), served by ``dateline serve``."""

from __future__ import annotations

from dateline.serve.app import create_app
from dateline.serve.settings import Settings

__all__ = ["Settings", "create_app"]

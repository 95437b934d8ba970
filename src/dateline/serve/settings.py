"""Server settings (pydantic): the database, the write token, body and page limits, the spaCy model."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

DEFAULT_MAX_BODY = 5_000_000
MIN_TOKEN = 16
"""Shortest write token accepted (a short one can be guessed; ``secrets.token_urlsafe()`` gives 43)."""


class Settings(BaseModel):
    """What :func:`dateline.serve.create_app` needs. ``token`` switches the write endpoints on
    (``POST /api/extract`` and ``POST /api/articles``, which then require
    ``Authorization: Bearer <token>``); without it they answer 403. A token has at least ``MIN_TOKEN``
    characters and no white space."""

    model_config = ConfigDict(frozen=True)

    db: str = Field(default="dateline.db", description="SQLite path or SQLAlchemy URL of the store.")
    token: SecretStr | None = Field(
        default=None, description="Bearer token for the write endpoints; none = writes off."
    )
    max_body_bytes: int = Field(
        default=DEFAULT_MAX_BODY, gt=0, description="Largest request body accepted (413 above)."
    )
    per_page: int = Field(default=50, gt=0, description="Default page size of the lists.")
    max_per_page: int = Field(default=500, gt=0, description="Largest page size a client may ask for.")
    threads: int = Field(default=8, gt=0, le=200, description="Worker threads for database work.")
    model: str | None = Field(
        default=None, description="spaCy model for the write endpoints (sm, md, a name or a path)."
    )
    extract_workers: int = Field(
        default=1, ge=0, le=64,
        description="Processes that extract the articles of the write endpoints (0: a thread of the server).",
    )  # fmt: skip
    write_queue: int = Field(
        default=4, gt=0, le=1000, description="Writes in progress at most; more are refused with 503."
    )
    title: str = "Dateline"

    @field_validator("token")
    @classmethod
    def _strong_token(cls, token: SecretStr | None) -> SecretStr | None:
        if token is None:
            return None
        problem = token_problem(token.get_secret_value())
        if problem:
            raise ValueError(problem)
        return token

    @property
    def writes_enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value())

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``$DATELINE_DB``, ``$DATELINE_TOKEN``, ``$DATELINE_MODEL`` and
        ``$DATELINE_MAX_BODY_BYTES``, ``$DATELINE_THREADS``, ``$DATELINE_EXTRACT_WORKERS``,
        ``$DATELINE_WRITE_QUEUE``, then ``overrides`` (``None`` values ignored)."""
        env: dict[str, object] = {}
        for key, var in (("db", "DATELINE_DB"), ("token", "DATELINE_TOKEN"), ("model", "DATELINE_MODEL"),
                         ("max_body_bytes", "DATELINE_MAX_BODY_BYTES"), ("threads", "DATELINE_THREADS"),
                         ("extract_workers", "DATELINE_EXTRACT_WORKERS"), ("write_queue", "DATELINE_WRITE_QUEUE")):  # fmt: skip
            if os.environ.get(var):
                env[key] = os.environ[var]
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(env)


def token_problem(token: str) -> str | None:
    """Why ``token`` is refused as a write token (empty, white space, shorter than ``MIN_TOKEN``), or ``None``."""
    if not token.strip():
        return "the token is empty"
    if token != token.strip() or any(c.isspace() for c in token):
        return "the token has white space in it"
    if len(token) < MIN_TOKEN:
        return f"the token has {len(token)} characters; use at least {MIN_TOKEN} (e.g. from `python -c 'import secrets; print(secrets.token_urlsafe())'`)"
    return None

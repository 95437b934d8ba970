"""Server settings (pydantic): the database, the write token, body and page limits, the spaCy model."""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_MAX_BODY = 5_000_000


class Settings(BaseModel):
    """What :func:`dateline.serve.create_app` needs. ``token`` switches the write endpoints on
    (``POST /api/extract`` and ``POST /api/articles``, which then require
    ``Authorization: Bearer <token>``); without it they answer 403."""

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
    title: str = "Dateline"

    @property
    def writes_enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value())

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``$DATELINE_DB``, ``$DATELINE_TOKEN``, ``$DATELINE_MODEL`` and
        ``$DATELINE_MAX_BODY_BYTES``, ``$DATELINE_THREADS``, then ``overrides`` (``None`` values ignored)."""
        env: dict[str, object] = {}
        for key, var in (("db", "DATELINE_DB"), ("token", "DATELINE_TOKEN"), ("model", "DATELINE_MODEL"),
                         ("max_body_bytes", "DATELINE_MAX_BODY_BYTES"), ("threads", "DATELINE_THREADS")):  # fmt: skip
            if os.environ.get(var):
                env[key] = os.environ[var]
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(env)

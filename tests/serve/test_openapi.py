"""The OpenAPI document is a reviewed artefact: a change to it must be made on purpose.

Regenerate after an intended API change with
``DATELINE_UPDATE_OPENAPI=1 .venv/bin/python -m pytest tests/serve/test_openapi.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dateline.serve import Settings, create_app

SNAPSHOT = Path(__file__).parent / "openapi.snapshot.json"


def _current() -> str:
    doc = create_app(Settings(db=":memory:")).openapi()
    doc["info"]["version"] = "(package version)"  # a release alone does not change the API
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_matches_snapshot() -> None:
    current = _current()
    if os.environ.get("DATELINE_UPDATE_OPENAPI"):
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists(), f"no snapshot: run with DATELINE_UPDATE_OPENAPI=1 to write {SNAPSHOT.name}"
    assert json.loads(current) == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "the OpenAPI document changed; if on purpose, regenerate with DATELINE_UPDATE_OPENAPI=1 and review the diff"
    )


def test_every_api_route_is_documented() -> None:
    paths = json.loads(_current())["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/quotes", "/api/actors",
                 "/api/places", "/api/timeline", "/api/network", "/api/extract"):  # fmt: skip
        assert path in paths, path
    assert set(paths["/api/articles"]) == {"get", "post"}
    assert "multipart/form-data" in paths["/api/extract"]["post"]["requestBody"]["content"]
    assert not [p for p in paths if not p.startswith("/api/")], "pages stay out of the API document"

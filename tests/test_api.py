"""The small public API in dateline/__init__.py."""

from __future__ import annotations

from pathlib import Path

import dateline
from dateline.layers import entities as _entities  # noqa: F401 - a layer import leaves extract() alone
from dateline.model import Extraction


def test_public_names() -> None:
    assert callable(dateline.extract)
    assert dateline.read_articles is not None
    assert dateline.Store is not None
    assert dateline.__version__


def test_extract_function(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Talks held\n\nMarch 3, 2024\n\nThe foreign ministers of France and Germany met in Paris.\n")
    results = list(dateline.extract([str(path)]))
    assert len(results) == 1 and isinstance(results[0], Extraction)
    assert {"France", "Germany", "Paris"} <= {e.text for e in results[0].entities}

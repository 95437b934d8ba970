"""Fixtures of the bounds tests: the session's pipeline and data, warmed once, so a small time budget
measures the article and not the first load of a dictionary."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def warm(nlp: Any) -> Any:
    from dateline.ingest.wire import parse_text
    from dateline.pipeline import extract_articles

    text = 'The foreign minister of France met his Russian counterpart in Geneva on Tuesday. "We agree," he said.'
    list(extract_articles([parse_text(text, origin="warm")], nlp, budget=0))
    return nlp

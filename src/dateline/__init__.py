"""Dateline: turn news articles into structured, explainable event data.

The small public API::

    from dateline import Extraction, Failure, Store, extract, read_articles
    for item in extract(["article.md"]):
        if isinstance(item, Extraction):
            print(item.article.title, [e.text for e in item.entities])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .ingest import read_articles
from .model import Extraction, Failure

if TYPE_CHECKING:
    from .store import Store

try:
    __version__ = version("dateline")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    """``Store`` on first use: importing the store (SQLAlchemy, the exporters) costs every command and every
    worker process that never opens a database a second or more."""
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Extraction", "Failure", "Store", "__version__", "extract", "read_articles"]


def extract(inputs: Iterable[str], *, model: str | None = None, fmt: str = "auto") -> Iterator[Extraction | Failure]:
    """Read ``inputs`` (paths, globs or ``-``) and yield an ``Extraction`` or a ``Failure`` per item, in order."""
    from .nlp import load_pipeline  # late: loading spaCy is only needed when extracting
    from .pipeline import extract_articles

    nlp = load_pipeline(model)
    yield from extract_articles(read_articles(list(inputs), fmt=fmt), nlp)

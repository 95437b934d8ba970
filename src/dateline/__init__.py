"""Dateline: turn news articles into structured, explainable event data.

The small public API::

    from dateline import extract, read_articles, Store
    for ex in extract(["article.md"]):
        print(ex.article.title, [e.text for e in ex.entities])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version

# The subpackage ``dateline.extract`` (one module per layer) shares its name with the ``extract()``
# function below. Importing the (empty) subpackage first means later imports of its modules never
# rebind ``dateline.extract`` to the package, so the function stays the public name.
from . import extract as _extract_layers  # noqa: F401

try:
    __version__ = version("dateline")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__", "extract", "read_articles", "Store"]


def extract(inputs: Iterable[str], *, model: str | None = None, fmt: str = "auto") -> Iterator[object]:
    """Read ``inputs`` (paths, globs or ``-``) and yield an ``Extraction`` or a ``Failure`` per item."""
    from .ingest import read_articles
    from .nlp import load_pipeline
    from .pipeline import extract_articles

    nlp = load_pipeline(model)
    yield from extract_articles(read_articles(list(inputs), fmt=fmt), nlp)


def __getattr__(name: str) -> object:
    if name == "read_articles":
        from .ingest import read_articles

        return read_articles
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(name)

"""Where Dateline keeps files outside the package: the cache of built indexes and the user dictionaries.

Both honour an environment variable first and then the XDG base directories, so tests and users can
point them anywhere; nothing here touches the network or the working directory.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
_D = TypeVar("_D", bound=dict[Any, Any])


def cache_dir() -> Path:
    """Where built indexes are cached ($DATELINE_CACHE_DIR, $XDG_CACHE_HOME/dateline, ~/.cache/dateline)."""
    if env := os.environ.get("DATELINE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline"


def verb_dict_dir() -> Path | None:
    """A folder with a user's own verb dictionary (``verb_groups.tsv`` and ``verb_patterns.tsv``, written by
    ``tools/import_petrarch_verbs.py`` from any PETRARCH verb file) that replaces the packaged PETRARCH-2
    one: ``$DATELINE_VERBS``, else None."""
    env = os.environ.get("DATELINE_VERBS")
    return Path(env) if env else None


def user_dict_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user dictionary folder: ``explicit``, else ``$DATELINE_DICT``, else ``$XDG_DATA_HOME/dateline/actors``
    (``~/.local/share/dateline/actors``)."""
    if explicit:
        return Path(explicit)
    if os.environ.get("DATELINE_DICT"):
        return Path(os.environ["DATELINE_DICT"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dateline" / "actors"


def marshal_cached(name: str, build: Callable[[], _D]) -> _D:
    """A dict of plain data kept in ``cache_dir()/name`` (``marshal``): read from there when it is, else built,
    written atomically (a temporary file renamed into place) and returned. A cache that cannot be read is
    built again; one that cannot be written is only logged. Put the versions of what it is built from in
    ``name``."""
    path = cache_dir() / name
    try:
        with path.open("rb") as fh:
            cached = marshal.load(fh)
        if isinstance(cached, dict):
            return cached  # type: ignore[return-value]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(built, fh)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write the cache %s: %s", path, exc)
    return built


def user_places_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user's own gazetteer file: ``explicit``, else ``$DATELINE_PLACES``, else
    ``$XDG_DATA_HOME/dateline/places/places.tsv`` (``~/.local/share/dateline/places/places.tsv``)."""
    if explicit:
        return Path(explicit)
    if os.environ.get("DATELINE_PLACES"):
        return Path(os.environ["DATELINE_PLACES"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dateline" / "places" / "places.tsv"

"""Where Dateline keeps files outside the package: the cache of built indexes and the user dictionaries.

Both honour an environment variable first and then the XDG base directories, so tests and users can
point them anywhere; nothing here touches the network or the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path


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

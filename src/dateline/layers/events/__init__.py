"""The events layer: who did what to whom, coded in PLOVER and CAMEO, from each sentence's parse.

Public: ``find_events`` (the layer), ``load_lexicon``/``Lexicon`` (its trigger lexicon), ``merge_duplicates``,
``preload`` (loads now what it would load on first use) and the checks of its data files
(``validate_event_codes``, ``validate_triggers``, ``validate_verb_patterns``, ``validate_discards``,
``validate_calibration``).
"""

from .codes import validate_event_codes
from .component import EventsComponent
from .confidence import validate_calibration
from .events import find_events, merge_duplicates
from .gates import validate_discards
from .patterns import validate_verb_patterns
from .triggers import Lexicon, load_lexicon, preload, validate_triggers

__all__ = ["EventsComponent", "Lexicon", "find_events", "load_lexicon", "merge_duplicates", "preload",
           "validate_calibration", "validate_discards", "validate_event_codes", "validate_triggers", "validate_verb_patterns"]  # fmt: skip

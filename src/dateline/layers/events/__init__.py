"""The events layer: who did what to whom, coded in PLOVER and CAMEO, from each sentence's parse.

Public: ``find_events`` (the layer), ``load_lexicon``/``Lexicon`` (its trigger lexicon), ``merge_duplicates``
and the checks of its data files (``validate_event_codes``, ``validate_triggers``, ``validate_verb_patterns``).
"""

from .codes import validate_event_codes
from .component import EventsComponent
from .events import find_events, merge_duplicates
from .patterns import validate_verb_patterns
from .triggers import Lexicon, load_lexicon, validate_triggers

__all__ = ["EventsComponent", "Lexicon", "find_events", "load_lexicon", "merge_duplicates", "validate_event_codes",
           "validate_triggers", "validate_verb_patterns"]  # fmt: skip

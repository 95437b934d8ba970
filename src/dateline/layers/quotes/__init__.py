"""The quotes layer: who said what, in quotation marks (direct), partly quoted (mixed) or reported.

Public: ``find_quotes`` (the layer), ``load_cues``/``CueLexicon`` (its reporting-cue lexicon) and
``validate_cues`` (checks of its data file).
"""

from .component import QuotesComponent
from .cues import CueLexicon, load_cues, validate_cues
from .quotes import find_quotes

__all__ = ["CueLexicon", "QuotesComponent", "find_quotes", "load_cues", "validate_cues"]

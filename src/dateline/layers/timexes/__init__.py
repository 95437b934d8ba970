"""The time layer: time expressions normalised to TimeML TIMEX3 type and value, looked up per clause.

Public: ``find_timexes`` (the layer), ``TimeIndex`` (what events ask for their date) and
``validate_timex_words`` (checks of its data file).
"""

from .component import TimexesComponent
from .patterns import validate_timex_words
from .timexes import TimeIndex, find_timexes

__all__ = ["TimeIndex", "TimexesComponent", "find_timexes", "validate_timex_words"]

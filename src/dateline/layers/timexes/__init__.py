"""The time layer: time expressions normalised to TimeML TIMEX3 type and value, looked up per clause.

Public: ``find_timexes`` (the layer), ``TimeIndex`` (what events ask for their date) and
``validate_timex_words`` (checks of its data file) and ``preload`` (compiles now what it would compile on
first use).
"""

from .component import TimexesComponent
from .patterns import validate_timex_words
from .timexes import TimeIndex, find_timexes, preload

__all__ = ["TimeIndex", "TimexesComponent", "find_timexes", "preload", "validate_timex_words"]

"""Hostile article shapes, generated (never read from files): each is text that once made a layer
super-linear or flooded the tables. ``make(shape, size)`` repeats the shape's unit to ``size`` characters."""

from __future__ import annotations

import itertools

COUNTRIES = (
    "France Germany Russia China Japan India Brazil Canada Mexico Egypt Iran Iraq Syria Turkey Spain Italy "
    "Poland Kenya Nigeria Chile Peru Cuba Greece Norway Sweden"
).split()

UNITS = {
    "prose": (
        "The foreign minister of France met his Russian counterpart in Geneva on Tuesday, officials said. "
        '"We will not accept new sanctions," the Kremlin spokesman told reporters in Moscow. '
        "Protesters clashed with police in Paris on March 3, and the army said it arrested 40 people.\n\n"
    ),
    "quote_marks": 'word " ',  # thousands of unpaired straight quotation marks
    "curly_quotes": "\u201cWe agree\u201d ",  # paired curly quotes with no cue
    "months": "January February March April May June July August September October November December ",
    "city": "Paris ",  # a capitalised city name repeated
    "sentence": "The president of France met the Russian foreign minister in Berlin on Monday. ",
}


def paired_quotes(n: int) -> str:
    """``n`` quotes, each a distinct dyadic event ("France will attack Germany"), as one paragraph."""
    pairs = itertools.cycle(itertools.permutations(COUNTRIES, 2))
    return "".join(f'"{a} will attack {b}," the minister said. ' for a, b in itertools.islice(pairs, n))


def make(shape: str, size: int) -> str:
    if shape == "paired_quotes":
        return paired_quotes(size // 45 + 1)[:size].rstrip()
    unit = UNITS[shape]
    return (unit * (size // len(unit) + 1))[:size].rstrip()

"""The extraction layers, one subpackage each, run over an article's parsed paragraphs.

``entities`` (named entities, cleaned) -> ``actors/`` (CAMEO-coded actors) -> ``timexes/`` (TIMEX3 time
expressions) -> ``places/`` (geolocated toponyms) -> ``quotes/`` (who said what) -> ``events/`` (who did
what to whom). Each layer's package holds its code, the loading and checking of its own data files and
its spaCy component; other code uses a layer only through what its ``__init__`` exports.
"""

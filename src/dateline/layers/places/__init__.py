"""The places layer: toponyms found in the article and resolved to coordinates with the article as context.

Public: ``find_places`` (the layer), ``PlaceIndex`` (what events ask for their place), ``load_gazetteer``/
``Gazetteer`` (its place names) and ``validate_gazetteer_data`` (checks of its data files).
"""

from .component import PlacesComponent
from .gazetteer import Gazetteer, load_gazetteer
from .gazetteer import validate_data as validate_gazetteer_data
from .places import PlaceIndex, find_places

__all__ = [
    "Gazetteer",
    "PlaceIndex",
    "PlacesComponent",
    "find_places",
    "load_gazetteer",
    "validate_gazetteer_data",
]

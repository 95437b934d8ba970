"""The places layer: toponyms found in the article and resolved to coordinates with the article as context.

Public: ``find_places`` (the layer), ``PlaceIndex`` (what events ask for their place), ``location_of`` and
``precision_of`` (a place as an event's location, a feature's coarse class), ``load_gazetteer``/
``Gazetteer`` (its place names), ``import_places`` (a user's GeoNames file into their gazetteer) and
``validate_gazetteer_data`` (checks of its data files).
"""

from .component import PlacesComponent
from .gazetteer import Gazetteer, load_gazetteer
from .gazetteer import validate_data as validate_gazetteer_data
from .places import PlaceIndex, find_places, location_of, precision_of
from .user_places import import_places

__all__ = [
    "Gazetteer",
    "PlaceIndex",
    "PlacesComponent",
    "find_places",
    "import_places",
    "load_gazetteer",
    "location_of",
    "precision_of",
    "validate_gazetteer_data",
]

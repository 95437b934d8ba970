"""The actors layer: every actor mention of an article resolved to a CAMEO-style code, as of its date.

Public: ``resolve_actors`` (the layer), ``load_actor_data``/``ActorData`` (its dictionaries),
``validate_actor_data`` (checks of its data files), ``preload`` (loads now what it would load on first use)
and the interface other layers use to ask who a span is (``ActorLookup``, ``ResolvedActor``, ``NoActors``).
"""

from .checks import validate_actor_data
from .component import ActorsComponent
from .data import ActorData, load_actor_data, preload
from .resolve import resolve_actors
from .resolved import ActorLookup, NoActors, ResolvedActor

__all__ = ["ActorData", "ActorLookup", "ActorsComponent", "NoActors", "ResolvedActor", "load_actor_data",
           "preload", "resolve_actors", "validate_actor_data"]  # fmt: skip

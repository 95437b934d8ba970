"""The one read path over the store, shared by the CLI, the API and the web UI.

:mod:`~dateline.store.read.filters` defines every list's filters once (frozen dataclasses);
:mod:`~dateline.store.read.rows` the typed rows the queries return. One module per resource holds
its queries, each a function of an open connection: :mod:`.articles`, :mod:`.events` (events and
quotes), :mod:`.actors`, :mod:`.places`, :mod:`.timeline` and :mod:`.network`.
:class:`~dateline.store.Store` exposes them as methods that open a connection and report errors as
:class:`~dateline.errors.StoreError`.
"""

from __future__ import annotations

from dateline.store.read.filters import (
    QUOTE_KINDS,
    ActorFilter,
    ArticleFilter,
    EventFilter,
    PlaceFilter,
    QuoteFilter,
    parse_dyad,
)
from dateline.store.read.rows import (
    ActorRow,
    ActorSummary,
    ArticleRow,
    DyadCount,
    EntityCount,
    EntityRow,
    EventRow,
    FailureRow,
    Network,
    NetworkEdge,
    NetworkNode,
    PlaceRow,
    PlaceSummary,
    QuoteRow,
    RunRow,
    StoredArticle,
    Timeline,
    TimelineBucket,
    TimexRow,
)
from dateline.store.read.timeline import INTERVALS

__all__ = [
    "INTERVALS", "QUOTE_KINDS", "ActorFilter", "ActorRow", "ActorSummary", "ArticleFilter", "ArticleRow",
    "DyadCount", "EntityCount", "EntityRow", "EventFilter", "EventRow", "FailureRow", "Network", "NetworkEdge",
    "NetworkNode", "PlaceFilter", "PlaceRow", "PlaceSummary", "QuoteFilter", "QuoteRow", "RunRow",
    "StoredArticle", "Timeline", "TimelineBucket", "TimexRow", "parse_dyad",
]  # fmt: skip

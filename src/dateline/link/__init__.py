"""Cross-article work: near-duplicate articles (stories) and one event from many reports (linked events).

Pure functions over model types and plain values; the store calls them inside its write transaction
(:mod:`dateline.store.linking`), so the tables and the rule live apart. See docs/linking.md.

- :mod:`.signatures`: word shingles of an article's text, their MinHash signature (datasketch) and the
  LSH band keys stored for look-up;
- :mod:`.rule`: :class:`LinkRule` (the knobs) and when two actors, dates or places are compatible;
- :mod:`.reports`: one event report as the rule sees it, and which linked event it joins.
"""

from __future__ import annotations

from dateline.link.reports import Report, filled, matches, rank, story_matches
from dateline.link.rule import (
    DEFAULT_RULE,
    LinkRule,
    Side,
    date_interval,
    dates_compatible,
    places_compatible,
    side_of,
    sides_compatible,
    widen,
)
from dateline.link.signatures import Signature, band_keys, shingles, signature, similarity

__all__ = [
    "DEFAULT_RULE", "LinkRule", "Report", "Side", "Signature", "band_keys", "date_interval", "dates_compatible",
    "filled", "matches", "places_compatible", "rank", "shingles", "side_of", "signature", "sides_compatible",
    "similarity", "story_matches", "widen",
]  # fmt: skip

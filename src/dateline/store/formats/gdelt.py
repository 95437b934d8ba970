"""GDELT 2.0 Events and Mentions rows for stored events (``dateline export --format gdelt|gdelt-mentions``).

The 61 Events columns and the 16 Mentions columns in the order of the GDELT 2.0 Event Codebook, tab-separated
without a header (as GDELT ships its files; ``header=True`` adds one), one Events row and one Mentions row per
event. Codes stay strings ("010", "0211"); what Dateline cannot fill is empty (docs/exports.md says which and
why). Negated and denied events are left out: GDELT has no field that would say the act did not happen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO
from urllib.parse import urlsplit

from dateline.model import Event, EventActor, Location
from dateline.store.export import neutralise
from dateline.store.formats import codes, geo
from dateline.store.read.rows import EventRow
from dateline.store.read.stream import EventArticle, EventBatch

_ACTOR = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

#: GDELT 2.0 Events columns, in the codebook's order.
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

#: GDELT 2.0 Mentions columns, in the codebook's order.
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

#: Mention types of the GDELT 2.0 codebook that Dateline uses.
WEB, CITATION_ONLY = 1, 2

#: Pronouns: an actor found through one of these was not "in the raw text" (GDELT's InRawText).
_PRONOUNS = frozenset(
    "i me we us you he him she her it they them his its their our this that these those who".split()
)

Cell = str | int | float | None


def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for an event id: the first 8 bytes of sha256(id), big-endian,
    shifted right by one bit. The same event always gets the same GLOBALEVENTID."""
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1 or 1


@dataclass(frozen=True, slots=True)
class MentionCounts:
    mentions: int
    sources: int
    articles: int


def mention_counts(event: Event) -> MentionCounts:
    """GDELT's NumMentions, NumSources, NumArticles for an event.

    Today every stored event comes from one article (events are not yet linked across articles), so there
    is one source and one article; the mentions are the event's report plus the further mentions merged
    into it in the same article (``Event.evidence``), as GDELT counts repeated references in one document.
    Linking events across articles (issue 13) replaces this function with counts over the linked mentions.
    """
    return MentionCounts(mentions=1 + len(event.evidence), sources=1, articles=1)


def exportable(event: Event) -> bool:
    """Whether the event goes into a GDELT file: not negated, not denied."""
    return not event.negated and event.modality != "denied"


def _text(value: str | None) -> str:
    """A free-text cell: one line, no tab, no double quote (GDELT files are not quoted, and a reader's
    default quoting would take a leading quote for one), formula-neutralised."""
    if not value:
        return ""
    flat = " ".join(value.replace('"', "'").split())
    return neutralise(flat)


def _stamp(when: datetime | None) -> str:
    """YYYYMMDDHHMMSS in UTC (GDELT 2.0's DATEADDED)."""
    return when.strftime("%Y%m%d%H%M%S") if when else ""


def _dates(day: date | None) -> list[Cell]:
    """SQLDATE, MonthYear, Year, FractionDate (the year plus the day of the year / 365, 4 decimals)."""
    if day is None:
        return [None, None, None, None]
    fraction = round(day.year + day.timetuple().tm_yday / 365, 4)
    return [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year, fraction]


def _actor(side: Sequence[EventActor], article_id: str, names: Mapping[tuple[str, str], str]) -> list[Cell]:
    if not side:
        return [None] * len(_ACTOR)
    first = side[0]
    parts = codes.split_actor_code(first.code)
    name = names.get((article_id, first.code)) or first.text
    types = [*parts.types, None, None, None][:3]
    country = parts.country if geo.country(parts.country) else None
    return [first.code, _text(name.upper()), country, parts.group, None, None, None, *types]


def geo_type(location: Location) -> int:
    """GDELT's geographic match type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
    A region without a country (a sea, a multi-country region) is 5 too."""
    us = location.country == "USA"
    if location.precision == "country":
        return 1
    if location.precision == "city":
        return 3 if us else 4
    return 2 if us else 5


def full_name(location: Location, division: geo.Admin1 | None) -> str:
    """GDELT's FullName: place, division, country, each named once ("Vladivostok, Primorskiy, Russia")."""
    country = geo.country(location.country)
    parts: list[str] = []
    for part in (location.name, division.name if division else None, country.name if country else None):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def _geo(location: Location | None) -> list[Cell]:
    if location is None or location.lat is None or location.lon is None:
        return [0, None, None, None, None, None, None, None]
    kind = geo_type(location)
    country = geo.country(location.country)
    fips = country.fips if country else None
    division = geo.admin1(location.geonameid, location.precision)
    adm1 = division.gdelt_code if division else fips
    # GDELT gives a country's or a division's own code as its FeatureID ("RS", "USCA"); a city, its id
    feature: Cell = adm1 if kind == 1 or (kind in (2, 5) and division) else location.geonameid
    return [
        kind, _text(full_name(location, division)), fips, adm1, None,
        round(location.lat, 4), round(location.lon, 4), feature,
    ]  # fmt: skip


def source_url(article: EventArticle | None) -> str:
    """The article's URL, else its source's name as a citation (GDELT does the same for sources without one)."""
    if article is None:
        return ""
    return _text(article.url or article.source)


def event_row(ev: EventRow, article: EventArticle | None, names: Mapping[tuple[str, str], str]) -> list[Cell]:
    """One GDELT 2.0 Events row (:data:`EVENT_COLUMNS`); ``names``: actor names by (article id, code)."""
    counts = mention_counts(ev)
    lead = article.lead_end if article else None
    return [
        global_event_id(ev.id), *_dates(ev.date),
        *_actor(ev.source, ev.article_id, names), *_actor(ev.target, ev.article_id, names),
        1 if lead is not None and ev.sentence_start < lead else 0,
        ev.cameo, codes.base_code(ev.cameo), codes.root_code(ev.cameo), codes.quad_class(ev.cameo),
        codes.goldstein(ev.cameo, ev.goldstein),
        counts.mentions, counts.sources, counts.articles, None,
        *_geo(None), *_geo(None), *_geo(ev.location),
        _stamp(article.ingested_at if article else None), source_url(article),
    ]  # fmt: skip


def _in_raw_text(ev: EventRow) -> int:
    """1 unless an actor was found through a pronoun or taken from a quotation's speaker."""
    found = [a.text.lower() for a in (*ev.source[:1], *ev.target[:1])]
    return 0 if "+speaker" in ev.rule or any(t in _PRONOUNS for t in found) else 1


def mention_row(ev: EventRow, article: EventArticle | None) -> list[Cell]:
    """One GDELT 2.0 Mentions row (:data:`MENTION_COLUMNS`): the event's report in its article."""
    stamp = _stamp(article.ingested_at if article else None)
    url = article.url if article else None
    if url:
        kind, name, ident = WEB, urlsplit(url).hostname or "", url
    else:
        kind = CITATION_ONLY
        name = (article.source if article else None) or ""
        ident = ", ".join(p for p in (name, article.title if article else None) if p)
    return [
        global_event_id(ev.id), stamp, stamp, kind, _text(name), _text(ident), None,
        ev.source[0].start if ev.source else -1, ev.target[0].start if ev.target else -1, ev.trigger_start,
        _in_raw_text(ev), round(ev.confidence * 100), article.text_length if article else None, None, None,
        f"<DATELINE_EVENT_ID>{ev.id}</DATELINE_EVENT_ID><DATELINE_ARTICLE_ID>{ev.article_id}</DATELINE_ARTICLE_ID>",
    ]  # fmt: skip


def _line(cells: list[Cell]) -> str:
    return "\t".join("" if c is None else str(c) for c in cells) + "\n"


def _rows(batches: Iterator[EventBatch], mentions: bool) -> Iterator[list[Cell] | None]:
    """A row per exportable event; ``None`` for each event left out."""
    for batch in batches:
        for ev in batch.events:
            if not exportable(ev):
                yield None
                continue
            article = batch.articles.get(ev.article_id)
            if mentions:
                yield mention_row(ev, article)
            else:
                yield event_row(ev, article, batch.names)


def write_gdelt(
    batches: Iterator[EventBatch], out: IO[str], *, mentions: bool = False, header: bool = False
) -> tuple[int, int]:
    """Write GDELT 2.0 Events (or, with ``mentions``, Mentions) rows; return (written, left out)."""
    if header:
        out.write("\t".join(MENTION_COLUMNS if mentions else EVENT_COLUMNS) + "\n")
    written = skipped = 0
    for row in _rows(batches, mentions):
        if row is None:
            skipped += 1
        else:
            out.write(_line(row))
            written += 1
    return written, skipped

"""GDELT 2.0 Events and Mentions rows for stored events (``dateline export --format gdelt|gdelt-mentions``).

The 61 Events columns and the 16 Mentions columns in the order of the GDELT 2.0 Event Codebook, tab-separated
without a header (as GDELT ships its files; ``header=True`` adds one). As in GDELT, the Events file has one row
per distinct event and the Mentions file one row per report: reports that linking (docs/linking.md) joined into
one linked event share its GLOBALEVENTID and its counts (NumMentions, NumSources, NumArticles), and only the
first of them that an export reaches writes an Events row. An event linking has not placed stands alone.
Codes stay strings ("010", "0211"); what Dateline cannot fill is empty (docs/exports.md says which and
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
from dateline.store.read.stream import EventArticle, EventBatch, EventLink

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


def mention_counts(event: Event, link: EventLink | None = None) -> MentionCounts:
    """GDELT's NumMentions, NumSources, NumArticles for an event.

    For a report of a linked event: the linked event's reports and the further mentions merged into each in
    its article (copies of an article too, as GDELT counts every mention), its distinct outlets and its
    distinct articles. For an event that stands alone: its one
    article and source, and as mentions the event's report plus the further mentions merged into it in the
    same article (``Event.evidence``), as GDELT counts repeated references in one document.
    """
    if link is not None:
        return MentionCounts(mentions=link.references, sources=max(1, link.sources), articles=link.articles)
    return MentionCounts(mentions=1 + len(event.evidence), sources=1, articles=1)


def event_key(ev: EventRow, link: EventLink | None) -> str:
    """The id whose GLOBALEVENTID an event's rows carry: its linked event's, else its own."""
    return link.linked_id if link is not None else ev.id


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
    if location.precision in ("city", "point", "admin2"):
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
    division = geo.division_of(location)
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


def event_row(
    ev: EventRow, article: EventArticle | None, names: Mapping[tuple[str, str], str], link: EventLink | None = None
) -> list[Cell]:
    """One GDELT 2.0 Events row (:data:`EVENT_COLUMNS`); ``names``: actor names by (article id, code). For a
    report of a linked event the row is the linked event's: its id and counts, and as DATEADDED and SOURCEURL
    when and where it was first seen."""
    counts = mention_counts(ev, link)
    lead = article.lead_end if article else None
    added = link.first_seen if link is not None else (article.ingested_at if article else None)
    url = _text(link.first_url) if link is not None and link.first_url else source_url(article)
    return [
        global_event_id(event_key(ev, link)), *_dates(ev.date),
        *_actor(ev.source, ev.article_id, names), *_actor(ev.target, ev.article_id, names),
        1 if lead is not None and ev.sentence_start < lead else 0,
        ev.cameo, codes.base_code(ev.cameo), codes.root_code(ev.cameo), codes.quad_class(ev.cameo),
        codes.goldstein(ev.cameo, ev.goldstein),
        counts.mentions, counts.sources, counts.articles, None,
        *_geo(None), *_geo(None), *_geo(ev.location), _stamp(added), url,
    ]  # fmt: skip


def _in_raw_text(ev: EventRow) -> int:
    """1 unless an actor was found through a pronoun or taken from a quotation's speaker."""
    found = [a.text.lower() for a in (*ev.source[:1], *ev.target[:1])]
    return 0 if "+speaker" in ev.rule or any(t in _PRONOUNS for t in found) else 1


def mention_row(ev: EventRow, article: EventArticle | None, link: EventLink | None = None) -> list[Cell]:
    """One GDELT 2.0 Mentions row (:data:`MENTION_COLUMNS`): the event's report in its article, under its
    linked event's GLOBALEVENTID and first-seen time (EventTimeDate) where it has one."""
    stamp = _stamp(article.ingested_at if article else None)
    first = _stamp(link.first_seen) if link is not None else stamp
    url = article.url if article else None
    if url:
        kind, name, ident = WEB, urlsplit(url).hostname or "", url
    else:
        kind = CITATION_ONLY
        name = (article.source if article else None) or ""
        ident = ", ".join(p for p in (name, article.title if article else None) if p)
    return [
        global_event_id(event_key(ev, link)), first, stamp, kind, _text(name), _text(ident), None,
        ev.source[0].start if ev.source else -1, ev.target[0].start if ev.target else -1, ev.trigger_start,
        _in_raw_text(ev), round(ev.confidence * 100), article.text_length if article else None, None, None,
        f"<DATELINE_EVENT_ID>{ev.id}</DATELINE_EVENT_ID><DATELINE_ARTICLE_ID>{ev.article_id}</DATELINE_ARTICLE_ID>",
    ]  # fmt: skip


def _line(cells: list[Cell]) -> str:
    return "\t".join("" if c is None else str(c) for c in cells) + "\n"


FOLDED = "folded"  # what _rows yields for a report whose linked event already has its Events row


def _rows(batches: Iterator[EventBatch], mentions: bool) -> Iterator[list[Cell] | str | None]:
    """A row per exportable event (Events: per linked event); ``None`` for each event left out, ``FOLDED`` for
    each further report of a linked event already written."""
    written: set[str] = set()  # linked event ids with an Events row (ids only: a few bytes per event)
    for batch in batches:
        for ev in batch.events:
            if not exportable(ev):
                yield None
                continue
            article = batch.articles.get(ev.article_id)
            link = batch.links.get(ev.id)
            if mentions:
                yield mention_row(ev, article, link)
            elif link is not None and link.linked_id in written:
                yield FOLDED
            else:
                if link is not None:
                    written.add(link.linked_id)
                yield event_row(ev, article, batch.names, link)


def write_gdelt(
    batches: Iterator[EventBatch], out: IO[str], *, mentions: bool = False, header: bool = False
) -> tuple[int, int, int]:
    """Write GDELT 2.0 Events (or, with ``mentions``, Mentions) rows; return (written, left out, reports
    folded into the Events row of their linked event)."""
    if header:
        out.write("\t".join(MENTION_COLUMNS if mentions else EVENT_COLUMNS) + "\n")
    written = skipped = folded = 0
    for row in _rows(batches, mentions):
        if row is None:
            skipped += 1
        elif row == FOLDED:
            folded += 1
        else:
            assert isinstance(row, list)
            out.write(_line(row))
            written += 1
    return written, skipped, folded

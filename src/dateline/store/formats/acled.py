"""ACLED-style CSV rows for stored events (``dateline export --format acled``).

ACLED's columns in the order of its data exports, one row per event that has an ACLED type. The type comes
from the event's CAMEO code through ``acled_types.tsv`` (longest prefix; docs/exports.md lists the mapping);
events without one, and events that did not happen as reported (negated, or not asserted: intended,
hypothetical, requested, denied), are left out, since ACLED records events that took place. Actor types
(inter1/inter2) come from the actor codes' sectors. Text cells are formula-neutralised as in every CSV export.
Like ACLED, which codes each event once from all the reports of it, reports that linking joined into one
linked event (docs/linking.md) give one row: the first the export reaches, under the linked event's id, with
every outlet that reported it in ``source``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO

from dateline.data import read_tsv
from dateline.model import Event, EventActor
from dateline.store.export import neutralise
from dateline.store.formats import codes, geo
from dateline.store.read.rows import EventRow
from dateline.store.read.stream import EventArticle, EventBatch, EventLink

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: ACLED's event types and their sub-event types (ACLED Codebook).
ACLED_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    "Explosions/Remote violence": frozenset({
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    }),
    "Violence against civilians": frozenset({"Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Protests": frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset({
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other",
    }),
}  # fmt: skip
DISORDER_TYPES = frozenset({"Political violence", "Demonstrations", "Strategic developments"})

#: ACLED actor types (inter codes).
STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "DIP"})
_REBEL_SECTORS = frozenset({"REB", "INS", "SEP"})
_MILITIA_SECTORS = frozenset({"UAF", "IMG"})
_EXTERNAL_CODES = frozenset({"IGO", "NGO", "MNC"})
#: ACLED's time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month (or less).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
#: ACLED's geo_precision: 1 the town itself, 2 the district (second-level division) it is in, 3 a larger region
#: (a province or the country) stands for it.
GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
#: How a sector reads in an ACLED-style actor name ("Military Forces of Russia").
_NAMES = {
    "MIL": "Military Forces of {}", "COP": "Police Forces of {}", "GOV": "Government of {}",
    "SPY": "Intelligence Services of {}", "JUD": "Judiciary of {}", "LEG": "Legislature of {}",
    "DIP": "Diplomats of {}",
}  # fmt: skip
_GROUP_NAMES = {PROTESTERS: "Protesters", RIOTERS: "Rioters", CIVILIANS: "Civilians"}


@dataclass(frozen=True, slots=True)
class AcledType:
    event_type: str
    sub_event_type: str
    disorder_type: str
    state_sub_event_type: str | None


@functools.cache
def _table() -> dict[str, AcledType | None]:
    out: dict[str, AcledType | None] = {}
    for _, row in read_tsv("acled_types.tsv"):
        out[row["cameo"]] = (
            AcledType(row["event_type"], row["sub_event_type"], row["disorder_type"], row.get("state_sub_event_type") or None)
            if row["event_type"] else None
        )  # fmt: skip
    return out


def acled_type(cameo: str) -> AcledType | None:
    """The ACLED type of a CAMEO code (longest prefix in ``acled_types.tsv``), ``None`` if it has none."""
    table = _table()
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def validate_acled_data() -> list[str]:
    """Problems in ``acled_types.tsv`` and ``acled_regions.tsv`` as ``path:line: problem``."""
    problems: list[str] = []
    known = {row["code"] for _, row in read_tsv("cameo_codes.tsv")}
    seen: set[str] = set()
    for lineno, row in read_tsv("acled_types.tsv"):
        where = f"acled_types.tsv:{lineno}"
        if row.get("cameo") not in known:
            problems.append(f"{where}: {row.get('cameo')!r} is not a CAMEO code in cameo_codes.tsv")
        if row.get("cameo") in seen:
            problems.append(f"{where}: duplicate code {row.get('cameo')!r}")
        seen.add(row.get("cameo", ""))
        kind = row.get("event_type", "")
        if not kind:
            if any(row.get(k) for k in ("sub_event_type", "disorder_type", "state_sub_event_type")):
                problems.append(f"{where}: a row without event_type must leave the other types empty")
            continue
        subs = ACLED_TYPES.get(kind)
        if subs is None:
            problems.append(f"{where}: {kind!r} is not an ACLED event type")
            continue
        for col in ("sub_event_type", "state_sub_event_type"):
            value = row.get(col) or ""
            if (value or col == "sub_event_type") and value not in subs:
                problems.append(f"{where}: {value!r} is not a sub-event type of {kind}")
        if row.get("disorder_type") not in DISORDER_TYPES:
            problems.append(f"{where}: {row.get('disorder_type')!r} is not an ACLED disorder type")
    regions = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
               "Middle East", "Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe",
               "North America", "Central America", "Caribbean", "South America", "Oceania", "Antarctica"}  # fmt: skip
    iso3: set[str] = set()
    for lineno, row in read_tsv("acled_regions.tsv"):
        where = f"acled_regions.tsv:{lineno}"
        code = row.get("iso3", "")
        if len(code) != 3 or not code.isupper() or code in iso3:
            problems.append(f"{where}: bad or duplicate country code {code!r}")
        iso3.add(code)
        if row.get("region") not in regions:
            problems.append(f"{where}: {row.get('region')!r} is not an ACLED region")
    return problems


def exportable(event: Event) -> bool:
    """ACLED records what happened: asserted events that are not negated."""
    return event.modality == "asserted" and not event.negated


def inter_code(actor: EventActor | None, plover: str, riot: bool) -> int:
    """ACLED's actor type for an actor (0: no actor). Protest and riot sources are protesters or rioters."""
    if actor is None:
        return 0
    parts = codes.split_actor_code(actor.code)
    sectors = set(parts.types)
    if parts.types[:1] and parts.types[0] in _EXTERNAL_CODES:
        return EXTERNAL
    if sectors & _REBEL_SECTORS:
        return REBELS
    if sectors & _MILITIA_SECTORS:
        return POLITICAL_MILITIA
    if plover == "PROTEST":
        return RIOTERS if riot else PROTESTERS
    if sectors & _STATE_SECTORS or (parts.country and not parts.types):
        return STATE
    return CIVILIANS


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two actor types, the lower first; a sole actor's type then 0 (60)."""
    if inter2 == 0 or inter1 == 0:
        return max(inter1, inter2) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def actor_name(actor: EventActor, inter: int, name: str | None) -> str:
    """An ACLED-style actor name: "Military Forces of Russia", "Protesters (Georgia)", else the actor's name."""
    parts = codes.split_actor_code(actor.code)
    country = geo.country(parts.country)
    if inter in _GROUP_NAMES:
        return f"{_GROUP_NAMES[inter]} ({country.name})" if country else _GROUP_NAMES[inter]
    if country and inter == STATE:
        template = _NAMES.get(parts.types[0]) if parts.types else None
        return template.format(country.name) if template else country.name
    return name or actor.text


def _cell(value: str | None) -> str:
    return neutralise(value) if value else ""


def row(
    ev: EventRow,
    kind: AcledType,
    article: EventArticle | None,
    names: Mapping[tuple[str, str], str],
    link: EventLink | None = None,
) -> list[object]:
    """The ACLED-style row of one event (of its linked event, with ``link``)."""
    riot = kind.event_type == "Riots"
    src, tgt = ev.source[:1], ev.target[:1]
    inter1 = inter_code(src[0] if src else None, ev.plover, riot)
    inter2 = inter_code(tgt[0] if tgt else None, "", False)
    sub = kind.state_sub_event_type if kind.state_sub_event_type and inter1 == STATE else kind.sub_event_type

    def named(side: tuple[EventActor, ...], inter: int) -> str:
        return _cell(actor_name(side[0], inter, names.get((ev.article_id, side[0].code)))) if side else ""

    def assoc(side: tuple[EventActor, ...]) -> str:
        return _cell("; ".join(names.get((ev.article_id, a.code)) or a.text for a in side[1:]))

    loc = ev.location
    country = geo.country(loc.country) if loc else None
    division = geo.division_of(loc) if loc else None
    located = loc is not None and loc.lat is not None and loc.lon is not None
    stamp = link.first_seen if link is not None else (article.ingested_at if article else None)
    outlets = "; ".join(link.outlets) if link is not None and link.outlets else (article.source if article else None)
    return [
        link.linked_id if link is not None else ev.id, ev.date.isoformat() if ev.date else "", ev.date.year if ev.date else "",
        TIME_PRECISION.get(ev.date_precision or "", ""), kind.disorder_type, kind.event_type, sub,
        named(ev.source, inter1), assoc(ev.source), inter1, named(ev.target, inter2), assoc(ev.target), inter2,
        interaction(inter1, inter2),
        "Civilian targeting" if kind.disorder_type == "Political violence" and inter2 == CIVILIANS else "",
        country.numeric if country and country.numeric is not None else "",
        _cell(country.acled_region if country else None), _cell(country.name if country else None),
        _cell(division.name if division else None), _cell(loc.admin2 if loc else None), "", _cell(loc.name if loc else None),
        loc.lat if located and loc else "", loc.lon if located and loc else "",
        GEO_PRECISION.get(loc.precision or "", "") if located and loc else "",
        _cell(outlets), "", _cell(ev.sentence), "", "",
        int(stamp.timestamp()) if stamp else "",
    ]  # fmt: skip


def write_acled(batches: Iterator[EventBatch], out: IO[str]) -> tuple[int, int, int]:
    """Write the ACLED-style CSV with its header; return (written, left out, reports folded into the row of
    their linked event)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = skipped = folded = 0
    seen: set[str] = set()  # linked events with a row
    for batch in batches:
        rows = []
        for ev in batch.events:
            kind = acled_type(ev.cameo) if exportable(ev) else None
            if kind is None:
                skipped += 1
                continue
            link = batch.links.get(ev.id)
            if link is not None:
                if link.linked_id in seen:
                    folded += 1
                    continue
                seen.add(link.linked_id)
            rows.append(row(ev, kind, batch.articles.get(ev.article_id), batch.names, link))
        writer.writerows(rows)
        written += len(rows)
    return written, skipped, folded

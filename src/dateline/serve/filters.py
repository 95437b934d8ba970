"""Query-string filters shared by the event endpoints and pages, and CSV responses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import Response

from dateline.serve.errors import ApiError
from dateline.store.analytics import EventFilter
from dateline.store.export import neutralise

Code = Annotated[str | None, Query(max_length=100)]


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    """``"RUS,UKR"`` (or ``RUS:UKR``) -> ``("RUS", "UKR")``; 422 for anything but two codes."""
    dyad = _blank(dyad)
    if dyad is None:
        return None
    parts = [p.strip() for p in dyad.replace(":", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise ApiError(422, "dyad: expected two actor codes separated by a comma, e.g. RUS,UKR")
    return parts[0], parts[1]


def parse_date(name: str, value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` query value; empty means no bound (HTML forms send empty fields)."""
    value = _blank(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def event_filter(
    actor: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Actor code (a country code also finds its actors: RUS finds RUSGOV), in either role.",
        ),
    ] = None,
    source: Annotated[str | None, Query(max_length=100, description="Source actor code.")] = None,
    target: Annotated[str | None, Query(max_length=100, description="Target actor code.")] = None,
    dyad: Annotated[
        str | None,
        Query(
            max_length=201, description="Two actor codes, `A,B` (or `A:B`): events between them, either way."
        ),
    ] = None,
    country: Annotated[str | None, Query(max_length=100, description="Country code of any actor.")] = None,
    type: Annotated[str | None, Query(max_length=100, description="PLOVER event type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, Query(max_length=20, description="CAMEO code prefix, e.g. 04.")] = None,
    since: Annotated[
        str | None, Query(max_length=10, description="Event date on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=10, description="Event date on or before (YYYY-MM-DD).")
    ] = None,
    place: Annotated[
        str | None, Query(max_length=200, description="Part of the location name, or its country code.")
    ] = None,
    modality: Annotated[str | None, Query(max_length=50, description="asserted, quoted, hedged, ...")] = None,
    article: Annotated[str | None, Query(max_length=100, description="Only this article's events.")] = None,
) -> EventFilter:
    return EventFilter(
        actor=_blank(actor), source=_blank(source), target=_blank(target), dyad=parse_dyad(dyad),
        country=_blank(country), plover=_blank(type), cameo=_blank(cameo), since=parse_date("since", since),
        until=parse_date("until", until),
        place=_blank(place), modality=_blank(modality), article_id=_blank(article),
    )  # fmt: skip


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def csv_response(rows: Iterable[dict[str, Any]], columns: list[str], name: str) -> Response:
    """``rows`` as a CSV download; text cells a spreadsheet would run as formulas get a leading ``'``."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    """An event as one flat row (actors joined by ``;``) for CSV."""
    loc = e.get("location") or {}
    return {
        **{k: v for k, v in e.items() if k not in ("source", "target", "location")},
        "source": ";".join(a["code"] for a in e["source"]),
        "target": ";".join(a["code"] for a in e["target"]),
        "location": loc.get("name"),
        "location_country": loc.get("country"),
    }


EVENT_CSV_COLUMNS = [
    "id", "article_id", "date", "source", "plover", "cameo", "target", "modality", "negated", "confidence",
    "goldstein", "location", "location_country", "trigger_text", "rule", "article_title",
]  # fmt: skip

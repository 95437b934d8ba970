"""Query-string filters shared by the API endpoints and pages, and CSV responses.

The query parameters only build the store's filter dataclasses (``dateline.store.read``); what a
filter means is defined there once, for the CLI and the API alike."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response

from dateline.errors import StoreError
from dateline.serve.errors import ApiError
from dateline.store.export import neutralise
from dateline.store.read import EventFilter, EventRow, QuoteFilter
from dateline.store.read import parse_dyad as store_parse_dyad
from dateline.store.read.linked import LinkedEventRow

Code = Annotated[str | None, Query(max_length=100)]


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    """``"RUS,UKR"`` (or ``RUS:UKR``) -> ``("RUS", "UKR")``; 422 for anything but two codes."""
    dyad = _blank(dyad)
    if dyad is None:
        return None
    try:
        return store_parse_dyad(dyad)
    except StoreError:
        raise ApiError(
            422, "dyad: expected two actor codes SOURCE,TARGET (or SOURCE:TARGET), e.g. RUS,UKR"
        ) from None


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
            max_length=201,
            description="Two actor codes `SOURCE,TARGET` (or `SOURCE:TARGET`): events from the first to the "
            "second. Directed, as `dateline events --dyad`; add `either_direction=true` for both ways.",
        ),
    ] = None,
    either_direction: Annotated[
        bool, Query(description="With `dyad`: also events from the second actor to the first.")
    ] = False,
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
        actor=actor, source=source, target=target, dyad=parse_dyad(dyad), either_direction=either_direction,
        country=country, plover=type, cameo=cameo, since=parse_date("since", since),
        until=parse_date("until", until), place=place, modality=modality, article_id=article,
    )  # fmt: skip


def quote_filter(
    speaker: Annotated[
        str | None,
        Query(
            max_length=200, description="Part of the speaker's name (any case), or the speaker's actor code."
        ),
    ] = None,
    actor: Annotated[str | None, Query(max_length=100, description="The speaker's actor code.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the quoted text.")] = None,
    kind: Annotated[
        Literal["direct", "indirect", "mixed"] | None, Query(description="Only quotes of this kind.")
    ] = None,
    article: Annotated[str | None, Query(max_length=100, description="Only this article's quotes.")] = None,
    since: Annotated[
        str | None, Query(max_length=10, description="Article published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=10, description="Article published on or before (YYYY-MM-DD).")
    ] = None,
) -> QuoteFilter:
    return QuoteFilter(
        speaker=speaker, actor=actor, q=q, kind=kind, article_id=article, since=parse_date("since", since),
        until=parse_date("until", until),
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


def flat_event(e: EventRow) -> dict[str, Any]:
    """An event as one flat row (actors joined by ``;``) for CSV."""
    return {
        **{c: getattr(e, c, None) for c in EVENT_CSV_COLUMNS},
        "source": ";".join(a.code for a in e.source),
        "target": ";".join(a.code for a in e.target),
        "location": e.location.name if e.location else None,
        "location_country": e.location.country if e.location else None,
    }


EVENT_CSV_COLUMNS = [
    "id", "article_id", "date", "source", "plover", "cameo", "target", "modality", "negated", "confidence",
    "goldstein", "location", "location_country", "trigger_text", "rule", "article_title",
]  # fmt: skip


def linked_out(e: LinkedEventRow) -> dict[str, Any]:
    """A linked event as API data: each report's evidence sentence also at the top of the report."""
    data = dataclasses.asdict(e)
    for rep in data["reports"]:
        rep["sentence"] = rep["event"].get("sentence")
    return data


def flat_linked(e: LinkedEventRow) -> dict[str, Any]:
    """A linked event as one flat CSV row."""
    return {
        **{c: getattr(e, c, None) for c in LINKED_CSV_COLUMNS},
        "source": ";".join(a.code for a in e.source),
        "target": ";".join(a.code for a in e.target),
        "location": e.location.name if e.location else None,
        "location_country": e.location.country if e.location else None,
    }


LINKED_CSV_COLUMNS = [
    "id", "date", "source", "plover", "cameo", "target", "modality", "negated", "goldstein", "location",
    "location_country", "stories", "articles", "sources", "mentions", "first_seen", "first_url", "first_article_id",
]  # fmt: skip

"""``dateline events``: list stored events with their actors, codes and evidence sentence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from ..store.read import EventFilter, EventRow, parse_dyad
from .options import db_option, event_filter_options, format_option, page_options
from .render import emit_rows, fail

COLUMNS = [
    "date", "plover", "plover_mode", "cameo", "goldstein", "source", "target", "trigger", "modality",
    "negated", "confidence", "rule", "location", "article_id", "sentence",
]  # fmt: skip


def event_filter(kw: dict[str, Any]) -> EventFilter:
    """The ``EventFilter`` of the ``event_filter_options`` in ``kw`` (popped); a usage error if bad."""
    dyad, since, until = kw.pop("dyad"), kw.pop("since"), kw.pop("until")
    try:
        return EventFilter(
            dyad=parse_dyad(dyad) if dyad else None, either_direction=kw.pop("either_direction"),
            actor=kw.pop("actor"), source=kw.pop("source_actor"), target=kw.pop("target"),
            country=kw.pop("country"), plover=kw.pop("plover"), cameo=kw.pop("cameo"),
            since=since.date() if since else None, until=until.date() if until else None,
            place=kw.pop("place"), modality=kw.pop("modality"), article_id=kw.pop("article_id"),
        )  # fmt: skip
    except DatelineError as exc:
        fail(exc.reason)


def resolve_article(store: Store, prefix: str | None) -> str | None:
    """The full article id for ``--article`` (exit 1 if no article or several match)."""
    if prefix is None:
        return None
    full = store.resolve_article_id(prefix)
    if full is None:
        fail(f"no article with id or unique prefix {prefix!r}", status=1)
    return full


@click.command("events")
@db_option
@event_filter_options
@page_options
@format_option("table", "csv", "jsonl")
def events_cmd(db: str, limit: int, offset: int, out_format: str, **kw: Any) -> None:
    """List stored events (who did what to whom) with the sentence they were read from.

    The filters are those of the API's /api/events. A dyad is directed: --dyad RUS:PRK means RUS
    did something to PRK; add --either-direction for both ways.

    \b
    Examples:
      dateline events --actor RUS
      dateline events --dyad RUS:PRK --type AGREE
      dateline events --dyad RUS:PRK --either-direction --format jsonl
      dateline events --cameo 04 --since 2023-09-01 --format csv > events.csv
    """
    f = event_filter(kw)
    try:
        with Store.open(db) as store:
            if f.article_id is not None:
                f = replace(f, article_id=resolve_article(store, f.article_id))
            rows = store.events(f, limit=limit, offset=offset)
    except DatelineError as exc:
        fail(str(exc))
    emit_rows(
        rows, out_format, columns=COLUMNS, flat=_flat, title=f"{len(rows)} event(s)",
        table_columns=["date", "plover", "cameo", "source", "target", "trigger", "modality", "sentence"],
    )  # fmt: skip


def _flat(r: EventRow) -> dict[str, Any]:
    return {
        "date": r.date, "plover": r.plover, "plover_mode": r.plover_mode, "cameo": r.cameo,
        "goldstein": r.goldstein, "source": "+".join(a.code for a in r.source),
        "target": "+".join(a.code for a in r.target), "trigger": r.trigger_text, "modality": r.modality,
        "negated": r.negated, "confidence": r.confidence, "rule": r.rule,
        "location": r.location.name if r.location else None, "article_id": r.article_id, "sentence": r.sentence,
    }  # fmt: skip

"""``dateline events``: list stored events with their actors, codes and evidence sentence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from ..store.read import EventFilter, EventRow, parse_dyad
from ..store.read.linked import LinkedEventRow
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
@click.option("--linked", is_flag=True, help="Distinct linked events (one event, many reports) with their counts "
              "instead of every report; the filters select linked events with a matching report.")
@click.option("--reports", is_flag=True, help="With --linked: every report of each event (jsonl: nested; table/csv: "
              "one line per report).")
@page_options
@format_option("table", "csv", "jsonl")
def events_cmd(db: str, limit: int, offset: int, out_format: str, linked: bool, reports: bool, **kw: Any) -> None:
    """List stored events (who did what to whom) with the sentence they were read from.

    The filters are those of the API's /api/events. A dyad is directed: --dyad RUS:PRK means RUS
    did something to PRK; add --either-direction for both ways. --linked lists each event once, with how
    many reports, articles, stories (syndicated copies count once) and outlets told it (docs/linking.md).

    \b
    Examples:
      dateline events --actor RUS
      dateline events --dyad RUS:PRK --type AGREE
      dateline events --dyad RUS:PRK --either-direction --format jsonl
      dateline events --cameo 04 --since 2023-09-01 --format csv > events.csv
      dateline events --linked --type ASSAULT --since 2024-05-01
      dateline events --linked --reports --format jsonl
    """
    f = event_filter(kw)
    try:
        with Store.open(db) as store:
            if f.article_id is not None:
                f = replace(f, article_id=resolve_article(store, f.article_id))
            if linked:
                found = store.linked_events(f, limit=limit, offset=offset, reports=reports)
            else:
                rows = store.events(f, limit=limit, offset=offset)
    except DatelineError as exc:
        fail(str(exc))
    if linked:
        _emit_linked(found, out_format, reports)
        return
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


LINKED_COLUMNS = [
    "id", "date", "date_precision", "plover", "cameo", "source", "target", "location", "location_country",
    "stories", "articles", "sources", "mentions", "first_seen", "first_url", "first_article_id",
]  # fmt: skip
REPORT_COLUMNS = ["id", "date", "plover", "source", "target", "stories", "articles", "mentions",
                  "report_outlet", "report_article_id", "report_copy", "report_how", "report_sentence"]  # fmt: skip


def _flat_linked(r: LinkedEventRow) -> dict[str, Any]:
    return {
        "id": r.id, "date": r.date, "date_precision": r.date_precision, "plover": r.plover, "cameo": r.cameo,
        "source": "+".join(a.code for a in r.source), "target": "+".join(a.code for a in r.target),
        "location": r.location.name if r.location else None,
        "location_country": r.location.country if r.location else None, "stories": r.stories,
        "articles": r.articles, "sources": r.sources, "mentions": r.mentions, "first_seen": r.first_seen,
        "first_url": r.first_url, "first_article_id": r.first_article_id,
    }  # fmt: skip


def _emit_linked(rows: list[LinkedEventRow], out_format: str, reports: bool) -> None:
    if out_format == "jsonl" or not reports:
        emit_rows(
            rows, out_format, columns=LINKED_COLUMNS, flat=_flat_linked, title=f"{len(rows)} linked event(s)",
            table_columns=["id", "date", "plover", "source", "target", "location", "stories", "articles", "sources",
                           "mentions"],
        )  # fmt: skip
        return
    lines = [
        {**_flat_linked(r), "report_outlet": m.outlet, "report_article_id": m.event.article_id,
         "report_copy": m.is_copy, "report_how": m.how, "report_sentence": m.event.sentence}
        for r in rows
        for m in r.reports
    ]  # fmt: skip
    emit_rows(lines, out_format, columns=REPORT_COLUMNS, title=f"{len(rows)} linked event(s), {len(lines)} report(s)",
              table_columns=["id", "date", "plover", "source", "target", "report_outlet", "report_copy",
                             "report_sentence"])  # fmt: skip

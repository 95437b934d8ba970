"""``dateline export``: a table as JSON Lines, CSV or Parquet; or the events as GDELT, PLOVER, ACLED or GeoJSON."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from ..store.export import EXPORT_FORMATS, EXPORT_TABLES, export_table
from ..store.formats import EVENT_FORMATS, ExportResult, export_events
from ..store.read import EventFilter
from .events import event_filter, resolve_article
from .options import db_option, event_filter_options
from .render import fail


@click.command("export")
@db_option
@click.option(
    "--table",
    "-t",
    type=click.Choice(EXPORT_TABLES),
    default=None,
    help="The table to export as jsonl, csv or parquet (default: events).",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice([*EXPORT_FORMATS, *EVENT_FORMATS]),
    default="jsonl",
    show_default=True,
    help="jsonl, csv, parquet: a table. gdelt, gdelt-mentions, plover, acled, geojson: the events, "
    "filtered like `dateline events` (see docs/exports.md).",
)
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="File to write; - for standard output (not for parquet). plover: a .json file gets one JSON array.",
)
@click.option(
    "--header", is_flag=True, help="gdelt, gdelt-mentions: start with the column names (GDELT ships none)."
)
@click.option("--places", is_flag=True, help="geojson: the places (with their counts) instead of the events.")
@event_filter_options
def export_cmd(db: str, table: str | None, out_format: str, output: str, header: bool, places: bool, **kw: Any) -> None:  # fmt: skip
    """Export a table, or the events in a format other tools read.

    Tables (--table, --format jsonl|csv|parquet) come whole. Events as gdelt (GDELT 2.0 Events, 61 columns,
    tab-separated), gdelt-mentions, plover (PLOVER JSON Lines), acled (ACLED-style CSV) or geojson
    (a FeatureCollection) take the event filters of `dateline events`. CSV cells that a spreadsheet
    would run as formulas are neutralised.

    \b
    Examples:
      dateline export --table entities --format csv -o entities.csv
      dateline export --table articles --format parquet -o articles.parquet
      dateline export --table events | jq .plover
      dateline export --format gdelt --since 2023-09-01 -o events.tsv
      dateline export --format gdelt-mentions --header -o mentions.tsv
      dateline export --format plover --actor RUS -o russia.jsonl
      dateline export --format acled --place UKR -o ukraine.csv
      dateline export --format geojson --type ASSAULT -o assaults.geojson
      dateline export --format geojson --places -o places.geojson
    """
    f = event_filter(kw)
    if out_format in EVENT_FORMATS:
        if table is not None:
            raise click.UsageError(f"--table exports a table as jsonl, csv or parquet, not as {out_format}")
        if header and not out_format.startswith("gdelt"):
            raise click.UsageError("--header is for gdelt and gdelt-mentions")
        if places and (out_format != "geojson" or f != EventFilter()):
            raise click.UsageError("--places is for geojson, without event filters")
    else:
        if f != EventFilter() or header or places:
            raise click.UsageError(f"event filters, --header and --places are for the event formats ({', '.join(EVENT_FORMATS)})")  # fmt: skip
        if out_format == "parquet" and output == "-":
            raise click.UsageError("parquet needs --output FILE")
    try:
        store = Store.open(db)
    except DatelineError as exc:
        fail(str(exc))  # as every other command: a database that cannot be opened is status 2
    target: Any = sys.stdout if output == "-" else output
    try:
        with store:
            if out_format not in EVENT_FORMATS:
                n = export_table(store, table, out_format, target)
                click.echo(f"dateline: exported {n} row(s) from {table or 'events'}", err=True)
                return
            if f.article_id is not None:
                f = replace(f, article_id=resolve_article(store, f.article_id))
            result = export_events(
                store, out_format, target, f, header=header, places=places, array=output.endswith(".json")
            )
    except DatelineError as exc:
        fail(str(exc), status=1)
    click.echo(_summary(result, out_format, places), err=True)


def _summary(result: ExportResult, out_format: str, places: bool) -> str:
    what = "place(s)" if places else "event(s)"
    line = f"dateline: exported {result.written} {what} as {out_format}"
    if result.left_out:
        line += f"; left out {result.left_out} ({result.reason})"
    if result.folded:
        line += f"; {result.folded} further report(s) counted in their linked event's record"
    return line

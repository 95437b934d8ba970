"""``dateline export``: a table as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import sys

import click

from ..errors import DatelineError
from ..store import Store
from ..store.export import EXPORT_TABLES, export_table
from .options import db_option
from .render import fail


@click.command("export")
@db_option
@click.option("--table", "-t", type=click.Choice(EXPORT_TABLES), default="events", show_default=True)
@click.option("--format", "out_format", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for standard output (not for parquet).")
def export_cmd(db: str, table: str, out_format: str, output: str) -> None:
    """Export a table. CSV cells that a spreadsheet would run as formulas are neutralised.

    \b
    Examples:
      dateline export --table entities --format csv -o entities.csv
      dateline export --table articles --format parquet -o articles.parquet
      dateline export --table events | jq .plover
    """
    if out_format == "parquet" and output == "-":
        raise click.UsageError("parquet needs --output FILE")
    try:
        store = Store.open(db)
    except DatelineError as exc:
        fail(str(exc))  # as every other command: a database that cannot be opened is status 2
    try:
        with store:
            if output == "-":
                n = export_table(store, table, out_format, sys.stdout)
            else:
                n = export_table(store, table, out_format, output)
    except DatelineError as exc:
        fail(str(exc), status=1)
    click.echo(f"dateline: exported {n} row(s) from {table}", err=True)

"""``dateline extract``: articles in, the Dateline JSON contract out (nothing is stored)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..contract import dumps, error_record, to_contract
from ..errors import DatelineError
from ..ingest import read_articles
from ..model import Extraction, Failure
from .options import (
    execution,
    field_map,
    input_options,
    local_pipeline,
    model_option,
    warc_filter,
    workers_option,
)
from .render import console_for, entities_table, fail, safe


@click.command("extract")
@click.argument("inputs", nargs=-1, metavar="[PATH...|-]")
@input_options
@workers_option
@model_option
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per line (the contract); json: one array; table: a readable summary.",
)
def extract_cmd(inputs: tuple[str, ...], model: str | None, out_format: str, fmt: str, max_bytes: int, **kw: Any) -> None:
    """Extract entities (and, as they land, actors, events, quotes, dates, places) as JSON.

    Reads files, directories, globs or - (stdin). With --from jsonl each input line is an object
    {id, text, published?, title?, url?, source?}; the output has exactly one line per input line, in order,
    and a line that cannot be processed becomes {"id": ..., "error": {...}}. See docs/contract.md.

    \b
    Examples:
      dateline extract ../shared/samples/putin-kim-afp-2023-09-14.md --format json
      dateline extract --from jsonl - < corpus.jsonl > out.jsonl
      dateline extract page.html --format table
    """
    fields = field_map(kw)
    only = warc_filter(kw)
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("give a PATH, or - to read standard input")
        inputs = ("-",)
    try:
        nlp, _ = local_pipeline(kw, model)
    except DatelineError as exc:
        fail(str(exc))
    items = read_articles(inputs, fmt=fmt, fields=fields, max_bytes=max_bytes, only=only)
    failures = 0
    results: list[dict[str, Any]] = []
    out = sys.stdout
    console = console_for(sys.stdout)
    try:
        outputs = execution(kw, model, nlp).extract(items)
    except DatelineError as exc:
        fail(str(exc))
    for result in outputs:
        if isinstance(result, Failure):
            failures += 1
            click.echo(f"dateline: {safe(result.origin)}: {result.code}: {safe(result.message)}", err=True)
            record = error_record(result.item_id, result.code, result.message, origin=result.origin)
        else:
            record = _record(result)
        if out_format == "jsonl":
            out.write(dumps(record) + "\n")
            out.flush()
        elif out_format == "json":
            results.append(record)
        elif isinstance(result, Extraction):
            console.print(entities_table(result))
    if out_format == "json":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    if failures:
        click.echo(f"dateline: {failures} item(s) failed", err=True)
        sys.exit(1)


def _record(ex: Extraction) -> dict[str, Any]:
    structured = ex.article.format not in ("jsonl", "csv")
    return to_contract(ex, structure=structured)

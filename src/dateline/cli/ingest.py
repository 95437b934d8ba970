"""``dateline ingest``: read, extract and store articles, resumably, with a progress bar."""

from __future__ import annotations

import sys
import time
from typing import Any

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import DatelineError
from ..ingest import read_articles
from ..ingestion import Outcome, RunCounts, ingest_items
from ..store import Store
from .options import (
    db_option,
    execution,
    field_map,
    input_options,
    local_pipeline,
    model_option,
    warc_filter,
    workers_option,
)
from .render import err_console, fail, hide_password, markup_safe, safe


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...|-")
@db_option
@model_option
@input_options
@workers_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
def ingest_cmd(inputs: tuple[str, ...], db: str, model: str | None, fmt: str, max_bytes: int, quiet: bool, **kw: Any) -> None:
    """Read articles, extract everything and store it in the database.

    Each article is written in one transaction with a deterministic id, so re-running the same input adds
    nothing, and a killed run resumes where it stopped. Bad items are recorded in the failures table (see
    `dateline summary`) and the batch goes on; so is an article past its time budget (--time-budget, E204). Exit
    status 1 when some items failed.

    \b
    Examples:
      dateline ingest examples/articles
      dateline ingest 'corpus/*.jsonl' --db postgresql+psycopg://me@localhost/events --model md
      cat page.html | dateline ingest - --from html
      dateline ingest 'crawl/*.jsonl' --workers 4 --time-budget 10
    """
    fields = field_map(kw)
    only = warc_filter(kw)
    try:
        store = Store.open(db)
        nlp, label = local_pipeline(kw, model)
        run = execution(kw, model, nlp)
    except DatelineError as exc:
        fail(str(exc))
    run_id = store.start_run(command="ingest " + " ".join(inputs), model=label)
    console = err_console()
    started = time.monotonic()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[stored]} stored, {task.fields[skipped]} unchanged, {task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=False,
    )
    status = "failed"
    counts = RunCounts()
    try:
        with progress:
            task = progress.add_task("ingest", total=None, stored=0, skipped=0, failed=0, rate=0.0)

            def shown(outcome: Outcome) -> None:
                counts.add(outcome)
                if outcome.failure is not None:
                    f = outcome.failure
                    unrecorded = outcome.unrecorded
                    note = f" [yellow](not recorded in the database: {markup_safe(unrecorded)})[/yellow]" if unrecorded else ""
                    progress.console.print(f"[red]failed[/red] {markup_safe(f.origin)}: {f.code}: {markup_safe(f.message)}{note}")
                rate = counts.done / max(time.monotonic() - started, 1e-6)
                progress.update(
                    task, advance=1, rate=rate, stored=counts.stored, skipped=counts.skipped, failed=counts.failed
                )

            items = read_articles(inputs, fmt=fmt, fields=fields, max_bytes=max_bytes, only=only)
            ingest_items(items, store, run, run_id=run_id, on_item=shown)
        status = "ok" if not counts.failed else "partial"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except DatelineError as exc:  # the execution could not start (e.g. no Dask scheduler at that address)
        progress.stop()
        fail(str(exc))
    finally:
        try:
            store.finish_run(
                run_id, n_articles=counts.stored, n_skipped=counts.skipped, n_failed=counts.failed, status=status
            )
        except DatelineError as exc:  # the store is failing: say so, without hiding what happened before
            click.echo(f"dateline: {safe(str(exc))}", err=True)
        store.close()
    elapsed = time.monotonic() - started
    click.echo(
        f"dateline: {counts.stored} article(s) stored, {counts.skipped} already present, "
        f"{counts.failed} failed in {elapsed:.1f}s (db: {safe(hide_password(db))}, run {run_id})",
        err=True,
    )
    if only.tally:
        reasons = ", ".join(f"{safe(why)}: {k}" for why, k in sorted(only.tally.items(), key=lambda x: (-x[1], x[0])))
        click.echo(f"dateline: {sum(only.tally.values())} archive record(s) skipped by design ({reasons})", err=True)
    if counts.failed:
        click.echo(f"dateline: {counts.failed} item(s) failed; see `dateline summary --failures`", err=True)
        sys.exit(1)

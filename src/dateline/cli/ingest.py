"""``dateline ingest``: read, extract and store articles, resumably, with a progress bar."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import DatelineError
from ..ingest import read_articles
from ..model import Article, Failure
from ..nlp import load_pipeline, model_label
from ..pipeline import extract_articles
from ..scale import extract_parallel
from ..store import Store
from .options import db_option, field_map, input_options, model_option, warc_filter, workers_option
from .render import err_console, fail, safe

SKIP_BATCH = 64


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
    `dateline summary`) and the batch goes on. Exit status 1 when some items failed.

    \b
    Examples:
      dateline ingest examples/articles
      dateline ingest 'corpus/*.jsonl' --db postgresql+psycopg://me@localhost/events --model md
      cat page.html | dateline ingest - --from html
    """
    fields = field_map(kw)
    only = warc_filter(kw)
    try:
        store = Store.open(db)
        nlp = load_pipeline(model)
    except DatelineError as exc:
        fail(str(exc))
    counts = {"stored": 0, "skipped": 0, "failed": 0}
    run_id = store.start_run(command="ingest " + " ".join(inputs), model=model_label(nlp))
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
    try:
        with progress:
            task = progress.add_task("ingest", total=None, stored=0, skipped=0, failed=0, rate=0.0)
            items = read_articles(inputs, fmt=fmt, fields=fields, max_bytes=max_bytes, only=only)
            todo = _skip_existing(items, store, counts)
            workers = kw.pop("workers", 1)
            results = (
                extract_parallel(todo, model=model, workers=workers) if workers > 1 else extract_articles(todo, nlp)
            )
            for result in results:
                if isinstance(result, Failure):
                    counts["failed"] += 1
                    store.record_failure(result, run_id=run_id)
                    progress.console.print(f"[red]failed[/red] {_escape(result.origin)}: {result.code}: {_escape(result.message)}")
                else:
                    try:
                        wrote = store.write(result, run_id=run_id)
                    except DatelineError as exc:
                        counts["failed"] += 1
                        f = Failure(origin=result.article.origin, stage="store", code=exc.code, message=exc.reason)
                        store.record_failure(f, run_id=run_id)
                        continue
                    counts["stored" if wrote else "skipped"] += 1
                done = counts["stored"] + counts["skipped"] + counts["failed"]
                rate = done / max(time.monotonic() - started, 1e-6)
                progress.update(
                    task, advance=1, rate=rate, stored=counts["stored"], skipped=counts["skipped"], failed=counts["failed"]
                )
            progress.update(task, stored=counts["stored"], skipped=counts["skipped"], failed=counts["failed"])
        status = "ok" if not counts["failed"] else "partial"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(
            run_id, n_articles=counts["stored"], n_skipped=counts["skipped"], n_failed=counts["failed"], status=status
        )
        store.close()
    elapsed = time.monotonic() - started
    click.echo(
        f"dateline: {counts['stored']} article(s) stored, {counts['skipped']} already present, "
        f"{counts['failed']} failed in {elapsed:.1f}s (db: {safe(_hide_password(db))}, run {run_id})",
        err=True,
    )
    if counts["failed"]:
        click.echo(f"dateline: {counts['failed']} item(s) failed; see `dateline summary --failures`", err=True)
        sys.exit(1)


def _skip_existing(items: Iterable[Article | Failure], store: Store, counts: dict[str, int]) -> Iterator[Article | Failure]:
    """Drop articles already in the store before the (expensive) NLP: this is what makes a re-run resume."""
    batch: list[Article | Failure] = []

    def flush() -> Iterator[Article | Failure]:
        ids = [a.id for a in batch if isinstance(a, Article)]
        present = store.existing_ids(ids) if ids else set()
        for a in batch:
            if isinstance(a, Article) and a.id in present:
                counts["skipped"] += 1
            else:
                yield a
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= SKIP_BATCH:
            yield from flush()
    yield from flush()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(safe(text))


def _hide_password(url: str) -> str:
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)

"""``dateline watch``: poll RSS/Atom feeds, fetch each new item's page politely, extract and store it."""

from __future__ import annotations

import signal
import sys
import time
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import DatelineError
from ..ingest import DEFAULT_MAX_BYTES
from ..ingest.fetch import Fetcher, FetchPolicy, user_agent
from ..ingestion import Outcome
from ..polling import MAX_ATTEMPTS, FeedWatcher, PollCounts
from ..store import Store
from .options import Duration, db_option, execution, local_pipeline, model_option, workers_option
from .render import err_console, fail, hide_password, markup_safe, safe


class _Interrupted(Exception):
    """Ctrl-C (or SIGTERM) during a poll; the run was marked interrupted."""


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_URL...")
@click.option("--every", type=Duration(minimum=1.0), default="15m", show_default=True,
              help="Time from the start of one poll to the start of the next: 30s, 15m, 1h.")
@click.option("--once", is_flag=True, help="Poll every feed once and exit (status 1 if any item failed).")
@click.option("--delay", type=Duration(), default="1s", show_default=True,
              help="Least time between two requests to the same host.")
@click.option("--timeout", type=Duration(minimum=0.001), default="20s", show_default=True,
              help="Longest network wait of a request; a body still arriving after it is cut off.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse feeds and pages larger than this (a recorded failure).")
@click.option("--contact", default=None, envvar="DATELINE_CONTACT", metavar="URL|EMAIL",
              help="Added to the User-Agent so site owners can reach you. Also $DATELINE_CONTACT.")
@db_option
@model_option
@workers_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only one summary line per poll.")
def watch_cmd(feeds: tuple[str, ...], every: float, once: bool, delay: float, timeout: float, max_bytes: int,
              contact: str | None, db: str, model: str | None, quiet: bool, **kw: Any) -> None:  # fmt: skip
    """Poll RSS/Atom feeds and store every new item's article.

    Each poll reads every feed, fetches the pages of items not seen before (politely: a delay per host, a
    timeout, a size limit, an honest User-Agent), extracts and stores them, and records each item's URL
    (canonical: no tracking parameters or fragment) in the database, so a restart fetches nothing twice.
    Failed items are recorded (`dateline summary --failures`); timeouts, connection errors and HTTP 5xx/429
    are retried on the next polls, up to 3 attempts. Ctrl-C stops cleanly.

    \b
    Examples:
      dateline watch https://news.example.com/rss.xml --once
      dateline watch https://a.example/feed https://b.example/atom.xml --every 30m --contact me@example.org
    """
    try:
        store = Store.open(db)
        nlp, label = local_pipeline(kw, model)
        run = execution(kw, model, nlp)
    except DatelineError as exc:
        fail(str(exc))
    policy = FetchPolicy(timeout=timeout, max_bytes=max_bytes, delay=delay, user_agent=user_agent(contact))
    watcher = FeedWatcher(feeds, Fetcher(policy), max_attempts=MAX_ATTEMPTS)
    command = "watch " + " ".join(feeds)
    previous = signal.signal(signal.SIGTERM, _sigterm) if _main_thread() else None
    polls = failed = 0
    try:
        while True:
            polls += 1
            started = time.monotonic()
            counts = _poll(watcher, store, run, polls, command=command, model=label, quiet=quiet,
                           db=db)  # fmt: skip
            failed += counts.failed
            if once:
                break
            wait = started + every - time.monotonic()
            if wait <= 0:
                click.echo(f"dateline: poll {polls} took longer than --every; polling again now", err=True)
                continue
            if not quiet:
                at = datetime.now() + timedelta(seconds=wait)
                click.echo(f"dateline: next poll at {at:%H:%M:%S} (Ctrl-C stops)", err=True)
            time.sleep(wait)
    except _Interrupted:
        click.echo(f"dateline: interrupted during poll {polls}; what was stored stays, and the next run fetches "
                   "the rest", err=True)  # fmt: skip
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo(f"dateline: stopped after {polls} poll(s)", err=True)
        return
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        store.close()
    if once and failed:
        click.echo(f"dateline: {failed} item(s) failed; see `dateline summary --failures`", err=True)
        sys.exit(1)


def _poll(watcher: FeedWatcher, store: Store, run: Any, n: int, *, command: str, model: str, quiet: bool,
          db: str) -> PollCounts:  # fmt: skip
    """One poll as one recorded run, with a progress display; prints the summary line."""
    run_id = store.start_run(command=command, model=model)
    console = err_console()
    started = time.monotonic()
    progress = Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]poll {n}"),
        TextColumn("{task.fields[stored]} stored, {task.fields[skipped]} already present, "
                   "{task.fields[failed]} failed"),  # fmt: skip
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    )
    live = PollCounts()
    status = "failed"
    counts = PollCounts()
    try:
        with progress:
            task = progress.add_task("poll", total=None, stored=0, skipped=0, failed=0)

            def shown(outcome: Outcome) -> None:
                live.add(outcome)
                if outcome.failure is not None:
                    f = outcome.failure
                    unrecorded = outcome.unrecorded
                    note = f" [yellow](not recorded in the database: {markup_safe(unrecorded)})[/yellow]" if unrecorded else ""
                    progress.console.print(f"[red]failed[/red] {markup_safe(f.origin)}: {f.code}: {markup_safe(f.message)}{note}")
                progress.update(task, stored=live.stored, skipped=live.skipped, failed=live.failed)

            counts = watcher.poll(store, run, run_id=run_id, on_item=shown)
        status = "ok" if not counts.failed else "partial"
    except KeyboardInterrupt:
        status, counts = "interrupted", live
        raise _Interrupted from None
    except DatelineError as exc:  # the store or the execution failed as a whole
        progress.stop()
        fail(str(exc))
    finally:
        try:
            store.finish_run(run_id, n_articles=counts.stored, n_skipped=counts.skipped + counts.seen,
                             n_failed=counts.failed, status=status)  # fmt: skip
        except DatelineError as exc:
            click.echo(f"dateline: {safe(str(exc))}", err=True)
    click.echo(_summary(n, counts, time.monotonic() - started, db, run_id), err=True)
    return counts


def _summary(n: int, c: PollCounts, elapsed: float, db: str, run_id: str) -> str:
    feeds = f"{c.feeds} feed(s)"
    if c.feeds_failed or c.feeds_unchanged:
        feeds += " (" + ", ".join(p for p in (f"{c.feeds_failed} failed" if c.feeds_failed else "",
                                             f"{c.feeds_unchanged} unchanged" if c.feeds_unchanged else "") if p) + ")"  # fmt: skip
    retry = f" ({c.retrying} to retry)" if c.retrying else ""
    return (
        f"dateline: poll {n}: {feeds}, {c.entries} item(s): {c.stored} stored, {c.skipped} already present, "
        f"{c.failed} failed{retry}, {c.seen} seen before; {c.page_requests} page request(s) in {elapsed:.1f}s "
        f"(db: {safe(hide_password(db))}, run {run_id})"
    )


def _sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()

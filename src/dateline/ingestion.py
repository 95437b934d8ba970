"""Articles in, stored rows out: the write path shared by ``dateline ingest`` and ``dateline watch``.

``ingest_items`` drops articles whose id is already stored (before the expensive NLP: this is what makes a
re-run resume and add nothing), runs the extraction where ``scale.Execution`` says (this process, worker
processes or a Dask cluster), and writes the results in **batches**: up to ``batch`` articles, or whatever
arrived within ``flush_s`` seconds, go in one transaction with bulk inserts (``Store.write_many``). A batch
that cannot be stored is written again one article at a time, so the one bad article becomes a recorded
failure (E301) and the others are stored. Failures are recorded as they come; one that cannot be recorded (the
store itself is failing) is still counted and reported to ``on_item``, with the reason (``Outcome.unrecorded``).
A killed run loses at most the batch not yet committed, which the next run extracts again.

Each item's outcome is reported to ``on_item`` (the CLI's progress bar), in input order. An article stored with
its output capped (``bounds.py``, warning E205) is also listed with the failures, without counting as one.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import E_CAPPED, DatelineError
from .model import Article, Extraction, Failure
from .scale import Execution
from .store import Store

log = logging.getLogger(__name__)

SKIP_BATCH = 64  # ids looked up in the store at a time
WRITE_BATCH = 32  # articles per write transaction
FLUSH_S = 2.0  # ... or fewer, if they took longer than this to arrive


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input item: ``stored``, ``skipped`` (already present) or ``failed``."""

    status: str
    origin: str
    article_id: str | None = None
    failure: Failure | None = None
    unrecorded: str | None = None  # why the failure could not be recorded in the store, if it could not


@dataclass(slots=True)
class RunCounts:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    stored_ids: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.stored + self.skipped + self.failed

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "stored":
            self.stored += 1
            if outcome.article_id:
                self.stored_ids.append(outcome.article_id)
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1


def ingest_items(
    items: Iterable[Article | Failure],
    store: Store,
    execution: Execution,
    *,
    run_id: str | None,
    on_item: Callable[[Outcome], None] | None = None,
    batch: int = WRITE_BATCH,
    flush_s: float = FLUSH_S,
) -> RunCounts:
    """Extract and store every item not stored yet; record every failure; return the counts."""
    counts = RunCounts()

    def report(outcome: Outcome) -> None:
        counts.add(outcome)
        if outcome.failure is not None:
            try:
                store.record_failure(outcome.failure, run_id=run_id)
            except DatelineError as exc:  # the store is failing: still counted, still shown
                log.warning("could not record the failure of %s: %s", outcome.origin, exc)
                outcome = dataclasses.replace(outcome, unrecorded=exc.reason)
        if on_item is not None:
            on_item(outcome)

    pending: list[Extraction] = []
    started = 0.0
    todo = _skip_existing(items, store, report)
    for result in execution.extract(todo):
        if isinstance(result, Failure):
            for outcome in _write(store, pending, run_id):
                report(outcome)
            pending.clear()
            report(Outcome("failed", result.origin, failure=result))
            continue
        if not pending:
            started = time.monotonic()
        pending.append(result)
        if len(pending) >= batch or time.monotonic() - started >= flush_s:
            for outcome in _write(store, pending, run_id):
                report(outcome)
            pending.clear()
    for outcome in _write(store, pending, run_id):
        report(outcome)
    return counts


def _write(store: Store, batch: list[Extraction], run_id: str | None) -> list[Outcome]:
    """Store a batch in one transaction; if that fails, one article at a time (failures named)."""
    if not batch:
        return []
    try:
        wrote = store.write_many(batch, run_id=run_id)
    except DatelineError:
        log.info("a batch of %d articles could not be stored together; writing them one by one", len(batch))
    else:
        for ex, w in zip(batch, wrote, strict=True):
            if w:
                _record_caps(store, ex, run_id)
        return [Outcome("stored" if w else "skipped", ex.article.origin, ex.article.id)
                for ex, w in zip(batch, wrote, strict=True)]  # fmt: skip
    out: list[Outcome] = []
    for ex in batch:
        try:
            w = store.write(ex, run_id=run_id)
        except DatelineError as exc:
            f = Failure(origin=ex.article.origin, stage="store", code=exc.code, message=exc.reason,
                        item_id=ex.article.external_id)  # fmt: skip
            out.append(Outcome("failed", ex.article.origin, ex.article.id, failure=f))
            continue
        if w:
            _record_caps(store, ex, run_id)
        out.append(Outcome("stored" if w else "skipped", ex.article.origin, ex.article.id))
    return out


def _record_caps(store: Store, ex: Extraction, run_id: str | None) -> None:
    """An article whose events, quotes or places were cut to its caps (warning E205) is stored, and the cut is
    also listed with the failures (``dateline summary --failures``), so a flood is seen, not only prevented.
    Not counted as a failure."""
    cut = [w.removeprefix(f"{E_CAPPED}: ") for w in ex.article.warnings if w.startswith(f"{E_CAPPED}: ")]
    if not cut:
        return
    note = Failure(origin=ex.article.origin, stage="extract", code=E_CAPPED, item_id=ex.article.external_id,
                   message=f"article {ex.article.id} stored with its output capped: " + "; ".join(cut))  # fmt: skip
    try:
        store.record_failure(note, run_id=run_id)
    except DatelineError as exc:
        log.warning("could not record the caps of %s: %s", ex.article.origin, exc)


def _skip_existing(
    items: Iterable[Article | Failure], store: Store, report: Callable[[Outcome], None]
) -> Iterator[Article | Failure]:
    """Drop articles already in the store before the NLP, a batch of ids at a time."""
    chunk: list[Article | Failure] = []

    def flush() -> Iterator[Article | Failure]:
        found = [a for a in chunk if isinstance(a, Article)]
        present = store.stored_ids(found) if found else {}
        for a in chunk:
            if isinstance(a, Article) and a.id in present:
                report(Outcome("skipped", a.origin, present[a.id]))
            else:
                yield a
        chunk.clear()

    for item in items:
        chunk.append(item)
        if len(chunk) >= SKIP_BATCH:
            yield from flush()
    yield from flush()

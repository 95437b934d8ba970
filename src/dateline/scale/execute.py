"""Where extraction runs: this process, a pool of worker processes, or a Dask cluster.

``Execution(model, workers, scheduler).extract(items)`` is the one entry point the CLI uses; every mode
yields the same results in input order (Failures in their place):

- ``workers == 1`` and no scheduler: in this process (``pipeline.extract_articles``);
- ``workers > 1``: ``workers`` spawned processes (``workers.extract_parallel``). An input of at most one
  chunk is extracted in this process instead, since starting workers costs more than it saves;
- ``scheduler``: a Dask cluster (``cluster.extract_on_dask``), ``tcp://HOST:PORT`` for a running scheduler,
  or ``local`` for a cluster of ``workers`` processes on this machine started for the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from ..model import Article, Extraction, Failure
from .workers import CHUNK, extract_parallel


def default_workers() -> int:
    """``$DATELINE_WORKERS``, else the cores this process may use."""
    env = os.environ.get("DATELINE_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Execution:
    """How to run the extraction. ``nlp`` (a loaded spaCy pipeline) is used in this process when given."""

    model: str | None = None
    workers: int = 1
    scheduler: str | None = None
    chunk: int = CHUNK
    nlp: Any = field(default=None, compare=False)
    budget: float | None = None  # seconds per article (``bounds.time_budget``); None: $DATELINE_TIME_BUDGET

    def extract(self, items: Iterable[Article | Failure]) -> Iterator[Extraction | Failure]:
        if self.scheduler:
            from .cluster import extract_on_dask

            return extract_on_dask(items, model=self.model, scheduler=self.scheduler, workers=self.workers,
                                   chunk=self.chunk, budget=self.budget)  # fmt: skip
        if self.workers <= 1:
            return self._here(items)
        source = iter(items)
        head = list(islice(source, self.chunk + 1))
        if len(head) <= self.chunk:
            return self._here(head)
        return extract_parallel(chain(head, source), model=self.model, workers=self.workers, chunk=self.chunk,
                                budget=self.budget)  # fmt: skip

    def _here(self, items: Iterable[Article | Failure]) -> Iterator[Extraction | Failure]:
        from ..nlp import load_pipeline
        from ..pipeline import extract_articles, settle_loaded

        nlp = self.nlp if self.nlp is not None else load_pipeline(self.model)
        settle_loaded()
        return extract_articles(items, nlp, budget=self.budget)

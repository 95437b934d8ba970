"""``--scheduler``: extraction on a Dask cluster, results streamed back in input order.

The only module that imports Dask. The caller's process reads the input, sends chunks of articles to the
cluster as tasks (at most two per worker thread in flight, so memory stays bounded whatever the input size),
and yields the results chunk by chunk in input order; the writer (``ingestion.ingest_items``) stores them
as they come, exactly as for a serial run.

On each worker a ``WorkerPlugin`` holds the spaCy pipeline and Dateline's data, loaded once, by the first
task that needs them (not in the plugin's ``setup``, which runs on the worker's event loop and would stall
its heartbeats). A lock makes a worker with several threads run one chunk at a time: spaCy pipelines are
not thread-safe. The model is resolved on the worker (``--model sm|md|NAME|PATH``), from what is installed
there, with the worker's environment (``DATELINE_DICT``, ``DATELINE_VERBS``).

``scheduler="local"`` starts a cluster of ``workers`` processes (one thread each) on 127.0.0.1 for the run
and stops it afterwards, in a scratch directory of its own that is removed with it; its workers leave without
tearing their interpreter down (``workers._exit_at_once``: freeing the model object by object outlasted the
nanny's 4 s grace and got every worker killed, 4 s of every run). Workers of a cluster given by address are
left to end as their owner configured them. If a worker dies, Dask runs its task again elsewhere; a chunk that still cannot be
computed (``KilledWorker``, a lost connection) becomes one recorded Failure per article and the run goes on.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import ConfigError
from ..model import Article, Extraction, Failure
from .workers import _exit_at_once, lost

log = logging.getLogger(__name__)

PLUGIN = "dateline-extract"
# Our own local cluster's workers run without two Dask defaults that cost extraction about a quarter of its
# speed (measured per chunk inside a worker against the same chunk in a plain process): the nanny's
# MALLOC_TRIM_THRESHOLD_=65536, which fixes glibc's trim and mmap thresholds so that spaCy's many short-lived
# allocations go back to the kernel and are faulted in again, and the statistical profiler, which samples
# the worker's threads every 10 ms for a dashboard nobody opens here. A cluster given by address keeps its
# owner's configuration (docs/scale.md says how to set the same there).
LOCAL_SETTINGS = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
CONNECT_TIMEOUT = "10s"


class ExtractPlugin(WorkerPlugin):
    """Per worker: the model name to load, and (after the first task) the loaded pipeline."""

    name = PLUGIN

    def __init__(self, model: str | None, exit_at_once: bool = False) -> None:
        self.model = model
        self.exit_at_once = exit_at_once  # our own local cluster's worker: leave without interpreter teardown
        self._nlp: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:  # sent to the workers: configuration only
        return {"model": self.model, "exit_at_once": self.exit_at_once}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"], state.get("exit_at_once", False))  # type: ignore[misc]

    def extract(self, chunk: list[Article | Failure], budget: float | None = None) -> list[Extraction | Failure]:
        from ..pipeline import extract_articles, settle_loaded

        with self._lock:
            if self._nlp is None:
                from ..nlp import load_pipeline

                self._nlp = load_pipeline(self.model)
                settle_loaded()
                if self.exit_at_once:
                    atexit.register(_exit_at_once)
            return list(extract_articles(chunk, self._nlp, budget=budget))


def _run_chunk(chunk: list[Article | Failure], budget: float | None = None) -> list[Extraction | Failure]:
    """The task: extract a chunk with this worker's plugin. Dask runs tasks in worker threads, where no timer
    signal can interrupt the work: the budget is checked between the NLP and each layer (``bounds.py``), and
    no watchdog replaces a worker stuck inside one step (Dask's own ``KilledWorker`` handling applies)."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, ExtractPlugin)
    return plugin.extract(chunk, budget)


def connect(scheduler: str, *, model: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the scheduler (or of a new local cluster) with the plugin registered on every worker."""
    if not log.isEnabledFor(logging.INFO):  # Dask logs every connection at INFO; keep -v for that
        logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster: LocalCluster | None = None
    try:
        if scheduler == "local":
            scratch = tempfile.mkdtemp(prefix="dateline-dask-")
            settings = dask.config.set(LOCAL_SETTINGS)  # undone by close_local
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0", local_directory=scratch)  # fmt: skip
            cluster.dateline_scratch = scratch  # type: ignore[attr-defined]
            cluster.dateline_settings = settings  # type: ignore[attr-defined]
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            close_local(cluster)
        raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        client.register_plugin(ExtractPlugin(model, exit_at_once=cluster is not None), name=PLUGIN)
    except Exception as exc:
        client.close()
        if cluster is not None:
            close_local(cluster)
        raise ConfigError(f"cannot set up Dateline on the workers of {scheduler}: {exc}") from exc
    return client, cluster


def extract_on_dask(
    items: Iterable[Article | Failure], *, model: str | None, scheduler: str, workers: int, chunk: int,
    budget: float | None = None,
) -> Iterator[Extraction | Failure]:
    """Connect now (so a bad address fails before any input is read), then stream the results."""
    client, cluster = connect(scheduler, model=model, workers=workers)
    return _stream(items, client, cluster, chunk, budget)


def _stream(
    items: Iterable[Article | Failure], client: Client, cluster: LocalCluster | None, chunk: int,
    budget: float | None = None,
) -> Iterator[Extraction | Failure]:
    source = iter(items)
    pending: deque[tuple[list[Article | Failure], Future]] = deque()
    try:
        while True:
            threads = max(1, sum(client.nthreads().values()))
            while len(pending) < 2 * threads:
                batch = list(islice(source, chunk))
                if not batch:
                    break
                pending.append((batch, client.submit(_run_chunk, batch, budget, pure=False)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results: list[Extraction | Failure] = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection: this chunk fails alone
                log.warning("a chunk of %d items failed on the cluster: %r", len(batch), exc)
                results = lost(batch, exc)
            finally:
                future.release()
            yield from results
    finally:
        for _, future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            close_local(cluster)


def close_local(cluster: LocalCluster) -> None:
    """Stop a cluster ``connect`` started, and remove its scratch directory."""
    try:
        cluster.close()
    finally:
        settings = getattr(cluster, "dateline_settings", None)
        if settings is not None:
            settings.__exit__(None, None, None)
        scratch = getattr(cluster, "dateline_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

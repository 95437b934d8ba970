"""``--scheduler``: extraction on a real Dask cluster (a scheduler and two worker processes on loopback).

Output is that of a serial run, line for line; ingest stores each article once and a re-run adds nothing;
a chunk the cluster cannot compute becomes one recorded failure per article; a scheduler that does not
answer is a clear error before any input is read.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.model import Article, Failure
from dateline.scale import cluster as cluster_mod

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

TEXTS = [
    "Chile and Peru agreed on Monday to resume talks over fishing rights, the foreign ministry said.",
    "Kenyan police arrested dozens of protesters in Nairobi on Tuesday after clashes near parliament.",
    "",  # an empty record: a recorded failure, in its place
    "The United Nations urged Russia to withdraw its troops from the border with Ukraine.",
] * 5


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real scheduler and two single-threaded worker processes, on 127.0.0.1."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as lc:
        yield lc.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "corpus.jsonl"
    texts = [f"{t} Report number {i}." if t else t for i, t in enumerate(TEXTS)]
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t, "published": "2024-03-05"}) + "\n"
                            for i, t in enumerate(texts)))  # fmt: skip
    return path


def _lines(stdout: str) -> list[str]:
    return [ln for ln in stdout.splitlines() if ln.startswith("{")]


def test_extract_on_the_cluster_matches_a_serial_run(scheduler: str, corpus: Path) -> None:
    runner = CliRunner()
    serial = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--workers", "1"])
    dask = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--scheduler", scheduler])
    assert serial.exit_code == dask.exit_code == 1  # the empty records fail in both
    assert len(_lines(serial.stdout)) == len(TEXTS)
    assert _lines(dask.stdout) == _lines(serial.stdout)


def test_ingest_on_the_cluster_stores_each_article_once(scheduler: str, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--quiet", "--scheduler", scheduler])
    assert "15 article(s) stored" in first.output and "5 failed" in first.output, first.output
    again = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--quiet", "--scheduler", scheduler])
    assert "0 article(s) stored" in again.output and "15 already present" in again.output, again.output


def test_a_chunk_the_cluster_cannot_compute_is_recorded_per_article() -> None:
    """Workers without Dateline's plugin cannot run the task: each article becomes a Failure, in place."""
    lc = distributed.LocalCluster(n_workers=1, processes=False, dashboard_address="127.0.0.1:0")
    client = distributed.Client(lc)  # _stream closes the client and the cluster
    items: list[Article | Failure] = [
        Article(text=f"Chile and Peru agreed to resume talks. Note {i}.", origin=f"x:{i}", format="text",
                paragraphs=((0, 38),))  # fmt: skip
        for i in range(5)
    ]
    bad = Failure(origin="x:bad", stage="read", code="E101", message="no text")
    out = list(cluster_mod._stream([*items[:2], bad, *items[2:]], client, lc, chunk=2))
    assert [getattr(o, "origin", None) for o in out] == ["x:0", "x:1", "x:bad", "x:2", "x:3", "x:4"]
    assert all(isinstance(o, Failure) for o in out)
    assert out[2] is bad  # a failure from reading passes through unchanged
    assert "worker" in out[0].message  # type: ignore[union-attr]


def test_an_unreachable_scheduler_is_a_clear_error(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", "2s")
    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code != 0
    assert "E400" in result.output and f"127.0.0.1:{port}" in result.output
    assert not _lines(result.stdout)


def test_a_local_cluster_started_for_the_run(corpus: Path) -> None:
    runner = CliRunner()
    serial = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--workers", "1"])
    local = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--scheduler", "local", "--workers", "2"])
    assert _lines(local.stdout) == _lines(serial.stdout)


def test_our_local_cluster_runs_without_the_trim_threshold_and_profiler(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cluster `--scheduler local` starts: its workers' environment has no MALLOC_TRIM_THRESHOLD_ (it made
    extraction a quarter slower) and their profiler is off; the caller's Dask configuration is restored."""
    import dask

    # A Dask nanny writes its pre-spawn variables into its own process's environment and leaves them there:
    # this module's other cluster did so in the test process (a `dateline` process starts no other nanny).
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    before = dask.config.get("distributed.worker.profile.enabled")
    client, cluster = cluster_mod.connect("local", model=None, workers=1)
    try:
        seen = client.run(
            lambda: (__import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"),
                     __import__("dask").config.get("distributed.worker.profile.enabled"))
        )
        assert list(seen.values()) == [(None, False)]
    finally:
        client.close()
        assert cluster is not None
        cluster_mod.close_local(cluster)
    assert dask.config.get("distributed.worker.profile.enabled") == before

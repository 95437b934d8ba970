"""``--workers N``: the same output, in the same order, as a serial run; stored rows alike; re-runs add nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.model import Article, Failure
from dateline.scale import extract_parallel

TEXTS = [
    "Chile and Peru agreed on Monday to resume talks over fishing rights, the foreign ministry said.",
    "Kenyan police arrested dozens of protesters in Nairobi on Tuesday after clashes near parliament.",
    "",  # an empty record: a recorded failure, in its place
    "The United Nations urged Russia to withdraw its troops from the border with Ukraine.",
] * 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "corpus.jsonl"
    texts = [f"{t} Report number {i}." if t else t for i, t in enumerate(TEXTS)]  # distinct articles
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t, "published": "2024-03-05"}) + "\n"
                            for i, t in enumerate(texts)))  # fmt: skip
    return path


def test_extract_with_two_workers_matches_one(corpus: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus)])
    two = runner.invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--workers", "2"])
    assert one.exit_code == two.exit_code == 1  # the empty records fail in both
    lines_one = [ln for ln in one.stdout.splitlines() if ln.startswith("{")]
    lines_two = [ln for ln in two.stdout.splitlines() if ln.startswith("{")]
    assert len(lines_one) == len(TEXTS) and lines_one == lines_two
    assert [json.loads(ln)["id"] for ln in lines_two] == [f"r{i}" for i in range(len(TEXTS))]


def test_ingest_with_two_workers_stores_each_article_once(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--quiet", "--workers", "2"])
    assert "15 article(s) stored" in first.output and "5 failed" in first.output, first.output
    again = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--quiet", "--workers", "2"])
    assert "0 article(s) stored" in again.output and "15 already present" in again.output, again.output


def test_a_failure_passes_through_in_place() -> None:
    bad = Failure(origin="x:1", stage="read", code="E101", message="no text")
    good = Article(text="Chile and Peru agreed to resume talks.", origin="x:2", format="text", paragraphs=((0, 38),))
    out = list(extract_parallel([bad, good, bad], model=None, workers=2, chunk=1))
    assert out[0] is not None and isinstance(out[0], Failure) and isinstance(out[2], Failure)
    assert not isinstance(out[1], Failure) and out[1].article.origin == "x:2"


def test_default_workers_is_the_environment_or_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.scale import default_workers

    monkeypatch.setenv("DATELINE_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("DATELINE_WORKERS")
    assert default_workers() == len(__import__("os").sched_getaffinity(0))


def test_an_input_of_one_chunk_is_extracted_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting worker processes costs more than one chunk of articles: those stay in this process."""
    from dateline.scale import execute

    def no_pool(*_a: object, **_k: object) -> None:
        raise AssertionError("a worker pool was started for a small input")

    monkeypatch.setattr(execute, "extract_parallel", no_pool)
    good = Article(text="Chile and Peru agreed to resume talks.", origin="x:1", format="text", paragraphs=((0, 38),))
    out = list(execute.Execution(workers=2, chunk=4).extract([good] * 4))
    assert len(out) == 4 and not any(isinstance(o, Failure) for o in out)

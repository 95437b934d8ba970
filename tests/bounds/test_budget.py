"""The time budget per article: past it the article is a recorded failure E204 and the batch goes on."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dateline.bounds import ArticleTimeout, time_budget, time_limit
from dateline.cli import cli
from dateline.errors import ConfigError
from dateline.ingest.wire import parse_text
from dateline.model import Extraction, Failure
from dateline.pipeline import extract_articles
from tests.bounds.shapes import make

NORMAL = "Chile and Peru agreed on Monday to resume talks over fishing rights, the foreign ministry said."


def test_a_one_megabyte_paragraph_fails_within_its_budget_and_the_batch_goes_on(warm: Any) -> None:
    big = parse_text(make("sentence", 1_000_000), origin="big")
    assert len(big.paragraphs) == 1  # one paragraph: it once ran for more than 300 s
    items = [parse_text(NORMAL, origin="a"), big, parse_text(NORMAL + " Again.", origin="b")]
    started = time.process_time()  # the budget is CPU time: wall time on a busy machine says little
    out = list(extract_articles(items, warm, budget=2))
    elapsed = time.process_time() - started
    assert [type(o) for o in out] == [Extraction, Failure, Extraction]
    failure = out[1]
    assert isinstance(failure, Failure) and failure.code == "E204" and failure.origin == "big"
    assert "time budget of 2 s" in failure.message
    # the chunk's shared parse stalls for one budget, then the big article alone runs for one more
    assert elapsed < 2 * 2 + 15, elapsed


def test_without_a_signal_the_budget_is_checked_between_layers(warm: Any) -> None:
    """In a thread other than the main one (the API's, Dask's) no timer can interrupt: the deadline is
    checked before each layer."""
    out: list[Extraction | Failure] = []
    t = threading.Thread(target=lambda: out.extend(extract_articles([parse_text(NORMAL, origin="t")], warm,
                                                                   budget=1e-6)))  # fmt: skip
    t.start()
    t.join(60)
    assert len(out) == 1 and isinstance(out[0], Failure) and out[0].code == "E204"


def test_the_timer_interrupts_plain_python_and_is_disarmed_after() -> None:
    started = time.monotonic()
    with pytest.raises(ArticleTimeout) as info, time_limit(0.2):
        while True:
            pass
    assert info.value.code == "E204" and time.monotonic() - started < 5
    with time_limit(0.2):  # left before the budget: nothing rings later
        pass
    time.sleep(0.4)


def test_a_timeout_is_not_swallowed_by_a_layer_catching_exceptions() -> None:
    with pytest.raises(ArticleTimeout), time_limit(0.2):
        while True:
            try:
                sum(range(10_000))
            except Exception:  # noqa: BLE001 - what the layers do around each span
                pass


def test_the_budget_is_cpu_time_so_a_paused_or_waiting_process_keeps_it() -> None:
    with time_limit(0.2) as deadline:
        time.sleep(0.5)  # waiting (or being paused) uses no CPU
        deadline.check()


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_a_bad_budget_is_a_config_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as info:
        time_budget(value)
    assert info.value.code == "E403"
    monkeypatch.setenv("DATELINE_TIME_BUDGET", value)
    with pytest.raises(ConfigError):
        time_budget()


def test_the_budget_comes_from_the_option_the_environment_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_TIME_BUDGET", raising=False)
    assert time_budget() == 30.0
    monkeypatch.setenv("DATELINE_TIME_BUDGET", "12.5")
    assert time_budget() == 12.5 and time_budget(3) == 3.0 and time_budget("0") == 0.0


def test_the_cli_refuses_a_bad_environment_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NORMAL)
    monkeypatch.setenv("DATELINE_TIME_BUDGET", "soon")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code != 0 and "E403" in result.output
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "x.db"), "--quiet"])
    assert result.exit_code != 0 and "E403" in result.output


@pytest.mark.slow
def test_a_stuck_worker_is_killed_and_replaced_so_only_its_article_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test hook ``DATELINE_TEST_STALL`` (scale/workers.py) makes a worker block the timer signal and sleep
    on the article carrying the marker, spinning: only the parent's watchdog can end it."""
    from dateline.scale import workers

    monkeypatch.setattr(workers, "GRACE_S", 1.0)  # killed after 2 * 1 + 1 CPU seconds on the article
    monkeypatch.setenv("DATELINE_TEST_STALL", "STALL-MARKER-7f3a")
    texts = [f"{NORMAL} Report {i}." for i in range(20)]
    texts[5] = "Kenyan police arrested dozens of protesters in Nairobi. STALL-MARKER-7f3a"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    result = CliRunner().invoke(cli, ["extract", "--from", "jsonl", str(corpus), "--workers", "2",
                                      "--time-budget", "1"])  # fmt: skip
    lines = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert [ln["id"] for ln in lines] == [f"r{i}" for i in range(20)]
    failed = [ln for ln in lines if "error" in ln]
    assert [ln["id"] for ln in failed] == ["r5"], failed
    assert failed[0]["error"]["code"] == "E204" and "replaced" in failed[0]["error"]["message"]
    assert result.exit_code == 1


def test_the_api_answers_422_with_e204(tmp_path: Path, warm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.serve.deps import get_nlp
    from tests.serve.conftest import TOKEN, make_client

    monkeypatch.setenv("DATELINE_TIME_BUDGET", "0.000001")
    with make_client(f"sqlite:///{tmp_path / 'api.db'}", token=TOKEN) as client:
        client.app.dependency_overrides[get_nlp] = lambda: warm
        resp = client.post("/api/articles", json={"text": NORMAL}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["code"] == "E204"

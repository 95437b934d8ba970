"""A write's extraction runs apart from the reads (issue 15): in an extraction process, not under the
server's GIL, so a hostile POST being extracted does not slow the GETs; and writes beyond the queue are
refused at once with 503 and Retry-After. Real servers on 127.0.0.1, SQLite."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dateline.serve.deps import get_nlp
from tests.bounds.shapes import make
from tests.serve.conftest import TOKEN, fill, live_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _serve(tmp_path: Path, nlp: Any = None, **settings: Any) -> Iterator[str]:
    from dateline.serve import Settings, create_app
    from dateline.store import Store

    db = str(tmp_path / "iso.db")
    with Store.open(db) as store:
        fill(store)
    app = create_app(Settings(db=db, token=TOKEN, **settings))
    if nlp is not None:
        app.dependency_overrides[get_nlp] = lambda: nlp
    with live_server(app, join_s=30) as url:
        yield url


def _written_here(*args: Any, **kwargs: Any) -> bool:
    raise AssertionError("the server process wrote an extraction: its extraction process should have")


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with one extraction process (the default), on a filled SQLite store. The process runs at the
    test's priority: at a lower one, other work on a busy machine can hold it back for minutes."""
    import dateline.serve.extraction as extraction

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extraction, "NICE", 0)
        yield from _serve(tmp_path_factory.mktemp("pooled"), extract_workers=1)


def test_the_extraction_process_stores_the_article_and_the_server_gets_the_counts(
    pooled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a long article's annotations took up to 0.8 s of the server's CPU under its GIL (0.1-0.8 s for
    the 50 KB hostile shapes), which the reads waited for; the extraction process writes it now (in the
    server, this process, ``Store.write`` fails), and the answer is the same: 201 with the counts, the
    article readable at once, 200 and ``stored: false`` again."""
    from dateline.store import Store

    monkeypatch.setattr(Store, "write", _written_here)
    text = "The foreign ministers of Norway and Chile met in Oslo on Monday and signed a trade agreement."
    with httpx.Client(timeout=300) as c:
        first = c.post(f"{pooled}/api/articles", json={"text": text, "title": "Ministers meet"}, headers=AUTH)
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["stored"] is True and body["counts"]["places"] >= 1 and body["counts"]["actors"] >= 1
        stored = c.get(f"{pooled}{body['url']}")
        assert stored.status_code == 200
        assert stored.json()["text"] == text
        assert len(stored.json()["places"]) == body["counts"]["places"]
        again = c.post(f"{pooled}/api/articles", json={"text": text, "title": "Ministers meet"}, headers=AUTH)
        assert again.status_code == 200 and again.json()["stored"] is False


def test_a_hostile_post_is_extracted_outside_the_server_process(pooled: str) -> None:
    """Extracting in a write thread held the server's GIL for the whole article: GET p95 went up 1.9x on
    PostgreSQL while hostile POSTs ran (bench/bench_api_hostile.py). Here the server (this process) spends little CPU while
    a hostile article is extracted (the pipeline loads and runs in the extraction process), and the GETs
    made meanwhile are answered within a generous bound."""
    text = make("quote_marks", 60_000)  # 5,000 took under 0.2 s once parsing got faster: too short to read beside
    answers: list[httpx.Response] = []

    def post() -> None:
        with httpx.Client(timeout=300) as c:
            answers.append(c.post(f"{pooled}/api/articles", json={"text": text}, headers=AUTH))

    writer = threading.Thread(target=post)
    cpu0, wall0 = time.process_time(), time.monotonic()
    writer.start()
    took: list[float] = []
    with httpx.Client(timeout=30) as c:
        while writer.is_alive() and time.monotonic() - wall0 < 300:
            started = time.perf_counter()
            resp = c.get(f"{pooled}/api/events", params={"per_page": 5})
            took.append(time.perf_counter() - started)
            assert resp.status_code == 200
            time.sleep(0.1)
    writer.join(timeout=300)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    (answer,) = answers
    assert answer.status_code in (201, 422), answer.text  # 422: past the time budget on a very slow machine
    assert len(took) >= 3, "the POST finished before the GETs: the test proves nothing"
    assert max(took) < 2.0, f"a GET took {max(took):.2f} s while a POST was extracted"
    # Loading the pipeline and extracting take seconds of CPU; in this process they would be most of it.
    assert cpu < 0.6 * wall, f"the server process used {cpu:.1f} s of CPU in {wall:.1f} s: it extracted itself"


class _Refused:
    """The pipeline where no request may reach it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError("the NLP ran")


@pytest.fixture
def one_write(tmp_path: Path) -> Iterator[str]:
    """A server taking one write at a time, extracting in a thread (no NLP needed: bodies are refused)."""
    yield from _serve(tmp_path, nlp=_Refused(), extract_workers=0, write_queue=1)


def test_writes_beyond_the_queue_get_503_with_retry_after(one_write: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.serve.upload as upload

    reading = threading.Event()
    release = threading.Event()
    real = upload.read_articles

    def slow_read(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, "read_articles", slow_read)
    hostile = b"\xe9" + b"b" * 10_000
    answers: list[httpx.Response] = []

    def post() -> None:
        with httpx.Client(timeout=30) as c:
            answers.append(c.post(f"{one_write}/api/articles", content=hostile,
                                  headers={**AUTH, "Content-Type": "text/plain"}))  # fmt: skip

    writer = threading.Thread(target=post)
    writer.start()
    try:
        assert reading.wait(10), "the first POST never reached the body reader"
        with httpx.Client(timeout=10) as c:
            for path in ("/api/articles", "/api/extract"):
                started = time.perf_counter()
                busy = c.post(one_write + path, json={"text": "Talks in Oslo."}, headers=AUTH)
                assert time.perf_counter() - started < 2.0
                assert busy.status_code == 503, busy.text
                assert busy.json()["error"]["code"] == "busy"
                assert busy.headers["retry-after"].isdigit()
            assert c.get(f"{one_write}/api/events").status_code == 200  # reads are not queued
    finally:
        release.set()
        writer.join(timeout=30)
    (first,) = answers
    assert first.status_code == 422 and json.loads(first.text)["error"]["code"] == "E107"
    with httpx.Client(timeout=10) as c:  # the place is free again
        again = c.post(f"{one_write}/api/articles", content=hostile, headers={**AUTH, "Content-Type": "text/plain"})
        assert again.status_code == 422


_HEAVY = ("fastapi", "starlette", "spacy", "thinc", "sqlalchemy", "dateline.serve", "dateline.pipeline")


def test_the_helper_processes_lower_their_priority_before_any_heavy_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """A spawned process imports its initializer's module at the priority it starts with. The initializer lived in
    ``dateline.serve.extraction``, whose imports (FastAPI, the app, spaCy) took 2.7 s of CPU from the reads in
    every extraction or decoding process the server started or replaced. Its initializers now come from modules
    that import none of that, so the heavy imports run after the priority is lowered."""
    import asyncio
    import subprocess
    import sys
    from concurrent.futures import Future

    import dateline.serve.extraction as extraction

    started: list[Any] = []

    class _Executor:
        def __init__(self, **kwargs: Any) -> None:
            started.append(kwargs["initializer"])

        def submit(self, func: Any, *args: Any) -> Future[Any]:
            done: Future[Any] = Future()
            done.set_result(("ok", None))
            return done

    monkeypatch.setattr(extraction, "ProcessPoolExecutor", _Executor)
    pool = extraction.ExtractionPool(1, None)
    pool._pool()
    asyncio.run(pool.decode(len, b""))
    assert len(started) == 2
    for init in started:
        code = f"import sys, {init.__module__}; print(' '.join(m for m in {_HEAVY!r} if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
        assert out.stdout.strip() == "", f"{init.__module__} imports {out.stdout.strip()}"

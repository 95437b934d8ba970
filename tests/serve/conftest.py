"""Serve fixtures: a store filled with hand-made extractions (every layer, so events, quotes, actors
and places are there before the extraction layers land), on SQLite and (with
``DATELINE_TEST_PG_URL``) PostgreSQL in a fresh schema per test, and a TestClient over it."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Entity,
    Event,
    EventActor,
    Extraction,
    Location,
    Place,
    Quote,
    Speaker,
    Timex,
)
from tests.conftest import drop_pg_schema

PG_ENV = "DATELINE_TEST_PG_URL"
TOKEN = "test-token-0123456789"


def pytest_configure(config: pytest.Config) -> None:
    # Starlette suggests httpx2 for its TestClient; httpx is what we pin.
    config.addinivalue_line("filterwarnings", "ignore:.*httpx2")


XSS_TITLE = '<img src=x onerror="alert(1)"> =HYPERLINK("http://127.0.0.1:9/","x")'
XSS_TEXT = (
    'Officials in Ankara said <script>alert("xss")</script> appeared on screens on Tuesday.\n\n'
    'A banner read <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">click here</a>, '
    "Turkey protested to Greece."
)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _ea(text: str, needle: str, code: str, country: str | None, sector: str | None = None) -> EventActor:
    s, e = _span(text, needle)
    return EventActor(code=code, country=country, sector=sector, start=s, end=e, text=needle)


def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    out, start = [], 0
    for part in text.split("\n\n"):
        out.append((start, start + len(part)))
        start += len(part) + 2
    return tuple(out)


def _article(text: str, n: str, **kw: Any) -> Article:
    return Article(text=text, origin=f"test:{n}", format="text", paragraphs=_paragraphs(text), **kw)


def _event(text: str, trigger: str, plover: str, cameo: str, src: list[EventActor], tgt: list[EventActor],
           sentence: tuple[int, int], **kw: Any) -> Event:  # fmt: skip
    ts, te = _span(text, trigger)
    return Event(plover=plover, cameo=cameo, source=tuple(src), target=tuple(tgt), trigger_start=ts,
                 trigger_end=te, trigger_text=trigger, sentence_start=sentence[0], sentence_end=sentence[1],
                 **kw)  # fmt: skip


def summit() -> Extraction:
    text = (
        "Vladimir Putin hosted Kim Jong Un at the Vostochny cosmodrome in Russia on Wednesday.\n\n"
        '"We will help them build satellites," Putin told reporters after the talks.'
    )
    s1 = (0, text.index("\n\n"))
    s2 = (s1[1] + 2, len(text))
    putin = _ea(text, "Vladimir Putin", "RUSGOV", "RUS", "GOV")
    kim = _ea(text, "Kim Jong Un", "PRKGOV", "PRK", "GOV")
    vost = _span(text, "Vostochny cosmodrome")
    content = _span(text, "We will help them build satellites,")
    return Extraction(
        article=_article(
            text, "summit", title="Putin and Kim meet at Vostochny", source="AFP", published=date(2023, 9, 13)
        ),  # fmt: skip
        entities=(
            Entity(start=putin.start, end=putin.end, text=putin.text, label="PERSON", actor="RUSGOV"),
            Entity(start=kim.start, end=kim.end, text=kim.text, label="PERSON", actor="PRKGOV"),
            Entity(start=text.index("Russia"), end=text.index("Russia") + 6, text="Russia", label="GPE"),
        ),
        actors=(
            Actor(
                code="RUSGOV",
                country="RUS",
                sector="GOV",
                name="Vladimir Putin",
                rule="leaders",
                mentions=(ActorMention(start=putin.start, end=putin.end, text=putin.text),),
            ),
            Actor(
                code="PRKGOV",
                country="PRK",
                sector="GOV",
                name="Kim Jong Un",
                rule="leaders",
                mentions=(ActorMention(start=kim.start, end=kim.end, text=kim.text),),
            ),
        ),  # fmt: skip
        events=(
            _event(
                text,
                "hosted",
                "CONSULT",
                "043",
                [putin],
                [kim],
                s1,
                date=date(2023, 9, 13),
                date_precision="day",
                goldstein=2.8,
                confidence=0.9,
                rule="verb:host",
                location=Location(name="Vostochny cosmodrome", country="RUS", lat=51.88, lon=128.33),
            ),
            _event(
                text,
                "help",
                "AID",
                "07",
                [_ea(text, "Putin", "RUSGOV", "RUS", "GOV")],
                [kim],
                s2,
                date=date(2023, 9, 13),
                goldstein=7.0,
                modality="quoted",
                confidence=0.6,
                rule="quote:promise",
                quote_index=0,
            ),
        ),  # fmt: skip
        quotes=(
            Quote(
                kind="direct",
                content_start=content[0],
                content_end=content[1],
                content_text=text[content[0] : content[1]],
                cue_start=_span(text, "told")[0],
                cue_end=_span(text, "told")[1],
                cue_text="told",
                speaker=Speaker(
                    start=_span(text, "Putin", s2[0])[0],
                    end=_span(text, "Putin", s2[0])[1],
                    text="Putin",
                    name="Vladimir Putin",
                    actor="RUSGOV",
                ),
                rule="quote-said",
            ),
        ),  # fmt: skip
        timexes=(
            Timex(
                start=_span(text, "Wednesday")[0],
                end=_span(text, "Wednesday")[1],
                text="Wednesday",
                type="DATE",
                value="2023-09-13",
                rule="weekday",
            ),
        ),  # fmt: skip
        places=(
            Place(
                start=vost[0],
                end=vost[1],
                text="Vostochny cosmodrome",
                name="Vostochny cosmodrome",
                country="RUS",
                lat=51.88,
                lon=128.33,
                rule="gazetteer",
            ),
            Place(
                start=_span(text, "Russia")[0],
                end=_span(text, "Russia")[1],
                text="Russia",
                name="Russia",
                country="RUS",
                rule="gazetteer",
            ),
        ),  # fmt: skip
        model="test",
    )


def shelling() -> Extraction:
    text = (
        "Ukraine accused Russia of shelling Kherson overnight, killing three people.\n\n"
        "Russian forces struck Kherson again on Friday, officials in Kyiv said.\n\n"
        "Moscow may consider talks, a Kremlin aide suggested."
    )
    paras = _paragraphs(text)
    ukr = _ea(text, "Ukraine", "UKR", "UKR")
    rus = _ea(text, "Russia", "RUS", "RUS")
    rusmil = _ea(text, "Russian forces", "RUSMIL", "RUS", "MIL")
    kherson = Location(name="Kherson", country="UKR", lat=46.64, lon=32.61, precision="city")
    moscow = _ea(text, "Moscow", "RUS", "RUS")
    ukr2 = EventActor(code="UKR", country="UKR", sector=None, start=ukr.start, end=ukr.end, text="Ukraine")
    return Extraction(
        article=_article(
            text, "shelling", title="Kherson shelled again", source="Reuters", published=date(2023, 10, 6)
        ),  # fmt: skip
        entities=(
            Entity(start=ukr.start, end=ukr.end, text="Ukraine", label="GPE", actor="UKR"),
            Entity(start=rus.start, end=rus.end, text="Russia", label="GPE", actor="RUS"),
        ),  # fmt: skip
        actors=(
            Actor(
                code="UKR",
                country="UKR",
                sector=None,
                name="Ukraine",
                rule="country-name",
                mentions=(ActorMention(start=ukr.start, end=ukr.end, text="Ukraine"),),
            ),
            Actor(code="RUS", country="RUS", sector=None, name="Russia", rule="country-name"),
        ),  # fmt: skip
        events=(
            _event(
                text,
                "accused",
                "ACCUSE",
                "112",
                [ukr],
                [rus],
                paras[0],
                date=date(2023, 10, 5),
                goldstein=-2.0,
                confidence=0.8,
                rule="verb:accuse",
                location=kherson,
            ),
            _event(
                text,
                "shelling",
                "ASSAULT",
                "195",
                [rus],
                [ukr2],
                paras[0],
                date=date(2023, 10, 5),
                goldstein=-10.0,
                confidence=0.7,
                rule="noun:shelling",
                location=kherson,
            ),
            _event(
                text,
                "struck",
                "ASSAULT",
                "190",
                [rusmil],
                [ukr2],
                paras[1],
                date=date(2023, 10, 6),
                goldstein=-10.0,
                confidence=0.75,
                rule="verb:strike",
                location=kherson,
            ),
            _event(
                text,
                "talks",
                "CONSULT",
                "036",
                [moscow],
                [ukr2],
                paras[2],
                date=None,
                goldstein=4.0,
                modality="hedged",
                confidence=0.3,
                rule="noun:talks",
            ),
        ),  # fmt: skip
        places=(
            Place(
                start=_span(text, "Kherson")[0],
                end=_span(text, "Kherson")[1],
                text="Kherson",
                name="Kherson",
                country="UKR",
                lat=46.64,
                lon=32.61,
                rule="gazetteer",
            ),
            Place(
                start=_span(text, "Kyiv")[0],
                end=_span(text, "Kyiv")[1],
                text="Kyiv",
                name="Kyiv",
                country="UKR",
                lat=50.45,
                lon=30.52,
                rule="gazetteer",
            ),
        ),  # fmt: skip
        model="test",
    )


def hostile() -> Extraction:
    text = XSS_TEXT
    tur = _ea(text, "Turkey", "TUR", "TUR")
    grc = _ea(text, "Greece", "GRC", "GRC")
    para2 = _paragraphs(text)[1]
    script = _span(text, '<script>alert("xss")</script>')
    return Extraction(
        article=_article(
            text,
            "hostile",
            title=XSS_TITLE,
            source="=cmd|' /C calc'!A0",
            published=date(2024, 1, 9),
            url="javascript:alert(4)",
        ),  # fmt: skip
        entities=(
            Entity(start=script[0], end=script[1], text=text[script[0] : script[1]], label='"><b>x</b>'),
            Entity(start=tur.start, end=tur.end, text="Turkey", label="GPE", actor="TUR"),
        ),  # fmt: skip
        events=(
            _event(
                text,
                "protested",
                "PROTEST",
                "13",
                [tur],
                [grc],
                para2,
                date=date(2024, 1, 9),
                goldstein=-4.0,
                rule="<img src=x onerror=alert(5)>",
            ),
        ),  # fmt: skip
        quotes=(
            Quote(
                kind="indirect",
                content_start=script[0],
                content_end=script[1],
                content_text=text[script[0] : script[1]],
                speaker=Speaker(start=0, end=9, text="Officials", name="<script>alert(6)</script>"),
            ),
        ),  # fmt: skip
        model="test",
    )


def undated() -> Extraction:
    text = "Envoys from Kenya and Ethiopia met in Nairobi to discuss water sharing."
    return Extraction(article=_article(text, "undated", title="Water talks", source="AP"), model="test")


def all_extractions() -> list[Extraction]:
    return [summit(), shelling(), hostile(), undated()]


def fill(store: Any) -> dict[str, str]:
    """Write the hand-made articles; name -> article id."""
    ids = {}
    for name, ex in zip(("summit", "shelling", "hostile", "undated"), all_extractions(), strict=True):
        store.write(ex)
        ids[name] = ex.article.id
    return ids


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.needs_postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend (PostgreSQL: a new schema, dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "serve.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    schema = f"s_{secrets.token_hex(6)}"
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}schema={schema}"
    finally:
        drop_pg_schema(base, schema)


@pytest.fixture
def filled(db_url: str) -> dict[str, str]:
    """The database at ``db_url`` with the hand-made articles; name -> article id."""
    from dateline.store import Store

    with Store.open(db_url) as store:
        return fill(store)


def make_client(db_url: str, **settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from dateline.serve import Settings, create_app

    return TestClient(create_app(Settings(db=db_url, **settings)), raise_server_exceptions=False)


@pytest.fixture
def client(db_url: str, filled: dict[str, str]) -> Iterator[Any]:
    with make_client(db_url) as c:
        yield c


@pytest.fixture
def writer(db_url: str, filled: dict[str, str], pipeline: Any) -> Iterator[Any]:
    """A client with the write endpoints on (token ``TOKEN``) and the session's spaCy pipeline."""
    from dateline.serve.deps import get_nlp

    c = make_client(db_url, token=TOKEN)
    c.app.dependency_overrides[get_nlp] = lambda: pipeline
    with c:
        yield c


@pytest.fixture(scope="session")
def pipeline() -> Any:
    from dateline.nlp import load_pipeline

    return load_pipeline(None)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any, *, join_s: float = 10) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on 127.0.0.1 (a real server, for tests that need concurrency
    or a browser); yields its base URL and stops it afterwards."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=join_s)

"""Store fixtures: the same tests run on SQLite (a temporary file) and PostgreSQL.

PostgreSQL runs when ``DATELINE_TEST_PG_URL`` is set (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test gets a fresh schema, dropped
afterwards, so parallel runs and leftovers never collide.

The article builders here are plain functions so the crash test's child process can load this
file by path and build the very same articles.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Caption,
    Entity,
    Event,
    EventActor,
    Extraction,
    Heading,
    Location,
    Place,
    Quote,
    Related,
    Speaker,
    Timex,
)
from dateline.store import Store
from tests.conftest import drop_pg_schema  # noqa: F401 - re-exported for the store tests

PG_ENV = "DATELINE_TEST_PG_URL"


@dataclass(frozen=True)
class Target:
    """Where a test's database lives: ``Store.open(target.url, schema=target.schema)``."""

    backend: str
    url: str
    schema: str | None = None

    def open(self) -> Store:
        return Store.open(self.url, schema=self.schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.needs_postgres)])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """A fresh, empty database on each backend (not yet opened)."""
    if request.param == "sqlite":
        yield Target("sqlite", str(tmp_path / "dateline.db"))
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    schema = f"t_{secrets.token_hex(6)}"
    try:
        yield Target("postgresql", url, schema)
    finally:
        drop_pg_schema(url, schema)


@pytest.fixture
def store(db_target: Target) -> Iterator[Store]:
    """An opened, migrated, empty store on each backend."""
    s = db_target.open()
    try:
        yield s
    finally:
        s.close()


# -- builders ---------------------------------------------------------------------------------------------


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build_extraction(
    n: int = 0,
    *,
    title: str | None = None,
    source: str | None = "Reuters",
    published: date | None = date(2024, 3, 3),
    body: str | None = None,
) -> Extraction:
    """A complete extraction (every annotation kind, offsets valid) for article number ``n``."""
    headline = f"Russia accuses Ukraine of shelling ({n})" if title is None else title
    text = body or (
        f"Moscow, 3 March 2024. Russia accused Ukraine of shelling Belgorod on Sunday (report {n}).\n\n"
        f'"We will respond," Vladimir Putin said in Moscow.'
    )
    if body is not None:
        return Extraction(
            article=Article(
                text=text, origin=f"mem:{n}", format="text", paragraphs=((0, len(text)),), title=headline,
                source=source, published=published,
            ),
        )  # fmt: skip
    para2 = text.index('"We')
    russia = _span(text, "Russia")
    ukraine = _span(text, "Ukraine")
    accused = _span(text, "accused")
    putin = _span(text, "Vladimir Putin")
    moscow2 = _span(text, "Moscow", putin[1])
    belgorod = _span(text, "Belgorod")
    sunday = _span(text, "Sunday")
    march = _span(text, "3 March 2024")
    content = _span(text, "We will respond,")
    said = _span(text, "said")
    respond = _span(text, "respond")
    article = Article(
        text=text,
        origin=f"mem.jsonl:{n + 1}",
        format="jsonl",
        paragraphs=((0, para2 - 2), (para2, len(text))),
        title=headline,
        byline="Staff reporter",
        source=source,
        published=published,
        published_raw="2024-03-03" if published else None,
        url=f"https://example.org/news/{n}",
        external_id=f"ext-{n}",
        captions=(Caption(text="Smoke over Belgorod", credit="AP"), Caption(text="A street")),
        headings=(Heading(text="Moscow", start=0, end=6),),
        related=(Related(title="Earlier story", url="https://example.org/1"), Related(title="No link")),
        warnings=("E110: date guessed",),
    )
    rus = EventActor(code="RUS", country="RUS", sector=None, start=russia[0], end=russia[1], text="Russia")
    ukr = EventActor(code="UKR", country="UKR", sector=None, start=ukraine[0], end=ukraine[1], text="Ukraine")
    putin_actor = EventActor(
        code="RUSGOV", country="RUS", sector="GOV", start=putin[0], end=putin[1], text="Vladimir Putin"
    )
    return Extraction(
        article=article,
        entities=(
            Entity(start=russia[0], end=russia[1], text="Russia", label="GPE", actor="RUS"),
            Entity(start=ukraine[0], end=ukraine[1], text="Ukraine", label="GPE", actor="UKR"),
            Entity(start=putin[0], end=putin[1], text="Vladimir Putin", label="PERSON", actor="RUSGOV"),
            Entity(start=0, end=6, text="Russia", label="GPE", field="title", rule="title-ner"),
        ),
        actors=(
            Actor(
                code="RUS",
                country="RUS",
                sector=None,
                name="Russia",
                mentions=(ActorMention(start=russia[0], end=russia[1], text="Russia"),),
                rule="country-name",
            ),
            Actor(code="RUSGOV", country="RUS", sector="GOV", name="Vladimir Putin", rule="leaders"),
        ),
        events=(
            Event(
                plover="ACCUSE",
                cameo="112",
                source=(rus,),
                target=(ukr,),
                trigger_start=accused[0],
                trigger_end=accused[1],
                trigger_text="accused",
                sentence_start=russia[0],
                sentence_end=para2 - 2,
                rule="verb:accuse",
                plover_mode="allege",
                date=date(2024, 3, 3),
                date_precision="day",
                location=Location(name="Belgorod", country="RUS", lat=50.61, lon=36.58, precision="city"),
                goldstein=-2.0,
                confidence=0.8,
            ),
            Event(
                plover="THREATEN",
                cameo="13",
                source=(putin_actor, rus),
                target=(),
                trigger_start=respond[0],
                trigger_end=respond[1],
                trigger_text="respond",
                sentence_start=para2,
                sentence_end=len(text),
                rule="quote:threat",
                modality="quoted",
                negated=True,
                quote_index=0,
            ),
        ),
        quotes=(
            Quote(
                kind="direct",
                content_start=content[0],
                content_end=content[1],
                content_text="We will respond,",
                cue_start=said[0],
                cue_end=said[1],
                cue_text="said",
                speaker=Speaker(
                    start=putin[0], end=putin[1], text="Vladimir Putin", name="Vladimir Putin", actor="RUSGOV"
                ),
                rule="quote-said",
            ),
            Quote(kind="indirect", content_start=accused[0], content_end=accused[1], content_text="accused"),
        ),
        timexes=(
            Timex(start=march[0], end=march[1], text="3 March 2024", type="DATE", value="2024-03-03"),
            Timex(
                start=sunday[0], end=sunday[1], text="Sunday", type="DATE", value="2024-03-03", rule="weekday"
            ),
        ),
        places=(
            Place(
                start=belgorod[0],
                end=belgorod[1],
                text="Belgorod",
                name="Belgorod",
                country="RUS",
                lat=50.61,
                lon=36.58,
                geonameid=578072,
                feature="PPLA",
                rule="geonames",
            ),
            Place(start=moscow2[0], end=moscow2[1], text="Moscow"),
        ),  # fmt: skip
        model="en_core_web_sm-3.8.0",
        extras={"lang": "en", "scores": [1, 2.5]},
    )


#: Rows one ``build_extraction`` adds per table.
ROWS_PER_ARTICLE = {
    "articles": 1,
    "entities": 4,
    "actors": 2,
    "events": 2,
    "event_actors": 4,
    "quotes": 2,
    "timexes": 2,
    "places": 2,
}


@pytest.fixture
def sample_extraction() -> Extraction:
    return build_extraction(0)

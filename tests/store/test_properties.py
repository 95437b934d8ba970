"""Property tests: any storable extraction reads back equal; NUL is refused on every backend.

Policy: PostgreSQL text cannot hold NUL (U+0000), so ``Store.write`` refuses it everywhere with
``StoreError`` ``E301`` (ingest already rejects such input as binary, E102); failure messages have
NUL replaced instead, so recording a failure never fails.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dateline.errors import StoreError
from dateline.model import (
    Actor,
    ActorMention,
    Article,
    Caption,
    Entity,
    Event,
    EventActor,
    Extraction,
    Failure,
    Location,
    Place,
    Quote,
    Speaker,
    Timex,
)
from dateline.store import Store
from dateline.store.mapping import extraction_rows

STORE_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any Unicode except NUL and lone surrogates (which no UTF-8 database can hold).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
texts = st.text(chars, min_size=1, max_size=400)
short = st.text(chars, max_size=40)
maybe = st.none() | short
codes = st.sampled_from(["RUS", "UKR", "USA", "RUSGOV", "UKRMIL", "IGOUNO"])
numbers = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int, str]:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return start, end, text[start:end]


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    text = draw(texts)
    article = Article(
        text=text,
        origin=draw(short),
        format=draw(st.sampled_from(["wire", "text", "html", "jsonl", "csv"])),
        paragraphs=((0, len(text)),),
        title=draw(maybe),
        byline=draw(maybe),
        source=draw(maybe),
        published=draw(st.none() | st.dates(min_value=date(1, 1, 1))),
        published_raw=draw(maybe),
        url=draw(maybe),
        external_id=draw(maybe),
        captions=tuple(Caption(text=c, credit=draw(maybe)) for c in draw(st.lists(short, max_size=2))),
        warnings=tuple(draw(st.lists(short, max_size=2))),
    )

    def event_actor() -> EventActor:
        s, e, t = draw(spans(text))
        return EventActor(
            code=draw(codes), country=draw(st.none() | codes), sector=draw(maybe), start=s, end=e, text=t
        )

    entities = []
    for _ in range(draw(st.integers(0, 4))):
        s, e, t = draw(spans(text))
        entities.append(Entity(start=s, end=e, text=t, label=draw(st.sampled_from(["GPE", "PERSON", "ORG"]))))
    quotes = []
    for _ in range(draw(st.integers(0, 2))):
        s, e, t = draw(spans(text))
        ss, se, st_ = draw(spans(text))
        speaker = draw(
            st.none() | st.just(Speaker(start=ss, end=se, text=st_, name=draw(maybe), actor=draw(maybe)))
        )
        quotes.append(Quote(kind="direct", content_start=s, content_end=e, content_text=t, speaker=speaker))
    events = []
    for _ in range(draw(st.integers(0, 3))):
        s, e, t = draw(spans(text))
        loc = draw(
            st.none() | st.just(Location(name=draw(short), country=draw(maybe), lat=draw(numbers), lon=None))
        )
        events.append(
            Event(
                plover=draw(st.sampled_from(["ACCUSE", "THREATEN", "AID"])),
                cameo=draw(st.sampled_from(["112", "13", "07"])),
                source=tuple(event_actor() for _ in range(draw(st.integers(0, 2)))),
                target=tuple(event_actor() for _ in range(draw(st.integers(0, 2)))),
                trigger_start=s,
                trigger_end=e,
                trigger_text=t,
                sentence_start=0,
                sentence_end=len(text),
                rule=draw(short),
                date=draw(st.none() | st.dates()),
                location=loc,
                negated=draw(st.booleans()),
                goldstein=draw(st.none() | numbers),
                confidence=draw(numbers),
                quote_index=draw(st.none() | st.integers(0, 3)),
            )
        )
    timexes, places, actors = [], [], []
    for _ in range(draw(st.integers(0, 2))):
        s, e, t = draw(spans(text))
        timexes.append(Timex(start=s, end=e, text=t, type="DATE", value=draw(short)))
        places.append(Place(start=s, end=e, text=t, name=draw(maybe), lat=draw(st.none() | numbers)))
        actors.append(
            Actor(code=draw(codes), country=None, sector=None, name=draw(short),
                  mentions=(ActorMention(start=s, end=e, text=t),))
        )  # fmt: skip
    return Extraction(
        article=article,
        entities=tuple(entities),
        actors=tuple(actors),
        events=tuple(events),
        quotes=tuple(quotes),
        timexes=tuple(timexes),
        places=tuple(places),
        model=draw(short),
        extras=draw(
            st.dictionaries(
                short, st.none() | st.booleans() | st.integers(-(2**53), 2**53) | short, max_size=3
            )
        ),
    )


def _unique_ids(x: Extraction) -> bool:
    """Drawn annotations may coincide; the store keeps one row per id (tested elsewhere)."""
    rows = extraction_rows(x, run_id=None, now=datetime.now(UTC))
    sizes = {"entities": x.entities, "actors": x.actors, "quotes": x.quotes, "events": x.events,
             "timexes": x.timexes, "places": x.places}  # fmt: skip
    return all(len(rows[name]) == len(items) for name, items in sizes.items())


@given(x=extractions())
@STORE_SETTINGS
def test_round_trip(store: Store, x: Extraction) -> None:
    assume(_unique_ids(x))
    assume(not store.has_article(x.article.id))
    assert store.write(x, run_id="prop")
    assert store.get_extraction(x.article.id) == x
    assert not store.write(x)


@given(x=extractions(), data=st.data())
@STORE_SETTINGS
def test_nul_anywhere_in_the_text_is_refused(store: Store, x: Extraction, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(x.article.text)))
    text = x.article.text[:at] + "\x00" + x.article.text[at:]
    bad = Extraction(article=dataclasses.replace(x.article, text=text, paragraphs=((0, len(text)),)))
    before = store.counts()
    with pytest.raises(StoreError) as err:
        store.write(bad)
    assert err.value.code == "E301" and "NUL" in str(err.value)
    assert store.counts() == before


@given(message=st.text(max_size=200))
@STORE_SETTINGS
def test_any_failure_message_can_be_recorded(store: Store, message: str) -> None:
    f = Failure(origin="x.jsonl:1", line=1, stage="parse", code="E105", message=message)
    store.record_failure(f, run_id="prop")
    (row,) = [r for r in store.failures() if r.id == f.id]
    assert "\x00" not in row.message
    if "\x00" not in message and not any("\ud800" <= c <= "\udfff" for c in message):
        assert row.message == message

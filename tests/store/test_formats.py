"""The event export formats (GDELT 2.0 Events and Mentions, PLOVER, ACLED, GeoJSON) over a store holding
hand-made events with known places, on SQLite and PostgreSQL; and the batched read path they share."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from dateline.model import Event, EventActor, EventMention, Extraction, Location
from dateline.store import Store
from dateline.store.formats import export_events, mention_counts
from dateline.store.formats.acled import acled_type, interaction
from dateline.store.formats.codes import base_code, quad_class, split_actor_code
from dateline.store.formats.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, global_event_id
from dateline.store.read import EventFilter
from dateline.store.read.stream import event_batches

from .conftest import build_extraction

TEXT = (
    "Vladimir Putin met Kim Jong Un in Moscow on Monday. Russian troops shelled Kyiv overnight.\n\n"
    "Protesters rallied in New York. Russia did not attack Ukraine, officials said. "
    "Georgia will ask the UN for economic help."
)


def _actor(needle: str, code: str, country: str | None, sector: str | None = None) -> EventActor:
    start = TEXT.index(needle)
    return EventActor(
        code=code, country=country, sector=sector, start=start, end=start + len(needle), text=needle
    )


def _event(
    trigger: str, plover: str, cameo: str, src: list[EventActor], tgt: list[EventActor], **kw: Any
) -> Event:
    start = TEXT.index(trigger)
    s_start = TEXT.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_start = max(s_start, TEXT.rfind("\n", 0, start) + 1)
    s_end = TEXT.index(".", start) + 1
    kw.setdefault("date", date(2024, 3, 4))
    kw.setdefault("date_precision", "day" if kw["date"] else None)
    return Event(
        plover=plover, cameo=cameo, source=tuple(src), target=tuple(tgt), trigger_start=start,
        trigger_end=start + len(trigger), trigger_text=trigger, sentence_start=s_start, sentence_end=s_end,
        rule="events:verb", confidence=0.6, **kw,
    )  # fmt: skip


MOSCOW = Location(
    name="Moscow", country="RUS", lat=55.75204, lon=37.61781, precision="city", geonameid=524901
)
KYIV = Location(name="Kyiv", country="UKR", lat=50.45466, lon=30.5238, precision="city", geonameid=703448)
NEW_YORK = Location(
    name="New York", country="USA", lat=43.0, lon=-75.5, precision="region", geonameid=5128638
)
UKRAINE = Location(name="Ukraine", country="UKR", lat=49.0, lon=32.0, precision="country", geonameid=690791)


def sample() -> Extraction:
    base = build_extraction(7, body=TEXT)
    consult = _event(
        "met", "CONSULT", "042", [_actor("Vladimir Putin", "RUSGOV", "RUS", "GOV")],
        [_actor("Kim Jong Un", "PRKGOV", "PRK", "GOV")], location=MOSCOW,
        evidence=(EventMention(trigger_start=0, trigger_end=3, trigger_text="Vla", sentence_start=0, sentence_end=10),),
    )  # fmt: skip
    shelling = _event(
        "shelled", "ASSAULT", "194", [_actor("Russian troops", "RUSMIL", "RUS", "MIL")], [_actor("Kyiv", "UKR", "UKR")],
        location=KYIV, date=date(2024, 3, 5),
    )  # fmt: skip
    protest = _event(
        "rallied", "PROTEST", "141", [_actor("Protesters", "USANGM", "USA", "NGM")], [], location=NEW_YORK,
        date=date(2024, 3, 1),
    )  # fmt: skip
    denied = _event(
        "attack", "ASSAULT", "190", [_actor("Russia", "RUS", "RUS")], [_actor("Ukraine", "UKR", "UKR")],
        location=UKRAINE, negated=True,
    )  # fmt: skip
    appeal = _event(
        "ask", "REQUEST", "0211", [_actor("Georgia", "GEO", "GEO")], [_actor("UN", "IGOUNO", "IGO")],
        modality="intended", date=None,
    )  # fmt: skip
    split = TEXT.index("\n\n")
    article = replace(base.article, paragraphs=((0, split), (split + 2, len(TEXT))))
    return replace(base, article=article, events=(consult, shelling, protest, denied, appeal))


@pytest.fixture
def filled(store: Store) -> Store:
    store.write(sample())
    store.write(build_extraction(1))
    return store


def export(store: Store, fmt: str, f: EventFilter | None = None, **kw: Any) -> tuple[str, Any]:
    out = io.StringIO()
    result = export_events(store, fmt, out, f, **kw)
    return out.getvalue(), result


def tsv(text: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(r) == len(columns) for r in rows), [len(r) for r in rows]
    return [dict(zip(columns, r, strict=True)) for r in rows]


# -- the read path --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 500])
def test_batches_give_each_event_once_oldest_first(filled: Store, size: int) -> None:
    with filled.reader() as conn:
        batches = list(event_batches(conn, EventFilter(), size=size))
    events = [e for b in batches for e in b.events]
    assert all(len(b.events) <= size for b in batches)
    assert len(events) == len({e.id for e in events}) == filled.count_events()
    keys = [(e.date is None, e.date or date.min, e.id) for e in events]
    assert keys == sorted(keys)
    assert events[-1].date is None
    first = batches[0]
    assert first.articles[events[0].article_id].text_length > 0
    assert all(e.sentence for e in events)


def test_batches_take_the_event_filters(filled: Store) -> None:
    with filled.reader() as conn:
        got = [e.cameo for b in event_batches(conn, EventFilter(plover="ASSAULT"), size=1) for e in b.events]
        russian = [e.cameo for b in event_batches(conn, EventFilter(actor="RUS", since=date(2024, 3, 4)), size=3) for e in b.events]  # fmt: skip
    assert sorted(got) == ["190", "194"]
    assert sorted(russian) == ["042", "190", "194"]  # not 112 (3 March)


# -- GDELT ------------------------------------------------------------------------------------------------


def test_gdelt_rows(filled: Store) -> None:
    text, result = export(filled, "gdelt", header=True)
    header, *lines = text.splitlines()
    assert header.split("\t") == list(EVENT_COLUMNS) and len(EVENT_COLUMNS) == 61
    rows = {r["EventCode"]: r for r in tsv("\n".join(lines), EVENT_COLUMNS)}
    # the negated attack and the negated threat of build_extraction are left out
    assert result.written == 5 and result.left_out == 2
    assert set(rows) == {"042", "194", "141", "0211", "112"}
    consult = rows["042"]
    assert consult["SQLDATE"] == "20240304" and consult["MonthYear"] == "202403" and consult["Year"] == "2024"
    assert consult["FractionDate"] == str(round(2024 + 64 / 365, 4))
    assert (consult["Actor1Code"], consult["Actor1Name"], consult["Actor1CountryCode"], consult["Actor1Type1Code"]) == (
        "RUSGOV", "VLADIMIR PUTIN", "RUS", "GOV",
    )  # fmt: skip
    assert (consult["EventBaseCode"], consult["EventRootCode"], consult["QuadClass"]) == ("042", "04", "1")
    assert consult["GoldsteinScale"] == "1.9"
    assert (consult["NumMentions"], consult["NumSources"], consult["NumArticles"]) == ("2", "1", "1")
    assert consult["IsRootEvent"] == "1" and rows["141"]["IsRootEvent"] == "0"
    assert (
        consult["AvgTone"] == "" and consult["Actor1Geo_Type"] == "0" and consult["Actor1Geo_FullName"] == ""
    )
    assert (consult["ActionGeo_Type"], consult["ActionGeo_CountryCode"], consult["ActionGeo_ADM1Code"]) == (
        "4",
        "RS",
        "RS48",
    )
    assert consult["ActionGeo_FullName"] == "Moscow, Russia"
    assert consult["ActionGeo_FeatureID"] == "524901" and consult["ActionGeo_Lat"] == "55.752"
    assert len(consult["DATEADDED"]) == 14 and consult["DATEADDED"].isdigit()
    kyiv = rows["194"]
    assert (kyiv["ActionGeo_Type"], kyiv["ActionGeo_ADM1Code"], kyiv["QuadClass"]) == ("4", "UP12", "4")
    assert kyiv["Actor1Type1Code"] == "MIL" and kyiv["Actor2Code"] == "UKR" and kyiv["Actor2Type1Code"] == ""
    protest = rows["141"]
    assert (protest["ActionGeo_Type"], protest["ActionGeo_ADM1Code"], protest["ActionGeo_FullName"]) == (
        "2", "USNY", "New York, United States",
    )  # fmt: skip
    assert protest["ActionGeo_FeatureID"] == "USNY" and protest["Actor2Code"] == "" and protest["Actor2Name"] == ""
    appeal = rows["0211"]
    assert (appeal["EventBaseCode"], appeal["EventRootCode"], appeal["QuadClass"]) == ("021", "02", "1")
    assert appeal["SQLDATE"] == "" and appeal["ActionGeo_Type"] == "0"
    assert (appeal["Actor2KnownGroupCode"], appeal["Actor2Type1Code"], appeal["Actor2CountryCode"]) == (
        "UNO",
        "IGO",
        "",
    )
    accuse = rows["112"]
    assert accuse["SOURCEURL"] == "https://example.org/news/1"
    assert rows["042"]["SOURCEURL"] == "Reuters"  # no URL: the source as a citation


def test_gdelt_mentions(filled: Store) -> None:
    text, result = export(filled, "gdelt-mentions")
    rows = tsv(text, MENTION_COLUMNS)
    assert len(rows) == result.written == 5
    events = {r["GLOBALEVENTID"]: r for r in tsv(export(filled, "gdelt")[0], EVENT_COLUMNS)}
    assert set(events) == {r["GLOBALEVENTID"] for r in rows}
    by_offset = {int(r["ActionCharOffset"]): r for r in rows}
    met = by_offset[TEXT.index("met")]
    assert met["Actor1CharOffset"] == "0" and met["Actor2CharOffset"] == str(TEXT.index("Kim Jong Un"))
    assert (met["MentionType"], met["MentionSourceName"], met["InRawText"], met["Confidence"]) == (
        "2",
        "Reuters",
        "1",
        "60",
    )
    assert met["MentionDocLen"] == str(len(TEXT)) and met["EventTimeDate"] == met["MentionTimeDate"]
    assert "<DATELINE_EVENT_ID>" in met["Extras"]
    rallied = by_offset[TEXT.index("rallied")]
    assert rallied["Actor2CharOffset"] == "-1"
    web = next(r for r in rows if r["MentionType"] == "1")
    assert (web["MentionSourceName"], web["MentionIdentifier"]) == (
        "example.org",
        "https://example.org/news/1",
    )


def test_global_event_id_is_a_stable_63_bit_integer() -> None:
    ids = [global_event_id(f"{i:016x}") for i in range(1000)]
    assert len(set(ids)) == 1000 and all(0 < i < 2**63 for i in ids)
    assert global_event_id("3adf2397e715d655") == global_event_id("3adf2397e715d655")


def test_mention_counts_count_merged_mentions_in_one_article() -> None:
    ev = sample().events[0]
    assert mention_counts(ev).mentions == 2 and mention_counts(replace(ev, evidence=())).mentions == 1
    assert (mention_counts(ev).sources, mention_counts(ev).articles) == (1, 1)


def test_codes() -> None:
    assert [quad_class(c) for c in ("010", "0211", "057", "06", "084", "09", "13", "14", "20", "xx")] == [
        1, 1, 1, 2, 2, 3, 3, 4, 4, None,
    ]  # fmt: skip
    assert (base_code("0211"), base_code("042"), base_code("04")) == ("021", "042", "04")
    parts = split_actor_code("IGOUNOUSC")
    assert (parts.country, parts.group, parts.types) == (None, "UNO", ("IGO",))
    parts = split_actor_code("USAGOVDIP")
    assert (parts.country, parts.group, parts.types) == ("USA", None, ("GOV", "DIP"))
    assert split_actor_code("GOV").types == ("GOV",) and split_actor_code("GOV").country is None


# -- PLOVER -----------------------------------------------------------------------------------------------


def test_plover_records(filled: Store) -> None:
    text, result = export(filled, "plover")
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == result.written == filled.count_events()
    by_code = {r["cameo"]: r for r in records}
    consult = by_code["042"]
    assert consult["event"] == ["CONSULT"] and consult["date"] == "2024-03-04" and consult["quad_code"] == 1
    assert consult["source"] == [
        {
            "code": "RUS",
            "sector": "GOV",
            "actor_text": "Vladimir Putin",
            "identifier_text": None,
            "cameo_code": "RUSGOV",
        }
    ]
    assert consult["event_loc"]["geonameid"] == 524901 and consult["event_loc"]["country code"] == "RU"
    assert consult["event_loc"]["admin1 code"] == "48" and consult["event_scale"] == 1.9
    assert consult["event_text"] == ["met", "Vla"] and consult["text"] == TEXT[: TEXT.index(".") + 1]
    assert consult["text_info"] == {"start": 0, "end": TEXT.index(".") + 1}
    assert by_code["190"]["context"] == ["negation"] and by_code["0211"]["context"] == ["future"]
    assert (
        by_code["0211"]["recipient"][0]["code"] == "IGO"
        and by_code["0211"]["recipient"][0]["sector"] == "UNO"
    )
    assert by_code["0211"]["date"] is None and by_code["0211"]["event_loc"] is None
    assert by_code["112"]["cite_info"]["url"] == "https://example.org/news/1"
    array, _ = export(filled, "plover", array=True)
    assert json.loads(array) == records


# -- ACLED -------------------------------------------------------------------------------------------------


def test_acled_types() -> None:
    assert acled_type("1831") is not None and acled_type("1831").sub_event_type == "Suicide bomb"  # type: ignore[union-attr]
    assert acled_type("1832").sub_event_type == "Remote explosive/landmine/IED"  # type: ignore[union-attr]
    assert acled_type("145").event_type == "Riots"  # type: ignore[union-attr]
    assert acled_type("192").state_sub_event_type == "Government regains territory"  # type: ignore[union-attr]
    assert acled_type("042") is None and acled_type("2042") is None and acled_type("16") is None
    assert (interaction(6, 0), interaction(1, 7), interaction(7, 1), interaction(1, 1)) == (60, 17, 17, 11)


def test_acled_rows(filled: Store) -> None:
    text, result = export(filled, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == result.written == 2  # shelling, protest; the rest has no ACLED type or did not happen
    assert result.left_out == filled.count_events() - 2
    shelling, protest = sorted(rows, key=lambda r: r["sub_event_type"])[::-1]
    assert (shelling["event_type"], shelling["sub_event_type"], shelling["disorder_type"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
    )  # fmt: skip
    assert (shelling["actor1"], shelling["inter1"], shelling["actor2"], shelling["inter2"], shelling["interaction"]) == (
        "Military Forces of Russia", "1", "Ukraine", "1", "11",
    )  # fmt: skip
    assert (shelling["country"], shelling["iso"], shelling["region"], shelling["location"]) == (
        "Ukraine",
        "804",
        "Europe",
        "Kyiv",
    )
    assert (
        shelling["geo_precision"],
        shelling["time_precision"],
        shelling["event_date"],
        shelling["year"],
    ) == ("1", "1", "2024-03-05", "2024")
    assert shelling["notes"] == "Russian troops shelled Kyiv overnight." and shelling["fatalities"] == ""
    assert (protest["event_type"], protest["sub_event_type"], protest["actor1"], protest["inter1"], protest["interaction"]) == (
        "Protests", "Peaceful protest", "Protesters (United States)", "6", "60",
    )  # fmt: skip
    assert (protest["admin1"], protest["geo_precision"], protest["region"]) == (
        "New York",
        "3",
        "North America",
    )
    assert int(protest["timestamp"]) > 1_600_000_000


# -- GeoJSON -----------------------------------------------------------------------------------------------


def test_geojson_events_and_places(filled: Store) -> None:
    text, result = export(filled, "geojson")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    located = [e for e in sample().events if e.location is not None] + [build_extraction(1).events[0]]
    assert len(features) == result.written == len(located)
    assert result.left_out == filled.count_events() - len(located)
    moscow = next(f for f in features if f["properties"]["cameo"] == "042")
    assert moscow["geometry"] == {"type": "Point", "coordinates": [37.61781, 55.75204]}  # lon, lat
    assert moscow["properties"]["source"] == "RUSGOV" and moscow["properties"]["place"] == "Moscow"
    places = json.loads(export(filled, "geojson", places=True)[0])
    names = {f["properties"]["name"]: f for f in places["features"]}
    assert {"Moscow", "Kyiv", "New York", "Ukraine", "Belgorod"} <= set(names)
    assert names["Kyiv"]["geometry"]["coordinates"] == [30.5238, 50.4547]


# -- linked events: one record per event, every report counted ----------------------------------------------


@pytest.fixture
def reprinted(store: Store) -> Store:
    """The sample article as stored by three outlets: the wire story and two reprints (near-duplicates, so
    linking joins their events into one linked event each)."""
    wire = sample()
    for n, outlet in ((8, "Wire Agency"), (9, "Daily Paper"), (10, "Evening Post")):
        copy = replace(wire, article=replace(wire.article, origin=f"mem:{n}", source=outlet))
        store.write(copy)
    return store


def test_gdelt_events_have_one_row_per_linked_event_with_its_counts(reprinted: Store) -> None:
    text, result = export(reprinted, "gdelt")
    rows = {r["EventCode"]: r for r in tsv(text, EVENT_COLUMNS)}
    assert set(rows) == {"042", "194", "141", "0211"} and result.written == 4
    assert result.left_out == 3 and result.folded == 8  # 3 negated reports; 2 further reports of 4 events
    consult = rows["042"]
    # three reports, each with one further mention in its article; three outlets, three articles
    assert (consult["NumMentions"], consult["NumSources"], consult["NumArticles"]) == ("6", "3", "3")
    assert (rows["194"]["NumMentions"], rows["194"]["NumSources"]) == ("3", "3")
    mentions = tsv(export(reprinted, "gdelt-mentions")[0], MENTION_COLUMNS)
    assert len(mentions) == 12  # every report
    assert {m["GLOBALEVENTID"] for m in mentions} == {r["GLOBALEVENTID"] for r in rows.values()}
    assert sorted({m["MentionSourceName"] for m in mentions}) == ["Daily Paper", "Evening Post", "Wire Agency"]
    first = {m["EventTimeDate"] for m in mentions if m["GLOBALEVENTID"] == consult["GLOBALEVENTID"]}
    assert first == {consult["DATEADDED"]}  # the linked event's first-seen time


def test_acled_and_plover_carry_the_linked_event(reprinted: Store) -> None:
    text, result = export(reprinted, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len({r["event_id_cnty"] for r in rows}) == len(rows) == result.written and result.folded > 0
    assert all(r["source"] == "Daily Paper; Evening Post; Wire Agency" for r in rows)
    records = [json.loads(line) for line in export(reprinted, "plover")[0].splitlines()]
    assert len(records) == 15  # PLOVER keeps every report, each pointing to its linked event
    by_link: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        assert rec["link"] is not None and rec["link"]["sources"] == 3 and rec["link"]["mentions"] == 3
        by_link.setdefault(rec["link"]["id"], []).append(rec)
    assert len(by_link) == 5 and all(len(v) == 3 for v in by_link.values())

"""The JSON API: every endpoint with its filters, pagination and errors, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.serve.conftest import make_client


def _codes(event: dict[str, Any], role: str) -> list[str]:
    return [a["code"] for a in event[role]]


def assert_error(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


# -- articles ------------------------------------------------------------------------------------------


def test_articles_list_newest_first(client: Any, filled: dict[str, str]) -> None:
    body = client.get("/api/articles").json()
    assert body["total"] == 4 and body["page"] == 1 and body["pages"] == 1
    assert [a["id"] for a in body["items"]][:3] == [filled["hostile"], filled["shelling"], filled["summit"]]
    assert "text" not in body["items"][0]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "cosmodrome"}, ["summit"]),
        ({"q": "KHERSON"}, ["shelling"]),
        ({"source": "AP"}, ["undated"]),
        ({"since": "2023-10-01"}, ["hostile", "shelling"]),
        ({"until": "2023-10-01"}, ["summit"]),
        ({"since": "2023-09-01", "until": "2023-12-31"}, ["shelling", "summit"]),
        ({"q": "nothing like this"}, []),
    ],
)
def test_articles_filters(
    client: Any, filled: dict[str, str], params: dict[str, str], names: list[str]
) -> None:
    body = client.get("/api/articles", params=params).json()
    assert sorted(a["id"] for a in body["items"]) == sorted(filled[n] for n in names)
    assert body["total"] == len(names)


def test_articles_pagination(client: Any) -> None:
    seen = []
    for page in (1, 2, 3):
        body = client.get("/api/articles", params={"per_page": 2, "page": page}).json()
        assert body["per_page"] == 2 and body["total"] == 4 and body["pages"] == 2
        seen.extend(a["id"] for a in body["items"])
    assert len(seen) == len(set(seen)) == 4


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page": "x"}, {"per_page": 0}, {"per_page": 501}, {"since": "yesterday"}, {"until": "2023-13-01"},
     {"format": "xml"}],
)  # fmt: skip
def test_articles_bad_parameters(client: Any, params: dict[str, Any]) -> None:
    assert_error(client.get("/api/articles", params=params), 422, "validation_error")


def test_article_detail(client: Any, filled: dict[str, str]) -> None:
    art = client.get(f"/api/articles/{filled['summit']}").json()
    text = art["text"]
    assert art["title"] == "Putin and Kim meet at Vostochny"
    for layer in ("entities", "timexes", "places"):
        assert art[layer], layer
        for span in art[layer]:
            assert text[span["start"] : span["end"]] == span["text"]
    ev = art["events"][0]
    assert (
        ev["plover"] == "CONSULT"
        and _codes(ev, "source") == ["RUSGOV"]
        and _codes(ev, "target") == ["PRKGOV"]
    )
    assert text[ev["trigger_start"] : ev["trigger_end"]] == ev["trigger_text"] == "hosted"
    assert ev["location"]["name"] == "Vostochny cosmodrome"
    assert art["quotes"][0]["speaker"]["actor"] == "RUSGOV"
    assert art["events"][1]["quote_id"] == art["quotes"][0]["id"]


def test_article_by_prefix_and_errors(client: Any, filled: dict[str, str]) -> None:
    full = filled["shelling"]
    assert client.get(f"/api/articles/{full[:8]}").json()["id"] == full
    assert_error(client.get("/api/articles/ffffffffffff"), 404, "not_found")
    assert_error(client.get("/api/articles/abc"), 404, "not_found")
    assert_error(client.get("/api/articles/not-hex!"), 422, "validation_error")


def test_articles_csv_neutralises_formulas(client: Any, filled: dict[str, str]) -> None:
    resp = client.get("/api/articles", params={"format": "csv"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(resp.text))}
    assert rows[filled["hostile"]]["source"].startswith("'=")
    assert rows[filled["hostile"]]["title"].startswith("<img")  # not a formula: left as it is
    assert rows[filled["undated"]]["published"] == ""


# -- events --------------------------------------------------------------------------------------------


def test_events_list(client: Any, filled: dict[str, str]) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 7
    dates = [e["date"] for e in body["items"]]
    assert dates[0] == "2024-01-09" and dates[-1] is None  # newest first, undated last
    one = body["items"][0]
    assert one["article_id"] == filled["hostile"] and one["source"][0]["code"] == "TUR"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "UKR"}, {"ACCUSE", "ASSAULT", "CONSULT"}),
        ({"actor": "UKR", "type": "ASSAULT"}, {"ASSAULT"}),
        ({"source": "UKR"}, {"ACCUSE"}),
        ({"target": "PRKGOV"}, {"CONSULT", "AID"}),
        ({"dyad": "UKR,RUS"}, {"ACCUSE"}),  # directed: UKR the source, RUS the target
        ({"dyad": "RUS,UKR"}, {"ASSAULT", "CONSULT"}),
        ({"dyad": "UKR,RUS", "either_direction": "true"}, {"ACCUSE", "ASSAULT", "CONSULT"}),
        ({"dyad": "ukr:rus"}, {"ACCUSE"}),  # codes in any case
        ({"dyad": "RUSGOV,PRKGOV"}, {"CONSULT", "AID"}),
        ({"country": "RUS"}, {"CONSULT", "AID", "ACCUSE", "ASSAULT"}),
        ({"type": "PROTEST"}, {"PROTEST"}),
        ({"cameo": "19"}, {"ASSAULT"}),
        ({"cameo": "0"}, {"CONSULT", "AID"}),
        ({"since": "2023-10-06", "until": "2023-12-31"}, {"ASSAULT"}),
        ({"place": "kherson"}, {"ACCUSE", "ASSAULT"}),
        ({"place": "RUS"}, {"CONSULT"}),
        ({"modality": "hedged"}, {"CONSULT"}),
        ({"modality": "quoted"}, {"AID"}),
        ({"actor": "NOBODY"}, set()),
        ({"actor": "RUS", "source": "RUS"}, {"CONSULT", "AID", "ASSAULT"}),  # RUS finds RUSGOV, RUSMIL
        ({"dyad": "PRK:RUS"}, set()),
        ({"dyad": "PRK:RUS", "either_direction": "true"}, {"CONSULT", "AID"}),
    ],
)
def test_events_filters(client: Any, params: dict[str, str], expected: set[str]) -> None:
    body = client.get("/api/events", params=params).json()
    assert {e["plover"] for e in body["items"]} == expected
    assert body["total"] == len(body["items"])


def test_events_by_article_and_pagination(client: Any, filled: dict[str, str]) -> None:
    body = client.get("/api/events", params={"article": filled["shelling"], "per_page": 3}).json()
    assert body["total"] == 4 and body["pages"] == 2 and len(body["items"]) == 3
    rest = client.get("/api/events", params={"article": filled["shelling"], "per_page": 3, "page": 2}).json()
    assert len(rest["items"]) == 1
    assert not {e["id"] for e in body["items"]} & {e["id"] for e in rest["items"]}
    assert client.get("/api/events", params={"page": 99}).json()["items"] == []


@pytest.mark.parametrize(
    "params", [{"dyad": "RUS"}, {"dyad": "A,B,C"}, {"since": "2023-02-30"}, {"actor": "x" * 101}]
)
def test_events_bad_parameters(client: Any, params: dict[str, str]) -> None:
    assert_error(client.get("/api/events", params=params), 422, "validation_error")


@pytest.mark.parametrize(
    "evil",
    ["' OR '1'='1", "UKR' OR 1=1 --", "UKR; DROP TABLE events; --", "%", "_", "\\", '") OR ("a"="a'],
)
def test_injection_changes_nothing(client: Any, evil: str) -> None:
    for name in ("actor", "type", "cameo", "place", "modality", "dyad"):
        value = f"{evil},X" if name == "dyad" else evil
        resp = client.get("/api/events", params={name: value})
        if resp.status_code == 422:  # too long for the field: refused, which changes nothing either
            continue
        assert resp.json()["items"] == [] and resp.json()["total"] == 0, (name, evil)
    assert client.get("/api/articles", params={"q": evil}).json()["total"] == 0
    assert client.get("/api/quotes", params={"speaker": evil}).json()["total"] == 0
    assert client.get("/api/events").json()["total"] == 7


def test_events_csv(client: Any) -> None:
    resp = client.get("/api/events", params={"format": "csv", "type": "PROTEST"})
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 1
    assert rows[0]["source"] == "TUR" and rows[0]["target"] == "GRC"
    assert rows[0]["article_title"].startswith("<img")


# -- quotes, actors, places ----------------------------------------------------------------------------


def test_quotes(client: Any, filled: dict[str, str]) -> None:
    body = client.get("/api/quotes").json()
    assert body["total"] == 2
    by_speaker = client.get("/api/quotes", params={"speaker": "putin"}).json()["items"]
    assert [q["article_id"] for q in by_speaker] == [filled["summit"]]
    assert by_speaker[0]["speaker"]["actor"] == "RUSGOV" and by_speaker[0]["article_title"]
    assert client.get("/api/quotes", params={"actor": "RUSGOV"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"q": "satellites"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"article": filled["hostile"]}).json()["total"] == 1
    assert client.get("/api/quotes", params={"per_page": 1, "page": 2}).json()["items"][0]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/quotes", params={"format": "csv"}).text)))
    assert {r["speaker"] for r in rows} == {"Vladimir Putin", "<script>alert(6)</script>"}


def test_actors_with_counts(client: Any) -> None:
    body = client.get("/api/actors", params={"per_page": 100}).json()
    by_code = {a["code"]: a for a in body["items"]}
    assert body["total"] == len(by_code)
    assert (
        by_code["UKR"]["events"] == 4
        and by_code["UKR"]["as_source"] == 1
        and by_code["UKR"]["as_target"] == 3
    )
    assert by_code["RUSGOV"]["quotes"] == 1 and by_code["RUSGOV"]["articles"] == 1
    assert by_code["RUSGOV"]["name"] == "Vladimir Putin"
    assert by_code["RUSMIL"]["name"] == "Russian forces" and by_code["RUSMIL"]["sector"] == "MIL"
    assert body["items"][0]["code"] == "UKR"  # most events first
    assert [a["code"] for a in client.get("/api/actors", params={"country": "PRK"}).json()["items"]] == [
        "PRKGOV"
    ]
    assert [a["code"] for a in client.get("/api/actors", params={"q": "kim"}).json()["items"]] == ["PRKGOV"]
    page2 = client.get("/api/actors", params={"per_page": 2, "page": 2}).json()
    assert len(page2["items"]) == 2 and page2["total"] == body["total"]


def test_places_with_event_counts(client: Any) -> None:
    body = client.get("/api/places").json()
    by_name = {p["name"]: p for p in body["items"]}
    assert by_name["Kherson"]["events"] == 3 and by_name["Kherson"]["mentions"] == 1
    assert by_name["Vostochny cosmodrome"]["events"] == 1 and by_name["Vostochny cosmodrome"]["lat"] == 51.88
    assert by_name["Kyiv"]["events"] == 0 and by_name["Russia"]["lat"] is None
    assert body["items"][0]["name"] == "Kherson"
    assert [p["name"] for p in client.get("/api/places", params={"country": "UKR"}).json()["items"]] == [
        "Kherson",
        "Kyiv",
    ]
    assert client.get("/api/places", params={"q": "kyi"}).json()["total"] == 1


# -- timeline and network ------------------------------------------------------------------------------


def test_timeline(client: Any) -> None:
    body = client.get("/api/timeline", params={"actor": "UKR", "interval": "month"}).json()
    assert body["interval"] == "month" and body["undated"] == 1
    assert [b["period"] for b in body["buckets"]] == ["2023-10"]
    oct_ = body["buckets"][0]
    assert (
        oct_["total"] == 3
        and oct_["types"] == {"ACCUSE": 1, "ASSAULT": 2}
        and oct_["categories"] == {"conflict": 3}
    )
    days = client.get("/api/timeline", params={"interval": "day"}).json()
    assert [b["period"] for b in days["buckets"]] == ["2023-09-13", "2023-10-05", "2023-10-06", "2024-01-09"]
    assert days["buckets"][0]["categories"] == {"cooperation": 2}
    filled = client.get("/api/timeline", params={"interval": "month", "fill": "true"}).json()["buckets"]
    assert [b["period"] for b in filled] == ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01"]
    assert filled[2] == {"period": "2023-11", "total": 0, "types": {}, "categories": {}}
    weeks_filled = client.get("/api/timeline", params={"interval": "week", "fill": "true"}).json()["buckets"]
    assert len(weeks_filled) == 18 and weeks_filled[-1]["period"] == "2024-01-08"
    weeks = client.get("/api/timeline", params={"interval": "week", "dyad": "RUSGOV,PRKGOV"}).json()
    assert [b["period"] for b in weeks["buckets"]] == ["2023-09-11"]
    assert client.get("/api/timeline", params={"interval": "year"}).json()["types"] == [
        "ACCUSE", "AID", "ASSAULT", "CONSULT", "PROTEST"]  # fmt: skip
    assert_error(client.get("/api/timeline", params={"interval": "hour"}), 422)


def test_network(client: Any) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"], e["type"]): e for e in body["edges"]}
    assert edges[("RUS", "UKR", "ASSAULT")]["weight"] == 1
    assert edges[("RUSMIL", "UKR", "ASSAULT")]["category"] == "conflict"
    assert edges[("RUSGOV", "PRKGOV", "CONSULT")]["category"] == "cooperation"
    nodes = {n["id"]: n for n in body["nodes"]}
    assert set(nodes) == {e for k in edges for e in k[:2]}
    assert nodes["UKR"]["events"] == 4 and nodes["RUSGOV"]["name"] == "Vladimir Putin"
    only = client.get("/api/network", params={"type": "ASSAULT"}).json()
    assert {e["type"] for e in only["edges"]} == {"ASSAULT"}
    assert client.get("/api/network", params={"min_weight": 2}).json() == {"nodes": [], "edges": []}
    assert client.get("/api/network", params={"since": "2024-01-01"}).json()["edges"][0]["source"] == "TUR"
    assert len(client.get("/api/network", params={"limit": 1}).json()["edges"]) == 1
    assert_error(client.get("/api/network", params={"limit": 0}), 422)


# -- errors, limits, headers ---------------------------------------------------------------------------


def test_one_error_shape(client: Any) -> None:
    assert_error(client.get("/api/nothing"), 404, "not_found")
    assert_error(client.get("/nothing"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")
    assert_error(client.get("/api/events", params={"per_page": "many"}), 422, "validation_error")
    assert_error(client.post("/api/articles", json={"text": "x"}), 403, "forbidden")


def test_browser_gets_an_html_error_page(client: Any) -> None:
    resp = client.get("/articles/ffffffff", headers={"accept": "text/html"})
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert "not_found" in resp.text
    api = client.get("/api/articles/ffffffff", headers={"accept": "text/html"})
    assert api.headers["content-type"].startswith("application/json")


def test_internal_errors_use_the_shape(db_url: str, filled: dict[str, str]) -> None:
    from dateline.serve.deps import get_store

    def broken() -> Any:
        raise RuntimeError("secret detail")

    with make_client(db_url) as c:
        c.app.dependency_overrides[get_store] = broken
        err = assert_error(c.get("/api/events"), 500, "internal_error")
        assert "secret" not in err["message"]


def test_security_headers(client: Any) -> None:
    resp = client.get("/api/events")
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert client.get("/").headers["x-frame-options"] == "DENY"


def test_docs_are_offline(client: Any) -> None:
    html = client.get("/docs").text
    assert "/static/swagger-ui-bundle.js" in html and "http" not in html
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/events"]

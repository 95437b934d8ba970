"""The CLI and the API read through the same filters: the same filter gives the same rows, in the
same order, on each backend (dyads included: directed unless asked for either direction)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from dateline.cli import cli

# (CLI arguments, API query parameters) meaning the same filter
EVENT_CASES: list[tuple[list[str], dict[str, str]]] = [
    ([], {}),
    (["--dyad", "UKR:RUS"], {"dyad": "UKR,RUS"}),
    (["--dyad", "RUS:UKR"], {"dyad": "RUS:UKR"}),
    (["--dyad", "rus:prk"], {"dyad": "RUS,PRK"}),
    (["--dyad", "PRK:RUS"], {"dyad": "PRK,RUS"}),
    (["--dyad", "PRK:RUS", "--either-direction"], {"dyad": "PRK,RUS", "either_direction": "true"}),
    (["--dyad", "UKR:RUS", "--either-direction"], {"dyad": "UKR,RUS", "either_direction": "true"}),
    (["--dyad", "RUSGOV:PRKGOV"], {"dyad": "RUSGOV,PRKGOV"}),
    (["--actor", "RUS"], {"actor": "RUS"}),
    (["--actor", "RUSGOV"], {"actor": "RUSGOV"}),
    (["--source", "UKR"], {"source": "UKR"}),
    (["--target", "PRKGOV"], {"target": "PRKGOV"}),
    (["--country", "RUS"], {"country": "RUS"}),
    (["--type", "assault"], {"type": "ASSAULT"}),
    (["--cameo", "0"], {"cameo": "0"}),
    (["--since", "2023-10-06", "--until", "2023-12-31"], {"since": "2023-10-06", "until": "2023-12-31"}),
    (["--place", "kherson"], {"place": "kherson"}),
    (["--modality", "hedged"], {"modality": "hedged"}),
    (["--actor", "RUS", "--type", "CONSULT", "--dyad", "RUS:PRK"], {"actor": "RUS", "type": "CONSULT", "dyad": "RUS,PRK"}),
]  # fmt: skip

QUOTE_CASES: list[tuple[list[str], dict[str, str]]] = [
    ([], {}),
    (["--speaker", "putin"], {"speaker": "putin"}),
    (["--speaker", "RUSGOV"], {"speaker": "RUSGOV"}),
    (["--actor", "RUSGOV"], {"actor": "RUSGOV"}),
    (["--kind", "direct"], {"kind": "direct"}),
    (["--q", "SCRIPT"], {"q": "SCRIPT"}),
    (["--since", "2024-01-01"], {"since": "2024-01-01"}),
    (["--until", "2023-12-31"], {"until": "2023-12-31"}),
]


def cli_rows(command: str, db_url: str, args: list[str]) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, [command, "--db", db_url, "--format", "jsonl", "--limit", "1000", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def api_rows(client: Any, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
    resp = client.get(path, params={**params, "per_page": 500})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["total"] == len(body["items"])
    return list(body["items"])


@pytest.mark.parametrize(
    ("args", "params"), EVENT_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_events_same_in_cli_and_api(
    client: Any, db_url: str, args: list[str], params: dict[str, str]
) -> None:
    from_cli = cli_rows("events", db_url, args)
    from_api = api_rows(client, "/api/events", params)
    assert [e["id"] for e in from_cli] == [e["id"] for e in from_api]
    for c, a in zip(from_cli, from_api, strict=True):
        assert (c["plover"], c["source"], c["target"], c["date"]) == (
            a["plover"],
            a["source"],
            a["target"],
            a["date"],
        )


def test_dyads_are_directed_in_both(client: Any, db_url: str) -> None:
    forward = {e["id"] for e in cli_rows("events", db_url, ["--dyad", "RUS:UKR"])}
    backward = {e["id"] for e in cli_rows("events", db_url, ["--dyad", "UKR:RUS"])}
    both = {e["id"] for e in cli_rows("events", db_url, ["--dyad", "RUS:UKR", "--either-direction"])}
    assert forward and backward and not forward & backward and both == forward | backward
    api_both = api_rows(client, "/api/events", {"dyad": "UKR,RUS", "either_direction": "true"})
    assert {e["id"] for e in api_both} == both
    for e in cli_rows("events", db_url, ["--dyad", "RUS:UKR"]):
        assert any(a["country"] == "RUS" or a["code"] == "RUS" for a in e["source"])
        assert any(a["country"] == "UKR" or a["code"] == "UKR" for a in e["target"])


def test_timeline_and_network_take_the_same_dyad(client: Any) -> None:
    directed = client.get("/api/timeline", params={"dyad": "UKR,RUS"}).json()
    either = client.get("/api/timeline", params={"dyad": "UKR,RUS", "either_direction": "true"}).json()
    n_directed = len(client.get("/api/events", params={"dyad": "UKR,RUS"}).json()["items"])
    assert sum(b["total"] for b in directed["buckets"]) + directed["undated"] == n_directed
    assert sum(b["total"] for b in either["buckets"]) > sum(b["total"] for b in directed["buckets"])
    edges = client.get("/api/network", params={"dyad": "RUS,UKR"}).json()["edges"]
    assert edges and all(e["target"].startswith("UKR") for e in edges)


@pytest.mark.parametrize(
    ("args", "params"), QUOTE_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_quotes_same_in_cli_and_api(
    client: Any, db_url: str, args: list[str], params: dict[str, str]
) -> None:
    from_cli = cli_rows("quotes", db_url, args)
    from_api = api_rows(client, "/api/quotes", params)
    assert [q["id"] for q in from_cli] == [q["id"] for q in from_api]
    for c, a in zip(from_cli, from_api, strict=True):
        assert (c["article_title"], c["published"], c["speaker"]) == (
            a["article_title"],
            a["published"],
            a["speaker"],
        )


def test_articles_same_in_cli_and_api(client: Any, db_url: str) -> None:
    for args, params in [
        ([], {}),
        (["--source", "AP"], {"source": "AP"}),
        (["--q", "talks"], {"q": "talks"}),
    ]:
        assert [r["id"] for r in cli_rows("articles", db_url, args)] == [
            r["id"] for r in api_rows(client, "/api/articles", params)
        ]

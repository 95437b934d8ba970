"""The write endpoints: off without a token, then token-protected; extraction and storing; limits."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from dateline.contract import load_schema
from tests.serve.conftest import TOKEN, make_client
from tests.serve.test_api import assert_error

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "id": "mine-1",
    "title": "Ministers meet in Oslo",
    "text": "Foreign ministers from Norway and Chile met in Oslo on Monday to discuss fishing rights.",
    "published": "2024-05-06",
    "source": "Dateline Wire",
}
WIRE = (
    "# Talks resume in Geneva\n\nBy Jane Doe, Reuters\n\nMay 7, 2024\n\n"
    "Negotiators from Kenya and Ethiopia resumed talks in Geneva on Tuesday over water sharing.\n"
)


@pytest.mark.parametrize("path", ["/api/extract", "/api/articles"])
def test_writes_are_off_without_a_token(client: Any, path: str) -> None:
    err = assert_error(client.post(path, json=ARTICLE), 403, "forbidden")
    assert "--token" in err["message"]
    assert_error(client.post(path, json=ARTICLE, headers=AUTH), 403, "forbidden")


@pytest.mark.parametrize("path", ["/api/extract", "/api/articles"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": f"Bearer {TOKEN}x"}],
)  # fmt: skip
def test_writes_need_the_token(writer: Any, path: str, headers: dict[str, str]) -> None:
    resp = writer.post(path, json=ARTICLE, headers=headers)
    assert_error(resp, 401, "unauthorized")
    assert resp.headers["www-authenticate"] == "Bearer"


def test_extract_json(writer: Any) -> None:
    resp = writer.post("/api/extract", json=ARTICLE, headers=AUTH)
    assert resp.status_code == 200, resp.text
    out = resp.json()
    jsonschema.validate(out, load_schema())
    assert out["id"] == "mine-1" and out["text"] == ARTICLE["text"] and out["published"] == "2024-05-06"
    assert {"Norway", "Chile", "Oslo"} <= {e["text"] for e in out["entities"]}
    for e in out["entities"]:
        assert ARTICLE["text"][e["start"] : e["end"]] == e["text"]
    # nothing stored
    assert writer.get("/api/articles", params={"q": "fishing rights"}).json()["total"] == 0


def test_extract_upload_and_raw_body(writer: Any) -> None:
    files = {"file": ("talks.md", WIRE.encode(), "text/markdown")}
    out = writer.post("/api/extract", files=files, headers=AUTH).json()
    jsonschema.validate(out, load_schema())
    assert out["title"] == "Talks resume in Geneva" and out["source"] == "Reuters" and out["format"] == "wire"
    assert out["origin"] == "upload:talks.md"
    html = b"<html><head><title>Border talks</title></head><body><article><h1>Border talks</h1>" + (
        b"<p>Delegations from Peru and Ecuador met in Lima on Monday to settle a border dispute. " * 3
    ) + b"</p><script>alert(1)</script></article></body></html>"  # fmt: skip
    out = writer.post("/api/extract", files={"file": ("page.html", html, "text/html")}, data={"format": "html"},
                      headers=AUTH).json()  # fmt: skip
    assert "alert" not in out["text"] and "Peru" in out["text"]
    raw = writer.post(
        "/api/extract", content=WIRE.encode(), headers={**AUTH, "Content-Type": "text/markdown"}
    )
    assert raw.json()["title"] == "Talks resume in Geneva"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": "   "}}, 422, "E101"),
        ({"json": {"title": "no text"}}, 422, "validation_error"),
        ({"json": {"text": 5}}, 422, "validation_error"),
        ({"json": {"text": "Some words here.", "colour": "red"}}, 422, "validation_error"),
        ({"json": ["not", "an", "object"]}, 422, "validation_error"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "bad_request"),
        (
            {"content": b"<xml/>", "headers": {"Content-Type": "application/xml"}},
            415,
            "unsupported_media_type",
        ),
        ({"content": b"\x00\x01\x02binary\x00" * 20, "headers": {"Content-Type": "text/plain"}}, 422, "E102"),
        ({"files": {"nofile": ("a.txt", b"x")}}, 422, "validation_error"),
        (
            {"files": {"file": ("a.md", b"# T\n\nWords here.")}, "data": {"format": "exe"}},
            422,
            "validation_error",
        ),
        ({"files": {"file": ("c.jsonl", b'{"text": "a"}\n{"text": "b"}\n')}}, 422, "validation_error"),
    ],
)
def test_extract_bad_input(writer: Any, kwargs: dict[str, Any], status: int, code: str) -> None:
    kwargs = dict(kwargs)
    headers = {**AUTH, **kwargs.pop("headers", {})}
    assert_error(writer.post("/api/extract", headers=headers, **kwargs), status, code)


def test_body_size_limit(db_url: str, filled: dict[str, str], pipeline: Any) -> None:
    from dateline.serve.deps import get_nlp

    with make_client(db_url, token=TOKEN, max_body_bytes=2000) as c:
        c.app.dependency_overrides[get_nlp] = lambda: pipeline
        big = {"text": "Words and more words. " * 200}
        assert_error(c.post("/api/extract", json=big, headers=AUTH), 413, "payload_too_large")
        assert_error(c.post("/api/articles", json=big, headers=AUTH), 413, "payload_too_large")

        def chunks() -> Any:  # no Content-Length: counted while streaming
            for _ in range(10):
                yield b"x" * 500

        resp = c.post("/api/extract", content=chunks(), headers={**AUTH, "Content-Type": "text/plain"})
        assert_error(resp, 413, "payload_too_large")
        files = {"file": ("big.txt", b"word " * 1000, "text/plain")}
        assert_error(c.post("/api/extract", files=files, headers=AUTH), 413, "payload_too_large")
        assert (
            c.post("/api/extract", json={"text": "Kenya and Ghana agreed."}, headers=AUTH).status_code == 200
        )


def test_post_article_stores_once(writer: Any) -> None:
    first = writer.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["stored"] is True and body["counts"]["entities"] >= 3
    stored = writer.get(body["url"]).json()
    assert stored["title"] == ARTICLE["title"] and stored["external_id"] == "mine-1"
    again = writer.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 200 and again.json()["stored"] is False and again.json()["id"] == body["id"]
    assert writer.get("/api/articles", params={"q": "fishing rights"}).json()["total"] == 1
    upload = writer.post("/api/articles", files={"file": ("talks.md", WIRE.encode())}, headers=AUTH)
    assert upload.status_code == 201
    assert writer.get(upload.json()["url"]).json()["origin"] == "upload:talks.md"

"""Decoding hostile bytes in bounded time, and UTF-16/UTF-32 corpora decoded like the other formats."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from dateline.ingest import read_articles
from dateline.ingest.decode import plausible
from dateline.model import Article, Failure

# Each took seconds to minutes before: 100 KB without a space once took 42 s to be refused (issue 15).
HOSTILE = {
    "ascii run, then a legacy byte": b"a" * 100_000 + b" \xe9",
    "legacy byte, then an ascii run": b"\xe9" + b"a" * 100_000,
    "ascii runs between legacy bytes": (b"b" * 20_000 + b" \xe9 ") * 5,
    "no space at all": (b"abc\xe9" * 25_000),
    "random high bytes": bytes((i * 7919) % 128 + 128 for i in range(100_000)),
}


@pytest.mark.parametrize("fmt", ["text", "wire", "html"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bytes_are_refused_in_well_under_a_second(name: str, fmt: str) -> None:
    data = HOSTILE[name]
    if fmt == "html":
        data = b"<html><body><p>" + data + b"</p></body></html>"
    started = time.perf_counter()
    (item,) = read_articles(["-"], fmt=fmt, stdin=io.BytesIO(data))
    elapsed = time.perf_counter() - started
    assert isinstance(item, Failure) and item.code in ("E103", "E107", "E108"), item
    assert elapsed < 0.5, f"{name} as {fmt}: {elapsed:.2f} s"


def test_plausible_is_linear() -> None:
    """A million characters in long tokens, then many short ones: bounded per token and per body."""
    long_tokens = ("x" * 50_000 + " é ") * 20
    short_tokens = "café naïve " * 200_000
    for text in (long_tokens, short_tokens, long_tokens + short_tokens):
        started = time.perf_counter()
        plausible(text)
        assert time.perf_counter() - started < 0.5
    assert plausible("Le président a parlé à Besançon.")
    assert not plausible("ÿþú ÿþú ÿþú ÿþú")


RECORDS = [
    {"id": "r1", "text": "Le président a parlé à Besançon mardi.", "title": "Discours"},
    {"id": "r2", "text": "Talks resumed in Geneva on Tuesday."},
]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_jsonl_with_a_bom(encoding: str) -> None:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS)
    data = ("\ufeff" + body).encode(encoding) if encoding.endswith("-be") else body.encode(encoding)
    items = list(read_articles(["-"], stdin=io.BytesIO(data)))  # sniffed as JSON Lines through the BOM
    assert [(type(i).__name__, i.origin) for i in items] == [("Article", "<stdin>:1"), ("Article", "<stdin>:2")]
    assert isinstance(items[0], Article) and items[0].text == RECORDS[0]["text"]
    assert items[0].title == "Discours" and items[0].external_id == "r1"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_csv_with_a_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("id;title;text\nr1;Discours;Le président a parlé à Besançon.\nr2;;Talks resumed.\n".encode(encoding))
    items = list(read_articles([str(path)]))
    assert [(type(i).__name__, i.origin.rsplit(":", 1)[1]) for i in items] == [("Article", "2"), ("Article", "3")]
    assert isinstance(items[0], Article) and items[0].text == "Le président a parlé à Besançon."
    assert items[0].title == "Discours" and items[0].format == "csv"


def test_a_bad_code_unit_fails_its_line_only() -> None:
    good = json.dumps(RECORDS[1]) + "\n"
    data = (
        "\ufeff".encode("utf-16-le")
        + good.encode("utf-16-le")
        + b"\x00\xd8"  # an unpaired high surrogate
        + good.encode("utf-16-le")
        + good.encode("utf-16-le")
        + b"\x41"  # a cut last code unit
    )
    items = list(read_articles(["-"], fmt="jsonl", stdin=io.BytesIO(data)))
    assert [(type(i).__name__, getattr(i, "code", None), i.origin) for i in items] == [
        ("Article", None, "<stdin>:1"), ("Failure", "E103", "<stdin>:2"), ("Article", None, "<stdin>:3"),
        ("Failure", "E103", "<stdin>:4"),
    ]  # fmt: skip
    assert isinstance(items[1], Failure) and items[1].message == "invalid utf-16-le in the line"

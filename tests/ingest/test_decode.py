"""Decoding hostile bytes in bounded time."""

from __future__ import annotations

import io
import time

import pytest

from dateline.ingest import read_articles
from dateline.ingest.decode import plausible
from dateline.model import Failure

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

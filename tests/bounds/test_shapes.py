"""Hostile shapes finish in time and give valid output (each once took minutes: quadratic paths)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from dateline.ingest import read_file
from dateline.ingest.wire import parse_text
from dateline.model import Extraction, Failure
from dateline.nlp import MAX_PIECE_CHARS, pieces_of
from dateline.pipeline import extract_articles
from tests.bounds.shapes import UNITS, make

SIZE = 30_000


@pytest.mark.parametrize("shape", [s for s in UNITS if s != "prose"] + ["paired_quotes"])
def test_a_hostile_shape_is_extracted_quickly(shape: str, warm: Any) -> None:
    article = parse_text(make(shape, SIZE), origin=shape)
    started = time.monotonic()
    out = list(extract_articles([article], warm, budget=0))
    elapsed = time.monotonic() - started
    assert isinstance(out[0], Extraction), out[0]
    ex, text = out[0], out[0].article.text
    for span in [*ex.places, *ex.timexes]:
        assert text[span.start : span.end] == span.text
    for q in ex.quotes:
        assert text[q.content_start : q.content_end] == q.content_text
    assert elapsed < 20, f"{shape}: {elapsed:.1f} s for {SIZE:,} characters"  # minutes before (issue 15)


def test_a_long_non_utf8_token_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xe9\xe8\xe0\xf4" * 25_000)  # 100 KB of Latin-1 letters, no white space
    started = time.monotonic()
    out = list(read_file(path))
    assert len(out) == 1 and time.monotonic() - started < 5
    assert isinstance(out[0], Failure) or isinstance(out[0].text, str)


def test_long_paragraphs_are_cut_at_sentence_ends_with_exact_offsets() -> None:
    text = make("sentence", 95_000) + " " + "x" * 50_000
    pieces = list(pieces_of(text, [(0, len(text))]))
    assert all(e - s <= MAX_PIECE_CHARS for s, e in pieces)
    assert all(text[e - 1] == "." for s, e in pieces[:4])  # sentence ends while there are some
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (_, e), (s, _) in zip(pieces, pieces[1:], strict=False):
        assert text[e:s].strip() == ""  # only white space between pieces


def test_parse_batches_end_at_a_number_of_docs_or_of_characters() -> None:
    from dateline.nlp import MAX_BATCH_CHARS, _batches

    short = [(f"p{i}", i) for i in range(10)]
    assert [len(b) for b in _batches(short, 4)] == [4, 4, 2]
    piece = "x" * MAX_PIECE_CHARS  # a long paragraph's pieces: a few per batch, never all of them at once
    batches = list(_batches([(piece, i) for i in range(51)], 256))
    assert all(sum(len(t) for t, _ in b) <= MAX_BATCH_CHARS for b in batches)
    assert [i for b in batches for _, i in b] == list(range(51))
    alone = list(_batches([("y" * (MAX_BATCH_CHARS + 1), 0), ("z", 1)], 256))
    assert [len(b) for b in alone] == [1, 1]  # a text over the limit still goes, in a batch of its own

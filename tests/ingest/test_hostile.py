"""The shared hostile corpus: every ok-* file is ingested, every bad-* file is a clear Failure."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline.ingest import read_articles, read_file
from dateline.model import Article, Failure

SHARED = Path(__file__).parents[2].parent / "shared"
MAKE_CORPUS = SHARED / "hostile" / "make_corpus.py"
EXPECTED_CODES = {
    "bad-empty.md": "E101",
    "bad-whitespace.txt": "E101",
    "bad-binary.md": "E102",
    "bad-png.html": "E102",
    "bad-nul.txt": "E102",
    "bad-invalid-utf8.md": "E103",
    "bad-huge.md": "E104",
    "bad-longline.txt": "E107",
    "bad-nested.html": "E108",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not MAKE_CORPUS.exists():
        pytest.skip(f"hostile corpus script not found at {MAKE_CORPUS}")
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(out)], check=True, capture_output=True)
    return out


def _manifest(corpus: Path) -> list[dict[str, object]]:
    entries = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    assert entries
    return entries


def test_every_file_does_what_the_manifest_says(corpus: Path) -> None:
    for entry in _manifest(corpus):
        name = str(entry["file"])
        items = list(read_file(corpus / name))
        assert items, name
        if entry["must_succeed"]:
            assert any(isinstance(i, Article) for i in items), (name, items)
            if not name.endswith(".jsonl"):
                assert len(items) == 1 and isinstance(items[0], Article), (name, items)
        else:
            assert len(items) == 1, (name, items)
            failure = items[0]
            assert isinstance(failure, Failure), (name, failure)
            assert failure.code == EXPECTED_CODES.get(name, failure.code), (name, failure)
            assert failure.code.startswith("E1") and failure.message, (name, failure)
            assert failure.origin == str(corpus / name)


def test_directory_read_covers_the_corpus_in_order_without_manifest(corpus: Path) -> None:
    items = list(read_articles([str(corpus)]))
    origins = [i.origin.split(":")[0] for i in items]
    assert origins == sorted(origins)
    assert not any(o.endswith("MANIFEST.json") for o in origins)
    files = {Path(o).name for o in origins}
    assert files == {str(e["file"]) for e in _manifest(corpus)}


def test_corpus_jsonl_lines(corpus: Path) -> None:
    path = corpus / "ok-corpus.jsonl"
    items = list(read_file(path))
    assert [int(i.origin.rsplit(":", 1)[1]) for i in items] == [1, 2, 3, 4, 5]
    first, malformed, empty, bad_date, last = items
    assert isinstance(first, Article) and first.external_id == "a1" and first.published == date(2024, 3, 5)
    assert first.origin == f"{path}:1"
    assert first.text == "Kenya and Uganda signed a trade deal on Tuesday."
    assert isinstance(malformed, Failure) and malformed.code == "E105" and malformed.line == 2
    assert malformed.origin == f"{path}:2"
    assert "malformed JSON" in malformed.message and "column" in malformed.message
    assert malformed.item_id == "a2"
    assert isinstance(empty, Failure) and empty.code == "E101" and empty.line == 3 and empty.item_id == "a3"
    assert isinstance(bad_date, Article) and bad_date.published is None
    assert bad_date.published_raw == "not a date"
    assert any(w.startswith("E110") for w in bad_date.warnings)
    assert isinstance(last, Article) and last.external_id == "a5" and last.origin == f"{path}:5"


def test_latin1_keeps_its_cedilla(corpus: Path) -> None:
    (article,) = read_file(corpus / "ok-latin1.txt")
    assert isinstance(article, Article)
    assert "Besançon" in article.text and article.title == "Ministers meet in Besançon over sanctions"


def test_script_html_stores_no_markup(corpus: Path) -> None:
    (article,) = read_file(corpus / "ok-script.html")
    assert isinstance(article, Article)
    everything = " ".join(filter(None, [article.text, article.title, article.byline, article.source]))
    for bad in ("alert", "<script", "document.location", "onerror", "127.0.0.1"):
        assert bad not in everything
    assert "Diplomats from Iran and the United States met in Geneva" in article.text


def test_no_date_is_not_invented(corpus: Path) -> None:
    (article,) = read_file(corpus / "ok-no-date.md")
    assert isinstance(article, Article)
    assert article.published is None and article.warnings

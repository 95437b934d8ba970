"""Inputs (paths, directories, globs, stdin), format detection and decoding."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dateline.errors import ConfigError, IngestError
from dateline.ingest import read_articles, read_file
from dateline.ingest.decode import check_text, decode_bytes
from dateline.ingest.detect import format_from_name, looks_like_markdown, sniff_format
from dateline.model import Article, Failure

WIRE = "# Ministers meet\n\nBy Jane Doe\n\nMarch 3, 2024\n\nThe ministers met in Paris on Monday.\n"


def test_format_from_name_and_sniffing() -> None:
    assert [format_from_name(n) for n in ("a.md", "a.MARKDOWN", "a.txt", "a.htm", "a.ndjson", "a.tsv", "a", "a.doc")] == [
        "wire", "wire", "text", "html", "jsonl", "csv", None, None]  # fmt: skip
    assert sniff_format(b"\n  <!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_format(b"<p>Hello</p>") == "html"
    assert sniff_format(b'\n{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff_format(b"<not a tag>\n") == "text"
    assert sniff_format(b"{not json\n") == "text"
    assert sniff_format(b"Plain text.\n") == "text"
    assert looks_like_markdown(WIRE) and not looks_like_markdown("Plain words.\n\nMore words.")


def test_decoding() -> None:
    assert decode_bytes("Zürich".encode("utf-16")).text == "Zürich"
    assert decode_bytes(b"\xef\xbb\xbfHello").text == "Hello"
    assert decode_bytes("Le président à Besançon".encode("cp1252")).encoding == "cp1252"
    assert decode_bytes("Москва и Киев провели переговоры в понедельник".encode("cp1251")).text.startswith(
        "Москва"
    )
    for data, code in [
        (b"", "E101"),
        (b" \n\t", "E101"),
        (b"%PDF-1.7 ...", "E102"),
        (b"text\x00", "E102"),
        (b"\x01\x02\x03 text", "E102"),
        ("Café".encode() + b" \xff broken", "E103"),
    ]:
        with pytest.raises(IngestError) as info:
            decode_bytes(data)
        assert info.value.code == code, data


def test_check_text() -> None:
    check_text("Normal words, and a URL https://x.example/a.")
    for text, code in [
        ("   ", "E101"),
        ("12 34", "E107"),
        ("a" * 1001, "E107"),
        ("ok " + "b" * 2000, "E107"),
    ]:
        with pytest.raises(IngestError) as info:
            check_text(text)
        assert info.value.code == code


def test_directory_recursive_sorted_skipping_hidden_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.md", "b/a.md", "a.md", ".hidden/x.md", ".dot.md", "MANIFEST.json"):
        (tmp_path / name).write_text(WIRE, encoding="utf-8")
    origins = [i.origin for i in read_articles([str(tmp_path)])]
    assert origins == [str(tmp_path / n) for n in ("a.md", "b/a.md", "b/z.md")]


def test_globs_missing_paths_and_order(tmp_path: Path) -> None:
    for name in ("one.md", "two.md", "three.txt"):
        (tmp_path / name).write_text(WIRE, encoding="utf-8")
    items = list(
        read_articles(
            [
                str(tmp_path / "t*.*"),
                str(tmp_path / "missing.md"),
                str(tmp_path / "*.xyz"),
                str(tmp_path / "one.md"),
            ]
        )
    )
    assert [(type(i).__name__, Path(i.origin).name) for i in items] == [
        ("Article", "three.txt"), ("Article", "two.md"), ("Failure", "missing.md"), ("Failure", "*.xyz"),
        ("Article", "one.md")]  # fmt: skip
    assert all(i.code == "E111" for i in items if isinstance(i, Failure))


def test_read_articles_is_lazy_and_checks_options() -> None:
    items = read_articles(["/definitely/not/here"])
    first = next(items)
    assert isinstance(first, Failure) and first.code == "E111" and first.stage == "read"
    with pytest.raises(ConfigError):
        read_articles(["x"], fmt="pdf")
    with pytest.raises(ConfigError):
        read_file("x", max_bytes=0)


def test_stdin_is_sniffed() -> None:
    page = b"<html><body><article><p>Diplomats met in Geneva on Monday, officials said.</p></article></body></html>"
    (html,) = read_articles(["-"], stdin=io.BytesIO(page))
    assert isinstance(html, Article) and html.format == "html" and html.origin == "<stdin>"
    (wire,) = read_articles(["-"], stdin=io.BytesIO(WIRE.encode()))
    assert isinstance(wire, Article) and wire.format == "wire" and wire.title == "Ministers meet"
    (text,) = read_articles(["-"], stdin=io.BytesIO(b"Plain words here.\n\nMore plain words."))
    assert isinstance(text, Article) and text.format == "text"


def test_format_override(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(WIRE, encoding="utf-8")
    (auto,) = read_file(path)
    assert isinstance(auto, Article) and auto.format == "wire" and auto.title == "Ministers meet"
    (plain,) = read_file(path, fmt="text")
    assert isinstance(plain, Article) and plain.format == "text" and plain.title == "# Ministers meet"


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("# Big\n\n" + "Words and more words. " * 100, encoding="utf-8")
    (failure,) = read_file(path, max_bytes=1000)
    assert isinstance(failure, Failure) and failure.code == "E104" and "1000" in failure.message
    (too_big,) = read_articles(["-"], stdin=io.BytesIO(path.read_bytes()), max_bytes=1000)
    assert isinstance(too_big, Failure) and too_big.code == "E104"


def test_unreadable_path_is_a_failure(tmp_path: Path) -> None:
    (failure,) = read_file(tmp_path)  # a directory given to read_file
    assert isinstance(failure, Failure) and failure.code == "E111"

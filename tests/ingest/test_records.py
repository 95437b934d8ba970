"""JSONL and CSV corpora: verbatim text, field maps, bad lines and rows with their line numbers."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import IngestError
from dateline.ingest import FieldMap, article_from_record, read_articles, read_file
from dateline.model import Article, Failure


def _jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode("utf-8")


def test_record_text_is_verbatim() -> None:
    text = "  Kenya and Uganda signed a deal.\n\n\tSecond paragraph here.  \n"
    a = article_from_record(
        {"id": 12, "text": text, "title": " A  deal ", "published": "2024-03-05T10:00:00+03:00"},
        origin="c.jsonl:1",
    )
    assert a.text == text
    assert [text[s:e] for s, e in a.paragraphs] == [
        "Kenya and Uganda signed a deal.",
        "Second paragraph here.",
    ]
    assert a.external_id == "12"
    assert a.title == "A deal"
    assert a.published == date(2024, 3, 5)
    assert a.format == "jsonl" and a.origin == "c.jsonl:1"


@pytest.mark.parametrize(
    ("record", "code"),
    [
        ({"title": "no text"}, "E106"),
        ({"text": 5}, "E106"),
        ({"text": None}, "E106"),
        ({"text": " \n "}, "E101"),
        ({"text": "12 34 56"}, "E107"),
        ({"text": "a\x00b c"}, "E102"),
    ],
)
def test_bad_records(record: dict[str, object], code: str) -> None:
    with pytest.raises(IngestError) as info:
        article_from_record(record, origin="x")
    assert info.value.code == code


def test_jsonl_stream_with_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + _jsonl(
            {"id": "a", "text": "Talks began in Doha."},
            "",
            "   ",
            '{"id": "b", "text": oops}',
            [1, 2],
            {"id": "c", "text": "Talks ended.", "published": "yesterday"},
            {"id": "d", "text": "Good text.", "title": ["not", "a string"]},
        )
        + b'{"text": "caf\xe9"}\n'
    )
    items = list(read_file(path))
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Article", f"{path}:1"), ("Failure", f"{path}:4"), ("Failure", f"{path}:5"), ("Article", f"{path}:6"),
        ("Article", f"{path}:7"), ("Failure", f"{path}:8"),
    ]  # fmt: skip
    a, bad_json, not_object, bad_date, bad_title, bad_utf8 = items
    assert isinstance(bad_json, Failure) and bad_json.code == "E105" and bad_json.line == 4
    assert bad_json.message == "malformed JSON: Expecting value at column 21" and bad_json.item_id == "b"
    assert isinstance(not_object, Failure) and not_object.code == "E105"
    assert (
        isinstance(bad_date, Article)
        and bad_date.published is None
        and bad_date.warnings[0].startswith("E110")
    )
    assert (
        isinstance(bad_title, Article)
        and bad_title.title is None
        and bad_title.warnings[0].startswith("E106")
    )
    assert isinstance(bad_utf8, Failure) and bad_utf8.code == "E103" and bad_utf8.stage == "read"


def test_jsonl_line_over_the_limit_is_skipped_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_bytes(_jsonl({"text": "x " * 5000}, {"text": "Short text."}))
    items = list(read_file(path, max_bytes=1000))
    assert isinstance(items[0], Failure) and items[0].code == "E104" and items[0].line == 1
    assert isinstance(items[1], Article) and items[1].text == "Short text." and items[1].origin.endswith(":2")


def test_jsonl_custom_fields_and_stdin_sniffing() -> None:
    stdin = io.BytesIO(
        _jsonl({"doc": "k1", "body": "Peace talks resumed.", "date": "14 Sep 2023", "site": "AFP"})
    )
    fields = FieldMap(id="doc", text="body", published="date", source="site")
    (a,) = read_articles(["-"], fields=fields, stdin=stdin)
    assert isinstance(a, Article)
    assert (a.external_id, a.text, a.published, a.source) == (
        "k1",
        "Peace talks resumed.",
        date(2023, 9, 14),
        "AFP",
    )
    assert a.origin == "<stdin>:1"


def test_csv_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(
        "doc_id,headline,body,when,link\n"
        'n1,Deal signed,"Kenya and Uganda signed a trade deal.\n\nIt covers tea.",2024-03-05,https://x.example/1\n'
        "n2,,Chile recalled its ambassador.,,\n",
        encoding="utf-8",
    )
    fields = FieldMap(id="doc_id", title="headline", text="body", published="when", url="link")
    first, second = read_file(path, fields=fields)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.format == "csv" and first.origin == f"{path}:2"
    assert first.text == "Kenya and Uganda signed a trade deal.\n\nIt covers tea."
    assert [first.text[s:e] for s, e in first.paragraphs] == [
        "Kenya and Uganda signed a trade deal.",
        "It covers tea.",
    ]
    assert (first.external_id, first.title, first.published, first.url) == (
        "n1",
        "Deal signed",
        date(2024, 3, 5),
        "https://x.example/1",
    )
    assert second.origin == f"{path}:5"  # the first row spans lines 2-4
    assert second.title is None and second.published is None and second.warnings == ()


def test_csv_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_bytes(
        "id,text\n1,Good first row in Besançon.\n".encode() + b"2,too,many\n"
        b'3,"broken "quoting" here"\n'
        b"4,\n"
        b"5,Caf\xe9 is not UTF-8 here.\n"
        b"6,Good last row.\n"
    )
    items = list(read_file(path))
    kinds = [(type(i).__name__, getattr(i, "code", None), i.origin.rsplit(":", 1)[1]) for i in items]
    assert kinds == [
        ("Article", None, "2"), ("Failure", "E109", "3"), ("Failure", "E109", "4"), ("Failure", "E101", "5"),
        ("Failure", "E103", "6"), ("Article", None, "7"),
    ]  # fmt: skip
    assert isinstance(items[1], Failure) and items[1].item_id == "2" and "header has 2" in items[1].message


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text("id,body\n1,Some text.\n", encoding="utf-8")
    (failure,) = read_file(path)
    assert isinstance(failure, Failure) and failure.code == "E106" and "'text'" in failure.message


def test_tsv_and_cp1252_csv(tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_text("id\ttext\n1\tTalks, again, in Doha.\n", encoding="utf-8")
    (a,) = read_file(tsv)
    assert isinstance(a, Article) and a.text == "Talks, again, in Doha."
    legacy = tmp_path / "c.csv"
    legacy.write_bytes("id;text\n1;Le président a parlé à Besançon.\n".encode("cp1252"))
    (b,) = read_file(legacy)
    assert isinstance(b, Article) and b.text == "Le président a parlé à Besançon."


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("title", "A\x00B", "E102"), ("source", "AFP\x00", "E102"), ("url", "https://x.example/\x00", "E102"),
     ("id", "k\x00", "E102"), ("title", "Bad \ud800 title", "E103"), ("published", "2024-03-05\udfff", "E103")],
)  # fmt: skip
def test_nul_and_surrogates_in_fields_are_refused(field: str, value: str, code: str) -> None:
    """A database cannot hold a NUL, the NLP fails on a lone surrogate: refused up front, naming the field
    (issue 15: they failed after the NLP, or in the store)."""
    with pytest.raises(IngestError) as info:
        article_from_record({"text": "Talks resumed in Doha.", field: value}, origin="x")
    assert info.value.code == code and repr(field) in info.value.reason


def test_other_control_characters_in_fields_are_kept_as_in_the_text() -> None:
    a = article_from_record({"text": "Talks resumed.", "title": "Red \x1b[31m alert\x07", "id": "k\x01"}, origin="x")
    assert (a.title, a.external_id) == ("Red \x1b[31m alert\x07", "k\x01")


def test_a_surrogate_in_a_jsonl_title_fails_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"id": "a", "text": "Talks began in Doha.", "title": "Bad \\ud800 title"}\n'
        '{"id": "b", "text": "Talks ended in Doha.", "title": "Tabs\\tand  spaces"}\n',
        encoding="utf-8",
    )
    bad, good = read_file(path)
    assert isinstance(bad, Failure) and (bad.code, bad.line, bad.item_id) == ("E103", 1, "a")
    assert "field 'title' has an unpaired surrogate" in bad.message
    assert isinstance(good, Article) and good.title == "Tabs and spaces"

"""CSV corpora lose nothing without a record: an over-long row is a failure naming its line, and after a
malformed quoted field the reader resynchronises on the next row (issue 15)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dateline.ingest import read_file
from dateline.model import Article, Failure


def _kinds(items: list[Article | Failure]) -> list[tuple[str, str | None, int]]:
    return [(type(i).__name__, getattr(i, "code", None), int(i.origin.rsplit(":", 1)[1])) for i in items]


def _csv(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "corpus.csv"
    path.write_bytes(data)
    return path


def test_a_row_over_the_limit_is_a_failure_naming_its_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, b"id,text\n1,First row here.\n2," + b"word " * 400 + b"\n3,Last row here.\n")
    items = list(read_file(path, max_bytes=1000))
    assert _kinds(items) == [("Article", None, 2), ("Failure", "E104", 3), ("Article", None, 4)]
    assert isinstance(items[1], Failure) and items[1].line == 3 and "1000-byte limit" in items[1].message


def test_an_unclosed_quote_to_the_end_loses_only_its_own_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        b'id,title,text\n1,"Broken title,Some text here.\n2,Title two,Text two here.\n3,Title three,Text three.\n',
    )
    items = list(read_file(path))
    assert _kinds(items) == [("Failure", "E109", 2), ("Article", None, 3), ("Article", None, 4)]
    assert isinstance(items[0], Failure) and items[0].item_id == "1"
    assert "from line 2 to line 4" in items[0].message and "read again" in items[0].message
    assert [a.external_id for a in items[1:] if isinstance(a, Article)] == ["2", "3"]


def test_an_unclosed_quote_closed_by_a_later_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        b'id,title,text\n1,"Broken,Text one.\n2,Two,Text two.\n3,"Three, with a comma",Text three.\n4,Four,Text four.\n',
    )
    items = list(read_file(path))
    assert _kinds(items) == [("Failure", "E109", 2), ("Article", None, 3), ("Article", None, 4), ("Article", None, 5)]
    assert isinstance(items[2], Article) and items[2].title == "Three, with a comma"


def test_a_runaway_row_over_the_limit_resynchronises(tmp_path: Path) -> None:
    rows = b"".join(b"%d,Fine text number %d here.\n" % (i, i) for i in range(2, 60))
    items = list(read_file(_csv(tmp_path, b'id,text\n1,"Broken text\n' + rows), max_bytes=400))
    assert _kinds(items)[0] == ("Failure", "E104", 2)
    assert [i.external_id for i in items[1:] if isinstance(i, Article)] == [str(i) for i in range(2, 60)]


def test_multi_line_fields_are_still_one_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, b'id,text\n1,"Para one.\n\nPara two."\n2,Next row.\n')
    items = list(read_file(path))
    assert _kinds(items) == [("Article", None, 2), ("Article", None, 5)]
    assert isinstance(items[0], Article) and items[0].text == "Para one.\n\nPara two."


@pytest.mark.parametrize(
    "line",
    [b'%d,"text number %d here\n', b'%d,"text, number %d" here\n', b'"%d,""quoted"" %d ""x\n'],
    ids=["open quotes", "text after a closing quote", "doubled quotes"],
)
def test_every_line_is_accounted_for_in_linear_time(tmp_path: Path, line: bytes) -> None:
    """Each line is read at most twice: 20,000 malformed rows take well under a second, and each one is a
    failure (none swallowed silently)."""
    body = b"".join(line % (i, i) if line.count(b"%d") == 2 else line % i for i in range(20_000))
    path = _csv(tmp_path, b"id,text\n" + body)
    started = time.perf_counter()
    items = list(read_file(path))
    assert time.perf_counter() - started < 2.0
    assert sorted(int(i.origin.rsplit(":", 1)[1]) for i in items) == list(range(2, 20_002))

"""WARC news archives: response records with HTML pages become articles; the rest is skipped or recorded.

The archives are written here with warcio (no network, no real crawl data).
"""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.cli import cli
from dateline.ingest import WarcFilter, read_articles, read_file
from dateline.ingest.warc import looks_like_warc
from dateline.model import Article, Failure


def page(title: str, body: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
        f"{paras}</article></body></html>"
    ).encode()


STORY = (
    "The government of Chile said on Monday it had agreed to resume talks with Peru over fishing rights.\n"
    "Officials from both countries will meet in Lima next week, the foreign ministry said in a statement.\n"
    "The talks broke down last year after a dispute over the maritime boundary in the Pacific."
)
OTHER = (
    "Kenya's parliament voted on Tuesday to extend a curfew in the coastal region by another month.\n"
    "Lawmakers said the measure was needed after weeks of unrest in the port city of Mombasa.\n"
    "Opposition members walked out of the chamber before the vote, calling the curfew unjust."
)


def write_warc(path: Path, records: list[tuple[str, str, int, str, bytes, str]], *, gz: bool = True) -> Path:
    """records: (type, url, status, content type, payload, WARC-Date)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for rtype, url, status, ctype, payload, when in records:
            if rtype == "response":
                http = StatusAndHeaders(f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(payload), http_headers=http,
                    warc_headers_dict={"WARC-Date": when},
                )  # fmt: skip
            else:
                rec = writer.create_warc_record(url, rtype, payload=io.BytesIO(payload),
                                                warc_headers_dict={"WARC-Date": when})  # fmt: skip
            writer.write_record(rec)
    return path


def sample(tmp_path: Path, *, gz: bool = True) -> Path:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    return write_warc(tmp_path / name, [
        ("request", "https://news.example.com/chile", 0, "", b"GET /chile HTTP/1.1\r\n\r\n", "2024-03-05T10:00:00Z"),
        ("response", "https://news.example.com/chile", 200, "text/html; charset=utf-8",
         page("Chile and Peru to resume talks", STORY, "2024-03-04T08:00:00Z"), "2024-03-05T10:00:01Z"),
        ("response", "https://www.other.example.org/kenya", 200, "text/html",
         page("Kenya extends curfew", OTHER), "2024-03-06T09:00:00Z"),
        ("response", "https://news.example.com/missing", 404, "text/html", b"<html>gone</html>",
         "2024-03-05T10:00:02Z"),
        ("response", "https://news.example.com/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n",
         "2024-03-05T10:00:03Z"),
        ("response", "https://news.example.com/empty", 200, "text/html", b"<html><body></body></html>",
         "2024-03-05T10:00:04Z"),
    ], gz=gz)  # fmt: skip


def test_response_pages_become_articles_and_the_rest_is_skipped_or_recorded(tmp_path: Path) -> None:
    items = list(read_file(sample(tmp_path)))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.title for a in articles] == ["Chile and Peru to resume talks", "Kenya extends curfew"]
    chile, kenya = articles
    assert chile.url == "https://news.example.com/chile" and chile.published == date(2024, 3, 4)  # the page's
    assert kenya.published == date(2024, 3, 6) and kenya.published_raw == "2024-03-06T09:00:00Z"  # WARC-Date
    assert "no publication date found" not in kenya.warnings
    assert chile.origin.endswith("crawl.warc.gz:2") and "Peru" in chile.text
    assert len(failures) == 1 and failures[0].line == 6 and "news.example.com/empty" in failures[0].message


def test_plain_warc_and_detection_by_content(tmp_path: Path) -> None:
    plain = sample(tmp_path, gz=False)
    assert looks_like_warc(plain.read_bytes()[:64])
    assert looks_like_warc((tmp_path / "x").write_bytes(b"") or sample(tmp_path).read_bytes()[:4096])
    renamed = tmp_path / "archive.bin"
    renamed.write_bytes(plain.read_bytes())
    assert [a.title for a in read_file(renamed) if isinstance(a, Article)][0] == "Chile and Peru to resume talks"


def test_host_and_since_filters(tmp_path: Path) -> None:
    path = str(sample(tmp_path))
    hosts = [a.url for a in read_articles([path], only=WarcFilter(hosts=("example.org",))) if isinstance(a, Article)]
    assert hosts == ["https://www.other.example.org/kenya"]
    later = [a.url for a in read_articles([path], only=WarcFilter(since=date(2024, 3, 6))) if isinstance(a, Article)]
    assert later == ["https://www.other.example.org/kenya"]


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.55, 0.99])
def test_a_truncated_archive_keeps_what_came_before_and_says_where_it_broke(
    tmp_path: Path, gz: bool, fraction: float
) -> None:
    whole = sample(tmp_path, gz=gz).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: int(len(whole) * fraction)])
    items = list(read_file(cut))
    assert isinstance(items[-1], Failure) and "truncated" in items[-1].message
    if fraction > 0.5:
        assert any(isinstance(i, Article) for i in items)


def test_garbage_after_a_warc_signature_is_recorded(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(gzip.compress(b"WARC/1.0\r\nthis is not a record\r\n\r\n") + b"\x00\x01junk")
    assert all(isinstance(i, Failure) for i in read_file(garbage))


def test_oversized_records_are_refused(tmp_path: Path) -> None:
    items = list(read_file(sample(tmp_path), max_bytes=200))
    assert not any(isinstance(i, Article) for i in items)
    assert any(isinstance(i, Failure) and i.code == "E104" for i in items)


def test_cli_ingest_of_a_warc_twice_adds_nothing(tmp_path: Path) -> None:
    path = sample(tmp_path)
    db = tmp_path / "w.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(path), "--db", str(db), "--quiet", "--host", "news.example.com"])
    assert "1 article(s) stored" in first.output, first.output
    second = runner.invoke(cli, ["ingest", str(path), "--db", str(db), "--quiet", "--host", "news.example.com"])
    assert "0 article(s) stored" in second.output and "1 already present" in second.output, second.output
    assert "archive record(s) skipped by design" in second.output and "other host" in second.output, second.output

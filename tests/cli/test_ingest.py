"""``dateline ingest`` basics: standard input, the closing summary line, a second run storing nothing."""

from __future__ import annotations

from pathlib import Path

from dateline.store import Store

from .conftest import RunCli

PAGE = (
    "<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
    "<p>March 4, 2024</p><p>Diplomats from Iran and the United States met in Geneva on Monday, "
    "officials said.</p></article></body></html>"
)


def test_ingest_reads_standard_input(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    first = run_cli("ingest", "-", "--from", "html", "--db", str(db), "-q", input=PAGE)
    assert first.exit_code == 0, first.stderr
    assert "dateline: 1 article(s) stored, 0 already present, 0 failed" in first.stderr
    assert f"db: {db}" in first.stderr
    with Store.open(db) as store:
        (row,) = store.articles()
        article = store.get_article(row.id)
    assert article is not None
    assert article.title == "Talks in Geneva"
    assert article.origin == "<stdin>"
    assert "Diplomats from Iran" in article.text
    assert any(e.text == "Geneva" for e in article.entities)

    again = run_cli("ingest", "-", "--from", "html", "--db", str(db), "-q", input=PAGE)
    assert again.exit_code == 0, again.stderr
    assert "dateline: 0 article(s) stored, 1 already present, 0 failed" in again.stderr


def test_ingest_of_a_missing_path_is_a_recorded_failure(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.md"
    db = tmp_path / "x.db"
    result = run_cli("ingest", str(missing), "--db", str(db), "-q")
    assert result.exit_code == 1
    assert "1 item(s) failed" in result.stderr and str(missing) in result.stderr
    with Store.open(db) as store:
        (failure,) = store.failures()
    assert failure.origin == str(missing) and failure.code == "E111"

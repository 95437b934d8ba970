"""``dateline articles``, ``dateline show`` and ``dateline summary`` over a small stored database."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import BROWSE_BAD_LINES, BROWSE_RECORDS, RunCli, jsonl

SGR = re.compile(r"\x1b\[[0-9;]*m")


def listed_ids(run_cli: RunCli, db: Path, *args: str) -> list[str]:
    result = run_cli("articles", "--db", str(db), "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in jsonl(result.stdout)]


# -- articles ----------------------------------------------------------------------------------------------


def test_articles_table(run_cli: RunCli, browse_db: Path) -> None:
    result = run_cli("articles", "--db", str(browse_db))
    assert result.exit_code == 0, result.stderr
    assert f"{len(BROWSE_RECORDS)} article(s)" in result.stdout
    for name in ("brussels", "vostochny"):
        assert BROWSE_RECORDS[name]["title"] in result.stdout


def test_articles_jsonl_newest_first(run_cli: RunCli, browse_db: Path, browse_ids: dict[str, str]) -> None:
    result = run_cli("articles", "--db", str(browse_db), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == [browse_ids[n] for n in ("hostile", "formula", "vostochny", "brussels")]
    assert set(rows[0]) == {"id", "published", "source", "title", "format", "origin"}
    assert rows[-1]["published"] == "2023-06-01" and rows[-1]["source"] == "Reuters"
    assert "\x1b" not in result.stdout  # JSON escapes control characters


def test_articles_csv_neutralises_formulas(run_cli: RunCli, browse_db: Path) -> None:
    result = run_cli("articles", "--db", str(browse_db), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(BROWSE_RECORDS)
    titles = [r["title"] for r in rows]
    assert "'" + BROWSE_RECORDS["formula"]["title"] in titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--q", "SANCTIONS"], ["brussels"]),
        (["--q", "customs union"], ["formula"]),
        (["--q", "[bold red]"], ["hostile"]),
        (["--q", "%"], []),  # a substring, not a LIKE pattern
        (["--source", "AFP"], ["vostochny"]),
        (["--since", "2023-09-13"], ["hostile", "formula", "vostochny"]),
        (["--until", "2023-09-13"], ["vostochny", "brussels"]),
        (["--since", "2023-06-02", "--until", "2024-01-10"], ["formula", "vostochny"]),
        (["--source", "AFP", "--since", "2024-01-01"], []),
        (["--limit", "1", "--offset", "1"], ["formula"]),
    ],
)
def test_articles_filters(
    run_cli: RunCli, browse_db: Path, browse_ids: dict[str, str], args: list[str], names: list[str]
) -> None:
    assert listed_ids(run_cli, browse_db, *args) == [browse_ids[n] for n in names]


# -- show --------------------------------------------------------------------------------------------------


def test_show_by_prefix(run_cli: RunCli, browse_db: Path, browse_ids: dict[str, str]) -> None:
    article_id = browse_ids["vostochny"]
    result = run_cli("show", article_id[:8], "--db", str(browse_db))
    assert result.exit_code == 0, result.stderr
    assert BROWSE_RECORDS["vostochny"]["title"] in result.stdout
    assert article_id in result.stdout
    assert "Vladimir Putin hosted Kim Jong Un" in result.stdout


def test_show_json(run_cli: RunCli, browse_db: Path, browse_ids: dict[str, str]) -> None:
    result = run_cli("show", browse_ids["vostochny"], "--db", str(browse_db), "--format", "json")
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["text"] == BROWSE_RECORDS["vostochny"]["text"]
    assert any(e["text"] == "Vladimir Putin" and e["label"] == "PERSON" for e in article["entities"])


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "terminal"])
def test_show_neutralises_escapes_and_markup(
    run_cli: RunCli, browse_db: Path, browse_ids: dict[str, str], colour: bool
) -> None:
    env = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"} if colour else {}
    result = run_cli("show", browse_ids["hostile"][:8], "--db", str(browse_db), env=env)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[31m" not in result.stdout  # the article's own escape (Rich never styles anything red here)
    if not colour:
        assert "\x1b" not in result.stdout
    out = SGR.sub("", result.stdout)  # Rich's own styling; what is left is the article, as text
    assert "[31mred text" in out  # shown, made harmless
    assert "[bold red]x[/]" in out  # markup shown as text, not applied
    assert "<script>alert(1)</script>" in out
    assert "Ankara talks" in out and "[bold red]x[/] <script>" in out  # the title, too


@pytest.mark.parametrize("article_id", ["ffffffffffffffff", "not-an-id"])
def test_show_unknown_id_fails(run_cli: RunCli, browse_db: Path, article_id: str) -> None:
    result = run_cli("show", article_id, "--db", str(browse_db))
    assert result.exit_code == 1
    assert article_id in result.stderr


# -- summary -----------------------------------------------------------------------------------------------


def test_summary(run_cli: RunCli, browse_db: Path) -> None:
    result = run_cli("summary", "--db", str(browse_db))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "stored" in out and "latest articles" in out
    assert BROWSE_RECORDS["brussels"]["title"] in out
    assert "top GPE" in out
    assert f"{BROWSE_BAD_LINES} failure(s)" in out
    assert out.count("E105") == 10  # the first ten; --failures lists them all


def test_summary_failures_lists_every_failure(run_cli: RunCli, browse_db: Path) -> None:
    result = run_cli("summary", "--db", str(browse_db), "--failures")
    assert result.exit_code == 0, result.stderr
    assert f"{BROWSE_BAD_LINES} failure(s)" in result.stdout
    assert result.stdout.count("E105") == BROWSE_BAD_LINES
    assert "malformed JSON" in result.stdout


def test_summary_of_an_empty_database(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("summary", "--db", str(tmp_path / "empty.db"))
    assert result.exit_code == 0, result.stderr
    assert "failure(s)" not in result.stdout

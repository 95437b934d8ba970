"""Every line ``dateline extract`` writes follows the JSON contract (docs/contract.md): it validates against
the JSON Schema and every span satisfies ``text[start:end] == span["text"]``; ``--from jsonl -`` gives one
line per input line, in order, with the text echoed verbatim."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from dateline.contract import load_schema, to_contract
from dateline.errors import IngestError
from dateline.ingest import article_from_record
from dateline.model import Extraction
from dateline.pipeline import extract_articles

from ..conftest import EXAMPLES
from .conftest import RunCli, jsonl

#: A record whose text must come back byte for byte: a line separator, tabs, CRLF, outer spaces.
VERBATIM_TEXT = "  \tTalks in Paris\u2028resumed\ton Monday.\r\nGermany and France agreed.\u2029Done\u0085.  "

MIXED_LINES = [
    json.dumps(
        {
            "id": "good-1",
            "text": "Kenya and Uganda signed a trade deal on Tuesday.",
            "published": "2024-03-05",
        }
    ),
    '{"id": "broken-2", "text": "an unterminated string',
    json.dumps({"id": "empty-3", "text": "", "published": "2024-03-05"}),
    json.dumps({"id": "verbatim-4", "text": VERBATIM_TEXT, "title": "Talks resume"}),
    json.dumps({"id": "number-5", "text": 12345}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "good-7", "text": "Brazil and Argentina held talks in Brasilia.", "source": "AP"}),
]
EXPECTED = [  # (id, error code or None) per input line
    ("good-1", None),
    ("broken-2", "E105"),
    ("empty-3", "E101"),
    ("verbatim-4", None),
    ("number-5", "E106"),
    (None, "E105"),
    ("good-7", None),
]
N_FAILED = sum(1 for _, code in EXPECTED if code)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def assert_follows_contract(record: dict[str, Any], validator: Draft202012Validator) -> None:
    """Schema-valid, and every span (entities, title entities, headings) indexes its string."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
    assert not errors, (record.get("id"), errors[:5])
    if "error" in record:
        return
    text = record["text"]
    for span in [*record["entities"], *record.get("headings", [])]:
        assert text[span["start"] : span["end"]] == span["text"], (record["id"], span)
    for span in record.get("title_entities", []):
        assert record["title"][span["start"] : span["end"]] == span["text"], (record["id"], span)


def assert_one_line_per_input(stdout: str) -> list[dict[str, Any]]:
    """The mixed input's output: split on "\\n" only, one line per input line, ids in order."""
    assert "\u2028" not in stdout and "\u2029" not in stdout and "\u0085" not in stdout and "\r" not in stdout
    assert len(stdout.splitlines()) == len(stdout.split("\n")) - 1 == len(MIXED_LINES)
    records = jsonl(stdout)
    assert [(r["id"], r["error"]["code"] if "error" in r else None) for r in records] == EXPECTED
    return records


# -- files ---------------------------------------------------------------------------------------------


def test_sample_lines_follow_the_contract(
    run_cli: RunCli, sample_path: Path, validator: Draft202012Validator
) -> None:
    result = run_cli("extract", str(sample_path))
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert len(records) == 1
    assert_follows_contract(records[0], validator)


def test_every_example_article_follows_the_contract(run_cli: RunCli, validator: Draft202012Validator) -> None:
    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    corpus_lines = sum(
        1 for p in files if p.suffix == ".jsonl" for line in p.read_text("utf-8").splitlines() if line.strip()
    )
    result = run_cli("extract", str(EXAMPLES))
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert len(records) == len([p for p in files if p.suffix != ".jsonl"]) + corpus_lines
    for record in records:
        assert_follows_contract(record, validator)
    assert any(r["entities"] for r in records)
    assert any(r.get("headings") for r in records)


# -- JSON Lines in, JSON Lines out ------------------------------------------------------------------------


def test_jsonl_stdin_gives_one_line_per_input_line(run_cli: RunCli, validator: Draft202012Validator) -> None:
    stdin = "".join(line + "\n" for line in MIXED_LINES).encode("utf-8")
    result = run_cli("extract", "--from", "jsonl", "-", input=stdin)
    assert result.exit_code == 1
    assert f"{N_FAILED} item(s) failed" in result.stderr
    records = assert_one_line_per_input(result.stdout)
    for record in records:
        assert_follows_contract(record, validator)
        if "error" in record:
            assert set(record) == {"id", "error"}
            assert record["error"]["message"]
    verbatim = records[3]
    assert verbatim["text"] == VERBATIM_TEXT
    assert records[0]["published"] == "2024-03-05"


def test_jsonl_error_lines_say_where(run_cli: RunCli) -> None:
    stdin = "".join(line + "\n" for line in MIXED_LINES)
    result = run_cli("extract", "--from", "jsonl", "-", input=stdin)
    errors = [r["error"] for r in jsonl(result.stdout) if "error" in r]
    assert [e["origin"] for e in errors] == ["<stdin>:2", "<stdin>:3", "<stdin>:5", "<stdin>:6"]
    for line in ("<stdin>:2", "<stdin>:3"):
        assert line in result.stderr


@pytest.mark.slow
def test_python_m_dateline_reads_piped_stdin(
    tmp_path: Path, subprocess_env: dict[str, str], validator: Draft202012Validator
) -> None:
    """The same contract through a real pipe: bytes in, bytes out, split on b"\\n" only."""
    import sys

    stdin = "".join(line + "\n" for line in MIXED_LINES).encode("utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "dateline", "extract", "--from", "jsonl", "-"],
        input=stdin, capture_output=True, env=subprocess_env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr.decode()
    assert f"{N_FAILED} item(s) failed".encode() in proc.stderr
    out = proc.stdout.decode("utf-8")
    records = assert_one_line_per_input(out)
    for record in records:
        assert_follows_contract(record, validator)
    assert records[3]["text"] == VERBATIM_TEXT


# -- the offset invariant on random text --------------------------------------------------------------------

_WORDS = ["Vladimir Putin", "Kim Jong Un", "the Korean Central News Agency", "North Korea's", "Moscow", "said",
          "the United Nations", "Paris", "Angela Merkel", "on Monday", "talks", "THE WHITE HOUSE", "Ukraine's",
          "São Paulo", "Zürich", "\u201cWe will respond,\u201d", "'s", "the", "U.S.", "E.U."]  # fmt: skip
_GLUE = st.sampled_from(
    [" ", " ", " ", ", ", ". ", "\n", "\n\n", "\t", "\r\n", "\u2028", "\u00a0", " \u200b", "'", '"']
)
_ODD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")), min_size=1, max_size=8
)
_FRAGMENT = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_WORDS), _ODD)
_TEXTS = st.lists(st.tuples(_FRAGMENT, _GLUE), min_size=1, max_size=40).map(
    lambda p: "".join(a + b for a, b in p)
)


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(text=_TEXTS, title=st.one_of(st.none(), _TEXTS))
def test_random_text_keeps_the_offset_invariant(
    pipeline: Any, validator: Draft202012Validator, text: str, title: str | None
) -> None:
    record = {"id": "h1", "text": text} | ({"title": title} if title is not None else {})
    try:
        article = article_from_record(record, origin="hypothesis:1")
    except IngestError:
        assume(False)
        return
    (result,) = extract_articles([article], pipeline)
    assert isinstance(result, Extraction), result
    out = to_contract(result)
    assert out["text"] == text
    assert_follows_contract(out, validator)
    for e in result.entities:
        source = article.text if e.field == "text" else article.title
        assert source is not None and source[e.start : e.end] == e.text, e

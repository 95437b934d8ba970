"""``dateline extract SAMPLE --format json``: the shared AFP sample article, structure and entities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import RunCli

TITLE = "Putin Accepts Kim's Invitation to Visit North Korea"
URL = "https://www.themoscowtimes.com/2023/09/14/putin-accepts-kims-invitation-to-visit-north-korea-a824"


@pytest.fixture
def sample_output(run_cli: RunCli, sample_path: Path) -> dict[str, Any]:
    """The one contract object ``extract --format json`` gives for the sample."""
    result = run_cli("extract", str(sample_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 1
    return records[0]


def test_metadata(sample_output: dict[str, Any]) -> None:
    assert sample_output["title"] == TITLE
    assert sample_output["byline"] == "AFP"
    assert sample_output["source"] == "AFP"
    assert sample_output["published"] == "2023-09-14"
    assert sample_output["url"] == URL
    assert sample_output["format"] == "wire"


def test_caption_is_kept_out_of_the_text(sample_output: dict[str, Any]) -> None:
    captions = sample_output["captions"]
    assert len(captions) == 1
    caption = captions[0]
    assert "shaking hands" in caption["text"]
    assert caption["credit"] == "Mikhail Metzel / TASS"
    assert caption["credit"] not in sample_output["text"]
    assert caption["text"] not in sample_output["text"]
    assert "Mikhail Metzel" not in sample_output["text"]


def test_headings_index_the_text(sample_output: dict[str, Any]) -> None:
    text = sample_output["text"]
    headings = {h["text"]: h for h in sample_output["headings"]}
    assert set(headings) == {"Old friends", "'Blood alliance'"}
    for heading in headings.values():
        assert text[heading["start"] : heading["end"]] == heading["text"]
    assert "##" not in text


def test_related_article_and_footer_are_not_body_text(sample_output: dict[str, Any]) -> None:
    text = sample_output["text"]
    titles = [r["title"] for r in sample_output["related"]]
    assert titles == ["In Photos: Kim Jong-Un Meets Putin in Russia's Far East"]
    assert "Related article" not in text
    assert "In Photos" not in text
    assert "Original url" not in text


def test_a_paragraph_broken_across_lines_is_rejoined(sample_output: dict[str, Any]) -> None:
    assert "sparking widespread concern over illicit arms agreements" in sample_output["text"]


def test_entities(sample_output: dict[str, Any]) -> None:
    text = sample_output["text"]
    entities = sample_output["entities"]
    pairs = {(e["text"], e["label"]) for e in entities}
    assert ("Vladimir Putin", "PERSON") in pairs
    assert "Korean Central News Agency" in {e["text"] for e in entities}
    for e in entities:
        assert text[e["start"] : e["end"]] == e["text"], e
        assert not e["text"].lower().startswith("the "), e
        assert not e["text"].endswith(("'s", "\u2019s")), e


def test_every_layer_is_present_as_a_list(sample_output: dict[str, Any]) -> None:
    """The contract's keys exist whether or not their layers have found anything."""
    for key in ("entities", "actors", "events", "quotes", "timexes", "places"):
        assert isinstance(sample_output[key], list), key


def test_title_entities_index_the_title(sample_output: dict[str, Any]) -> None:
    title = sample_output["title"]
    found = sample_output["title_entities"]
    assert found, "the headline names Putin, Kim and North Korea"
    for e in found:
        assert title[e["start"] : e["end"]] == e["text"], e
    words = " ".join(e["text"] for e in found)
    for verb in ("Accepts", "Invitation", "Visit"):
        assert verb not in words
    assert {"Putin", "North Korea"} <= {e["text"] for e in found}


def test_table_format(run_cli: RunCli, sample_path: Path) -> None:
    result = run_cli("extract", str(sample_path), "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert TITLE in result.stdout
    assert "Vladimir Putin" in result.stdout and "PERSON" in result.stdout
    assert "AFP" in result.stdout and "2023-09-14" in result.stdout

"""Caps per article: one article cannot flood the tables; the cut is a warning E205, seen in summary --failures."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dateline.bounds import Caps, load_caps
from dateline.cli import cli
from dateline.errors import ConfigError
from dateline.ingest.wire import parse_text
from dateline.model import Extraction
from dateline.pipeline import extract_articles
from tests.bounds.shapes import make, paired_quotes


def _extract(nlp: Any, text: str, caps: Caps | None = None) -> Extraction:
    out = list(extract_articles([parse_text(text, origin="q")], nlp, budget=0, caps=caps))
    assert isinstance(out[0], Extraction), out[0]
    return out[0]


def test_paired_quotes_are_capped_with_a_warning(warm: Any) -> None:
    text = paired_quotes(200)  # 200 distinct events, 200 quotes and 400 places in about 9,400 characters
    free = _extract(warm, text, Caps(math.inf, math.inf, math.inf, 0))
    cap = Caps(places=20)  # the default (50 per 1,000 characters) would keep these 400 places
    capped = _extract(warm, text, cap)
    n = len(capped.article.text)
    assert len(free.events) > cap.limit("events", n) and len(free.places) > cap.limit("places", n)
    assert len(capped.events) == cap.limit("events", n) == math.ceil(10 * n / 1000)
    assert len(capped.quotes) == cap.limit("quotes", n) and len(capped.places) == cap.limit("places", n)
    # the first by offset are kept, in their original order
    first = sorted(free.events, key=lambda e: e.trigger_start)[: len(capped.events)]
    assert {e.trigger_start for e in capped.events} == {e.trigger_start for e in first}
    assert capped.places == free.places[: len(capped.places)]
    for e in capped.events:
        assert e.quote_index is None or e.quote_index < len(capped.quotes)
    warnings = [w for w in capped.article.warnings if w.startswith("E205")]
    assert {w.split(":")[1].strip() for w in warnings} == {"events", "quotes", "places"}


@pytest.mark.parametrize(("shape", "layer"), [("city", "entities"), ("months", "timexes")])
def test_a_name_or_a_month_repeated_is_capped(warm: Any, shape: str, layer: str) -> None:
    text = make(shape, 6_000)  # "Paris " 1,000 times; the twelve months 73 times
    free = _extract(warm, text, load_caps("off"))
    capped = _extract(warm, text)  # the default caps
    n = len(capped.article.text)
    limit = Caps().limit(layer, n)
    found, kept = getattr(free, layer), getattr(capped, layer)
    assert len(found) > limit and len(kept) == limit
    assert kept == found[:limit]  # the first by offset, in order
    assert any(w.startswith(f"E205: {layer}: kept the first {limit} of {len(found)}") for w in capped.article.warnings)


def test_names_and_dates_of_dense_news_are_not_capped(warm: Any) -> None:
    text = make("prose", 6_000)  # three sentences of news, dense with names and dates, repeated
    ex = _extract(warm, text)
    assert ex.entities and ex.timexes
    assert not any(w.startswith(("E205: entities", "E205: timexes")) for w in ex.article.warnings)


def test_a_short_article_keeps_the_floor(warm: Any) -> None:
    text = paired_quotes(20)  # 20 events and quotes, 40 places: under the floor of 50
    ex = _extract(warm, text, Caps(events=0.1, quotes=0.1, places=0.1, floor=50))
    assert not any(w.startswith("E205") for w in ex.article.warnings)


def test_caps_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_caps("events=5,floor=3") == Caps(events=5, quotes=10, places=50, floor=3)
    assert load_caps("entities=7,timexes=2") == Caps(entities=7, timexes=2)
    assert load_caps("off").limit("entities", 10**6) > 10**9 and load_caps("off").limit("timexes", 10**6) > 10**9
    assert load_caps("off").limit("events", 10**6) > 10**9
    monkeypatch.setenv("DATELINE_CAPS", "quotes=2")
    assert load_caps().quotes == 2
    for bad in ("events", "events=x", "colours=3", "places=-1"):
        with pytest.raises(ConfigError) as info:
            load_caps(bad)
        assert info.value.code == "E403"


def test_the_cut_is_listed_by_summary_failures_and_in_the_contract(tmp_path: Path, warm: Any) -> None:
    path = tmp_path / "flood.jsonl"
    path.write_text(json.dumps({"id": "flood", "text": paired_quotes(200), "published": "2024-03-05"}) + "\n")
    db = str(tmp_path / "caps.db")
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(path), "--db", db, "--quiet"])
    assert ingested.exit_code == 0, ingested.output  # stored: a warning, not a failure
    assert "1 article(s) stored" in ingested.output
    summary = runner.invoke(cli, ["summary", "--failures", "--db", db], env={"COLUMNS": "400"})
    assert "E205" in summary.output and "capped" in summary.output, summary.output
    extracted = runner.invoke(cli, ["extract", "--from", "jsonl", str(path)])
    record = json.loads(extracted.stdout.splitlines()[0])
    assert any(w.startswith("E205: events") for w in record["warnings"])

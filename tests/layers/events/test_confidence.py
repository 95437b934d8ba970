"""Calibrated event confidence: buckets, the packaged table, and the calibration tool on made-up records."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from dateline.layers.events.confidence import Calibration, bucket, load_calibration, validate_calibration
from dateline.model import Event, EventActor

ROOT = Path(__file__).resolve().parents[3]


def ev(rule: str, source: bool, target: bool, modality: str = "asserted") -> Event:
    a = EventActor(code="CHL", country="CHL", sector=None, start=0, end=5, text="Chile")
    return Event(
        plover="ACCUSE", cameo="111", source=(a,) if source else (), target=(a,) if target else (),
        trigger_start=6, trigger_end=12, trigger_text="blamed", sentence_start=0, sentence_end=20, rule=rule,
        modality=modality,
    )  # fmt: skip


def test_buckets() -> None:
    assert bucket(ev("events:verb", True, True)) == "verb|both|asserted"
    assert bucket(ev("events:verb+dep", True, False, "intended")) == "pattern|source|modal"
    assert bucket(ev("events:light-verb+speaker", False, True)) == "noun+speaker|target|asserted"
    assert bucket(ev("events:statement", True, True)) == "statement|both|asserted"


def test_calibration_applies_bucket_rates_and_falls_back_to_overall() -> None:
    cal = Calibration(rates={"verb|both|asserted": 0.83}, overall=0.4)
    assert cal.apply(ev("events:verb", True, True)).confidence == 0.83
    assert cal.apply(ev("events:verb", True, False)).confidence == 0.4


def test_packaged_table_is_valid() -> None:
    assert validate_calibration() == []
    cal = load_calibration()
    assert cal is None or 0.0 <= cal.overall <= 1.0


def test_tool_counts_right_events(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "tools" / "calibrate_confidence.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    actor = {"code": "CHL", "country": "CHL", "sector": None, "start": 0, "end": 5, "text": "Chile"}
    peru = {"code": "PER", "country": "PER", "sector": None, "start": 13, "end": 17, "text": "Peru"}
    event = {"plover": "ACCUSE", "cameo": "111", "source": [actor], "target": [peru], "rule": "events:verb",
             "trigger": {"start": 6, "end": 12, "text": "blamed"}, "sentence": {"start": 0, "end": 18},
             "modality": "asserted"}  # fmt: skip
    gold = [
        {"id": "a", "gold": {"events": [{"plover": "ACCUSE", "source": ["CHL"], "target": ["PER"]}]}},
        {"id": "b", "gold": {"political": False, "events": []}},
    ]
    (tmp_path / "g.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n")
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps({"id": g["id"], "events": [event]}) for g in gold) + "\n")
    out = tmp_path / "conf.tsv"
    assert tool.main([f"{tmp_path / 'g.jsonl'}={tmp_path / 'p.jsonl'}", "--out", str(out)]) == 0
    rows = [line.split("\t") for line in out.read_text().splitlines() if not line.startswith("#")][1:]
    assert rows[0][:3] == ["*", "2", "1"]
    assert rows[1][:3] == ["verb|both|asserted", "2", "1"]

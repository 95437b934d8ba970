"""Calibrate event confidence on the half of the dev data we tune on; write ``data/event_confidence.tsv``.

Usage::

    python tools/calibrate_confidence.py --out src/dateline/data/event_confidence.tsv \\
        GOLD.jsonl=PREDICTIONS.jsonl [GOLD2.jsonl=PREDICTIONS2.jsonl ...]

Each GOLD file is a gold JSONL of ``../shared/eval`` (events-dev or articles-dev; only the half we study,
never the half we report), each PREDICTIONS file the ``dateline extract --from jsonl -`` output for it, line
by line. A predicted event is *right* when a gold event of its record has the same PLOVER type, the same
sentence (articles: a gold mention overlaps the event's sentence or evidence), source countries that
intersect the gold source and target countries that intersect the gold target (an empty gold side accepts
anything), matched one to one. Every event predicted in a non-political article is wrong.

Per bucket (``dateline.layers.events.confidence.bucket``) the share right is smoothed towards the overall
share with the weight of ``SMOOTHING`` events, so a bucket seen a few times stays near the overall rate.
The gold data never enters the package: only counts per bucket do.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dateline.layers.events.confidence import bucket
from dateline.model import Event, EventActor

SMOOTHING = 4.0
HEADER = (
    "# Event confidence per bucket (rule family|sides|asserted or modal), written by\n"
    "# tools/calibrate_confidence.py from the studied half of the dev data: n events, right = right in PLOVER\n"
    "# type and dyad, confidence = right/n smoothed towards the overall share (bucket *). Counts only.\n"
    "bucket\tn\tright\tconfidence\n"
)


def _countries(actors: list[dict[str, object]]) -> set[str]:
    out = set()
    for a in actors:
        for v in (a.get("country"), str(a.get("code") or "")[:3]):
            if isinstance(v, str) and len(v) == 3 and v.isalpha():
                out.add(v.upper())
    return out


def _event(e: dict[str, object]) -> Event:
    def side(key: str) -> tuple[EventActor, ...]:
        items = e.get(key) or []
        assert isinstance(items, list)
        return tuple(
            EventActor(code=str(a["code"]), country=a.get("country"), sector=a.get("sector"),
                       start=int(a["start"]), end=int(a["end"]), text=str(a["text"]))
            for a in items
        )  # fmt: skip

    trig, sent = e["trigger"], e["sentence"]
    assert isinstance(trig, dict) and isinstance(sent, dict)
    return Event(
        plover=str(e["plover"]), plover_mode=None, cameo=str(e["cameo"]), goldstein=None,
        source=side("source"), target=side("target"), trigger_start=trig["start"], trigger_end=trig["end"],
        trigger_text=trig["text"], sentence_start=sent["start"], sentence_end=sent["end"],
        rule=str(e.get("rule") or ""), modality=str(e.get("modality") or "asserted"),
        negated=bool(e.get("negated")), confidence=float(e.get("confidence") or 0),  # type: ignore[arg-type]
    )  # fmt: skip


def _right(record: dict[str, object], events: list[dict[str, object]]) -> list[bool]:
    gold = record["gold"]
    assert isinstance(gold, dict)
    if gold.get("political") is False:
        return [False] * len(events)
    golds = [g for g in gold.get("events", []) if g.get("plover")]
    used: set[int] = set()
    out = []
    for e in events:
        spans = [(e["sentence"]["start"], e["sentence"]["end"])] + [  # type: ignore[index]
            (m["sentence_start"], m["sentence_end"]) for m in e.get("evidence") or []  # type: ignore[union-attr]
        ]
        src, tgt = _countries(e.get("source") or []), _countries(e.get("target") or [])  # type: ignore[arg-type]
        hit = False
        for i, g in enumerate(golds):
            if i in used or g["plover"] != e["plover"]:
                continue
            mentions = g.get("mentions")
            if mentions and not any(a < se and ss < b for a, b in mentions for ss, se in spans):
                continue
            gs, gt = set(g.get("source") or []), set(g.get("target") or [])
            if (not gs or gs & src) and (not gt or gt & tgt):
                used.add(i)
                hit = True
                break
        out.append(hit)
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs", nargs="+", help="GOLD.jsonl=PREDICTIONS.jsonl")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    n: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for pair in args.pairs:
        gold_path, pred_path = pair.split("=", 1)
        golds = [json.loads(x) for x in Path(gold_path).read_text("utf-8").splitlines() if x.strip()]
        preds = [json.loads(x) for x in Path(pred_path).read_text("utf-8").splitlines() if x.strip()]
        if len(golds) != len(preds):
            sys.stderr.write(f"{pair}: {len(golds)} gold records but {len(preds)} predictions\n")
            return 2
        for record, out in zip(golds, preds, strict=True):
            events = out.get("events") or []
            for e, ok in zip(events, _right(record, events), strict=True):
                b = bucket(_event(e))
                n[b] += 1
                right[b] += ok
    total, total_right = sum(n.values()), sum(right.values())
    if not total:
        sys.stderr.write("no predicted events: nothing to calibrate\n")
        return 2
    overall = total_right / total
    rows = [f"*\t{total}\t{total_right}\t{overall:.3f}"]
    for b in sorted(n):
        rate = (right[b] + SMOOTHING * overall) / (n[b] + SMOOTHING)
        rows.append(f"{b}\t{n[b]}\t{right[b]}\t{rate:.3f}")
    args.out.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    sys.stderr.write(f"{total} events, {total_right} right ({overall:.3f}); {len(n)} buckets -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

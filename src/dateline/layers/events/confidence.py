"""Event confidence that means something: the share of events *like this one* that were right.

An event's bucket is (rule family, which sides are known, asserted or not):

- rule family: ``verb`` (a bare verb), ``pattern`` (a verb with a dependent from a pattern), ``noun`` (an event
  noun: carried by a light verb, a verb's object, or an actor of its own), ``statement`` (evaluative words,
  obligations), each with ``+speaker`` when the speaker of a quotation was made the source;
- sides: ``both`` (every actor with a country), ``both-uncountried`` (some actor without one: "the
  government" in an article with no home country), ``source`` (no target) or ``target`` (no source);
- ``asserted`` or ``modal`` (intended, requested, hypothetical, denied).

``event_confidence.tsv`` holds, per bucket, how many events of that bucket the system produced on the
calibration half of the dev data and how many were right in PLOVER type *and* dyad (source and target
countries), smoothed towards the overall rate. It is written by ``tools/calibrate_confidence.py`` (see
docs/events.md, "Confidence"); a bucket never seen there gets the overall rate. The file is data: re-run the
tool when the rules change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ...data import read_tsv
from ...model import Event

_STATEMENT_RULES = ("events:statement", "events:obligation")


def bucket(ev: Event) -> str:
    """The calibration bucket of an event, e.g. ``pattern|both|asserted``."""
    rule = ev.rule or ""
    base = rule.split("+", 1)[0]
    if base.startswith(_STATEMENT_RULES):
        family = "statement"
    elif base.startswith("events:verb"):
        family = "pattern" if "+dep" in rule else "verb"
    else:
        family = "noun"
    if "+speaker" in rule:
        family += "+speaker"
    sides = "both" if ev.source and ev.target else ("source" if ev.source else "target")
    if sides == "both" and not all(a.country for a in (*ev.source, *ev.target)):
        sides = "both-uncountried"  # a side without a country cannot give a right dyad by itself
    mood = "asserted" if (ev.modality or "asserted") == "asserted" else "modal"
    return f"{family}|{sides}|{mood}"


@dataclass(frozen=True, slots=True)
class Calibration:
    rates: dict[str, float]  # bucket -> smoothed share right
    overall: float

    def confidence(self, ev: Event) -> float:
        return round(self.rates.get(bucket(ev), self.overall), 2)

    def apply(self, ev: Event) -> Event:
        return replace(ev, confidence=self.confidence(ev))


@functools.cache
def load_calibration() -> Calibration | None:
    """The packaged calibration table, or None when it has no rows (confidence stays the rules' estimate)."""
    rates: dict[str, float] = {}
    overall: float | None = None
    for _, row in read_tsv("event_confidence.tsv"):
        if row["bucket"] == "*":
            overall = float(row["confidence"])
        else:
            rates[row["bucket"]] = float(row["confidence"])
    if overall is None:
        return None
    return Calibration(rates=rates, overall=overall)


def validate_calibration() -> list[str]:
    problems = []
    for lineno, row in read_tsv("event_confidence.tsv"):
        try:
            value = float(row["confidence"])
            n, right = int(row["n"]), int(row["right"])
        except (KeyError, ValueError):
            problems.append(f"event_confidence.tsv:{lineno}: confidence, n and right must be numbers")
            continue
        if not 0.0 <= value <= 1.0 or not 0 <= right <= n:
            problems.append(f"event_confidence.tsv:{lineno}: confidence outside [0, 1] or right > n")
    return problems

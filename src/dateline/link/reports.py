"""One event report as the linking rule sees it, and the choice of the linked event it joins.

A linked event is matched through the fields of its first report (:class:`Report`), filled in by later
reports where the first lacked them (an unknown side, no place): see :func:`filled`. Of the linked events a
report is compatible with (:func:`matches`), it joins the best (:func:`rank`): the most sides known on both,
then the nearest date, then the earliest seen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dateline.link.rule import (
    LinkRule,
    Side,
    countries,
    date_gap,
    dates_compatible,
    informative,
    places_compatible,
    sides_compatible,
)
from dateline.model import Location


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """What the rule compares: type, polarity, modality, date interval, the two sides and the place."""

    plover: str
    negated: bool
    modality: str
    interval: tuple[date, date] | None
    source: Side
    target: Side
    location: Location | None = None


def _same_kind(a: Report, b: Report, rule: LinkRule) -> bool:
    if a.plover != b.plover or a.negated != b.negated:
        return False
    return not rule.same_modality or a.modality == b.modality


def actors_match(report: Report, linked: Report, rule: LinkRule) -> bool:
    """Source with source and target with target; for a mutual type, also crosswise."""
    def same(a: Side, b: Side) -> bool:
        return sides_compatible(a, b, unknown_actor=rule.unknown_actor, state_sectors=rule.state_sectors)

    if same(report.source, linked.source) and same(report.target, linked.target):
        return True
    return report.plover in rule.mutual_types and same(report.source, linked.target) and same(report.target, linked.source)


def _places_match(report: Report, linked: Report, rule: LinkRule) -> bool:
    mine = informative(report.location, countries(report.source, report.target))
    theirs = informative(linked.location, countries(linked.source, linked.target))
    return places_compatible(mine, theirs, place_km=rule.place_km)


def matches(report: Report, linked: Report, rule: LinkRule) -> bool:
    """Whether ``report`` is the event ``linked`` stands for, by the rule (type, actors, date, place)."""
    return (
        _same_kind(report, linked, rule)
        and dates_compatible(report.interval, linked.interval, rule.day_window)
        and actors_match(report, linked, rule)
        and _places_match(report, linked, rule)
    )


def story_matches(report: Report, linked: Report, rule: LinkRule) -> bool:
    """For a report in a copy article: the same event as one its story already reports, by type, polarity,
    modality and actors alone (the copy's text is the original's; a small edit may move its date or place)."""
    return _same_kind(report, linked, rule) and actors_match(report, linked, rule)


def rank(report: Report, linked: Report, first_seq: int, linked_id: str) -> tuple[int, int, int, str]:
    """Sort key among matching linked events (smallest first): more sides known on both, nearer date, seen
    earlier, then the id (so the choice never depends on the order candidates were read)."""
    known = sum(1 for a, b in ((report.source, linked.source), (report.target, linked.target)) if a and b)
    return (-known, date_gap(report.interval, linked.interval), first_seq, linked_id)


def filled(linked: Report, report: Report) -> Report:
    """``linked`` with what it lacked taken from ``report``: an unknown side, a missing place."""
    changes: dict[str, object] = {}
    if not linked.source and report.source:
        changes["source"] = report.source
    if not linked.target and report.target:
        changes["target"] = report.target
    if linked.location is None and report.location is not None:
        changes["location"] = report.location
    return replace(linked, **changes) if changes else linked  # type: ignore[arg-type]

"""Event counts over time: per period (day, week, month, year), PLOVER type and category."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store.read.filters import EventFilter, event_where
from dateline.store.read.rows import Timeline, TimelineBucket
from dateline.store.schema import events

INTERVALS = ("day", "week", "month", "year")

#: With ``fill``, at most this many buckets (else the periods with events only).
MAX_FILLED = 1000


def category_expr(goldstein: sa.ColumnElement[Any] | None = None) -> sa.ColumnElement[str]:
    """``cooperation`` for a positive Goldstein value, ``conflict`` for a negative one, else ``other``
    (of ``events.goldstein`` unless another column is given, e.g. a linked event's)."""
    g = events.c.goldstein if goldstein is None else goldstein
    return sa.case(
        (g > 0, sa.literal("cooperation")),
        (g < 0, sa.literal("conflict")),
        else_=sa.literal("other"),
    )


def _check_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise StoreError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")


def period_of(day: date, interval: str) -> str:
    """The label of the period holding ``day``: ``2023-09-14`` (day), ``2023-09-11`` (the Monday of
    its week), ``2023-09`` (month) or ``2023`` (year)."""
    _check_interval(interval)
    if interval == "day":
        return day.isoformat()
    if interval == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if interval == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _next_period(day: date, interval: str) -> date:
    if interval == "day":
        return day + timedelta(days=1)
    if interval == "week":
        return day + timedelta(days=7)
    if interval == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def _start_of(period: str) -> date:
    parts = [int(x) for x in period.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _filled(periods: list[str], interval: str) -> list[str]:
    """Every period from the first to the last of ``periods`` (unchanged if that is over ``MAX_FILLED``)."""
    every: list[str] = []
    day, last = _start_of(periods[0]), _start_of(periods[-1])
    while day <= last and len(every) <= MAX_FILLED:
        every.append(period_of(day, interval))
        day = _next_period(day, interval)
    return every if len(every) <= MAX_FILLED else periods


def timeline(conn: sa.Connection, f: EventFilter, *, interval: str = "month", fill: bool = False) -> Timeline:
    """Counts of the events matching ``f`` per period and PLOVER type, and per category
    (``cooperation``, ``conflict``, ``other``: the sign of the Goldstein value). Events without a
    date are counted in ``undated``. ``fill`` adds empty buckets for the periods between the first and
    the last (at most ``MAX_FILLED`` buckets in all), so a chart's time axis is even."""
    _check_interval(interval)
    n = sa.func.count().label("n")
    stmt = (
        sa.select(events.c.date, events.c.plover, category_expr().label("category"), n)
        .where(*event_where(f))
        .group_by(events.c.date, events.c.plover, sa.literal_column("category"))
    )
    return timeline_of(conn.execute(stmt), interval=interval, fill=fill)


def timeline_of(rows: Iterable[Any], *, interval: str, fill: bool) -> Timeline:
    """A Timeline from ``(date, plover, category, count)`` rows (events, or linked events)."""
    totals: dict[str, int] = defaultdict(int)
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_category: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    undated = 0
    types: set[str] = set()
    for day, plover, category, count in rows:
        if day is None:
            undated += count
            continue
        types.add(plover)
        period = period_of(day, interval)
        totals[period] += count
        by_type[period][plover] += count
        by_category[period][category] += count
    periods = sorted(totals)
    if fill and periods:
        periods = _filled(periods, interval)
    buckets = tuple(
        TimelineBucket(
            period=p, total=totals.get(p, 0), types=dict(sorted(by_type.get(p, {}).items())),
            categories=dict(by_category.get(p, {})),
        )
        for p in periods
    )  # fmt: skip
    return Timeline(interval=interval, types=tuple(sorted(types)), buckets=buckets, undated=undated)

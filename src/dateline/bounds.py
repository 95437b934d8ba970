"""Bounds per article: a time budget and caps on what one article may add, so no article stalls or floods a run.

**Time budget** (``--time-budget SECONDS``, ``$DATELINE_TIME_BUDGET``, default ``DEFAULT_BUDGET_S``; ``0``
turns it off). ``time_limit(seconds)`` runs a block under the budget:

- the budget is CPU time, not wall time: an article does not run out of budget because the machine is busy
  or the process was paused (SIGSTOP), which on a shared machine made innocent articles time out;
- in a process's main thread (the CLI, ``--workers`` processes) it is a hard stop: a CPU-time timer
  (``signal.setitimer(ITIMER_PROF)``, ``SIGPROF``) raises ``ArticleTimeout`` wherever the work is, inside
  spaCy or a layer;
- in any other thread (the API's write threads, Dask worker threads) signals cannot be used: the block gets a
  ``Deadline`` that the pipeline checks between the NLP and every layer, so the article stops at the next
  check after its budget.

The pipeline turns ``ArticleTimeout`` into a ``Failure`` with code ``E204`` (its partial work discarded) and goes
on with the next article. Under ``--workers`` a worker that does not come back (stuck in C code, signals
blocked) is killed and replaced by the parent's watchdog (``scale/workers.py``).

**Caps** (``$DATELINE_CAPS``, e.g. ``events=10,quotes=10,places=50,entities=120,timexes=40,floor=50``): an
article keeps at most ``max(floor, rate * characters / 1000)`` events, quotes, places, entity mentions and
time expressions, the first by offset; the cut is a warning on the article (code ``E205``), stored with it and
listed by ``dateline summary --failures``.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import FrameType

from .errors import E_CAPPED, E_TIMEOUT, ConfigError
from .model import Entity, Event, Place, Quote, Timex

DEFAULT_BUDGET_S = 30.0
BUDGET_ENV = "DATELINE_TIME_BUDGET"
CAPS_ENV = "DATELINE_CAPS"
DEFAULT_FLOOR = 50


class ArticleTimeout(BaseException):
    """One article ran past its time budget.

    A ``BaseException`` (as ``KeyboardInterrupt`` is): the layers catch ``Exception`` around each span to drop
    only that span, and a timeout must not be dropped with it. ``reason`` as in ``DatelineError``."""

    code = E_TIMEOUT

    def __init__(self, reason: str) -> None:
        super().__init__(f"{E_TIMEOUT}: {reason}")
        self.reason = reason


def time_budget(value: float | str | None = None) -> float:
    """The budget in seconds (``0``: none): ``value`` if given, else ``$DATELINE_TIME_BUDGET``, else the default.
    A value that is not a non-negative number of seconds is a ``ConfigError`` (E403)."""
    if value is None:
        value = os.environ.get(BUDGET_ENV, "").strip() or DEFAULT_BUDGET_S
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigError(f"time budget must be a number of seconds >= 0 (0: no budget), not {value!r}", code="E403")
    return seconds


@dataclass(slots=True)
class Deadline:
    """When the budget of the running work ends, in CPU seconds on ``clock``. ``check()`` raises
    ``ArticleTimeout`` past it; ``restart()`` gives the work a new budget from now (the batched parse of a
    chunk, after each article it finishes)."""

    seconds: float
    at: float
    clock: Callable[[], float] = time.process_time
    hard: bool = False  # a timer signal is armed

    def check(self) -> None:
        if self.clock() > self.at:
            raise timeout(self.seconds)

    def restart(self) -> None:
        if math.isfinite(self.at):
            self.at = self.clock() + self.seconds
            if self.hard:
                signal.setitimer(_TIMER, self.seconds, REPEAT_S)


def timeout(seconds: float) -> ArticleTimeout:
    return ArticleTimeout(f"time budget of {seconds:g} s exceeded; the article's partial results are discarded")


REPEAT_S = 0.5  # the timer rings again at this interval until the block is left (in case a ring was swallowed)
# CPU time, not wall time: a process paused (SIGSTOP) or starved on a busy machine does not use up its budget.
_TIMER = getattr(signal, "ITIMER_PROF", 2)
_SIGNAL = getattr(signal, "SIGPROF", None)


@contextmanager
def time_limit(seconds: float) -> Iterator[Deadline]:
    """Run the block under a budget of ``seconds`` of CPU time (``0``: none); see the module doc. Not
    re-entrant; uses the process's ``ITIMER_PROF`` timer (``SIGPROF``) while the block runs."""
    if seconds <= 0:
        yield Deadline(0.0, math.inf)
        return
    if threading.current_thread() is not threading.main_thread() or _SIGNAL is None:
        # checked by the pipeline between steps, on this thread's own CPU time
        yield Deadline(seconds, time.thread_time() + seconds, time.thread_time)
        return
    deadline = Deadline(seconds, time.process_time() + seconds, time.process_time, hard=True)
    armed = True

    def ring(signum: int, frame: FrameType | None) -> None:
        if armed:  # a ring arriving while the block is being left is ignored
            raise timeout(seconds)

    previous = signal.signal(_SIGNAL, ring)
    signal.setitimer(_TIMER, seconds, REPEAT_S)
    try:
        yield deadline
    finally:
        armed = False
        signal.setitimer(_TIMER, 0)
        signal.signal(_SIGNAL, previous)


# -- caps -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caps:
    """Items per 1,000 characters of article text, and the floor every article may have whatever its length.

    Each rate sits above the densest real news we extracted: the 1,266 texts of the evaluation corpora (news
    wire, web news, TimeBank) reach 41 places, 97 entity mentions (a cricket scorecard) and 28 time
    expressions per 1,000 characters. A name or a month repeated reaches 166 and 125."""

    events: float = 10.0
    quotes: float = 10.0
    places: float = 50.0  # sports results and lists of cities reach 41 per 1,000 characters in real news
    floor: int = 50  # DEFAULT_FLOOR
    entities: float = 120.0
    timexes: float = 40.0

    def limit(self, layer: str, chars: int) -> int:
        rate = float(getattr(self, layer))
        if math.isinf(rate):
            return sys.maxsize
        return max(self.floor, math.ceil(rate * chars / 1000))


LAYERS = ("events", "quotes", "places", "entities", "timexes")
"""The kinds of item an article's caps bound."""


def load_caps(value: str | None = None) -> Caps:
    """``value`` or ``$DATELINE_CAPS`` (``events=10,quotes=10,places=50,entities=120,timexes=40,floor=50``;
    parts left out keep their default; ``off`` turns the caps off). A malformed value is a ``ConfigError``
    (E403)."""
    text = (value if value is not None else os.environ.get(CAPS_ENV, "")).strip()
    if not text:
        return Caps()
    if text.lower() == "off":
        return Caps(math.inf, math.inf, math.inf, 0, math.inf, math.inf)
    fields: dict[str, float] = {}
    for part in text.split(","):
        name, _, number = part.partition("=")
        name = name.strip()
        try:
            n = float(number)
        except ValueError:
            n = math.nan
        if name not in LAYERS + ("floor",) or not math.isfinite(n) or n < 0:
            raise ConfigError(f"bad {CAPS_ENV} part {part.strip()!r} (use e.g. "
                              f"events=10,quotes=10,places=50,entities=120,timexes=40,floor=50)",
                              code="E403")  # fmt: skip
        fields[name] = n
    floor = int(fields.pop("floor", DEFAULT_FLOOR))
    return Caps(floor=floor, **fields)


def cap_message(layer: str, kept: int, found: int, chars: int) -> str:
    return (f"{E_CAPPED}: {layer}: kept the first {kept} of {found} (cap for {chars:,} characters); "
            f"$DATELINE_CAPS sets the caps")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Kept:
    """What an article keeps under its caps, and a warning per layer that was cut."""

    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    places: tuple[Place, ...]
    warnings: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()


def cap_items(
    chars: int, events: Sequence[Event], quotes: Sequence[Quote], places: Sequence[Place], caps: Caps,
    entities: Sequence[Entity] = (), timexes: Sequence[Timex] = (),
) -> Kept:
    """The first events (by trigger), quotes (by content), places, entity mentions (those of the title first)
    and time expressions (by start) up to their caps, in their original order. Events that pointed at a quote
    that was cut lose that pointer (``quote_index``); nothing points at an entity or a time expression by
    position (an event's date and an entity's actor are values of their own)."""
    warnings: list[str] = []

    def first(layer: str, n: int, offset: Callable[[int], int]) -> list[int]:
        limit = caps.limit(layer, chars)
        if n <= limit:
            return list(range(n))
        warnings.append(cap_message(layer, limit, n, chars))
        return sorted(sorted(range(n), key=lambda i: (offset(i), i))[:limit])

    q = first("quotes", len(quotes), lambda i: quotes[i].content_start)
    e = first("events", len(events), lambda i: events[i].trigger_start)
    p = first("places", len(places), lambda i: places[i].start)
    n = first("entities", len(entities), lambda i: entities[i].start - (chars + 1 if entities[i].field == "title" else 0))
    t = first("timexes", len(timexes), lambda i: timexes[i].start)
    kept_events = [events[i] for i in e]
    if len(q) < len(quotes):
        new_index = {old: new for new, old in enumerate(q)}
        kept_events = [
            ev if ev.quote_index is None else replace(ev, quote_index=new_index.get(ev.quote_index))
            for ev in kept_events
        ]
    return Kept(tuple(kept_events), tuple(quotes[i] for i in q), tuple(places[i] for i in p), tuple(warnings),
                tuple(entities[i] for i in n), tuple(timexes[i] for i in t))

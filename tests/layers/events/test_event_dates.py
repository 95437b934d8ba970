"""Event dates from the clause: the time expression the parse attaches to the event (events/dates.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dateline.layers.events import find_events, load_lexicon
from dateline.layers.timexes.timexes import find_timexes
from dateline.model import Event

from ..parsing import parse
from .test_events import PUBLISHED, NameLookup


def dated(nlp: Any, text: str) -> dict[str, Event]:
    paras = tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    parsed = parse(nlp, text, paras, published=PUBLISHED)
    times = find_timexes(parsed).index
    events = find_events(parsed, load_lexicon(), lookup=NameLookup(text), time_index=times).events
    return {ev.trigger_text: ev for ev in events}


def test_the_time_attached_to_the_event_dates_it_not_the_sentences_most_precise(nlp: Any) -> None:
    # the sentence names a day ("on Thursday", when it was said) and a year (when the attack was)
    found = dated(nlp, "Chile attacked Peru in 2014, officials said on Thursday.")
    ev = next(e for e in found.values() if e.plover == "ASSAULT")
    assert (ev.date, ev.date_precision) == (date(2014, 1, 1), "year")


def test_without_a_time_of_its_own_the_sentences_time_dates_the_event(nlp: Any) -> None:
    found = dated(nlp, "Officials said on Thursday that Chile attacked Peru.")
    ev = next(e for e in found.values() if e.plover == "ASSAULT")
    assert (ev.date, ev.date_precision) == (date(2024, 2, 29), "day")  # the Thursday before publication

"""Narrative time: anaphoric expressions anchored on the time the text is at, not on the publication date.

TimeML (and the TIDES 2005 TIMEX2 guidelines it follows) tell two kinds of relative expression apart:

- **deictic** ones ("yesterday", "next week", "last year", "two days ago") are anchored on the document
  creation time, the publication date: ``values.py`` does that;
- **anaphoric** ones ("the following day", "that week", "later that year", "the day before", "the summer",
  "two days later", "a year earlier") are anchored on the *reference time*, the time the narrative is at:
  the last date the text gave before them, as precise as the expression needs ("the next morning" needs a
  day; "that year" any date with a year). Without one they fall back to the publication date.

``anchor_narrative`` walks an article's time expressions in text order, keeps the reference time and
re-normalises the anaphoric ones on it (rule ``narrative``). An anaphoric expression resolved this way
becomes the reference time for the next ("The next day ... The following day" is a chain).

"N units later" and "N units before <something>" are TimeBank DURATIONs on "N units" (the last word is a
signal, not part of the TIMEX3): the timex becomes that DURATION, and the date it points at (reference time
plus N units, for "later"/"afterwards") is kept for the ``TimeIndex`` so events in that clause are dated.

``clock_days`` gives a clock time that names no day of its own ("at 10:35 a.m.") the day of a dated
expression in its sentence ("at 10:35 a.m. (0735 GMT) Friday").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ...model import Timex
from .values import normalise, value_date

__all__ = ["Anchored", "anchor_narrative", "clock_days"]

_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

#: Expressions whose value depends on the reference time (TimeML "anaphoric" relative expressions).
_ANAPHORIC = re.compile(
    r"^(?:(?:later|earlier) (?:that|the same|in the) \w+"
    r"|the (?:next|following|previous|preceding) (?:morning|afternoon|evening|night|day)"
    r"|the (?:day|night|week|month|year) (?:before|after|earlier|later)"
    r"|the (?:spring|summer|fall|autumn|winter)"
    r"|(?:the )?(?:following|previous|prior|preceding|same) (?:\w+ )?(?:day|night|weekend|week|month|year|spring|summer|fall|autumn|winter)"
    r"|(?:(?:early|late|mid-?|the (?:end|beginning|middle|start|rest) of) ?)?that (?:same )?(?:day|night|morning|afternoon|evening|weekend|week|month|year|spring|summer|fall|autumn|winter)"
    r"|year-earlier"
    r"|.*\b(?:minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|quarters?) (?:or so )?(?:earlier|later|afterwards?|before))$"
)
_SIGNAL = re.compile(r"^(?P<count>.*?\b(?P<unit>minute|hour|day|night|week|month|quarter|year|decade)s?)(?: or so)? (?P<signal>later|afterwards?|before)$")
_COUNT_LEAD = re.compile(r"^(?:just|only|some) ", re.IGNORECASE)
#: What may set the reference time: expressions that name their date (a year, a month, a weekday), and
#: anaphoric ones resolved to a day ("the following day" moves the narrative on); not "a year ago".
_EXPLICIT = re.compile(
    r"\b(?:1[0-9]\d\d|20\d\d)\b|\d{4}-\d\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d"
    r"|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
#: In financial copy (an article about a fiscal quarter) "a year earlier" compares with the period reported,
#: which the publication date's quarter gives: ``values.py`` resolves it there.
_FINANCIAL_EARLIER = re.compile(r"\b(?:earlier|year-earlier)$")
_NEED = (
    ("day", re.compile(r"\b(?:day|night|morning|afternoon|evening|hour|minute)s?\b")),
    ("week", re.compile(r"\bweek(?:end)?s?\b")),
    ("month", re.compile(r"\bmonths?\b")),
)
_DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow)\b", re.I)
_MONTH_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d", re.I)
_CLOCK = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d)$")


@dataclass(frozen=True, slots=True)
class Anchored:
    """A date the text points at that no TIMEX3 value carries ("three days later": the TIMEX3 is P3D)."""

    start: int
    end: int
    day: date
    precision: str


def _need(text: str) -> str:
    return next((name for name, rx in _NEED if rx.search(text)), "year")


def _shift_by(ref: date, duration: str) -> tuple[date, str] | None:
    """``ref`` moved forward by a TIMEX3 duration ("P3D", "P2Y", "PT5H"), at that duration's precision."""
    m = re.fullmatch(r"P(T?)(\d+)([A-Z]+)", duration)
    if m is None:
        return None
    n, unit = int(m[2]), m[1] + m[3]
    try:
        if unit.startswith("T"):
            return ref, "day"
        if unit == "D":
            return ref + timedelta(days=n), "day"
        if unit == "W":
            return ref + timedelta(weeks=n), "week"
        months = {"M": 1, "Q": 3, "Y": 12}[unit] * n
        k = ref.year * 12 + ref.month - 1 + months
        if unit == "M":
            return date(k // 12, k % 12 + 1, 1), "month"
        return date(k // 12, 1 if unit == "Y" else k % 12 + 1, 1), "year"
    except (ValueError, OverflowError, KeyError):
        return None


def anchor_narrative(
    text: str,
    timexes: Sequence[Timex],
    published: date | None,
    *,
    tenses: dict[int, str | None] | None = None,
    quarter: int | None = None,
) -> tuple[list[Timex], list[Anchored]]:
    """Re-anchor the anaphoric expressions of ``timexes`` (sorted by start) on the narrative's reference time."""
    tenses = tenses or {}
    last: dict[str, date] = {}  # the reference time at each precision: the last date at least that precise
    # the same, of dates not after publication: a past-tense clause is not at a time still to come ("the next
    # hearing is on April 5. The second attack was on the same day": the day of the first attack)
    last_past: dict[str, date] = {}
    # the latest reference time (and the latest not after publication), at whatever precision the text gave it
    latest: tuple[date, str] | None = None
    latest_past: tuple[date, str] | None = None
    out: list[Timex] = []
    anchored: list[Anchored] = []
    for t in timexes:
        low = " ".join(t.text.lower().split())
        before = len(anchored)
        tense = tenses.get(t.start)
        resolved = _resolve(text, t, low, last_past if tense == "past" else last, published, tense, quarter, anchored)
        ref = latest_past if tense == "past" else latest
        if resolved is t and ref is not None:
            resolved = _unknown_part(t, low, last_past if tense == "past" else last, ref)
        out.append(resolved)
        if len(anchored) > before:  # "Two days later, ... The next day", "Three years later, ... that year":
            day, precision = anchored[-1].day, anchored[-1].precision
            for need, rank in _RANK.items():  # the time "later" points at moves the narrative on
                if _RANK[precision] <= rank:
                    _set(last, last_past, need, day, published)
            latest = (day, precision)
            if published is None or day <= published:
                latest_past = latest
        if resolved.type not in ("DATE", "TIME") or (dp := value_date(resolved.value)) is None:
            continue
        if _EXPLICIT.search(low) or (resolved is not t and dp[1] == "day"):
            for need, rank in _RANK.items():
                if _RANK[dp[1]] <= rank:
                    _set(last, last_past, need, dp[0], published)
            latest = dp
            if published is None or dp[0] <= published:
                latest_past = dp
    return out, anchored


def _unknown_part(t: Timex, low: str, last: dict[str, date], latest: tuple[date, str]) -> Timex:
    """An anaphoric expression that needs a finer reference time than the text has given ("In March 2015
    rebels seized the town. The following day ..."): it is at the reference time the text gave, its finer
    parts unknown (TimeML's "X" digits: "2015-03-XX"), not a day counted from the publication date."""
    if not _ANAPHORIC.match(low) or _SIGNAL.match(low) or low == "year-earlier":
        return t
    need = _need(low)
    if need in last or _RANK[latest[1]] <= _RANK[need]:
        return t
    day, precision = latest
    if need == "week":
        value = f"{day.year:04d}-WXX"
    elif precision == "month":
        value = f"{day.year:04d}-{day.month:02d}-XX"
    else:
        value = f"{day.year:04d}-XX" + ("-XX" if need == "day" else "")
    part = re.search(r"T[A-Z]{2}$", t.value)  # "the next morning": a part of that unknown day
    return replace(t, value=value + (part.group() if part and need == "day" else ""), rule="narrative")


def _set(last: dict[str, date], last_past: dict[str, date], need: str, day: date, published: date | None) -> None:
    last[need] = day
    if published is None or day <= published:
        last_past[need] = day


def _resolve(
    text: str,
    t: Timex,
    low: str,
    last: dict[str, date],
    published: date | None,
    tense: str | None,
    quarter: int | None,
    anchored: list[Anchored],
) -> Timex:
    if not _ANAPHORIC.match(low) or (quarter is not None and _FINANCIAL_EARLIER.search(low)):
        return t
    ref = last.get(_need(low), published)
    sig = _SIGNAL.match(low)
    if sig and (sig["signal"] != "before" or not _clause_ends(text, t.end)):
        count = t.text[: len(sig["count"])]
        lead = _COUNT_LEAD.match(count)
        cut = lead.end() if lead else 0
        duration = normalise(count[cut:], None)
        if duration is None or duration[0] != "DURATION":
            return t
        if sig["signal"] != "before" and ref is not None:
            shifted = _shift_by(ref, duration[1])
            if shifted is not None:
                anchored.append(Anchored(t.start, t.end, shifted[0], shifted[1]))
        start = t.start + cut
        return replace(t, start=start, end=t.start + len(count), text=text[start : t.start + len(count)],
                       type="DURATION", value=duration[1], rule="narrative")  # fmt: skip
    if ref is None or ref == published:
        return t
    norm = normalise(t.text, ref, tense=tense, quarter=quarter)
    if norm is None:
        return t
    return replace(t, type=norm[0], value=norm[1], rule="narrative")


def _clause_ends(text: str, end: int) -> bool:
    rest = text[end : end + 3].lstrip(" ")
    return not rest or rest[0] in ",.;:!?)\"'\n"


def clock_days(
    timexes: Sequence[Timex],
    sentences: Sequence[tuple[int, int]],
    published: date | None = None,
    tenses: dict[int, str | None] | None = None,
) -> list[Timex]:
    """A clock time naming no day takes the day of the nearest dated expression of its sentence; in a
    past-tense clause of a sentence without one, the narrative's reference day: the last day the text named
    (a weekday, a month and day) that is not after publication ("... a shooting on Friday. The first attack
    was at about 13:40": Friday's 13:40, not the publication day's)."""
    starts = [s for s, _ in sentences]
    out = list(timexes)
    tenses = tenses or {}
    named = [
        (o.start, dp[0]) for o in out
        if o.type == "DATE" and _EXPLICIT.search(o.text.lower()) and (dp := value_date(o.value)) is not None
        and dp[1] == "day" and (published is None or dp[0] <= published)
    ]  # fmt: skip
    named_starts = [n[0] for n in named]
    for i, t in enumerate(out):
        m = _CLOCK.match(t.value) if t.type == "TIME" else None
        if m is None or _DAY_WORDS.search(t.text) or _MONTH_DAY.search(t.text):
            continue  # the time names its day ("Friday", "Nov. 6")
        k = bisect_right(starts, t.start) - 1
        if k < 0:
            continue
        s, e = sentences[k]
        days = [
            (abs(o.start - t.start), o.value[:10])
            for o in out
            if o is not t and s <= o.start < e and (o.type == "DATE" or _DAY_WORDS.search(o.text))
            and (dp := value_date(o.value)) is not None and dp[1] == "day"
        ]  # fmt: skip
        if days:
            out[i] = replace(t, value=min(days)[1] + m.group(1))
        elif tenses.get(t.start) == "past" and (j := bisect_right(named_starts, t.start) - 1) >= 0:
            out[i] = replace(t, value=named[j][1].isoformat() + m.group(1), rule="narrative")
    return out

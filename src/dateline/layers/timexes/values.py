"""TIMEX3 values: the rules that normalise a time expression, and values back to dates.

``normalise(text, anchor, tense=..., quarter=...)`` gives the TimeML TIMEX3 ``(type, value)`` of one time
expression relative to the publication date ``anchor`` (or None; it never raises). ``value_date(value)``
turns a DATE/TIME value back into ``(date, precision)``. The patterns that find expressions are in
``patterns.py``; finding and the per-clause lookup are in ``timexes.py``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .patterns import (
    _HALF,
    _HOLIDAY,
    _MON,
    _NUM,
    _PART,
    _REL,
    _TENS_W,
    _UNIT,
    _VAG,
    _WD,
    _YEAR,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS,
    SEASONS,
    UNITS,
    WEEKDAYS,
    _words,
    patterns,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Context:
    """What the normaliser knows besides the text: the anchor date, the clause's tense, the topic quarter."""

    anchor: date | None
    tense: str | None = None  # past | present | future
    quarter: int | None = None  # the fiscal quarter the article is about, if any


# -- helpers ----------------------------------------------------------------------------------------


def _num(text: str) -> int | None:
    t = text.strip().lower().replace("-", " ")
    if t.replace(".", "").isdigit():
        try:
            return int(float(t))
        except ValueError:
            return None
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    parts = t.split()
    if len(parts) == 2 and parts[0] in _TENS_W and parts[1] in NUMBER_WORDS:
        return _TENS_W[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _month(tok: str) -> int | None:
    return MONTHS.get(tok.lower().rstrip("."))


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(d: date, n: int) -> tuple[int, int]:
    m = d.year * 12 + d.month - 1 + n
    return m // 12, m % 12 + 1


def _weekday(anchor: date, wd: int, mod: str, tense: str | None) -> date:
    if mod == "this":  # "this Friday": the nearest Friday, before or after publication (a tie: ahead)
        ahead = (wd - anchor.weekday()) % 7
        return anchor + timedelta(days=ahead if ahead <= 3 else ahead - 7)
    back = (anchor.weekday() - wd) % 7
    if mod in ("next", "this coming", "the following") or (tense == "future" and mod not in ("last", "this past")):
        ahead = (wd - anchor.weekday()) % 7
        if mod in ("next", "this coming", "the following") and ahead == 0:
            ahead = 7
        return anchor + timedelta(days=ahead)
    if mod in ("last", "the previous", "this past") and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _month_year(anchor: date, month: int, tense: str | None) -> int:
    """The year of a month named without one: the nearest, preferring the past (future tense: ahead)."""
    diff = month - anchor.month
    if tense == "future":
        return anchor.year + (1 if diff < 0 else 0)
    if diff > 4:
        return anchor.year - 1
    if diff < -7 and tense != "past":  # a past-tense clause does not tell of next year
        return anchor.year + 1
    return anchor.year


# -- the normaliser --------------------------------------------------------------------------------


def normalise(text: str, anchor: date | None, *, tense: str | None = None, quarter: int | None = None) -> tuple[str, str] | None:
    """TIMEX3 ``(type, value)`` for a time expression, or None when it cannot be normalised. Never raises."""
    return try_normalise(text, anchor, tense=tense, quarter=quarter)[0]


def try_normalise(
    text: str, anchor: date | None, *, tense: str | None = None, quarter: int | None = None
) -> tuple[tuple[str, str] | None, str | None]:
    """``normalise``, plus why a rule raised on the span (``None`` when none did), so the drop is reported."""
    try:
        return _normalise(" ".join(text.split()), Context(anchor, tense, quarter)), None
    except Exception as exc:  # noqa: BLE001 - a failure on one span drops that span
        log.debug("cannot normalise %r", text, exc_info=True)
        return None, repr(exc)


def _normalise(text: str, ctx: Context) -> tuple[str, str] | None:
    for name, pattern in patterns():
        if pattern.fullmatch(text):
            found = _HANDLERS[name](text.lower(), ctx)
            if found is not None:
                return found
    return None


def _h_word(t: str, ctx: Context) -> tuple[str, str] | None:
    return _words().get(t)


def _h_clock(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(r"(\d{1,2})(?::(\d\d))? ?([ap])\.?m\b", t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if h > 12 or mi > 59:
        return None
    h = h % 12 + (12 if m.group(3) == "p" else 0)
    return _clock_value(t, h, mi, ctx)


def _h_clock24(t: str, ctx: Context) -> tuple[str, str] | None:
    """A 24-hour clock time with a zone ("1930 UTC", "19:30 GMT", "0735 GMT"): a time of day, never a year."""
    m = re.search(r"(\d{1,2}):?(\d\d)", t)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return _clock_value(t, int(m.group(1)), int(m.group(2)), ctx)


def _h_clockpart(t: str, ctx: Context) -> tuple[str, str] | None:
    """"4 in the morning", "10 at night": the hour on the 24-hour clock the part of the day implies."""
    m = re.search(r"(\d{1,2})(?::(\d\d))?", t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if not 1 <= h <= 12 or mi > 59:
        return None
    pm = "afternoon" in t or "evening" in t or ("night" in t and 6 <= h < 12)
    return _clock_value(t, h % 12 + (12 if pm else 0), mi, ctx)


def _clock_value(t: str, h: int, mi: int, ctx: Context) -> tuple[str, str] | None:
    day = _day_of(t, ctx)
    return ("TIME", f"{day}T{h:02d}:{mi:02d}") if day else None


def _h_noon(t: str, ctx: Context) -> tuple[str, str] | None:
    day = _day_of(t, ctx)
    hour = "24:00" if t.startswith("midnight") else "12:00"
    return ("TIME", f"{day}T{hour}") if day else None


def _day_of(t: str, ctx: Context) -> str | None:
    """The day a clock time names: a month and day ("5 p.m., Nov. 6"), a weekday or day word, else the anchor."""
    if re.search(rf"{_MON} \d", t):
        dated = _h_fulldate(t, ctx)
        if dated is not None:
            return dated[1]
    if ctx.anchor is None:
        return None
    for name, wd in WEEKDAYS.items():
        if name in t:
            return _weekday(ctx.anchor, wd, "", ctx.tense).isoformat()
    if "yesterday" in t:
        return (ctx.anchor - timedelta(days=1)).isoformat()
    if "tomorrow" in t:
        return (ctx.anchor + timedelta(days=1)).isoformat()
    return ctx.anchor.isoformat()


def _h_fulldate(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(rf"({_MON}) (\d{{1,2}})(?:st|nd|rd|th)?(?:,? ({_YEAR}))?|(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MON})(?:,? ({_YEAR}))?", t)
    if not m:
        return None
    mon = _month(m.group(1) or m.group(5) or "")
    day = int(m.group(2) or m.group(4))
    year_s = m.group(3) or m.group(6)
    if mon is None:
        return None
    if year_s:
        year = int(year_s)
    elif ctx.anchor is not None:
        year = ctx.anchor.year
        try:
            cand = date(year, mon, day)
        except ValueError:
            return None
        delta = (cand - ctx.anchor).days
        if ctx.tense == "future" and delta < -30:
            year += 1
        elif delta > 150 and ctx.tense != "future":
            year -= 1
    else:
        return ("DATE", f"XXXX-{mon:02d}-{day:02d}")
    try:
        day_date = date(year, mon, day)
    except ValueError:
        return None
    if t.startswith("the week of"):  # the ISO week holding the day ("the week of March 6": 2000-W10)
        return ("DATE", _week(day_date))
    return ("DATE", day_date.isoformat())


def _h_iso(t: str, ctx: Context) -> tuple[str, str] | None:
    try:
        return ("DATE", date.fromisoformat(t).isoformat())
    except ValueError:
        return None


def _h_monthyear(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(_MON, t)
    mon = _month(m.group()) if m else None
    if mon is None:
        return None
    y = re.search(_YEAR, t)
    if y:
        return ("DATE", f"{y.group()}-{mon:02d}")
    if ctx.anchor is None:
        return ("DATE", f"XXXX-{mon:02d}")
    a = ctx.anchor
    if "last year" in t:
        year = a.year - 1
    elif "next year" in t:
        year = a.year + 1
    elif t.startswith("last "):
        year = a.year if mon < a.month else a.year - 1
    elif t.startswith("next "):
        year = a.year if mon > a.month else a.year + 1
    elif t.startswith("this ") or "this year" in t:
        year = a.year
    else:
        year = _month_year(a, mon, ctx.tense)
    return ("DATE", f"{year}-{mon:02d}")


def _h_weekday(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(_WD, t)
    if not m:
        return None
    wd = WEEKDAYS[m.group()]
    if re.search(rf"{_WD}s\b|{_PART}s$", t) and not t.startswith(("last", "next", "this", "the")):
        part = re.search(_PART, t)
        return ("SET", f"XXXX-WXX-{wd + 1}" + (f"T{PARTS[part.group()]}" if part else ""))
    if ctx.anchor is None:
        return None
    mod = next((p for p in ("this coming", "this past", "the previous", "the following", "last", "next", "this") if t.startswith(p)), "")
    day = _weekday(ctx.anchor, wd, mod, ctx.tense).isoformat()
    part = re.search(_PART + r"$", t)
    if part:
        return ("TIME", f"{day}T{PARTS[part.group()]}")
    return ("DATE", day)


def _h_dayword(t: str, ctx: Context) -> tuple[str, str] | None:
    if ctx.anchor is None:
        return None
    a = ctx.anchor
    day = a - timedelta(days=1) if ("yesterday" in t or "last night" in t) else a + timedelta(days=1) if "tomorrow" in t else a
    if t.startswith("the day "):  # "the day before yesterday", "the day after tomorrow": two days off
        day = a + timedelta(days=2 if "tomorrow" in t else -2)
    part = re.search(r"morning|afternoon|evening|night|tonight|overnight", t)
    if part:  # "yesterday afternoon", "mid-afternoon yesterday", "tonight": a part of a day is a TIME
        key = "night" if part.group() in ("tonight", "overnight") else part.group()
        return ("TIME", f"{day.isoformat()}T{PARTS[key]}")
    return ("DATE", day.isoformat())


def _h_quarter(t: str, ctx: Context) -> tuple[str, str] | None:
    a = ctx.anchor
    y = re.search(_YEAR, t)
    if "half" in t:
        if a is None and not y:
            return None
        year = int(y.group()) if y else a.year + _of_year(t)  # type: ignore[union-attr]
        return ("DATE", f"{year}-H{1 if 'first' in t else 2}")  # "second" or "latter"
    o = re.search(r"first|second|third|fourth|1st|2nd|3rd|4th|final", t)
    if a is None and not y:
        return None
    year = int(y.group()) if y else a.year  # type: ignore[union-attr]
    if o:
        q = 4 if o.group() == "final" else ORDINALS[o.group()]
    elif a is not None and ("last" in t or "previous" in t):
        q = (a.month - 1) // 3
        if q == 0:
            q, year = 4, year - 1
    elif a is not None and "current" in t:
        q = (a.month - 1) // 3 + 1  # the quarter under way at publication
    elif ctx.quarter:
        q = ctx.quarter
    elif a is not None and "latest" in t:  # "the latest quarter/period": the last one ended before publication
        q = (a.month - 1) // 3
        if q == 0:
            q, year = 4, year - 1
    else:
        back = re.search(r"year-(?:ago|earlier)|prior-year|last year|a year (?:ago|earlier)|corresponding|comparable", t)
        ahead = "next year" in t and not y
        return ("DATE", f"{year - 1 if back and not y else year + 1 if ahead else year}-QX")
    if re.search(r"year-(?:ago|earlier)|prior-year|last year|a year (?:ago|earlier)|corresponding|comparable", t) and not y:
        year -= 1
    elif a is not None and not y and o and ctx.tense != "future" and 3 * q - 2 > a.month:
        year -= 1  # a quarter that has not begun yet is last year's
    elif "next year" in t:
        year += 1
    elif re.search(r" of (?:the )?(?:previous|prior) year$", t) and not y:
        year -= 1
    return ("DATE", f"{year}-Q{q}")


def _of_year(t: str) -> int:
    """The year a part is "of", relative to the anchor's: "the second half of next year" (+1), "of last year" or
    "of the previous year" (-1), else 0."""
    m = re.search(r" of (?:fiscal )?(?:the )?(next|last|previous|prior|this|current) year$", t)
    return {"next": 1, "last": -1, "previous": -1, "prior": -1}.get(m.group(1), 0) if m else 0


def _unit_value(n: int | None, unit: str) -> str:
    t, u = UNITS[unit]
    count = "X" if n is None else str(n)
    if u == "DE":
        return f"P{n * 10}Y" if n is not None else "PXY"  # ISO 8601 has no decade unit: "decades" is PXY
    if u == "CE":
        return f"P{n * 100}Y" if n is not None else "PXY"
    if u == "WE":
        return f"P{2 * n}D" if n is not None else "PXD"
    return f"P{t}{count}{u}"


def _count_unit(t: str) -> tuple[int | None, str] | None:
    m = re.search(rf"(?:({_NUM})|{_VAG})(?:[- ]| to ({_NUM}) )(?:or so |more |additional |full |trading |straight |consecutive )?({_UNIT})s?\b", t)
    if not m:
        return None
    if m.group(1) and re.fullmatch(_YEAR, m.group(1)) and not t[m.end(3) : m.end(3) + 1] == "s":
        return None  # "the 1988 quarter": a year naming the quarter, not 1988 quarters
    n = _num(m.group(1)) if m.group(1) else None
    if m.group(2):
        n = _num(m.group(2))
    unit = m.group(3)
    if unit == "centurie":
        unit = "century"
    return n, unit


_HALVES = re.compile(
    rf"(?:({_NUM})(?: 1/2| and (?:a |one-)half) ({_UNIT})s|half an? ({_UNIT})|an? ({_UNIT}) and (?:a |one-)half)\b"
)


def _half_value(n: int, unit: str) -> str:
    """N and a half units, written (as ISO 8601 and TimeML durations are) in whole smaller units: "5 1/2
    hours" PT5H30M, "two and a half years" P2Y6M, "half a day" PT12H."""
    big = {"year": "Y", "month": "M", "day": "D", "night": "D", "hour": "H", "minute": "M"}
    small = {"year": ("", "6M"), "month": ("", "15D"), "day": ("T", "12H"), "night": ("T", "12H"), "hour": ("", "30M"),
             "minute": ("", "30S")}  # fmt: skip
    if unit == "week":
        return f"P{7 * n + 3}DT12H"
    if unit in ("decade", "century", "centurie"):
        return f"P{(10 if unit == 'decade' else 100) * n + (5 if unit == 'decade' else 50)}Y"
    if unit not in small:
        return _unit_value(n, unit)
    timed = unit in ("hour", "minute")
    head = f"{n}{big[unit]}" if n else ""
    sep, rest = small[unit]
    return "P" + ("T" if timed else "") + head + (sep if not timed else "") + rest


def _h_duration(t: str, ctx: Context) -> tuple[str, str] | None:
    half = _HALVES.search(t)
    if half is not None:
        n = _num(half.group(1)) if half.group(1) else (0 if half.group(3) else 1)
        if n is None:
            return None
        return ("DURATION", _half_value(n, half.group(2) or half.group(3) or half.group(4)))
    cu = _count_unit(t)
    if cu is None:
        return None
    n, unit = cu
    return ("DURATION", _unit_value(n, unit))


def _h_ago(t: str, ctx: Context) -> tuple[str, str] | None:
    half = re.search(rf"({_NUM})(?:{_HALF} (year|month)s|(?: (year|month)s?){_HALF}) (ago|earlier|before|later|from now|hence)", t)
    if half and ctx.anchor is not None and (n := _num(half.group(1))) is not None:  # "a year and a half ago":
        unit = half.group(2) or half.group(3)  # the month it was, 18 months back (half a month is rounded down)
        months = 12 * n + 6 if unit == "year" else n
        y, mo = _add_months(ctx.anchor, months * (-1 if half.group(4) in ("ago", "earlier", "before") else 1))
        return ("DATE", f"{y}-{mo:02d}")
    cu = _count_unit(t)
    if cu is None:  # "years ago", "decades ago": an unstated time before now (TimeML's PAST_REF)
        return ("DATE", "PAST_REF") if re.fullmatch(r"\w+s ago", t) else None
    n, unit = cu
    a = ctx.anchor
    if a is None or n is None:
        return ("DATE", "PAST_REF" if re.search(r"ago|earlier|before", t) else "FUTURE_REF")
    sign = -1 if re.search(r"ago|earlier|before", t) else 1
    if unit in ("day", "night"):
        return ("DATE", (a + timedelta(days=sign * n)).isoformat())
    if unit in ("week", "weekend"):
        return ("DATE", _week(a + timedelta(weeks=sign * n)))
    if unit == "month":
        y, mo = _add_months(a, sign * n)
        return ("DATE", f"{y}-{mo:02d}")
    if unit == "quarter":
        y, mo = _add_months(a, sign * 3 * n)
        return ("DATE", f"{y}-Q{(mo - 1) // 3 + 1}")
    if unit == "year":
        if n == 1 and ctx.quarter and sign < 0:
            return ("DATE", f"{a.year - 1}-Q{ctx.quarter}")
        return ("DATE", str(a.year + sign * n))
    if unit == "decade":
        return ("DATE", _decade(str(a.year + sign * 10 * n)[:3]))
    if unit in ("hour", "minute", "second"):
        return ("DATE", a.isoformat())
    return None


def _h_relunit(t: str, ctx: Context) -> tuple[str, str] | None:
    a = ctx.anchor
    m = re.search(rf"({_REL}|this past|this coming) (?:fiscal )?({_UNIT}|spring|summer|fall|autumn|winter)(s?)", t)
    if not m:
        return None
    rel, unit, plural = m.group(1), m.group(2), m.group(3)
    if plural:
        if unit in UNITS:
            return ("DATE", "PAST_REF") if rel in ("past", "last") else ("DURATION", _unit_value(None, unit))
        return None
    if rel in ("past", "latest", "recent") and unit in UNITS and unit not in ("quarter",):
        return ("DURATION", _unit_value(1, unit))
    if a is None:
        return None
    off = {"last": -1, "next": 1, "coming": 1, "following": 1, "this coming": 1, "this past": -1, "previous": -1, "prior": -1}.get(rel, 0)
    if unit in SEASONS:
        return ("DATE", _season_value(a, SEASONS[unit], off))
    if unit == "year":
        return ("DATE", str(a.year + off))
    if unit == "month":
        y, mo = _add_months(a, off)
        return ("DATE", f"{y}-{mo:02d}")
    if unit in ("week", "weekend"):
        d = a + timedelta(weeks=off)
        if unit == "weekend" and off == 0 and a.weekday() < 3 and ctx.tense != "future":
            d = a - timedelta(weeks=1)
        return ("DATE", _week(d) + ("-WE" if unit == "weekend" else ""))
    if unit in ("day", "night"):
        return ("DATE", (a + timedelta(days=off)).isoformat())
    if unit == "quarter":
        y, mo = _add_months(a, 3 * off)
        q = ctx.quarter if off == 0 and ctx.quarter and rel not in ("this", "current") else (mo - 1) // 3 + 1
        return ("DATE", f"{y}-Q{q}")
    if unit == "decade":
        return ("DATE", _decade(str(a.year + 10 * off)[:3]))
    if unit in ("century", "centurie"):
        return ("DATE", str(a.year + 100 * off)[:2])
    return None


def _h_vaguedur(t: str, ctx: Context) -> tuple[str, str] | None:
    if t == "decades-long":
        return ("DURATION", "PXY")
    if t == "the years":
        return ("DURATION", "PXY")
    m = re.search(r"(second|minute|hour|day|week|month|year|decade|quarter)s", t)
    if not m:
        return None
    if re.search(r"\b(?:past|last)\b", t) and "few" not in t and "several" not in t and m.group(1) in ("year",):
        return ("DATE", "PAST_REF")
    return ("DURATION", _unit_value(None, m.group(1)))


def _h_every(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(_WD, t)
    if m:
        return ("SET", f"XXXX-WXX-{WEEKDAYS[m.group()] + 1}")
    season = next((v for k, v in SEASONS.items() if k in t), None)
    if season:  # "every summer": XXXX-SU
        return ("SET", f"XXXX-{season}")
    mo = re.search(_MON, t)
    if mo and _month(mo.group()):
        return ("SET", f"XXXX-{_month(mo.group()):02d}")
    every_other = "other" in t  # "every other week": every second week
    u = re.search(r"day|week|month|quarter|year", t)
    if u is None:
        return None
    if u.group() == "quarter":  # "twice a quarter": a set of quarters, P3M as TimeML writes a quarter's length
        return ("SET", "P6M" if every_other else "P3M")
    return ("SET", f"P{2 if every_other else 1}{u.group()[0].upper()}")  # "twice a week": P1W (freq 2X)


def _h_decade(t: str, ctx: Context) -> tuple[str, str] | None:
    """A decade is the first three digits of its years ("the 1990s": 199), a century the first two ("the 20th
    century": 19), as TimeBank writes them (TempEval-3's data also has 199X; the shorter form is the commoner)."""
    hundreds = re.search(r"(1[0-8])00s", t)  # "the 1800s": the years 1800-1899, a century (18), not a decade
    if hundreds:
        return ("DATE", hundreds.group(1))
    m = re.search(r"(1[5-9]\d|20\d)0s", t)
    if m:
        return ("DATE", _decade(m.group(1)))
    m2 = re.search(r"(?:'|the (?:early |late |mid-? ?)?)(\d)0s", t)  # "the '80s", "the 80s" (decades; "his 80s" is an age)
    if m2:
        return ("DATE", _decade("19" + m2.group(1)))
    for word, digit in (("sixties", "6"), ("seventies", "7"), ("eighties", "8"), ("nineties", "9")):
        if word in t:
            return ("DATE", _decade("19" + digit))
    return None


def _decade(digits: str) -> str:
    """The TIMEX3 value of the decade whose years begin with ``digits`` (three digits): ``199``."""
    return digits


def _h_seasons(t: str, ctx: Context) -> tuple[str, str] | None:
    """"the past three summers": several summers, a TIMEX3 SET of the season (XXXX-SU)."""
    s = next((v for k, v in SEASONS.items() if k in t), None)
    return ("SET", f"XXXX-{s}") if s else None


def _h_period(t: str, ctx: Context) -> tuple[str, str] | None:
    """"a three-year period", "the 10-day period": the length the period is said to have, a DURATION."""
    return _h_duration(t.split(" ", 1)[1].removesuffix(" period"), ctx)


def _h_partcentury(t: str, ctx: Context) -> tuple[str, str] | None:
    """"a quarter century" P25Y, "half a century" P50Y: a century's fraction in years, as ISO 8601 writes it."""
    return ("DURATION", "P25Y" if "quarter" in t else "P50Y")


def _h_century(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(r"(\d\d)(?:th|st)", t)
    n = int(m.group(1)) if m else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}.get(t.split()[-2], 0)
    return ("DATE", f"{n - 1:02d}") if n else None


def _h_season(t: str, ctx: Context) -> tuple[str, str] | None:
    s = next((v for k, v in SEASONS.items() if k in t), None)
    if s is None:
        return None
    y = re.search(_YEAR, t)
    if y:
        return ("DATE", f"{y.group()}-{s}")
    if ctx.anchor is None:
        return None
    return ("DATE", _season_value(ctx.anchor, s, -1 if t.startswith("last") else 1 if t.startswith("next") else 0))


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # winter is written with the year of its December


def _season_value(anchor: date, season: str, off: int) -> str:
    """The season ``off`` steps from the one under way at ``anchor``: "next spring" (1) is the first spring to
    begin after the present season, "last summer" (-1) the latest summer to begin before it (in October,
    this year's), "this winter" (0) the one of the anchor's year."""
    if off == 0:
        return f"{anchor.year}-{season}"
    m = anchor.month
    now = date(anchor.year - (m < 3), 12 if m < 3 else m - m % 3, 1)  # the start of the season under way
    starts = [date(y, _SEASON_START[season], 1) for y in range(anchor.year - 2, anchor.year + 3)]
    pick = min(d for d in starts if d > now) if off > 0 else max(d for d in starts if d < now)
    return f"{pick.year}-{season}"


def _h_year(t: str, ctx: Context) -> tuple[str, str] | None:
    y = re.search(_YEAR, t)
    return ("DATE", y.group()) if y else None


def _h_yearend(t: str, ctx: Context) -> tuple[str, str] | None:
    if t == "the fiscal year":  # a reporting period named by its kind: its length, as "the nine months" P9M
        return ("DURATION", "P1Y")
    if ctx.anchor is None:
        return None
    if "month" in t:
        return ("DATE", f"{ctx.anchor.year}-{ctx.anchor.month:02d}")
    if t.endswith("week"):  # "the end of the week": the anchor's week
        return ("DATE", _week(ctx.anchor))
    return ("DATE", str(ctx.anchor.year))


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lt = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lt) // 433
    month = (h + lt - 7 * m + 90) // 25
    return date(year, month, (h + lt - 7 * m + 33 * month + 19) % 32)


def _holiday_day(name: str, year: int) -> date:
    if name.startswith("easter"):
        return _easter(year) + timedelta(days=1 if "monday" in name else 0)
    if name == "good friday":
        return _easter(year) - timedelta(days=2)
    if name.startswith("thanksgiving"):  # the US rule: the fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    fixed = {"christmas eve": (12, 24), "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
             "valentine's day": (2, 14), "boxing day": (12, 26)}  # fmt: skip
    month, day = fixed.get(name, (12, 25))
    return date(year, month, day)


def _h_holiday(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(_HOLIDAY, t)
    if m is None:
        return None
    name = m.group()
    y = re.search(_YEAR, t)
    if y:
        return ("DATE", _holiday_day(name, int(y.group())).isoformat())
    a = ctx.anchor
    if a is None:
        return None
    days = [_holiday_day(name, year) for year in (a.year - 1, a.year, a.year + 1)]
    if t.startswith("last ") or (ctx.tense == "past" and not t.startswith(("next ", "this "))):
        day = max(d for d in days if d <= a)
    elif t.startswith("next ") or ctx.tense == "future":
        day = min(d for d in days if d >= a) if not t.startswith("next ") else min(d for d in days if d > a)
    elif t.startswith("this "):
        day = days[1]
    else:
        day = min(days, key=lambda d: abs((d - a).days))
    return ("DATE", day.isoformat())


_STEP = {"following": 1, "next": 1, "after": 1, "later": 0, "previous": -1, "preceding": -1, "before": -1}


def _h_anaphoric(t: str, ctx: Context) -> tuple[str, str] | None:
    """Expressions anchored on the time the narrative is at (``ctx.anchor``; ``narrative.py`` passes the last
    date the text gave before them): "later that day", "the next morning", "the week before", "the summer"
    ("later in the year" is the reference year)."""
    a = ctx.anchor
    if a is None:
        return None
    season = next((v for k, v in SEASONS.items() if t == f"the {k}"), None)
    if season:
        return ("DATE", f"{a.year}-{season}")
    words = t.split()
    step = next((_STEP[w] for w in words if w in _STEP), 0)
    if len(words) == 3 and words[0] == "the" and words[2] in ("earlier", "later"):  # "the year earlier"
        step = -1 if words[2] == "earlier" else 1
    unit = next((w for w in reversed(words) if w in UNITS or w in PARTS), None)
    if unit is None:
        return None
    if unit in PARTS and unit != "night" or (unit == "night" and "the night" not in t):
        return ("TIME", f"{(a + timedelta(days=step)).isoformat()}T{PARTS[unit]}")
    if unit in ("day", "night"):
        return ("DATE", (a + timedelta(days=step)).isoformat())
    if unit == "week":
        return ("DATE", _week(a + timedelta(weeks=step)))
    if unit == "month":
        y, mo = _add_months(a, step)
        return ("DATE", f"{y}-{mo:02d}")
    return ("DATE", str(a.year + step)) if unit == "year" else None


def _h_yearago(t: str, ctx: Context) -> tuple[str, str] | None:
    """"year-ago", "year-earlier" (financial copy's adjectives) mean what "a year ago" means."""
    return _h_ago("a year " + t.split("-")[1], ctx)


def _h_spelled(t: str, ctx: Context) -> tuple[str, str] | None:
    if "two thousand" in t:
        return ("DATE", "2000")
    m = re.search(r"nineteen (\w+)(?:-(\w+))?", t)
    if not m or m.group(1) not in _TENS_W or (m.group(2) and m.group(2) not in NUMBER_WORDS):
        return None
    year = 1900 + _TENS_W[m.group(1)] + (NUMBER_WORDS[m.group(2)] if m.group(2) else 0)
    mon = re.match(_MON, t)  # "January nineteen ninety-seven" (a spoken year after a month): the month
    return ("DATE", f"{year}-{_month(mon.group()):02d}" if mon and _month(mon.group()) else str(year))


_HANDLERS = {
    "word": _h_word, "clock": _h_clock, "noon": _h_noon, "fulldate": _h_fulldate, "iso": _h_iso,
    "monthyear": _h_monthyear, "weekday": _h_weekday, "dayword": _h_dayword, "quarter": _h_quarter,
    "ago": _h_ago, "duration": _h_duration, "relunit": _h_relunit, "vaguedur": _h_vaguedur, "every": _h_every,
    "decade": _h_decade, "century": _h_century, "season": _h_season, "year": _h_year, "yearend": _h_yearend,
    "spelled": _h_spelled, "clock24": _h_clock24, "clockpart": _h_clockpart, "holiday": _h_holiday,
    "partcentury": _h_partcentury, "anaphoric": _h_anaphoric, "seasons": _h_seasons, "period": _h_period, "yearago": _h_yearago, "weekend": lambda t, ctx: _h_relunit("this weekend", ctx),
}  # fmt: skip


# -- values back to dates ----------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)(?:-XX(?:T.*)?)?$")  # "2018-03-XX": a day of a known month
_YEARLY = re.compile(r"^(\d{4})(?:-(Q\d|H\d|SP|SU|FA|WI)|-XX(?:-XX(?:T.*)?)?|-WXX)?$")


def value_date(value: str) -> tuple[date, str] | None:
    """A TIMEX3 DATE/TIME value as ``(date, precision)``: its first day and day|week|month|year."""
    try:
        if m := _DAY.match(value):
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := _WEEK.match(value):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
        if m := _MONTH.match(value):
            return date(int(m[1]), int(m[2]), 1), "month"
        if m := _YEARLY.match(value):
            part = m[2] or ""
            month = {"Q": 3 * (int(part[1:] or 1) - 1) + 1 if part.startswith("Q") else 1}.get("Q", 1)
            if part.startswith("H"):
                month = 1 if part == "H1" else 7
            elif part in ("SP", "SU", "FA", "WI"):
                month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[part]
            return date(int(m[1]), month, 1), "year"
    except ValueError:
        return None
    return None

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
    if diff < -7:
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
    m = re.search(r"(\d{1,2})(?::(\d\d))? ?(a\.m\.|p\.m\.|am|pm)", t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if h > 12 or mi > 59:
        return None
    h = h % 12 + (12 if m.group(3).startswith("p") else 0)
    day = _day_of(t, ctx)
    return ("TIME", f"{day}T{h:02d}:{mi:02d}") if day else None


def _h_noon(t: str, ctx: Context) -> tuple[str, str] | None:
    day = _day_of(t, ctx)
    hour = "24:00" if t.startswith("midnight") else "12:00"
    return ("TIME", f"{day}T{hour}") if day else None


def _day_of(t: str, ctx: Context) -> str | None:
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
        return ("DATE", date(year, mon, day).isoformat())
    except ValueError:
        return None


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
    if re.search(rf"{_WD}s\b", t) and not t.startswith(("last", "next", "this", "the")):
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
    part = re.search(r"morning|afternoon|evening|night|tonight|overnight", t)
    if part and ("tonight" in t or "last night" in t or "overnight" in t or re.search(_PART + "$", t)):
        key = "night" if part.group() in ("tonight", "overnight") else part.group()
        return ("TIME", f"{day.isoformat()}T{PARTS[key]}")
    return ("DATE", day.isoformat())


def _h_quarter(t: str, ctx: Context) -> tuple[str, str] | None:
    a = ctx.anchor
    y = re.search(_YEAR, t)
    if "half" in t:
        if a is None and not y:
            return None
        year = int(y.group()) if y else a.year  # type: ignore[union-attr]
        return ("DATE", f"{year}-H{1 if 'first' in t else 2}")
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
    elif ctx.quarter:
        q = ctx.quarter
    else:
        return ("DATE", f"{year}-QX")
    if re.search(r"year-(?:ago|earlier)|last year|corresponding|comparable", t) and not y:
        year -= 1
    elif a is not None and not y and o and ctx.tense != "future" and 3 * q - 2 > a.month:
        year -= 1  # a quarter that has not begun yet is last year's
    elif "next year" in t:
        year += 1
    return ("DATE", f"{year}-Q{q}")


def _unit_value(n: int | None, unit: str) -> str:
    t, u = UNITS[unit]
    count = "X" if n is None else str(n)
    if u == "DE":
        return f"P{n * 10}Y" if n is not None else "PXDE"
    if u == "CE":
        return f"P{n * 100}Y" if n is not None else "PXCE"
    if u == "WE":
        return f"P{2 * n}D" if n is not None else "PXWE"
    return f"P{t}{count}{u}"


def _count_unit(t: str) -> tuple[int | None, str] | None:
    m = re.search(rf"(?:({_NUM})|{_VAG})(?:[- ]| to ({_NUM}) )(?:or so |more |additional |full |trading |straight |consecutive )?({_UNIT})s?\b", t)
    if not m:
        return None
    n = _num(m.group(1)) if m.group(1) else None
    if m.group(2):
        n = _num(m.group(2))
    unit = m.group(3)
    if unit == "centurie":
        unit = "century"
    return n, unit


def _h_duration(t: str, ctx: Context) -> tuple[str, str] | None:
    cu = _count_unit(t)
    if cu is None:
        return None
    n, unit = cu
    if "a half" in t or "or two" in t:
        pass
    return ("DURATION", _unit_value(n, unit))


def _h_ago(t: str, ctx: Context) -> tuple[str, str] | None:
    cu = _count_unit(t)
    if cu is None:
        return None
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
        return ("DATE", str(a.year + sign * 10 * n)[:3])
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
            return ("DATE", "PAST_REF") if rel in ("past", "recent", "last") else ("DURATION", _unit_value(None, unit))
        return None
    if rel in ("past", "latest", "previous", "recent") and unit in UNITS and unit not in ("quarter",):
        return ("DURATION", _unit_value(1, unit))
    if a is None:
        return None
    off = {"last": -1, "next": 1, "coming": 1, "following": 1, "this coming": 1, "this past": -1, "previous": -1}.get(rel, 0)
    if unit in SEASONS:
        year = a.year + (off if off and (off > 0) == (a.month < 6) or rel in ("last",) else 0)
        return ("DATE", f"{year}-{SEASONS[unit]}")
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
        q = ctx.quarter if off == 0 and ctx.quarter and rel != "this" else (mo - 1) // 3 + 1
        return ("DATE", f"{y}-Q{q}")
    if unit == "decade":
        return ("DATE", str(a.year + 10 * off)[:3])
    if unit in ("century", "centurie"):
        return ("DATE", str(a.year + 100 * off)[:2])
    return None


def _h_vaguedur(t: str, ctx: Context) -> tuple[str, str] | None:
    if t == "decades-long":
        return ("DURATION", "PXDE")
    if t == "the years":
        return ("DURATION", "PXY")
    m = re.search(r"(second|minute|hour|day|week|month|year|decade|quarter)s", t)
    if not m:
        return None
    if re.search(r"\b(?:past|recent|last)\b", t) and "few" not in t and "several" not in t and m.group(1) in ("year",):
        return ("DATE", "PAST_REF")
    return ("DURATION", _unit_value(None, m.group(1)))


def _h_every(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(_WD, t)
    if m:
        return ("SET", f"XXXX-WXX-{WEEKDAYS[m.group()] + 1}")
    mo = re.search(_MON, t)
    if mo and _month(mo.group()):
        return ("SET", f"XXXX-{_month(mo.group()):02d}")
    u = re.search(r"day|week|month|year", t)
    return ("SET", f"P2{u.group()[0].upper()}") if u else None


def _h_decade(t: str, ctx: Context) -> tuple[str, str] | None:
    m = re.search(r"(1[5-9]\d|20\d)0s", t)
    if m:
        return ("DATE", m.group(1))
    m2 = re.search(r"'(\d)0s", t)
    if m2:
        return ("DATE", "19" + m2.group(1))
    for word, digit in (("sixties", "6"), ("seventies", "7"), ("eighties", "8"), ("nineties", "9")):
        if word in t:
            return ("DATE", "19" + digit)
    return None


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
    year = ctx.anchor.year + (-1 if t.startswith("last") else 1 if t.startswith("next") else 0)
    return ("DATE", f"{year}-{s}")


def _h_year(t: str, ctx: Context) -> tuple[str, str] | None:
    y = re.search(_YEAR, t)
    return ("DATE", y.group()) if y else None


def _h_yearend(t: str, ctx: Context) -> tuple[str, str] | None:
    if ctx.anchor is None:
        return None
    if "month" in t:
        return ("DATE", f"{ctx.anchor.year}-{ctx.anchor.month:02d}")
    return ("DATE", str(ctx.anchor.year))


def _h_spelled(t: str, ctx: Context) -> tuple[str, str] | None:
    if "two thousand" in t:
        return ("DATE", "2000")
    m = re.search(r"nineteen (\w+)-(\w+)", t)
    if not m or m.group(1) not in _TENS_W or m.group(2) not in NUMBER_WORDS:
        return None
    return ("DATE", str(1900 + _TENS_W[m.group(1)] + NUMBER_WORDS[m.group(2)]))


_HANDLERS = {
    "word": _h_word, "clock": _h_clock, "noon": _h_noon, "fulldate": _h_fulldate, "iso": _h_iso,
    "monthyear": _h_monthyear, "weekday": _h_weekday, "dayword": _h_dayword, "quarter": _h_quarter,
    "ago": _h_ago, "duration": _h_duration, "relunit": _h_relunit, "vaguedur": _h_vaguedur, "every": _h_every,
    "decade": _h_decade, "century": _h_century, "season": _h_season, "year": _h_year, "yearend": _h_yearend,
    "spelled": _h_spelled, "weekend": lambda t, ctx: _h_relunit("this weekend", ctx),
}  # fmt: skip

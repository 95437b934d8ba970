"""TIMEX3 values: the patterns that find time expressions and the rules that normalise them.

``normalise(text, anchor, tense=..., quarter=...)`` gives the TimeML TIMEX3 ``(type, value)`` of one time
expression relative to the publication date ``anchor`` (or None; it never raises). ``value_date(value)``
turns a DATE/TIME value back into ``(date, precision)``. Finding and the per-clause lookup are in
``timexes.py``; the fixed phrases ("now", "recently", "daily") are data (``data/timex_words.tsv``).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...data import read_tsv

log = logging.getLogger(__name__)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_UNITS_W = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS_W = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS_W)} | _TENS_W | {"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "hundred": 100}
VAGUE = {"few", "a few", "several", "some", "many", "a number of", "couple of"}
UNITS = {
    "second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "night": ("", "D"),
    "week": ("", "W"), "weekend": ("", "WE"), "month": ("", "M"), "quarter": ("", "Q"), "year": ("", "Y"),
    "decade": ("", "DE"), "century": ("", "CE"), "centurie": ("", "CE"),
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MON = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMW = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
_NUM = rf"(?:\d+(?:\.\d+)?|{_NUMW}|a couple of|a dozen|an?)"
_VAG = r"(?:a few|few|several|some|many|a number of|couple of)"
_UNIT = r"(?:minute|hour|day|night|week(?:end)?|month|quarter|year|decade|century|centurie)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night)"
_MOD = r"(?:about|around|almost|nearly|roughly|approximately|more than|less than|at least|over|up to|under|only|just|some)"
_REL = r"(?:last|next|this|past|previous|coming|following|latest|current|same|recent|that)"

_BRANCHES: list[tuple[str, str]] = [
    ("clock", rf"(?:(?:around|about|at) )?\d{{1,2}}(?::\d\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)(?: (?:[ecmp][sd]t|gmt|utc))?(?:,? (?:(?:on )?{_WD}|yesterday|today|tomorrow))?"),
    ("noon", rf"(?:noon|midday|midnight)(?: (?:{_WD}|yesterday|today|tomorrow))?"),
    ("fulldate", rf"(?:{_WD},? )?(?:{_MON} \d{{1,2}}(?:st|nd|rd|th)?(?:,? {_YEAR})?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MON}(?:,? {_YEAR})?)\b"),
    ("iso", r"\b\d{4}-\d\d-\d\d\b"),
    ("monthyear", rf"(?:(?:early|late|mid-?|the (?:beginning|end|middle) of|last|next|this) )?{_MON}(?:,? (?:of )?{_YEAR}| (?:last|this|next) year)?\b"),
    ("weekday", rf"(?:(?:last|next|this|this coming|this past|the previous|the following|early|late|earlier|later) )?{_WD}s?(?:,? {_PART}s?)?"),
    ("dayword", rf"(?:(?:early|late|earlier|later|mid-?) )?(?:yesterday|today|tomorrow|tonight|overnight|last night)(?:,? {_PART})?|(?:this|later this|earlier this) {_PART}|(?:mid-? ?)afternoon"),
    ("quarter", rf"(?:(?:the|this|last|next) )?(?:(?:{_YEAR}|{_REL}|year-(?:ago|earlier)|fiscal|comparable|corresponding|year's|fiscal {_YEAR}'s) )*(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[- ]quarter(?: of (?:fiscal )?{_YEAR})?|(?:the|this|that|last|next) (?:(?:latest|current|same|year-ago|year-earlier|comparable|corresponding|fiscal) )*(?:quarter|period)|(?:the )?(?:first|second) half(?: of {_YEAR})?"),
    ("ago", rf"(?:{_MOD} )?(?:{_NUM}|{_VAG}) (?:or so |more )?{_UNIT}s? (?:or so )?(?:ago|earlier|later|before|from now|hence)"),
    ("duration", rf"(?:(?:the|each of the|for the|in the) )?(?:{_MOD} )?(?:(?:past|last|next|first|coming|latest|previous|following|recent|additional|final) )?(?:{_NUM}|{_VAG})(?:[- ]| to (?:{_NUM}) )(?:or so |more |additional |full |trading |straight |consecutive )?{_UNIT}s?(?:-old| or so| or two)?"),
    ("relunit", rf"(?:(?:early|late|mid-?|earlier|later|the end of|the beginning of|the middle of|the rest of) )?(?:the )?(?:{_REL}|this past|this coming) (?:fiscal )?(?:{_UNIT}|spring|summer|fall|autumn|winter)s?"),
    ("vaguedur", r"(?:the )?(?:(?:past|last|next|coming|recent|first) )(?:(?:few|several) )?(?:second|minute|hour|day|week|month|year|decade|quarter)s|(?:for|in|within|over) (?:years|months|weeks|days|decades|hours)|decades-long|the years"),
    ("every", rf"(?:every|each) (?:{_WD}|{_MON}|other (?:day|week|month|year))|{_WD}s"),
    ("decade", r"(?:the )?(?:(?:early|late|mid-?) )?(?:1[5-9]\d0s|20[0-9]0s|'\d0s|(?:nineteen )?(?:sixties|seventies|eighties|nineties))"),
    ("century", r"(?:the )?(?:1[0-9]th|20th|21st|twentieth|nineteenth|twenty-first) century"),
    ("season", rf"(?:(?:early|late|mid-?|last|next|this|this past) (?:spring|summer|fall|autumn|winter)(?: (?:of )?{_YEAR})?|(?:spring|summer|fall|autumn|winter) (?:of )?{_YEAR})"),
    ("year", rf"(?:(?:early|late|mid-?|fiscal|the end of|the beginning of|the middle of|calendar) ?)?{_YEAR}\b(?!,\d)"),
    ("weekend", r"the weekend"),
    ("yearend", r"year-end|the end of the (?:year|month)|around year end"),
    ("spelled", r"nineteen (?:ninety|eighty|seventy|sixty|fifty)-(?:one|two|three|four|five|six|seven|eight|nine)|the year two thousand"),
]


@functools.cache
def _words() -> dict[str, tuple[str, str]]:
    return {row["phrase"]: (row["type"], row["value"]) for _, row in read_tsv("timex_words.tsv")}


_EDGE_L = r"(?<![\w$£€.-])"
_EDGE_R = r"(?![\w%$£€-]|\.\d)"


@functools.cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per branch (the longest match over all branches wins)."""
    words = "|".join(re.escape(w) for w in sorted(_words(), key=len, reverse=True))
    return tuple(
        (name, re.compile(_EDGE_L + f"(?:{rx})" + _EDGE_R, re.IGNORECASE)) for name, rx in (*_BRANCHES, ("word", words))
    )


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


# -- values back to dates -------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEARLY = re.compile(r"^(\d{4})(?:-(Q\d|H\d|SP|SU|FA|WI))?$")


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




_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
_VALUE = re.compile(r"(?:PAST_REF|PRESENT_REF|FUTURE_REF|P(?:T?[\dX]+[YMWDHS]|[\dX]+(?:DE|CE|WE|Q))|XXXX(?:-[\dWX]+)*)")


def validate_timex_words() -> list[str]:
    """Problems in ``timex_words.tsv``, as ``path:line: problem``."""
    problems: list[str] = []
    seen: set[str] = set()
    for lineno, row in read_tsv("timex_words.tsv"):
        phrase, typ, value = row.get("phrase", ""), row.get("type", ""), row.get("value", "")
        where = f"timex_words.tsv:{lineno}"
        if not phrase or phrase != " ".join(phrase.lower().split()):
            problems.append(f"{where}: phrase must be lower case with single spaces")
        if phrase in seen:
            problems.append(f"{where}: duplicate phrase {phrase!r}")
        seen.add(phrase)
        if typ not in _TYPES:
            problems.append(f"{where}: unknown TIMEX3 type {typ!r}")
        if not _VALUE.fullmatch(value):
            problems.append(f"{where}: value {value!r} is not a TIMEX3 reference, duration or set value")
    return problems

"""TIMEX3 patterns: the vocabulary and regular expressions that find time expressions, and the check of
``data/timex_words.tsv`` (the fixed phrases such as "now", "recently", "daily").

``patterns()`` gives one compiled pattern per kind of expression (the longest match over all wins);
``values.py`` normalises what they find.
"""

from __future__ import annotations

import functools
import re

from ...data import read_tsv

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
#: A half more than the count ("5 1/2 hours", "two and a half years"), or a half alone ("half an hour").
_HALF = r"(?: 1/2| and a half| and one-half)"
_UNIT = r"(?:minute|hour|day|night|week(?:end)?|month|quarter|year|decade|century|centurie)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night)"
_MOD = r"(?:about|around|almost|nearly|roughly|approximately|more than|less than|at least|over|up to|under|only|just|some)"
_REL = r"(?:last|next|this|past|previous|prior|coming|following|latest|current|same|recent|that)"
#: Time zones written after clock times (UTC and its names, the US and European zones news copy uses).
_ZONE = r"(?:utc|gmt|z|zulu|[ecmpa][sd]t|hst|akst|cet|cest|eet|eest|bst|msk|ist|jst|kst|hkt|sgt|pkt|aest|aedt)"
#: The day a clock time is on: a weekday, a day word or a month and day ("5 p.m. EST, Nov. 6"); TimeML marks a
#: time with its date as one TIMEX3 ("twelve o'clock January 3, 1984": 1984-01-03T12:00).
_DAYREF = rf"(?:(?:on )?{_WD}|yesterday|today|tomorrow|{_MON} \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? {_YEAR})?)"
#: Holidays with a date rule (fixed days, the Western Easter computus, US federal Monday/Thursday rules).
_HOLIDAY = r"(?:christmas(?: day| eve)?|new year's (?:day|eve)|thanksgiving(?: day)?|halloween|valentine's day|easter(?: sunday| monday)?|good friday|boxing day)"

_BRANCHES: list[tuple[str, str]] = [
    ("clock", rf"(?:(?:around|about) )?\d{{1,2}}(?::\d\d)? ?(?:a\.m\.?|p\.m\.?|am\b|pm\b)(?: \(?{_ZONE}\)?)?(?:,? {_DAYREF})?"),
    ("clock24", rf"(?:(?:around|about) )?(?:[01]?\d|2[0-3]):?[0-5]\d(?: ?h(?:ou)?rs?)? ?(?:{_ZONE}|local time)\b(?:,? {_DAYREF})?"),
    ("clockpart", rf"(?:(?:around|about) )?\d{{1,2}}(?::\d\d)?(?: o'clock)? (?:in the (?:morning|afternoon|evening)|at night)(?:,? {_DAYREF})?"),
    ("holiday", rf"(?:(?:last|next|this) )?{_HOLIDAY}(?:,? {_YEAR})?"),
    ("anaphoric", r"(?:later|earlier) (?:(?:that|the same) (?:day|morning|afternoon|evening|night|week|month|year)|in the (?:week|month|year))|the (?:next|following|previous|preceding) (?:morning|afternoon|evening|night)|the (?:day|night|week|month|year) (?:before|after|earlier|later)(?=\s*(?:[,.;:!?)]|$))|the (?:spring|summer|fall|autumn|winter)"),
    ("yearago", r"year-(?:ago|earlier)"),
    ("noon", rf"(?:noon|midday|midnight)(?: (?:{_WD}|yesterday|today|tomorrow))?"),
    ("fulldate", rf"(?:the week of )?(?:{_WD},? )?(?:{_MON} \d{{1,2}}(?:st|nd|rd|th)?(?:,? {_YEAR})?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MON}(?:,? {_YEAR})?)\b"),
    ("iso", r"\b\d{4}-\d\d-\d\d\b"),
    ("monthyear", rf"(?:(?:early|late|the (?:beginning|end|middle) of|last|next|this) |mid-? ?)?{_MON}(?:,? (?:of )?{_YEAR}| (?:last|this|next) year)?\b"),
    ("weekday", rf"(?:(?:last|next|this|this coming|this past|the previous|the following|early|late|earlier|later) )?{_WD}s?(?:,? {_PART}s?)?"),
    ("dayword", rf"the day (?:before yesterday|after tomorrow)|(?:(?:early|late|earlier|later|mid-?) )?(?:yesterday|today|tomorrow|tonight|overnight|last night)(?:,? {_PART})?|(?:this|later this|earlier this) {_PART}|(?:(?:early|late|mid-?) ?)?{_PART} (?:yesterday|today|tomorrow)|(?:mid-? ?)afternoon"),
    ("quarter", rf"(?:(?:the|this|last|next) )?(?:(?:{_YEAR}|{_REL}|year-(?:ago|earlier)|prior-year|fiscal|comparable|corresponding|year's|fiscal {_YEAR}'s)[- ])*(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[- ]quarter(?: of (?:fiscal )?(?:{_YEAR}|(?:this|next|last) year|the (?:current|next|previous|prior) year))?|(?:the|this|that|last|next) (?:(?:latest|current|same|year-ago|year-earlier|prior-year|comparable|corresponding|fiscal) )*(?:quarter|period)(?: (?:of )?(?:last year|a year (?:ago|earlier)))?|the {_YEAR} quarter|(?:last|this|next) year's (?:quarter|period)|(?:the )?(?:first|second|latter)[- ]half(?: of (?:fiscal )?(?:{_YEAR}|(?:this|next|last) year|the (?:current |next |previous |prior )?year))?"),
    ("ago", rf"(?:{_MOD} )?(?:{_NUM}|{_VAG})(?:{_HALF})? (?:or so |more )?{_UNIT}s?(?:{_HALF})? (?:or so )?(?:ago|earlier|later|afterwards?|before|from now|hence)|(?:minute|hour|day|week|month|year|decade|centurie)s ago"),
    ("duration", rf"(?:(?:the|each of the|for the|in the) )?(?:{_MOD} )?(?:(?:past|last|next|first|coming|latest|previous|following|recent|additional|final) )?(?:(?:{_NUM}|{_VAG})(?:-{_UNIT}(?!s)| (?:to (?:{_NUM}) )?(?:or so |more |additional |full |trading |straight |consecutive )?{_UNIT}s?)|{_NUM}{_HALF} {_UNIT}s|half an? {_UNIT}|an? {_UNIT}{_HALF})(?:-old| or so| or two)?"),
    ("relunit", rf"(?:(?:early|late|mid-?|earlier|later|the end of|the beginning of|the middle of|the rest of) )?(?:the )?(?:{_REL}|this past|this coming) (?:fiscal )?(?:{_UNIT}|spring|summer|fall|autumn|winter)s?"),
    ("vaguedur", r"(?:the )?(?:(?:past|last|next|coming|recent|first) )(?:(?:few|several) )?(?:second|minute|hour|day|week|month|year|decade|quarter)s|(?:for|in|within|over) (?:years|months|weeks|days|decades|hours)|decades-long|the years|the (?:days|weeks|months|years) ahead"),
    ("every", rf"(?:every|each) (?:{_WD}|{_MON}|spring|summer|fall|autumn|winter|other (?:day|week|month|year))|{_WD}s|(?:once|twice|{_NUM} times) (?:an?|per|every) (?:day|week|month|quarter|year)"),
    ("period", rf"(?:an?|the) (?:{_NUM}|\d+)-(?:{_UNIT}) period"),
    ("decade", r"(?:the )?(?:(?:early|late) |mid-? ?)?(?:1[5-9]\d0s|20[0-9]0s|'\d0s|(?:nineteen )?(?:sixties|seventies|eighties|nineties))|the (?:(?:early|late) |mid-? ?)?[2-9]0s"),
    ("century", r"(?:the )?(?:1[0-9]th|20th|21st|twentieth|nineteenth|twenty-first) century"),
    #: "a quarter century", "half a century", "the past half-century": fractions of a century are years (ISO 8601)
    ("partcentury", rf"(?:(?:the|a|an) )?(?:{_MOD} )?(?:(?:past|last|next|first|previous) )?(?:(?:a|an) )?(?:quarter|half)[- ](?:a )?century"),
    ("season", rf"(?:(?:(?:the )?(?:early|late)|mid-?|last|next|this|this past) (?:spring|summer|fall|autumn|winter)(?: (?:of )?{_YEAR})?|(?:the )?(?:spring|summer|fall|autumn|winter) (?:of )?{_YEAR})"),
    ("seasons", rf"(?:(?:the|each of the) )?(?:past|last|next|previous|coming|following) (?:{_NUM} |{_VAG} )?(?:summer|winter|spring|autumn)s"),
    ("year", rf"(?:(?:early|late|mid-?|pre-|post-|fiscal(?: year)?|the end of|the beginning of|the middle of|calendar(?: year)?) ?)?{_YEAR}\b(?: (?:fiscal|calendar) year\b)?(?!,\d|:\d| ?(?:h(?:ou)?rs?\b|{_ZONE}\b|local time))"),
    ("weekend", r"the weekend"),
    ("yearend", r"year[- ]end|year's end|the (?:end|beginning|start|middle) of the (?:year|month|week)|the full year|the (?:fiscal )?year(?=,? end(?:ed|ing)\b)|the fiscal year"),
    ("spelled", rf"(?:{_MON},? (?:of )?)?nineteen (?:ninety|eighty|seventy|sixty|fifty|forty|thirty|twenty)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?(?![- ]\w*(?:year|month|day|percent|dollar|cent|mile|people|members)s?\b)|the year two thousand"),
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

"""Time expressions: find them, normalise them to TimeML TIMEX3 type + value, and look them up per clause.

Finding: our own patterns (``patterns.patterns()``, including the fixed phrases of
``data/timex_words.tsv``; the longest match wins) and spaCy ``DATE``/``TIME`` entities the patterns missed,
normalised by the same rules (a span no rule normalises is dropped). Date arithmetic is done with
``datetime`` against the publication date; no free-text date search is used (dateparser's reads "We" as
Wednesday). Values follow TimeML/TimeBank: ``2023-09-13``, ``2023-09``, ``2023``, ``2023-W37``, ``2023-Q3``,
``2023-SU``, ``199`` (the 1990s), ``P2D``, ``PXM``, ``PRESENT_REF``, ``2023-09-13T08:00``, ``XXXX-WXX-1``
(every Monday).

Relative expressions are resolved against the publication date: a bare weekday is the most recent such day
(the publication weekday itself is that day) unless the clause is in the future tense (then the next one);
a month or month-day without a year is the one nearest the publication date, preferring the past.

The API for the events layer::

    found = find_timexes(parsed)              # FoundTimexes: timexes, index, dropped
    day, precision = found.index.for_span(start, end)
    # day: date | None; precision: "day"|"week"|"month"|"year"|None

``TimeIndex.for_span`` gives the date of the time expression inside the span (else inside the span's
sentence; the most precise, then the nearest), else the narrative's reference time (the day of the last
expression before the span in its paragraph, not after publication), else the publication date with
precision ``day``, else ``(None, None)``. Weeks give their Monday, months their first day; years, quarters, halves and seasons
give their first day with precision ``year``. ``normalise(text, anchor)`` is the pure normaliser (never
raises).
"""

from __future__ import annotations

import functools
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ...model import Dropped, Timex
from ...nlp import ParsedArticle, Piece
from ..doc_views import doc_length, doc_sents
from ..overlaps import Coverage
from .names import is_name
from .narrative import Anchored, anchor_narrative, clock_days
from .patterns import MONTHS, ORDINALS, WEEKDAYS, patterns
from .prefilter import needs, present
from .values import normalise, try_normalise, value_date

log = logging.getLogger(__name__)

__all__ = ["FoundTimexes", "TimeIndex", "find_timexes", "normalise", "value_date"]


# -- finding ---------------------------------------------------------------------------------------

_CAPITALISED = frozenset({"monthyear", "weekday", "holiday"})  # "may", "march", "sun" are words too
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})  # "would": the future seen from a past report
#: Modals of obligation and possibility: "must decide by Friday", "may vote Thursday" speak of what is still
#: to come (unless a perfect follows: "may have left Monday").
_MODAL_AHEAD = frozenset({"must", "may", "might", "should", "can", "could", "ought"})
_SCHEDULING = frozenset({"schedule", "slate", "reschedule"})
_PRESENT_BE = frozenset({"is", "are", "'s", "'re", "am"})
_ARRANGED = frozenset({"set", "expect", "due", "plan"})  # "is set for", "is expected", "are planned for"
#: Verbs of scheduled events, the ones the English "futurate" present puts ahead ("the trial begins Monday",
#: "the team leaves Friday"): beginning and ending, coming and going, meeting and voting (a timetable's verbs).
_TIMETABLED = frozenset({
    "begin", "start", "open", "resume", "end", "close", "finish", "expire", "meet", "convene", "gather",
    "leave", "depart", "arrive", "return", "travel", "fly", "head", "visit", "go", "come", "vote", "play", "host",
    "hold", "face", "debate", "decide", "rule", "sign", "launch", "retire", "take",
})  # fmt: skip  # verbs whose date lies ahead ("has scheduled ... Thursday")
#: Verbs that move a thing later: the day after "until"/"to" is where it was moved, after the act ("the vote was
#: postponed until Tuesday").
_POSTPONING = frozenset({"postpone", "delay", "adjourn", "defer", "reschedule", "suspend", "extend"})
#: "the year ended Sept. 30", "the fiscal year ending June 30": a reporting period, a DURATION of one year
#: (TimeBank marks "the nine months ended Sept. 30" P9M alike); the words after it say so, not the span.
_PERIOD = re.compile(r"the (?:fiscal )?year", re.IGNORECASE)
#: "will one day be": an indefinite time ahead, TimeML's FUTURE_REF, not a one-day DURATION ("for one day").
_SOME_DAY = frozenset({"one day", "some day"})
_DURATION_BEFORE = re.compile(r"\b(?:for|in|within|after|per|lasting|only|just|than|a|each|every|about|by)\s+$", re.IGNORECASE)
#: "on Tuesday and Wednesday evenings": the plural is the coordination's (two evenings), not a SET of them.
_WEEKDAY_AND = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:and|or)\s+$", re.IGNORECASE)
#: "will be redeemed in five years": "in" before a duration in a future clause places the event at the end of
#: that interval, a point (DATE), where "within five years" bounds it (a DURATION).
_IN_BEFORE = re.compile(r"\bin $", re.IGNORECASE)
_PERIOD_ENDED = re.compile(r",? end(?:ed|ing)\b", re.IGNORECASE)
#: What a TIMEX3's extent leaves out at its front (TimeML 1.2.1): a preposition, which is a SIGNAL ("in the
#: past three months", "for years", "until recently"), and the article of the noun phrase a prenominal
#: duration or quarter modifies ("the [eight-year] war", "that [third-quarter] loss"). "over" stays: it is a
#: modifier ("over an hour"); "earlier"/"later" before a deictic expression go ("earlier [this week]", "later
#: [Thursday]": unlike "early"/"late", no value of the TIMEX3 mod attribute).
_SIGNAL = re.compile(
    r"(?:in|for|within|during|until|since|through|throughout)\s+(?=\S)"
    r"|(?:the|an?|that)\s+(?=(?:fiscal[- ])?[\w.]+-(?:minute|hour|day|week|month|quarter|year|decade|century)(?:-long)?$)"
    r"|(?:earlier|later)\s+(?=(?:this|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    re.IGNORECASE,
)
_SIGNAL_FIRST = frozenset("in for within during until since through throughout the a an that earlier later".split())
#: Words a TIMEX3's extent keeps before the expression: the triggers of the TIMEX3 ``mod`` attribute (TimeML
#: 1.2.1: "about", "nearly", "no more than", "at least"), so a spaCy span normalised without them keeps them;
#: other leading words are left out: "an interview several months", and an article of the noun phrase the
#: expression modifies ("the Aug. 7, 1998 bombings", "the year-ago results").
_EXTENT_WORDS = frozenset(
    "about around approximately roughly nearly almost barely some no more less than at least most over under up to "
    "early late mid beginning end middle start".split()
)
_FUTURE_HEADS = frozenset({"plan", "expect", "schedule", "set", "due", "go", "intend", "aim", "hope", "prepare", "agree"})
_HOLIDAY_WORD = re.compile(r"\b(?:christmas|new year's|thanksgiving|halloween|valentine's|easter|good friday|boxing day)", re.I)
_AGE = re.compile(r"[- ]old\b|\s+of\s+age\b")
_QUARTER_TOPIC = re.compile(r"\b(first|second|third|fourth)[- ]quarter\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundTimexes:
    """What the time layer found in one article."""

    timexes: tuple[Timex, ...]
    index: TimeIndex  # what events ask for their date
    dropped: tuple[Dropped, ...] = ()


def find_timexes(parsed: ParsedArticle) -> FoundTimexes:
    """Time expressions of one article (offsets into its text) and the per-clause ``TimeIndex``."""
    text, published = parsed.text, parsed.published
    topic = [ORDINALS[m.group(1).lower()] for m in _QUARTER_TOPIC.finditer(text)]
    quarter = max(set(topic), key=topic.count) if topic else None
    if published is not None and ((published.month - 1) // 3 - 1) % 4 + 1 in topic:
        quarter = ((published.month - 1) // 3 - 1) % 4 + 1  # the last quarter ended: the one reported
    out: list[Timex] = []
    dropped: list[Dropped] = []
    sentences: list[tuple[int, int]] = []
    tenses: dict[int, str | None] = {}
    for piece in parsed.pieces:
        try:
            sentences.extend((piece.offset + s.start_char, piece.offset + s.end_char) for s in doc_sents(piece.doc))
        except ValueError:  # no sentence boundaries in this pipeline
            sentences.append((piece.offset, piece.offset + doc_length(piece.doc)))
        out.extend(_piece_timexes(text, piece, published, quarter, dropped, tenses))
    out.sort(key=lambda t: t.start)
    sentences.sort()
    out, anchored = anchor_narrative(text, out, published, tenses=tenses, quarter=quarter)
    out = clock_days(out, sentences, published, tenses)
    pieces = [(p.offset, p.offset + doc_length(p.doc), p.doc) for p in parsed.pieces]

    def tense_of(start: int, end: int) -> str | None:
        for off, stop, doc in pieces:
            if off <= start and end <= stop:
                return _tense(doc, start - off, end - off)
        return None

    paragraphs = [(off, stop) for off, stop, _ in pieces]
    index = TimeIndex(out, sentences, published, anchored=anchored, tense_of=tense_of, paragraphs=paragraphs)
    return FoundTimexes(timexes=tuple(out), index=index, dropped=tuple(dropped))


def _piece_timexes(
    text: str,
    piece: Piece,
    anchor: date | None,
    quarter: int | None,
    dropped: list[Dropped],
    tenses: dict[int, str | None],
) -> list[Timex]:
    doc, off = piece.doc, piece.offset
    chunk = text[off : off + doc_length(doc)]
    found: list[tuple[int, int, str]] = []
    lowered = chunk.lower()
    scan, scanners = (lowered, _filtered(True)) if chunk.isascii() else (chunk, _filtered(False))
    for name, pattern, need in scanners:
        if not present(need, lowered, chunk):
            continue  # the paragraph lacks every string a match of this pattern contains
        for m in pattern.finditer(scan):
            if name in _CAPITALISED and not _looks_like_date(chunk, m.start(), m.end()):
                continue
            found.append((m.start(), m.end(), "rule"))
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            s, e = ent.start_char, ent.end_char
            while s < e and chunk[s] in " \"'(":
                s += 1
            while e > s and chunk[e - 1] in " \"'.,;:)":
                e -= 1
            if e > s:
                found.append((s, e, "spacy-ner"))
    rule_spans = [(s, e) for s, e, rule in found if rule == "rule"]
    found = [f for f in found if f[2] == "rule" or not _joins_two(chunk, f[0], f[1], rule_spans)]
    found.sort(key=lambda x: (-(x[1] - x[0]), x[2] != "rule", x[0]))
    entities = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    taken = Coverage()  # the spans kept so far (a linear scan of them was quadratic on long paragraphs)
    out: list[Timex] = []
    for s, e, rule in found:
        if taken.overlaps(s, e) or _AGE.match(chunk, e) or chunk[s:e].endswith("-old"):
            continue  # overlaps a longer one, or is an age ("a 52-year-old", "60 years old")
        if is_name(chunk, s, e, entities) or _not_a_time(doc, chunk, s, e):
            continue  # "Daily Mail", "Sunday Telegraph", "This Week" (a programme); "as soon as"
        span = chunk[s:e]
        tense = _tense(doc, s, e)
        tenses[off + s] = tense
        norm, error = try_normalise(span, anchor, tense=tense, quarter=quarter)
        if _PERIOD.fullmatch(span) and _PERIOD_ENDED.match(chunk, e):
            norm = ("DURATION", "P1Y")
        elif tense == "future" and span.lower() in _SOME_DAY and not _DURATION_BEFORE.search(chunk, max(0, s - 12), s):
            norm = ("DATE", "FUTURE_REF")
        elif norm is not None and norm[0] == "DATE" and anchor is not None and _after(norm[1], anchor) and _told_as_past(doc, span, s, e):
            norm = _year_back(norm) or norm
        elif norm is not None and norm[0] == "SET" and span.endswith("s") and _WEEKDAY_AND.search(chunk, max(0, s - 16), s):
            norm = normalise(span[:-1], anchor, tense=tense, quarter=quarter) or norm
        elif tense == "future" and norm is not None and norm[0] == "DURATION" and _IN_BEFORE.search(chunk, max(0, s - 4), s):
            norm = _in_future(span, anchor) or norm
        if error is not None:
            dropped.append(Dropped(layer="timexes", start=off + s, end=off + e, reason=f"normalise: {error}"))
        if norm is None and rule == "spacy-ner":
            inner = _spacy_inner(span, anchor, tense, quarter)
            if inner is not None:  # the expression is the words normalised ("an interview [several months]")
                norm, cut = inner
                # a modifier word stays in the extent, unless a preposition follows it ("late [for weeks]")
                if not _EXTENT_WORDS.issuperset(chunk[s : s + cut].lower().split()) or _SIGNAL.match(chunk, s + cut, e):
                    s += cut
                    tenses[off + s] = tense
        if norm is not None and norm[1] == "FUTURE_REF" and tense == "past":
            norm = None  # "he was soon released": the future of a past narrative, not of the publication date
        if norm is None:
            continue
        taken.add(s, e)
        space = chunk.find(" ", s, e)  # the value read the whole span ("for years" PXY); the extent leaves
        if space > 0 and chunk[s:space].lower() in _SIGNAL_FIRST and (signal := _SIGNAL.match(chunk, s, e)):
            s = signal.end()  # out the preposition and a modified noun's article
            tenses[off + s] = tense
        out.append(Timex(start=off + s, end=off + e, text=text[off + s : off + e], type=norm[0], value=norm[1], rule=rule))
    return out


_MONTH_NO_YEAR = re.compile(r"^(\d{4})(-\d\d(?:-\d\d)?)$")


def _after(value: str, anchor: date) -> bool:
    """Is a month or day value (``1998-05``, ``1998-05-02``) after the publication month?"""
    m = _MONTH_NO_YEAR.match(value)
    return m is not None and (int(m[1]), int(m[2][1:3])) > (anchor.year, anchor.month)


def _year_back(norm: tuple[str, str]) -> tuple[str, str] | None:
    m = _MONTH_NO_YEAR.match(norm[1])
    return (norm[0], f"{int(m[1]) - 1}{m[2]}") if m else None


def _told_as_past(doc: object, span_text: str, s: int, e: int) -> bool:
    """A month or day named without a year that modifies a verb in the simple past ("prices peaked in June",
    "the plant closed on Aug. 3"): what the text tells as past is not ahead of publication, so a month later
    in the year than the publication's is last year's. Only a finite past verb the date modifies directly or
    through a preposition counts (not "a dividend payable Dec. 7", a noun's, nor "set for April", a plan)."""
    if re.search(r"\d{4}", span_text):
        return False  # the year is written
    found = doc.char_span(s, e, alignment_mode="expand")  # type: ignore[attr-defined]
    if found is None:
        return False
    head = found.root.head
    if head.dep_ == "prep":
        head = head.head
    if head.tag_ != "VBD" or head.lemma_ in _SCHEDULING or head.lemma_ in _ARRANGED or head.lemma_ in _POSTPONING:
        return False
    return not any(c.dep_ in ("aux", "auxpass") for c in head.children)


def _in_future(span: str, anchor: date | None) -> tuple[str, str] | None:
    """"(will ...) in five years": the date that many units after publication, at the unit's precision; a vague
    or ranged count ("in a few weeks", "in a year or two") is FUTURE_REF."""
    low = " ".join(span.lower().split())
    if re.search(r"\b(?:or|to)\b|\b(?:few|several|some|many|couple)\b", low):
        return ("DATE", "FUTURE_REF")
    if low.startswith("the ") or re.search(r"\b(?:hour|minute|second)s?\b|-", low):
        return None  # "in the next five years" is the interval itself; "in two hours" is today
    found = normalise(f"{low} from now", anchor)
    return found if found is not None and found[0] == "DATE" else None


def _not_a_time(doc: object, chunk: str, s: int, e: int) -> bool:
    """Time words used as something else: "as soon as" (a conjunction, like "when"), "future" before a noun
    ("future earnings": an attribute, not a time the text refers to), and "previously"/"recently" on a
    participle that describes a noun ("a previously announced plan"), and "quarterly" as an adjective or noun
    ("a quarterly dividend", "declared its quarterly": the kind of payment or report, as "annual" in "the
    annual meeting"; only the adverb, "paid quarterly", is a frequency, a SET)."""
    word = chunk[s:e].lower()
    if word == "soon":
        return chunk[max(0, s - 3) : s].lower() == "as " and chunk[e : e + 4].lower() == " as "
    if word == "future":
        span = doc.char_span(s, e)  # type: ignore[attr-defined]
        return span is not None and len(span) == 1 and span[0].dep_ == "amod"
    if word == "quarterly":
        span = doc.char_span(s, e)  # type: ignore[attr-defined]
        return span is not None and len(span) == 1 and span[0].pos_ != "ADV"
    if word in ("previously", "recently"):  # "a previously announced plan", "suits previously filed by ...": an
        span = doc.char_span(s, e)  # type: ignore[attr-defined]  # attribute of the noun, as "future earnings"
        if span is None or len(span) != 1:
            return False
        head = span[0].head
        return head.tag_ == "VBN" and head.dep_ in ("amod", "acl")
    return False


def _joins_two(chunk: str, s: int, e: int, rule_spans: list[tuple[int, int]]) -> bool:
    """A spaCy span holding two of our expressions ("1991 to 1997", "Thursday, Jan. 6"): TimeML marks the
    ends of a range as separate TIMEX3s, so the span gives way to the two (a clock time with its date, "5 p.m.
    EST, Nov. 6", is one of our expressions). Two expressions with only a space between them ("the quarter a
    year ago") stay one."""
    inside = sorted((a, b) for a, b in rule_spans if s <= a and b <= e)
    return any(b1 <= a2 and chunk[b1:a2].strip() for (_, b1), (a2, _) in zip(inside, inside[1:], strict=False))


_CASELESS_ESCAPE = re.compile(r"\\[bBdDsSwWAZ]|\\[^\w]")  # escapes whose meaning does not depend on case
_GROUP_OPEN = re.compile(r"\(\?(?![:=!]|<[=!])")  # "(?" opening anything but a plain group or lookaround


@functools.cache
def _lower_case_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``patterns()`` for lower-cased ASCII text, giving the same matches at the same offsets.

    A pattern with no upper-case letter, no escape but those of ``_CASELESS_ESCAPE`` and no inline flags is
    compiled case-sensitively (the regex engine runs that about twice as fast as IGNORECASE); any other
    keeps IGNORECASE (lower-casing ASCII text does not change what it matches)."""
    out = []
    for name, pattern in patterns():
        rest = _CASELESS_ESCAPE.sub("", pattern.pattern)
        exact = "\\" not in rest and not any(c.isupper() for c in rest) and not _GROUP_OPEN.search(rest)
        out.append((name, re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if exact else pattern))
    return tuple(out)


def preload() -> None:
    """Compile now what the layer otherwise compiles on first use (its patterns, for both kinds of text)."""
    _filtered(True)
    _filtered(False)


@functools.cache
def _filtered(ascii_text: bool) -> tuple[tuple[str, re.Pattern[str], frozenset[str] | None], ...]:
    """The patterns for lower-cased ASCII text (``ascii_text``) or for any text, each with what it needs
    (``prefilter.needs``): a paragraph without any of those strings is not scanned with it."""
    chosen = _lower_case_patterns() if ascii_text else patterns()
    return tuple((name, pattern, needs(pattern)) for name, pattern in chosen)


def _spacy_inner(span: str, anchor: date | None, tense: str | None, quarter: int | None) -> tuple[tuple[str, str], int] | None:
    """A spaCy DATE span our patterns do not cover whole: drop a leading article or modifier word. Gives the
    value and how many characters were dropped from the front (the TIMEX3 is the words that carry it)."""
    starts = [m.start() for m in re.finditer(r"\S+", span)]
    for cut in range(1, min(3, len(starts))):
        norm = normalise(span[starts[cut] :], anchor, tense=tense, quarter=quarter)
        if norm is not None:
            return norm, starts[cut]
    return None


def _looks_like_date(chunk: str, s: int, e: int) -> bool:
    """Month and weekday names must be capitalised; "May" alone must not start a sentence."""
    span = chunk[s:e]
    if _HOLIDAY_WORD.search(span):
        return all(w[0].isupper() for w in _HOLIDAY_WORD.findall(span))
    words = [w for w in re.findall(r"[A-Za-z]+", span) if w.lower().rstrip(".") in MONTHS or w.lower().rstrip("s") in WEEKDAYS]
    if not words or not all(w[0].isupper() for w in words):
        return False
    if re.fullmatch(r"[A-Z][a-z]{2,3}", span) and span.lower() not in ("may", "june", "july"):
        return False  # a bare abbreviation ("Jan", "Mar") is more often a name
    if span.lower() in ("may", "march", "sun"):
        k = s - 1  # the last character before the span that is not white space (``chunk[:s].rstrip()``,
        while k >= 0 and chunk[k].isspace():  # without copying the paragraph up to here for every match)
            k -= 1
        return k >= 0 and chunk[k] not in ".!?\"“" and bool(_DATE_PREP.search(chunk, max(0, k - 7), k + 1))
    return True


# the word before a bare "May", "March", "Sun" that makes it a date; searched in the few characters before it
# (``\b`` sees the text before ``pos``, ``$`` matches at ``endpos``)
_DATE_PREP = re.compile(r"\b(?:in|of|since|until|by|from|last|next|this|early|late|mid|to)$", re.I)


_AUX_WINDOW = 8


def _tense(doc: object, s: int, e: int) -> str | None:
    """past | future | None for the clause governing the character span ``[s, e)`` of ``doc``."""
    try:
        span = doc.char_span(s, e, alignment_mode="expand")  # type: ignore[attr-defined]
        if span is None:
            return None
        tok = span.root
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                break
            tok = tok.head
        if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("aux", "auxpass", "mark", "nsubj") for c in tok.children
        ):
            tok = tok.head  # "..., killing eight people on the same day": a participle adjunct has its clause's tense
        # Auxiliaries stand just before their verb ("will have been", "was to"): look at the few tokens
        # before it, not at all its children (a root without a verb can have thousands, once per timex).
        auxes = [
            c for c in doc[max(0, tok.i - _AUX_WINDOW) : tok.i]  # type: ignore[index]
            if c.head.i == tok.i and c.dep_ in ("aux", "auxpass")
        ]  # fmt: skip
        if any(c.lower_ in _FUTURE_AUX for c in auxes):
            return "future"
        if any(c.lower_ == "to" for c in auxes) and tok.head.lemma_ in _FUTURE_HEADS:
            if not any(c.lower_ == "had" and c.dep_ == "aux" for c in tok.head.children):
                return "future"  # "had been scheduled to expire Friday": a plan that was, the day is past
            return "past"
        if tok.lemma_ in _SCHEDULING and not any(c.dep_ == "auxpass" for c in auxes):
            return "future"
        if (tok.lemma_ in _SCHEDULING or tok.lemma_ in _ARRANGED) and any(
            c.dep_ == "auxpass" and c.lower_ in _PRESENT_BE for c in auxes
        ) or (tok.lemma_ in _SCHEDULING or tok.lemma_ in _ARRANGED) and {"has", "have"} & {c.lower_ for c in auxes}:  # "the funeral is set for Saturday", "a ruling is expected Friday": a present arrangement ahead
            return "future"
        if _futurate(tok, auxes, span.root):
            return "future"
        words = {c.lower_ for c in auxes}
        if words & _MODAL_AHEAD and not words & {"have", "'ve"}:
            return "future"
        if tok.lemma_ in _POSTPONING and span.start > 0 and doc[span.start - 1].lower_ in ("until", "till", "to"):  # type: ignore[index]
            return "future"
        if tok.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in auxes):
            return "past"
    except Exception:  # noqa: BLE001 - tense is a hint; without it the defaults apply
        return None
    return None


def _futurate(tok: object, auxes: list[object], root: object) -> bool:
    """The English "futurate" present, which puts a scheduled event ahead: the simple present or the
    progressive of a timetable's verb ("the council meets Thursday", "the trial begins Monday", "the leaders
    are meeting Friday"), "be to" ("the two are to meet Thursday") and "be due" ("the report is due Friday");
    never with a past or perfect auxiliary, and only for a time that modifies the verb itself (directly or
    through a preposition: "meets on Thursday"), not a noun ("follows Tuesday's vote")."""
    words = {c.lower_ for c in auxes}  # type: ignore[attr-defined]
    if words & {"has", "have", "had", "was", "were", "did", "been"}:
        return False
    head = root.head  # type: ignore[attr-defined]
    while head.i != tok.i:  # type: ignore[attr-defined]
        if head.pos_ not in ("ADP", "ADJ", "ADV") and head.dep_ != "conj" or head.head.i == head.i:  # type: ignore[attr-defined]
            return False  # the time modifies a noun on the way ("Tuesday's vote")
        head = head.head  # type: ignore[attr-defined]
    if tok.lemma_ == "be" and not auxes:  # type: ignore[attr-defined]  # "the vote is Thursday", "is due Friday"
        return tok.tag_ in ("VBZ", "VBP")  # type: ignore[attr-defined]
    if tok.lemma_ not in _TIMETABLED:  # type: ignore[attr-defined]
        return bool(words & _PRESENT_BE) and "to" in words
    if tok.tag_ in ("VBZ", "VBP") and not auxes:  # type: ignore[attr-defined]
        return True
    return bool(words & _PRESENT_BE) and (tok.tag_ == "VBG" or "to" in words)  # type: ignore[attr-defined]


# -- the per-clause lookup ---------------------------------------------------------------------


class TimeIndex:
    """Per article: which date governs a clause. Built by ``find_timexes``."""

    def __init__(
        self,
        timexes: Iterable[Timex],
        sentences: list[tuple[int, int]],
        published: date | None,
        *,
        anchored: Iterable[Anchored] = (),
        tense_of: Callable[[int, int], str | None] | None = None,
        paragraphs: list[tuple[int, int]] | None = None,
    ) -> None:
        self._paragraphs = sorted(paragraphs or [])
        self._para_starts = [s for s, _ in self._paragraphs]
        self._dated: list[tuple[int, int, date, str]] = [(a.start, a.end, a.day, a.precision) for a in anchored]
        for t in timexes:
            if t.type in ("DATE", "TIME"):
                dp = value_date(t.value)
                if dp is not None:
                    self._dated.append((t.start, t.end, dp[0], dp[1]))
        self._dated.sort(key=lambda d: (d[0], d[1]))
        self._starts = [d[0] for d in self._dated]
        self._sentences = sentences
        self._sent_starts = [s for s, _ in sentences]
        self.published = published
        self._tense_of = tense_of

    def _inside(self, start: int, end: int) -> list[tuple[int, int, date, str]]:
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self._dated) and self._dated[i][0] < end:
            if self._dated[i][1] <= end:
                out.append(self._dated[i])
            i += 1
        return out

    def for_span(self, start: int, end: int, *, asserted: bool | None = None) -> tuple[date | None, str | None]:
        """The date governing the text span ``[start, end)``: a time expression inside it, else inside its
        sentence, else the reference time of the narrative, else the publication date (precision ``day``), else
        ``(None, None)``.

        ``asserted=True`` says the event is asserted (not intended, hypothetical, ...): a date after
        publication cannot be its date, so such dates are passed over. Inside the span itself that holds only
        for the past tense (a present-tense "leaders meet next week" keeps its future date); elsewhere in the
        sentence always: a coming date there dates something else ("rallies before the May 3 vote")."""
        found = self._inside(start, end)
        own = bool(found)
        if not found:
            i = bisect_right(self._sent_starts, start) - 1
            if i >= 0 and self._sentences[i][1] >= end:
                found = self._inside(*self._sentences[i])
        if asserted and self.published is not None and any(d[2] > self.published for d in found):
            if not own or self._tense_of is None or self._tense_of(start, end) == "past":
                found = [d for d in found if d[2] <= self.published]
        if not found:
            before = self._reference_time(start)
            if before is not None:
                return before
        if found:
            order = {"day": 0, "week": 1, "month": 2, "year": 3}
            best = min(found, key=lambda d: (order.get(d[3], 9), abs(d[0] - start)))
            return best[2], best[3]
        if self.published is not None:
            return self.published, "day"
        return None, None

    def for_clause(
        self, spans: Iterable[tuple[int, int]], start: int, end: int, *, asserted: bool | None = None
    ) -> tuple[date, str] | None:
        """The date of the first time expression that holds one of ``spans`` (the head words of the temporal
        adverbials the parse attaches to an event's clause, nearest first), or None; an asserted past-tense
        event at ``[start, end)`` passes over a date after publication, as in ``for_span``."""
        past = None
        for s, e in spans:
            i = bisect_right(self._starts, s)
            for d in self._dated[max(0, i - 4) : i]:
                if not (d[0] <= s and e <= d[1]):
                    continue
                if asserted and self.published is not None and d[2] > self.published:
                    if past is None:
                        past = self._tense_of is None or self._tense_of(start, end) == "past"
                    if past:
                        continue
                return d[2], d[3]
        return None

    def _reference_time(self, start: int) -> tuple[date, str] | None:
        """The narrative's reference time at ``start``: the date of the last time expression before it in its
        paragraph (a clause that names no time of its own is at the time the narrative is at; Reichenbach's
        reference time, which TimeML's anaphoric expressions also follow: ``narrative.py``). Only a day, and
        not one after publication: a year is background ("in 2012"), a coming day a plan the clause need not
        be part of."""
        k = bisect_right(self._para_starts, start) - 1
        if k < 0 or self._paragraphs[k][1] < start:
            return None
        i = bisect_right(self._starts, start) - 1
        while i >= 0 and self._dated[i][0] >= self._paragraphs[k][0]:
            s, e, day, precision = self._dated[i]
            if e <= start and precision == "day" and (self.published is None or day <= self.published):
                return day, precision
            i -= 1
        return None

"""What the words around a place name say: newspapers', agencies' and diseases' names are not places, people
are not places, words for actors name bodies; "the city of X", "the state of X", "the English city of X"
narrow the candidates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from ...data import load_agencies, read_tsv
from ...model import Entity
from ...nlp import Piece
from ..doc_views import doc_length
from .gazetteer import Gazetteer
from .mentions import SCAN_KINDS, SCAN_MIN_POPULATION, Mention, is_weak
from .resolve import LEVEL, obvious_of

_NEWSPAPER = re.compile(
    r"[ -](?:Times|Herald|Post|Tribune|Gazette|Journal|Chronicle|Courier|Examiner|Observer|Telegraph|Globe"
    r"|Inquirer|Dispatch|Bulletin|Sentinel|Star-Ledger|Star-Tribune|Free Press|Daily News|Evening Standard)\b"
)
#: A place name right before one of these heads names a disease after the place it was first found in
#: ("Norwalk virus", "Lassa fever", "Lyme disease"), not the place.
#: Not "flu": headlines write "Mexico flu cases" for flu in Mexico.
_DISEASE_AFTER = re.compile(
    r"\s+\[?(?:virus(?:es)?|\w*virus|fever|(?:haem|hem)orrhagic|encephalitis|disease|syndrome)\b", re.IGNORECASE
)
#: A one-word name after a title or a kin word ("Mr. Holbrook", "his wife, Florence"), or with an age in
#: apposition ("Florence, 62,"), is a person's name even where a town has it.
_TITLES = (
    r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Capt|Sgt|Lt|Rev|Prof|Marshal|Sheriff|Chief|Officer|Detective|President|Premier"
    r"|Chancellor|Minister|Senator|Governor|Judge|Justice|King|Queen|Prince|Princess|Pope|Emperor|Empress|Sir|Lady"
    r"|Secretary|Speaker|Congressman|Congresswoman|Ambassador|Commissioner|Councilman|Councilwoman"
)
_PERSON_BEFORE = re.compile(
    rf"(?:\b(?:{_TITLES})\.? "
    r"|\b(?:wife|husband|son|sons|daughter|daughters|mother|father|brother|brothers|sister|sisters|grandson"
    r"|granddaughter|grandchildren|children|stepchildren|widow|widower|fianc[eé]e?|partner)(?: of \d+ years)?,? )$"
)
_AGE_AFTER = re.compile(r", \d{1,3}(?=[,.;)])")
#: A role noun in lower case before a name ("former leader X", "party spokesman X"): a person, where the name
#: is a town's; before a country or a division it is a modifier ("candidate Texas Sen. X").
_ROLE_BEFORE = re.compile(
    r"\b(?:leader|president|premier|minister|senator|governor|spokesman|spokeswoman|spokesperson|chairman"
    r"|chairwoman|candidate|nominee|rival) $"
)
#: A regnal number after a name ("Frederick II", "Louis XIV") makes it a monarch's.
_REGNAL_AFTER = re.compile(r" (?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)\b(?![\w'’.-])")
#: Words around a name that say it is a place: a locative preposition before it, a place's noun after it.
LOCATIVE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ff]rom|[Oo]utside|[Aa]round|[Aa]cross|[Tt]hroughout|[Ii]nto)\s+(?:the\s+)?$")
#: The one locative of ``LOCATIVE_BEFORE`` that also takes people ("a call from X").
_FROM_BEFORE = re.compile(r"\b[Ff]rom\s+(?:the\s+)?$")
LOCATIVE_AFTER = re.compile(r"(?:-based|\s+(?:residents?|natives?|area|region|province|district|county|suburbs?))\b")
_PLACE_AFTER = re.compile(r",\s+[A-Z]")  # "Burnaby, B.C.": a town and its state or country
_PERSON_TITLE = re.compile(rf"\b(?:{_TITLES})\.? $")
_DAILY = re.compile(r"\b(?:Daily|Evening|Sunday)\s+$")
_CITY_BEFORE = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Mm]unicipality) of\s+$")
_STATE_BEFORE = re.compile(r"\b(?:state|State|province|Province|provinces|region|Region|county|County|prefecture|Prefecture) of\s+$")
_STATE_AFTER = re.compile(r"\s+(?:state|State|province|Province|region|Region|prefecture|Prefecture|oblast|Oblast)\b")
_COUNTY_AFTER = re.compile(r"\s+(?:[Cc]ounty|[Pp]arish|[Bb]orough)\b")


@functools.cache
def _agency_names() -> frozenset[str]:
    agencies = load_agencies()
    return frozenset(agencies.values()) | frozenset(alias.upper() for alias in agencies)


def is_agency(surface: str) -> bool:
    """A news agency's name as the agency writes it ("Xinhua", "TASS", "SANA"; data/agencies.tsv) names the
    agency, not the town or the capital that happens to share it: "Xinhua reported" is no place in Hunan."""
    return surface in _agency_names()


@functools.cache
def _agent_words() -> frozenset[str]:
    """The actor vocabulary's words for kinds of actor: our sectors and PETRARCH-2's Phoenix agents
    ("congress", "parliament", "police", "army", "rebels")."""
    words = {row["word"].lower() for _, row in read_tsv("sectors.tsv")}
    for _, row in read_tsv("phoenix_agents.tsv"):
        if row.get("kind") == "sector":
            words.update(w.strip().lower() for w in row["alias"].split("|"))
    return frozenset(words)


def is_agent_word(text: str, m: Mention) -> bool:
    """A name found only by the gazetteer (the scan, or a whole "organisation" that is a place name) that is a
    word for a kind of actor names that body: "Congress" is the US Congress, not Congress, Arizona; "Police"
    starting a sentence is not Police in Poland."""
    return m.rule.startswith("gazetteer") and text[m.start : m.end].lower() in _agent_words()


#: "the English city of X", "the Syrian border town of X", "the Texas city of X": the name before the place
#: word (a demonym, a country or a first-level division) says where X is.
_HOLDER_BEFORE = re.compile(
    r"\b([A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?) (?:[a-z]+ ){0,2}"
    r"(?:city|town|village|capital|port|region|province|state|district|county|municipality|suburb|island) of\s+$"
)


def _held(text: str, m: Mention, gaz: Gazetteer) -> Mention:
    """The candidates inside the country or division the words before the name state (``_HOLDER_BEFORE``); a
    namesake elsewhere is not what the text means, so none at all when the gazetteer has none there."""
    found = _HOLDER_BEFORE.search(text, max(0, m.start - 60), m.start)
    if found is None or not m.candidates:
        return m
    holders = [h for h in gaz.lookup(found.group(1)) if h.kind in ("demonym", "country", "admin1") and not h.alternate]
    level = LEVEL.get(obvious_of(m.candidates).kind, 3)  # of the name's obvious place
    if not holders or all(level <= LEVEL[h.kind] for h in holders):
        return m  # "the Puno region of Peru": Peru holds Puno, not the other way round
    inside = tuple(
        c for c in m.candidates
        if any(c.country2 == h.country2 and (h.kind != "admin1" or c.admin1 == h.admin1) for h in holders)
    )  # fmt: skip
    return m if inside == m.candidates else Mention(m.start, m.end, m.rule + "+held", inside)


def people_names(text: str, ents: Iterable[Entity]) -> dict[str, int]:
    """The surnames an article uses, with where each is first given: the last word of a person's name of two
    or more words ("Nora Burnaby"), and a one-word name after a title ("President Burnaby"). Not the other
    words of the name: the model's person spans take in places and offices ("Toronto MPP Nora Burnaby")."""
    out: dict[str, int] = {}
    for e in ents:
        if e.label != "PERSON":
            continue
        words = [w.strip(".,'’") for w in text[e.start : e.end].split()]
        if words and words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
        last = words[-1] if words else ""
        if not (last[:1].isupper() and len(last) > 2 and last.lower() not in STOP_WORDS):
            continue
        if len(words) >= 2 or _PERSON_TITLE.search(text, max(0, e.start - 20), e.start):
            out[last] = min(out.get(last, e.start), e.start)
    return out


_WEEKDAY_AFTER = re.compile(r" (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def is_day_name(text: str, m: Mention) -> bool:
    """An unknown name before a weekday names the day ("Super Tuesday", "Black Friday"), not a place."""
    return not m.candidates and _WEEKDAY_AFTER.match(text, m.end) is not None


def is_capitalised_word(text: str, m: Mention) -> bool:
    """A name whose capitals say nothing: an unknown name among words written all in capitals ("FARM PRICES
    FELL, GLUMPY SAYS"), and a small town's name that only the gazetteer scan found in a line set in title
    case (a headline: "Senators Weigh Every Supreme Ruling"): no place."""
    if m.rule.startswith("dateline"):
        return False
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    line_end = end if end >= 0 else len(text)
    if not m.candidates:
        before = text[start : m.start].split()[-3:]
        after = text[m.end : line_end].split()[:3]
        around = [w for w in before + after if any(ch.isalpha() for ch in w)]
        return len(around) >= 2 and not any(ch.islower() for w in around for ch in w)
    if m.rule != "gazetteer" or any(c.kind in SCAN_KINDS or c.population >= SCAN_MIN_POPULATION for c in m.candidates):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[start:line_end]) if len(w) > 3]
    return len(words) >= 4 and all(w[:1].isupper() for w in words)  # every longer word capitalised: a headline


#: A town this big keeps a name the model read as a place even where the article also has it as a surname.
_SURNAME_TOWN = 100_000


def is_persons(text: str, m: Mention, names: dict[str, int]) -> bool:
    """One sense per discourse for people: a one-word name only the gazetteer scan found, one no gazetteer
    knows, or one that is only the name of towns under ``_SURNAME_TOWN`` people (the model's place label on a
    surname is weak evidence), that the article has used as a person's surname ("Novelist Nora Burnaby ...
    Critics praised Burnaby"), is that person wherever
    nothing says place: no locative before it ("in Burnaby"), no place's noun after it ("the Burnaby area"),
    no state or country after a comma ("Burnaby, B.C."), and it is not a country or continent."""
    surface = text[m.start : m.end]
    if names.get(surface, len(text)) >= m.start or " " in surface:
        return False  # the person is named in full before the surname stands alone
    towns = all(c.kind in ("city", "place") for c in m.candidates)
    if m.rule.startswith("person") and towns and _FROM_BEFORE.search(text, max(0, m.start - 20), m.start):
        # the model read a person and "from" made it a place, but "from" takes people too ("attacks from X")
        return not LOCATIVE_AFTER.match(text, m.end)
    if not (is_weak(m) or not m.candidates or (towns and all(c.population < _SURNAME_TOWN for c in m.candidates))):
        return False  # a known name the model read as a place stays one, unless it is only some towns' name
    if any(c.kind in ("country", "continent") for c in m.candidates):
        return False
    return not (
        LOCATIVE_BEFORE.search(text, max(0, m.start - 20), m.start) or LOCATIVE_AFTER.match(text, m.end)
        or _PLACE_AFTER.match(text, m.end)
    )  # fmt: skip


def read_cues(text: str, m: Mention, gaz: Gazetteer) -> Mention | None:
    """What the words around a name say: a newspaper's name ("Denver Post", "Daily Nation") and a disease's
    ("Norwalk virus") are not places; "the English city of X" is in England (``_held``);
    "the state of X", "X province" name a division, so a division of that name beats a town; "the city of X",
    "the village of X" name a town."""
    if _NEWSPAPER.match(text, m.end) or _DAILY.search(text, max(0, m.start - 10), m.start):
        return None
    if _DISEASE_AFTER.match(text, m.end) or text.startswith("-class", m.end):
        return None  # "Norwalk virus"; "Virginia-class submarines" are of a ship class
    if " " not in text[m.start : m.end] and (
        _PERSON_BEFORE.search(text, max(0, m.start - 40), m.start) or _AGE_AFTER.match(text, m.end)
        or (_REGNAL_AFTER.match(text, m.end) and not text[m.start : m.end].isupper())  # not "AUSTRALIA V SRI LANKA"
        or (_ROLE_BEFORE.search(text, max(0, m.start - 20), m.start) and all(c.kind in ("city", "place") for c in m.candidates))
    ):  # fmt: skip
        return None
    m = _held(text, m, gaz)
    if len(m.candidates) <= 1:
        return m
    before = text[max(0, m.start - 20) : m.start]
    if _CITY_BEFORE.search(before):
        towns = tuple(c for c in m.candidates if c.kind in ("city", "place"))
        if towns:  # "the city of Sao Paulo", "the village of Grasmere": a town, not the division of its name
            return Mention(m.start, m.end, m.rule + "+cue", towns)
    if _STATE_BEFORE.search(before) or _STATE_AFTER.match(text, m.end):
        # a region of the gazetteer is a region too ("the Gulf region" is no province of Papua New Guinea)
        divisions = tuple(c for c in m.candidates if c.kind in ("admin1", "admin2", "region"))
        if divisions:
            return Mention(m.start, m.end, m.rule + "+cue", divisions)
    return m


def seats_of_government(pieces: Iterable[Piece], mentions: list[Mention]) -> list[Mention]:
    """"Washington said it was expelling 60 diplomats": a name that is the subject of a verb speaks or acts,
    so it is a government by its seat (metonymy), the national capital of that name rather than a division of
    the same country ("Washington" the state); rule ``+seat``. Only where the capital and the division are in
    one country ("Victoria announced" may be an Australian state, never the Seychelles' capital for it), and
    not for a country's name ("Mexico said" is the country, not its capital)."""
    todo = [
        i for i, m in enumerate(mentions)
        if not m.rule.startswith("dateline") and not any(c.kind in ("country", "demonym") for c in m.candidates)
        and any(c.feature == "PPLC" and any(d.kind == "admin1" and d.country2 == c.country2 for d in m.candidates)
                for c in m.candidates)
    ]  # fmt: skip
    if not todo:
        return mentions
    out = list(mentions)
    docs = [(p.offset, p.offset + doc_length(p.doc), p.doc) for p in pieces]
    for i in todo:
        m = out[i]
        doc = next(((off, d) for off, stop, d in docs if off <= m.start and m.end <= stop), None)
        if doc is None:
            continue
        span = doc[1].char_span(m.start - doc[0], m.end - doc[0], alignment_mode="expand")
        if span is None or span.root.dep_ != "nsubj" or span.root.head.pos_ != "VERB":
            continue
        seats = tuple(
            c for c in m.candidates
            if c.feature == "PPLC" and any(d.kind == "admin1" and d.country2 == c.country2 for d in m.candidates)
        )  # fmt: skip
        out[i] = Mention(m.start, m.end, m.rule + "+seat", seats)
    return out

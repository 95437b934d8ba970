"""Place names the model missed or mislabelled, recovered from what the text says around them: names listed
with places ("X and Y"), people's names after a locative, ellipses ("North and South Dakota"), the town that
opens a local body's name ("X City Council"), possessives, state abbreviations and "X, State".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.lang.en.stop_words import STOP_WORDS

from ...model import Entity
from .cues import LOCATIVE_AFTER, LOCATIVE_BEFORE
from .gazetteer import Entry, Gazetteer
from .mentions import NOT_ALONE, SCAN_KINDS, SCAN_MIN_POPULATION, Mention
from .resolve import LIST_SEPARATOR, within

_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"
_LISTED_AFTER = re.compile(rf",? (?:and|or) ({_NAME})\b")
_LISTED_BEFORE = re.compile(rf"(?<![\w'’.-])({_NAME}),? (?:and|or) $")


def listed_towns(text: str, mentions: list[Mention], gaz: Gazetteer, blocked: list[tuple[int, int]]) -> list[Mention]:
    """"Gelendzhik and Novorossiysk", "Mudgee or Dubbo": a capitalised name joined by "and"/"or" to a place is a
    town when the gazetteer has a town or county of that name in the place's country, however small and
    whatever the model made of it (rule ``gazetteer+listed``, weighed like names found by the scan). People
    and works the model labelled are left alone."""
    out = list(mentions)
    spans = sorted([(m.start, m.end) for m in mentions] + blocked)
    starts = [a for a, _ in spans]

    def free(s: int, t: int) -> bool:
        i = bisect_left(starts, t)
        return not any(a < t and s < b for a, b in spans[max(0, i - 8) : i])

    for m in mentions:
        countries = {c.country2 for c in m.candidates if c.country2}
        if not countries:
            continue
        found = []
        after = _LISTED_AFTER.match(text, m.end)
        if after:
            found.append((after.start(1), after.end(1)))
        before = _LISTED_BEFORE.search(text, max(0, m.start - 40), m.start)
        if before:
            found.append((before.start(1), before.end(1)))
        for s, t in found:
            name = text[s:t]
            if name.lower() in STOP_WORDS or name.lower() in NOT_ALONE or len(name) < 3 or not free(s, t):
                continue
            towns = tuple(
                c for c in gaz.lookup(name)
                if c.kind in ("city", "admin2", "place") and c.country2 in countries and not c.alternate
            )  # fmt: skip
            if towns:
                out.append(Mention(s, t, "gazetteer+listed", towns))
                spans.append((s, t))
                spans.sort()
                starts = [a for a, _ in spans]
    return sorted(out, key=lambda m: m.start)


def people_spans(text: str, ents: list[Entity], gaz: Gazetteer) -> set[tuple[int, int]]:
    """One-word PERSON entities that are known place names and never part of a longer name in the article
    ("Lodwar" tagged as a person), and people, works, events, laws and languages whose whole name is a
    country's or first-level division's (no one is called "Sri Lanka" or "New South Wales"); the scan may
    take them."""
    parts = {w for e in ents if e.label == "PERSON" for w in text[e.start : e.end].split()[1:] + text[e.start : e.end].split()[:-1]}
    out: set[tuple[int, int]] = set()
    for e in ents:
        name = text[e.start : e.end]
        if e.label not in _NOT_PLACE_LABELS:
            continue
        if (e.label == "PERSON" and " " not in name and name not in parts and gaz.lookup(name)) or (
            (e.label != "PERSON" or " " in name) and any(c.kind in ("country", "admin1") and not c.alternate for c in gaz.lookup(name))
        ):
            out.add((e.start, e.end))
    return out


#: Labels the gazetteer scan does not read inside (``mentions.not_place``), unless the whole is a place name.
_NOT_PLACE_LABELS = frozenset({"PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"})


_QUALIFIER = r"(?:(?:[Nn]orth|[Ss]outh)(?:-?[Ee]ast|-?[Ww]est)?(?:ern)?|[Ee]ast(?:ern)?|[Ww]est(?:ern)?|[Cc]entral|[Uu]pper|[Ll]ower)"
_ELLIPSIS = re.compile(rf"({_QUALIFIER}) (?:and|or|&) ({_QUALIFIER}) (\S.*)")
_ELLIPSIS_BEFORE = re.compile(rf"\b({_QUALIFIER}) (?:and|or|&) $")


def ellipses(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Two names sharing their noun: "Central and South America", "North and South Korea", "Eastern and Southern
    Europe" are two places each (rule ``ellipsis``), whether the model read one span or only the second."""
    out: list[Mention] = []
    for m in mentions:
        surface = text[m.start : m.end]
        whole = _ELLIPSIS.fullmatch(surface)
        if whole:
            first = tuple(c for c in gaz.lookup(f"{whole.group(1)} {whole.group(3)}") if c.kind != "demonym")
            second = tuple(c for c in gaz.lookup(f"{whole.group(2)} {whole.group(3)}") if c.kind != "demonym")
            if first and second:
                out.append(Mention(m.start, m.start + whole.end(1), "ellipsis", first))
                out.append(Mention(m.start + whole.start(2), m.end, m.rule, second))
                continue
        words = surface.split(" ", 1)
        before = _ELLIPSIS_BEFORE.search(text, max(0, m.start - 24), m.start)
        if before and before.group(1)[:1].isupper() and len(words) == 2 and re.fullmatch(_QUALIFIER, words[0]) and m.candidates:
            first = tuple(c for c in gaz.lookup(f"{before.group(1)} {words[1]}") if c.kind != "demonym")
            if first:
                while out and out[-1].end > before.start():
                    out.pop()  # whatever was read in the first qualifier alone ("Eastern" as a division in Ghana)
                out.append(Mention(before.start(1), before.end(1), "ellipsis", first))
        out.append(m)
    return out


#: Words after a place name that make a local body or office of that place ("Croydon Council", "Calgary MLA",
#: "Norwalk Superior Court", "Glen Ellyn Police Department"). National bodies ("United States Congress") are not
#: read this way: only towns and divisions open these names.
_INSTITUTION = re.compile(
    r"(?:City |County |Borough |Town |District |Regional |Municipal )?(?:Council|Police|Mayor|MLA|MPP|MP|Superior Court|"
    r"District Court|County Court|Crown Court|Magistrates['’] Court|Court House|Courthouse|Fire Department|Fire and Rescue|"
    r"Fire Service|School District|Public Schools|City Hall|Town Hall|Department of Public Health|Health Department)\b"
)
_INSTITUTION_NAME = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}")


def institutions(text: str, ents: list[Entity], mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The town or division that opens the name of one of its local bodies or offices, whatever the model
    labelled the whole ("Kamloops City Council", "Calgary MLA Jane Doe"); rule ``institution+head``, kept
    only with support from the article like any name found inside another (see ``resolve_mentions``)."""
    out = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in out]
    for e in ents:
        if e.label not in ("ORG", "PERSON", "FAC", "GPE"):
            continue
        i = bisect_left(starts, e.start)
        if (i > 0 and out[i - 1].end > e.start) or (i < len(out) and out[i].start < e.end):
            continue
        surface = text[e.start : e.end]
        for name in _INSTITUTION_NAME.finditer(surface, 0, 60):
            if name.start() != 0:
                break
            words = name.group().split(" ")
            for n in range(len(words) - 1, 0, -1):
                head = " ".join(words[:n])
                rest = surface[len(head) + 1 :]
                if not _INSTITUTION.match(rest) or head.lower() in NOT_ALONE or head.lower() in STOP_WORDS:
                    continue
                cands = tuple(c for c in gaz.lookup(head) if c.kind in ("city", "admin1", "admin2", "place"))
                if cands:
                    out.insert(i, Mention(e.start, e.start + len(head), "institution+head", cands))
                    starts.insert(i, e.start)
                    break
    return out


_COORDINATED = re.compile(r",?\s+(?:and|or)\s+")
_COMMA = re.compile(r",\s*")
_LIST_SEP_AFTER = re.compile(r",\s|,?\s+(?:and|or)\s")
_LIST_SEP_BEFORE = re.compile(r"(?:,|\s(?:and|or))\s+$")
_POSSESSIVE = re.compile(r"['’]s?\b")
_PERSON_PLACE_WORDS = 3
_NAME_AFTER = re.compile(r" [A-Z][a-z]")  # the next word goes on with a name


def people_as_places(text: str, ents: list[Entity], mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Known place names the model labelled as people, where the words around them say place: after a locative
    preposition ("a hospital in X", "the children were from X"), before a word that only a place takes ("X
    residents", "X-based", "the X area") or joined by "and"/"or" to a place ("Cairo, Giza and X", "Devon and
    X"; a comma alone only inside a list: not "in Texas, Smith said"); never before a possessive. A list is
    followed along, so each name found can cue the next. Rule ``person+cue``. The mentions are kept sorted and
    without overlaps, so each person looks only at its two neighbours (bisect): linear in the article."""
    people = [
        _completed(text, e, gaz) for e in ents if e.label == "PERSON" and len(text[e.start : e.end].split()) <= _PERSON_PLACE_WORDS
    ]
    if not people:
        return mentions
    taken = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in taken]
    done: set[int] = set()
    # Names the article uses for a person elsewhere ("Kim thanked ..."): a place cue before one of them ("an
    # invitation from Kim") makes it a place only if the place is a division or a big town.
    uncued = {
        text[e.start : e.end] for e in people
        if not (LOCATIVE_BEFORE.search(text, max(0, e.start - 20), e.start) or LOCATIVE_AFTER.match(text, e.end))
    }  # fmt: skip
    for _ in range(3):  # a list read left to right and right to left needs at most a few passes
        added = False
        for n, e in enumerate(people):
            if n in done:
                continue
            i = bisect_left(starts, e.start)
            left = taken[i - 1] if i > 0 else None
            right = taken[i] if i < len(taken) else None
            if (left is not None and left.end > e.start) or (right is not None and right.start < e.end):
                done.add(n)
                continue
            # only a known place cues its neighbours: "Trump, Cruz, X, Bush" is no list of places because the
            # model called the unknown X a place
            left = left if left is not None and left.candidates else None
            right = right if right is not None and right.candidates else None
            surface = text[e.start : e.end]
            if not surface[:1].isupper() or surface.lower() in STOP_WORDS or surface.lower() in NOT_ALONE:
                done.add(n)
                continue
            if _POSSESSIVE.match(text, e.end) or _NAME_AFTER.match(text, e.end):
                done.add(n)
                continue  # "into Lucy's windpipe": a person's; "in the Lucy White House": a name's word
            listed = _listed_with(text, e.start, e.end, left, right)
            cued = listed or bool(LOCATIVE_BEFORE.search(text, max(0, e.start - 20), e.start) or LOCATIVE_AFTER.match(text, e.end))
            if not cued:
                continue  # a neighbour found later in this pass may still cue it
            done.add(n)
            cands = tuple(c for c in gaz.lookup(surface) if c.kind != "demonym" and not (c.alternate and c.kind == "city"))
            if surface in uncued and not listed and not any(c.kind in SCAN_KINDS or c.kind == "admin2" or c.population >= SCAN_MIN_POPULATION for c in cands):
                continue  # a small town's name the article also uses for a person
            if cands:
                taken.insert(i, Mention(e.start, e.end, "person+cue", cands))
                starts.insert(i, e.start)
                added = True
        if not added:
            break
    return taken


_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w'’.-]* ){1,2})$")


def _completed(text: str, e: Entity, gaz: Gazetteer) -> Entity:
    """A person the model cut out of a longer place name after a locative ("in Port [Moresby]", "near San
    [Bernardino]") is the whole name, when the gazetteer knows the whole name (the longest such)."""
    before = _CAPITALISED_BEFORE.search(text, max(0, e.start - 40), e.start)
    if before is None:
        return e
    for start in range(before.start(1), e.start):
        if (start == before.start(1) or text[start - 1] == " ") and text[start].isupper():
            name = text[start : e.end]
            if gaz.lookup(name) and LOCATIVE_BEFORE.search(text, max(0, start - 20), start):
                return Entity(start=start, end=e.end, text=name, label=e.label, rule=e.rule, field=e.field)
    return e


def _listed_with(text: str, start: int, end: int, left: Mention | None, right: Mention | None) -> bool:
    """Is ``text[start:end]`` in a list with the place before or after it: joined to it by "and"/"or", or by a
    comma when the list goes on at the other side ("Cairo, X, and Giza"; not "in Texas, Smith said")."""
    if left is not None and start - 8 <= left.end <= start:
        if _COORDINATED.fullmatch(text, left.end, start):
            return True
        if _COMMA.fullmatch(text, left.end, start) and _LIST_SEP_AFTER.match(text, end):
            return True
    if right is not None and end <= right.start <= end + 8:
        if _COORDINATED.fullmatch(text, end, right.start):
            return True
        if _COMMA.fullmatch(text, end, right.start) and _LIST_SEP_BEFORE.search(text, max(0, start - 6), start):
            return True
    return False


def possessives(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Russia's Far East": a place, a possessive and a place that together name a known region."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and text[prev.end : m.start] in ("'s ", "’s "):
            whole = tuple(c for c in gaz.lookup(text[prev.start : m.end]) if c.kind != "demonym")
            if whole:
                out[-1] = Mention(prev.start, m.end, "possessive", whole)
                continue
        out.append(m)
    return out


_ABBREVIATION = re.compile(r",\s*((?:[A-Z][a-z]{0,4}\.)(?:\s?[A-Z][a-z]?\.){0,2}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)")


def abbreviations(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Springfield, Ill.", "London, Ont.": a state or province abbreviation (AP and Canadian Press style)
    after a place becomes a mention of that division (replacing whatever was read there: "Man." is not the
    town of Man), and the place before it is narrowed to the division."""
    found: list[tuple[int, int, Entry]] = []
    following: dict[int, Entry] = {}  # a mention's end -> the division abbreviated after it
    for m in mentions:
        hit = _ABBREVIATION.match(text, m.end)
        division = gaz.abbreviation(hit.group(1)) if hit else None
        if hit and division is not None:
            found.append((hit.start(1), hit.end(1), division))
            following[m.end] = division
    if not found:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        if any(m.start < t and s < m.end for s, t, _ in found):
            continue
        after = following.get(m.end)
        if after is not None:
            inside = tuple(c for c in m.candidates if c.kind != "country" and c.admin1 == after.admin1)
            if inside:
                m = Mention(m.start, m.end, m.rule, inside)
        out.append(m)
    out.extend(Mention(s, t, "abbreviation", (d,)) for s, t, d in found)
    return sorted(out, key=lambda m: m.start)


_BEFORE_COMMA = re.compile(r"(?<![\w'’.-])([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}),\s$")


def named_inside(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Shawnee, Oklahoma", "Roe of Enid, Okla.": a capitalised name just before a comma and a division or
    country is a place when the gazetteer has a town or county of that name inside it (or a province, before a
    country: "Binh Duong, Vietnam"), whatever the model made
    of the name (an event, part of a person's name) or if it missed it (rule ``named+in``)."""
    out = list(mentions)
    for n, m in enumerate(mentions):
        hit = _BEFORE_COMMA.search(text, max(0, m.start - 40), m.start)
        if hit is None or (n > 0 and mentions[n - 1].end > hit.start(1)):
            continue
        wider = [w for w in m.candidates if w.kind in ("admin1", "admin2", "country")]
        if not wider:
            continue
        words = hit.group(1).split(" ")
        for k in range(len(words)):  # longest first: "San Bernardino", then "Bernardino"
            name = " ".join(words[k:])
            if name.lower() in STOP_WORDS or name.lower() in NOT_ALONE or len(name) < 3:
                continue
            inside = tuple(
                c for c in gaz.lookup(name) if c.kind in ("city", "admin1", "admin2", "place") and not c.alternate
                and any(c.country2 == w.country2 and (w.kind == "country" or (c.kind != "admin1" and within(c, w)))
                        for w in wider)
            )  # fmt: skip  # a province only before its country: "Binh Duong, Vietnam"
            if inside:
                start = hit.end(1) - len(name)
                out.append(Mention(start, hit.end(1), "named+in", inside))
                break
    return sorted(out, key=lambda m: m.start)


#: "the village of X", "the towns of X and Y": the noun says the names after it are settlements, whether or not
#: the gazetteer or the model knows them.
_SETTLEMENT_OF = re.compile(
    r"\b(?:[Vv]illages?|[Tt]owns?|[Hh]amlets?|[Tt]ownships?|[Cc]ommunes?|[Ss]ettlements?|[Mm]unicipalit(?:y|ies)) of "
)
_SETTLEMENT_NAME = re.compile(
    r"[A-Z][\w'’.-]*(?: (?:(?:de|del|da|do|di|el|al|la|le|du|van|von|upon|on|sur) )?[A-Z][\w'’.-]*){0,3}"
)


def settlements(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Names a settlement noun introduces ("the village of X in Fife", "the towns of X and Y in Z province"),
    rule ``settlement``: towns of that name if the gazetteer has them, kept like a name the scan found
    (only with support from the article); without candidates, or without support, the place the text puts
    them in (``resolve._contain``), else unresolved. A list shares the container of its last name."""
    out = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in out]
    for cue in _SETTLEMENT_OF.finditer(text):
        at = cue.end()
        while True:
            name = _SETTLEMENT_NAME.match(text, at)
            if name is None:
                break
            s, t = name.start(), name.end()
            while t > s and text[t - 1] in ".'’-":
                t -= 1
            i = bisect_left(starts, s)
            towns = tuple(c for c in gaz.lookup(text[s:t]) if c.kind in ("city", "place"))
            if i < len(out) and (out[i].start, out[i].end, out[i].rule) == (s, t, "gazetteer"):
                out[i] = Mention(s, t, "settlement", towns or out[i].candidates)  # a scanned name the noun vouches for
            elif not ((i > 0 and out[i - 1].end > s) or (i < len(out) and out[i].start < t)) and text[s:t].lower() not in STOP_WORDS:
                out.insert(i, Mention(s, t, "settlement", towns))
                starts.insert(i, s)
            sep = LIST_SEPARATOR.match(text, t)
            if sep is None:
                break
            at = sep.end()
    return out

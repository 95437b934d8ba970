"""Resolution: one candidate per mention, chosen with the article as context.

Priors by kind and size; the evidence of the article's other names (countries, divisions, nearness, counties),
its dateline and telephone numbers; a namesake must beat the obvious place with evidence. Then containment
("X, Y"), one sense per discourse, and the towns of streets and sites. See docs/time-and-place.md.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from .gazetteer import Entry, Gazetteer, key
from .mentions import Mention, is_weak
from .sites import is_site

_KIND_PRIOR = {"country": 9.0, "continent": 8.5, "region": 8.0, "admin1": 7.5, "demonym": 9.0}
NEAR_KM = 400.0
#: A first-level division with fewer people than this is weighed like a town of its size, not above every
#: town: the parishes and districts of small states are named far less often than cities.
_SMALL_DIVISION = 100_000


def prior(c: Entry) -> float:
    if c.kind == "city":
        score = math.log10(max(c.population, 1000)) + (2.0 if c.feature == "PPLC" else 0.0)
    elif c.kind == "admin2":
        score = math.log10(max(c.population, 1000)) - 1.0  # a county is named less often than a town its size
    elif c.kind == "admin1":
        score = _KIND_PRIOR["admin1"] + 0.01 * math.log10(max(c.population, 1))  # the more populous of two namesakes
        if 0 < c.population < _SMALL_DIVISION:
            score = min(score, math.log10(c.population))  # a parish of a small island state is no Charlotte
    else:
        score = _KIND_PRIOR.get(c.kind, 6.0)
    if c.alternate:
        score -= 2.5
    if c.lat is None:
        score -= 3.0
    return score


#: A North American telephone number as news prints it: "(519) 555-0100", "519-555-0100", "1-519-555-0100",
#: "519.555.0100" (the area code is group 1; the exchange never starts with 0 or 1).
_PHONE = re.compile(r"(?<![\w-])(?:\+?1[-. ])?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[-.])[2-9]\d\d[-.]\d{4}(?![\w-])")


#: A first-level division this much of whose people live in the town of its name is that town's area
#: ("Istanbul", "Varna", "Incheon"): its bare name means the town. Not New York (a state of many towns).
_CITY_SHARE = 0.5


def obvious_of(cands: tuple[Entry, ...]) -> Entry:
    """The candidate a name means without context: the highest prior, except that a division which is mostly
    the town of the same name inside it gives way to the town."""
    best = max(cands, key=prior)
    if best.kind == "admin1" and best.population > 0:
        towns = [c for c in cands if c.kind == "city" and c.admin1 == best.admin1 and c.population >= _CITY_SHARE * best.population]
        if towns:
            return max(towns, key=prior)
    return best


def phone_divisions(text: str, gaz: Gazetteer) -> list[Entry]:
    """The US states and Canadian provinces of the telephone numbers in ``text``, one per number, in text order
    (toll-free and Caribbean numbers name none)."""
    found = []
    for m in _PHONE.finditer(text):
        division = gaz.area_code(m.group(1) or m.group(2))
        if division is not None:
            found.append(division)
    return found


def resolve_mentions(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Entry | None]:
    """Choose one candidate per mention, with the other mentions as context (two rounds)."""
    _narrow(text, mentions)
    dateline_cc = next((m.candidates[0].country2 for m in mentions if m.rule == "dateline" and len(m.candidates) == 1), "")
    # "PARIS, Mo. (AP) -": the division a wire dateline names (in full or abbreviated) is the article's home.
    home = [m.candidates[0] for m in mentions if len(m.candidates) == 1 and m.candidates[0].kind == "admin1"
            and (m.rule.startswith("dateline") or (m.rule == "abbreviation" and m.start < _DATELINE_CHARS))]  # fmt: skip
    chosen: list[Entry | None] = [obvious_of(m.candidates) if m.candidates else None for m in mentions]
    phones = phone_divisions(text, gaz) if mentions else []
    # Only in local news: an article that names another country than the numbers' (a story about Greece
    # giving a US agency's number) is not about the numbers' region. "Greece": the country, not Greece, N.Y.
    if phones and {c.country2 for c in chosen if c is not None and c.kind in ("country", "demonym")} - {p.country2 for p in phones}:
        phones = []
    if not home and phones and all(p.admin1 == phones[0].admin1 for p in phones):
        home = phones[:1]  # the numbers of the police, the court and the town hall of the place the story covers
    dateline_a1 = home[0].admin1 if home else ""
    dateline_cc = dateline_cc or (home[0].country2 if home else "")
    own = [frozenset(key(c.name) for c in m.candidates) for m in mentions]
    dialled = frozenset(p.admin1 for p in phones)
    for _ in range(2):
        ctx = _Context(mentions, chosen, own, dialled)
        chosen = [ctx.choose(i, dateline_cc, dateline_a1) for i in range(len(mentions))]
    # A name found only by the gazetteer scan must be a country or continent, or be in a country the article
    # names elsewhere, or be big, or be the place a stronger rule read the same name as ("California state
    # senators" ... "the California Department of Health"): "Centre", "Lakes" and "Western" are first-level
    # divisions somewhere.
    weak = [is_weak(m) for m in mentions]
    strong = {c for c, w in zip(chosen, weak, strict=True) if c is not None and not w}
    ctx = _Context(mentions, chosen, own, dialled, text)
    for _ in range(3):  # until no name is dropped: a weak name supported only by dropped ones goes too
        before = list(chosen)
        _drop_unsupported(mentions, chosen, ctx, weak, strong, dateline_a1)
        if chosen == before:
            break
        ctx = _Context(mentions, chosen, own, dialled, text)
    _contain(text, mentions, chosen)
    _share_container(text, mentions, chosen)
    _one_sense(text, mentions, chosen, ctx, weak)
    _home(text, mentions, chosen)
    return chosen


def _share_container(text: str, mentions: list[Mention], chosen: list[Entry | None]) -> None:
    """In a list of settlements ("the towns of X and Y in Z"), an unplaced name lies where the next one was put."""
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        if chosen[i] is None and m.rule == "settlement" and nxt.rule.startswith("settlement") and "+within" in nxt.rule:
            there = chosen[i + 1]
            if LIST_SEPARATOR.fullmatch(text, m.end, nxt.start) and there is not None:
                here = there._replace(name=text[m.start : m.end])
                chosen[i] = here
                mentions[i] = Mention(m.start, m.end, m.rule + "+within", (here,))


#: Between a place and a site the text puts in it by the possessive: "Iran's largest ", "the country's ".
_POSSESSIVE_GAP = re.compile(r"['’]s(?: [a-z]+){0,2} ")


def _home(text: str, mentions: list[Mention], chosen: list[Entry | None]) -> None:
    """A street or local site the text puts in no town (``_contain``), or that only a namesake in a country the
    article names nowhere else matches ("Sunset Park" in a story about a Scottish town is no neighbourhood of New York),
    lies in the town the article is about:
    its dateline's town, else the town it names most often, if one is named more often than any other and at
    least twice (local news names its own town again and again; rule ``+home``, at the town's precision)."""
    named = Counter(c.country2 for c in chosen if c is not None and c.country2)
    todo = [i for i, (m, c) in enumerate(zip(mentions, chosen, strict=True))
            if (m.rule in ("street", "site") or is_site(text[m.start : m.end]))
            and (c is None or (c.kind == "city" and named[c.country2] <= 1 and m.rule.startswith("spacy-ner")))]  # fmt: skip
    if not todo:
        return
    home = next((c for m, c in zip(mentions, chosen, strict=True) if c is not None and m.rule.startswith("dateline") and c.kind == "city"), None)
    if home is None:
        towns = Counter(c for c in chosen if c is not None and c.kind == "city" and c.geonameid is not None and c.lat is not None)
        top = towns.most_common(2)
        if not top or top[0][1] < 2 or (len(top) == 2 and top[1][1] == top[0][1]):
            return
        home = top[0][0]
    for i in todo:
        m = mentions[i]
        if i and (owner := chosen[i - 1]) is not None and owner.country2 != home.country2 and (
            _POSSESSIVE_GAP.fullmatch(text, mentions[i - 1].end, m.start)
        ):
            continue  # "Iran's largest X Prison" is in Iran, whatever town the article is about
        here = home._replace(name=text[m.start : m.end], geonameid=None, alternate=False)
        chosen[i] = here
        mentions[i] = Mention(m.start, m.end, m.rule + "+home", (here,))


def _drop_unsupported(
    mentions: list[Mention], chosen: list[Entry | None], ctx: _Context, weak: list[bool], strong: set[Entry], dateline_a1: str
) -> None:
    for i, (m, c) in enumerate(zip(mentions, chosen, strict=True)):
        if i and mentions[i - 1].rule in ("street", "site") and ctx.address[i]:
            continue  # "Maple Crescent, Kelowna": the town of an address, whatever the model labelled it
        if c is not None and c.kind == "city" and c.population < _HAMLET and c.geonameid is not None and m.rule != "dateline":
            if not ctx.placed_by(i, c, dateline_a1):  # even as the article's only place
                chosen[i] = None  # "Tawang" in a story about India and China is not a hamlet of that name in Java
                continue
        small = c is not None and 0 < c.population < (_SMALL_DIVISION if c.kind == "admin1" else _WEAK_TOWN)
        if m.rule == "spacy-ner" and c is not None and c.kind in ("city", "admin1") and small:  # the model's label alone
            others = ctx.others(i)
            if others and not any(o.country2 == c.country2 for o in others) and not ctx.placed_by(i, c, dateline_a1):
                chosen[i] = None  # a word of an American story is no village in North Korea of that name
                continue
        if weak[i] and c is not None and c.kind not in ("country", "continent") and c not in strong:
            others = ctx.others(i)
            if not any(o.country2 == c.country2 for o in others) and (c.kind != "city" or c.population < 1_000_000):
                chosen[i] = None
            elif m.rule == "part-of" and not any(o.kind == "admin1" and o.admin1 == c.admin1 for o in others):
                chosen[i] = None  # "Pulaski County" is near a town Pulaski only in the same state
            elif c.kind == "city" and c.population < _WEAK_TOWN and not ctx.placed_by(i, c, dateline_a1):
                chosen[i] = None  # a village's name found only by the scan needs its division or a place near it
            elif "+head" in m.rule and c.kind == "city" and c.population < _HEAD_TOWN and not ctx.placed_by(i, c, dateline_a1):
                chosen[i] = None  # "Vostochny Cosmodrome": a small town opening a name must be where the story is


_STATED = re.compile(r"^dateline|\+(?:within|cue|held|abbreviation)\b")


def _one_sense(text: str, mentions: list[Mention], chosen: list[Entry | None], ctx: _Context, weak: list[bool]) -> None:
    """One sense per discourse (Gale, Church and Yarowsky 1992): a name an article uses several times names one
    place. Where its mentions were resolved to places in different countries, every mention of it takes the
    place of the country the text states for one of them (a cue, a containing division, a dateline), else of
    the only one of those countries the article's other names support (the place most of them chose there); a
    mention the model tagged that was left unresolved takes it too ("the Tawang sector of Arunachal Pradesh"
    ... "Tawang" is neither a hamlet of that name in Java nor unknown; rule ``+same-name``). A name that
    speaks as a government somewhere (``cues.seats_of_government``) is that capital wherever a division of its
    country was chosen for it. After ``_contain``, so a place the text put inside a division counts."""
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(key(text[m.start : m.end]), []).append(i)
    for idxs in groups.values():
        seat = next((c for i in idxs if (c := chosen[i]) is not None and "+seat" in mentions[i].rule), None)
        if seat is not None:  # "Washington said ..." ... "pressure from London and Washington": the capital again
            for i in idxs:
                c, m = chosen[i], mentions[i]
                if c is not None and c.kind == "admin1" and c.country2 == seat.country2:
                    chosen[i] = seat
                    mentions[i] = Mention(m.start, m.end, m.rule + "+same-name", (seat,))
        picked = [c for i in idxs if (c := chosen[i]) is not None]
        countries = {c.country2 for c in picked}
        if not picked or (len(countries) == 1 and all(chosen[i] is not None or weak[i] for i in idxs)):
            continue
        # a sense the text itself states ("the X sector of Y", "the state of X", "X, Ill.") decides; else the
        # one country of them that the article's other names support
        stated = {c.country2 for i in idxs if (c := chosen[i]) is not None and _STATED.search(mentions[i].rule)}
        if len(stated) == 1:
            countries = stated
        elif len(countries) > 1:
            others = ctx.others(idxs[0])  # the article's other names (none of this one's mentions)
            supported = {cc for cc in countries if any(o.country2 == cc for o in others)}
            if len(supported) != 1:
                continue
            countries = supported
        cc = countries.pop()
        sense = Counter(c for c in picked if c.country2 == cc).most_common(1)[0][0]
        for i in idxs:
            c, m = chosen[i], mentions[i]
            if (c is not None and c.country2 != cc) or (c is None and not weak[i]):
                chosen[i] = sense
                mentions[i] = Mention(m.start, m.end, m.rule + "+same-name", (sense,))  # rule: where it came from


LEVEL = {"continent": -1, "region": -1, "country": 0, "demonym": 0, "admin1": 1, "admin2": 2, "city": 3}


#: What separates the names of a list: ", ", " and ", ", or ".
LIST_SEPARATOR = re.compile(r",? (?:and|or) |, ")


_DATELINE_CHARS = 60  # a wire dateline is at the very start
_ADDRESS = re.compile(r",\s*|,? in ")
#: "X in Y", "X in northeast Y", "X area of Y", "X, in the south of Y": the second name holds the first.
_INSIDE = re.compile(  # within one sentence: "Tokyo\n\nIn Tokyo" is a heading and a new paragraph
    r",? (?:(?:area|region|district|province|county|section|sector|part) )?(?:(?:located|situated) )?(?:in|of) (?:the )?"
    r"(?:(?:(?:[Nn]orth|[Ss]outh)(?:-?east|-?west)?(?:ern)?|[Ee]ast(?:ern)?|[Ww]est(?:ern)?|[Cc]entral|rural|[Gg]reater"
    r"|downtown|upstate) )?"
)


def _narrow(text: str, mentions: list[Mention]) -> None:
    """"Harrisonburg, Virginia", "Lethbridge, Alberta", "Perth, Australia", "Monroe County in northeast Missouri": the
    second name narrows the first, and the first the second ("Naic, Cavite": the province that holds a Naic,
    not a town Cavite far away)."""
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if len(m.candidates) + len(nxt.candidates) <= 2 or not nxt.candidates or not m.candidates:
            continue
        inside = bool(_INSIDE.fullmatch(text, m.end, nxt.start)) if m.end <= nxt.start <= m.end + 40 else False
        if (0 <= nxt.start - m.end <= 2 and "\n" not in text[m.end : nxt.start]) or inside:  # not across a break
            listed = LIST_SEPARATOR.match(text, nxt.end) or (i > 0 and 0 <= m.start - mentions[i - 1].end <= 2)
            level = LEVEL.get(max(nxt.candidates, key=prior).kind, 3)
            if not inside and listed and any(LEVEL.get(c.kind, 3) <= level for c in m.candidates):
                continue  # a list of names of one level ("China, Japan and the UK", "Virginia, Washington, Ohio")
            obvious = obvious_of(m.candidates)
            wider = [c for c in nxt.candidates if c.kind in ("country", "admin1", "admin2")]
            pairs = [
                (c, w) for c in m.candidates for w in wider
                if c.country2 == w.country2 and LEVEL.get(c.kind, 3) > LEVEL[w.kind] and (w.kind == "country" or within(c, w))
                # a country is narrowed by a country only to a division of its name ("Georgia, US"), never to a
                # town ("in Russia, U.S. officials said" is two clauses, not Russia, Ohio)
                and not (obvious.kind == "country" and w.kind == "country" and c.kind != "admin1")
            ]  # fmt: skip
            if pairs:
                mentions[i] = Mention(m.start, m.end, m.rule, tuple(dict.fromkeys(c for c, _ in pairs)))
                if len(nxt.candidates) > 1:
                    mentions[i + 1] = Mention(nxt.start, nxt.end, nxt.rule, tuple(dict.fromkeys(w for _, w in pairs)))


_CONTAINERS = frozenset({"admin1", "admin2", "city"})
_TOWN_KM = 40.0  # a place "in" a town lies this near its point
_COUNTY_KM = 80.0  # a town this near a division's point is taken to be in it when our links do not say
#: "London's Paddington", "the Cincinnati suburb of X", "the Nairobi slum X": the first name holds the second ("the
#: X district of Y" is the other way round, see _INSIDE).
_POSSESSOR = re.compile(
    r"['’]s | (?:suburbs?|outskirts) of (?:the )?"
    # "the Lagos slum X", "the Gaza refugee camp X": the town modifies a settlement noun, the name follows
    r"| (?:slum|shantytown|township|suburb|district|neighbou?rhood|quarter|refugee camp|camp|village|borough) "
)
_PART_AFTER = re.compile(r", (?:an? |the )?(?:\w+ )?(?:suburb|neighbou?rhood|district|borough|village|town|hamlet) (?:of|in|outside) (?:the )?")


def _contain(text: str, mentions: list[Mention], chosen: list[Entry | None]) -> None:
    """A place the text puts inside a division or town ("Spring Lake area of Knox County", "Belleknowes,
    Dunedin", "London's Paddington") that the gazetteer does not know there (no namesake of it lies inside)
    takes the container's point, at the container's precision (rule ``+within``): the text's own statement of
    where it is beats a namesake elsewhere, and beats no point at all. Only divisions and towns contain this
    way (a country is too coarse a point); countries, continents and regions are never replaced. After the
    choice, so the container is the place chosen for it ("Knox County located in Illinois"; a name
    found only by the gazetteer scan contains only if it was kept, as the article supports it)."""
    for i in reversed(range(len(mentions) - 1)):  # from the right: "X, in Y Road, Z" puts Y in Z first
        first, second = mentions[i], mentions[i + 1]
        between = text[first.end : second.start]
        if second.start - first.end > 40:
            continue
        if _POSSESSOR.fullmatch(between):
            inner, k, j = second, i, i + 1  # "London's Paddington", "the Cincinnati suburb of X": container k, place j
        elif _PART_AFTER.fullmatch(between):
            inner, k, j = first, i + 1, i  # "X, a suburb of Cincinnati": read like a possessive
        elif between in (", ", ",") or _INSIDE.fullmatch(between):
            inner, k, j = first, i + 1, i  # "Belleknowes, Dunedin", "X area of Y"
        else:
            continue
        y = chosen[k]
        if y is None or y.kind not in _CONTAINERS or y.lat is None:
            continue
        if j == i and between.startswith(","):
            # a list goes on with a name of the container's level ("Paris, London and Rome"); a wider one after
            # it is a chain ("Belleknowes, Dunedin, New Zealand")
            before = chosen[i - 1] if i > 0 and 0 <= first.start - mentions[i - 1].end <= 2 else None
            after = chosen[i + 2] if i + 2 < len(mentions) and mentions[i + 2].start - second.end <= 6 and LIST_SEPARATOR.match(text, second.end) else None
            if any(o is not None and LEVEL.get(o.kind, 3) >= LEVEL[y.kind] for o in (before, after)):
                continue
        if y.kind == "city":
            owned = j == i + 1 or _PART_AFTER.fullmatch(between) is not None  # a possessive or "a suburb of"
            if inner.candidates and (not owned or any(c.kind not in ("city", "place") for c in inner.candidates)):
                continue  # "Tokyo, Osaka" may be two towns: only an unknown name, or one a town owns, is inside it
        elif any(LEVEL.get(c.kind, 3) <= LEVEL[y.kind] for c in inner.candidates):
            continue  # "Washington, Ohio" are two states, "Russia, U.S. officials" two countries
        if any(c.lat is not None and (_km(c, y) < _TOWN_KM if y.kind == "city" else within(c, y) or _km(c, y) < _COUNTY_KM)
               for c in inner.candidates):
            continue  # a namesake inside: _narrow's business
        surface = text[inner.start : inner.end]
        here = y._replace(name=surface, geonameid=None, alternate=False)
        chosen[j] = here
        mentions[j] = Mention(inner.start, inner.end, inner.rule + "+within", (here,))


@dataclass(frozen=True, slots=True)
class _Others:
    """What the other mentions' choices say, gathered once: the countries (with how often each is chosen), the
    first-level divisions named, the divisions holding the towns named, the points, the counties named."""

    countries: Counter[str]
    divisions: frozenset[str]
    towns: frozenset[str]
    near: tuple[Entry, ...]
    admin2s: frozenset[str]


class _Context:
    """What the article's other mentions say: their countries, divisions, points and list neighbours."""

    def __init__(
        self,
        mentions: list[Mention],
        chosen: list[Entry | None],
        own: list[frozenset[str]],
        dialled: frozenset[str] = frozenset(),
        text: str = "",
    ) -> None:
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        # whether a mention follows the one before it as the town of an address ("X Road, Town", "X Road in Town")
        self.address = [i > 0 and _ADDRESS.fullmatch(text, mentions[i - 1].end, m.start) is not None for i, m in enumerate(mentions)]
        self.dialled = dialled  # the divisions of the article's telephone numbers, as if the article named them
        self.chosen = chosen
        self.own = own
        self.keys = [key(c.name) if c is not None else "" for c in chosen]
        # The choices counted once, in all and by name, so that "the others" of a mention is the total less its
        # own names' share: listing them per mention was quadratic (a city named 8,000 times took minutes).
        self.total: Counter[Entry] = Counter(c for c in chosen if c is not None)
        self.by_key: dict[str, Counter[Entry]] = {}
        for c, k in zip(chosen, self.keys, strict=True):
            if c is not None:
                self.by_key.setdefault(k, Counter())[c] += 1
        # what "the others" of a mention are depends only on its names and (rarely) its own choice: mentions of
        # one name repeated through an article share them, computed once (``_left_out``)
        self._others: dict[tuple[frozenset[str], Entry | None], Counter[Entry]] = {}
        self._summaries: dict[tuple[frozenset[str], Entry | None], _Others] = {}
        # the countries of the names the model or a cue found, by name: a guess of the gazetteer scan is no
        # evidence that makes a namesake beat the obvious place
        self.stated: dict[str, Counter[str]] = {}
        self.stated_total: Counter[str] = Counter()
        for m, c, k in zip(mentions, chosen, self.keys, strict=True):
            if c is not None and c.country2 and not is_weak(m):
                self.stated.setdefault(k, Counter())[c.country2] += 1
                self.stated_total[c.country2] += 1

    def _left_out(self, i: int) -> tuple[frozenset[str], Entry | None]:
        own, c = self.own[i], self.chosen[i]
        return own, (c if c is not None and self.keys[i] not in own else None)

    def others(self, i: int) -> Counter[Entry]:
        """The other mentions' choices with how often each is chosen, leaving out mention ``i`` and every
        mention of the same name (no self-reinforcement). Shared between mentions: do not change it."""
        memo = self._left_out(i)
        found = self._others.get(memo)
        if found is None:
            own, c = memo
            left_out: Counter[Entry] = Counter()
            for k in own:
                left_out.update(self.by_key.get(k, Counter()))
            if c is not None:
                left_out[c] += 1
            found = self._others[memo] = self.total - left_out  # Counter subtraction keeps positive counts only
        return found

    def _summary(self, i: int) -> _Others:
        memo = self._left_out(i)
        found = self._summaries.get(memo)
        if found is None:
            others = self.others(i)
            countries: Counter[str] = Counter()
            for o, n in others.items():
                if o.country2:
                    countries[o.country2] += n
            found = self._summaries[memo] = _Others(
                countries=countries,
                divisions=frozenset(o.admin1 for o in others if o.kind == "admin1") | self.dialled,
                towns=frozenset(o.admin1 for o in others if o.kind in ("city", "admin2", "place")),
                near=tuple(o for o in others if o.kind in ("city", "admin1", "admin2", "place") and o.lat is not None),
                admin2s=frozenset(o.admin2 for o in others if o.kind == "admin2"),
            )
        return found

    def choose(self, i: int, dateline_cc: str, dateline_a1: str = "") -> Entry | None:
        cands = self.mentions[i].candidates
        if len(cands) <= 1:
            return cands[0] if cands else None
        summary = self._summary(i)
        countries, divisions, towns, near, admin2s = (
            summary.countries, summary.divisions, summary.towns, summary.near, summary.admin2s
        )
        neighbours = [self.chosen[j] for j in (i - 1, i + 1) if 0 <= j < len(self.mentions) and self._listed(i, j)]
        scored = {
            c: self._evidence(c, dateline_cc, dateline_a1, countries, divisions, towns, admin2s, near, neighbours)
            for c in cands
        }
        obvious = obvious_of(cands)
        best = max(cands, key=lambda c: prior(c) + sum(scored[c]))
        if best is obvious:
            return best
        general, specific = scored[best]
        o_general, o_specific = scored[obvious]
        # A namesake must beat the obvious place with evidence, not by default: a country, continent or region
        # is only ever narrowed away by its name's own context ("Georgia, US"; see _narrow), a division only
        # by more specific evidence (a named division or town it is in, places near it), a town by any.
        listed = [nb for nb in neighbours if nb is not None and key(nb.name) not in self.own[i]]
        if listed and all(nb.kind == "admin1" for nb in listed):
            # "Colorado, Georgia, Idaho": in a list of one country's divisions, a name is that country's division
            same = [c for c in cands if c.kind == "admin1" and all(nb.country2 == c.country2 for nb in listed)]
            if same:
                return max(same, key=lambda c: prior(c) + sum(scored[c]))
        if obvious.kind == "country" and best.kind == "admin1" and specific >= _HOLDS_A_TOWN and not countries[obvious.country2]:
            # "aid groups across Georgia" in a story about towns of the US state: the division that holds a
            # town the article names, where nothing in the article is in the country of that name
            return best
        if obvious.kind in ("country", "continent", "region") and obvious.lat is not None:
            return obvious
        if obvious.kind == "city" and best.kind in ("admin1", "admin2") and best.admin1 == obvious.admin1:
            return obvious  # "Seoul", "Stockholm": the city, not the division named after it that contains it
        if obvious.kind == "admin1" and best.kind != "admin1" and obvious.lat is not None and (specific <= o_specific or specific < 3.0):
            return obvious  # nearness alone does not make "England" a town in Arkansas
        if specific <= o_specific and general <= o_general:
            return obvious
        if specific <= 0 < best.population and obvious.kind == "city" and best.kind == "city" and (
            obvious.population >= _DWARFED * best.population
        ):
            return obvious  # a country named is no reason for a hamlet of 783 over a city of 1.7 million
        if (
            obvious.kind == "city" and best.kind == "city" and _world_city(obvious)
            and obvious.population >= _FAR_SMALLER * best.population
            and not (dateline_a1 and best.admin1 == dateline_a1) and not self._local(i, best)
            and not self._neighbours(i, best)
        ):  # fmt: skip
            # a world city's name means it unless the text places the namesake: its division or a place near it
            # named close by, the dateline's division, or other towns of its neighbourhood (local news). A
            # political story naming Texas somewhere does not make "the attacks in Paris" Paris, Texas.
            return obvious
        if specific <= o_specific and best.country2 != obvious.country2 and best.country2 != dateline_cc and (
            self.stated_total[best.country2] <= sum(self.stated.get(k, Counter())[best.country2] for k in self.own[i])
        ):
            return obvious  # "Warrington" is no town in Florida because a capitalised "Liberty" is a US town
        return best

    def _local(self, i: int, c: Entry) -> bool:
        """Whether a place named within ``_LOCAL_CHARS`` of mention ``i`` (another name) holds ``c`` (its
        division or county) or lies near it: "Moscow ... the university town in Idaho"."""
        m = self.mentions[i]
        lo = bisect_left(self._starts, m.start - _LOCAL_CHARS)
        for j in range(lo, len(self.mentions)):
            n, o = self.mentions[j], self.chosen[j]
            if n.start > m.end + _LOCAL_CHARS:
                break
            if j == i or o is None or self.keys[j] in self.own[i]:
                continue
            if (o.kind == "admin1" and o.admin1 == c.admin1) or (o.kind == "admin2" and c.admin2 and o.admin2 == c.admin2):
                return True
            if o.kind in ("city", "place") and o.lat is not None and c.lat is not None and _km(o, c) < NEAR_KM:
                return True
        return False

    def _neighbours(self, i: int, c: Entry) -> bool:
        """Whether the article names another town within ``_NEIGHBOUR_KM`` of ``c``, as local news does."""
        return any(
            o is not None and o.kind in ("city", "place") and o.lat is not None and c.lat is not None
            and self.keys[j] not in self.own[i] and _km(o, c) < _NEIGHBOUR_KM
            for j, o in enumerate(self.chosen)
        )  # fmt: skip

    def placed_by(self, i: int, c: Entry, dateline_a1: str) -> bool:
        """Whether the article places candidate ``c`` of mention ``i``: the specific evidence of ``_evidence``
        (a division holding it named or dialled, a place near it, its county) or the dateline's division."""
        s = self._summary(i)
        if dateline_a1 and c.admin1 == dateline_a1:
            return True
        return self._evidence(c, "", dateline_a1, s.countries, s.divisions, s.towns, s.admin2s, s.near, [])[1] > 0

    def _listed(self, i: int, j: int) -> bool:
        a, b = sorted((self.mentions[i], self.mentions[j]), key=lambda m: m.start)
        return self.chosen[j] is not None and b.start - a.end <= 6

    @staticmethod
    def _evidence(
        c: Entry,
        dateline_cc: str,
        dateline_a1: str,
        countries: Counter[str],
        divisions: frozenset[str],
        towns: frozenset[str],
        admin2s: frozenset[str],
        near: tuple[Entry, ...],
        neighbours: list[Entry | None],
    ) -> tuple[float, float]:
        """(general, specific) evidence for a candidate. General: the article's countries, the dateline's
        country, a list of names of one kind. Specific: a division the article names contains it, or it
        contains a town the article names, or it is near places already resolved."""
        general = specific = 0.0
        n = countries[c.country2] if c.country2 else 0
        if n:
            general += 3.0 + min(n, 5) * 0.2
        if c.country2 and c.country2 == dateline_cc:
            general += 1.5
        if dateline_a1 and c.admin1 == dateline_a1 and c.kind != "admin1":
            general += 1.5  # in the division the dateline names
        if c.kind != "city" and any(nb is not None and nb.kind == c.kind for nb in neighbours):
            general += 1.5  # a list of names: "Ohio, Washington and Oregon" are all states
        if c.kind in ("city", "admin2", "place") and c.admin1 in divisions:
            specific += 3.0  # a town or county in a division the article names
        elif c.kind == "admin1" and "." in c.admin1 and c.admin1 in towns:
            specific += _HOLDS_A_TOWN  # a division containing a town the article names
        elif c.lat is not None and c.kind in ("city", "admin1", "admin2", "place"):
            if any(_km(o, c) < (NEAR_KM if o.kind == "city" else 2 * NEAR_KM) for o in near if abs((o.lat or 0) - c.lat) < 8):
                specific += 2.0
        if c.admin2 and c.kind in ("city", "place") and c.admin2 in admin2s:
            specific += 2.0  # a town in a county the article names
        return general, specific


#: A place this small (or of unknown size) is not taken on its name alone: its division or a place near it
#: must be in the article (``_Context.placed_by``).
_HAMLET = 1_000
#: A town smaller than this, found only by the gazetteer scan or put in a story only by the model's label, needs
#: evidence finer than the article's country (its division, a place near it).
_WEAK_TOWN = 10_000
_HEAD_TOWN = 100_000  # a town this big opening a name ("Tehran University") needs no more support than its country
#: A town this many times smaller than the obvious town of its name needs specific evidence (its division, a
#: place near it) to be chosen: the article's country alone does not make it the one meant.
_DWARFED = 100
#: A town this many times smaller than a world city of its name (a capital, or a city of ``_WORLD_CITY``
#: people) needs that evidence near it in the text (within ``_LOCAL_CHARS``), or the dateline's division.
_FAR_SMALLER = 50
_WORLD_CITY = 1_000_000
_LOCAL_CHARS = 250
#: The specific evidence a division gets from holding a town the article names.
_HOLDS_A_TOWN = 3.0
_NEIGHBOUR_KM = 100.0


def _world_city(c: Entry) -> bool:
    return c.feature == "PPLC" or c.population >= _WORLD_CITY


def within(city: Entry, admin1: Entry) -> bool:
    """Is ``city`` in the first-level division ``admin1``? (By GeoNames code where known, else by distance.)"""
    if admin1.kind == "admin2" and admin1.admin2:
        return city.admin2 == admin1.admin2
    if "." in admin1.admin1:
        return city.admin1 == admin1.admin1
    return city.lat is not None and admin1.lat is not None and _km(city, admin1) < 2 * NEAR_KM


@functools.lru_cache(maxsize=1 << 16)  # the same pairs come back in every scoring round
def _km(a: Entry, b: Entry) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))

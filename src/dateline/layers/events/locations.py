"""Where an event happened, from the clause that reports it (issue 14, part 4).

An event's place is read from the dependency parse around its trigger, never from whatever toponym the
sentence happens to contain ("a US peace envoy" is not in the United States, "the Law of the Sea" is not in
Seattle). In order:

1. **The clause** (``+place:locative:<prep>``, ``+place:visit``, ``+place:object``): looked for on the trigger
   itself (with the verb it governs through ``xcomp``: "agreed to meet in X"), then on its clause head (the
   verb that carries an event noun or takes it as subject, the verb above an ``xcomp``), then on a verb
   coordinated with it that shares its subject ("gathered in X and marched"). At each step:
   - a locative: the object of ``in``, ``at``, ``near``, ``outside``... attached to that word;
   - a destination, for visits (PLOVER CONSULT mode ``visit``) and verbs of directed motion or sending (Levin
     1993, classes 51.1, 51.3.2 and 11.1: "arrived", "travelled to X", "deployed troops to X"): the object of
     ``to``/``into``, or the direct object of "visit", "tour", "reach", "enter";
   - for physical acts (ASSAULT, PROTEST, MOBILIZE, COERCE) an object that is a place ("shelled Kharkiv",
     "the attack on Kharkiv"); a country as object counts only for ASSAULT and MOBILIZE (a protest or a
     ban aimed at a state names its target, not where it happened).
   The place is named by the object's noun phrase (not when the object is a person: "attacked Ohio front-runner X",
   "detained Texas Sen. X" name where the person is from): its head, compounds, appositions and conjuncts
   ("Dunedin, New Zealand"), a nested locative ("at a mosque in X") and the ``of`` object of a spatial
   noun ("the outskirts of X"); nothing else inside the phrase ("in contempt of Congress" is no place,
   "at the US embassy" is not in the United States). Of several, the most precise (city, region, country).
2. **The dateline** (``+place:dateline``): the wire convention that an article's own news happened at its
   dateline city, for an asserted event dated within ``DATELINE_DAYS`` before publication, with an actor
   of the dateline's country and no place of another country named in the sentence.
3. **The story's scene** (``+place:scene``, ``scene_places``): where the lead puts the news, the story's
   physical acts happen unless the text says otherwise. The scene is the place the first event of the lead
   (the article's first ``LEAD_SENTENCES`` sentences) was given by its clause or its dateline, when it is
   finer than a country ("militants stormed a hotel in Mogadishu"). A later act on the ground
   (ASSAULT, COERCE, PROTEST, MOBILIZE, RETREAT: "police detained two suspects", "the attackers surrendered";
   told after the scene's event, or in the headline above a dateline)
   that has no place of its own takes it when it is asserted, dated within ``DATELINE_DAYS`` of the lead's
   event, has an actor of the scene's country, and its sentence names no place of another country. Wire
   copy states the scene in its dateline; web and Wikinews copy in its lead. Statements, meetings and
   sanctions are made elsewhere as often as not: they never take the scene.
4. Else none.

A locative the text negates is never used: a negated verb ("did not reach X"), a negated event, or
"not"/"never" before the preposition ("... but not in X").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from ...model import Event, Location, Place
from ..doc_views import doc_sents
from ..places import location_of, precision_of

#: Prepositions of location (a place the event happened at or in).
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "within", "across", "throughout", "around", "off", "along", "beside",
     "aboard"}
)  # fmt: skip
#: Prepositions of destination, after verbs of motion and sending.
_TOWARD = frozenset({"to", "into"})
#: Prepositions that give a physical act's object ("the attack on X", "advanced on X", "strikes against X").
_AIMED = frozenset({"on", "against"})
#: Prepositions of a time frame: the event is part of the frame's event, or ends it, at its place ("during
#: talks in X", "after a summit in X, they signed a truce").
_FRAME = frozenset({"during", "amid", "amidst", "after"})
#: Prepositions whose object, inside a place phrase, still names where: "at a mosque in X", "a village near X"
#: (not "on": "sanctions on X" names a target).
_NESTED = frozenset({"in", "at", "near", "outside", "inside", "off"})
#: Verbs of inherently directed motion, travel and sending (Levin 1993: 51.1, 51.3.2, 51.4.2, 11.1).
_MOTION = frozenset(
    {"arrive", "come", "go", "return", "travel", "fly", "head", "journey", "sail", "drive", "move", "march",
     "advance", "cross", "enter", "reach", "visit", "tour", "send", "dispatch", "deploy", "redeploy", "ship",
     "transfer", "airlift", "evacuate", "relocate"}
)  # fmt: skip
#: Verbs whose direct object is the destination ("visited X", "reached X").
_DESTINATION_OBJECT = frozenset({"visit", "tour", "reach", "enter"})
#: Nouns of a journey ("a visit to X", "the trip to X").
_JOURNEY_NOUNS = frozenset({"visit", "trip", "tour", "journey", "voyage", "mission"})
#: Physical acts: their object can be the place acted on.
PHYSICAL = frozenset({"ASSAULT", "PROTEST", "MOBILIZE", "COERCE"})
_COUNTRY_OBJECTS = frozenset({"ASSAULT", "MOBILIZE"})
#: Spatial and administrative nouns whose ``of`` object is a place ("the city of X", "the outskirts of X"):
#: GeoNames' feature classes A (divisions) and P (populated places), parts of an area, and borders and coasts.
_SPATIAL_NOUNS = frozenset(
    {"city", "town", "village", "capital", "province", "region", "state", "district", "county", "municipality",
     "prefecture", "governorate", "oblast", "territory", "country", "island", "islands", "coast", "border",
     "borders", "port", "outskirts", "suburb", "suburbs", "area", "part", "parts", "centre", "center", "heart",
     "street", "streets", "neighbourhood", "neighborhood", "north", "south", "east", "west", "northeast",
     "northwest", "southeast", "southwest", "edge", "vicinity", "environs", "west bank", "shores", "waters"}
)  # fmt: skip
#: Diplomatic missions are named for the state they represent, not the place they stand in.
_MISSIONS = frozenset({"embassy", "consulate", "mission", "legation", "delegation"})
_NEGATIONS = frozenset({"not", "never", "n't", "no"})
_ANAPHORIC_PRONOUNS = frozenset({"he", "she", "they", "we", "it"})
_NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Dependencies that stay inside a place's noun phrase.
_PHRASE = frozenset({"compound", "appos", "nmod", "poss", "conj", "npadvmod"})
#: Dependencies an event noun or a subordinate verb climbs to reach the verb of its clause.
_TO_CLAUSE = frozenset({"xcomp", "dobj", "nsubj", "nsubjpass", "attr", "oprd", "pobj", "prep", "pcomp", "compound"})
_RANK = {"city": 0, "region": 1, "country": 2}
DATELINE_DAYS = 7
#: How many of an article's first sentences make its lead (the sentences that set the story's scene).
LEAD_SENTENCES = 3
#: Acts on the ground, which happen where the story is unless the text says otherwise.
SCENE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"})
_SCENE_PRECISIONS = frozenset({"point", "city", "admin2", "admin1"})


class PlaceLookup(Protocol):
    """What the places layer gives events (``places.PlaceIndex``)."""

    @property
    def dateline(self) -> Place | None: ...

    def places_in(self, start: int, end: int) -> Sequence[Place]: ...

    def antecedent(self, pos: int, noun: str) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class _Found:
    place: Place
    how: str
    order: int


def place_event(ev: Event, sent: Span, offset: int, places: PlaceLookup | None, published: date | None) -> Event:
    """``ev`` with its location and a ``+place:...`` suffix on its rule saying where the place came from;
    unchanged when it has none. ``sent`` is the sentence's Span, ``offset`` its Doc's place in the article."""
    if places is None:
        return ev
    found = locate(ev, sent, offset, places, published)
    if found is None:
        return ev
    location, how = found
    return replace(ev, location=location, rule=f"{ev.rule}+place:{how}")


def locate(
    ev: Event, sent: Span, offset: int, places: PlaceLookup, published: date | None
) -> tuple[Location, str] | None:
    """The place of ``ev`` and how it was found (``locative:in``, ``visit``, ``object``, ``dateline``)."""
    if ev.negated:
        return None
    anchors = anchors_of(ev, sent, offset)
    for level in levels(anchors):
        found = [f for tok in level for f in _candidates(ev, tok, anchors, offset, places)]
        if found:
            best = min(found, key=lambda f: (_RANK.get(precision_of(f.place.feature) or "", 3), f.order))
            return location_of(best.place), best.how
    return _dateline(ev, sent, offset, places, published)


def anchors_of(ev: Event, sent: Span, offset: int) -> list[Token]:
    """The trigger's words that head it: the span's syntactic roots (the verb, the light verb) and its last
    word when that is the event noun ("held talks", "the attack")."""
    toks = [t for t in sent if ev.trigger_start <= offset + t.idx and offset + t.idx + len(t) <= ev.trigger_end]
    if not toks:
        return []
    inside = {t.i for t in toks}
    out = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    last = toks[-1]
    if last.pos_ in ("NOUN", "PROPN") and last not in out:
        out.append(last)
    return out


def levels(anchors: list[Token]) -> Iterator[list[Token]]:
    """Where to look, nearest first: the trigger (and the verbs it governs through ``xcomp``), its clause
    head, then the verbs coordinated with either that share their subject."""
    first = [*anchors, *(c for a in anchors if a.pos_ in ("VERB", "AUX") for c in a.children if c.dep_ == "xcomp")]
    yield first
    heads = [h for a in anchors if (h := _clause_head(a)) is not None and h not in first]
    yield heads
    seen = {t.i for t in (*first, *heads)}
    yield [c for v in (*first, *heads) for c in _coordinated(v) if c.i not in seen]


def _clause_head(tok: Token) -> Token | None:
    """The verb of the clause an event word sits in: up through objects, subjects, ``xcomp`` and
    prepositions until a verb; None when the word is already its clause's verb."""
    cur = tok
    if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "xcomp" and not _participial(cur):
        return None
    if _participial(cur):
        return cur.head if cur.head.pos_ in ("VERB", "AUX") else None
    for _ in range(6):
        if cur.dep_ not in _TO_CLAUSE or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _participial(verb: Token) -> bool:
    """A participle adjunct without subject or conjunction: it is said of the main clause's subject, in its
    scene ("were in X, attending a summit")."""
    return (
        verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and _subject(verb) is None
        and not any(c.dep_ in ("mark", "aux", "auxpass") for c in verb.children)
    )  # fmt: skip


def _coordinated(verb: Token) -> list[Token]:
    """Verbs coordinated with ``verb`` in one scene: under one subject ("gathered in X and marched", "arrested
    and charged") or, for a later conjunct, with a subject that refers back ("met Y in X, and the two leaders
    agreed"); a conjunct with a subject of its own ("..., and Z condemned it") is another scene."""
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    out: list[Token] = []
    cur = verb
    while cur.dep_ == "conj" and _same_scene(cur) and cur.head.pos_ in ("VERB", "AUX"):
        cur = cur.head
        out.append(cur)
    # a later conjunct inherits the scene an earlier one set; an earlier one takes a later one's locative only
    # when they share the subject ("arrested and charged him in X", not "signed ..., and they met in X")
    out.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not _subject(c))
    return out


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)


def _same_scene(conjunct: Token) -> bool:
    """The conjunct has no subject of its own, or an anaphoric one: a personal pronoun, or a definite noun
    phrase naming no one ("the two leaders", "the officers")."""
    s = _subject(conjunct)
    if s is None:
        return True
    if s.pos_ == "PRON":
        return s.lower_ in _ANAPHORIC_PRONOUNS
    words = list(s.subtree)
    return (
        s.pos_ == "NOUN" and any(w.dep_ == "det" and w.lower_ in ("the", "both") for w in s.children)
        and not any(w.ent_type_ in _NAMES or w.pos_ == "PROPN" for w in words)
    )  # fmt: skip


def _candidates(ev: Event, tok: Token, anchors: list[Token], offset: int, places: PlaceLookup) -> list[_Found]:
    """The places attached to one word of the clause, by each mechanism."""
    if tok.pos_ in ("VERB", "AUX") and _negated(tok):
        return []  # "did not reach X", "never arrived in X"
    lemma = tok.lemma_.lower()
    visit = ev.plover == "CONSULT" and ev.plover_mode == "visit" and tok in anchors
    moving = lemma in _MOTION or (tok.pos_ == "NOUN" and lemma in _JOURNEY_NOUNS) or visit
    out: list[_Found] = []
    if tok in anchors and tok.pos_ == "NOUN" and lemma in _SPATIAL_NOUNS:  # "took to the streets of X"
        out.extend(_Found(p, "locative:of", tok.i) for p in _places_of(tok, offset, places) if p.start > offset + tok.idx)
    for c in tok.children:
        how = ""
        if c.dep_ == "prep" and not _negated_prep(c):
            word = c.lower_
            if word in LOCATIVE_PREPS:
                how = f"locative:{word}"
            elif word in _TOWARD and moving:
                how = "visit"
            elif word in _AIMED and ev.plover in _COUNTRY_OBJECTS:
                how = "object"
            if how:
                for obj in c.children:
                    if obj.dep_ in ("pobj", "pcomp") and obj.pos_ in ("NOUN", "PROPN"):
                        out.extend(_Found(p, how, obj.i) for p in _places_of(obj, offset, places))
            if word in _FRAME:  # "during talks in X", "during a visit to X": the frame's place
                out.extend(f for obj in c.children if obj.dep_ == "pobj" for f in _frame_places(obj, offset, places))
            if word == "with":  # "met with X in Y"; for a physical act, "clashed with police in Y"
                out.extend(
                    f for obj in c.children if obj.dep_ == "pobj"
                    for f in (_own_locatives(obj, offset, places) if ev.plover in PHYSICAL else _participant_locatives(ev, obj, offset, places))
                )  # fmt: skip
        if c.dep_ in ("dobj", "dative") and tok.pos_ in ("VERB", "AUX"):
            out.extend(_participant_locatives(ev, c, offset, places))
        if c.dep_ in ("nsubj", "nsubjpass") and ev.plover in PHYSICAL:  # "protesters in X marched"
            out.extend(_own_locatives(c, offset, places))
        if c.dep_ == "advmod" and c.lower_ == "where" and tok.dep_ == "relcl":  # "in X, where they protested"
            out.extend(_Found(p, "locative:where", tok.head.i) for p in _places_of(tok.head, offset, places))
        if c.dep_ == "dobj" and tok.pos_ in ("VERB", "AUX"):
            if lemma in _DESTINATION_OBJECT or visit:
                how = "visit"
            elif ev.plover in PHYSICAL:
                how = "object"
            # "attacked Ohio front-runner X", "detained Texas Sen. X": a place in a person's name is theirs, not the act's
            person = how == "object" and c.ent_type_ == "PERSON"
            if how and not person:  # a destination is the object itself ("visited X"), not a place inside it ("reached a deal in X")
                found = _places_of(c, offset, places, nested=how != "visit")
                if how == "object" and ev.plover not in _COUNTRY_OBJECTS:
                    found = [p for p in found if precision_of(p.feature) != "country"]
                out.extend(_Found(p, how, c.i) for p in found)
            if how == "object":
                out.extend(_low_locatives(c, offset, places))
    return out


def _frame_places(frame: Token, offset: int, places: PlaceLookup) -> list[_Found]:
    """The place of the event an event happens during ("during talks in X", "during a visit to X")."""
    journey = frame.lemma_.lower() in _JOURNEY_NOUNS
    return [
        _Found(p, "visit" if c.lower_ in _TOWARD else f"locative:{c.lower_}", g.i)
        for c in frame.children
        if c.dep_ == "prep" and (c.lower_ in LOCATIVE_PREPS or (journey and c.lower_ in _TOWARD)) and not _negated_prep(c)
        for g in c.children if g.dep_ == "pobj"
        for p in _places_of(g, offset, places)
    ]  # fmt: skip


def _participant_locatives(ev: Event, obj: Token, offset: int, places: PlaceLookup) -> list[_Found]:
    """"met President X in Y", "held talks with X's foreign minister in Y": a locative the parser hung on a
    participant (a person, or the head of one of the event's actors) is where they met; on other nouns it is
    the noun's own ("discussed the war in Z")."""
    at = offset + obj.idx
    if not (
        obj.ent_type_ == "PERSON" or obj.pos_ == "PRON"
        or any(a.start <= at < a.end for a in (*ev.source, *ev.target))
    ):  # fmt: skip
        return []
    return _own_locatives(obj, offset, places)


def _own_locatives(noun: Token, offset: int, places: PlaceLookup) -> list[_Found]:
    """Where a participant is ("protesters in X"): the places of the locatives attached to ``noun``. For
    physical acts the actor is where the act happens."""
    return [
        _Found(p, f"locative:{c.lower_}", g.i)
        for c in noun.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS and not _negated_prep(c)
        for g in c.children if g.dep_ == "pobj"
        for p in _places_of(g, offset, places)
    ]  # fmt: skip


def _low_locatives(obj: Token, offset: int, places: PlaceLookup) -> list[_Found]:
    """A locative the parser hung low, on a physical act's object or on the instrument beside it ("blocked
    roads with tractors across X"): it says where the act happened. Followed through locative and ``with``
    phrases only: not into the object's complements ("the closure of the consulate in X", "a ban on transit
    through X" name where the consulate or the route is), nor into a clause of its own."""
    out: list[_Found] = []
    stack = [obj]
    while stack:
        tok = stack.pop()
        for c in tok.children:
            if c.dep_ != "prep" or _negated_prep(c) or not (c.lower_ in LOCATIVE_PREPS or c.lower_ == "with"):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if c.lower_ in LOCATIVE_PREPS:
                    out.extend(_Found(p, f"locative:{c.lower_}", g.i) for p in _places_of(g, offset, places))
                stack.append(g)
    return out


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in verb.children)


def _negated_prep(prep: Token) -> bool:
    """"... but not in X", "never at X": a negation before the preposition or on it."""
    if any(c.dep_ == "neg" for c in prep.children):
        return True
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return before is not None and before.lower_ in _NEGATIONS


def _places_of(head: Token, offset: int, places: PlaceLookup, *, nested: bool = True) -> list[Place]:
    """The resolved places a noun phrase names as where it is (see the module docstring); without
    ``nested``, only what names the phrase itself ("the city of X"), no locative inside it ("a deal in X")."""
    words = _place_words(head, nested=nested)
    start = offset + min(t.left_edge.idx for t in words)
    end = offset + max(t.right_edge.idx + len(t.right_edge) for t in words)
    spans = [(offset + t.idx, offset + t.idx + len(t)) for t in words]
    found = [p for p in places.places_in(start, end) if any(s < p.end and p.start < e for s, e in spans)]
    noun = _anaphoric_place_noun(head)
    if not found and noun:
        back = places.antecedent(offset + head.idx, noun)
        found = [back] if back is not None else []
    return found


#: Nouns a definite description uses to refer back to a place ("in the capital", "in the capital city", "the
#: city's police"): the capital of the country the text is about, or the town last named.
_ANAPHORIC_NOUNS = frozenset({"capital", "city", "town"})


def _anaphoric_place_noun(head: Token) -> str | None:
    """"capital" or "city" when ``head`` heads a bare definite description of a place: "the capital",
    "the capital city", "the country's capital", "the city"; not "a city", "the city of X", "the city
    council", "cities" or "the southern city of X"."""
    word = head.lower_
    if word not in _ANAPHORIC_NOUNS or head.tag_ != "NN":
        return None
    kids = list(head.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) and not any(
        c.dep_ == "poss" and c.lower_ in ("country", "nation") for c in kids
    ):
        return None
    extra = [c for c in kids if c.dep_ not in ("det", "poss", "case") and not (c.dep_ == "compound" and c.lower_ == "capital")]
    if extra or head.dep_ == "compound":
        return None
    return "capital" if word == "capital" or any(c.lower_ == "capital" for c in kids) else "city"


def _place_words(head: Token, *, nested: bool = True) -> list[Token]:
    out, stack = [head], [head]
    while stack:
        tok = stack.pop()
        lemma = tok.lemma_.lower()
        for c in tok.children:
            nxt: list[Token] = []
            if c.dep_ in _PHRASE:
                if c.dep_ in ("compound", "poss") and lemma in _MISSIONS:
                    continue  # "the US embassy": the state it represents
                if c.dep_ == "poss" and lemma not in _SPATIAL_NOUNS:
                    continue  # "in Israel's campaign", "Europe's economies": an owner, not a place
                nxt = [c]
            elif c.dep_ == "prep" and not _negated_prep(c) and (
                (nested and c.lower_ in _NESTED) or (c.lower_ == "of" and lemma in _SPATIAL_NOUNS)
            ):
                nxt = [g for g in c.children if g.dep_ == "pobj"]
            for t in nxt:
                out.append(t)
                stack.append(t)
        if lemma in _SPATIAL_NOUNS and tok.i + 2 < len(tok.doc) and tok.nbor().text == ",":
            name = tok.nbor(2)  # "the Nigerian capital, Abuja," parsed as anything but an apposition
            if name.pos_ == "PROPN" and name.dep_ != "appos" and name not in out:
                out.append(name)
                out.extend(c for c in name.children if c.dep_ == "compound")
    return out


def _dateline(ev: Event, sent: Span, offset: int, places: PlaceLookup, published: date | None) -> tuple[Location, str] | None:
    """The dateline city, for the news of the lead (the first sentence after the dateline, in its paragraph):
    asserted, dated at most ``DATELINE_DAYS`` before publication. A physical act takes it only with an
    actor of the dateline's country ("SEOUL - North Korea fired a missile" was not fired in Seoul)."""
    where = places.dateline
    if where is None or where.country is None or published is None or ev.date is None:
        return None
    if ev.modality != "asserted" or ev.date_precision != "day" or not 0 <= (published - ev.date).days <= DATELINE_DAYS:
        return None
    if not offset <= where.start < offset + len(sent.doc.text) or _lead(sent.doc, where.end - offset) != sent.start:
        return None
    if ev.plover in PHYSICAL and where.country not in {a.country for a in (*ev.source, *ev.target)}:
        return None
    return location_of(where), "dateline"


def _lead(doc: Doc, after: int) -> int | None:
    """The first sentence of ``doc`` with a verb that ends after character ``after`` (its start token)."""
    return next(
        (s.start for s in doc_sents(doc) if s.end_char > after and any(t.pos_ in ("VERB", "AUX") for t in s)), None
    )


def scene_places(events: Sequence[Event], lead_end: int, places: PlaceLookup | None) -> list[Event]:
    """``events`` (in text order) with the story's scene given to the acts on the ground that have no place of
    their own (see the module docstring). ``lead_end``: where the article's lead ends."""
    if places is None:
        return list(events)
    scene = next(
        (ev for ev in events
         if ev.sentence_start < lead_end and ev.location is not None and "+place:" in ev.rule
         and ev.location.precision in _SCENE_PRECISIONS and ev.location.country and ev.date is not None),
        None,
    )  # fmt: skip
    if scene is None or scene.location is None or scene.date is None:
        return list(events)
    where, when = scene.location, scene.date
    # the headline above a dateline states the news the dateline's lead tells: it is at the scene too
    headline_end = places.dateline.start if places.dateline is not None else -1
    out = []
    for ev in events:
        if (
            ev.location is None and ev.plover in SCENE_TYPES and ev.modality == "asserted" and not ev.negated
            and (ev.sentence_start >= scene.sentence_start or ev.sentence_end <= headline_end)  # later, or the headline
            and ev.date is not None and abs((ev.date - when).days) <= DATELINE_DAYS
            and any(a.country == where.country for a in (*ev.source, *ev.target))
            and all(p.country in (None, where.country) for p in places.places_in(ev.sentence_start, ev.sentence_end))
        ):  # fmt: skip
            ev = replace(ev, location=where, rule=f"{ev.rule}+place:scene")
        out.append(ev)
    return out


"""Event arguments: the source and target actors of a trigger, from the dependency parse.

Subject/agent -> source; object, indirect object and the objects of "with", "against", "to"... -> target;
passive voice; conjoined actors; subjects inherited by subjectless clauses. Each argument's noun phrase is
resolved by the actors layer's lookup (``resolver.ActorLookup``); nothing here knows any actor by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from ...model import Event, EventActor, Quote
from ..actors import ActorLookup, ResolvedActor
from ..doc_views import children, subtree, subtree_indices
from ..overlaps import SpanIndex
from .codes import Coding

TARGET_PREPS = frozenset(
    {"with", "against", "to", "on", "at", "toward", "towards", "into", "from", "over", "upon"}
)


NOUN_TARGET_PREPS = TARGET_PREPS | {"for", "between"}
#: Dependencies along which an inner trigger is governed by (and absorbed into) an outer one.


#: Children that are not part of an actor's noun phrase.
_NP_CUT = frozenset({"relcl", "acl", "appos", "punct", "conj", "cc", "advcl", "parataxis", "prep"})


_OBJECT_CONTROL = frozenset({"urge", "ask", "invite", "call", "encourage", "force", "order", "press", "persuade", "tell", "help", "allow"})  # fmt: skip


FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})


ACTOR_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})


class QuoteIndex:
    """The article's quotes, for ``quote_at`` in logarithmic time (built once per article, not scanned per
    event): the first quote whose content holds ``start`` or whose cue starts there."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        order = sorted(range(len(quotes)), key=lambda i: (quotes[i].content_start, quotes[i].content_end))
        self._order = order
        self._spans = SpanIndex([(quotes[i].content_start, quotes[i].content_end) for i in order])
        self._cues: dict[int, int] = {}
        for i, q in enumerate(quotes):
            if q.cue_start is not None:
                self._cues.setdefault(q.cue_start, i)

    def at(self, start: int) -> int | None:
        found = [self._order[k] for k in self._spans.overlapping(start, start + 1)]
        cue = self._cues.get(start)
        if cue is not None:
            found.append(cue)
        return min(found) if found else None


class SentenceContext:
    """What one sentence's rules need: the article text, the Doc's offset, lookup and quotes."""

    def __init__(
        self, text: str, offset: int, sent: Span, lookup: ActorLookup, quotes: Sequence[Quote],
        last_dyad: Sequence[EventActor] = (), quote_index: QuoteIndex | None = None,
    ) -> None:  # fmt: skip
        self.text, self.offset, self.sent, self.lookup, self.quotes = text, offset, sent, lookup, quotes
        self.last_dyad = last_dyad  # participants of the latest earlier event with a source and a target
        self.quote_index = quote_index

    def span(self, first: Token, last: Token) -> tuple[int, int]:
        return self.offset + first.idx, self.offset + last.idx + len(last.text)

    def event(
        self, cod: Coding, source: Iterable[EventActor], target: Iterable[EventActor], start: int, end: int, *,
        rule: str, modality: str, negated: bool, confidence: float, quote_index: int | None,
    ) -> Event:  # fmt: skip
        """An event of coding ``cod`` triggered by ``text[start:end]`` in this sentence."""
        sent_start, sent_end = self.span(self.sent[0], self.sent[-1])
        return Event(
            plover=cod.plover, plover_mode=cod.mode, cameo=cod.cameo, goldstein=cod.goldstein,
            source=tuple(source), target=tuple(target),
            trigger_start=start, trigger_end=end, trigger_text=self.text[start:end],
            sentence_start=sent_start, sentence_end=sent_end, rule=rule, modality=modality, negated=negated,
            confidence=confidence, quote_index=quote_index,
        )  # fmt: skip

    def actor(self, start: int, end: int, resolved: ResolvedActor) -> EventActor:
        return EventActor(
            code=resolved.code, country=resolved.country, sector=resolved.sector,
            start=start, end=end, text=self.text[start:end],
        )  # fmt: skip

    def resolve(self, tok: Token) -> list[EventActor]:
        """The actors a noun phrase (and the phrases conjoined with it) refers to."""
        out: list[EventActor] = []
        for head in _with_conjuncts(tok):
            start, end = self.span(*_np_bounds(head))
            found = self.lookup.actor_at(start, end)
            if found is None:
                hs, he = self.span(head, head)
                found = self.lookup.actor_at(hs, he) if (hs, he) != (start, end) else None
                if found is not None:
                    start, end = hs, he
            if found is not None:
                out.append(self.actor(start, end, found))
                out.extend(self._shared_head(head, found, out))
                continue
            inside = self.lookup.actors_in(start, end)
            if not inside:  # "troops from X", "the leader of X", "refugees from X and Y": every actor named
                start, end = self.span(*_np_bounds(head, preps=True))
                for s, e, ra in self.lookup.actors_in(start, end):
                    if not any(x.code == ra.code for x in out):
                        out.append(self.actor(s, e, ra))
                continue
            if inside:
                s, e, ra = inside[0]
                out.append(self.actor(s, e, ra))
        return out

    def _shared_head(self, head: Token, found: ResolvedActor, known: list[EventActor]) -> list[EventActor]:
        """"the ambassadors of X, Y and Z": a sector noun shared by conjoined countries gives one actor per
        country, each with the sector (PETRARCH's compound actors)."""
        if not found.sector:
            return []
        out: list[EventActor] = []
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for conj in _with_conjuncts(obj)[1:]:
                    s, e = self.span(*_np_bounds(conj))
                    other = self.lookup.actor_at(s, e)
                    if other is None or not other.country or other.sector:
                        continue
                    code = other.country + found.sector
                    if any(k.code == code for k in (*known, *out)):
                        continue
                    out.append(EventActor(code=code, country=other.country, sector=found.sector, start=s, end=e,
                                          text=self.text[s:e]))  # fmt: skip
        return out

    def actors_within(self, tokens: Iterable[Token], exclude: Sequence[EventActor]) -> list[EventActor]:
        out: list[EventActor] = []
        for tok in tokens:
            start, end = self.span(*_clause_bounds(tok))
            for s, e, ra in self.lookup.actors_in(start, end):
                if any(x.start < e and s < x.end for x in exclude) or any(
                    x.start == s and x.end == e for x in out
                ):
                    continue
                if any(x.code == ra.code for x in exclude):
                    continue
                out.append(self.actor(s, e, ra))
        return out

    def quote_at(self, start: int) -> int | None:
        if self.quote_index is not None:
            return self.quote_index.at(start)
        for i, q in enumerate(self.quotes):
            if q.content_start <= start < q.content_end or q.cue_start == start:
                return i
        return None

    def speaker_actor(self, qi: int) -> list[EventActor]:
        sp = self.quotes[qi].speaker
        if sp is None:
            return []
        found = self.lookup.actor_at(sp.start, sp.end)
        if found is not None:
            return [self.actor(sp.start, sp.end, found)]
        if sp.actor and len(sp.actor) >= 3:
            return [
                EventActor(code=sp.actor, country=sp.actor[:3], sector=sp.actor[3:6] or None,
                           start=sp.start, end=sp.end, text=self.text[sp.start:sp.end])
            ]  # fmt: skip
        return []


def _with_conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the phrases conjoined with it. A list parsed as an apposition with conjuncts of its own
    ("Mordor, the Shire, Fornost and Bree": Shire appos, Fornost and Bree its conjuncts) is a list too."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            out.extend(_with_conjuncts(c))
        elif c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children):
            out.extend(_with_conjuncts(c))
    return out


def _clause_bounds(tok: Token) -> tuple[Token, Token]:
    """The first and last token of ``tok``'s subtree, without trailing clauses that have their own subject
    ("what he called a deal, with Japan warning ...": not Japan). The subtree is listed once, with the
    per-Doc tree (``doc_views.subtree``): spaCy's own costs its size times its depth, quadratic on one long
    sentence of chained clauses."""
    sub = subtree(tok)
    last = tok
    for t in sub:
        if t.i < tok.i:
            continue
        if (
            t.i != tok.i
            and t.pos_ in ("VERB", "AUX")
            and t.dep_ in ("advcl", "pcomp", "pobj", "parataxis", "conj")
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i for c in children(t))
        ):
            stop = min(subtree_indices(t))
            break
        last = t
    else:
        stop = None
    if stop is not None:
        last = max((t for t in sub if t.i < stop), key=lambda t: t.i, default=tok)
    first = min(sub, key=lambda t: t.i)
    return first, last


def _np_bounds(head: Token, *, preps: bool = False) -> tuple[Token, Token]:
    keep = [head]
    stack = [
        c for c in head.children
        if c.dep_ not in _NP_CUT or (preps and c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i > head.i)
    ]  # fmt: skip
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "punct", "advcl"))
    keep.sort(key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    while first.is_punct and first.i < last.i:
        first = first.nbor(1)
    while last.is_punct and last.i > first.i:
        last = last.nbor(-1)
    return first, last


def subjects(verb: Token) -> tuple[list[Token], list[Token], bool]:
    """(sources, passive subjects, passive) of a verb, inheriting the subject of governing clauses."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl") and c.dep_ != "expl"]
    psubj = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if psubj or agents:
        return agents, psubj, True
    if subj:
        return subj, [], False
    cur = verb
    for _ in range(5):
        dep, gov = cur.dep_, cur.head
        if gov is cur:
            break
        if dep == "xcomp":
            objs = [c for c in gov.children if c.dep_ in ("dobj", "dative")]
            if objs and gov.lemma_.lower() in _OBJECT_CONTROL:
                return objs[:1], [], False
        elif dep == "relcl" or (
            dep == "acl" and (gov.ent_type_ in ACTOR_ENTS or gov.pos_ in ("PROPN", "PRON"))
        ):
            return [gov], [], False
        elif dep == "acl" and gov.dep_ in ("dobj", "attr") and gov.head.pos_ in ("VERB", "AUX"):
            gov = gov.head  # "issued a statement demanding ...": the issuer demands
        elif dep == "pcomp" and gov.dep_ == "prep":
            gov = gov.head
        elif dep not in ("conj", "advcl", "xcomp", "acomp"):
            break  # (acomp: "X is about to / ready to / willing to V": the copula's subject controls V)
        found = [c for c in gov.children if c.dep_ in ("nsubj", "csubj")]
        if found:
            return found, [], False
        cur = gov
    return [], [], False


def prep_objects(tok: Token, preps: frozenset[str], pattern: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and (c.lower_ in preps or c in pattern):
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            out.append(c)
    return out


def targets_of(verb: Token, pattern: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            if c in pattern:
                out.extend(prep_objects(c, NOUN_TARGET_PREPS, pattern))
            elif c.lemma_.lower() not in ("what", "which"):
                out.append(c)
    out.extend(t for t in prep_objects(verb, TARGET_PREPS, pattern) if t not in pattern)
    return out


def actor_modifiers(noun: Token) -> list[Token]:
    """Possessive, adjectival or compound actors of an event noun: "Russia's", "Russian", "US" sanctions."""
    out = []
    for c in noun.children:
        if c.i > noun.i:
            continue
        if c.dep_ == "poss" or (
            c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ in ACTOR_ENTS or c.pos_ == "PROPN")
        ):
            out.append(c)
    return out


def unique_actors(actors: list[EventActor]) -> list[EventActor]:
    out: list[EventActor] = []
    for a in actors:
        if not any(a.start == b.start and a.end == b.end for b in out):
            out.append(a)
    return out

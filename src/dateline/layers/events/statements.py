"""Statement events: what speakers say, coded as events by the speaker.

Evaluative words in reported speech ("would be quite troubling"), stated obligations ("X said Y must ..."),
and stated intentions, which CAMEO codes as the statement itself ("said it will release" -> AGREE 0353).
"""

from __future__ import annotations

from spacy.tokens import Token

from ...model import Event, EventActor
from ..doc_views import token_table
from .arguments import SentenceContext, subjects, unique_actors
from .codes import coding, specialise
from .modality import negated
from .triggers import Lexicon, Match


def obligations(ctx: SentenceContext, lex: Lexicon, matches: dict[int, Match]) -> list[Event]:
    """A stated obligation ("X said Y must do Z", with no coded Z): a demand by X of Y (CAMEO 100)."""
    out: list[Event] = []
    sent, table = ctx.sent, token_table(ctx.sent.doc)
    for i in range(sent.start, sent.end):
        if table.lemma[i] not in lex.say:
            continue
        say = sent.doc[i]
        if say.pos_ not in ("VERB", "AUX") or say.lemma_.lower() not in lex.say:
            continue
        for clause in say.children:
            if clause.dep_ != "ccomp" or not any(
                c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children
            ):
                continue
            if any(t.i in matches for t in clause.subtree):
                continue
            cod = coding("100")
            speakers = [a for t in subjects(say)[0] for a in ctx.resolve(t)]
            if cod is None or not speakers:
                continue
            addressees = [a for t in subjects(clause)[0] for a in ctx.resolve(t)]
            start, end = ctx.span(clause, clause)
            out.append(
                ctx.event(
                    cod, speakers, addressees, start, end, rule="events:stated-obligation", modality="asserted",
                    negated=False, confidence=0.5, quote_index=ctx.quote_at(start),
                )  # fmt: skip
            )
    return out


def reporting_verb(verb: Token, ctx: SentenceContext, lex: Lexicon) -> Token | None:
    """The reporting verb whose clause this verb is in ("X said [it will withdraw]"), if any."""
    cur = verb
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "conj", "xcomp", "acomp") or cur.head is cur:
            return None
        gov = cur.head
        if gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() in lex.say and cur.dep_ == "ccomp":
            return gov
        cur = gov
    return None


def same_speaker(verb: Token, say: Token, sources: list[EventActor], ctx: SentenceContext) -> bool:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(t.pos_ == "PRON" for t in subj):
        return True
    speakers = {a.code for t in subjects(say)[0] for a in ctx.resolve(t)}
    return bool(speakers) and any(a.code in speakers for a in sources)


def stated(code: str, mood: str) -> str:
    """CAMEO codes a stated intention as the statement: cooperation -> 03x, hostility -> 13x; a stated
    obligation ("must", "should") -> a demand, 10x."""
    root = code[:2]
    if mood == "requested":
        return specialise("100", code) if root not in ("10", "02") else code
    if root in ("04", "05", "06", "07", "08"):
        return specialise("030", code)
    if root in ("14", "16", "17", "18", "19", "20"):
        return specialise("130", code)
    return code


def _say_ancestor(tok: Token, lex: Lexicon) -> Token | None:
    cur = tok
    for _ in range(8):
        if cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in lex.say:
            return cur
    return None


def statement_events(ctx: SentenceContext, lex: Lexicon, matches: dict[int, Match]) -> list[Event]:
    """Evaluative words in reported speech or quotes ("would be quite troubling") -> an event by the speaker."""
    out: list[Event] = []
    sent, table = ctx.sent, token_table(ctx.sent.doc)
    for i in range(sent.start, sent.end):
        if table.lower[i] not in lex.adjectives and table.lemma[i] not in lex.adjectives:
            continue
        tok = sent.doc[i]
        entry = lex.adjectives.get(tok.lower_) or lex.adjectives.get(tok.lemma_.lower())
        if entry is None or any(a.i in matches for a in tok.ancestors):
            continue
        cod = coding(entry.cameo)
        if cod is None:
            continue
        start, end = ctx.span(tok, tok)
        qi = ctx.quote_at(start)
        say = _say_ancestor(tok, lex)
        sources: list[EventActor] = []
        content: list[Token] = []
        if say is not None:
            for s in subjects(say)[0]:
                sources.extend(ctx.resolve(s))
            content = [c for c in say.children if c.dep_ in ("ccomp", "dobj", "xcomp")]
        if not sources and qi is not None:
            sources = ctx.speaker_actor(qi)
        if say is None and qi is None:
            continue
        if not content:
            content = [tok.head]
        topic = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if topic and (topic[0].lemma_.lower() in lex.nouns) and not ctx.resolve(topic[0]):
            targets = [
                a for a in ctx.last_dyad if not any(a.code == x.code for x in sources)
            ]  # "any cooperation"
        else:
            targets = ctx.actors_within(content, sources)
        out.append(
            ctx.event(
                cod, unique_actors(sources), unique_actors(targets), start, end, rule="events:statement",
                modality="asserted", negated=negated(tok.head), confidence=0.6 if sources else 0.4, quote_index=qi,
            )  # fmt: skip
        )
    return out

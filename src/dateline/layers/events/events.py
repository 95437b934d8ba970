"""Dyadic events (``events[]``): who did what to whom, coded in PLOVER and CAMEO, from each sentence's parse.

For every sentence: find triggers (``triggers.py``), drop those nested under another trigger (the outer code
absorbs them: "agreed to meet" is one AGREE 036, "threatened to attack" one THREATEN 138), take source and
target from the syntax (subject/agent -> source; object, indirect object and the objects of "with", "against",
"to", "on"... -> target; passive voice; conjoined actors), resolve them with the actors layer's lookup, attach
modality (``modality.py``), date, and place (``locations.py``: from the clause), and link events inside quotations to their quote and speaker.
Evaluative words in reported speech ("quite troubling") make a statement event by the speaker.
Duplicates of the same event within an article are merged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from spacy.tokens import Span, Token

from ...model import Dropped, Event, EventActor, EventMention, Quote
from ...nlp import ParsedArticle
from ..actors import ActorLookup
from ..doc_views import doc_sents, token_table
from .arguments import (
    FIRST_PERSON,
    NOUN_TARGET_PREPS,
    QuoteIndex,
    SentenceContext,
    actor_modifiers,
    prep_objects,
    subjects,
    targets_of,
    unique_actors,
)
from .codes import CONFLICT_ROOTS, coding, specialise
from .confidence import load_calibration
from .dates import ClauseTimes, clause_date
from .gates import Discards, load_discards, may_trigger, political_article, political_event
from .locations import LEAD_SENTENCES, PlaceLookup, place_event, scene_places
from .modality import modal_noun, modality_of, negated
from .statements import obligations, reporting_verb, same_speaker, stated, statement_events
from .triggers import UNACCUSATIVE, Lexicon, Match, find_trigger

log = logging.getLogger(__name__)


class TimeIndex(Protocol):
    def for_span(self, start: int, end: int, *, asserted: bool | None = None) -> tuple[date | None, str | None]: ...


_NEST = frozenset(
    {
        "xcomp",
        "ccomp",
        "pcomp",
        "pobj",
        "prep",
        "dobj",
        "acl",
        "oprd",
        "attr",
        "amod",
        "compound",
        "nsubjpass",
    }
)
_GENERIC_HEADS = frozenset(
    {"effort", "campaign", "operation", "bid", "drive", "mission", "process", "initiative", "round"}
)
_SUBORDINATE = frozenset({"relcl", "acl", "advcl", "npadvmod", "appos", "parataxis"})
_PARALLEL_MARKS = frozenset({"while", "whereas", "although", "though", "as"})
#: Verbs whose subject undergoes the event noun they carry ("died in the attack", "faced sanctions",
#: "suffered an assault"): unaccusative and experiencer verbs, so the subject is the target, not the source.
_PATIENT_CARRIERS = frozenset(
    {"die", "perish", "suffer", "face", "endure", "experience", "survive", "undergo", "sustain", "escape",
     "receive", "incur", "risk", "fear", "witness"}
)  # fmt: skip
#: Verbs of commitment: a commitment to a hostile act is a threat ("vowed to attack"); "agreed to disband its
#: units" is not one (agreeing accepts, it does not commit to harm).
_COMMISSIVE = frozenset({"vow", "pledge", "promise", "swear"})
#: PLOVER types that are speech acts: a speaker can be their source without being their grammatical subject.
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT"})


def _governor(tok: Token, matches: dict[int, Match], lex: Lexicon) -> Match | None:
    """The trigger this one is nested under (its code absorbs this one), or None."""
    cur = tok
    for _ in range(10):
        if cur.head is cur:
            return None
        if cur.dep_ == "conj":  # "unite and mobilise": a conjunct shares its first conjunct's governor
            cur = cur.head
            continue
        if cur.dep_ not in _NEST:
            return None
        if (
            cur.dep_ not in ("ccomp", "xcomp")
            and cur.pos_ == "VERB"
            and any(c.dep_ == "nsubj" for c in cur.children)
        ):
            return None  # "with Japan warning ...": a clause with its own subject is an event of its own
        cur = cur.head
        if cur.i in matches:
            return matches[cur.i]
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in lex.say:
            return None
    return None


def _carrier(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that carries an event noun: a light verb ("held talks", "took part in talks"), or the verb
    above a modal noun ("saw possibilities for cooperation")."""
    dep, head = noun.dep_, noun.head
    if dep == "conj":
        return _carrier(head, lex)
    if dep in ("dobj", "attr", "nsubjpass", "oprd") and head.lemma_.lower() in lex.light:
        return head
    if dep == "dobj" and head.pos_ == "VERB" and _has_subject(head) and not _definite(noun):
        return head  # "wrapped up a trip": the verb's subject made the trip (not "watched the talks")
    if dep == "pobj" and head.dep_ == "prep":
        above = head.head
        if head.lower_ == "of" and above.pos_ == "NOUN" and above.dep_ in ("dobj", "nsubjpass"):
            return _carrier(above, lex)  # "provide tons of aid": the quantity stands in for the noun
        if (
            above.pos_ == "VERB"
            and above.lemma_.lower() in lex.light
            and head.lower_ in ("in", "into", "for", "on")
        ):
            return above
        if above.pos_ == "VERB" and head.lower_ in ("in", "for", "into") and _has_subject(above):
            return above  # "gathered for a rally", "wounded two soldiers in an attack"
        if above.pos_ == "NOUN" and modal_noun(above) and above.dep_ in ("dobj", "attr", "nsubjpass", "pobj"):
            verb = above.head
            return verb if verb.pos_ in ("VERB", "AUX") else None
    return None


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children
    )


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children)


def _syntactic_noun(noun: Token) -> Token:
    """The noun whose position counts: "mediation effort" -> "effort"."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in _GENERIC_HEADS:
        return noun.head
    return noun


def _parallel_clause(verb: Token) -> bool:
    """A finite adverbial clause that reports a further event ("..., while X told reporters ...")."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        and any(c.dep_ == "mark" and c.lower_ in _PARALLEL_MARKS for c in verb.children)
    )


def _subordinate(tok: Token, carried: bool) -> bool:
    """True for triggers in background clauses: relative clauses, participial and adverbial clauses,
    prepositional phrases (unless a verb carries the noun), appositions."""
    if (
        not carried
        and tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ in ("pobj", "compound", "nmod", "poss", "npadvmod")
    ):
        return True
    cur = tok
    for _ in range(12):
        if cur.dep_ in _SUBORDINATE and not _parallel_clause(cur):
            return True
        if cur.head is cur:
            return False
        cur = cur.head
    return False


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundEvents:
    """What the events layer found in one article."""

    events: tuple[Event, ...]
    dropped: tuple[Dropped, ...] = ()
    political: bool = False  # at least one event passed the gates (``gates.py``)


def find_events(
    parsed: ParsedArticle,
    lexicon: Lexicon,
    *,
    lookup: ActorLookup,
    quotes: Sequence[Quote] = (),
    time_index: TimeIndex | None = None,
    place_index: PlaceLookup | None = None,
    discards: Discards | None = None,
) -> FoundEvents:
    """Every event in an article's parsed paragraphs. A failure in one sentence drops that sentence only.

    Events pass the gates of ``gates.py``: no trigger inside a name or a measure, no sentence (or article)
    with a PETRARCH discard phrase, a political actor on at least one side."""
    text, published = parsed.text, parsed.published
    discards = discards if discards is not None else load_discards()
    title = " ".join(p.doc.text for p in parsed.title_pieces)
    if discards.article_discarded(title) or discards.article_discarded(text):
        return FoundEvents(events=(), political=False)
    hits = discards.sentence_hits(text)
    found: list[Event] = []
    dropped: list[Dropped] = []
    last_dyad: tuple[EventActor, ...] = ()
    quote_index = QuoteIndex(quotes)  # once per article: which quote an event's words are in
    for piece in parsed.pieces:
        for sent in doc_sents(piece.doc):
            try:
                start = piece.offset + sent.start_char
                if any(start <= h < piece.offset + sent.end_char for h in hits):
                    continue
                ctx = SentenceContext(text, piece.offset, sent, lookup, quotes, last_dyad, quote_index)
                for ev in _sentence_events(ctx, lexicon):
                    if not political_event(ev):
                        continue
                    ev = place_event(_dated(ev, published, time_index, sent, piece.offset), sent, piece.offset, place_index, published)
                    found.append(ev)
                    if ev.source and ev.target:
                        last_dyad = ev.source + ev.target
            except Exception as exc:  # noqa: BLE001 - one bad sentence must not sink the article
                start = piece.offset + sent.start_char
                log.warning("events: dropped a sentence at %d", start, exc_info=True)
                dropped.append(Dropped(layer="events", start=start, end=piece.offset + sent.end_char,
                                       reason=f"sentence: {exc!r}"))  # fmt: skip
    starts = [piece.offset + sent.start_char for piece in parsed.pieces for sent in doc_sents(piece.doc)]
    if not political_article(found, len(starts)):
        return FoundEvents(events=(), dropped=tuple(dropped), political=False)
    lead_end = starts[LEAD_SENTENCES] if len(starts) > LEAD_SENTENCES else len(text)
    events = merge_duplicates(scene_places(found, lead_end, place_index))
    calibration = load_calibration()
    if calibration is not None:
        events = tuple(calibration.apply(ev) for ev in events)
    return FoundEvents(events=events, dropped=tuple(dropped), political=True)


def _dated(ev: Event, published: date | None, time_index: TimeIndex | None, sent: Span, offset: int) -> Event:
    when: date | None = None
    precision: str | None = None
    if time_index is not None:
        # the time its own clause attaches to it (dates.py), else the sentence's, the narrative's, publication;
        # an asserted past-tense event is never dated after publication (a future date means intended)
        found = clause_date(ev, sent, offset, time_index) if isinstance(time_index, ClauseTimes) else None
        if found is not None:
            when, precision = found
        else:
            when, precision = time_index.for_span(ev.trigger_start, ev.trigger_end, asserted=ev.modality == "asserted")
    if when is None:
        when, precision = published, "day"
    return _replace(ev, date=when, date_precision=precision if when else None)


def _replace(ev: Event, **changes: object) -> Event:
    from dataclasses import replace

    return replace(ev, **changes)  # type: ignore[arg-type]


def _sentence_events(ctx: SentenceContext, lex: Lexicon) -> list[Event]:
    sent = ctx.sent
    matches: dict[int, Match] = {}
    doc, table = sent.doc, token_table(sent.doc)
    for i in range(sent.start, sent.end):
        lower, lemma = table.lower[i], table.lemma[i] or table.lower[i]
        if not lex.heads(lemma, lower):
            continue  # no trigger can head here (the lexicon is keyed by these words)
        if not may_trigger(doc[i]):
            continue
        m = find_trigger(doc[i], lex)
        if m is not None:
            matches[i] = m
    for m in list(matches.values()):
        for t in m.tokens[1:]:
            matches.pop(t.i, None)
    for i, m in list(matches.items()):
        if (
            m.entry.pos == "NOUN"
            and m.head.dep_ in ("conj", "compound", "nsubj")
            and m.head.head.i in matches
        ):
            del matches[i]  # "meeting and talks", "summit meetings", "attacks killed": one event
    inner: dict[int, list[Match]] = {}
    free: list[Match] = []
    for m in matches.values():
        gov = _governor(m.head, matches, lex)
        if gov is None:
            free.append(m)
        else:
            inner.setdefault(gov.head.i, []).append(m)
    main = [m for m in free if not _subordinate(m.head, _carried(m, lex))]
    # background triggers count only when the main clause's are all imported verbs that gave no event
    rest = [m for m in free if m not in main] if main and all(m.entry.needs for m in main) else []
    if main:
        free = main
    events: list[Event] = []
    for m in (*free, *rest):
        if events and m in rest:
            break
        nested = inner.get(m.head.i, [])
        if (
            m.entry.pattern[0] == "deny"
            and m.entry.pos == "VERB"
            and any(n.entry.pos == "VERB" for n in nested)
        ):
            for n in nested:  # "denied attacking": the attack, reported false
                ev = _event(ctx, n, lex, code=n.entry.cameo, modality="denied")
                if ev is not None:
                    events.append(ev)
            continue
        code, at = m.entry.cameo, m.head.i
        for n in sorted(nested, key=lambda x: abs(x.head.i - at)):
            if (
                m.head.lemma_.lower() in _COMMISSIVE and n.entry.cameo[:2] in CONFLICT_ROOTS
                and n.head.dep_ == "xcomp" and n.head.head.i == m.head.i
            ):  # fmt: skip
                code = specialise("130", n.entry.cameo)  # "vowed to attack": CAMEO's threat, 13x
            else:
                code = specialise(code, n.entry.cameo)
            break
        ev = _event(ctx, m, lex, code=code)
        if ev is not None:
            events.append(ev)
        elif m.entry.needs:  # an imported verb without its actors absorbs nothing
            events.extend(e for n in nested if (e := _event(ctx, n, lex, code=n.entry.cameo)) is not None)
    if not events:  # "during demonstrations against X": the only event is a noun aimed at someone
        for m in free:
            if (
                m.entry.pos == "NOUN"
                and _aimed(m.head)
                and (ev := _event(ctx, m, lex, code=m.entry.cameo, loose=True))
            ):
                events.append(ev)
                break
    events.extend(statement_events(ctx, lex, matches))
    events.extend(obligations(ctx, lex, matches))
    return [r for ev in events for r in _reciprocal(ev)]


#: PLOVER types where conjoined subjects with no object act on each other ("X and Y met", "X and Y agreed").
_SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})


def _reciprocal(ev: Event) -> list[Event]:
    """"X and Y met": one event per side, each with the others as target (PETRARCH codes compound subjects of
    an objectless symmetric verb both ways). Members of one country are one side."""
    if ev.target or ev.plover not in _SYMMETRIC or len({a.code for a in ev.source}) < 2:
        return [ev]
    out: list[Event] = []
    for a in ev.source:
        others = tuple(b for b in ev.source if b.code != a.code and (b.country or b.code) != (a.country or a.code))
        if others and not any(a.code == x.source[0].code for x in out):
            out.append(_replace(ev, source=(a,), target=others))
    return out or [ev]


def _modality(trig: Token, verb: Token, default: str | None) -> str:
    """A noun trigger takes the modality of a modal noun above it ("possibilities for cooperation"),
    else that of its carrying verb."""
    cur = trig
    while cur is not verb and cur.head is not cur and cur.i != verb.i:
        cur = cur.head
        if cur.pos_ == "NOUN" and (found := modal_noun(cur)):
            return found
    if verb is not trig:  # "sees possibilities for cooperation" with "for" on the verb
        for c in verb.children:
            if c.dep_ == "dobj" and (found := modal_noun(c)):
                return found
    return modality_of(verb, default)


def _carried(m: Match, lex: Lexicon) -> bool:
    return m.entry.pos != "NOUN" or _carrier(_syntactic_noun(m.head), lex) is not None


def _aimed(noun: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("against", "with", "between") for c in noun.children)


def _nearest_verb(tok: Token) -> Token | None:
    for a in tok.ancestors:
        if a.pos_ == "VERB" and _has_subject(a):
            return a
    return None


def _event(
    ctx: SentenceContext,
    m: Match,
    lex: Lexicon,
    *,
    code: str,
    modality: str | None = None,
    loose: bool = False,
) -> Event | None:
    cod = coding(code)
    if cod is None:
        return None
    trig = m.head
    pattern = m.tokens
    rule = "events:" + ("verb" if m.entry.pos == "VERB" else "noun")
    confidence = 0.7
    sources: list[EventActor] = []
    targets: list[EventActor] = []
    candidates: list[Token] = []
    first, last = min(pattern, key=lambda t: t.i), max(pattern, key=lambda t: t.i)
    if m.entry.pos == "VERB":
        verb = trig
        if len(pattern) > 1:
            rule += "+dep"
    else:
        trig = _syntactic_noun(trig)
        carrier = _carrier(trig, lex)
        mods = actor_modifiers(trig)
        if carrier is None and loose:
            carrier = _nearest_verb(trig)
            confidence -= 0.1
        if carrier is None and not mods:
            return None
        verb = carrier if carrier is not None else trig
        if carrier is not None:
            rule = "events:light-verb" if carrier.lemma_.lower() in lex.light else "events:noun-object"
            if 0 < first.i - carrier.i <= 4:
                first = carrier
        else:
            confidence -= 0.1
        for tok in mods:
            sources.extend(ctx.resolve(tok))
        for t in prep_objects(trig, NOUN_TARGET_PREPS, pattern):
            candidates.append(t)
            if t.head.lower_ == "between" and not sources and carrier is None:
                sources.extend(ctx.resolve(t))
            else:
                targets.extend(ctx.resolve(t))
        for c in trig.children:  # "promises of help with X": the object of "of" carries the event's preps
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        targets.extend(
                            a for t in prep_objects(g, NOUN_TARGET_PREPS, pattern) for a in ctx.resolve(t)
                        )
    subj_tokens: list[Token] = []
    if verb is not trig or m.entry.pos == "VERB":
        subj, psubj, _passive = subjects(verb)
        subj_tokens = [*subj, *psubj]
        if (verb is not trig and verb.lemma_.lower() in _PATIENT_CARRIERS) or verb.lemma_.lower() in UNACCUSATIVE:
            for tok in subj:  # "eight Mexicans died in the attack", "X faced attacks": the subject undergoes it
                candidates.append(tok)
                targets.extend(ctx.resolve(tok))
        elif not sources:
            for tok in subj:
                sources.extend(ctx.resolve(tok))
        for tok in psubj:
            candidates.append(tok)
            targets.extend(ctx.resolve(tok))
        for tok in targets_of(verb, pattern):
            candidates.append(tok)
            targets.extend(ctx.resolve(tok))
    trigger_start, trigger_end = ctx.span(first, last)
    qi = ctx.quote_at(trigger_start)
    first_person = any(t.lower_ in FIRST_PERSON for t in subj_tokens) or any(
        s.text.lower() in FIRST_PERSON for s in sources
    )
    if qi is not None and (
        first_person
        or (not sources and not subj_tokens and cod.plover in SPEECH_ACTS)
        or (not sources and _speaker_pronoun(subj_tokens, ctx.quotes[qi]))
    ):
        # the speaker is the source of what "we" do, of what a pronoun agreeing with the speaker does ("Chile
        # said it will ..."), and of a subjectless speech act ("Condemns the attack", X said); never of a
        # reported event with another subject or none ("two were killed, police said": not the police)
        speaker = ctx.speaker_actor(qi)
        if speaker:
            sources = speaker
            rule += "+speaker"
    if not targets:
        extra = [*pattern[1:], *candidates] + [
            c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp")
        ]
        targets = ctx.actors_within(extra, sources)
        if not targets:  # "lifted the curfew in X": the place where it happens
            targets = [a for t in prep_objects(verb, frozenset({"in"}), ()) for a in ctx.resolve(t)]
            targets = [a for a in targets if not any(a.code == s.code for s in sources)]
        if targets:
            confidence -= 0.1
    targets = [t for t in targets if not any(s.start < t.end and t.start < s.end for s in sources)]
    sources, targets = unique_actors(sources), unique_actors(targets)
    if sources and targets:
        confidence += 0.15
    elif not sources:
        confidence -= 0.15
    mood = modality or _modality(m.head, verb, m.entry.modality)
    neg = negated(verb, trig)
    code = cod.cameo
    if neg and cod.plover == "AGREE":  # "will not accept", "failed to agree": a refusal
        code, neg, rule = specialise("120", code), False, rule + "+refusal"
    say = reporting_verb(verb, ctx, lex)
    if (
        say is not None and mood == "hypothetical" and verb is trig
        and any(c.lower_ == "would" for c in verb.children) and same_speaker(verb, say, sources, ctx)
    ):  # fmt: skip
        mood = "intended"  # "they said they would meet if ...": a conditional offer is still an offer
    if say is not None and m.entry.modality is None and mood in ("intended", "requested"):
        recoded = stated(code, mood)
        if recoded != code:
            code, rule = recoded, rule + "+stated"
            if mood == "requested":  # "X said Y must ...": a demand by X of Y
                speakers = [a for tok in subjects(say)[0] for a in ctx.resolve(tok)]
                if speakers:
                    sources, targets = speakers, sources
    if code != cod.cameo:
        recod = coding(code)
        if recod is None:
            return None
        cod = recod
    if bool(sources) + bool(targets) < m.entry.needs:
        return None  # imported verbs code acts between actors (TriggerEntry.needs)
    return ctx.event(
        cod, sources, targets, trigger_start, trigger_end, rule=rule, modality=mood, negated=neg,
        confidence=round(max(0.1, min(confidence, 0.95)), 2), quote_index=qi,
    )


_SINGULAR_PERSON = frozenset({"he", "she"})
_PLURAL = frozenset({"they"})


def _speaker_pronoun(subj: Sequence[Token], quote: Quote) -> bool:
    """The reported clause's subject is one third-person pronoun that agrees with the speaker in number and
    person-hood: "it" for a state or body, "he"/"she" for a person, "they" for a plural or a body."""
    if len(subj) != 1 or subj[0].pos_ != "PRON" or quote.speaker is None:
        return False
    word, spoken = subj[0].lower_, quote.speaker.text.lower()
    if word == "it":
        return spoken not in _SINGULAR_PERSON | _PLURAL
    if word in _SINGULAR_PERSON:
        return spoken not in ("it", "they") and not spoken.endswith("s")
    if word in _PLURAL:
        return spoken not in _SINGULAR_PERSON | {"it"}
    return False


def merge_duplicates(events: Iterable[Event]) -> tuple[Event, ...]:
    """One event per (type, code, source, target, modality, polarity) within an article, when both sides are
    known; the first mention is kept, with the highest confidence seen and every other mention's trigger and
    sentence in ``evidence`` (same trigger twice is always merged). A kept mention without a place takes the
    first place a merged mention has (with its ``+place:`` rule). The evidence of each kept event is
    gathered in a list with a set beside it and frozen once at the end (adding to a tuple and searching it
    for every merge was quadratic when one event is reported thousands of times)."""
    kept: dict[tuple[object, ...], Event] = {}
    merged: dict[tuple[object, ...], tuple[list[EventMention], set[EventMention], list[float]]] = {}
    order: list[tuple[object, ...]] = []
    for ev in events:
        codes = (tuple(sorted(a.code for a in ev.source)), tuple(sorted(a.code for a in ev.target)))
        if ev.source and ev.target:
            key: tuple[object, ...] = (ev.plover, ev.cameo, *codes, ev.modality, ev.negated)
        else:
            key = ("trigger", ev.trigger_start, ev.trigger_end, ev.cameo)
        old = kept.get(key)
        if old is None:
            kept[key] = ev
            order.append(key)
            continue
        mention = EventMention(
            trigger_start=ev.trigger_start, trigger_end=ev.trigger_end, trigger_text=ev.trigger_text,
            sentence_start=ev.sentence_start, sentence_end=ev.sentence_end,
        )  # fmt: skip
        evidence, seen, confidence = merged.setdefault(key, (list(old.evidence), set(old.evidence), [old.confidence]))
        same_place = (ev.trigger_start, ev.trigger_end) == (old.trigger_start, old.trigger_end)
        if not same_place and mention not in seen:
            evidence.append(mention)
            seen.add(mention)
        confidence[0] = max(confidence[0], ev.confidence)
        if old.location is None and ev.location is not None:  # a later report of it says where
            place = ev.rule[ev.rule.index("+place:"):] if "+place:" in ev.rule else ""
            kept[key] = _replace(old, location=ev.location, rule=old.rule + place)
    for key, (evidence, _, confidence) in merged.items():
        kept[key] = _replace(kept[key], confidence=confidence[0], evidence=tuple(evidence))
    return tuple(kept[k] for k in order)

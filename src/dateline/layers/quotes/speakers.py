"""Speakers of quotes: the subject of a reporting cue, as a name span, a description and a resolved name.

``speaker_of(cue)`` finds the token that says something: the cue's subject (``Putin said``), the subject
after the verb (``said Putin``), the subject of the verb a participle hangs from (``..., adding``), the
object of ``according to``, or the subject of the passive ``was quoted as saying``. ``SpeakerFinder`` turns
that token into offsets: the name (an entity when the token is in one, else the noun phrase without its
apposition and relative clause), the apposition as a description ("Cheong Seong-chang, a researcher at the
Sejong Institute"), and a display name: the actors resolver's when it knows the span, else a short name
expanded to the article's full name ("Kim" -> "Kim Jong Un"), a pronoun to the nearest fitting antecedent.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ...model import Entity, Speaker
from ..actors import ActorLookup

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS | {"you"}
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
SPEAKER_REACH = 2000  # characters back to look for the speaker a pronoun refers to (the quotes layer's own
# setting, apart from the actors layer's ANTECEDENT_REACH; making them one value would change output)
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_TIME_WORDS = frozenset(
    {"today", "yesterday", "tonight", "tomorrow", "week", "month", "year", "day", "night"}
)
_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp", "prep", "pobj"})
_NP_DROP = frozenset({"relcl", "appos", "acl", "punct", "advcl", "cc", "conj", "prep", "det", "case"})
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "president"}
)


def _temporal(tok: Token) -> bool:
    """A date or number the parser took for a subject ("Tuesday said"); "the 46-year-old said" is a speaker."""
    return tok.ent_type_ in _NOT_SPEAKERS and (tok.pos_ in ("PROPN", "NUM") or tok.lower_ in _TIME_WORDS)


def _nowhere(tok: Token) -> bool:
    return False


def speaker_of(
    cue: Token, *, phrase_end: Token | None = None, filed: Callable[[Token], bool] = _nowhere
) -> Token | None:
    """The token naming who says what ``cue`` reports, or None. A subject for which ``filed`` is true (a wire
    dateline the parser made a subject, ``SpeakerFinder.filed``) is passed over for the next one."""
    if phrase_end is not None and phrase_end.lower_ == "to":  # according to X
        for child in phrase_end.children:
            if child.dep_ == "pobj":
                return child
        return None
    tok: Token | None = cue
    for _ in range(4):
        if tok is None:
            break
        for child in tok.children:
            if child.dep_ in _SUBJECTS and not _temporal(child):
                dateline = filed(child)
                if dateline or (child.text.isupper() and len(child.text) > 2):  # "WASHINGTON -- President X said"
                    for appos in child.rights:
                        if appos.dep_ == "appos" and not filed(appos) and not _temporal(appos):
                            return appos
                    if dateline:
                        continue
                return child
        if tok.dep_ == "relcl" and tok.head.i < tok.i:
            return None
        if tok.dep_ in _CLIMB and tok.head is not tok:
            tok = tok.head
            continue
        break
    # Inverted order the parser read as an object: '"...," said Kim Jong-dae'
    if cue.lemma_ not in ("tell", "ask", "call", "describe", "urge", "thank", "praise", "accuse", "blame"):
        for child in cue.rights:
            if (
                child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dative")
                and child.pos_ == "PROPN"
                and child.ent_type_ not in _NOT_SPEAKERS
            ):
                return child
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerPhrase:
    """A speaker's name span, its description (apposition) span if any, and the display name."""

    start: int
    end: int
    name: str | None
    description: tuple[int, int] | None = None
    actor: str | None = None

    def as_speaker(self, text: str) -> Speaker:
        return Speaker(
            start=self.start, end=self.end, text=text[self.start : self.end], name=self.name, actor=self.actor
        )


class SpeakerFinder:
    """Builds ``SpeakerPhrase``s for one article: knows its text, entities and actor lookup."""

    def __init__(self, text: str, entities: Sequence[Entity], lookup: ActorLookup) -> None:
        self.text = text
        self.lookup = lookup
        self.entities = sorted(
            (e for e in entities if e.field == "text" and e.label in SPEAKER_LABELS), key=lambda e: e.start
        )
        self._starts = [e.start for e in self.entities]
        self._filed = [(e.start, e.end) for e in self.entities if e.rule == "dateline"]

    def filed(self, base: int) -> Callable[[Token], bool]:
        """Whether a token of the Doc at ``base`` lies in a wire dateline ("BEIJING (10 March 2023) - Saudi
        Arabia and Iran agreed ..."): the place the story was filed from, which the parser may take for a
        subject, is never the speaker."""
        spans = self._filed
        return lambda tok: any(s <= base + tok.idx < e for s, e in spans)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The speaker-like entity overlapping ``[start, end)`` (the longest when several do)."""
        i = bisect_right(self._starts, end) - 1
        best: Entity | None = None
        while i >= 0:
            e = self.entities[i]
            if e.end <= start and e.start < start - 200:
                break
            if e.start < end and start < e.end and (best is None or e.end - e.start > best.end - best.start):
                best = e
            i -= 1
        return best

    def phrase(self, tok: Token, base: int) -> SpeakerPhrase | None:
        """The speaker phrase headed by ``tok`` (offsets shifted by ``base``, the Doc's offset)."""
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PRONOUNS:
            s, e = base + tok.idx, base + tok.idx + len(tok)
            antecedent = self._antecedent(tok, base)
            if antecedent is not None:  # the grammar says who it is: "X slammed what he called ..."
                return SpeakerPhrase(start=s, end=e, name=antecedent.name, actor=antecedent.actor)
            name = (
                None if low in PERSON_PRONOUNS else self.nearest_entity(s, frozenset({"ORG", "GPE", "NORP"}))
            )
            return self._finish(s, e, name, None)
        ent = self.entity_at(base + tok.idx, base + tok.idx + len(tok))
        if ent is not None:
            s, e = ent.start, ent.end
        else:
            s, e = self._np(tok, base)
        if e <= s:
            return None
        desc: tuple[int, int] | None = None
        for child in tok.rights:
            if child.dep_ == "appos":
                ds, de = base + child.left_edge.idx, base + child.right_edge.idx + len(child.right_edge)
                ds, de = _trim(self.text, ds, de)
                if de > ds:
                    desc = (ds, de)
                break
        name = self._full_name(s, e, ent)
        return self._finish(s, e, name, desc, own_name=ent is None)

    def _finish(
        self, s: int, e: int, name: str | None, desc: tuple[int, int] | None, *, own_name: bool = False
    ) -> SpeakerPhrase:
        """Ask the actors resolver about the span (then its description). A name (or pronoun) takes the
        resolver's name for the actor; a description ("the head of the ruling party") keeps its words."""
        resolved = self.lookup.actor_at(s, e)
        if resolved is None and desc is not None:
            resolved = self.lookup.actor_at(*desc)
        if resolved is not None:
            shown = name if own_name and name else resolved.name or name
            return SpeakerPhrase(start=s, end=e, name=shown, description=desc, actor=resolved.code)
        return SpeakerPhrase(start=s, end=e, name=name, description=desc)

    def _np(self, tok: Token, base: int) -> tuple[int, int]:
        """The noun phrase headed by ``tok`` without relative clauses, appositions and leading determiners."""
        left, right = tok, tok
        for child in tok.lefts:
            if child.dep_ not in _NP_DROP:
                left = min(left, child.left_edge, key=lambda t: t.i)
                break
        for child in tok.rights:
            if child.dep_ in ("prep",) and child.lower_ in ("of", "for", "at", "in", "from", "with"):
                right = max(right, child.right_edge, key=lambda t: t.i)
            elif child.dep_ in ("compound", "flat", "nummod"):
                right = max(right, child.right_edge, key=lambda t: t.i)
            else:
                break
        return _trim(self.text, base + left.idx, base + right.idx + len(right))

    def _full_name(self, s: int, e: int, ent: Entity | None) -> str:
        """A short person name expanded to the nearest earlier full name containing it; else the span."""
        span = self.text[s:e]
        words = [w for w in span.split() if w.lower() not in _HONORIFICS]
        if ent is not None and ent.label == "PERSON" and len(words) == 1:
            i = bisect_right(self._starts, s) - 1
            while i >= 0:
                other = self.entities[i]
                if (
                    other.label == "PERSON"
                    and other.end <= s
                    and words[0] in other.text.split()
                    and len(other.text) > len(words[0])
                ):
                    return other.text
                i -= 1
        if words and words != span.split() and ent is not None:
            return " ".join(words)
        low = span.lower()
        for det in ("the ", "a ", "an "):
            if low.startswith(det):
                return span[len(det) :]
        return span

    def _antecedent(self, tok: Token, base: int) -> SpeakerPhrase | None:
        """A pronoun's antecedent fixed by the sentence itself: the noun a relative clause hangs from
        ("Sanders, who said"), or the subject of a governing clause ("X slammed what he called ...")."""
        low = tok.lower_
        if low in RELATIVE_PRONOUNS:
            verb = tok.head
            if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN"):
                return self.phrase(verb.head, base)
            return None
        if low not in PERSON_PRONOUNS:
            return None
        anc = tok.head
        for _ in range(6):
            if anc.head is anc:
                break
            anc = anc.head
            for child in anc.children:
                if child.dep_ in _SUBJECTS and child.i < tok.i and child.pos_ in ("PROPN", "NOUN"):
                    return self.phrase(child, base)
        return None

    def nearest_entity(self, pos: int, labels: frozenset[str]) -> str | None:
        """The name of the nearest entity with one of ``labels`` ending before ``pos``."""
        ent = self._nearest(pos, labels)
        return None if ent is None else self._full_name(ent.start, ent.end, ent)

    def _nearest(self, pos: int, labels: frozenset[str]) -> Entity | None:
        i = bisect_right(self._starts, pos) - 1
        while i >= 0 and pos - self.entities[i].start < SPEAKER_REACH:
            ent = self.entities[i]
            if ent.label in labels and ent.end <= pos:
                return ent
            i -= 1
        return None

    def name_pronouns(self, speakers: Sequence[Speaker]) -> dict[tuple[int, int], Speaker]:
        """Names and actors for personal-pronoun speakers (``he said``) the actors resolver left
        unresolved: the latest earlier speaker that can be a person (a news agency cannot be "he"), else
        the nearest earlier PERSON entity. Keyed by the pronoun's span."""
        named: list[tuple[int, Speaker]] = []
        for sp in speakers:
            if sp.name and sp.text.lower() not in PRONOUNS:
                ent = self.entity_at(sp.start, sp.end)
                if ent is None or ent.label == "PERSON":
                    named.append((sp.start, sp))
        named.sort(key=lambda x: x[0])
        starts = [p for p, _ in named]
        out: dict[tuple[int, int], Speaker] = {}
        for sp in speakers:
            if (
                sp.name is not None
                or sp.actor is not None
                or sp.text.lower() not in PERSON_PRONOUNS - {"i", "me"}
            ):
                continue
            i = bisect_right(starts, sp.start - 1) - 1
            if i >= 0 and sp.start - starts[i] < SPEAKER_REACH:
                prev = named[i][1]
                out[(sp.start, sp.end)] = Speaker(
                    start=sp.start, end=sp.end, text=sp.text, name=prev.name, actor=prev.actor
                )
            elif (ent := self._nearest(sp.start, frozenset({"PERSON"}))) is not None:
                resolved = self.lookup.actor_at(ent.start, ent.end)
                name = self._full_name(ent.start, ent.end, ent)
                out[(sp.start, sp.end)] = Speaker(
                    start=sp.start,
                    end=sp.end,
                    text=sp.text,
                    name=name,
                    actor=resolved.code if resolved else None,
                )
        return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–-\"“”'‘’("):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-\"“”'‘’)"):
        e -= 1
    return s, e

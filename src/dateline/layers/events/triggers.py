"""Event triggers: the lexicon in ``triggers.tsv`` and matching it against parsed tokens.

A trigger is a verb ("slammed"), a verb with a particle, preposition or object ("warned against", "lifted
sanctions"), an event noun ("talks", "air strike"), or an event noun carried by a light verb ("held talks",
"launched strikes"). Matching is by lemma over the dependency parse, so it survives inflection and word order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from ...data import read_tsv
from .codes import PLOVER_TYPES, cameo_codes, coding, crosswalk, halted, plover_modes
from .patterns import EMPTY, VerbPatterns, load_patterns, match_patterns

_WORD = re.compile(r"^(?:[a-z][a-z-]*|![a-z]+)$")
#: Dependents a multiword verb pattern may use (never auxiliaries, markers or the subject).
_PATTERN_DEPS = frozenset(
    {"prt", "prep", "dobj", "dative", "pobj", "attr", "oprd", "acomp", "nsubjpass", "advmod", "agent"}
)


#: CAMEO roots of material conflict (14 protest, 15 force posture, 17 coerce, 18 assault, 19 fight, 20 mass
#: violence): news reports them with one side as often as with two ("three soldiers were killed", "police
#: detained dozens"), so an imported verb's own code needs one side there; verbal and cooperative acts are
#: between two parties and need both.
_MATERIAL_CONFLICT = frozenset({"14", "15", "17", "18", "19", "20"})
#: Unaccusative verbs: their subject is the one who undergoes the event ("three soldiers died in clashes"),
#: so it is the target; alone ("he died of pneumonia") they name no act by anyone and keep needing two sides.
UNACCUSATIVE = frozenset({"die", "perish", "drown"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    pattern: tuple[str, ...]
    pos: str  # VERB | NOUN | ADJ
    cameo: str
    modality: str | None
    source: str = ""  # where the entry comes from: "triggers.tsv" or "petrarch2:<verb group>"
    #: Resolved sides (source, target) an event needs. PETRARCH-2 codes a verb only between two actors, so
    #: its dictionary is broad ("go", "receive", "die" have codes): a verb's own code needs both sides (one for
    #: material conflict, ``_MATERIAL_CONFLICT``); a pattern (the verb and what it acts on) needs one. Our own
    #: rows need none.
    needs: int = 0


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[TriggerEntry, ...]]  # head verb lemma -> entries, longest pattern first
    nouns: dict[str, tuple[TriggerEntry, ...]]  # head noun lemma -> entries, longest pattern first
    adjectives: dict[str, TriggerEntry]
    light: frozenset[str]
    say: frozenset[str]
    halt: dict[str, tuple[TriggerEntry, ...]]  # halting verbs ("called off the strike"), no code of their own
    patterns: VerbPatterns = EMPTY  # the imported CAMEO verb dictionary (patterns.py): the main verb source
    #: ``heads`` answers by (lemma, form), remembered: every token of every sentence asks
    head_memo: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)

    def heads(self, lemma: str, lower: str) -> bool:
        """Whether a trigger can head at a token with this lemma/form (the lexicon is keyed by these words)."""
        hit = self.head_memo.get((lemma, lower))
        if hit is None:
            hit = (
                lemma in self.verbs or lemma in self.halt or lemma in self.nouns or lower in self.nouns
                or self.patterns.key(lemma, lower) is not None
            )  # fmt: skip
            if len(self.head_memo) >= _MEMO_SIZE:
                self.head_memo.clear()  # bounded: a long run meets ever more rare word forms
            self.head_memo[(lemma, lower)] = hit
        return hit


_MEMO_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger found in a Doc: the head token, the tokens the pattern used, and its entry."""

    head: Token
    tokens: tuple[Token, ...]
    entry: TriggerEntry
    light: Token | None = None  # the light verb carrying a noun trigger ("held" in "held talks")


@functools.cache
def load_lexicon() -> Lexicon:
    verbs: dict[str, list[TriggerEntry]] = {}
    nouns: dict[str, list[TriggerEntry]] = {}
    adjectives: dict[str, TriggerEntry] = {}
    light: set[str] = set()
    say: set[str] = set()
    halt: dict[str, list[TriggerEntry]] = {}
    for _, row in read_tsv("triggers.tsv"):
        words = tuple(row["pattern"].split())
        pos = row["pos"]
        if pos == "LIGHT":
            light.add(words[0])
            continue
        if pos == "SAY":
            say.add(words[0])
            continue
        if pos == "HALT":
            halt.setdefault(words[0], []).append(TriggerEntry(words, pos, "", None, "triggers.tsv"))
            continue
        entry = TriggerEntry(words, pos, row["cameo"], row.get("modality") or None, "triggers.tsv")
        if pos == "VERB":
            verbs.setdefault(words[0], []).append(entry)
        elif pos == "NOUN":
            nouns.setdefault(words[-1], []).append(entry)
        elif pos == "ADJ":
            adjectives[words[0]] = entry
    return Lexicon(
        verbs={k: tuple(sorted(v, key=lambda e: -len(e.pattern))) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda e: -len(e.pattern))) for k, v in nouns.items()},
        adjectives=adjectives,
        light=frozenset(light),
        say=frozenset(say),
        halt={k: tuple(sorted(v, key=lambda e: -len(e.pattern))) for k, v in halt.items()},
        patterns=load_patterns(),
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _dependents(tok: Token) -> Iterable[Token]:
    """Children, and the objects of preposition children ("on" -> "strike" in "went on strike")."""
    for child in tok.children:
        if child.dep_ not in _PATTERN_DEPS:
            continue
        yield child
        if child.dep_ in ("prep", "agent", "dative"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    yield grand


def _match_verb(tok: Token, entries: tuple[TriggerEntry, ...]) -> Match | None:
    deps = list(_dependents(tok))
    for entry in entries:
        used = [tok]
        if any(w.startswith("!") and any(c.dep_ == w[1:] for c in tok.children) for w in entry.pattern):
            continue  # "demonstrate !dobj": intransitive only ("demonstrated the capabilities" is not a protest)
        for word in (w for w in entry.pattern[1:] if not w.startswith("!")):
            hit = next((d for d in deps if _lemma(d) == word and d not in used), None)
            if hit is None:
                break
            used.append(hit)
        else:
            return Match(tok, tuple(used), entry)
    return None


def _match_noun(tok: Token, entries: tuple[TriggerEntry, ...]) -> Match | None:
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
    for entry in entries:
        used = [tok]
        for word in entry.pattern[:-1]:
            hit = next((m for m in mods if _lemma(m) == word), None)
            if hit is None:
                break
            used.append(hit)
        else:
            return Match(tok, tuple(sorted(used, key=lambda t: t.i)), entry)
    return None


def _match_halt(tok: Token, lex: Lexicon) -> Match | None:
    """A halting verb with an event noun as its object: "called off the strike" -> the halt of a strike."""
    verb = _match_verb(tok, lex.halt[_lemma(tok)])
    if verb is None:
        return None
    for obj in tok.children:
        if obj.dep_ not in ("dobj", "nsubjpass"):
            continue
        entries = lex.nouns.get(_lemma(obj))
        noun = _match_noun(obj, entries) if entries else None
        code = halted(noun.entry.cameo) if noun is not None else None
        if noun is not None and code is not None:
            entry = TriggerEntry(
                verb.entry.pattern + (noun.entry.pattern[-1],), "VERB", code, None, "triggers.tsv"
            )
            return Match(tok, (*verb.tokens, *noun.tokens), entry)
    return None


def _imported(tok: Token, lex: Lexicon) -> tuple[Match | None, bool]:
    """The imported dictionary's match, and whether a pattern (not just the verb) matched. A pattern that
    codes nothing, or a public statement without a PLOVER type ("said" 010), gives no Match: such a verb
    must not become a trigger that absorbs the events it reports."""
    found = match_patterns(tok, lex.patterns)
    if found is None:
        return None, False
    if not found.cameo or coding(found.cameo) is None:
        return None, found.pattern is not None
    own = next((e for e in lex.verbs.get(_lemma(tok), ()) if len(e.pattern) == 1), None)
    # the words a pattern needs before the verb (a subject, a passive subject: "hostages were freed") are
    # conditions, not part of the trigger span; they stay arguments
    used = (tok, *(t for t in found.tokens[1:] if t.i > tok.i))
    words = (found.verb, *(_lemma(t) for t in used[1:]))
    conflict = found.cameo[:2] in _MATERIAL_CONFLICT and found.verb not in UNACCUSATIVE
    needs = 1 if found.pattern is not None or conflict else 2
    entry = TriggerEntry(
        words, "VERB", found.cameo, own.modality if own else None, f"petrarch2:{found.group}", needs
    )
    return Match(tok, used, entry), found.pattern is not None


def _only_prepositions(m: Match | None) -> bool:
    """A match whose pattern used only prepositions (no word the verb acts on): no more specific than the verb."""
    return m is not None and all(t.dep_ in ("prep", "agent", "dative", "prt") for t in m.tokens[1:])


def find_trigger(tok: Token, lex: Lexicon) -> Match | None:
    """The trigger headed by ``tok``, if any (verbs by lemma and dependents, nouns by lemma and modifiers).

    Verbs, in order: our own multiword rows (documented additions for gaps in the imported dictionary); the
    imported dictionary's most specific pattern (one that codes nothing stops here); a halting verb with an
    event noun as object; our own single-verb rows (documented gaps and codebook corrections); the imported
    verb's own code."""
    lemma = _lemma(tok)
    if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB")):
        if tok.dep_ in ("amod", "compound"):
            return None  # "the besieged town": a participle describing a noun, not an event
        entries = lex.verbs.get(lemma)
        verb = _match_verb(tok, entries) if entries else None
        if verb is not None and len(verb.entry.pattern) > 1:
            return verb  # an explicit pattern ("call off strike") beats the general halting rule
        imported, by_pattern = _imported(tok, lex)
        if by_pattern and not (verb is not None and _only_prepositions(imported)):
            return imported  # (our own row beats a pattern of bare prepositions: "sue for" is still "sue")
        halted = _match_halt(tok, lex) if lemma in lex.halt else None
        if halted is not None:
            return halted
        if verb is None and entries and any(w.startswith("!") for e in entries for w in e.pattern):
            return None  # our row forbids this use ("demonstrate !dobj"): not the imported verb code either
        return verb if verb is not None else imported
    if tok.pos_ in ("NOUN", "PROPN"):
        entries = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
        if entries:
            return _match_noun(tok, entries)
    return None


def validate_triggers() -> list[str]:
    """Problems in triggers.tsv as ``path:line: problem``."""
    problems: list[str] = []
    codes = cameo_codes()
    seen: set[tuple[str, str]] = set()
    for lineno, row in read_tsv("triggers.tsv"):
        where = f"triggers.tsv:{lineno}"
        pattern, pos, code = row.get("pattern", ""), row.get("pos", ""), row.get("cameo", "")
        words = pattern.split()
        if not words or any(not _WORD.match(w) for w in words):
            problems.append(f"{where}: pattern {pattern!r} must be lower-case lemmas")
        if (pattern, pos) in seen:
            problems.append(f"{where}: duplicate trigger {pattern!r} ({pos})")
        seen.add((pattern, pos))
        if pos in ("LIGHT", "SAY", "HALT"):
            if code:
                problems.append(f"{where}: {pos} rows carry no CAMEO code")
            continue
        if pos not in ("VERB", "NOUN", "ADJ"):
            problems.append(f"{where}: unknown pos {pos!r}")
            continue
        if code not in codes:
            problems.append(f"{where}: CAMEO code {code!r} is not in cameo_codes.tsv")
            continue
        cod = coding(code)
        plover, mode = row.get("plover", ""), row.get("mode", "")
        if cod is None:
            if plover:
                problems.append(f"{where}: CAMEO {code} has no PLOVER type, but the row gives {plover!r}")
        elif plover not in PLOVER_TYPES or plover != cod.plover:
            problems.append(f"{where}: PLOVER type {plover!r} does not match the crosswalk ({cod.plover})")
        elif (mode or None) != cod.mode:
            problems.append(f"{where}: mode {mode!r} does not match the crosswalk ({cod.mode})")
        if row.get("modality") and row["modality"] not in (
            "asserted",
            "intended",
            "hypothetical",
            "requested",
        ):
            problems.append(f"{where}: unknown modality {row['modality']!r}")
    return problems


def preload(lex: Lexicon) -> None:
    """Load now what the layer otherwise loads on first use: each verb's pattern index, the discard
    phrases, the calibration and the code tables (a process that extracts calls this with its other
    loading, so the first articles do not pay for it)."""
    from .confidence import load_calibration
    from .gates import load_discards
    from .patterns import build_indexes

    build_indexes(lex.patterns)
    load_discards()
    load_calibration()
    crosswalk()
    plover_modes()

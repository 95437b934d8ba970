"""CAMEO verb patterns (imported from PETRARCH-2) matched against the dependency parse.

``verb_groups.tsv`` lists verbs by synonym group (with a code of their own, or none) and ``verb_patterns.tsv``
the patterns of each group; both are written by ``tools/import_petrarch_verbs.py`` from PETRARCH-2's
``CAMEO.2.0.txt``. Every pattern of a group applies to every verb of the group. A pattern is a list of
*slots*, each a role and the lemmas that may fill it:

- ``subj:W``   the verb's subject (or the agent of a passive: "was attacked by aircraft");
- ``obj:W``    a direct dependent of the verb: object, passive subject, complement, particle-like adverb;
- ``prt:W``    a particle ("called off");
- ``prep:P`` / ``prep:P>W``  a preposition of the verb, or of a word an earlier slot matched ("lifting of
               immunity"), with its object.

A word ``a_b`` is a phrase: its head (the last word, or the word before ``of``) must fill the slot and the
other words must occur under it ("financial aid"). The most specific matching pattern wins (most slots, then
most words; then one written for this very verb; then the file's order); a pattern with no code matches and
codes nothing. With no pattern matching, the verb's own code applies, if it has one.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...data import parse_tsv, read_tsv
from ...errors import ConfigError
from ...paths import verb_dict_dir
from ..doc_views import token_table

_SUBJ = frozenset({"nsubj", "csubj"})  # the passive subject is the object; the agent is the subject
#: Dependents an ``obj`` slot may be: objects, complements, the passive subject, adverbs and particles. Never
#: a verb: PETRARCH-2's pattern words are nouns ("announced its withdrawal"), and a verb under the verb
#: ("announced it will withdraw") is an event of its own that the events layer nests.
_OBJ = frozenset({"dobj", "dative", "attr", "oprd", "acomp", "nsubjpass", "advmod", "npadvmod", "prt"})
_PRT = frozenset({"prt", "advmod", "prep", "acomp", "advcl"})
_PREP = frozenset({"prep", "agent", "dative", "prt"})
_POBJ = frozenset({"pobj", "pcomp"})
_FUNCTION = frozenset({"of", "and", "the", "a", "an"})
#: Regular inflections, most specific first: "staged" -> "stage", "rallied" -> "rally", "banned" -> "ban".
_INFLECTIONS = (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""),
                ("s", ""))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Slot:
    """One dependent a pattern needs. ``heads``: the lemmas that may fill it (for a ``prep`` slot with an
    object, the object's); ``mods``: per head, the word lists one of which must occur under it."""

    role: str  # subj | obj | prt | prep
    prep: str  # the preposition of a prep slot ("by/with": either), else ""
    heads: frozenset[str]  # empty for a bare preposition
    mods: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (head, alternatives of modifier lists)
    preps: frozenset[str] = frozenset()  # the prepositions ``prep`` allows

    @property
    def words(self) -> int:
        """How specific the slot is: a word it needs counts 2 (a bare preposition 1), modifiers 1 each."""
        extra = min((len(m) for _, alts in self.mods for m in alts), default=0) if self.mods else 0
        return (1 if self.prep else 0) + (2 if self.heads else 0) + extra


@dataclass(frozen=True, slots=True)
class VerbPattern:
    slots: tuple[Slot, ...]
    cameo: str  # "" = the pattern matches and codes nothing
    group: str
    from_verb: str  # the verb the pattern was written for
    order: int  # position in the files
    rank: tuple[int, int] = (0, 0)  # minus (slots, words): sorts the most specific first
    #: per slot, the words one of which must be near the verb (a quick filter before matching)
    needed: tuple[frozenset[str], ...] = ()

    def __post_init__(self) -> None:
        slots, words = _specificity(self.slots)
        object.__setattr__(self, "rank", (-slots, -words))
        needed = tuple(w for s in self.slots for w in (s.heads, s.preps) if w)
        object.__setattr__(self, "needed", needed)


@dataclass(frozen=True, slots=True)
class VerbPatterns:
    """Per verb lemma: its patterns, most specific first, and its own code ("" or absent: none)."""

    patterns: dict[str, tuple[VerbPattern, ...]]
    codes: dict[str, tuple[str, str]]  # verb lemma -> (code, group)
    #: per verb, built on first use: word -> positions of the patterns that need it (their rarest slot)
    index: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.patterns or lemma in self.codes

    def key(self, lemma: str, lower: str) -> str | None:
        """The verb this token is, by its lemma, else by regular English inflection of its form: the model
        sometimes lemmatises a rarer verb wrongly ("staged" -> "stag")."""
        if lemma in self.patterns or lemma in self.codes:
            return lemma
        if lower[-1:] not in ("d", "g", "s"):
            return None  # no regular inflection ends otherwise (and most tokens stop here)
        for end, add in _INFLECTIONS:
            if lower.endswith(end) and len(lower) > len(end) + 2:
                base = lower[: len(lower) - len(end)] + add
                if base in self:
                    return base
        return None


EMPTY = VerbPatterns(patterns={}, codes={})


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """A verb matched: the pattern (None for the verb's own code), the tokens its slots used, the code."""

    verb: str  # the verb's lemma in the dictionary
    pattern: VerbPattern | None
    tokens: tuple[Token, ...]
    cameo: str
    group: str


def parse_slot(spec: str) -> Slot:
    """``obj:aid|financial_help`` -> a Slot (see the module docstring)."""
    role, _, rest = spec.partition(":")
    prep = ""
    if role == "prep":
        prep, _, rest = rest.partition(">")
    heads: set[str] = set()
    mods: dict[str, list[tuple[str, ...]]] = {}
    for alt in rest.split("|") if rest else ():
        words = alt.split("_")
        at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
        head = words[at]
        heads.add(head)
        mods.setdefault(head, []).append(
            tuple(w for i, w in enumerate(words) if i != at and w not in _FUNCTION)
        )
    if role == "prt":
        heads, mods = {rest}, {rest: [()]}
    packed = tuple((h, tuple(alts)) for h, alts in mods.items() if all(alts))
    return Slot(role, prep, frozenset(heads), packed, frozenset(prep.split("/")) if prep else frozenset())


def _specificity(slots: tuple[Slot, ...]) -> tuple[int, int]:
    return len(slots), sum(s.words for s in slots)


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    folder = verb_dict_dir()
    if folder is None:
        return read_tsv(name)
    path = folder / name
    if not path.is_file():
        raise ConfigError(f"DATELINE_VERBS={folder}: {name} not found (write it with tools/import_petrarch_verbs.py)")
    return parse_tsv(path.read_text("utf-8"))


@functools.cache
def load_patterns() -> VerbPatterns:
    """The imported dictionary, loaded once: the packaged PETRARCH-2 one, or a user's own that replaces it
    (``$DATELINE_VERBS``, see ``paths.verb_dict_dir``)."""
    by_group: dict[str, list[VerbPattern]] = {}
    order = 0
    slot_cache: dict[str, Slot] = {}

    def slots_of(text: str) -> tuple[Slot, ...]:
        out = []
        for spec in text.split():
            if spec not in slot_cache:
                slot_cache[spec] = parse_slot(spec)
            out.append(slot_cache[spec])
        return tuple(out)

    for _, row in _rows("verb_patterns.tsv"):
        by_group.setdefault(row["group"], []).append(
            VerbPattern(slots_of(row["slots"]), row["cameo"], row["group"], row.get("from_verb", ""), order)
        )
        order += 1
    patterns: dict[str, list[VerbPattern]] = {}
    codes: dict[str, tuple[str, str]] = {}
    for _, row in _rows("verb_groups.tsv"):
        verb, group, code = row["verb"], row["group"], row["cameo"]
        own = slots_of(row["slots"])
        found = patterns.setdefault(verb, [])
        group_patterns = [p for p in by_group.get(group, ()) if _applies(p, verb)]
        if own:  # a multiword verb ("call off") is a pattern of its verb, and the group's patterns extend it
            found.append(VerbPattern(own, code, group, verb, order))
            order += 1
            found.extend(
                VerbPattern(_join(own, p.slots), p.cameo, group, p.from_verb, p.order) for p in group_patterns
            )
        else:
            if code and verb not in codes:
                codes[verb] = (code, group)
            found.extend(group_patterns)
    ranked = {
        verb: tuple(
            sorted(
                found,
                key=lambda p, v=verb: (p.rank, p.from_verb != v, p.order),  # type: ignore[misc]
            )
        )
        for verb, found in patterns.items()
        if found
    }
    return VerbPatterns(patterns=ranked, codes=codes)


def _applies(p: VerbPattern, verb: str) -> bool:
    """A pattern of only bare prepositions ("threaten (WITH)") is about one verb's valency, which its
    synonyms need not share: it applies to the verb it was written for only. Other patterns name what the
    verb acts on and apply to the whole group."""
    if p.from_verb and all(s.role == "prep" and not s.heads for s in p.slots):
        return p.from_verb == verb
    return True


def _join(own: tuple[Slot, ...], slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    """A multiword verb's own slots plus a pattern's: "ask for" + obj:help -> prep:for>help."""
    last = own[-1]
    if last.role == "prep" and not last.heads and slots and slots[0].role == "obj":
        first = slots[0]
        return (*own[:-1], Slot("prep", last.prep, first.heads, first.mods, last.preps), *slots[1:])
    return (*own, *slots)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def build_indexes(table: VerbPatterns) -> None:
    """Every verb's index now (``match_patterns`` otherwise builds each on first use)."""
    for lemma, found in table.patterns.items():
        if lemma not in table.index:
            table.index[lemma] = _index(found)


def _index(found: tuple[VerbPattern, ...]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for i, p in enumerate(found):
        for w in min(p.needed, key=len, default=()):
            out.setdefault(w, []).append(i)
    return {w: tuple(v) for w, v in out.items()}


def _nearby(verb: Token) -> set[str]:
    """Lemmas and lower-case forms of the words in the verb's subtree (a quick filter before matching),
    from the Doc's token table (no Token objects made)."""
    table = token_table(verb.doc)
    start, end = verb.left_edge.i, verb.right_edge.i + 1
    return {*table.lower[start:end], *table.lemma[start:end]}


class _Nearby:
    """``_nearby`` as a membership test: ``word in near``. Answered from the Doc's word positions (found by bisection), not by
    building the subtree's word set, which on one long sentence cost its length for every verb."""

    __slots__ = ("start", "end", "positions")

    def __init__(self, verb: Token) -> None:
        self.start, self.end = verb.left_edge.i, verb.right_edge.i + 1
        self.positions = _positions(verb.doc)

    def __contains__(self, word: object) -> bool:
        where = self.positions.get(word) if isinstance(word, str) else None
        if not where:
            return False
        i = bisect_left(where, self.start)
        return i < len(where) and where[i] < self.end


_POSITIONS = "dateline.word_positions"


def _positions(doc: Doc) -> dict[str, list[int]]:
    """Per Doc, once: each lower-case form and lemma -> the indices of the tokens that have it, ascending."""
    found = doc.user_data.get(_POSITIONS)
    if found is None:
        table = token_table(doc)
        found = {}
        for i, (lower, lemma) in enumerate(zip(table.lower, table.lemma, strict=True)):
            found.setdefault(lower, []).append(i)
            if lemma != lower:
                found.setdefault(lemma, []).append(i)
        doc.user_data[_POSITIONS] = found
    assert isinstance(found, dict)
    return found


def _fills(tok: Token, slot: Slot) -> bool:
    lemma, lower = _lemma(tok), tok.lower_
    head = lemma if lemma in slot.heads else lower if lower in slot.heads else None
    if head is None:
        return False
    for h, alternatives in slot.mods:
        if h == head:
            under = {w for t in tok.subtree if t is not tok for w in (_lemma(t), t.lower_)}
            return any(all(w in under for w in mods) for mods in alternatives)
    return True


_PREMODIFIERS = frozenset({"amod", "compound", "nmod"})


def _candidates(verb: Token, slot: Slot, used: list[Token]) -> Iterable[Token]:
    if slot.role == "subj":
        for c in verb.children:
            if c.dep_ in _SUBJ:
                yield c
            elif c.dep_ == "agent":
                yield from (g for g in c.children if g.dep_ == "pobj")
    elif slot.role == "obj":
        objects = [c for c in verb.children if c.dep_ in _OBJ and c.pos_ not in ("VERB", "AUX")]
        yield from objects
        # PETRARCH's patterns are linear: "* DIPLOMATIC" is the word after the verb, which in "renewed
        # diplomatic ties" modifies the object; so an object's pre-modifiers may fill an object slot too
        yield from (m for o in objects for m in o.children if m.dep_ in _PREMODIFIERS and m.i < o.i)
    elif slot.role == "prt":
        yield from (c for c in verb.children if c.dep_ in _PRT)
    else:
        for owner in used:
            yield from (c for c in owner.children if c.dep_ in _PREP and c.lower_ in slot.preps)


def _match_slots(verb: Token, slots: tuple[Slot, ...]) -> list[Token] | None:
    used = [verb]
    for slot in slots:
        hit: Token | None = None
        for cand in _candidates(verb, slot, used):
            if cand in used:
                continue
            if slot.role == "prep":
                if not slot.heads:
                    hit = cand
                    break
                obj = next((g for g in _objects(cand) if _fills(g, slot) and g not in used), None)
                if obj is not None:
                    used.append(cand)
                    hit = obj
                    break
            elif _fills(cand, slot):
                hit = cand
                break
        if hit is None:
            return None
        used.append(hit)
    return used


def _objects(prep: Token) -> Iterable[Token]:
    for g in prep.children:
        if g.dep_ in _POBJ:
            yield g
            yield from (c for c in g.children if c.dep_ == "conj")


def match_patterns(tok: Token, table: VerbPatterns) -> PatternMatch | None:
    """The most specific pattern of ``tok``'s lemma that its dependents fill, else its own code, else None.
    A match with ``cameo == ""`` is a pattern that codes nothing."""
    lemma = table.key(_lemma(tok), tok.lower_)
    if lemma is None:
        return None
    found = table.patterns.get(lemma)
    if found:
        index = table.index.get(lemma)
        if index is None:
            index = table.index[lemma] = _index(found)
        near: set[str] | _Nearby
        if 2 * (tok.right_edge.i + 1 - tok.left_edge.i) <= len(index):  # a short subtree: its word set
            near = _nearby(tok)
            candidates = {i for w in near for i in index.get(w, ())}
        else:  # a long one (one long sentence): ask the word positions, not the subtree's every word
            near = _Nearby(tok)
            candidates = {i for w, ids in index.items() if w in near for i in ids}
        for i in sorted(candidates):
            p = found[i]
            for words in p.needed:
                if not any(w in near for w in words):
                    break
            else:
                used = _match_slots(tok, p.slots)
                if used is None:
                    continue
                return PatternMatch(lemma, p, tuple(used), p.cameo, p.group)
    own = table.codes.get(lemma)
    if own is not None:
        return PatternMatch(lemma, None, (tok,), own[0], own[1])
    return None


_SPEC = re.compile(
    r"^(?:subj|obj):[^\s:|>]+(?:\|[^\s:|>]+)*$|^prt:[a-z]+$|^prep:[a-z]+(?:/[a-z]+)*(?:>[^\s:|>]+(?:\|[^\s:|>]+)*)?$"
)


def validate_verb_patterns() -> list[str]:
    """Problems in verb_groups.tsv and verb_patterns.tsv as ``path:line: problem``."""
    from .codes import cameo_codes

    problems: list[str] = []
    codes = cameo_codes()
    groups: set[str] = set()
    for name, key in (("verb_groups.tsv", "verb"), ("verb_patterns.tsv", "group")):
        for lineno, row in read_tsv(name):
            where = f"{name}:{lineno}"
            if not row.get(key):
                problems.append(f"{where}: missing {key}")
            if row.get("cameo") and row["cameo"] not in codes:
                problems.append(f"{where}: CAMEO code {row['cameo']!r} is not in cameo_codes.tsv")
            for spec in row.get("slots", "").split():
                if not _SPEC.match(spec):
                    problems.append(f"{where}: bad slot {spec!r}")
            if name == "verb_groups.tsv":
                groups.add(row.get("group", ""))
            elif row.get("group") not in groups:
                problems.append(f"{where}: group {row.get('group')!r} has no verbs in verb_groups.tsv")
    return problems

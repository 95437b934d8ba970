"""Reporting cues: the lexicon in ``data/cues.tsv`` (verbs and fixed phrases) and matching it on tokens."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ...data import read_tsv

KINDS = frozenset({"verb", "phrase"})
FRAMES = frozenset({"speech", "writing", "stance", "belief", "evidence", "source"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CueEntry:
    """One lexicon row: a verb lemma or a phrase, what it reports, whether it introduces direct quotes."""

    cue: str
    kind: str  # verb | phrase
    frame: str
    direct: bool


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: dict[str, CueEntry]
    phrases: dict[str, tuple[tuple[str, ...], CueEntry]]  # first word -> (all words, entry)
    keys: frozenset[int] = frozenset()  # spaCy string ids of verb lemmas and first phrase words

    def candidates(self, doc: Doc) -> Iterator[Token]:
        """The tokens of ``doc`` whose lemma or lower-case form could start a cue (a fast prefilter)."""
        if not len(doc):
            return
        arr = doc.to_array([LEMMA, LOWER])
        keys = self.keys
        for i, (lemma, lower) in enumerate(arr.tolist()):
            if lemma in keys or lower in keys:
                yield doc[i]

    def match(self, token: Token) -> tuple[int, CueEntry] | None:
        """``(number of tokens, entry)`` when a cue starts at ``token`` (a reporting verb in any tense,
        or the first word of a phrase), else None."""
        low = token.lower_
        hit = self.phrases.get(low)
        if hit is not None:
            words, entry = hit
            doc = token.doc
            end = token.i + len(words)
            if end <= len(doc) and tuple(t.lower_ for t in doc[token.i : end]) == words:
                return len(words), entry
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
            verb = self.verbs.get(token.lemma_.lower())
            if verb is not None:
                return 1, verb
        return None


def validate_cues() -> list[str]:
    """Problems in ``cues.tsv`` as ``path:line: problem`` strings."""
    problems: list[str] = []
    seen: set[str] = set()
    for lineno, row in read_tsv("cues.tsv"):
        cue, kind, frame, direct = (row.get(k, "") for k in ("cue", "kind", "frame", "direct"))
        where = f"cues.tsv:{lineno}"
        if not cue or cue != cue.strip().lower() or "  " in cue:
            problems.append(f"{where}: cue {cue!r} must be lower case words separated by single spaces")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
        elif kind == "verb" and " " in cue:
            problems.append(f"{where}: a verb cue is one lemma, got {cue!r}")
        elif kind == "phrase" and " " not in cue:
            problems.append(f"{where}: a phrase cue has several words, got {cue!r}")
        if frame not in FRAMES:
            problems.append(f"{where}: frame {frame!r} is not one of {sorted(FRAMES)}")
        if direct not in ("yes", "no"):
            problems.append(f"{where}: direct must be yes or no, got {direct!r}")
        if cue in seen:
            problems.append(f"{where}: duplicate cue {cue!r}")
        seen.add(cue)
    return problems


@functools.cache
def load_cues() -> CueLexicon:
    """The cue lexicon, read once per process."""
    verbs: dict[str, CueEntry] = {}
    phrases: dict[str, tuple[tuple[str, ...], CueEntry]] = {}
    for _, row in read_tsv("cues.tsv"):
        entry = CueEntry(cue=row["cue"], kind=row["kind"], frame=row["frame"], direct=row["direct"] == "yes")
        if entry.kind == "phrase":
            words = tuple(entry.cue.split())
            phrases[words[0]] = (words, entry)
        else:
            verbs[entry.cue] = entry
    keys = frozenset(get_string_id(w) for w in [*verbs, *phrases])
    return CueLexicon(verbs, phrases, keys)

"""Reported speech: what a cue reports when there are no quotation marks around it.

Every reporting cue (``data/cues.tsv``) that is not the cue of a direct quote and not itself quoted gives an
``indirect`` quote whose content is:

- its clausal complement: *He also said [Moscow could help Pyongyang build satellites]*;
- for a parenthetical cue, the sentence it interrupts: *[The plan, he said, would cost more]*;
- for speech, writing and stance verbs, their object or prepositional object: *Japan warned against [any
  violations of UN bans]*, *called for [new talks]* (not for verbs whose object is the addressee or a thing
  written: *asked the students*, *wrote a book*);
- for ``according to X``, the rest of its sentence, spoken by X.

A complement that contains quoted words makes a ``mixed`` quote; one that is mostly quoted is left to the
direct quote. Belief and evidence verbs (*thinks*, *a poll shows*) count only with a clausal complement, and
headlines (Title Case lines) give none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ...model import Speaker
from ...nlp import Piece
from ..doc_views import doc_length
from ..overlaps import SpanIndex
from .cues import CueEntry, CueLexicon
from .speakers import SpeakerFinder, speaker_of

WORD = re.compile(r"\w+")
NOT_CONTENT = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_OBJECT_FRAMES = frozenset({"stance", "speech", "writing"})
# Verbs whose direct object is the addressee, a thing written or the next topic, never the content.
_NO_OBJECT = frozenset(
    {"tell", "ask", "continue", "add", "write", "read", "post", "publish", "refer", "thank", "answer"}
)
_STANCE_PREPS = frozenset({"against", "for", "of", "on", "about"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Reported:
    """A piece of reported speech: article offsets of its content and cue, its speaker and rule."""

    kind: str  # indirect | mixed
    content: tuple[int, int]
    cue: tuple[int, int]
    speaker: Speaker | None
    rule: str


def subtree(tok: Token, base: int, text: str) -> tuple[int, int]:
    """Article offsets of ``tok``'s subtree, without edge punctuation and white space."""
    s, e = base + tok.left_edge.idx, base + tok.right_edge.idx + len(tok.right_edge)
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


def reported_speech(
    text: str,
    piece: Piece,
    lexicon: CueLexicon,
    finder: SpeakerFinder,
    used: set[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
) -> Iterator[Reported]:
    """Reported speech in one paragraph (``piece``): every cue not in ``used`` (the cues of direct quotes)
    and not inside a quoted stretch (``quoted``, article offsets) that has a complement."""
    base = piece.offset
    if headline(text, base, base + doc_length(piece.doc)):
        return
    quoted_sorted = sorted(quoted)
    marks = SpanIndex(quoted_sorted)  # bisection, not a scan of every quote per cue
    for tok in lexicon.candidates(piece.doc):
        hit = lexicon.match(tok)
        if hit is None:
            continue
        n, entry = hit
        last = tok.doc[tok.i + n - 1]
        cue = (base + tok.idx, base + last.idx + len(last))
        if cue in used:
            continue
        if marks.overlapping(cue[0], cue[0] + 1):  # a quoted stretch holds the cue's start
            continue
        content = _complement(tok, n, entry, base, text)
        if content is None:
            continue
        cs, ce = content
        inside = sum(min(ce, quoted_sorted[i][1]) - max(cs, quoted_sorted[i][0]) for i in marks.overlapping(cs, ce))
        if inside > 0.5 * (ce - cs):
            continue  # the direct quote of this cue is already there
        speaker_tok = speaker_of(tok, phrase_end=last if n > 1 else None, filed=finder.filed(base))
        speaker = None
        if speaker_tok is not None:
            ph = finder.phrase(speaker_tok, base)
            speaker = ph.as_speaker(text) if ph else None
        kind = "mixed" if inside else "indirect"
        yield Reported(kind=kind, content=(cs, ce), cue=cue, speaker=speaker, rule=f"{kind}+{entry.frame}")


def headline(text: str, lo: int, hi: int) -> bool:
    """A Title Case line without a final full stop (a headline inside the text): no reported speech."""
    line = text[lo:hi].strip()
    words = [w for w in WORD.findall(line) if len(w) > 3 and not w.isdigit()]
    if len(words) < 3 or line.endswith((".", "?", '."', ".”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _complement(tok: Token, n: int, entry: CueEntry, base: int, text: str) -> tuple[int, int] | None:
    """What the cue reports: its clausal complement, or for ``according to X`` the rest of the clause."""
    if entry.kind == "phrase":
        if entry.frame != "source":
            return None
        return _according_to(tok, n, base, text)
    for child in tok.children:
        if child.dep_ == "ccomp" or (
            child.dep_ == "xcomp" and entry.frame == "speech" and child.i > tok.i and _has_subject_like(child)
        ):
            s, e = subtree(child, base, text)
            if len(WORD.findall(text, s, e)) >= 2:
                return s, e
    if (
        tok.dep_ == "parataxis"
        and entry.frame in _OBJECT_FRAMES
        and any(c.dep_ == "nsubj" for c in tok.children)
    ):
        return subtree(tok.head, base, text)  # "The plan, he said, would cost more."
    if entry.frame in _OBJECT_FRAMES:
        return _stance_object(tok, base, text)
    return None


def _stance_object(tok: Token, base: int, text: str) -> tuple[int, int] | None:
    """What a stance verb is about: ``warned against X``, ``called for X``, ``praised X for Y``."""
    parts: list[Token] = []
    for child in tok.rights:
        if child.dep_ == "dobj" and tok.lemma_ in _NO_OBJECT:
            continue  # "asked the students", "wrote a book": not what was said
        if child.ent_type_ in NOT_CONTENT:
            continue  # "described on Tuesday night"
        if child.dep_ in ("dobj", "xcomp", "ccomp", "oprd") or (
            child.dep_ == "prep" and child.lower_ in _STANCE_PREPS
        ):
            parts.append(child)
        elif child.dep_ in ("punct", "cc", "conj", "advcl", "relcl") and parts:
            break
    if not parts:
        return None
    s, _ = subtree(parts[0], base, text)
    _, e = subtree(parts[-1], base, text)
    if parts[0].dep_ == "prep" and parts[0].lower_ in _STANCE_PREPS and len(parts) == 1:
        s = base + parts[0].idx + len(parts[0]) + 1
    if len(WORD.findall(text, s, e)) < 2:
        return None
    return s, e


def _has_subject_like(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _according_to(tok: Token, n: int, base: int, text: str) -> tuple[int, int] | None:
    """The clause an ``according to X`` phrase attributes: its sentence minus the phrase, the longer side."""
    sent = tok.sent
    prep = tok if tok.dep_ == "prep" else tok.head
    ps, pe = prep.left_edge.i, prep.right_edge.i + 1
    pe = max(pe, tok.i + n)
    left = (sent.start, ps)
    right = (pe, sent.end)
    lo, hi = max((left, right), key=lambda r: r[1] - r[0])
    if hi - lo < 3:
        return None
    doc = tok.doc
    s, e = base + doc[lo].idx, base + doc[hi - 1].idx + len(doc[hi - 1])
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-."):
        e -= 1
    return (s, e) if e > s else None

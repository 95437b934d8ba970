"""Re-casing of shouted (ALL CAPS) and Title Case lines before NER.

Statistical NER models trained on running text mistake capitalised common words in headlines
("Accepts", "Visit") for names and miss names in all-caps datelines ("MADRID 1996-08-30"). We give the
model a re-cased copy of such lines. Only the case of letters changes, so every offset into the copy is
an offset into the original text; extractors always slice the original text, never ``doc.text``.

Evidence for each word comes from the article itself: a word seen in lower case elsewhere (or its stem)
is a common word; a word seen capitalised mid-sentence is a name; an all-caps word seen all-caps in
ordinary lines is an acronym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A wire dateline: a place in capitals before a comma, a date or an agency ("KHASAVYURT , Russia 1996-08-31").
_DATELINE = re.compile(r"^\s*[A-Z][A-Z'’.-]{2,}(?:\s+[A-Z][A-Z'’.-]+)*\s*(?=[,(—–-]|\d)")
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")


def _stem(word: str) -> str:
    w = word.lower()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    """What the ordinary (not shouted, not title-case) lines of an article say about words."""

    lower: frozenset[str]  # words and stems seen in lower case
    capital: frozenset[str]  # words seen capitalised, not at a sentence start
    acronyms: frozenset[str]  # all-caps words seen in ordinary lines


def gather_evidence(text: str) -> CaseEvidence:
    lower: set[str] = set()
    capital: set[str] = set()
    acronyms: set[str] = set()
    for line in text.splitlines():
        if line_style(line) != "normal":
            continue
        prev_end = ""
        for m in _WORD.finditer(line):
            word = m.group().rstrip(".'’-")
            if not word:
                continue
            before = line[: m.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?\"“:;(" or prev_end in (".", "!", "?")
            if word.islower():
                lower.add(word)
                lower.add(_stem(word))
            elif word.isupper() and len(word) > 1:
                acronyms.add(word)
            elif word[0].isupper() and not sentence_start:
                capital.add(_strip_poss(word))
            prev_end = m.group()[-1]
    return CaseEvidence(frozenset(lower), frozenset(capital), frozenset(acronyms))


def _strip_poss(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def line_style(line: str) -> str:
    """``shout`` (mostly ALL CAPS), ``title`` (Title Case without a final period) or ``normal``."""
    words = [w for w in _WORD.findall(line) if len(w) > 1 or w.isalpha()]
    if not words:
        return "normal"
    upper = sum(1 for w in words if w.isupper())
    if upper / len(words) >= 0.8 and sum(1 for c in line if c.isalpha()) >= 4:
        return "shout"
    if _DATELINE.match(line):
        return "dateline"
    if len(words) < 2:
        return "normal"
    if len(words) >= 3 and not line.rstrip().endswith((".", "?", "!", ":", ";", ",", '"', "”")):
        caps = sum(1 for w in words if w[0].isupper() or w.lower() in STOP_WORDS)
        capital_content = sum(1 for w in words if w[0].isupper() and w.lower() not in STOP_WORDS)
        if caps == len(words) and capital_content >= 2 and sum(1 for w in words if w[0].isupper()) / len(words) >= 0.6:
            return "title"
    return "normal"


def recase(text: str, evidence: CaseEvidence | None = None) -> str:
    """``text`` with shouted and title-case lines re-cased (same length; only letter case changes)."""
    if evidence is None:
        evidence = gather_evidence(text)
    out: list[str] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        style = line_style(line)
        out.append(_recase_line(line, style, evidence) if style != "normal" else line)
        pos += len(line)
    result = "".join(out)
    return result if len(result) == len(text) else text


def _recase_line(line: str, style: str, ev: CaseEvidence) -> str:
    chars = list(line)
    for i, m in enumerate(_WORD.finditer(line)):
        word = m.group()
        core = _strip_poss(word.rstrip(".'’-"))
        if not core:
            continue
        if style == "dateline" and not (core.isupper() and len(core) > 2 and m.start() < _dateline_end(line)):
            continue
        if style in ("shout", "dateline"):
            if core in ev.acronyms:
                continue
            new = _shout_word(core, i == 0, ev)
        else:
            if i == 0 or (core.isupper() and len(core) > 1):
                continue
            new = core.lower() if _is_common(core, ev) and core not in ev.capital else core
        if len(new) == len(core):
            chars[m.start() : m.start() + len(core)] = list(new)
    return "".join(chars)


def _dateline_end(line: str) -> int:
    m = _DATELINE.match(line)
    return m.end() if m else 0


def _is_common(word: str, ev: CaseEvidence) -> bool:
    low = word.lower()
    return low in STOP_WORDS or low in ev.lower or _stem(low) in ev.lower


def _shout_word(core: str, first: bool, ev: CaseEvidence) -> str:
    titled = core[0] + core[1:].lower()
    if titled in ev.capital:
        return titled
    if _is_common(core, ev):
        low = core.lower()
        return titled if first else low
    return titled

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

import functools
import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

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
class Lexicon:
    """Common English verbs and adverbs, with the suffix rules that inflect them.

    Built from the spaCy pipeline's own lemmatizer tables. Nouns are left out because that index also
    holds proper names ("washington", "seoul"), adjectives because it holds demonyms ("russian", "dutch").
    Empty when the pipeline has no rule lemmatizer.
    """

    words: frozenset[str] = frozenset()
    rules: tuple[tuple[str, str], ...] = ()

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not self.words:
            return False
        w = word.lower()
        if w in self.words:
            return True
        return any(w.endswith(old) and (w[: len(w) - len(old)] + new) in self.words for old, new in self.rules if old)


EMPTY_LEXICON = Lexicon()


@functools.lru_cache(maxsize=8)
def lexicon_of(nlp: Language) -> Lexicon:
    """The common-word lexicon of a pipeline (cached per pipeline)."""
    if "lemmatizer" not in nlp.pipe_names:
        return EMPTY_LEXICON
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
        rules_table = lookups.get_table("lemma_rules")
    except (AttributeError, KeyError, ValueError):
        return EMPTY_LEXICON
    words: set[str] = set()
    rules: set[tuple[str, str]] = set()
    for pos in ("verb", "adv"):
        words.update(index.get(pos, ()))
        rules.update((old, new) for old, new in rules_table.get(pos, ()))
    return Lexicon(words=frozenset(words), rules=tuple(sorted(rules, key=lambda r: -len(r[0]))))


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    """What the ordinary (not shouted, not title-case) lines of an article say about words."""

    lower: frozenset[str]  # words and stems seen in lower case
    capital: frozenset[str]  # words seen capitalised, not at a sentence start
    acronyms: frozenset[str]  # all-caps words seen in ordinary lines
    lexicon: Lexicon = EMPTY_LEXICON


def gather_evidence(text: str, lexicon: Lexicon = EMPTY_LEXICON) -> CaseEvidence:
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
    return CaseEvidence(frozenset(lower), frozenset(capital), frozenset(acronyms), lexicon)


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


_ASCII_LOWER = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = (".", "?", "!", ":", ";", ",", '"', "”")


def needs_recase(text: str) -> bool:
    """True when some line of ``text`` is shouted, title case or a wire dateline (``line_style``).

    A cheap filter first: a line ending like a sentence, with plenty of lower-case letters and no
    dateline at its start, is ordinary; only the other lines get the full (slower) check.
    """
    for line in text.splitlines():
        s = line.rstrip()
        if not s:
            continue
        if s.endswith(_SENTENCE_END) and not _DATELINE.match(s):
            letters = len(_LETTER.findall(s))
            if len(_ASCII_LOWER.findall(s)) >= 0.5 * letters:
                continue
        if line_style(line) != "normal":
            return True
    return False


def recase(text: str, evidence: CaseEvidence | None = None, lexicon: Lexicon = EMPTY_LEXICON) -> str:
    """``text`` with shouted and title-case lines re-cased (same length; only letter case changes).

    ``evidence`` defaults to what ``text`` itself says (with ``lexicon`` for common words).
    """
    if evidence is None:
        evidence = gather_evidence(text, lexicon)
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
    # A Title Case headline keeps its short function words in lower case ("to", "as", "of"); only then is
    # it safe to treat dictionary verbs as common words (a list of names like "Tom Walker, Ann Banks" is not).
    headline = style == "title" and any(w in STOP_WORDS and w.islower() for w in _WORD.findall(line))
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
            common = _is_common(core, ev) or (headline and core.lower() in ev.lexicon)
            new = core.lower() if common and core not in ev.capital else core
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

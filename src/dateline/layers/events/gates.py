"""Gates against non-political noise: what may be a trigger, which sentences and articles are not coded, and
which events have a political actor.

Four general rules, none tied to a word seen in one sentence:

1. **Not inside a name or a measure.** A token inside a named entity (an organisation, a person, a work, a
   law), a date or time, a quantity, a money amount or a percentage is never a trigger: "March" in a date,
   "Cooperation" in an organisation's name, "shot up 5%" are not events.
2. **PETRARCH's discard list** (``discards.tsv``, imported from Phoenix.discards.txt by
   ``tools/import_petrarch_discards.py``): a sentence with a discard phrase (sports, entertainment, disasters,
   history) is not coded; an article with a story-level discard phrase is not coded at all.
3. **A political actor on at least one side.** PLOVER and CAMEO code political interaction: a state, a
   government body, the military, police, courts, parties, rebels and other armed groups, international
   organisations, or people acting collectively in political contention (protesters, activists; and, for a
   protest, any collective group such as workers or residents). An event whose sides are only companies,
   scientists, athletes, patients or nobody at all is not coded.
4. **A political article** is one whose coded content is political: events that pass the gates in at
   least one sentence in five (three such sentences suffice). Otherwise the few events found are incidental
   (a fire brigade in a disaster story, an award from a head of state in an obituary): the article records
   ``political: false`` and yields no events. A one-to-five-sentence text needs one such sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Token

from ...data import read_tsv
from ...model import Event, EventActor

#: Entity labels whose tokens are never triggers: names, and dates, times and measures.
_NO_TRIGGER_ENTS = frozenset(
    {
        "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT",
        "DATE", "TIME", "QUANTITY", "MONEY", "PERCENT", "CARDINAL", "ORDINAL",
    }
)  # fmt: skip

#: Sectors that make an actor political (CAMEO actor codebook): government, military, police, intelligence,
#: diplomats, legislature, judiciary, parties, opposition, rebels, insurgents, separatists, militias,
#: radicals, elites (former office holders) and non-governmental movements (protesters, activists).
POLITICAL_SECTORS = frozenset(
    {"GOV", "MIL", "COP", "SPY", "DIP", "LEG", "JUD", "PTY", "OPP", "REB", "INS", "SEP", "UAF", "RAD", "ELI",
     "NGM", "IGO", "NGO", "IMG", "ISM"}
)  # fmt: skip
#: Collective groups that are political when they protest (PLOVER PROTEST: people acting collectively).
_COLLECTIVE = frozenset({"CVL", "LAB", "REF", "AGR", "EDU", "REL", "SET"})
_INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "ISM"})


def may_trigger(tok: Token) -> bool:
    """False for a token inside a named entity, a date, a time or a measure."""
    return tok.ent_type_ not in _NO_TRIGGER_ENTS


def political_actor(actor: EventActor, plover: str) -> bool:
    """A state (a bare country code), an international organisation, or an actor of a political sector."""
    code = actor.code
    if not code:
        return False
    if code[:3] in _INTERNATIONAL:
        return True
    sector = actor.sector or ""
    if len(code) == 3 and actor.country and not sector:
        return True  # the state itself: "Russia", "Iran"
    parts = {code[i : i + 3] for i in range(0, len(code), 3)}
    if parts & POLITICAL_SECTORS:
        return True
    return plover == "PROTEST" and bool(parts & _COLLECTIVE)


def political_event(ev: Event) -> bool:
    return any(political_actor(a, ev.plover) for a in (*ev.source, *ev.target))


def political_article(events: Iterable[Event], sentences: int) -> bool:
    """Events (already gated) in at least ``min(3, ceil(sentences / 5))`` distinct sentences."""
    needed = min(3, max(1, -(-sentences // 5)))
    return len({ev.sentence_start for ev in events}) >= needed


_WORD = re.compile(r"\w+")
_MEMO_WORDS = 200_000  # distinct words remembered per phrase set (about 20 MB at most)


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """Discard phrases, matched case-insensitively at word starts: one-word entries by set lookup (whole
    words, or stems by prefix), longer ones by a small regular expression per first word, tried only where
    that word occurs (one big alternation over every sentence was the slowest part of the layer)."""

    words: frozenset[str] = frozenset()
    stems: dict[str, tuple[str, ...]] = field(default_factory=dict)  # first three letters -> one-word stems
    multi: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # whether a word (as written) can start a match, remembered across texts: most of an article's words were
    # seen in earlier articles, and a dictionary lookup is cheaper than asking the sets again
    _starts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def search(self, text: str) -> bool:
        return next(self.finditer(text), None) is not None

    def _can_start(self, w: str) -> bool:
        lw = w.lower()
        found = lw in self.words or lw in self.multi or any(lw.startswith(s) for s in self.stems.get(lw[:3], ()))
        if len(self._starts) < _MEMO_WORDS:
            self._starts[w] = found
        return found

    def finditer(self, text: str) -> Iterator[int]:
        """The start offset of every match in ``text``."""
        multi, stems, words, memo = self.multi, self.stems, self.words, self._starts
        # which of the text's distinct words can start a match, looked up once each (the C-level findall
        # and set do the per-word work), so the walk below only stops at those
        starting = {
            w for w in set(_WORD.findall(text)) if (known := memo.get(w)) or (known is None and self._can_start(w))
        }  # fmt: skip
        if not starting:
            return
        for m in _WORD.finditer(text):
            if m.group() not in starting:
                continue
            w = m.group().lower()
            if w in words or any(w.startswith(s) for s in stems.get(w[:3], ())):
                yield m.start()
                continue
            pattern = multi.get(w)
            if pattern is not None and pattern.match(text, m.start()):
                yield m.start()


@dataclass(frozen=True, slots=True)
class Discards:
    """PETRARCH's discard phrases: sentence-level and article-level."""

    sentence: PhraseSet
    article: PhraseSet

    def sentence_discarded(self, text: str) -> bool:
        return self.sentence.search(text)

    def sentence_hits(self, text: str) -> list[int]:
        """Where sentence-level phrases start in a whole text (one pass per article, not per sentence)."""
        return list(self.sentence.finditer(text))

    def article_discarded(self, text: str) -> bool:
        return self.article.search(text)


def _pattern(rows: Iterable[tuple[str, str]]) -> re.Pattern[str] | None:
    parts = []
    for phrase, match in rows:
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        # a stem matches at the start of a word with any ending; a word entry must end at a boundary
        parts.append(r"\b" + words + (r"\b" if match == "word" or not phrase[-1].isalnum() else r""))
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE)


def phrase_set(rows: Iterable[tuple[str, str]]) -> PhraseSet:
    """(phrase, word | stem) rows -> a PhraseSet."""
    words: set[str] = set()
    stems: dict[str, set[str]] = {}
    multi: dict[str, list[tuple[str, str]]] = {}
    for phrase, match in rows:
        tokens = _WORD.findall(phrase)
        if len(tokens) == 1 and tokens[0] == phrase:
            if match == "stem":
                stems.setdefault(phrase[:3], set()).add(phrase)
            else:
                words.add(phrase)
        elif tokens:
            multi.setdefault(tokens[0], []).append((phrase, match))
    compiled = {w: p for w, rows_ in sorted(multi.items()) if (p := _pattern(rows_)) is not None}
    return PhraseSet(
        words=frozenset(words), stems={k: tuple(sorted(g)) for k, g in stems.items()}, multi=compiled
    )


@functools.cache
def load_discards() -> Discards:
    sentence: list[tuple[str, str]] = []
    article: list[tuple[str, str]] = []
    for _, row in read_tsv("discards.tsv"):
        target = article if row["scope"] == "article" else sentence
        target.append((row["phrase"], row["match"]))
    return Discards(sentence=phrase_set(sentence), article=phrase_set(article))


def validate_discards() -> list[str]:
    problems = []
    for lineno, row in read_tsv("discards.tsv"):
        if row.get("scope") not in ("sentence", "article"):
            problems.append(f"discards.tsv:{lineno}: scope must be sentence or article")
        if row.get("match") not in ("word", "stem"):
            problems.append(f"discards.tsv:{lineno}: match must be word or stem")
        if not (row.get("phrase") or "").strip():
            problems.append(f"discards.tsv:{lineno}: empty phrase")
        elif row.get("match") == "stem" and len(row["phrase"]) < 3:
            problems.append(f"discards.tsv:{lineno}: a stem needs at least three letters")
    return problems

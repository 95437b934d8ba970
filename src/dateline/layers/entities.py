"""Named entities: spaCy NER, cleaned, with offsets into the article text.

Cleaning (each rule is named in ``Entity.rule``):
- a leading determiner ("the", "The") is dropped from the span;
- a trailing possessive ("'s", "’s", a lone "'") and trailing punctuation are dropped;
- spans that are left empty, or are pure punctuation/digits for name labels, are dropped;
- title-case headlines are re-cased before NER, so capitalised common words ("Accepts", "Visit") do not
  become entities; words the body capitalises mid-sentence keep their capitals.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..model import Entity
from ..nlp import ParsedArticle, Piece

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
_LEADING_DET = re.compile(r"(?:the|The|THE)\s+")
_TRAILING_POSS = re.compile(r"(?:\s*['’]s|\s*['’])$")
_INNER_BREAK = re.compile(r"\s+[-–—]\s+|\s*[()\[\]]\s*|\s*\n\s*")
_TRAILING_NUMBER = re.compile(r"(?:\s+[\d.,:/-]*\d[\d.,:/-]*)+$")
_NO_NUMBERS = frozenset({"PERSON", "GPE", "LOC", "NORP"})
_EDGE_PUNCT = "\"“”‘’'«».,;:!?()[]{}-–—/*_ \t\n"


def clean_span(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """Trim a raw entity span ``text[start:end]``; return the new span and the rule, or None to drop."""
    rules: list[str] = []
    s, e = start, end
    # Surrounding quotes, brackets and white space never belong to a name.
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in _EDGE_PUNCT and not (text[e - 1] == "." and _is_abbrev(text, s, e)):
        e -= 1
    if (s, e) != (start, end):
        rules.append("trim")
    if label in NAME_LABELS:
        m = _LEADING_DET.match(text, s, e)
        if m and m.end() < e:
            s = m.end()
            rules.append("det")
        m2 = _TRAILING_POSS.search(text[s:e])
        if m2 and s + m2.start() > s:
            e = s + m2.start()
            rules.append("poss")
            while e > s and text[e - 1] in _EDGE_PUNCT:
                e -= 1
        cut = _INNER_BREAK.search(text, s, e)
        if cut and cut.start() > s:
            e = cut.start()
            rules.append("cut")
        if label in _NO_NUMBERS:
            m3 = _TRAILING_NUMBER.search(text[s:e])
            if m3 and m3.start() > 0:
                e = s + m3.start()
                rules.append("num")
        span = text[s:e]
        if len(span) < 2 or not any(ch.isalpha() for ch in span):
            return None
    if e <= s:
        return None
    return s, e, "+".join(rules)


def _is_abbrev(text: str, s: int, e: int) -> bool:
    """True when a final "." belongs to the name ("U.S.", "Inc.", "Jr.")."""
    span = text[s:e]
    return bool(re.search(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Bros)\.)$", span))


def find_entities(parsed: ParsedArticle) -> tuple[Entity, ...]:
    """The cleaned, harmonised entities of the body, then those of the headline (``field="title"``)."""
    text = parsed.article.text
    entities = harmonise(text, list(entities_from_pieces(text, parsed.pieces)))
    if parsed.article.title:
        entities.extend(entities_from_pieces(parsed.article.title, parsed.title_pieces, field="title"))
    return tuple(entities)


def entities_from_pieces(text: str, pieces: Iterable[Piece], *, field: str = "text") -> Iterator[Entity]:
    """Entities of the parsed pieces, with offsets into ``text``."""
    for piece in pieces:
        yield from _doc_entities(text, piece.doc, piece.offset, field)


def _doc_entities(text: str, doc: Doc, offset: int, field: str) -> Iterator[Entity]:
    for ent in doc.ents:
        cleaned = clean_span(text, offset + ent.start_char, offset + ent.end_char, ent.label_)
        if cleaned is None:
            continue
        s, e, rule = cleaned
        yield Entity(
            start=s,
            end=e,
            text=text[s:e],
            label=ent.label_,
            rule="spacy-ner" + (f"+{rule}" if rule else ""),
            field=field,
        )


def harmonise(text: str, entities: list[Entity]) -> list[Entity]:
    """Make one article's entities consistent with each other.

    - a mention that is part of a longer PERSON name in the same article ("Wang" after "Wang Dan") is a
      PERSON, whatever the model said;
    - a surface form labelled differently in different places takes its majority label;
    - further occurrences of a multi-letter capitalised name the model found elsewhere in the article, but
      missed here, are added (rule ``propagate``).
    """
    if not entities:
        return entities
    persons: set[str] = set()
    for e in entities:
        if e.label == "PERSON":
            parts = e.text.split()
            if len(parts) > 1:
                persons.update(p for p in parts if p[:1].isupper() and len(p) > 1)
    votes: dict[str, Counter[str]] = {}
    for e in entities:
        if e.label in NAME_LABELS:
            votes.setdefault(e.text, Counter())[e.label] += 1
    out: list[Entity] = []
    for e in entities:
        label = e.label
        if e.label in NAME_LABELS:
            if e.text in persons and e.label in ("ORG", "GPE", "LOC", "NORP", "PRODUCT", "FAC"):
                label, rule = "PERSON", "person-part"
            else:
                common = votes[e.text].most_common()
                if len(common) > 1 and common[0][1] > common[1][1]:
                    label, rule = common[0][0], "majority"
                else:
                    rule = ""
            if label != e.label:
                e = replace(e, label=label, rule=f"{e.rule}+{rule}")
        out.append(e)
    out = dateline_entities(text, out)
    out.extend(_propagate(text, out))
    out.sort(key=lambda e: (e.field, e.start, e.end))
    return out


def _propagate(text: str, entities: list[Entity]) -> list[Entity]:
    taken = [(e.start, e.end) for e in entities if e.field == "text"]
    names: dict[str, str] = {}
    for e in entities:
        if e.field == "text" and e.label in _PROPAGATE_LABELS and len(e.text) > 2 and e.text[0].isupper():
            if e.text.lower() not in STOP_WORDS:
                names.setdefault(e.text, e.label)
    if not names:
        return []
    taken.sort()
    starts = [s for s, _ in taken]
    found: list[Entity] = []
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        i = bisect_right(starts, a)
        if i > 0 and taken[i - 1][1] > a:
            continue
        if i < len(taken) and taken[i][0] < b:
            continue
        found.append(Entity(start=a, end=b, text=m.group(), label=names[m.group()], rule="propagate"))
    return found


# A wire dateline at the start of a line: "GENEVA 1996-08-30", "KHASAVYURT , Russia 1996-08-31",
# "WASHINGTON (Reuters) -". The place names are GPEs; the statistical model often misses them.
_DATELINE_LINE = re.compile(
    r"^(?P<a>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:\s*,\s*(?P<b>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}))?"
    r"(?=\s*,?\s*(?:\(|\d{4}-\d\d-\d\d|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2}\b|[—–-]\s))",
    re.MULTILINE,
)


# A dateline that follows the headline on the same line, as scraped local news prints it ("Mason charged with
# assault. BANTAM — A stonework mason was arraigned ..."): only at the head of the article, and only with the
# dash that ends a dateline.
_DATELINE_AFTER_HEADLINE = re.compile(
    r"(?<=[.!?] )(?P<a>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:\s*,\s*(?P<b>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}))?(?=\s*[—–-]\s)"
)
#: Words a town's name in a dateline may hold although English uses them as function words ("THE HAGUE",
#: "PORT OF SPAIN", "DAR ES SALAAM"); any other function word makes a line of capitals a headline ("IOWA POLLS
#: NOT ..., BUT ..."), as does a possessive.
_NAME_PARTICLES = frozenset({"the", "of", "de", "la", "le", "el", "es", "do", "da", "du", "del", "al", "les", "los", "las"})


def _town_like(name: str) -> bool:
    words = name.split()
    return not any(
        (w.lower() in STOP_WORDS and w.lower() not in _NAME_PARTICLES) or w.endswith(("’S", "'S")) for w in words
    )
_HEADLINE_CHARS = 300


def dateline_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Add GPEs for wire datelines; entities overlapping them are trimmed to what follows (or dropped)."""
    places: list[tuple[int, int]] = []
    head = text[: text.find("\n")] if "\n" in text[:_HEADLINE_CHARS] else text[:_HEADLINE_CHARS]
    after = _DATELINE_AFTER_HEADLINE.search(head)
    for m in [*_DATELINE_LINE.finditer(text), *([after] if after else [])]:
        for g in ("a", "b"):
            if m.group(g) and any(c.isalpha() for c in m.group(g)) and m.group(g).upper() not in _NOT_PLACES and _town_like(m.group(g)):
                places.append((m.start(g), m.end(g)))
    if not places:
        return entities
    out: list[Entity] = []
    for e in entities:
        hits = [t for s, t in places if e.field == "text" and e.start < t and s < e.end]
        if not hits:
            out.append(e)
        elif e.end > max(hits) and e.label not in NAME_LABELS:
            cleaned = clean_span(text, max(hits), e.end, e.label)
            if cleaned:
                s, t, _ = cleaned
                out.append(replace(e, start=s, end=t, text=text[s:t], rule=f"{e.rule}+dateline-trim"))
    out.extend(Entity(start=s, end=t, text=text[s:t], label="GPE", rule="dateline") for s, t in places)
    out.sort(key=lambda e: (e.field, e.start, e.end))
    return out


_NOT_PLACES = frozenset({"UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "CORRECTED", "URGENT", "FLASH", "NEWS"})

_PROPAGATE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})

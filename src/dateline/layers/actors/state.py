"""Shared state and helpers of the actors layer (actors.py, actor_persons.py): tokens with article offsets,
the mentions found so far, quotes, sentences, and the article's home country (``home_country``)."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.attrs import LENGTH
from spacy.tokens import Doc, Token

from ...model import Dropped, Entity
from ..doc_views import doc_sents, doc_text, token_table
from .data import ActorData, code_problem, normalise, split_code
from .lookup import Mention
from .resolved import ResolvedActor

log = logging.getLogger(__name__)

COUNTRYISH = frozenset({"name", "demonym", "capital", "seat", "anaphor", "org", "igo", "user", "city"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(slots=True)
class Tok:
    """Token ``i`` of ``doc``: its offsets in the article and its sentence's number. The spaCy ``Token`` is made
    when asked for (``token``): most tokens are only looked at through their offsets and the Doc's tables."""

    start: int
    end: int
    doc: Doc
    i: int
    sent: int

    @property
    def token(self) -> Token:
        return self.doc[self.i]


@dataclass(slots=True)
class State:
    text: str
    published: date | None
    data: ActorData
    entities: list[Entity]
    mentions: list[Mention]
    kinds: dict[tuple[int, int], str]  # mention span -> entry kind (country-ish mentions: home country, antecedents)
    subjects: set[tuple[int, int]]
    sent_starts: list[int]  # start offset of each sentence, in order
    quotes: list[tuple[int, int]]
    people: list[tuple[int, str, Mention]]  # (position, normalised key, mention) for surname coreference
    seen: set[str | None] = field(default_factory=set)  # countries named so far (for "the North")
    entity_starts: list[int] = field(default_factory=list)  # starts of ``entities`` (sorted by start)
    dropped: list[Dropped] = field(default_factory=list)  # spans a rule raised on (reported, not only logged)
    home: str | None = None  # the article's home country (``home_country``), set after the dictionary pass
    # countries of wire datelines ("MOSCOW (AFP) -"): where the story was filed, never an actor, but evidence
    # of the article's home country
    filed_in: list[str] = field(default_factory=list)
    para_from: int = 0  # index in ``mentions`` where the current paragraph's additions begin
    para_spans: list[tuple[int, int]] = field(default_factory=list)  # earlier mentions inside the paragraph
    # (start, index in ``mentions``) of the first pass's country-ish mentions, sorted; set after that pass
    countryish: list[tuple[int, int]] = field(default_factory=list)
    # positions in ``people`` by key and in ``mentions`` by span, extended to new items when asked
    # (``people_named``, ``mentions_spanning``): one scan of the article per person was quadratic
    people_at: dict[str, list[int]] = field(default_factory=dict)
    people_seen: int = 0
    spans_at: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    spans_seen: int = 0

    def entities_near(self, start: int, end: int) -> list[Entity]:
        """Entities overlapping ``[start, end)`` (entities are at most a few hundred characters long)."""
        lo = bisect_right(self.entity_starts, start - 300)
        hi = bisect_right(self.entity_starts, end)
        return [e for e in self.entities[lo:hi] if e.start < end and e.end > start]


def tokens(doc: Doc, offset: int, sent_base: int) -> list[Tok]:
    sent_of = [sent_base + si for si, sent in enumerate(doc_sents(doc)) for _ in range(sent.start, sent.end)]
    starts = token_table(doc).idx
    lengths = doc.to_array(LENGTH).tolist() if len(doc) else []  # each token's text length, without a Token
    # the sentences cover the Doc, in order
    return [
        Tok(offset + i, offset + i + n, doc, k, si)
        for k, (i, n, si) in enumerate(zip(starts, lengths, sent_of, strict=True))
    ]


_QUOTE_OR_NEWLINE = re.compile('[“”"\n]')


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """Stretches between double quotation marks, scanned over the whole text (a quote never runs across a
    blank line unclosed). Inside them a country word is not context for the people around it.

    This is deliberately not the quotes layer's ``quote_spans`` (paragraph-aware, with stray-mark and
    continued-quote handling): swapping it in changes actor context on 35 of the dev documents, so that
    change belongs with the actor-quality work and its measurements, not with a refactor.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_OR_NEWLINE.finditer(text):  # every other character leaves the state as it is
        i, ch = m.start(), m.group()
        if ch == "“" or (ch == '"' and opened is None):
            opened = i
        elif (ch == "”" or ch == '"') and opened is not None:
            spans.append((opened, i + 1))
            opened = None
        elif ch == "\n" and opened is not None and text[i + 1 : i + 2] == "\n":
            opened = None  # a quote never runs across paragraphs unclosed
    return spans


def in_quote(st: State, pos: int) -> bool:
    """Is ``pos`` inside one of the quoted stretches (sorted and disjoint: found by bisection)?"""
    i = bisect_right(st.quotes, (pos, _BEYOND)) - 1
    return i >= 0 and st.quotes[i][0] <= pos < st.quotes[i][1]


_BEYOND = 1 << 62  # sorts after every end offset


def resolved(st: State, code: str, name: str, rule: str) -> ResolvedActor | None:
    if code_problem(code):
        log.debug("dropping invalid code %s (%s)", code, rule)
        return None
    country, sector = split_code(code)
    return ResolvedActor(code=code, country=country, sector=sector, name=name, rule=rule)


def add_mention(
    st: State,
    start: int,
    end: int,
    actor: ResolvedActor | None,
    *,
    person: bool = False,
    kind: str = "",
    subject: bool = False,
) -> Mention | None:
    if actor is None or start >= end:
        return None
    m = Mention(start, end, replace(actor, start=start, end=end), person)
    st.mentions.append(m)
    st.kinds[(start, end)] = kind
    if subject:
        st.subjects.add((start, end))
    return m


def entity_at(st: State, start: int, end: int) -> Entity | None:
    for e in st.entities_near(start, end):
        if e.start <= start and e.end >= end:
            return e
    return None


def has_upper(s: str) -> bool:
    return any(c.isupper() for c in s)


def people_named(st: State, key: str) -> list[tuple[int, Mention]]:
    """(position, mention) of the entries of ``st.people`` with ``key``, in list order. ``st.people`` is only
    appended to, or rebuilt item for item (a better mention for the same person), so positions hold."""
    for k in range(st.people_seen, len(st.people)):
        st.people_at.setdefault(st.people[k][1], []).append(k)
    st.people_seen = len(st.people)
    return [(st.people[k][0], st.people[k][2]) for k in st.people_at.get(key, ())]


def mentions_spanning(st: State, start: int, end: int) -> list[int]:
    """Positions in ``st.mentions`` of the mentions of exactly ``[start, end)``, in list order. For the second
    pass only, which appends mentions or replaces one in place but removes none (the index starts there:
    ``resolve_actors`` resets it after the first pass)."""
    for k in range(st.spans_seen, len(st.mentions)):
        m = st.mentions[k]
        st.spans_at.setdefault((m.start, m.end), []).append(k)
    st.spans_seen = len(st.mentions)
    return st.spans_at.get((start, end), [])


def remember_person(st: State, m: Mention, person: str) -> None:
    st.people.append((m.start, normalise(person), m))
    for short in st.data.short_of.get(person, ()):
        st.people.append((m.start, short, m))


def sector_ending_at(st: State, doc: Doc, head: Token, lo: int) -> tuple[int, str] | None:
    """The longest sector phrase ending at ``head`` and starting after token ``lo``: (start token, phrase)."""
    text, idx = doc_text(doc), token_table(doc).idx
    end = head.idx + len(head)  # ``doc[k : head.i + 1].text`` is ``text[idx[k]:end]``
    for k in range(max(lo + 1, head.i - 3), head.i + 1):
        phrase = normalise(text[idx[k] : end])
        if phrase in st.data.sectors:
            return k, phrase
    return None


def home_country(st: State) -> str | None:
    """The country the article is about: the country of at least half (and at least two) of the country-ish
    mentions outside quotations (a wire dateline counts as one), ahead of any other. It gives a country to
    domestic actors that name none ("police", "the government", "prosecutors"): a whole-article fact, not a
    country named near the actor."""
    counts: dict[str, int] = {}
    for country in st.filed_in:
        counts[country] = counts.get(country, 0) + 1
    for m in st.mentions:
        if st.kinds.get((m.start, m.end)) in COUNTRYISH and m.actor.country and not in_quote(st, m.start):
            if m.actor.country not in ("IGO", "NGO", "IMG"):
                counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    total = sum(counts.values())
    if n >= 2 and 2 * n >= total and (len(ranked) == 1 or n > ranked[1][1]):
        return top
    return None


def sentence_of(st: State, pos: int) -> int:
    return bisect_right(st.sent_starts, pos) - 1

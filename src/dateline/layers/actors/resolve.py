"""Actors: every actor mention of an article resolved to a CAMEO-style code, as of the article's date.

``resolve_actors(parsed, data)`` returns ``FoundActors``: an ``ArticleActors`` (the ``ActorLookup`` that
quotes and events use), the ``actors[]`` of the contract, the entities with ``actor`` filled and the spans
dropped because a rule raised. Rules, in
order (each mention records its rule and the data entry, e.g. ``leader:leaders.tsv:219``):

1. ``dict``: names, aliases, demonyms, capitals, organisations and leaders from the phrase index
   (actor_data.py); a leader's code is the role held on the publication date (``USAGOV`` for Trump in 2019,
   ``USAELI`` in 2022); a capital is the government when it acts, the country when it is a place ("in
   Moscow"); "the North" only after North Korea was named.
2. ``np``: a country word modifying a sector noun ("Hungarian police", "South Korea's ruling party", "the
   government of Sudan") gives country + sector; a role word resolves the office holder ("Russia's defence
   minister", "the Kremlin leader").
3. ``person``: people not in the data: a bare surname after the full name ("Kim" after "Kim Jong Un");
   titles ("State Department spokesman Matthew Miller"), appositions ("X, a researcher at the Sejong
   Institute"); never from the country named nearest, nor the article's home country.
4. ``group``: sector nouns acting on their own ("police", "troops", "protesters"), with the article's home
   country. An actor's country never comes from a country merely named near it (a news agency in the
   previous sentence, a neighbour in the same one): that misled more often than it helped on real news.
Pronouns are resolved on demand by ``ArticleActors.actor_at``.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from spacy.attrs import DEP, POS
from spacy.symbols import NOUN
from spacy.tokens import Token

from ...model import Actor, ActorMention, Dropped, Entity
from ...nlp import ParsedArticle
from ..doc_views import token_table
from ..overlaps import Coverage
from .data import (
    ActorData,
    Entry,
    actor_codes,
    code_problem,
    normalise,
    place_countries,
)
from .lookup import ArticleActors, Mention
from .persons import resolve_persons
from .state import (
    COUNTRYISH,
    SUBJECT_DEPS,
    State,
    Tok,
    add_mention,
    entity_at,
    has_upper,
    home_country,
    in_quote,
    quoted_stretches,
    remember_person,
    resolved,
    sector_ending_at,
    sentence_of,
    tokens,
)

log = logging.getLogger(__name__)

_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "into", "to", "across", "around", "throughout", "on"}
)
_NP_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
_OF_PREPS = frozenset({"of", "in", "from", "at"})
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "appos", "conj", "ROOT"})
_GROUP_DEPS = _ACTING_DEPS | {"pobj"}
_NOT_ACTOR_LABELS = frozenset({"EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"})
_SPEECH_VERBS = frozenset({"tell", "say", "brief", "inform"})
_ROLE_WORDS = {
    "leader": "leader",
    "president": "president",
    "prime minister": "prime_minister",
    "premier": "prime_minister",
    "chancellor": "chancellor",
    "foreign minister": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "secretary of state": "foreign_minister",
    "defence minister": "defence_minister",
    "defense minister": "defence_minister",
    "defence secretary": "defence_minister",
    "defense secretary": "defence_minister",
    "king": "monarch",
    "queen": "monarch",
    "emir": "monarch",
    "supreme leader": "supreme_leader",
    "crown prince": "crown_prince",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundActors:
    """What the actors layer found in one article."""

    lookup: ArticleActors  # the ``ActorLookup`` quotes and events ask
    actors: tuple[Actor, ...]
    entities: tuple[Entity, ...]  # the article's entities, ``actor`` filled where resolved
    dropped: tuple[Dropped, ...] = ()


def resolve_actors(parsed: ParsedArticle, data: ActorData) -> FoundActors:
    """Resolve the actors of one article (see the module doc). Never raises for one bad span."""
    text, published, entities, pieces = parsed.text, parsed.published, parsed.entities, parsed.pieces
    st = State(
        text,
        published,
        data,
        sorted((e for e in entities if e.field == "text"), key=lambda e: e.start),
        [],
        {},
        set(),
        [],
        quoted_stretches(text),
        [],
    )
    st.entity_starts = [e.start for e in st.entities]
    paragraphs: list[list[Tok]] = []
    for piece in pieces:
        toks = tokens(piece.doc, piece.offset, len(st.sent_starts))
        for t in toks:
            if t.sent == len(st.sent_starts):
                st.sent_starts.append(t.start)
        paragraphs.append(toks)
        st.para_from = len(st.mentions)  # this paragraph's mentions are added after here (_noun_phrases)
        for step in (_dictionary, _noun_phrases):
            try:
                step(st, toks)
            except Exception as exc:  # noqa: BLE001 - a failure on one span drops that span, never the article
                log.warning("actors: %s failed on a paragraph", step.__name__, exc_info=True)
                st.dropped.append(_dropped(toks, f"{step.__name__.lstrip('_')}: {exc!r}"))
    st.home = home_country(st)
    st.countryish = _countryish(st)
    st.spans_at, st.spans_seen = {}, 0  # mentions_spanning: built in the second pass, which removes none
    spans_of = _spans_by_paragraph(st, paragraphs)
    for p, toks in enumerate(paragraphs):
        st.para_spans, st.para_from = spans_of[p], len(st.mentions)
        try:
            resolve_persons(st, toks)
            _groups(st, toks)
        except Exception as exc:  # noqa: BLE001
            log.warning("actors: person/group resolution failed on a paragraph", exc_info=True)
            st.dropped.append(_dropped(toks, f"persons/groups: {exc!r}"))
    lookup = ArticleActors(text, st.mentions)
    return FoundActors(lookup=lookup, actors=_actors(st), entities=tuple(_fill_entities(st, lookup, entities)),
                       dropped=tuple(st.dropped))  # fmt: skip


def _spans_by_paragraph(st: State, paragraphs: list[list[Tok]]) -> list[list[tuple[int, int]]]:
    """The spans of the mentions found so far, per paragraph (a mention lies inside one paragraph), so a
    paragraph's group step looks at its own mentions, not every mention of the article (that was quadratic
    in the number of paragraphs)."""
    bounds: list[tuple[int, int]] = []
    for toks in paragraphs:  # an empty paragraph (none seen) gets an empty span where it stands, keeping order
        at = bounds[-1][1] if bounds else 0
        bounds.append((toks[0].start, toks[-1].end) if toks else (at, at))
    los = [lo for lo, _ in bounds]
    out: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for m in st.mentions:
        for p in (bisect_right(los, m.start) - 1, bisect_right(los, m.start)):  # its paragraph, or the next
            if 0 <= p < len(bounds) and m.start < bounds[p][1] and m.end > bounds[p][0]:
                out[p].append((m.start, m.end))
    return out


def _dropped(toks: list[Tok], reason: str) -> Dropped:
    """A paragraph's worth of spans given up by one rule."""
    return Dropped(layer="actors", start=toks[0].start if toks else 0, end=toks[-1].end if toks else 0, reason=reason)


# ------------------------------------------------------------------------------------------- 1. dictionary
def _dictionary(st: State, toks: list[Tok]) -> None:
    data, text = st.data, st.text
    seen = st.seen
    ethnic: list[tuple[Mention, int]] = []
    lower = token_table(toks[0].token.doc).lower if toks else []  # toks[i] is the Doc's token i
    first_words = data.first_words
    i = 0
    while i < len(toks):
        first = lower[i]
        reach = first_words.get(first) if "’" not in first else first_words.get(first.replace("’", "'"))
        if not reach:
            i += 1
            continue
        best: tuple[int, list[Entry]] | None = None
        for j in range(i, min(len(toks), i + 2 * reach + 1)):
            if toks[j].sent != toks[i].sent:
                break
            span = text[toks[i].start : toks[j].end]
            key = normalise(span)
            if key not in data.prefixes and text[toks[j].end : toks[j].end + 1].isspace():
                break  # no phrase goes on from here (a word boundary: "Korea|'s" and "al|-Assad" go on)
            entries = data.phrases.get(key)
            if entries and has_upper(span):
                ok = [e for e in entries if not e.cased or not any(c.islower() for c in span)]
                if ok:
                    best = (j, ok)
        if best is None:
            i += 1
            continue
        j, entries = best
        s, e = toks[i].start, toks[j].end
        if _crosses_entity(st, s, e):  # "the North| Korean shells": the entity's boundary wins
            i += 1
            continue
        ent = entity_at(st, s, e)
        if (
            ent is not None and ent.label in _NOT_ACTOR_LABELS and (ent.start, ent.end) != (s, e)
            and not _conjunct_of(st.text, ent, s, e)
        ):  # fmt: skip
            i = j + 1
            continue
        if ent is not None and (ent.start, ent.end) != (s, e):
            if ent.label == "PERSON" and not any(x.kind == "person" for x in entries):
                i = j + 1
                continue
            if ent.label == "ORG" and ent.start != s and _complement_in_org(st.text, ent, s):
                i = j + 1
                continue
        m = _dict_mention(st, toks, i, j, entries, ent, seen)
        if m is not None:
            seen.add(m.actor.country)
            if entries[0].kind == "demonym" and i > 0 and toks[i - 1].token.lower_ == "ethnic":
                ethnic.append((m, toks[i].sent))
        i = j + 1
    _places(st, toks)
    for m, sent in ethnic:  # "ethnic Albanians in Macedonia": a minority of the country they live in
        others = sorted(
            (x.start, x.actor.country)
            for x in st.mentions
            if x is not m
            and x.actor.country
            and x.actor.country != m.actor.country
            and st.kinds.get((x.start, x.end)) in ("name", "capital")
            and sentence_of(st, x.start) == sent
        )
        if others:  # the first other country the sentence names is usually where they live
            country = others[0][1]
            st.mentions.remove(m)
            add_mention(
                st,
                m.start,
                m.end,
                resolved(
                    st,
                    country,
                    st.data.country_names.get(country, country),
                    f"ethnic-minority+{m.actor.rule}",
                ),
                kind="demonym",
            )


_GENERIC_PLACE_WORDS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre", "center",
     "central", "north east", "north west", "south east", "south west", "interior", "coast", "capital"}
)  # fmt: skip


def _places(st: State, toks: list[Tok]) -> None:
    """Cities and regions the dictionaries do not know give their country ("Winnipeg" CAN, "Khyber Pakhtunkhwa" PAK)."""
    if not toks:
        return
    lo, hi = toks[0].start, toks[-1].end
    for ent in st.entities_near(lo, hi):
        if ent.label not in ("GPE", "LOC", "FAC") or not (lo <= ent.start < hi) or (ent.start, ent.end) in st.kinds:
            continue
        if any(m.start < ent.end and ent.start < m.end for m in st.mentions[-50:]):
            continue
        key = normalise(ent.text)
        if key.removeprefix("the ") in _GENERIC_PLACE_WORDS:
            continue  # "the North", "Central": directions, not places
        found = place_countries().get(key)
        if found and _filed_from(st, ent, found[0]):
            continue
        if found:
            country, source = found
            name = st.data.country_names.get(country, country)
            add_mention(st, ent.start, ent.end, resolved(st, country, name, f"place:{source}"), kind="city")


def _conjunct_of(text: str, ent: Entity, s: int, e: int) -> bool:
    """True when ``text[s:e]`` is one whole conjunct of an entity that is a list of names ("Gondor and
    Osgiliath" tagged as one work of art): the tagger joined two names, it did not find a title."""
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text[ent.start : ent.end])
    if len(parts) < 2:
        return False
    pos = ent.start
    for part in parts:
        at = text.find(part, pos, ent.end)
        if (at, at + len(part)) == (s, e):
            return True
        pos = at + len(part)
    return False


def _crosses_entity(st: State, s: int, e: int) -> bool:
    return any((x.start < s < x.end < e) or (s < x.start < e < x.end) for x in st.entities_near(s, e))


def _complement_in_org(text: str, ent: Entity, s: int) -> bool:
    """True for a name inside an organisation's name after a preposition ("Institute for North Korean
    Studies"): it says what the organisation is about, not whose it is."""
    before = f" {text[ent.start : s].lower()} "
    return any(f" {p} " in before for p in ("for", "of", "on", "against", "to"))


def _filed_from(st: State, ent: Entity | None, country: str | None) -> bool:
    """True when ``ent`` is a wire dateline ("MOSCOW, March 3 (AFP) -"), recording its ``country`` (if any) as
    evidence of the article's home country. A dateline says where the story was filed: it is never an actor, and taken as
    one it joined the subject of the first sentence ("MOSCOW (AFP) - Ukraine accused Russia": Russia
    accusing)."""
    if ent is None or ent.rule != "dateline":
        return False
    if country is not None and country not in ("IGO", "NGO", "IMG"):
        st.filed_in.append(country)
    return True


def _dict_mention(
    st: State,
    toks: list[Tok],
    i: int,
    j: int,
    entries: list[Entry],
    ent: Entity | None,
    seen: set[str | None],
) -> Mention | None:
    entry = (
        next((x for x in entries if x.kind == "person"), entries[0])
        if ent and ent.label == "PERSON"
        else entries[0]
    )
    s, e = toks[i].start, toks[j].end
    country = entry.code[:3] if entry.kind in ("capital", "name", "seat", "city") else None
    if _filed_from(st, ent, country):  # "UNITED NATIONS (AP) -" too: a place here, no actor and no country
        if country:
            seen.add(country)
        return None
    last = toks[j].token
    subject = last.dep_ in SUBJECT_DEPS
    if entry.kind == "person":
        code, role = st.data.role_at(entry.name, st.published)
        rule = f"dict:leader:{role.source}" if role else f"dict:leader-out-of-office:{entry.source}"
        m = add_mention(
            st, s, e, resolved(st, code, entry.name, rule), person=True, kind="person", subject=subject
        )
        if m:
            remember_person(st, m, entry.name)
        return m
    if entry.kind == "anaphor" and entry.code[:3] not in seen:
        return None
    code, rule = entry.code, f"dict:{entry.kind}:{entry.source}"
    if (
        entry.kind == "capital"
        and last.head.dep_ == "prep"
        and last.dep_ == "pobj"
        and last.head.lower_ in _PLACE_PREPS
    ):
        code, rule = entry.code[:3], f"dict:capital-as-place:{entry.source}"
    if ent is not None and ent.label == "ORG" and ent.end > e and ent.start <= s:
        # an organisation named after a known prefix ("Yonsei Institute for ...") takes the whole entity
        s, e = ent.start, ent.end
    return add_mention(st, s, e, resolved(st, code, entry.name, rule), kind=entry.kind, subject=subject)


def _noun_phrases(st: State, toks: list[Tok]) -> None:
    by_start = {t.start: t for t in toks}
    by_end = {t.end: t for t in toks}
    new: list[tuple[int, int, str, str, str, bool]] = []
    for m in st.mentions[st.para_from :]:  # this paragraph's (earlier ones never start at its tokens)
        kind = st.kinds.get((m.start, m.end), "")
        if kind not in COUNTRYISH or m.start not in by_start or m.end not in by_end:
            continue
        country = m.actor.country
        if not country:
            continue
        first, last = by_start[m.start].token, by_end[m.end].token
        doc = last.doc
        off = m.start - first.idx
        head = last.head
        if last.dep_ in _NP_DEPS and head.i > last.i and head.pos_ in ("NOUN", "PROPN"):
            found = sector_ending_at(st, doc, head, last.i)
            nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
            if found and not (nxt is not None and nxt.ent_type_ == "PERSON"):
                new.append(
                    (
                        m.start,
                        off + head.idx + len(head.text),
                        country,
                        found[1],
                        m.actor.rule,
                        head.dep_ in SUBJECT_DEPS,
                    )
                )
        elif last.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _OF_PREPS:
            noun = head.head
            if noun.i < head.i and noun.pos_ in ("NOUN", "PROPN") and noun.dep_ != "appos":
                found = sector_ending_at(st, doc, noun, noun.left_edge.i - 1)
                if found:
                    k = found[0]
                    while k < noun.i and doc[k].dep_ in ("det", "punct"):
                        k += 1
                    new.append(
                        (off + doc[k].idx, m.end, country, found[1], m.actor.rule, noun.dep_ in SUBJECT_DEPS)
                    )
    for start, end, country, phrase, rule, subject in new:
        _add_np(st, start, end, country, phrase, rule, subject)


def _add_np(st: State, start: int, end: int, country: str, phrase: str, rule: str, subject: bool) -> None:
    sector = st.data.sectors[phrase]
    code = country + sector.code if country not in ("IGO", "NGO", "IMG") else country
    name = f"{st.data.country_names.get(country, country)} {phrase}"
    why = f"np:{sector.source}+{rule}"
    role = _ROLE_WORDS.get(phrase)
    if role:
        holder = st.data.holder(country, role, st.published)
        if holder is not None:
            code, name, why = holder.code, holder.person, f"role:{holder.source}+{rule}"
    m = add_mention(
        st, start, end, resolved(st, code, name, why), person=sector.person, kind="np", subject=subject
    )
    if m and role and name in st.data.roles:
        remember_person(st, m, name)


# ------------------------------------------------------------------------------------------- 4. groups
def _groups(st: State, toks: list[Tok]) -> None:
    if not toks:
        return
    lo, hi = toks[0].start, toks[-1].end
    # the mentions and groups of this paragraph, for "does a new group overlap one" in logarithmic time
    covered = Coverage([
        *((a, b) for a, b in st.para_spans if a < hi and b > lo),
        *((m.start, m.end) for m in st.mentions[st.para_from :] if m.start < hi and m.end > lo),
    ])  # fmt: skip
    doc = toks[0].doc  # toks[k] is the Doc's token k
    tags = doc.to_array([POS, DEP]).tolist()  # a Token (and two string lookups) only for the nouns asked about
    deps = {doc.vocab.strings[d] for d in _GROUP_DEPS}  # the labels' hashes
    for t, (pos, dep) in zip(toks, tags, strict=True):
        if pos != NOUN or dep not in deps:
            continue
        tok = t.token
        if tok.dep_ == "pobj" and tok.head.lower_ not in ("by", "against"):
            continue
        if tok.dep_ == "appos" or (tok.dep_ == "conj" and tok.head.dep_ == "appos"):  # describes a person
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_ in _SPEECH_VERBS:  # "told reporters": an audience
            continue
        if any(c.lower_ in ("other", "some", "many") for c in tok.lefts):
            continue
        found = sector_ending_at(st, tok.doc, tok, tok.left_edge.i - 1)
        if not found:
            continue
        doc = tok.doc
        k = tok.left_edge.i
        while k < tok.i and (doc[k].dep_ in ("det", "punct", "nummod", "quantmod") or doc[k].like_num):
            k += 1
        start = t.start - (tok.idx - doc[k].idx)
        if covered.overlaps(start, t.end):
            continue
        if entity_at(st, t.start, t.end) is not None:
            continue
        _add_group(st, start, t.end, found[1], tok.dep_ in SUBJECT_DEPS, tok=tok)
        covered.add(start, t.end)
    if not toks:
        return
    for ent in st.entities_near(toks[0].start, toks[-1].end):  # organisations and places not in the data
        if ent.label not in ("ORG", "GPE", "FAC") or not (toks[0].start <= ent.start < toks[-1].end):
            continue
        if covered.overlaps(ent.start, ent.end):  # spans of other paragraphs never overlap this one's entities
            continue
        if ent.label == "GPE":
            continue
        head_part = re.split(r" (?:of|for|on) ", normalise(ent.text), maxsplit=1)[0]  # "School of Government"
        words = head_part.split(" ")
        phrase = next(
            (" ".join(words[k:]) for k in range(len(words)) if " ".join(words[k:]) in st.data.sectors), None
        )
        if phrase:
            _add_group(st, ent.start, ent.end, phrase, False, name=ent.text)
            covered.add(ent.start, ent.end)


def _add_group(
    st: State, start: int, end: int, phrase: str, subject: bool, name: str = "", tok: Token | None = None
) -> None:
    """A sector noun acting on its own ("police", "the government"). Its country comes from the group itself:
    a country named inside its own phrase ("the government of Sindh province", "the Nigerian Union of
    Teachers"), or the antecedent of its possessive pronoun ("its troops", "their leaders": the nearest
    country-ish actor before it in the sentence); failing those, the article's home country
    (``state.home_country``). Never merely the country named nearest to it."""
    country, where = _own_country(st, start, end, tok)
    if country is None and st.home:
        country, where = st.home, "home"
    sector = st.data.sectors[phrase]
    code = (country or "") + sector.code if country not in ("IGO", "NGO", "IMG") else (country or "")
    name = name or f"{st.data.country_names.get(country or '', country or '')} {phrase}".strip()
    rule = f"group:{sector.source}" + (f"+{where}" if country else "")
    add_mention(
        st, start, end, resolved(st, code, name, rule), person=sector.person, kind="group", subject=subject
    )


def _own_country(st: State, start: int, end: int, tok: Token | None) -> tuple[str | None, str]:
    lo, hi = start, end
    if tok is not None:  # "the government of X", "troops from X": the phrase's own prepositions
        base = end - len(tok) - tok.idx  # article offset = base + token.idx
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from", "in") and c.i > tok.i:
                last = c.doc[c.right_edge.i]
                hi = max(hi, base + last.idx + len(last))
    own = [
        m for m in _countryish_from(st, lo, hi)
        if lo <= m.start and m.end <= hi and (m.start, m.end) != (start, end)
        and st.kinds.get((m.start, m.end)) in COUNTRYISH and m.actor.country
    ]  # fmt: skip
    if own:
        m = min(own, key=lambda m: m.start)
        return m.actor.country, "own"
    if tok is not None and any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in tok.children):
        sent = sentence_of(st, start)
        before = [
            m for m in _countryish_from(st, st.sent_starts[sent] if sent >= 0 else 0, start)
            if m.end <= start and sentence_of(st, m.start) == sent and m.actor.country
            and st.kinds.get((m.start, m.end)) in COUNTRYISH and not in_quote(st, m.start)
        ]  # fmt: skip
        if before:
            m = max(before, key=lambda m: m.end)
            return m.actor.country, "antecedent"
    return None, ""


def _countryish(st: State) -> list[tuple[int, int]]:
    """(start, index in ``st.mentions``) of the country-ish mentions with a country, sorted: taken after the
    first pass, as the second pass adds only persons and groups (never country-ish) and removes none."""
    return sorted(
        (m.start, k) for k, m in enumerate(st.mentions)
        if st.kinds.get((m.start, m.end)) in COUNTRYISH and m.actor.country
    )  # fmt: skip


def _countryish_from(st: State, lo: int, hi: int) -> list[Mention]:
    """The first pass's country-ish mentions starting in ``[lo, hi]``, in the order of ``st.mentions`` (so
    ties break as a scan of every mention would), found by bisection in ``st.countryish``: scanning every
    mention of the article for each group was quadratic in the article."""
    a = bisect_left(st.countryish, (lo, -1))
    b = bisect_right(st.countryish, (hi, len(st.mentions)))
    return [st.mentions[k] for k in sorted(k for _, k in st.countryish[a:b])]


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})


# ------------------------------------------------------------------------------------------- output
def _actors(st: State) -> tuple[Actor, ...]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in sorted(st.mentions, key=lambda m: (m.start, m.end)):
        groups.setdefault((m.actor.code, m.actor.name), []).append(m)
    out: list[Actor] = []
    for (code, name), ms in groups.items():
        a = ms[0].actor
        seen: set[tuple[int, int]] = set()
        mentions = []
        for m in ms:
            if (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                mentions.append(ActorMention(start=m.start, end=m.end, text=st.text[m.start : m.end]))
        out.append(
            Actor(
                code=code,
                country=a.country,
                sector=a.sector,
                name=name,
                mentions=tuple(mentions),
                rule=a.rule,
            )
        )
    return tuple(out)


def _fill_entities(st: State, lookup: ArticleActors, entities: tuple[Entity, ...]) -> list[Entity]:
    out: list[Entity] = []
    for e in entities:
        code: str | None = None
        if e.field == "text":
            m = lookup.mention_at(e.start, e.end)
            if m is not None and m.start < e.end and m.end > e.start:
                code = m.actor.code
        else:
            code = _title_code(st, e)
        out.append(replace(e, actor=code) if code else e)
    return out


def _title_code(st: State, e: Entity) -> str | None:
    key = normalise(e.text)
    people = [m for _, k, m in st.people if k == key]
    if people:  # a headline names the article's people by surname: the first one the body introduced
        return people[0].actor.code
    entries = st.data.phrases.get(key)
    if not entries:
        return None
    entry = entries[0]
    if entry.kind == "person":
        return st.data.role_at(entry.name, st.published)[0] or None
    return None if entry.kind == "anaphor" else entry.code


def known_code(code: str) -> bool:
    """True when every part of ``code`` is in the code list (for callers outside this module)."""
    return code_problem(code) is None and all(
        code[i : i + 3] in actor_codes() for i in range(0, len(code), 3)
    )

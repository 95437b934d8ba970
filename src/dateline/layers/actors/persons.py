"""People not (or not only) in the dictionaries: surnames, hyphenated pairs, titles, appositions, context.

Part of the actors layer (see actors.py); records each decision in the mention's rule.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from spacy.tokens import Doc, Token

from ...model import Dropped, Entity
from .data import code_problem, normalise
from .lookup import Mention
from .state import State, Tok, add_mention, mentions_spanning, people_named, remember_person, resolved

log = logging.getLogger(__name__)

_OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "COP", "DIP", "LEG", "JUD", "SPY"})  # context may tell whose


def resolve_persons(st: State, toks: list[Tok]) -> None:
    if not toks:
        return
    by_start = {t.start: t for t in toks}
    for ent in st.entities_near(toks[0].start, toks[-1].end):
        if ent.start not in by_start:
            continue
        if ent.label != "PERSON" and not (ent.label == "ORG" and _after_title(st, by_start[ent.start])):
            continue
        if (ent.start, ent.end) in st.kinds:
            if ent.label == "PERSON" and st.kinds[(ent.start, ent.end)] == "person":
                _enrich_undated(st, ent, toks, by_start[ent.start])
            continue
        try:
            _person(st, ent, toks, by_start[ent.start])
        except Exception as exc:  # noqa: BLE001 - drop this span only
            log.debug("actors: person %r failed", ent.text, exc_info=True)
            st.dropped.append(Dropped(layer="actors", start=ent.start, end=ent.end, reason=f"person: {exc!r}"))


def _hyphenated_people(st: State, ent: Entity) -> bool:
    """ "Putin-Kim talks": each part is a person introduced earlier; one mention each."""
    parts, pos = [], ent.start
    for word in ent.text.split("-"):
        matches = [m for p, m in people_named(st, normalise(word)) if p < ent.start]
        if not matches or not word:
            return False
        parts.append((pos, pos + len(word), matches[-1]))
        pos += len(word) + 1
    for a, b, m in parts:
        add_mention(
            st, a, b, replace(m.actor, rule=f"person:coref+{m.actor.rule}"), person=True, kind="person"
        )
    return True


def _after_title(st: State, first: Tok) -> bool:
    """True when the tokens just before an entity are a one-person title ("Vice-President Moody Awori")."""
    tok = first.token
    doc = tok.doc
    for n in (1, 2, 3):
        if tok.i - n < 0:
            break
        sector = st.data.sectors.get(normalise(doc[tok.i - n : tok.i].text))
        if sector is not None and sector.person:
            return True
    return False


def _title_and_appos(st: State, ent: Entity, toks: list[Tok], first: Tok) -> tuple[str | None, str | None, str]:
    """Country, sector and why from a title before the name or an apposition after it."""
    doc = first.token.doc
    off = first.start - first.token.idx
    k = first.token.i  # toks has one Tok per token of the Doc, in order: the entity's tokens follow ``first``
    if not (k < len(toks) and toks[k] is first):
        k = toks.index(first)
    ent_toks: list[Token] = []  # not a scan of the paragraph per person (quadratic on a long one)
    while k < len(toks) and toks[k].start < ent.end:
        ent_toks.append(toks[k].token)
        k += 1
    root = next(
        (t for t in ent_toks if not (ent.start <= off + t.head.idx < ent.end) or t.head is t), ent_toks[-1]
    )
    country, sector, why = None, None, ""
    lo = root.left_edge.i
    if lo < ent_toks[0].i:  # a title before the name
        t_start, t_end = off + doc[lo].idx, ent.start
        country, sector, why = _describe(st, doc, lo, ent_toks[0].i - 1, t_start, t_end)
        why = f"title{why}"
    if country is None:
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent_toks[-1].i:
                a_start = off + child.left_edge.idx
                a_end = off + child.right_edge.idx + len(child.right_edge.text)
                country, sector2, why2 = _describe(
                    st, doc, child.left_edge.i, child.right_edge.i, a_start, a_end, head=child
                )
                sector = sector or sector2
                why = f"appos{why2}"
                break
    return country, sector, why


def _enrich_undated(st: State, ent: Entity, toks: list[Tok], first: Tok) -> None:
    """A person only Phoenix knows, named after its dates (the country alone), takes the sector his title or
    apposition gives ("X, the leader of the opposition party"): that is what the article says of him now."""
    at = next((k for k in mentions_spanning(st, ent.start, ent.end) if st.mentions[k].person), None)
    if at is None:
        return
    m = st.mentions[at]
    if m.actor.sector or m.actor.name in st.data.roles or not m.actor.country:
        return
    country, sector, why = _title_and_appos(st, ent, toks, first)
    if not sector or (country and country != m.actor.country):
        return
    new = resolved(st, m.actor.country + sector, m.actor.name, f"person:{why}+{m.actor.rule}")
    if new is None:
        return
    better = Mention(m.start, m.end, replace(new, start=m.start, end=m.end), True)
    st.mentions[at] = better
    st.people = [(p, k, better if x is m else x) for p, k, x in st.people]


def _person(st: State, ent: Entity, toks: list[Tok], first: Tok) -> None:
    key = normalise(ent.text)
    if "-" in ent.text and _hyphenated_people(st, ent):
        return
    earlier = [(pos, m) for pos, m in people_named(st, key) if pos < ent.start]
    if earlier:
        m = earlier[-1][1]
        add_mention(
            st,
            ent.start,
            ent.end,
            replace(m.actor, rule=f"person:coref+{m.actor.rule}"),
            person=True,
            kind="person",
        )
        return
    if key in st.data.shorts and len(st.data.shorts[key]) == 1 and " " not in key:
        person = next(iter(st.data.shorts[key]))
        code, role = st.data.role_at(person, st.published)
        if role is not None:
            m2 = add_mention(
                st,
                ent.start,
                ent.end,
                resolved(st, code, person, f"person:short:{role.source}"),
                person=True,
                kind="person",
            )
            if m2:
                remember_person(st, m2, person)
            return
    country, sector, why = _title_and_appos(st, ent, toks, first)
    if country is None and why.startswith("appos") and sector not in _OFFICIAL_SECTORS:
        # "X, an analyst at an institute we do not know": the sector is known, the country is not guessed
        if sector:
            add_mention(
                st,
                ent.start,
                ent.end,
                resolved(st, sector, ent.text, f"person:{why}"),
                person=True,
                kind="person",
            )
        return
    # A person's country comes from the person (dictionary, title, apposition, an earlier full mention),
    # never from a country named near them nor from the article's home country: a foreign official quoted
    # in a story set elsewhere is common, and a wrong country misleads more than a missing one.
    if country is None:
        return
    code = country + (sector or "") if country not in ("IGO", "NGO", "IMG") or not sector else country
    if code_problem(code):
        code = country
    added = add_mention(
        st, ent.start, ent.end, resolved(st, code, ent.text, f"person:{why}"), person=True, kind="person"
    )
    if added:
        parts = key.split(" ")
        st.people.append((ent.start, key, added))
        if len(parts) > 1:
            st.people.append((ent.start, parts[-1], added))
            if not people_named(st, parts[0]):
                st.people.append((ent.start, parts[0], added))


def _describe(
    st: State, doc: Doc, lo: int, hi: int, start: int, end: int, head: Token | None = None
) -> tuple[str | None, str | None, str]:
    """Country and sector from a title or apposition ``doc[lo:hi+1]`` (chars ``start..end``)."""
    country, sector, why = None, None, ""
    inside = sorted(
        (m for m in st.mentions if m.start >= start and m.end <= end and not m.person), key=lambda m: m.start
    )
    if inside:
        country = inside[0].actor.country
        sector = inside[0].actor.sector
        why = f":{inside[0].actor.rule}"
    words = [doc[k] for k in range(lo, hi + 1)]
    best: tuple[int, str] | None = None
    for k in range(len(words)):
        for n in (3, 2, 1):
            phrase = normalise(" ".join(w.text for w in words[k : k + n]))
            if phrase in st.data.sectors and (best is None or n > best[0]):
                best = (n, phrase)
                break
    if head is not None:
        phrase = normalise(head.text)
        if phrase in st.data.sectors:
            best = (1, phrase)
    if best is not None:
        word = st.data.sectors[best[1]]
        # a generic title inside an organisation keeps the organisation's sector ("Congress Party president")
        if not (sector and sector != "GOV" and word.code == "GOV"):
            sector = word.code
        why += f":sector:{word.source}"
    if any(w.lower_ in ("former", "ex") for w in words):
        sector = "ELI"
    return country, sector, why

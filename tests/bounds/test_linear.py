"""Paths that were quadratic in the input stay linear (issue 15, bench/bench_doubling.py): checked by
results against the slow definition on small inputs, and by CPU time (``time.process_time``, so a busy
machine does not count) on inputs where the old path took seconds, with a wide margin."""

from __future__ import annotations

import random
import time

from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline.layers.actors.lookup import Mention
from dateline.layers.actors.resolve import _countryish, _own_country
from dateline.layers.actors.resolved import ResolvedActor
from dateline.layers.actors.state import State, add_mention, mentions_spanning, people_named
from dateline.layers.doc_views import children, subtree, subtree_indices
from dateline.layers.events.arguments import _clause_bounds


def _doc(heads: list[int], pos: str = "VERB", dep: str = "parataxis") -> Doc:
    n = len(heads)
    deps = ["ROOT" if h == i else dep for i, h in enumerate(heads)]
    return Doc(Vocab(), words=["agree"] * n, heads=heads, deps=deps, pos=[pos] * n)


def _random_heads(n: int, rng: random.Random) -> list[int]:
    """A random tree over ``n`` tokens (not necessarily projective)."""
    order = list(range(n))
    rng.shuffle(order)
    heads = [0] * n
    heads[order[0]] = order[0]
    for k in range(1, n):
        heads[order[k]] = order[rng.randrange(k)]
    return heads


def test_tree_views_list_what_spacy_lists() -> None:
    rng = random.Random(15)
    for _ in range(30):
        doc = _doc(_random_heads(rng.randrange(1, 40), rng))
        for tok in doc:
            assert subtree_indices(tok) == [t.i for t in tok.subtree]
            assert [t.i for t in subtree(tok)] == [t.i for t in tok.subtree]
            assert [t.i for t in children(tok)] == [t.i for t in tok.children]


def test_a_subtree_of_a_deep_chain_is_listed_in_linear_time() -> None:
    n = 20_000  # each clause governs the next: depth n (with spaCy's own subtree this took 13 s, now 0.1 s)
    doc = _doc([i + 1 for i in range(n - 1)] + [n - 1])
    root = doc[n - 1]
    started = time.process_time()
    first, last = _clause_bounds(root)
    assert len(subtree_indices(root)) == n
    assert time.process_time() - started < 2.0
    assert (first.i, last.i) == (0, n - 1)


def test_clause_bounds_stop_before_a_trailing_clause_with_its_own_subject() -> None:
    # "talks , Japan warning": the root, then a conjoined clause with its own subject before it
    words = ["talks", "resumed", ",", "Japan", "warning"]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 1, 4, 1], deps=["nsubj", "ROOT", "punct", "nsubj", "conj"],
              pos=["NOUN", "VERB", "PUNCT", "PROPN", "VERB"])  # fmt: skip
    first, last = _clause_bounds(doc[1])
    assert (first.i, last.i) == (0, 2)


def _actor(code: str, country: str | None, sector: str | None) -> ResolvedActor:
    return ResolvedActor(code=code, country=country, sector=sector, name=code, rule="test")


def _state(n: int) -> State:
    st = State("", None, None, [], [], {}, set(), [], [], [])  # type: ignore[arg-type]
    for k in range(n):  # a country name every 20 characters, and a group after each
        add_mention(st, 20 * k, 20 * k + 6, _actor("FRA", "FRA", None), kind="name")
        add_mention(st, 20 * k + 8, 20 * k + 14, _actor("GOV", None, "GOV"),
                    kind="group")  # fmt: skip
    st.countryish = _countryish(st)
    return st


def test_a_group_finds_its_own_country_as_a_scan_of_every_mention_would() -> None:
    st = _state(50)
    st.mentions.append(Mention(40, 46, _actor("DEU", "DEU", None), False))
    st.kinds[(40, 46)] = "name"
    st.countryish = _countryish(st)
    assert _own_country(st, 40, 60, None) == ("FRA", "own")  # same start: the earlier mention, as before
    assert _own_country(st, 8, 14, None) == (None, "")
    st.kinds[(60, 66)] = "group"  # a later pass re-labelled the span: no longer country-ish
    assert _own_country(st, 60, 70, None) == (None, "")


def test_groups_do_not_scan_every_mention_of_the_article() -> None:
    st = _state(20_000)  # 40,000 mentions; a scan of them all per group took 2.6 s for 2,000 groups, now 0.02 s
    started = time.process_time()
    for k in range(0, 20_000, 10):
        assert _own_country(st, 20 * k, 20 * k + 20, None) == ("FRA", "own")
    assert time.process_time() - started < 1.0


def test_people_and_spans_are_found_by_index_as_a_scan_would() -> None:
    st = _state(3)
    france = st.mentions[0]
    st.people.extend([(0, "putin", france), (20, "lavrov", france), (40, "putin", france)])
    assert people_named(st, "putin") == [(0, france), (40, france)]
    better = Mention(0, 6, _actor("RUSGOV", "RUS", "GOV"), True)
    st.people = [(p, k, better if x is france else x) for p, k, x in st.people]  # rebuilt item for item
    st.people.append((60, "putin", france))
    assert people_named(st, "putin") == [(0, better), (40, better), (60, france)]
    assert people_named(st, "xi") == []
    add_mention(st, 0, 6, _actor("FRA", "FRA", None), person=True, kind="person")
    assert mentions_spanning(st, 0, 6) == [0, 6]
    assert mentions_spanning(st, 8, 14) == [1]

"""The span index gives exactly the answers of the linear scans it replaces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.layers.overlaps import Coverage, SpanIndex

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=40)
query = st.tuples(st.integers(0, 70), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1]))


@given(spans, st.lists(query, max_size=10))
def test_coverage_matches_the_scan(added: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    cov = Coverage()
    seen: list[tuple[int, int]] = []
    for a, b in added:
        for s, e in queries:
            assert cov.overlaps(s, e) == any(x < e and s < y for x, y in seen)
        cov.add(a, b)
        seen.append((a, b))


@given(spans, query, st.sampled_from([None, 1, 3, 50]))
def test_span_index_matches_the_scan(given_spans: list[tuple[int, int]], q: tuple[int, int], last: int | None) -> None:
    ordered = sorted(given_spans, key=lambda x: (x[0], -x[1]))
    s, e = q
    expected = [i for i, (a, b) in enumerate(ordered) if b > s and a < e]
    if last is not None:
        expected = expected[-last:]
    assert SpanIndex(ordered).overlapping(s, e, last=last) == expected

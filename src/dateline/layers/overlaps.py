"""Span look-ups in logarithmic time, for the layers' "which spans overlap ``[start, end)``" questions.

A layer that asks, for every item it finds, whether the item overlaps anything found before (``any(a < e and
s < b for a, b in taken)``) does work quadratic in the article's length: on a long article with thousands of
mentions (one sentence or one city name repeated) that alone took minutes. Two small structures answer the
same questions with ``bisect``:

- ``SpanIndex``: a fixed list of spans sorted by start; ``overlapping(start, end)`` gives the indices of the
  spans overlapping ``[start, end)`` in their order, in O(log n + k) for spans of bounded nesting (a prefix
  maximum of the ends says where no earlier span can reach).
- ``Coverage``: a growing set of spans for "does ``[start, end)`` overlap anything added so far", kept as
  disjoint runs of spans that overlap one another, so the question costs O(log n).

Both give exactly the answers of the linear scans they replace (``a < end and start < b``; half-open spans,
so spans that only touch do not overlap).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence


class SpanIndex:
    """Spans ``(start, end)`` given sorted by start; which of them overlap a span."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]
        reach: list[int] = []
        most = -1 << 62
        for e in self._ends:
            most = max(most, e)
            reach.append(most)
        self._reach = reach  # _reach[i]: the largest end among spans 0..i

    def __len__(self) -> int:
        return len(self._starts)

    def overlapping(self, start: int, end: int, *, last: int | None = None) -> list[int]:
        """Indices (ascending) of the spans with ``s < end and start < e``; with ``last``, only the last
        ``last`` of them (as ``[...][-last:]`` would give)."""
        out: list[int] = []
        i = bisect_left(self._starts, end) - 1
        while i >= 0 and self._reach[i] > start:
            if self._ends[i] > start:
                out.append(i)
                if last is not None and len(out) >= last:
                    break
            i -= 1
        out.reverse()
        return out


class Coverage:
    """Spans added one by one; does a span overlap any of them (``any(a < end and start < b ...)``)?

    Spans that overlap one another are kept merged into one run (their union has no gap, so a span overlaps
    the run exactly when it overlaps one of them); runs that only touch stay apart. Empty spans cover no
    character but, as in the scan they replace, overlap a span strictly around them: they are kept apart.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._points: list[int] = []
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        if end <= start:
            if end == start:
                insort(self._points, start)
            return
        lo = bisect_right(self._ends, start)  # runs ending at or before ``start`` stay
        hi = bisect_left(self._starts, end)  # runs starting at or after ``end`` stay
        if lo < hi:  # runs lo..hi-1 overlap the new span: merge them into it
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
            del self._starts[lo:hi]
            del self._ends[lo:hi]
        self._starts.insert(lo, start)
        self._ends.insert(lo, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        if self._points:  # an empty span strictly inside ``(start, end)``
            j = bisect_right(self._points, start)
            return j < len(self._points) and self._points[j] < end
        return False

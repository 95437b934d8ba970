"""The hostile bench's verdict statistic (bench/bench_api_hostile.py): the geometric mean of the pairs' p95
ratios with a 95 % interval, so that "no worse" is judged against the bench's own spread."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_api_hostile.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_api_hostile", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_interval_holds_the_geometric_mean_and_narrows_with_more_pairs() -> None:
    bench = _bench()
    ratios = [0.9, 1.1, 1.0, 1.05, 0.95]
    few = bench.geomean_interval(ratios)
    many = bench.geomean_interval(ratios * 4)
    assert few["pairs"] == 5 and many["pairs"] == 20
    assert math.isclose(few["mean"], math.exp(sum(map(math.log, ratios)) / 5), abs_tol=1e-3)
    assert few["low"] < few["mean"] < few["high"] and few["low"] < 1 < few["high"]
    assert few["high"] - few["low"] > many["high"] - many["low"]


def test_a_steady_cost_is_told_from_none_and_one_pair_gives_no_interval() -> None:
    bench = _bench()
    slower = bench.geomean_interval([1.08, 1.1, 1.09, 1.11, 1.1, 1.12])
    assert slower["low"] > 1
    assert bench.geomean_interval([1.2]) is None


def test_the_summary_reports_it_per_pair() -> None:
    bench = _bench()

    def phase(kind: str, p95: float) -> dict[str, object]:
        return {"kind": kind, "_latencies": [p95], "requests": 1, "errors": 0, "p95_ms": p95,
                "server_cpu_ms_per_get": 1.0, "db_cpu_ms_per_get": 0.0}  # fmt: skip

    phases = [phase("b", 100), phase("c", 110), phase("c", 105), phase("b", 100)]
    summary = bench.summarize(phases)
    assert summary["p95_ratio_per_pair"] == [1.1, 1.05]
    assert summary["p95_ratio_geomean_of_pairs"]["pairs"] == 2

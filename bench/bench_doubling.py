"""Time per layer as the input doubles, for ordinary prose and each hostile shape (issue 15).

For each shape and sizes s, 2s, 4s (characters) one article is built (``tests/bounds/shapes.py``), parsed and
run through every layer of ``pipeline.build_extraction`` with each layer timed on its own: ``nlp`` (re-casing
and spaCy), ``entities``, ``actors``, ``timexes``, ``places``, ``quotes``, ``events``. A layer's time is CPU
seconds of this process (``time.process_time()``, not wall time: on a shared machine the time other programs
run is not counted, though their load still slows this one a little), and each measurement is the minimum over
``--repeat`` runs, the sizes taking turns. The garbage collector runs before each layer and is off while a
layer is timed: a full collection scans the whole heap (the model and every Doc), and would otherwise land on
whichever layer allocates when it falls due, the same one on every repeat. Reported: seconds per layer and
size, the ratio per doubling (t(2s)/t(s), t(4s)/t(2s)) and the largest ratio per shape and layer; the bar is
2.3 (linear time gives about 2). A layer under ``--floor`` seconds at both sizes of a doubling is below the
timer's resolution and is shown in brackets, not held to the bar. The time budget is off here (``budget=0``).
Each shape runs in a fresh process (the pipeline loaded anew), so that its times do not depend on the heap the
shapes before it left behind; ``--same-process`` runs them all in this one.

    python bench/bench_doubling.py [--sizes 25000] [--repeat 3] [--shapes prose,months,...] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.bounds.shapes: the same shapes the tests use

LAYERS = ("nlp", "entities", "actors", "timexes", "places", "quotes", "events")
BAR = 2.3
T = TypeVar("T")


def time_layers(text: str, nlp: Any, res: Any) -> dict[str, float]:
    from dateline.ingest.wire import parse_text
    from dateline.layers.actors import resolve_actors
    from dateline.layers.entities import find_entities
    from dateline.layers.events import find_events
    from dateline.layers.places import find_places
    from dateline.layers.quotes import find_quotes
    from dateline.layers.timexes import find_timexes
    from dateline.nlp import parse_articles

    t: dict[str, float] = {}

    def timed(layer: str, run: Callable[[], T]) -> T:
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()  # CPU seconds of this process: other load on a shared machine not counted
            out = run()
            t[layer] = time.process_time() - t0
        finally:
            gc.enable()
        return out

    article = parse_text(text, origin="bench")
    parsed = timed("nlp", lambda: next(iter(parse_articles(nlp, [article]))))
    parsed = replace(parsed, entities=timed("entities", lambda: find_entities(parsed)))
    actors = timed("actors", lambda: resolve_actors(parsed, res.actors))
    parsed = replace(parsed, entities=actors.entities)
    timexes = timed("timexes", lambda: find_timexes(parsed))
    places = timed("places", lambda: find_places(parsed, res.gazetteer))
    quotes = timed("quotes", lambda: find_quotes(parsed, res.cues, actors.lookup))
    timed("events", lambda: find_events(parsed, res.triggers, lookup=actors.lookup, quotes=quotes.quotes,
                                        time_index=timexes.index, place_index=places.index))  # fmt: skip
    gc.collect()
    return t


def main() -> None:
    from tests.bounds.shapes import UNITS, make

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, default=25_000, help="the smallest size s (characters); s, 2s, 4s are run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--shapes", default=",".join([*UNITS, "paired_quotes"]))
    ap.add_argument("--floor", type=float, default=0.05)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--same-process", action="store_true",
                    help="run every shape in this process (default: each shape in a fresh one)")
    args = ap.parse_args()
    shapes = args.shapes.split(",")
    if len(shapes) > 1 and not args.same_process:
        run_apart(args, shapes)
        return

    from dateline.nlp import load_pipeline
    from dateline.pipeline import load_resources

    nlp, res = load_pipeline(args.model), load_resources()
    time_layers(make("prose", 3000), nlp, res)  # first use of every layer's data, outside the timings
    sizes = [args.sizes, 2 * args.sizes, 4 * args.sizes]
    report: dict[str, Any] = {"sizes": sizes, "repeat": args.repeat, "bar": BAR, "shapes": {}}
    worst_overall = 0.0
    for shape in shapes:
        texts = {size: make(shape, size) for size in sizes}
        runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        for _ in range(args.repeat):  # the sizes in turn on each repeat: a burst of load spoils one run of each
            for size in sizes:
                runs[size].append(time_layers(texts[size], nlp, res))
        best = {size: {layer: min(r[layer] for r in runs[size]) for layer in LAYERS} for size in sizes}
        rows: dict[str, Any] = {}
        for layer in LAYERS:
            times = [best[s][layer] for s in sizes]
            ratios = []
            for a, b in zip(times, times[1:], strict=False):
                held = max(a, b) >= args.floor
                ratios.append({"ratio": b / a if a > 0 else float("inf"), "held": held})
            held = [r["ratio"] for r in ratios if r["held"]]
            worst = max(held) if held else None
            if worst is not None:
                worst_overall = max(worst_overall, worst)
            rows[layer] = {"seconds": times, "ratios": ratios, "max_ratio": worst}
        report["shapes"][shape] = rows
        if not args.json:
            print(f"\n{shape}: sizes {sizes[0]:,} / {sizes[1]:,} / {sizes[2]:,} characters", flush=True)
            for layer, row in rows.items():
                secs = " ".join(f"{x:7.3f}" for x in row["seconds"])
                rs = " ".join(f"{r['ratio']:5.2f}" if r["held"] else f"[{r['ratio']:4.2f}]" for r in row["ratios"])
                flag = "" if row["max_ratio"] is None or row["max_ratio"] <= BAR else "  OVER"
                print(f"  {layer:9s} {secs}  ratios {rs}{flag}", flush=True)
    report["max_ratio"] = worst_overall
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"\nlargest ratio per doubling (layers above {args.floor} s): {worst_overall:.2f} (bar {BAR})")


def run_apart(args: argparse.Namespace, shapes: list[str]) -> None:
    """Each shape in a fresh process: a shape's times then do not depend on the heap that the shapes before
    it left behind (Docs of 100,000 characters of other text). In one process, spaCy's parse of the largest
    size of a later shape (months) took up to a quarter longer than in a fresh one, though the same text
    parsed on its own doubles in time with its size."""
    import subprocess

    common = ["--sizes", str(args.sizes), "--repeat", str(args.repeat), "--floor", str(args.floor)]
    if args.model:
        common += ["--model", args.model]
    reports: dict[str, Any] = {}
    for shape in shapes:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--shapes", shape, *common]
        if args.json:
            out = subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True).stdout
            reports[shape] = json.loads(out)
        else:
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            print(out.split("\n\nlargest ratio")[0].rstrip("\n"), flush=True)
            reports[shape] = out
    if args.json:
        first = next(iter(reports.values()))
        merged = {k: first[k] for k in ("sizes", "repeat", "bar")}
        merged["shapes"] = {s: r["shapes"][s] for s, r in reports.items()}
        merged["max_ratio"] = max(r["max_ratio"] for r in reports.values())
        print(json.dumps(merged, indent=1))
    else:
        worst = max(float(r.rsplit(": ", 1)[1].split()[0]) for r in reports.values())
        print(f"\nlargest ratio per doubling (layers above {args.floor} s): {worst:.2f} (bar {BAR})")


if __name__ == "__main__":
    main()

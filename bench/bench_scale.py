"""Where extraction runs, measured in one run: one process, ``--workers N``, and a local Dask cluster.

Each mode runs ``dateline extract --from jsonl CORPUS`` in a fresh subprocess (model loading included in
the time, as a user sees it), alternating the modes over ``--rounds`` rounds so that load on the machine hits
them alike, and keeps each mode's fastest run. Reported: articles/s, the speed-up against one process, the
peak RSS of the largest process of the run's process tree (the caller, a worker, a Dask worker), and whether
each mode's output is byte-identical to the one-process output.

    python bench/bench_scale.py [--corpus FILE.jsonl] [--repeat 20] [--workers 2] [--rounds 2] [--json]

The default corpus is the bundled example articles, repeated with distinct ids (``bench_extract.build_corpus``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import build_corpus  # noqa: E402


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_mode(args: list[str], corpus: Path) -> dict[str, float | str]:
    """One ``dateline extract`` run: seconds, output digest, peak RSS of its largest process."""
    with tempfile.TemporaryFile() as out:
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dateline", "extract", "--from", "jsonl", str(corpus), *args],
                                stdout=out, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        peak = {"mb": 0.0}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for p in _tree(proc.pid):
                    peak["mb"] = max(peak["mb"], _rss_mb(p))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
    return {"seconds": seconds, "digest": digest, "peak_mb": peak["mb"], "exit": proc.returncode}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = build_corpus(args.corpus, args.repeat)
    n = sum(1 for ln in corpus.read_text("utf-8").splitlines() if ln.strip())
    w = str(args.workers)
    modes = {"one process": ["--workers", "1"], f"--workers {w}": ["--workers", w]}
    if not args.no_dask:
        modes[f"dask local, {w} workers"] = ["--scheduler", "local", "--workers", w]
    runs: dict[str, list[dict[str, float | str]]] = {m: [] for m in modes}
    try:
        for r in range(max(1, args.rounds)):
            order = list(modes) if r % 2 == 0 else list(reversed(modes))
            for m in order:
                runs[m].append(run_mode(modes[m], corpus))
    finally:
        corpus.unlink(missing_ok=True)
    base = min(float(x["seconds"]) for x in runs["one process"])
    digest = runs["one process"][0]["digest"]
    report = {}
    for m, rs in runs.items():
        best = min(float(x["seconds"]) for x in rs)
        report[m] = {
            "articles": n, "seconds": round(best, 2), "articles_per_s": round(n / best, 2),
            "speedup": round(base / best, 2), "peak_rss_mb": round(max(float(x["peak_mb"]) for x in rs)),
            "same_output": all(x["digest"] == digest for x in rs), "exit": sorted({x["exit"] for x in rs}),
        }  # fmt: skip
    if args.json:
        print(json.dumps(report))
        return
    for m, r in report.items():
        print(f"{m:>24}: {r['articles']} articles in {r['seconds']} s, {r['articles_per_s']} art/s, "
              f"speed-up {r['speedup']}x, largest process {r['peak_rss_mb']} MB, "
              f"output identical to one process: {r['same_output']}")  # fmt: skip


if __name__ == "__main__":
    main()

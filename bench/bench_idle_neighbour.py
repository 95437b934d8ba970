"""What background work in Linux's idle scheduling class costs the reads beside it (issue 15).

The API's extraction, decoding and (in ``bench_api_hostile.py``) the hostile poster run in the idle class
(``scale/priority.py``): the kernel gives them only a CPU nothing else wants, and a waking reader takes its CPU
at once. This bench asks whether that is free. It builds a temporary SQLite store of synthetic articles
(``load_api.build_store``), starts ``dateline serve`` on 127.0.0.1, and runs phases of ``--clients`` GET
clients over the read endpoints, in the order none, busy, busy, none, ... (``--rounds`` pairs). In a
``busy`` phase ``--busy`` processes spin on the CPU in the idle class at niceness 19 (no I/O, no memory to
speak of: the least a background extraction can be). It reports the GETs answered and the pooled p50/p95 of
each kind, and busy/none ratios. Linux only (``os.SCHED_IDLE``); no network beyond loopback.

    python bench/bench_idle_neighbour.py [--rounds 4] [--seconds 15] [--clients 10] [--busy 1] [--work cpu] [--db sqlite|URL] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_api import build_store, free_port, percentiles, run_load, start_server  # noqa: E402

PATHS = ("/api/events", "/api/articles", "/api/actors", "/api/quotes", "/")


def _spin(work: str = "cpu") -> None:
    """A background process at its lowest: niceness 19, the idle class, spinning.

    ``cpu`` spins on the CPU alone; ``memory`` copies a 256 MB buffer over and over, which keeps the memory bus
    busy and evicts the caches the way an extraction of a long article does.
    """
    os.nice(19)
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    if work == "memory":
        buf = bytearray(256 << 20)
        while True:
            bytes(buf)
    while True:
        pass


def run(args: argparse.Namespace) -> dict[str, Any]:
    if not hasattr(os, "SCHED_IDLE"):
        raise SystemExit("this bench needs Linux's idle scheduling class (os.SCHED_IDLE)")
    from bench_volume import Target

    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        target = Target(args.db, Path(tmp))
        db = target.url("dateline-idle")
        build_store(db, args.articles)
        port = free_port()
        server = start_server(db, port, Path(tmp) / "server.log", env=env)
        base = f"http://127.0.0.1:{port}"
        urls = [base + p for p in PATHS]
        phases: list[dict[str, Any]] = []
        lat: dict[str, list[float]] = {"none": [], "busy": []}
        ctx = multiprocessing.get_context("spawn")
        try:
            asyncio.run(run_load(urls, args.clients, 3.0, 10**9))  # warm the server's caches, not measured
            for i in range(args.rounds):
                for kind in ("none", "busy", "busy", "none") if i % 2 == 0 else ("busy", "none", "none", "busy"):
                    spinners = [ctx.Process(target=_spin, args=(args.work,), daemon=True) for _ in range(args.busy if kind == "busy" else 0)]
                    for p in spinners:
                        p.start()
                    time.sleep(0.5)
                    got: list[float] = []
                    result = asyncio.run(run_load(urls, args.clients, args.seconds, 10**9, latencies_out=got))
                    for p in spinners:
                        p.kill()
                        p.join()
                    lat[kind].extend(got)
                    phases.append({"kind": kind, "requests": result["requests"], "errors": result["errors"],
                                   "p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"]})  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=20)
            if target.pg and not args.keep:
                target.drop()
    pooled = {k: {"requests": sum(p["requests"] for p in phases if p["kind"] == k), **percentiles(v)} for k, v in lat.items()}
    return {
        "db": target.shown(), "rounds": args.rounds, "seconds": args.seconds, "clients": args.clients, "busy": args.busy, "work": args.work,
        "articles": args.articles, "phases": phases, "pooled": pooled,
        "requests_ratio_busy_none": round(pooled["busy"]["requests"] / max(pooled["none"]["requests"], 1), 3),
        "p95_ratio_busy_none": round(pooled["busy"]["p95_ms"] / max(pooled["none"]["p95_ms"], 1e-9), 3),
        "p50_ratio_busy_none": round(pooled["busy"]["p50_ms"] / max(pooled["none"]["p50_ms"], 1e-9), 3),
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=4, help="Groups of four phases (none busy busy none, then reversed).")
    ap.add_argument("--seconds", type=float, default=15.0, help="Seconds per phase.")
    ap.add_argument("--clients", type=int, default=10, help="Concurrent GET clients.")
    ap.add_argument("--busy", type=int, default=1, help="Idle-class spinning processes in a busy phase.")
    ap.add_argument("--work", choices=("cpu", "memory"), default="cpu",
                    help="What a spinner does: spin on the CPU, or stream through 256 MB of memory.")  # fmt: skip
    ap.add_argument("--db", default="sqlite", help="`sqlite` (a temporary file, default) or a PostgreSQL URL (a new schema).")
    ap.add_argument("--keep", action="store_true", help="Keep the PostgreSQL schema.")
    ap.add_argument("--articles", type=int, default=2000, help="Synthetic articles in the store.")
    ap.add_argument("--json", action="store_true", help="Print the report as one JSON object.")
    args = ap.parse_args()
    report = run(args)
    if args.json:
        print(json.dumps(report))
        return 1 if any(p["errors"] for p in report["phases"]) else 0
    for p in report["phases"]:
        print(f"  {p['kind']:<5}{p['requests']:>7} GETs {p['errors']:>3} errors  p50 {p['p50_ms']:>7} ms  p95 {p['p95_ms']:>7} ms")
    for kind, q in report["pooled"].items():
        print(f"pooled {kind}: {q['requests']} GETs, p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")
    print(f"busy/none: GETs {report['requests_ratio_busy_none']}, p50 {report['p50_ratio_busy_none']}, "
          f"p95 {report['p95_ratio_busy_none']}")  # fmt: skip
    return 1 if any(p["errors"] for p in report["phases"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())

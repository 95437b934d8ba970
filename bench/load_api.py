"""Load test of the HTTP API: many concurrent clients on one endpoint, from a second process, on loopback only.

By default it builds a temporary SQLite store of synthetic articles with events, starts
`dateline serve` on 127.0.0.1 in a child process, runs ``--clients`` concurrent HTTP clients (httpx,
asyncio) against ``--path`` for ``--duration`` seconds (and at most ``--max-requests`` requests), stops
the server, and reports requests/s, latency percentiles and errors (any non-200 answer or failed request).

    python bench/load_api.py                                   # 50 clients, 30 s, /api/events
    python bench/load_api.py --clients 20 --duration 10 --path '/api/events?actor=RUS'
    python bench/load_api.py --url http://127.0.0.1:8000       # an already running server (loopback only)

Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["RUS", "UKR", "USA", "CHN", "FRA", "DEU", "IRN", "ISR", "PRK", "KOR", "JPN", "IND", "TUR", "GRC"]
TYPES = [("CONSULT", "040", 1.0), ("AGREE", "057", 5.0), ("ACCUSE", "112", -2.0), ("ASSAULT", "190", -10.0),
         ("SANCTION", "163", -8.0), ("AID", "070", 7.0)]  # fmt: skip


def loopback_only(url: str) -> None:
    """Refuse any target that is not this machine's loopback."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing to load-test {host!r}: only 127.0.0.1, ::1 or localhost")


def build_store(path: Path | str, n_articles: int) -> None:
    """A store of ``n_articles`` synthetic articles with three events each."""
    from dateline.model import Article, Event, EventActor, Extraction
    from dateline.store import Store

    with Store.open(path) as store:
        for i in range(n_articles):
            a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 3) % len(COUNTRIES)]
            text = (
                f"Officials from {a} met counterparts from {b} on Monday, report {i}. They talked for hours."
            )
            events = []
            for j in range(3):
                plover, cameo, g = TYPES[(i + j) % len(TYPES)]
                src = EventActor(code=a, country=a, sector=None, start=15, end=18, text=text[15:18])
                tgt = EventActor(code=b, country=b, sector=None, start=41, end=44, text=text[41:44])
                events.append(Event(plover=plover, cameo=cameo, source=(src,), target=(tgt,), trigger_start=19,
                                    trigger_end=22, trigger_text="met", sentence_start=0, sentence_end=len(text),
                                    rule=f"bench:{j}", goldstein=g, date=date(2023, 1, 1) + timedelta(days=i % 365)))  # fmt: skip
            article = Article(text=text, origin=f"bench:{i}", format="text", paragraphs=((0, len(text)),),
                              title=f"Talks {i}", source="Bench", published=date(2023, 1, 1) + timedelta(days=i % 365))  # fmt: skip
            store.write(Extraction(article=article, events=tuple(events), model="bench"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db: Path | str, port: int, log: Path, *, env: dict[str, str] | None = None, extra: Sequence[str] = (),
    timeout: float = 30.0,
) -> subprocess.Popen[bytes]:
    """``dateline serve`` on 127.0.0.1:``port`` (``extra`` arguments, ``env`` environment), once it listens
    (at most ``timeout`` seconds)."""
    cmd = [
        sys.executable,
        "-m",
        "dateline",
        "serve",
        "--db",
        str(db),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *extra,
    ]
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"server did not start within {timeout:.0f} s")


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50/p95/p99/max (ms) of latencies in seconds."""
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    return {"p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": round(1000 * ordered[-1], 1) if ordered else 0.0}  # fmt: skip


async def run_load(
    url: str | Sequence[str],
    clients: int,
    duration: float,
    max_requests: int,
    *,
    stop: Callable[[], bool] | None = None,
    think: float = 0.0,
    latencies_out: list[float] | None = None,
) -> dict[str, object]:
    """``clients`` concurrent clients, each requesting the URLs in turn (client i starts at the i-th), waiting
    ``think`` seconds between requests, until ``duration`` passed, ``max_requests`` were sent or ``stop()``
    is true. With several URLs the result has percentiles per URL path too (``by_path``, ids as ``{id}``).
    ``latencies_out`` receives every successful request's latency (s), to pool several runs."""
    import httpx

    urls = [url] if isinstance(url, str) else list(url)
    latencies: list[float] = []
    by_url: dict[str, list[float]] = {u: [] for u in urls}
    errors: dict[str, int] = {}
    budget = [max_requests]
    deadline = time.monotonic() + duration  # set again once the client is made

    def more() -> bool:
        return time.monotonic() < deadline and budget[0] > 0 and not (stop is not None and stop())

    async def worker(client: httpx.AsyncClient, first: int) -> None:
        turn = first
        while more():
            budget[0] -= 1
            target = urls[turn % len(urls)]
            turn += 1
            t0 = time.perf_counter()
            try:
                resp = await client.get(target)
                await resp.aread()
                failed = f"HTTP {resp.status_code}" if resp.status_code != 200 else ""
            except httpx.HTTPError as exc:
                failed = type(exc).__name__
            took = time.perf_counter() - t0
            if failed:
                errors[failed] = errors.get(failed, 0) + 1
            else:
                latencies.append(took)
                by_url[target].append(took)
            if think > 0:
                await asyncio.sleep(think)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.monotonic()
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        deadline = time.monotonic() + duration
        await asyncio.gather(*(worker(client, i) for i in range(clients)))
    elapsed = time.monotonic() - started
    if latencies_out is not None:
        latencies_out.extend(latencies)
    n_err = sum(errors.values())
    result: dict[str, object] = {
        "url": url if isinstance(url, str) else urls, "clients": clients, "seconds": round(elapsed, 1),
        "requests": len(latencies) + n_err, "ok": len(latencies), "errors": n_err, "error_kinds": errors,
        "requests_per_s": round((len(latencies) + n_err) / max(elapsed, 1e-9), 1),
        **percentiles(latencies),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else 0.0,
    }  # fmt: skip
    if len(urls) > 1:
        grouped: dict[str, list[float]] = {}
        for u, took in by_url.items():  # /api/articles/<id> of several ids is one path
            grouped.setdefault(re.sub(r"/[0-9a-f]{8,}(?=/|$)", "/{id}", urlsplit(u).path), []).extend(took)
        result["by_path"] = {path: percentiles(v) for path, v in grouped.items()}
    return result


def result_errors(scope: dict[str, object]) -> bool:
    result = scope.get("result")
    return isinstance(result, dict) and bool(result.get("errors"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="An already running server (loopback only); default: start one.")
    ap.add_argument(
        "--db", help="Store (path or URL) for the started server; default: a temporary synthetic one."
    )
    ap.add_argument("--fill", action="store_true", help="Write the synthetic articles into --db first.")
    ap.add_argument("--articles", type=int, default=2000, help="Synthetic articles (3 events each).")
    ap.add_argument("--path", default="/api/events", help="Endpoint to load (default /api/events).")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0, help="Seconds (at most 300).")
    ap.add_argument("--max-requests", type=int, default=500_000, help="Stop after this many requests.")
    ap.add_argument("--json", action="store_true", help="Print the result as one JSON line.")
    args = ap.parse_args()
    duration = min(max(args.duration, 1.0), 300.0)
    clients = min(max(args.clients, 1), 500)
    proc = None
    tmp = tempfile.TemporaryDirectory()
    log = Path(tmp.name) / "server.log"
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            db: Path | str = args.db or Path(tmp.name) / "load.db"
            if args.db is None or args.fill:
                t0 = time.monotonic()
                build_store(db, args.articles)
                print(
                    f"built {args.articles} synthetic articles in {time.monotonic() - t0:.1f}s",
                    file=sys.stderr,
                )
            port = free_port()
            proc = start_server(db, port, log)
            base = f"http://127.0.0.1:{port}"
        loopback_only(base)
        url = base + (args.path if args.path.startswith("/") else "/" + args.path)
        result = asyncio.run(run_load(url, clients, duration, args.max_requests))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if result_errors(locals()) and log.exists():
            print("server log (end):\n" + log.read_text(errors="replace")[-3000:], file=sys.stderr)
        tmp.cleanup()
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['url']}: {result['clients']} clients for {result['seconds']} s")
        print(f"  {result['requests']} requests, {result['requests_per_s']} requests/s, errors: {result['errors']} "
              f"{result['error_kinds'] or ''}")  # fmt: skip
        print(f"  latency ms: p50 {result['p50_ms']}, p95 {result['p95_ms']}, p99 {result['p99_ms']}, "
              f"max {result['max_ms']}")  # fmt: skip
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())

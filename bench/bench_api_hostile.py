"""Do hostile POSTs slow the API's reads? GET latency with an ingest running, with and without hostile POSTs.

1. Opens a fresh store (SQLite: a temporary file, the default; PostgreSQL: ``--db URL``, a new schema
   ``bench_<hex>``, dropped afterwards), seeds it with ``--articles`` synthetic articles (bench/load_api.py's),
   and starts ``dateline serve`` on 127.0.0.1 with a write token.
2. Loads the spaCy pipeline in the server with one ordinary POST (not measured), then runs phases of
   ``--phase-seconds`` each, with ``--clients`` concurrent GET clients over a mix of read endpoints (events,
   articles, actors, quotes, an article's JSON and page, the dashboard):

   - ``a``: GETs only;
   - ``b``: GETs while ``dateline ingest --workers W`` writes a corpus (copies of the example articles) into
     the same store;
   - ``c``: the same, and ``--posters`` loops of hostile POSTs to ``/api/articles``: each shape of
     tests/bounds/shapes.py at ``--shape-kb`` KB (unpaired quotes, months, a city repeated, paired quotes,
     ...) and a ``--paragraph-kb`` paragraph, each with a new id so it is extracted every time; NUL bytes
     in the text and in a field, non-UTF-8 without spaces, Latin-1, invalid UTF-8 in JSON, JSON nested
     100,000 deep, a body over the limit (by Content-Length and streamed), a form upload of binary data and of
     a corpus, a wrong media type, no token; and, if ``../shared/hostile/make_corpus.py`` (or
     ``--hostile-corpus DIR``) is there, each of its files as a form upload. The POSTs come from a process
     of their own that stands in for an attacker on another machine: it runs in Linux's idle scheduling class
     (only on a CPU nothing else wants) and builds its bodies during the settling time before the phase, so
     the attacker's own CPU is not taken from the server it attacks; its CPU seconds during the phase are
     reported (``postCPU``).

   ``a`` runs first (before the ingest starts), then ``--rounds`` pairs of ``b`` and ``c`` in the order
   b c c b b c ... (each kind as often first as second, so a drift of the machine's load does not favour
   one), each after the POSTs of the one before have been answered and ``--settle`` seconds have passed.

``--posters 0`` runs phase ``c`` without POSTs: an A/A run, whose ratios show the bench's own spread (two
kinds of phase that differ in nothing). Alongside the pooled ratio, the summary gives the geometric mean of
the pairs' ratios with its 95 % confidence interval; an interval that holds 1 means no difference the bench
can tell.

Reported per phase: GET requests, errors (any 5xx, non-200 or failed request: must be 0), p50/p95/p99 of the
GETs; the hostile POSTs by case and status, those whose status is not a documented one for the case (must be
0) and their 5xx; the load average, the server's CPU per GET, PostgreSQL's (all its processes on this machine,
0 on SQLite), and the time per GET that the server's threads
(``srvwait``) and this process's GET clients (``cliwait``) spent runnable but waiting for a CPU (Linux
schedstat): where a phase's GETs are slower without the server working more per GET, that says who took the
CPU. Pooled over the phases of a kind: the GET
percentiles and **p95(c) / p95(b)**, and that ratio per adjacent b/c pair.

    python bench/bench_api_hostile.py                              # SQLite, 10 clients, 2 rounds of 30 s
    python bench/bench_api_hostile.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test --rounds 2
    python bench/bench_api_hostile.py --phase-seconds 15 --rounds 1 --json
    python bench/bench_api_hostile.py --only refused    # phase c posts only the requests that are refused

Exit status 1 when a GET failed, a POST got a 5xx or an undocumented status, or the server died.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
SHARED_CORPUS = ROOT.parent / "shared" / "hostile" / "make_corpus.py"
READ_PATHS = ("/api/events", "/api/events?actor=RUS", "/api/articles", "/api/actors", "/api/quotes",
              "/api/articles/{id}", "/articles/{id}", "/")  # fmt: skip

ACCEPTED = frozenset({200, 201})
EXTRACTED = frozenset({200, 201, 422})  # 422: refused by the NLP or past the time budget (E204)
BUSY = frozenset({503})  # every write may be refused while the extraction queue is full (Retry-After)


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile POST: its body, headers and the statuses documented for it."""

    name: str
    content_type: str | None
    body: bytes | None = None
    expected: frozenset[int] = EXTRACTED
    text: str | None = None  # a JSON article whose text gets a fresh first line per request (a new id)
    files: tuple[str, bytes] | None = None  # a form upload (name, bytes)
    auth: bool = True
    streamed: bool = False  # sent without Content-Length


def hostile_cases(shape_kb: int, paragraph_kb: int, max_body: int, corpus_dir: Path | None) -> list[Case]:
    sys.path.insert(0, str(ROOT))
    from tests.bounds.shapes import UNITS, make

    size = shape_kb * 1000
    cases = [Case(f"shape {s} {shape_kb} KB", "application/json", text=make(s, size))
             for s in (*UNITS, "paired_quotes") if s not in ("prose", "sentence")]  # fmt: skip
    cases += [
        Case(f"one {paragraph_kb} KB paragraph", "application/json", text=make("sentence", paragraph_kb * 1000)),
        Case("prose, many paragraphs", "application/json", text=make("prose", size)),
        Case("NUL bytes in the text", "application/json", text="Ministers met in Oslo.\x00\x00 " * 2000),
        Case("NUL in the title", "application/json",
             json.dumps({"text": "Ministers met in Oslo on Monday.", "title": "A\x00B"}).encode(), frozenset({422})),
        Case("non-UTF-8 without spaces", "text/plain", b"\xe9" + b"b" * 200_000, frozenset({422})),
        Case("Latin-1 text", "text/plain", ("Ministers met in Besan\xe7on on Monday. " * 500).encode("latin-1"),
             ACCEPTED | {422}),
        Case("invalid UTF-8 in JSON", "application/json", b'{"text": "caf\xe9 \xff\xfe"}', frozenset({400})),
        Case("JSON nested 100,000 deep", "application/json", b"[" * 100_000 + b"]" * 100_000, frozenset({400})),
        Case("a deep object in a field", "application/json",
             b'{"text": "Talks.", "more": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}", frozenset({400})),
        Case("body over the limit", "text/plain", b"word " * (max_body // 5 + 10), frozenset({413})),
        Case("body over the limit, streamed", "text/plain", b"word " * (max_body // 5 + 10), frozenset({413}),
             streamed=True),
        Case("binary file upload", None, files=("photo.md", bytes(range(256)) * 400), expected=frozenset({422})),
        Case("a corpus as one upload", None, files=("corpus.jsonl", b'{"text": "a"}\n{"text": "b"}\n'),
             expected=frozenset({422})),
        Case("wrong media type", "application/xml", b"<a>Talks.</a>", frozenset({415})),
        Case("no token", "application/json", b'{"text": "Talks in Oslo."}', frozenset({401}), auth=False),
    ]  # fmt: skip
    for path in sorted(corpus_dir.iterdir()) if corpus_dir is not None else ():
        if path.name == "MANIFEST.json" or not path.is_file() or path.stat().st_size > 2 * max_body:
            continue
        ok = path.name.startswith("ok-")
        cases.append(Case(f"corpus file {path.name}", None, files=(path.name, path.read_bytes()),
                          expected=(EXTRACTED if ok else frozenset({400, 413, 415, 422}))))  # fmt: skip
    return [Case(c.name, c.content_type, c.body, c.expected | BUSY, c.text, c.files, c.auth, c.streamed)
            for c in cases]  # fmt: skip


def corpus_from_shared(tmp: Path, max_body: int) -> Path | None:
    """The shared hostile corpus generator's files (its big file just over the body limit), if it is there."""
    if not SHARED_CORPUS.exists():
        return None
    out = tmp / "hostile-corpus"
    big_mb = max(1, max_body // 1_000_000 + 1)
    done = subprocess.run([sys.executable, str(SHARED_CORPUS), str(out), "--big-mb", str(big_mb)],
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    return out if done.returncode == 0 else None


class Poster:
    """Loops over the hostile cases, one request at a time, and tallies the answers."""

    def __init__(self, base: str, token: str, cases: list[Case]) -> None:
        self.base, self.token, self.cases = base, token, cases
        self.by_case: dict[str, dict[str, int]] = {}
        self.unexpected: list[str] = []
        self.server_errors = 0
        self.seconds: list[float] = []

    async def run(self, which: int, of: int, stop: asyncio.Event, offset: int = 0) -> None:
        """Loop ``which`` of ``of``: the first sends the articles that are extracted, the others the requests
        that are refused (so the cheap refusals keep coming while an extraction takes its time); each starts at
        its ``offset``-th case (the number of the phase: an extraction can take a whole phase, so every phase
        begins with another one)."""
        import httpx

        extracted = [c for c in self.cases if 201 in c.expected]
        refused = [c for c in self.cases if 201 not in c.expected]
        cases = self.cases if of == 1 else extracted if which == 0 else refused
        cases = cases or self.cases  # --only left one kind: every loop sends it
        async with httpx.AsyncClient(timeout=600.0) as client:
            turn = which + offset
            while not stop.is_set():
                case = cases[turn % len(cases)]
                turn += 1
                t0 = time.perf_counter()
                try:
                    resp = await client.post(f"{self.base}/api/articles", **self._request(case))
                    status: int | str = resp.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                self.seconds.append(time.perf_counter() - t0)
                tally = self.by_case.setdefault(case.name, {})
                tally[str(status)] = tally.get(str(status), 0) + 1
                if not isinstance(status, int) or status >= 500 and status != 503:
                    self.server_errors += 1
                if status not in case.expected:
                    self.unexpected.append(f"{case.name}: {status}")

    def merge(self, tally: dict[str, Any]) -> None:
        """Add a poster process's tallies to these."""
        for case, counts in tally["by_case"].items():
            mine = self.by_case.setdefault(case, {})
            for status, n in counts.items():
                mine[status] = mine.get(status, 0) + n
        self.unexpected += tally["unexpected"]
        self.server_errors += tally["server_errors"]
        self.seconds += tally["seconds"]

    def _request(self, case: Case) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if case.auth else {}
        if case.files is not None:
            return {"headers": headers, "files": {"file": case.files}}
        headers["Content-Type"] = case.content_type or ""
        body = case.body
        if case.text is not None:
            body = json.dumps({"text": f"Report {secrets.token_hex(6)}.\n\n{case.text}"}).encode()
        assert body is not None
        if case.streamed:
            return {"headers": headers, "content": _chunks(body)}
        return {"headers": headers, "content": body}


async def _chunks_async(body: bytes) -> Any:
    for i in range(0, len(body), 65_536):
        yield body[i : i + 65_536]


def _chunks(body: bytes) -> Any:
    return _chunks_async(body)


def poster_process(base: str, token: str, case_args: tuple[Any, ...], posters: int, offset: int, stop: Any, out: Any,
                   only: str = "all", ready: Any = None, go: Any = None) -> None:
    """The hostile POST loops, in a process of their own (building and sending megabyte bodies in the GET
    clients' event loop would make the GETs look slower): until ``stop`` is set, then the tallies to ``out``.

    An attacker's CPU is on another machine: building its bodies here must not take the CPU the server it
    attacks would have had. So the process runs at the lowest priority (``POSTER_NICE``) and, on Linux, in the
    idle scheduling class (:func:`_idle`), and it builds its cases before the phase: it sets ``ready`` when
    they are built and starts posting when ``go`` is set. Its CPU time while posting goes into the tallies (``cpu_s``)."""
    _idle()
    cases = hostile_cases(*case_args)
    if only != "all":
        cases = [c for c in cases if (201 in c.expected) == (only == "extracted")]
    poster = Poster(base, token, cases)
    built = time.process_time()
    if ready is not None:
        ready.set()
    if go is not None:
        while not go.wait(0.1):
            if stop.is_set():
                break

    async def main() -> None:
        stopping = asyncio.Event()

        async def watch() -> None:
            while not stop.is_set():
                await asyncio.sleep(0.1)
            stopping.set()

        watcher = asyncio.create_task(watch())
        await asyncio.gather(*(poster.run(i, posters, stopping, offset) for i in range(posters)))
        await watcher

    asyncio.run(main())
    out.put({"by_case": poster.by_case, "unexpected": poster.unexpected, "server_errors": poster.server_errors,
             "seconds": poster.seconds, "cpu_s": round(time.process_time() - built, 2)})  # fmt: skip


POSTER_NICE = 19


def _idle() -> None:
    """This process at niceness ``POSTER_NICE`` and in Linux's idle scheduling class, as the server's write
    processes are (``dateline.scale.priority``)."""
    from dateline.scale.priority import lower_priority

    lower_priority(POSTER_NICE)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def db_cpu_seconds() -> float:
    """User + system CPU seconds so far of every process named ``postgres`` on this machine (PostgreSQL's
    backends and its own workers; a backend that has ended counts in the postmaster's children's time). 0 where
    there is none or /proc cannot be read."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.find("(") + 1 : text.rfind(")")] == "postgres":
            total += sum(int(f) for f in text.rsplit(")", 1)[1].split()[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def wait_seconds(pid: int) -> dict[str, float]:
    """Per thread of a process, the seconds it has spent runnable but waiting for a CPU (Linux schedstat)."""
    out: dict[str, float] = {}
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return out
    for task in tasks:
        try:
            out[task.name] = int((task / "schedstat").read_text().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue
    return out


def waited(before: dict[str, float], after: dict[str, float]) -> float:
    """Seconds waited between two ``wait_seconds`` readings by the threads alive at the second (a thread that
    ended meanwhile is not counted; one that started counts from its start)."""
    return sum(w - before.get(tid, 0.0) for tid, w in after.items())


def phase_order(rounds: int) -> Iterator[str]:
    yield "a"
    for r in range(rounds):
        yield from ("b", "c") if r % 2 == 0 else ("c", "b")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0


async def run_phase(urls: list[str], args: argparse.Namespace, server_pid: int, posting: Any | None) -> dict[str, Any]:
    """GETs for ``--phase-seconds`` (and the hostile POSTs, if ``posting`` holds their process); then waits until
    every POST has been answered, so the server has finished their work before the next phase."""
    from load_api import run_load

    latencies: list[float] = []
    cpu0, w0, db0 = cpu_seconds(server_pid), time.monotonic(), db_cpu_seconds()
    waits0 = wait_seconds(server_pid), wait_seconds(os.getpid())
    result = await run_load(urls, args.clients, args.phase_seconds, 10**9, think=args.think, latencies_out=latencies)
    cpu = cpu_seconds(server_pid) - cpu0
    db_cpu = db_cpu_seconds() - db0
    gets = max(int(result["requests"]), 1)  # type: ignore[call-overload]
    result["server_wait_ms_per_get"] = round(1000 * waited(waits0[0], wait_seconds(server_pid)) / gets, 2)
    result["client_wait_ms_per_get"] = round(1000 * waited(waits0[1], wait_seconds(os.getpid())) / gets, 2)
    result["server_cpu_share"] = round(cpu / max(time.monotonic() - w0, 1e-9), 2)
    result["server_cpu_ms_per_get"] = round(1000 * cpu / max(int(result["requests"]), 1), 2)  # type: ignore[call-overload]
    result["db_cpu_ms_per_get"] = round(1000 * db_cpu / gets, 2)
    result["_latencies"] = latencies
    if posting is not None:
        proc, stop, out = posting
        t0 = time.monotonic()
        stop.set()
        result["posts"] = await asyncio.to_thread(out.get, True, 1800)
        proc.join(timeout=60)
        result["posts_drained_s"] = round(time.monotonic() - t0, 1)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from bench_volume import Target, base_records, build_corpus
    from load_api import build_store, free_port, loopback_only, start_server

    from dateline.store import Store

    tmp = tempfile.TemporaryDirectory(prefix="dateline-hostile-")
    work = Path(tmp.name)
    target = Target(args.db, work)
    token = secrets.token_urlsafe()
    server: subprocess.Popen[bytes] | None = None
    ingest: subprocess.Popen[bytes] | None = None
    server_log, ingest_log = work / "server.log", work / "ingest.log"
    report: dict[str, Any] = {"db": target.shown(), "articles": args.articles, "clients": args.clients,
                              "posters": args.posters, "only": args.only, "phase_seconds": args.phase_seconds, "rounds": args.rounds,
                              "workers": args.workers, "extract_workers": args.extract_workers, "phases": []}  # fmt: skip
    try:
        t0 = time.monotonic()
        build_store(target.url("dateline-bench"), args.articles)
        report["seeded_s"] = round(time.monotonic() - t0, 1)
        corpus = work / "corpus.jsonl"
        build_corpus(base_records(None), args.ingest_n, corpus)
        corpus_dir = args.hostile_corpus or corpus_from_shared(work, args.max_body_bytes)
        case_args = (args.shape_kb, args.paragraph_kb, args.max_body_bytes, corpus_dir)
        cases = hostile_cases(*case_args)
        ctx = multiprocessing.get_context("spawn")
        report["hostile_cases"] = len(cases)
        report["hostile_corpus"] = str(corpus_dir) if corpus_dir else None
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "DATELINE_TOKEN": token, "DATELINE_TIME_BUDGET": str(args.budget),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}  # fmt: skip
        port = free_port()
        server = start_server(target.url("dateline-serve"), port, server_log, env=env,
                              extra=["--max-body-bytes", str(args.max_body_bytes),
                                     "--extract-workers", str(args.extract_workers)], timeout=180)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        loopback_only(base)
        with Store.open(target.url("dateline-bench"), migrate=False) as store:
            ids = [a.id for a in store.articles(limit=3)]
        urls = [base + p.replace("{id}", i) for p in READ_PATHS for i in (ids if "{id}" in p else [""])]
        poster = Poster(base, token, cases)
        t0 = time.monotonic()
        warm = asyncio.run(_warm_up(base, token))
        report["model_loaded_s"] = round(time.monotonic() - t0, 1)
        if warm not in (200, 201):
            raise SystemExit(f"the warm-up POST answered {warm}: {server_log.read_text(errors='replace')[-2000:]}")
        for kind in phase_order(args.rounds):
            if kind != "a" and ingest is None:
                cmd = [sys.executable, "-m", "dateline", "ingest", "--from", "jsonl", "--workers", str(args.workers),
                       "--db", target.url("dateline-ingest"), "--quiet", str(corpus)]  # fmt: skip
                with ingest_log.open("wb") as err:
                    ingest = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
                _wait_for_writes(target, ingest, args.articles)
            if ingest is not None and ingest.poll() is not None:
                raise SystemExit(f"the ingest ended before the phases did (give a larger --ingest-n): "
                                 f"{ingest_log.read_text(errors='replace')[-1500:]}")  # fmt: skip
            posting = None
            if kind == "c":  # started before the settling time: the poster builds its cases before the phase
                stop, out, ready, go = ctx.Event(), ctx.Queue(), ctx.Event(), ctx.Event()
                offset = sum(p["kind"] == "c" for p in report["phases"])
                proc = ctx.Process(target=poster_process, args=(base, token, case_args, args.posters, offset, stop, out,
                                                                args.only, ready, go))  # fmt: skip
                proc.start()
                posting = (proc, stop, out)
            time.sleep(args.settle)
            if posting is not None:
                waited_for = time.monotonic()
                while not ready.wait(0.5):
                    if not proc.is_alive() or time.monotonic() - waited_for > 300:
                        raise SystemExit("the hostile poster ended or did not build its cases within 300 s")
                go.set()
            load1 = os.getloadavg()[0]
            result = asyncio.run(run_phase(urls, args, server.pid, posting))
            phase = {"kind": kind, **{k: result.get(k) for k in ("seconds", "requests", "errors", "error_kinds", "requests_per_s",
                                                                 "p50_ms", "p95_ms", "p99_ms", "max_ms", "server_cpu_share",
                                                                 "server_cpu_ms_per_get", "server_wait_ms_per_get",
                                                                 "client_wait_ms_per_get", "db_cpu_ms_per_get",
                                                                 "posts_drained_s", "by_path", "_latencies")},
                     "load_avg_1m": round(load1, 2)}  # fmt: skip
            if "posts" in result:
                tally = result["posts"]
                poster.merge(tally)
                phase["posts"] = len(tally["seconds"])
                phase["posts_unexpected"] = len(tally["unexpected"])
                phase["posts_5xx"] = tally["server_errors"]
                phase["posts_by_status"] = tally["by_case"]
                phase["poster_cpu_s"] = tally.get("cpu_s")
            report["phases"].append(phase)
            if server.poll() is not None:
                raise SystemExit(f"the server died: {server_log.read_text(errors='replace')[-2000:]}")
        report["posts"] = {"requests": len(poster.seconds), "unexpected": poster.unexpected[:50],
                           "n_unexpected": len(poster.unexpected), "server_errors": poster.server_errors,
                           "by_case": poster.by_case, "p50_s": round(pct(poster.seconds, 0.5) / 1000, 2),
                           "max_s": round(max(poster.seconds, default=0.0), 2)}  # fmt: skip
        report["summary"] = summarize(report["phases"])
        return report
    finally:
        for child in (ingest, server):
            if child is not None and child.poll() is None:
                child.terminate()
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
        if server_log.exists() and any(p.get("errors") for p in report["phases"]):
            print("server log (end):\n" + server_log.read_text(errors="replace")[-3000:], file=sys.stderr)
        if not args.keep:
            target.drop()
        tmp.cleanup()


async def _warm_up(base: str, token: str) -> int:
    import httpx

    async with httpx.AsyncClient(timeout=300.0) as client:
        resp = await client.post(f"{base}/api/articles", headers={"Authorization": f"Bearer {token}"},
                                 json={"text": "The foreign ministers of France and Germany met in Paris on Monday."})  # fmt: skip
        return resp.status_code


def _wait_for_writes(target: Any, ingest: subprocess.Popen[bytes], seeded: int, timeout: float = 600) -> None:
    """Until the ingest has stored its first articles (its model is loaded and it writes)."""
    from dateline.store import Store

    deadline = time.monotonic() + timeout
    with Store.open(target.url("dateline-bench"), migrate=False) as store:
        while time.monotonic() < deadline and ingest.poll() is None:
            if store.count_articles() > seeded + 1:  # +1: the warm-up POST
                return
            time.sleep(0.5)
    raise SystemExit("the ingest stored nothing")


def summarize(phases: list[dict[str, Any]]) -> dict[str, Any]:
    """Pooled GET percentiles per kind, p95(c)/p95(b) pooled and per adjacent pair."""
    out: dict[str, Any] = {}
    for kind in "abc":
        lat = [x for p in phases if p["kind"] == kind for x in p["_latencies"]]
        if lat:
            out[kind] = {"requests": sum(p["requests"] for p in phases if p["kind"] == kind),
                         "errors": sum(p["errors"] for p in phases if p["kind"] == kind),
                         "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95), "p99_ms": pct(lat, 0.99),
                         "server_cpu_ms_per_get": round(statistics.median(p["server_cpu_ms_per_get"] for p in phases
                                                                          if p["kind"] == kind), 2),
                         "db_cpu_ms_per_get": round(statistics.median(p.get("db_cpu_ms_per_get") or 0 for p in phases
                                                                      if p["kind"] == kind), 2)}  # fmt: skip
    if "b" in out and "c" in out:
        out["p95_ratio_c_b"] = round(out["c"]["p95_ms"] / max(out["b"]["p95_ms"], 1e-9), 2)
        bc = [p for p in phases if p["kind"] in "bc"]
        pairs = [(bc[i], bc[i + 1]) for i in range(0, len(bc) - 1, 2)]
        ratios: list[float | None] = []
        for pair in pairs:
            b, c = (next(p for p in pair if p["kind"] == k) for k in "bc")
            ratios.append(round(c["p95_ms"] / b["p95_ms"], 2) if b["requests"] and c["requests"] else None)
        out["p95_ratio_per_pair"] = ratios  # None: a phase without a GET answered
        known = [r for r in ratios if r is not None]
        out["p95_ratio_median_of_pairs"] = round(statistics.median(known), 2) if known else None
        out["p95_ratio_geomean_of_pairs"] = geomean_interval(known)
    return out


#: Two-sided 95 % quantiles of Student's t for 1-30 degrees of freedom (then 1.96).
_T95 = (12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11,
        2.10, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04)  # fmt: skip


def geomean_interval(ratios: list[float]) -> dict[str, float] | None:
    """The geometric mean of the pairs' ratios and its 95 % confidence interval (t on the logs): a ratio
    whose interval holds 1 is no worse than the bench can tell. ``--posters 0`` (phase c without POSTs, an
    A/A run) shows how far apart two kinds of phase that differ in nothing come out."""
    logs = [math.log(r) for r in ratios if r > 0]
    if len(logs) < 2:
        return None
    mean, se = statistics.fmean(logs), statistics.stdev(logs) / math.sqrt(len(logs))
    t = _T95[len(logs) - 2] if len(logs) - 1 <= len(_T95) else 1.96
    return {"mean": round(math.exp(mean), 3), "low": round(math.exp(mean - t * se), 3),
            "high": round(math.exp(mean + t * se), 3), "pairs": len(logs)}  # fmt: skip


def show(r: dict[str, Any]) -> None:
    print(f"{r['db']}: {r['articles']} seeded articles, {r['clients']} GET clients, {r['posters']} hostile posters "
          f"({r['hostile_cases']} cases), ingest --workers {r['workers']}, server --extract-workers {r['extract_workers']}, {r['rounds']} rounds of "
          f"{r['phase_seconds']} s phases; model loaded in the server in {r['model_loaded_s']} s")  # fmt: skip
    print(f"  {'phase':<6}{'GETs':>7}{'err':>5}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'load':>6}{'cpu/GET':>8}"
          f"{'srvwait':>8}{'cliwait':>8}{'db/GET':>7}{'POSTs':>7}{'unexp':>6}{'5xx':>5}{'postCPU':>8}")  # fmt: skip
    for p in r["phases"]:
        print(f"  {p['kind']:<6}{p['requests']:>7}{p['errors']:>5}{p['requests_per_s']:>8}{p['p50_ms']:>8}"
              f"{p['p95_ms']:>8}{p['p99_ms']:>8}{p['load_avg_1m']:>6}{p['server_cpu_ms_per_get']:>8}"
              f"{p['server_wait_ms_per_get']:>8}{p['client_wait_ms_per_get']:>8}{p.get('db_cpu_ms_per_get', 0):>7}"
              f"{p.get('posts', ''):>7}{p.get('posts_unexpected', ''):>6}{p.get('posts_5xx', ''):>5}"
              f"{p.get('poster_cpu_s') if p.get('poster_cpu_s') is not None else '':>8}")  # fmt: skip
    s = r["summary"]
    for kind in "abc":
        if kind in s:
            q = s[kind]
            print(f"  pooled {kind}: {q['requests']} GETs, {q['errors']} errors, ms p50 {q['p50_ms']} p95 {q['p95_ms']} "
                  f"p99 {q['p99_ms']}; server CPU per GET (median of phases) {q['server_cpu_ms_per_get']} ms, "
                  f"PostgreSQL's {q['db_cpu_ms_per_get']} ms")  # fmt: skip
    if "p95_ratio_c_b" in s:
        print(f"  p95(c)/p95(b) = {s['p95_ratio_c_b']} pooled, {s['p95_ratio_median_of_pairs']} median of the pairs "
              f"{s['p95_ratio_per_pair']}")  # fmt: skip
        g = s.get("p95_ratio_geomean_of_pairs")
        if g:
            print(f"  geometric mean of the pairs {g['mean']}, 95 % interval {g['low']}-{g['high']} ({g['pairs']} pairs)")
    posts = r["posts"]
    print(f"  hostile POSTs: {posts['requests']}, {posts['server_errors']} 5xx or failed, {posts['n_unexpected']} "
          f"with an undocumented status; median {posts['p50_s']} s, longest {posts['max_s']} s")  # fmt: skip
    for case, tally in posts["by_case"].items():
        print(f"      {case:<44} {tally}")
    for u in posts["unexpected"][:10]:
        print(f"  UNEXPECTED {u}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="sqlite", help="`sqlite` (a temporary file, default) or a PostgreSQL URL.")
    ap.add_argument("--articles", type=int, default=1000, help="Synthetic articles seeded first.")
    ap.add_argument("--clients", type=int, default=10, help="Concurrent GET clients.")
    ap.add_argument("--think", type=float, default=0.0, help="Seconds each GET client waits between requests.")
    ap.add_argument("--posters", type=int, default=2, help="Concurrent hostile POST loops in phase c.")
    ap.add_argument("--only", choices=("all", "extracted", "refused"), default="all",
                    help="Post only the cases that are extracted (articles), or only those refused (to tell their "
                         "effects apart).")
    ap.add_argument("--phase-seconds", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=2, help="Pairs of phases b and c.")
    ap.add_argument("--settle", type=float, default=3.0, help="Seconds between phases.")
    ap.add_argument("--workers", type=int, default=1, help="Workers of the ingest.")
    ap.add_argument("--ingest-n", type=int, default=10_000, help="Articles in the ingest's corpus (must outlast the phases).")
    ap.add_argument("--shape-kb", type=int, default=50, help="Size of each hostile shape's text.")
    ap.add_argument("--paragraph-kb", type=int, default=1000, help="Size of the one-paragraph article.")
    ap.add_argument("--extract-workers", type=int, default=1,
                    help="The server's extraction processes (0: a thread of the server, as before issue 15's fix).")
    ap.add_argument("--budget", type=float, default=10.0,
                    help="The server's time budget per article, CPU seconds (the default 30 makes a phase wait minutes "
                    "for the 1 MB paragraph's extraction at low priority to end).")  # fmt: skip
    ap.add_argument("--max-body-bytes", type=int, default=5_000_000, help="The server's body limit.")
    ap.add_argument("--hostile-corpus", type=Path, default=None,
                    help="A folder of hostile files to upload (default: ../shared/hostile/make_corpus.py's, if present).")  # fmt: skip
    ap.add_argument("--keep", action="store_true", help="Keep the PostgreSQL schema.")
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of text.")
    args = ap.parse_args()
    report = run(args)
    for p in report["phases"]:
        p.pop("_latencies", None)
    if args.json:
        print(json.dumps(report))
    else:
        show(report)
    failed = any(p["errors"] for p in report["phases"]) or report["posts"]["server_errors"] or report["posts"]["n_unexpected"]
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())


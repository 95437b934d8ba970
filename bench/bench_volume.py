"""Ingest at volume while the API is being read: `dateline ingest --workers W` and `dateline serve` on one database.

1. Builds a JSON Lines corpus of ``--n`` articles from real ones (``--corpus FILE.jsonl`` with `text` and
   optional `title`, `published`, `source`; default: the bundled example articles as Dateline reads them),
   each repeated with a distinct id and a distinct title (`... #3`), so every copy is a new article; with
   ``--edited``, copies are lightly edited, from other outlets, every third one published days later
   (bench/bench_linking.py's corpus: what the linking step sees in real feeds).
2. Opens a fresh database (PostgreSQL: a new schema ``bench_<hex>`` in ``--db``, default
   ``$DATELINE_TEST_PG_URL``; SQLite: ``--db sqlite`` for a temporary file, or a path that does not exist
   yet) and runs ``dateline ingest --from jsonl --workers W --db ... --quiet CORPUS`` in a subprocess (a thin
   wrapper that times ``Store.write_many``/``Store.write`` inside it; nothing else changes).
3. Once the first articles are stored, starts ``dateline serve`` on the same database (127.0.0.1) and runs
   ``--clients`` concurrent clients (bench/load_api.py's load generator) over read endpoints: /api/events,
   /api/articles, /api/actors, an article's JSON and its page, and the dashboard (/), until the ingest
   ends; then the same load for ``--after`` seconds on the finished database (the baseline of this run).
   Each client waits ``--think`` seconds between its requests (0: back to back).

Reported: articles/hour of the ingest (from its own summary line, which starts after the model is
loaded; and over the whole process), API p50/p95/p99 and errors during the ingest and after it, the share
of the ingest's time spent in the store's write calls and in their linking step (issue 13: at most 10 %), peak RSS of the ingest process, of each worker and
of the server, and on PostgreSQL what the database saw: the longest transaction of the ingest and of the
server, and any lock stronger than a row lock or any wait for one (sampled every 0.2 s).

    python bench/bench_volume.py                                # 20,000 articles, 2 workers, 20 clients, PG
    python bench/bench_volume.py --n 1000 --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/bench_volume.py --n 500 --db sqlite --json

Exit status 1 when any request failed or the ingest did not store every article.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
SUMMARY = re.compile(r"(\d+) article\(s\) stored, (\d+) already present, (\d+) failed in ([\d.]+)s")
READ_PATHS = ("/api/events", "/api/articles", "/api/actors", "/api/articles/{id}", "/articles/{id}", "/")


# -- the corpus -------------------------------------------------------------------------------------------


def base_records(path: Path | None) -> list[dict[str, Any]]:
    """The real articles to repeat: the JSON Lines file, or the bundled examples as Dateline reads them."""
    if path is not None:
        records = [json.loads(ln) for ln in path.read_text("utf-8").splitlines() if ln.strip()]
        return [r for r in records if isinstance(r, dict) and isinstance(r.get("text"), str)]
    from dateline.ingest import read_articles
    from dateline.model import Article

    out = []
    for item in read_articles([str(ROOT / "examples" / "articles")]):
        if isinstance(item, Article):
            out.append({"id": item.id, "text": item.text, "title": item.title, "source": item.source,
                        "published": item.published.isoformat() if item.published else None})  # fmt: skip
    return out


def build_corpus(records: list[dict[str, Any]], n: int, out: Path) -> None:
    """``n`` articles: the records in turn, copy r of each with id ``<id>-r`` and title ``<title> #r``."""
    if not records:
        raise SystemExit("the corpus holds no record with a `text` field")
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(records[i % len(records)])
            r = i // len(records)
            rec["id"] = f"{rec.get('id', i % len(records))}-{r}"
            if r:
                rec["title"] = f"{rec['title']} #{r}" if rec.get("title") else f"#{r}"
            f.write(json.dumps(rec) + "\n")


# -- the database -------------------------------------------------------------------------------------------


def connection_url(base: str, schema: str | None, app: str) -> str:
    """The URL a process of the benchmark connects with: the SQLite path, or the PostgreSQL URL with the
    schema and an application name (so the PostgreSQL sampler can tell the ingest from the server)."""
    if schema is None:
        return base
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}schema={schema}&application_name={app}"


def drop_database(base: str, schema: str | None) -> None:
    """Drop the benchmark's PostgreSQL schema, or delete its SQLite file (with its WAL files)."""
    if schema is not None:
        import sqlalchemy as sa

        from dateline.store.store import database_url

        engine = sa.create_engine(database_url(base))
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            engine.dispose()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(base + suffix).unlink(missing_ok=True)


class Target:
    """A fresh database: a new PostgreSQL schema or a new SQLite file; ``url(app)`` names the connection."""

    def __init__(self, db: str, tmp: Path) -> None:
        self.pg = db.startswith(("postgresql", "postgres:"))
        self.schema = f"bench_{secrets.token_hex(5)}" if self.pg else None
        if self.pg:
            self.base = db
        else:
            path = tmp / "volume.db" if db == "sqlite" else Path(db)
            if path.exists():
                raise SystemExit(f"{path} exists: give a new path (the benchmark needs an empty database)")
            self.base = str(path)

    def url(self, app: str) -> str:
        return connection_url(self.base, self.schema, app)

    def shown(self) -> str:
        if not self.pg:
            return self.base
        return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", self.base) + f" schema {self.schema}"

    def drop(self) -> None:
        drop_database(self.base, self.schema)


class PgWatch(threading.Thread):
    """Samples pg_stat_activity and pg_locks: the longest open transaction per application, any relation
    lock stronger than a row lock, and any backend waiting for a lock."""

    WEAK = ("AccessShareLock", "RowShareLock", "RowExclusiveLock")

    def __init__(self, url: str, apps: tuple[str, ...]) -> None:
        super().__init__(daemon=True)
        self.url, self.apps = url, apps
        self.longest_ms: dict[str, float] = {}
        self.strong: set[str] = set()
        self.waits: dict[str, int] = {}
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        import sqlalchemy as sa

        from dateline.store.store import database_url

        engine = sa.create_engine(database_url(self.url))
        activity = sa.text(
            "SELECT application_name, wait_event_type, extract(epoch FROM clock_timestamp() - xact_start) "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name = ANY(:apps) AND xact_start IS NOT NULL"
        )
        locks = sa.text(
            "SELECT a.application_name, l.mode, coalesce(c.relname, l.locktype) FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid LEFT JOIN pg_class c ON c.oid = l.relation "
            "WHERE a.datname = current_database() AND a.application_name = ANY(:apps) "
            "AND l.locktype = 'relation' AND l.mode <> ALL(:weak)"
        )
        try:
            with engine.connect() as conn:
                while not self.done.wait(0.2):
                    apps = list(self.apps)
                    for app, wait, age in conn.execute(activity, {"apps": apps}):
                        self.longest_ms[app] = max(self.longest_ms.get(app, 0.0), 1000 * float(age or 0))
                        if wait == "Lock":
                            self.waits[app] = self.waits.get(app, 0) + 1
                    for app, mode, rel in conn.execute(locks, {"apps": apps, "weak": list(self.WEAK)}):
                        self.strong.add(f"{app}: {mode} on {rel}")
                    conn.rollback()
                    self.samples += 1
        finally:
            engine.dispose()

    def report(self) -> dict[str, Any]:
        return {"samples": self.samples, "longest_transaction_ms": {k: round(v, 1) for k, v in self.longest_ms.items()},
                "strong_locks": sorted(self.strong), "lock_waits": self.waits}  # fmt: skip


# -- memory -------------------------------------------------------------------------------------------------


class RssWatch(threading.Thread):
    """Peak RSS (VmHWM) of a process tree, per process, sampled every 0.5 s from /proc (Linux)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.roots: dict[int, str] = {}
        self.peak_mb: dict[int, tuple[str, float]] = {}
        self.done = threading.Event()

    def watch(self, pid: int, name: str) -> None:
        self.roots[pid] = name

    def run(self) -> None:
        while not self.done.wait(0.5):
            parents: dict[int, int] = {}
            for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
                if entry.isdigit():
                    try:
                        stat = Path(f"/proc/{entry}/stat").read_text()
                        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        continue
            for pid in parents:
                name = self._label(pid, parents)
                if name is None:
                    continue
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                m = re.search(r"VmHWM:\s+(\d+) kB", status)
                if m:
                    self.peak_mb[pid] = (
                        name,
                        max(int(m.group(1)) / 1024, self.peak_mb.get(pid, ("", 0.0))[1]),
                    )

    def _label(self, pid: int, parents: dict[int, int]) -> str | None:
        """``ingest``/``serve`` for a root, ``ingest worker`` for a spawned extraction process, else None."""
        if pid in self.roots:
            return self.roots[pid]
        parent = parents.get(pid)
        if parent in self.roots:
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                return None
            return f"{self.roots[parent]} worker" if b"spawn_main" in cmd else None
        return None

    def report(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for name, mb in self.peak_mb.values():
            out.setdefault(name, []).append(round(mb, 1))
        return out


# -- the ingest (child) -------------------------------------------------------------------------------------


def child_ingest(stats_path: str, argv: list[str]) -> None:
    """Run ``dateline`` with ``argv`` in this process, timing the store's write calls; stats to a file."""
    from dateline.cli import cli
    from dateline.store import Store

    timing = {"write_s": 0.0, "write_many_calls": 0, "write_calls": 0, "link_s": 0.0, "_link_calls": 0}

    def timed(name: str, fn: Any, total: str = "write_s") -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timing[total] += time.perf_counter() - t0
                timing[f"{name}_calls"] += 1

        return wrapper

    Store.write_many = timed("write_many", Store.write_many)  # type: ignore[method-assign]
    Store.write = timed("write", Store.write)  # type: ignore[method-assign]
    Store._link = timed("_link", Store._link, "link_s")  # type: ignore[method-assign]  # inside the writes
    started = time.perf_counter()
    code: int | str | None = 0
    try:
        cli.main(args=argv, prog_name="dateline", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
    finally:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        Path(stats_path).write_text(json.dumps({
            **timing, "seconds": time.perf_counter() - started,
            "cpu_s": own.ru_utime + own.ru_stime, "workers_cpu_s": kids.ru_utime + kids.ru_stime,
            "peak_mb": own.ru_maxrss / 1024, "largest_worker_peak_mb": kids.ru_maxrss / 1024,
        }))  # fmt: skip
    raise SystemExit(code)


# -- the run --------------------------------------------------------------------------------------------------


def wait_for_articles(target: Target, proc: subprocess.Popen[bytes], least: int, timeout: float = 600) -> int:
    from dateline.store import Store

    deadline = time.monotonic() + timeout
    with Store.open(target.url("dateline-bench"), migrate=False) as store:
        while time.monotonic() < deadline and proc.poll() is None:
            n = store.count_articles()
            if n >= least:
                return n
            time.sleep(0.5)
    return 0


def read_urls(base: str, target: Target) -> list[str]:
    """The endpoints, with the detail pages of a few stored articles (newest first)."""
    from dateline.store import Store

    with Store.open(target.url("dateline-bench"), migrate=False) as store:
        ids = [a.id for a in store.articles(limit=5)]
    urls = []
    for path in READ_PATHS:
        if "{id}" in path:
            urls.extend(base + path.replace("{id}", i) for i in ids)
        else:
            urls.append(base + path)
    return urls


def rates_by_load(stamps: list[float], window: tuple[float, float] | None) -> dict[str, int | None]:
    """Articles/hour while the API was loaded and while it was not, from the articles' ``ingested_at`` (the
    time of their batch), over the time the ingest was writing; None for a stretch shorter than a minute."""
    if not stamps or window is None:
        return {}
    first, last = min(stamps), max(stamps)
    start, end = window
    inside = sum(start <= s <= end for s in stamps)
    inside_s = max(0.0, min(end, last) - max(start, first))
    outside_s = (last - first) - inside_s

    def per_hour(n: int, span: float) -> int | None:
        return round(n / span * 3600) if span >= 60 else None

    return {"articles_per_hour_under_load": per_hour(inside, inside_s),
            "articles_per_hour_without_load": per_hour(len(stamps) - inside, outside_s)}  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    import sqlalchemy as sa
    from load_api import free_port, loopback_only, run_load, start_server

    from dateline.store import Store
    from dateline.store.schema import articles

    tmp = tempfile.TemporaryDirectory(prefix="dateline-volume-")
    work = Path(tmp.name)
    corpus = work / "corpus.jsonl"
    if args.edited:
        from bench_linking import build as build_edited  # late: bench_linking imports this module

        build_edited(base_records(args.corpus), args.n, corpus)
    else:
        build_corpus(base_records(args.corpus), args.n, corpus)
    target = Target(args.db, work)
    Store.open(target.url("dateline-bench")).close()  # the empty schema, migrated before the clock starts
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}  # fmt: skip
    stats_path, ingest_log, server_log = work / "ingest.json", work / "ingest.log", work / "server.log"
    cmd = [sys.executable, __file__, "--child-ingest", str(stats_path), "ingest", "--from", "jsonl",
           "--workers", str(args.workers), "--db", target.url("dateline-ingest"), "--quiet", str(corpus)]  # fmt: skip
    if args.model:
        cmd += ["--model", args.model]
    rss = RssWatch()
    pg = PgWatch(target.base, ("dateline-ingest", "dateline-serve")) if target.pg else None
    server: subprocess.Popen[bytes] | None = None
    ingest: subprocess.Popen[bytes] | None = None
    urls: list[str] = []
    load_window: tuple[float, float] | None = None
    during: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    report: dict[str, Any] = {"db": target.shown(), "articles": args.n, "edited": args.edited, "workers": args.workers, "clients": args.clients,
                              "think_s": args.think}  # fmt: skip
    try:
        t0 = time.monotonic()
        with ingest_log.open("wb") as err:
            ingest = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        rss.watch(ingest.pid, "ingest")
        rss.start()
        if pg is not None:
            pg.start()
        if args.clients > 0:
            first = wait_for_articles(target, ingest, least=min(32, args.n))
            if first and ingest.poll() is None:
                port = free_port()
                server = start_server(target.url("dateline-serve"), port, server_log)
                rss.watch(server.pid, "serve")
                base = f"http://127.0.0.1:{port}"
                loopback_only(base)
                urls = read_urls(base, target)
                report["load_started_after_s"] = round(time.monotonic() - t0, 1)
                window = time.time()
                during = asyncio.run(run_load(urls, args.clients, args.load_for or 86_400.0, 10**9, think=args.think,
                                              stop=lambda: ingest.poll() is not None))  # fmt: skip
                load_window = (window, time.time())
        ingest.wait()
        wall = time.monotonic() - t0
        if pg is not None:
            pg.done.set()
            pg.join()
        if server is not None:
            after = asyncio.run(run_load(urls, args.clients, args.after, 10**9, think=args.think))
        rss.done.set()
        rss.join()
        log_text = ingest_log.read_text(errors="replace")
        m = SUMMARY.search(log_text)
        stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
        if m is None:
            raise SystemExit(f"the ingest printed no summary (exit {ingest.returncode}):\n{log_text[-3000:]}")
        stored, skipped, failed, seconds = int(m[1]), int(m[2]), int(m[3]), float(m[4])
        with Store.open(target.url("dateline-bench"), migrate=False) as store:
            in_db = store.count_articles()
            counts = store.counts()
            with store.reader() as conn:
                stamps = [t.timestamp() for t in conn.scalars(sa.select(articles.c.ingested_at))]
        report["ingest"] = {
            "exit": ingest.returncode, "stored": stored, "skipped": skipped, "failed": failed, "articles_in_db": in_db,
            "rows": counts, "seconds": seconds, "wall_seconds": round(wall, 1),
            "articles_per_hour": round(stored / max(seconds, 1e-9) * 3600),
            "articles_per_hour_wall": round(stored / max(wall, 1e-9) * 3600),
            "write_seconds": round(stats.get("write_s", 0.0), 2),
            "write_share": round(stats.get("write_s", 0.0) / max(seconds, 1e-9), 3),
            "write_ms_per_article": round(1000 * stats.get("write_s", 0.0) / max(stored, 1), 2),
            "write_calls": {"write_many": stats.get("write_many_calls", 0), "write": stats.get("write_calls", 0)},
            "link_seconds": round(stats.get("link_s", 0.0), 2),
            "link_share": round(stats.get("link_s", 0.0) / max(seconds, 1e-9), 4),
            "seconds_between_batches": round(seconds / max(stats.get("write_many_calls", 0), 1), 2),
            **rates_by_load(stamps, load_window),
            "cpu_s": {"ingest": round(stats.get("cpu_s", 0.0), 1), "workers": round(stats.get("workers_cpu_s", 0.0), 1)},
        }  # fmt: skip
        peaks = rss.report()
        report["peak_rss_mb"] = {
            "ingest": round(stats.get("peak_mb", 0.0), 1) or max(peaks.get("ingest", [0.0])),
            "workers": sorted(peaks.get("ingest worker", []), reverse=True),
            "largest_worker": round(stats.get("largest_worker_peak_mb", 0.0), 1),
            "serve": max(peaks.get("serve", [0.0])),
        }
        report["api_during_ingest"] = during
        report["api_after_ingest"] = after
        if pg is not None:
            report["postgres"] = pg.report()
        return report
    finally:
        for proc in (server, ingest):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if (during or {}).get("errors") or (after or {}).get("errors"):
            if server_log.exists():
                print("server log (end):\n" + server_log.read_text(errors="replace")[-3000:], file=sys.stderr)
        if not args.keep:
            target.drop()
        else:
            print(f"kept the database: {target.shown()}", file=sys.stderr)
        tmp.cleanup()


def show(r: dict[str, Any]) -> None:
    i, p = r["ingest"], r["peak_rss_mb"]
    out = [
        f"{r['articles']} articles, {r['workers']} workers, {r['clients']} clients (think {r['think_s']} s) on {r['db']}",
        f"  ingest: {i['stored']} stored, {i['skipped']} already present, {i['failed']} failed; {i['articles_in_db']} "
        f"in the database; {i['seconds']:.0f} s after loading ({i['wall_seconds']:.0f} s in all)",
        f"  {i['articles_per_hour']:,} articles/hour ({i['articles_per_hour_wall']:,} over the whole process)",
    ]
    if i.get("articles_per_hour_under_load") or i.get("articles_per_hour_without_load"):
        out.append(
            f"  articles/hour while the API was loaded: {i.get('articles_per_hour_under_load') or '-'}, "
            f"while it was not: {i.get('articles_per_hour_without_load') or '-'}"
        )
    out += [
        f"  writing: {i['write_seconds']:.1f} s in the store's write calls, {i['write_share']:.1%} of the ingest time, "
        f"{i['write_ms_per_article']:.1f} ms/article; {i['write_calls']['write_many']} batches (one every "
        f"{i['seconds_between_batches']} s), {i['write_calls']['write']} single writes",
        f"  linking (inside the writes): {i['link_seconds']:.1f} s, {i['link_share']:.1%} of the ingest time",
        f"  CPU s: ingest process {i['cpu_s']['ingest']}, workers {i['cpu_s']['workers']}",
        f"  peak RSS MB: ingest process {p['ingest']}, workers {p['workers']} (largest {p['largest_worker']}), "
        f"server {p['serve']}",
    ]
    for label, key in (
        ("API during the ingest", "api_during_ingest"),
        ("API after the ingest", "api_after_ingest"),
    ):
        a = r.get(key)
        if not a:
            continue
        out.append(
            f"  {label}: {a['requests']} requests in {a['seconds']} s ({a['requests_per_s']}/s), errors "
            f"{a['errors']} {a['error_kinds'] or ''}; ms p50 {a['p50_ms']} p95 {a['p95_ms']} p99 {a['p99_ms']} "
            f"max {a['max_ms']}"
        )
        for path, q in (a.get("by_path") or {}).items():
            out.append(f"      {path:<22} p50 {q['p50_ms']:>7} p95 {q['p95_ms']:>7} p99 {q['p99_ms']:>7}")
    pg = r.get("postgres")
    if pg:
        out.append(
            f"  PostgreSQL ({pg['samples']} samples): longest transaction ms {pg['longest_transaction_ms']}; "
            f"locks stronger than row locks: {pg['strong_locks'] or 'none'}; lock waits: {pg['lock_waits'] or 'none'}"
        )
    print("\n".join(out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="Articles to ingest (default 20,000).")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--edited", action="store_true", help="Edited copies from many outlets (bench_linking's corpus).")
    ap.add_argument("--clients", type=int, default=20, help="Concurrent API clients; 0: ingest only.")
    ap.add_argument("--think", type=float, default=0.0, help="Seconds each client waits between requests.")
    ap.add_argument("--after", type=float, default=30.0, help="Seconds of the same load after the ingest.")
    ap.add_argument("--load-for", type=float, default=0.0,
                    help="Seconds of load during the ingest (0: until it ends). A shorter window also gives the ingest "
                    "rate without load, in the same run.")  # fmt: skip
    ap.add_argument("--db", default=os.environ.get("DATELINE_TEST_PG_URL"),
                    help="A PostgreSQL URL (a fresh schema is made and dropped), `sqlite` (a temporary file) or "
                    "a new SQLite path. Default $DATELINE_TEST_PG_URL.")  # fmt: skip
    ap.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="JSON Lines of real articles (`text`, `title`, `published`).",
    )
    ap.add_argument("--model", default=None, help="spaCy model for the ingest (default sm).")
    ap.add_argument("--keep", action="store_true", help="Keep the database (schema or file) afterwards.")
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of text.")
    args = ap.parse_args()
    if not args.db:
        ap.error("give --db (a PostgreSQL URL, `sqlite` or a new path) or set $DATELINE_TEST_PG_URL")
    report = run(args)
    if args.json:
        print(json.dumps(report))
    else:
        show(report)
    api_errors = any((report.get(k) or {}).get("errors") for k in ("api_during_ingest", "api_after_ingest"))
    return 1 if api_errors or report["ingest"]["articles_in_db"] != args.n else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child-ingest"]:  # bench_volume.py --child-ingest STATS.json dateline-args...
        child_ingest(sys.argv[2], sys.argv[3:])
    raise SystemExit(main())

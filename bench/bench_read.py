"""The read side at volume: every read endpoint of the API and the web UI, timed on a database of ``--n`` articles.

1. Builds (or reuses) the database: the bundled example articles (or ``--corpus FILE.jsonl`` with `text` and
   optional `title`, `published`, `source`) are extracted once (sm), then written with ``Store.write_many`` in
   batches of 32 as copies until the database holds ``--n`` articles. Copy r of an article gets the title
   ``<title> #r`` (so its own id) and its publication and event dates moved r days back, so the dates spread
   over a few years as in a real archive. PostgreSQL: ``--db URL`` makes a fresh schema ``bench_read_<hex>``,
   dropped afterwards (``--keep`` keeps it); ``--schema NAME`` (or ``?schema=NAME``) uses and keeps that
   schema, filling it up to ``--n`` if needed, so a second run reuses it; after writing, ``ANALYZE`` gathers
   the planner's statistics (as autovacuum would, were it on). SQLite: ``--db sqlite`` is a temporary file;
   a path is filled up to ``--n`` and kept.
2. Starts ``dateline serve`` on it (127.0.0.1) and requests each endpoint once (``first``: cold caches),
   then ``--reps`` more times in turn, one request at a time; reports the first, median and p95 ms per
   endpoint. Filter values (an actor, a dyad, a type, a month, a speaker, an article) come from the data. The
   events, timeline and network pages are read per report (``count=mentions``); linked events (the API, the
   pages, one event's page) are read too once the articles are linked (as ``dateline ingest`` does; copies of a
   few articles make lopsided stories, so those numbers say little).
3. With ``--clients N``, then runs N concurrent clients over all the endpoints for ``--duration`` seconds
   (bench/load_api.py's load generator) and reports p50/p95/p99 overall and per endpoint. With
   ``--write-rate A``, another store meanwhile writes A further copies per second in batches of 32, as a running
   ingest would (every batch changes the data version the cached aggregates depend on); they are deleted
   afterwards.

    python bench/bench_read.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test --schema bench_read --n 20000
    python bench/bench_read.py --db /tmp/read20k.db --n 20000 --clients 20 --json

Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BATCH = 32


# -- the database -------------------------------------------------------------------------------------------


def base_extractions(corpus: Path | None, model: str | None) -> list[Any]:
    """The real articles to copy, extracted once."""
    from dateline.ingest import read_articles
    from dateline.model import Article, Extraction
    from dateline.nlp import load_pipeline
    from dateline.pipeline import extract_articles

    source = [str(corpus)] if corpus else [str(ROOT / "examples" / "articles")]
    items = [a for a in read_articles(source, fmt="jsonl" if corpus else "auto") if isinstance(a, Article)]
    return [x for x in extract_articles(items, load_pipeline(model or "sm")) if isinstance(x, Extraction)]


def copy_of(base: list[Any], i: int) -> Any:
    """Copy ``i // len(base)`` of article ``i % len(base)``: title ``... #r`` (its own id), dates r days back."""
    ex = base[i % len(base)]
    r = i // len(base)
    if r == 0:
        return ex
    back = timedelta(days=r)
    art = ex.article
    article = dataclasses.replace(
        art, title=f"{art.title or ''} #{r}", published=art.published - back if art.published else None
    )  # appended to the title: the title entities' offsets stay valid
    events = tuple(dataclasses.replace(e, date=e.date - back if e.date else None) for e in ex.events)
    return dataclasses.replace(ex, article=article, events=events)


def fill(store: Any, n: int, corpus: Path | None, model: str | None) -> dict[str, Any]:
    """Write copies until the store holds ``n`` articles; what was done."""
    have = store.count_articles()
    if have >= n:
        return {"reused": have, "written": 0, "seconds": 0.0}
    t0 = time.perf_counter()
    base = base_extractions(corpus, model)
    extracted = time.perf_counter() - t0
    i, written = have, 0
    while have + written < n:
        batch = [copy_of(base, j) for j in range(i, i + min(BATCH, n - have - written))]
        i += len(batch)
        written += sum(store.write_many(batch))
        if written and written % 2000 < BATCH:
            print(f"  {have + written} articles", file=sys.stderr)
    if store.dialect == "postgresql":  # planner statistics, as autovacuum would gather after a bulk load
        import sqlalchemy as sa

        with store.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return {"reused": have, "written": written, "extract_seconds": round(extracted, 1),
            "seconds": round(time.perf_counter() - t0, 1)}  # fmt: skip


class Database:
    """Where the benchmark reads: a PostgreSQL schema (fresh, or ``--schema``) or an SQLite file."""

    def __init__(self, db: str, schema: str | None, keep: bool, tmp: Path) -> None:
        import secrets

        self.pg = db.startswith(("postgresql", "postgres:"))
        self.keep = keep
        if self.pg:
            if "schema=" in db:
                base, _, query = db.partition("?")
                parts = dict(p.split("=", 1) for p in query.split("&") if p)
                schema = schema or parts.pop("schema")
                db = base + ("?" + "&".join(f"{k}={v}" for k, v in parts.items()) if parts else "")
            self.keep = keep or schema is not None
            self.schema = schema or f"bench_read_{secrets.token_hex(5)}"
            self.base = db
        else:
            self.schema = None
            self.keep = keep or db != "sqlite"
            self.base = str(tmp / "read.db") if db == "sqlite" else db

    def url(self, app: str) -> str:
        from bench_volume import connection_url

        return connection_url(self.base, self.schema, app)

    def shown(self) -> str:
        return f"PostgreSQL schema {self.schema}" if self.pg else f"SQLite {self.base}"

    def drop(self) -> None:
        if self.keep:
            print(f"kept the database: {self.shown()}", file=sys.stderr)
            return
        from bench_volume import drop_database

        drop_database(self.base, self.schema)


# -- what to read -------------------------------------------------------------------------------------------


def sample_values(store: Any) -> dict[str, Any]:
    """Filter values from the data: the most frequent actor, dyad, type and speaker, a busy month, an article."""
    import sqlalchemy as sa

    from dateline.store.schema import articles, event_actors, events, linked_events, quotes

    with store.reader() as conn:
        actor = conn.execute(
            sa.select(event_actors.c.code)
            .group_by(event_actors.c.code)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).scalar()
        src, tgt = event_actors.alias(), event_actors.alias()
        dyad = conn.execute(
            sa.select(src.c.code, tgt.c.code)
            .where(src.c.event_id == tgt.c.event_id, src.c.role == "source", tgt.c.role == "target",
                   src.c.code != tgt.c.code)
            .group_by(src.c.code, tgt.c.code).order_by(sa.func.count().desc()).limit(1)
        ).first()  # fmt: skip
        plover = conn.execute(
            sa.select(events.c.plover).group_by(events.c.plover).order_by(sa.func.count().desc()).limit(1)
        ).scalar()
        speaker = conn.execute(
            sa.select(quotes.c.speaker_actor).where(quotes.c.speaker_actor.is_not(None))
            .group_by(quotes.c.speaker_actor).order_by(sa.func.count().desc()).limit(1)
        ).scalar()  # fmt: skip
        newest = conn.execute(sa.select(sa.func.max(events.c.date))).scalar()
        article = conn.execute(
            sa.select(articles.c.id)
            .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
            .limit(1)
        ).scalar()
        linked = conn.execute(
            sa.select(linked_events.c.id)
            .order_by(linked_events.c.n_mentions.desc(), linked_events.c.id)
            .limit(1)
        ).scalar()
    return {"actor": actor, "dyad": tuple(dyad) if dyad else None, "type": plover, "speaker": speaker,
            "newest": newest, "article": article, "linked": linked}  # fmt: skip


def endpoints(v: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, path) of every read endpoint, with and without filters and paging."""
    month = None
    if v["newest"] is not None:
        end = v["newest"]
        month = f"since={(end - timedelta(days=30)).isoformat()}&until={end.isoformat()}"
    out = [
        ("dashboard", "/"),
        ("events", "/api/events"),
        ("events actor", f"/api/events?actor={v['actor']}"),
        ("events dyad", f"/api/events?dyad={v['dyad'][0]},{v['dyad'][1]}" if v["dyad"] else None),
        ("events type", f"/api/events?type={v['type']}"),
        ("events month", f"/api/events?{month}" if month else None),
        ("events page 100", "/api/events?page=100"),
        ("events per_page 500", "/api/events?per_page=500"),
        ("events article", f"/api/events?article={v['article']}"),
        ("events csv", "/api/events?format=csv"),
        ("actors", "/api/actors"),
        ("actors q", "/api/actors?q=gov"),
        ("articles", "/api/articles"),
        ("articles q", "/api/articles?q=minister"),
        ("articles page 100", "/api/articles?page=100"),
        ("quotes", "/api/quotes"),
        ("quotes speaker", f"/api/quotes?speaker={v['speaker']}" if v["speaker"] else None),
        ("places", "/api/places"),
        ("timeline", "/api/timeline"),
        ("timeline actor day", f"/api/timeline?actor={v['actor']}&interval=day"),
        ("network", "/api/network"),
        ("network actor", f"/api/network?actor={v['actor']}"),
        ("article json", f"/api/articles/{v['article']}"),
        ("page article", f"/articles/{v['article']}"),
        ("page events", "/events?count=mentions"),
        ("page events actor", f"/events?actor={v['actor']}&count=mentions"),
        ("page articles", "/articles"),
        ("page quotes", "/quotes"),
        ("page actors", "/actors"),
        ("page timeline", "/timeline?count=mentions"),
        ("page network", "/network?count=mentions"),
        ("page map", "/map"),
    ]
    if v["linked"]:  # linked events (one event, many reports), when the articles have been linked
        out += [
            ("events linked", "/api/events?linked=true"),
            ("events linked actor", f"/api/events?linked=true&actor={v['actor']}"),
            ("linked event json", f"/api/linked-events/{v['linked']}"),
            ("timeline linked", "/api/timeline?linked=true"),
            ("network linked", "/api/network?linked=true"),
            ("page events linked", "/events"),
            ("page event", f"/events/{v['linked']}"),
            ("page timeline linked", "/timeline"),
            ("page network linked", "/network"),
        ]
    return [(label, path) for label, path in out if path]


# -- timing -------------------------------------------------------------------------------------------------


def time_single(base: str, urls: list[tuple[str, str]], reps: int) -> list[dict[str, Any]]:
    """Each URL once (cold), then ``reps`` rounds over all of them; one request at a time."""
    import httpx

    took: dict[str, list[float]] = {label: [] for label, _ in urls}
    first: dict[str, float] = {}
    info: dict[str, tuple[int, int]] = {}
    with httpx.Client(base_url=base, timeout=300.0) as client:
        for round_ in range(reps + 1):
            for label, path in urls:
                t0 = time.perf_counter()
                resp = client.get(path)
                dt = time.perf_counter() - t0
                info[label] = (resp.status_code, len(resp.content))
                if round_ == 0:
                    first[label] = dt
                else:
                    took[label].append(dt)
    rows = []
    for label, path in urls:
        ts = sorted(took[label]) or [first[label]]
        rows.append({
            "endpoint": label, "path": path, "status": info[label][0], "bytes": info[label][1],
            "first_ms": round(1000 * first[label], 1), "median_ms": round(1000 * statistics.median(ts), 1),
            "p95_ms": round(1000 * ts[min(len(ts) - 1, int(0.95 * len(ts)))], 1),
        })  # fmt: skip
    return rows


class Writer(threading.Thread):
    """Writes further copies in batches of 32 at ``rate`` articles/s through its own store, as an ingest would,
    while the clients read; :meth:`remove` deletes them again afterwards."""

    def __init__(self, url: str, base: list[Any], start: int, rate: float) -> None:
        super().__init__(daemon=True)
        self.url, self.base, self.start_at, self.rate = url, base, start, rate
        self.ids: list[str] = []
        self.slowest = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        from dateline.store import Store

        with Store.open(self.url) as store:
            i = self.start_at
            while not self.done.is_set():
                t0 = time.monotonic()
                batch = [copy_of(self.base, j) for j in range(i, i + BATCH)]
                i += BATCH
                store.write_many(batch)
                self.ids += [x.article.id for x in batch]
                took = time.monotonic() - t0
                self.slowest = max(self.slowest, took)
                self.done.wait(max(0.0, BATCH / self.rate - took))

    def remove(self) -> None:
        from dateline.store import Store

        with Store.open(self.url) as store:
            for article_id in self.ids:
                store.delete_article(article_id)


def run(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    from load_api import free_port, loopback_only, run_load, start_server

    from dateline.store import Store

    tmp = tempfile.TemporaryDirectory(prefix="dateline-read-")
    db = Database(args.db, args.schema, args.keep, Path(tmp.name))
    server = None
    try:
        with Store.open(db.url("dateline-bench")) as store:
            built = fill(store, args.n, args.corpus, args.model)
            counts = store.counts()
            values = sample_values(store)
        urls = endpoints(values)
        port = free_port()
        server = start_server(db.url("dateline-serve"), port, Path(tmp.name) / "server.log")
        base = f"http://127.0.0.1:{port}"
        loopback_only(base)
        report: dict[str, Any] = {
            "db": db.shown(), "articles": counts["articles"], "rows": counts, "build": built, "reps": args.reps,
            "values": {k: (list(v) if isinstance(v, tuple) else str(v) if v is not None else None)
                       for k, v in values.items()},
        }  # fmt: skip
        report["single"] = time_single(base, urls, args.reps)
        if args.clients > 0:
            writer = None
            if args.write_rate > 0:
                writer = Writer(db.url("dateline-ingest"), base_extractions(args.corpus, args.model),
                                counts["articles"], args.write_rate)  # fmt: skip
                writer.start()
            try:
                report["load"] = asyncio.run(
                    run_load([base + p for _, p in urls], args.clients, args.duration, 10**9)
                )
            finally:
                if writer is not None:
                    writer.done.set()
                    writer.join()
                    report["load"]["written"] = {"articles": len(writer.ids), "per_s": args.write_rate,
                                                 "batch_ms_max": round(1000 * writer.slowest, 1)}  # fmt: skip
                    writer.remove()
        return report
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except Exception:  # noqa: BLE001 - a server that will not stop is killed
                server.kill()
        db.drop()
        tmp.cleanup()


def show(r: dict[str, Any]) -> None:
    rows = r["rows"]
    print(f"{r['db']}: {rows['articles']:,} articles, {rows['events']:,} events, {rows['actors']:,} actors, "
          f"{rows['event_actors']:,} event actors, {rows['entities']:,} entities, {rows['quotes']:,} quotes")  # fmt: skip
    b = r["build"]
    if b.get("written"):
        print(
            f"  built: {b['written']:,} articles written in {b['seconds']} s (extraction {b['extract_seconds']} s)"
        )
    print(f"  single requests, {r['reps']} repetitions after a first (cold) one; ms")
    print(f"  {'endpoint':<22} {'first':>8} {'median':>8} {'p95':>8} {'status':>6} {'KB':>7}  path")
    for s in r["single"]:
        print(f"  {s['endpoint']:<22} {s['first_ms']:>8.1f} {s['median_ms']:>8.1f} {s['p95_ms']:>8.1f} "
              f"{s['status']:>6} {s['bytes'] / 1024:>7.1f}  {s['path']}")  # fmt: skip
    load = r.get("load")
    if load:
        print(f"  {load['clients']} concurrent clients over all endpoints for {load['seconds']} s: {load['requests']} "
              f"requests ({load['requests_per_s']}/s), errors {load['errors']} {load['error_kinds'] or ''}; ms p50 "
              f"{load['p50_ms']} p95 {load['p95_ms']} p99 {load['p99_ms']} max {load['max_ms']}")  # fmt: skip
        if load.get("written"):
            w = load["written"]
            print(f"  meanwhile {w['articles']} articles were written ({w['per_s']}/s in batches of {BATCH}; slowest "
                  f"batch {w['batch_ms_max']} ms), deleted afterwards")  # fmt: skip
        for path, q in (load.get("by_path") or {}).items():
            print(f"      {path:<22} p50 {q['p50_ms']:>8} p95 {q['p95_ms']:>8} p99 {q['p99_ms']:>8}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=os.environ.get("DATELINE_TEST_PG_URL"),
                    help="A PostgreSQL URL, `sqlite` (a temporary file) or an SQLite path. Default "
                    "$DATELINE_TEST_PG_URL.")  # fmt: skip
    ap.add_argument("--schema", help="PostgreSQL: use (fill if needed) and keep this schema.")
    ap.add_argument("--n", type=int, default=20_000, help="Articles in the database (default 20,000).")
    ap.add_argument("--reps", type=int, default=5, help="Timed requests per endpoint after the first.")
    ap.add_argument("--clients", type=int, default=0, help="Concurrent clients after the single requests.")
    ap.add_argument("--duration", type=float, default=20.0, help="Seconds of concurrent load.")
    ap.add_argument("--write-rate", type=float, default=0.0,
                    help="Articles/s written (batches of 32, another store) during the concurrent load, as an "
                    "ingest would; deleted afterwards.")  # fmt: skip
    ap.add_argument(
        "--corpus", type=Path, help="JSON Lines of real articles to copy (default: the examples)."
    )
    ap.add_argument("--model", default=None, help="spaCy model for the extraction (default sm).")
    ap.add_argument("--keep", action="store_true", help="Keep a fresh database afterwards.")
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of the table.")
    args = ap.parse_args()
    if not args.db:
        ap.error("give --db (a PostgreSQL URL, `sqlite` or a path) or set $DATELINE_TEST_PG_URL")
    report = run(args)
    if args.json:
        print(json.dumps(report, default=str))
    else:
        show(report)
    failed = any(s["status"] != 200 for s in report["single"]) or (report.get("load") or {}).get("errors")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())

"""The cost of linking (issue 13): the share of an ingest's time spent in the linking step, in one run.

    python bench/bench_linking.py [--n 10000] [--workers 2] [--db sqlite|postgresql+psycopg://...] [--corpus FILE.jsonl]

1. Builds ``--n`` articles from real ones (default: the example articles), the way news reaches a database:
   record ``i`` is copy ``r`` of a base article with a distinct id, outlet and title and small edits (a few words
   replaced or dropped, sometimes the last paragraph cut: syndicated and lightly edited copies); every third
   copy is published ``r`` days later (the same dyads on other days).
2. Ingests them through the shared write path (``ingestion.ingest_items``, ``--workers`` processes, batches of 32,
   linking on) into a fresh SQLite file or PostgreSQL schema, and reports the wall time of the ingest, the time
   inside the linking step (``Store.link_seconds``, measured in the same run) and their ratio (the issue's bound:
   at most 10 %), with what the linking found (stories, copies, linked events, reports per event).
3. Re-links the whole database once (``Store.link(rebuild=True)``) and reports linking alone in articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_volume import base_records  # noqa: E402

_WORD = re.compile(r"\b[a-z]{4,}\b")
_FILLERS = ("reportedly", "also", "again", "officially", "late", "early", "further")


def edited(text: str, rng: random.Random) -> str:
    """``text`` with a few words replaced or dropped and, one time in four, its last paragraph cut."""
    words = list(_WORD.finditer(text))
    out = text
    for m in sorted(rng.sample(words, min(len(words), rng.randint(2, 5))), key=lambda m: -m.start()):
        repl = rng.choice(_FILLERS) if rng.random() < 0.7 else ""
        out = out[: m.start()] + repl + out[m.end() :]
    paragraphs = out.split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.25:
        out = "\n\n".join(paragraphs[:-1])
    return out


def build(records: list[dict[str, Any]], n: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            base = records[i % len(records)]
            r = i // len(records)
            rng = random.Random(f"{i}")
            rec = dict(base)
            rec["id"] = f"{base.get('id', i % len(records))}-{r}"
            if r:
                rec["text"] = edited(base["text"], rng)
                rec["source"] = f"Outlet {r % 97}"
                rec["title"] = f"{base.get('title') or ''} ({r})"
                if r % 3 == 0 and base.get("published"):
                    rec["published"] = (date.fromisoformat(base["published"]) + timedelta(days=r)).isoformat()
            f.write(json.dumps(rec) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="articles to ingest (default 10,000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", default="sqlite", help="sqlite (a new temporary file) or a PostgreSQL URL (a new schema)")
    ap.add_argument("--corpus", type=Path, default=None, help="JSON Lines with `text` (default: the example articles)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    if args.n < 1:
        raise SystemExit("--n must be at least 1")

    from dateline.ingest import read_articles
    from dateline.ingestion import ingest_items
    from dateline.scale import Execution
    from dateline.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-linking-"))
    corpus = tmp / "corpus.jsonl"
    build(base_records(args.corpus), args.n, corpus)
    schema = None
    if args.db == "sqlite":
        url = str(tmp / "linking.db")
    else:
        url, schema = args.db, f"bench_{secrets.token_hex(5)}"
    store = Store.open(url, schema=schema)
    try:
        execution = Execution(model=None, workers=args.workers, scheduler=None, nlp=None)
        started = time.perf_counter()
        counts = ingest_items(read_articles([str(corpus)], fmt="jsonl"), store, execution, run_id=None)
        ingest_s = time.perf_counter() - started
        link_s = store.link_seconds
        found = store.counts()
        copies = 0
        with store.reader() as conn:
            import sqlalchemy as sa

            copies = conn.scalar(sa.text("SELECT count(*) FROM story_articles WHERE copy_of IS NOT NULL")) or 0
            stories = conn.scalar(sa.text("SELECT count(DISTINCT story_id) FROM story_articles")) or 0
        store.link_seconds = 0.0
        relinked = time.perf_counter()
        store.link(rebuild=True)
        relink_s = time.perf_counter() - relinked
    finally:
        store.close()
        if schema is not None:
            import sqlalchemy as sa

            engine = sa.create_engine(sa.make_url(args.db).set(drivername="postgresql+psycopg"))
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
    result = {
        "articles": args.n, "stored": counts.stored, "failed": counts.failed, "workers": args.workers,
        "backend": "sqlite" if schema is None else "postgresql", "ingest_s": round(ingest_s, 2),
        "linking_s": round(link_s, 2), "linking_share": round(link_s / ingest_s, 4) if ingest_s else None,
        "stories": stories, "copies": copies, "events": found["events"], "linked_events": found["linked_events"],
        "reports_per_linked_event": round(found["event_links"] / max(found["linked_events"], 1), 2),
        "relink_all_s": round(relink_s, 2), "relink_articles_per_s": round(counts.stored / relink_s, 1) if relink_s else None,
        "cpus": os.cpu_count(),
    }  # fmt: skip
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['stored']} articles ingested in {ingest_s:.1f}s ({args.workers} workers, {result['backend']}); "
          f"linking took {link_s:.2f}s of it: {100 * link_s / ingest_s:.1f}% (bound: 10%)")  # fmt: skip
    print(f"found {stories} stories ({copies} articles are copies), {found['linked_events']} linked events from "
          f"{found['events']} event reports ({result['reports_per_linked_event']} reports per event)")  # fmt: skip
    print(f"linking everything again alone: {relink_s:.1f}s ({result['relink_articles_per_s']} articles/s)")


if __name__ == "__main__":
    main()

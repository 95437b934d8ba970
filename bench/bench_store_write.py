"""The store's write path alone: ``Store.write_many`` (batches of 32, as ``dateline ingest`` writes) against
``Store.write`` (one transaction per article, the fallback), on pre-computed extractions, in one run.

The bundled example articles are extracted once (sm), then copied with distinct titles (so distinct ids) to
``--n`` articles; each method writes its own ``--n`` copies into the same fresh database (a new
PostgreSQL schema, dropped afterwards, or a temporary SQLite file). Reported: ms per article (wall, and CPU
of this process: the rest is the database server's), rows per article, and the ratio.

    python bench/bench_store_write.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test [--n 2000]
    python bench/bench_store_write.py --db sqlite
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def extractions() -> list[Any]:
    from dateline.ingest import read_articles
    from dateline.model import Article, Extraction
    from dateline.nlp import load_pipeline
    from dateline.pipeline import extract_articles

    items = [a for a in read_articles([str(ROOT / "examples" / "articles")]) if isinstance(a, Article)]
    return [x for x in extract_articles(items, load_pipeline("sm")) if isinstance(x, Extraction)]


def copies(base: list[Any], n: int, offset: int) -> list[Any]:
    out = []
    for i in range(offset, offset + n):
        ex = base[i % len(base)]
        title = f"{ex.article.title or ''} #{i // len(base)}"  # appended: title entity offsets stay valid
        out.append(dataclasses.replace(ex, article=dataclasses.replace(ex.article, title=title)))
    return out


def timed(fn: Any) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--db", default=os.environ.get("DATELINE_TEST_PG_URL"), help="PostgreSQL URL or `sqlite`."
    )
    ap.add_argument("--n", type=int, default=2000, help="Articles per method (default 2000).")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.db:
        ap.error("give --db (a PostgreSQL URL or `sqlite`) or set $DATELINE_TEST_PG_URL")
    sys.path.insert(0, str(BENCH))
    from bench_volume import Target

    from dateline.store import Store
    from dateline.store.mapping import extraction_rows

    base = extractions()
    many, single = copies(base, args.n, 0), copies(base, args.n, args.n)
    rows = sum(len(v) for ex in many for v in extraction_rows(ex, run_id=None, now=_now()).values()) / args.n
    with tempfile.TemporaryDirectory() as tmp:
        target = Target(args.db, Path(tmp))
        try:
            with Store.open(target.url("dateline-bench")) as store:
                store.write(base[0])  # connect, warm caches
                batches = [many[i : i + args.batch] for i in range(0, len(many), args.batch)]
                m_wall, m_cpu = timed(lambda: [store.write_many(b) for b in batches])
                s_wall, s_cpu = timed(lambda: [store.write(x) for x in single])
                stored = store.count_articles()
        finally:
            target.drop()
    report = {
        "db": target.shown(), "articles": args.n, "rows_per_article": round(rows, 1), "batch": args.batch,
        "write_many_ms": round(1000 * m_wall / args.n, 2), "write_many_cpu_ms": round(1000 * m_cpu / args.n, 2),
        "write_ms": round(1000 * s_wall / args.n, 2), "write_cpu_ms": round(1000 * s_cpu / args.n, 2),
        "speedup": round(s_wall / m_wall, 2), "stored": stored,
    }  # fmt: skip
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['db']}: {args.n} articles per method, {report['rows_per_article']} rows per article")
        print(f"  write_many (batches of {args.batch}): {report['write_many_ms']} ms/article "
              f"({report['write_many_cpu_ms']} ms CPU here)")  # fmt: skip
        print(
            f"  write (one per transaction):   {report['write_ms']} ms/article ({report['write_cpu_ms']} ms CPU here)"
        )
        print(f"  write_many is {report['speedup']}x faster")
    return 0 if stored == 2 * args.n + 1 else 1


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    raise SystemExit(main())

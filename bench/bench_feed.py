"""`dateline watch --once` twice over a 50-item feed served from 127.0.0.1: what is stored, skipped and failed,
how long each run takes, and how many pages the second run asks for (it should be none).

The site is generated here: 47 distinct invented news pages, one item whose page is missing (404), one whose
"page" is a PDF (refused as not HTML), and one that repeats the first page's URL with tracking parameters
and a fragment (the same canonical URL: not fetched twice). Each run is the real command in a fresh process
against the same fresh SQLite database; counts come from the database's `runs` table, request counts from
the server.

    python bench/bench_feed.py [--items 50] [--delay 0s] [--workers 1] [--json]

The per-host delay defaults to 0s here (one loopback host; politeness would only add items x delay).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
FEED = "/feed.xml"

_PLACES = ["Lisbon", "Nairobi", "Oslo", "Santiago", "Hanoi", "Accra", "Lima", "Warsaw", "Ottawa", "Cairo", "Quito"]
_PEOPLE = ["Ana Lobo", "Peter Mwangi", "Ingrid Dahl", "Tomas Reyes", "Linh Tran", "Kofi Asante", "Rosa Mendes"]
_TOPICS = ["port workers' pay", "a new tram line", "river flooding", "school meals", "wind farm permits",
           "the fishing season", "bus fares", "a library budget", "water tariffs"]  # fmt: skip


def page(n: int) -> bytes:
    """An invented local-news article, different for each ``n``."""
    place, other = _PLACES[n % len(_PLACES)], _PLACES[(n + 4) % len(_PLACES)]
    person, topic = _PEOPLE[n % len(_PEOPLE)], _TOPICS[n % len(_TOPICS)]
    title = f"{place} council reopens talks on {topic} ({n})"
    paras = [
        f"Officials in {place} said on Tuesday that talks with unions over {topic} would resume next week, "
        f"after a pause of nearly a month.",
        f'"We want an agreement before the summer," the deputy mayor, {person}, told reporters outside the '
        f"town hall. Delegates from {other} are expected to attend as observers.",
        f"The council will publish its proposals on Friday. Residents can comment on them for {2 + n % 3} "
        f"weeks, and a final vote is planned for the autumn session.",
    ]
    day = (datetime(2024, 5, 1) + timedelta(days=n % 28)).date().isoformat()
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<meta property='article:published_time' content='{day}'></head><body><article>"
            f"<h1>{escape(title)}</h1>{body}</article></body></html>").encode()  # fmt: skip


def site(items: int) -> tuple[dict[str, tuple[int, str, bytes]], list[str]]:
    """Routes (path -> status, content type, body) and the feed's links (paths), ``items`` of them."""
    routes: dict[str, tuple[int, str, bytes]] = {}
    links: list[str] = []
    good = items - 3
    for n in range(good):
        routes[f"/news/{n}.html"] = (200, "text/html; charset=utf-8", page(n))
        links.append(f"/news/{n}.html")
    links.append("/news/missing.html")  # 404
    routes["/files/report.pdf"] = (200, "application/pdf", b"%PDF-1.4\n% not an article\n")
    links.append("/files/report.pdf")
    links.append("/news/0.html?utm_source=rss&utm_medium=feed#comments")  # the first page again
    return routes, links


def rss(base: str, links: list[str]) -> bytes:
    start = datetime(2024, 5, 1, tzinfo=UTC)
    entries = "".join(
        f"<item><title>Item {i}</title><link>{escape(base + link)}</link>"
        f"<pubDate>{format_datetime(start + timedelta(hours=i))}</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Gazette</title>'
            f"<link>{base}/</link><description>invented news</description>{entries}</channel></rss>").encode()  # fmt: skip


class Site:
    def __init__(self, items: int) -> None:
        self.routes, self.links = site(items)
        self.hits: list[str] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                path = urlsplit(self.path).path
                with outer.lock:
                    outer.hits.append(path)
                status, ctype, body = outer.routes.get(path, (404, "text/html", b"<p>Not found</p>"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.base = f"http://{host}:{port}"
        self.routes[FEED] = (200, "application/rss+xml", rss(self.base, self.links))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page_requests(self) -> int:
        with self.lock:
            return sum(1 for h in self.hits if h != FEED)


def run_once(site: Site, db: Path, args: argparse.Namespace) -> dict[str, object]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "dateline", "watch", site.base + FEED, "--once", "--db", str(db), "-q",
           "--delay", args.delay, "--workers", str(args.workers)]  # fmt: skip
    before = site.page_requests()
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    line = next((x for x in proc.stderr.splitlines() if ": poll 1:" in x), "")
    poll = re.search(r" in ([\d.]+)s \(db", line)
    with sqlite3.connect(db) as conn:
        stored, skipped, failed = conn.execute(
            "SELECT n_articles, n_skipped, n_failed FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        seen = dict(conn.execute("SELECT status, count(*) FROM seen_urls GROUP BY status").fetchall())
    return {
        "exit": proc.returncode, "stored": stored, "skipped": skipped, "failed": failed,
        "page_requests": site.page_requests() - before, "wall_s": round(wall, 2),
        "poll_s": float(poll[1]) if poll else None, "articles_in_db": articles, "seen_urls": seen,
        "summary": line.removeprefix("dateline: "),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--delay", default="0s")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    site_ = Site(args.items)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench-feed.db"
        results = [run_once(site_, db, args) for _ in range(2)]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"feed: {args.items} items from {site_.base} ({args.items - 3} good pages, a 404, a PDF, "
          f"a tracking-parameter duplicate); --delay {args.delay}, --workers {args.workers}")  # fmt: skip
    print(f"{'run':<4} {'exit':>4} {'stored':>6} {'skipped':>7} {'failed':>6} {'page reqs':>9} "
          f"{'poll s':>7} {'wall s':>7}")  # fmt: skip
    for i, r in enumerate(results, 1):
        print(f"{i:<4} {r['exit']:>4} {r['stored']:>6} {r['skipped']:>7} {r['failed']:>6} {r['page_requests']:>9} "
              f"{r['poll_s']!s:>7} {r['wall_s']:>7}")  # fmt: skip
    for i, r in enumerate(results, 1):
        print(f"run {i}: {r['summary']}")
    print(f"articles stored: {results[-1]['articles_in_db']}; seen_urls by status: {results[-1]['seen_urls']}")
    print("skipped = already present + seen before (not fetched); wall time includes loading the model")


if __name__ == "__main__":
    main()

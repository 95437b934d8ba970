"""A news archive of ``--records`` WARC records, ingested twice into a fresh SQLite database: what is stored,
skipped and failed, how long it takes, and that the second run adds nothing.

The archive (``.warc.gz``, written with warcio) is invented here: news pages generated from templates (no
text from any evaluation data), re-crawls of some of them (the same page again, later), pages with no
article text, non-HTML responses (images, JSON, CSS, PDF), non-200 responses (redirects, 404s, 500s),
request, metadata, revisit and warcinfo records, a few corrupt records (binary data served as HTML),
two pages over the 5 MB size limit, and a last record cut off halfway (a truncated download).

Each run is ``dateline -v ingest ARCHIVE --db DB --quiet --workers W`` in a subprocess; ``-v`` shows the
reader's per-archive line (records, articles, failed, skipped by reason), which is where records skipped by
design are counted. Reported per run: stored, already present, failed, wall time, articles/s; then whether
the counts add up to what the archive holds, and the database's row counts after each run.

    python bench/bench_warc.py [--records 1000] [--workers 2] [--keep DIR] [--json]

Exit status 1 when the counts do not add up or the second run stored anything.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"(\d+) article\(s\) stored, (\d+) already present, (\d+) failed in ([\d.]+)s")
WARC_LINE = re.compile(r"(\d+) records, (\d+) articles, (\d+) failed, skipped (\{.*\}|none)")

COUNTRIES = [("Chile", "Santiago", "Chilean"), ("Peru", "Lima", "Peruvian"), ("Kenya", "Nairobi", "Kenyan"),
             ("Norway", "Oslo", "Norwegian"), ("Vietnam", "Hanoi", "Vietnamese"), ("Ghana", "Accra", "Ghanaian"),
             ("Poland", "Warsaw", "Polish"), ("Canada", "Ottawa", "Canadian"), ("Egypt", "Cairo", "Egyptian"),
             ("Indonesia", "Jakarta", "Indonesian"), ("Mexico", "Mexico City", "Mexican"),
             ("Portugal", "Lisbon", "Portuguese")]  # fmt: skip
FIRST = [
    "Amara",
    "Tomas",
    "Lena",
    "Rafael",
    "Ines",
    "Kofi",
    "Marta",
    "Jonas",
    "Aiko",
    "Samir",
    "Elena",
    "Dario",
]
LAST = ["Okafor", "Lindqvist", "Moreau", "Castillo", "Novak", "Haddad", "Tanaka", "Mensah", "Ruiz", "Brandt"]
ROLES = ["foreign minister", "prime minister", "trade minister", "defence minister", "president"]
TOPICS = ["fishing rights", "a new trade agreement", "border security", "energy supplies", "grain exports",
          "a shared railway project", "visa rules", "water rights on the river they share"]  # fmt: skip
OUTLETS = ["news.example.com", "www.daily-example.org", "wire.example.net", "www.example-times.co.uk"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def story(rng: random.Random, n: int) -> tuple[str, list[str], str]:
    """An invented news story: (headline, paragraphs, ISO date)."""
    (a, cap_a, dem_a), (b, cap_b, dem_b) = rng.sample(COUNTRIES, 2)
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    role, topic, day = rng.choice(ROLES), rng.choice(TOPICS), rng.choice(DAYS)
    month, dom = rng.randint(1, 12), rng.randint(1, 28)
    kind = n % 4
    if kind == 0:
        head = f"{a} and {b} agree to talks on {topic}"
        paras = [
            f"{cap_a} - The {role} of {a}, {who}, met {dem_b} officials in {cap_a} on {day} and agreed to "
            f"open talks on {topic}, the {dem_a} government said in a statement.",
            f"Negotiators from both countries will meet in {cap_b} next month, according to the statement. "
            f"{other}, who leads the {dem_b} delegation, said the first round would focus on {topic}.",
        ]
    elif kind == 1:
        head = f"{a} accuses {b} of breaking {topic} deal"
        paras = [
            f"{cap_a} - {a} on {day} accused {b} of breaking an agreement on {topic}, and said it would "
            f"recall its ambassador from {cap_b} for consultations.",
            f'"We cannot accept this," {who}, the {dem_a} {role}, told reporters. {dem_b} officials denied '
            f"the accusation and said {cap_b} had kept every part of the agreement.",
        ]
    elif kind == 2:
        head = f"{b} imposes sanctions on {a} over {topic}"
        paras = [
            f"{cap_b} - The government of {b} imposed sanctions on {dem_a} companies on {day}, citing a "
            f"dispute over {topic} that has lasted more than a year.",
            f"The {dem_a} {role}, {who}, condemned the measures and said {a} would respond. Trade between "
            f"the two countries fell sharply last year, official figures show.",
        ]
    else:
        head = f"{a} sends aid to {b} after floods"
        paras = [
            f"{cap_a} - {a} said on {day} it would send food, tents and medical teams to {b}, where floods "
            f"have forced thousands of people from their homes.",
            f"{who}, the {dem_a} {role}, said the first flights would leave for {cap_b} within days. "
            f"{other} of the {dem_b} disaster agency thanked {a} for its help.",
        ]
    paras.append(f"Report number {n}: analysts in {cap_a} said the talks over {topic} could take months, and "
                 f"that neither government was likely to change course before the end of the year.")  # fmt: skip
    return head, paras, f"2024-{month:02d}-{dom:02d}T{rng.randint(6, 20):02d}:00:00Z"


def page(head: str, paras: list[str], published: str | None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{head}</title>{meta}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{head}</h1>{body}</article>"
            "<footer>&copy; 2024 Example News. All rights reserved.</footer></body></html>").encode()  # fmt: skip


@dataclass
class Plan:
    """What the archive holds, by kind of record, and the outcome each kind should have."""

    kinds: Counter[str] = field(default_factory=Counter)

    EXPECT = {
        "article": "stored", "recrawl": "already present", "no text": "failed", "corrupt": "failed",
        "oversize": "failed", "truncated": "failed", "non-HTML": "skipped", "non-200": "skipped",
        "request": "skipped", "metadata": "skipped", "revisit": "skipped", "warcinfo": "skipped",
    }  # fmt: skip

    def expected(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for kind, n in self.kinds.items():
            out[self.EXPECT[kind]] += n
        return out


def write_archive(path: Path, n_records: int, seed: int = 12) -> Plan:
    """Write the archive; return how many records of each kind it holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    small = {"recrawl": 20, "no text": 12, "corrupt": 8, "oversize": 2, "revisit": 20, "metadata": 60}
    budget = n_records - 2 - sum(small.values())  # warcinfo first, the truncated record last
    if budget < 10:
        raise SystemExit("--records: at least 136")
    share = {"article": 0.52, "request": 0.21, "non-HTML": 0.09}
    counts = {k: int(budget * v) for k, v in share.items()}
    counts["non-200"] = budget - sum(counts.values())
    counts.update(small)
    plan = Plan(Counter({**counts, "warcinfo": 1, "truncated": 1}))

    def when(i: int) -> str:
        return f"2024-06-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"

    dated: list[tuple[str, bytes]] = []  # pages with their own date (a re-crawl of one is the same article)
    records: list[tuple[str, str, int, str, bytes]] = []  # (type, url, status, content type, payload)
    for i in range(counts["article"]):
        head, paras, published = story(rng, i)
        url = f"https://{rng.choice(OUTLETS)}/world/{i}-{head.lower().replace(' ', '-')[:40]}"
        html = page(head, paras, None if i % 5 == 0 else published)  # every fifth dated by its fetch only
        if i % 5:
            dated.append((url, html))
        records.append(("response", url, 200, "text/html; charset=utf-8", html))
    for i in range(counts["no text"]):  # a script-rendered page: an empty shell
        shell = b"<html><head><title>Live</title><script>var app = {};</script></head><body><div id='app'></div></body></html>"
        records.append(("response", f"https://news.example.com/live/{i}", 200, "text/html", shell))
    for i in range(counts["corrupt"]):
        records.append(("response", f"https://news.example.com/broken/{i}", 200, "text/html",
                        bytes(rng.randrange(256) for _ in range(2000))))  # fmt: skip
    for i in range(counts["oversize"]):
        records.append(("response", f"https://news.example.com/huge/{i}", 200, "text/html",
                        b"<html><body>" + b"<p>filler text</p>" * 300_000 + b"</body></html>"))  # fmt: skip
    types = [("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)), ("application/json", b'{"ok": true}'),
             ("text/css", b"body { color: #222 }"), ("application/pdf", b"%PDF-1.4\n%%EOF")]  # fmt: skip
    for i in range(counts["non-HTML"]):
        ctype, body = types[i % len(types)]
        records.append(("response", f"https://news.example.com/asset/{i}", 200, ctype, body))
    statuses = [301, 404, 404, 500, 302]
    for i in range(counts["non-200"]):
        records.append(("response", f"https://news.example.com/gone/{i}", statuses[i % len(statuses)], "text/html",
                        b"<html><body>Moved or missing</body></html>"))  # fmt: skip
    for i in range(counts["request"]):
        url = dated[i % len(dated)][0]
        records.append(("request", url, 0, "", f"GET {url} HTTP/1.1\r\nHost: example\r\n\r\n".encode()))
    for i in range(counts["metadata"]):
        records.append(
            ("metadata", dated[i % len(dated)][0], 0, "", b"outlink: https://news.example.com/\r\n")
        )
    for i in range(counts["revisit"]):
        records.append(("revisit", dated[i % len(dated)][0], 0, "", b""))
    rng.shuffle(records)
    for url, html in rng.sample(dated, counts["recrawl"]):  # each re-crawl somewhere after its first crawl
        after = next(i for i, r in enumerate(records) if r[0] == "response" and r[1] == url)
        records.insert(
            rng.randint(after + 1, len(records)), ("response", url, 200, "text/html; charset=utf-8", html)
        )
    ordered = records

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "bench_warc.py", "format": "WARC 1.1"})
        )
        for i, (rtype, url, status, ctype, payload) in enumerate(ordered):
            headers = {"WARC-Date": when(i)}
            if rtype == "response":
                reason = {
                    200: "OK",
                    301: "Moved Permanently",
                    302: "Found",
                    404: "Not Found",
                    500: "Server Error",
                }
                http = StatusAndHeaders(
                    f"{status} {reason[status]}", [("Content-Type", ctype)], protocol="HTTP/1.1"
                )
                rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                                warc_headers_dict=headers)  # fmt: skip
            else:
                rec = writer.create_warc_record(
                    url, rtype, payload=io.BytesIO(payload), warc_headers_dict=headers
                )
            writer.write_record(rec)
        tail = io.BytesIO()  # the last record, cut off halfway
        head, paras, published = story(rng, 10**6)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        WARCWriter(tail, gzip=True).write_record(writer.create_warc_record(
            "https://news.example.com/cut", "response", payload=io.BytesIO(page(head, paras, published)),
            http_headers=http, warc_headers_dict={"WARC-Date": when(len(ordered))}))  # fmt: skip
        out.write(tail.getvalue()[: len(tail.getvalue()) // 2])
    return plan


def ingest(archive: Path, db: Path, workers: int) -> dict[str, Any]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}  # fmt: skip
    cmd = [sys.executable, "-m", "dateline", "-v", "ingest", str(archive), "--db", str(db), "--quiet",
           "--workers", str(workers)]  # fmt: skip
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    m = SUMMARY.search(proc.stderr)
    if m is None:
        raise SystemExit(f"no summary from the ingest (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    w = WARC_LINE.search(proc.stderr)
    skipped = {} if w is None or w[4] == "none" else ast.literal_eval(w[4])
    stored, present, failed = int(m[1]), int(m[2]), int(m[3])
    return {
        "exit": proc.returncode, "stored": stored, "already_present": present, "failed": failed,
        "seconds": float(m[4]), "wall_seconds": round(wall, 1),
        "articles_per_s": round((stored + present) / wall, 1), "stored_per_s": round(stored / wall, 1),
        "reader": None if w is None else {"records": int(w[1]), "articles": int(w[2]), "failed": int(w[3]),
                                          "skipped": skipped, "skipped_total": sum(skipped.values())},
    }  # fmt: skip


def db_counts(db: Path) -> dict[str, int]:
    from dateline.store import Store

    with Store.open(db) as store:
        return {k: v for k, v in store.counts().items() if k != "runs"}


def check(plan: Plan, run: dict[str, Any], first: bool) -> list[str]:
    """What does not add up, as sentences (empty: everything does)."""
    want = plan.expected()
    total = sum(plan.kinds.values())
    problems = []
    reader = run["reader"]
    if reader is None:
        return ["the reader's per-archive line is missing from the log"]
    if reader["records"] != total:
        problems.append(f"the reader saw {reader['records']} records, the archive holds {total}")
    if reader["skipped_total"] != want["skipped"]:
        problems.append(
            f"{reader['skipped_total']} records skipped by the reader, expected {want['skipped']}"
        )
    if reader["articles"] + reader["failed"] + reader["skipped_total"] != reader["records"]:
        problems.append("the reader's articles + failed + skipped differ from its records")
    if run["stored"] + run["already_present"] != reader["articles"]:
        problems.append(f"stored + already present = {run['stored'] + run['already_present']}, "
                        f"the reader gave {reader['articles']} articles")  # fmt: skip
    expect_stored = want["stored"] if first else 0
    expect_present = want["already present"] + (0 if first else want["stored"])
    for key, expected in (
        ("stored", expect_stored),
        ("already_present", expect_present),
        ("failed", want["failed"]),
    ):
        if run[key] != expected:
            problems.append(f"{key}: {run[key]}, expected {expected}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--keep", type=Path, default=None, help="Keep the archive and the database in this folder."
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="dateline-warc-")
    folder = args.keep or Path(tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    archive, db = folder / "news.warc.gz", folder / "warc.db"
    db.unlink(missing_ok=True)
    try:
        plan = write_archive(archive, args.records)
        runs = []
        for i in range(2):
            run = ingest(archive, db, args.workers)
            run["rows"] = db_counts(db)
            run["problems"] = check(plan, run, first=i == 0)
            runs.append(run)
        size = archive.stat().st_size
    finally:
        tmp.cleanup()
    added = {k: runs[1]["rows"][k] - runs[0]["rows"][k] for k in runs[0]["rows"]}
    report = {"records": sum(plan.kinds.values()), "archive_bytes": size,
              "holds": dict(plan.kinds), "expected": dict(plan.expected()), "runs": runs,
              "second_run_added_rows": {k: v for k, v in added.items() if v}}  # fmt: skip
    ok = not runs[0]["problems"] and not runs[1]["problems"] and not report["second_run_added_rows"]
    if args.json:
        print(json.dumps(report))
        return 0 if ok else 1
    print(
        f"archive: {report['records']} records: " + ", ".join(f"{n} {k}" for k, n in plan.kinds.most_common())
    )
    print("expected: " + ", ".join(f"{n} {k}" for k, n in plan.expected().items()))
    for i, run in enumerate(runs, 1):
        r = run["reader"] or {}
        print(f"run {i}: {run['stored']} stored, {run['already_present']} already present, {run['failed']} failed, "
              f"{r.get('skipped_total', '?')} records skipped by the reader; {run['wall_seconds']} s, "
              f"{run['articles_per_s']} articles/s ({run['stored_per_s']} stored/s); exit {run['exit']}")  # fmt: skip
        print(f"       reader: {r.get('records')} records, {r.get('articles')} articles, {r.get('failed')} failed, "
              f"skipped {r.get('skipped')}")  # fmt: skip
        print(
            "       "
            + (
                "the counts add up"
                if not run["problems"]
                else "DOES NOT ADD UP: " + "; ".join(run["problems"])
            )
        )
    print(f"rows after run 1: {runs[0]['rows']}")
    print(
        "the second run added "
        + (str(report["second_run_added_rows"]) if report["second_run_added_rows"] else "nothing")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Time cost of the time layer (``find_timexes``) alone, against another checkout's, in one run.

The example articles (``examples/articles``) are parsed once with spaCy; then ``find_timexes`` runs over the
parsed articles ``--repeat`` times and the best of ``--rounds`` is kept, in one child process per checkout
(the same parse, pickled, goes to both), alternating so load on the machine hits both alike. Reported:
milliseconds per article for each and the ratio this/baseline, and the share of the spaCy parse the layer
adds.

    python bench/bench_timexes.py [--baseline-src ../main/src] [--repeat 20] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_corpus(out: Path) -> float:
    """Parse the example articles once; pickle (article, [(offset, doc bytes)]) and return the parse time."""
    from dateline.ingest import read_articles
    from dateline.model import Article
    from dateline.nlp import load_pipeline, parse_texts

    nlp = load_pipeline("sm")
    articles = [a for a in read_articles([str(ROOT / "examples" / "articles")]) if isinstance(a, Article)]
    t0 = time.perf_counter()
    parsed = list(parse_texts(nlp, [(a.text, a.paragraphs) for a in articles]))
    seconds = time.perf_counter() - t0
    payload = [(a, [(p.offset, p.doc.to_bytes()) for p in pieces]) for a, pieces in zip(articles, parsed, strict=True)]
    out.write_bytes(pickle.dumps(payload))
    return seconds / max(len(articles), 1)


def child(corpus: Path, repeat: int) -> float:
    """Seconds per article of ``find_timexes`` (best of 3) over the pickled parse."""
    from spacy.tokens import Doc

    from dateline.layers.timexes import find_timexes
    from dateline.nlp import ParsedArticle, Piece, load_pipeline

    vocab = load_pipeline("sm").vocab
    parsed = [
        ParsedArticle(article=a, pieces=tuple(Piece(off, Doc(vocab).from_bytes(b)) for off, b in pieces))
        for a, pieces in pickle.loads(corpus.read_bytes())
    ]
    for p in parsed:  # warm the compiled patterns and data
        find_timexes(p)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for p in parsed:
                find_timexes(p)
        best = min(best, (time.perf_counter() - t0) / (repeat * len(parsed)))
    return best


def run_child(src: Path, corpus: Path, repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, __file__, "--child", str(corpus), "--repeat", str(repeat)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline-src", type=Path, default=ROOT.parent / "main" / "src")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.stdout.write(f"{child(args.child, args.repeat)}\n")
        return
    corpus = Path(tempfile.mkstemp(suffix=".pickle")[1])
    try:
        parse = parse_corpus(corpus)
        times: dict[str, list[float]] = {"this": [], "baseline": []}
        for r in range(max(args.rounds, 1)):
            for kind in ("this", "baseline") if r % 2 == 0 else ("baseline", "this"):
                src = ROOT / "src" if kind == "this" else args.baseline_src
                times[kind].append(run_child(src, corpus, args.repeat))
    finally:
        corpus.unlink(missing_ok=True)
    this, base = min(times["this"]), min(times["baseline"])
    result = {
        "ms_per_article": round(this * 1000, 3),
        "baseline_ms_per_article": round(base * 1000, 3),
        "ratio": round(this / base, 3),
        "spacy_parse_ms_per_article": round(parse * 1000, 1),
        "share_of_parse": round(this / parse, 4),
    }
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        for key, value in result.items():
            sys.stdout.write(f"{key:28s} {value}\n")


if __name__ == "__main__":
    main()

"""Throughput and peak memory of `dateline extract` against bare spaCy, as ratios measured in one run.

For each model (sm, md) the same corpus is processed twice, each in a fresh subprocess:
- baseline: bare spaCy ``nlp.pipe`` over the article paragraphs: the same model and components, loaded by
  ``spacy.load`` as shipped (without Dateline's faster lemmatizer cache, ``nlp/lemmas.py``);
- dateline: the whole `dateline extract --from jsonl` path (reading JSON Lines, re-casing, NER, cleaning,
  contract JSON) in process, output written to /dev/null.
Reported: articles/s, words/s, peak RSS, and the ratios dateline/baseline (throughput >= 0.9 is the target),
by wall time and by the process's CPU time (steadier when the machine is busy with other work).
One-time loading is outside the timer for both: the spaCy model, and Dateline's dictionaries
(``pipeline.load_resources``: actors with Phoenix, the verb dictionary, gazetteer), whose load time is
reported separately.

    python bench/bench_extract.py [--models sm,md] [--repeat 20] [--rounds 3] [--corpus FILE.jsonl] [--json]

The default corpus is the bundled example articles, repeated; any JSON Lines file with a `text` field works.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(path: Path | None, repeat: int) -> Path:
    """A JSON Lines corpus: the example articles (every format, as parsed by Dateline), repeated."""
    from dateline.ingest import read_articles
    from dateline.model import Article

    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    if path is not None:
        lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    else:
        lines = []
        for item in read_articles([str(ROOT / "examples" / "articles")]):
            if isinstance(item, Article):
                rec = {"id": item.id, "text": item.text, "published": item.published.isoformat() if item.published else None}
                lines.append(json.dumps(rec))
    with out.open("w", encoding="utf-8") as f:
        for r in range(repeat):
            for i, ln in enumerate(lines):
                rec = json.loads(ln)
                rec["id"] = f"{rec.get('id', i)}-{r}"
                f.write(json.dumps(rec) + "\n")
    return out


def run_child(kind: str, model: str, corpus: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--models", model, "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def best_of(model: str, corpus: Path, rounds: int) -> tuple[dict[str, float], dict[str, float]]:
    """Alternate the two runs ``rounds`` times (so load on the machine hits both alike); keep the
    fastest time and the largest peak memory of each."""
    results: dict[str, list[dict[str, float]]] = {"baseline": [], "dateline": []}
    for r in range(max(rounds, 1)):
        order = ("baseline", "dateline") if r % 2 == 0 else ("dateline", "baseline")
        for kind in order:
            results[kind].append(run_child(kind, model, corpus))
    best = []
    for kind in ("baseline", "dateline"):
        runs = results[kind]
        fastest = min(runs, key=lambda x: x["seconds"])
        best.append({**fastest, "peak_mb": max(x["peak_mb"] for x in runs),
                     "cpu_seconds": min(x["cpu_seconds"] for x in runs)})  # fmt: skip
    return best[0], best[1]


def child(kind: str, model: str, corpus: Path) -> None:
    from dateline.ingest import read_articles
    from dateline.ingest.paragraphs import split_paragraphs
    from dateline.model_names import resolve_model_name
    from dateline.nlp import _UNUSED, load_pipeline

    if kind == "baseline":
        import spacy

        nlp = spacy.load(resolve_model_name(model), exclude=list(_UNUSED))
    else:
        nlp = load_pipeline(model)
    records = [json.loads(ln) for ln in corpus.read_text("utf-8").splitlines() if ln.strip()]
    words = sum(len(r["text"].split()) for r in records)
    nlp("warm up the pipeline once.")
    load = 0.0
    if kind != "baseline":  # one-time loading stays outside the timer, as the spaCy model's does for both
        from dateline.pipeline import settle_loaded

        t0 = time.perf_counter()
        settle_loaded()  # as `dateline extract` does before its first article (scale.Execution)
        load = time.perf_counter() - t0
    start = time.perf_counter()
    cpu0 = time.process_time()
    if kind == "baseline":
        paragraphs = (r["text"][s:e] for r in records for s, e in split_paragraphs(r["text"]))
        for _doc in nlp.pipe(paragraphs):  # spaCy's own batch size, as Dateline uses
            pass
    else:
        from dateline.contract import dumps, to_contract
        from dateline.model import Failure
        from dateline.pipeline import extract_articles

        with open(os.devnull, "w") as sink, open(corpus, "rb") as stdin:
            items = read_articles(["-"], fmt="jsonl", stdin=stdin)
            for ex in extract_articles(items, nlp):
                if not isinstance(ex, Failure):
                    sink.write(dumps(to_contract(ex, structure=False)) + "\n")
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "articles": len(records), "words": words, "peak_mb": peak_kb / 1024,
                      "load_seconds": load}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="sm,md")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3, help="alternate baseline and dateline runs; keep each one's best")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--child", choices=["baseline", "dateline"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.models, args.corpus)
        return
    corpus = build_corpus(args.corpus, args.repeat)
    report: dict[str, dict[str, float]] = {}
    try:
        for model in args.models.split(","):
            base, ours = best_of(model, corpus, args.rounds)
            report[model] = {
                "articles": base["articles"],
                "baseline_articles_per_s": base["articles"] / base["seconds"],
                "dateline_articles_per_s": ours["articles"] / ours["seconds"],
                "baseline_words_per_s": base["words"] / base["seconds"],
                "dateline_words_per_s": ours["words"] / ours["seconds"],
                "throughput_ratio": base["seconds"] / ours["seconds"],
                "cpu_ratio": base["cpu_seconds"] / ours["cpu_seconds"],
                "baseline_peak_mb": base["peak_mb"],
                "dateline_peak_mb": ours["peak_mb"],
                "memory_ratio": ours["peak_mb"] / base["peak_mb"],
                "dateline_load_s": ours.get("load_seconds", 0.0),
            }
    finally:
        corpus.unlink(missing_ok=True)
    if args.json:
        print(json.dumps(report))
        return
    for model, r in report.items():
        print(
            f"{model}: {int(r['articles'])} articles | bare spaCy {r['baseline_articles_per_s']:.1f} art/s "
            f"{r['baseline_words_per_s']:.0f} words/s {r['baseline_peak_mb']:.0f} MB | dateline "
            f"{r['dateline_articles_per_s']:.1f} art/s {r['dateline_words_per_s']:.0f} words/s "
            f"{r['dateline_peak_mb']:.0f} MB | throughput ratio {r['throughput_ratio']:.2f} (by CPU time "
            f"{r['cpu_ratio']:.2f}) "
            f"memory ratio {r['memory_ratio']:.2f} | dateline data load {r['dateline_load_s']:.2f} s (once per "
            "process, outside the timer like the model load)"
        )


if __name__ == "__main__":
    main()

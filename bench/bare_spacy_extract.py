"""A baseline that speaks the Dateline contract with bare spaCy NER, for scoring side by side.

    python3 ../shared/eval/score.py ner --data ../shared/eval/data/ner-dev.jsonl \
        --cmd ".venv/bin/python bench/bare_spacy_extract.py --model sm"

Each input text is one Doc (what a user of bare spaCy would do); entities are spaCy's, unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys

from dateline.nlp import load_pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="sm")
    args = ap.parse_args()
    nlp = load_pipeline(args.model)
    records = [json.loads(line) for line in sys.stdin if line.strip()]
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        ents = [{"start": e.start_char, "end": e.end_char, "text": e.text, "label": e.label_} for e in doc.ents]
        out = {"id": rec["id"], "entities": ents, "actors": [], "events": [], "quotes": [], "timexes": [], "places": []}
        sys.stdout.write(json.dumps(out, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()

"""Regenerate the golden files of the example articles; run it on purpose and review the diff.

    .venv/bin/python tests/golden/regenerate.py

Every article in ``examples/articles`` (a file, or one record of ``corpus.jsonl``) gets a folder
``tests/golden/<slug>/`` (the file stem, or the record id) with one file per layer, so a diff points
at the stage that changed:

- ``structure.json``: what ingestion made of the article (metadata, captions, headings, related
  links, paragraph spans, warnings, and the body's length and sha256 instead of the body itself);
- ``entities.jsonl``: one entity a line (body and title), sorted by field, start and end;
- ``actors.jsonl``, ``events.jsonl``, ``quotes.jsonl``, ``timexes.jsonl``, ``places.jsonl``: the
  contract objects of each layer, one a line, in contract order (events refer to quotes by index).

Output is deterministic: sorted keys, a stable order and a final newline (an empty layer is an empty
file). Folders of articles that no longer exist are removed. ``tests/test_golden.py`` builds the
same content with the same functions and compares it with these files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from dateline.contract import article_structure, to_contract
from dateline.ingest import read_articles
from dateline.model import Article, Extraction, Failure
from dateline.nlp import load_pipeline, model_label
from dateline.pipeline import extract_articles

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parents[1]
EXAMPLES = ROOT / "examples" / "articles"
MODEL = "sm"
CONTRACT_LAYERS = ("actors", "events", "quotes", "timexes", "places")
LAYERS = ("structure.json", "entities.jsonl", *(f"{name}.jsonl" for name in CONTRACT_LAYERS))
REGENERATE = "python tests/golden/regenerate.py"

_CORPUS_FORMATS = frozenset(("jsonl", "csv"))
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
# Characters str.splitlines() breaks on that JSON leaves unescaped with ensure_ascii=False.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True, slots=True)
class Golden:
    """Freshly generated golden content: ``files[slug][layer]`` is the text of one layer file."""

    files: dict[str, dict[str, str]]
    failures: dict[str, Failure]
    model: str


def slug_of(item: Article | Failure) -> str:
    """The golden folder name: the file stem, or for a corpus record its id (else ``<stem>-<line>``)."""
    if isinstance(item, Failure):
        line, record_id = item.line, item.item_id
    elif item.format in _CORPUS_FORMATS:
        line, record_id = int(item.origin.rpartition(":")[2]), item.external_id
    else:
        line, record_id = None, None
    path = item.origin.rpartition(":")[0] if line is not None else item.origin
    slug = Path(path).stem if line is None else record_id or f"{Path(path).stem}-{line}"
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"{item.origin}: {slug!r} cannot be a golden folder name")
    return slug


def read_examples() -> list[Article | Failure]:
    """Every example article (and a Failure for any that cannot be read), in input order."""
    return list(read_articles([str(EXAMPLES)]))


def example_slugs() -> list[str]:
    """The slugs of all example articles, from ingestion alone (no model)."""
    return sorted(_by_slug(read_examples()))


def golden_folders() -> list[str]:
    """The golden folders on disk (``__pycache__`` and hidden folders are not golden folders)."""
    return sorted(p.name for p in GOLDEN.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def generate(nlp: Language) -> Golden:
    """Read and extract every example article; render its layer files."""
    items = _by_slug(read_examples())
    slug_for = {id(item): slug for slug, item in items.items()}
    files: dict[str, dict[str, str]] = {}
    failures: dict[str, Failure] = {}
    for slug, item in zip(items, extract_articles(items.values(), nlp), strict=True):
        if isinstance(item, Failure):
            failures[slug] = item
        elif slug_for.get(id(item.article)) != slug:
            raise RuntimeError(f"extract_articles returned {item.article.origin} out of order")
        else:
            files[slug] = render(item)
    return Golden(files=files, failures=failures, model=model_label(nlp))


def render(ex: Extraction) -> dict[str, str]:
    """The text of every layer file of one article."""
    contract = to_contract(ex, structure=False)
    out = {"structure.json": pretty(structure(ex.article)) + "\n"}
    entities = sorted(
        (
            {
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "field": e.field,
                "rule": e.rule,
            }
            for e in ex.entities
        ),
        key=lambda d: (d["field"], d["start"], d["end"], d["label"], d["text"], d["rule"]),
    )
    out["entities.jsonl"] = jsonl(entities)
    for name in CONTRACT_LAYERS:
        out[f"{name}.jsonl"] = jsonl(contract[name])
    return out


def structure(a: Article) -> dict[str, Any]:
    """What ingestion made of the article; the body only as its length and sha256."""
    out = article_structure(a)
    out["origin"] = _relative(a.origin)
    out["external_id"] = a.external_id
    out["published"] = a.published.isoformat() if a.published else None
    out["published_raw"] = a.published_raw
    out["paragraphs"] = {"count": len(a.paragraphs), "spans": [list(p) for p in a.paragraphs]}
    out["text"] = {
        "length": len(a.text),
        "sha256": hashlib.sha256(a.text.encode("utf-8", "surrogatepass")).hexdigest(),
    }
    return out


def jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """One JSON object a line, keys sorted, with a final newline ('' for no rows)."""
    return "".join(_json(row) + "\n" for row in rows)


def pretty(obj: Any, indent: str = "") -> str:
    """Indented JSON with sorted keys; a list of scalars stays on one line (spans read as ``[0, 83]``)."""
    inner = indent + "  "
    if isinstance(obj, dict) and obj:
        items = (f"{inner}{_json(key)}: {pretty(obj[key], inner)}" for key in sorted(obj))
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(obj, list) and any(isinstance(x, (dict, list)) for x in obj):
        return "[\n" + ",\n".join(inner + pretty(x, inner) for x in obj) + f"\n{indent}]"
    return _json(obj)


def write(golden: Golden) -> list[str]:
    """Write every layer file, remove stale files and folders; return what changed, one line each."""
    changes: list[str] = []
    for slug, layers in sorted(golden.files.items()):
        folder = GOLDEN / slug
        new = not folder.is_dir()
        folder.mkdir(exist_ok=True)
        changed = []
        for layer, content in layers.items():
            path = folder / layer
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.write_text(content, encoding="utf-8", newline="\n")
                changed.append(layer)
        stale = [
            p
            for p in sorted(folder.iterdir())
            if p.name not in layers and p.is_file() and p.suffix in (".json", ".jsonl")
        ]
        for path in stale:
            path.unlink()
        if new:
            changes.append(f"added    {slug}/")
        elif changed or stale:
            removed = [f"-{p.name}" for p in stale]
            changes.append(f"changed  {slug}/: {', '.join(changed + removed)}")
    for slug in golden_folders():
        if slug in golden.files:
            continue
        folder = GOLDEN / slug
        if all(p.is_file() and p.suffix in (".json", ".jsonl") for p in folder.iterdir()):
            shutil.rmtree(folder)
            changes.append(f"removed  {slug}/ (no such example article)")
        else:
            changes.append(
                f"KEPT     {slug}/: not an example article, but holds other files; remove it by hand"
            )
    return changes


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    golden = generate(load_pipeline(MODEL))
    if golden.failures:
        for slug, failure in golden.failures.items():
            print(f"{slug}: {failure.origin}: {failure.code} {failure.message}", file=sys.stderr)
        print("some example articles failed; golden files left unchanged", file=sys.stderr)
        return 1
    changes = write(golden)
    print(
        f"golden files for {len(golden.files)} example articles (model {golden.model}) in {_relative(str(GOLDEN))}/"
    )
    print("\n".join(changes) if changes else "no changes")
    if changes:
        print("review the diff: git diff --stat tests/golden; git status tests/golden")
    return 0


def _by_slug(items: Iterable[Article | Failure]) -> dict[str, Article | Failure]:
    out: dict[str, Article | Failure] = {}
    for item in items:
        slug = slug_of(item)
        if slug in out:
            raise ValueError(f"{item.origin} and {out[slug].origin} would share the golden folder {slug!r}")
        out[slug] = item
    return out


def _relative(origin: str) -> str:
    """``origin`` relative to the repository root, with ``/`` separators."""
    path, colon, line = origin.rpartition(":") if re.search(r":\d+$", origin) else (origin, "", "")
    try:
        rel = Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        rel = path
    return rel + colon + line


def _json(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


if __name__ == "__main__":
    sys.exit(main())

"""Pairwise precision and recall of article clustering and event linking against tests/link/labels.json.

Kept apart from the test so a person can print the numbers: ``python -m tests.link.scoring DB``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import sqlalchemy as sa

from dateline.store import Store
from dateline.store.schema import articles, event_actors, event_links, events, story_articles

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
LABELS = HERE / "labels.json"


def _pairs(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}


def precision_recall(predicted: set[frozenset[str]], gold: set[frozenset[str]]) -> tuple[float, float]:
    hit = len(predicted & gold)
    return (hit / len(predicted) if predicted else 1.0), (hit / len(gold) if gold else 1.0)


def _side(rows: list[tuple[str, str | None, str]], role: str) -> str:
    return "+".join(sorted({country or code for r, code, country in rows if r == role}))


def score(store: Store) -> dict[str, float]:
    """Pairwise precision/recall of stories (copies) and linked events in ``store`` against the labels."""
    labels = json.loads(LABELS.read_text("utf-8"))
    with store.reader() as conn:
        ext = {aid: name for aid, name in conn.execute(sa.select(articles.c.id, articles.c.external_id))}
        stories: dict[str, list[str]] = defaultdict(list)
        for aid, sid in conn.execute(sa.select(story_articles.c.article_id, story_articles.c.story_id)):
            stories[sid].append(ext[aid])
        actors: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
        for eid, role, code, country in conn.execute(
            sa.select(event_actors.c.event_id, event_actors.c.role, event_actors.c.code, event_actors.c.country)
        ):
            actors[eid].append((role, code, country))
        linked: dict[str, list[str]] = defaultdict(list)
        gold_events: dict[str, list[str]] = defaultdict(list)
        stmt = sa.select(events.c.id, events.c.article_id, events.c.plover, event_links.c.linked_id).join(
            event_links, event_links.c.event_id == events.c.id
        )
        for eid, aid, plover, lid in conn.execute(stmt):
            linked[lid].append(eid)
            name = ext[aid]
            key = [plover, _side(actors[eid], "source"), _side(actors[eid], "target")]
            gold = next((g[3] for g in labels["events"].get(name, []) if g[:3] == key), f"unlabelled:{eid}")
            gold_events[gold].append(eid)
    gold_stories = {str(i): group for i, group in enumerate(labels["copies"])}
    sp, sr = precision_recall(_pairs(stories), _pairs(gold_stories))
    ep, er = precision_recall(_pairs(linked), _pairs(gold_events))
    unlabelled = sum(len(v) for k, v in gold_events.items() if k.startswith("unlabelled:"))
    return {"story_precision": sp, "story_recall": sr, "event_precision": ep, "event_recall": er,
            "events": sum(len(v) for v in linked.values()), "linked_events": len(linked), "unlabelled": unlabelled}  # fmt: skip


if __name__ == "__main__":
    with Store.open(sys.argv[1]) as s:
        print(json.dumps(score(s), indent=2))

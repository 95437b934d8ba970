"""The linking step of the write path (issue 13, docs/linking.md): stories of near-duplicate articles and
linked events, written in the same transaction as the articles they come from.

:func:`link_articles` takes newly stored articles in arrival order (a batch of ``Store.write_many``, or one
``Store.write``; ``dateline link`` feeds stored articles that were never linked the same way):

1. each article gets the next arrival number (``seq``) and its MinHash signature; its LSH band keys are looked
   up in ``article_bands`` (one query per batch) and, within the batch, among the articles before it; the most
   similar candidate at or above the rule's ``copy_threshold`` (ties: the earliest) makes it a copy, in that
   article's story; otherwise it starts a story named by its own id;
2. each of its events is a report; the linked events it could join are read per batch (same PLOVER type, date
   range within the window; for a copy, also those its story already reports), the rule picks the best match
   (:mod:`dateline.link.reports`); none: the report founds a linked event whose id is
   ``stable_id("linked", event id)``;
3. the counts of every linked event touched grow by what the batch adds (a story or an outlet only if the linked
   event has no report from it yet: two index look-ups per batch), in the same transaction; :func:`recount`
   recomputes them from ``event_links`` when an article is deleted.

On PostgreSQL a transaction-level advisory lock serialises the linking of concurrent writers (readers are never
blocked), so two writers never both found a story for the same copy; SQLite writers are serialised already.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from dateline.link import (
    LinkRule,
    Report,
    Signature,
    band_keys,
    date_interval,
    filled,
    matches,
    rank,
    signature,
    story_matches,
    widen,
)
from dateline.model import Location, stable_id
from dateline.store.schema import (
    article_bands,
    articles,
    event_actors,
    event_links,
    events,
    link_settings,
    linked_events,
    story_articles,
)

log = logging.getLogger(__name__)

_CHUNK = 500
#: Stored articles compared with a new one: those sharing the most LSH bands with it.
CANDIDATES = 8
#: Linked events of a type with an interval overlapping a date range, for ``_SLOTS`` (type, range) pairs at a
#: time: one statement shape, compiled once (unused slots name no type).
_SLOTS = 16
_BY_RANGES = sa.select(linked_events).where(
    sa.or_(*(
        sa.and_(linked_events.c.plover == sa.bindparam(f"p{j}"), linked_events.c.date_lo <= sa.bindparam(f"h{j}"),
                linked_events.c.date_hi >= sa.bindparam(f"l{j}"))
        for j in range(_SLOTS)
    ))
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LinkInput:
    """One stored article as the linking step needs it: the ``articles`` row (``id``, ``text``, ``url``,
    ``source``, ``ingested_at``), its ``events`` rows in position order and their ``event_actors`` rows."""

    article: dict[str, Any]
    events: list[dict[str, Any]]
    actors: list[dict[str, Any]]


@dataclass(slots=True)
class LinkCounts:
    """What one call linked: articles, copies among them, event reports, linked events founded."""

    articles: int = 0
    copies: int = 0
    reports: int = 0
    founded: int = 0

    def add(self, other: LinkCounts) -> None:
        self.articles += other.articles
        self.copies += other.copies
        self.reports += other.reports
        self.founded += other.founded


@dataclass(slots=True)
class _Linked:
    """A linked event while a batch is linked: its matching fields and whether they must be written."""

    id: str
    report: Report
    first_seq: int
    first_url: str | None
    new: bool = False
    dirty: bool = False


@dataclass(slots=True)
class _Story:
    article_id: str
    story_id: str
    seq: int
    values: np.ndarray  # the MinHash values


@dataclass(slots=True)
class _Batch:
    """The linked events a batch may join (read from the database or founded in the batch), which of them each
    story reports, and the founding report of those founded here."""

    linked: dict[str, _Linked] = field(default_factory=dict)
    by_type: dict[str, list[_Linked]] = field(default_factory=lambda: defaultdict(list))
    by_story: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, lk: _Linked) -> None:
        if lk.id not in self.linked:
            self.linked[lk.id] = lk
            self.by_type[lk.report.plover].append(lk)
    founders: dict[str, tuple[dict[str, Any], LinkInput]] = field(default_factory=dict)


# -- settings ---------------------------------------------------------------------------------------------


def read_rule(conn: sa.Connection) -> LinkRule | None:
    """The rule stored with the database (``link_settings``); ``None`` when none is stored yet."""
    stored = {name: json.loads(value) for name, value in conn.execute(sa.select(link_settings))}
    if not stored:
        return None
    known = LinkRule().as_dict()
    return LinkRule(**{k: v for k, v in stored.items() if k in known})


def write_rule(conn: sa.Connection, rule: LinkRule) -> None:
    conn.execute(sa.delete(link_settings))
    conn.execute(sa.insert(link_settings), [{"name": k, "value": json.dumps(v)} for k, v in rule.as_dict().items()])


# -- the step ---------------------------------------------------------------------------------------------


def inputs_from_rows(rows: dict[str, list[dict[str, Any]]]) -> LinkInput:
    """The linking input of one article from :func:`dateline.store.mapping.extraction_rows`."""
    return LinkInput(rows["articles"][0], rows["events"], rows["event_actors"])


def lock(conn: sa.Connection) -> None:
    """Serialise linkers of one PostgreSQL schema until the transaction ends (SQLite: BEGIN IMMEDIATE did)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('dateline.link:' || coalesce(current_schema(), '')))"))


#: Inserts a list of rows into a table inside a transaction (the store passes ``COPY`` for PostgreSQL).
BulkInsert = Callable[[sa.Connection, sa.Table, list[dict[str, Any]]], None]


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """The default :data:`BulkInsert`: one ``executemany`` insert."""
    if rows:
        conn.execute(sa.insert(table), rows)


def link_articles(
    conn: sa.Connection, items: Sequence[LinkInput], rule: LinkRule, now: datetime, *, bulk: BulkInsert = insert_rows
) -> LinkCounts:
    """Stories and linked events for ``items`` (newly stored, in arrival order), inside ``conn``'s transaction;
    ``bulk`` inserts the new rows."""
    counts = LinkCounts()
    if not items:
        return counts
    lock(conn)
    seq0 = conn.scalar(sa.select(sa.func.coalesce(sa.func.max(story_articles.c.seq), 0))) or 0
    stories = _assign_stories(conn, items, rule, int(seq0), bulk)
    counts.articles = len(items)
    counts.copies = sum(1 for s in stories.values() if s[1] is not None)

    reports: list[tuple[LinkInput, dict[str, Any], Report]] = []
    for item in items:
        by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in item.actors:
            by_event[a["event_id"]].append(a)
        for ev in item.events:
            reports.append((item, ev, _report(ev, by_event.get(ev["id"], []))))
    counts.reports = len(reports)
    copy_stories = {stories[i.article["id"]][0].story_id for i in items if stories[i.article["id"]][1] is not None}
    state = _Batch()
    _load_candidates(conn, [r for _, _, r in reports], copy_stories, rule, state)

    links: list[dict[str, Any]] = []
    for item, ev, report in reports:
        story, copy_of = stories[item.article["id"]]
        is_copy = copy_of is not None
        found = _choose(report, state, rule, story.story_id if is_copy else None)
        if found is None:
            lid = stable_id("linked", ev["id"])
            linked = _Linked(id=lid, report=report, first_seq=story.seq, first_url=item.article.get("url"), new=True)
            state.add(linked)
            state.founders[lid] = (ev, item)
            how = "first"
            counts.founded += 1
        else:
            linked, how = found
            updated = filled(linked.report, report)
            if updated is not linked.report:
                linked.report, linked.dirty = updated, True
            if linked.first_url is None and item.article.get("url"):
                linked.first_url, linked.dirty = item.article.get("url"), True
        state.by_story[story.story_id].add(linked.id)
        links.append({
            "event_id": ev["id"], "linked_id": linked.id, "article_id": item.article["id"], "story_id": story.story_id,
            "seq": story.seq, "is_copy": is_copy, "how": how, "outlet": item.article.get("source"),
        })  # fmt: skip

    new_rows = [_founded_row(state.linked[lid], ev, item, now) for lid, (ev, item) in state.founders.items()]
    increments = _increments(conn, links, set(state.founders))
    bulk(conn, linked_events, new_rows)
    for lk in state.linked.values():
        if lk.dirty and not lk.new:
            values = {**_matching_columns(lk.report), "first_url": lk.first_url}
            conn.execute(sa.update(linked_events).where(linked_events.c.id == lk.id).values(**values))
    bulk(conn, event_links, links)
    if increments:
        conn.execute(
            sa.update(linked_events)
            .where(linked_events.c.id == sa.bindparam("b_id"))
            .values(n_mentions=linked_events.c.n_mentions + sa.bindparam("b_m"),
                    n_articles=linked_events.c.n_articles + sa.bindparam("b_a"),
                    n_stories=linked_events.c.n_stories + sa.bindparam("b_st"),
                    n_sources=linked_events.c.n_sources + sa.bindparam("b_so"), updated_at=now),
            increments,
        )  # fmt: skip
    return counts


def _increments(conn: sa.Connection, links: list[dict[str, Any]], new: set[str]) -> list[dict[str, Any]]:
    """How much each linked event's counts grow with ``links`` (read before they are inserted): every link is a
    mention; a new article is always new; a story or an outlet only if the linked event has none of it yet."""
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in links:
        by_id[row["linked_id"]].append(row)
    old = sorted(set(by_id) - new)
    el = event_links.c
    had_story: dict[str, set[str]] = defaultdict(set)
    had_outlet: dict[str, set[str]] = defaultdict(set)
    stories = sorted({r["story_id"] for r in links})
    outlets = sorted({r["outlet"] for r in links if r["outlet"] is not None})
    for chunk in _chunks(old, 200):
        for lid, sid in conn.execute(
            sa.select(el.linked_id, el.story_id).where(el.linked_id.in_(chunk), el.story_id.in_(stories)).distinct()
        ):
            had_story[lid].add(sid)
        if outlets:
            for lid, outlet in conn.execute(
                sa.select(el.linked_id, el.outlet).where(el.linked_id.in_(chunk), el.outlet.in_(outlets)).distinct()
            ):
                had_outlet[lid].add(outlet)
    return [
        {
            "b_id": lid, "b_m": len(rows), "b_a": len({r["article_id"] for r in rows}),
            "b_st": len({r["story_id"] for r in rows} - had_story.get(lid, set())),
            "b_so": len({r["outlet"] for r in rows if r["outlet"] is not None} - had_outlet.get(lid, set())),
        }
        for lid, rows in sorted(by_id.items())
    ]  # fmt: skip


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _stored_candidates(conn: sa.Connection, keys: list[list[int]]) -> dict[int, list[str]]:
    """For each key list, the stored articles sharing the most band keys with it (at most ``CANDIDATES``; ties:
    smallest id): one indexed, aggregated query per article (the statement is compiled once).

    The share of equal bands is itself an estimate of the similarity, so the best copy is among them."""
    shared = sa.func.count().label("shared")
    stmt = (
        sa.select(article_bands.c.article_id, shared)
        .where(article_bands.c.band_key.in_(sa.bindparam("keys", expanding=True)))
        .group_by(article_bands.c.article_id)
        .order_by(shared.desc(), article_bands.c.article_id)
        .limit(CANDIDATES)
    )
    return {i: list(conn.scalars(stmt, {"keys": k})) for i, k in enumerate(keys) if k}


def _assign_stories(
    conn: sa.Connection, items: Sequence[LinkInput], rule: LinkRule, seq0: int, bulk: BulkInsert
) -> dict[str, tuple[_Story, str | None]]:
    """Each article's story and the earlier article it copies (``None``: it starts its own story); writes
    ``story_articles`` and ``article_bands``."""
    sigs: list[tuple[Signature, list[int]]] = []
    for item in items:
        sig = signature(item.article["text"], k=rule.shingle_words, num_perm=rule.num_perm)
        keys = sorted(set(band_keys(sig, rule.bands))) if sig.shingles >= rule.min_shingles else []
        sigs.append((sig, keys))
    wanted = _stored_candidates(conn, [keys for _, keys in sigs])
    stored: dict[str, _Story] = {}
    for chunk in _chunks(sorted({a for ids in wanted.values() for a in ids})):
        stmt = sa.select(story_articles.c.article_id, story_articles.c.story_id, story_articles.c.seq,
                         story_articles.c.signature).where(story_articles.c.article_id.in_(chunk))  # fmt: skip
        for aid, sid, seq, hexsig in conn.execute(stmt):
            stored[aid] = _Story(aid, sid, int(seq), values_of(hexsig))
    in_batch: dict[int, list[_Story]] = defaultdict(list)
    out: dict[str, tuple[_Story, str | None]] = {}
    story_rows: list[dict[str, Any]] = []
    band_rows: list[dict[str, Any]] = []
    for i, (item, (sig, keys)) in enumerate(zip(items, sigs, strict=True)):
        aid = item.article["id"]
        values = np.asarray(sig.values, dtype=np.uint32)
        candidates = {a: stored[a] for a in wanted.get(i, ()) if a in stored}
        for key in keys:
            for st in in_batch.get(key, ()):
                candidates[st.article_id] = st
        best: tuple[float, _Story] | None = None
        for st in candidates.values():
            sim = float(np.mean(values == st.values)) if len(st.values) == len(values) else 0.0
            if sim >= rule.copy_threshold and (best is None or (-sim, st.seq) < (-best[0], best[1].seq)):
                best = (sim, st)
        story = _Story(aid, best[1].story_id if best else aid, seq0 + i + 1, values)
        out[aid] = (story, best[1].article_id if best else None)
        story_rows.append({
            "article_id": aid, "story_id": story.story_id, "seq": story.seq,
            "copy_of": best[1].article_id if best else None, "similarity": round(best[0], 4) if best else None,
            "shingles": sig.shingles, "signature": sig.hex(),
        })  # fmt: skip
        # A copy indexes only the bands it does not share with the article it copies: a later article that
        # shares those finds that article (the same story) already, so each band key holds one article per
        # story that has it instead of every copy (syndicated stories made the candidate query grow with
        # the number of their copies).
        shared = set(band_keys(Signature(tuple(int(v) for v in best[1].values), 0), rule.bands)) if best else set()
        for key in keys:
            if key in shared:
                continue
            band_rows.append({"band_key": key, "article_id": aid})
            in_batch[key].append(story)
    bulk(conn, story_articles, story_rows)
    bulk(conn, article_bands, band_rows)
    return out


def values_of(hexsig: str) -> np.ndarray:
    """A stored signature's values (``Signature.hex``) as an array."""
    return np.frombuffer(bytes.fromhex(hexsig), dtype=">u4").astype(np.uint32)


def _side(rows: Iterable[dict[str, Any]], role: str) -> tuple[tuple[str, str | None, str | None], ...]:
    mine = sorted((r for r in rows if r["role"] == role), key=lambda r: r["position"])
    return tuple(dict.fromkeys((r["code"], r["country"], r["sector"]) for r in mine))


def _location(row: Any) -> Location | None:
    if row["location_name"] is None:
        return None
    return Location(
        name=row["location_name"], country=row["location_country"], lat=row["location_lat"],
        lon=row["location_lon"], precision=row["location_precision"], admin1=row["location_admin1"],
        admin1_code=row["location_admin1_code"], admin2=row["location_admin2"], admin2_code=row["location_admin2_code"],
    )  # fmt: skip


def _report(ev: dict[str, Any], actors: list[dict[str, Any]]) -> Report:
    return Report(
        plover=ev["plover"], negated=bool(ev["negated"]), modality=ev["modality"],
        interval=date_interval(ev["date"], ev["date_precision"]), source=_side(actors, "source"),
        target=_side(actors, "target"), location=_location(ev),
    )  # fmt: skip


def _as_side(value: Any) -> tuple[tuple[str, str | None, str | None], ...]:
    return tuple((str(a[0]), a[1], a[2]) for a in value or ())


def _from_row(row: Any) -> _Linked:
    lo, hi = row["date_lo"], row["date_hi"]
    report = Report(
        plover=row["plover"], negated=bool(row["negated"]), modality=row["modality"],
        interval=(lo, hi) if lo is not None and hi is not None else None, source=_as_side(row["source"]),
        target=_as_side(row["target"]), location=_location(row),
    )  # fmt: skip
    return _Linked(id=row["id"], report=report, first_seq=int(row["first_seq"]), first_url=row["first_url"])


def _merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _load_candidates(
    conn: sa.Connection, reports: list[Report], copy_stories: set[str], rule: LinkRule, state: _Batch
) -> None:
    """Read the linked events the batch's reports may join: same type, dates within the window; and for
    copies, every linked event their story reports."""
    ranges: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for r in reports:
        if r.interval is not None:
            ranges[r.plover].append(widen(r.interval, rule.day_window))
    le = linked_events.c
    spans = [(plover, lo, hi) for plover, found in sorted(ranges.items()) for lo, hi in _merge(found)]
    for i in range(0, len(spans), _SLOTS):
        params: dict[str, Any] = {}
        for j in range(_SLOTS):
            plover, lo, hi = spans[i + j] if i + j < len(spans) else ("", date.min, date.min)
            params.update({f"p{j}": plover, f"l{j}": lo, f"h{j}": hi})
        for row in conn.execute(_BY_RANGES, params).mappings():
            state.add(_from_row(row))
    if not copy_stories:
        return
    missing: set[str] = set()
    for chunk in _chunks(sorted(copy_stories)):
        stmt = sa.select(event_links.c.story_id, event_links.c.linked_id).where(event_links.c.story_id.in_(chunk))
        for sid, lid in conn.execute(stmt.distinct()):
            state.by_story[sid].add(lid)
            if lid not in state.linked:
                missing.add(lid)
    for chunk in _chunks(sorted(missing)):
        for row in conn.execute(sa.select(linked_events).where(le.id.in_(chunk))).mappings():
            state.add(_from_row(row))


def _choose(report: Report, state: _Batch, rule: LinkRule, story: str | None) -> tuple[_Linked, str] | None:
    """The linked event ``report`` joins and how (``rule``; ``story`` for a copy's report the rule alone
    does not place), or ``None``. Two reports in one article may join one linked event ("attacked" and
    "bombarded" the same town that day), as in Phoenix's one event per day, dyad and type."""
    best: tuple[tuple[int, int, int, str], _Linked] | None = None
    for lk in state.by_type.get(report.plover, ()):
        if matches(report, lk.report, rule):
            key = rank(report, lk.report, lk.first_seq, lk.id)
            if best is None or key < best[0]:
                best = (key, lk)
    if best is not None:
        return best[1], "rule"
    if story is None:
        return None
    for lid in state.by_story.get(story, ()):
        lk = state.linked[lid]
        if story_matches(report, lk.report, rule):
            key = rank(report, lk.report, lk.first_seq, lk.id)
            if best is None or key < best[0]:
                best = (key, lk)
    return None if best is None else (best[1], "story")


def _matching_columns(r: Report) -> dict[str, Any]:
    loc = r.location
    return {
        "date_lo": r.interval[0] if r.interval else None, "date_hi": r.interval[1] if r.interval else None,
        "source": [list(a) for a in r.source], "target": [list(a) for a in r.target],
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_precision": loc.precision if loc else None,
        "location_admin1": loc.admin1 if loc else None, "location_admin1_code": loc.admin1_code if loc else None,
        "location_admin2": loc.admin2 if loc else None, "location_admin2_code": loc.admin2_code if loc else None,
    }  # fmt: skip


def _founded_row(lk: _Linked, ev: dict[str, Any], item: LinkInput, now: datetime) -> dict[str, Any]:
    return {
        "id": lk.id, "plover": ev["plover"], "plover_mode": ev["plover_mode"], "cameo": ev["cameo"],
        "goldstein": ev["goldstein"], "modality": ev["modality"], "negated": bool(ev["negated"]),
        "date": ev["date"], "date_precision": ev["date_precision"], **_matching_columns(lk.report),
        "first_event_id": ev["id"], "first_article_id": item.article["id"], "first_seq": lk.first_seq,
        "first_seen": item.article["ingested_at"], "first_url": lk.first_url, "n_mentions": 0, "n_articles": 0,
        "n_stories": 0, "n_sources": 0, "updated_at": now,
    }  # fmt: skip


def recount(conn: sa.Connection, ids: Sequence[str], now: datetime) -> None:
    """Recompute the counts of these linked events from ``event_links``; delete those left without a mention."""
    el = event_links.c
    for chunk in _chunks(ids):
        stmt = (
            sa.select(
                el.linked_id, sa.func.count(), sa.func.count(sa.distinct(el.article_id)),
                sa.func.count(sa.distinct(el.story_id)), sa.func.count(sa.distinct(el.outlet)),
            )
            .where(el.linked_id.in_(chunk))
            .group_by(el.linked_id)
        )  # fmt: skip
        rows = [
            {"b_id": lid, "b_m": m, "b_a": a, "b_st": st, "b_so": so, "b_now": now}
            for lid, m, a, st, so in conn.execute(stmt)
        ]
        if rows:
            conn.execute(
                sa.update(linked_events)
                .where(linked_events.c.id == sa.bindparam("b_id"))
                .values(n_mentions=sa.bindparam("b_m"), n_articles=sa.bindparam("b_a"),
                        n_stories=sa.bindparam("b_st"), n_sources=sa.bindparam("b_so"),
                        updated_at=sa.bindparam("b_now")),
                rows,
            )  # fmt: skip
        gone = sorted(set(chunk) - {r["b_id"] for r in rows})
        if gone:
            conn.execute(sa.delete(linked_events).where(linked_events.c.id.in_(gone)))


# -- linking what is stored (dateline link) ------------------------------------------------------------------


def unlinked_ids(conn: sa.Connection) -> list[str]:
    """Stored articles never linked (stored before migration 6, or with linking off), by arrival."""
    stmt = (
        sa.select(articles.c.id)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .where(story_articles.c.article_id.is_(None))
        .order_by(articles.c.ingested_at, articles.c.id)
    )
    return list(conn.scalars(stmt))


def arrival_order(conn: sa.Connection) -> list[str]:
    """Every stored article: linked ones in their arrival order, then the others by ingestion time."""
    stmt = (
        sa.select(articles.c.id)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .order_by(story_articles.c.seq.is_(None), story_articles.c.seq, articles.c.ingested_at, articles.c.id)
    )
    return list(conn.scalars(stmt))


def clear(conn: sa.Connection) -> None:
    """Forget every story and linked event (before linking everything again)."""
    for table in (event_links, linked_events, article_bands, story_articles):
        conn.execute(sa.delete(table))


def load_inputs(conn: sa.Connection, ids: Sequence[str]) -> list[LinkInput]:
    """The linking inputs of stored articles, in the order of ``ids``; already linked ones are left out."""
    done: set[str] = set()
    for chunk in _chunks(list(ids)):
        done.update(conn.scalars(sa.select(story_articles.c.article_id).where(story_articles.c.article_id.in_(chunk))))
    todo = [i for i in ids if i not in done]
    arts: dict[str, dict[str, Any]] = {}
    evs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    acts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cols = [articles.c.id, articles.c.text, articles.c.url, articles.c.source, articles.c.ingested_at]
    for chunk in _chunks(todo):
        for row in conn.execute(sa.select(*cols).where(articles.c.id.in_(chunk))).mappings():
            arts[row["id"]] = dict(row)
        for row in conn.execute(
            sa.select(events).where(events.c.article_id.in_(chunk)).order_by(events.c.article_id, events.c.position)
        ).mappings():
            evs[row["article_id"]].append(dict(row))
        for row in conn.execute(sa.select(event_actors).where(event_actors.c.article_id.in_(chunk))).mappings():
            acts[row["article_id"]].append(dict(row))
    return [LinkInput(arts[i], evs.get(i, []), acts.get(i, [])) for i in todo if i in arts]

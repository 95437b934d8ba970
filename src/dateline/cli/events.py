"""``dateline events``: list stored events with their actors, codes and evidence sentence."""

from __future__ import annotations

from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from .options import db_option
from .render import emit_rows, fail

COLUMNS = [
    "date", "plover", "plover_mode", "cameo", "goldstein", "source", "target", "trigger", "modality",
    "negated", "confidence", "rule", "location", "article_id", "sentence",
]  # fmt: skip


def _actors(items: list[dict[str, Any]]) -> str:
    return "+".join(str(a.get("code")) for a in items)


def _parse_dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    source, sep, target = value.partition(":")
    if not sep or not source or not target:
        fail(f"--dyad must look like SOURCE:TARGET (e.g. RUS:PRK), got {value!r}")
    return source.upper(), target.upper()


@click.command("events")
@db_option
@click.option("--actor", default=None, help="An actor code (RUSGOV) or country (RUS) on either side.")
@click.option(
    "--dyad",
    default=None,
    metavar="SOURCE:TARGET",
    help="Source and target actor or country codes, e.g. RUS:PRK.",
)
@click.option("--type", "plover", default=None, help="PLOVER event type (AGREE, CONSULT, ACCUSE, ...).")
@click.option("--cameo", default=None, help="CAMEO code or prefix (04 finds 040-046).")
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Event date on or after (YYYY-MM-DD)."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Event date on or before (YYYY-MM-DD)."
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--format", "out_format", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True
)
def events_cmd(
    db: str,
    actor: str | None,
    dyad: str | None,
    plover: str | None,
    cameo: str | None,
    since: Any,
    until: Any,
    limit: int,
    offset: int,
    out_format: str,
) -> None:
    """List stored events (who did what to whom) with the sentence they were read from.

    \b
    Examples:
      dateline events --actor RUS
      dateline events --dyad RUS:PRK --type AGREE
      dateline events --cameo 04 --since 2023-09-01 --format jsonl
    """
    pair = _parse_dyad(dyad)
    filters: dict[str, Any] = {}
    if actor:
        key = "country" if len(actor) == 3 and actor.isalpha() else "actor"
        filters[key] = actor.upper()
    try:
        with Store.open(db) as store:
            rows = store.events(
                plover=plover.upper() if plover else None,
                cameo=cameo,
                since=since.date() if since else None,
                until=until.date() if until else None,
                limit=limit,
                offset=offset,
                dyad=pair,
                **filters,
            )
            texts: dict[str, str] = {}
            for r in rows:
                aid = r["article_id"]
                if aid not in texts:
                    art = store.get_article(aid)
                    texts[aid] = str(art.get("text") or "") if art else ""
    except DatelineError as exc:
        fail(str(exc))
    for r in rows:
        r["sentence"] = texts.get(r["article_id"], "")[r["sentence_start"] : r["sentence_end"]]
    emit_rows(
        rows, out_format, columns=COLUMNS, flat=_flat, title=f"{len(rows)} event(s)",
        table_columns=["date", "plover", "cameo", "source", "target", "trigger", "modality", "sentence"],
    )  # fmt: skip


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    loc = r.get("location")
    return {
        **{c: r.get(c) for c in COLUMNS},
        "source": _actors(r.get("source") or []),
        "target": _actors(r.get("target") or []),
        "trigger": r.get("trigger_text"),
        "location": loc.get("name") if isinstance(loc, dict) else None,
    }



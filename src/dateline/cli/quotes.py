"""``dateline quotes``: stored quotes with their speaker, the speaker's actor and the article."""

from __future__ import annotations

from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from .options import db_option
from .render import emit_rows, fail

COLUMNS = ["published", "article_id", "title", "kind", "speaker", "actor", "quote", "rule"]


@click.command("quotes")
@db_option
@click.option(
    "--speaker",
    default=None,
    metavar="NAME|CODE",
    help="An actor code (RUSGOV) or part of the speaker's name.",
)
@click.option("--q", "q", default=None, help="Case-insensitive text to find in the quote.")
@click.option(
    "--kind",
    type=click.Choice(["direct", "indirect", "mixed"]),
    default=None,
    help="Only quotes of this kind.",
)
@click.option(
    "--article",
    "article_id",
    default=None,
    metavar="ID",
    help="Only quotes from this article (id or unique prefix).",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Articles published on or after (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Articles published on or before (YYYY-MM-DD).",
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--format", "out_format", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True
)
def quotes_cmd(
    db: str,
    speaker: str | None,
    q: str | None,
    kind: str | None,
    article_id: str | None,
    since: Any,
    until: Any,
    limit: int,
    offset: int,
    out_format: str,
) -> None:
    """List stored quotes (who said what), newest articles first, with the speaker's actor code.

    \b
    Examples:
      dateline quotes
      dateline quotes --speaker Putin --since 2023-09-01
      dateline quotes --speaker RUSGOV --format jsonl
      dateline quotes --kind direct --q sanctions --format csv > quotes.csv
    """
    try:
        with Store.open(db) as store:
            if article_id is not None:
                full = store.resolve_article_id(article_id)
                if full is None:
                    fail(f"no article with id or unique prefix {article_id!r}", status=1)
                article_id = full
            rows: list[dict[str, Any]] = []
            skip = offset
            # --kind filters after the query, so page until enough rows of that kind are found
            while len(rows) < limit:
                batch = store.quotes(
                    speaker=speaker,
                    q=q,
                    article_id=article_id,
                    since=since.date() if since else None,
                    until=until.date() if until else None,
                    limit=limit,
                    offset=skip,
                )
                rows.extend(r for r in batch if kind is None or r["kind"] == kind)
                skip += len(batch)
                if len(batch) < limit or kind is None:
                    break
            rows = rows[:limit]
    except DatelineError as exc:
        fail(str(exc))
    emit_rows(
        rows, out_format, columns=COLUMNS, flat=_flat, title=f"{len(rows)} quote(s)",
        table_columns=[c for c in COLUMNS if c != "rule"],
    )  # fmt: skip


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    sp = r.get("speaker") or {}
    return {
        "published": r.get("published"),
        "article_id": r.get("article_id"),
        "title": r.get("title"),
        "kind": r.get("kind"),
        "speaker": sp.get("name") or sp.get("text"),
        "actor": sp.get("actor"),
        "quote": r.get("content_text"),
        "rule": r.get("rule"),
    }



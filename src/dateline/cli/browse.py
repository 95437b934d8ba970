"""``dateline articles``, ``dateline show`` and ``dateline summary``: look at what is stored."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.panel import Panel
from rich.text import Text

from ..errors import DatelineError
from ..store import Store
from ..store.read import ArticleFilter
from .options import db_option
from .render import (
    LABEL_STYLES,
    as_dict,
    console_for,
    emit_rows,
    fail,
    highlighted,
    json_default,
    plain,
    rows_table,
    safe,
)


def _open(db: str) -> Store:
    try:
        return Store.open(db)
    except DatelineError as exc:
        fail(str(exc))


@click.command("articles")
@db_option
@click.option("--q", "q", default=None, help="Case-insensitive text to find in the title or body.")
@click.option("--source", default=None, help="Only this outlet/agency.")
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or after (YYYY-MM-DD)."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or before (YYYY-MM-DD)."
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--format", "out_format", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True
)
def articles_cmd(
    db: str,
    q: str | None,
    source: str | None,
    since: Any,
    until: Any,
    limit: int,
    offset: int,
    out_format: str,
) -> None:
    """List stored articles, newest first, with filters.

    \b
    Examples:
      dateline articles
      dateline articles --q sanctions --since 2023-06-01 --format jsonl
    """
    f = ArticleFilter(
        q=q, source=source, since=since.date() if since else None, until=until.date() if until else None
    )
    with _open(db) as store:
        rows = store.articles(f, limit=limit, offset=offset)
    columns = ["id", "published", "source", "title", "format", "origin"]
    shown = [{c: getattr(r, c) for c in columns} for r in rows]
    emit_rows(shown, out_format, columns=columns, title=f"{len(rows)} article(s)")


@click.command("show")
@click.argument("article_id", metavar="ID")
@db_option
@click.option(
    "--format", "out_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show_cmd(article_id: str, db: str, out_format: str) -> None:
    """Show one article (an id or a unique id prefix) with its extracted spans highlighted.

    Text from the article is shown as text: markup and terminal control characters in it are escaped.

    \b
    Examples:
      dateline show 3fa2c1
      dateline show 3fa2c1 --format json
    """
    with _open(db) as store:
        full = store.resolve_article_id(article_id)
        if full is None:
            fail(f"no article with id or unique prefix {article_id!r}", status=1)
        art = store.get_article(full)
    if art is None:
        fail(f"no article {article_id!r}", status=1)
    if out_format == "json":
        sys.stdout.write(json.dumps(as_dict(art), default=json_default, ensure_ascii=True, indent=2) + "\n")
        return
    console = console_for()
    head = Text()
    head.append(safe(art.title or "(no title)"), style="bold")
    meta = [art.byline, art.source, art.published.isoformat() if art.published else "no date", art.url]
    head.append("\n" + safe(" | ".join(str(m) for m in meta if m)), style="dim")
    head.append(f"\nid {art.id}  from {safe(art.origin)}", style="dim")
    console.print(Panel(head))
    spans = [
        (e.start, e.end, LABEL_STYLES.get(e.label, "underline")) for e in art.entities if e.field == "text"
    ]
    console.print(highlighted(art.text, spans))
    for cap in art.captions:
        console.print(
            plain(f"[caption] {cap.text}" + (f" ({cap.credit})" if cap.credit else "")), style="dim"
        )
    legend = Text("\n")
    for label, style in LABEL_STYLES.items():
        legend.append(f" {label} ", style=style)
    console.print(legend)


@click.command("summary")
@db_option
@click.option("--failures", "show_failures", is_flag=True, help="List every recorded failure.")
def summary_cmd(db: str, show_failures: bool) -> None:
    """Counts of what is stored, the most frequent entities, and recorded failures.

    \b
    Examples:
      dateline summary
      dateline summary --failures --db postgresql+psycopg://me@localhost/events
    """
    with _open(db) as store:
        counts = store.counts()
        top = {label: store.top_entities(label=label, limit=8) for label in ("PERSON", "ORG", "GPE")}
        failures = store.failures()
        latest = store.articles(limit=10)
    console = console_for()
    console.print(
        rows_table([{"table": k, "rows": v} for k, v in counts.items()], ["table", "rows"], "stored")
    )
    console.print(
        rows_table([as_dict(r) for r in latest], ["id", "published", "source", "title"], "latest articles")
    )
    for label, rows in top.items():
        if rows:
            console.print(
                rows_table([as_dict(r) for r in rows], ["text", "label", "count", "articles"], f"top {label}")
            )
    if failures:
        shown = [as_dict(r) for r in (failures if show_failures else failures[:10])]
        console.print(
            rows_table(shown, ["origin", "line", "stage", "code", "message"], f"{len(failures)} failure(s)")
        )

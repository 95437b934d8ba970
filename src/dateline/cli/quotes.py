"""``dateline quotes``: stored quotes with their speaker, the speaker's actor and the article."""

from __future__ import annotations

from typing import Any

import click

from ..errors import DatelineError
from ..store import Store
from ..store.read import QUOTE_KINDS, QuoteFilter, QuoteRow
from .events import resolve_article
from .options import date_option, db_option, format_option, page_options
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
@click.option("--actor", default=None, metavar="CODE", help="The speaker's actor code, exactly.")
@click.option("--q", "q", default=None, help="Case-insensitive text to find in the quote.")
@click.option("--kind", type=click.Choice(QUOTE_KINDS), default=None, help="Only quotes of this kind.")
@click.option(
    "--article",
    "article_id",
    default=None,
    metavar="ID",
    help="Only quotes from this article (id or unique prefix).",
)
@date_option("--since", "Articles published on or after (YYYY-MM-DD).")
@date_option("--until", "Articles published on or before (YYYY-MM-DD).")
@page_options
@format_option("table", "jsonl", "csv")
def quotes_cmd(
    db: str, speaker: str | None, actor: str | None, q: str | None, kind: str | None, article_id: str | None,
    since: Any, until: Any, limit: int, offset: int, out_format: str,
) -> None:  # fmt: skip
    """List stored quotes (who said what), newest articles first, with the speaker's actor code.

    The filters are those of the API's /api/quotes.

    \b
    Examples:
      dateline quotes
      dateline quotes --speaker Putin --since 2023-09-01
      dateline quotes --speaker RUSGOV --format jsonl
      dateline quotes --kind direct --q sanctions --format csv > quotes.csv
    """
    try:
        with Store.open(db) as store:
            f = QuoteFilter(
                speaker=speaker, actor=actor, q=q, kind=kind, article_id=resolve_article(store, article_id),
                since=since.date() if since else None, until=until.date() if until else None,
            )  # fmt: skip
            rows = store.quotes(f, limit=limit, offset=offset)
    except DatelineError as exc:
        fail(str(exc))
    emit_rows(
        rows, out_format, columns=COLUMNS, flat=_flat, title=f"{len(rows)} quote(s)",
        table_columns=[c for c in COLUMNS if c != "rule"],
    )  # fmt: skip


def _flat(r: QuoteRow) -> dict[str, Any]:
    sp = r.speaker
    return {
        "published": r.published,
        "article_id": r.article_id,
        "title": r.article_title,
        "kind": r.kind,
        "speaker": (sp.name or sp.text) if sp else None,
        "actor": sp.actor if sp else None,
        "quote": r.content_text,
        "rule": r.rule,
    }

"""Events and quotes over all articles, under one :class:`EventFilter` / :class:`QuoteFilter`."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dateline.store.read.articles import Row, event_rows, quote_row
from dateline.store.read.filters import EventFilter, QuoteFilter, check_page, event_where, quote_where
from dateline.store.read.rows import EventRow, QuoteRow
from dateline.store.schema import articles, events, quotes

#: The evidence sentence, cut in SQL (offsets count code points; so do substr on both backends).
_SENTENCE = sa.func.substr(
    articles.c.text, events.c.sentence_start + 1, events.c.sentence_end - events.c.sentence_start
).label("sentence")


def list_events(conn: sa.Connection, f: EventFilter, *, limit: int, offset: int) -> list[EventRow]:
    """Events matching ``f``, newest event date first (then by article and position), each with its
    actors, its article's title and its evidence sentence."""
    check_page(limit, offset)
    stmt = (
        sa.select(events, articles.c.title.label("article_title"), _SENTENCE)
        .join(articles, articles.c.id == events.c.article_id)
        .where(*event_where(f))
        .order_by(events.c.date.desc().nulls_last(), events.c.article_id, events.c.position)
        .limit(limit)
        .offset(offset)
    )
    rows: list[Row] = list(conn.execute(stmt).mappings())
    return event_rows(conn, rows)


def count_events(conn: sa.Connection, f: EventFilter) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(events).where(*event_where(f))) or 0


def _quotes_from(f: QuoteFilter) -> sa.Select[Any]:
    return (
        sa.select(sa.func.count())
        .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
        .where(*quote_where(f))
    )


def list_quotes(conn: sa.Connection, f: QuoteFilter, *, limit: int, offset: int) -> list[QuoteRow]:
    """Quotes matching ``f`` with their article's id, title and date, newest article first."""
    check_page(limit, offset)
    stmt = (
        sa.select(quotes, articles.c.title.label("article_title"), articles.c.published)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(*quote_where(f))
        .order_by(articles.c.published.desc().nulls_last(), quotes.c.article_id, quotes.c.position)
        .limit(limit)
        .offset(offset)
    )
    return [quote_row(r) for r in conn.execute(stmt).mappings()]


def count_quotes(conn: sa.Connection, f: QuoteFilter) -> int:
    return conn.scalar(_quotes_from(f)) or 0

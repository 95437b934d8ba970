"""Events and quotes over all articles, under one :class:`EventFilter` / :class:`QuoteFilter`."""

from __future__ import annotations

import sqlalchemy as sa

from dateline.store.read.articles import Row, event_rows, quote_row
from dateline.store.read.filters import EventFilter, QuoteFilter, check_page, event_where, quote_where
from dateline.store.read.rows import EventRow, QuoteRow
from dateline.store.schema import articles, events, quotes

#: The evidence sentence, cut in SQL (offsets count code points; so do substr on both backends).
_SENTENCE = sa.func.substr(
    articles.c.text, events.c.sentence_start + 1, events.c.sentence_end - events.c.sentence_start
).label("sentence")


#: The order of the event lists; (article, position) is unique, so the order is total.
_NEWEST_FIRST = (events.c.date.desc().nulls_last(), events.c.article_id, events.c.position)


def list_events(conn: sa.Connection, f: EventFilter, *, limit: int, offset: int) -> list[EventRow]:
    """Events matching ``f``, newest event date first (then by article and position), each with its
    actors, its article's title and its evidence sentence.

    The page's ids are chosen first (in the order of the ``ix_events_recent`` index), and only those
    events are joined with their articles: the evidence sentence is cut from the text of 50 events, not
    of every event that matches."""
    check_page(limit, offset)
    page = (
        sa.select(events.c.id)
        .where(*event_where(f))
        .order_by(*_NEWEST_FIRST)
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )
    stmt = (
        sa.select(events, articles.c.title.label("article_title"), _SENTENCE)
        .select_from(events.join(page, page.c.id == events.c.id))
        .join(articles, articles.c.id == events.c.article_id)
        .order_by(*_NEWEST_FIRST)
    )
    rows: list[Row] = list(conn.execute(stmt).mappings())
    return event_rows(conn, rows)


def count_events(conn: sa.Connection, f: EventFilter) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(events).where(*event_where(f))) or 0


def list_quotes(conn: sa.Connection, f: QuoteFilter, *, limit: int, offset: int) -> list[QuoteRow]:
    """Quotes matching ``f`` with their article's id, title and date, newest article first (then by article
    and position).

    Ordered by the article's columns (``articles.id`` is the quote's ``article_id``), so the database can
    walk the articles newest first (``ix_articles_recent``) and each article's quotes in order
    (``ix_quotes_article``) until the page is full, instead of sorting every quote."""
    check_page(limit, offset)
    stmt = (
        sa.select(quotes, articles.c.title.label("article_title"), articles.c.published)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(*quote_where(f))
        .order_by(articles.c.published.desc().nulls_last(), articles.c.id, quotes.c.position)
        .limit(limit)
        .offset(offset)
    )
    return [quote_row(r) for r in conn.execute(stmt).mappings()]


def count_quotes(conn: sa.Connection, f: QuoteFilter) -> int:
    """How many quotes match ``f`` (the articles are joined only for a date bound)."""
    table: sa.FromClause = quotes
    if f.since is not None or f.until is not None:
        table = quotes.join(articles, articles.c.id == quotes.c.article_id)
    return conn.scalar(sa.select(sa.func.count()).select_from(table).where(*quote_where(f))) or 0

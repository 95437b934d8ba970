"""Listing and filtering: articles, events, quotes, entities, id prefixes; hostile filter values."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.errors import StoreError
from dateline.store import Store
from dateline.store.read import ArticleFilter, EntityCount, EventFilter, QuoteFilter

from .conftest import build_extraction


@pytest.fixture
def filled(store: Store) -> Store:
    """Five articles: two sources, published on 1..4 March and one undated."""
    days = [date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3), date(2024, 3, 4), None]
    for i, day in enumerate(days):
        store.write(build_extraction(i, source="Reuters" if i % 2 == 0 else "AFP", published=day))
    store.write(
        build_extraction(
            99,
            title="Grüße aus Köln: 100% sicher_",
            source="dpa",
            published=date(2024, 2, 1),
            body="ÄÖÜ text.",
        )
    )
    return store


def test_default_listing_newest_first_without_text(filled: Store) -> None:
    rows = filled.articles()
    assert len(rows) == 6
    assert [r.published for r in rows] == [
        date(2024, 3, 4), date(2024, 3, 3), date(2024, 3, 2), date(2024, 3, 1), date(2024, 2, 1), None,
    ]  # fmt: skip
    assert not hasattr(rows[0], "text") and rows[0].id and rows[0].url


def test_filters(filled: Store) -> None:
    assert {r.source for r in filled.articles(ArticleFilter(source="AFP"))} == {"AFP"}
    assert len(filled.articles(ArticleFilter(source="AFP"))) == 2
    assert filled.articles(ArticleFilter(source="afp")) == []
    got = filled.articles(ArticleFilter(since=date(2024, 3, 2), until="2024-03-03"))
    assert [r.published for r in got] == [date(2024, 3, 3), date(2024, 3, 2)]
    assert len(filled.articles(ArticleFilter(q="report 3"))) == 1  # in the text
    assert len(filled.articles(ArticleFilter(q="SHELLING (2)"))) == 1  # in the title, any case
    assert len(filled.articles(ArticleFilter(q="belgorod"))) == 5
    assert [r.source for r in filled.articles(ArticleFilter(q="100%"))] == ["dpa"]
    assert filled.articles(ArticleFilter(q="100%%")) == []
    assert [r.source for r in filled.articles(ArticleFilter(q="sicher_"))] == ["dpa"]
    assert filled.articles(ArticleFilter(q="s_cher")) == []  # _ is literal, not a wildcard
    assert [r.source for r in filled.articles(ArticleFilter(q="grüße"))] == ["dpa"]
    assert filled.count_articles(ArticleFilter(q="belgorod", source="Reuters")) == 3
    assert filled.count_articles() == 6


def test_pagination(filled: Store) -> None:
    everything = [r.id for r in filled.articles(limit=100)]
    pages = [r.id for off in range(0, 6, 2) for r in filled.articles(limit=2, offset=off)]
    assert pages == everything
    assert filled.articles(limit=0) == []
    assert filled.articles(offset=100) == []
    with pytest.raises(StoreError, match="limit"):
        filled.articles(limit=-1)
    with pytest.raises(StoreError, match="offset"):
        filled.articles(offset=-5)
    with pytest.raises(StoreError, match="since"):
        filled.articles(ArticleFilter(since="yesterday"))


@pytest.mark.parametrize(
    "hostile",
    [
        "'; DROP TABLE articles; --",
        '"); DELETE FROM events; --',
        "x' OR '1'='1",
        "%' OR 1=1 --",
        "\\",
        "' UNION SELECT id, text FROM articles --",
    ],
)
def test_injection_looking_filters_change_nothing(filled: Store, hostile: str) -> None:
    before = filled.counts()
    assert filled.articles(ArticleFilter(q=hostile)) == []
    assert filled.articles(ArticleFilter(source=hostile)) == []
    assert filled.events(EventFilter(plover=hostile, cameo=hostile)) == []
    assert filled.quotes(QuoteFilter(actor=hostile)) == [] and filled.quotes(QuoteFilter(q=hostile)) == []
    assert filled.top_entities(label=hostile) == []
    assert filled.failures(run_id=hostile) == []
    assert filled.resolve_article_id(hostile) is None
    assert filled.get_article(hostile) is None
    assert filled.existing_ids([hostile]) == set()
    assert filled.counts() == before
    assert len(filled.articles()) == 6


def test_resolve_article_id(filled: Store) -> None:
    ids = sorted(r.id for r in filled.articles(limit=100))
    first = ids[0]
    assert filled.resolve_article_id(first) == first
    assert filled.resolve_article_id(first.upper()) == first
    unique = next(first[:n] for n in range(1, 17) if sum(i.startswith(first[:n]) for i in ids) == 1)
    assert filled.resolve_article_id(unique) == first
    assert filled.resolve_article_id("") is None
    assert filled.resolve_article_id("zz") is None
    assert filled.match_article_ids("", limit=5) == []
    assert set(filled.match_article_ids(first[:0] or "0")) <= set(ids)
    # an ambiguous prefix resolves to nothing but lists its candidates
    shared = {i[:1] for i in ids}
    for p in shared:
        matches = [i for i in ids if i.startswith(p)]
        assert filled.match_article_ids(p) == matches
        assert filled.resolve_article_id(p) == (matches[0] if len(matches) == 1 else None)


def test_top_entities(filled: Store) -> None:
    top = filled.top_entities()
    assert top[0] == EntityCount(text="Russia", label="GPE", count=10, articles=5)
    persons = filled.top_entities(label="PERSON", limit=5)
    assert persons == [EntityCount(text="Vladimir Putin", label="PERSON", count=5, articles=5)]
    assert len(filled.top_entities(limit=1)) == 1


def test_events_listing(filled: Store) -> None:
    assert len(filled.events(limit=100)) == 10
    accuse = filled.events(EventFilter(plover="ACCUSE"), limit=100)
    assert len(accuse) == 5 and all(e.source[0].code == "RUS" for e in accuse)
    assert len(filled.events(EventFilter(cameo="1"), limit=100)) == 10
    assert len(filled.events(EventFilter(cameo="11"), limit=100)) == 5
    assert len(filled.events(EventFilter(actor="RUSGOV"), limit=100)) == 5
    assert len(filled.events(EventFilter(country="UKR"), limit=100)) == 5
    assert len(filled.events(EventFilter(since="2024-03-03", until="2024-03-03"), limit=100)) == 5
    assert filled.events(EventFilter(since="2024-03-04")) == []
    aid = filled.articles(ArticleFilter(source="AFP"))[0].id
    mine = filled.events(EventFilter(article_id=aid))
    assert {e.article_id for e in mine} == {aid} and len(mine) == 2


def test_quotes_listing(filled: Store) -> None:
    putin = filled.quotes(QuoteFilter(actor="RUSGOV"), limit=100)
    assert len(putin) == 5 and putin[0].speaker is not None and putin[0].speaker.name == "Vladimir Putin"
    assert len(filled.quotes(QuoteFilter(q="WILL RESPOND"), limit=100)) == 5
    assert len(filled.quotes(limit=3)) == 3


def test_counts_cover_every_table(filled: Store) -> None:
    counts = filled.counts()
    assert set(counts) == {
        "articles", "entities", "actors", "events", "event_actors", "quotes", "timexes", "places",
        "failures", "runs", "seen_urls", "story_articles", "article_bands", "linked_events", "event_links",
        "link_settings",
    }  # fmt: skip
    assert counts["articles"] == 6 and counts["events"] == 10
    assert counts["story_articles"] == 6 and counts["event_links"] == 10

"""SQLite's planner statistics: gathered once the database holds enough articles, again when it has doubled."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.store import Store, statistics

from .conftest import build_extraction


def _analyzed(store: Store) -> int | None:
    with store.reader() as conn:
        return statistics.analyzed_articles(conn)


def test_statistics_are_gathered_when_the_articles_double(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statistics, "MIN_ARTICLES", 4)
    with Store.open(tmp_path / "d.db") as store:
        store.write_many([build_extraction(i) for i in range(3)])
        assert _analyzed(store) is None
        store.write(build_extraction(3))
        assert _analyzed(store) == 4
        store.write_many([build_extraction(i) for i in range(4, 7)])
        assert _analyzed(store) == 4
        store.write_many([build_extraction(i) for i in range(3, 8)])  # one new article: 8 in all
        assert _analyzed(store) == 8
    with Store.open(tmp_path / "d.db") as again:  # another store (process) counts what is already there
        again.write_many([build_extraction(i) for i in range(8, 15)])
        assert _analyzed(again) == 8
        again.write(build_extraction(15))
        assert _analyzed(again) == 16
        assert again.count_articles() == 16


def test_a_small_database_gets_no_statistics(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d.db") as store:
        store.write_many([build_extraction(i) for i in range(5)])
        assert _analyzed(store) is None

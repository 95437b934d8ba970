"""``dateline watch``: feeds and pages served from 127.0.0.1 (tests/feedserver.py); nothing reaches the internet.

Most tests run the command in-process with ``--once``; the Ctrl-C tests run the real executable.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dateline.store import Store
from tests.feedserver import FeedServer, news_paragraphs

from .conftest import RunCli

FEEDS = ("/rss.xml", "/atom.xml")
QUICK = ("--delay", "0s", "--timeout", "2s", "-q")


@pytest.fixture
def site() -> Iterator[FeedServer]:
    """An RSS feed and an Atom feed over five pages; the RSS feed repeats one page with tracking
    parameters and another with a fragment, and the Atom feed repeats one of the RSS pages."""
    with FeedServer() as s:
        for i in range(5):
            s.page(f"/news/{i}", f"Council story {i}", news_paragraphs(i), published=f"2024-05-0{i + 1}")
        port = s.base.rsplit(":", 1)[1]
        s.rss("/rss.xml", "Harbour Times", ["/news/0", "/news/1", "/news/2",
                                            "/news/0?utm_source=rss&utm_medium=feed", "/news/1#comments"])  # fmt: skip
        s.atom("/atom.xml", "Valley Post", ["/news/3", "/news/4", f"HTTP://127.0.0.1:{port}/news/2"])
        yield s


def watch(run_cli: RunCli, db: Path, *feeds: str, extra: tuple[str, ...] = QUICK) -> tuple[int, str]:
    result = run_cli("watch", *feeds, "--once", "--db", str(db), *extra)
    return result.exit_code, result.stderr


def seen_rows(db: Path) -> dict[str, tuple[str, int, str | None]]:
    with Store.open(db) as store, store.reader() as conn:
        rows = conn.execute(sa.text("SELECT url, status, attempts, error_code FROM seen_urls")).all()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_items_are_stored_once_and_a_second_run_fetches_no_page(
    run_cli: RunCli, site: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "feeds.db"
    feeds = [site.url(f) for f in FEEDS]
    code, err = watch(run_cli, db, *feeds)
    assert code == 0, err
    assert "poll 1: 2 feed(s), 8 item(s): 5 stored, 0 already present, 0 failed, 3 seen before" in err
    assert "5 page request(s)" in err
    for i in range(5):  # canonical duplicates were fetched once
        assert len(site.hits(f"/news/{i}")) == 1, i
    with Store.open(db) as store:
        arts = {a.title: a for a in store.articles(limit=100)}
        assert set(arts) == {f"Council story {i}" for i in range(5)}
        assert arts["Council story 0"].source == "Harbour Times" and arts["Council story 3"].source == "Valley Post"
        assert str(arts["Council story 0"].published) == "2024-05-01"
        assert {r.status for r in store.runs()} == {"ok"}
    assert {v[0] for v in seen_rows(db).values()} == {"stored"} and len(seen_rows(db)) == 5

    before = len(site.page_hits(FEEDS))
    code, err = watch(run_cli, db, *feeds)
    assert code == 0, err
    assert "0 stored, 0 already present, 0 failed, 8 seen before; 0 page request(s)" in err
    assert len(site.page_hits(FEEDS)) == before  # a restart fetches nothing twice
    assert len(site.hits("/rss.xml")) == 2
    with Store.open(db) as store:
        assert store.count_articles() == 5
        assert [(r.n_articles, r.n_skipped, r.n_failed) for r in store.runs()][0] == (0, 8, 0)


def test_bad_pages_are_recorded_failures_and_the_rest_is_stored(
    run_cli: RunCli, site: FeedServer, tmp_path: Path
) -> None:
    site.page("/slow", "Slow story", news_paragraphs(6), stall=10)
    site.page("/huge", "Huge story", news_paragraphs(7) * 300)
    site.add("/chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    site.add("/empty", b"<html><head><title>Empty</title></head><body><div></div></body></html>")
    bad = ["/missing", "/slow", "/huge", "/chart.png", "/empty"]
    site.rss("/bad.xml", "Mixed Feed", ["/news/0", *bad, "/news/1"])
    db = tmp_path / "bad.db"
    started = time.monotonic()
    code, err = watch(run_cli, db, site.url("/bad.xml"), extra=("--delay", "0s", "--timeout", "0.5s",
                                                                 "--max-bytes", "20000", "-q"))  # fmt: skip
    assert time.monotonic() - started < 20
    assert code == 1, err
    assert "2 stored, 0 already present, 5 failed (1 to retry)" in err
    assert "5 item(s) failed; see `dateline summary --failures`" in err
    with Store.open(db) as store:
        assert store.count_articles() == 2
        failures = {f.origin.rsplit("/", 1)[1]: f for f in store.failures()}
    assert {k: (f.stage, f.code) for k, f in failures.items()} == {
        "missing": ("fetch", "E112"), "slow": ("fetch", "E113"), "huge": ("fetch", "E104"),
        "chart.png": ("fetch", "E114"), "empty": ("parse", "E108"),
    }  # fmt: skip
    assert "HTTP 404" in failures["missing"].message and site.url("/missing") in failures["missing"].message
    assert "timed out" in failures["slow"].message and "attempt 1 of 3" in failures["slow"].message
    assert "image/png" in failures["chart.png"].message and "20000-byte limit" in failures["huge"].message
    rows = seen_rows(db)
    assert rows[site.url("/slow")] == ("retrying", 1, "E113") and rows[site.url("/missing")] == ("failed", 1, "E112")

    summary = run_cli("summary", "--failures", "--db", str(db))
    assert "5 failure(s)" in summary.stdout and "E114" in summary.stdout

    site.routes["/slow"].stall = 0  # the transient failure is retried on the next poll; nothing else is
    before = {p: len(site.hits(p)) for p in bad}
    code, err = watch(run_cli, db, site.url("/bad.xml"))
    assert code == 0, err
    assert "1 stored" in err
    assert {p: len(site.hits(p)) - before[p] for p in bad} == {p: int(p == "/slow") for p in bad}
    assert seen_rows(db)[site.url("/slow")] == ("stored", 2, None)


def test_a_transient_failure_is_given_up_after_three_attempts(
    run_cli: RunCli, site: FeedServer, tmp_path: Path
) -> None:
    site.add("/busy", b"try later", status=503)
    site.rss("/busy.xml", "Busy Feed", ["/busy"])
    db = tmp_path / "busy.db"
    for attempt in (1, 2, 3):
        code, err = watch(run_cli, db, site.url("/busy.xml"))
        assert code == 1 and "HTTP 503 Service Unavailable" in err
        assert seen_rows(db)[site.url("/busy")] == ("retrying" if attempt < 3 else "failed", attempt, "E113")
    with Store.open(db) as store:
        assert "given up" in store.failures()[0].message
    code, err = watch(run_cli, db, site.url("/busy.xml"))
    assert code == 0 and "1 seen before; 0 page request(s)" in err
    assert len(site.hits("/busy")) == 3


def test_feeds_that_fail_are_recorded_and_the_others_go_on(
    run_cli: RunCli, site: FeedServer, tmp_path: Path
) -> None:
    site.page("/front", "Front page", news_paragraphs(8))
    site.add("/garbage.xml", b"\x00\x01 this is not xml <<<", content_type="application/xml")
    db = tmp_path / "feeds.db"
    result = run_cli("watch", site.url("/front"), site.url("/garbage.xml"), site.url("/gone.xml"),
                     site.url("/rss.xml"), "--once", "--db", str(db), "--delay", "0s")  # fmt: skip
    assert result.exit_code == 1
    assert "4 feed(s) (3 failed)" in result.stderr and "3 stored" in result.stderr
    assert f"{site.url('/front')}: E115:" in result.stderr  # failures are listed, not only counted
    with Store.open(db) as store:
        codes = {f.origin: f.code for f in store.failures()}
    assert codes == {site.url("/front"): "E115", site.url("/garbage.xml"): "E115", site.url("/gone.xml"): "E112"}


def test_requests_carry_the_user_agent_and_keep_the_per_host_delay(
    run_cli: RunCli, site: FeedServer, tmp_path: Path
) -> None:
    code, err = watch(run_cli, tmp_path / "ua.db", site.url("/rss.xml"),
                      extra=("--delay", "0.4s", "--contact", "desk@example.org", "-q"))  # fmt: skip
    assert code == 0, err
    hits = site.hits()
    assert len(hits) == 4  # the feed and three pages
    assert all(h.headers["User-Agent"].startswith("Dateline/") for h in hits)
    assert all(h.headers["User-Agent"].endswith("(news event extraction; +desk@example.org)") for h in hits)
    gaps = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
    assert min(gaps) >= 0.38, gaps


def test_output_escapes_untrusted_text(run_cli: RunCli, site: FeedServer, tmp_path: Path) -> None:
    site.rss("/odd.xml", "Odd", ["/missing-[bold]x[/bold]-\x1b[31m"])
    result = run_cli("watch", site.url("/odd.xml"), "--once", "--db", str(tmp_path / "odd.db"), "--delay", "0s")
    assert result.exit_code == 1
    assert "\x1b[31m" not in result.stderr


@pytest.mark.parametrize("bad", [["--every", "10x"], ["--every", "0.5s"], ["--delay", "-1s"], ["--timeout", "abc"]])
def test_usage_errors(run_cli: RunCli, bad: list[str]) -> None:
    result = run_cli("watch", "http://127.0.0.1:9/feed.xml", "--once", *bad)
    assert result.exit_code == 2


def test_watch_on_postgresql(run_cli: RunCli, site: FeedServer, pg_url: str) -> None:
    feeds = [site.url(f) for f in FEEDS]
    result = run_cli("watch", *feeds, "--once", "--db", pg_url, *QUICK)
    assert result.exit_code == 0, result.stderr
    assert "5 stored" in result.stderr
    before = len(site.page_hits(FEEDS))
    result = run_cli("watch", *feeds, "--once", "--db", pg_url, *QUICK)
    assert result.exit_code == 0 and "0 stored" in result.stderr and "0 page request(s)" in result.stderr
    assert len(site.page_hits(FEEDS)) == before
    with Store.open(pg_url) as store:
        assert store.count_articles() == 5 and store.counts()["seen_urls"] == 5


# -- the real executable: Ctrl-C -----------------------------------------------------------------------


def _start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(predicate: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_ctrl_c_between_polls_stops_cleanly(
    site: FeedServer, tmp_path: Path, dateline_command: list[str], subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "loop.db"
    proc = _start([*dateline_command, "watch", site.url("/rss.xml"), "--every", "1s", "--delay", "0s",
                   "--db", str(db)], subprocess_env)  # fmt: skip
    try:
        _wait_for(lambda: len(site.hits("/rss.xml")) >= 2)  # a second poll ran: it is looping
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "poll 1:" in err and "3 stored" in err and "stopped after" in err and "next poll at" in err
    with Store.open(db) as store:
        assert store.count_articles() == 3
        assert {r.status for r in store.runs()} == {"ok"}


def test_ctrl_c_during_a_poll_marks_the_run_interrupted(
    site: FeedServer, tmp_path: Path, dateline_command: list[str], subprocess_env: dict[str, str]
) -> None:
    site.page("/stuck", "Stuck", news_paragraphs(9), stall=60)
    site.rss("/stuck.xml", "Stuck Feed", ["/news/0", "/stuck", "/news/1"])
    db = tmp_path / "stuck.db"
    proc = _start([*dateline_command, "watch", site.url("/stuck.xml"), "--once", "--delay", "0s", "--timeout",
                   "60s", "--db", str(db)], subprocess_env)  # fmt: skip
    try:
        _wait_for(lambda: len(site.hits("/stuck")) == 1)
        proc.send_signal(signal.SIGTERM)  # a service manager's stop: handled like Ctrl-C
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted during poll 1" in err
    with Store.open(db) as store:
        assert [r.status for r in store.runs()] == ["interrupted"]
        stored = {a.id for a in store.articles(limit=10)}
    rows = seen_rows(db)  # nothing half-written: a URL is recorded stored only with its article
    with Store.open(db) as store, store.reader() as conn:
        recorded = {r[0] for r in conn.execute(sa.text("SELECT article_id FROM seen_urls WHERE status = 'stored'"))}
    assert recorded <= stored and site.url("/stuck") not in rows

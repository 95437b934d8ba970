"""The polite fetcher, against a site served on 127.0.0.1 (tests/feedserver.py): limits, manners, errors."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator

import pytest

from dateline.errors import E_HTTP, E_NOT_HTML, E_TOO_LARGE, E_UNAVAILABLE, E_URL
from dateline.ingest.fetch import Fetcher, FetchError, FetchPolicy, user_agent
from tests.feedserver import FeedServer, html_page, news_paragraphs

FAST = FetchPolicy(timeout=2.0, delay=0.0, max_bytes=20_000)


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with FeedServer() as s:
        s.page("/news/1", "Harbour talks resume", news_paragraphs(1))
        yield s


def fetch_error(fetcher: Fetcher, url: str, **kw: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.get(url, **kw)  # type: ignore[arg-type]
    return info.value


def test_a_page_is_fetched_with_an_honest_user_agent(site: FeedServer) -> None:
    resp = Fetcher(FAST).get(site.url("/news/1"), html_only=True)
    assert resp.status == 200 and resp.media_type == "text/html" and b"Harbour talks resume" in resp.body
    assert resp.final_url == resp.url == site.url("/news/1")
    agent = site.hits("/news/1")[0].headers["User-Agent"]
    assert agent.startswith("Dateline/") and "news event extraction" in agent
    assert user_agent("ops@example.org").endswith("(news event extraction; +ops@example.org)")


def test_requests_to_one_host_keep_the_delay(site: FeedServer) -> None:
    fetcher = Fetcher(FetchPolicy(timeout=2.0, delay=0.3))
    for _ in range(3):
        fetcher.get(site.url("/news/1"))
    times = [h.at for h in site.hits("/news/1")]
    assert len(times) == 3 and fetcher.requests == 3
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:], strict=False)), times


def test_the_delay_is_per_host() -> None:
    """Two hosts (127.0.0.1 and localhost name the same server here, but are two hosts to the fetcher)."""
    with FeedServer() as s:
        s.page("/a", "A", news_paragraphs(2))
        port = s.base.rsplit(":", 1)[1]
        fetcher = Fetcher(FetchPolicy(timeout=2.0, delay=1.0))
        started = time.monotonic()
        fetcher.get(f"http://127.0.0.1:{port}/a")
        fetcher.get(f"http://localhost:{port}/a")
        assert time.monotonic() - started < 0.9


def test_a_stalled_page_times_out_as_a_transient_failure(site: FeedServer) -> None:
    site.page("/slow", "Slow", news_paragraphs(3), stall=10)
    started = time.monotonic()
    err = fetch_error(Fetcher(FetchPolicy(timeout=0.3, delay=0)), site.url("/slow"))
    assert time.monotonic() - started < 2
    assert err.code == E_UNAVAILABLE and err.transient and "timed out" in err.reason and "/slow" in err.reason


def test_size_limit_declared_and_undeclared(site: FeedServer) -> None:
    big = html_page("Big", news_paragraphs(4) * 200)
    site.add("/big", big)
    site.add("/big-unsized", big, no_length=True)
    fetcher = Fetcher(FAST)
    err = fetch_error(fetcher, site.url("/big"))
    assert err.code == E_TOO_LARGE and f"{len(big)} bytes, over the 20000-byte limit" in err.reason
    err = fetch_error(fetcher, site.url("/big-unsized"))
    assert err.code == E_TOO_LARGE and not err.transient


def test_a_compressed_body_is_inflated_within_the_limit(site: FeedServer) -> None:
    page = html_page("Zipped", news_paragraphs(5))
    site.add("/zipped", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    assert Fetcher(FAST).get(site.url("/zipped")).body == page
    bomb = gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>")  # small on the wire, 5 MB inflated
    site.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    assert fetch_error(Fetcher(FAST), site.url("/bomb")).code == E_TOO_LARGE


def test_non_html_pages_are_refused(site: FeedServer) -> None:
    site.add("/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    err = fetch_error(Fetcher(FAST), site.url("/report.pdf"), html_only=True)
    assert err.code == E_NOT_HTML and "application/pdf" in err.reason
    assert Fetcher(FAST).get(site.url("/report.pdf")).body.startswith(b"%PDF")  # feeds are not refused by type


def test_http_errors_say_whether_a_retry_may_help(site: FeedServer) -> None:
    site.add("/busy", b"busy", status=503)
    site.add("/slow-down", b"later", status=429)
    site.add("/gone", b"gone", status=410)
    fetcher = Fetcher(FAST)
    missing = fetch_error(fetcher, site.url("/nothing-here"))
    assert missing.code == E_HTTP and not missing.transient and "HTTP 404" in missing.reason
    assert fetch_error(fetcher, site.url("/gone")).code == E_HTTP
    for path in ("/busy", "/slow-down"):
        err = fetch_error(fetcher, site.url(path))
        assert err.code == E_UNAVAILABLE and err.transient


def test_redirects_are_followed_to_a_limit_and_only_to_http(site: FeedServer) -> None:
    site.add("/old", b"", status=301, headers={"Location": "/news/1"})
    resp = Fetcher(FAST).get(site.url("/old"))
    assert resp.final_url == site.url("/news/1") and resp.url == site.url("/old")
    site.add("/loop", b"", status=302, headers={"Location": "/loop"})
    err = fetch_error(Fetcher(FetchPolicy(timeout=2, delay=0, max_redirects=3)), site.url("/loop"))
    assert err.code == E_URL and "more than 3 redirects" in err.reason
    assert len(site.hits("/loop")) == 4
    site.add("/to-file", b"", status=302, headers={"Location": "file:///etc/passwd"})
    err = fetch_error(Fetcher(FAST), site.url("/to-file"))
    assert err.code == E_URL and "only http and https" in err.reason and "redirected from" in err.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "news/1", "http:///nohost"])
def test_only_http_urls_are_fetched(url: str) -> None:
    fetcher = Fetcher(FAST)
    assert fetch_error(fetcher, url).code == E_URL
    assert fetcher.requests == 0


def test_connection_refused_is_transient() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    err = fetch_error(Fetcher(FAST), f"http://127.0.0.1:{port}/feed.xml")
    assert err.code == E_UNAVAILABLE and err.transient and "connection refused" in err.reason


def test_conditional_requests_get_not_modified(site: FeedServer) -> None:
    site.rss("/feed.xml", "Harbour News", ["/news/1"], etag='"v1"')
    fetcher = Fetcher(FAST)
    first = fetcher.get(site.url("/feed.xml"))
    assert first.etag == '"v1"' and not first.not_modified
    again = fetcher.get(site.url("/feed.xml"), etag=first.etag)
    assert again.not_modified and again.body == b""
    assert site.hits("/feed.xml")[1].headers["If-None-Match"] == '"v1"'

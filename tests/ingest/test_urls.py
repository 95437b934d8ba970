"""Canonical URLs: one spelling per page (docs/feeds.md, "Canonical URLs")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest.urls import canonical_url, is_tracking, url_host


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTP://News.Example.COM/World/Story", "http://news.example.com/World/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&utm_campaign=x&page=2", "https://example.com/a?id=7&page=2"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),  # order kept
        ("https://example.com/a?fbclid=abc&gclid=def&q=x", "https://example.com/a?q=x"),
        ("https://example.com/a?UTM_Source=x&MC_CID=1&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?id=1&&", "https://example.com/a?id=1"),
        ("https://example.com/a%2fb?q=%e2%82%ac", "https://example.com/a%2Fb?q=%E2%82%AC"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://user:pw@Example.com:443/a", "https://user:pw@example.com/a"),
        ("http://[::1]:80/a", "http://[::1]/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_canonical_url(given_url: str, expected: str) -> None:
    assert canonical_url(given_url) == expected


def test_tracking_and_fragment_variants_are_one_url() -> None:
    plain = "https://news.example.org/2024/05/story.html?id=12"
    variants = [
        "https://NEWS.example.org:443/2024/05/story.html?id=12#top",
        "https://news.example.org/2024/05/story.html?utm_source=rss&id=12&utm_medium=feed",
        "https://news.example.org/2024/05/story.html?id=12&fbclid=IwAR0abc",
    ]
    assert {canonical_url(v) for v in variants} == {plain}


def test_the_path_keeps_its_case_and_other_urls_pass_through() -> None:
    assert canonical_url("https://example.com/A") != canonical_url("https://example.com/a")
    assert canonical_url(" mailto:desk@example.com ") == "mailto:desk@example.com"
    assert canonical_url("/relative/path") == "/relative/path"
    assert canonical_url("http://example.com:99999/") == "http://example.com:99999/"  # malformed port


def test_is_tracking_and_url_host() -> None:
    assert is_tracking("utm_term") and is_tracking("GCLID") and not is_tracking("utmost")
    assert not is_tracking("id")
    assert url_host("https://News.Example.com:8443/x") == "news.example.com"
    assert url_host("not a url") == ""


_segment = st.text(alphabet="abcXYZ019-_.~%", min_size=0, max_size=8)


@given(
    host=st.sampled_from(["Example.COM", "news.example.org", "127.0.0.1", "[::1]"]),
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    scheme=st.sampled_from(["http", "HTTPS"]),
    path=st.lists(_segment, max_size=3),
    params=st.lists(st.tuples(st.sampled_from(["id", "utm_source", "fbclid", "p", "Q"]), _segment), max_size=4),
    fragment=st.sampled_from(["", "#top", "#"]),
)
def test_canonical_url_is_idempotent(
    host: str, port: str, scheme: str, path: list[str], params: list[tuple[str, str]], fragment: str
) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"{scheme}://{host}{port}/{'/'.join(path)}" + (f"?{query}" if query else "") + fragment
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once and "utm_" not in once and "fbclid" not in once

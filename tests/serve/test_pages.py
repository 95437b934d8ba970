"""The HTML pages: each renders over the hand-made store, filters work, article text is escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.serve.conftest import XSS_TEXT

HTML = {"accept": "text/html"}


@pytest.mark.parametrize(
    "path",
    ["/", "/articles", "/events", "/quotes", "/actors", "/timeline", "/network", "/map",
     "/events?actor=UKR&type=ASSAULT", "/events?dyad=RUS,UKR&since=2023-01-01", "/timeline?actor=UKR&interval=week",
     "/network?type=ASSAULT", "/map?type=ASSAULT", "/quotes?speaker=putin", "/actors?q=rus", "/articles?q=kherson",
     "/articles?page=2&per_page=1"],
)  # fmt: skip
def test_pages_render(client: Any, path: str) -> None:
    resp = client.get(path, headers=HTML)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", resp.text), "no external assets"


def test_dashboard(client: Any) -> None:
    html = client.get("/").text
    assert "Putin and Kim meet at Vostochny" in html
    assert re.search(r"<strong>4</strong> articles", html) and re.search(r"<strong>7</strong> event reports", html)
    assert re.search(r"<strong>\d+</strong> distinct events", html)
    assert "RUSGOV" in html and "PRKGOV" in html  # top dyads


def test_events_page_filters_and_links_to_evidence(client: Any, filled: dict[str, str]) -> None:
    html = client.get("/events", params={"actor": "UKR", "type": "ASSAULT", "count": "mentions"}).text
    rows = re.findall(r'<tr data-event="([0-9a-f]+)">', html)
    assert len(rows) == 2
    assert f'href="/articles/{filled["shelling"]}#event-{rows[0]}"' in html
    assert 'value="UKR"' in html  # the form keeps the filter


def test_events_page_dyad_is_directed_unless_either_direction(client: Any) -> None:
    directed = client.get("/events", params={"dyad": "UKR,RUS", "count": "mentions"}).text
    either = client.get("/events", params={"dyad": "UKR,RUS", "either_direction": "true", "count": "mentions"}).text
    assert directed.count("<tr data-event=") == 1 and either.count("<tr data-event=") == 4
    assert 'name="either_direction" value="true" checked' in either
    assert 'name="either_direction" value="true">' in directed


def test_article_page_highlights(client: Any, filled: dict[str, str]) -> None:
    html = client.get(f"/articles/{filled['summit']}").text
    assert 'class="ent ent-PERSON actor"' in html
    assert re.search(
        r'class="trigger" title="CONSULT 043" data-events="[0-9a-f]+" tabindex="0" role="button" data-sentences=',
        html,
    )
    assert 'class="timex"' in html and 'class="place"' in html and 'class="quote"' in html
    assert "verb:host" in html and "Vostochny cosmodrome, RUS" in html and "0.90" in html
    assert client.get("/articles/zz-top", headers=HTML).status_code == 404


def test_timeline_network_map_content(client: Any) -> None:
    assert 'class="conflict"' in client.get("/timeline", params={"actor": "UKR"}).text
    net = client.get("/network").text
    assert 'data-actor="UKR"' in net and 'class="edge conflict"' in net
    world = client.get("/map").text
    assert world.count('class="land') > 150
    assert "Kherson" in world and 'class="point exact"' in world and 'class="point approx"' in world
    assert "No dated events match" in client.get("/timeline", params={"actor": "NOBODY"}).text


def test_hostile_article_is_shown_as_text(client: Any, filled: dict[str, str]) -> None:
    html = client.get(f"/articles/{filled['hostile']}").text
    body = html.split("<main>", 1)[1]
    assert "<script>alert" not in body and "<img src=x" not in body and '<img src="x"' not in body
    assert not re.search(r"<a [^>]*href=\"?javascript:", body, re.I)
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in body
    assert "onerror=alert(2)&gt;" in body and "&lt;a href=&#34;javascript:alert(3)&#34;&gt;" in body
    assert "&lt;img src=x onerror=alert(5)&gt;" in body  # the rule, shown as text
    assert (
        'class="ent ent-_b_x_b_"' in body and "<b>x</b>" not in body
    )  # a hostile label cannot break out of the class
    assert "javascript:alert(4)" in body and 'href="javascript' not in body  # the URL is not a link
    for page in ("/", "/quotes", "/events", "/articles"):
        text = client.get(page).text.split("<main>", 1)[1]
        assert "<script>alert" not in text and "<img src=x" not in text, page
    assert " in Ankara said " in html and XSS_TEXT.startswith("Officials in Ankara said ")

"""Linked events through the API and the UI (issue 13): counts by default, reports on request, an event page
listing every report with its evidence sentence (escaped), the toggle between distinct events and reports."""

from __future__ import annotations

import re
from dataclasses import replace

from dateline.store import Store
from tests.serve.conftest import XSS_TEXT, hostile, make_client, summit


def _with_copies(db_url: str) -> dict[str, str]:
    """The hand-made articles, a syndicated copy of the summit from another outlet, and a copy of the hostile
    article (its evidence sentence is hostile text)."""
    from tests.serve.conftest import fill

    with Store.open(db_url) as store:
        ids = fill(store)
        s = summit()
        copy = replace(s, article=replace(s.article, source="Yonhap", title="Kim visits Putin (copy)", origin="t:c"))
        h = hostile()
        hcopy = replace(h, article=replace(h.article, source="Mirror", origin="t:h"))
        store.write_many([copy, hcopy])
        ids["copy"] = copy.article.id
    return ids


def test_api_linked_counts_and_reports(db_url: str) -> None:
    ids = _with_copies(db_url)
    with make_client(db_url) as c:
        plain = c.get("/api/events", params={"type": "CONSULT"}).json()
        assert all("article_id" in e for e in plain["items"])  # unchanged without linked=true
        page = c.get("/api/events", params={"linked": "true", "type": "CONSULT", "actor": "PRK"}).json()
        assert page["total"] == 1
        le = page["items"][0]
        assert (le["mentions"], le["articles"], le["stories"], le["sources"]) == (2, 2, 1, 2)
        assert le["reports"] == [] and le["first_article_id"] == ids["summit"]
        full = c.get("/api/events", params={"linked": "true", "reports": "true", "type": "CONSULT", "actor": "PRK"})
        reports = full.json()["items"][0]["reports"]
        assert [r["outlet"] for r in reports] == ["AFP", "Yonhap"] and [r["is_copy"] for r in reports] == [False, True]
        assert reports[1]["copy_of"] == ids["summit"] and reports[1]["how"] in ("rule", "story")
        assert reports[0]["sentence"].startswith("Vladimir Putin hosted Kim Jong Un")
        one = c.get(f"/api/linked-events/{le['id']}").json()
        assert one["id"] == le["id"] and len(one["reports"]) == 2
        assert c.get("/api/linked-events/nothere").status_code == 404
        csv = c.get("/api/events", params={"linked": "true", "format": "csv"})
        assert csv.text.splitlines()[0].startswith("id,date,source,plover") and "stories" in csv.text.splitlines()[0]
        tl = c.get("/api/timeline", params={"linked": "true", "actor": "PRK"}).json()
        mentions = c.get("/api/timeline", params={"actor": "PRK"}).json()
        assert sum(b["total"] for b in tl["buckets"]) * 2 == sum(b["total"] for b in mentions["buckets"])
        net = c.get("/api/network", params={"linked": "true", "actor": "PRK"}).json()
        assert {e["weight"] for e in net["edges"]} == {1}
        assert {e["weight"] for e in c.get("/api/network", params={"actor": "PRK"}).json()["edges"]} == {2}


def test_ui_counts_distinct_events_with_a_toggle_and_an_event_page(db_url: str) -> None:
    _with_copies(db_url)
    with make_client(db_url) as c:
        html = c.get("/events", params={"actor": "PRK"}).text
        linked = re.findall(r'<tr data-linked="([0-9a-f]+)">', html)
        assert len(linked) == 2 and "distinct events</strong>" in html and "count=mentions" in html
        mentions = c.get("/events", params={"actor": "PRK", "count": "mentions"}).text
        assert mentions.count("<tr data-event=") == 4 and 'name="count" value="mentions"' in mentions
        page = c.get(f"/events/{linked[0]}").text
        assert page.count("<tr data-event=") == 2 and "copy of" in page and "<mark>" in page
        assert "Yonhap" in page and "AFP" in page
        assert c.get("/events/zzz", headers={"accept": "text/html"}).status_code == 404
        assert "timeline-chart" in c.get("/timeline", params={"actor": "PRK"}).text
        assert 'id="count-toggle"' in c.get("/network").text


def test_event_page_escapes_the_evidence(db_url: str) -> None:
    _with_copies(db_url)
    with make_client(db_url) as c:
        le = c.get("/api/events", params={"linked": "true", "type": "PROTEST"}).json()["items"][0]
        body = c.get(f"/events/{le['id']}").text.split("<main>", 1)[1]
        assert "<img src=x" not in body and "<script>" not in body
        assert "&lt;img src=x onerror=alert(2)&gt;" in body
        assert XSS_TEXT.split("\n\n")[1][:20].replace("<", "&lt;") in body
        assert 'href="javascript' not in body

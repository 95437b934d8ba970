"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against a live server over a
store filled from the example articles plus the hand-made extractions (which carry events, quotes and
places before the extraction layers land). Screenshots go to ``$DATELINE_ARTIFACTS`` or
``tests/serve/artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.serve.conftest import fill, live_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _artifacts() -> Path:
    path = Path(os.environ.get("DATELINE_ARTIFACTS") or Path(__file__).parent / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A live server on 127.0.0.1 over the example articles and the hand-made ones."""
    from click.testing import CliRunner

    from dateline.cli import cli
    from dateline.serve import Settings, create_app
    from dateline.store import Store

    db = tmp_path_factory.mktemp("browser") / "examples.db"
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", str(db), "-q"],
                                env={"HF_HUB_OFFLINE": "1", "DATELINE_DB": None})  # fmt: skip
    assert result.exit_code in (0, 1), result.output  # 1: some example failed; the rest are stored
    with Store.open(db) as store:
        ids = fill(store)
        n_articles = store.count_articles()
    with live_server(create_app(Settings(db=str(db)))) as url:
        yield {"url": url, "ids": ids, "n_articles": n_articles}


@pytest.fixture
def page(browser: Any, site: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # console errors (e.g. CSP violations) and dialogs
    pg.on(
        "console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))

    def on_dialog(d: Any) -> None:
        pg.problems.append(f"dialog: {d.message}")
        d.dismiss()

    pg.on("dialog", on_dialog)
    try:
        yield pg
    finally:
        context.close()


def _shot(pg: Any, name: str) -> None:
    pg.screenshot(path=str(_artifacts() / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("path", "selector"),
    [("/", "#latest"), ("/articles", "#articles"), ("/events", "#events"), ("/quotes", "#quotes"),
     ("/actors", "#actors"), ("/timeline", "#timeline-chart"), ("/network", "#network-chart"), ("/map", "#world-map"),
     ("/docs", ".swagger-ui .info")],
)  # fmt: skip
def test_each_page_opens(page: Any, site: dict[str, Any], path: str, selector: str) -> None:
    resp = page.goto(site["url"] + path)
    assert resp.status == 200
    page.wait_for_selector(selector, timeout=15000)
    _shot(page, "page" + (path.replace("/", "-") if path != "/" else "-dashboard"))
    assert page.problems == []


def test_dashboard_counts_the_examples(page: Any, site: dict[str, Any]) -> None:
    page.goto(site["url"] + "/")
    assert page.locator(".count strong").first.inner_text() == str(site["n_articles"])
    assert site["n_articles"] >= 20


def test_filter_events_open_evidence(page: Any, site: dict[str, Any]) -> None:
    page.goto(site["url"] + "/events?count=mentions")  # every report (the default lists distinct events)
    page.fill("input[name=actor]", "UKR")
    page.fill("input[name=type]", "ASSAULT")
    page.click("form.filters button")
    page.wait_for_url(re.compile(r"actor=UKR"))
    rows = page.locator("#events tbody tr[data-event]")
    assert rows.count() == 3  # + "an attack damaged the road bridge" (imported verbs)
    _shot(page, "events-filtered")
    event_id = rows.first.get_attribute("data-event")
    rows.first.locator("a.evidence-link").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+#event-"))
    card = page.locator(f"#event-{event_id}")
    assert "active" in (card.get_attribute("class") or "")
    trigger = page.locator(".evidence-trigger")
    assert trigger.count() >= 1 and trigger.first.inner_text() in ("shelling", "struck")
    assert page.locator("#article-text .evidence").count() >= 1
    assert "ASSAULT" in card.inner_text() and "Kherson" in card.inner_text()
    _shot(page, "article-evidence")
    assert page.problems == []


def test_open_example_article_and_click_an_event(page: Any, site: dict[str, Any]) -> None:
    page.goto(site["url"] + "/articles?q=Vostochny")
    page.locator("#articles tbody a").first.click()
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text .ent").count() > 5  # spaCy entities of a real example article
    _shot(page, "article-example")
    page.goto(f"{site['url']}/articles/{site['ids']['summit']}")
    page.locator("#article-text .trigger").first.click()
    card = page.locator(".event-card.active")
    card.wait_for()
    detail = card.locator(".event-detail")
    assert detail.is_visible()
    text = detail.inner_text()
    for expected in (
        "CONSULT",
        "043",
        "RUSGOV",
        "PRKGOV",
        "2023-09-13",
        "Vostochny cosmodrome",
        "asserted",
        "0.90",
        "verb:host",
    ):
        assert expected in text, expected
    evidence = page.locator("#article-text .evidence")
    assert evidence.count() >= 1 and "Vladimir Putin" in " ".join(evidence.all_inner_texts())
    assert page.url.endswith("#event-" + (card.get_attribute("data-event") or ""))
    _shot(page, "article-event-clicked")
    assert page.problems == []


def test_hostile_article_is_inert(page: Any, site: dict[str, Any]) -> None:
    page.goto(f"{site['url']}/articles/{site['ids']['hostile']}")
    page.wait_for_selector("#article-text")
    page.wait_for_timeout(300)
    text = page.locator("#article-text").inner_text()
    assert '<script>alert("xss")</script>' in text
    assert "<img src=x onerror=alert(2)>" in text and '<a href="javascript:alert(3)">click here</a>' in text
    assert page.locator("#article-title").inner_text().startswith('<img src=x onerror="alert(1)">')
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.locator("#article-text .trigger").first.click()
    assert "<img src=x onerror=alert(5)>" in page.locator(".event-card.active").inner_text()
    _shot(page, "article-hostile")
    for path in ("/", "/quotes", "/events", "/articles", "/map"):
        page.goto(site["url"] + path)
    assert page.problems == [], "no script from article data may run"

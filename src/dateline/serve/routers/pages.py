"""The web UI: server-rendered pages over the same queries as the API (Jinja2, autoescaped)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from dateline.serve import charts, highlight
from dateline.serve.deps import PageDep, StoreDep
from dateline.serve.errors import ApiError
from dateline.serve.filters import event_filter, parse_date
from dateline.serve.routers.articles import find_article
from dateline.serve.schemas import plain, plain_all
from dateline.serve.worldmap import load_world
from dateline.store.read import ActorFilter, ArticleFilter, EventFilter, PlaceFilter, QuoteFilter

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=200)]
#: What the events, timeline and network pages count: distinct linked events (default) or every report.
Count = Annotated[Literal["events", "mentions"], Query()]


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    context.setdefault("query", params)
    context.setdefault("qs_without_page", urlencode(params))
    return templates.TemplateResponse(request, name, context)  # type: ignore[no-any-return]


def _form(f: EventFilter, count: str = "") -> dict[str, str]:
    """The filter as form values (for re-filling the filter forms); ``count`` is kept in a hidden field."""
    return {
        "count": "" if count == "events" else count,
        "actor": f.actor or "", "source": f.source or "", "target": f.target or "",
        "dyad": ",".join(f.dyad) if f.dyad else "", "either_direction": "true" if f.either_direction else "",
        "country": f.country or "", "type": f.plover or "",
        "cameo": f.cameo or "", "since": f.since.isoformat() if f.since else "",
        "until": f.until.isoformat() if f.until else "", "place": f.place or "", "modality": f.modality or "",
    }  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: StoreDep) -> HTMLResponse:
    counts = store.counts()
    counts["distinct_events"] = counts.get("linked_events", 0)
    _, n_actors = store.actors(limit=0)
    _, n_places = store.places(limit=0)
    return _render(
        request, "index.html", counts=counts, n_actors=n_actors, n_places=n_places,
        latest=store.articles(limit=10), dyads=store.top_dyads(limit=10),
        top_entities=store.top_entities(limit=10),
    )  # fmt: skip


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request, store: StoreDep, page: PageDep, q: Text = None, source: Text = None,
    since: Annotated[str | None, Query(max_length=10)] = None, until: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:  # fmt: skip
    f = ArticleFilter(q=q, source=source, since=parse_date("since", since), until=parse_date("until", until))
    items = store.articles(f, limit=page.limit, offset=page.offset)
    return _render(request, "articles.html", result=page.envelope(items, store.count_articles(f)),
                   sources=store.sources())  # fmt: skip


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, store: StoreDep, article_id: Annotated[str, Path(max_length=100)]
) -> HTMLResponse:
    if not article_id.isalnum():
        raise ApiError(404, f"no article with id {article_id!r}")
    art = find_article(store, article_id.lower())
    return _render(request, "article.html", article=art, paragraphs=highlight.paragraphs(art),
                   labels=sorted({highlight.css_name(e.label) for e in art.entities}))  # fmt: skip


def _toggle(request: Request, count: str) -> dict[str, str]:
    """Query strings of this page counting distinct events and counting every report."""
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "count") and v}
    return {"count": count, "events": urlencode(params), "mentions": urlencode({**params, "count": "mentions"})}


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, store: StoreDep, page: PageDep, f: Annotated[EventFilter, Depends(event_filter)],
    count: Count = "events",
) -> HTMLResponse:  # fmt: skip
    toggle = _toggle(request, count)
    if count == "mentions":
        items = store.events(f, limit=page.limit, offset=page.offset)
        return _render(request, "events.html", result=page.envelope(items, store.count_events(f)), form=_form(f, count),
                       toggle=toggle, linked=False)  # fmt: skip
    found = store.linked_events(f, limit=page.limit, offset=page.offset)
    unlinked = store.count_events(f) if not found and page.offset == 0 else 0
    return _render(request, "events.html", result=page.envelope(found, store.count_linked_events(f)),
                   form=_form(f, count), toggle=toggle, linked=True, unlinked=unlinked)  # fmt: skip


@router.get("/events/{linked_id}", response_class=HTMLResponse)
def linked_event_page(
    request: Request, store: StoreDep, linked_id: Annotated[str, Path(max_length=100)]
) -> HTMLResponse:
    """One event and every report of it, each with its evidence sentence (the trigger marked)."""
    found = store.get_linked_event(linked_id.lower()) if linked_id.isalnum() else None
    if found is None:
        raise ApiError(404, f"no linked event with id {linked_id!r}")
    reports = []
    for m in found.reports:
        e = m.event
        sentence = e.sentence or ""
        a, b = e.trigger_start - e.sentence_start, e.trigger_end - e.sentence_start
        if not (0 <= a <= b <= len(sentence)):
            a = b = 0
        reports.append({"m": m, "before": sentence[:a], "trigger": sentence[a:b], "after": sentence[b:]})
    return _render(request, "linked_event.html", le=found, reports=reports)


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request, store: StoreDep, page: PageDep, speaker: Text = None, actor: Text = None, q: Text = None
) -> HTMLResponse:
    f = QuoteFilter(speaker=speaker, actor=actor, q=q)
    items = store.quotes(f, limit=page.limit, offset=page.offset)
    return _render(request, "quotes.html", result=page.envelope(items, store.count_quotes(f)))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, store: StoreDep, page: PageDep, q: Text = None, country: Text = None
) -> HTMLResponse:
    items, total = store.actors(ActorFilter(q=q, country=country), limit=page.limit, offset=page.offset)
    return _render(request, "actors.html", result=page.envelope(items, total))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    store: StoreDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    interval: Literal["day", "week", "month", "year"] = "month",
    count: Count = "events",
) -> HTMLResponse:
    data = plain(store.timeline(f, interval=interval, fill=True, linked=count == "events"))
    return _render(request, "timeline.html", data=data, chart=charts.timeline_bars(data), form=_form(f, count),
                   interval=interval, toggle=_toggle(request, count))  # fmt: skip


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request, store: StoreDep, f: Annotated[EventFilter, Depends(event_filter)],
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1, count: Count = "events",
) -> HTMLResponse:  # fmt: skip
    net = plain(store.network(f, min_weight=min_weight, limit=150, linked=count == "events"))
    return _render(
        request, "network.html", net=charts.network_layout(net), form=_form(f, count), min_weight=min_weight,
        toggle=_toggle(request, count),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request, store: StoreDep, f: Annotated[EventFilter, Depends(event_filter)]
) -> HTMLResponse:
    places = plain_all(store.places(PlaceFilter(), limit=5000)[0])
    if f != EventFilter():
        # event locations of the filtered events only
        by_loc: dict[tuple[str, str | None], dict[str, Any]] = {}
        for e in store.events(f, limit=5000):
            if loc := e.location:
                row = by_loc.setdefault((loc.name, loc.country), {
                    "name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon,
                    "mentions": 0, "articles": 0, "events": 0})  # fmt: skip
                row["events"] += 1
        places = list(by_loc.values())
    points = charts.map_points(places)
    active = {p["country"] for p in points if p.get("country")}
    return _render(request, "map.html", countries=load_world(), points=points, active=active, form=_form(f),
                   unplaced=len(places) - len(points))  # fmt: skip

"""A news site on 127.0.0.1 for the feed tests: an HTTP server in a thread (ephemeral port) serving feeds and
pages from a table of routes, and recording every request (path, time, headers). Nothing reaches the internet.

    with FeedServer() as site:
        site.page("/news/1", "Title", ["Paragraph one.", "Paragraph two."])
        site.rss("/feed.xml", "Example News", ["/news/1"])
        ...  # site.url("/feed.xml"), site.hits("/news/1"), site.requests

The news text is invented here (places and people from a fixed list), never copied from anywhere.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering (cut short when the server stops)
    etag: str | None = None
    no_length: bool = False  # no Content-Length: the body ends when the connection closes


@dataclass(frozen=True)
class Hit:
    path: str  # with the query
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]


_PLACES = ["Lisbon", "Nairobi", "Oslo", "Santiago", "Hanoi", "Accra", "Lima", "Warsaw", "Ottawa", "Cairo"]
_PEOPLE = ["Ana Lobo", "Peter Mwangi", "Ingrid Dahl", "Tomas Reyes", "Linh Tran", "Kofi Asante"]
_TOPICS = ["port workers' pay", "a new tram line", "river flooding", "school meals", "wind farm permits",
           "the fishing season", "bus fares", "a library budget"]  # fmt: skip


def news_paragraphs(n: int) -> list[str]:
    """Three invented paragraphs of local news, different for each ``n``."""
    place, other = _PLACES[n % len(_PLACES)], _PLACES[(n + 3) % len(_PLACES)]
    person, topic = _PEOPLE[n % len(_PEOPLE)], _TOPICS[n % len(_TOPICS)]
    return [
        f"Officials in {place} said on Tuesday that talks with unions over {topic} would resume next week, "
        f"after a pause of nearly a month (report number {n}).",
        f'"We want an agreement before the summer," the city\'s deputy mayor, {person}, told reporters '
        f"outside the town hall. Delegates from {other} are expected to attend as observers.",
        f"The council in {place} will publish its proposals on Friday. Residents can comment on them for "
        f"two weeks, and a final vote is planned for the autumn session.",
    ]


def html_page(title: str, paragraphs: list[str], published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{meta}</head>"
        f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    ).encode()


def rss_feed(title: str, items: list[tuple[str, str, datetime | None]]) -> bytes:
    """RSS 2.0 with ``(link, title, date)`` items."""
    parts = []
    for link, item_title, when in items:
        date = f"<pubDate>{format_datetime(when)}</pubDate>" if when else ""
        parts.append(f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>{date}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


def atom_feed(title: str, items: list[tuple[str, str, datetime | None]]) -> bytes:
    """Atom 1.0 with ``(link, title, date)`` entries."""
    parts = []
    for i, (link, item_title, when) in enumerate(items):
        stamp = (when or datetime(2024, 5, 1, tzinfo=UTC)).isoformat()
        parts.append(
            f"<entry><title>{escape(item_title)}</title><link href=\"{escape(link)}\"/>"
            f"<id>urn:test:{i}</id><updated>{stamp}</updated></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:feed</id><updated>2024-05-01T00:00:00Z</updated>"
        f"{''.join(parts)}</feed>"
    ).encode()


class FeedServer:
    """Serves ``routes`` (by path, the query ignored) on 127.0.0.1; records every request in ``requests``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Hit] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)  # fmt: skip

    # -- content --------------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes, **kw: object) -> str:
        self.routes[path] = Route(body=body, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def page(self, path: str, title: str, paragraphs: list[str], published: str | None = None, **kw: object) -> str:
        return self.add(path, html_page(title, paragraphs, published), **kw)

    def rss(self, path: str, title: str, links: list[str], **kw: object) -> str:
        """An RSS feed of ``links`` (paths or URLs), titled ``Item <n>``, dated 1 May 2024 + n hours."""
        items = [(self._abs(link), f"Item {i}", datetime(2024, 5, 1, i % 24, tzinfo=UTC)) for i, link in enumerate(links)]
        return self.add(path, rss_feed(title, items), content_type="application/rss+xml", **kw)

    def atom(self, path: str, title: str, links: list[str], **kw: object) -> str:
        items = [(self._abs(link), f"Entry {i}", None) for i, link in enumerate(links)]
        return self.add(path, atom_feed(title, items), content_type="application/atom+xml", **kw)

    def _abs(self, link: str) -> str:
        return link if "://" in link else self.url(link)

    # -- what was asked -------------------------------------------------------------------------------

    def hits(self, path: str | None = None) -> list[Hit]:
        """Requests (to ``path``, query ignored), in arrival order."""
        with self._lock:
            return [h for h in self.requests if path is None or urlsplit(h.path).path == path]

    def page_hits(self, feeds: tuple[str, ...] = ()) -> list[Hit]:
        """Requests for anything but the given feed paths."""
        return [h for h in self.hits() if urlsplit(h.path).path not in feeds]

    # -- running --------------------------------------------------------------------------------------

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                with site._lock:
                    site.requests.append(Hit(self.path, time.monotonic(), dict(self.headers.items())))
                route = site.routes.get(urlsplit(self.path).path)
                if route is None:
                    self._answer(404, b"<html><body><p>Not found</p></body></html>", "text/html", {})
                    return
                if route.stall and site._stop.wait(route.stall):
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._answer(304, b"", None, headers)
                        return
                if route.no_length:
                    headers["Connection"] = "close"
                    self.close_connection = True
                self._answer(route.status, route.body, route.content_type, headers, length=not route.no_length)

            def _answer(
                self, status: int, body: bytes, ctype: str | None, headers: dict[str, str], length: bool = True
            ) -> None:
                try:
                    self.send_response(status)
                    if ctype:
                        self.send_header("Content-Type", ctype)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if status != 304 and length and "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except OSError:  # the client gave up (a timeout test)
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

"""Polite HTTP fetching for feeds and their pages (stdlib ``urllib``; no other client).

``Fetcher(policy).get(url)`` returns a ``Response`` or raises ``FetchError`` (an ``IngestError`` with a stable
code and ``transient`` telling whether a later retry may succeed). What ``FetchPolicy`` sets, for every
request, feeds and pages alike:

- only ``http``/``https`` URLs, on every hop; redirects (301, 302, 303, 307, 308) are followed by hand, at most
  ``max_redirects`` of them, each hop subject to the same rules (E116 otherwise);
- ``timeout``: no network wait (connecting, each read) lasts longer, and reading a body stops once
  ``timeout`` seconds have passed since the request began (a page that dribbles bytes is cut off; E113);
- ``max_bytes``: a declared ``Content-Length`` over the limit is refused before the body is read, and a body
  is never read (or decompressed) past the limit (E104);
- ``delay``: at least this many seconds between the end of one request to a host and the start of the next
  to the same host (``host:port``);
- an honest ``User-Agent`` (``user_agent()``: ``Dateline/<version> (news event extraction; ...)``), with a
  contact when one is given;
- ``html_only``: a page whose declared content type is not HTML is refused before its body is read (E114).

HTTP errors: 5xx, 408 and 429 are *transient* (E113: the caller retries later), other 4xx are not (E112).
Conditional requests: ``etag``/``last_modified`` are sent as ``If-None-Match``/``If-Modified-Since``; a
``304`` comes back as a ``Response`` with ``not_modified`` set and no body.
"""

from __future__ import annotations

import http.client
import logging
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from dateline.errors import E_HTTP, E_NOT_HTML, E_TOO_LARGE, E_UNAVAILABLE, E_URL, IngestError
from dateline.ingest.decode import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ACCEPT_FEED = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
_REDIRECTS = frozenset((301, 302, 303, 307, 308))
_TRANSIENT = frozenset((408, 429))
_CHUNK = 65536
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def user_agent(contact: str | None = None) -> str:
    """``Dateline/<version> (news event extraction; +<contact>)``: who is asking, and why."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("dateline")
    except PackageNotFoundError:
        ours = "0.0.0"
    extra = f"; +{contact.strip()}" if contact and contact.strip() else ""
    return f"Dateline/{ours} (news event extraction{extra})"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """Limits and manners applied to every request (see the module doc)."""

    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    delay: float = 1.0
    user_agent: str = field(default_factory=user_agent)
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Response:
    """A successful answer: ``body`` (decompressed) from ``final_url``; for a 304, ``not_modified`` and no body."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def media_type(self) -> str:
        """The content type without parameters, lowercased (``text/html``)."""
        return self.content_type.split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of the content type, if any."""
        m = _CHARSET.search(self.content_type)
        return m[1] if m else None


class FetchError(IngestError):
    """A request that gave no usable answer; ``transient`` when a later retry may succeed."""

    def __init__(self, message: str, *, code: str, url: str, transient: bool = False) -> None:
        super().__init__(message, code=code)
        self.url = url
        self.transient = transient


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to the caller, which follows it under its own rules."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Fetcher:
    """Fetches URLs under a ``FetchPolicy``, remembering when it last spoke to each host.

    ``requests`` counts the HTTP requests made (each redirect hop is one). Not thread-safe: one fetcher per
    polling loop.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.requests = 0
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_NoRedirect())

    def get(
        self,
        url: str,
        *,
        accept: str = ACCEPT_HTML,
        html_only: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """GET ``url`` following redirects; a ``Response`` (200-299 or 304) or ``FetchError``."""
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            host = _check_url(current, url)
            headers = {"User-Agent": self.policy.user_agent, "Accept": accept, "Accept-Encoding": "gzip"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            self._wait(host)
            try:
                answer = self._request(current, headers, html_only=html_only)
            finally:
                self._last[host] = self._clock()
            if isinstance(answer, str):
                log.debug("%s redirects to %s", current, answer)
                current = answer
                continue
            status, ctype, body, got = answer
            return Response(url=url, final_url=current, status=status, content_type=ctype, body=body,
                            etag=got.get("ETag"), last_modified=got.get("Last-Modified"))  # fmt: skip
        raise FetchError(f"{url}: more than {self.policy.max_redirects} redirects", code=E_URL, url=url)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            gap = last + self.policy.delay - self._clock()
            if gap > 0:
                self._sleep(gap)

    def _request(
        self, url: str, headers: dict[str, str], *, html_only: bool
    ) -> str | tuple[int, str, bytes, Any]:
        """One HTTP exchange: the redirect target, or (status, content type, body, headers)."""
        deadline = self._clock() + self.policy.timeout
        self.requests += 1
        req = urllib.request.Request(url, headers=headers, method="GET")
        try:
            resp: Any = self._opener.open(req, timeout=self.policy.timeout)
        except urllib.error.HTTPError as exc:
            resp = exc
        except Exception as exc:  # noqa: BLE001 - every way a connection fails is this URL's failure
            raise _connection_error(url, exc, self.policy.timeout) from None
        try:
            status = int(getattr(resp, "status", None) or resp.code)
            got = resp.headers
            if status in _REDIRECTS:
                location = (got.get("Location") or "").strip()
                if not location:
                    raise FetchError(f"{url}: HTTP {status} redirect without a Location", code=E_HTTP, url=url)
                return urljoin(url, location)
            if status == 304:
                return status, got.get("Content-Type") or "", b"", got
            if status >= 400 or status < 200:
                transient = status >= 500 or status in _TRANSIENT
                reason = f"HTTP {status} {getattr(resp, 'reason', '') or ''}".strip()
                raise FetchError(f"{url}: {reason}", code=E_UNAVAILABLE if transient else E_HTTP, url=url,
                                 transient=transient)  # fmt: skip
            ctype = got.get("Content-Type") or ""
            media = ctype.split(";")[0].strip().lower()
            if html_only and media and media not in HTML_TYPES:
                raise FetchError(f"{url}: not an HTML page (Content-Type {media})", code=E_NOT_HTML, url=url)
            body = self._body(resp, url, deadline)
            return status, ctype, body, got
        finally:
            resp.close()

    def _body(self, resp: Any, url: str, deadline: float) -> bytes:
        limit = self.policy.max_bytes
        declared = (resp.headers.get("Content-Length") or "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url}: {declared} bytes, over the {limit}-byte limit", code=E_TOO_LARGE, url=url)
        encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
        inflate = _decompressor(encoding, url)
        chunks: list[bytes] = []
        size = 0
        read = getattr(resp, "read1", resp.read)  # read1: whatever arrived, so the deadline is checked often
        try:
            while True:
                if self._clock() > deadline:
                    raise FetchError(f"{url}: timed out after {self.policy.timeout:g}s reading the body",
                                     code=E_UNAVAILABLE, url=url, transient=True)  # fmt: skip
                raw = read(_CHUNK)
                if not raw:
                    break
                data = inflate.decompress(raw, limit + 1 - size) if inflate else raw
                size += len(data)
                if size > limit:
                    raise FetchError(f"{url}: over the {limit}-byte limit", code=E_TOO_LARGE, url=url)
                chunks.append(data)
        except FetchError:
            raise
        except zlib.error as exc:
            raise FetchError(f"{url}: corrupt {encoding} body: {exc}", code=E_UNAVAILABLE, url=url,
                             transient=True) from None  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - a connection dropped or timed out mid-body
            raise _connection_error(url, exc, self.policy.timeout) from None
        return b"".join(chunks)


def _check_url(url: str, asked: str) -> str:
    """The ``host:port`` of an http(s) URL; ``FetchError`` (E116) for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url}: malformed URL ({exc})", code=E_URL, url=asked) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"a {scheme}: URL" if scheme else "not an absolute URL"
        hop = "" if url == asked else f" (redirected from {asked})"
        raise FetchError(f"{url}: refused, {what}; only http and https are fetched{hop}", code=E_URL, url=asked)
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL", code=E_URL, url=asked)
    return f"{parts.hostname.lower()}:{port or (443 if scheme == 'https' else 80)}"


def _decompressor(encoding: str, url: str) -> Any:
    if encoding in ("identity", ""):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(f"{url}: unsupported Content-Encoding {encoding!r}", code=E_HTTP, url=url)


def _connection_error(url: str, exc: BaseException, timeout: float) -> FetchError:
    """A failure to connect, or a connection that broke or stalled: transient, except a bad certificate."""
    reason = getattr(exc, "reason", exc) if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ssl.SSLCertVerificationError):
        return FetchError(f"{url}: TLS certificate rejected: {reason.verify_message or reason}", code=E_URL,
                          url=url)  # fmt: skip
    if isinstance(reason, http.client.InvalidURL | ValueError):
        return FetchError(f"{url}: malformed URL ({reason})", code=E_URL, url=url)
    if isinstance(reason, TimeoutError | socket.timeout):
        what = f"timed out (no answer within {timeout:g}s)"
    elif isinstance(reason, socket.gaierror):
        what = f"host not found ({reason.strerror or reason})"
    elif isinstance(reason, ConnectionRefusedError):
        what = "connection refused"
    elif isinstance(reason, OSError) and reason.strerror:
        what = f"connection failed ({reason.strerror})"
    else:
        what = f"connection failed ({type(reason).__name__}: {reason})"
    return FetchError(f"{url}: {what}", code=E_UNAVAILABLE, url=url, transient=True)

"""What every response carries and what no request may carry: the security headers (on errors too),
the characters refused in a request's path and query string, and trailing-slash redirects built from the
path alone (never from the request's ``Host``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.requests import Request
from starlette.routing import Match
from starlette.types import Scope

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (bundled) sets some styles inline.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every response gets: a CSP without inline scripts, nosniff, no framing, no referrer."""
    return [
        (b"content-security-policy", (CSP_DOCS if path in ("/docs", "/docs/") else CSP).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]


def with_security_headers(headers: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    """``headers`` plus the security headers it does not have yet."""
    have = {name.lower() for name, _ in headers}
    return [*headers, *(h for h in security_headers(path) if h[0] not in have)]


def refused_characters(scope: Scope) -> str | None:
    """Why the request's path or query string is refused, or ``None``: a NUL or another control character
    (tab, line feed and carriage return excepted) once percent-decoded. A database cannot compare with a
    NUL (PostgreSQL refuses it, SQLite cuts the string there) and no filter value needs the others."""
    path = scope.get("path", "")
    m = _CONTROL.search(path)
    if m is not None:
        return f"control character U+{ord(m[0]):04X} in the path"
    query = scope.get("query_string", b"")
    if query and _CONTROL_BYTES.search(unquote_to_bytes(query.replace(b"+", b" "))):
        for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True, errors="replace"):
            m = _CONTROL.search(value) or _CONTROL.search(name)
            if m is not None:
                return f"{_CONTROL.sub('?', name)[:100]}: control character U+{ord(m[0]):04X} in a query parameter"
        return "control character in the query string"
    return None


def slash_redirect(request: Request) -> str | None:
    """For a path that matches no route: the same path with its trailing slash added or removed, if that
    matches one, as a relative URL (path and query). ``None`` otherwise, and for paths that would read as
    another host (``//host``, backslashes)."""
    path = request.scope.get("path", "")
    if path in ("", "/") or path.startswith("//") or "\\" in path:
        return None
    other = path.rstrip("/") if path.endswith("/") else path + "/"
    if not other or other.startswith("//"):
        return None
    scope = {**request.scope, "path": other}
    for route in request.app.router.routes:
        match, _ = route.matches(scope)
        if match is not Match.NONE:
            query = request.scope.get("query_string", b"").decode("latin-1")
            return other + ("?" + query if query else "")
    return None

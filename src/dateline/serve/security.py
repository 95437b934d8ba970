"""What every response carries and what no request may carry: the security headers (on errors too) and
the characters refused in a request's path and query string."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote_to_bytes

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

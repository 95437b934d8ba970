"""Canonical URLs: one spelling per page, so a page announced twice (or with tracking parameters) is one item.

``canonical_url`` keeps what names the page and drops what does not:

- the scheme and host are lowercased (``HTTPS://News.Example.COM`` -> ``https://news.example.com``), a
  trailing dot of the host is removed, and the default port (``:80`` for http, ``:443`` for https) is dropped;
- an empty path becomes ``/``; the path is otherwise kept as it is (paths are case-sensitive), with
  percent-escapes written in upper case (``%2f`` -> ``%2F``);
- the fragment (``#comments``) is dropped: it never reaches the server;
- tracking parameters are dropped from the query: every ``utm_*`` and the click and mailing ids in
  ``TRACKING_PARAMS`` (``fbclid``, ``gclid``, ...), matched without regard to case; the other parameters are
  kept **in their order** and spelling (some sites route by the order), and an empty query loses its ``?``;
- user name and password are kept (they select what the server returns).

A string that is not an absolute ``http``/``https`` URL is returned stripped of surrounding white space and
otherwise unchanged (the caller refuses it).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    "fbclid gclid gclsrc dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid mc_cid mc_eid "
    "_ga _gl _hsenc _hsmi mkt_tok oly_anon_id oly_enc_id vero_id wickedid rb_clickid s_cid".split()
)
"""Query parameters that only track the reader (besides every ``utm_*``); dropped by ``canonical_url``."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL (see the module doc); other strings come back stripped."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return text
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal
        return text
    host = parts.hostname.rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    path = _upper_escapes(parts.path) or "/"
    query = "&".join(p for p in parts.query.split("&") if p and not is_tracking(p.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, path, _upper_escapes(query), ""))


def is_tracking(name: str) -> bool:
    """Whether a query parameter name only tracks the reader (``utm_source``, ``fbclid``, ...)."""
    key = name.strip().lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def url_host(url: str) -> str:
    """The lowercased host of a URL ('' if it has none)."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _upper_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: m[0].upper(), text)

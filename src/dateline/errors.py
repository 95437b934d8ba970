"""Errors raised by Dateline, each with a stable code (``E1xx`` ingest, ``E2xx`` NLP/extract,
``E3xx`` store, ``E4xx`` configuration).

Library code raises these; only ``cli/`` and ``serve/`` decide how they are shown.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class. ``code`` is stable and appears at the start of the message."""

    code: str = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(f"{self.code}: {message}")
        self.reason = message


class IngestError(DatelineError):
    """An item could not be read or parsed into an Article."""

    code = "E100"


class ExtractError(DatelineError):
    """NLP or extraction failed for one article."""

    code = "E200"


class StoreError(DatelineError):
    """The database could not be opened, migrated or written."""

    code = "E300"


class ConfigError(DatelineError):
    """A bad option, model name or data file."""

    code = "E400"


# Stable codes used in Failure records and messages.
E_EMPTY = "E101"  # empty or whitespace-only input
E_BINARY = "E102"  # binary data (NUL bytes, image signature, control characters)
E_ENCODING = "E103"  # not decodable as UTF-8, the declared or a detected encoding
E_TOO_LARGE = "E104"  # over the size limit
E_JSON = "E105"  # malformed JSON line
E_FIELD = "E106"  # a required field is missing or of the wrong type
E_NOT_TEXT = "E107"  # no natural-language text (e.g. one giant token, no words)
E_HTML = "E108"  # HTML that yields no article text
E_CSV = "E109"  # malformed CSV row
E_DATE = "E110"  # unparseable publication date (a warning when the article is kept)
E_IO = "E111"  # the file could not be read
E_HTTP = "E112"  # the server answered with an HTTP error that a retry will not change (404, 410, 403, ...)
E_UNAVAILABLE = "E113"  # timeout, connection failure, HTTP 5xx, 408 or 429: retried on later polls
E_NOT_HTML = "E114"  # a page whose content type is not HTML
E_FEED = "E115"  # not an RSS or Atom feed
E_URL = "E116"  # a URL refused: not http(s), malformed, or too many redirects
E_NLP = "E201"  # the NLP pipeline failed on this article
E_EXTRACT = "E202"  # an extraction layer failed on this article
E_DROPPED = "E203"  # a layer dropped one span (a warning on the article; the rest of it is kept)
E_TIMEOUT = "E204"  # the article ran past its time budget (``bounds.py``); its partial work is discarded
E_CAPPED = "E205"  # events, quotes or places over the article's cap were cut (a warning; the article is kept)
E_STORE = "E301"  # the article could not be written
# Configuration (raised as ConfigError): E401 bad option or data file, E402 model cannot be loaded,
# E403 bad $DATELINE_TIME_BUDGET / --time-budget or $DATELINE_CAPS.

"""Input format from a file name and, when that does not settle it, from the content."""

from __future__ import annotations

import json
import re
from pathlib import PurePath

FORMATS = ("auto", "wire", "text", "html", "jsonl", "csv", "warc")
STREAMED = frozenset(("jsonl", "csv", "warc"))

_EXTENSIONS = {
    ".md": "wire", ".markdown": "wire", ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
}  # fmt: skip
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|span|section|h[1-6]|table|br|a|img|main)[\s/>]",
    re.I,
)
_MARKDOWN = re.compile(
    r"^#{1,6}\s+\S|^By \[[^\]]+\]\(|\[[^\]\n]+\]\([^)\n]*\)|\*\*[^*\n]+\*\*|^<https?://|^=+\s*$|^!\[",
    re.M,
)


def format_from_name(name: str | PurePath) -> str | None:
    """The format an extension stands for (``.txt`` -> ``text``, refined by content), or ``None``."""
    lower = str(name).lower()
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    return _EXTENSIONS.get(PurePath(name).suffix.lower())


def sniff_format(head: bytes) -> str:
    """The format of content whose name says nothing: ``html`` if it starts with ``<`` and has HTML
    tags, ``jsonl`` if its first non-blank line is a JSON object, otherwise ``text`` (refined to
    ``wire`` after decoding by ``looks_like_markdown``). UTF-16/32 with a byte-order mark is sniffed
    as the text it encodes."""
    from dateline.ingest.decode import wide_encoding
    from dateline.ingest.warc import looks_like_warc

    if looks_like_warc(head):
        return "warc"
    wide = wide_encoding(head)
    if wide is not None:  # UTF-16/32: sniff the text (a cut last character is dropped)
        head = head.decode(wide, "ignore").encode("utf-8")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and _HTML_TAG.search(stripped[:8192]):
        return "html"
    if stripped.startswith(b"{"):
        line, newline, _ = stripped.partition(b"\n")
        if not newline and len(head) >= 65536:
            return "jsonl"  # a first record longer than the sniffed head
        try:
            if isinstance(json.loads(line.decode("utf-8", "replace")), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "text"


def looks_like_markdown(text: str) -> bool:
    """Whether the first lines have Markdown markup (a ``#`` headline, links, bold, autolinks)."""
    return bool(_MARKDOWN.search(text[:5000]))

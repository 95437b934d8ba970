"""HTML -> Article through trafilatura.

Before trafilatura sees a page, a linear scan refuses pathologically nested markup (libxml2 silently
truncates trees deeper than ~255 levels, and deep trees cost recursion), scripts and styles are
dropped, and photo captions (``<figcaption>``, caption classes) are taken out into ``Caption``s.
trafilatura's Markdown-flavoured body then goes through the same structure pass as wire copy, so
headings, bylines and date lines are handled alike.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from datetime import date
from typing import Any

import lxml.etree
import lxml.html

from dateline.errors import E_EMPTY, E_HTML, IngestError
from dateline.ingest.credits import split_credit
from dateline.ingest.dates import parse_date
from dateline.ingest.decode import decode_bytes
from dateline.ingest.wire import assemble, parse_structure
from dateline.model import Article, Caption, Related

log = logging.getLogger(__name__)

MAX_DEPTH = 200
"""Deepest element nesting accepted (``html``/``body`` and elements with optional end tags not counted)."""

MAX_ELEMENTS = 100_000
"""Most elements accepted in one page (large news pages have a few thousand)."""

_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title)\b[^<>]*>.*?(?:</\1\s*>|\Z)|<(/?)([A-Za-z][\w:-]*)[^<>]*>",
    re.S | re.I,
)
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen command basefont frame "
    "isindex p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rt rp html head body".split()
)
_CAPTION_CLASSES = frozenset(
    "caption wp-caption-text caption-text image-caption photo-caption media-caption figure-caption "
    "img-caption article-caption picture-caption".split()
)
_RELATED_CLASS = re.compile(r"\brelated\b|\bmore-on\b|\bread-more\b|\bsee-also\b", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|attribution", re.I)
_MAX_CAPTION = 1000
_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)
_TAG = re.compile(r"<[^<>]*>")
_RAW_TITLE = re.compile(r"<title\b[^<>]{0,200}>([^<]{0,2000})</title\s*>", re.I)


def parse_html(html: str | bytes, *, origin: str) -> Article:
    """An HTML page -> Article (``format="html"``). Raises ``IngestError`` (E108 when no text)."""
    if isinstance(html, bytes):
        html = decode_bytes(html).text
    if not html.strip():
        raise IngestError("empty HTML", code=E_EMPTY)
    depth, elements = html_shape(html)
    if depth > MAX_DEPTH:
        raise IngestError(
            f"HTML nested too deeply ({depth} levels, limit {MAX_DEPTH}); refusing to parse", code=E_HTML
        )
    if elements > MAX_ELEMENTS:
        raise IngestError(
            f"HTML has too many elements ({elements}, limit {MAX_ELEMENTS}); refusing to parse", code=E_HTML
        )
    tree = _parse_tree(html)
    captions = _take_captions(tree)
    related = _take_related(tree)
    doc = _extract(tree)
    body = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(body, str) or not body.strip():
        raise IngestError("no article text found in the HTML", code=E_HTML)
    parts = parse_structure(body, markdown=True, plain_title=False)
    parts.title = parts.title or _clean(getattr(doc, "title", None), text=_title_is_text(html))
    parts.byline = _clean(getattr(doc, "author", None)) or parts.byline
    parts.source = parts.source or _clean(getattr(doc, "sitename", None))
    parts.url = _clean(getattr(doc, "url", None)) or parts.url
    meta_date = _clean(getattr(doc, "date", None))
    if meta_date and (found := parse_date(meta_date)) is not None:
        parts.published, parts.published_raw = found, meta_date
    parts.captions[:0] = captions
    parts.related[:0] = related
    try:
        return assemble(parts, origin=origin, fmt="html")
    except IngestError as exc:
        if exc.code == E_EMPTY:
            raise IngestError("no article text found in the HTML", code=E_HTML) from None
        raise


def html_shape(html: str) -> tuple[int, int]:
    """The deepest element nesting and the number of elements in ``html``, by a linear scan of its
    tags (comments, scripts and styles skipped; void elements and elements with optional end tags do
    not count for the depth)."""
    depth = deepest = elements = 0
    for m in _SCAN.finditer(html):
        name = m[3]
        if name is None:
            elements += 1
            continue
        elements += not m[2]
        name = name.lower()
        if name in _NOT_NESTING or m[0].endswith("/>"):
            continue
        if m[2]:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest, elements


def _parse_tree(html: str) -> Any:
    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(f"HTML could not be parsed: {exc}", code=E_HTML) from None


def _take_captions(tree: Any) -> list[Caption]:
    """Remove scripts, styles and caption elements from ``tree``; return the captions."""
    for node in tree.xpath("//script|//style|//noscript|//template"):
        node.drop_tree()
    found = [el for el in tree.iter() if isinstance(el.tag, str) and _is_caption(el)]
    chosen = set(found)
    captions: list[Caption] = []
    for node in found:
        if any(parent in chosen for parent in node.iterancestors()):
            continue
        credits = [
            el
            for el in node.iterdescendants()
            if isinstance(el.tag, str) and (el.tag == "cite" or _CREDIT_CLASS.search(el.get("class", "")))
        ]
        credit = " ".join(" ".join(el.text_content() for el in credits).split()) or None
        for el in credits:
            el.drop_tree()
        text = " ".join(node.text_content().split())
        node.drop_tree()
        if credit is None:
            text, credit = split_credit(text)
        if text or credit:
            captions.append(Caption(text=text, credit=credit))
    return captions


def _take_related(tree: Any) -> list[Related]:
    """Remove "related articles" boxes (``<aside>`` or an element whose class says related) from ``tree``;
    return their links."""
    boxes = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and el.tag not in ("html", "body", "article", "main")
        and _RELATED_CLASS.search(el.get("class", "") + " " + el.get("id", ""))
    ]
    related: list[Related] = []
    chosen = set(boxes)
    for box in boxes:
        if any(parent in chosen for parent in box.iterancestors()):
            continue
        for a in box.iter("a"):
            title = " ".join(a.text_content().split())
            if title:
                related.append(Related(title=title, url=(a.get("href") or "").strip() or None))
        box.drop_tree()
    return related


def _is_caption(el: Any) -> bool:
    if el.tag == "figcaption":
        return True
    if el.tag in ("html", "body", "article", "main", "section"):
        return False
    classes = set(el.get("class", "").lower().split())
    return bool(classes & _CAPTION_CLASSES) and len(el.text_content()) <= _MAX_CAPTION


def _extract(tree: Any) -> Any:
    import trafilatura  # about 0.1 s to import: only when a page is read

    params = {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}
    try:
        return trafilatura.bare_extraction(
            tree, output_format="python", with_metadata=True, include_formatting=True, include_comments=False,
            include_tables=False, include_images=False, include_links=False, date_extraction_params=params,
        )  # fmt: skip
    except RecursionError:
        raise IngestError("HTML nested too deeply to extract", code=E_HTML) from None
    except Exception as exc:  # trafilatura's own failure on a strange page is this page's failure
        log.debug("trafilatura failed", exc_info=True)
        raise IngestError(f"HTML extraction failed: {type(exc).__name__}: {exc}", code=E_HTML) from None


def _clean(value: object, *, text: bool = False) -> str | None:
    """Metadata text without markup: entities decoded, scripts, styles and tags removed; with ``text``
    (the page wrote it as text) what looks like a tag is kept."""
    if not isinstance(value, str):
        return None
    value = html_lib.unescape(value)  # JSON-LD metadata may come with entities
    if not text:
        value = _TAG.sub(" ", _SCRIPT.sub(" ", value))
    return " ".join(value.split()) or None


def _title_is_text(html: str) -> bool:
    """Whether the page's ``<title>`` has no markup in it, only text (``&lt;b&gt;`` is text that reads
    ``<b>``): then what looks like a tag in the title is text to keep. A ``<script>`` written raw
    inside ``<title>`` is removed as markup."""
    m = _RAW_TITLE.search(html, 0, 200_000)
    return m is not None and "<" not in m[1]

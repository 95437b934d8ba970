"""Wire copy, Markdown and plain text -> Article.

The headline, byline, dateline, photo captions, "Related article" links and the trailing
"Original url" block are taken out of the running text; section headings stay in the body as their
own paragraphs. The body is rebuilt from its paragraphs (hard-wrapped lines joined, Markdown markup
reduced to its text, paragraphs split mid-sentence by a stray blank line re-joined), joined by blank
lines, so every paragraph and heading span indexes ``Article.text`` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dateline.data import load_agencies
from dateline.errors import E_DATE, E_EMPTY, IngestError
from dateline.ingest.dates import parse_date
from dateline.ingest.decode import check_text
from dateline.model import Article, Caption, Heading, Related

AGENCIES = load_agencies()
"""Lower-cased agency names and abbreviations -> the name used as ``Article.source`` (data/agencies.tsv)."""

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(?:={2,}|-{2,})$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$|^(?:```|~~~)")
_IMAGE_ONLY = re.compile(r"^(?:!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)\s*)+$")
_LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^>\s?")
_BYLINE = re.compile(r"^by\s+(\S.{0,119})$", re.I)
_BYLINE_SEP = re.compile(r"\s*(?:,|\||/|\s[-–—]|\bfor\b|\bof\b|\band\b)\s*", re.I)
_ROLE = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|columnist|staff|bureau chief|contributor|analyst)s?\b", re.I
)
_PAREN_TAIL = re.compile(r"(.+?)\s*\(([^()]+)\)")
_DATE_PREFIX = re.compile(r"^(published|posted|updated|last updated|date)\b\s*(?:on|at)?\s*:?\s*", re.I)
_DATE_PIECES = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+")
_URL_LABEL = re.compile(
    r"^[*_]{0,2}(?:original|source|canonical)\s+(?:url|link)[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$", re.I
)
_URL = re.compile(r"https?://[^\s<>\"\[\]()]+")
_RELATED = re.compile(
    r"^[*_]{0,3}(?:related(?:\s+(?:articles?|stor(?:y|ies)|content|coverage|reading|news))?|read\s+(?:more|also)"
    r"|see\s+also|also\s+read|more\s+on\s+this(?:\s+story)?)\s*(?::\s*[*_]{0,3}|[*_]{0,3}\s*:)\s*(.*)$",
    re.I,
)
_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(\s*([^()\s]{0,2000})(?:\s+\"[^\"\n]{0,300}\")?\s*\)")
_CAPTION = re.compile(r"(.*\S)\s*\*\*([^*]{1,120})\*\*")
_BOLD_ONLY = re.compile(r"\*\*([^*]{1,200})\*\*")
_CREDIT = re.compile(
    r"\b(?:photos?|image|picture|getty|afp|reuters|ap|tass|epa|efe|pool|handout|courtesy|shutterstock"
    r"|images|press|kremlin|ria novosti|sputnik|xinhua|anadolu)\b|©",
    re.I,
)
_LEAD_AGENCY = re.compile(r"^[^()]{0,80}?\(([^()]{2,40})\)\s*[-–—:]")
_LEAD_DATE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .'’-]{1,40})?(?:,\s*|\s*\(\s*)([^()–—-]{6,30}?)\s*\)?\s*[-–—]"
)
_OUTLET = re.compile(
    r"\b(?:press|news|service|wire|times|post|journal|agency|herald|tribune|chronicle|ledger|review|media"
    r"|network|radio|television|tv|gazette|daily|telegraph|guardian|observer|monitor|desk)\b",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")
_MARKUP = re.compile(r"[*_`\[<~\\]")
_HIDDEN = re.compile(r"(?<!\\)(?:<!--|<(script|style)\b[^<>]{0,300}>)", re.I)  # "\<" is a literal "<"
_TERMINAL = frozenset(".!?…:;\"'”’»")
_CAPTION_END = frozenset('.!?)"”’')
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`([^`\n]{1,500})`"), r"\1"),
    (re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)"), ""),
    (_LINK, r"\1"),
    (re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,100}\]"), r"\1"),
    (re.compile(r"(?<!\\)<((?:https?|mailto):[^<>\s]{1,2000})>"), r"\1"),
    (re.compile(r"(?<!\\)</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,300})?/?>"), ""),
    (re.compile(r"\*\*(?=\S)((?:[^*\n]|\*(?!\*)){1,1000}?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)((?:[^_\n]|_(?!_)){1,1000}?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,1000}?)(?<=[^\s*\\])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]{1,1000}?)(?<=[^\s_\\])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)([^~\n]{1,1000}?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])"), r"\1"),
)


@dataclass(slots=True)
class WireParts:
    """What the structure pass found. ``body`` is ``(kind, pieces)`` with kind ``p``, ``li`` or ``h``;
    a paragraph's pieces (more than one after re-joining a split paragraph) are joined by a space."""

    title: str | None = None
    byline: str | None = None
    source: str | None = None
    published: date | None = None
    published_raw: str | None = None
    url: str | None = None
    body: list[tuple[str, list[str]]] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)


def parse_wire(text: str, *, origin: str) -> Article:
    """Markdown or plain wire copy -> Article (``format="wire"``). Raises ``IngestError``."""
    return assemble(parse_structure(text, markdown=True), origin=origin, fmt="wire")


def parse_text(text: str, *, origin: str) -> Article:
    """Plain text without markup -> Article (``format="text"``): Markdown is left as written; the
    first line is the title only if it is short, has no final period and a blank line follows."""
    return assemble(parse_structure(text, markdown=False), origin=origin, fmt="text")


def parse_structure(text: str, *, markdown: bool, plain_title: bool = True) -> WireParts:
    """Split ``text`` into metadata, captions, related links and body paragraphs. ``plain_title``:
    a short unpunctuated first line followed by a blank line may be the title."""
    parts = WireParts()
    blocks = _blocks(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), markdown)
    in_header = True
    i = 0
    while i < len(blocks):
        lines = blocks[i]
        i += 1
        if in_header:
            first = plain_title and i == 1
            rest = _header_lines(parts, lines, first=first, more=i < len(blocks), markdown=markdown)
            if not rest:
                continue
            in_header = len(rest) == len(lines)
            lines = rest
        kind, i = _body_block(parts, blocks, i, lines, markdown)
        in_header = in_header and kind == "aux"
    lead = next((pieces[0] for kind, pieces in parts.body if kind == "p"), "")
    if parts.source is None and (m := _LEAD_AGENCY.match(lead)):
        parts.source = agency(m[1])
    if parts.published_raw is None and (m := _LEAD_DATE.match(lead)) and (found := parse_date(m[1])):
        parts.published, parts.published_raw = found, m[1]  # "YEVLAKH, Azerbaijan, Sept. 21, 2023 - ..."
    return parts


def assemble(parts: WireParts, *, origin: str, fmt: str, warnings: tuple[str, ...] = ()) -> Article:
    """Join the body paragraphs with blank lines into ``Article.text``, with exact spans."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    headings: list[Heading] = []
    pos = 0
    for kind, texts in parts.body:
        piece = " ".join(texts)
        if pieces:
            pos += 2
        spans.append((pos, pos + len(piece)))
        if kind == "h":
            headings.append(Heading(text=piece, start=pos, end=pos + len(piece)))
        pieces.append(piece)
        pos += len(piece)
    if not pieces:
        raise IngestError("no body text besides the headline and metadata", code=E_EMPTY)
    text = "\n\n".join(pieces)
    check_text(text)
    notes = list(warnings)
    if parts.published is None:
        raw = parts.published_raw
        notes.append(
            f"{E_DATE}: unparseable publication date {raw!r}" if raw else "no publication date found"
        )
    return Article(
        text=text, origin=origin, format=fmt, paragraphs=tuple(spans), title=parts.title,
        byline=parts.byline, source=parts.source, published=parts.published,
        published_raw=parts.published_raw, url=parts.url, captions=tuple(parts.captions),
        headings=tuple(headings), related=tuple(parts.related), warnings=tuple(notes),
    )  # fmt: skip


def agency(name: str) -> str | None:
    """The canonical agency name for ``name`` ("Agence France-Presse" -> "AFP"), or ``None``."""
    key = " ".join(name.split()).strip(" .").lower().removeprefix("the ")
    return AGENCIES.get(key)


def inline(text: str, markdown: bool = True) -> str:
    """Markdown emphasis, links, images, code and inline HTML reduced to text; white space collapsed."""
    if markdown and _MARKUP.search(text):
        text = _drop_hidden(text)
        for pattern, replacement in _INLINE:
            text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _drop_hidden(text: str) -> str:
    """Remove HTML comments, scripts and styles, in one linear pass (an unclosed one runs to the end)."""
    if "<" not in text:
        return text
    lower = text.lower()
    kept: list[str] = []
    pos = 0
    while m := _HIDDEN.search(text, pos):
        kept.append(text[pos : m.start()])
        closer = "-->" if m[1] is None else f"</{m[1].lower()}"
        end = lower.find(closer, m.end())
        if end < 0:
            return "".join(kept)
        pos = lower.find(">", end) + 1 or len(text)
    kept.append(text[pos:])
    return "".join(kept)


def _blocks(text: str, markdown: bool) -> list[list[str]]:
    """Runs of non-blank lines (stripped); a Markdown ATX heading is always a block of its own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        heading = markdown and _ATX.match(line) is not None
        if (not line or heading) and current:
            blocks.append(current)
            current = []
        if heading:
            blocks.append([line])
        elif line:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _header_lines(
    parts: WireParts, lines: list[str], *, first: bool, more: bool, markdown: bool
) -> list[str]:
    """Take headline, byline and date lines from the top of ``lines``; return the rest."""
    j = 0
    while j < len(lines):
        line = lines[j]
        m = _ATX.match(line) if markdown else None
        if m and (len(m[1]) > 1 or parts.title is not None):
            break  # a section heading: the body has begun
        if m:
            parts.title = inline(m[2]) or None
            j += 1
        elif markdown and parts.title is None and j + 1 < len(lines) and lines[j + 1].startswith("=="):
            parts.title = inline(line) or None
            j += 2
        elif _take_byline(parts, line, markdown) or _take_date(parts, line, markdown):
            j += 1
        elif (
            first
            and j == 0
            and len(lines) == 1
            and more
            and parts.title is None
            and _plain_title(line, markdown)
            and (title := inline(line, markdown))
        ):
            parts.title = title
            j += 1
        else:
            break
    return lines[j:]


def _plain_title(line: str, markdown: bool) -> bool:
    return (
        len(line) <= 150
        and len(line.split()) <= 25
        and line[-1] not in ".,;:"
        and _LETTER.search(line) is not None
        and not _LIST_ITEM.match(line)
        and not (
            markdown
            and (_caption(line) or _RELATED.match(line) or _URL_LABEL.match(line) or _RULE.match(line))
        )
    )


def _take_byline(parts: WireParts, line: str, markdown: bool) -> bool:
    m = _BYLINE.match(line)
    if not m or parts.byline is not None:
        return False
    rest = m[1].strip()
    words = rest.split()
    if len(words) > 12 or (rest[-1] in ".!?" and len(words) > 4):
        return False
    name = inline(rest, markdown)
    if not name or not (name[0].isupper() or name[0].isdigit()):
        return False
    if markdown and _LINK.fullmatch(rest):  # "By [AFP](#)": the link names the agency or outlet
        parts.byline, parts.source = name, agency(name) or name
        return True
    parts.byline = name
    if (found := agency(name)) is not None:
        parts.source = found
        return True
    if (paren := _PAREN_TAIL.fullmatch(name)) and (found := agency(paren[2])):
        parts.byline, parts.source = paren[1], found
        return True
    for sep in reversed(list(_BYLINE_SEP.finditer(name))):
        if sep.start() > 0 and (found := agency(name[sep.end() :])):
            parts.byline, parts.source = name[: sep.start()].strip(" ,"), found
            return True
    who, comma, outlet = name.rpartition(",")
    if comma and who.strip() and _OUTLET.search(outlet) and len(outlet.split()) <= 5:
        parts.byline, parts.source = who.strip(), outlet.strip()  # "Jane Doe, Meridian Press"
    elif comma and who.strip() and _ROLE.search(outlet) and len(outlet.split()) <= 5:
        parts.byline = who.strip()  # "Jane Doe, Sahel Correspondent": the role is not part of the name
    return True


def _take_date(parts: WireParts, line: str, markdown: bool) -> bool:
    s = inline(line, markdown)
    m = _DATE_PREFIX.match(s)
    value = s[m.end() :] if m else s
    if not value or len(value) > 80 or not any(c.isdigit() for c in value):
        return False
    found = parse_date(value)
    for piece in _DATE_PIECES.split(value) if found is None else ():
        if (found := parse_date(piece)) is not None:
            break
    if found is None and m is None:
        return False
    if parts.published is None and not (m and m[1].lower().endswith("updated") and parts.published_raw):
        parts.published, parts.published_raw = found, value
    return True


def _body_block(
    parts: WireParts, blocks: list[list[str]], i: int, lines: list[str], markdown: bool
) -> tuple[str, int]:
    """Handle one block of the body; return its kind (``aux`` if kept out of the body, else ``text``)
    and the index of the next block (an "Original url:" label may take the next block too)."""
    first = lines[0]
    if m := _URL_LABEL.match(first):
        found = _URL.search(" ".join([m[1], *lines[1:]]))
        if found is None and i < len(blocks) and len(blocks[i]) == 1:
            found = _URL.fullmatch(blocks[i][0].strip("<>"))
            i += found is not None
        if found is not None and parts.url is None:
            parts.url = found[0].rstrip(".,;")
        return "aux", i
    if markdown:
        kind = _markdown_block(parts, lines)
        if kind is not None:
            return kind, i
        if _LIST_ITEM.match(first):
            for item in _list_items(lines):
                if item := inline(item):
                    parts.body.append(("li", [item]))
            return "text", i
        if _QUOTE.match(first):
            lines = [_QUOTE.sub("", line) for line in lines]
    if paragraph := inline(" ".join(lines), markdown):
        kind, pieces = parts.body[-1] if parts.body else ("", [""])
        if kind == "p" and pieces[-1][-1] not in _TERMINAL and paragraph[0].islower():
            pieces.append(paragraph)  # a paragraph split mid-sentence by a stray blank line
        else:
            parts.body.append(("p", [paragraph]))
    return "text", i


def _markdown_block(parts: WireParts, lines: list[str]) -> str | None:
    """Headings, rules, images, related links and captions; ``None`` for ordinary paragraphs."""
    first = lines[0]
    if all(_RULE.match(line) or _IMAGE_ONLY.match(line) for line in lines):
        return "aux"
    heading = None
    if m := _ATX.match(first):
        heading = inline(m[2])
    elif len(lines) >= 2 and _SETEXT.match(lines[-1]):
        heading = inline(" ".join(lines[:-1]))
    if heading is not None:
        if heading:
            parts.body.append(("h", [heading]))
        return "text"
    if (m := _RELATED.match(first)) and len(rest := " ".join([m[1], *lines[1:]]).strip()) <= 500 and rest:
        links = _LINK.findall(rest)
        for title, url in links or [(rest, "")]:
            if title := inline(title):
                parts.related.append(Related(title=title, url=None if url in ("", "#") else url))
        return "aux"
    joined = " ".join(lines)
    if caption := _caption(joined):
        parts.captions.append(caption)
        return "aux"
    if bold := _BOLD_ONLY.fullmatch(joined):
        inner = inline(bold[1])
        if inner and ("/" in inner or _CREDIT.search(inner)):
            if parts.captions and parts.captions[-1].credit is None:
                parts.captions[-1] = Caption(text=parts.captions[-1].text, credit=inner)
            return "aux"
        if inner and inner[-1] not in _TERMINAL:
            parts.body.append(("h", [inner]))  # a bold line standing alone works as a subheading
            return "text"
    return None


def _caption(joined: str) -> Caption | None:
    """``Photo caption text. **Photographer / Agency**`` -> Caption; ``None`` for other paragraphs."""
    if not joined.endswith("**"):
        return None
    m = _CAPTION.fullmatch(joined)
    if not m:
        return None
    text, credit = inline(m[1]), inline(m[2])
    if not text or not credit or credit[-1] in ".!?:;,":
        return None
    if "/" in credit or _CREDIT.search(credit) or text[-1] in _CAPTION_END:
        return Caption(text=text, credit=credit)
    return None


def _list_items(lines: list[str]) -> list[str]:
    items: list[list[str]] = []
    for line in lines:
        m = _LIST_ITEM.match(line)
        if m or not items:
            items.append([line[m.end() :] if m else line])
        else:
            items[-1].append(line)
    return [" ".join(item) for item in items]

"""Quotes: who said what, in quotation marks (direct), partly quoted (mixed) or reported (indirect).

``find_quotes(parsed, cues, lookup)`` works over the parsed paragraphs (one Doc each) and returns
``FoundQuotes`` (the quotes, and the spans dropped because a rule raised on them):

1. **Quotation marks** (``marks.quote_spans``): double marks paired per paragraph, never an
   apostrophe; a stray mark loses only itself; quotes may run over several paragraphs. Marks in headings
   and short capitalised names after a preposition, article or noun (the show "Morning Joe") are titles.
2. **Cue and speaker of a quote**: the nearest reporting cue (``data/cues.tsv``), not itself quoted, among
   the dependency ancestors of the quoted words (``"...," Kamikawa told reporters``; ``he saw
   "possibilities"``; ``what he called "a devil's deal"``); failing that, a cue right before the opening
   mark, right after the closing one, or earlier in the sentence. The speaker is the cue's subject (see
   ``speakers.py``); a pull quote's speaker may follow a dash (``"..." ― Ana Silva``). A quoted fragment
   that is a small part of the cue's reported clause makes a ``mixed`` quote whose content is that clause.
3. **Quotes without a cue**: a quote that stands as sentences of its own (a quote-only paragraph, the
   second half of ``"...," he said. "..."``, a continued quote) takes the speaker of the quote (direct or
   reported) before it in its paragraph or the previous one, or the subject of a previous paragraph that
   ends in a colon; other short quotes with no cue are scare quotes and are skipped.
4. **Reported speech** (``reported.py``): every other cue with a complement gives an ``indirect`` quote.

No two quotes share content and speaker. A failure on one quote drops that quote, not the article.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.attrs import IDX
from spacy.tokens import Token

from ...model import Dropped, Quote, Speaker
from ...nlp import ParsedArticle, Piece
from ..actors import ActorLookup
from ..doc_views import doc_length, doc_sents
from .cues import CueEntry, CueLexicon
from .marks import MarkSpan, quote_spans
from .marks import is_mark as _is_mark
from .reported import reported_speech, subtree
from .speakers import SpeakerFinder, speaker_of

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
TITLE_WORDS = 8  # a quoted title or name has at most this many words
MAX_CLIMB = 8  # dependency steps from a quoted word up to its cue
FRAME_TOKENS = 14  # how far before/after the marks a cue may sit when the parse does not link them
SCARE_WORDS = 4  # a quote of fewer words with no cue is a title or scare quote
MIXED_SHARE = 0.5  # a quote covering less than this share of its reported clause makes a mixed quote


@dataclass(slots=True)
class _Found:
    """A quote being built: content, kind, cue token span (article offsets) and speaker."""

    kind: str
    content: tuple[int, int]
    mark: MarkSpan | None
    cue: tuple[int, int] | None
    speaker: Speaker | None
    rule: str


class _Article:
    """One article's paragraphs with a char -> token index per Doc."""

    def __init__(self, text: str, pieces: Sequence[Piece]) -> None:
        self.text = text
        self.pieces = list(pieces)
        self.paragraphs = [(p.offset, p.offset + doc_length(p.doc)) for p in self.pieces]
        self._token_starts: dict[int, list[int]] = {}  # built only for paragraphs that have quotes
        self.quoted: list[tuple[int, int]] = []  # every quoted stretch (marks included), sorted

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.quoted, (pos, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def _starts(self, para: int) -> list[int]:
        starts = self._token_starts.get(para)
        if starts is None:
            starts = self._token_starts[para] = [int(x) for x in self.pieces[para].doc.to_array(IDX)]
        return starts

    def token_index(self, para: int, pos: int) -> int:
        """Index (in its Doc) of the first token starting at or after ``pos``."""
        return bisect_right(self._starts(para), pos - 1 - self.pieces[para].offset)

    def tokens(self, para: int, s: int, e: int, *, first: int | None = None, last: int | None = None) -> list[Token]:
        """The tokens of paragraph ``para`` starting in ``[s, e)`` (article offsets); with ``first`` or
        ``last``, only that many at the start or end (the others are never made: a quote's frame is a
        few tokens, and making every token back to the paragraph start was quadratic on long paragraphs)."""
        doc = self.pieces[para].doc
        i, j = self.token_index(para, s), self.token_index(para, e)
        if first is not None:
            j = min(j, i + first)
        if last is not None:
            i = max(i, j - last)
        return list(doc[i:j])


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundQuotes:
    """What the quotes layer found in one article."""

    quotes: tuple[Quote, ...]
    dropped: tuple[Dropped, ...] = ()


def find_quotes(parsed: ParsedArticle, lexicon: CueLexicon, lookup: ActorLookup) -> FoundQuotes:
    """Every quote in the article (direct, mixed and indirect), in text order, without duplicates."""
    article = parsed.article
    doc = _Article(article.text, parsed.pieces)
    finder = SpeakerFinder(article.text, parsed.entities, lookup)
    headings = [(h.start, h.end) for h in article.headings]
    found: list[_Found] = []
    dropped: list[Dropped] = []
    marks = [
        m for m in quote_spans(article.text, doc.paragraphs) if not any(s <= m.start < e for s, e in headings)
    ]
    doc.quoted = sorted((m.start, m.end) for m in marks)
    for m in marks:
        if _is_title(doc, m):
            continue
        try:
            f = _attribute(doc, m, lexicon, finder)
        except Exception as exc:  # noqa: BLE001 - a failure on one quote drops that quote
            log.warning("quote at %d dropped", m.start, exc_info=True)
            dropped.append(Dropped(layer="quotes", start=m.start, end=m.end, reason=f"direct quote: {exc!r}"))
            continue
        found.append(f)
    used_cues = {f.cue for f in found if f.cue is not None}
    reported: list[_Found] = []
    for para, piece in enumerate(doc.pieces):
        mine = [(m.start, m.end) for m in marks if m.para == para]
        try:
            for r in reported_speech(doc.text, piece, lexicon, finder, used_cues, mine):
                reported.append(
                    _Found(
                        kind=r.kind, content=r.content, mark=None, cue=r.cue, speaker=r.speaker, rule=r.rule
                    )
                )
        except Exception as exc:  # noqa: BLE001
            log.warning("reported speech in paragraph %d dropped", para, exc_info=True)
            start, end = doc.paragraphs[para]
            dropped.append(Dropped(layer="quotes", start=start, end=end, reason=f"reported speech: {exc!r}"))
    found = _continue_speakers(found, reported, doc, finder) + reported
    names = finder.name_pronouns([f.speaker for f in found if f.speaker is not None])
    for i, f in enumerate(found):
        if f.speaker is not None and (named := names.get((f.speaker.start, f.speaker.end))) is not None:
            found[i] = replace(f, speaker=named)
    return FoundQuotes(quotes=tuple(_unique(article.text, found)), dropped=tuple(dropped))


# -- direct and mixed quotes ----------------------------------------------------------------------------


def _is_title(doc: _Article, m: MarkSpan) -> bool:
    """A quoted name, not speech: a few capitalised words after a preposition, article, possessive or noun
    (on CNN's "Morning Joe", the book "An American Son", a "super PAC")."""
    words = _WORD.findall(doc.text, m.content[0], m.content[1])
    if not words or len(words) > TITLE_WORDS:
        return False
    capitalised = (
        all(w[0].isupper() or w[0].isdigit() or len(w) <= 3 for w in words) and words[0][0].isupper()
    )
    i = doc.token_index(m.para, m.start) - 1
    prev = doc.pieces[m.para].doc[i] if i >= 0 else None
    if prev is None:
        return False
    after_name = prev.pos_ in ("ADP", "DET", "NOUN", "PROPN") or prev.tag_ == "POS"
    return after_name and capitalised and prev.lower_ not in ("that", "as")


def _attribute(doc: _Article, m: MarkSpan, lexicon: CueLexicon, finder: SpeakerFinder) -> _Found:
    piece = doc.pieces[m.para]
    base = piece.offset
    inside = doc.tokens(m.para, m.content[0], m.content[1])
    hit = _tree_cue(doc, inside, base, lexicon)
    rule = "direct+tree"
    if hit is None:
        hit = _frame_cue(doc, m, lexicon)
        rule = "direct+frame"
    kind, content = "direct", m.content
    if hit is None:
        named = _dash_name(doc, m)  # a pull quote: "..." ― Ana Silva
        ph = finder.phrase(named, base) if named is not None else None
        speaker = ph.as_speaker(doc.text) if ph else None
        return _Found(
            kind=kind,
            content=content,
            mark=m,
            cue=None,
            speaker=speaker,
            rule="direct+dash" if ph else "direct",
        )
    cue, n, entry, via = hit
    speaker_tok = speaker_of(cue, phrase_end=cue.doc[cue.i + n - 1] if n > 1 else None, filed=finder.filed(base))
    if speaker_tok is None or m.start <= base + speaker_tok.idx < m.end:
        speaker_tok = _nearby_speaker(doc, m, cue, n)
    speaker = None
    if speaker_tok is not None:
        ph = finder.phrase(speaker_tok, base)
        speaker = ph.as_speaker(doc.text) if ph else None
    if via is not None and via.dep_ in (
        "ccomp",
        "xcomp",
        "dobj",
        "advcl",
        "conj",
        "pobj",
        "prep",
        "acomp",
        "attr",
    ):
        cs, ce = subtree(via, base, doc.text)
        if (
            cs <= m.content[0]
            and m.content[1] <= ce
            and (m.content[1] - m.content[0]) < MIXED_SHARE * (ce - cs)
        ):
            kind, content, rule = "mixed", (cs, ce), "mixed"
    cue_span = (base + cue.idx, base + cue.doc[cue.i + n - 1].idx + len(cue.doc[cue.i + n - 1]))
    return _Found(kind=kind, content=content, mark=m, cue=cue_span, speaker=speaker, rule=rule)


def _tree_cue(
    doc: _Article, inside: list[Token], base: int, lexicon: CueLexicon
) -> tuple[Token, int, CueEntry, Token | None] | None:
    """The nearest cue among the ancestors of the quoted words: ``(cue, n tokens, entry, child on path)``."""
    best: tuple[int, Token, int, CueEntry, Token | None] | None = None
    ids = {t.i for t in inside}
    for tok in inside:
        if tok.head.i in ids and tok.head is not tok:
            continue
        child, anc = tok, tok.head
        for step in range(MAX_CLIMB):
            if anc is child:
                break
            if not doc.in_quote(base + anc.idx):
                hit = lexicon.match(anc)
                if hit is not None:
                    if best is None or step < best[0]:
                        best = (step, anc, hit[0], hit[1], child)
                    break
            child, anc = anc, anc.head
    if best is None:
        return None
    return best[1], best[2], best[3], best[4]


def _nearby_speaker(doc: _Article, m: MarkSpan, cue: Token, n: int) -> Token | None:
    """When the parse gives the cue no subject: the noun between the closing mark and the cue
    (``"...," Mr. Conant, the consultant, said``) or right after the cue (``"...," said Skelly``)."""
    base = doc.pieces[m.para].offset
    if base + cue.idx >= m.end:
        between = list(cue.doc[doc.token_index(m.para, m.end) : cue.i])  # the tokens from the closing mark on
        after = list(cue.doc[cue.i + n : cue.i + n + 6])
        for group in (between, after):
            for t in group:
                if _is_mark(t) or t.text in ".!?;":
                    break
                if _nominal(t):
                    return _chunk_head(t)
    return None


def _nominal(t: Token) -> bool:
    return (
        t.pos_ in ("PROPN", "NOUN", "PRON")
        and t.ent_type_ not in _NOT_SPEAKERS
        and t.lower_ not in ("reporters", "it")
    )


def _chunk_head(t: Token) -> Token:
    for _ in range(5):
        if (
            t.dep_ in ("compound", "flat", "amod", "nmod")
            and t.head.i > t.i
            and t.head.pos_ in ("PROPN", "NOUN")
        ):
            t = t.head
        else:
            break
    return t


def _dash_name(doc: _Article, m: MarkSpan) -> Token | None:
    """The name after a dash that follows the closing mark: ``"..." ― Ana Silva``."""
    after = doc.tokens(m.para, m.end, doc.paragraphs[m.para][1], first=6)
    if len(after) < 2 or after[0].text not in ("―", "—", "–", "-", "--"):
        return None
    for t in after[1:]:
        if t.pos_ == "PROPN":
            return _chunk_head(t)
        if not t.is_space:
            return None
    return None


def _frame_cue(
    doc: _Article, m: MarkSpan, lexicon: CueLexicon
) -> tuple[Token, int, CueEntry, Token | None] | None:
    """A cue right before the opening mark (``as Mr. Sykes said, "...``), right after the closing mark
    (``"...," he said``) or earlier in the sentence (``He said on Monday that "...``), in the same paragraph,
    when the parse does not link it to the quote."""
    lo, hi = doc.paragraphs[m.para]
    before: list[tuple[Token, int, CueEntry]] = []
    for t in reversed(doc.tokens(m.para, lo, m.start, last=FRAME_TOKENS)):
        if _is_mark(t) or t.text in ".!?":
            break
        hit = lexicon.match(t)
        if hit is not None:
            before.append((t, hit[0], hit[1]))
    if before and before[0][0].i >= doc.token_index(m.para, m.start) - 3:
        return before[0][0], before[0][1], before[0][2], None
    after = doc.tokens(m.para, m.end, hi, first=FRAME_TOKENS)
    for t in after:
        if _is_mark(t) or (t.is_sent_start and t.i > after[0].i and t.text not in ",") or t.text in ".!?":
            break
        hit = lexicon.match(t)
        if hit is not None and hit[1].kind == "verb":
            return t, hit[0], hit[1], None
    if before:
        return before[0][0], before[0][1], before[0][2], None
    return None


def _continue_speakers(
    found: list[_Found], reported: list[_Found], doc: _Article, finder: SpeakerFinder
) -> list[_Found]:
    """Fill speakers of continued quotes and quote-only paragraphs from the quote (direct or reported)
    before, in the same or the previous paragraph, or from the subject of a previous paragraph ending in a
    colon (``Cruz continued:``); drop short quotes that have no cue (titles, scare quotes)."""
    out: list[_Found] = []
    others = sorted((f for f in reported if f.speaker is not None), key=lambda f: f.content[0])
    starts = [f.content[0] for f in others]
    for f in found:
        m = f.mark
        if f.speaker is None and f.cue is None and m is not None:
            lo, hi = doc.paragraphs[m.para]
            whole = _standalone(doc.text, lo, hi, m)
            if m.continued or whole:
                prev = _previous_speaker(f, out, others, starts, doc)
                speaker = prev.speaker if prev is not None else _colon_speaker(doc, m.para, finder)
                if speaker is not None:
                    out.append(replace(f, speaker=speaker, rule="direct+continued"))
                    continue
            if len(_WORD.findall(doc.text, m.content[0], m.content[1])) < SCARE_WORDS:
                continue
            if not whole and not m.continued:
                continue
        out.append(f)
    # a quote running over several paragraphs: pieces before the attributed one take its speaker
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if (
            a.speaker is None
            and a.mark is not None
            and a.mark.continues
            and b.mark is not None
            and b.mark.continued
        ):
            if b.speaker is not None:
                out[i] = replace(a, speaker=b.speaker, rule="direct+continued")
    return out


def _standalone(text: str, lo: int, hi: int, m: MarkSpan) -> bool:
    """The quote is sentences of its own: nothing but sentence ends around it in its paragraph."""
    before = text[lo : m.start].rstrip()
    after = text[m.end : hi].lstrip(" \t\n.,;")
    starts_sentence = not before or before[-1] in ".!?:\"”'"
    ends_sentence = not after or after[0].isupper() or after[0] in "\"“'"
    return starts_sentence and ends_sentence


def _previous_speaker(
    f: _Found, direct: list[_Found], reported: list[_Found], starts: list[int], doc: _Article
) -> _Found | None:
    """The latest attributed quote before ``f`` in its paragraph or the one before."""
    m = f.mark
    assert m is not None
    lo = doc.paragraphs[m.para - 1][0] if m.para > 0 else doc.paragraphs[m.para][0]
    best: _Found | None = None
    for cand in reversed(direct):
        if cand.speaker is not None and lo <= cand.content[0] < m.start:
            best = cand
            break
    i = bisect_right(starts, m.start - 1) - 1
    if i >= 0 and lo <= starts[i] and (best is None or starts[i] > best.content[0]):
        best = reported[i]
    return best


def _colon_speaker(doc: _Article, para: int, finder: SpeakerFinder) -> Speaker | None:
    """The subject of a previous paragraph that ends in a colon: ``He then listed the qualities:``."""
    if para == 0:
        return None
    lo, hi = doc.paragraphs[para - 1]
    if not doc.text[lo:hi].rstrip().endswith(":"):
        return None
    piece = doc.pieces[para - 1]
    sents = list(doc_sents(piece.doc))
    if not sents:
        return None
    root = sents[-1].root
    tok = speaker_of(root, filed=finder.filed(piece.offset))
    if tok is None:
        return None
    ph = finder.phrase(tok, piece.offset)
    return ph.as_speaker(doc.text) if ph else None


# -- output ---------------------------------------------------------------------------------------------


def _unique(text: str, found: Iterable[_Found]) -> Iterator[Quote]:
    seen: set[tuple[int, int, int | None, int | None]] = set()
    for f in sorted(found, key=lambda f: (f.content, f.kind)):
        sp = f.speaker
        key = (f.content[0], f.content[1], sp.start if sp else None, sp.end if sp else None)
        if key in seen:
            continue
        seen.add(key)
        s, e = f.content
        yield Quote(
            kind=f.kind,
            content_start=s,
            content_end=e,
            content_text=text[s:e],
            cue_start=f.cue[0] if f.cue else None,
            cue_end=f.cue[1] if f.cue else None,
            cue_text=text[f.cue[0] : f.cue[1]] if f.cue else None,
            speaker=sp,
            rule=f.rule,
        )

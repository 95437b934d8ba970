"""The article view's highlighted text: the body cut into plain segments, each with the CSS classes
and event ids of the spans covering it. Nothing here produces markup: the template escapes every
segment's text and attribute (article text is untrusted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.store.read import StoredArticle

_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    classes: tuple[str, ...] = ()
    title: str | None = None
    event: str | None = None  # trigger of this event id
    sentence: str | None = None  # in the evidence sentence of this event id


@dataclass(slots=True)
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    @property
    def plain(self) -> bool:
        return not (self.classes or self.events or self.sentences)


def css_name(value: object) -> str:
    """A value made safe for a CSS class name."""
    return _CLASS_SAFE.sub("_", str(value))[:40] or "x"


def marks_of(article: StoredArticle) -> list[Mark]:
    """Every highlighted span of a stored article."""
    marks: list[Mark] = []
    for e in article.entities:
        if e.field == "text":
            marks.append(Mark(e.start, e.end, ("ent", f"ent-{css_name(e.label)}"), e.label))
    for a in article.actors:
        for m in a.mentions:
            marks.append(Mark(m.start, m.end, ("actor",), f"actor {a.code}"))
    for t in article.timexes:
        marks.append(Mark(t.start, t.end, ("timex",), f"{t.type} {t.value}"))
    for p in article.places:
        where = ", ".join(str(x) for x in (p.name, p.country) if x)
        marks.append(Mark(p.start, p.end, ("place",), f"place {where}".strip()))
    for q in article.quotes:
        marks.append(Mark(q.content_start, q.content_end, ("quote",), f"{q.kind} quote"))
        if q.cue_start is not None and q.cue_end is not None:
            marks.append(Mark(q.cue_start, q.cue_end, ("cue",), "quote cue"))
        if sp := q.speaker:
            marks.append(Mark(sp.start, sp.end, ("speaker",), f"speaker {sp.name or sp.text}"))
    for ev in article.events:
        marks.append(Mark(ev.sentence_start, ev.sentence_end, sentence=ev.id))
        marks.append(
            Mark(ev.trigger_start, ev.trigger_end, ("trigger",), f"{ev.plover} {ev.cameo}", event=ev.id)
        )
    return [m for m in marks if 0 <= m.start < m.end]


def segments(text: str, start: int, end: int, marks: list[Mark]) -> list[Segment]:
    """``text[start:end]`` cut at every mark boundary; each piece knows the marks covering it."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = Segment(text[a:b])
        for m in inside:
            if m.start <= a and m.end >= b:
                for c in m.classes:
                    if c not in seg.classes:
                        seg.classes.append(c)
                if m.title and m.title not in seg.titles:
                    seg.titles.append(m.title)
                if m.event and m.event not in seg.events:
                    seg.events.append(m.event)
                if m.sentence and m.sentence not in seg.sentences:
                    seg.sentences.append(m.sentence)
        out.append(seg)
    return out


def paragraphs(article: StoredArticle) -> list[list[Segment]]:
    """The article body as paragraphs of segments (the stored paragraph spans; the whole text if none)."""
    text = article.text
    spans = list(article.paragraphs) or [(0, len(text))]
    marks = marks_of(article)
    return [segments(text, s, e, marks) for s, e in spans if e > s]

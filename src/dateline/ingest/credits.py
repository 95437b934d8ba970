"""Photo credits inside caption text: "... on Friday. Photo: Jane Roe / Outlet", "... (Jane Roe / AFP)"."""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"(?:^|(?<=[.!?)\]])\s+|\s+[-–—|]\s+)(?:photo(?:graph)?s?|picture|image|credit|copyright|©)\s*(?:by\s+)?[:©-]?\s*"
    r"(?P<credit>[^\s].{0,118}?)\s*[.)]?\s*$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*[(\[](?P<credit>[^()\[\]]{2,120}?/[^()\[\]]{2,120}?)[)\]]\s*$")
_SLASHED = re.compile(r"(?<=[.!?])\s+(?P<credit>[A-Z][^.!?/]{1,60}\s/\s[A-Z][^.!?/]{1,60}?)\s*$")


def split_credit(text: str) -> tuple[str, str | None]:
    """``(caption, credit)``: a trailing credit is cut from the caption text; ``None`` when there is none."""
    for pattern in (_LABELLED, _PAREN, _SLASHED):
        m = pattern.search(text)
        if m and m.start() > 0:
            credit = m["credit"].strip(" .()[]")
            caption = text[: m.start()].rstrip(" -–—|")
            if credit and caption:
                return caption, credit
    return text, None

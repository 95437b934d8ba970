"""Streets and local sites: names a gazetteer of towns cannot know, placed by the town the article puts them in.

English names a street by a proper name and a street-type word ("Heron Street", "Cedar Hollow Road"; "Rue
Sainte-Catherine" is left alone) and a local building by a proper name and its kind ("Lakeview General
Hospital"). The street types are the common ones of the USPS street-suffix list (Publication 28, appendix C1)
and of British and Commonwealth usage (Close, Crescent, Mews, Terrace); the site kinds are buildings and
grounds that are somewhere in a town (a hospital, a theatre, a stadium). Neither is in the gazetteer; the
places layer finds them here and gives them the point of the town the text puts them in, or of the town the
article is about (see ``resolve._home``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from ...data import read_tsv

#: Street-type words, written out or abbreviated as news prints them. Not "Court" (a court of law is an
#: institution), "Place", "Way" or "Hill" (too often other words).
STREET_WORDS = frozenset(
    "Street St. Road Rd. Avenue Ave. Lane Close Crescent Drive Boulevard Blvd. Terrace Highway Parkway Grove"
    " Gardens Mews Row Trail Pike Alley Square Plaza".split()
)
#: Kinds of local sites: a building or ground that lies in one town.
SITE_WORDS = frozenset(
    "Hospital Theatre Theater Museum Stadium Arena Racecourse Cathedral Mosque Church Library Park Mall"
    " Prison Jail".split()
)

#: Number words that may open a name although they are stop words ("Three Powers Square").
_NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve hundred thousand".split())
#: A capitalised word not ending a sentence (no full stop, except initials and "St."), or initials ("T.J.").
_NAME_WORD = r"(?:St\.|(?:[A-Z]\.){1,3}|[A-Z][\w'’-]*(?<!-))"
#: One to three capitalised words before a street-type word: "Maplewood Crescent", "Cedar Hollow Road"; a house
#: number or "block of" may come before it; the name does not start a sentence with "The".
_STREET = re.compile(
    rf"(?<![\w'’.-])((?!The\b){_NAME_WORD}(?: {_NAME_WORD}){{0,2}}) ("
    + "|".join(re.escape(w) for w in sorted(STREET_WORDS, key=len, reverse=True))
    + r")(?![\w'’-])"
)
#: Two streets joined by a hyphen: "the Quarry Street-Mill Road intersection".
_JOINED = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in STREET_WORDS) + r")-(?=[A-Z])")


@functools.cache
def _bodies() -> frozenset[str]:
    """The names of organisations and international bodies in our actor dictionaries (igos.tsv,
    organisations.tsv), lower-cased: a name of that shape is the body ("the Red Crescent", "Downing Street"
    where the dictionary has it), not a street."""
    return frozenset(row["alias"].lower() for name in ("igos.tsv", "organisations.tsv") for _, row in read_tsv(name))


def _body_name(text: str, start: int, suffix: int, end: int) -> bool:
    """Whether the street-shaped name ``text[start:end]``, or its last word before the street-type word with
    that word ("Iranian Red Crescent": "Red Crescent"), is a body's name."""
    bodies = _bodies()
    last = text.rfind(" ", start, suffix - 1) + 1
    return text[start:end].lower() in bodies or text[max(start, last) : end].lower() in bodies


def street_spans(text: str, stop_words: Collection[str]) -> list[tuple[int, int]]:
    """The (start, end) of every street name in ``text``: capitalised words and a street-type word. Leading
    words that are ``stop_words`` (lower-cased) are not part of the name ("On Main Street"); a name our actor
    dictionaries list is a body ("the Red Crescent")."""
    out = []
    for m in _STREET.finditer(text):
        start, end = m.start(1), m.end(2)
        while start < m.start(2):
            word = text[start : text.find(" ", start)]
            if word.lower() not in stop_words or word.lower() in _NUMBERS:
                break  # "Three Powers Square": a number word is part of a name
            start += len(word) + 1
        if start >= m.start(2) or "\n" in text[start:end] or _body_name(text, start, m.start(2), end):
            continue
        joined = _JOINED.search(text, start, m.start(2))
        if joined:  # two streets
            out.append((start, joined.end() - 1))
            start = joined.end()
        out.append((start, end))
    return out


#: A church named by its denomination is the body, not a building ("the Catholic Church", "the Russian Orthodox
#: Church"); the common denominations' adjectives.
_DENOMINATIONS = frozenset(
    "Catholic Orthodox Anglican Episcopal Methodist Baptist Lutheran Presbyterian Evangelical Pentecostal Coptic"
    " Maronite Syriac Apostolic Reformed Mormon Unification Adventist Protestant Christian Unitarian Mennonite"
    " Moravian Assyrian Armenian".split()
)


_DEMONYM_LIKE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|ic)|Greek|Serb|Thai|Swiss")


def is_site(surface: str) -> bool:
    """Whether ``surface`` names a street or a local site by its last word ("Orchard Lane Theatre"); a church
    named only by its denomination (and nation) is a body, not a site."""
    words = surface.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    if words[-1] == "Church" and all(w in _DENOMINATIONS or _DEMONYM_LIKE.fullmatch(w) for w in words[:-1]):
        return False  # "the Russian Orthodox Church"; "St George's Coptic Church" is a building
    return words[-1] in STREET_WORDS or words[-1] in SITE_WORDS

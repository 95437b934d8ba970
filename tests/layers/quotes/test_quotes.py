"""Quotes: quotation marks, cues, speakers, mixed and reported speech (sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.layers.actors.resolved import NoActors, ResolvedActor
from dateline.layers.quotes import find_quotes, load_cues
from dateline.layers.quotes import quotes as quotes_module
from dateline.layers.quotes.marks import quote_spans
from dateline.model import Heading, Quote

from ..parsing import paragraphs, parse


def run(nlp: Any, text: str, *, headings: tuple[Heading, ...] = (), lookup: Any = None) -> list[Quote]:
    parsed = parse(nlp, text, headings=headings)
    return list(find_quotes(parsed, load_cues(), lookup or NoActors()).quotes)


def one(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.content_text]
    assert hits, f"no quote containing {fragment!r} in {[q.content_text for q in quotes]}"
    return hits[0]


def contents(text: str) -> list[str]:
    return [text[m.content[0] : m.content[1]] for m in quote_spans(text, paragraphs(text))]


# -- quotation marks ---------------------------------------------------------------------------------------


def test_straight_and_curly_marks() -> None:
    text = 'She said "the road is open" and then “the bridge is closed” again.'
    assert contents(text) == ["the road is open", "the bridge is closed"]


def test_apostrophes_are_never_marks() -> None:
    text = "The ministers' talks ended, it's said, with the leaders’ statement. \"We agree,\" one said."
    assert contents(text) == ["We agree,"]


def test_odd_number_of_marks_keeps_the_other_quotes() -> None:
    text = 'He called it "a disaster," and added "we will rebuild". A stray " mark follows here.'
    assert contents(text) == ["a disaster,", "we will rebuild"]


def test_quote_over_several_paragraphs() -> None:
    text = '"The first part runs on,\n\n"and the second part ends here," the mayor said.'
    spans = quote_spans(text, paragraphs(text))
    assert [text[m.content[0] : m.content[1]] for m in spans] == [
        "The first part runs on,",
        "and the second part ends here,",
    ]
    assert spans[0].continues and spans[1].continued


def test_double_apostrophe_marks() -> None:
    text = "''We will win,'' the senator said."
    assert contents(text) == ["We will win,"]


# -- direct quotes and their speakers ----------------------------------------------------------------------


def test_speaker_before_and_after(nlp: Any) -> None:
    text = (
        'Mayor Ana Silva said: "The bridge will open in May."\n\n'
        '"Traffic will be lighter," said Omar Haddad, a planner at the city council.'
    )
    quotes = run(nlp, text)
    first = one(quotes, "bridge will open")
    assert first.kind == "direct" and first.content_text == "The bridge will open in May."
    assert first.speaker is not None and first.speaker.text.endswith("Ana Silva")
    second = one(quotes, "Traffic will be lighter")
    assert second.speaker is not None and second.speaker.text == "Omar Haddad"
    assert second.cue_text == "said"


def test_pronoun_speaker_is_named(nlp: Any) -> None:
    text = 'Governor Lena Brandt visited the flooded valley on Monday.\n\n"We will rebuild every house," she said.'
    q = one(run(nlp, text), "rebuild every house")
    assert q.speaker is not None and q.speaker.text == "she" and q.speaker.name == "Lena Brandt"


def test_pronoun_speaker_through_the_actor_lookup(nlp: Any) -> None:
    class Lookup(NoActors):
        def actor_at(self, start: int, end: int) -> ResolvedActor | None:
            return ResolvedActor(code="DEUGOV", country="DEU", sector="GOV", name="Lena Brandt", rule="test")

    text = 'The governor toured the valley.\n\n"We will rebuild every house," she said.'
    q = one(run(nlp, text, lookup=Lookup()), "rebuild every house")
    assert q.speaker is not None and q.speaker.actor == "DEUGOV" and q.speaker.name == "Lena Brandt"


def test_quote_only_paragraph_continues_the_speaker(nlp: Any) -> None:
    text = (
        '"The harvest was poor this year," farmer Joseph Mwangi told reporters.\n\n'
        '"We need rain before the next planting season, or many families will leave the valley."'
    )
    q = one(run(nlp, text), "We need rain")
    assert q.speaker is not None and q.speaker.text == "Joseph Mwangi"


def test_short_quote_without_cue_is_not_a_quote(nlp: Any) -> None:
    text = 'The "reform" package was debated for hours in parliament on Tuesday.'
    assert not [q for q in run(nlp, text) if "reform" == q.content_text]


def test_quoted_title_and_heading_are_not_quotes(nlp: Any) -> None:
    text = '\'Blood ties\' and "Old friends"\n\nShe discussed the plan on the programme "Morning Review" last week.'
    heading = Heading(text=text[:30], start=0, end=30)
    quotes = run(nlp, text, headings=(heading,))
    assert not [
        q for q in quotes if q.kind != "indirect" and q.content_text in ("Old friends", "Morning Review")
    ]


def test_partial_quote_is_mixed(nlp: Any) -> None:
    text = 'The minister told reporters he saw "real progress" in the talks with the unions.'
    q = one(run(nlp, text), "real progress")
    assert q.kind == "mixed" and q.speaker is not None and q.speaker.text == "minister"
    assert q.content_text.startswith("he saw")


# -- reported speech ---------------------------------------------------------------------------------------


def test_reported_clause(nlp: Any) -> None:
    text = "Prime Minister Carla Reyes said the border would reopen next week."
    q = one(run(nlp, text), "border would reopen")
    assert q.kind == "indirect" and q.content_text == "the border would reopen next week"
    assert q.speaker is not None and q.speaker.text == "Carla Reyes" and q.cue_text == "said"


def test_according_to(nlp: Any) -> None:
    text = "The talks will resume in Geneva on Monday, according to state media."
    q = one(run(nlp, text), "talks will resume")
    assert q.kind == "indirect" and q.speaker is not None and q.speaker.text == "state media"
    assert q.cue_text == "according to"


def test_warned_against(nlp: Any) -> None:
    text = "Canada warned against any violations of the ceasefire."
    q = one(run(nlp, text), "violations of the ceasefire")
    assert q.speaker is not None and q.speaker.text == "Canada"


# -- invariants ----------------------------------------------------------------------------------------------


def test_offsets_and_no_duplicates(nlp: Any) -> None:
    text = (
        'The ministry said the border would reopen. "It will reopen soon," it said, "and trade will resume."\n\n'
        '"Nobody expects a quick fix," said Ines Duarte, an economist. She added that prices "could fall" soon.'
    )
    quotes = run(nlp, text)
    assert quotes
    keys = set()
    for q in quotes:
        assert text[q.content_start : q.content_end] == q.content_text
        assert q.content_text[:1] not in '"“' and q.content_text[-1:] not in '"”'
        if q.cue_start is not None:
            assert q.cue_end is not None and text[q.cue_start : q.cue_end] == q.cue_text
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
        key = (q.content_start, q.content_end, q.speaker.start if q.speaker else None)
        assert key not in keys
        keys.add(key)


def test_a_failing_quote_drops_only_that_quote(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = quotes_module._attribute
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(quotes_module, "_attribute", flaky)
    text = '"First quote here," said Ana Silva.\n\n"Second quote here," said Omar Haddad.'
    found = find_quotes(parse(nlp, text), load_cues(), NoActors())
    assert [q.content_text for q in found.quotes if q.kind == "direct"] == ["Second quote here,"]
    # the drop is reported, not only logged
    (drop,) = found.dropped
    assert drop.layer == "quotes" and "boom" in drop.reason
    assert text[drop.start : drop.end].startswith('"First quote here,"')


def test_cue_lexicon_is_valid_and_loads() -> None:
    from dateline.layers.quotes.cues import load_cues, validate_cues

    assert validate_cues() == []
    lexicon = load_cues()
    assert lexicon.verbs["say"].frame == "speech" and "according" in lexicon.phrases


def test_a_wire_dateline_is_not_the_speaker(nlp: Any) -> None:
    """The parser can take the dateline for a second subject of the first verb ("OSLO ... - Norway and Sweden
    agreed"): the place the story was filed from is passed over for the subject that says it."""
    text = "A bridge deal\n\nOSLO (12 May 2024) - Norway and Sweden agreed on Friday to share the cost of the new bridge."
    q = one(run(nlp, text), "to share the cost")
    assert q.speaker is not None
    assert text[q.speaker.start : q.speaker.end] != "OSLO"
    assert q.speaker.start > text.index(" - ")

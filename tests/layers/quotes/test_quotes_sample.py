"""The shared AFP sample article: every direct quote is found with the right speaker (and actor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dateline.model import Extraction, Quote


@pytest.fixture(scope="module")
def sample_quotes(nlp: Any) -> tuple[str, list[Quote]]:
    from tests.conftest import SAMPLE

    if not SAMPLE.exists():
        pytest.skip(f"shared sample article not found at {SAMPLE}")
    from dateline.ingest import read_articles
    from dateline.pipeline import extract_articles

    (ex,) = list(extract_articles(read_articles([str(Path(SAMPLE))]), nlp))
    assert isinstance(ex, Extraction)
    return ex.article.text, list(ex.quotes)


# fragment of the quote -> (words in the speaker's span or name, country of the speaker's actor)
EXPECTED = {
    "historic meeting and talks": ("Korean Central News Agency", "PRK"),
    "a devil's deal": ("head of South Korea's ruling party", "KOR"),
    "We are watching (the talks)": ("Kamikawa", "JPN"),
    "courteously invited Putin": ("KCNA", "PRK"),
    "Putin accepted the invitation with pleasure": ("KCNA", "PRK"),
    "great victory": ("Kim", "PRK"),
    "We will always be with Russia": ("Kim", "PRK"),
    "An old friend is better than two new ones": ("Putin", "RUS"),
    "demonstrate the capabilities of the Pacific Fleet": ("Putin", "RUS"),
    "The summit signals a seismic change": ("Kim Jong-dae", "KOR"),
    "I think Russia has already tested": ("Kim Jong-dae", "KOR"),
    "quite troubling": ("Miller", "USA"),
    "With Kim Jong Un's latest visit to Russia": ("Cheong Seong-chang", "KOR"),
    "There have been many summit meetings": ("Cheong Seong-chang", "KOR"),
    "possibilities": ("Putin", "RUS"),
}
NAMES = {
    "great victory": "Kim Jong Un",
    "We will always be with Russia": "Kim Jong Un",
    "I think Russia has already tested": "Kim Jong-dae",
    "An old friend is better than two new ones": "Putin",
}


def _find(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.content_text and q.kind in ("direct", "mixed")]
    assert hits, f"no direct or mixed quote contains {fragment!r}"
    return hits[0]


@pytest.mark.parametrize("fragment", list(EXPECTED))
def test_speaker(sample_quotes: tuple[str, list[Quote]], fragment: str) -> None:
    text, quotes = sample_quotes
    q = _find(quotes, fragment)
    assert q.speaker is not None, fragment
    who, _ = EXPECTED[fragment]
    shown = f"{q.speaker.text} | {q.speaker.name}"
    assert who in shown, f"{fragment!r}: speaker {shown!r}"
    assert "Japan" not in shown
    if fragment in NAMES:
        assert q.speaker.name is not None and NAMES[fragment] in q.speaker.name
    assert text[q.speaker.start : q.speaker.end] == q.speaker.text
    assert text[q.content_start : q.content_end] == q.content_text


@pytest.mark.parametrize("fragment", list(EXPECTED))
def test_speaker_actor(sample_quotes: tuple[str, list[Quote]], fragment: str) -> None:
    import dateline.pipeline

    if not hasattr(dateline.pipeline, "resolve_actors"):
        pytest.xfail("needs actors layer")
    _, quotes = sample_quotes
    q = _find(quotes, fragment)
    assert q.speaker is not None and q.speaker.actor is not None, f"{fragment!r}: speaker has no actor"
    assert q.speaker.actor[:3] == EXPECTED[fragment][1], f"{fragment!r}: actor {q.speaker.actor}"


def test_kinds(sample_quotes: tuple[str, list[Quote]]) -> None:
    _, quotes = sample_quotes
    assert _find(quotes, "possibilities").kind == "mixed"
    for fragment in ("We are watching (the talks)", "An old friend is better than two new ones"):
        q = _find(quotes, fragment)
        assert q.kind == "direct" and not q.content_text.startswith(('"', "“"))
    he = _find(quotes, "I think Russia has already tested")
    assert he.speaker is not None and he.speaker.text == "he"


def test_reported_speech(sample_quotes: tuple[str, list[Quote]]) -> None:
    _, quotes = sample_quotes
    indirect = {q.content_text: q for q in quotes if q.kind == "indirect"}
    satellites = [
        q for t, q in indirect.items() if t.startswith("Moscow could help Pyongyang build satellites")
    ]
    assert satellites and satellites[0].cue_text == "said"
    agencies = [q for q in indirect.values() if q.cue_text == "according to"]
    assert (
        agencies and agencies[0].speaker is not None and agencies[0].speaker.text == "Russian news agencies"
    )


def test_no_duplicates(sample_quotes: tuple[str, list[Quote]]) -> None:
    _, quotes = sample_quotes
    keys = [(q.content_start, q.content_end, q.speaker.start if q.speaker else None) for q in quotes]
    assert len(keys) == len(set(keys))

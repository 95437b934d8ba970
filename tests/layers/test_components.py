"""The layers as spaCy components (``nlp.add_pipe("dateline_events")``): same results as ``dateline extract``.

The paragraph below was written for these tests; the example articles are used when present.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dateline
import dateline.layers  # noqa: F401 - what a spaCy user imports (the factories also come by entry points)
from dateline.ingest import read_articles
from dateline.layers.events import EventsComponent, Lexicon, load_lexicon
from dateline.layers.quotes import load_cues
from dateline.model import Extraction
from dateline.model_names import resolve_model_name
from dateline.nlp.casing import needs_recase
from dateline.pipeline import extract_articles

from ..conftest import EXAMPLES

COMPONENTS = ("dateline_actors", "dateline_timexes", "dateline_places", "dateline_quotes", "dateline_events")

PARAGRAPH = (
    "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Seoul on Sunday, and "
    'the two leaders agreed to resume regular security talks. "We must work together to counter North '
    "Korea's missile threat,\" Kishida told reporters after the meeting, adding that Tokyo would send a "
    "delegation to Washington next month. North Korea condemned the summit as a provocation."
)
PUBLISHED = date(2023, 5, 8)


def fresh_model() -> Language:
    """The bare small model, loaded anew: the session's ``nlp`` fixture is shared and must stay bare."""
    return spacy.load(resolve_model_name("sm"))


@pytest.fixture(scope="module")
def full() -> Language:
    nlp = fresh_model()
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def run(nlp: Language, text: str, published: date | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def extracted(tmp_path: Path, text: str, published: date | None, *, via_api: bool) -> Extraction:
    """``text`` as a one-paragraph JSONL article, through ``dateline.extract`` or ``pipeline.extract_articles``."""
    path = tmp_path / "one.jsonl"
    record = {"id": "p1", "text": text, "published": published.isoformat() if published else None}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    if via_api:
        items = list(dateline.extract([str(path)], model="sm", fmt="jsonl"))
    else:
        from dateline.nlp import load_pipeline

        items = list(extract_articles(read_articles([str(path)], fmt="jsonl"), load_pipeline("sm")))
    assert len(items) == 1 and isinstance(items[0], Extraction), items
    assert items[0].article.paragraphs == ((0, len(text)),)
    return items[0]


def assert_same(doc: Doc, ex: Extraction) -> None:
    assert doc._.events == ex.events
    assert doc._.quotes == ex.quotes
    assert doc._.entities == ex.entities
    assert doc._.actors == ex.actors
    assert doc._.timexes == ex.timexes
    assert doc._.places == ex.places
    assert doc._.dropped == ex.dropped


def test_components_give_what_extract_gives(full: Language, tmp_path: Path) -> None:
    doc = run(full, PARAGRAPH, PUBLISHED)
    ex = extracted(tmp_path, PARAGRAPH, PUBLISHED, via_api=True)
    assert_same(doc, ex)
    # the paragraph is worth comparing: events with actors, date and place; a quote with a resolved speaker
    assert any(e.source and e.target for e in doc._.events)
    assert any(e.date is not None and e.date != PUBLISHED for e in doc._.events)
    assert any(e.location is not None for e in doc._.events)
    quote = next(q for q in doc._.quotes if q.kind == "direct")
    assert quote.content_text.startswith("We must work together")
    assert quote.speaker is not None and quote.speaker.actor is not None
    assert [p.text for p in doc._.places] and [t.text for t in doc._.timexes]


def example_paragraphs() -> list[tuple[str, str, date | None]]:
    """A few body paragraphs of the example articles (those the pipeline would not re-case)."""
    if not EXAMPLES.is_dir():
        return []
    out: list[tuple[str, str, date | None]] = []
    for item in read_articles(sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".md", ".html"))):
        if isinstance(item, dateline.Failure):
            continue
        paras = [item.text[s:e] for s, e in item.paragraphs]
        paras = [p for p in paras if "\n" not in p and not needs_recase(p) and len(p) > 80]
        quoted = [p for p in paras if '"' in p or "\u201c" in p]
        for p in dict.fromkeys([*quoted[:1], *sorted(paras, key=len)[-1:]]):
            out.append((Path(item.origin).name, p, item.published))
    return out


def _example_params() -> list[object]:
    found = example_paragraphs()
    if not found:
        return [
            pytest.param("", "", None, marks=pytest.mark.skip(reason=f"no example articles in {EXAMPLES}"))
        ]
    return [pytest.param(o, t, p, id=f"{o}-{i}") for i, (o, t, p) in enumerate(found)]


@pytest.mark.parametrize("origin,text,published", _example_params())
def test_components_match_extract_on_example_paragraphs(
    full: Language, tmp_path: Path, origin: str, text: str, published: date | None
) -> None:
    assert_same(run(full, text, published), extracted(tmp_path, text, published, via_api=False))


def test_only_quotes() -> None:
    """One component alone works: speakers are found, not resolved to actors; nothing else is set."""
    nlp = fresh_model()
    nlp.add_pipe("dateline_quotes")
    doc = run(nlp, PARAGRAPH, PUBLISHED)
    quote = next(q for q in doc._.quotes if q.kind == "direct")
    assert quote.speaker is not None and quote.speaker.text == "Kishida" and quote.speaker.actor is None
    assert doc._.events is None and doc._.actor_lookup is None and doc._.entities is None
    assert not any(problems for problems in nlp.analyze_pipes()["problems"].values())


def test_events_without_earlier_components() -> None:
    """Events alone: no actors are resolved, so no event has a political actor and none is coded (gates.py);
    with the actors component before it, the same triggers are coded with the publication date, no place."""
    nlp = fresh_model()
    nlp.add_pipe("dateline_events")
    assert run(nlp, PARAGRAPH, PUBLISHED)._.events == ()
    nlp = fresh_model()
    nlp.add_pipe("dateline_actors")
    nlp.add_pipe("dateline_events")
    doc = run(nlp, PARAGRAPH, PUBLISHED)
    # "condemned the summit": an imported verb's own code needs both sides, and the summit is not an actor
    assert [e.trigger_text for e in doc._.events][:3] == ["met", "agreed", "threat"]
    assert {e.date for e in doc._.events} == {PUBLISHED}
    assert all(e.location is None for e in doc._.events)


def test_injected_lexicon_is_used(full: Language) -> None:
    empty = Lexicon(verbs={}, nouns={}, adjectives={}, light=frozenset(), say=frozenset(), halt={})
    assert run(full, PARAGRAPH, PUBLISHED)._.events
    pipe = full.get_pipe("dateline_events")
    assert isinstance(pipe, EventsComponent)
    default = pipe.lexicon
    try:
        pipe.lexicon = empty
        assert run(full, PARAGRAPH, PUBLISHED)._.events == ()
        base = load_lexicon()  # of the verbs and nouns, only "agree" (and no imported verb dictionary)
        pipe.lexicon = Lexicon(verbs={"agree": base.verbs["agree"]}, nouns={}, adjectives={}, light=base.light,
                               say=base.say, halt={})  # fmt: skip
        triggers = {e.trigger_text for e in run(full, PARAGRAPH, PUBLISHED)._.events}
        assert "agreed" in triggers and not triggers & {"met", "condemned", "threat"}
    finally:
        pipe.lexicon = default


def test_injected_data_by_constructor(full: Language) -> None:
    """The component class takes its data as an argument; called on a Doc it sets the same extensions."""
    empty = Lexicon(verbs={}, nouns={}, adjectives={}, light=frozenset(), say=frozenset(), halt={})
    with full.select_pipes(disable=["dateline_events"]):
        doc = run(full, PARAGRAPH, PUBLISHED)
    assert doc._.events is None
    assert EventsComponent(lexicon=empty)(doc)._.events == ()
    assert EventsComponent()(doc)._.events  # the default lexicon
    assert full.get_pipe("dateline_quotes").lexicon is load_cues()  # type: ignore[attr-defined]


def test_requires_and_assigns(full: Language) -> None:
    analysis = full.analyze_pipes()
    assert not any(problems for problems in analysis["problems"].values()), analysis["problems"]
    assigns = {name: full.get_pipe_meta(name).assigns for name in COMPONENTS}
    assert "doc._.actor_lookup" in assigns["dateline_actors"] and "doc._.events" in assigns["dateline_events"]
    assert all("doc.ents" in full.get_pipe_meta(name).requires for name in COMPONENTS)
    assert full.get_pipe_config("dateline_actors") == {"factory": "dateline_actors", "user_dir": None}


def test_published_and_edge_cases(full: Language) -> None:
    with_time = run(full, PARAGRAPH, datetime(2023, 5, 8, 9, 30))
    assert with_time._.events == run(full, PARAGRAPH, PUBLISHED)._.events
    with pytest.raises(TypeError, match="published"):
        run(full, PARAGRAPH, "2023-05-08")  # type: ignore[arg-type]
    empty = full("")
    assert (empty._.events, empty._.quotes, empty._.dropped) == ((), (), ())
    undated = run(full, PARAGRAPH, None)
    assert undated._.events and all(e.date is None for e in undated._.events)  # no anchor, no date


def test_import_loads_no_data_and_entry_points_register() -> None:
    """Importing the components loads no data and no model; spaCy finds the factories by entry point."""
    code = (
        "import sys\n"
        "import dateline.layers.events.component, dateline.layers.quotes.component\n"
        "import dateline.layers.actors.component, dateline.layers.places.component\n"
        "from dateline.layers.events import load_lexicon\n"
        "from dateline.layers.quotes import load_cues\n"
        "from dateline.layers.actors import load_actor_data\n"
        "assert load_lexicon.cache_info().currsize == load_cues.cache_info().currsize == 0\n"
        "from dateline.layers.places import load_gazetteer\n"
        "assert load_actor_data.cache_info().currsize == load_gazetteer.cache_info().currsize == 0\n"
        "assert not [m for m in sys.modules if 'core_web' in m]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    if not set(COMPONENTS) <= names:
        pytest.skip("dateline is not installed (pip install -e .): no spacy_factories entry points")
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "print(nlp.has_factory('dateline_events'), nlp.add_pipe('dateline_timexes').name)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, timeout=120, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "dateline_timexes"]

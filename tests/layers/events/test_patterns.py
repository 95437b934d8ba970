"""Matching CAMEO verb patterns against the dependency parse, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from dateline.layers.events.patterns import (
    PatternMatch,
    VerbPattern,
    VerbPatterns,
    load_patterns,
    match_patterns,
    parse_slot,
)


def table(rows: list[tuple[str, str, str]], codes: dict[str, str] | None = None) -> VerbPatterns:
    """A small dictionary: (verb, slots, code) rows, most specific first as the loader sorts them."""
    pats: dict[str, list[VerbPattern]] = {}
    for order, (verb, slots, code) in enumerate(rows):
        pats.setdefault(verb, []).append(
            VerbPattern(tuple(parse_slot(s) for s in slots.split()), code, "TEST", verb, order)
        )
    return VerbPatterns(
        patterns={k: tuple(v) for k, v in pats.items()},
        codes={k: (c, "TEST") for k, c in (codes or {}).items()},
    )


def match(nlp: Any, text: str, verb: str, lex: VerbPatterns) -> PatternMatch | None:
    doc = nlp(text)
    tok = next(t for t in doc if t.lemma_.lower() == verb or t.lower_.startswith(verb[:4]))
    return match_patterns(tok, lex)


def words(m: PatternMatch | None) -> list[str]:
    assert m is not None
    return [t.lower_ for t in m.tokens]


def test_parse_slot() -> None:
    slot = parse_slot("prep:for>financial_aid|loan")
    assert (slot.role, slot.prep, slot.heads) == ("prep", "for", frozenset({"aid", "loan"}))
    assert dict(slot.mods) == {"aid": (("financial",),)}
    assert parse_slot("obj:weapon_of_mass_destruction").heads == {"weapon"}  # the head is before "of"


def test_object_pattern(nlp: Any) -> None:
    lex = table([("ship", "obj:grain", "073")], codes={"ship": "070"})
    m = match(nlp, "The agency shipped grain to the port.", "ship", lex)
    assert m is not None and m.cameo == "073" and words(m) == ["shipped", "grain"]
    bare = match(nlp, "The agency shipped computers to the port.", "ship", lex)
    assert bare is not None and bare.cameo == "070" and bare.pattern is None  # the verb's own code


def test_preposition_pattern(nlp: Any) -> None:
    lex = table([("appeal", "prep:for>calm", "023"), ("appeal", "prep:to", "020")])
    m = match(nlp, "The mayor appealed for calm.", "appeal", lex)
    assert m is not None and m.cameo == "023" and words(m) == ["appealed", "for", "calm"]
    assert match(nlp, "The mayor appealed to the court.", "appeal", lex).cameo == "020"  # type: ignore[union-attr]
    assert match(nlp, "The mayor appealed yesterday.", "appeal", lex) is None


def test_synset_members_and_phrases(nlp: Any) -> None:
    lex = table([("ship", "obj:rifle|machine_gun|tank", "072")])
    assert match(nlp, "They shipped machine guns to the rebels.", "ship", lex) is not None
    assert match(nlp, "They shipped tanks to the rebels.", "ship", lex) is not None
    assert match(nlp, "They shipped guns to the rebels.", "ship", lex) is None  # "machine" missing


def test_passive_subject_fills_the_object(nlp: Any) -> None:
    lex = table([("ship", "obj:grain", "073")])
    m = match(nlp, "Grain was shipped to the port by the agency.", "ship", lex)
    assert m is not None and m.cameo == "073"
    subj = table([("ship", "subj:agency", "070")])
    assert (
        match(nlp, "Grain was shipped by the agency.", "ship", subj) is not None
    )  # the agent is the subject
    assert match(nlp, "The agency was shipped abroad.", "ship", subj) is None  # a passive subject is not


def test_most_specific_pattern_wins(nlp: Any) -> None:
    loaded = load_patterns()
    m = match_patterns(
        next(t for t in nlp("The ministry asked for financial aid.") if t.lower_ == "asked"), loaded
    )
    assert m is not None and m.cameo == "0231"  # ask + (for {financial aid}), not ask + (for aid) or ask
    lex = table([("ship", "obj:aid prep:to>border", "154"), ("ship", "obj:aid", "070")])
    assert match(nlp, "They shipped aid to the border.", "ship", lex).cameo == "154"  # type: ignore[union-attr]
    assert match(nlp, "They shipped aid to the city.", "ship", lex).cameo == "070"  # type: ignore[union-attr]


def test_pattern_without_code_matches_and_codes_nothing(nlp: Any) -> None:
    lex = table([("ship", "obj:waste", "")], codes={"ship": "070"})
    m = match(nlp, "They shipped waste abroad.", "ship", lex)
    assert m is not None and m.cameo == "" and m.pattern is not None


def test_pattern_words_are_never_verbs(nlp: Any) -> None:
    lex = table([("announce", "obj:withdrawal|withdraw", "0874")])
    assert match(nlp, "The army announced its withdrawal.", "announce", lex) is not None
    assert match(nlp, "The army announced it would withdraw.", "announce", lex) is None  # a clause: nested


def test_misparsed_lemma_falls_back_to_regular_inflection() -> None:
    lex = table([("stage", "obj:rally", "141")])
    assert lex.key("stag", "staged") == "stage"
    assert lex.key("rally", "rallies") is None


@pytest.mark.parametrize(
    ("text", "verb", "code"),
    [
        ("The government imposed sanctions on the exporters.", "impose", "163"),
        ("The union staged a strike.", "stage", "140"),  # "* STRIKE" is there as 140 and 143: file order
        ("The minister asked for an investigation.", "ask", "0214"),
    ],
)
def test_imported_dictionary(nlp: Any, text: str, verb: str, code: str) -> None:
    m = match(nlp, text, verb, load_patterns())
    assert m is not None and m.cameo == code


def test_object_premodifier_fills_a_linear_object_slot(nlp: Any) -> None:
    """PETRARCH's "* DIPLOMATIC" is the word after the verb: in "renewed diplomatic ties" it modifies the object."""
    from dateline.layers.events.patterns import Slot, _candidates

    doc = nlp("Chile renewed diplomatic ties.")
    verb = doc[1]
    slot = Slot(role="obj", prep="", heads=frozenset({"diplomatic"}), mods=())
    assert [t.text for t in _candidates(verb, slot, [verb])] == ["ties", "diplomatic"]


def test_a_user_verb_dictionary_replaces_the_packaged_one(
    nlp: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.errors import ConfigError

    (tmp_path / "verb_groups.tsv").write_text(
        "verb\tgroup\tslots\tcameo\tcode_from\tsource\tnote\nscold\tSCOLD\t\t111\thead\tmine.txt\t\n"
    )
    (tmp_path / "verb_patterns.tsv").write_text(
        "group\tcameo\tslots\tmarkers\tsource\tfrom_verb\tnote\nSCOLD\t112\tobj:neighbour\t\tmine.txt\t\t\n"
    )
    monkeypatch.setenv("DATELINE_VERBS", str(tmp_path))
    load_patterns.cache_clear()
    try:
        lex = load_patterns()
        m = match(nlp, "Chile scolded its neighbour.", "scold", lex)
        assert m is not None and m.cameo == "112"
        assert match(nlp, "The government imposed sanctions.", "impose", lex) is None  # replaced, not added
        monkeypatch.setenv("DATELINE_VERBS", str(tmp_path / "missing"))
        load_patterns.cache_clear()
        with pytest.raises(ConfigError):
            load_patterns()
    finally:
        monkeypatch.delenv("DATELINE_VERBS")
        load_patterns.cache_clear()

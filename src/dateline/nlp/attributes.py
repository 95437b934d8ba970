"""The attribute ruler's rules applied by table lookup: the same POS, morphology and lemmas, in less time.

spaCy's ``AttributeRuler`` (in the English models, about 180 rules from the tag map and its exceptions) sets
POS, morphology and some lemmas from the tagger's fine-grained tag, the word and its dependency label. It
runs a ``Matcher`` over every token of every Doc, then sets each match's attributes in rule order, so a
later rule wins. Its rules are fixed-length token patterns that compare a few token values:
``{"TAG": "NN"}``, ``{"TAG": "VBZ", "LOWER": "gets"}``, ``{"LOWER": {"IN": [...]}}``,
``{"LOWER": {"REGEX": ...}}``, and a handful of two-token patterns ("gon na", "let 's").

Whether one token condition holds depends only on the token's values in those columns (tag, lower-case
form, dependency label, is-space, text). This module therefore works out once, per distinct combination of
values, which conditions hold. It finds candidate conditions through an index of the values they ask for
and keeps the answer. It then applies the rules exactly as the ruler does: every rule that matches a token,
in ascending rule order, later values winning.

A pattern this module cannot read (an operator such as ``"OP"``, another attribute, a comparison
predicate) goes through a spaCy ``Matcher`` of its own. The English models have none.

On news text the ruler took about a tenth of the spaCy pipeline's time, and this takes about a third of
that. ``tests/nlp/test_fast_components.py`` checks the result token by token against the stock ruler.
Install it after loading (``load_pipeline`` does). Rules added to the ruler afterwards are not seen: Dateline
adds none.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

log = logging.getLogger(__name__)

# Pattern keys read here -> (column name, attribute id for Doc.to_array).
_KEYS: dict[str, tuple[str, int]] = {
    "TAG": ("TAG", TAG), "LOWER": ("LOWER", LOWER), "DEP": ("DEP", DEP), "IS_SPACE": ("IS_SPACE", IS_SPACE),
    "ORTH": ("ORTH", ORTH), "TEXT": ("ORTH", ORTH),
}  # fmt: skip
_BOOL_KEYS = frozenset({"IS_SPACE"})
MAX_ENTRIES = 200_000  # distinct value combinations remembered; then the table starts over


@dataclass(frozen=True, slots=True)
class _Condition:
    column: str
    op: str  # "==", "IN", "NOT_IN", "REGEX"
    value: Any  # a hash / 0-1 for "==", a frozenset for IN/NOT_IN, a compiled pattern for REGEX

    def holds(self, row: dict[str, int], strings: Any) -> bool:
        got = row[self.column]
        if self.op == "==":
            return bool(got == self.value)
        if self.op == "IN":
            return got in self.value
        if self.op == "NOT_IN":
            return got not in self.value
        return self.value.search(strings[got]) is not None  # REGEX, on the token's string


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int  # the ruler's rule id (index into its attrs)
    index: int  # which token of the match gets the attributes
    specs: tuple[int, ...]  # one token-spec id per token


def fast_attribute_rules(nlp: Language) -> None:
    """Make the pipeline's attribute ruler (if any) apply its rules by table lookup."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler: Any = nlp.get_pipe("attribute_ruler")
    if not all(hasattr(ruler, a) for a in ("patterns", "attrs", "indices", "match", "set_annotations")):
        return
    plan = _RulePlan(ruler, nlp.vocab)
    ruler.match = plan.match  # what AttributeRuler.__call__ calls, then set_annotations on the result
    ruler.set_annotations = plan.apply


class _RulePlan:
    def __init__(self, ruler: Any, vocab: Any) -> None:
        self.attrs: list[dict[Any, Any]] = ruler.attrs
        self.strings = vocab.strings
        self.specs: list[tuple[_Condition, ...]] = []
        self.patterns: list[_Pattern] = []
        self.rest = Matcher(vocab)
        self.has_rest = False
        for rule_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                specs = [self._spec(token) for token in pattern]
                if pattern and all(s is not None for s in specs):
                    ids = []
                    for s in specs:
                        assert s is not None
                        self.specs.append(s)
                        ids.append(len(self.specs) - 1)
                    self.patterns.append(_Pattern(rule_id, ruler.indices[rule_id], tuple(ids)))
                else:
                    self.rest.add(str(rule_id), [pattern])
                    self.has_rest = True
        self.indices: list[int] = ruler.indices
        self.columns = sorted({c.column for spec in self.specs for c in spec})
        self.column_ids: list[int | str] = [dict(_KEYS.values())[c] for c in self.columns]
        # candidate token specs by one "==" or "IN" value they need; specs with neither are always tried
        self.by_value: dict[tuple[str, int], list[int]] = {}
        self.always: list[int] = []
        for n, spec in enumerate(self.specs):
            anchor = next((c for c in spec if c.op in ("==", "IN")), None)
            if anchor is None:
                self.always.append(n)
            else:
                for v in (anchor.value,) if anchor.op == "==" else anchor.value:
                    self.by_value.setdefault((anchor.column, v), []).append(n)
        self.single: dict[int, list[int]] = {p.specs[0]: [] for p in self.patterns if len(p.specs) == 1}
        for p in self.patterns:
            if len(p.specs) == 1:
                self.single[p.specs[0]].append(p.rule)
        self.starts: dict[int, list[_Pattern]] = {}  # first spec -> longer patterns starting with it
        for p in self.patterns:
            if len(p.specs) > 1:
                self.starts.setdefault(p.specs[0], []).append(p)
        self.table: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[_Pattern, ...], frozenset[int]]] = {}
        self.merged: dict[tuple[int, ...], dict[Any, Any]] = {}
        log.debug("attribute ruler: %d patterns by lookup, rest by a Matcher: %s", len(self.patterns), self.has_rest)

    def _spec(self, token: dict[str, Any]) -> tuple[_Condition, ...] | None:
        """The conditions of one token pattern, or ``None`` if it uses anything this module does not read."""
        out = []
        for key, want in token.items():
            if key not in _KEYS:
                return None
            column = _KEYS[key][0]
            if key in _BOOL_KEYS:
                if not isinstance(want, bool):
                    return None
                out.append(_Condition(column, "==", int(want)))
            elif isinstance(want, str):
                out.append(_Condition(column, "==", self.strings.add(want)))
            elif isinstance(want, dict) and len(want) == 1:
                op, arg = next(iter(want.items()))
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                    out.append(_Condition(column, op, frozenset(self.strings.add(a) for a in arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    out.append(_Condition(column, op, re.compile(arg)))
                else:
                    return None
            else:
                return None
        return tuple(out) if out else None

    def _row(self, values: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[_Pattern, ...], frozenset[int]]:
        """For a token with these column values: the one-token rules that apply (ascending), the longer
        patterns that may start at it, and every token spec it satisfies."""
        if len(self.table) >= MAX_ENTRIES:
            self.table.clear()
        row = dict(zip(self.columns, values, strict=True))
        candidates = set(self.always)
        for column, value in row.items():
            candidates.update(self.by_value.get((column, value), ()))
        held = frozenset(n for n in candidates if all(c.holds(row, self.strings) for c in self.specs[n]))
        rules = tuple(sorted({r for n in held for r in self.single.get(n, ())}))
        starts = tuple(p for n in sorted(held) for p in self.starts.get(n, ()))
        info = self.table[values] = (rules, starts, held)
        return info

    def _attrs_of(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        merged = self.merged.get(rules)
        if merged is None:
            merged = {}
            for rule_id in rules:  # ascending rule ids: a later rule's value wins, as in the ruler
                merged.update(self.attrs[rule_id])
            if len(self.merged) < MAX_ENTRIES:
                self.merged[rules] = merged
        return merged

    def match(self, doc: Doc) -> list[tuple[int, tuple[int, ...]]]:
        """(token index, the ids of every rule that applies to it, ascending) for every matched token."""
        n = len(doc)
        if not n:
            return []
        get, find = self.table.get, self._row
        rows = doc.to_array(self.column_ids).tolist() if self.column_ids else [[] for _ in range(n)]
        infos = []
        for row in rows:
            key = tuple(row) if isinstance(row, list) else (row,)
            info = get(key)
            infos.append(info if info is not None else find(key))
        extra: dict[int, set[int]] = {}
        for i, (_, starts, _) in enumerate(infos):
            for p in starts:
                end = i + len(p.specs)
                if end <= n and all(p.specs[k] in infos[i + k][2] for k in range(1, len(p.specs))):
                    extra.setdefault(_position(i, end, p.index, p.rule), set()).add(p.rule)
        if self.has_rest:
            for match_id, start, end in self.rest(doc, allow_missing=True):
                rule_id = int(doc.vocab.strings[match_id])
                extra.setdefault(_position(start, end, self.indices[rule_id], rule_id), set()).add(rule_id)
        out = [(i, info[0]) for i, info in enumerate(infos) if info[0] or i in extra]
        if extra:
            out = [(i, tuple(sorted({*rules, *extra.pop(i, ())}))) for i, rules in out]
            out.extend((i, tuple(sorted(rules))) for i, rules in extra.items())
            out.sort()
        return out

    def apply(self, doc: Doc, matches: list[tuple[int, tuple[int, ...]]]) -> None:
        for i, rules in matches:
            attrs = self._attrs_of(rules)
            if attrs:
                set_token_attrs(doc[i], attrs)


def _position(start: int, end: int, index: int, rule: int) -> int:
    """The token of a match ``[start, end)`` that a rule with this (possibly negative) index sets."""
    positions = range(start, end)
    try:
        return positions[index]
    except IndexError:
        raise ValueError(f"attribute rule {rule}: index {index} is outside its match") from None

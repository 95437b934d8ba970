"""Import PETRARCH-2's CAMEO verb dictionary into Dateline's ``verb_groups.tsv`` and ``verb_patterns.tsv``.

Usage (from the repository root, with the project's virtual environment)::

    python tools/import_petrarch_verbs.py /work/shared/resources/petrarch2 src/dateline/data/

A user's own verb dictionary in the same format (``--file PETR.Validate.verbs.txt``) written to any folder
replaces the packaged one when ``DATELINE_VERBS`` names that folder (``dateline.paths.verb_dict_dir``)::

    python tools/import_petrarch_verbs.py ../shared/resources/petrarch2 ~/my-verbs --file PETR.Validate.verbs.txt
    DATELINE_VERBS=~/my-verbs dateline extract ...

SOURCE_DIR must hold ``CAMEO.2.0.txt`` (openeventdata/petrarch2, MIT; the format is documented in its
``dictionaries.rst``). OUT_DIR must hold ``cameo_codes.tsv`` (codes are checked against it); the two TSV
files are written there. The package reads only them: nothing here is needed at run time.

What is imported
----------------
``CAMEO.2.0.txt`` is a list of synonym sets (``&NAME`` then ``+MEMBER`` lines) followed by verb blocks::

    ---  ASK   [---]  ---          block header, [code] of the block ([---]: no code)
    ASK     [020]                  a verb of the block, with its own code (else the block's)
    +ASK_FOR {+ASKED_FOR ...}      a multiword verb ('+' marks the verb; the other words are its dependents)
    - * {FINANCIAL HELP}   [0231]  a pattern: PRE-VERB WORDS * POST-VERB WORDS [code] # verb it came from

Every pattern of a block applies to every verb of the block (as in PETRARCH-2). Two files are written:
``verb_groups.tsv`` has one row per verb (lemma, block, its own words if multiword, its code or "" for
none, and ``code_from``: ``verb`` when the code is written on the verb's line, ``head`` when the verb names
its block, ``group`` when a synonym inherits the block's code) and ``verb_patterns.tsv`` one row per pattern of a block (block, code, slots, markers, the verb the
comment says it was written for). Writing every (verb, pattern) pair out would repeat each pattern for each
synonym (44,000 rows, 6 MB); the loader joins the two. A pattern with code ``[---]`` is kept with an empty
code: it matches and codes nothing (``STAGE`` + ``WALKOUT`` is not the bare verb's event). A pattern's words
become *slots*, each a role and the lemmas that may fill it:

- ``subj:W``   a word before ``*``: the verb's subject (or the agent of a passive);
- ``obj:W``    a word after ``*``: a direct dependent of the verb (object, passive subject, complement,
               adverb...); ``{FINANCIAL HELP}`` is the phrase ``financial_help`` (head last);
- ``prt:W``    a particle (``off``, ``up``, ``out``...);
- ``prep:P`` / ``prep:P>W``  ``(P)`` / ``(P W)``: a preposition of the verb (or of an earlier slot's
               word) and its object.

Alternatives are separated by ``|``: an ``&SYNSET`` reference is expanded into its members there
(multiword members ``_``-joined, head last, or before ``of``). Words are lemmatised with the spaCy model's
rule lemmatiser (dictionary words are upper-case surface forms: ``SANCTIONS`` -> ``sanction``). Source and
target markers (``$`` and ``+``; ``^`` and ``%`` are kept as written) go to the ``markers`` column as
``target@prep:to`` etc. A multiword verb's own words are its first slots (``+ASK_FOR`` is ``ask`` with
``prep:for``; a pattern's first object then becomes that preposition's object).

Skipped, and counted in the summary line of the output file: patterns with auxiliaries or negation before
the verb (``WILL NOT *``: modality is the modality layer's job), patterns using an undefined synset, and
codes with no forward code (``[:173]``). A verb without a code (``[---]``)
is kept with an empty code: its patterns still apply. A code ``[a:b]`` (TABARI's reciprocal pair) is imported as ``a``. A code missing from
``cameo_codes.tsv`` is replaced by its longest listed prefix (noted in the ``note`` column).

The TABARI-era file ``CAMEO.verbpatterns.150430.txt`` is not read: its patterns are linear and stemmed
(``EXTRADIT``, ``CHALLENG``), which PETRARCH-2 itself no longer reads, and of its 1,688 verbs only 23 are
missing from CAMEO.2.0, most of them inflected forms or typos (``made``, ``threw``, ``scof at``).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CAMEO2 = "CAMEO.2.0.txt"
OUT_NAME = "verb_patterns.tsv"
GROUPS_NAME = "verb_groups.tsv"

#: Words after a multiword verb that are prepositions (their object follows) or particles.
PREPOSITIONS = frozenset(
    "about above across after against along among around as at before behind below beneath beside "
    "between beyond by despite during for from in inside into near of on onto outside over since "
    "through throughout to toward towards under until upon with within without".split()
)
PARTICLES = frozenset("off up down out forward back away aside together apart ahead behind".split())
#: Pre-verb words that are auxiliaries or negation, not subjects: patterns with them are skipped.
FUNCTION_WORDS = frozenset(
    "will would shall should can could may might must not no never to is are was were".split()
)
MARKERS = frozenset("$+^%")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s(){}]+")


@dataclass(slots=True)
class Block:
    name: str
    code: str  # "" for [---]
    #: lemma, own slots (multiword verbs), code, where the code comes from (see ``code_from``)
    verbs: list[tuple[str, tuple[str, ...], str, str]] = field(default_factory=list)
    patterns: list[tuple[tuple[str, ...], tuple[str, ...], str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Stats:
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


class Lemmatiser:
    """Noun lemmas from the spaCy model's rule lemmatiser (the one the pipeline uses at run time)."""

    def __init__(self) -> None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from dateline.nlp import load_pipeline

        self.nlp = load_pipeline()
        self.lemmatizer = self.nlp.get_pipe("lemmatizer")
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str = "NOUN") -> str:
        word = word.lower()
        key = (word, pos)
        if key not in self.cache:
            from spacy.tokens import Doc

            if not word.isalpha():
                self.cache[key] = word
            else:
                doc = Doc(self.nlp.vocab, words=[word])
                doc[0].pos_ = pos
                doc[0].tag_ = "NNS" if pos == "NOUN" else ""
                self.cache[key] = self.lemmatizer.rule_lemmatize(doc[0])[0].lower()
        return self.cache[key]


def _strip_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.rstrip(), comment.strip()


def _code(text: str) -> str | None:
    """``[030]`` -> "030"; ``[---]`` -> ""; ``[042:043]`` -> "042"; ``[:173]`` -> None (no forward code)."""
    code = text.strip("[] ")
    if code.startswith("---"):
        return ""
    code = code.split(":")[0].strip()
    return code or None


def read_synsets(lines: list[str], lemma: Lemmatiser) -> dict[str, tuple[str, ...]]:
    """``&NAME`` -> its members as ``_``-joined lemma phrases."""
    synsets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in lines:
        body, _ = _strip_comment(raw)
        body = body.strip()
        if body.startswith("&"):
            current = synsets.setdefault(body.rstrip("_"), [])
        elif body.startswith("+") and current is not None:
            current.append(_phrase(body[1:].rstrip("_").replace("_", " ").split(), lemma))
        elif body:  # a block header or a verb ends a synset (smaller files define synsets between blocks)
            current = None
    return {k: tuple(dict.fromkeys(v)) for k, v in synsets.items()}


def _phrase(words: list[str], lemma: Lemmatiser) -> str:
    """Lemmas of a noun phrase, ``_``-joined; the head (last word, or the word before ``of``) as a noun."""
    low = [w.lower() for w in words]
    head = low.index("of") - 1 if "of" in low[1:] else len(low) - 1
    return "_".join(lemma(w) if i == head else w for i, w in enumerate(low))


def _alternatives(
    words: list[str], synsets: dict[str, tuple[str, ...]], lemma: Lemmatiser
) -> list[str] | None:
    """A phrase whose words may be ``&SYNSET`` references -> every ``_``-joined alternative."""
    choices: list[tuple[str, ...]] = []
    for w in words:
        if w.startswith("&"):
            members = synsets.get(w.rstrip("_"))
            if members is None:
                return None
            choices.append(members)
        else:
            choices.append((w,))
    out = []
    for combo in itertools.product(*choices):
        out.append(_phrase([p for c in combo for p in c.replace("_", " ").split()], lemma))
    return list(dict.fromkeys(out))


def parse_pattern(
    text: str, synsets: dict[str, tuple[str, ...]], lemma: Lemmatiser, stats: Stats
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """``- PRE * POST`` -> (slots, markers), or None when the pattern is skipped."""
    pre, star, post = text.partition("*")
    if not star:
        stats.skip("no '*'")
        return None
    slots: list[str] = []
    markers: list[str] = []
    for tok in _TOKEN.findall(pre):
        if tok in MARKERS:
            markers.append(f"{'source' if tok == '$' else 'target' if tok == '+' else tok}@subj")
            continue
        if tok.lower() in FUNCTION_WORDS:
            stats.skip("auxiliary or negation before the verb")
            return None
        alts = _alternatives(tok.strip("{}").split(), synsets, lemma)
        if alts is None:
            stats.skip("undefined synset")
            return None
        slots.append("subj:" + "|".join(alts))
    last: str | None = None  # the latest noun slot (a following marker refers to it)
    for tok in _TOKEN.findall(post):
        if tok in MARKERS:
            markers.append(f"{_marker(tok)}@{last or 'obj'}")
            continue
        if tok.startswith("("):
            words = tok.strip("()").split()
            prep = words[0].lower()
            rest = [w for w in words[1:] if w not in MARKERS]
            for w in words[1:]:
                if w in MARKERS:
                    markers.append(f"{_marker(w)}@prep:{prep}")
            if not rest:
                slots.append(f"prep:{prep}")
                continue
            alts = _alternatives(" ".join(rest).strip("{}").split(), synsets, lemma)
            if alts is None:
                stats.skip("undefined synset")
                return None
            slots.append(f"prep:{prep}>" + "|".join(alts))
            last = f"prep:{prep}"
            continue
        words = tok.strip("{}").split()
        if len(words) == 1 and words[0].lower() in PARTICLES:
            slots.append("prt:" + words[0].lower())
            continue
        alts = _alternatives(words, synsets, lemma)
        if alts is None:
            stats.skip("undefined synset")
            return None
        slots.append("obj:" + "|".join(alts))
        last = "obj"
    if not slots and not markers:
        return (), ()
    return tuple(slots), tuple(markers)


def _marker(tok: str) -> str:
    return {"$": "source", "+": "target"}.get(tok, tok)


def _verb_line(body: str) -> tuple[str, tuple[str, ...], str | None] | None:
    """A verb line -> (lemma, its own slots, its own code or None)."""
    code = None
    if "[" in body:
        body, _, rest = body.partition("[")
        code = _code(rest.split("]")[0])
    body = re.sub(r"\{[^}]*\}", "", body).strip()
    if not body:
        return None
    words = body.split("_")
    if len(words) == 1:
        return words[0].lstrip("+").lower(), (), code
    at = next((i for i, w in enumerate(words) if w.startswith("+")), None)
    if at is None:
        return None
    verb = words[at][1:].lower()
    slots: list[str] = []
    for i, w in enumerate(words):
        w = w.lower()
        if i == at or not w:
            continue
        if i < at:
            slots.append(f"obj:{w}")  # "WIRE_+TAP": the word before the verb modifies it
        elif w in PARTICLES:
            slots.append(f"prt:{w}")
        elif w in PREPOSITIONS:
            slots.append(f"prep:{w}")
        else:
            slots.append(f"obj:{w}")
    return verb, tuple(slots), code


def read_blocks(
    lines: list[str], synsets: dict[str, tuple[str, ...]], lemma: Lemmatiser, stats: Stats
) -> list[Block]:
    blocks: list[Block] = []
    block: Block | None = None
    in_verbs = False
    for raw in lines:
        if raw.startswith("####### VERB"):
            in_verbs = True
            continue
        if not in_verbs and raw.lstrip().startswith("--- "):
            in_verbs = True  # a file without the section marker (PETR.Validate.verbs.txt): the first block
        if not in_verbs:
            continue
        body, comment = _strip_comment(raw)
        body = body.strip()
        if not body:
            continue
        if body.startswith("---"):
            m = re.match(r"---\s*(.*?)\s*\[([^\]]*)\]", body)
            if m is None:
                stats.skip("bad block header")
                block = None
                continue
            block = Block(m.group(1), _code(m.group(2)) or "")
            blocks.append(block)
            continue
        if block is None:
            continue
        if body.startswith("-"):
            m = re.match(r"-(.*)\[([^\]]*)\]\s*$", body)
            if m is None:
                stats.skip("pattern without code")
                continue
            code = _code(m.group(2))
            if code is None:
                stats.skip("no forward code ([:x])")
                continue
            parsed = parse_pattern(m.group(1), synsets, lemma, stats)
            if parsed is None:
                continue
            if not parsed[0]:
                stats.skip("pattern without words")
                continue
            block.patterns.append((parsed[0], parsed[1], code, comment.split()[0].lower() if comment else ""))
            continue
        verb = _verb_line(body)
        if verb is None:
            stats.skip("bad verb line")
            continue
        lemma_, own, code = verb
        origin = "verb" if code is not None else "head" if lemma_ == block.name.lower() else "group"
        block.verbs.append((lemma_, own, block.code if code is None else code, origin))
    return blocks


def _checked(code: str, codes: set[str]) -> tuple[str, str]:
    """A code known to cameo_codes.tsv (or its longest listed parent), and a note when it was changed."""
    code = code.rstrip("!")
    if code in codes or not code:
        return code, ""
    for n in range(len(code) - 1, 1, -1):
        if code[:n] in codes:
            return code[:n], f"code {code} is not in cameo_codes.tsv: its parent {code[:n]}"
    return "", f"code {code} is not in cameo_codes.tsv"


def verb_rows(blocks: list[Block], source: str, codes: set[str], stats: Stats) -> Iterator[dict[str, str]]:
    """One row per verb of a block: its lemma, its own words (multiword verbs) and its code ("" for none)."""
    for block in blocks:
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for verb, own, vcode, origin in block.verbs:
            if (verb, own) in seen:
                stats.skip("duplicate verb in a block")
                continue
            seen.add((verb, own))
            code, note = _checked(vcode, codes)
            yield {"verb": verb, "group": block.name, "slots": " ".join(own), "cameo": code, "code_from": origin if code else "", "source": source,
                   "note": note}  # fmt: skip


def pattern_rows(blocks: list[Block], source: str, codes: set[str], stats: Stats) -> Iterator[dict[str, str]]:
    """One row per pattern of a block; ``cameo`` "" is a pattern that codes nothing (PETRARCH's [---])."""
    for block in blocks:
        seen: set[tuple[tuple[str, ...], str]] = set()
        members = {v[0] for v in block.verbs}
        for slots, markers, pcode, origin in block.patterns:
            origin = origin if origin in members else ""  # the comment names the verb, or a coder's initials
            code, note = _checked(pcode, codes)
            if pcode and not code:
                stats.skip("unknown code")
                continue
            if (slots, code) in seen:
                stats.skip("duplicate pattern in a block")
                continue
            seen.add((slots, code))
            yield {"group": block.name, "cameo": code, "slots": " ".join(slots), "markers": " ".join(markers),
                   "source": source, "from_verb": origin, "note": note}  # fmt: skip


HEADER = """\
# CAMEO verb {what} imported from PETRARCH-2 (openeventdata/petrarch2, MIT, commit
# 676801cd9cb2924bbbad09f86d15c9323e7097bf) by tools/import_petrarch_verbs.py: do not edit by hand, re-run it.
# Every pattern of a group applies to every verb of the group (verb_groups.tsv x verb_patterns.tsv).
# slots: the dependents needed (subj:W obj:W prt:W prep:P prep:P>W; alternatives W|W, &SYNSETs expanded;
# phrases _-joined, head last or before "of"). cameo "": no event (a [---] pattern, or a verb without a code).
# markers: PETRARCH's source ($) and target (+) markers; from_verb: the verb a pattern was written for;
# note: code adjustments.
"""


def write_tsv(path: Path, what: str, cols: list[str], rows: list[dict[str, str]], summary: str) -> None:
    text = HEADER.format(what=what) + f"# {len(rows)} rows; {summary}\n" + "\t".join(cols) + "\n"
    text += "".join("\t".join(r[c] for c in cols) + "\n" for r in rows)
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("source_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--file", default=CAMEO2, help=f"the verb file in SOURCE_DIR (default {CAMEO2}; any file in "
                    "PETRARCH-2's verb format, e.g. PETR.Validate.verbs.txt for a user dictionary)")
    ap.add_argument("--codes", type=Path, help="cameo_codes.tsv to check codes against (default: OUT_DIR's, else "
                    "the package's)")
    args = ap.parse_args(argv)
    codes_path = args.codes or args.out_dir / "cameo_codes.tsv"
    if not codes_path.is_file():
        codes_path = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "cameo_codes.tsv"
    codes = {
        line.split("\t")[0]
        for line in codes_path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    lemma = Lemmatiser()
    stats = Stats()
    lines = (args.source_dir / args.file).read_text("latin-1").splitlines()
    synsets = read_synsets(lines, lemma)
    blocks = read_blocks(lines, synsets, lemma, stats)
    verbs = list(verb_rows(blocks, args.file, codes, stats))
    patterns = list(pattern_rows(blocks, args.file, codes, stats))
    skipped = "skipped: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.skipped.items()))
    write_tsv(args.out_dir / GROUPS_NAME, "groups (verbs)", ["verb", "group", "slots", "cameo", "code_from", "source", "note"],
              verbs, skipped)  # fmt: skip
    write_tsv(args.out_dir / OUT_NAME, "patterns",
              ["group", "cameo", "slots", "markers", "source", "from_verb", "note"], patterns, skipped)  # fmt: skip
    sys.stderr.write(f"wrote {len(verbs)} verbs and {len(patterns)} patterns to {args.out_dir}; {skipped}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

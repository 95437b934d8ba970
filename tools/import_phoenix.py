"""Import the Phoenix (PETRARCH-2) actor and agent dictionaries into Dateline's packaged data.

    PYTHONPATH=src:TOOLPKGS python tools/import_phoenix.py PETRARCH2_DIR [--out src/dateline/data]

``PETRARCH2_DIR`` holds ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` from openeventdata/petrarch2 (MIT; the commit
is named in MANIFEST.tsv). The script writes ``phoenix_actors.tsv`` and ``phoenix_agents.tsv`` in our
user-dictionary format (``alias code name kind start end note``, docs/actors.md) plus a ``short`` column, and
prints what it dropped by which rule. Run it again when the sources change; the package never reads the
Phoenix files at run time. It needs, only here, ``english-words==2.0.2`` and ``names==0.3.0``
(``pip install --target TOOLPKGS english-words==2.0.2 names==0.3.0``) for the word and first-name rules.

Parsing is ``dateline.layers.actors.imports.read_petrarch`` (entries, synonyms, dated codes, codes cut to
their longest valid prefix). On top of it, this script cleans what would mislead:

* ``TMP`` (CAMEO's East Timor) is read as ISO's ``TLS``; other codes outside ours (regions such as ``MEA``,
  former states such as ``DDR``, ``USR``, ``YUG``) are not guessed at.
* ``invalid-code``: an entry or dated code with no valid prefix (``USRARM``, ``KKLREB``) is dropped
  (reported by ``read_petrarch``); so are pattern entries (``!PERSON!``).
* Aliases are split at ``+`` run-ons and parentheses: ``ISLAMIC_ARMY_OF_ADEN_(IAA)`` gives ``islamic army of
  aden`` and the acronym ``IAA``.
* ``comma``: an alias with a comma is a note, not a name (``anthony crosland, then david owen``).
* ``too-short``: a one-word alias of one or two letters.
* ``dictionary-word``: a one-word alias that is a lower-case English word (web2 word list: ``front``,
  ``lee``, ``ban``) names nothing on its own.
* ``first-name``: a one-word alias that is a common first name (US census lists: ``farah``, ``amal``).
* ``acronym``: a one-word alias of three or four letters (all Phoenix names are in capitals, so acronyms
  cannot be told from names) is kept in capitals, so it matches only when written in capitals.
* People (entries with dated codes): one-word aliases are never names on their own; they are kept in
  ``short`` and resolve only after the full name appeared in the same article.
* ``ambiguous``: an alias (normalised) given to two entries with different codes, or to two people,
  belongs to neither.
* Dates: Phoenix's 6-digit years below 30 are 20xx, others 19xx (``490120`` is 1949). A role with an open
  end (``[RUSGOV >080508]``) ends with the year of the dictionaries' vintage (the latest start of a role in
  them: 2015-02-17, so 2015-12-31), since nothing says whether the person still held it afterwards. A person's undated code (the default, usually ``XXXELI``,
  "elite: a former or future office holder") is written out as explicit rows for the stretches before,
  between and after the dated roles, up to that same end. ``backward``: a role ending before it starts.
* ``mauritania-fix``: Phoenix files Mauritania's office holders under ``MUS`` (Mauritius) right after the
  Mauritius entry; people under ``MUS`` with "Ould" in their name (a Mauritanian patronymic, not Mauritian)
  are recoded ``MRT``.
* Agents: ``WORD [~CODE]`` become sector words (``agent-not-sector``: codes that are not all sector parts,
  such as religions ``MUS``, are dropped); regular plurals are added (Phoenix removed them, relying on
  PETRARCH to generate them), ``{...}`` plurals are kept as given.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from dateline.layers.actors.data import actor_codes, normalise
from dateline.layers.actors.imports import ImportReport, UserRow, read_petrarch

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
HEADER = ("alias", "code", "name", "kind", "start", "end", "note", "short")


@dataclass
class Entry:
    """One Phoenix entry after parsing: its aliases and its rows (one per code)."""

    file: str
    line: int
    name: str
    aliases: list[str]
    rows: list[UserRow]
    shorts: list[str] = field(default_factory=list)

    @property
    def person(self) -> bool:
        return any(r.kind == "person" for r in self.rows)


@dataclass
class Words:
    """The word lists of the cleaning rules."""

    dictionary: set[str]  # lower-case English words
    first_names: set[str]


def load_words() -> Words:
    from importlib import resources  # noqa: PLC0415

    from english_words import get_english_words_set  # noqa: PLC0415

    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    firsts: set[str] = set()
    for name in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(name).read_text("utf-8")
        firsts |= {line.split()[0].lower() for line in text.splitlines() if line.strip()}
    return Words({w for w in web2 if w.islower()}, firsts)


def _split_alias(alias: str) -> list[str]:
    """``islamic army of aden (iaa)`` -> ``islamic army of aden``, ``IAA``; ``a+b`` -> ``a``, ``b``."""
    out: list[str] = []
    for part in alias.split("+"):
        inner = re.findall(r"\(([^)]*)\)", part)
        base = re.sub(r"\s*\([^)]*\)\s*", " ", part).strip()
        for a in (base, *inner):
            a = " ".join(a.replace("_", " ").split())
            if a:
                out.append(a)
    return out


def clean_alias(alias: str, words: Words, *, person: bool) -> tuple[str | None, str]:
    """The alias as written to the file (None when dropped) and the rule that decided (``""`` = kept as is)."""
    if "," in alias:
        return None, "comma"
    key = normalise(alias)
    if " " in key:
        return alias, ""
    letters = key.replace(".", "").replace("'", "")
    if person:
        return None, "person-one-word"
    if len(letters) <= 2:
        return None, "too-short"
    if letters in words.dictionary:
        return None, "dictionary-word"
    if letters in words.first_names:
        return None, "first-name"
    if len(letters) <= 4 and letters.isalpha():
        return alias.upper(), "acronym"
    return alias, ""


def entries_of(file: str, report: ImportReport) -> list[Entry]:
    """Group ``read_petrarch``'s rows (one per code, consecutive per entry) back into entries."""
    out: list[Entry] = []
    for row in report.rows:
        if out and out[-1].rows[0].alias == row.alias and out[-1].rows[0].name == row.name:
            out[-1].rows.append(row)
            continue
        aliases = [a for raw in row.alias.split("|") for a in _split_alias(raw)]
        name = re.sub(r"\s*\([^)]*\)", "", row.name).strip() or row.name  # "Islamic Army Of Aden (Iaa)"
        out.append(Entry(file, row.line, name, list(dict.fromkeys(aliases)), [row]))
    return out


def petr_vintage(entries: Iterable[Entry]) -> date:
    """The latest start of a role in the dictionaries (the last time anyone was added): after it Phoenix
    says nothing about who holds which role. (End dates run later where a term was known in advance.)"""
    return max(
        date.fromisoformat(r.start)
        for e in entries
        for r in e.rows
        if r.start and not (r.end and r.end <= r.start)
    )


def person_rows(e: Entry, until: date, dropped: Counter[str]) -> list[UserRow]:
    """Dated roles (open ends capped at ``until``) plus the default code over the stretches between them."""
    dated: list[tuple[date | None, date, UserRow]] = []
    default: UserRow | None = None
    for r in e.rows:
        if not r.start and not r.end:
            default = default or r
            continue
        start = date.fromisoformat(r.start) if r.start else None
        end = date.fromisoformat(r.end) if r.end else until
        note = r.note
        if not r.end:
            note = "; ".join(filter(None, (note, "open end in Phoenix, ended with its vintage year")))
        if start is not None and end <= start:
            dropped["backward"] += 1
            continue
        dated.append((start, end, replace(r, end=end.isoformat(), note=note)))
    dated.sort(key=lambda x: (x[0] or date.min, x[1]))
    rows = [r for _, _, r in dated]
    if default is not None:  # the stretches no dated role covers, up to the vintage
        cursor: date | None = None  # end of the stretch covered so far
        gaps: list[tuple[date | None, date]] = []
        for start, end, _ in dated:
            if cursor is None:
                if start is not None:
                    gaps.append((None, start))
                cursor = end
            else:
                if start is not None and start > cursor:
                    gaps.append((cursor, start))
                cursor = max(cursor, end)
        if cursor is None or cursor < until:
            gaps.append((cursor, until))
        for a, b in gaps:
            if a is not None and b - a <= timedelta(days=1):  # limits are inclusive in PETRARCH
                continue
            note = "; ".join(filter(None, (default.note, "Phoenix default code")))
            rows.append(replace(default, start=a.isoformat() if a else "", end=b.isoformat(), note=note))
        rows.sort(key=lambda r: (r.start or "", r.end))
    return rows


def build(src: Path, words: Words) -> tuple[list[list[str]], list[list[str]], Counter[str], date, int]:
    dropped: Counter[str] = Counter()
    entries: list[Entry] = []
    for name in ACTOR_FILES:
        text = (src / name).read_text("utf-8", errors="replace")
        report = read_petrarch(re.sub(r"\[(\s*)TMP", r"[\1TLS", text))  # CAMEO's East Timor is ISO's TLS
        for s in report.skipped:
            dropped[
                "pattern" if "pattern" in s else ("no-code" if "has no code" in s else "invalid-code")
            ] += 1
        entries += entries_of(name, report)
    vintage = petr_vintage(entries)
    until = date(vintage.year, 12, 31)  # open roles and defaults run to the end of the vintage's year

    # clean aliases; people's one-word aliases become shorts
    for e in entries:
        kept: list[str] = []
        for alias in e.aliases:
            cleaned, rule = clean_alias(alias, words, person=e.person)
            if rule == "person-one-word":
                e.shorts.append(alias)
                dropped["person-one-word (kept as a coreference-only surname)"] += 1
                continue
            if cleaned is None:
                dropped[rule] += 1
                continue
            if rule:
                dropped[rule] += 1  # counted, but kept (in capitals)
            kept.append(cleaned)
        e.aliases = kept

    # an alias given to two different meanings belongs to neither
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        meaning = f"person:{e.name}" if e.person else f"org:{e.rows[0].code}"
        for a in e.aliases:
            owners[normalise(a)].add(meaning)
    for e in entries:
        before = len(e.aliases)
        e.aliases = [a for a in e.aliases if len(owners[normalise(a)]) == 1]
        dropped["ambiguous"] += before - len(e.aliases)

    actors: list[list[str]] = []
    rows_in = 0
    for e in entries:
        if not e.aliases:
            dropped["entry-without-alias"] += 1
            continue
        rows = person_rows(e, until, dropped) if e.person else e.rows[:1]
        if re.search(r"\bould\b", e.name.lower()) and any(r.code.startswith("MUS") for r in rows):
            rows = [replace(r, code="MRT" + r.code[3:]) if r.code.startswith("MUS") else r for r in rows]
            dropped["mauritania-fix"] += 1
        rows_in += len(rows)
        for r in rows:
            src_note = f"{e.file}:{e.line}"
            note = "; ".join(filter(None, (src_note, r.note)))
            actors.append(
                ["|".join(e.aliases), r.code, e.name, r.kind, r.start, r.end, note, "|".join(e.shorts)]
            )
        if not e.person and len(e.rows) > 1:
            dropped["extra-code"] += len(e.rows) - 1

    report = read_petrarch((src / AGENT_FILE).read_text("utf-8", errors="replace"))
    for s in report.skipped:
        dropped["agent-pattern" if "pattern" in s else "agent-invalid-code"] += 1
    agents: list[list[str]] = []
    seen: dict[str, str] = {}
    kinds = actor_codes()
    for r in report.rows:
        if any(kinds.get(r.code[i : i + 3], ("",))[0] != "sector" for i in range(0, len(r.code), 3)):
            dropped["agent-not-sector"] += 1  # MUS (Phoenix's Muslims, our Mauritius), IMG
            continue
        forms: list[str] = []
        raw = r.alias.split("|")
        given_plurals = len(raw) > 1
        for a in raw:
            forms.append(" ".join(a.split()))
        if not given_plurals:
            forms.append(plural(forms[0]))
        forms = [f for f in dict.fromkeys(forms) if f and "!" not in f]
        keep = []
        for f in forms:
            key = normalise(f)
            if key in seen and seen[key] != r.code:
                dropped["agent-ambiguous"] += 1
                continue
            if key in seen:
                continue
            seen[key] = r.code
            keep.append(f)
        if keep:
            agents.append(["|".join(keep), r.code, keep[0], "sector", "", "", f"{AGENT_FILE}:{r.line}", ""])
    return actors, agents, dropped, vintage, rows_in


def plural(phrase: str) -> str:
    """The regular plural of a phrase's last word (``worker`` -> ``workers``, ``authority`` -> ``authorities``)."""
    head, _, last = phrase.rpartition(" ")
    if not last:
        return phrase
    if re.search(r"[^aeiou]y$", last):
        p = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        p = last + "es"
    else:
        p = last + "s"
    return f"{head} {p}".strip()


def write(path: Path, rows: list[list[str]], comment: list[str]) -> None:
    lines = [f"# {c}" for c in comment] + ["\t".join(HEADER)] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="folder with the Phoenix dictionaries")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "src/dateline/data")
    args = parser.parse_args(argv)
    actors, agents, dropped, vintage, _ = build(args.src, load_words())
    until = date(vintage.year, 12, 31)
    common = [
        "Imported by tools/import_phoenix.py from the Phoenix dictionaries of PETRARCH-2",
        "(openeventdata/petrarch2, MIT, Copyright (c) 2014 Open Event Data Alliance; see MANIFEST.tsv).",
        "Do not edit by hand: change the script and run it again. Loaded beneath our own files: our",
        "countries/igos/organisations/leaders win wherever they know the name (docs/actors.md).",
    ]
    write(
        args.out / "phoenix_actors.tsv",
        actors,
        [
            *common,
            f"Vintage (latest start of a role in the sources): {vintage.isoformat()}; open roles end {until.isoformat()}.",
            "note: source file:line; short: one-word names that resolve only after the full name.",
        ],
    )
    write(args.out / "phoenix_agents.tsv", agents, [*common, "Agent words -> sector codes (kind sector)."])
    out = sys.stdout
    out.write(
        f"phoenix_actors.tsv: {len(actors)} rows; phoenix_agents.tsv: {len(agents)} rows; vintage {vintage}\n"
    )
    for rule, n in sorted(dropped.items()):
        out.write(f"  {rule}\t{n}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

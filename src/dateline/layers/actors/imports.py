"""User actor dictionaries: read PETRARCH/Phoenix actor and agent files, or our own TSV, into our TSV format.

Our format (one file per imported dictionary in the user dictionary folder, see ``actor_data.user_dict_dir``):
a header ``alias code name kind start end note``; ``alias`` may list alternatives separated by ``|``;
``kind`` is ``person`` (dated roles), ``org`` (a name with a fixed code) or ``sector`` (a word -> sector codes).

PETRARCH actor files: an entry line ``NAME_ [CODE]`` (words joined by ``_``), ``+SYNONYM_`` lines, and dated
code lines ``[CODE YYMMDD-YYMMDD]``, ``[CODE >YYMMDD]`` (from), ``[CODE <YYMMDD]`` (until). Agent files:
``WORD_ {PLURAL_} [~CODE]``. Comments start with ``#`` (or are ``<!-- ... -->``). Codes are cut to their
longest valid prefix (``AFGINSTAL`` -> ``AFGINS``); entries without any valid code are skipped and counted.
Agent files may define substitutions (``!PERSON! = MAN, MEN, WOMAN``) and use them in later entries
(``CONGRESS!PERSON!`` -> congressman, congressmen, ...; ``!MINST!_OF_X`` -> minister of x, ministry of x ...).
A code block may list alternatives (``[FRO/BIL/SAM]``): the first valid one is used and the others are noted.
``recode`` maps a dictionary's own country codes to ours before the check (TABARI-era ``UAR`` -> ``EGY``, or
the invented countries of PETRARCH's validation suite to spare ISO codes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from .data import USER_HEADER, code_problem

_CODE_RE = re.compile(r"\[\s*~?([A-Za-z]+(?:/[A-Za-z]+)*)\s*~?\s*([<>]?\s*\d{6,8}(?:\s*-\s*\d{6,8})?)?\s*\]")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True, slots=True)
class UserRow:
    alias: str  # alternatives separated by |
    code: str
    name: str
    kind: str  # person | org | sector
    start: str = ""
    end: str = ""
    note: str = ""
    line: int = 0  # where the entry starts in the source (not written to the TSV)

    def tsv(self) -> str:
        return "\t".join((self.alias, self.code, self.name, self.kind, self.start, self.end, self.note))


@dataclass(slots=True)
class ImportReport:
    rows: list[UserRow]
    skipped: list[str]  # "line N: reason"


def valid_prefix(code: str) -> str:
    """The longest prefix of ``code`` (whole 3-letter parts) that is a valid actor code, or ``""``."""
    code = code.upper()
    for n in range(len(code) // 3, 0, -1):
        if code_problem(code[: 3 * n]) is None:
            return code[: 3 * n]
    return ""


def recode_first(code: str, recode: Mapping[str, str]) -> str:
    """``code`` with its first 3-letter part replaced by ``recode[part]`` when there is one."""
    code = code.upper()
    return recode.get(code[:3], code[:3]) + code[3:] if recode else code


def parse_recode(specs: Iterable[str]) -> dict[str, str]:
    """``{"ARN": "ABW"}`` from ``["ARN=ABW"]``; raises ValueError on anything but two 3-letter codes."""
    out: dict[str, str] = {}
    for spec in specs:
        old, sep, new = spec.upper().partition("=")
        old, new = old.strip(), new.strip()
        if not sep or len(old) != 3 or len(new) != 3 or not (old + new).isalpha():
            raise ValueError(f"recode {spec!r} is not OLD=NEW with two 3-letter codes")
        out[old] = new
    return out


_SUBST_DEF_RE = re.compile(r"^!([A-Za-z]+)!\s*=\s*(.+)$")
_SUBST_USE_RE = re.compile(r"!([A-Za-z]+)!")


def _expand(head: str, subst: Mapping[str, list[str]]) -> list[str]:
    """Every spelling of an entry head with ``!NAME!`` substitutions (``CONGRESS!PERSON!`` -> ``CONGRESSMAN``,
    ...); ``[]`` when it uses an undefined substitution."""
    m = _SUBST_USE_RE.search(head)
    if m is None:
        return [head]
    words = subst.get(m.group(1).upper())
    if not words:
        return []
    return [x for w in words for x in _expand(head[: m.start()] + w + head[m.end() :], subst)]


def _words(token: str) -> str:
    return " ".join(w for w in token.strip().strip("_").split("_") if w)


def _title(name: str) -> str:
    """``afro asian people's front`` -> ``Afro Asian People's Front`` (``str.title`` gives ``People'S``)."""
    return re.sub(r"(^|[\s\-(])([a-z])", lambda m: m.group(1) + m.group(2).upper(), name)


def _petr_date(text: str) -> date:
    digits = text.strip()
    if len(digits) == 8:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    yy = int(digits[:2])  # Phoenix's 6-digit dates run from the 1930s ("490120" is 1949) to 2015
    return date((1900 if yy >= 30 else 2000) + yy, int(digits[2:4]), int(digits[4:6]))


def _range(spec: str | None) -> tuple[str, str]:
    if not spec:
        return "", ""
    spec = spec.replace(" ", "")
    if spec.startswith(">"):
        return _petr_date(spec[1:]).isoformat(), ""
    if spec.startswith("<"):
        return "", _petr_date(spec[1:]).isoformat()
    a, _, b = spec.partition("-")
    return _petr_date(a).isoformat(), (_petr_date(b).isoformat() if b else "")


def _clean_lines(text: str) -> Iterator[tuple[int, str]]:
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield lineno, line


def read_petrarch(text: str, recode: Mapping[str, str] | None = None) -> ImportReport:
    """Rows of a PETRARCH/Phoenix actor or agent dictionary (the kind is detected per entry); ``recode`` maps
    the first part of each code (a country code of the dictionary's own codebook) to ours."""
    rows: list[UserRow] = []
    skipped: list[str] = []
    entry: dict[str, object] | None = None
    subst: dict[str, list[str]] = {}  # !PERSON! = MAN, MEN, WOMAN, ...

    def flush() -> None:
        if entry is None:
            return
        names = [str(n) for n in entry["names"]]  # type: ignore[attr-defined]
        codes: list[tuple[str, str, str, int]] = entry["codes"]  # type: ignore[assignment]
        if not codes:
            skipped.append(f"line {entry['line']}: {names[0]!r} has no code")
            return
        dated = any(s or e for _, s, e, _ in codes)
        for raws, s, e, lineno in codes:
            alternatives = raws.split("/")
            found = [(raw, valid_prefix(recode_first(raw, recode or {}))) for raw in alternatives]
            raw, code = next(((r, c) for r, c in found if c), (raws, ""))
            if not code:
                skipped.append(f"line {lineno}: {names[0]!r}: no valid prefix in code {raws!r}")
                continue
            kind = "sector" if entry["agent"] else ("person" if dated else "org")
            note = f"imported from PETRARCH code {raw}" if code != raw.upper() else ""
            if len(alternatives) > 1:
                note = "; ".join(filter(None, [note, f"PETRARCH block {raws}: first valid alternative used"]))
            rows.append(
                UserRow(
                    "|".join(names),
                    code,
                    _title(names[0]) if kind != "sector" else names[0],
                    kind,
                    s,
                    e,
                    note,
                    int(str(entry["line"])),
                )
            )

    for lineno, line in _clean_lines(text):
        stripped = line.strip()
        if stripped.startswith("+"):
            if entry is not None:
                entry["names"].append(_words(stripped[1:]).lower())  # type: ignore[attr-defined]
            continue
        if stripped.startswith("["):
            if entry is not None:
                _add_codes(entry, stripped, lineno, skipped)
            continue
        if m_sub := _SUBST_DEF_RE.match(stripped):
            subst[m_sub.group(1).upper()] = [w.strip() for w in m_sub.group(2).split(",") if w.strip()]
            continue
        head = re.split(r"[\[{]", stripped, maxsplit=1)[0]
        heads = _expand(head, subst)
        if not heads or stripped.startswith("-"):
            skipped.append(f"line {lineno}: pattern entries are not supported")
            continue
        flush()
        plurals = [_words(p).lower() for p in re.findall(r"\{([^}]*)\}", stripped)]
        entry = {
            "names": list(dict.fromkeys([*(_words(h).lower() for h in heads), *[p for p in plurals if p]])),
            "codes": [],
            "line": lineno,
            "agent": "~" in stripped,
        }
        _add_codes(entry, stripped, lineno, skipped)
    flush()
    return ImportReport(rows, skipped)


def _add_codes(entry: dict[str, object], line: str, lineno: int, skipped: list[str]) -> None:
    """The ``[CODE dates]`` blocks of one line, added to the entry being read."""
    for m in _CODE_RE.finditer(line):
        try:
            s, e = _range(m.group(2))
        except ValueError:
            skipped.append(f"line {lineno}: bad date {m.group(2)!r}")
            continue
        entry["codes"].append((m.group(1), s, e, lineno))  # type: ignore[attr-defined]


def read_dateline(text: str) -> ImportReport:
    """Rows of a dictionary already in our format (checked: valid codes, known kinds, forward dates)."""
    rows: list[UserRow] = []
    skipped: list[str] = []
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = {"alias", "code"} - set(header)
            if missing:
                return ImportReport([], [f"line {lineno}: header lacks {sorted(missing)}"])
            continue
        row = dict(zip(header, cells, strict=False))
        problem = code_problem(row.get("code", ""))
        kind = row.get("kind") or "org"
        if problem or not row.get("alias") or kind not in ("person", "org", "sector"):
            skipped.append(f"line {lineno}: {problem or 'empty alias or unknown kind'}")
            continue
        try:
            s = date.fromisoformat(row["start"]) if row.get("start") else None
            e = date.fromisoformat(row["end"]) if row.get("end") else None
        except ValueError:
            skipped.append(f"line {lineno}: bad date")
            continue
        if s and e and e <= s:
            skipped.append(f"line {lineno}: date range runs backwards")
            continue
        rows.append(
            UserRow(
                row["alias"],
                row["code"],
                row.get("name") or row["alias"].split("|")[0],
                kind,
                row.get("start", ""),
                row.get("end", ""),
                row.get("note", ""),
                lineno,
            )
        )
    return ImportReport(rows, skipped)


def user_tsv(rows: Iterable[UserRow], source: str) -> str:
    """A user dictionary file in our format."""
    lines = [f"# Imported by `dateline actors import` from {source}", "\t".join(USER_HEADER)]
    lines += [r.tsv() for r in rows]
    return "\n".join(lines) + "\n"

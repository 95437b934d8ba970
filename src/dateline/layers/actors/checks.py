"""Checks of the actor data files, reported as ``path:line: problem`` (called by ``dateline.checks.validate_all``).

Every code must be valid against ``cameo_actor_codes.tsv``, every date range must run forward, and no alias may
mean two different actors.
"""

from __future__ import annotations

from datetime import date

import pycountry

from ...data import read_tsv
from .data import CODE_FILE, PHOENIX_ACTORS, PHOENIX_AGENTS, actor_codes, code_problem, normalise

_COUNTRY_KINDS = frozenset({"name", "demonym", "capital", "seat", "anaphor"})
_CODE_KINDS = frozenset({"country", "international", "sector", "organisation"})
_NOT_ISO = frozenset({"KSV"})


def validate_actor_data() -> list[str]:
    problems: list[str] = []
    problems += _check_codes()
    meaning: dict[str, tuple[str, str]] = {}  # normalised alias -> (code, where)
    problems += _check_aliases("countries.tsv", "alias", "code", meaning, kinds=_COUNTRY_KINDS)
    problems += _check_aliases("igos.tsv", "alias", "code", meaning)
    problems += _check_aliases("organisations.tsv", "alias", "code", meaning)
    problems += _check_leaders()
    problems += _check_sectors()
    problems += _check_phoenix()
    return problems


def _check_codes() -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    iso = {c.alpha_3 for c in pycountry.countries}
    for lineno, row in read_tsv(CODE_FILE):
        code, kind = row.get("code", ""), row.get("kind", "")
        where = f"{CODE_FILE}:{lineno}"
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            problems.append(f"{where}: code {code!r} is not three upper-case letters")
        if code in seen:
            problems.append(f"{where}: duplicate code {code!r}")
        seen.add(code)
        if kind not in _CODE_KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if kind == "country" and code not in iso and code not in _NOT_ISO:
            problems.append(f"{where}: {code!r} is not an ISO 3166-1 alpha-3 code")
        if not row.get("description"):
            problems.append(f"{where}: missing description")
    missing = iso - seen
    if missing:
        problems.append(f"{CODE_FILE}: ISO countries missing: {sorted(missing)}")
    return problems


def _check_aliases(
    name: str,
    alias_col: str,
    code_col: str,
    meaning: dict[str, tuple[str, str]],
    *,
    kinds: frozenset[str] = frozenset(),
) -> list[str]:
    problems: list[str] = []
    for lineno, row in read_tsv(name):
        where = f"{name}:{lineno}"
        alias, code = row.get(alias_col, ""), row.get(code_col, "")
        if not alias or alias.strip() != alias:
            problems.append(f"{where}: empty alias or outer spaces")
            continue
        problem = code_problem(code)
        if problem:
            problems.append(f"{where}: {problem}")
        if kinds and row.get("kind") not in kinds:
            problems.append(f"{where}: unknown kind {row.get('kind')!r}")
        key = normalise(alias)
        if key in meaning and meaning[key][0] != code:
            problems.append(
                f"{where}: alias {alias!r} is {code} here but {meaning[key][0]} at {meaning[key][1]}"
            )
        meaning.setdefault(key, (code, where))
    return problems


def _check_leaders() -> list[str]:
    problems: list[str] = []
    owner: dict[str, tuple[str, str]] = {}  # normalised name/alias -> (person, where)
    for lineno, row in read_tsv("leaders.tsv"):
        where = f"leaders.tsv:{lineno}"
        person, code = row.get("person", ""), row.get("code", "")
        if not person or not row.get("role"):
            problems.append(f"{where}: needs person and role")
        problem = code_problem(code)
        if problem:
            problems.append(f"{where}: {problem}")
        if row.get("country") != code[:3]:
            problems.append(f"{where}: country {row.get('country')!r} does not match code {code!r}")
        if row.get("leader") not in ("yes", "no"):
            problems.append(f"{where}: leader must be yes or no")
        try:
            start, end = _row_dates(row)
        except ValueError as exc:
            problems.append(f"{where}: bad date ({exc})")
            continue
        if start is None:
            problems.append(f"{where}: missing start date")
        elif end is not None and end <= start:
            problems.append(f"{where}: date range runs backwards ({start} .. {end})")
        for alias in [person, *filter(None, row.get("aliases", "").split("|"))]:
            key = normalise(alias)
            if key in owner and owner[key][0] != person:
                problems.append(f"{where}: name {alias!r} also belongs to {owner[key][0]} ({owner[key][1]})")
            owner.setdefault(key, (person, where))
    return problems


def _check_sectors() -> list[str]:
    problems: list[str] = []
    codes = actor_codes()
    seen: set[str] = set()
    for lineno, row in read_tsv("sectors.tsv"):
        where = f"sectors.tsv:{lineno}"
        word, sector = row.get("word", ""), row.get("sector", "")
        if not word or word != word.lower():
            problems.append(f"{where}: word {word!r} must be lower case")
        parts = [sector[i : i + 3] for i in range(0, len(sector), 3)]
        if (
            not parts
            or len(sector) % 3
            or any(codes.get(p, ("",))[0] != "sector" and p != "NGO" for p in parts)
        ):
            problems.append(f"{where}: {sector!r} is not a sequence of sector codes")
        if row.get("person") not in ("yes", "no"):
            problems.append(f"{where}: person must be yes or no")
        key = normalise(word)
        if key in seen:
            problems.append(f"{where}: duplicate word {word!r}")
        seen.add(key)
    return problems


def _check_phoenix() -> list[str]:
    """The imported Phoenix files: valid codes and kinds, forward dates, no alias with two meanings."""
    problems: list[str] = []
    codes = actor_codes()
    meaning: dict[str, tuple[str, str]] = {}  # normalised alias -> (meaning, where)
    for name in (PHOENIX_ACTORS, PHOENIX_AGENTS):
        for lineno, row in read_tsv(name):
            where = f"{name}:{lineno}"
            code, kind = row.get("code", ""), row.get("kind", "")
            if kind == "sector":
                parts = [code[i : i + 3] for i in range(0, len(code), 3)]
                bad = not parts or len(code) % 3 or any(codes.get(p, ("",))[0] != "sector" for p in parts)
                problem = f"{code!r} is not a sequence of sector codes" if bad else None
            elif kind in ("org", "person"):
                problem = code_problem(code)
            else:
                problem = f"unknown kind {kind!r}"
            if problem:
                problems.append(f"{where}: {problem}")
            try:
                start, end = _row_dates(row)
            except ValueError as exc:
                problems.append(f"{where}: bad date ({exc})")
                continue
            if start is not None and end is not None and end <= start:
                problems.append(f"{where}: date range runs backwards ({start} .. {end})")
            what = f"{kind}:{row.get('name') if kind == 'person' else code}"
            for alias in filter(None, row.get("alias", "").split("|")):
                key = f"{kind == 'sector'}:{normalise(alias)}"
                if key in meaning and meaning[key][0] != what:
                    problems.append(f"{where}: alias {alias!r} is {what} here but {meaning[key][0]} at {meaning[key][1]}")
                meaning.setdefault(key, (what, where))
    return problems


def _row_dates(row: dict[str, str]) -> tuple[date | None, date | None]:
    """A row's ``start`` and ``end`` (ISO dates, either may be empty); ValueError on a bad one."""
    start = date.fromisoformat(row["start"]) if row.get("start") else None
    end = date.fromisoformat(row["end"]) if row.get("end") else None
    return start, end

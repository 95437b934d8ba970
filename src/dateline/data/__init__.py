"""Versioned data files (ontologies, dictionaries, lexicons, schemas), listed in ``MANIFEST.tsv``.

Files are read with ``importlib.resources`` (never relative to the working directory). Each TSV file has
``#`` comment lines, then a header row; ``validate_all()`` reports problems as ``path:line: problem``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources


def read_tsv(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row of a TSV data file; comments and blank lines skipped."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        yield lineno, dict(zip(header, cells, strict=False))


def manifest() -> list[dict[str, str]]:
    """The MANIFEST rows: file, version, source, description."""
    return [row for _, row in read_tsv("MANIFEST.tsv")]


def validate_all() -> list[str]:
    """Problems in the data files, as ``path:line: problem`` strings (empty when all is well)."""
    problems: list[str] = []
    root = resources.files(__name__)
    listed = set()
    for lineno, row in read_tsv("MANIFEST.tsv"):
        name = row.get("file", "")
        listed.add(name)
        if not root.joinpath(name).is_file():
            problems.append(f"MANIFEST.tsv:{lineno}: listed file {name!r} does not exist")
        for field in ("version", "source", "description"):
            if not row.get(field):
                problems.append(f"MANIFEST.tsv:{lineno}: {name}: missing {field}")
    for entry in root.iterdir():
        if entry.name.endswith((".tsv", ".json", ".jsonl")) and entry.name != "MANIFEST.tsv" and entry.name not in listed:
            problems.append(f"{entry.name}: not listed in MANIFEST.tsv")
    problems.extend(_validate_agencies())
    from ..extract.event_codes import validate_event_codes  # late: extract modules import this package
    from ..extract.triggers import validate_triggers

    problems.extend(validate_event_codes())
    problems.extend(validate_triggers())
    from ..extract.cues import validate_cues

    problems.extend(validate_cues())
    from ..extract.actor_validation import validate_actor_data  # noqa: PLC0415 - the validators read data/

    problems.extend(validate_actor_data())
    from ..extract.gazetteer import validate_data as validate_gazetteer_data
    from ..extract.timex_values import validate_timex_words

    problems.extend(validate_gazetteer_data())
    problems.extend(validate_timex_words())
    return problems


def _validate_agencies() -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for lineno, row in read_tsv("agencies.tsv"):
        alias, name = row.get("alias", ""), row.get("name", "")
        if not alias or not name:
            problems.append(f"agencies.tsv:{lineno}: needs alias and name")
        elif alias != alias.lower() or alias.strip() != alias:
            problems.append(f"agencies.tsv:{lineno}: alias {alias!r} must be lower case without outer spaces")
        elif alias in seen:
            problems.append(f"agencies.tsv:{lineno}: duplicate alias {alias!r}")
        seen.add(alias)
    return problems


@functools.cache
def load_agencies() -> dict[str, str]:
    """Lower-cased agency name or abbreviation -> canonical agency name."""
    return {row["alias"]: row["name"] for _, row in read_tsv("agencies.tsv")}

"""Versioned data files (ontologies, dictionaries, lexicons, schemas), listed in ``MANIFEST.tsv``.

Files are read with ``importlib.resources`` (never relative to the working directory). Each TSV file has
``#`` comment lines, then a header row. This package imports nothing from ``dateline``: the layers read
it, and ``dateline.checks.validate_all()`` reports problems in any data file as ``path:line: problem``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources


def read_tsv(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row of a TSV data file; comments and blank lines skipped."""
    return parse_tsv(resources.files(__name__).joinpath(name).read_text("utf-8"))


def parse_tsv(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row of TSV text in the data files' format (``#`` comments, then
    a header row); used for the packaged files and for users' own files in the same format."""
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


def validate_files() -> list[str]:
    """Problems with the MANIFEST and the files it lists, and in the agency list, as ``path:line: problem``.

    Each layer checks its own data files (``dateline.checks.validate_all`` runs them all).
    """
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

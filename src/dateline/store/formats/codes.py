"""What the export formats derive from codes: a CAMEO code's quad class, base and root codes and Goldstein
value, and the parts of a CAMEO-style actor code.

Read from the packaged data files (``cameo_codes.tsv``: Goldstein values; ``cameo_actor_codes.tsv``: what each
3-letter part of an actor code is), once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from dateline.data import read_tsv

#: QuadClass by CAMEO root: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
_QUADS = ((1, 5, 1), (6, 8, 2), (9, 13, 3), (14, 20, 4))


def quad_class(cameo: str) -> int | None:
    """The CAMEO quad class of a code (from its two-digit root), ``None`` for a malformed code."""
    root = cameo[:2]
    if len(root) != 2 or not root.isdigit():
        return None
    n = int(root)
    return next((quad for lo, hi, quad in _QUADS if lo <= n <= hi), None)


def base_code(cameo: str) -> str:
    """GDELT's EventBaseCode: the three-digit parent of a four-digit code, else the code itself."""
    return cameo[:3] if len(cameo) > 3 else cameo


def root_code(cameo: str) -> str:
    return cameo[:2]


@functools.cache
def _goldstein() -> dict[str, float]:
    return {row["code"]: float(row["goldstein"]) for _, row in read_tsv("cameo_codes.tsv")}


def goldstein(cameo: str, stored: float | None = None) -> float | None:
    """The Goldstein value of a CAMEO code from ``cameo_codes.tsv``; ``stored`` (the event's own value)
    for a code the table lacks."""
    return _goldstein().get(cameo, stored)


@functools.cache
def _actor_parts() -> dict[str, str]:
    """3-letter actor code part -> its kind (country | international | sector | organisation)."""
    return {row["code"]: row["kind"] for _, row in read_tsv("cameo_actor_codes.tsv")}


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A CAMEO-style actor code taken apart: ``country`` (ISO 3166-1 alpha-3, or ``None``), ``group`` (the
    first organisation code, e.g. ``UNO``, GDELT's KnownGroupCode), ``types`` (international and sector
    codes in order: ``IGO``, ``GOV``, ``DIP``)."""

    code: str
    country: str | None
    group: str | None
    types: tuple[str, ...]


def split_actor_code(code: str) -> ActorCode:
    """``RUSGOVDIP`` -> country RUS, types (GOV, DIP); ``IGOUNOUSC`` -> group UNO, types (IGO,); ``GOV`` ->
    types (GOV,). Parts that are not in ``cameo_actor_codes.tsv`` (user dictionaries may add some) count
    as types, except a first part, which counts as the country."""
    kinds = _actor_parts()
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = group = None
    types: list[str] = []
    for i, part in enumerate(parts):
        kind = kinds.get(part)
        if i == 0 and (kind == "country" or kind is None):
            country = part
        elif kind == "organisation":
            group = group or part
        else:
            types.append(part)
    return ActorCode(code=code, country=country, group=group, types=tuple(types))

"""The event ontology: CAMEO codes with Goldstein values, PLOVER types and modes, and the crosswalk between them.

Loaded once per process from ``cameo_codes.tsv``, ``plover.tsv`` and ``cameo_plover.tsv`` (see
``dateline.data``); ``validate_event_codes()`` reports problems in those files as ``path:line: problem``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...data import read_tsv

#: The PLOVER types of docs/contract.md.
PLOVER_TYPES: frozenset[str] = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip

_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    goldstein: float
    label: str


@dataclass(frozen=True, slots=True)
class Coding:
    """What a CAMEO code means in PLOVER: type, mode (or None) and the code's Goldstein value."""

    cameo: str
    plover: str
    mode: str | None
    goldstein: float | None


@functools.cache
def cameo_codes() -> dict[str, CameoCode]:
    """CAMEO code -> its label and Goldstein value."""
    out: dict[str, CameoCode] = {}
    for _, row in read_tsv("cameo_codes.tsv"):
        out[row["code"]] = CameoCode(row["code"], float(row["goldstein"]), row["label"])
    return out


@functools.cache
def plover_modes() -> dict[str, frozenset[str]]:
    """PLOVER type -> the modes Dateline uses for it."""
    modes: dict[str, set[str]] = {}
    for _, row in read_tsv("plover.tsv"):
        entry = modes.setdefault(row["type"], set())
        if row.get("mode"):
            entry.add(row["mode"])
    return {k: frozenset(v) for k, v in modes.items()}


@functools.cache
def crosswalk() -> dict[str, tuple[str, str | None]]:
    """CAMEO code prefix -> (PLOVER type, mode or None)."""
    return {row["cameo"]: (row["plover"], row.get("mode") or None) for _, row in read_tsv("cameo_plover.tsv")}


@functools.cache
def coding(cameo: str) -> Coding | None:
    """The PLOVER coding of a CAMEO code (longest crosswalk prefix), or None when it has no PLOVER type."""
    table = crosswalk()
    for n in range(len(cameo), 1, -1):
        hit = table.get(cameo[:n])
        if hit is not None:
            known = cameo_codes().get(cameo)
            return Coding(cameo, hit[0], hit[1], known.goldstein if known else None)
    return None


def validate_event_codes() -> list[str]:
    """Problems in cameo_codes.tsv, plover.tsv and cameo_plover.tsv as ``path:line: problem``."""
    problems: list[str] = []
    seen: set[str] = set()
    for lineno, row in read_tsv("cameo_codes.tsv"):
        code = row.get("code", "")
        where = f"cameo_codes.tsv:{lineno}"
        if not _CODE.match(code):
            problems.append(f"{where}: malformed CAMEO code {code!r}")
        elif code in seen:
            problems.append(f"{where}: duplicate CAMEO code {code!r}")
        elif len(code) > 2 and code[: len(code) - 1] not in seen and code[:2] not in seen:
            problems.append(f"{where}: CAMEO code {code!r} has no parent code above it")
        seen.add(code)
        try:
            g = float(row.get("goldstein", ""))
            if not -10.0 <= g <= 10.0:
                problems.append(f"{where}: Goldstein value {g} outside [-10, 10]")
        except ValueError:
            problems.append(f"{where}: Goldstein value {row.get('goldstein')!r} is not a number")
        if not row.get("label"):
            problems.append(f"{where}: missing label")
    types_seen: set[tuple[str, str]] = set()
    for lineno, row in read_tsv("plover.tsv"):
        where = f"plover.tsv:{lineno}"
        key = (row.get("type", ""), row.get("mode", ""))
        if key[0] not in PLOVER_TYPES:
            problems.append(f"{where}: {key[0]!r} is not a PLOVER type of docs/contract.md")
        if key in types_seen:
            problems.append(f"{where}: duplicate type/mode {key}")
        types_seen.add(key)
        if not row.get("description"):
            problems.append(f"{where}: missing description")
    missing = PLOVER_TYPES - {t for t, _ in types_seen}
    if missing:
        problems.append(f"plover.tsv: PLOVER types without a row: {sorted(missing)}")
    prefixes: set[str] = set()
    for lineno, row in read_tsv("cameo_plover.tsv"):
        where = f"cameo_plover.tsv:{lineno}"
        code, ptype, mode = row.get("cameo", ""), row.get("plover", ""), row.get("mode", "")
        if code not in seen:
            problems.append(f"{where}: CAMEO code {code!r} is not in cameo_codes.tsv")
        if code in prefixes:
            problems.append(f"{where}: duplicate crosswalk entry for {code!r}")
        prefixes.add(code)
        if ptype not in PLOVER_TYPES:
            problems.append(f"{where}: {ptype!r} is not a PLOVER type")
        elif mode and (ptype, mode) not in types_seen:
            problems.append(f"{where}: mode {mode!r} is not defined for {ptype} in plover.tsv")
    return problems


#: How an outer "intent/request/reject/threat" code absorbs the event it governs ("agreed to meet" -> 036,
#: "urged a withdrawal" -> 106, "threatened to attack" -> 138): (outer root, inner code prefix) -> code.
#: The longest matching inner prefix wins; CAMEO's code structure, written out.
_COMPLEMENT: dict[tuple[str, str], str] = {
    ("03", "04"): "036", ("03", "045"): "039", ("03", "05"): "032", ("03", "06"): "031", ("03", "061"): "0311",
    ("03", "062"): "0312", ("03", "063"): "0313", ("03", "064"): "0314", ("03", "07"): "033",
    ("03", "071"): "0331", ("03", "072"): "0332", ("03", "073"): "0333", ("03", "074"): "0334",
    ("03", "08"): "035", ("03", "081"): "0351", ("03", "082"): "0352", ("03", "084"): "0353",
    ("03", "085"): "0354", ("03", "086"): "0355", ("03", "087"): "0356", ("03", "083"): "034",
    ("03", "0831"): "0341", ("02", "083"): "024", ("02", "0831"): "0241", ("10", "083"): "104",
    ("10", "0831"): "1041", ("12", "083"): "123", ("12", "0831"): "1231", ("12", "03"): "120", ("12", "036"): "125",
    ("02", "04"): "026", ("02", "045"): "028", ("02", "05"): "022", ("02", "06"): "021", ("02", "07"): "023",
    ("02", "08"): "025", ("02", "081"): "0251", ("02", "082"): "0252", ("02", "084"): "0253",
    ("02", "085"): "0254", ("02", "086"): "0255", ("02", "087"): "0256",
    ("10", "04"): "108", ("10", "05"): "102", ("10", "06"): "101", ("10", "07"): "103", ("10", "08"): "105",
    ("10", "081"): "1051", ("10", "082"): "1052", ("10", "084"): "1053", ("10", "085"): "1054",
    ("10", "086"): "1055", ("10", "087"): "1056", ("10", "0871"): "107", ("10", "0874"): "106",
    ("12", "04"): "125", ("12", "045"): "126", ("12", "06"): "121", ("12", "07"): "122", ("12", "08"): "124",
    ("12", "081"): "1241", ("12", "082"): "1242", ("12", "084"): "1243", ("12", "085"): "1244",
    ("12", "086"): "1245", ("12", "087"): "1246",
    ("13", "14"): "133", ("13", "16"): "131", ("13", "161"): "1313", ("13", "162"): "1311", ("13", "163"): "1312",
    ("13", "164"): "134", ("13", "165"): "135", ("13", "166"): "136", ("13", "17"): "137", ("13", "172"): "132",
    ("13", "18"): "138", ("13", "19"): "138", ("13", "20"): "138", ("13", "191"): "1381", ("13", "192"): "1382",
    ("13", "190"): "1384", ("13", "204"): "1385",
}  # fmt: skip


#: CAMEO roots of hostile acts: a stated intent to do one of these is a threat (13), not intent (03).
CONFLICT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})


def specialise(outer: str, inner: str) -> str:
    """The code of an outer event that governs an inner one ("agreed" + "meet" -> 036); else ``outer``."""
    if len(outer) > 3 or outer[2:] not in ("", "0"):
        return outer  # already specific
    root = outer[:2]
    for n in range(len(inner), 1, -1):
        hit = _COMPLEMENT.get((root, inner[:n]))
        if hit is not None:
            return hit
    return outer


#: What halting an event means ("called off the strike", "halted talks"): event code prefix -> code.
_HALTED: dict[str, str] = {
    "14": "080", "18": "087", "19": "087", "20": "087", "15": "087", "04": "164", "045": "165",
    "16": "085", "161": "054", "17": "081", "06": "160", "07": "162",
}  # fmt: skip


def halted(code: str) -> str | None:
    """The code for halting an event of ``code`` (a strike -> yield 080, attacks -> de-escalate 087), or None."""
    for n in range(len(code), 1, -1):
        hit = _HALTED.get(code[:n])
        if hit is not None:
            return hit
    return None

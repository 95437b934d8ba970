"""PETRARCH's unit-test suite as a measure of Dateline's event coding: the share of its codings Dateline finds.

PETRARCH (openeventdata/petrarch2, MIT) ships ``PETR.UnitTest.records.xml``: ~284 short sentences about
invented actors (Arnor, Gondor, Mordor, ...), each with the codings PETRARCH must produce
(``<EventCoding sourcecode= targetcode= eventcode=>``) or ``noevents``, coded with ``PETR.Validate.actors.txt``
and ``PETR.Validate.agents.txt``. This script

1. reads the records (``read_records``);
2. imports the two dictionaries **through ``dateline actors import``** into a temporary user dictionary
   folder. Our codes are checked against ISO 3166, so the suite's own country codes are recoded on import
   (``--recode``): TABARI-era codes of real countries to their ISO code (``KUW`` -> ``KWT``), invented
   countries to spare ISO codes of uninhabited territories (``ARN`` -> ``ATA``, see ``code_map``). Gold
   codes are read through the same map, so the comparison is in our codebook;
3. runs ``dateline extract --from jsonl -`` (the contract) on the sentences, the record's date as
   ``published``, with ``DATELINE_DICT`` pointing at that folder;
4. compares (``score``).

Comparison. A gold coding ``(source, target, event)`` is *found* when one output event of its sentence has
- the same CAMEO code (``exact``), or the same 2-digit root (``root``), and
- a source and a target entry whose codes match the gold codes, either by their country part (``country``:
  the first 3 letters; PETRARCH's ``---`` "no country" matches an entry without a country or an empty side)
  or in full (``full``: the gold code cut to its longest valid prefix in our codebook, e.g. ``ARNGOVFRM`` ->
  ``ARNGOV``; ``---GOV`` -> ``GOV``).
Compound actors are lists on our side, so an event matches each gold coding of any (source, target) pair it
contains. The headline number is *exact code + country*. An output event is *extra* when it matches no gold
coding of its sentence (at that level). Not scored: codings whose event code is not CAMEO (the suite's
``901``-``908`` synonym-set and ``174L`` pattern codes, which exist only in PETR.Validate.verbs.txt) or
whose actor is a quoted name (PETRARCH's output for actors missing from its dictionary), and the
``bad_input_parse``/``dateline`` error records; a sentence left with nothing to score is skipped entirely.
``noevents`` and discard records (``sentencediscard``/``storydiscard``) expect no event: any output there is
a false alarm.

    python bench/petrarch_units.py [--resources ../shared/resources/petrarch2] [--json] [--misses]

Needs the suite (not part of this repository); exits 2 with a message when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT.parent / "shared" / "resources" / "petrarch2"
RECORDS = "PETR.UnitTest.records.xml"
ACTORS = "PETR.Validate.actors.txt"
AGENTS = "PETR.Validate.agents.txt"
VERBS = "PETR.Validate.verbs.txt"

# TABARI-era codes of real countries in PETR.Validate.actors.txt -> ISO 3166 / our international codes.
LEGACY = {
    "BUL": "BGR", "IBR": "IGO", "IMF": "IGO", "INS": "IDN", "IVO": "CIV", "JAP": "JPN", "KUW": "KWT",
    "LEB": "LBN", "LTH": "LTU", "MOM": "OMN", "NZE": "NZL", "PAL": "PSE", "ROC": "TWN", "ROM": "ROU",
    "UAE": "ARE", "UAR": "EGY", "UNK": "GBR", "UNO": "IGO", "ZAM": "ZMB", "ZBW": "ZWE", "EEC": "IGO",
}  # fmt: skip
# Spare ISO codes (uninhabited or tiny territories no test sentence names) for the invented countries.
SPARE = (
    "ATA ATF BVT HMD IOT SGS UMI CCK CXR NFK PCN TKL WLF SJM SPM NIU MSR FLK SHN BLM MAF SXM BES CUW ALA "
    "GGY JEY IMN AIA ABW ASM MNP TCA VGB VIR COK GUM PYF NCL MYT REU GLP MTQ GUF"
).split()


@dataclass(frozen=True, slots=True)
class Coding:
    source: str
    target: str
    event: str


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    category: str
    date: str  # YYYY-MM-DD
    text: str
    codings: tuple[Coding, ...]
    noevents: bool  # noevents="True", or a discard record
    error: str  # PETRARCH's error attribute (storydiscard, sentencediscard, bad_input_parse, dateline) or ""


def read_records(path: Path) -> list[Record]:
    """The ``<Sentence>`` records of a PETRARCH validation file, in file order."""
    out: list[Record] = []
    for s in ET.parse(path).getroot().iter("Sentence"):
        codings, noevents, error = [], False, ""
        for ec in s.findall("EventCoding"):
            if ec.get("noevents", "").strip().lower() == "true":
                noevents = True
            elif ec.get("error"):
                error = ec.get("error", "")
                noevents = noevents or error in ("sentencediscard", "storydiscard")
            else:
                codings.append(
                    Coding(ec.get("sourcecode", ""), ec.get("targetcode", ""), ec.get("eventcode", ""))
                )
        raw = s.get("date", "")
        out.append(
            Record(
                id=s.get("id", ""),
                category=s.get("category", ""),
                date=f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if len(raw) == 8 else "",
                text=" ".join((s.findtext("Text") or "").split()),
                codings=tuple(codings),
                noevents=noevents,
                error=error,
            )
        )
    return out


# --- codes -------------------------------------------------------------------------------------------


def _first_parts(resources: Path, records: Iterable[Record]) -> set[str]:
    """The first 3-letter part of every code in the actor dictionary and in the gold codings."""
    text = re.sub(r"<!--.*?-->", "", (resources / ACTORS).read_text("utf-8", errors="replace"), flags=re.S)
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    parts = {
        alt[:3].upper()
        for block in re.findall(r"\[\s*~?([A-Za-z]{3}[A-Za-z/]*)", text)
        for alt in block.split("/")
    }
    for r in records:
        for c in r.codings:
            parts.update(code[:3] for code in (c.source, c.target) if code[:3].isalpha())
    return parts


def code_map(resources: Path, records: Iterable[Record]) -> dict[str, str]:
    """The suite's first code parts that are not ours -> ours: ``LEGACY`` for real countries, spare ISO codes
    (in sorted order, so the map is stable) for the invented ones."""
    from dateline.layers.actors.data import actor_codes

    codes = actor_codes()
    used = _first_parts(resources, records)
    spare = iter(s for s in SPARE if s not in used)
    out: dict[str, str] = {}
    for part in sorted(used):
        if codes.get(part, ("",))[0] in ("country", "international"):
            continue
        if part in LEGACY:
            out[part] = LEGACY[part]
        elif codes.get(part, ("",))[0] != "sector":  # a sector alone (NGM) stays
            out[part] = next(spare)
    return out


def ours(code: str, recode: dict[str, str]) -> str:
    """A gold code in our codebook: ``---`` dropped, first part recoded, cut to its longest valid prefix."""
    from dateline.layers.actors.imports import valid_prefix

    code = code.strip()
    while code.startswith("---"):
        code = code[3:]
    if not code:
        return ""
    if code[:3] in recode:
        code = recode[code[:3]] + code[3:]
    return valid_prefix(code)


def country_of(code: str) -> str:
    """The country (or international) part of one of our codes, ``""`` for none."""
    from dateline.layers.actors.data import split_code

    return (split_code(code)[0] or "") if code else ""


def scorable(c: Coding, cameo: set[str]) -> bool:
    return c.event in cameo and '"' not in c.source + c.target and "#" not in c.source + c.target


# --- running Dateline ----------------------------------------------------------------------------------


def import_dictionaries(resources: Path, folder: Path, recode: dict[str, str]) -> list[str]:
    """Import the suite's actors and agents with ``dateline actors import`` (the CLI, in-process)."""
    from click.testing import CliRunner

    from dateline.cli import cli

    messages = []
    for name, args in (
        (ACTORS, [f"--recode={k}={v}" for k, v in sorted(recode.items())]),
        (AGENTS, []),
    ):
        result = CliRunner().invoke(
            cli, ["actors", "import", str(resources / name), "--dict", str(folder), *args]
        )
        if result.exit_code != 0:
            raise RuntimeError(f"dateline actors import {name} failed: {result.output}")
        messages.append(result.output.strip().splitlines()[-1])
    return messages


def run_extract(
    records: list[Record], folder: Path, model: str = "sm", verbs: Path | None = None
) -> dict[str, dict[str, Any]]:
    """``dateline extract --from jsonl -`` on the records (a subprocess, so the user folders are read fresh)."""
    lines = [json.dumps({"id": r.id, "text": r.text, "published": r.date or None}) for r in records]
    env = dict(os.environ, DATELINE_DICT=str(folder))
    env.pop("DATELINE_VERBS", None)
    if verbs is not None:
        env["DATELINE_VERBS"] = str(verbs)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "dateline", "extract", "--from", "jsonl", "--model", model, "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"dateline extract failed ({proc.returncode}): {proc.stderr[-2000:]}")
    out = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            out[item["id"]] = item
    return out


# --- scoring -------------------------------------------------------------------------------------------

LEVELS = ("exact+country", "exact+full", "root+country", "root+full", "dyad+country", "dyad+full")


@dataclass
class Report:
    sentences: int = 0
    skipped: list[str] = field(default_factory=list)
    unscored_codings: int = 0
    gold: int = 0
    found: Counter[str] = field(default_factory=Counter)  # level -> gold codings found
    output_events: int = 0
    extra: Counter[str] = field(default_factory=Counter)  # level -> output events matching no gold
    by_root: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    noevent_sentences: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: Counter[str] = field(default_factory=Counter)  # why a gold coding was not found
    # record family (id prefix: COMPOUND, PASSIVE, ...) -> counts
    by_family: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    miss_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def share(self, level: str) -> float:
        return self.found[level] / self.gold if self.gold else 0.0

    def extra_share(self, level: str) -> float:
        return self.extra[level] / self.output_events if self.output_events else 0.0


def _side_codes(side: list[dict[str, Any]]) -> list[str]:
    return [e.get("code") or "" for e in side] or [""]


def _actor_match(gold: str, side: list[dict[str, Any]], full: bool) -> bool:
    codes = _side_codes(side)
    if full:
        return gold in codes
    return country_of(gold) in {country_of(c) for c in codes}


def _matches(g: Coding, event: dict[str, Any], level: str) -> bool:
    code_level, actor_level = level.split("+")
    cameo = str(event.get("cameo") or "")
    if code_level == "exact" and cameo != g.event:
        return False
    if code_level == "root" and cameo[:2] != g.event[:2]:
        return False
    full = actor_level == "full"
    return _actor_match(g.source, event["source"], full) and _actor_match(g.target, event["target"], full)


def _why_missed(g: Coding, out: dict[str, Any]) -> str:
    """Why a gold coding was not found with its exact code: first whether its dyad was found at all."""
    events = out.get("events") or []
    if "error" in out:
        return "extract error"
    if any(_matches(g, e, "root+country") for e in events):
        return "code: right dyad and root, other sub-code"
    if any(_matches(g, e, "dyad+country") for e in events):
        return "code: right dyad, other root"
    if not events:
        return "dyad: no event in the sentence"
    countries = {country_of(a.get("code") or "") for a in out.get("actors") or []}
    if any(country_of(c) and country_of(c) not in countries for c in (g.source, g.target)):
        return "dyad: a gold actor is not resolved anywhere in the sentence"
    src = [e for e in events if _actor_match(g.source, e["source"], False)]
    tgt = [e for e in events if _actor_match(g.target, e["target"], False)]
    if src:
        return "dyad: source right, target " + ("missing" if all(not e["target"] for e in src) else "other")
    if tgt:
        return "dyad: target right, source " + ("missing" if all(not e["source"] for e in tgt) else "other")
    if any(
        _actor_match(g.target, e["source"], False) and _actor_match(g.source, e["target"], False)
        for e in events
    ):
        return "dyad: source and target swapped"
    return "dyad: events with other actors only"


def score(records: list[Record], outputs: dict[str, dict[str, Any]], recode: dict[str, str]) -> Report:
    from dateline.data import read_tsv

    cameo = {row["code"] for _, row in read_tsv("cameo_codes.tsv")}
    rep = Report()
    for r in records:
        if r.error in ("bad_input_parse", "dateline"):
            rep.skipped.append(f"{r.id} ({r.error})")
            continue
        gold_all = [c for c in r.codings if scorable(c, cameo)]
        rep.unscored_codings += len(r.codings) - len(gold_all)
        if not gold_all and not r.noevents:
            rep.skipped.append(f"{r.id} (no CAMEO coding)")
            continue
        rep.sentences += 1
        out = outputs.get(r.id, {"error": "missing"})
        events = out.get("events") or []
        gold = list(
            dict.fromkeys(Coding(ours(c.source, recode), ours(c.target, recode), c.event) for c in gold_all)
        )
        if r.noevents and not gold:
            rep.noevent_sentences += 1
            if events:
                rep.false_alarms.append(f"{r.id}: {', '.join(_show(e, recode) for e in events)}")
        rep.output_events += len(events)
        for level in LEVELS:
            rep.extra[level] += sum(1 for e in events if not any(_matches(g, e, level) for g in gold))
        for g in gold:
            rep.gold += 1
            root = g.event[:2]
            family = r.id.rsplit("-", 1)[0] if "-" in r.id and not r.id.startswith("AFP") else "AFP/other"
            rep.by_root[root]["gold"] += 1
            rep.by_family[family]["gold"] += 1
            for level in LEVELS:
                if any(_matches(g, e, level) for e in events):
                    rep.found[level] += 1
                    rep.by_root[root][level] += 1
                    rep.by_family[family][level] += 1
            if not any(_matches(g, e, "exact+country") for e in events):
                why = _why_missed(g, out)
                rep.misses[why] += 1
                gs, gt = theirs(g.source, recode), theirs(g.target, recode)
                rep.miss_examples[why].append(
                    f"{r.id} [{gs}>{gt}:{g.event}] got: "
                    f"{', '.join(_show(e, recode) for e in events) or '-'} | {r.text}"
                )
        for e in events:
            root = str(e.get("cameo") or "")[:2]
            rep.by_root[root]["output"] += 1
            if not any(_matches(g, e, "exact+country") for g in gold):
                rep.by_root[root]["extra"] += 1
    return rep


def theirs(code: str, recode: dict[str, str]) -> str:
    """One of our codes shown in the suite's codebook (spare ISO codes back to the invented countries)."""
    back = {v: k for k, v in recode.items() if k not in LEGACY}
    return back.get(code[:3], code[:3]) + code[3:] if code else "---"


def _show(e: dict[str, Any], recode: dict[str, str]) -> str:
    def side(s: list[dict[str, Any]]) -> str:
        return "+".join(theirs(x.get("code") or "", recode) for x in s) or "-"

    return f"{side(e['source'])}>{side(e['target'])}:{e.get('cameo')}"


def import_verbs(resources: Path, folder: Path) -> str:
    """The suite's own verb dictionary (``PETR.Validate.verbs.txt``) through ``tools/import_petrarch_verbs.py``
    into ``folder``, to be used in place of the packaged one (``DATELINE_VERBS``)."""
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_petrarch_verbs.py"), str(resources), str(folder),
         "--file", VERBS],
        capture_output=True, text=True, check=False,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))),
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"importing {VERBS} failed: {proc.stderr[-2000:]}")
    return proc.stderr.strip().splitlines()[-1]


def measure(resources: Path = RESOURCES, model: str = "sm", verbs: str = "suite") -> tuple[Report, dict[str, Any]]:
    """Read the suite, import its dictionaries, run Dateline, score. Returns the report and run details.

    ``verbs="suite"`` codes with the suite's own verb dictionary (as PETRARCH's tests are meant to be run: it
    measures our matching, roles and actors, not the codes of a test fixture); ``"packaged"`` with Dateline's
    packaged PETRARCH-2 dictionary (the codes then mostly differ by design)."""
    records = read_records(resources / RECORDS)
    recode = code_map(resources, records)
    with tempfile.TemporaryDirectory(prefix="dateline-petrarch-") as tmp:
        folder = Path(tmp) / "dict"
        imported = import_dictionaries(resources, folder, recode)
        verb_dir = None
        if verbs == "suite":
            verb_dir = Path(tmp) / "verbs"
            imported.append(import_verbs(resources, verb_dir))
        outputs = run_extract(records, folder, model, verb_dir)
    details = {"recode": recode, "imported": imported, "records": len(records), "verbs": verbs}
    return score(records, outputs, recode), details


def format_report(rep: Report, details: dict[str, Any], misses: bool = False) -> str:
    lines = [
        f"PETRARCH unit-test suite ({details['verbs']} verbs): {details['records']} records, {rep.sentences} scored "
        f"({len(rep.skipped)} skipped, {rep.unscored_codings} non-CAMEO or quoted-name codings not scored)",
        *(f"  import: {m}" for m in details["imported"]),
        f"gold codings: {rep.gold}; output events: {rep.output_events}",
        "",
        f"{'level':<15} {'found':>12} {'share':>7} {'extra':>12} {'share':>7}",
    ]
    for level in LEVELS:
        lines.append(
            f"{level:<15} {rep.found[level]:>5}/{rep.gold:<6} {rep.share(level):>7.3f} "
            f"{rep.extra[level]:>5}/{rep.output_events:<6} {rep.extra_share(level):>7.3f}"
        )
    lines += [
        "",
        f"noevents/discard sentences: {rep.noevent_sentences}, with spurious output: {len(rep.false_alarms)}",
        *(f"  {f}" for f in rep.false_alarms),
        "",
        "by CAMEO root (gold codings found at exact/root/dyad + country; output events of that root, extra):",
    ]
    for root in sorted(rep.by_root):
        c = rep.by_root[root]
        lines.append(
            f"  {root or '--'}: gold {c['gold']:>3}  exact {c['exact+country']:>3}  root {c['root+country']:>3}"
            f"  dyad {c['dyad+country']:>3}   output {c['output']:>3}  extra {c['extra']:>3}"
        )
    lines += ["", "by record family (gold codings found at exact/root/dyad + country):"]
    for fam, c in sorted(rep.by_family.items(), key=lambda kv: -kv[1]["gold"]):
        lines.append(
            f"  {fam:<12} gold {c['gold']:>3}  exact {c['exact+country']:>3}  root {c['root+country']:>3}"
            f"  dyad {c['dyad+country']:>3}"
        )
    lines += ["", "why gold codings were not found with their exact code (dyad: not even the actors):"]
    lines += [f"  {n:>4}  {why}" for why, n in rep.misses.most_common()]
    if misses:
        for why, examples in rep.miss_examples.items():
            lines += ["", f"== {why}"] + [f"  {x}" for x in examples]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resources", type=Path, default=RESOURCES, help="folder with the PETRARCH files")
    ap.add_argument("--model", default="sm", help="spaCy model for dateline extract (default: sm)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--misses", action="store_true", help="list every missed coding with the output")
    ap.add_argument("--verbs", choices=("suite", "packaged"), default="suite",
                    help="code with the suite's own verb dictionary (default) or Dateline's packaged one")
    args = ap.parse_args(argv)
    if not (args.resources / RECORDS).is_file():
        print(f"petrarch_units: {args.resources / RECORDS} not found", file=sys.stderr)
        return 2
    rep, details = measure(args.resources, args.model, args.verbs)
    if args.json:
        print(
            json.dumps(
                {
                    "gold": rep.gold,
                    "output_events": rep.output_events,
                    "found": {lv: rep.share(lv) for lv in LEVELS},
                    "extra": {lv: rep.extra_share(lv) for lv in LEVELS},
                    "noevent_sentences": rep.noevent_sentences,
                    "false_alarms": len(rep.false_alarms),
                    "by_root": {k: dict(v) for k, v in sorted(rep.by_root.items())},
                    "misses": dict(rep.misses),
                    "recode": details["recode"],
                },
                indent=2,
            )
        )
    else:
        print(format_report(rep, details, args.misses))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())

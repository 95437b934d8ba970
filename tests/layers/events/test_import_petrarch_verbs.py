"""tools/import_petrarch_verbs.py on a small dictionary written for this test in PETRARCH-2's format."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]

SAMPLE = """\
# a comment
####### SYNONYM SETS #######

&VEHICLE
+TRUCK
+ARMORED_CAR

&GOODS_
+GRAIN

####### VERB PATTERNS #######

---  HAUL   [070]  ---
HAUL
CART {CARTS CARTED CARTING }  [071]   # a coder's note
+SHIP_OUT {+SHIPS_OUT +SHIPPED_OUT }
- * &VEHICLE                          [072]   # HAUL
- * {RELIEF SUPPLIES}                 [073]   # CART
- * (TO +)                            [042:043]   # HAUL
- * WASTE                             [---]   # HAUL
- * (BEFORE JUDGE)                    [:173]   # HAUL
- &GOODS * (FROM $)                   [061]   # HAUL

---  PONDER   [---]  ---
PONDER
- * OFFER                             [030]   # PONDER
"""

CODES = (
    "code\tgoldstein\tlabel\n030\t0\ta\n042\t0\tb\n061\t0\tc\n070\t0\td\n071\t0\te\n072\t0\tf\n073\t0\tg\n"
)


@pytest.fixture(scope="module")
def importer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_petrarch_verbs", ROOT / "tools" / "import_petrarch_verbs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def imported(
    importer: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[dict[str, str]]]:
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out")
    (src / "CAMEO.2.0.txt").write_text(SAMPLE, "latin-1")
    (out / "cameo_codes.tsv").write_text(CODES, "utf-8")
    assert importer.main([str(src), str(out)]) == 0
    return {name: _rows(out / name) for name in ("verb_groups.tsv", "verb_patterns.tsv")}


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_verbs_with_their_codes(imported: dict[str, list[dict[str, str]]]) -> None:
    verbs = {(r["verb"], r["slots"]): (r["cameo"], r["code_from"]) for r in imported["verb_groups.tsv"]}
    assert verbs[("haul", "")] == ("070", "head")  # the block's code, and the verb names the block
    assert verbs[("cart", "")] == ("071", "verb")  # its own code; irregular forms dropped
    assert verbs[("ship", "prt:out")] == ("070", "group")  # a multiword verb: the verb and its particle
    assert verbs[("ponder", "")] == ("", "")  # a [---] block: no code, but its patterns are kept


def test_patterns(imported: dict[str, list[dict[str, str]]]) -> None:
    pats = {(r["group"], r["slots"]): r for r in imported["verb_patterns.tsv"]}
    assert pats[("HAUL", "obj:truck|armored_car")]["cameo"] == "072"  # a synset expanded, phrases _-joined
    assert pats[("HAUL", "obj:relief_supply")]["from_verb"] == "cart"  # a braced phrase, its head lemmatised
    to = pats[("HAUL", "prep:to")]
    assert to["cameo"] == "042" and to["markers"] == "target@prep:to"  # [042:043] -> the forward code
    assert pats[("HAUL", "obj:waste")]["cameo"] == ""  # a [---] pattern matches and codes nothing
    assert not any(">judge" in slots for _, slots in pats)  # [:173] has no forward code: skipped
    goods = pats[("HAUL", "subj:grain prep:from")]
    assert goods["markers"] == "source@prep:from"
    assert pats[("PONDER", "obj:offer")]["cameo"] == "030"
    assert pats[("HAUL", "obj:truck|armored_car")]["from_verb"] == "haul"
    assert all(r["from_verb"] in ("", "haul", "cart", "ponder") for r in pats.values())  # never initials


def test_unknown_code_takes_its_listed_parent(importer: ModuleType) -> None:
    assert importer._checked("0734", {"073"}) == (
        "073",
        "code 0734 is not in cameo_codes.tsv: its parent 073",
    )
    assert importer._checked("073", {"073"}) == ("073", "")

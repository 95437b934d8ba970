"""Import PETRARCH-2's discard list into ``src/dateline/data/discards.tsv``.

Usage: ``python tools/import_petrarch_discards.py ../shared/resources/petrarch2/Phoenix.discards.txt
src/dateline/data/discards.tsv``

The Phoenix discard list (openeventdata/petrarch2, MIT) names phrases that mark text not to be coded:
sports, entertainment, disasters, history. Its rules (petrarch2 ``dictionaries.rst``, "Discard List"): a
phrase found in a sentence means the sentence is not coded; a phrase prefixed with ``+`` means the whole
story is not coded; a phrase ending in ``_`` must end at a word boundary, otherwise it is a stem (matched at
the start of a word, any ending); matching ignores case. Comments start with ``#``.

Output columns: ``phrase`` (lower case, single spaces), ``scope`` (``sentence`` | ``article``), ``match``
(``word`` | ``stem``), ``source`` (file:line).

Left out: entries that mark a sentence's *time* rather than its topic: bare years (1914 ... 2014), phrases
with a year ("april 1942"), "... ago", "... later", "millennium" and the world wars. Phoenix coded same-day
news feeds and used them to skip history; Dateline codes background events too and dates them with the
timex layer, so a sentence about an old war, or one saying "two weeks ago", is still coded.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HEADER = (
    "# PETRARCH-2 discard phrases, imported by tools/import_petrarch_discards.py from Phoenix.discards.txt\n"
    "# (openeventdata/petrarch2, MIT). scope: sentence = the sentence is not coded; article = the article is\n"
    "# not coded. match: word = the phrase ends at a word boundary; stem = any word ending.\n"
    "phrase\tscope\tmatch\tsource\n"
)


_TIME_MARKER = re.compile(r"^\d+$|\b\d{4}\b|\bago\b|\blater\b|\bmillennium\b|\bworld war\b|\bnapoleonic wars\b")


def convert(lines: list[str], name: str) -> list[str]:
    rows: dict[str, str] = {}
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        scope = "sentence"
        if line.startswith("+"):
            scope, line = "article", line[1:].strip()
        match = "stem"
        if line.endswith("_"):
            match, line = "word", line.rstrip("_").strip()
        phrase = re.sub(r"\s+", " ", line.replace("_", " ")).lower()
        if not phrase or _TIME_MARKER.search(phrase):
            continue
        if phrase in rows and scope == "sentence":
            continue  # an article-level entry wins over a sentence-level duplicate
        rows[phrase] = f"{phrase}\t{scope}\t{match}\t{name}:{n}"
    return [rows[k] for k in sorted(rows)]


def main(argv: list[str]) -> int:
    src, dst = Path(argv[1]), Path(argv[2])
    rows = convert(src.read_text(encoding="utf-8", errors="replace").splitlines(), src.name)
    dst.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    sys.stderr.write(f"{len(rows)} discard phrases -> {dst}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Terminal presentation. Article text is untrusted: it is shown through ``rich.text.Text`` (never parsed
as markup) after control characters (escape sequences, bells, carriage returns) are made visible."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any, NoReturn

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Extraction

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

LABEL_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "GPE": "bold green",
    "LOC": "green",
    "FAC": "green",
    "NORP": "yellow",
    "DATE": "blue",
    "TIME": "blue",
}


def safe(text: str | None) -> str:
    """Untrusted text with terminal control characters (and bidi overrides) replaced by visible escapes.

    Every replacement is one character (U+FFFD-free ``\\x1b`` would change length), so offsets stay valid:
    we substitute the visible symbol U+2426 for each control character.
    """
    if not text:
        return ""
    return _CONTROL.sub("\u2426", text)


def markup_safe(text: str | None) -> str:
    """Untrusted text for a Rich markup string: control characters made visible, ``[`` escaped."""
    from rich.markup import escape

    return escape(safe(text))


def hide_password(url: str) -> str:
    """A database URL for messages, its password replaced by ``***``."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def plain(text: str | None) -> Text:
    return Text(safe(text))


def console_for(stream: IO[str] | None = None) -> Console:
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=False)


def err_console() -> Console:
    return Console(file=sys.stderr, highlight=False)


def fail(message: str, status: int = 2) -> NoReturn:
    click.echo(f"dateline: {safe(message)}", err=True)
    sys.exit(status)


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> Text:
    """The text with each ``(start, end, style)`` span styled; offsets index ``text``."""
    out = Text(safe(text))
    for start, end, style in spans:
        if 0 <= start < end <= len(text):
            out.stylize(style, start, end)
    return out


def entities_table(ex: Extraction) -> Table:
    a = ex.article
    title = safe(a.title or a.external_id or a.origin)
    table = Table(title=Text(title), title_justify="left", show_lines=False)
    table.add_column("label")
    table.add_column("entity")
    table.add_column("offsets", justify="right")
    for e in ex.entities:
        if e.field == "text":
            table.add_row(
                Text(e.label, style=LABEL_STYLES.get(e.label, "")), plain(e.text), f"{e.start}-{e.end}"
            )
    meta = [a.source or "", a.published.isoformat() if a.published else "no date", a.url or ""]
    table.caption = Text(safe(" | ".join(m for m in meta if m)))
    return table


def rows_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*(plain(_fmt(r.get(c))) for c in columns))
    return table


def json_default(v: Any) -> Any:
    """``json.dumps`` fallback: dates as ISO strings, anything else as its string."""
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def as_dict(row: Any) -> dict[str, Any]:
    """A typed row (a dataclass, nested ones included) as plain data; a dict as it is."""
    return (
        dataclasses.asdict(row) if dataclasses.is_dataclass(row) and not isinstance(row, type) else dict(row)
    )


def emit_rows(
    rows: Sequence[Any],
    out_format: str,
    *,
    columns: list[str],
    flat: Callable[[Any], dict[str, Any]] | None = None,
    table_columns: list[str] | None = None,
    title: str | None = None,
) -> None:
    """Print query rows (typed rows from the store, or dicts) as ``jsonl`` (every field, nested),
    ``csv`` or a ``table`` (rows flattened by ``flat``). CSV cells a spreadsheet would run as formulas
    are neutralised."""
    if out_format == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(as_dict(r), default=json_default, ensure_ascii=True) + "\n")
        return
    shown = [flat(r) for r in rows] if flat else [as_dict(r) for r in rows]
    if out_format == "csv":
        from ..store.export import neutralise

        w = csv.writer(sys.stdout)
        w.writerow(columns)
        for r in shown:
            w.writerow([_csv_cell(r.get(c), neutralise) for c in columns])
        return
    console_for().print(rows_table(shown, table_columns or columns, title))


def _csv_cell(v: Any, neutralise: Callable[[str], str]) -> Any:
    if v is None:
        return ""
    if isinstance(v, str):
        return neutralise(v)
    return json_default(v) if isinstance(v, date) else v


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    s = str(v)
    return s if len(s) <= 80 else s[:77] + "..."

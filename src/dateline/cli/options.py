"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..ingest import DEFAULT_MAX_BYTES, FieldMap

F = TypeVar("F", bound=Callable[..., Any])

FORMATS_IN = ("auto", "wire", "text", "html", "jsonl", "csv")
DEFAULT_DB = "dateline.db"


def model_option(f: F) -> F:
    return click.option(
        "--model",
        "-m",
        default=None,
        metavar="sm|md|NAME|PATH",
        help="spaCy model: sm (default; official en_core_web_sm if installed), md, a package name or a path. "
        "Also read from $DATELINE_MODEL.",
    )(f)


def db_option(f: F) -> F:
    return click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="DATELINE_DB",
        metavar="URL",
        help="Database: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://user@host/db). Also $DATELINE_DB.",
    )(f)


def input_options(f: F) -> F:
    """--from, the field map for JSONL/CSV corpora, and the size limit."""
    opts = [
        click.option(
            "--from",
            "fmt",
            type=click.Choice(FORMATS_IN),
            default="auto",
            show_default=True,
            help="Input format; auto detects it from content and extension.",
        ),
        click.option("--id-field", default="id", show_default=True, help="JSONL/CSV: the id column."),
        click.option("--text-field", default="text", show_default=True, help="JSONL/CSV: the text column."),
        click.option("--title-field", default="title", show_default=True, help="JSONL/CSV: the headline column."),
        click.option("--date-field", default="published", show_default=True, help="JSONL/CSV: the date column."),
        click.option("--url-field", default="url", show_default=True, help="JSONL/CSV: the URL column."),
        click.option("--source-field", default="source", show_default=True, help="JSONL/CSV: the outlet column."),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Refuse files and records larger than this (a recorded failure, not a crash).",
        ),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def field_map(kw: dict[str, Any]) -> FieldMap:
    return FieldMap(
        id=kw.pop("id_field"),
        text=kw.pop("text_field"),
        title=kw.pop("title_field"),
        published=kw.pop("date_field"),
        url=kw.pop("url_field"),
        source=kw.pop("source_field"),
    )

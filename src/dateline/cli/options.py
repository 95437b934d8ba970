"""Options shared by several commands, defined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..ingest import DEFAULT_MAX_BYTES, FieldMap, WarcFilter

F = TypeVar("F", bound=Callable[..., Any])

FORMATS_IN = ("auto", "wire", "text", "html", "jsonl", "csv", "warc")
DEFAULT_DB = "dateline.db"


class Duration(click.ParamType):
    """A time span: ``30s``, ``15m``, ``1h``, ``500ms`` or plain seconds (``2.5``); converted to seconds."""

    name = "duration"
    _UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "": 1.0}
    _FORM = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|)")

    def __init__(self, minimum: float = 0.0) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            seconds = float(value)
        else:
            m = self._FORM.fullmatch(str(value).strip().lower())
            if m is None:
                self.fail(f"{value!r} is not a duration (use e.g. 30s, 15m, 1h)", param, ctx)
            seconds = float(m[1]) * self._UNITS[m[2]]
        if seconds < self.minimum:
            self.fail(f"{value!r} is shorter than {self.minimum:g}s", param, ctx)
        return seconds


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
        click.option(
            "--title-field", default="title", show_default=True, help="JSONL/CSV: the headline column."
        ),
        click.option(
            "--date-field", default="published", show_default=True, help="JSONL/CSV: the date column."
        ),
        click.option("--url-field", default="url", show_default=True, help="JSONL/CSV: the URL column."),
        click.option(
            "--source-field", default="source", show_default=True, help="JSONL/CSV: the outlet column."
        ),
        click.option(
            "--host", "warc_hosts", multiple=True, metavar="HOST",
            help="WARC: only pages from this host (subdomains too); repeatable.",
        ),
        click.option(
            "--since", "warc_since", type=click.DateTime(["%Y-%m-%d"]), default=None,
            help="WARC: only pages fetched on or after this day (YYYY-MM-DD).",
        ),
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


def workers_option(f: F) -> F:
    """--workers, --scheduler and --time-budget: where the extraction runs and how long an article may take
    (``scale.Execution``)."""
    from ..scale import default_workers

    f = click.option(
        "--scheduler", default=None, metavar="tcp://HOST:PORT|local", envvar="DATELINE_SCHEDULER",
        help="Run the extraction on a Dask cluster: a running scheduler's address, or `local` for a cluster "
        "of --workers processes on this machine. Also $DATELINE_SCHEDULER.",
    )(f)
    f = click.option(
        "--time-budget", "time_budget", type=Duration(), default=None, metavar="SECONDS",
        help="Time allowed per article (NLP and every layer); past it the article is a recorded failure E204 and "
        "the run goes on. 0: no budget. Default $DATELINE_TIME_BUDGET, else 30 s.",
    )(f)
    return click.option(
        "--workers", type=click.IntRange(min=1), default=default_workers, show_default="the cores, or $DATELINE_WORKERS",
        help="Worker processes for extraction (each loads the model once); 1 extracts in this process. "
        "Results keep the input order.",
    )(f)


def local_pipeline(kw: dict[str, Any], model: str | None) -> tuple[Any, str]:
    """The spaCy pipeline this process needs, and the model label runs record. With --workers N (N > 1) or on
    a Dask cluster (--scheduler) the workers load the model and this process does not (it loads it later only
    if the input is one chunk, see ``scale.Execution``): the label is read from the model's meta.json, or is
    the model's name on a cluster, whose workers resolve it themselves."""
    from ..model_names import describe_model, resolve_model_name

    if kw.get("scheduler"):
        return None, f"{resolve_model_name(model)} (Dask workers)"
    if kw.get("workers", 1) > 1:  # the workers parse; this process loads the model only for a small input
        return None, describe_model(model)
    from ..nlp import load_pipeline, model_label

    nlp = load_pipeline(model)
    return nlp, model_label(nlp)


def execution(kw: dict[str, Any], model: str | None, nlp: Any) -> Any:
    """The ``scale.Execution`` the --workers/--scheduler/--time-budget options ask for. Raises ``ConfigError``
    (E403) for a bad ``$DATELINE_TIME_BUDGET`` or ``$DATELINE_CAPS``."""
    from ..bounds import load_caps, time_budget
    from ..scale import Execution

    budget = time_budget(kw.pop("time_budget", None))
    load_caps()  # checked here, so a bad value stops the run before it starts
    return Execution(model=model, workers=kw.pop("workers", 1), scheduler=kw.pop("scheduler", None), nlp=nlp,
                     budget=budget)  # fmt: skip


def warc_filter(kw: dict[str, Any]) -> WarcFilter:
    since = kw.pop("warc_since", None)
    return WarcFilter(hosts=tuple(kw.pop("warc_hosts", ()) or ()), since=since.date() if since else None, tally={})


def field_map(kw: dict[str, Any]) -> FieldMap:
    return FieldMap(
        id=kw.pop("id_field"),
        text=kw.pop("text_field"),
        title=kw.pop("title_field"),
        published=kw.pop("date_field"),
        url=kw.pop("url_field"),
        source=kw.pop("source_field"),
    )


def date_option(name: str, help: str) -> Callable[[F], F]:
    return click.option(name, type=click.DateTime(["%Y-%m-%d"]), default=None, help=help)


def event_filter_options(f: F) -> F:
    """The event filters, the same as the API's (``GET /api/events``); see ``EventFilter``."""
    opts = [
        click.option("--actor", default=None, help="An actor code (RUSGOV) or country code (RUS, also finds RUSGOV), as source or target."),
        click.option("--dyad", default=None, metavar="SOURCE:TARGET", help="Events from SOURCE to TARGET (actor or country codes), e.g. RUS:PRK. Directed; see --either-direction."),
        click.option("--either-direction", is_flag=True, help="With --dyad: also events from TARGET to SOURCE."),
        click.option("--source", "source_actor", default=None, metavar="CODE", help="A source actor or country code."),
        click.option("--target", default=None, metavar="CODE", help="A target actor or country code."),
        click.option("--country", default=None, help="The country code of any actor."),
        click.option("--type", "plover", default=None, help="PLOVER event type (AGREE, CONSULT, ACCUSE, ...)."),
        click.option("--cameo", default=None, help="CAMEO code or prefix (04 finds 040-046)."),
        date_option("--since", "Event date on or after (YYYY-MM-DD)."),
        date_option("--until", "Event date on or before (YYYY-MM-DD)."),
        click.option("--place", default=None, help="Part of the event location's name, or its country code."),
        click.option("--modality", default=None, help="asserted, quoted, hedged, ..."),
        click.option("--article", "article_id", default=None, metavar="ID", help="Only this article's events (id or unique prefix)."),
    ]  # fmt: skip
    for opt in reversed(opts):
        f = opt(f)
    return f


def page_options(f: F) -> F:
    """--limit and --offset."""
    f = click.option("--offset", type=click.IntRange(0), default=0, show_default=True)(f)
    return click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)(f)


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "out_format", type=click.Choice(list(choices)), default=choices[0], show_default=True
    )

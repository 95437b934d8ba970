"""The ``dateline`` command line. Thin: every command calls the library and presents the result.

Exit status: 0 when everything worked, 1 when some items failed (the count is printed), 2 for usage errors.
"""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from .actors import actors_cmd
from .browse import articles_cmd, show_cmd, summary_cmd
from .events import events_cmd
from .export import export_cmd
from .extract import extract_cmd
from .ingest import ingest_cmd
from .link import link_cmd
from .quotes import quotes_cmd
from .serve import serve_cmd
from .watch import watch_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dateline")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Dateline: turn news articles into structured, explainable event data.

    \b
    Examples:
      dateline extract article.md                      # the JSON contract for one article
      dateline extract --from jsonl - < corpus.jsonl   # one output line per input line
      dateline ingest examples/articles --db dateline.db
      dateline watch https://news.example.com/rss.xml --every 15m
      dateline articles --q sanctions
      dateline events --linked --type ASSAULT         # each event once, with its reports counted
      dateline show 3fa2
      dateline export --table entities --format csv -o entities.csv
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


cli.add_command(extract_cmd)
cli.add_command(actors_cmd)
cli.add_command(ingest_cmd)
cli.add_command(articles_cmd)
cli.add_command(show_cmd)
cli.add_command(summary_cmd)
cli.add_command(export_cmd)
cli.add_command(quotes_cmd)
cli.add_command(events_cmd)
cli.add_command(serve_cmd)
cli.add_command(watch_cmd)
cli.add_command(link_cmd)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dateline")

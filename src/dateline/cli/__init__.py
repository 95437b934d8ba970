"""The ``dateline`` command line. Thin: every command calls the library and presents the result.

Exit status: 0 when everything worked, 1 when some items failed (the count is printed), 2 for usage errors.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from .. import __version__

#: Each command and the module that defines it, imported when the command runs (or for ``--help``): a command
#: pays only for its own imports (``extract --workers 2`` never imports spaCy or the store in this process).
COMMANDS = {
    "extract": ("extract", "extract_cmd"),
    "actors": ("actors", "actors_cmd"),
    "ingest": ("ingest", "ingest_cmd"),
    "articles": ("browse", "articles_cmd"),
    "show": ("browse", "show_cmd"),
    "summary": ("browse", "summary_cmd"),
    "export": ("export", "export_cmd"),
    "quotes": ("quotes", "quotes_cmd"),
    "events": ("events", "events_cmd"),
    "serve": ("serve", "serve_cmd"),
    "watch": ("watch", "watch_cmd"),
    "link": ("link", "link_cmd"),
    "places": ("places", "places_cmd"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from ``COMMANDS``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attr = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
      dateline places import my_places.txt            # your own gazetteer (GeoNames format)
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="dateline")

"""``dateline link``: link stored articles into stories and linked events, or again under other knobs."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import Any

import click

from ..errors import DatelineError
from ..link import LinkRule
from ..store import Store
from .options import db_option
from .render import err_console, fail, hide_password, safe


@click.command("link")
@db_option
@click.option("--rebuild", is_flag=True, help="Forget every story and linked event and link all articles again, in "
              "their arrival order (needed to change a knob).")
@click.option("--days", "day_window", type=click.IntRange(0, 366), default=None,
              help="Days allowed between two day-precision dates (default 1).")
@click.option("--km", "place_km", type=click.FloatRange(0), default=None,
              help="Kilometres allowed between two city-level places (default 100).")
@click.option("--copy-threshold", type=click.FloatRange(0.05, 1.0), default=None,
              help="Estimated share of shared 5-word shingles from which an article is a copy (default 0.5).")
@click.option("--strict-actors", is_flag=True, default=None,
              help="An unknown side (no actor) matches nothing (default: it matches any side).")
@click.option("--any-modality", is_flag=True, default=None,
              help="Link reports whatever their modality (default: asserted only with asserted, ...).")
@click.option("--show", is_flag=True, help="Only print the database's linking rule (JSON) and exit.")
def link_cmd(db: str, rebuild: bool, show: bool, strict_actors: bool | None, any_modality: bool | None,
             **knobs: Any) -> None:  # fmt: skip
    """Link stored articles: near-duplicate articles into stories, reports of one event into linked events.

    `dateline ingest` links every article as it stores it; this command links articles stored before linking
    existed (or with it off), and with --rebuild links everything again, e.g. under other knobs (which are
    stored with the database and used by later ingests). Re-running adds nothing. See docs/linking.md.

    \\b
    Examples:
      dateline link                       # link what was never linked
      dateline link --show                # the rule in force
      dateline link --rebuild --days 2    # dates up to two days apart may be one event
    """
    try:
        with Store.open(db) as store:
            current = store.link_rule()
            if show:
                click.echo(json.dumps(current.as_dict(), indent=2))
                return
            changes = {k: v for k, v in knobs.items() if v is not None}
            if strict_actors:
                changes["unknown_actor"] = False
            if any_modality:
                changes["same_modality"] = False
            rule: LinkRule = replace(current, **changes)
            if rule != current and not rebuild:
                fail("changing a knob re-links every article: add --rebuild")
            started = time.monotonic()
            with err_console().status("linking"):
                counts = store.link(rule=rule, rebuild=rebuild)
    except DatelineError as exc:
        fail(str(exc))
    click.echo(
        f"dateline: linked {counts.articles} article(s) ({counts.copies} copies), {counts.reports} report(s) into "
        f"{counts.founded} new linked event(s) in {time.monotonic() - started:.1f}s (db: {safe(hide_password(db))})",
        err=True,
    )

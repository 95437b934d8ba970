"""``dateline places``: import a user's own places (GeoNames format) and look a name up in the gazetteer."""

from __future__ import annotations

from pathlib import Path

import click

from ..paths import user_places_path
from .render import fail

places_option = click.option(
    "--places",
    "places_file",
    default=None,
    envvar="DATELINE_PLACES",
    show_envvar=True,
    help="The user's gazetteer file (default: ~/.local/share/dateline/places/places.tsv). Extraction reads it too.",
)


@click.group("places")
def places_cmd() -> None:
    """The gazetteer: add your own places (GeoNames TSV format), look names up.

    \b
    Examples:
      dateline places import my_places.txt          # GeoNames format: allCountries.txt, a country file
      dateline places lookup "Springfield"
      dateline places lookup "Riverside Park" --places ./places.tsv
    """


@places_cmd.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@places_option
def import_cmd(file: Path, places_file: str | None) -> None:
    """Check FILE (GeoNames' 19 tab-separated columns) and add its places to the user's gazetteer, where
    `dateline extract` finds them. A place already there (same GeoNames id) is replaced.

    \b
    Examples:
      dateline places import US.txt
      dateline places import parks.txt --places ./places.tsv
    """
    from ..layers.places import import_places

    target = user_places_path(places_file)
    try:
        added, problems = import_places(file, target)
    except OSError as exc:
        fail(f"E111 cannot import {file} into {target}: {exc}")
    except UnicodeDecodeError as exc:
        fail(f"E103 {file} is not UTF-8: {exc}")
    for problem in problems[:20]:
        click.echo(f"dateline: skipped {problem}", err=True)
    if len(problems) > 20:
        click.echo(f"dateline: ... and {len(problems) - 20} more skipped", err=True)
    click.echo(f"dateline: added {added} place(s) to {target} ({len(problems)} skipped)", err=True)
    if problems and not added:
        raise SystemExit(1)


@places_cmd.command("lookup")
@click.argument("name")
@places_option
def lookup_cmd(name: str, places_file: str | None) -> None:
    """Show every place NAME can mean, with kind, country, point, population and divisions (a user's own
    places first). Exit status 1 when the name is unknown.

    \b
    Examples:
      dateline places lookup Springfield
      dateline places lookup "Ill."
    """
    from ..layers.places import load_gazetteer

    gaz = load_gazetteer(places_file)
    found = gaz.lookup(name)
    abbreviated = gaz.abbreviation(name)
    if abbreviated is not None:
        found.insert(0, abbreviated)
    if not found:
        click.echo(f"{name}: not in the gazetteer")
        raise SystemExit(1)
    click.echo("name\tkind\tcountry\tlat\tlon\tpopulation\tgeonameid\tadmin1\tadmin2")
    for e in found:
        a1 = gaz.division(e.admin1) if "." in e.admin1 else None
        a2 = gaz.division(e.admin2) if e.admin2 else None
        first = f"{a1.name} ({a1.code})" if a1 else e.admin1
        second = f"{a2.name} ({a2.geonames_code or '-'})" if a2 else ""
        lat = "" if e.lat is None else round(e.lat, 4)
        lon = "" if e.lon is None else round(e.lon, 4)
        click.echo(
            f"{e.name}\t{e.kind}\t{e.country3 or '-'}\t{lat}\t{lon}\t{e.population}\t{e.geonameid or ''}\t{first}\t{second}"
        )

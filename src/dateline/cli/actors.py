"""``dateline actors``: import actor dictionaries, list them, look a name up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..layers.actors.data import load_actor_data, normalise, read_user_rows
from ..layers.actors.imports import parse_recode, read_dateline, read_petrarch, user_tsv
from ..paths import user_dict_dir
from .render import fail

dict_option = click.option(
    "--dict",
    "dict_dir",
    default=None,
    envvar="DATELINE_DICT",
    show_envvar=True,
    help="User dictionary folder (default: ~/.local/share/dateline/actors). The resolver reads it too.",
)


@click.group("actors")
def actors_cmd() -> None:
    """Actor dictionaries: import PETRARCH/Phoenix or Dateline dictionaries, list them, look names up.

    \b
    Examples:
      dateline actors import Phoenix.Countries.actors.txt --format petrarch
      dateline actors import my_actors.tsv --format dateline --dict ./dicts
      dateline actors lookup "President Trump" --date 2022-03-01
      dateline actors list
    """


@actors_cmd.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["petrarch", "dateline"]), default="petrarch", show_default=True
)
@click.option("--name", default=None, help="Name of the dictionary in the folder (default: the file's stem).")
@click.option(
    "--recode",
    multiple=True,
    metavar="OLD=NEW",
    help="PETRARCH format: read the dictionary's country code OLD as our NEW (repeatable; e.g. UAR=EGY).",
)
@dict_option
def import_cmd(file: Path, fmt: str, name: str | None, recode: tuple[str, ...], dict_dir: str | None) -> None:
    """Convert FILE into the user dictionary folder, where `dateline extract` finds it.

    \b
    Examples:
      dateline actors import Phoenix.International.actors.txt
      dateline actors import agents.txt --format petrarch --name agents
      dateline actors import old_tabari.actors.txt --recode UAR=EGY --recode JAP=JPN
    """
    try:
        text = file.read_text("utf-8", errors="replace")
    except OSError as exc:
        fail(f"E111 cannot read {file}: {exc}")
    try:
        codes = parse_recode(recode)
    except ValueError as exc:
        fail(f"--recode: {exc}")
    report = read_petrarch(text, codes) if fmt == "petrarch" else read_dateline(text)
    folder = user_dict_dir(dict_dir)
    target = folder / f"{name or file.stem}.tsv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(user_tsv(report.rows, file.name), "utf-8")
    except OSError as exc:
        fail(f"cannot write {target}: {exc}")
    for problem in report.skipped[:20]:
        click.echo(f"dateline: {file.name}: skipped {problem}", err=True)
    if len(report.skipped) > 20:
        click.echo(f"dateline: ... and {len(report.skipped) - 20} more skipped", err=True)
    click.echo(
        f"dateline: wrote {len(report.rows)} entr(ies) to {target} ({len(report.skipped)} skipped)", err=True
    )
    if report.skipped and not report.rows:
        raise SystemExit(1)


@actors_cmd.command("list")
@dict_option
def list_cmd(dict_dir: str | None) -> None:
    """List the user dictionaries and how many entries each has.

    \b
    Example:
      dateline actors list --dict ./dicts
    """
    folder = user_dict_dir(dict_dir)
    counts: dict[str, int] = {}
    for name, _, _ in read_user_rows(folder):
        counts[name] = counts.get(name, 0) + 1
    click.echo(f"user dictionary folder: {folder}{'' if folder.is_dir() else ' (does not exist)'}")
    for name, n in sorted(counts.items()):
        click.echo(f"  {name}\t{n} entries")


@actors_cmd.command("lookup")
@click.argument("name")
@click.option("--date", "day", default=None, help="As of this date (YYYY-MM-DD); default: today.")
@dict_option
def lookup_cmd(name: str, day: str | None, dict_dir: str | None) -> None:
    """Show what NAME means to the resolver (a name, alias, demonym, capital, organisation or leader).

    \b
    Examples:
      dateline actors lookup Pyongyang
      dateline actors lookup "Donald Trump" --date 2019-06-01
    """
    try:
        when = date.fromisoformat(day) if day else date.today()
    except ValueError:
        fail(f"--date must be YYYY-MM-DD, not {day!r}")
    data = load_actor_data(str(user_dict_dir(dict_dir)))
    key = normalise(name)
    entries = data.phrases.get(key, [])
    persons = sorted(data.shorts.get(key, set()))
    if not entries and not persons and key not in data.sectors:
        click.echo(f"{name}: not in the dictionaries")
        raise SystemExit(1)
    for e in entries:
        if e.kind == "person":
            code, role = data.role_at(e.name, when)
            why = f"{role.role} ({role.source})" if role else "out of office"
            click.echo(f"{name}\t{code}\t{e.name}\t{why}")
        else:
            click.echo(f"{name}\t{e.code}\t{e.name}\t{e.kind} ({e.source})")
    for person in persons:
        code, _ = data.role_at(person, when)
        click.echo(f"{name}\t{code}\t{person}\tsurname (resolved after the full name appears)")
    if key in data.sectors:
        s = data.sectors[key]
        click.echo(f"{name}\t{s.code}\tsector word\t({s.source})")

"""User dictionaries: PETRARCH/Phoenix import, our own format, the CLI, and the resolver using them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.layers.actors.data import ActorData, load_actor_data
from dateline.layers.actors.imports import UserRow, parse_recode, read_dateline, read_petrarch, valid_prefix

PETRARCH = """# a small actor dictionary written for this test
<!-- block comment -->
ACME_WIDGETS_CORPORATION_ [USABUS]
+ACME_WIDGETS_
JOHN_QUINCY_EXAMPLE_
+QUINCY_EXAMPLE_
 [GBRGOV 190101-210101]
 [GBRELI >210101]
FREEDONIA_LIBERATION_FRONT_ [FRAREBXYZ]  # an unknown last part is cut off
NOWHERE_ [QQQ]
"""

AGENTS = """RIOT_SQUAD_ {RIOT_SQUADS_} [~COP]
"""


def test_read_petrarch_actors() -> None:
    report = read_petrarch(PETRARCH)
    by_name: dict[str, list[UserRow]] = {}
    for row in report.rows:
        by_name.setdefault(row.name, []).append(row)
    acme = by_name["Acme Widgets Corporation"][0]
    assert (acme.code, acme.kind, acme.alias) == ("USABUS", "org", "acme widgets corporation|acme widgets")
    quincy = by_name["John Quincy Example"]
    assert [(r.code, r.start, r.end) for r in quincy] == [
        ("GBRGOV", "2019-01-01", "2021-01-01"),
        ("GBRELI", "2021-01-01", ""),
    ]
    assert by_name["Freedonia Liberation Front"][0].code == "FRAREB"
    assert any("QQQ" in s for s in report.skipped)


def test_read_petrarch_agents() -> None:
    report = read_petrarch(AGENTS)
    assert [(r.alias, r.code, r.kind) for r in report.rows] == [("riot squad|riot squads", "COP", "sector")]


INVENTED = """# a dictionary in its own codebook (TABARI-era and invented country codes), as PETRARCH's tests use
FREEDONIA_ [FRD]
+FREEDONIAN
SYLVANIA_ [SYLGOV]
OLD_EGYPT_ [UAR]
THE_TWO_KINGDOMS_ [QQQ/FRD/SYL]
RUFUS_T._FIREFLY_
 [FRDGOV 19330101-19331231]
"""


def test_read_petrarch_recodes_country_codes() -> None:
    plain = read_petrarch(INVENTED)
    assert plain.rows == [] and len(plain.skipped) == 5
    report = read_petrarch(INVENTED, parse_recode(["FRD=ABW", "syl=aia", "UAR=EGY"]))
    got = {r.name: (r.alias, r.code, r.kind, r.start) for r in report.rows}
    assert got["Freedonia"] == ("freedonia|freedonian", "ABW", "org", "")
    assert got["Sylvania"][1] == "AIAGOV"
    assert got["Old Egypt"][1] == "EGY"
    assert got["Rufus T. Firefly"][1:] == ("ABWGOV", "person", "1933-01-01")
    assert report.skipped == []


def test_read_petrarch_code_alternatives() -> None:
    report = read_petrarch("THE_SHIRE_ [QQQ/FRA/GBR]\nNOWHERE_ [QQQ/XXX]\n")
    (row,) = report.rows
    assert (row.code, row.alias) == ("FRA", "the shire")
    assert "QQQ/FRA/GBR" in row.note
    assert any("QQQ/XXX" in s for s in report.skipped)


def test_read_petrarch_agent_substitutions() -> None:
    text = (
        "!PERSON! = MAN, MEN, WOMAN\n"
        "!MINST! = MINISTER, MINISTRY\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "!MINST!_OF_SILLY_WALKS [~GOV]\n"
        "!UNDEFINED!_THING [~GOV]\n"
    )
    report = read_petrarch(text)
    assert [(r.alias, r.code) for r in report.rows] == [
        ("congressman|congressmen|congresswoman", "LEG"),
        ("minister of silly walks|ministry of silly walks", "GOV"),
    ]
    assert report.skipped == ["line 5: pattern entries are not supported"]


def test_parse_recode_rejects_bad_specs() -> None:
    for bad in ("ARN", "ARN=ABWX", "AR=ABW", "A1N=ABW"):
        with pytest.raises(ValueError, match="OLD=NEW"):
            parse_recode([bad])


def test_import_cli_recode(tmp_path: Path) -> None:
    src = tmp_path / "invented.actors.txt"
    src.write_text(INVENTED, "utf-8")
    folder = tmp_path / "dicts"
    args = ["actors", "import", str(src), "--dict", str(folder), "--recode", "FRD=ABW", "--recode", "SYL=AIA"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "\tABWGOV\t" in (folder / "invented.actors.tsv").read_text("utf-8")
    bad = CliRunner().invoke(cli, ["actors", "import", str(src), "--dict", str(folder), "--recode", "FRD"])
    assert bad.exit_code == 2 and "OLD=NEW" in bad.output


def test_valid_prefix() -> None:
    assert valid_prefix("AFGINSTAL") == "AFGINS"
    assert valid_prefix("XXX") == ""


def test_read_dateline_format_checks_rows() -> None:
    text = "alias\tcode\tname\tkind\tstart\tend\tnote\nGizmo Party\tFRAPTY\tGizmo Party\torg\t\t\t\nBad\tJAP\tBad\torg\t\t\t\n"
    report = read_dateline(text)
    assert [r.code for r in report.rows] == ["FRAPTY"]
    assert len(report.skipped) == 1


def test_import_cli_and_resolver_use_the_dictionary(tmp_path: Path) -> None:
    src = tmp_path / "mine.actors.txt"
    src.write_text(PETRARCH, "utf-8")
    folder = tmp_path / "dicts"
    result = CliRunner().invoke(cli, ["actors", "import", str(src), "--dict", str(folder), "--name", "mine"])
    assert result.exit_code == 0, result.output
    assert (folder / "mine.tsv").is_file()
    data: ActorData = load_actor_data(str(folder))
    entries = data.phrases["acme widgets"]
    assert entries[0].code == "USABUS" and entries[0].source.startswith("user:")
    assert data.role_at("John Quincy Example", date(2020, 1, 1))[0] == "GBRGOV"
    assert data.role_at("John Quincy Example", date(2022, 1, 1))[0] == "GBRELI"
    listed = CliRunner().invoke(cli, ["actors", "list", "--dict", str(folder)])
    assert "mine.tsv" in listed.output
    looked = CliRunner().invoke(cli, ["actors", "lookup", "Acme Widgets", "--dict", str(folder)])
    assert "USABUS" in looked.output


def test_lookup_cli_dates() -> None:
    result = CliRunner().invoke(cli, ["actors", "lookup", "Donald Trump", "--date", "2019-06-01"])
    assert result.exit_code == 0 and "USAGOV" in result.output
    result = CliRunner().invoke(cli, ["actors", "lookup", "Donald Trump", "--date", "2022-06-01"])
    assert "USAELI" in result.output


def test_six_digit_years_before_1950_and_entry_lines() -> None:
    report = read_petrarch("# a 1940s office holder, written for this test\nJANE_EXAMPLE_\n [GBRGOV 470121-490120]\n")
    (row,) = report.rows
    assert (row.start, row.end, row.line) == ("1947-01-21", "1949-01-20", 2)


def test_an_undated_code_is_the_default_after_the_dated_roles(tmp_path: Path) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "people.tsv").write_text(
        "alias\tcode\tname\tkind\tstart\tend\tnote\n"
        "jane example\tGBRGOV\tJane Example\tperson\t2019-01-01\t2021-01-01\t\n"
        "jane example\tGBRELI\tJane Example\tperson\t\t\t\n",
        "utf-8",
    )
    data = load_actor_data(str(folder))
    assert data.role_at("Jane Example", date(2020, 1, 1))[0] == "GBRGOV"
    assert data.role_at("Jane Example", date(2023, 1, 1))[0] == "GBRELI"
    assert data.role_at("Jane Example", None)[0] == "GBRGOV"

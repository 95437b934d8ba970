"""Exit statuses (0 worked, 1 some items failed, 2 usage error), help text and the version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dateline import __version__

from .conftest import RunCli

COMMANDS = ["extract", "ingest", "watch", "articles", "show", "summary", "export", "link"]


@pytest.mark.parametrize("args", [["--no-such-option"], ["extract", "--no-such-option"], ["no-such-command"]])
def test_unknown_option_or_command_is_a_usage_error(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--from", "pdf", "-"],
        ["articles", "--since", "14/09/2023"],
        ["articles", "--limit", "0"],
        ["export", "--format", "parquet"],  # parquet cannot go to standard output
        ["export", "--table", "no_such_table"],
        ["ingest"],  # PATH is required
        ["watch"],  # FEED_URL is required
    ],
)
def test_bad_option_values_are_usage_errors(run_cli: RunCli, tmp_path: Path, args: list[str]) -> None:
    result = (
        run_cli(*args, "--db", str(tmp_path / "x.db"))
        if args[0] in ("articles", "export")
        else run_cli(*args)
    )
    assert result.exit_code == 2, (result.stdout, result.stderr)


def test_extract_of_a_missing_path_fails_naming_it(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.md"
    result = run_cli("extract", str(missing))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert "1 item(s) failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_that_works_exits_0(run_cli: RunCli) -> None:
    result = run_cli(
        "extract", "--from", "jsonl", "-", input='{"id": "x", "text": "Kenya and Uganda met."}\n'
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help_with_an_example(run_cli: RunCli, command: str | None) -> None:
    result = run_cli(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout
    assert "Usage:" in result.stdout


def test_short_help_option(run_cli: RunCli) -> None:
    assert run_cli("ingest", "-h").stdout == run_cli("ingest", "--help").stdout


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dateline, version {__version__}"


@pytest.mark.slow
def test_python_m_dateline(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    """``python -m dateline`` is the same command (exit statuses included)."""
    run = [sys.executable, "-m", "dateline"]
    help_ = subprocess.run(
        [*run, "--help"], capture_output=True, text=True, env=subprocess_env, cwd=tmp_path, timeout=60
    )
    assert help_.returncode == 0, help_.stderr
    assert "Usage: dateline" in help_.stdout and "Example" in help_.stdout
    for command in COMMANDS:
        assert command in help_.stdout
    bad = subprocess.run(
        [*run, "extract", "--no-such-option"], capture_output=True, text=True, env=subprocess_env, timeout=60
    )
    assert bad.returncode == 2, bad.stderr


@pytest.mark.slow
def test_installed_console_script(dateline_command: list[str], subprocess_env: dict[str, str]) -> None:
    result = subprocess.run([*dateline_command, "--version"], capture_output=True, text=True, env=subprocess_env,
                            timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"dateline, version {__version__}"


UNREACHABLE_DB = "postgresql://bob:s3cret@127.0.0.1:1/nothing"  # a closed local port: refused at once


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "-"],
        ["articles"],
        ["show", "abc"],
        ["summary"],
        ["export", "--table", "articles"],
    ],
)
def test_a_database_that_cannot_be_opened_is_status_2_without_the_password(
    run_cli: RunCli, args: list[str]
) -> None:
    result = run_cli(*args, "--db", UNREACHABLE_DB, input="")
    assert result.exit_code == 2, result.stderr
    assert "cannot open database" in result.stderr
    assert "s3cret" not in result.stderr and "bob:***@127.0.0.1" in result.stderr


def test_an_unsupported_database_is_status_2(run_cli: RunCli) -> None:
    result = run_cli("articles", "--db", "mysql://someone@localhost/news")
    assert result.exit_code == 2
    assert "unsupported database" in result.stderr


def test_export_to_an_unwritable_file_is_status_1(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.csv"
    result = run_cli("export", "--db", str(tmp_path / "x.db"), "--format", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert str(target) in result.stderr

"""CLI fixtures: an in-process ``dateline`` (click's CliRunner, sharing one loaded spaCy pipeline), the
real executable for the few tests that need a process, and small databases to browse.

The spaCy pipeline is cached per process by ``load_pipeline``; ``pipeline`` loads it once, under the same
cache key the commands use, so every in-process command after the first reuses it.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dateline.cli import cli
from tests.conftest import drop_pg_schema

PG_ENV = "DATELINE_TEST_PG_URL"
#: Environment for every command: no network, wide enough that Rich does not wrap what tests look for.
CLI_ENV = {"HF_HUB_OFFLINE": "1", "COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None, "DATELINE_DB": None}

RunCli = Callable[..., Result]


# -- running the command --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """The spaCy pipeline the commands use (``load_pipeline(None)``), loaded once per test session."""
    from dateline.nlp import load_pipeline

    return load_pipeline(None)


@pytest.fixture
def run_cli(pipeline: Any) -> RunCli:
    """``run_cli("extract", path, input=..., env=...)``: run ``dateline`` in-process; stdout and stderr
    are kept apart (``result.stdout`` / ``result.stderr``). Unexpected exceptions propagate."""

    def run(*args: str, input: str | bytes | None = None, env: dict[str, str | None] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env=CLI_ENV | (env or {}), catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    """The environment for real ``dateline`` processes: offline, wide, uncoloured."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_DB", "FORCE_COLOR")}
    env.update({k: v for k, v in CLI_ENV.items() if v is not None})
    return env


@pytest.fixture(scope="session")
def dateline_command() -> list[str]:
    """The installed console script next to this interpreter (``.venv/bin/dateline``), else ``python -m``."""
    exe = Path(sys.executable).with_name("dateline")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dateline"]


def jsonl(text: str) -> list[dict[str, Any]]:
    """Parse JSON Lines output, splitting on ``\\n`` only."""
    assert text == "" or text.endswith("\n"), "output must end with a newline"
    return [json.loads(line) for line in text.split("\n")[:-1]]


def write_jsonl(path: Path, records: Sequence[dict[str, Any] | str]) -> Path:
    """One line per record (a string is written as it is, e.g. a malformed line)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# -- a generated news corpus ----------------------------------------------------------------------------

_COUNTRIES = ["France", "Germany", "Kenya", "Brazil", "Japan", "India", "Canada", "Egypt", "Chile", "Norway",
              "Vietnam", "Mexico", "Poland", "Ghana", "Peru", "Spain"]  # fmt: skip
_PEOPLE = ["Maria Olsen", "Daniel Okafor", "Priya Raman", "Tomas Novak", "Aiko Tanaka", "Lucas Ferreira",
           "Hannah Weber", "Omar Haddad", "Elena Petrova", "Samuel Mensah"]  # fmt: skip
_ROLES = ["Foreign Minister", "Prime Minister", "Trade Minister", "President", "Defence Minister"]
_ORGS = ["the United Nations", "the World Bank", "the European Union", "the African Union", "NATO"]
_VERBS = ["met", "criticised", "praised", "signed a trade agreement with", "held talks with", "warned",
          "accused", "promised aid to", "rejected a proposal from", "hosted a delegation from"]  # fmt: skip
_TOPICS = ["fishing rights", "grain exports", "border security", "energy prices", "a new rail link",
           "water sharing", "climate finance", "refugee flows"]  # fmt: skip
_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "last week", "early on Friday", "late on Sunday"]
_SOURCES = ["Reuters", "AFP", "AP", "Dateline Wire"]


def news_records(n: int, *, seed: int = 7, sentences: int = 8) -> list[dict[str, Any]]:
    """``n`` distinct, deterministic, made-up news records ``{id, title, text, published, source}``."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        body = []
        for _ in range(sentences):
            a, b = rng.sample(_COUNTRIES, 2)
            person, role, org = rng.choice(_PEOPLE), rng.choice(_ROLES), rng.choice(_ORGS)
            body.append(rng.choice([
                f"{a} {rng.choice(_VERBS)} {b} {rng.choice(_DAYS)} over {rng.choice(_TOPICS)}.",
                f"{a}'s {role} {person} said {org} would discuss {rng.choice(_TOPICS)} with {b}.",
                f"Officials in {a} told reporters that talks with {b} on {rng.choice(_TOPICS)} would resume.",
                f'"We expect progress," {person} said after meeting envoys from {a} and {b} {rng.choice(_DAYS)}.',
            ]))  # fmt: skip
        a, b = rng.sample(_COUNTRIES, 2)
        records.append({
            "id": f"r{i:04d}",
            "title": f"{a} and {b} discuss {rng.choice(_TOPICS)} ({i})",
            "text": " ".join(body[: sentences // 2]) + "\n\n" + " ".join(body[sentences // 2 :]),
            "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "source": _SOURCES[i % len(_SOURCES)],
        })  # fmt: skip
    return records


# -- databases -------------------------------------------------------------------------------------------

#: Articles of the browse database, keyed by a short name.
BROWSE_RECORDS: dict[str, dict[str, Any]] = {
    "brussels": {"id": "b-brussels", "title": "Sanctions talks open in Brussels", "source": "Reuters",
                 "published": "2023-06-01",
                 "text": "European Union ministers met in Brussels on Thursday to discuss new sanctions on Iran."},
    "vostochny": {"id": "b-vostochny", "title": "Putin and Kim meet at Vostochny", "source": "AFP",
                  "published": "2023-09-13",
                  "text": "Vladimir Putin hosted Kim Jong Un at the Vostochny cosmodrome in Russia on Wednesday."},
    "formula": {"id": "b-formula", "title": "=HYPERLINK(\"http://127.0.0.1:9/x\",\"click\")", "source": "AP",
                "published": "2024-01-10",
                "text": "=1+2 Officials in Nairobi and Kampala agreed on a new customs union on Wednesday."},
    "hostile": {"id": "b-hostile", "title": "Ankara talks \x1b[31mred\x1b[0m and [bold red]x[/] <script>",
                "source": "Dateline Wire", "published": "2024-02-20",
                "text": "Officials in Ankara said \x1b[31mred text\x1b[0m then [bold red]x[/] and "
                        "<script>alert(1)</script> appeared on the screen on Tuesday."},
}  # fmt: skip
#: Malformed lines appended to the browse corpus: more than ``summary`` lists without ``--failures``.
BROWSE_BAD_LINES = 12


@pytest.fixture(scope="module")
def browse_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """A SQLite database holding ``BROWSE_RECORDS`` and ``BROWSE_BAD_LINES`` recorded failures."""
    tmp = tmp_path_factory.mktemp("browse")
    bad = [f'{{"id": "bad{i}", "text": "unterminated' for i in range(BROWSE_BAD_LINES)]
    corpus = write_jsonl(tmp / "corpus.jsonl", [*BROWSE_RECORDS.values(), *bad])
    db = tmp / "browse.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "-q"], env=CLI_ENV,
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert f"{len(BROWSE_RECORDS)} article(s) stored" in result.stderr
    return db


@pytest.fixture
def browse_ids(browse_db: Path) -> dict[str, str]:
    """Short name -> stored article id for ``BROWSE_RECORDS``."""
    from dateline.store import Store

    with Store.open(browse_db) as store:
        by_external = {r.external_id: r.id for r in store.articles(limit=100)}
    return {name: by_external[rec["id"]] for name, rec in BROWSE_RECORDS.items()}


@pytest.fixture
def pg_url() -> Iterator[str]:
    """``DATELINE_TEST_PG_URL`` with ``?schema=`` set to a fresh schema, dropped afterwards."""
    import sqlalchemy as sa

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    schema = f"cli_{secrets.token_hex(6)}"
    url = sa.make_url(base).update_query_dict({"schema": schema})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        drop_pg_schema(base, schema)

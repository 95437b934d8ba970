"""``dateline serve``: the HTTP API and web UI over a store (uvicorn)."""

from __future__ import annotations

import ipaddress

import click

from ..errors import DatelineError
from .options import db_option
from .render import fail


@click.command("serve")
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless you mean it).",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--token",
    envvar="DATELINE_TOKEN",
    default=None,
    metavar="SECRET",
    help="Enable the write endpoints (POST /api/extract, POST /api/articles), which then require "
    "`Authorization: Bearer SECRET` (at least 16 characters). Also $DATELINE_TOKEN. Without it they are off.",
)
@click.option(
    "--model", "-m", default=None, metavar="sm|md|NAME|PATH", help="spaCy model for the write endpoints."
)
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Largest request body accepted (413 above).")  # fmt: skip
@click.option("--extract-workers", type=click.IntRange(0, 64), default=None,
              help="Processes that extract the write endpoints' articles, at low priority so reads come first "
              "(default 1, or $DATELINE_EXTRACT_WORKERS; 0: a thread of the server).")  # fmt: skip
@click.option("--reads-cpu", envvar="DATELINE_READS_CPU", default="auto", show_default=True, metavar="auto|off|N",
              help="Keep the server's threads on one CPU and its write processes on the others: `auto` the CPU it "
              "starts on (where it may use two or more), `off` leave it to the OS, or a CPU number. Also "
              "$DATELINE_READS_CPU.")  # fmt: skip
def serve_cmd(
    db: str, host: str, port: int, token: str | None, model: str | None, max_body_bytes: int,
    extract_workers: int | None, reads_cpu: str,
) -> None:
    """Serve the JSON API (/api/..., docs at /docs) and the web UI on http://HOST:PORT.

    Listening on another address than loopback prints a warning: without a token anyone who can reach
    the port reads the whole database, and with one the token crosses the network unencrypted (put a
    TLS proxy in front).

    \b
    Examples:
      dateline serve                                   # dateline.db on http://127.0.0.1:8000
      dateline serve --db postgresql+psycopg://me@localhost/events --port 8080
      DATELINE_TOKEN=s3cret dateline serve             # enables POST /api/extract and /api/articles
    """
    import uvicorn
    from pydantic import SecretStr

    from ..serve import Settings, create_app
    from ..serve.cpus import choose, keep_reads_on
    from ..serve.settings import token_problem
    from ..store import Store

    if token is not None and (problem := token_problem(token)):
        raise click.BadParameter(problem, param_hint="'--token' / $DATELINE_TOKEN")
    try:
        cpu = choose(reads_cpu)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--reads-cpu' / $DATELINE_READS_CPU") from None
    try:
        Store.open(db).close()  # fail early (and migrate) before listening
        settings = Settings.from_env(
            db=db, token=SecretStr(token) if token else None, model=model, max_body_bytes=max_body_bytes,
            extract_workers=extract_workers,
        )
    except DatelineError as exc:
        fail(str(exc))
    if not is_loopback(host):
        click.secho(exposure_warning(host, port, token is not None), err=True, fg="yellow", bold=True)
    placed = cpu is not None and keep_reads_on(cpu)
    where = f"; reads on CPU {cpu}, writes on the others" if placed else ""
    click.echo(f"dateline: serving http://{host}:{port} (docs at /docs{where}); Ctrl-C stops", err=True)
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="info", access_log=False, timeout_keep_alive=30
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, ``localhost``)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def exposure_warning(host: str, port: int, has_token: bool) -> str:
    """The warning for listening on ``host`` beyond this machine."""
    where = f"{host}:{port}" + (" (every interface)" if host in ("0.0.0.0", "::", "[::]", "") else "")
    if has_token:
        risk = ("the write token travels unencrypted over HTTP: put a TLS proxy in front, or listen on "
                "127.0.0.1 behind one")  # fmt: skip
    else:
        risk = ("there is no token, so anyone who can reach this port can read the whole database "
                "(the write endpoints are off); listen on 127.0.0.1 unless that is what you want")  # fmt: skip
    return f"dateline: WARNING: listening on {where}, beyond this machine: {risk}."

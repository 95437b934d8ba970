"""``dateline serve``: help, a bad database, and a real server process answering on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import SecretStr, ValidationError

from dateline.cli import cli
from dateline.serve import Settings
from dateline.store import Store
from tests.serve.conftest import TOKEN, fill


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for text in ("--db", "--host", "--port", "--token", "Examples:", "127.0.0.1"):
        assert text in result.output


def test_bad_database_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", "mysql://nowhere/x"])
    assert result.exit_code == 2 and "unsupported database" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serves_on_loopback(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with Store.open(db) as store:
        ids = fill(store)
    port = _free_port()
    exe = Path(sys.executable).with_name("dateline")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "dateline"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_DB", "DATELINE_TOKEN")}
    env["DATELINE_TOKEN"] = TOKEN
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/events?per_page=1", timeout=5) as resp:
                    body = json.loads(resp.read())
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.1)
        assert body["total"] == 7 and len(body["items"]) == 1
        if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) >= 2:
            assert len(os.sched_getaffinity(proc.pid)) == 1  # --reads-cpu auto: the reads keep to one CPU
        with urllib.request.urlopen(f"{base}/articles/{ids['summit']}", timeout=5) as resp:
            assert b"Putin and Kim meet at Vostochny" in resp.read()
        req = urllib.request.Request(base + "/api/articles", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            urllib.request.urlopen(req, timeout=5)
            raise AssertionError("an unauthenticated write must fail")
        except urllib.error.HTTPError as exc:
            assert exc.code == 401  # the token from $DATELINE_TOKEN switched writes on
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("token", ["", "   ", "x", "short-token", "a long token with spaces in it"])
def test_weak_tokens_are_refused(tmp_path: Path, token: str) -> None:
    """A blank or one-character --token was accepted (issue 15)."""
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "t.db"), "--token", token])
    assert result.exit_code == 2 and "--token" in result.stderr, result.output
    env = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "t.db")], env={"DATELINE_TOKEN": "x" * 15})
    assert env.exit_code == 2 and "at least 16" in env.stderr
    with pytest.raises(ValidationError):
        Settings(token=SecretStr(token))


@pytest.mark.parametrize(
    ("host", "token", "warning"),
    [("127.0.0.1", None, None), ("::1", None, None), ("localhost", None, None), ("127.0.0.2", TOKEN, None),
     ("0.0.0.0", None, "anyone who can reach this port can read the whole database"),
     ("::", None, "every interface"), ("192.0.2.7", TOKEN, "travels unencrypted"),
     ("news.example.org", None, "no token")],
)  # fmt: skip
def test_listening_beyond_loopback_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, token: str | None, warning: str | None
) -> None:
    import uvicorn

    served: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw))
    args = ["serve", "--db", str(tmp_path / "t.db"), "--host", host, *(["--token", token] if token else [])]
    # in process: keep pytest's own CPUs (`--reads-cpu auto` would keep this process on one)
    result = CliRunner().invoke(cli, args, env={"DATELINE_TOKEN": None, "DATELINE_READS_CPU": "off"})
    assert result.exit_code == 0, result.output
    assert served and served[0]["host"] == host
    if warning is None:
        assert "WARNING" not in result.stderr
    else:
        assert "WARNING: listening on" in result.stderr and warning in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the children are found through Linux's /proc")
def test_a_server_stopped_during_a_write_leaves_no_process_behind(tmp_path: Path) -> None:
    """A server stopped while an article was being extracted left its extraction process running, blocked for
    good on its result queue."""
    import threading

    import httpx

    from tests.bounds.shapes import make

    db = tmp_path / "w.db"
    Store.open(db).close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATELINE_DB", "DATELINE_TOKEN")}
    env.update(DATELINE_TOKEN=TOKEN, HF_HUB_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {TOKEN}"}
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/api/events", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not answer"
                time.sleep(0.1)
        first = httpx.post(base + "/api/articles", json={"text": "Ministers met in Oslo on Monday."}, headers=auth,
                           timeout=120)  # fmt: skip
        assert first.status_code == 201  # the write processes are up, the model loaded

        def long_write() -> None:
            try:
                httpx.post(base + "/api/articles", json={"text": make("quote_marks", 60_000)}, headers=auth, timeout=60)
            except httpx.HTTPError:
                pass  # the server is stopped under it

        threading.Thread(target=long_write, daemon=True).start()
        time.sleep(1.5)
        children = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        assert children
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [c for c in children if Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]]
    assert not left, f"processes left behind: {left}"

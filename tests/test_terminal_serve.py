"""`newsdesk serve`: the app in a browser, on loopback unless told otherwise."""

from __future__ import annotations

import asyncio
import os
import queue
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.tui.cli import build_parser, main
from newsdesk.tui.commands.serve import app_command, make_server

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("textual_serve")


def parse(*args: str) -> object:
    return build_parser().parse_args(["serve", *args])


def test_binds_to_loopback_by_default() -> None:
    server = make_server(parse())
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    assert server.public_url == "http://127.0.0.1:8000"
    server = make_server(parse("--host", "0.0.0.0", "--port", "9000", "--public-url", "https://d"))
    assert (server.host, server.port, server.public_url) == ("0.0.0.0", 9000, "https://d")


def test_runs_this_python_on_the_chosen_database(tmp_path: Path) -> None:
    db = tmp_path / "a folder" / "team's db.json"
    words = shlex.split(app_command(db))
    assert words == [sys.executable, "-m", "newsdesk.tui.cli", "--db", str(db.resolve())]
    assert shlex.split(app_command(None)) == [sys.executable, "-m", "newsdesk.tui.cli"]


def test_a_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _printed_address(server: subprocess.Popen[str]) -> str:
    """The address the server prints when it starts listening (30 s at most)."""
    assert server.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(x) for x in server.stdout or ()], daemon=True
    ).start()
    deadline = time.monotonic() + 30
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line.startswith("Serving newsdesk on "):
            return line.split(" on ", 1)[1].strip()
    pytest.fail("the server printed no address to open")


@pytest.fixture
def served(db_path: Path) -> Iterator[tuple[int, str]]:
    """A running `newsdesk serve` on a free port: its port and the address it printed."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsdesk.tui.cli",
            "--db",
            str(db_path),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = _printed_address(server)
        _wait_until_listening(port)
        yield port, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_printed_address_holds_a_fresh_secret(served: tuple[int, str]) -> None:
    port, url = served
    prefix = f"http://127.0.0.1:{port}/?token="
    assert url.startswith(prefix)
    token = url[len(prefix) :]
    assert len(token) >= 32 and token.isascii()
    other = make_server(parse())
    assert other.token != make_server(parse()).token  # a new secret every start


def test_nobody_without_the_token_and_no_other_site_gets_in(served: tuple[int, str]) -> None:
    """Wrong or missing token: 403 for the page and the websocket; the right token from
    a page of another site (its Origin): the websocket is refused too."""
    import aiohttp

    port, url = served
    token = url.split("token=", 1)[1]
    base = f"http://127.0.0.1:{port}"

    async def probe() -> dict[str, int]:
        seen: dict[str, int] = {}
        async with aiohttp.ClientSession() as http:
            for name, path in (
                ("page without token", "/"),
                ("page, wrong token", "/?token=guess"),
                ("static, no token", "/static/js/textual.js"),
            ):
                async with http.get(base + path) as response:
                    seen[name] = response.status
            for name, ws_url, origin in (
                ("ws without token", f"{base}/ws", None),
                ("ws, wrong token", f"{base}/ws?token=guess{token[5:]}", None),
                ("ws, other site", f"{base}/ws?token={token}", "http://evil.example"),
                ("ws, other port", f"{base}/ws?token={token}", "http://127.0.0.1:1"),
            ):
                headers = {"Origin": origin} if origin else {}
                try:
                    async with http.ws_connect(ws_url, headers=headers) as ws:
                        await ws.close()
                        seen[name] = 101
                except aiohttp.WSServerHandshakeError as exc:
                    seen[name] = exc.status
        jar = aiohttp.CookieJar(unsafe=True)  # a browser keeps cookies of 127.0.0.1 too
        async with aiohttp.ClientSession(cookie_jar=jar) as http:  # the right token: a cookie
            async with http.get(url) as response:
                seen["page with token"] = response.status
            async with http.get(base + "/static/js/textual.js") as response:
                seen["static with the cookie"] = response.status
        return seen

    seen = asyncio.run(probe())
    assert seen == {
        "page without token": 403,
        "page, wrong token": 403,
        "static, no token": 403,
        "ws without token": 403,
        "ws, wrong token": 403,
        "ws, other site": 403,
        "ws, other port": 403,
        "page with token": 200,
        "static with the cookie": 200,
    }


def test_a_browser_session_runs_the_app(served: tuple[int, str]) -> None:
    """Load the page with the token, open the websocket as the page does (its cookie,
    its own Origin) and see the app draw itself."""
    import aiohttp

    port, url = served

    async def session() -> tuple[str, str]:
        jar = aiohttp.CookieJar(unsafe=True)  # a browser keeps cookies of 127.0.0.1 too
        async with aiohttp.ClientSession(cookie_jar=jar) as http:
            async with http.get(url) as page:
                html = await page.text()
            ws_url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
            origin = {"Origin": f"http://127.0.0.1:{port}"}
            seen = b""
            async with http.ws_connect(ws_url, headers=origin) as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                async with asyncio.timeout(30):
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            seen += message.data
                        if b"5 articles" in seen:
                            break
            return html, seen.decode("utf-8", "replace")

    html, screen = asyncio.run(session())
    assert "newsdesk" in html
    assert "5 articles" in screen
    assert "People must be at the heart" in screen


def test_a_busy_port_is_one_line_and_no_banner(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"newsdesk: error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(another program uses it: choose another --port)"
    ]


def test_the_help_says_who_can_connect() -> None:
    text = " ".join(
        build_parser()._subparsers._group_actions[0].choices["serve"].format_help().split()
    )
    assert "every user of this machine" in text
    assert "secret token" in text
    assert "?token=" in text

"""`newsdesk serve`: the app in a browser, on loopback unless told otherwise."""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import build_parser, main
from tui.commands.serve import app_command, make_server

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
    assert words == [sys.executable, "-m", "tui.cli", "--db", str(db.resolve())]
    assert shlex.split(app_command(None)) == [sys.executable, "-m", "tui.cli"]


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


def test_a_browser_session_runs_the_app(db_path: Path) -> None:
    """Start the server, load the page, open the websocket and see the app draw itself."""
    import aiohttp

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db_path), "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:  # the server says when it starts listening
            if "Serving" in line:
                break
        else:
            pytest.fail("the server stopped before serving")
        _wait_until_listening(port)

        async def session() -> tuple[str, str]:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/") as page:
                    html = await page.text()
                url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
                seen = b""
                async with http.ws_connect(url) as ws:
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
    finally:
        server.terminate()
        server.wait(timeout=10)

"""``newsdesk serve``: the same app in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from store.errors import NewsdeskError
from tui.commands.common import add_command

HELP = "serve the app in a web browser (textual-serve; loopback only by default)"
DESCRIPTION = """\
Serve the newsdesk app over HTTP: every browser tab that opens the page gets
its own app, running here on the same database. It listens on 127.0.0.1 (this
machine only) unless --host says otherwise; anyone who can reach the port can
read the database, so put it behind an SSH tunnel rather than a public address.
"""
EPILOG = """\
examples:
  newsdesk serve                                 http://127.0.0.1:8000
  newsdesk serve --port 9000
  ssh -L 8000:127.0.0.1:8000 desk-server newsdesk serve   then open http://127.0.0.1:8000 here
  newsdesk serve --host 0.0.0.0 --public-url https://desk.example.org   every interface (careful)

Ctrl+C stops the server.
"""


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "serve", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (a proxy, a tunnel)",
    )
    p.set_defaults(func=run)


def app_command(db: Path | None) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "tui.cli"]
    if db is not None:
        parts += ["--db", str(Path(db).resolve())]
    return shlex.join(parts)


def make_server(args: argparse.Namespace) -> Any:
    """The textual-serve Server for ``args`` (not started)."""
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise NewsdeskError("serving needs textual-serve: pip install textual-serve", 2) from exc
    if not 0 < args.port < 65536:
        raise NewsdeskError(f"--port must be between 1 and 65535, not {args.port}", 2)
    return Server(
        app_command(getattr(args, "db", None)),
        host=args.host,
        port=args.port,
        title="newsdesk",
        public_url=args.public_url,
    )


def run(args: argparse.Namespace) -> int:
    server = make_server(args)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"newsdesk: warning: listening on {args.host}: anyone who can reach port "
            f"{args.port} can read the database",
            file=sys.stderr,
        )
    server.serve()
    return 0

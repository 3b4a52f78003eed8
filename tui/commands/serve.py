"""``newsdesk serve``: the same app in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.store import NewsdeskError
from newsdesk.tui.commands.common import add_command

if TYPE_CHECKING:
    from newsdesk.tui.commands.common import SubParsers
    from newsdesk.tui.webserver import GuardedServer

HELP = "serve the app in a web browser, behind a secret address printed at start"
DESCRIPTION = """\
Serve the newsdesk app over HTTP: every browser tab that opens the page gets
its own app, running here on the same database.

Who can connect: by default it listens on 127.0.0.1, which every program and
every user of this machine can reach, so each request must carry a secret
token. The address printed at start holds it (http://127.0.0.1:8000/?token=…);
whoever has that address can read the database, so share it only with people
who may. The browser keeps the token in a cookie for this server. The
websocket that drives the app is refused when a page of another site opens it
(its Origin must be this server's own). Traffic is not encrypted: to reach it
from elsewhere use an SSH tunnel (below) rather than --host.

if TYPE_CHECKING:
    from newsdesk.tui.webserver import GuardedServer
    from newsdesk.tui.commands.common import SubParsers
"""
EPILOG = """\
examples:
  newsdesk serve                                 prints http://127.0.0.1:8000/?token=…
  newsdesk serve --port 9000
  ssh -L 8000:127.0.0.1:8000 desk-server newsdesk serve   then open the printed address here
  newsdesk serve --host 0.0.0.0 --public-url https://desk.example.org   every interface (careful)

A new token is made each time the server starts. Ctrl+C stops the server.
exit status: 0 stopped, 1 the port is busy or the address cannot be used, 2 usage error.
"""


def register(sub: SubParsers, db_parent: argparse.ArgumentParser) -> None:
    p = add_command(sub, db_parent, "serve", help=HELP, epilog=EPILOG, description=DESCRIPTION)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (a proxy, a tunnel)",
    )
    p.set_defaults(func=run)


def app_command(db: Path | str | None) -> str:
    """The shell command textual-serve runs for each browser session.

    A server URL goes to the sessions as ``$NEWSDESK_DB``, never on a command
    line (where ``ps`` would show its password).
    """
    parts = [sys.executable, "-m", "newsdesk.tui.cli"]
    if isinstance(db, str):
        os.environ["NEWSDESK_DB"] = db
    elif db is not None:
        parts += ["--db", str(Path(db).resolve())]
    return shlex.join(parts)


def make_server(args: argparse.Namespace) -> GuardedServer:
    """The server for ``args`` (not started): textual-serve behind a secret token."""
    try:
        from newsdesk.tui.webserver import GuardedServer
    except ImportError as exc:
        raise NewsdeskError("serving needs textual-serve: pip install textual-serve", 2) from exc
    if not 0 < args.port < 65536:
        raise NewsdeskError(f"--port must be between 1 and 65535, not {args.port}", 2)
    return GuardedServer(
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
            f"{args.port} and has the address with its token can read the database, "
            "and the traffic is not encrypted",
            file=sys.stderr,
        )
    server.serve()
    return 0

"""The browser server behind ``newsdesk serve``: textual-serve with a secret token.

textual-serve runs the app for every browser tab that opens its page; by
itself it lets in anyone who can reach the port (every user of this machine
on loopback) and, through the websocket, any web page open in the user's
browser. :class:`GuardedServer` adds one aiohttp middleware:

* every request needs the secret token, from the ``?token=`` of the address
  printed at start or from the cookie the page sets when opened with it
  (HttpOnly, SameSite=Strict, one per port);
* the websocket that drives the app is refused when its ``Origin`` is not
  this server's own page (the ``Host`` it was asked for, or ``--public-url``).

It also binds the port before printing anything, so a busy port is one clear
error, not a banner followed by a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import secrets
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from newsdesk.store import NewsdeskError

__all__ = ["GuardedServer", "new_token"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REFUSED = (
    "This newsdesk server needs its secret token: open the address that "
    "`newsdesk serve` printed when it started (it ends in ?token=…).\n"
)


def new_token() -> str:
    """A fresh secret for one run of the server (192 random bits)."""
    return secrets.token_urlsafe(24)


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


class GuardedServer(Server):
    """A textual-serve :class:`Server` that asks every request for a secret token."""

    def __init__(self, command: str, *, token: str | None = None, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.token = token or new_token()
        self.cookie = f"newsdesk-token-{self.port}"

    @property
    def url(self) -> str:
        """The address to open, secret included."""
        return f"{self.public_url.rstrip('/')}/?token={self.token}"

    # -- the guard --------------------------------------------------------
    def _has_token(self, request: web.Request) -> tuple[bool, bool]:
        """(allowed, from the query): the token in ``?token=`` or in the cookie."""
        given = request.query.get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            return True, True
        cookie = request.cookies.get(self.cookie)
        if cookie is not None and hmac.compare_digest(cookie.encode(), self.token.encode()):
            return True, False
        return False, False

    def origin_allowed(self, request: web.Request) -> bool:
        """True when the request comes from this server's own page (or from no page).

        Browsers always send ``Origin`` with a websocket; a client without one
        is not a web page, and still needs the token.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        origin = origin.lower()
        own = {_origin_of(self.public_url)}
        if request.host:
            own.add(f"{request.scheme}://{request.host}".lower())
        return origin in own

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse requests without the token, and websockets from other sites' pages."""
        allowed, from_query = self._has_token(request)
        if not allowed:
            return web.Response(status=403, text=REFUSED)
        if request.path == "/ws" and not self.origin_allowed(request):
            return web.Response(status=403, text="newsdesk: websocket from another site refused\n")
        response = await handler(request)
        if from_query and request.path == "/" and not response.prepared:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    # -- start-up ---------------------------------------------------------
    async def on_startup(self, app: web.Application) -> None:
        print(f"Serving newsdesk on {self.url}", flush=True)
        print("Open that address (it holds the secret); Ctrl+C stops the server.", flush=True)

    def _bind(self) -> socket.socket:
        """The listening socket, or one clear error (a busy port, an unknown host)."""
        where = f"{self.host}:{self.port}"
        try:
            infos = socket.getaddrinfo(
                self.host, self.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
            )
        except socket.gaierror as exc:
            raise NewsdeskError(f"cannot listen on {where}: {exc.strerror}", 1) from None
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        try:
            if sys.platform != "win32":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(128)
        except OSError as exc:
            sock.close()
            busy = exc.errno == errno.EADDRINUSE
            hint = " (another program uses it: choose another --port)" if busy else ""
            raise NewsdeskError(
                f"cannot listen on {where}: {exc.strerror or exc}{hint}", 1
            ) from None
        return sock

    def serve(self, debug: bool = False) -> None:
        """Bind the port, then run until Ctrl+C (as textual-serve does, on our socket)."""
        sock = self._bind()
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_exit)
        try:
            web.run_app(
                self._make_app(),
                sock=sock,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
            )
        finally:
            sock.close()

"""Browser seats: textual-serve runs `wargame join` for each browser tab, beside the exercise's WebSocket server.

A participant without Python opens the page on a laptop or tablet; each tab
gets its own `wargame join` process, which connects to the exercise like
any terminal seat and asks for the seat's code. So a browser seat sees
exactly what a terminal seat sees (the server builds every message through
`view`) and holds no more authority: it types keys into a client that only
sends decisions. The page's own WebSocket is checked against the same
origin policy as the exercise's, and the number of tabs at once is capped,
since each is a process on the facilitator's machine.

Needs the `web` extra (`pip install '.[web]'`): textual-serve and aiohttp.
"""

from __future__ import annotations

import asyncio
import re
import shlex
import sys
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from .limits import OriginPolicy

#: browser tabs served at once (each runs a client process on this machine)
MAX_TABS = 40
#: what a Host header may hold before it is written into the page
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def join_command(exercise_url: str) -> str:
    """The shell command textual-serve starts for each tab: this Python's `wargame join`, on the exercise's address.

    `exec` makes the client the server's own child, so that it sees the server go (see `RemoteApp`'s `with_parent`).
    """
    return "exec " + shlex.join([sys.executable, "-m", "wargame", "join", exercise_url])


def local_url(host: str, port: int) -> str:
    """Where a client on this machine reaches the exercise listening on `host`."""
    if host in ("", "0.0.0.0", "localhost", "127.0.0.1"):
        return f"ws://127.0.0.1:{port}"
    if host in ("::", "::1"):
        return f"ws://[::1]:{port}"
    return f"ws://[{host}]:{port}" if ":" in host else f"ws://{host}:{port}"


class JoinPages(Server):
    """textual-serve's page and terminal socket, with the page's addresses taken from each request and the tabs checked."""

    def __init__(self, command: str, *, origins: OriginPolicy, max_tabs: int = MAX_TABS) -> None:
        super().__init__(command, title="wargame")
        self.origins = origins
        self.max_tabs = max_tabs
        self.tabs: set[asyncio.Task[Any]] = set()

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `wargame serve` announces the address itself."""

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """The page, pointing at this server as the browser reached it (a LAN address, or a TLS proxy in front)."""
        host = request.host
        if not _HOST.match(host):
            raise web.HTTPBadRequest(text="bad Host header")
        secure = request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        page = f"{'https' if secure else 'http'}://{host}"
        context: dict[str, Any] = {
            "font_size": _font_size(request.query.get("fontsize", "16")),
            "app_websocket_url": f"{'wss' if secure else 'ws'}://{host}/ws",
            "config": {"static": {"url": f"{page}/static/"}},
            "application": {"name": "wargame"},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A tab's terminal: refused when another site's page opens it, or when too many tabs are open."""
        problem = self.origins.problem(request.headers.get("Origin"), request.headers.get("Host"))
        if problem:
            raise web.HTTPForbidden(text=problem)
        if len(self.tabs) >= self.max_tabs:
            raise web.HTTPServiceUnavailable(text=f"{self.max_tabs} browser seats are open already: close one first")
        tab = asyncio.current_task()
        assert tab is not None
        self.tabs.add(tab)
        try:
            return await super().handle_websocket(request)
        finally:
            self.tabs.discard(tab)

    async def close_tabs(self) -> None:
        """End every tab: its socket closed and its client process told to quit (the page says the connection ended)."""
        tabs = list(self.tabs)
        for tab in tabs:
            tab.cancel()
        if tabs:
            await asyncio.wait(tabs, timeout=10)


def _font_size(text: str) -> int:
    try:
        return min(max(int(text), 8), 40)
    except ValueError:
        return 16


class WebSeats:
    """The join page served on `host:port` (0 picks a free one) for the exercise at `exercise_url`."""

    def __init__(self, exercise_url: str, *, host: str, port: int, origins: OriginPolicy | None = None) -> None:
        self.pages = JoinPages(join_command(exercise_url), origins=origins or OriginPolicy())
        self.host = host
        self.requested_port = port
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        """Listen; the port the page is on."""
        self._runner = web.AppRunner(await self.pages._make_app(), handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.requested_port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        """Close the page and every tab's client process."""
        if self._runner is not None:
            await self.pages.close_tabs()
            await self._runner.cleanup()
            self._runner = None


"""The WebSocket side of the server: joins, one connection per code, and each seat's messages in order.

A connection must send its join first; its code decides its seat. A second
connection with the same code replaces the first, which is closed with a
reason saying so. What the exercise publishes for a seat is queued on each
of that seat's connections and written by one task per connection, so a
slow client never holds up the game (one that falls far behind is closed,
and catches up with a full sync when it reconnects).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import MultipleValuesError
from websockets.exceptions import ConnectionClosed

from .. import __version__
from ..engine import FACILITATOR
from . import protocol as p
from . import tools
from .exercise import Exercise, Reply, accepted, refused
from .limits import JoinLimiter, OriginPolicy
from .store import StoreError

#: frames waiting for a slow client before it is closed (a whole game is a few hundred)
MAX_BACKLOG = 2000
#: and characters: a few full syncs of a long game with many messages
MAX_BACKLOG_CHARS = 8_000_000


class Connection:
    """One joined client: its holder (whose code it used), its seat, and the queue of frames to send it."""

    def __init__(self, ws: ServerConnection, holder: str, seat: str) -> None:
        self.ws = ws
        self.holder = holder
        self.seat = seat
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.closing = False
        #: characters of the frames waiting to be sent
        self.backlog = 0
        #: a full sync waiting to be sent: a client asking again meanwhile is not sent a second
        self.sync_frame: str | None = None
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def send_sync(self, message: dict[str, Any]) -> None:
        text = p.frame(message)
        self.send_frame(text)
        if not self.closing:
            self.sync_frame = text

    def send(self, message: dict[str, Any]) -> None:
        self.send_frame(p.frame(message))

    def send_frame(self, text: str) -> None:
        if self.closing:
            return
        if self.queue.qsize() >= MAX_BACKLOG or self.backlog + len(text) > MAX_BACKLOG_CHARS:
            self.close(p.CLOSE_TOO_SLOW, "too far behind: reconnect for a full sync")
            return
        self.backlog += len(text)
        self.queue.put_nowait(text)

    def close(self, code: int, reason: str) -> None:
        """Close at once: frames still waiting are dropped (a client that joins again gets a full sync), and the reason is sent."""
        if self.closing:
            return
        self.closing = True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.backlog = 0
        self.queue.put_nowait(None)
        self._close = (code, reason)

    async def _write(self) -> None:
        with contextlib.suppress(ConnectionClosed, asyncio.CancelledError):
            while True:
                text = await self.queue.get()
                if text is None:
                    code, reason = self._close
                    await self.ws.close(code, p.close_reason(reason))
                    return
                self.backlog -= len(text)
                if text is self.sync_frame:
                    self.sync_frame = None
                await self.ws.send(text)


class Hub:
    """Serves one exercise: the `Audience` its messages go to, and the handler of every WebSocket."""

    def __init__(self, exercise: Exercise, *, origins: OriginPolicy | None = None, limiter: JoinLimiter | None = None) -> None:
        self.exercise = exercise
        self.origins = origins or OriginPolicy()
        self.limiter = limiter or JoinLimiter()
        self.connections: dict[str, Connection] = {}
        self.server: Server | None = None
        exercise.audience = self

    # --- Audience ------------------------------------------------------------------------

    def publish(self, seat: str, message: dict[str, Any]) -> None:
        text = ""
        for conn in list(self.connections.values()):
            if conn.seat == seat:
                text = text or p.frame(message)
                conn.send_frame(text)

    def present(self) -> list[str]:
        return sorted(h for h, c in self.connections.items() if not c.closing)

    # --- serving -------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> Server:
        self.server = await serve(
            self.handle, host, port, max_size=p.MAX_FRAME_BYTES, max_queue=32, ping_interval=20, ping_timeout=20, close_timeout=5,
            server_header=f"wargame/{__version__}",
        )
        return self.server

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Tell every client the server is going away, then stop listening."""
        for conn in list(self.connections.values()):
            conn.close(p.CLOSE_GOING_AWAY, "the exercise server is stopping; it resumes where it was when it starts again")
        for conn in list(self.connections.values()):
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(conn.writer), 2)
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.server.wait_closed(), 5)

    async def handle(self, ws: ServerConnection) -> None:
        request = ws.request
        headers = request.headers if request is not None else None
        try:
            problem = self.origins.problem(headers.get("Origin") if headers else None, headers.get("Host") if headers else None)
        except MultipleValuesError:
            problem = "the request gives its Origin or Host twice"
        if problem:
            await ws.close(p.CLOSE_POLICY, p.close_reason(problem))
            return
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        wait = self.limiter.wait(address)
        if wait:
            await ws.close(p.CLOSE_RATE_LIMITED, p.close_reason(f"too many join attempts from {address}: try again in {wait:.0f} s"))
            return
        try:
            first = p.read_frame(await asyncio.wait_for(ws.recv(), p.JOIN_TIMEOUT))
            if first["type"] != p.JOIN:
                raise p.ProtocolError(f'the first message must be a join, not "{p.shown_type(first["type"])}"')
            code = p.text_field(first, "code", limit=100)
            version = first.get("protocol", p.PROTOCOL)
            if version != p.PROTOCOL:
                raise p.ProtocolError(f"this server speaks protocol {p.PROTOCOL}, not {version!r}: use the same wargame version")
        except (asyncio.TimeoutError, TimeoutError):
            await ws.close(p.CLOSE_PROTOCOL, f"no join message within {p.JOIN_TIMEOUT:g} s")
            return
        except p.ProtocolError as err:
            await ws.close(p.CLOSE_PROTOCOL, p.close_reason(str(err)))
            return
        except ConnectionClosed:
            return
        holder = self.exercise.codes.find(code)
        if holder is None:
            await ws.close(p.CLOSE_BAD_CODE, "this join code is not one of this exercise's (or it was revoked)")
            return
        conn = await self._join(ws, holder, address)
        try:
            async for raw in ws:
                if conn.closing:
                    continue  # replaced, revoked or too slow: nothing it sends is acted on any more
                await self._receive(conn, raw)
        except ConnectionClosed:
            pass
        finally:
            if self.connections.get(holder) is conn:
                del self.connections[holder]
                self.exercise.publish_status()
            conn.close(1000, "")
            conn.writer.cancel()

    async def _join(self, ws: ServerConnection, holder: str, address: str) -> Connection:
        """Register the connection and send its welcome and sync under the game's lock, so no update falls between."""
        exercise = self.exercise
        seat = exercise.seat_of(holder)
        async with exercise.lock:
            old = self.connections.get(holder)
            if old is not None:
                old.close(p.CLOSE_REPLACED, f"replaced: the join code of {holder} connected again (from {address})")
            conn = self.connections[holder] = Connection(ws, holder, seat)
            conn.send({
                "type": p.WELCOME,
                "protocol": p.PROTOCOL,
                "server": f"wargame {__version__}",
                "seat": seat,
                "holder": holder,
                "exercise": {
                    "name": exercise.session.name,
                    "deck": exercise.session.deck.id,
                    "deck_title": exercise.session.deck.title,
                    "seats": dict(exercise.session.seats),
                    "mode": exercise.session.mode,
                    "turns": exercise.session.turns,
                },
            })
            conn.send_sync(exercise.sync(seat))
        exercise.publish_status()
        return conn

    async def _receive(self, conn: Connection, raw: str | bytes) -> None:
        try:
            message = p.read_frame(raw)
        except p.ProtocolError as err:
            conn.send({"type": p.ERROR, "reason": str(err)})
            return
        kind = message["type"]
        if kind in p.WHITE_CELL_TYPES and conn.seat != FACILITATOR:
            conn.send(refused(message, f"only the white cell may send {kind}").message)
            return
        reply: Reply | None
        if kind == p.DECIDE:
            reply = await self.exercise.decide(conn.seat, message)
        elif kind == p.SYNC:
            if conn.sync_frame is not None:
                return  # the sync already on its way answers this request too
            async with self.exercise.lock:
                conn.send_sync(self.exercise.sync(conn.seat))
            return
        elif kind == p.STATUS:
            conn.send(self.exercise.status())
            return
        elif kind == p.MESSAGE:
            reply = await tools.send_message(self.exercise, message)
        elif kind == p.TIMER:
            reply = await tools.countdown(self.exercise, message)
        elif kind in (p.REISSUE, p.REVOKE):
            reply = await self._reissue(conn, message, revoke=kind == p.REVOKE)
        else:
            conn.send({"type": p.ERROR, "reason": f'unknown message type "{p.shown_type(kind)}"' if kind != p.JOIN else "already joined"})
            return
        conn.send(reply.message)
        if reply.stale:
            async with self.exercise.lock:
                conn.send(self.exercise.sync(conn.seat))

    async def _reissue(self, conn: Connection, message: dict[str, Any], *, revoke: bool) -> Reply:
        """A seat's code replaced (or revoked): its connections are closed, except the white cell's own that asked."""
        holder = message.get("holder")
        if not isinstance(holder, str) or not self.exercise.knows(holder):
            return refused(message, f"no seat holds a code called {holder!r}: use one of {', '.join(self.exercise.codes.holders())}")
        if revoke and holder == conn.holder:
            return refused(message, "the white cell cannot revoke its own code (reissue it instead)")
        try:
            code = await tools.reissue(self.exercise, holder, revoke=revoke)
        except StoreError as err:
            return refused(message, f"the code could not be recorded: {err}")
        target = self.connections.get(holder)
        if target is not None and target is not conn:
            target.close(p.CLOSE_REVOKED, f"the white cell has {'revoked' if revoke else 'reissued'} the join code of {holder}")
            del self.connections[holder]
            self.exercise.publish_status()
        return accepted(message, holder=holder, **({"code": code} if code else {}))

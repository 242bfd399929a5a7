"""The client side of the exercise protocol: join with a code, take decisions, follow the game, reconnect by itself.

`ExerciseClient` keeps one connection to the server and what the seat
knows (the board, its legal actions, the log, the messages, the
countdown), updated from every message. When the connection drops it
reconnects with exponential backoff and joins again, and the server's full
sync brings it up to date; only a refusal that reconnecting cannot mend (a
bad or revoked code, a connection replaced by another, a refused origin)
stops it, as `JoinRefused`.

    async with ExerciseClient("192.168.1.20:8765", "K7QM-2XHD-9TRW-5BNA") as client:
        print(client.seat, client.board["turn"])
        open_ = [a for a in client.legal if a["allowed"]]
        reply = await client.decide(open_[0], rationale="why we chose it")
        message = await client.receive()        # every message from the server, in order
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import Any, Callable, Iterator, Mapping

from attrs import frozen
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.typing import Origin

from .. import __version__
from ..engine import FACILITATOR, Action
from . import protocol as p

#: the port `wargame serve` listens on unless told otherwise
DEFAULT_PORT = 8765
#: the type of the message the client itself puts in its stream when the connection drops
DISCONNECTED = "disconnected"


class JoinRefused(Exception):
    """The server will not take this client back by itself reconnecting: `code` and `reason` are its close frame's."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"the server closed the connection ({code}): {reason or 'no reason given'}")
        self.code = code
        self.reason = reason


class Disconnected(Exception):
    """The connection dropped before the server answered; the client reconnects, and its sync says what stands."""


@frozen
class Backoff:
    """Seconds between reconnection attempts: `first`, growing by `factor` up to `most`, each +-`jitter` of itself."""

    first: float = 0.25
    factor: float = 2.0
    most: float = 8.0
    jitter: float = 0.25

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay * (1 + random.uniform(-self.jitter, self.jitter))
            delay = min(self.most, delay * self.factor)


def address_url(address: str) -> str:
    """'HOST:PORT', 'HOST' or a ws:// or wss:// URL, as the URL to connect to."""
    text = address.strip()
    if text.startswith(("ws://", "wss://")):
        return text
    if text.startswith("[") and "]" in text:  # [::1]:8765
        host, _sep, rest = text[1:].partition("]")
        return f"ws://[{host}]:{rest.lstrip(':') or DEFAULT_PORT}"
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or ":" in host:
        return f"ws://{text}:{DEFAULT_PORT}" if ":" not in text else f"ws://[{text}]:{DEFAULT_PORT}"
    return f"ws://{host}:{port}"


class ExerciseClient:
    """One seat's connection to an exercise server. `start` joins (waiting while the server is unreachable)."""

    def __init__(
        self,
        address: str,
        code: str,
        *,
        origin: str | None = None,
        backoff: Backoff = Backoff(),
        keep_frames: bool = False,
        name: str = f"wargame {__version__}",
    ) -> None:
        self.url = address_url(address)
        self.code = code
        self.origin = origin
        self.backoff = backoff
        self.name = name
        #: every frame received, as text (kept only with keep_frames: for tests and troubleshooting)
        self.frames: list[str] | None = [] if keep_frames else None
        # what the seat knows, from the last welcome, sync and updates
        self.seat = ""
        self.holder = ""
        self.exercise: dict[str, Any] = {}
        self.seq = -1
        self.board: dict[str, Any] = {}
        self.legal: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.timer: dict[str, Any] | None = None
        self.status: dict[str, Any] = {}
        self.decisions: list[dict[str, Any]] = []  # the white cell's: every decision in full
        self.joins = 0  # how many times it has joined (1, then one more per reconnection)
        self.connected = False
        self.fatal: JoinRefused | None = None
        self._stream: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._changed = asyncio.Condition()
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next_id = 0
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    # --- life ------------------------------------------------------------------------------

    async def start(self, timeout: float = 30) -> ExerciseClient:
        """Connect and join; returns once the first sync is in (JoinRefused if the server refuses the code)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())
        await self.until(lambda c: c.connected, timeout)
        return self

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def __aenter__(self) -> ExerciseClient:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def drop(self) -> None:
        """Close the connection as a dropped laptop would (the client reconnects by itself)."""
        if self._ws is not None:
            with contextlib.suppress(Exception):
                self._ws.transport.abort()

    # --- talking to the server -------------------------------------------------------------

    async def decide(self, action: Action | Mapping[str, Any], rationale: str = "", *, at: int | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send a decision for the position after decision `at` (default: the latest known); the server's reply,
        accepted or refused (a stale one is followed by a sync). Disconnected if the connection drops first."""
        if isinstance(action, Action):
            body = {"kind": action.kind, "choice": action.choice, "value": action.value}
            rationale = rationale or action.rationale
        else:
            body = {k: action[k] for k in ("kind", "choice", "value") if k in action}
        return await self.request({"type": p.DECIDE, "at": self.seq if at is None else at, "action": body, "rationale": rationale}, timeout)

    async def request(self, message: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
        """Send a request (a decision, or a white cell's timer, message, reissue or revoke) and wait for its reply."""
        self._next_id += 1
        ident = self._next_id
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = reply
        try:
            await self.send({**message, "id": ident})
            return await asyncio.wait_for(reply, timeout)
        finally:
            self._pending.pop(ident, None)

    async def send(self, message: dict[str, Any]) -> None:
        """Send a message that needs no reply (a sync or status request); Disconnected when not connected."""
        ws = self._ws
        if ws is None or not self.connected:
            raise Disconnected("not connected to the server")
        try:
            await ws.send(p.frame(message))
        except ConnectionClosed:
            raise Disconnected("the connection dropped") from None

    async def receive(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message from the server, in order (and {"type": "disconnected"} when the connection drops)."""
        if self.fatal is not None and self._stream.empty():
            raise self.fatal
        return await asyncio.wait_for(self._stream.get(), timeout)

    async def until(self, check: Callable[[ExerciseClient], bool], timeout: float = 30) -> None:
        """Wait until `check(client)` holds (JoinRefused if the client stops for good first)."""

        async def wait() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: check(self) or self.fatal is not None)

        await asyncio.wait_for(wait(), timeout)
        if not check(self) and self.fatal is not None:
            raise self.fatal

    # --- the connection --------------------------------------------------------------------

    async def _run(self) -> None:
        delays = self.backoff.delays()
        while not self._closing:
            code, reason = 1006, ""
            try:
                async with connect(
                    self.url, origin=Origin(self.origin) if self.origin else None, max_size=p.MAX_FRAME_BYTES, open_timeout=10, proxy=None,
                    user_agent_header=self.name, ping_interval=20, ping_timeout=20,
                ) as ws:
                    self._ws = ws
                    await ws.send(p.frame({"type": p.JOIN, "code": self.code, "protocol": p.PROTOCOL, "client": self.name}))
                    async for raw in ws:
                        if await self._take(raw):
                            delays = self.backoff.delays()
                    code, reason = ws.close_code or 1006, ws.close_reason or ""
            except ConnectionClosed as err:
                if err.rcvd is not None:
                    code, reason = err.rcvd.code, err.rcvd.reason
            except (OSError, InvalidHandshake, InvalidURI, asyncio.TimeoutError) as err:
                reason = str(err)
                if isinstance(err, InvalidURI):
                    code = p.CLOSE_PROTOCOL
            finally:
                self._ws = None
            await self._lost(code, reason)
            if self.fatal is not None or self._closing:
                return
            await asyncio.sleep(next(delays))

    async def _lost(self, code: int, reason: str) -> None:
        was = self.connected
        self.connected = False
        for reply in self._pending.values():
            if not reply.done():
                reply.set_exception(Disconnected(f"the connection dropped ({code} {reason})".strip()))
        if code in p.FATAL_CLOSES:
            self.fatal = JoinRefused(code, reason)
        if was or self.fatal is not None:
            self._stream.put_nowait({"type": DISCONNECTED, "code": code, "reason": reason, "final": self.fatal is not None})
        async with self._changed:
            self._changed.notify_all()

    async def _take(self, raw: str | bytes) -> bool:
        """Learn from one frame; True for a welcome (the backoff starts again)."""
        if self.frames is not None:
            self.frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        try:
            message = p.read_frame(raw)
        except p.ProtocolError:
            return False
        kind = message["type"]
        if kind == p.WELCOME:
            self.seat, self.holder = str(message.get("seat", "")), str(message.get("holder", ""))
            self.exercise = dict(message.get("exercise") or {})
            self.joins += 1
        elif kind == p.SYNC:
            self.seq, self.board, self.legal = message["seq"], message["board"], message["legal"]
            self.log, self.messages, self.timer = list(message["log"]), list(message["messages"]), message["timer"]
            self.decisions = list(message.get("decisions", []))
            self.status = message.get("status", self.status)
            self.connected = True
        elif kind == p.UPDATE:
            self.seq, self.board, self.legal, self.timer = message["seq"], message["board"], message["legal"], message["timer"]
            self.log += message["log"]
            if self.seat == FACILITATOR:
                self.decisions.append(message["decision"])
        elif kind == p.MESSAGE:
            self.messages.append(message)
        elif kind == p.TIMER:
            self.timer = message["timer"]
        elif kind == p.STATUS:
            self.status = message
        elif kind in (p.ACCEPTED, p.REFUSED):
            reply = self._pending.get(message.get("id", -1))
            if reply is not None and not reply.done():
                reply.set_result(message)
        if self._stream.qsize() < 10_000:  # nobody reading: keep the latest state, not every message
            self._stream.put_nowait(message)
        async with self._changed:
            self._changed.notify_all()
        return kind == p.WELCOME

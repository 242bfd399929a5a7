"""Joining over real WebSockets: codes, replaced connections, reconnection, origins, frame size and the join rate."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from typing import AsyncIterator

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests.server.conftest import address, join, pick, served
from wargame.server import protocol as p
from wargame.server.client import ExerciseClient, JoinRefused
from wargame.server.limits import JoinLimiter, OriginPolicy


async def closed_with(url: str, *frames: str, origin: str | None = None) -> tuple[int, str]:
    """Connect, send `frames`, and read until the server closes: its close code and reason."""
    async with connect(url, origin=Origin(origin) if origin else None, proxy=None, max_size=None) as ws:
        try:
            for text in frames:
                await ws.send(text)
            while True:
                await asyncio.wait_for(ws.recv(), 20)
        except ConnectionClosed as err:
            assert err.rcvd is not None, "the server closed without a close frame"
            return err.rcvd.code, err.rcvd.reason
    raise AssertionError("the connection was not closed")


def join_frame(code: str) -> str:
    return json.dumps({"type": "join", "code": code, "protocol": p.PROTOCOL})


@contextlib.asynccontextmanager
async def joined_raw(server, code: str) -> AsyncIterator[ClientConnection]:
    """A bare WebSocket joined with `code`, its welcome and first sync read: frames sent as they are, no client around them."""
    async with connect(f"ws://{address(server)}", proxy=None, max_size=None) as ws:
        await ws.send(join_frame(code))
        await ws.recv()  # welcome
        await ws.recv()  # sync
        yield ws


async def test_a_good_code_gets_its_seat_and_a_full_sync(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        client = await join(server, codes["washington"])
        assert client.seat == "washington" and client.holder == "washington"
        assert client.board["turn"] == 1 and client.seq >= 0
        assert client.exercise["deck"] == "mini"
        # a code is typed as people type it: case, spaces and dashes do not count
        sloppy = await join(server, codes["tokyo"].lower().replace("-", " "))
        assert sloppy.seat == "tokyo"
        await client.close()
        await sloppy.close()


async def test_a_bad_code_is_refused_with_a_reason(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        code, reason = await closed_with(f"ws://{address(server)}", join_frame("AAAA-BBBB-CCCC-DDDD"))
        assert code == p.CLOSE_BAD_CODE
        assert "not one of this exercise's" in reason
        client = ExerciseClient(address(server), "WRONG-CODE")
        with pytest.raises(JoinRefused) as refused:
            await client.start(timeout=20)
        assert refused.value.code == p.CLOSE_BAD_CODE
        await client.close()


async def test_the_first_message_must_be_a_join(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        code, reason = await closed_with(f"ws://{address(server)}", json.dumps({"type": "sync"}))
        assert code == p.CLOSE_PROTOCOL and "must be a join" in reason
        code, reason = await closed_with(f"ws://{address(server)}", "not json")
        assert code == p.CLOSE_PROTOCOL and "not JSON" in reason
        code, reason = await closed_with(f"ws://{address(server)}", json.dumps({"type": "join", "code": codes["tokyo"], "protocol": 99}))
        assert code == p.CLOSE_PROTOCOL and "protocol" in reason


async def test_a_second_connection_with_the_same_code_replaces_the_first(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        first = await join(server, codes["tokyo"])
        second = await join(server, codes["tokyo"])
        await first.until(lambda c: c.fatal is not None, 20)
        assert first.fatal is not None and first.fatal.code == p.CLOSE_REPLACED
        assert "replaced" in first.fatal.reason and "tokyo" in first.fatal.reason
        assert second.connected and second.seat == "tokyo"
        # the replaced client does not fight back: it stays closed while the new one plays on
        await asyncio.sleep(0.3)
        assert second.connected and not first.connected
        await first.close()
        await second.close()


async def test_a_dropped_client_reconnects_and_catches_up(tmp_path) -> None:
    rng = random.Random(3)
    async with served(tmp_path) as (server, codes):
        tokyo = await join(server, codes["tokyo"])
        washington = await join(server, codes["washington"])
        await washington.drop()  # the laptop's network goes
        # the game goes on without Washington's client: Tokyo responds
        action = pick(tokyo, rng)
        assert action is not None
        reply = await tokyo.decide(action, rationale="we go on")
        assert reply["type"] == p.ACCEPTED
        await washington.until(lambda c: c.joins == 2 and c.connected and c.seq == tokyo.seq, 20)
        assert washington.board["to_move"] == tokyo.board["to_move"]
        assert any("Tokyo has chosen" in e["text"] for e in washington.log)
        await tokyo.close()
        await washington.close()


async def test_a_refused_origin_is_closed_with_a_reason(tmp_path) -> None:
    async with served(tmp_path, origins=OriginPolicy(["https://wargame.example"])) as (server, codes):
        url = f"ws://{address(server)}"
        code, reason = await closed_with(url, join_frame(codes["tokyo"]), origin="https://evil.example")
        assert code == p.CLOSE_POLICY
        assert "origin https://evil.example is not allowed" in reason and "--origin" in reason
        for fine in ("http://localhost:3000", "http://127.0.0.1", "https://wargame.example"):
            client = ExerciseClient(address(server), codes["tokyo"], origin=fine)
            await client.start(timeout=20)
            assert client.seat == "tokyo", fine
            await client.close()


def test_the_origin_policy() -> None:
    policy = OriginPolicy()
    assert policy.problem(None, "10.0.0.5:8765") == ""  # a program, not a page
    assert policy.problem("http://10.0.0.5:8080", "10.0.0.5:8765") == ""  # the server's own host
    assert policy.problem("http://[::1]:8080", "host:1") == ""
    assert "not allowed" in policy.problem("http://10.0.0.6", "10.0.0.5:8765")
    assert "not allowed" in policy.problem("null", "10.0.0.5:8765")


def test_a_page_from_a_name_that_is_not_this_machines_is_refused_even_as_the_host() -> None:
    """DNS rebinding: another site points its own name at this server, so its page's Origin matches the Host header."""
    policy = OriginPolicy(names=["laptop", "laptop.local"])
    assert "not allowed" in policy.problem("http://evil.example:8765", "evil.example:8765")
    assert policy.problem("http://laptop.local:8766", "laptop.local:8766") == ""  # this machine, by its own name
    assert policy.problem("http://[fe80::1]:8766", "[fe80::1]:8766") == ""  # by its address
    assert "not allowed" in policy.problem("http://laptop.local:8766", "10.0.0.5:8765")  # not the host the client named
    assert OriginPolicy(["http://seminar.example:8766"], names=[]).problem("http://seminar.example:8766", "seminar.example:8766") == ""
    import socket

    own = socket.gethostname().lower().split(".")[0]
    assert OriginPolicy().problem(f"http://{own}.local:8766", f"{own}.local:8766") == ""


def test_each_refused_origin_is_reported_once_and_only_so_many() -> None:
    said: list[str] = []
    policy = OriginPolicy(names=[], report=said.append)
    for _ in range(3):
        policy.problem("http://seminar.example:8766", "seminar.example:8766")
    assert said == ["Refused a browser page from http://seminar.example:8766: if it is this exercise's, serve with --origin http://seminar.example:8766"]
    for i in range(100):
        policy.problem(f"http://site{i}.example", "10.0.0.5:8765")
    assert len(said) == OriginPolicy.REPORTED  # a flood of origins cannot flood the facilitator's console
    policy.problem("http://localhost:8766", "localhost:8766")
    assert len(said) == OriginPolicy.REPORTED


async def test_an_oversized_message_is_refused_with_a_reason(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        big = json.dumps({"type": "decide", "at": 0, "action": {"kind": "respond"}, "rationale": "x" * (p.MAX_FRAME_BYTES + 10)})
        code, reason = await closed_with(f"ws://{address(server)}", join_frame(codes["tokyo"]), big)
        assert code == p.CLOSE_TOO_BIG
        assert "exceeds limit" in reason or "too big" in reason, reason


async def test_join_attempts_are_rate_limited_per_address(tmp_path) -> None:
    async with served(tmp_path, limiter=JoinLimiter(burst=4, every=60)) as (server, codes):
        url = f"ws://{address(server)}"
        for _ in range(4):
            code, _reason = await closed_with(url, join_frame("WRONG"))
            assert code == p.CLOSE_BAD_CODE
        code, reason = await closed_with(url, join_frame(codes["tokyo"]))  # even a good code waits its turn
        assert code == p.CLOSE_RATE_LIMITED
        assert "too many join attempts from 127.0.0.1" in reason


def test_the_limiter_refills() -> None:
    now = [0.0]
    limiter = JoinLimiter(burst=2, every=5, clock=lambda: now[0])
    assert limiter.wait("a") == 0 and limiter.wait("a") == 0
    assert limiter.wait("a") == pytest.approx(5)
    assert limiter.wait("b") == 0  # per address
    now[0] = 5.0
    assert limiter.wait("a") == 0
    assert limiter.wait("a") > 0


async def test_a_join_that_never_comes_is_closed(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(p, "JOIN_TIMEOUT", 0.3)
    async with served(tmp_path) as (server, _codes):
        code, reason = await closed_with(f"ws://{address(server)}")
        assert code == p.CLOSE_PROTOCOL and "no join message" in reason


async def test_a_bad_frame_after_joining_is_an_error_and_the_connection_stays(tmp_path) -> None:
    async with served(tmp_path) as (server, codes):
        client = await join(server, codes["observer"])
        await client.send({"type": "nonsense"})
        message = await _next_of(client, p.ERROR)
        assert "unknown message type" in message["reason"]
        reply = await client.request({"type": p.MESSAGE, "to": "all", "text": "hello"})
        assert reply["type"] == p.REFUSED and "only the white cell" in reply["reason"]
        reply = await client.decide({"kind": "respond", "choice": "x"})
        assert reply["type"] == p.REFUSED and "observer cannot take decisions" in reply["reason"]
        assert client.connected
        await client.close()


async def _next_of(client: ExerciseClient, kind: str) -> dict:
    while True:
        message = await client.receive(timeout=20)
        if message["type"] == kind:
            return message


async def test_a_replaced_connection_is_not_acted_on(tmp_path) -> None:
    """What a replaced client sends after it was replaced (before it reads its close) never reaches the game."""
    async with served(tmp_path) as (server, codes):
        async with joined_raw(server, codes["tokyo"]) as old:
            new = await join(server, codes["tokyo"])
            action = pick(new, random.Random(1))
            assert action is not None
            body = {k: action[k] for k in ("kind", "choice", "value") if k in action}
            with pytest.raises(ConnectionClosed):  # on sending, if the close has come already, or on reading it
                await old.send(json.dumps({"type": p.DECIDE, "id": 1, "at": new.seq, "action": body, "rationale": "from the old one"}))
                while True:
                    frame = json.loads(await asyncio.wait_for(old.recv(), 20))
                    assert frame.get("type") != p.ACCEPTED, frame
        reply = await new.decide(body, "from the new one")
        assert reply["type"] == p.ACCEPTED, reply
        await new.close()


async def test_hostile_frames_after_joining_are_one_line_errors_and_the_connection_stays(tmp_path) -> None:
    """Deep nesting, a lone surrogate, NaN, a number of 5,000 digits, a long type with line breaks: an error line each."""
    async with served(tmp_path) as (server, codes):
        async with joined_raw(server, codes["observer"]) as ws:
            hostile = [
                "[" * 60_000,
                '{"type": "\\ud800"}',
                '{"type": "sync", "id": NaN}',
                '{"type": "status", "n": ' + "9" * 5_000 + "}",
                json.dumps({"type": "a\nb\x1b[2J" + "x" * 30_000}),
            ]
            for text in hostile:
                await ws.send(text)
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 20))
                    if frame["type"] == p.ERROR:
                        break
                reason = frame["reason"]
                assert "\n" not in reason and "\x1b" not in reason and len(reason) < 300, reason
            await ws.send(json.dumps({"type": p.SYNC}))
            while json.loads(await asyncio.wait_for(ws.recv(), 20))["type"] != p.SYNC:
                pass


async def test_a_burst_of_sync_requests_builds_one_sync_at_a_time(tmp_path) -> None:
    """A client asking for a full sync again and again without reading is sent one, not one per request."""
    async with served(tmp_path) as (server, codes):
        async with joined_raw(server, codes["observer"]) as ws:
            for _ in range(300):
                await ws.send(json.dumps({"type": p.SYNC}))
            await ws.send(json.dumps({"type": "the-end"}))  # answered with an error line, after the syncs
            syncs = 0
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 20))
                if frame["type"] == p.ERROR:
                    break
                syncs += frame["type"] == p.SYNC
            assert 1 <= syncs < 300, syncs

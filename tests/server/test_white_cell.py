"""The white cell from another device: the console's actions as messages, who has submitted, the countdown, messages, codes."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from tests.server.conftest import FACILITATED, HOT_SEAT, join, pick, plan, served
from wargame import saves
from wargame.report.document import build_report
from wargame.server import protocol as p
from wargame.server.client import ExerciseClient


def offered(client: ExerciseClient, kind: str) -> dict[str, Any]:
    return next(a for a in client.legal if a["kind"] == kind and a["allowed"])


async def to_responses(white: ExerciseClient, rng: random.Random) -> None:
    """Take the white cell's turn-start decisions (fire what is due) until the card is in play."""
    for _ in range(20):
        if white.board["phase"] == "responses":
            return
        if "facilitator" in white.board["to_move"]:
            reply = await white.decide(offered(white, "fire") if any(a["kind"] == "fire" for a in white.legal) else offered(white, "resume"), rationale="as planned")
            assert reply["type"] == p.ACCEPTED, reply
        else:
            await white.until(lambda c: c.board["phase"] == "responses" or "facilitator" in c.board["to_move"], 20)
    raise AssertionError("no card came into play")


async def test_the_white_cell_pauses_resumes_and_sees_who_has_submitted(tmp_path) -> None:
    rng = random.Random(1)
    async with served(tmp_path, plan(FACILITATED, seed=4, turns=3)) as (server, codes):
        white = await join(server, codes["facilitator"])
        tokyo = await join(server, codes["tokyo"])
        await to_responses(white, rng)
        await tokyo.until(lambda c: c.board["phase"] == "responses", 20)
        action = pick(tokyo, rng)
        reply = await white.decide(offered(white, "pause"), rationale="coffee")
        assert reply["type"] == p.ACCEPTED
        await tokyo.until(lambda c: c.board["paused"], 20)
        assert not any(a["allowed"] for a in tokyo.legal) and tokyo.board["to_move"] == ["facilitator"]
        refused = await tokyo.decide(action, rationale="we try anyway")
        assert refused["type"] == p.REFUSED and refused["reason"] == "the facilitator has paused the game"
        assert not refused["stale"]
        reply = await white.decide(offered(white, "resume"))
        assert reply["type"] == p.ACCEPTED
        await tokyo.until(lambda c: not c.board["paused"], 20)
        reply = await tokyo.decide(action, rationale="keep it lawful")
        assert reply["type"] == p.ACCEPTED
        await white.until(lambda c: "tokyo" in c.status.get("submitted", []), 20)
        assert "tokyo" not in white.status["waiting"]
        assert set(white.status["connected"]) >= {"facilitator", "tokyo"}
        # a capital may not speak for the white cell, nor for another capital
        refused = await tokyo.request({"type": p.DECIDE, "at": tokyo.seq, "action": {"actor": "facilitator", "kind": "pause"}, "rationale": "x"})
        assert refused["type"] == p.REFUSED and "you sit as tokyo" in refused["reason"]
        await white.close()
        await tokyo.close()


async def test_override_rule_inject_and_undo_are_the_engines_actions(tmp_path) -> None:
    rng = random.Random(2)
    async with served(tmp_path, plan(FACILITATED, seed=6, turns=3)) as (server, codes):
        white = await join(server, codes["facilitator"])
        capitals = {r: await join(server, codes[r]) for r in ("tokyo", "washington", "beijing")}
        card = next(a for a in white.legal if a["kind"] == "inject" and a["allowed"])
        refused = await white.decide({"kind": "inject", "choice": card["choice"], "value": 99}, rationale="")
        assert refused["type"] == p.REFUSED and "an inject can be scheduled for turns" in refused["reason"]
        reply = await white.decide({"kind": "inject", "choice": card["choice"], "value": card["value"] + 1}, rationale="test the crisis line")
        assert reply["type"] == p.ACCEPTED
        await capitals["tokyo"].until(lambda c: c.seq == reply["seq"], 20)
        assert any(e["text"] == "The white cell schedules an inject" for e in capitals["tokyo"].log)
        assert card["choice"] not in str(capitals["tokyo"].log) and "scheduled" not in capitals["tokyo"].board
        assert white.board["scheduled"][0]["card"] == card["choice"]
        reviewed = False
        for _ in range(300):
            if white.board["over"] or reviewed:
                break
            if white.board["phase"] == "review":
                refused = await white.decide(offered(white, "override"), rationale="")
                assert refused["type"] == p.REFUSED and "state a reason" in refused["reason"]
                reply = await white.decide(offered(white, "override"), rationale="the rules miss the Diet's mood")
                assert reply["type"] == p.ACCEPTED
                await white.until(lambda c: c.seq == reply["seq"], 20)
                assert any("The facilitator rules that" in e["text"] for e in white.log)
                undo_to = white.board["undo_to"]
                reply = await white.decide(offered(white, "undo"), rationale="replay the adjudication")
                assert reply["type"] == p.ACCEPTED
                await capitals["tokyo"].until(lambda c: c.seq == reply["seq"], 20)
                assert any(f"back to the reveal of turn {undo_to}" in e["text"] for e in capitals["tokyo"].log)
                reviewed = True
                continue
            moved = False
            for client in (white, *capitals.values()):
                action = pick(client, rng)
                if client is white and action is not None:
                    action = next((a for a in client.legal if a["allowed"] and a["kind"] in ("accept", "rule", "fire")), None)
                if action is not None:
                    reply = await client.decide(action, rationale="on with it")
                    moved = moved or reply["type"] == p.ACCEPTED
            if not moved:
                await asyncio.sleep(0.01)
        assert reviewed, "the game never reached a review"
        for client in (white, *capitals.values()):
            await client.close()
    replay = saves.verify(tmp_path / "exercise.toml")
    assert replay.divergence is None
    kinds = [d.action.kind for d in replay.save.decisions]
    assert {"inject", "override", "undo"} <= set(kinds)


async def test_a_stale_decision_is_refused_with_a_full_sync(tmp_path) -> None:
    rng = random.Random(5)
    async with served(tmp_path, plan(FACILITATED, seed=4, turns=3)) as (server, codes):
        white = await join(server, codes["facilitator"])
        tokyo = await join(server, codes["tokyo"])
        washington = await join(server, codes["washington"])
        await to_responses(white, rng)
        await tokyo.until(lambda c: c.board["phase"] == "responses", 20)
        await washington.until(lambda c: c.seq == tokyo.seq, 20)
        seen = tokyo.seq
        # another capital sealing its response does not make Tokyo's choice stale: they choose at once
        reply = await washington.decide(pick(washington, rng), rationale="hold the line")
        assert reply["type"] == p.ACCEPTED
        reply = await tokyo.decide(pick(tokyo, rng), rationale="at the same time", at=seen)
        assert reply["type"] == p.ACCEPTED, reply
        # but the white cell's pause since then does
        seen = tokyo.seq
        pause = await white.decide(offered(white, "pause"), rationale="a word")
        assert pause["type"] == p.ACCEPTED
        await white.decide(offered(white, "resume"))
        stale = await white.decide(offered(white, "pause"), rationale="again", at=seen)
        assert stale["type"] == p.REFUSED and stale["stale"] and "moved on" in stale["reason"]
        await white.until(lambda c: c.seq == pause["seq"] + 1, 20)
        message = await _next_of(white, p.SYNC, after=stale)
        assert message["seq"] == white.seq
        for client in (white, tokyo, washington):
            await client.close()


async def _next_of(client: ExerciseClient, kind: str, after: dict[str, Any]) -> dict[str, Any]:
    """The first message of `kind` that came after the message `after` in the client's stream."""
    passed = False
    while True:
        message = await client.receive(timeout=20)
        if message is after or message == after:
            passed = True
        elif passed and message["type"] == kind:
            return message


async def test_the_countdown_is_shown_to_every_seat_and_decides_nothing(tmp_path) -> None:
    async with served(tmp_path, plan(HOT_SEAT, seed=4, turns=2)) as (server, codes):
        white = await join(server, codes["facilitator"])
        tokyo = await join(server, codes["tokyo"])
        observer = await join(server, codes["observer"])
        assert (await white.request({"type": p.TIMER, "op": "start", "seconds": 0}))["type"] == p.REFUSED
        assert (await white.request({"type": p.TIMER, "op": "extend", "seconds": 5}))["type"] == p.REFUSED
        reply = await white.request({"type": p.TIMER, "op": "start", "seconds": 60})
        assert reply["type"] == p.ACCEPTED
        await observer.until(lambda c: c.timer is not None and c.timer["running"], 20)
        assert 50 < observer.timer["remaining"] <= 60 and observer.timer["phase"] == "responses"
        reply = await white.request({"type": p.TIMER, "op": "extend", "seconds": 60})
        await tokyo.until(lambda c: c.timer is not None and c.timer["remaining"] > 100, 20)
        reply = await white.request({"type": p.TIMER, "op": "stop"})
        await tokyo.until(lambda c: c.timer is None, 20)
        seq = tokyo.seq
        reply = await white.request({"type": p.TIMER, "op": "start", "seconds": 1})
        notice = await _notice(white)
        assert "time is up for turn 1 (responses)" in notice["text"] and "tokyo" in notice["text"]
        await tokyo.until(lambda c: c.timer is not None and c.timer["expired"], 20)
        assert tokyo.seq == seq and "tokyo" in tokyo.board["to_move"]  # nobody was decided for
        refused = await tokyo.request({"type": p.TIMER, "op": "stop"})
        assert refused["type"] == p.REFUSED and "only the white cell" in refused["reason"]
        for client in (white, tokyo, observer):
            await client.close()


async def _notice(client: ExerciseClient) -> dict[str, Any]:
    while True:
        message = await client.receive(timeout=20)
        if message["type"] == p.NOTICE:
            return message


async def test_messages_reach_their_seats_and_the_save_and_the_report(tmp_path) -> None:
    async with served(tmp_path, plan(HOT_SEAT, seed=4, turns=2)) as (server, codes):
        white = await join(server, codes["facilitator"])
        clients = {h: await join(server, codes[h]) for h in ("tokyo", "washington", "beijing", "observer")}
        reply = await white.request({"type": p.MESSAGE, "to": "all", "text": "Ten minutes left in this turn.\x1b[2J"})
        assert reply["type"] == p.ACCEPTED
        reply = await white.request({"type": p.MESSAGE, "to": "tokyo", "text": "Tokyo: the Diet is restless"})
        assert reply["type"] == p.ACCEPTED
        assert (await white.request({"type": p.MESSAGE, "to": "moscow", "text": "x"}))["type"] == p.REFUSED
        assert (await white.request({"type": p.MESSAGE, "to": "all", "text": "   "}))["type"] == p.REFUSED
        await clients["tokyo"].until(lambda c: len(c.messages) == 2, 20)
        for holder in ("washington", "beijing", "observer"):
            await clients[holder].until(lambda c: len(c.messages) == 1, 20)
        await asyncio.sleep(0.2)
        assert [m["text"] for m in clients["washington"].messages] == ["Ten minutes left in this turn.[2J"]
        assert all("restless" not in m["text"] for h in ("washington", "beijing", "observer") for m in clients[h].messages)
        late = await join(server, codes["tokyo"])  # a reconnecting seat gets its messages in the sync
        assert [m["to"] for m in late.messages] == ["all", "tokyo"]
        for client in (white, late, *clients.values()):
            await client.close()
    session = saves.load(tmp_path / "exercise.toml")
    assert [(m.to, m.text) for m in session.messages] == [("all", "Ten minutes left in this turn.[2J"), ("tokyo", "Tokyo: the Diet is restless")]
    assert saves.verify(tmp_path / "exercise.toml").divergence is None
    report = build_report(session)
    assert "## White cell messages" in report and "the Diet is restless" in report


async def test_the_white_cell_reissues_and_revokes_codes(tmp_path) -> None:
    async with served(tmp_path, plan(HOT_SEAT, seed=4, turns=2)) as (server, codes):
        white = await join(server, codes["facilitator"])
        beijing = await join(server, codes["beijing"])
        reply = await white.request({"type": p.REISSUE, "holder": "beijing"})
        assert reply["type"] == p.ACCEPTED and reply["code"] != codes["beijing"]
        await beijing.until(lambda c: c.fatal is not None, 20)
        assert beijing.fatal is not None and beijing.fatal.code == p.CLOSE_REVOKED and "reissued" in beijing.fatal.reason
        again = await join(server, reply["code"])
        assert again.seat == "beijing"
        reply = await white.request({"type": p.REVOKE, "holder": "beijing"})
        assert reply["type"] == p.ACCEPTED and "code" not in reply
        await again.until(lambda c: c.fatal is not None, 20)
        refused = await white.request({"type": p.REVOKE, "holder": "facilitator"})
        assert refused["type"] == p.REFUSED and "cannot revoke its own" in refused["reason"]
        refused = await white.request({"type": p.REISSUE, "holder": "moscow"})
        assert refused["type"] == p.REFUSED and "no seat holds a code" in refused["reason"]
        mine = await white.request({"type": p.REISSUE, "holder": "facilitator"})
        assert mine["type"] == p.ACCEPTED and white.connected  # the white cell's own connection stays
        for client in (white, beijing, again):
            await client.close()


async def test_a_restarted_server_keeps_the_countdown_and_the_messages(tmp_path) -> None:
    async with served(tmp_path, plan(HOT_SEAT, seed=4, turns=2)) as (server, codes):
        white = await join(server, codes["facilitator"])
        assert (await white.request({"type": p.TIMER, "op": "start", "seconds": 600}))["type"] == p.ACCEPTED
        assert (await white.request({"type": p.MESSAGE, "to": "all", "text": "before the restart"}))["type"] == p.ACCEPTED
        seq = white.seq
        await white.close()
    async with served(tmp_path, None) as (server, new_codes):
        assert new_codes == {}  # the codes given before still hold
        white = await join(server, codes["facilitator"])
        assert white.seq == seq
        assert white.timer is not None and white.timer["running"] and 500 < white.timer["remaining"] <= 600
        assert [m["text"] for m in white.messages] == ["before the restart"]
        assert any("The server started again after" in e["text"] for e in white.log)
        await white.close()

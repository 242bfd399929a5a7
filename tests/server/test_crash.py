"""SIGKILL the exercise server mid-turn, again and again: it resumes at the last accepted decision and loses none.

`wargame serve` runs as a real process on 127.0.0.1. Three remote capitals
play random legal moves at once through `ExerciseClient`; the test kills
the server at random moments (after a random number of accepted decisions
and a random few milliseconds more), starts it again on the same --data
and port, and the clients reconnect by themselves. At the end every
decision a client was told was accepted is in the store and in the TOML
save at the same place, the save verifies, and every client resynced.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI
from tests.server.conftest import QUICK, pick
from wargame import saves
from wargame.server import protocol as p
from wargame.server.client import Disconnected, ExerciseClient

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
KILLS = 4

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def start(data: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    """`wargame serve` on the mini deck, three human capitals; Ctrl+C at its default, as in a terminal.

    A command started by a shell in the background inherits Ctrl+C ignored (and rightly ignores it);
    these tests stop the server as a terminal's Ctrl+C would, so it starts with the signal's default.
    Call it from the main thread (signal handlers are set there alone).
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "wargame", "serve", "--deck", str(MINI), "--seed", "21", "--turns", "10", "--pace", "0",
             "--seats", "tokyo=human,washington=human,beijing=human", "--data", str(data), "--port", str(port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, cwd=data.parent, env=ENV,
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def ready(proc: subprocess.Popen[str]) -> tuple[int, list[str]]:
    """Read the server's output up to its last line at start: its port, and the lines it printed."""
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl+C stops the server"):
            break
    listening = next((re.search(r"Listening on ws://127\.0\.0\.1:(\d+)", line) for line in lines if "Listening" in line), None)
    assert listening, "\n".join(lines) + (proc.stderr.read() if proc.stderr and proc.poll() is not None else "")
    return int(listening.group(1)), lines


def launch(data: Path, port: int, *extra: str) -> tuple[subprocess.Popen[str], int, list[str]]:
    """Start the server and wait until it is ready: the process, its port, the lines it printed."""
    proc = start(data, port, *extra)
    port, lines = ready(proc)
    return proc, port, lines


def codes_in(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        m = re.match(r"\s+(Tokyo|Washington|Beijing|White cell|Observer)\s+([2-9A-Z]{4}(?:-[2-9A-Z]{4}){3})$", line)
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


async def player(client: ExerciseClient, seed: int, accepted: list[dict[str, Any]], over: asyncio.Event) -> None:
    """Random legal moves for one capital until the game is over, through every crash."""
    rng = random.Random(seed)
    n = 0
    while not over.is_set():
        try:
            await client.until(lambda c: c.board.get("over", False) or (c.connected and c.seat in c.board.get("to_move", ())), 60)
        except asyncio.TimeoutError:
            continue
        if client.board.get("over"):
            over.set()
            return
        action = pick(client, rng)
        if action is None:
            continue
        n += 1
        why = f"{client.seat} decision {n} ({rng.randrange(10**9)})"
        try:
            reply = await client.decide(action, rationale=why, timeout=30)
        except (Disconnected, asyncio.TimeoutError):
            await asyncio.sleep(0.05)  # the server went away: the client reconnects and syncs
            continue
        if reply["type"] == p.ACCEPTED:
            accepted.append({"seq": reply["seq"], "actor": client.seat, "kind": action["kind"], "choice": action["choice"], "rationale": why})
        else:
            await asyncio.sleep(0.01)


async def test_sigkill_mid_turn_loses_no_accepted_decision_and_clients_resync(tmp_path) -> None:
    rng = random.Random(77)
    data = tmp_path / "exercise"
    proc = start(data, 0)
    port, lines = await asyncio.to_thread(ready, proc)
    codes = codes_in(lines)
    assert set(codes) == {"tokyo", "washington", "beijing", "white cell", "observer"}, lines
    clients = {role: ExerciseClient(f"127.0.0.1:{port}", codes[role], backoff=QUICK) for role in ("tokyo", "washington", "beijing")}
    for client in clients.values():
        await client.start(timeout=30)
    accepted: list[dict[str, Any]] = []
    over = asyncio.Event()
    tasks = [asyncio.create_task(player(c, i, accepted, over)) for i, c in enumerate(clients.values())]
    resumed_at = []
    try:
        for kill in range(KILLS):
            for client in clients.values():  # every client is back from the last crash before the next
                await client.until(lambda c, kill=kill: (c.connected and c.joins > kill) or c.board.get("over", False), 60)
            target = len(accepted) + rng.randint(1, 3)
            for _ in range(600):
                if len(accepted) >= target or over.is_set():
                    break
                await asyncio.sleep(0.01)
            if over.is_set():
                break
            await asyncio.sleep(rng.uniform(0, 0.02))  # mid-decision, mid-write, mid-broadcast
            proc.send_signal(signal.SIGKILL)
            await asyncio.to_thread(proc.wait)
            count_at_kill = len(accepted)
            proc = start(data, port)
            again, lines = await asyncio.to_thread(ready, proc)
            assert again == port
            resumed = next(re.search(r"after (\d+) decisions", line) for line in lines if line.startswith("Resuming"))
            assert resumed is not None
            resumed_at.append(int(resumed.group(1)))
            assert int(resumed.group(1)) >= max((a["seq"] for a in accepted[:count_at_kill]), default=0)
        await asyncio.wait_for(over.wait(), 120)
        for client in clients.values():
            await client.until(lambda c: c.board.get("over", False) and c.connected, 60)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in clients.values():
            await client.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            _out, err = await asyncio.to_thread(proc.communicate, timeout=60)
            assert proc.returncode == 130 and "Traceback" not in err, err
    assert len(resumed_at) == KILLS, "the game ended before every kill: make it longer"
    assert all(c.joins >= KILLS + 1 for c in clients.values()), [c.joins for c in clients.values()]

    save = saves.read(data / "exercise.toml")
    by_seq = {d.seq: d for d in save.decisions}
    store = sqlite3.connect(data / "exercise.sqlite3")
    stored = {row[0]: row[1:] for row in store.execute("SELECT seq, actor, kind, choice, rationale FROM decision")}
    store.close()
    assert len(stored) == len(save.decisions)
    for a in accepted:
        d = by_seq[a["seq"]]
        assert (d.actor, d.action.kind, d.action.choice, d.action.rationale) == (a["actor"], a["kind"], a["choice"], a["rationale"]), a
        assert stored[a["seq"]] == (a["actor"], a["kind"], a["choice"], a["rationale"])
    assert len({a["seq"] for a in accepted}) == len(accepted), "two accepted replies for one decision"
    assert all(c.seq == len(save.decisions) for c in clients.values())
    done = subprocess.run(
        [sys.executable, "-m", "wargame", "replay", str(data / "exercise.toml"), "--verify"],
        capture_output=True, text=True, cwd=tmp_path, env=ENV, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout

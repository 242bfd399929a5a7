"""Crash safety: a game killed with SIGKILL at any moment leaves a save that loads and verifies.

A child process plays games in a loop, autosaving every decision and
reporting each decision after its autosave returned. The test kills it at
50 random moments (after a random number of decisions plus a random few
microseconds, so the kill lands in the engine, the rendering, the write,
the fsync or the rename) and checks that the save on disk is whole and
misses at most the decision that was in flight.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI, random_move
from tests.saves.conftest import ALL_BOTS, FACILITATED
from wargame import saves
from wargame.decks import load_deck
from wargame.session import Session

KILLS = 50

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL")


def child_loop(path: Path, first_seed: int, out: int) -> None:
    """Play games forever into `path`, writing "seed seq" to `out` after each autosave."""
    deck = load_deck(MINI)
    seed = first_seed
    while True:
        facilitated = seed % 2 == 1
        session = Session.new(
            deck,
            seed=seed,
            seats=FACILITATED if facilitated else ALL_BOTS,
            mode="semi-rigid" if facilitated else "rigid",
            turns=3,
            save_path=path,
            name=f"crash {seed}",
        )
        rng = random.Random(seed)
        while not session.state.over:
            session.act(random_move(session.state, rng))
            if session.save_error:
                os.write(out, b"ERR\n")
                os._exit(3)
            os.write(out, f"{seed} {len(session.log)}\n".encode())
        seed += 1


def read_lines(fd: int, want: int) -> list[bytes]:
    """Read whole lines from `fd` until `want` have arrived (or the child is gone)."""
    buffer = b""
    while buffer.count(b"\n") < want:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
    return buffer.split(b"\n")[:-1]


def test_sigkill_at_50_random_moments_never_loses_more_than_the_decision_in_flight(tmp_path) -> None:
    rng = random.Random(2024)
    deck = load_deck(MINI)  # loaded before forking, so each child starts at once
    assert deck.id == "mini"
    partial_writes = 0
    moments = {True: 0, False: 0}  # killed before the next save landed / after it landed
    for trial in range(KILLS):
        path = tmp_path / f"crash-{trial}.toml"
        first_seed = 1000 * trial
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            status = 0
            try:
                os.close(r)
                child_loop(path, first_seed, w)
            except BaseException:  # noqa: BLE001
                status = 4
            finally:
                os._exit(status)
        os.close(w)
        try:
            lines = read_lines(r, rng.randint(1, 12))
            spin = time.perf_counter_ns() + rng.randint(0, 20_000_000)
            while time.perf_counter_ns() < spin:  # a random moment within the next decision or two
                pass
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            rest = b""
            while chunk := os.read(r, 65536):
                rest += chunk
        finally:
            os.close(r)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"the child ended by itself: {status}"
        reported = [line for line in (*lines, *rest.split(b"\n")) if line]
        assert reported and b"ERR" not in reported
        seed, seq = map(int, reported[-1].split())
        replay = saves.verify(path)
        assert replay.divergence is None, replay.divergence
        data = replay.save
        on_disk = (int(data.name.split()[1]), len(data.decisions))
        # the last reported decision is on disk; at most the one in flight was lost (or already saved)
        assert on_disk in {(seed, seq), (seed, seq + 1), (seed + 1, 1)}, (trial, on_disk, (seed, seq))
        partial_writes += any(p.name.startswith(f".{path.name}.") for p in tmp_path.iterdir())
        moments[on_disk == (seed, seq)] += 1
    print(f"{KILLS} kills: {partial_writes} mid-write, {moments[False]} after a save landed unreported, {moments[True]} otherwise")
    # a killed write may leave a hidden temporary file; it is never listed as a save
    assert {s.path.name for s in saves.list_saves(tmp_path)} == {f"crash-{t}.toml" for t in range(KILLS)}

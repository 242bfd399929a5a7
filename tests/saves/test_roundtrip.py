"""Save, load and replay give the same state hash at every checkpoint, in this process and another."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import random_move
from tests.saves.conftest import ROOT, play
from wargame import saves
from wargame.engine import state_hash

GAMES = 300


def game_options(i: int) -> dict:
    """Every fourth game facilitated (semi-rigid, shorter so the suite stays quick)."""
    return {"facilitated": True, "turns": 2 + i % 4} if i % 4 == 3 else {}


def test_300_random_games_save_load_and_replay_to_the_same_hashes(decks, tmp_path) -> None:
    expected: dict[str, list[list]] = {}
    facilitated = 0
    for i in range(GAMES):
        deck = decks[i % len(decks)]
        options = game_options(i)
        facilitated += bool(options)
        session = play(deck, seed=1000 + i, **options)
        assert session.checkpoints, "every finished game has at least one checkpoint"
        assert session.checkpoints[-1].seq == len(session.log)
        path = tmp_path / f"g{i}.toml"
        path.write_text(saves.render(session), encoding="utf-8")  # atomic writes are tested in test_crash
        replay = saves.open_replay(path)
        assert replay.divergence is None
        assert replay.applied == len(session.log)
        for check in session.checkpoints:
            assert replay.hashes[check.seq] == check.hash, (deck.id, i, check)
            assert state_hash(replay.states[check.seq]) == check.hash
        assert state_hash(replay.states[-1]) == state_hash(session.state)
        resumed = replay.session()
        assert resumed.checkpoints == session.checkpoints
        assert [d.action.rationale for d in resumed.log] == [d.action.rationale for d in session.log]
        expected[path.name] = [[c.seq, c.hash] for c in session.checkpoints] + [[-1, state_hash(session.state)]]
    assert facilitated == GAMES // 4

    # the same saves, replayed in a fresh interpreter under another hash seed
    other = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from wargame import saves\n"
        "from wargame.engine import state_hash\n"
        "out = {}\n"
        "for path in sorted(Path(sys.argv[1]).glob('*.toml')):\n"
        "    r = saves.open_replay(path)\n"
        "    assert r.divergence is None, r.divergence\n"
        "    hashes = [[c.seq, r.hashes[c.seq]] for c in r.save.checkpoints]\n"
        "    out[path.name] = hashes + [[-1, state_hash(r.states[-1])]]\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": other, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def test_autosaved_file_equals_a_fresh_render(decks, tmp_path) -> None:
    """The cached, appended log (the autosave observer's) renders exactly what a full render gives."""
    session = play(decks[1], seed=3, facilitated=True, turns=3, save_path=tmp_path / "auto.toml")
    on_disk = (tmp_path / "auto.toml").read_text(encoding="utf-8")
    updated = saves.read(tmp_path / "auto.toml").updated
    assert saves.render(session, updated=updated) == on_disk
    assert session.save_error == ""


def test_resume_continues_the_same_game(decks, tmp_path) -> None:
    """A game stopped halfway and resumed ends exactly as the same game played straight through."""
    straight = play(decks[0], seed=77, facilitated=True, turns=4)
    half = play(decks[0], seed=77, facilitated=True, turns=4, save_path=tmp_path / "half.toml", limit=len(straight.log) // 2)
    resumed = saves.load(tmp_path / "half.toml")
    assert state_hash(resumed.state) == state_hash(half.state)
    assert resumed.state.sealed == half.state.sealed  # sealed choices come back too
    # the rest of the straight game's moves onto the resumed one
    for decision in straight.log[len(half.log) :]:
        resumed.act(decision.action)
    assert state_hash(resumed.state) == state_hash(straight.state)
    assert resumed.checkpoints == straight.checkpoints
    again = saves.load(tmp_path / "half.toml")
    assert state_hash(again.state) == state_hash(straight.state)


def test_sealed_choice_pending_when_saved_is_restored(decks, tmp_path) -> None:
    session = play(decks[1], seed=11, facilitated=True, turns=3, save_path=tmp_path / "sealed.toml", limit=1)
    rng = random.Random(1)
    while not session.state.sealed:
        session.act(random_move(session.state, rng))
    resumed = saves.load(tmp_path / "sealed.toml")
    assert resumed.state.sealed == session.state.sealed
    assert resumed.state.phase == "responses"


def test_times_are_recorded_but_not_used(decks, tmp_path) -> None:
    session = play(decks[0], seed=5, save_path=tmp_path / "t.toml")
    text = (tmp_path / "t.toml").read_text(encoding="utf-8")
    changed = re.sub(r'time = "[^"]*"', 'time = "1999-01-01T00:00:00+00:00"', text)
    assert changed != text
    (tmp_path / "t.toml").write_text(changed, encoding="utf-8")
    replay = saves.open_replay(tmp_path / "t.toml")
    assert replay.divergence is None
    assert state_hash(replay.states[-1]) == state_hash(session.state)
    assert all(d.time == "1999-01-01T00:00:00+00:00" for d in replay.save.decisions)


def test_paths_relative_and_absolute(decks, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    play(decks[0], seed=6, save_path=Path("saves/rel.toml"))
    assert saves.find_save("rel", saves.saves_dir()) == Path.cwd() / "saves" / "rel.toml"
    assert saves.open_replay(tmp_path / "saves" / "rel.toml").divergence is None

"""A resumed or branched game keeps what happened before its first decision (the opening events)."""

from __future__ import annotations

from tests.saves.conftest import play
from wargame import saves


def test_a_resumed_session_keeps_the_opening_events(decks, tmp_path) -> None:
    path = tmp_path / "g.toml"
    session = play(decks[1], seed=5, turns=2, save_path=path, limit=10)
    assert session.opening, "a new game has opening events (turn 1 and its card)"
    resumed = saves.load(path)
    assert resumed.opening == session.opening
    assert saves.open_replay(path).session(3).opening == session.opening


def test_a_branch_keeps_the_opening_events(decks, tmp_path) -> None:
    path = tmp_path / "g.toml"
    session = play(decks[0], seed=9, turns=2, save_path=path, limit=8)
    branch = saves.branch(saves.open_replay(path), 4, "branch", tmp_path)
    assert branch.opening == session.opening

"""`wargame inspect` and `wargame replay --verify` as scripts use them."""

from __future__ import annotations

import json
import re

import pytest

from tests.saves.conftest import ROOT, play
from wargame import saves
from wargame.cli import main
from wargame.decks import load_deck
from wargame.engine import legal_actions, state_hash, to_move

TOP_KEYS = {
    "inspect_format", "save", "game", "decisions", "at", "last_decision", "turn", "phase", "over", "end_reason",
    "card", "date", "tracks", "tension_name", "low_approval_turns", "institutions", "diet", "war_by", "flags", "sealed",
    "scores", "winner", "state_hash", "to_move", "legal_actions",
}
ACTION_KEYS = {"actor", "kind", "choice", "value", "label", "allowed", "reason", "blocked_by"}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "game.toml"
    session = play(load_deck("era-2023"), seed=17, facilitated=True, turns=2, save_path=path, name="CLI [test] \"game\"")
    return path, session


def inspect_json(capsys, *args: str) -> dict:
    assert main(["inspect", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_inspect_json_keys_are_stable_and_documented(saved, capsys) -> None:
    path, session = saved
    data = inspect_json(capsys, str(path), "--at", "5")
    assert set(data) == TOP_KEYS
    assert data["inspect_format"] == 2
    docs = (ROOT / "docs" / "saves.md").read_text(encoding="utf-8")
    for key in TOP_KEYS | ACTION_KEYS:
        assert f"`{key}`" in docs, f"{key} is not documented"
    for actions in data["legal_actions"].values():
        for action in actions:
            assert set(action) == ACTION_KEYS


def test_inspect_matches_the_replayed_position_at_every_step(saved, capsys) -> None:
    path, session = saved
    replay = saves.open_replay(path)
    for at in sorted({0, 1, 2, 7, len(session.log) // 2, len(session.log)}):
        data = inspect_json(capsys, str(path), "--at", str(at))
        state = replay.states[at]
        assert data["at"] == at and data["decisions"] == len(session.log)
        assert data["state_hash"] == state_hash(state)
        assert (data["turn"], data["phase"], data["tracks"]) == (state.turn, state.phase, state.tracks)
        assert data["to_move"] == list(to_move(state))
        for actor in data["to_move"]:
            expected = [(a.kind, a.choice, a.value, a.allowed, a.reason) for a in legal_actions(state, actor)]
            assert [(a["kind"], a["choice"], a["value"], a["allowed"], a["reason"]) for a in data["legal_actions"][actor]] == expected
        if at:
            assert data["last_decision"]["seq"] == at
            assert data["last_decision"]["rationale"] == session.log[at - 1].action.rationale
        else:
            assert data["last_decision"] is None


def test_inspect_defaults_to_the_last_decision_and_prints_text(saved, capsys) -> None:
    path, session = saved
    assert inspect_json(capsys, str(path))["at"] == len(session.log)
    assert main(["inspect", str(path), "--at", "3"]) == 0
    out = capsys.readouterr().out
    assert f"after decision 3 of {len(session.log)}" in out
    assert 'CLI [test] "game"' in out
    assert "to move:" in out and "tracks:" in out and "institutions:" in out


def test_inspect_shows_closed_actions_with_their_reason(tmp_path, capsys) -> None:
    """Somewhere in a game an action is closed; inspect shows why, as legal_actions says."""
    path = tmp_path / "g.toml"
    session = play(load_deck("era-2013"), seed=3, save_path=path)
    replay = saves.open_replay(path)
    at = next(
        i for i, state in enumerate(replay.states) if any(not a.allowed for actor in to_move(state) for a in legal_actions(state, actor))
    )
    assert main(["inspect", str(path), "--at", str(at)]) == 0
    out = capsys.readouterr().out
    closed = [a for actor in to_move(replay.states[at]) for a in legal_actions(replay.states[at], actor) if not a.allowed]
    assert re.search(r"^  closed  .* - " + re.escape(closed[0].reason), out, re.M), out
    assert len(session.log) >= at


def test_inspect_at_out_of_range_is_a_clear_error(saved, capsys) -> None:
    path, session = saved
    assert main(["inspect", str(path), "--at", str(len(session.log) + 1)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wargame: error: --at") and f"0 to {len(session.log)}" in err
    assert main(["inspect", str(path), "--at", "-1"]) == 2
    capsys.readouterr()


def test_verify_passes_a_sound_save(saved, capsys) -> None:
    path, session = saved
    assert main(["replay", str(path), "--verify"]) == 0
    out = capsys.readouterr().out
    assert f"verified: {len(session.log)} decisions, {len(session.checkpoints)} checkpoints" in out
    assert state_hash(session.state) in out

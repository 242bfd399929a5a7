"""Random playouts: every game ends, tracks stay in bounds, legality is one thing."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, random_game, random_move
from wargame.engine import CHANCE, IllegalAction, apply, legal_actions, new_game, state_hash, to_move
from wargame.engine.tracks import BOUNDS, FACILITATOR, ROLES, TRACKS

ROOT = Path(__file__).resolve().parents[2]


def check_every_action(state) -> None:
    """Every allowed action applies; every closed one raises with its reason."""
    for actor in (*ROLES, FACILITATOR, CHANCE):
        actions = legal_actions(state, actor)
        if actor == CHANCE and state.phase != "event":
            actions = actions[:3] + actions[-3:]  # rolls: the ends of the range are enough
        for action in actions:
            action = action.with_rationale("checking")
            if action.allowed:
                apply(state, action)
            else:
                assert action.reason
                with pytest.raises(IllegalAction) as err:
                    apply(state, action)
                assert err.value.reason


def assert_in_bounds(state) -> None:
    for name in TRACKS:
        low, high = BOUNDS[name]
        assert low <= state.tracks[name] <= high, (name, state.tracks[name])


@pytest.mark.parametrize("options", [{}, {"seats": {"facilitator": "human"}, "mode": "semi-rigid"}], ids=["rigid", "facilitated"])
def test_300_random_games_end_in_bounds_and_legality_holds(mini_deck, options) -> None:
    for seed in range(150):
        rng = random.Random(seed)
        state = new_game(mini_deck, seed=seed, **options)
        history = []
        hashes = []
        steps = 0
        while not state.over:
            assert to_move(state), "a live game always has someone to move"
            assert_in_bounds(state)
            if seed % 10 == 0:
                check_every_action(state)
            action = random_move(state, rng)
            state, _ = apply(state, action)
            history.append(action)
            hashes.append(state_hash(state))
            steps += 1
            assert steps < 5000
        assert_in_bounds(state)
        assert to_move(state) == ()
        # equal histories give equal hashes at every step
        again = new_game(mini_deck, seed=seed, **options)
        for action, expected in zip(history, hashes):
            again, _ = apply(again, action)
            assert state_hash(again) == expected


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), turns=st.integers(1, 14), facilitated=st.booleans())
def test_any_seed_and_length_plays_to_the_end(mini_deck, seed, turns, facilitated) -> None:
    seats = {"facilitator": "human"} if facilitated else None
    state, history = random_game(mini_deck, seed, turns=turns, seats=seats, mode="semi-rigid")
    assert state.over and state.turn <= turns
    assert state.end_reason in ("war", "rupture", "collapse", "last_turn")


SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from tests.conftest import random_game
from wargame.decks import load_deck
from wargame.engine import state_hash
deck = load_deck({mini!r})
print(json.dumps([state_hash(random_game(deck, seed)[0]) for seed in range(20)]))
"""


def test_same_seed_and_decisions_give_the_same_hash_under_two_hash_seeds() -> None:
    outputs = []
    for hash_seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT.format(root=str(ROOT), mini=str(MINI))],
            capture_output=True, text=True, check=True, env=env,
        )
        outputs.append(json.loads(out.stdout))
    assert outputs[0] == outputs[1]
    assert len(set(outputs[0])) > 15


def test_bulk_apply_reaches_the_same_states(mini_deck) -> None:
    """`explain=False, trusted=True` is only faster: the same states, no events."""
    for seed in range(20):
        _, history = random_game(mini_deck, seed, seats={"facilitator": "human"}, mode="semi-rigid")
        slow = fast = new_game(mini_deck, seed=seed, seats={"facilitator": "human"}, mode="semi-rigid")
        for action in history:
            slow, events = apply(slow, action)
            fast, quiet = apply(fast, action, explain=False, trusted=True)
            assert quiet == [] and state_hash(fast) == state_hash(slow)

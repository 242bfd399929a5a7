from __future__ import annotations

import random
from pathlib import Path

import pytest

from wargame.decks import load_deck
from wargame.engine import CHANCE, Action, GameState, apply, chance_action, legal_actions, new_game, to_move
from wargame.engine.model import Deck

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"


@pytest.fixture(scope="session")
def mini_deck() -> Deck:
    return load_deck(MINI)


def random_move(state: GameState, rng: random.Random) -> Action:
    """A uniformly random allowed action of the first actor to move; chance from the seed."""
    actor = to_move(state)[0]
    if actor == CHANCE:
        return chance_action(state)
    allowed = [a for a in legal_actions(state, actor) if a.allowed]
    return rng.choice(allowed).with_rationale(f"random choice {rng.randrange(1000)}")


def random_game(deck: Deck, seed: int, **options) -> tuple[GameState, list[Action]]:
    rng = random.Random(seed)
    state = new_game(deck, seed=seed, **options)
    history: list[Action] = []
    while not state.over:
        action = random_move(state, rng)
        state, _ = apply(state, action)
        history.append(action)
    return state, history

"""The engine's fast paths give the answers of the paths that write reasons.

Bots and bulk play ask `holds`, `option_open` and `open_actions`, which
write no words; the board, `apply` and the reports ask `unmet`,
`option_unmet` and `legal_actions`. At every state of games in every
bundled era, with and without a white cell, the two agree on every
requirement and every option of the deck.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import random_move
from wargame.decks import bundled_paths, load_deck
from wargame.engine import ROLES, apply, legal_actions, new_game, open_actions
from wargame.engine.adjudicate import holds, option_open, option_unmet, unmet

DECKS = [load_deck(p) for p in bundled_paths()]


def check_state(state) -> None:
    deck = state.deck
    for card in deck.cards:
        assert holds(card.when, state) == (not unmet(card.when, state)), (card.id, unmet(card.when, state))
        for option in card.responses:
            assert option_open(option, state) == (not option_unmet(option, state)), (card.id, option.id)
    for option in deck.policies:
        assert holds(option.requires, state) == (not unmet(option.requires, state)), option.id
        assert option_open(option, state) == (not option_unmet(option, state)), (option.id, option_unmet(option, state))
    for role in ROLES:
        listed = [(a.key, a.label) for a in legal_actions(state, role) if a.allowed]
        assert [(a.key, a.label) for a in open_actions(state, role)] == listed, role


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
@pytest.mark.parametrize("facilitated", [False, True], ids=["bots", "white-cell"])
def test_fast_paths_agree_with_the_reasoned_ones(deck, facilitated: bool) -> None:
    options = {"seats": {"facilitator": "human"}, "mode": "semi-rigid"} if facilitated else {}
    for seed in range(3):
        rng = random.Random(seed)
        state = new_game(deck, seed=seed, **options)
        for _ in range(400):  # a random white cell may pause, undo and inject: a bounded look is enough
            check_state(state)
            if state.over:
                break
            state, _ = apply(state, random_move(state, rng))

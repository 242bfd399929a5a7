"""Balance of the bundled scenarios under doctrine play (the table in the README).

Over 2,000 doctrine-bot games per scenario every role wins sometimes, no
role wins more than 60% of games, and every end condition occurs. When
this fails after a deck edit, rebalance the deck data (objectives, rules
numbers, effects, odds), not the bots; `wargame simulate --scenario ID
--games 2000` shows the figures.
"""

from __future__ import annotations

from collections import Counter

import pytest

from wargame.analysis import END_ORDER, simulate
from wargame.decks import bundled_paths, load_deck
from wargame.engine import ROLES

GAMES = 2000
SCENARIOS = tuple(p.stem for p in bundled_paths())


def test_the_four_eras_are_bundled() -> None:
    assert {"era-2013", "era-2016", "era-2023", "era-2025"} <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_doctrine_play_is_balanced(scenario: str) -> None:
    deck = load_deck(scenario)
    results = simulate(deck, games=GAMES, seed=0, jobs=2, chunk=100)
    wins = Counter(r.winner for r in results)
    ends = Counter(r.end_reason for r in results)
    table = {role: f"{100 * wins[role] / GAMES:.1f}%" for role in ROLES}
    for role in ROLES:
        assert wins[role] > 0, f"{scenario}: {role} never wins ({table})"
        assert wins[role] <= 0.6 * GAMES, f"{scenario}: {role} wins too often ({table})"
    for end in END_ORDER:
        assert ends[end] > 0, f"{scenario}: no game ends by {end} ({dict(ends)})"

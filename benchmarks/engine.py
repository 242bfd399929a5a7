"""Full games per second with random legal play on one core.

    python benchmarks/engine.py [--games N] [--deck ID_OR_PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wargame import engine_build  # noqa: E402
from wargame.decks import DEFAULT_DECK, load_deck  # noqa: E402
from wargame.engine import CHANCE, apply, chance_action, legal_actions, new_game, to_move  # noqa: E402


def play(deck, seed: int, bulk: bool = False) -> int:
    """One game; `bulk` applies as simulation does (no event text, no second legality check)."""
    rng = random.Random(seed)
    state = new_game(deck, seed=seed)
    steps = 0
    while not state.over:
        actor = to_move(state)[0]
        if actor == CHANCE:
            action = chance_action(state)
        else:
            action = rng.choice([a for a in legal_actions(state, actor) if a.allowed])
        state, _ = apply(state, action, explain=not bulk, trusted=bulk)
        steps += 1
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--deck", default=DEFAULT_DECK)
    args = parser.parse_args()
    deck = load_deck(args.deck)
    for bulk, how in ((False, "explained apply"), (True, "bulk apply: explain=False, trusted=True")):
        start = time.perf_counter()
        steps = sum(play(deck, seed, bulk) for seed in range(args.games))
        elapsed = time.perf_counter() - start
        print(
            f"deck {deck.id}, {how}: {args.games} games ({steps / args.games:.0f} decisions each) in {elapsed:.2f} s: "
            f"{args.games / elapsed:.0f} games/s, {steps / elapsed:.0f} decisions/s on one core ({engine_build()} engine)"
        )


if __name__ == "__main__":
    main()

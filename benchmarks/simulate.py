"""Bulk simulation and decision-support throughput.

    python benchmarks/simulate.py [--games N] [--deck ID_OR_PATH] [--rollouts R] [--jobs J]

Prints doctrine-bot games per second on one core and with J worker
processes (default 2), and the wall time of an analysis with exactly R
rollouts per response (default 1,000; no racing, so the work is fixed) of
a decision with four open responses, in one process and with J processes.
`benchmarks/analysis.py` measures what racing saves.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wargame.analysis import analyse, simulate  # noqa: E402
from wargame.bots.playout import bots_for, next_move  # noqa: E402
from wargame.decks import DEFAULT_DECK, bundled_decks, load_deck  # noqa: E402
from wargame.engine import ROLES, GameState, apply, legal_actions, new_game, to_move  # noqa: E402
from wargame.engine.model import Deck  # noqa: E402


def games_per_second(deck: Deck, games: int, jobs: int) -> tuple[float, float]:
    start = time.perf_counter()
    results = simulate(deck, games=games, seed=0, jobs=jobs, chunk=50)
    elapsed = time.perf_counter() - start
    turns = sum(r.turn for r in results) / len(results)
    return games / elapsed, turns


def four_response_decision(deck: Deck) -> tuple[GameState, str] | None:
    """The first decision, in doctrine games from seed 0 on, where a capital has four open responses."""
    for seed in range(200):
        state = new_game(deck, seed=seed)
        bots = bots_for({role: "doctrine" for role in ROLES}, seed)
        while not state.over:
            for seat in (a for a in to_move(state) if a in ROLES):
                open_ = [a for a in legal_actions(state, seat) if a.allowed and a.kind == "respond"]
                if len(open_) == 4:
                    return state, seat
            action, _reason, _ = next_move(state, bots, 0)
            state, _ = apply(state, action)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--deck", default=DEFAULT_DECK)
    parser.add_argument("--rollouts", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    deck = load_deck(args.deck)
    one, turns = games_per_second(deck, args.games, 1)
    many, _ = games_per_second(deck, args.games, args.jobs)
    print(f"deck {deck.id}: {args.games} doctrine-bot games, {turns:.1f} turns on average")
    print(f"  one core:      {one:8.0f} games/s")
    print(f"  --jobs {args.jobs}:     {many:8.0f} games/s ({many / one:.2f}x)")
    found = next(filter(None, map(four_response_decision, [deck, *(d for d in bundled_decks() if d.id != deck.id)])), None)
    if found is None:
        raise SystemExit("no decision with four open responses in any deck")
    state, seat = found
    for jobs in (1, args.jobs):
        start = time.perf_counter()
        result = analyse(state, seat, rollouts=args.rollouts, floor=args.rollouts, jobs=jobs)
        elapsed = time.perf_counter() - start
        total = sum(o.rollouts for o in result.options)
        print(
            f"analysis ({state.deck.id}, turn {state.turn}, {seat}), 4 open responses x {args.rollouts} rollouts, jobs {jobs}:"
            f" {elapsed:.2f} s ({total / elapsed:.0f} rollouts/s)"
        )


if __name__ == "__main__":
    main()

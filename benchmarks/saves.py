"""How fast saves load, verify and autosave.

    python benchmarks/saves.py [--deck ID_OR_PATH] [--decisions N] [--runs R]

Prints the time to load and verify a save of about N decisions (read, check,
replay every decision, check every checkpoint), with the deck load counted
once (cold) and cached (warm), and the time of one autosave per decision
(render the header, append the new decision to the cached log, write a
temporary file, flush, fsync, rename) at the end of that long log.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wargame import saves  # noqa: E402
from wargame.decks import DEFAULT_DECK, load_deck  # noqa: E402
from wargame.engine import CHANCE, chance_action, legal_actions, to_move  # noqa: E402
from wargame.saves import checking  # noqa: E402
from wargame.session import Session  # noqa: E402

SEATS = {"tokyo": "human", "washington": "human", "beijing": "human", "facilitator": "human"}


def long_game(deck_ref: str, decisions: int) -> Session:
    """A facilitated game of random legal moves with at least `decisions` decisions."""
    deck = load_deck(deck_ref)
    for seed in range(1000):
        session = Session.new(deck, seed=seed, seats=SEATS, mode="semi-rigid", turns=40)
        rng = random.Random(seed)
        while not session.state.over and len(session.log) < decisions:
            actor = to_move(session.state)[0]
            if actor == CHANCE:
                action = chance_action(session.state)
            else:
                action = rng.choice([a for a in legal_actions(session.state, actor) if a.allowed])
                action = action.with_rationale(f"reason {rng.randrange(10_000)}: {'why ' * rng.randrange(12)}")
            session.act(action)
        if len(session.log) >= decisions:
            return session
    raise SystemExit(f"no game reached {decisions} decisions")


def timed(work, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deck", default=DEFAULT_DECK)
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    session = long_game(args.deck, args.decisions)
    folder = Path(tempfile.mkdtemp(prefix="wargame-bench-"))
    path = saves.save(session, folder / "long.toml")
    size = path.stat().st_size
    print(f"save: {len(session.log)} decisions, {len(session.checkpoints)} checkpoints, {size / 1024:.0f} KiB ({session.deck.id})")

    def cold() -> None:
        checking._DECKS.clear()
        assert saves.verify(path).divergence is None

    def warm() -> None:
        assert saves.verify(path).divergence is None

    warm()
    cold_times = timed(cold, args.runs)
    warm_times = timed(warm, args.runs)
    parse_times = timed(lambda: saves.read(path), args.runs)
    print(f"load and verify, deck loaded too: {statistics.median(cold_times) * 1000:6.1f} ms (median of {args.runs})")
    print(f"load and verify, deck cached:     {statistics.median(warm_times) * 1000:6.1f} ms")
    print(f"  of which reading and checking the TOML: {statistics.median(parse_times) * 1000:6.1f} ms")

    # autosave at the end of the long log: one more decision each time
    auto = Session.new(session.deck, seed=session.seed, seats=SEATS, mode="semi-rigid", turns=40)
    tail = session.log[-50:]
    for decision in session.log[:-50]:
        auto.act(decision.action)
    auto.save_path = folder / "auto.toml"
    saves.save(auto)  # the first save renders the whole log; later ones append to it
    per_decision = []
    render_only = []
    for decision in tail:
        auto.save_path = None
        auto.act(decision.action)
        start = time.perf_counter()
        saves.render(auto)
        render_only.append(time.perf_counter() - start)
        auto.save_path = folder / "auto.toml"
        start = time.perf_counter()
        saves.autosave(auto)
        per_decision.append(time.perf_counter() - start)
        assert not auto.save_error, auto.save_error
    assert saves.verify(auto.save_path).divergence is None
    print(
        f"autosave per decision at {len(auto.log)} decisions: {statistics.median(per_decision) * 1000:.2f} ms median"
        f" (render {statistics.median(render_only) * 1000:.2f} ms, the rest is write, fsync and rename)"
    )


if __name__ == "__main__":
    main()

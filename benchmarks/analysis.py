"""Decision support quality against cost: the old analysis and the new, side by side, at recorded decisions.

    python benchmarks/analysis.py [--seeds S] [--truth-rollouts T] [--truth-jobs J] [--only N,...]

At a fixed set of Tokyo decisions (decks copied into benchmarks/data, so the
positions do not move while the bundled decks are rewritten; four eras,
early and late turns), every analysis seed 0..S-1 runs:

- old: 1,000 rollouts per response on dice keyed by step, bots seeded alike
  in every rollout, no racing (the analysis as it was);
- new: dice keyed by event, each rollout's bots seeded by its salt (their
  own dice keyed by the decision), racing from 50 to at most 1,000
  rollouts per response, stopping when separated or tied within 0.5 (the
  defaults).

Each is timed in this one process. Regret is the ground truth's expected
score of the truly best response minus that of the response the analysis
leads with (0 when it picks the best); the ground truth is T rollouts per
response (default 4,000, played as the new method plays them, seeds unlike
the analyses'), kept in benchmarks/data/analysis-truth.json by a
fingerprint of the position, the rules and the way rollouts are played,
and worked out again when any of them changes. A second table compares the noise
of paired differences (rollout i of one response against rollout i of
another, the variance averaged over every pair of responses) on dice keyed
by step (the old method's rollouts) and by event (the ground truth's).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import sys
import time
from pathlib import Path
from statistics import mean, variance

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wargame import engine_build  # noqa: E402
from wargame.analysis import analyse  # noqa: E402
from wargame.analysis.pool import RolloutJob, run_task  # noqa: E402
from wargame.bots import bots_for  # noqa: E402
from wargame.bots.playout import next_move  # noqa: E402
from wargame.decks import load_deck  # noqa: E402
from wargame.engine import ROLES, GameState, apply, legal_actions, state_hash, to_move  # noqa: E402
from wargame.analysis.estimates import paired_difference  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
TRUTH = DATA / "analysis-truth.json"
#: (deck file, game seed, decisions played before it): Tokyo's responses in doctrine games, salt-0 dice
DECISIONS: tuple[tuple[str, int, int], ...] = (
    ("era-2013.toml", 1, 1),
    ("era-2013.toml", 4, 86),
    ("era-2016.toml", 0, 1),
    ("era-2016.toml", 1, 20),
    ("era-2016.toml", 3, 92),
    ("era-2023.toml", 1, 1),
    ("era-2023.toml", 3, 20),
    ("era-2023.toml", 7, 97),
    ("era-2025.toml", 0, 0),
    ("era-2025.toml", 0, 84),
)
SEAT = "tokyo"
TRUTH_SEED = 1_000_003
OLD = {"rollouts": 1000, "floor": 1000, "aligned": False}
NEW: dict[str, object] = {}


def position(deck_file: str, seed: int, played: int) -> GameState:
    """The game of `seed` after `played` decisions of doctrine bots on the game's own dice."""
    deck = load_deck(DATA / deck_file)
    from wargame.engine import new_game

    state = new_game(deck, seed=seed)
    bots = bots_for({r: "doctrine" for r in ROLES}, seed)
    for _ in range(played):
        state, _ = apply(state, next_move(state, bots, 0)[0])
    if SEAT not in to_move(state):
        raise SystemExit(f"{deck_file} seed {seed} after {played}: Tokyo does not choose there (the rules have moved)")
    return state


def fingerprint(state: GameState) -> str:
    """The position, the rules and the way the analysis plays rollouts: a few rollouts' ends from every open response."""
    starts = tuple(
        apply(state, action.with_rationale("fingerprint"), explain=False, trusted=True)[0] for action in legal_actions(state, SEAT) if action.allowed
    )
    job = RolloutJob(starts, {r: "doctrine" for r in ROLES}, 0, SEAT, True)
    ends = [repr(run_task(job, k, [7, 11, 13])) for k in range(len(starts))]
    return hashlib.sha256("|".join([state_hash(state), *ends]).encode()).hexdigest()[:16]


def truth_key(state: GameState, rollouts: int) -> str:
    return f"{state.deck.id}:{fingerprint(state)}:{rollouts}"


def ground_truth(state: GameState, rollouts: int, jobs: int, cache: dict) -> dict:
    key = truth_key(state, rollouts)
    if key not in cache:
        started = time.perf_counter()
        result = analyse(state, SEAT, rollouts=rollouts, floor=rollouts, seed=TRUTH_SEED, jobs=jobs)
        open_ = result.open
        best = max(open_, key=lambda o: o.mean_score)
        runner = max((o for o in open_ if o is not best), key=lambda o: o.mean_score, default=None)
        gap = paired_difference(best.scores, runner.scores) if runner else None
        cache[key] = {
            "means": {o.action.choice: o.mean_score for o in open_},
            "gap": [gap.value, gap.half] if gap else None,
            "paired_variance": paired_variance([o.scores for o in open_]),
            "seconds": round(time.perf_counter() - started, 1),
        }
        TRUTH.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n")
    return cache[key]


def paired_variance(scores: list[tuple[int, ...]]) -> float:
    """The variance of paired differences, averaged over every pair of responses."""
    pairs = [(a, b) for i, a in enumerate(scores) for b in scores[i + 1 :]]
    return mean(variance([x - y for x, y in zip(a, b)]) for a, b in pairs) if pairs else 0.0


def run_method(state: GameState, options: dict, seeds: int, means: dict[str, float]) -> dict:
    best = max(means.values())
    times, used, regrets, right, verdicts = [], [], [], 0, {"separated": 0, "tied": 0, "not separated": 0}
    spreads = []
    for seed in range(seeds):
        started = time.perf_counter()
        result = analyse(state, SEAT, seed=seed, **options)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
        used.append(result.used)
        pick = result.leader
        assert pick is not None
        regrets.append(best - means[pick.action.choice])
        right += means[pick.action.choice] == best
        if "floor" in options and options["floor"] == options["rollouts"]:
            spreads.append(paired_variance([o.scores for o in result.open]))
            continue  # no race, no verdict to count
        if result.best is not None:
            verdicts["separated"] += 1
        elif any(o.standing == "open" for o in result.open):
            verdicts["not separated"] += 1
        else:
            verdicts["tied"] += 1
    return {"time": mean(times), "used": mean(used), "regret": mean(regrets), "right": right, "verdicts": verdicts, "paired_variance": mean(spreads) if spreads else None}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {engine_build()} engine; load average {load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3, help="analysis seeds per decision and method (default 3)")
    parser.add_argument("--truth-rollouts", type=int, default=4000, help="ground-truth rollouts per response (default 4000)")
    parser.add_argument("--truth-jobs", type=int, default=2, help="worker processes for the ground truth only (default 2)")
    parser.add_argument("--only", help="decision numbers to run, e.g. 1,4 (default: all)")
    args = parser.parse_args()
    chosen = [int(n) for n in args.only.split(",")] if args.only else list(range(1, len(DECISIONS) + 1))
    cache = json.loads(TRUTH.read_text()) if TRUTH.exists() else {}
    print(f"machine: {machine()}")
    print(f"{args.seeds} analysis seeds per decision and method; ground truth {args.truth_rollouts} rollouts per response")
    print()
    head = f"{'#':>2} {'decision':<24}{'open':>5}{'truth gap':>12} |{'old s':>8}{'rollouts':>9}{'regret':>8}{'right':>6} |{'new s':>7}{'rollouts':>9}{'regret':>8}{'right':>6}  verdicts (separated/tied/not)"
    print(head)
    print("-" * len(head))
    rows = []
    used: set[str] = set()
    for number in chosen:
        deck_file, seed, played = DECISIONS[number - 1]
        state = position(deck_file, seed, played)
        truth = ground_truth(state, args.truth_rollouts, args.truth_jobs, cache)
        used.add(truth_key(state, args.truth_rollouts))
        means = truth["means"]
        old = run_method(state, OLD, args.seeds, means)
        new = run_method(state, NEW, args.seeds, means)
        rows.append((len(means), old, new, truth["paired_variance"], f"{deck_file[:-5]} t{state.turn} ({seed}/{played})"))
        gap = f"{truth['gap'][0]:.2f}±{truth['gap'][1]:.2f}" if truth["gap"] else "-"
        v = new["verdicts"]
        name = f"{deck_file[:-5]} t{state.turn} ({seed}/{played})"
        print(
            f"{number:>2} {name:<24}{len(means):>5}{gap:>12} |{old['time']:>8.2f}{old['used']:>9.0f}{old['regret']:>8.3f}{old['right']:>4}/{args.seeds}"
            f" |{new['time']:>7.2f}{new['used']:>9.0f}{new['regret']:>8.3f}{new['right']:>4}/{args.seeds}  {v['separated']}/{v['tied']}/{v['not separated']}",
            flush=True,
        )
    print("-" * len(head))
    if not args.only and set(cache) != used:  # a full run keeps only the truths it used (positions or rules have moved)
        TRUTH.write_text(json.dumps({k: cache[k] for k in sorted(used)}, indent=1, sort_keys=True) + "\n")
    for label, pick in (("all", lambda n: True), ("four responses", lambda n: n == 4)):
        some = [r for r in rows if pick(r[0])]
        if not some:
            continue
        old_t, new_t = mean(r[1]["time"] for r in some), mean(r[2]["time"] for r in some)
        print(
            f"{label + ' (mean)':<44}|{old_t:>8.2f}{mean(r[1]['used'] for r in some):>9.0f}{mean(r[1]['regret'] for r in some):>8.3f}"
            f"{sum(r[1]['right'] for r in some):>4}/{args.seeds * len(some)}"
            f" |{new_t:>7.2f}{mean(r[2]['used'] for r in some):>9.0f}{mean(r[2]['regret'] for r in some):>8.3f}"
            f"{sum(r[2]['right'] for r in some):>4}/{args.seeds * len(some)}  {old_t / new_t:.1f}x faster"
        )
    print()
    print("Noise of paired differences: variance of (response A - response B) per rollout, mean over pairs")
    print(f"{'#':>2} {'decision':<24}{'steps (old)':>13}{'events (new)':>14}{'less noise':>12}")
    for number, (_, old, _, aligned, name) in zip(chosen, rows):
        ratio = f"{old['paired_variance'] / aligned:.1f}x" if aligned else ("none left" if not old["paired_variance"] else "-")
        print(f"{number:>2} {name:<24}{old['paired_variance']:>13.1f}{aligned:>14.1f}{ratio:>12}")
    total_old, total_new = sum(r[1]["paired_variance"] for r in rows), sum(r[3] for r in rows)
    if total_new:
        print(f"{'all (sum of variances)':<27}{total_old:>13.1f}{total_new:>14.1f}{total_old / total_new:>11.1f}x")
    ratios = [r[1]["paired_variance"] / r[3] for r in rows if r[3]]
    if ratios:  # the sum is ruled by the noisiest decision; a typical one is the geometric mean of the ratios
        typical = math.exp(mean(math.log(x) for x in ratios))
        print(f"{'a typical decision (geometric mean)':<54}{typical:>11.1f}x")
    print()
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}" if hasattr(os, "getloadavg") else "")


if __name__ == "__main__":
    main()

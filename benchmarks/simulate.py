"""Bulk simulation and decision-support throughput.

    python benchmarks/simulate.py [--games N] [--deck ID_OR_PATH] [--rollouts R] [--jobs J]
    python benchmarks/simulate.py --against REV [--games N] [--repeat K]
    python benchmarks/simulate.py --against REV --instructions [--games N]

Prints doctrine-bot games per second on one core and with J worker
processes (default 2), and the wall time of an analysis with exactly R
rollouts per response (default 1,000; no racing, so the work is fixed) of
a decision with four open responses, in one process and with J processes.
`benchmarks/analysis.py` measures what racing saves.

With `--against REV` it instead times the whole `wargame simulate` command
(process start included), this tree's and the one at git revision REV
(checked out in a temporary worktree), side by side in one run: each
bundled scenario, `--jobs 1` and `--jobs 2`, the two trees alternating and
the best of K runs kept, so that load drifting during the run hits both.
It prints the decisions a game takes in each tree and the speed per
decision too: the model of a later release may play longer games. A
second table gives the processor time the runs took (user and system, the
command and its workers): on a shared machine, other work stretches the
wall time of a run far more than the processor time it needs.

With `--instructions` as well it instead counts the instructions each
tree's `wargame simulate --jobs 1` executes, under valgrind's cachegrind
(Debian's valgrind package): its start and, per game, its games. A count,
not a time, the same from one run to the next whatever else the machine
is doing, so the two trees run at once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wargame import engine_build  # noqa: E402
from wargame.analysis import analyse, simulate  # noqa: E402
from wargame.bots import bots_for  # noqa: E402
from wargame.bots.playout import next_move  # noqa: E402
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


ROOT = Path(__file__).resolve().parent.parent


def fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2, as the game's own commands do with bad input."""
    print(f"benchmarks/simulate.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def command_seconds(root: Path, scenario: str, games: int, jobs: int) -> tuple[float, float, int]:
    """Wall time and processor time of one `wargame simulate` run from the tree at `root`, and the decisions its games took.

    The processor time is the command's and its workers' (the command waits
    for its workers, so theirs is counted in its own).

    The games are written with `--out` (both trees write the same kind of
    file, so the timing is alike) to count their decisions: a release whose
    model plays longer games does more work per game.
    """
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "games.json"
        command = [sys.executable, "-m", "wargame", "simulate", "--scenario", scenario, "--games", str(games), "--jobs", str(jobs), "--out", str(out)]
        env = {**os.environ, "PYTHONPATH": str(root)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            fail(f"`wargame simulate` of the tree at {root} failed (exit {done.returncode})")
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        decisions = sum(int(row["decisions"]) for row in json.loads(out.read_text(encoding="utf-8"))["games"])
    return elapsed, cpu, decisions


def command_instructions(root: Path, scenario: str, games: int) -> tuple[subprocess.Popen[str], Path]:
    """Start one `wargame simulate --jobs 1` run of the tree at `root` under cachegrind; `instructions` reads its count."""
    out = Path(tempfile.mkdtemp()) / "games.json"
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, "-m", "wargame", "simulate", "--scenario", scenario, "--games", str(games), "--jobs", "1", "--out", str(out),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True), out


def instructions(started: tuple[subprocess.Popen[str], Path], root: Path) -> tuple[int, int]:
    """The instructions a run started by `command_instructions` executed, and the decisions its games took."""
    run, out = started
    _, err = run.communicate()
    if run.returncode != 0:
        fail(f"`wargame simulate` of the tree at {root} under valgrind failed (exit {run.returncode})")
    count = next((line.split(":", 1)[1] for line in err.splitlines() if "I refs:" in " ".join(line.split())), None)
    if count is None:
        fail("valgrind printed no instruction count")
    decisions = sum(int(row["decisions"]) for row in json.loads(out.read_text(encoding="utf-8"))["games"])
    shutil.rmtree(out.parent)
    return int(count.replace(",", "").strip()), decisions


def side_by_side_instructions(old: Path, games: int) -> None:
    """Instructions of the command's start and of its games, each tree, one scenario at a time (the two trees at once).

    A run of one game gives the start (imports, the deck, the first game);
    a run of `games` more, less that, gives the games alone.
    """
    print(
        f"{'scenario':<10} {'old start M':>12} {'new start M':>12} {'old M/game':>11} {'new M/game':>11} {'new/old':>8}"
        f" {'old k/dec':>10} {'new k/dec':>10} {'new/old per decision':>21} {'new/old 1,000 games':>20}"
    )
    for scenario in [path.stem for path in sorted((ROOT / "decks").glob("era-*.toml"))]:
        counts: dict[str, list[tuple[int, int]]] = {"old": [], "new": []}
        for n in (1, games + 1):
            old_run, new_run = command_instructions(old, scenario, n), command_instructions(ROOT, scenario, n)
            counts["old"].append(instructions(old_run, old))
            counts["new"].append(instructions(new_run, ROOT))
        start = {tree: runs[0][0] for tree, runs in counts.items()}
        per_game = {tree: (runs[1][0] - runs[0][0]) / games for tree, runs in counts.items()}
        per_decision = {tree: (runs[1][0] - runs[0][0]) / (runs[1][1] - runs[0][1]) for tree, runs in counts.items()}
        print(
            f"{scenario:<10} {start['old'] / 1e6:>12.0f} {start['new'] / 1e6:>12.0f}"
            f" {per_game['old'] / 1e6:>11.1f} {per_game['new'] / 1e6:>11.1f} {per_game['old'] / per_game['new']:>7.2f}x"
            f" {per_decision['old'] / 1e3:>10.0f} {per_decision['new'] / 1e3:>10.0f} {per_decision['old'] / per_decision['new']:>20.2f}x"
            f" {(start['old'] + 1000 * per_game['old']) / (start['new'] + 1000 * per_game['new']):>19.2f}x"
        )
    print("(start: a run of one game, imports and deck included; 1,000 games: the start and 1,000 games' worth)")


def side_by_side(revision: str, games: int, repeat: int, count_instructions: bool = False) -> None:
    """The `wargame simulate` command here and at `revision`, in one run."""
    known = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], capture_output=True)
    if known.returncode != 0:
        fail(f"--against {revision!r} is not a commit of this repository")
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), revision], check=True, capture_output=True)
        try:
            label = subprocess.run(["git", "-C", str(old), "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()
            compiles = (old / "hatch_build.py").exists()
            print(f"old: {label[:70]}")
            print(f"     its source, as {'an editable install runs it (its install would compile it: these figures understate it)' if compiles else 'its install ran it'}")
            if count_instructions:
                print(f"new: this tree ({engine_build()} engine); {games} doctrine games per run, instructions counted by cachegrind")
                side_by_side_instructions(old, games)
                return
            print(f"new: this tree ({engine_build()} engine); {games} doctrine games per run, best of {repeat}; load average {os.getloadavg()[0]:.1f}")
            print(
                f"{'scenario':<10} {'jobs':>4} {'old games/s':>12} {'new games/s':>12} {'new/old':>8}"
                f" {'old dec/game':>13} {'new dec/game':>13} {'new/old per decision':>21}"
            )
            scenarios = [path.stem for path in sorted((ROOT / "decks").glob("era-*.toml"))]
            rates: dict[tuple[str, int], float] = {}
            cpu_rows: list[str] = []
            for scenario in scenarios:
                for jobs in (1, 2):
                    best = {"old": float("inf"), "new": float("inf")}
                    least = {"old": float("inf"), "new": float("inf")}
                    decisions = {"old": 0, "new": 0}
                    for _ in range(repeat):
                        for tree, root in (("old", old), ("new", ROOT)):
                            elapsed, cpu, decisions[tree] = command_seconds(root, scenario, games, jobs)
                            best[tree] = min(best[tree], elapsed)
                            least[tree] = min(least[tree], cpu)
                    rates[scenario, jobs] = games / best["new"]
                    cpu_rows.append(cpu_row(scenario, jobs, games, least, decisions))
                    per_decision = (best["old"] / decisions["old"]) / (best["new"] / decisions["new"])
                    print(
                        f"{scenario:<10} {jobs:>4} {games / best['old']:>12.0f} {games / best['new']:>12.0f} {best['old'] / best['new']:>7.2f}x"
                        f" {decisions['old'] / games:>13.1f} {decisions['new'] / games:>13.1f} {per_decision:>20.2f}x"
                    )
            print()
            print("processor time (user and system, the command and its workers), least of the runs")
            print(f"{'scenario':<10} {'jobs':>4} {'old ms/game':>12} {'new ms/game':>12} {'new/old':>8} {'old µs/dec':>11} {'new µs/dec':>11} {'new/old per decision':>21}")
            print("\n".join(cpu_rows))
            print()
            for scenario in scenarios:
                print(f"{scenario}: --jobs 2 is {rates[scenario, 2] / rates[scenario, 1]:.2f}x --jobs 1 (new)")
            print(f"load average at the end {os.getloadavg()[0]:.1f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False, capture_output=True)


def cpu_row(scenario: str, jobs: int, games: int, cpu: dict[str, float], decisions: dict[str, int]) -> str:
    """One line of the processor-time table: per game and per decision, old and new (speed ratios, higher is faster)."""
    per_game = {tree: cpu[tree] / games * 1e3 for tree in cpu}
    per_decision = {tree: cpu[tree] / decisions[tree] * 1e6 for tree in cpu}
    return (
        f"{scenario:<10} {jobs:>4} {per_game['old']:>12.1f} {per_game['new']:>12.1f} {per_game['old'] / per_game['new']:>7.2f}x"
        f" {per_decision['old']:>11.0f} {per_decision['new']:>11.0f} {per_decision['old'] / per_decision['new']:>20.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--deck", default=DEFAULT_DECK)
    parser.add_argument("--rollouts", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--against", metavar="REV", help="time `wargame simulate` here and at git revision REV, side by side")
    parser.add_argument("--repeat", type=int, default=3, help="with --against: runs per tree, the best kept (default 3)")
    parser.add_argument("--instructions", action="store_true", help="with --against: count instructions (valgrind) instead of timing")
    args = parser.parse_args()
    if args.instructions and not args.against:
        fail("--instructions goes with --against REV")
    if args.instructions and shutil.which("valgrind") is None:
        fail("--instructions needs valgrind (Debian's valgrind package)")
    if args.against:
        side_by_side(args.against, args.games, args.repeat, args.instructions)
        return
    deck = load_deck(args.deck)
    one, turns = games_per_second(deck, args.games, 1)
    many, _ = games_per_second(deck, args.games, args.jobs)
    print(f"deck {deck.id}: {args.games} doctrine-bot games, {turns:.1f} turns on average ({engine_build()} engine)")
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

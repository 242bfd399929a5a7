"""Balance, dominance and solo play of the bundled scenarios, as tables.

    python benchmarks/balance.py                 # 2,000 doctrine games and 300 solo games per era
    python benchmarks/balance.py --games 500 --solo 200 --scenario 2016 --jobs 2

Prints, per era:
- the balance table under doctrine play (wins, how games end, mean scores);
- dominance: the largest share of a role's policy moves taken by one policy,
  and the (role, card) pairs whose most chosen response takes over 90%;
- options never chosen in doctrine or random games (and not closed on purpose);
- the solo table, with Washington and Beijing as doctrine bots: a random Tokyo
  (how often it reaches turn 6) and a thoughtful Tokyo (a plain heuristic
  through the public API, below) and how often each wins.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wargame.analysis import END_ORDER, choice_key, simulate  # noqa: E402
from wargame.bots import make_bot  # noqa: E402
from wargame.bots.choices import expected_gain  # noqa: E402
from wargame.bots.playout import play_out  # noqa: E402
from wargame.decks import bundled_paths, load_deck  # noqa: E402
from wargame.engine import HOLD, Action, Deck, GameState, legal_actions, new_game  # noqa: E402
from wargame.engine.adjudicate import odds_of  # noqa: E402
from wargame.engine.tracks import ROLES  # noqa: E402


class ThoughtfulTokyo:
    """A careful human Tokyo, as a plain heuristic: stay above the lines, take lawful CSD, else the best step.

    It keeps cabinet approval and policy support a margin above the lines
    that end the game, takes collective self-defense and the other new legal
    bases where the law and support allow, and otherwise the best one-step
    gain by Tokyo's objectives; no policy takes more than a third of its
    policy moves.
    """

    kind = "thoughtful"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.policies: Counter[str] = Counter()

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        deck = view.deck
        actions = [a for a in legal_actions(view, seat) if a.allowed]
        tracks = view.tracks
        line = deck.rules.collapse_approval
        scored = []
        for a in actions:
            option = _option(view, a)
            if a.kind == "policy" and a.choice != HOLD:
                moves = sum(self.policies.values())
                if moves >= 3 and (self.policies[a.choice] + 1) / (moves + 1) > 1 / 3:
                    continue
            if option is None:
                scored.append((0.0, a))
                continue
            odds = odds_of(option, view)
            p = 1.0 if odds is None else odds / 100
            value = expected_gain(deck, view, seat, option, p)
            worst_approval = min((d for t, d in (*option.success.deltas, *option.failure.deltas) if t == "approval"), default=0)
            worst_support = min((d for t, d in (*option.success.deltas, *option.failure.deltas) if t == "support"), default=0)
            if tracks["approval"] + worst_approval <= line + 5:
                value -= 20
            if tracks["support"] + worst_support < deck.start.baseline_support - 10:
                value -= 5
            if option.basis in ("csd", "asset_protection", "important_influence", "peace_support") and not option.force:
                value += 3
            if option.force:
                value -= 50
            scored.append((value, a))
        value, action = max(scored, key=lambda pair: pair[0])
        if action.kind == "policy" and action.choice != HOLD:
            self.policies[action.choice] += 1
        return action.with_rationale("thoughtful"), "thoughtful"


def _option(view: GameState, action: Action) -> Any:
    if action.kind == "respond" and view.card:
        return view.deck.card(view.card).response(action.actor, action.choice)
    if action.kind == "policy" and action.choice != HOLD:
        return view.deck.policy(action.actor, action.choice)
    return None


def _thoughtful_game(args: tuple[str, int]) -> tuple[str, int, str | None, Counter[str]]:
    path, seed = args
    deck = load_deck(path)
    tokyo = ThoughtfulTokyo(seed)
    bots = {"tokyo": tokyo, "washington": make_bot("doctrine", seed + 2), "beijing": make_bot("doctrine", seed + 3)}
    final = play_out(new_game(deck, seed=seed), bots)
    return final.end_reason or "", final.turn, final.winner, tokyo.policies


def _closed_on_purpose(deck: Deck) -> set[tuple[str, str]]:
    out = set()
    for card in deck.cards:
        out.update((r.role, f"{card.id}/{r.id}") for r in card.responses if r.closed)
    out.update((p.role, f"policy/{p.id}") for p in deck.policies if p.closed)
    return out


def _all_options(deck: Deck) -> set[tuple[str, str]]:
    out = {(r.role, f"{card.id}/{r.id}") for card in deck.cards for r in card.responses}
    out.update((p.role, f"policy/{p.id}") for p in deck.policies)
    return out


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def era_tables(path: Path, games: int, solo: int, jobs: int) -> None:
    deck = load_deck(path)
    results = simulate(deck, games=games, seed=0, jobs=jobs, chunk=100)
    wins = Counter(r.winner for r in results)
    ends = Counter(r.end_reason for r in results)
    means = [sum(r.scores[i] for r in results) / games for i in range(3)]
    print(f"\n## {deck.id}: {games} doctrine games\n")
    print("| Tokyo wins | Washington wins | Beijing wins | tie | war | rupture | collapse | last turn | mean scores T / W / B |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {_pct(wins['tokyo'], games)} | {_pct(wins['washington'], games)} | {_pct(wins['beijing'], games)} | {_pct(wins[None], games)} | "
        + " | ".join(_pct(ends[e], games) for e in END_ORDER)
        + f" | {means[0]:.1f} / {means[1]:.1f} / {means[2]:.1f} |"
    )
    # dominance
    policy_moves: dict[str, Counter[str]] = defaultdict(Counter)
    by_card: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    chosen: set[tuple[str, str]] = set()
    for r in results:
        for role, key in r.chosen:
            chosen.add((role, key))
            card, _, choice = key.partition("/")
            if card == "policy":
                policy_moves[role][choice] += 1
            else:
                by_card[(role, card)][choice] += 1
    print("\n| role | policy moves | most taken policy | its share | (role, card) pairs over 90% |")
    print("|---|---|---|---|---|")
    for role in ROLES:
        moves = policy_moves[role]
        total = sum(moves.values())
        top, n = moves.most_common(1)[0] if moves else ("-", 0)
        over = [c for (rl, c), ch in by_card.items() if rl == role and sum(ch.values()) >= 20 and max(ch.values()) > 0.9 * sum(ch.values())]
        print(f"| {role} | {total} | {top} | {_pct(n, total)} | {len(over)} {', '.join(sorted(over)[:4])} |")
    randoms = {}
    for role in ROLES:
        seats = {r: ("random" if r == role else "doctrine") for r in ROLES}
        randoms[role] = simulate(deck, games=max(solo, 500), seed=10_000, seats=seats, jobs=jobs, chunk=50)
        for r in randoms[role]:
            chosen.update(r.chosen)
    gated = {(role, key) for r in (*results, *(g for games in randoms.values() for g in games)) for role, key, why in r.blocked if why == "support"}
    never = sorted(_all_options(deck) - chosen - gated - _closed_on_purpose(deck))
    print(f"\nOptions never chosen in doctrine or random games (not closed on purpose, nor offered closed by public support): {len(never)}")
    for role, key in never[:40]:
        print(f"  {role:<10} {key}")
    # solo
    rnd = randoms["tokyo"][:solo]
    reach6 = sum(1 for r in rnd if r.turn >= 6 or r.end_reason == "last_turn")
    rwins = sum(1 for r in rnd if r.winner == "tokyo")
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        thoughtful = pool.map(_thoughtful_game, [(str(path), 20_000 + i) for i in range(solo)])
    twins = sum(1 for _, _, w, _ in thoughtful if w == "tokyo")
    tends = Counter(e for e, _, _, _ in thoughtful)
    shares = [max(c.values()) / sum(c.values()) for _, _, _, c in thoughtful if c]
    print(f"\n| solo Tokyo ({solo} games) | reaches turn 6 | wins | war / rupture / collapse / last turn | largest policy share |")
    print("|---|---|---|---|---|")
    print(f"| random | {_pct(reach6, solo)} | {_pct(rwins, solo)} | " + " / ".join(_pct(sum(1 for r in rnd if r.end_reason == e), solo) for e in END_ORDER) + " | - |")
    treach = sum(1 for e, t, _, _ in thoughtful if t >= 6 or e == "last_turn")
    print(
        f"| thoughtful | {_pct(treach, solo)} | {_pct(twins, solo)} | "
        + " / ".join(_pct(tends[e], solo) for e in END_ORDER)
        + f" | {100 * max(shares, default=0):.0f}% at most, {100 * sum(shares) / max(1, len(shares)):.0f}% on average |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--solo", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scenario", action="append", help="an era or deck id (repeatable); default: every bundled deck")
    args = parser.parse_args()
    paths = bundled_paths()
    if args.scenario:
        wanted = set(args.scenario)
        paths = [p for p in paths if p.stem in wanted or p.stem.removeprefix("era-") in wanted]
    for path in paths:
        era_tables(path, args.games, args.solo, args.jobs)


if __name__ == "__main__":
    main()

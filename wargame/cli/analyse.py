"""`wargame analyse SAVE [--at N] [--rollouts R] [--json]`: what each response would likely bring.

At a capital's decision in a saved game, every response it may choose is
tried by playing the rest of the game many times with bots (the save's bot
seats, and the doctrine bot for humans): the chance of each way the game
ends, the expected change of each track and the role's expected score.
Closed responses are listed with the reason they are closed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from ..analysis import END_ORDER, Analysis, analyse, histogram, sparkline, to_decide
from ..engine import GameState
from ..engine.tracks import ROLE_NAMES, ROLES, TRACKS
from .errors import UserError
from .inspect import add_load_options, decision_at, open_from_args
from .simulate import ProgressBar

DEFAULT_ROLLOUTS = 200
#: tracks shown in the text table (partnerships appear in --json)
SHOWN = ("rung", "support", "cohesion", "tension", "narrative", "reputation", "interop")
SHORT = {"war": "war", "rupture": "rupt", "collapse": "coll", "last_turn": "last"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("analyse", help="roll out every response open at a decision of a saved game")
    parser.add_argument("save", metavar="SAVE", help="a save file, or a save's name in the saves folder")
    parser.add_argument("--at", type=int, metavar="N", help="the position after N decisions (default: where the save stops)")
    parser.add_argument("--seat", metavar="ROLE", help="the capital to analyse when several choose at once (default: the first)")
    parser.add_argument("--rollouts", type=int, default=DEFAULT_ROLLOUTS, metavar="R", help=f"games played per response (default {DEFAULT_ROLLOUTS})")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the rollouts' own dice (default 0)")
    parser.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes (default 1; figures do not depend on it)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_load_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.rollouts < 1:
        raise UserError(f"--rollouts must be at least 1, not {args.rollouts}")
    if args.jobs < 1:
        raise UserError(f"--jobs must be at least 1, not {args.jobs}")
    replay = open_from_args(args)
    at = decision_at(args, replay)
    state = replay.states[at]
    seat = pick_seat(state, args.seat, at, [i for i, s in enumerate(replay.states) if to_decide(s)])
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = analyse(
            state,
            seat,
            rollouts=args.rollouts,
            seats=replay.save.seats,
            seed=args.seed,
            jobs=args.jobs,
            progress=bar.update if bar else None,
        )
    finally:
        if bar is not None:
            bar.close()
    data = result.to_dict()
    data.update(save=str(replay.save.path), deck=replay.deck.id, at=at)
    try:
        print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else as_text(result, replay.deck.id, at))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def pick_seat(state: GameState, wanted: str | None, at: int, decisions: list[int]) -> str:
    """The capital to analyse at this position, or a UserError that says where capitals do choose."""
    movers = to_decide(state)
    if not movers:
        if state.over:
            raise UserError(f"--at {at}: the game is over there; capitals choose after decisions {_spans(decisions)}")
        raise UserError(f"--at {at}: no capital chooses there (chance or the facilitator moves); capitals choose after decisions {_spans(decisions)}")
    if wanted is None:
        return movers[0]
    seat = wanted.strip().lower()
    if seat not in ROLES:
        raise UserError(f"--seat {wanted}: use one of {', '.join(ROLES)}")
    if seat not in movers:
        names = " and ".join(ROLE_NAMES[m] for m in movers)
        raise UserError(f"--seat {wanted}: {ROLE_NAMES[seat]} does not choose at decision {at}; {names} does")
    return seat


def _spans(positions: list[int]) -> str:
    """1, 2, 3, 7, 8 -> '1-3, 7-8' (at most a few spans, then an ellipsis)."""
    if not positions:
        return "(none)"
    spans: list[list[int]] = []
    for p in positions:
        if spans and p == spans[-1][1] + 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    text = [f"{a}-{b}" if a != b else str(a) for a, b in spans[:6]]
    return ", ".join(text) + (", ..." if len(spans) > 6 else "")


def as_text(result: Analysis, deck_id: str, at: int) -> str:
    bots = " ".join(f"{r}={k}" for r, k in result.bots)
    lines = [
        f"{deck_id}, after decision {at}: turn {result.turn} ({result.phase}), {ROLE_NAMES[result.seat]} to choose",
        f"{result.rollouts} rollouts per response; rollout bots: {bots}",
        "",
    ]
    header = f"{'response':<40}{'score':>7}{'win%':>6}" + "".join(f"{SHORT[e]:>6}" for e in END_ORDER)
    header += "".join(f"{t[:7]:>8}" for t in SHOWN) + "  scores"
    lines.append(header)
    index = {t: i for i, t in enumerate(TRACKS)}
    for o in result.options:
        if not o.allowed:
            continue
        row = f"{_cut(o.label, 39):<40}{o.mean_score:>+7.1f}{100 * o.win_rate:>6.0f}"
        row += "".join(f"{100 * o.chance_of(e):>5.0f}%" for e in END_ORDER)
        row += "".join(f"{o.track_change[index[t]]:>+8.1f}" for t in SHOWN)
        row += "  " + sparkline([c for _, _, c in histogram(o.scores, 12)])
        lines.append(row)
    closed = [o for o in result.options if not o.allowed]
    if closed:
        lines.append("")
        lines.append("Closed:")
        for o in closed:
            lines.append(f"  {o.label}: {o.reason}")
    best = result.best
    if best is not None:
        lines.append("")
        lines.append(f"Best expected score for {ROLE_NAMES[result.seat]}: {best.label} ({best.mean_score:+.1f})")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

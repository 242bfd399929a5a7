"""`wargame analyse SAVE [--at N] [--rollouts R] [--json]`: what each response would likely bring.

At a capital's decision in a saved game, every response it may choose is
tried by playing the rest of the game many times with bots (the save's bot
seats, and the doctrine bot for humans): the chance of each way the game
ends, the expected change of each track and the role's expected score,
each with its 90% interval. The responses race: rollouts come in batches
until the best is separated from every other response or level with it
within the margin, at most `--rollouts` per response. The verdict names
the best only when it is separated. Closed responses are listed with the
reason they are closed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from ..analysis import CAP, CHANGE_HEADINGS, CHANGE_TRACKS, END_ORDER, STANDING_WORDS, Analysis, analyse, behind_text, histogram, score_text, share_text, sparkline, to_decide
from ..engine import GameState
from ..engine.tracks import ROLE_NAMES, ROLES, TRACK_LABELS, TRACKS
from ..analysis.estimates import FLOOR, MARGIN
from .errors import UserError
from .limits import MAX_ROLLOUTS, check_jobs
from .inspect import add_load_options, decision_at, open_from_args
from .simulate import ProgressBar

DEFAULT_ROLLOUTS = CAP
END_WORDS = {"war": "war", "rupture": "rupture", "collapse": "collapse", "last_turn": "last turn"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("analyse", help="roll out every response open at a decision of a saved game")
    parser.add_argument("save", metavar="SAVE", help="a save file, or a save's name in the saves folder")
    parser.add_argument("--at", type=int, metavar="N", help="the position after N decisions (default: where the save stops)")
    parser.add_argument("--seat", metavar="ROLE", help="the capital to analyse when several choose at once (default: the first)")
    parser.add_argument(
        "--rollouts", type=int, default=DEFAULT_ROLLOUTS, metavar="R",
        help=f"the most games played per response (default {DEFAULT_ROLLOUTS}); the responses race and stop sooner once settled",
    )
    parser.add_argument("--floor", type=int, default=FLOOR, metavar="F", help=f"the fewest games per response (default {FLOOR}; --floor R plays R each)")
    parser.add_argument(
        "--margin", type=float, default=MARGIN, metavar="M",
        help=f"responses surely within M points of each other are called tied (default {MARGIN:g})",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the rollouts' own dice (default 0)")
    parser.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes (default 1; figures do not depend on it)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_load_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.rollouts < 1:
        raise UserError(f"--rollouts must be at least 1, not {args.rollouts}")
    if args.floor < 1:
        raise UserError(f"--floor must be at least 1, not {args.floor}")
    if not args.margin >= 0:
        raise UserError(f"--margin must be 0 or more, not {args.margin:g}")
    check_jobs(args.jobs)
    if args.rollouts > MAX_ROLLOUTS or args.floor > MAX_ROLLOUTS:
        raise UserError(f"--rollouts and --floor must be at most {MAX_ROLLOUTS:,} (a response's figures settle long before)")
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
            floor=args.floor,
            margin=args.margin,
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
    percent = f"{100 * result.level:.0f}%"
    lines = [
        f"{deck_id}, after decision {at}: turn {result.turn} ({result.phase}), {ROLE_NAMES[result.seat]} to choose",
        f"{result.used} rollouts played: {result.floor} to {result.rollouts} per response, racing until the best is separated"
        f" or the rest tied within ±{result.margin:g}; rollout bots: {bots}",
        f"Every figure is a mean of the response's own rollouts with its {percent} interval; 'behind' compares it with the best"
        " on the rollouts both played (a response stopped early has fewer, so compare by 'behind').",
        "",
    ]
    open_ = result.open
    lines.append(f"{'response':<40}{'games':>6}{'score':>12}{'behind':>11}{'':<7}  win %")
    for o in open_:
        lines.append(
            f"{_cut(o.label, 39):<40}{o.rollouts:>6}{score_text(o):>12}{behind_text(o):>11} {STANDING_WORDS[o.standing]:<6}  {share_text(o.win_chance)}"
        )
    lines.append("")
    lines.append(f"{'how it ends, %':<40}" + "".join(f"{END_WORDS[e]:<14}" for e in END_ORDER))
    for o in open_:
        lines.append(f"{_cut(o.label, 39):<40}" + "".join(f"{share_text(o.end_chance(e)):<14}" for e in END_ORDER))
    lines.append("")
    header = f"{'expected change':<40}" + "".join(f"{CHANGE_HEADINGS[t]:>8}" for t in CHANGE_TRACKS) + "  scores"
    lines.append(header)
    index = {t: i for i, t in enumerate(TRACKS)}
    for o in open_:
        row = f"{_cut(o.label, 39):<40}" + "".join(f"{o.track_change[index[t]]:>+8.1f}" for t in CHANGE_TRACKS)
        row += "  " + sparkline([c for _, _, c in histogram(o.scores, 12)])
        lines.append(row)
    key = ", ".join(f"{CHANGE_HEADINGS[t]}: {TRACK_LABELS[t]}" for t in CHANGE_TRACKS) + "; scores: low to high"
    lines.extend(textwrap.wrap(key, width=len(header), initial_indent="  ", subsequent_indent="  "))
    closed = [o for o in result.options if not o.allowed]
    if closed:
        lines.append("")
        lines.append("Closed:")
        for o in closed:
            lines.append(f"  {o.label}: {o.reason}")
    lines.append("")
    lines.append(result.verdict())
    return "\n".join(line.rstrip() for line in lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

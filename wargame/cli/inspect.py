"""`wargame inspect SAVE [--at N] [--json]`: the position after decision N of a saved game.

The JSON form is for scripts and stays stable: its keys are documented in
docs/saves.md, and `"inspect_format"` changes if they ever have to.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

from .. import saves
from ..engine import GameState, diet, legal_actions, outlook, state_hash, to_move
from ..engine.tracks import INSTITUTION_LABELS, ROLE_NAMES, RUNG_NAMES, TRACK_LABELS
from ..saves import Replay, SaveError
from .errors import UserError, say
from .options import add_saves_option

#: version of the JSON this command prints
INSPECT_FORMAT = 2


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("inspect", help="print the position of a saved game after a decision")
    parser.add_argument("save", metavar="SAVE", help="a save file, or a save's name in the saves folder")
    parser.add_argument("--at", type=int, metavar="N", help="after decision N (default: the last; 0 is the start)")
    parser.add_argument("--json", action="store_true", help="print stable JSON for scripts (see docs/saves.md)")
    add_load_options(parser)
    parser.set_defaults(run=run)


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that open a save."""
    add_saves_option(parser)
    parser.add_argument("--deck", metavar="PATH", help="use this deck file instead of the one the save names")
    parser.add_argument(
        "--allow-deck-change",
        action="store_true",
        help="open a save whose deck has changed since it was written, and report where it diverges",
    )


def open_from_args(args: argparse.Namespace, *, strict: bool = True) -> Replay:
    """The replayed save named on the command line; bad input becomes a UserError."""
    try:
        path = saves.find_save(args.save, saves.saves_dir(args.saves))
        return saves.open_replay(path, deck=args.deck, allow_deck_change=args.allow_deck_change, strict=strict)
    except SaveError as err:
        raise UserError(str(err)) from None


def deck_change_note(replay: Replay) -> str:
    """One line about a changed deck and where the replay diverged (empty when it did not change)."""
    if not replay.deck_changed:
        return ""
    path = replay.save.path
    if replay.divergence is None:
        return f"wargame: note: {path}: the deck '{replay.save.deck_id}' has changed, but every decision replays as saved"
    return f"wargame: note: {path}: the deck '{replay.save.deck_id}' has changed; first divergence: {replay.divergence.message(path)}"


def decision_at(args: argparse.Namespace, replay: Replay) -> int:
    """The decision `--at` names (default: the last), checked against the save; notes a changed deck."""
    last = replay.applied
    at = last if args.at is None else args.at
    if not 0 <= at <= last:
        raise UserError(f"--at {args.at}: the save has {last} decisions that replay (use 0 to {last})")
    note = deck_change_note(replay)
    if note:
        say(note)
    return at


def run(args: argparse.Namespace) -> int:
    replay = open_from_args(args)
    data = position(replay, decision_at(args, replay))
    try:
        print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else as_text(data))
        sys.stdout.flush()
    except BrokenPipeError:  # `wargame inspect ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0




def position(replay: Replay, at: int) -> dict[str, Any]:
    """The position after `at` decisions as plain data (the documented JSON)."""
    save = replay.save
    state: GameState = replay.states[at]
    decision = save.decisions[at - 1] if at else None
    movers = to_move(state)
    return {
        "inspect_format": INSPECT_FORMAT,
        "save": {
            "path": str(save.path),
            "name": save.name,
            "format": save.format,
            "engine": save.engine,
            "created": save.created,
            "updated": save.updated,
            "parent": save.parent,
            "branched_at": save.branched_at,
        },
        "game": {
            "deck": save.deck_id,
            "deck_hash": save.deck_hash,
            "deck_changed": replay.deck_changed,
            "scenario": save.scenario,
            "seed": save.seed,
            "mode": save.mode,
            "turns": save.turns,
            "seats": dict(save.seats),
        },
        "decisions": len(save.decisions),
        "at": at,
        "last_decision": None
        if decision is None
        else {
            "seq": decision.seq,
            "turn": decision.turn,
            "phase": decision.phase,
            **{k: v for k, v in decision.action.offered().items() if k in ("actor", "kind", "choice", "value")},
            "rationale": decision.action.rationale,
            "time": decision.time,
        },
        "turn": state.turn,
        "phase": state.phase,
        "over": state.over,
        "end_reason": state.end_reason,
        "card": state.card,
        "date": outlook.turn_date(state.deck, state.turn),
        "tracks": state.tracks,
        "tension_name": state.deck.tension_name(state.track("tension")),
        "low_approval_turns": state.low_approval_turns,
        "institutions": state.institutions,
        "diet": {
            "standing": diet.standing(state),
            **{h: {"seats": diet.house_now(state, h).seats, "ruling": diet.ruling_seats(state, h)} for h in ("lower", "upper") if state.seats},
        },
        "war_by": [{"kind": k, "role": r, "option": o, "card": c} for k, r, o, c in state.war_by],
        "flags": list(state.flags),
        "sealed": [{"role": role, "choice": choice, "rationale": why} for role, choice, why in state.sealed],
        "scores": state.scores,
        "winner": state.winner,
        "state_hash": state_hash(state),
        "to_move": list(movers),
        "legal_actions": {actor: [a.offered() for a in legal_actions(state, actor)] for actor in movers},
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def literal(text: str) -> str:
    """Player text on one line, control characters shown as escapes, never interpreted."""
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t"}.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def _who(actor: str) -> str:
    return ROLE_NAMES.get(actor, actor)


def _action_words(a: dict[str, Any]) -> str:
    text = a["kind"]
    if a["choice"]:
        text += f" {a['choice']}"
    if a["value"] or a["kind"] in ("roll", "set_track", "inject", "rule", "override"):
        text += f" {a['value']}"
    return text


def as_text(data: dict[str, Any]) -> str:
    """The position for people: a few labelled lines."""
    save, game = data["save"], data["game"]
    out = [
        f"{save['path']}: {literal(save['name']) or '(unnamed)'}",
        f"  {game['scenario']}, seed {game['seed']}, {game['mode']}, {game['turns']} turns",
        f"after decision {data['at']} of {data['decisions']}: turn {data['turn']}{' (' + data['date'] + ')' if data['date'] else ''}, "
        + (f"game over ({str(data['end_reason']).replace('_', ' ')})" if data["over"] else str(data["phase"]).replace("_", " ")),
    ]
    last = data["last_decision"]
    if last:
        why = f' - "{literal(last["rationale"])}"' if last["rationale"] else ""
        out.append(f"  last: {last['seq']} (turn {last['turn']}, {last['phase']}) {_who(last['actor'])}: {_action_words(last)}{why}")
    if data["card"]:
        out.append(f"card in play: {data['card']}")
    tracks = data["tracks"]
    rung = tracks["rung"]
    out.append("tracks:")
    for name, value in tracks.items():
        extra = f" ({RUNG_NAMES[rung]})" if name == "rung" and 0 <= rung < len(RUNG_NAMES) else ""
        if name == "tension":
            extra = f" ({literal(data['tension_name'])})"
        out.append(f"  {TRACK_LABELS.get(name, name)}: {value}{extra}")
    out.append(
        "institutions: "
        + ", ".join(f"{INSTITUTION_LABELS.get(k, k)} {('present' if v else 'gone') if isinstance(v, bool) else v}" for k, v in data["institutions"].items())
    )
    seats = [f"{h} house {d['ruling']}/{d['seats']}" for h, d in data["diet"].items() if h != "standing"]
    out.append(f"Diet: {data['diet']['standing']}" + (f" ({', '.join(seats)})" if seats else ""))
    out.append("flags: " + (", ".join(data["flags"]) or "none"))
    if data["sealed"]:
        out.append("sealed: " + ", ".join(f"{_who(s['role'])} {s['choice']}" for s in data["sealed"]))
    out.append("scores: " + ", ".join(f"{_who(k)} {v}" for k, v in data["scores"].items()))
    if not data["to_move"]:
        out.append("to move: nobody")
    else:
        out.append("to move: " + ", ".join(_who(a) for a in data["to_move"]))
    for actor, actions in data["legal_actions"].items():
        out.append(f"{_who(actor)} may:")
        rolls = [a for a in actions if a["kind"] == "roll"]
        if rolls:
            out.append(f"  open    roll 1..100 ({len(rolls)} outcomes)")
        for a in actions:
            if a["kind"] == "roll":
                continue
            mark = "open  " if a["allowed"] else "closed"
            label = f"  {literal(a['label'])}" if a["label"] else ""
            reason = f" - {literal(a['reason'])}" if a["reason"] else ""
            out.append(f"  {mark}  {_action_words(a)}{label}{reason}")
    return "\n".join(out)

"""The report's MSEL section: each scheduled inject, what the designers expected, and what the players did.

The Master Scenario Events List is the facilitator's script; setting what
became of each inject beside the play on its card's turn is what the
hotwash checks the learning points against.
"""

from __future__ import annotations

from ..engine import HOLD, GameState
from ..engine.model import Deck, Inject, Requirement
from ..engine.tracks import INSTITUTION_LABELS, ROLE_NAMES, TRACK_LABELS
from .markdown import cell, code, joined, md, quoted, table
from .records import Game, MselRecord, Outcome, Segment
from .wording import card_name, option_name


def msel_section(game: Game) -> str:
    """The injects in a table, then each one: expected, learning point, trigger, history and play."""
    deck, final = game.deck, game.final
    if not deck.injects:
        return joined(["## MSEL: expected against played", "", "This scenario has no scheduled injects."])
    lines = [
        "## MSEL: expected against played",
        "",
        "The scenario's Master Scenario Events List: each inject, what the designers expected the "
        "players to do, and what they did on the turn its card was in play.",
        "",
    ]
    rows = []
    for inject in deck.injects:
        record = game.msel[inject.id]
        rows.append([
            code(inject.id),
            str(inject.turn),
            card_name(deck, inject.card),
            "yes" if inject.must_fire else "no",
            _msel_status(record, inject.turn, final),
            ", ".join(str(t) for t in record.played) or "—",
        ])
    lines += table(["Inject", "Due", "Card", "Must fire", "What became of it", "Card in play on turn"], rows)
    for inject in deck.injects:
        lines += ["", *_inject_detail(game, inject)]
    return joined(lines)


def _inject_detail(game: Game, inject: Inject) -> list[str]:
    """One inject: what was expected of it, what became of it, and the play on its card's turns."""
    deck, final = game.deck, game.final
    record = game.msel[inject.id]
    lines = [f"### Inject {code(inject.id)}", ""]
    lines.append(f"- Expected: {cell(inject.expected)}")
    lines.append(f"- Learning point: {cell(inject.learning)}")
    if inject.trigger.empty:
        lines.append("- Trigger: always")
    else:
        lines.append(f"- Trigger: {md(describe_requirement(inject.trigger, deck))}" + (" (fires even if it fails)" if inject.must_fire else ""))
    for turn, text in record.history:
        lines.append(f"- Turn {turn}: {md(text)}.")
    if not record.played and game.missed(inject.id):
        lines.append(f"- Its card was never in play, so the learning point was not exercised{_not_reached(inject.turn, final)}.")
    elif not record.played:
        lines.append("- Its card has not been in play yet.")
    for turn in record.played:
        seg = game.segment_of_turn(turn)
        if seg is not None:
            lines += _play_on_turn(game, seg)
    return lines


def _play_on_turn(game: Game, seg: Segment) -> list[str]:
    """What the players did on the turn an inject's card was in play, and what was closed to them."""
    turn = seg.turn
    lines = [f"- What the players did on turn {turn}:"]
    done = game.response_outcomes(seg) + seg.policies
    if not done:
        lines.append("  - nothing was resolved yet")
    for o in done:
        verb = "responded" if o.kind == "response" else ("held" if o.choice == HOLD else "took the policy action")
        what = "" if o.choice == HOLD else f" {option_name(o.option, o.choice)}"
        lines.append(f"  - {ROLE_NAMES[o.role]} {verb}{what}: {_outcome_word(o)}; rationale: {quoted(o.rationale)}")
    closed = {
        (c.role, c.choice, c.reason): c
        for c in game.closures
        if c.turn == turn and c.kind == "respond" and c.card == seg.card
    }
    if closed:
        lines.append(f"- Closed to the players on turn {turn}:")
        for c in closed.values():
            lines.append(f"  - {ROLE_NAMES[c.role]}: {option_name(c.option, c.choice)}: {md(c.reason)}")
    return lines


def _not_reached(due: int, final: GameState) -> str:
    """Why an inject never came due, when the game ended before it."""
    if final.over and final.turn < due:
        return f" (the game ended on turn {final.turn}, before it was due)"
    return ""


def _msel_status(record: MselRecord, due: int, final: GameState) -> str:
    """What became of an inject, in a table cell."""
    if record.history:
        turn, text = record.history[-1]
        return md(f"turn {turn}: {text}")
    if final.over and final.turn < due:
        return "not reached: the game ended first"
    return "pending"


def describe_requirement(req: Requirement, deck: Deck) -> str:
    """An inject's trigger in words, each condition apart."""
    parts = [f"{TRACK_LABELS[t]} at least {n}" for t, n in req.minimum]
    parts += [f"{TRACK_LABELS[t]} at most {n}" for t, n in req.maximum]
    parts += [deck.flag(f).text for f in req.flags]
    parts += [f"not while {deck.flag(f).text}" for f in req.not_flags]
    parts += [f"{INSTITUTION_LABELS[n]} is {' or '.join(str(v) for v in allowed)}" for n, allowed in req.institutions]
    if req.min_turn is not None:
        parts.append(f"from turn {req.min_turn}")
    if req.max_turn is not None:
        parts.append(f"until turn {req.max_turn}")
    return "; ".join(parts)


def _outcome_word(o: Outcome) -> str:
    """How an outcome ended, in a few words for a list."""
    if o.choice == HOLD:
        return "no action"
    if not o.settled:
        return "not yet resolved"
    if o.gate:
        return "stopped at its gate"
    text = "success" if o.success else "failure"
    if o.override:
        text += " (by the facilitator's override)"
    elif o.ruled:
        text += " (ruled by the facilitator)"
    return text


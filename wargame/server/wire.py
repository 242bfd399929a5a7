"""What a seat is sent, as JSON: the board, its legal actions, the decisions and the log, built from `view` alone.

Every board starts from `view(state, seat)`, the one way state leaves the
engine for a seat: another capital's sealed choice and rationale are
masked until the reveal, and an observer (no role) sees every sealed
choice masked. On top of the view, what the white cell alone may know is
left out for everyone else: the MSEL, the cards scheduled to come into
play, the undo point and the state hash (a hash of the full position
would let a player test guesses at a sealed choice against it).
"""

from __future__ import annotations

from typing import Any

from ..engine import FACILITATOR, ROLES, GameState, legal_actions, state_hash, to_move, view
from ..engine import diet, outlook
from ..engine.model import Card, Option
from ..logbook import WHO, LogEntry
from ..messaging import Message
from ..replaying import Decision
from . import protocol as p




def legal(state: GameState, seat: str) -> list[dict[str, Any]]:
    """The seat's own actions now, open and closed with the engine's reasons (a capital's from its view)."""
    if seat == FACILITATOR:
        return [a.offered() for a in legal_actions(state, FACILITATOR)]
    if seat in ROLES:
        return [a.offered() for a in legal_actions(view(state, seat), seat)]
    return []


def _option(option: Option) -> dict[str, Any]:
    return {"role": option.role, "id": option.id, "label": option.label, "explain": option.explain, "sources": list(option.sources)}


def _card(card: Card, seat: str) -> dict[str, Any]:
    """The card in play, with the responses the seat may give (the white cell: every capital's)."""
    shown = [o for o in card.responses if seat == FACILITATOR or o.role == seat]
    return {
        "id": card.id,
        "title": card.title,
        "text": card.text,
        "explain": card.explain,
        "date": card.date or "",
        "sources": list(card.sources),
        "addresses": list(card.addresses),
        "responses": [_option(o) for o in shown],
    }


def board(state: GameState, seat: str) -> dict[str, Any]:
    """The position as `seat` may see it."""
    seen = view(state, seat)
    deck = seen.deck
    data: dict[str, Any] = {
        "turn": seen.turn,
        "last_turn": seen.last_turn,
        "date": outlook.turn_date(deck, seen.turn),
        "phase": seen.phase,
        "paused": seen.paused,
        "over": seen.over,
        "end_reason": seen.end_reason,
        "winner": seen.winner,
        "mode": seen.mode,
        "facilitated": seen.facilitated,
        "tracks": seen.tracks,
        "tension_name": deck.tension_name(seen.track("tension")),
        "low_approval_turns": seen.low_approval_turns,
        "history": [list(values) for values in seen.history],
        "institutions": seen.institutions,
        "diet": {
            "standing": diet.standing(seen),
            **{h: {"seats": diet.house_now(seen, h).seats, "ruling": diet.ruling_seats(seen, h)} for h in ("lower", "upper") if seen.seats},
        },
        "flags": list(seen.flags),
        "card": _card(deck.card(seen.card), seat) if seen.card else None,
        "sealed": [{"role": role, "choice": choice, "rationale": why} for role, choice, why in seen.sealed],
        "resolutions": [
            {"kind": r.kind, "role": r.role, "option": r.option, "gate": r.gate, "odds": r.odds, "roll": r.roll,
             "ruled": r.ruled, "success": r.success, "override": r.override}
            for r in seen.resolutions
        ],
        "acted": list(seen.acted),
        "war_by": [{"kind": k, "role": r, "option": o, "card": c} for k, r, o, c in seen.war_by],
        "scores": seen.scores,
        "to_move": list(to_move(seen)),
    }
    if seat == FACILITATOR:
        data["msel"] = [{"inject": e.inject, "due": e.due, "status": e.status} for e in seen.msel]
        data["scheduled"] = [{"turn": t, "card": c, "source": s} for t, c, s in seen.scheduled]
        data["undo_to"] = seen.checkpoint.turn if seen.checkpoint is not None else None
        data["state_hash"] = state_hash(seen)
    return data


def hides(decision: Decision, seat: str) -> bool:
    """Whether a decision's choice and rationale are kept from `seat`: another capital's sealed response
    (until the reveal tells it), and the card the white cell injects (until it comes into play)."""
    action = decision.action
    if seat == FACILITATOR or seat == action.actor:
        return False
    return action.kind in ("respond", "inject")


def decision_data(decision: Decision, seat: str) -> dict[str, Any]:
    """A decision as `seat` may know it: who took what kind of action, when; what, and why, unless `hides`."""
    action = decision.action
    data: dict[str, Any] = {
        "seq": decision.seq,
        "turn": decision.turn,
        "phase": decision.phase,
        "actor": action.actor,
        "kind": action.kind,
        "time": decision.time,
    }
    if not hides(decision, seat):
        data.update(choice=action.choice, value=action.value, rationale=action.rationale)
    return data


def entry_data(entry: LogEntry) -> dict[str, Any]:
    return {"turn": entry.turn, "actor": entry.actor, "who": WHO.get(entry.actor, ""), "kind": entry.kind, "text": entry.text}


def message_data(message: Message) -> dict[str, Any]:
    """A white cell's message as its recipients are sent it."""
    return {"type": p.MESSAGE, "from": FACILITATOR, "to": message.to, "text": message.text, "after": message.after, "time": message.time}

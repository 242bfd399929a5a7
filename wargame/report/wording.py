"""The game's things in words for the report: roles, rungs, options, cards and decisions.

Several sections name the same things; naming them in one place keeps the
timeline, the limits, the MSEL and the hotwash in agreement.
"""

from __future__ import annotations

from ..engine import CHANCE, FACILITATOR, HOLD, GameState
from ..engine.law import BASIS_TAGS
from ..engine.model import Deck, Option
from ..engine.tracks import ROLE_NAMES, RUNG_NAMES, TRACK_LABELS
from ..replaying import Step
from .markdown import code, md


def role_name(actor: str) -> str:
    """Who acted, by name: a capital, the facilitator or chance."""
    return ROLE_NAMES.get(actor, {FACILITATOR: "The facilitator", CHANCE: "Chance"}.get(actor, actor))


def rung_text(n: int) -> str:
    """A rung of the legal ladder with its name."""
    return f"rung {n} ({RUNG_NAMES[n]})"


def basis_cell(option: Option | None) -> str:
    """A Tokyo option's legal basis in a few words ("CSD", "asset protection (Art. 95-2)"); empty for others."""
    if option is None or not option.basis:
        return ""
    return md(BASIS_TAGS.get(option.basis) or "no SDF action")


def option_name(option: Option | None, choice: str) -> str:
    """An option by its deck label and id (its id alone when the deck has no such option)."""
    if choice == HOLD:
        return "hold"
    if option is None:
        return code(choice)
    return f"{md(option.label)} ({code(option.id)})"


def card_name(deck: Deck, card_id: str) -> str:
    """A card by its title and id (its id alone when the deck has no such card)."""
    if deck.has_card(card_id):
        return f"{md(deck.card(card_id).title)} ({code(card_id)})"
    return code(card_id)


def option_in_play(state: GameState, kind: str, role: str, option_id: str) -> Option | None:
    """The option a resolution or queue entry names: a response on the card in play, else a policy."""
    if kind == "response" and state.card:
        return state.deck.card(state.card).response(role, option_id)
    return state.deck.policy(role, option_id)


def decision_text(step: Step, deck: Deck) -> str:
    """A decision in words (escaped), with the labels the deck gives its choices."""
    action, before = step.decision.action if step.decision else None, step.before
    assert action is not None and before is not None
    who = role_name(action.actor)
    kind = action.kind
    if kind == "respond":
        option = deck.card(before.card).response(action.actor, action.choice) if before.card else None
        return f"{who} responds: {option_name(option, action.choice)}, sealed"
    if kind == "policy":
        if action.choice == HOLD:
            return f"{who} holds (no standing action)"
        return f"{who} takes the policy action {option_name(deck.policy(action.actor, action.choice), action.choice)}"
    if kind == "draw":
        return f"Chance draws {code(action.choice)}"
    if kind == "roll":
        return f"Chance rolls {action.value}"
    if kind == "accept":
        return "The facilitator accepts the adjudication"
    if kind == "override":
        res = before.resolutions[int(action.choice)]
        option = option_in_play(before, res.kind, res.role, res.option)
        return f"The facilitator overrides: {ROLE_NAMES[res.role]}'s {option_name(option, res.option)} {'succeeds' if action.value else 'fails'}"
    if kind == "set_track":
        return f"The facilitator sets {md(TRACK_LABELS.get(action.choice, action.choice))} to {action.value}"
    if kind == "rule":
        ruled = ""
        if before.queue:
            qkind, role, option_id = before.queue[0]
            option = option_in_play(before, qkind, role, option_id)
            ruled = f" on {ROLE_NAMES.get(role, role)}'s {option_name(option, option_id)}"
        return f"The facilitator rules{ruled}: {'success' if action.value else 'failure'}"
    if kind == "inject":
        return f"The facilitator schedules {card_name(deck, action.choice)} for turn {action.value}"
    if kind in ("fire", "delay", "skip"):
        verb = {"fire": "fires", "delay": "delays", "skip": "skips"}[kind]
        return f"The facilitator {verb} inject {code(action.choice)}"
    if kind == "pause":
        return "The facilitator pauses the game"
    if kind == "resume":
        return "The facilitator resumes the game"
    if kind == "undo":
        return "The facilitator takes the game back to the last reveal"
    return f"{who}: {md(kind)} {code(action.choice)}"


"""Playing a game on from a position with bots: the loop under rollouts and bulk simulation.

Chance comes from `chance_action(state, salt)`: salt 0 is the game's own
future (what a replay of the seed gives), any other salt an independent
one, so rollouts never peek at the real draws. With `aligned=True` (for
rollouts) the dice are keyed by the event rather than the step
(`chance.event_key`), so the same later event gets the same die whichever
option was taken first. A facilitator seat, when
the game has one, is stood in for by rules anyone can read: fire what is
due when its trigger holds, accept the adjudication, rule by the odds.
"""

from __future__ import annotations

from typing import Callable, Mapping

from attrs import evolve

from ..engine import CHANCE, FACILITATOR, HIDDEN, Action, GameState, apply, chance_action, legal_actions, open_actions, to_move, view
from ..engine.adjudicate import holds, odds_of
from ..engine.chance import keyed_chance, keyed_die, mix
from ..engine.lookups import card_of, policy_of, response_of
from .protocol import Bot

#: what a playout reports for each decision: state before, the action, the reason, the actions listed
Recorder = Callable[[GameState, Action, str, list[Action] | None], None]


def determinise(state: GameState, seat: str) -> GameState:
    """A seat's view made playable: other seats' hidden sealed choices dropped, so they choose again."""
    sealed = tuple(s for s in state.sealed if s[1] != HIDDEN or s[0] == seat)
    if sealed == state.sealed:
        return state
    return evolve(state, sealed=sealed)


def stand_in_facilitator(state: GameState, salt: int, aligned: bool = False) -> Action:
    """The facilitator's move when nobody sits there: plain, predictable rulings.

    A ruling stands for the roll chance would make: with aligned dice it
    reads the same die that roll would (the event's), so a facilitated
    rollout meets the same luck as one without a white cell.
    """
    if state.paused:
        return Action(FACILITATOR, "resume", rationale="stand-in: play on")
    if state.phase == "turn_start":
        for entry in state.msel:
            if entry.status == "pending" and entry.due <= state.turn:
                inject = next(i for i in state.deck.injects if i.id == entry.inject)
                if inject.must_fire or holds(inject.trigger, state):
                    return Action(FACILITATOR, "fire", inject.id, rationale="stand-in: due and its trigger holds")
                return Action(FACILITATOR, "skip", inject.id, rationale="stand-in: its trigger does not hold")
    if state.phase == "review":
        return Action(FACILITATOR, "accept", rationale="stand-in: the rules' adjudication stands")
    kind, role, option_id = state.queue[0]
    from_card = kind == "response" or (kind == "clash" and state.phase == "adjudication")
    if from_card and state.card:
        option = response_of(card_of(state.deck, state.card), role, option_id)
    else:
        option = policy_of(state.deck, role, option_id)
    roll = 1 + (keyed_die(state, salt) if aligned else mix(state.seed, state.seq, salt, 0xFAC)) % 100
    if kind == "clash" and option is not None:
        clash = state.deck.clash_of(option.clash)
        clash_odds = clash.odds if clash else 0
        happens = roll <= clash_odds
        return Action(FACILITATOR, "rule", value=int(happens), rationale=f"stand-in: ruled by the stated odds of a clash ({clash_odds}%, roll {roll})")
    odds = odds_of(option, state) if option is not None else None
    success = odds is None or roll <= odds
    return Action(FACILITATOR, "rule", value=int(success), rationale=f"stand-in: ruled by the odds ({odds or 100}%, roll {roll})")


def next_move(
    state: GameState, bots: Mapping[str, Bot], salt: int, want_actions: bool = False, aligned: bool = False
) -> tuple[Action, str, list[Action] | None]:
    """The next move of a game nobody at the table plays: chance, a stand-in facilitator or a bot."""
    actor = to_move(state)[0]
    if actor == CHANCE:
        if aligned:
            return keyed_chance(state, salt), "", None
        return chance_action(state, salt), "", None
    if actor == FACILITATOR:
        action = stand_in_facilitator(state, salt, aligned)
        return action, action.rationale, None
    bot = bots[actor]
    seen = view(state, actor)
    if want_actions:
        # closed responses are what a summary counts; closed policies nobody reads, so they are not written
        actions = legal_actions(seen, actor) if seen.phase == "responses" else open_actions(seen, actor)
        among = getattr(bot, "choose_among", None)
        action, reason = among(seen, actor, actions) if among else bot.choose(seen, actor)
        return action, reason, actions
    action, reason = bot.choose(seen, actor)
    return action, reason, None


def play_out(
    state: GameState,
    bots: Mapping[str, Bot],
    *,
    salt: int = 0,
    record: Recorder | None = None,
    limit: int = 100_000,
    aligned: bool = False,
) -> GameState:
    """Play `state` to the end with `bots` for every role; returns the final state.

    `aligned` keys the dice by event (for rollouts; it needs a salt other than 0).
    """
    if aligned and not salt:
        raise ValueError("aligned dice need a rollout salt (salt 0 is the game's own dice)")
    for _ in range(limit):
        if state.end_reason is not None:  # state.over, without a Python call
            return state
        action, reason, actions = next_move(state, bots, salt, record is not None, aligned)
        if record is not None:
            record(state, action, reason, actions)
        # No event text in a playout; chance outcomes and bot moves were just listed as allowed, so no second check.
        state, _ = apply(state, action, explain=False, trusted=action.actor != FACILITATOR)
    raise RuntimeError(f"the game did not end within {limit} decisions")


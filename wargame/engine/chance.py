"""Chance as an actor: the seed generates outcomes, the log carries them.

Outcomes are a pure function of the seed and the step number (splitmix64),
so they never depend on Python's `random` module or on hash seeds, and a
replay reads them from the log rather than regenerating them.

Rollouts may instead key their dice by what happens (`event_key`): the
turn, the kind of draw or roll and whose card or option it is. Two lines of
play that differ early then meet the same later event with the same die,
however many steps apart they are, so comparing options compares options
rather than dice. The game's own dice (`chance_action` with salt 0) keep
the step number: saves and replays never depend on rollouts.
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache
from typing import Final

from .actions import Action
from .diet import due_election
from .legality import eligible_cards
from .splitmix import mix
from .state import GameState
from .tracks import CHANCE

#: what kind of chance event a key names
DRAW: Final = 1
ROLL: Final = 2
CLASH: Final = 3
ELECTION: Final = 4
#: the step of the turn a resolution queue belongs to (a clash can follow a response or a policy)
QUEUE_PHASES: Final = {"adjudication": 1, "policy": 2}


@lru_cache(maxsize=4096)
def word(text: str) -> int:
    """A name as a stable 64-bit number (never Python's `hash`, which changes with PYTHONHASHSEED)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def pick_weighted(weights: list[int], r: int) -> int:
    total = sum(weights)
    point = r % total
    for i, w in enumerate(weights):
        if point < w:
            return i
        point -= w
    return len(weights) - 1


#: chance's rolls of 1..100 as actions, built once. Unlabelled, as chance has always taken them; the labelled
#: ones are what `legal_actions` lists (`legality.ROLLS` and its draws), kept apart so neither changes the other
_ROLLS: Final[tuple[Action, ...]] = tuple(Action(CHANCE, "roll", value=v) for v in range(1, 101))
#: chance's draw of each card, by card id, built once (unlabelled, as the rolls)
_DRAWS: Final[dict[str, Action]] = {}


def _draw(card_id: str) -> Action:
    action = _DRAWS.get(card_id)
    if action is None:
        action = _DRAWS[card_id] = Action(CHANCE, "draw", card_id)
    return action


def chance_action(state: GameState, salt: int = 0) -> Action:
    """The chance outcome the seed gives at this step (a draw or a roll)."""
    r = mix(state.seed, state.seq, salt)
    if state.phase == "event":
        cards = eligible_cards(state)
        i = pick_weighted([c.weight for c in cards], r)
        return _draw(cards[i].id)
    return _ROLLS[r % 100]


def event_key(state: GameState) -> tuple[int, ...]:
    """The chance event due now, named by what happens, not by when (the step number).

    A turn's draw is (turn, DRAW); an election (turn, ELECTION, its id); the
    roll of a queued response (turn, ROLL, the card, the role); of a policy
    (turn, ROLL, the role); of an unplanned clash (turn, CLASH, the step of
    the turn, the role, the option that ran it). Within one game no two
    events share a key (one card and one policy per role a turn), so keyed
    dice stay independent within a rollout.
    """
    turn = state.turn
    if state.phase == "event":
        return (turn, DRAW)
    if state.phase == "election":
        election = due_election(state)
        return (turn, ELECTION, word(election.id if election else ""))
    kind, role, option_id = state.queue[0]
    if kind == "clash":
        return (turn, CLASH, QUEUE_PHASES.get(state.phase, 0), word(role), word(option_id))
    if kind == "response":
        return (turn, ROLL, word(state.card or ""), word(role))
    return (turn, ROLL, 0, word(role))


def keyed_die(state: GameState, salt: int) -> int:
    """A rollout's 64-bit die for the chance event due now, keyed by `event_key`."""
    return mix(salt, *event_key(state))


def keyed_chance(state: GameState, salt: int) -> Action:
    """A rollout's draw or roll, from dice keyed by the event (`event_key`).

    A roll is 1 + the event's die mod 100. A draw races the eligible cards:
    each card gets a die of its own and the card with the best
    u ** (1 / weight) is drawn, which gives each card its weight's share (as
    `chance_action` does) while a card coming into or out of the eligible
    set changes the draw only when it is that card: two lines of play
    whose eligible cards differ a little still draw the same card mostly.
    """
    die = keyed_die(state, salt)
    if state.phase != "event":
        return _ROLLS[die % 100]
    cards = eligible_cards(state)
    best = max(cards, key=lambda c: _race(mix(die, word(c.id)), c.weight))
    return _draw(best.id)


def _race(die: int, weight: int) -> float:
    """log(u) / weight for u uniform in (0, 1) from the die: the largest wins with the weight's share."""
    if weight <= 0:
        return -math.inf
    return math.log(((die >> 11) + 0.5) / (1 << 53)) / weight

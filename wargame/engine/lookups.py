"""The deck's tables as the compiled hot path reads them.

`Deck.card`, `Deck.policy` and `Card.response` are methods of attrs
classes, which the build does not compile (see `hatch_build.py`): called
from a compiled module, each runs the interpreter. These functions read
the same tables and give the same answers without it.
"""

from __future__ import annotations

from .model import Card, Deck, Option


def card_of(deck: Deck, card_id: str) -> Card:
    """`deck.card(card_id)`."""
    return deck._cards_by_id[card_id]


def policy_of(deck: Deck, role: str, policy_id: str) -> Option | None:
    """`deck.policy(role, policy_id)`."""
    return deck._policies_by_key.get((role, policy_id))


def policies_of(deck: Deck, role: str) -> tuple[Option, ...]:
    """`deck.policies_for(role)`."""
    return deck._policies_by_role.get(role, ())


def response_of(card: Card, role: str, response_id: str) -> Option | None:
    """`card.response(role, response_id)`."""
    return card._by_key.get((role, response_id))


def responses_of(card: Card, role: str) -> tuple[Option, ...]:
    """`card.responses_for(role)`."""
    return card._by_role.get(role, ())

"""Requirements and options as the hot path reads them: fields of compiled classes.

Legality asks, at every decision, whether each of a deck's options is
open and which cards may be drawn. The deck's `Requirement` and `Option`
are attrs classes, which the build does not compile (`hatch_build.py`):
from compiled code each of their fields is a lookup by name. A gate copies
the fields those checks read once per requirement, option or card, into a class
the build compiles, whose fields are read directly. Gates are kept by the
object's identity, checked, as the other per-option caches are.
"""

from __future__ import annotations

from typing import Final

from .model import Card, Deck, Option, Requirement

class RequirementGate:
    """The parts of a requirement `adjudicate.holds` tests first, as plain fields."""

    def __init__(self, req: Requirement) -> None:
        self.req = req
        self.empty: bool = req.empty
        self.mins: tuple[tuple[int, int], ...] = req.mins
        self.maxs: tuple[tuple[int, int], ...] = req.maxs
        self.flags: tuple[str, ...] = req.flags
        self.not_flags: tuple[str, ...] = req.not_flags
        self.has_min_turn: bool = req.min_turn is not None
        self.min_turn: int = req.min_turn or 0
        self.has_max_turn: bool = req.max_turn is not None
        self.max_turn: int = req.max_turn or 0
        #: only tracks, flags and turns (no institution, Diet, consent or approval)
        self.simple: bool = req.simple


class OptionGate:
    """What `adjudicate.option_open` reads of an option, as plain fields."""

    def __init__(self, option: Option) -> None:
        self.option = option
        self.closed: bool = bool(option.closed)
        self.requires: RequirementGate = requirement_gate(option.requires)
        self.alliance: str = option.alliance
        self.cooldown: int = option.cooldown
        self.limit: int = option.limit
        self.role: str = option.role
        self.id: str = option.id


class CardGate:
    """What the draw reads of a card to know whether chance may draw it, as plain fields."""

    def __init__(self, card: Card, deck: Deck) -> None:
        self.card = card
        self.id: str = card.id
        self.when: RequirementGate = requirement_gate(card.when)
        #: a historical event: drawn at most once a game, and (when dated) not before its turn
        self.once: bool = card.once
        self.dated: bool = bool(card.once and card.date)
        self.turn: int = deck.calendar.turn_of(card.date) if card.once and card.date else 0
        #: a card that answers a flag is fresh whenever its flag is set again
        self.answers_flag: bool = bool(card.when.flags)


_REQUIREMENTS: Final[dict[int, RequirementGate]] = {}
_OPTIONS: Final[dict[int, OptionGate]] = {}
_CARDS: Final[dict[int, tuple[Deck, tuple[CardGate, ...]]]] = {}
_LISTS: Final[dict[int, tuple[tuple[Option, ...], tuple[OptionGate, ...]]]] = {}


def requirement_gate(req: Requirement) -> RequirementGate:
    gate = _REQUIREMENTS.get(id(req))
    if gate is None or gate.req is not req:
        gate = _REQUIREMENTS[id(req)] = RequirementGate(req)
    return gate


def option_gate(option: Option) -> OptionGate:
    gate = _OPTIONS.get(id(option))
    if gate is None or gate.option is not option:
        gate = _OPTIONS[id(option)] = OptionGate(option)
    return gate


def card_gates(deck: Deck) -> tuple[CardGate, ...]:
    """The deck's cards, in order, as gates."""
    found = _CARDS.get(id(deck))
    if found is None or found[0] is not deck:
        found = _CARDS[id(deck)] = (deck, tuple(CardGate(card, deck) for card in deck.cards))
    return found[1]


def option_gates(options: tuple[Option, ...]) -> tuple[OptionGate, ...]:
    """The gates of a deck's own list of options (a card's responses for a role, a role's policies), one lookup for all.

    Only for the tuples the deck keeps (`lookups.responses_of`, `lookups.policies_of`): each is kept alive here.
    """
    found = _LISTS.get(id(options))
    if found is None or found[0] is not options:
        found = _LISTS[id(options)] = (options, tuple(map(option_gate, options)))
    return found[1]

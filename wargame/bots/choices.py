"""What a doctrine knows about each open option: its odds, its expected gain for the role, its worst case.

An option's expected gain is worked out from the deck's own objectives,
odds-weighted and clamped to the tracks' bounds and ceilings, counting
the war or rupture it may bring about. These figures are built for every
option at every bot decision, so they are cached per option and per deck.
"""

from __future__ import annotations

from typing import Final, Sequence

from ..engine import HOLD, Action, GameState
from ..engine.adjudicate import ceiling, gate_open, odds_of
from ..engine.gates import option_gates
from ..engine.lookups import card_of, policies_of, policy_of, response_of, responses_of
from ..engine.model import Deck, Effect, Option
from ..engine.tracks import BOUNDS, ROLES, TRACK_INDEX

WAR_AT: Final = BOUNDS["tension"][0]


class Choice:
    """One allowed action with what the doctrine needs to know about it (a plain class: built per option per decision).

    Its option's traits (mission, distance, force, ...) are plain fields,
    copied from `Traits` worked out once per option, so that the doctrine's
    tests read them directly.
    """

    __slots__ = (
        "action", "option", "p", "_ev", "_success", "_failure", "_state", "_role",
        "mission", "distance", "escalation", "csd", "basis", "force", "clash", "_sets",
    )  # fmt: skip

    def __init__(self, action: Action, option: Option | None, p: float, state: GameState, role: str) -> None:
        self.action = action
        self.option = option  # None for holding
        self.p = p  # chance of success, 0..1
        self._ev: float | None = None if option is not None else 0.0
        self._state = state
        self._role = role
        traits = _traits(option) if option is not None else _HOLDING
        self._success: dict[str, int] = traits.success
        self._failure: dict[str, int] = traits.failure
        self.mission: str = traits.mission
        self.distance: str = traits.distance
        self.escalation: int = traits.escalation
        self.csd: bool = traits.csd
        self.basis: str = traits.basis
        self.force: bool = traits.force
        self.clash: bool = traits.clash
        self._sets: tuple[str, ...] = traits.sets

    @property
    def ev(self) -> float:
        """Expected gain for the role, by the deck's objectives (worked out when first asked)."""
        if self._ev is None:
            assert self.option is not None
            self._ev = expected_gain(self._state.deck, self._state, self._role, self.option, self.p)
        return self._ev

    def __repr__(self) -> str:
        return f"Choice({self.action.choice!r}, p={self.p}, ev={self.ev:.2f})"

    def gain(self, track: str) -> float:
        """Expected change of a track if taken (odds-weighted, before clamping)."""
        return self.p * self._success.get(track, 0) + (1 - self.p) * self._failure.get(track, 0)

    def worst(self, track: str) -> int:
        """The lowest change of a track this option can bring."""
        if self.p >= 1:
            return self._success.get(track, 0)
        return min(self._success.get(track, 0), self._failure.get(track, 0))

    def sets(self, flag: str) -> bool:
        return flag in self._sets


class Traits:
    """What a doctrine reads of an option, copied once per option (a compiled class: its fields are read directly)."""

    __slots__ = ("option", "success", "failure", "sets", "mission", "distance", "escalation", "csd", "basis", "force", "clash")

    def __init__(self, option: Option | None) -> None:
        self.option = option
        self.success: dict[str, int] = dict(option.success.deltas) if option is not None else {}
        self.failure: dict[str, int] = dict(option.failure.deltas) if option is not None else {}
        self.sets: tuple[str, ...] = option.success.set_flags if option is not None else ()
        self.mission: str = option.mission if option is not None else ""
        self.distance: str = option.distance if option is not None else ""
        self.escalation: int = option.escalation if option is not None else 0
        self.csd: bool = option is not None and option.csd
        self.basis: str = option.basis if option is not None else ""
        self.force: bool = option is not None and option.force
        self.clash: bool = option is not None and bool(option.clash)


#: holding: no option, no change
_HOLDING: Final = Traits(None)
#: per option (by id, the option kept alive): its traits
_TRAITS: Final[dict[int, Traits]] = {}


def _traits(option: Option) -> Traits:
    found = _TRAITS.get(id(option))
    if found is None or found.option is not option:
        found = _TRAITS[id(option)] = Traits(option)
    return found


class Context:
    """The decision as a doctrine sees it: the view, the seat and its open choices (a plain class: built per decision)."""

    __slots__ = ("view", "seat", "choices", "phase", "_others_worst")

    def __init__(self, view: GameState, seat: str, choices: tuple[Choice, ...], phase: str) -> None:
        self.view = view
        self.seat = seat
        self.choices = choices
        self.phase = phase  # "responses" or "policy"
        self._others_worst: int | None = None

    def track(self, name: str) -> int:
        return self.view.values[TRACK_INDEX[name]]

    def flag(self, name: str) -> bool:
        return name in self.view.flags

    @property
    def collapse_line(self) -> int:
        """The cabinet falls after turns at or below this cabinet approval."""
        return self.view.deck.rules.collapse_approval

    @property
    def others_worst_tension(self) -> int:
        """How far the other capitals' open options could lower tension before this one resolves (worked out once)."""
        if self._others_worst is None:
            self._others_worst = others_worst_tension(self.view, self.seat, self.phase)
        return self._others_worst

    @property
    def rupture_line(self) -> int:
        return self.view.deck.rules.rupture_cohesion


def expected_gain(deck: Deck, state: GameState, role: str, option: Option, p: float) -> float:
    """The option's expected score change for `role`, counting war and rupture it may cause."""
    success, failure = _compiled(deck, role, option)
    values = state.values
    total = 0.0
    caps: dict[int, int | None] = {}
    for terms, chance in ((success, p), (failure, 1 - p)):
        if chance <= 0 or not terms:
            continue
        value = 0.0
        for i, d, weight, low, high, end_bonus, line in terms:
            now = values[i]
            new = now + d
            if d > 0 and i in _CAPPED and deck.alliance is not None:
                if i not in caps:
                    caps[i] = ceiling(state, _CAPPED[i])
                cap = caps[i]
                if cap is not None and new > max(now, cap):
                    new = max(now, cap)  # the law and the alliance's arrangements hold the gain here
            if new > high:
                new = high
            elif new < low:
                new = low
            value += weight * (new - now)
            if end_bonus and now + d <= line < now:
                value += end_bonus
        total += chance * value
    return total


#: tracks whose gains stop at a ceiling (see `adjudicate.ceiling`), by index
_CAPPED: Final[dict[int, str]] = {TRACK_INDEX["interop"]: "interop", TRACK_INDEX["cohesion"]: "cohesion"}
Terms = tuple[tuple[int, int, int, int, int, int, int], ...]
#: per (option id, deck id, role): the option and deck kept alive, and the effects compiled to plain numbers
_COMPILED: Final[dict[tuple[int, int, str], tuple[Option, Deck, Terms, Terms]]] = {}


def _compiled(deck: Deck, role: str, option: Option) -> tuple[Terms, Terms]:
    """(track index, delta, weight, low, high, end bonus, threshold) per change, success then failure."""
    key = (id(option), id(deck), role)
    found = _COMPILED.get(key)
    if found is not None and found[0] is option and found[1] is deck:
        return found[2], found[3]
    weights = dict(deck.objective(role).weights)
    end = dict(deck.objective(role).end)

    def terms(effect: Effect) -> Terms:
        out = []
        for track, d in effect.deltas:
            low, high = BOUNDS[track]
            bonus, line = 0, -1
            if track == "tension" and option.force:
                bonus, line = end.get("war", 0) + end.get("caused_war", 0), WAR_AT
            elif track == "cohesion":
                bonus, line = end.get("rupture", 0), deck.rules.rupture_cohesion
            out.append((TRACK_INDEX[track], d, weights.get(track, 0), low, high, bonus, line))
        return tuple(out)

    success, failure = terms(option.success), terms(option.failure)
    _COMPILED[key] = (option, deck, success, failure)
    return success, failure


def choices_of(view: GameState, seat: str, actions: Sequence[Action]) -> tuple[Choice, ...]:
    out = []
    deck = view.deck
    card = card_of(deck, view.card) if view.card else None
    for action in actions:
        if not action.allowed:
            continue
        if action.kind == "respond":
            option = response_of(card, action.actor, action.choice) if card is not None else None
        elif action.kind == "policy" and action.choice != HOLD:
            option = policy_of(deck, action.actor, action.choice)
        else:
            option = None
        if option is None:
            out.append(Choice(action, None, 1.0, view, seat))
            continue
        odds = odds_of(option, view)
        out.append(Choice(action, option, 1.0 if odds is None else odds / 100, view, seat))
    return tuple(out)


def others_worst_tension(view: GameState, seat: str, phase: str) -> int:
    """The sum, over the other capitals still to move, of their open options' worst tension change.

    A bot does not see sealed choices; it judges its own option against
    what the others could choose now, so that two capitals choosing blind
    do not walk to the brink together by accident.
    """
    deck = view.deck
    total = 0
    if phase == "responses" and view.card:
        card = card_of(deck, view.card)
        others = [r for r in card.addresses if r != seat]
        for role in others:
            total += _worst_open(view, responses_of(card, role))
    elif phase == "policy":
        for role in ROLES:
            if role != seat and role not in view.acted:
                total += _worst_open(view, policies_of(deck, role))
    return total


def _worst_open(view: GameState, options: tuple[Option, ...]) -> int:
    """The worst tension change among the open options of a list the deck keeps."""
    worst = 0
    for gate in option_gates(options):
        if not gate_open(gate, view):
            continue
        option = gate.option
        for effect in (option.success, option.failure):
            for track, d in effect.deltas:
                if track == "tension" and d < worst:
                    worst = d
    return worst

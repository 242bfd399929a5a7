"""The deck as the engine sees it: frozen, validated, ready to play.

`wargame.decks` builds these from TOML and checks them; the engine only
reads them. Every condition is plain data (`Requirement`), never code.
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen


@frozen
class Requirement:
    """What must hold for a card to be drawn or an option to be taken."""

    minimum: tuple[tuple[str, int], ...] = ()
    maximum: tuple[tuple[str, int], ...] = ()
    flags: tuple[str, ...] = ()
    not_flags: tuple[str, ...] = ()
    institutions: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    min_turn: int | None = None
    max_turn: int | None = None
    empty: bool = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        blank = not (self.minimum or self.maximum or self.flags or self.not_flags or self.institutions)
        object.__setattr__(self, "empty", blank and self.min_turn is None and self.max_turn is None)

    def min_of(self, track: str) -> int | None:
        return dict(self.minimum).get(track)


NO_REQUIREMENT = Requirement()


@frozen
class Effect:
    """What happens to tracks, flags and institutions."""

    deltas: tuple[tuple[str, int], ...] = ()
    set_flags: tuple[str, ...] = ()
    clear_flags: tuple[str, ...] = ()
    institutions: tuple[tuple[str, Any], ...] = ()
    empty: bool = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "empty", not (self.deltas or self.set_flags or self.clear_flags or self.institutions))


NO_EFFECT = Effect()


@frozen
class Modifier:
    """An addition to an option's odds: per point of a track, or while a flag is set."""

    track: str | None = None
    per_point: int = 0
    above: int = 0
    flag: str | None = None
    add: int = 0


@frozen
class Option:
    """A response to a card or a standing policy action of one role."""

    kind: str  # "response" or "policy"
    role: str
    id: str
    label: str
    explain: str
    sources: tuple[str, ...]
    requires: Requirement = NO_REQUIREMENT
    odds: int | None = None
    modifiers: tuple[Modifier, ...] = ()
    success: Effect = NO_EFFECT
    failure: Effect = NO_EFFECT
    ruling: str | None = None
    mission: str = "other"
    distance: str = "near"
    csd: bool = False
    escalation: int = 0

    @property
    def certain(self) -> bool:
        return self.odds is None or self.odds >= 100


@frozen
class Card:
    id: str
    title: str
    text: str
    explain: str
    sources: tuple[str, ...]
    addresses: tuple[str, ...]
    responses: tuple[Option, ...]
    weight: int = 1
    case: int | None = None
    date: str | None = None
    when: Requirement = NO_REQUIREMENT
    on_draw: Effect = NO_EFFECT

    def responses_for(self, role: str) -> tuple[Option, ...]:
        return tuple(r for r in self.responses if r.role == role)

    def response(self, role: str, response_id: str) -> Option | None:
        for r in self.responses:
            if r.role == role and r.id == response_id:
                return r
        return None


@frozen
class Inject:
    """A scheduled inject of the Master Scenario Events List."""

    id: str
    turn: int
    card: str
    trigger: Requirement = NO_REQUIREMENT
    expected: str = ""
    learning: str = ""
    must_fire: bool = False


@frozen
class Objective:
    """What a role plays for: weights on track changes, bonuses by end reason."""

    role: str
    weights: tuple[tuple[str, int], ...]
    end: tuple[tuple[str, int], ...] = ()


@frozen
class FlagDef:
    name: str
    text: str
    scope: str = "game"


@frozen
class Source:
    id: str
    cite: str
    url: str = ""


@frozen
class Start:
    turns: int
    baseline_support: int
    tracks: tuple[int, ...]
    institutions: tuple[tuple[str, Any], ...]
    flags: tuple[str, ...] = ()


@frozen
class Rules:
    poll_drift: int = 2
    collapse_support: int = 20
    collapse_turns: int = 2
    rupture_cohesion: int = 10


@frozen
class Deck:
    id: str
    title: str
    era: int
    start: Start
    cards: tuple[Card, ...]
    policies: tuple[Option, ...]
    objectives: tuple[Objective, ...]
    flags: tuple[FlagDef, ...] = ()
    sources: tuple[Source, ...] = ()
    injects: tuple[Inject, ...] = ()
    rules: Rules = Rules()
    description: str = ""
    format: int = 1
    content_hash: str = ""
    path: str = ""
    _cards_by_id: dict[str, Card] = field(init=False, repr=False, eq=False)
    _flags_by_name: dict[str, FlagDef] = field(init=False, repr=False, eq=False)
    _policies_by_role: dict[str, tuple[Option, ...]] = field(init=False, repr=False, eq=False)
    _event_flags: frozenset[str] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_cards_by_id", {c.id: c for c in self.cards})
        object.__setattr__(self, "_flags_by_name", {f.name: f for f in self.flags})
        roles = {p.role for p in self.policies}
        object.__setattr__(self, "_policies_by_role", {r: tuple(p for p in self.policies if p.role == r) for r in roles})
        object.__setattr__(self, "_event_flags", frozenset(f.name for f in self.flags if f.scope == "event"))

    @property
    def event_flags(self) -> frozenset[str]:
        """Flags that last only until the next adjudication ends."""
        return self._event_flags

    def card(self, card_id: str) -> Card:
        return self._cards_by_id[card_id]

    def has_card(self, card_id: str) -> bool:
        return card_id in self._cards_by_id

    def flag(self, name: str) -> FlagDef:
        return self._flags_by_name.get(name) or FlagDef(name, name.replace("_", " "))

    def policies_for(self, role: str) -> tuple[Option, ...]:
        return self._policies_by_role.get(role, ())

    def policy(self, role: str, policy_id: str) -> Option | None:
        for p in self.policies:
            if p.role == role and p.id == policy_id:
                return p
        return None

    def objective(self, role: str) -> Objective:
        for o in self.objectives:
            if o.role == role:
                return o
        return Objective(role, ())

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

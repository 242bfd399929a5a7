"""The deck as the engine sees it: frozen, validated, ready to play.

`wargame.decks` builds these from TOML and checks them; the engine only
reads them. Every condition is plain data (`Requirement`), never code.
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from .tracks import TENSION_NAMES, TRACK_INDEX


@frozen
class Requirement:
    """What must hold for a card to be drawn or an option to be taken."""

    minimum: tuple[tuple[str, int], ...] = ()
    maximum: tuple[tuple[str, int], ...] = ()
    flags: tuple[str, ...] = ()
    not_flags: tuple[str, ...] = ()
    institutions: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    #: what the ruling bloc's seats must let it pass: "majority" or "supermajority" (or "hung")
    diet: tuple[str, ...] = ()
    min_turn: int | None = None
    max_turn: int | None = None
    #: the coalition partner must have consented (or have left the coalition): the brake, read
    coalition_consent: bool = False
    #: the flag for the Diet's approval of orders on the option's legal basis, and how it may be given
    approval: str = ""
    approval_mode: str = ""
    empty: bool = field(init=False, eq=False, repr=False)
    #: the track bounds as (index, bound) pairs, worked out once for the hot path of `holds`
    mins: tuple[tuple[int, int], ...] = field(init=False, eq=False, repr=False)
    maxs: tuple[tuple[int, int], ...] = field(init=False, eq=False, repr=False)
    #: only tracks, flags and turns: no institution, Diet or approval to look up
    simple: bool = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        blank = not (self.minimum or self.maximum or self.flags or self.not_flags or self.institutions or self.diet)
        blank = blank and not (self.coalition_consent or self.approval)
        object.__setattr__(self, "empty", blank and self.min_turn is None and self.max_turn is None)
        object.__setattr__(self, "mins", tuple((TRACK_INDEX[t], n) for t, n in self.minimum))
        object.__setattr__(self, "maxs", tuple((TRACK_INDEX[t], n) for t, n in self.maximum))
        object.__setattr__(self, "simple", not (self.institutions or self.diet or self.coalition_consent or self.approval))

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
    #: Tokyo's legal basis (see `law.BASES`); empty for other capitals
    basis: str = ""
    escalation: int = 0
    #: a deliberate use of force against another state: the only kind of option that may reach armed conflict
    force: bool = False
    #: the id of the deck's stated chance of an unplanned clash that this option runs at the brink
    clash: str = ""
    #: the kind of alliance step it is (see `law.ALLIANCE_KINDS`), which the rung may not yet allow
    alliance: str = ""
    #: a standing policy: turns before it may be taken again, and how often it may be taken in a game
    cooldown: int = 0
    limit: int = 0
    #: listed but always closed, with this reason: a limit the deck shows on purpose (what the law bars here)
    closed: str = ""

    @property
    def certain(self) -> bool:
        return self.odds is None or self.odds >= 100

    @property
    def csd(self) -> bool:
        """Collective self-defense: the use of force under the three new conditions, and nothing else."""
        return self.basis == "csd"


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
    #: a historical event: drawn at most once a game
    once: bool = False

    _by_role: dict[str, tuple[Option, ...]] = field(init=False, repr=False, eq=False)
    _by_key: dict[tuple[str, str], Option] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        roles = dict.fromkeys(r.role for r in self.responses)
        object.__setattr__(self, "_by_role", {role: tuple(r for r in self.responses if r.role == role) for role in roles})
        object.__setattr__(self, "_by_key", {(r.role, r.id): r for r in self.responses})

    def responses_for(self, role: str) -> tuple[Option, ...]:
        return self._by_role.get(role, ())

    def response(self, role: str, response_id: str) -> Option | None:
        return self._by_key.get((role, response_id))


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
    baseline_approval: int
    tracks: tuple[int, ...]
    institutions: tuple[tuple[str, Any], ...]
    flags: tuple[str, ...] = ()


@frozen
class Rules:
    poll_drift: int = 2
    collapse_approval: int = 20
    collapse_turns: int = 3
    rupture_cohesion: int = 10
    #: at this tension or worse an order may go to the Diet after the fact
    emergency_tension: int = 2
    #: what an order taken before the Diet's approval costs (an emergency order, approved after the fact)
    after_the_fact: Effect = NO_EFFECT
    #: legal bases whose orders need the Diet's approval first, with no emergency route (a political commitment)
    prior_only: tuple[str, ...] = ()


@frozen
class House:
    """One House of the Diet: its size and the ruling bloc's seats in it."""

    name: str  # "lower" or "upper"
    seats: int
    lead: int  # the leading governing party's seats
    partner: int = 0  # the coalition partner's seats
    #: seats of parties outside the ruling bloc that back an amendment (as the record stands at the start)
    supporters: int = 0

    @property
    def majority(self) -> int:
        return self.seats // 2 + 1

    @property
    def two_thirds(self) -> int:
        return -(-2 * self.seats // 3)


@frozen
class Diet:
    """The Diet's arithmetic at the start: the Houses, who governs, whether the partner brakes."""

    houses: tuple[House, ...]
    lead: str = "LDP"
    partner: str = "Komeito"
    #: the partner's seats count only while the coalition brake is in place (it is the braking partner)
    partner_brakes: bool = True


@frozen
class Election:
    """A scheduled election: the record's result, and how far approval moves it."""

    id: str
    turn: int
    house: str
    date: str
    up: int  # seats contested
    held: int  # the ruling bloc's seats among those up, before the vote (they leave with the vote)
    won: int  # what the ruling bloc won in the record
    approval: int  # cabinet approval around the election in the record
    per_point: int = 1  # seats won per point of approval above or below the record's
    spread: int = 5  # chance moves the result this many seats either way at most
    partner_won: int = 0  # of `won`, the partner's seats in the record
    partner_held: int = 0  # of `held`, the partner's seats
    size: int = 0  # the House's size after the vote, when a reform changes it (0: unchanged)
    sources: tuple[str, ...] = ()


@frozen
class Clash:
    """A stated chance of an unplanned clash when an option is run at the brink."""

    id: str
    text: str
    odds: int
    sources: tuple[str, ...] = ()


@frozen
class Alliance:
    """What the law lets the alliance build at each rung, and the ceilings on its gains."""

    #: per rung 0..3: the alliance kinds the law allows
    allows: tuple[tuple[str, ...], ...] = ()
    #: per rung 0..3: the interoperability and cohesion ceilings before any complementary step
    interop_cap: tuple[int, ...] = ()
    cohesion_cap: tuple[int, ...] = ()
    #: flags for the complementary steps (guidelines, command and control, force structure); each raises the ceilings
    steps: tuple[str, ...] = ()
    step_interop: int = 1
    step_cohesion: int = 4


@frozen
class Calendar:
    """When turn 1 is, and how long a turn lasts."""

    start: str = ""  # "YYYY-MM"
    months: int = 0  # months per turn; 0 when the deck gives no calendar

    def turn_of(self, date: str) -> int:
        """The turn whose months hold `date` ("YYYY" or "YYYY-MM"; a year alone is its January); 1 before the start."""
        if not self.start or not self.months or not date:
            return 1
        year, month = (int(x) for x in self.start.split("-"))
        parts = date.split("-")
        when = int(parts[0]) * 12 + (int(parts[1]) if len(parts) > 1 else 1) - 1
        return max(1, (when - (year * 12 + month - 1)) // self.months + 1)


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
    diet: Diet | None = None
    elections: tuple[Election, ...] = ()
    tension_names: tuple[str, ...] = ()
    clashes: tuple[Clash, ...] = ()
    alliance: Alliance | None = None
    calendar: Calendar = Calendar()
    format: int = 2
    content_hash: str = ""
    path: str = ""
    _cards_by_id: dict[str, Card] = field(init=False, repr=False, eq=False)
    _flags_by_name: dict[str, FlagDef] = field(init=False, repr=False, eq=False)
    _policies_by_role: dict[str, tuple[Option, ...]] = field(init=False, repr=False, eq=False)
    _event_flags: frozenset[str] = field(init=False, repr=False, eq=False)
    _policies_by_key: dict[tuple[str, str], Option] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_policies_by_key", {(p.role, p.id): p for p in self.policies})
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
        return self._policies_by_key.get((role, policy_id))

    def objective(self, role: str) -> Objective:
        for o in self.objectives:
            if o.role == role:
                return o
        return Objective(role, ())

    def tension_name(self, level: int) -> str:
        """The name of a tension level (1 armed conflict .. 5 calm, or as the deck names them)."""
        names = self.tension_names or TENSION_NAMES
        return names[max(1, min(len(names), level)) - 1]

    def clash_of(self, clash_id: str) -> Clash | None:
        for c in self.clashes:
            if c.id == clash_id:
                return c
        return None

    def election(self, election_id: str) -> Election | None:
        for e in self.elections:
            if e.id == election_id:
                return e
        return None

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

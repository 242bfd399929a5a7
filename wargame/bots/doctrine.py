"""Doctrine bots: priority rules per capital, in the manner of the Labyrinth and COIN solo bots.

A doctrine is an ordered list of rules. Vetoes come first and strike out
options the capital's doctrine forbids now (unless nothing would be left);
then the first preference whose condition holds and which favours at least
one remaining option decides, taking the favoured option with the best
expected gain for the role (by the deck's own objectives, odds-weighted).
Every choice carries the rule's one-line reason, so the log shows why.

The rules read only the seat's view and the deck's data (missions,
distances, escalation, effects, odds), never the card ids, so they play
any deck written in the documented format. They are cheap: no lookahead.
"""

from __future__ import annotations

from typing import Callable, Sequence

from attrs import field, frozen

from ..engine import HOLD, Action, GameState, open_actions
from ..engine.adjudicate import ceiling, odds_of, option_open
from ..engine.chance import mix
from ..engine.model import Deck, Effect, Option
from ..engine.tracks import BOUNDS, ROLE_NAMES, ROLES, TRACK_INDEX

WAR_AT = BOUNDS["tension"][0]


class Choice:
    """One allowed action with what the doctrine needs to know about it (a plain class: built per option per decision)."""

    __slots__ = ("action", "option", "p", "_ev", "_success", "_failure", "_state", "_role")

    def __init__(self, action: Action, option: Option | None, p: float, state: GameState, role: str) -> None:
        self.action = action
        self.option = option  # None for holding
        self.p = p  # chance of success, 0..1
        self._ev: float | None = None if option is not None else 0.0
        self._state = state
        self._role = role
        self._success, self._failure = _deltas(option) if option is not None else (_NONE, _NONE)

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
        return self.option is not None and flag in self.option.success.set_flags

    @property
    def mission(self) -> str:
        return self.option.mission if self.option else ""

    @property
    def distance(self) -> str:
        return self.option.distance if self.option else ""

    @property
    def escalation(self) -> int:
        return self.option.escalation if self.option else 0

    @property
    def csd(self) -> bool:
        return bool(self.option and self.option.csd)

    @property
    def basis(self) -> str:
        return self.option.basis if self.option else ""

    @property
    def force(self) -> bool:
        return bool(self.option and self.option.force)

    @property
    def clash(self) -> bool:
        return bool(self.option and self.option.clash)


_NONE: dict[str, int] = {}
#: per option (by id, the option kept alive): its success and failure deltas as dicts
_DELTAS: dict[int, tuple[Option, dict[str, int], dict[str, int]]] = {}


def _deltas(option: Option) -> tuple[dict[str, int], dict[str, int]]:
    found = _DELTAS.get(id(option))
    if found is None or found[0] is not option:
        found = _DELTAS[id(option)] = (option, dict(option.success.deltas), dict(option.failure.deltas))
    return found[1], found[2]


@frozen
class Context:
    """The decision as a doctrine sees it: the view, the seat and its open choices."""

    view: GameState
    seat: str
    choices: tuple[Choice, ...]
    phase: str  # "responses" or "policy"
    _others_worst: list[int] = field(factory=list, init=False, eq=False, repr=False)

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
        if not self._others_worst:
            self._others_worst.append(others_worst_tension(self.view, self.seat, self.phase))
        return self._others_worst[0]

    @property
    def rupture_line(self) -> int:
        return self.view.deck.rules.rupture_cohesion


Test = Callable[[Context], bool]
Favour = Callable[[Context, Choice], bool]
Key = Callable[[Context, Choice], float]


def always(_ctx: Context) -> bool:
    return True


@frozen
class Veto:
    """Strike out options the doctrine forbids while `when` holds."""

    reason: str
    exclude: Favour
    when: Test = always


@frozen
class Prefer:
    """While `when` holds, take the best of the options `favour` picks (by `key`, else expected gain)."""

    reason: str
    favour: Favour
    when: Test = always
    key: Key | None = None


@frozen
class Doctrine:
    role: str
    responses: tuple[Veto | Prefer, ...]
    policies: tuple[Veto | Prefer, ...]
    fallback: str = "best expected gain by the capital's objectives"


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
_CAPPED: dict[int, str] = {TRACK_INDEX["interop"]: "interop", TRACK_INDEX["cohesion"]: "cohesion"}
Terms = tuple[tuple[int, int, int, int, int, int, int], ...]
#: per (option id, deck id, role): the option and deck kept alive, and the effects compiled to plain numbers
_COMPILED: dict[tuple[int, int, str], tuple[Option, Deck, Terms, Terms]] = {}


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
    for action in actions:
        if not action.allowed:
            continue
        option = _option_of(view, action)
        if option is None:
            out.append(Choice(action, None, 1.0, view, seat))
            continue
        odds = odds_of(option, view)
        out.append(Choice(action, option, 1.0 if odds is None else odds / 100, view, seat))
    return tuple(out)


def _option_of(view: GameState, action: Action) -> Option | None:
    if action.kind == "respond" and view.card:
        return view.deck.card(view.card).response(action.actor, action.choice)
    if action.kind == "policy" and action.choice != HOLD:
        return _policies(view.deck).get((action.actor, action.choice))
    return None


#: per deck (by id, the deck kept alive): its policies by (role, id)
_POLICIES: dict[int, tuple[Deck, dict[tuple[str, str], Option]]] = {}


def _policies(deck: Deck) -> dict[tuple[str, str], Option]:
    found = _POLICIES.get(id(deck))
    if found is None or found[0] is not deck:
        found = _POLICIES[id(deck)] = (deck, {(p.role, p.id): p for p in deck.policies})
    return found[1]


def decide(doctrine: Doctrine, ctx: Context, salt: int | Callable[[], int]) -> tuple[Choice, str]:
    """Run the doctrine's rules over the open choices: the choice and the reason for it."""
    rules = doctrine.responses if ctx.phase == "responses" else doctrine.policies
    pool = list(ctx.choices)
    notes: list[str] = []
    for rule in rules:
        if isinstance(rule, Veto):
            if not rule.when(ctx):
                continue
            kept = [c for c in pool if not rule.exclude(ctx, c)]
            if kept and len(kept) < len(pool):
                pool = kept
                notes.append(rule.reason)
            continue
        if not rule.when(ctx):
            continue
        favoured = [c for c in pool if rule.favour(ctx, c)]
        if favoured:
            return _best(ctx, favoured, rule.key, salt), _say(rule.reason, notes)
    return _best(ctx, pool, None, salt), _say(doctrine.fallback, notes)


#: options within this much expected gain of the best count as equally good, and the doctrine varies among them
CLOSE = 1.0


def _best(ctx: Context, pool: list[Choice], key: Key | None, salt: int | Callable[[], int]) -> Choice:
    """The best by key, then by expected gain; among options about as good, a seeded pick.

    A doctrine that always takes the one highest figure plays like a lookup
    table (and a player learns to exploit it); options within `CLOSE` of the
    best are taken in turn, as a staff would vary its courses of action.
    """
    if len(pool) == 1:
        return pool[0]
    if key is not None:
        firsts = [round(key(ctx, c), 6) for c in pool]
        top_key = max(firsts)
        pool = [c for c, k in zip(pool, firsts) if k >= top_key - CLOSE * 0.5]
        if len(pool) == 1:
            return pool[0]
    evs = [round(c.ev, 6) for c in pool]
    top = max(evs)
    near = [c for c, e in zip(pool, evs) if e >= top - CLOSE]
    if len(near) == 1:
        return near[0]
    seed = salt() if callable(salt) else salt  # worked out only when options tie
    return near[mix(seed, len(near)) % len(near)]


def others_worst_tension(view: GameState, seat: str, phase: str) -> int:
    """The sum, over the other capitals still to move, of their open options' worst tension change.

    A bot does not see sealed choices; it judges its own option against
    what the others could choose now, so that two capitals choosing blind
    do not walk to the brink together by accident.
    """
    deck = view.deck
    total = 0
    if phase == "responses" and view.card:
        card = deck.card(view.card)
        others = [r for r in card.addresses if r != seat]
        for role in others:
            total += _worst_open(view, card.responses_for(role))
    elif phase == "policy":
        for role in ROLES:
            if role != seat and role not in view.acted:
                total += _worst_open(view, deck.policies_for(role))
    return total


def _worst_open(view: GameState, options: Sequence[Option]) -> int:
    worst = 0
    for option in options:
        if not option_open(option, view):
            continue
        for effect in (option.success, option.failure):
            for track, d in effect.deltas:
                if track == "tension" and d < worst:
                    worst = d
    return worst


def _say(reason: str, notes: list[str]) -> str:
    """The deciding rule, then the vetoes that struck options out (two at most, to keep one short line)."""
    if not notes:
        return reason
    more = f"; {len(notes) - 2} more" if len(notes) > 2 else ""
    return f"{reason} ({'; '.join(notes[:2])}{more})"


@frozen
class DoctrineBot:
    """Plays one capital by its doctrine; `kind` is "doctrine" for every capital."""

    seed: int = 0
    kind: str = field(default="doctrine", init=False)

    def choose(self, view: GameState, seat: str) -> tuple[Action, str]:
        return self.choose_among(view, seat, open_actions(view, seat))

    def choose_among(self, view: GameState, seat: str, actions: Sequence[Action]) -> tuple[Action, str]:
        """Choose from actions already listed by `legal_actions(view, seat)` or `open_actions` (saves listing twice)."""
        from .doctrines import DOCTRINES

        choices = choices_of(view, seat, actions)
        if not choices:
            raise ValueError(f"{seat} has no allowed action in the {view.phase} phase")
        phase = "responses" if choices[0].action.kind == "respond" else "policy"
        ctx = Context(view, seat, choices, phase)
        choice, reason = decide(DOCTRINES[seat], ctx, lambda: mix(self.seed, view.seed, view.seq))
        if choice.force and "deliberate" not in reason:
            reason += " (a deliberate use of force)"
        reason = f"{ROLE_NAMES[seat]} doctrine: {reason}"
        a = choice.action
        return Action(a.actor, a.kind, a.choice, a.value, rationale=reason, label=a.label), reason

"""Who moves and what is legal: `to_move`, `legal_actions` and the check `apply` makes.

Legality lives here alone: every closed action carries the reason that
closes it, and `apply` refuses an action with the same reason.
"""

from __future__ import annotations

from typing import Final

from .actions import HOLD, NEEDS_REASON, PARAMETRIC, Action, ActionKind, IllegalAction
from .adjudicate import gate_holds, gate_open, join_reasons, option_open, option_unmet
from .gates import card_gates, option_gates
from .lookups import card_of, policies_of, policy_of, response_of, responses_of
from .model import Card, Option
from .state import GameState
from .tracks import ARMED_CONFLICT, BOUNDS, CHANCE, FACILITATOR, ROLE_NAMES, ROLES, TRACK_INDEX, TRACK_LABELS, TRACKS


ROLLS: Final[tuple[Action, ...]] = tuple(Action(CHANCE, "roll", value=v, label=f"roll {v}") for v in range(1, 101))
PAUSED: Final = "the facilitator has paused the game"


# --- who moves ---------------------------------------------------------------------------


def _waiting_on(state: GameState) -> str:
    """Who must settle the head of the resolution queue: the facilitator or chance.

    In a semi-rigid game with a facilitator, a step to armed conflict (a use
    of force that would reach it, or an unplanned clash) is put to the white
    cell as a ruling before it takes effect.
    """
    kind, role, option_id = state.queue[0]
    semi_rigid = state.facilitated and state.mode == "semi-rigid"
    if kind == "clash":
        return FACILITATOR if semi_rigid else CHANCE
    option = _option(state, kind, role, option_id)
    if option is not None and state.facilitated and option.ruling == FACILITATOR:
        return FACILITATOR
    if option is not None and semi_rigid and _reaches_war(option, state):
        return FACILITATOR
    return CHANCE


def _reaches_war(option: Option, state: GameState) -> bool:
    """A use of force whose success would take tension to armed conflict from where it is."""
    if not option.force:
        return False
    drop = min((d for t, d in option.success.deltas if t == "tension"), default=0)
    return state.values[TRACK_INDEX["tension"]] + drop <= ARMED_CONFLICT


def to_move(state: GameState) -> tuple[str, ...]:
    """Who must act now: roles, the facilitator or chance; empty when over."""
    if state.end_reason is not None:  # state.over, without a Python call
        return ()
    if state.paused:
        return (FACILITATOR,)
    phase = state.phase
    if phase == "responses":
        card = card_of(state.deck, state.card) if state.card else None
        done = {s[0] for s in state.sealed}
        return tuple(r for r in card.addresses if r not in done) if card else ()
    if phase in ("event", "election"):
        return (CHANCE,)
    if phase in ("adjudication", "policy") and state.queue:
        return (_waiting_on(state),)
    if phase == "policy":
        for role in ROLES:
            if role not in state.acted:
                return (role,)
        return ()
    if phase in ("review", "turn_start"):
        return (FACILITATOR,)
    return ()


# --- what is legal -----------------------------------------------------------------------


def _closed(action: Action, reasons: list[tuple[str, str]]) -> Action:
    """The action, closed with every reason given (open when there are none)."""
    if not reasons:
        return action
    return Action(
        action.actor,
        action.kind,
        action.choice,
        action.value,
        allowed=False,
        reason=join_reasons(text for _, text in reasons),
        label=action.label,
        blocked_by=tuple(dict.fromkeys(cat for cat, _ in reasons)),
    )


#: per option (by id, the option kept alive): the action that offers it open, built once
_OPEN: Final[dict[int, tuple[Option, Action]]] = {}


def _open_action(kind: ActionKind, option: Option) -> Action:
    """The one open action built for an option."""
    found = _OPEN.get(id(option))
    if found is None or found[0] is not option:
        found = _OPEN[id(option)] = (option, Action(option.role, kind, option.id, label=option.label))
    return found[1]


def _option_action(state: GameState, kind: ActionKind, option: Option) -> Action:
    """An option offered as an action: open, or closed with every reason it fails."""
    if option_open(option, state):
        return _open_action(kind, option)
    return _closed(_open_action(kind, option), option_unmet(option, state))


def _option(state: GameState, kind: str, role: str, option_id: str) -> Option | None:
    """The option a queue entry or resolution names; a clash names the option that ran it."""
    if kind == "clash":
        kind = "response" if state.phase == "adjudication" else "policy"
    if kind == "response":
        return response_of(card_of(state.deck, state.card), role, option_id) if state.card else None
    return policy_of(state.deck, role, option_id)


#: the last state `eligible_cards` was asked about and its answer (the machine asks, then chance draws from the same state)
_LAST_ELIGIBLE: Final[list[tuple[GameState, list[Card]]]] = []


def eligible_cards(state: GameState) -> list[Card]:
    """Cards chance may draw now: those whose conditions hold, undrawn first; a one-off only once, and not before its date."""
    if _LAST_ELIGIBLE and _LAST_ELIGIBLE[0][0] is state:
        return list(_LAST_ELIGIBLE[0][1])
    cards = _eligible_cards(state)
    _LAST_ELIGIBLE[:] = [(state, cards)]
    return list(cards)


def _eligible_cards(state: GameState) -> list[Card]:
    drawn = state.drawn
    fitting = [
        g
        for g in card_gates(state.deck)
        if gate_holds(g.when, state)
        and not (g.once and g.id in drawn)
        and not (g.dated and g.turn > state.turn)  # a historical event not before its date
    ]
    # a card that answers a flag (protests after a forced vote) is fresh whenever its flag is set again
    fresh = [g.card for g in fitting if g.id not in drawn or g.answers_flag]
    return fresh or [g.card for g in fitting]


#: each role's "hold", built once
_HOLDS: Final[dict[str, Action]] = {role: Action(role, "policy", HOLD, label="Hold: no standing action this turn") for role in ROLES}


def _player_actions(state: GameState, role: str, choice: str | None = None, open_only: bool = False) -> list[Action]:
    """A role's responses or policies now; only the one named `choice` when given; only the open ones with `open_only`."""
    kind: ActionKind
    if state.phase == "responses" and state.card and role in to_move(state):
        options = responses_of(card_of(state.deck, state.card), role)
        kind = "respond"
    elif state.phase == "policy" and not state.queue and to_move(state) == (role,):
        options = policies_of(state.deck, role)
        kind = "policy"
    else:
        return []
    if choice is not None:
        options = tuple(o for o in options if o.id == choice)
    if open_only and choice is None:
        actions = [_open_action(kind, g.option) for g in option_gates(options) if gate_open(g, state)]
    elif open_only:
        actions = [_open_action(kind, o) for o in options if option_open(o, state)]
    else:
        actions = [_option_action(state, kind, o) for o in options]
    if kind == "policy" and (choice is None or choice == HOLD):
        actions.append(_HOLDS[role])
    return actions


#: each card's draw, built once (by the card's identity, checked, as `_OPEN` does)
_DRAWS: Final[dict[int, tuple[Card, Action]]] = {}


def _draw_action(card: Card) -> Action:
    found = _DRAWS.get(id(card))
    if found is None or found[0] is not card:
        found = _DRAWS[id(card)] = (card, Action(CHANCE, "draw", card.id, label=card.title))
    return found[1]


def _chance_actions(state: GameState) -> list[Action]:
    if state.phase == "event":
        return [_draw_action(c) for c in eligible_cards(state)]
    if state.phase == "election" or (state.queue and _waiting_on(state) == CHANCE):
        return list(ROLLS)
    return []


def _facilitator_actions(state: GameState, kind: ActionKind | None = None) -> list[Action]:
    """The white cell's actions now; only those of `kind` when given (the same rules, less work)."""
    if not state.facilitated:
        return []
    f = FACILITATOR
    actions: list[Action] = []
    if state.paused:
        return [Action(f, "resume", label="Resume the game")]
    if state.phase == "turn_start":
        for entry in state.msel:
            if entry.status == "pending" and entry.due <= state.turn:
                inject = next(i for i in state.deck.injects if i.id == entry.inject)
                actions.append(Action(f, "fire", inject.id, label=f"Fire inject {inject.id}"))
                delay = Action(f, "delay", inject.id, label=f"Delay inject {inject.id} by a turn")
                if state.turn >= state.last_turn:
                    delay = _closed(delay, [("turn", "no later turn to delay it to")])
                actions.append(delay)
                actions.append(Action(f, "skip", inject.id, label=f"Skip inject {inject.id}"))
    if state.phase == "review":
        actions.append(Action(f, "accept", label="Accept the adjudication"))
        for i, res in enumerate(state.resolutions):
            flip = 0 if res.success else 1
            actions.append(
                Action(f, "override", str(i), flip, label=f"Override: {res.role} {res.option} {'succeeds' if flip else 'fails'}")
            )
        if kind in (None, "set_track"):
            for track in TRACKS:
                actions.append(Action(f, "set_track", track, state.values[TRACK_INDEX[track]], label=f"Set {TRACK_LABELS[track]}"))
    if state.queue and _waiting_on(state) == FACILITATOR:
        actions.append(Action(f, "rule", value=1, label="Rule: it succeeds"))
        actions.append(Action(f, "rule", value=0, label="Rule: it fails"))
    next_event_turn = state.turn if state.phase in ("turn_start", "event") else state.turn + 1
    for card in state.deck.cards if kind in (None, "inject") else ():
        offer = Action(f, "inject", card.id, next_event_turn, label=f"Inject {card.title}")
        if next_event_turn > state.last_turn:
            offer = _closed(offer, [("turn", "no event phase is left in this game")])
        actions.append(offer)
    actions.append(Action(f, "pause", label="Pause the game"))
    undo = Action(f, "undo", label="Undo to the last reveal")
    if state.checkpoint is None:
        undo = _closed(undo, [("phase", "no reveal yet to go back to")])
    actions.append(undo)
    return actions


def legal_actions(state: GameState, actor: str) -> list[Action]:
    """Every action `actor` could take now, each `allowed` or closed with a `reason`."""
    return _candidates(state, actor)


def open_actions(state: GameState, actor: str) -> list[Action]:
    """The actions `legal_actions` lists as allowed, in the same order, without writing the closed ones' reasons.

    The same rules (bots and bulk play need only what they may take).
    """
    if state.end_reason is not None or state.paused:
        return []
    if actor in ROLES:
        return _player_actions(state, actor, open_only=True)
    return [a for a in _candidates(state, actor) if a.allowed]


def _candidates(state: GameState, actor: str, choice: str | None = None, kind: ActionKind | None = None) -> list[Action]:
    """`legal_actions`, optionally narrowed to one player choice or facilitator kind (the same rules, less work)."""
    if state.end_reason is not None:  # state.over, without a Python call
        return []
    if actor == FACILITATOR:
        return _facilitator_actions(state, kind)
    if actor == CHANCE:
        actions = _chance_actions(state)
    elif actor in ROLES:
        actions = _player_actions(state, actor, choice)
    else:
        return []
    if state.paused:
        return [_closed(a, [("pause", PAUSED)]) for a in actions]
    return actions


def _check(state: GameState, action: Action) -> None:
    """Raise IllegalAction unless `legal_actions` allows `action`."""
    if state.end_reason is not None:  # state.over, without a Python call
        raise IllegalAction("the game is over", action)
    candidates = _candidates(
        state,
        action.actor,
        choice=action.choice if action.actor in ROLES else None,
        kind=action.kind if action.actor == FACILITATOR else None,
    )
    if action.kind in PARAMETRIC:
        match = next((a for a in candidates if (a.kind, a.choice) == (action.kind, action.choice)), None)
    else:
        match = next((a for a in candidates if a.key == action.key), None)
    if match is None:
        raise IllegalAction(_why_absent(state, action), action)
    if not match.allowed:
        raise IllegalAction(match.reason, action)
    if action.kind == "roll" and not 1 <= action.value <= 100:
        raise IllegalAction(f"a roll is 1..100, not {action.value}", action)
    if action.kind == "set_track":
        low, high = BOUNDS[action.choice]
        if not low <= action.value <= high:
            raise IllegalAction(f"{TRACK_LABELS[action.choice]} must be {low}..{high}, not {action.value}", action)
    if action.kind == "inject" and not match.value <= action.value <= state.last_turn:
        raise IllegalAction(f"an inject can be scheduled for turns {match.value}..{state.last_turn}", action)
    if action.kind in NEEDS_REASON and not action.rationale.strip():
        raise IllegalAction(f"the facilitator must state a reason to {action.kind}", action)
    if action.actor in ROLES and state.facilitated and not action.rationale.strip():
        raise IllegalAction("a rationale is required in a facilitated game", action)


def _why_absent(state: GameState, action: Action) -> str:
    actor = action.actor
    if actor == FACILITATOR and not state.facilitated:
        return "this game has no facilitator seat"
    if actor not in ROLES and actor not in (FACILITATOR, CHANCE):
        return f"unknown actor {actor!r}"
    movers = to_move(state)
    if state.paused and actor != FACILITATOR:
        return PAUSED
    if actor in ROLES and actor not in movers:
        if state.phase == "responses" and state.sealed_by(actor):
            return f"{ROLE_NAMES[actor]} has already chosen a response this turn"
        if state.phase == "responses":
            return f"the card in play does not address {ROLE_NAMES[actor]}"
        waiting = ", ".join(ROLE_NAMES.get(m, m) for m in movers) or "nobody"
        return f"not {ROLE_NAMES[actor]}'s move in the {state.phase} phase (waiting on {waiting})"
    if actor == CHANCE and actor not in movers:
        return f"chance does not act in the {state.phase} phase now"
    return f"no action {action.kind} {action.choice!r} is open to {actor} in the {state.phase} phase"

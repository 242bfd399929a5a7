"""The turn state machine: who moves, what is legal, and `apply`.

States rest only where someone must decide (a role, the facilitator or
chance); everything automatic between two decisions happens inside `apply`
and is explained in its events. Legality lives in `legal_actions` alone:
`apply` looks the action up there and refuses it with the same reason.
"""

from __future__ import annotations

from typing import Any, Mapping

from attrs import evolve

from . import diet
from .actions import HOLD, NEEDS_REASON, PARAMETRIC, Action, ActionKind, Event, IllegalAction
from .adjudicate import after_the_fact, apply_effect, describe, explain_odds, holds, odds_of, option_open, option_unmet, tension_words
from .model import Card, Deck, Effect, Option
from .scoring import running_scores
from .state import GameState, MselEntry, Resolution, Snapshot, replace
from .tracks import (
    ARMED_CONFLICT,
    BOUNDS,
    CHANCE,
    CRISIS,
    END_REASONS,
    EndReason,
    FACILITATOR,
    MODES,
    ROLE_NAMES,
    HOUSE_LABELS,
    ROLES,
    TRACK_INDEX,
    TRACK_LABELS,
    TRACKS,
)

ROLLS: tuple[Action, ...] = tuple(Action(CHANCE, "roll", value=v, label=f"roll {v}") for v in range(1, 101))
PAUSED = "the facilitator has paused the game"


def new_game(
    deck: Deck,
    *,
    seed: int,
    scenario: str | None = None,
    seats: Mapping[str, Any] | None = None,
    mode: str = "rigid",
    turns: int | None = None,
    events: list[Event] | None = None,
) -> GameState:
    """A game at its first decision. `seats` may name a facilitator seat.

    Pass a list as `events` to receive what happened before that decision
    (the first turn's injects and the card they put in play).
    """
    if scenario is not None and scenario != deck.id:
        raise ValueError(f"deck {deck.id!r} holds scenario {deck.id!r}, not {scenario!r}")
    if mode not in MODES:
        raise ValueError(f"unknown adjudication mode {mode!r}: use one of {', '.join(MODES)}")
    last_turn = deck.start.turns if turns is None else int(turns)
    if not 1 <= last_turn <= 40:
        raise ValueError(f"turns must be 1..40, not {last_turn}")
    facilitated = seats is not None and str(seats.get(FACILITATOR, "off")).lower() not in ("off", "none", "false", "")
    state = GameState(
        deck=deck,
        seed=int(seed),
        mode=mode,
        facilitated=facilitated,
        last_turn=last_turn,
        turn=1,
        phase="turn_start",
        values=deck.start.tracks,
        institution_values=deck.start.institutions,
        flags=tuple(sorted(set(deck.start.flags))),
        msel=tuple(MselEntry(i.id, i.turn) for i in deck.injects),
        history=(deck.start.tracks,),
        seats=diet.start_seats(deck),
    )
    opening: list[Event] = [] if events is None else events
    opening.append(Event("turn", f"Turn 1 of {last_turn}"))
    return _advance(state, opening)


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
    if state.over:
        return ()
    if state.paused:
        return (FACILITATOR,)
    phase = state.phase
    if phase == "responses":
        card = state.deck.card(state.card) if state.card else None
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
        reason="; ".join(text for _, text in reasons),
        label=action.label,
        blocked_by=tuple(dict.fromkeys(cat for cat, _ in reasons)),
    )


#: per option (by id, the option kept alive): the action that offers it open, built once
_OPEN: dict[int, tuple[Option, Action]] = {}


def _option_action(state: GameState, kind: ActionKind, option: Option) -> Action:
    """An option offered as an action: the one open action built for it, or closed with every reason it fails."""
    found = _OPEN.get(id(option))
    if found is None or found[0] is not option:
        found = _OPEN[id(option)] = (option, Action(option.role, kind, option.id, label=option.label))
    if option_open(option, state):
        return found[1]
    return _closed(found[1], option_unmet(option, state))


def _option(state: GameState, kind: str, role: str, option_id: str) -> Option | None:
    """The option a queue entry or resolution names; a clash names the option that ran it."""
    if kind == "clash":
        kind = "response" if state.phase == "adjudication" else "policy"
    if kind == "response":
        return state.deck.card(state.card).response(role, option_id) if state.card else None
    return state.deck.policy(role, option_id)


def eligible_cards(state: GameState) -> list[Card]:
    """Cards chance may draw now: those whose conditions hold, undrawn first; a one-off only once, and not before its date."""
    calendar = state.deck.calendar
    fitting = [
        c
        for c in state.deck.cards
        if holds(c.when, state)
        and not (c.once and c.id in state.drawn)
        and not (c.once and c.date and calendar.turn_of(c.date) > state.turn)  # a historical event not before its date
    ]
    # a card that answers a flag (protests after a forced vote) is fresh whenever its flag is set again
    fresh = [c for c in fitting if c.id not in state.drawn or c.when.flags]
    return fresh or fitting


#: each role's "hold", built once
_HOLDS: dict[str, Action] = {role: Action(role, "policy", HOLD, label="Hold: no standing action this turn") for role in ROLES}


def _player_actions(state: GameState, role: str, choice: str | None = None, open_only: bool = False) -> list[Action]:
    """A role's responses or policies now; only the one named `choice` when given; only the open ones with `open_only`."""
    kind: ActionKind
    if state.phase == "responses" and state.card and role in to_move(state):
        options = state.deck.card(state.card).responses_for(role)
        kind = "respond"
    elif state.phase == "policy" and not state.queue and to_move(state) == (role,):
        options = state.deck.policies_for(role)
        kind = "policy"
    else:
        return []
    if choice is not None:
        options = tuple(o for o in options if o.id == choice)
    if open_only:
        actions = [_option_action(state, kind, o) for o in options if option_open(o, state)]
    else:
        actions = [_option_action(state, kind, o) for o in options]
    if kind == "policy" and (choice is None or choice == HOLD):
        actions.append(_HOLDS[role])
    return actions


def _chance_actions(state: GameState) -> list[Action]:
    if state.phase == "event":
        return [Action(CHANCE, "draw", c.id, label=c.title) for c in eligible_cards(state)]
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
    if state.over or state.paused:
        return []
    if actor in ROLES:
        return _player_actions(state, actor, open_only=True)
    return [a for a in _candidates(state, actor) if a.allowed]


def _candidates(state: GameState, actor: str, choice: str | None = None, kind: ActionKind | None = None) -> list[Action]:
    """`legal_actions`, optionally narrowed to one player choice or facilitator kind (the same rules, less work)."""
    if state.over:
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
    if state.over:
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


# --- apply -------------------------------------------------------------------------------


def apply(
    state: GameState, action: Action, *, explain: bool = True, trusted: bool = False
) -> tuple[GameState, list[Event]]:
    """The one way the game moves: a new state and the events that explain it.

    Bulk simulation may pass `explain=False` (no events are written) and
    `trusted=True` for an action just taken, allowed, from `legal_actions`
    of this state (the legality check is not repeated). Neither changes the
    resulting state.
    """
    if not trusted:
        _check(state, action)
    events: list[Event] | None = [] if explain else None
    state = _perform(state, action, events)
    state = replace(state, seq=state.seq + 1)
    return _advance(state, events), events if events is not None else []


def _perform(state: GameState, action: Action, events: list[Event] | None) -> GameState:
    kind = action.kind
    actor = action.actor
    if kind == "respond":
        if events is not None:
            events.append(Event("sealed", f"{ROLE_NAMES[actor]} has chosen a response (sealed)", actor))
        return replace(state, sealed=(*state.sealed, (actor, action.choice, action.rationale)))
    if kind == "policy":
        done = replace(state, acted=(*state.acted, actor))
        if action.choice == HOLD:
            if events is not None:
                events.append(Event("policy", f"{ROLE_NAMES[actor]} holds: no standing action", actor))
            return done
        option = state.deck.policy(actor, action.choice)
        assert option is not None
        text = f"{describe(option)}" + (f" (rationale: {action.rationale})" if action.rationale else "")
        if events is not None:
            events.append(Event("policy", text, actor))
        return replace(done, queue=(("policy", actor, option.id),))
    if kind == "draw":
        card = state.deck.card(action.choice)
        if events is not None:
            events.append(Event("draw", f"Event card: {card.title}", CHANCE))
        return _put_in_play(state, card, events)
    if kind == "roll":
        if state.phase == "election":
            return _hold_election(state, events, action.value)
        return _settle(state, events, roll=action.value)
    if kind == "rule":
        return _settle(state, events, ruling=(bool(action.value), action.rationale))
    return _perform_facilitator(state, action, events)


def _perform_facilitator(state: GameState, action: Action, events: list[Event] | None) -> GameState:
    kind, f, why = action.kind, FACILITATOR, action.rationale
    because = f" ({why})" if why else ""
    if kind == "pause":
        if events is not None:
            events.append(Event("pause", f"The facilitator pauses the game{because}", f))
        return replace(state, paused=True)
    if kind == "resume":
        if events is not None:
            events.append(Event("pause", "The facilitator resumes the game", f))
        return replace(state, paused=False)
    if kind == "inject":
        card = state.deck.card(action.choice)
        if events is not None:
            events.append(Event("inject", f"The facilitator schedules '{card.title}' for turn {action.value}{because}", f))
        return replace(state, scheduled=tuple(sorted((*state.scheduled, (action.value, card.id, f)))))
    if kind in ("fire", "delay", "skip"):
        return _msel_decision(state, action, events)
    if kind == "accept":
        if events is not None:
            events.append(Event("review", f"The facilitator accepts the adjudication{because}", f))
        return replace(state, phase="policy", before=None, track_overrides=())
    if kind == "override":
        i = int(action.choice)
        res = state.resolutions[i]
        changed = evolve(res, success=bool(action.value), override=why)
        outcome = "succeeds" if action.value else "fails"
        if events is not None:
            events.append(Event("override", f"The facilitator rules that {ROLE_NAMES[res.role]}'s {res.option} {outcome}: {why}", f))
        resolutions = (*state.resolutions[:i], changed, *state.resolutions[i + 1 :])
        return _recompute(replace(state, resolutions=resolutions), events)
    if kind == "set_track":
        if events is not None:
            events.append(Event("override", f"The facilitator sets {TRACK_LABELS[action.choice]} to {action.value}: {why}", f))
        overrides = (*state.track_overrides, (action.choice, action.value))
        return _recompute(replace(state, track_overrides=overrides), events)
    if kind == "undo":
        back = state.checkpoint
        assert back is not None
        if events is not None:
            events.append(Event("undo", f"The facilitator takes the game back to the reveal of turn {back.turn}: {why}", f))
        return replace(back, seq=state.seq, checkpoint=back)
    raise IllegalAction(f"unknown action kind {kind!r}", action)


def _msel_decision(state: GameState, action: Action, events: list[Event] | None) -> GameState:
    why = f" ({action.rationale})" if action.rationale else ""
    entries = []
    scheduled = state.scheduled
    for entry in state.msel:
        if entry.inject != action.choice:
            entries.append(entry)
        elif action.kind == "fire":
            inject = next(i for i in state.deck.injects if i.id == entry.inject)
            scheduled = tuple(sorted((*scheduled, (state.turn, inject.card, inject.id))))
            entries.append(evolve(entry, status="fired"))
            if events is not None:
                events.append(Event("inject", f"The facilitator fires inject {inject.id}{why}", FACILITATOR))
        elif action.kind == "delay":
            entries.append(evolve(entry, due=state.turn + 1))
            if events is not None:
                events.append(Event("inject", f"The facilitator delays inject {entry.inject} to turn {state.turn + 1}{why}", FACILITATOR))
        else:
            entries.append(evolve(entry, status="skipped"))
            if events is not None:
                events.append(Event("inject", f"The facilitator skips inject {entry.inject}{why}", FACILITATOR))
    return replace(state, msel=tuple(entries), scheduled=scheduled)


def _put_in_play(state: GameState, card: Card, events: list[Event] | None) -> GameState:
    drawn = state.drawn if card.id in state.drawn else (*state.drawn, card.id)
    state = replace(state, card=card.id, drawn=drawn, phase="responses", sealed=())
    return apply_effect(state, card.on_draw, events)


# --- resolution --------------------------------------------------------------------------


def _settle(
    state: GameState,
    events: list[Event] | None,
    roll: int | None = None,
    ruling: tuple[bool, str] | None = None,
) -> GameState:
    """Resolve the head of the queue with a roll, a ruling, or (neither) by itself."""
    kind, role, option_id = state.queue[0]
    option = _option(state, kind, role, option_id)
    assert option is not None
    if kind == "clash":
        return _settle_clash(state, option, events, roll, ruling)
    rest = state.queue[1:]
    gate = [] if option_open(option, state) else option_unmet(option, state)
    if gate:
        reason = "; ".join(text for _, text in gate)
        res = Resolution(kind, role, option.id, gate=reason, success=False)
        if events is not None:
            events.append(Event("gate", f"{describe(option)}: gate failed at adjudication: {reason}", role, res))
        return replace(state, queue=rest, resolutions=(*state.resolutions, res))
    if events is not None:
        events.append(Event("gate", f"{describe(option)}: gates pass", role))
    odds = odds_of(option, state)
    if ruling is not None:
        success, why = ruling
        if events is not None:
            events.append(Event("ruling", f"The facilitator rules it {'succeeds' if success else 'fails'}: {why}", FACILITATOR))
        res = Resolution(kind, role, option.id, odds=odds, ruled=why or "ruled", success=success)
    elif odds is None:
        res = Resolution(kind, role, option.id, success=True)
    else:
        assert roll is not None
        success = roll <= odds
        if events is not None:
            events.append(Event("odds", f"odds {odds}% ({explain_odds(option, state)})", role))
            events.append(Event("roll", f"roll {roll}: {'success' if success else 'failure'} (needs {odds} or less)", CHANCE))
        res = Resolution(kind, role, option.id, odds=odds, roll=roll, success=success)
    if events is not None:
        outcome = option.explain if res.success else "it fails"
        events.append(Event("outcome", f"{describe(option)}: {'success' if res.success else 'failure'} — {outcome}", role, res))
    emergency = after_the_fact(option, state)
    state = replace(state, queue=rest, resolutions=(*state.resolutions, res))
    if kind == "policy":
        state = _record_use(state, option)
    state = _take_effect(state, option, res.success, events)
    if emergency:
        if events is not None:
            events.append(Event("diet", "An emergency order before the Diet's approval: the Cabinet must seek it after the fact", role))
        state = apply_effect(state, state.deck.rules.after_the_fact, events, role)
    return _maybe_clash(state, kind, option, res.success, events)


def _cause(state: GameState, kind: str, option: Option) -> tuple[str, str, str, str]:
    """How war_by names an option: (kind, role, option id, the card of a response)."""
    return (kind, option.role, option.id, (state.card or "") if option.kind == "response" else "")


def _take_effect(state: GameState, option: Option, success: bool, events: list[Event] | None) -> GameState:
    cause = _cause(state, option.kind, option)
    effect = option.success if success else option.failure
    return apply_effect(state, effect, events, option.role, cause=cause, force=option.force and success)


def _record_use(state: GameState, option: Option) -> GameState:
    if not (option.cooldown or option.limit):
        return state
    used = [u for u in state.used if (u[0], u[1]) != (option.role, option.id)]
    times = next((u[2] for u in state.used if (u[0], u[1]) == (option.role, option.id)), 0)
    used.append((option.role, option.id, times + 1, state.turn))
    return replace(state, used=tuple(sorted(used)))


def _maybe_clash(state: GameState, kind: str, option: Option, success: bool, events: list[Event] | None) -> GameState:
    """An option run at the brink may bring an unplanned clash: chance (or the white cell) decides next."""
    tension = state.values[TRACK_INDEX["tension"]]
    if not (option.clash and success and ARMED_CONFLICT < tension <= CRISIS and not state.war_by):
        return state
    clash = state.deck.clash_of(option.clash)
    if clash is None:
        return state
    if events is not None:
        events.append(Event("clash", f"At {tension_words(state.deck, tension)}, {clash.text}: a {clash.odds}% chance of an unplanned clash", option.role))
    return replace(state, queue=(("clash", option.role, option.id), *state.queue))


def _settle_clash(
    state: GameState, option: Option, events: list[Event] | None, roll: int | None, ruling: tuple[bool, str] | None
) -> GameState:
    clash = state.deck.clash_of(option.clash)
    assert clash is not None
    rest = state.queue[1:]
    if ruling is not None:
        happens, why = ruling
        res = Resolution("clash", option.role, option.id, odds=clash.odds, ruled=why or "ruled", success=happens)
        if events is not None:
            events.append(Event("ruling", f"The facilitator rules that the clash {'happens' if happens else 'is avoided'}: {why}", FACILITATOR))
    else:
        assert roll is not None
        happens = roll <= clash.odds
        res = Resolution("clash", option.role, option.id, odds=clash.odds, roll=roll, success=happens)
        if events is not None:
            events.append(Event("roll", f"roll {roll}: {'a clash' if happens else 'no clash'} (a clash on {clash.odds} or less)", CHANCE))
    state = replace(state, queue=rest, resolutions=(*state.resolutions, res))
    if not happens:
        return state
    if events is not None:
        events.append(Event("outcome", f"An unplanned clash after {describe(option)}: {clash.text}", option.role, res))
    return _clash_effect(state, option, events)


def _clash_effect(state: GameState, option: Option, events: list[Event] | None) -> GameState:
    drop = ARMED_CONFLICT - state.values[TRACK_INDEX["tension"]]
    return apply_effect(state, Effect(deltas=(("tension", drop),)), events, option.role, cause=_cause(state, "clash", option), force=True)


def _needs_input(state: GameState) -> bool:
    kind, role, option_id = state.queue[0]
    if kind == "clash":
        return True
    option = _option(state, kind, role, option_id)
    assert option is not None
    if not option_open(option, state):
        return False
    if _waiting_on(state) == FACILITATOR:
        return True
    return odds_of(option, state) is not None


def _recompute(state: GameState, events: list[Event] | None) -> GameState:
    """Replay this adjudication's outcomes from the reveal, with the facilitator's changes."""
    before = state.before
    assert before is not None
    card = state.deck.card(state.card) if state.card else None
    fresh = replace(
        state, values=before.values, flags=before.flags, institution_values=before.institutions, war_by=before.war_by, seats=before.seats
    )
    for res in state.resolutions:
        option = card.response(res.role, res.option) if card else None
        if option is None or (res.gate and not res.override):
            continue
        if res.kind == "clash":
            if res.success:
                fresh = _clash_effect(fresh, option, None)
            continue
        fresh = _take_effect(fresh, option, res.success, None)
    fresh = _clear_event_flags(fresh)
    if state.track_overrides:
        values = list(fresh.values)
        for track, value in state.track_overrides:
            values[TRACK_INDEX[track]] = value
        fresh = replace(fresh, values=tuple(values))
    for track in TRACKS:
        old, new = state.values[TRACK_INDEX[track]], fresh.values[TRACK_INDEX[track]]
        if old != new:
            if events is not None:
                events.append(Event("effect", f"{TRACK_LABELS[track]} {old} → {new} ({new - old:+d})", FACILITATOR))
    return fresh


def _clear_event_flags(state: GameState) -> GameState:
    passing = state.deck.event_flags
    keep = tuple(f for f in state.flags if f not in passing)
    return state if keep == state.flags else replace(state, flags=keep)


# --- the automatic part of the machine ---------------------------------------------------


def _advance(state: GameState, events: list[Event] | None) -> GameState:
    """Run every automatic step until someone must decide."""
    while not state.over and not state.paused:
        phase = state.phase
        if phase == "turn_start":
            state = _turn_start(state, events)
            if state.phase == "turn_start":
                return state
        elif phase == "event":
            due = [s for s in state.scheduled if s[0] <= state.turn]
            if due:
                turn, card_id, source = due[0]
                scheduled = tuple(s for s in state.scheduled if s != due[0])
                card = state.deck.card(card_id)
                by = "the facilitator" if source == FACILITATOR else f"inject {source}"
                if events is not None:
                    events.append(Event("inject", f"Event card (from {by}): {card.title}", FACILITATOR))
                state = _put_in_play(replace(state, scheduled=scheduled), card, events)
            elif not eligible_cards(state):
                if events is not None:
                    events.append(Event("draw", "No event card can be drawn this turn", CHANCE))
                state = replace(state, phase="policy")
            else:
                return state
        elif phase == "responses":
            card = state.deck.card(state.card)  # type: ignore[arg-type]
            if len(state.sealed) < len(card.addresses):
                return state
            state = _reveal(state, card, events)
        elif phase in ("adjudication", "policy") and state.queue:
            if _needs_input(state):
                return state
            state = _settle(state, events)
        elif phase == "adjudication":
            state = _clear_event_flags(state)
            if state.mode == "semi-rigid" and state.facilitated:
                if events is not None:
                    events.append(Event("review", "Adjudication done: the facilitator reviews it", FACILITATOR))
                state = replace(state, phase="review")
            else:
                state = replace(state, phase="policy", before=None)
        elif phase == "review":
            return state
        elif phase == "policy":
            if len(state.acted) < len(ROLES):
                return state
            state = replace(state, phase="election" if diet.due_election(state) else "turn_end")
        elif phase == "election":
            election = diet.due_election(state)
            if election is not None:
                if events is not None:
                    events.append(Event("election", f"Election for the {HOUSE_LABELS[election.house]} ({election.date}): {election.up} seats contested"))
                return state
            state = replace(state, phase="turn_end")
        elif phase == "turn_end":
            state = _turn_end(state, events)
        else:  # pragma: no cover - game_over is caught by state.over
            return state
    return state


def _turn_start(state: GameState, events: list[Event] | None) -> GameState:
    if state.facilitated and any(e.status == "pending" and e.due <= state.turn for e in state.msel):
        return state  # the facilitator fires, delays or skips what is due
    entries, scheduled = [], state.scheduled
    for entry in state.msel:
        if entry.status != "pending" or entry.due > state.turn:
            entries.append(entry)
            continue
        inject = next(i for i in state.deck.injects if i.id == entry.inject)
        if inject.card in state.drawn or any(s[1] == inject.card for s in scheduled):
            entries.append(evolve(entry, status="skipped"))
            if events is not None:
                events.append(Event("inject", f"Inject {inject.id} does not fire: its card '{state.deck.card(inject.card).title}' has already been played", FACILITATOR))
            continue
        if inject.must_fire or holds(inject.trigger, state):
            scheduled = tuple(sorted((*scheduled, (state.turn, inject.card, inject.id))))
            entries.append(evolve(entry, status="fired"))
            if events is not None:
                events.append(Event("inject", f"Inject {inject.id} fires", FACILITATOR))
        else:
            entries.append(evolve(entry, status="skipped"))
            if events is not None:
                events.append(Event("inject", f"Inject {inject.id} does not fire: its trigger does not hold", FACILITATOR))
    state = replace(state, msel=tuple(entries), scheduled=scheduled, phase="event")
    if state.turn > 1:
        state = _poll_drift(state, events)
    return state


def _poll_drift(state: GameState, events: list[Event] | None) -> GameState:
    """Public support and cabinet approval drift back towards the era's baselines."""
    values = list(state.values)
    start, step = state.deck.start, state.deck.rules.poll_drift
    for track, baseline in (("support", start.baseline_support), ("approval", start.baseline_approval)):
        i = TRACK_INDEX[track]
        now = values[i]
        new = now + max(-step, min(step, baseline - now))
        if new != now:
            values[i] = new
            if events is not None:
                events.append(Event("polls", f"Polls drift towards {baseline}: {TRACK_LABELS[track]} {now} → {new}"))
    return state if tuple(values) == state.values else replace(state, values=tuple(values))


def _hold_election(state: GameState, events: list[Event] | None, roll: int) -> GameState:
    election = diet.due_election(state)
    assert election is not None
    seats, result = diet.hold_election(state, election, roll)
    state = replace(state, seats=seats, elections_held=(*state.elections_held, election.id))
    if events is not None:
        events.append(Event("roll", f"roll {roll}", CHANCE))
        events.append(Event("election", f"{HOUSE_LABELS[election.house]}: {result}; {diet.describe_house(state, election.house)}"))
        events.append(Event("election", f"The Diet: the ruling bloc {DIET_WORDS[diet.standing(state)]}"))
    return state


DIET_WORDS = {
    "supermajority": "holds two-thirds of both Houses (it may initiate an amendment)",
    "majority": "can pass bills",
    "hung": "cannot pass bills alone",
}


def _reveal(state: GameState, card: Card, events: list[Event] | None) -> GameState:
    choices = {role: (choice, why) for role, choice, why in state.sealed}
    for role in card.addresses:
        choice, why = choices[role]
        response = card.response(role, choice)
        label = response.label if response else choice
        if events is not None:
            events.append(Event("reveal", f"{ROLE_NAMES[role]} chose: {label}" + (f" (rationale: {why})" if why else ""), role))
    queue = tuple(("response", role, choices[role][0]) for role in card.addresses)
    before = Snapshot(state.values, state.flags, state.institution_values, state.war_by, state.seats)
    state = replace(state, phase="adjudication", queue=queue, resolutions=(), before=before, track_overrides=())
    return replace(state, checkpoint=replace(state, checkpoint=None))


def _turn_end(state: GameState, events: list[Event] | None) -> GameState:
    rules = state.deck.rules
    values = state.tracks
    low = state.low_approval_turns + 1 if values["approval"] <= rules.collapse_approval else 0
    at_war = values["tension"] <= BOUNDS["tension"][0] or bool(state.war_by)
    state = replace(state, low_approval_turns=low, history=(*state.history, state.values))
    if events is not None and low and not at_war:
        events.append(
            Event("collapse", f"Cabinet approval {values['approval']} is at or below {rules.collapse_approval}: turn {low} of {rules.collapse_turns} before the cabinet falls")
        )
    reason: EndReason | None = None
    if at_war:
        reason = "war"
    elif values["cohesion"] <= rules.rupture_cohesion:
        reason = "rupture"
    elif low >= rules.collapse_turns:
        reason = "collapse"
    elif state.turn >= state.last_turn:
        reason = "last_turn"
    if reason is None:
        if events is not None:
            events.append(Event("turn", f"Turn {state.turn + 1} of {state.last_turn}"))
        return replace(
            state, turn=state.turn + 1, phase="turn_start", card=None, sealed=(), queue=(), resolutions=(), acted=()
        )
    state = replace(state, phase="game_over", end_reason=reason, card=None, sealed=(), queue=(), acted=())
    scores = running_scores(state)
    if events is not None:
        blame = f" ({war_cause(state)})" if reason == "war" and state.war_by else ""
        events.append(Event("end", f"Game over: {END_REASONS[reason]}{blame}"))
        for _turn, card_id, source in state.scheduled:  # one card a turn: what waited its turn did not come
            by = "the facilitator" if source == FACILITATOR else f"inject {source}"
            events.append(Event("inject", f"'{state.deck.card(card_id).title}' ({by}) was never played: the game ended first", FACILITATOR))
    for role in ROLES:
        if events is not None:
            events.append(Event("score", f"{ROLE_NAMES[role]} scores {scores[role]}", role))
    return replace(state, final_scores=tuple((r, scores[r]) for r in ROLES), checkpoint=None)


def war_cause(state: GameState) -> str:
    """The step that reached armed conflict, in words: who took it, with which option."""
    parts = []
    for kind, role, option_id, card_id in state.war_by:
        card = state.deck.card(card_id) if card_id and state.deck.has_card(card_id) else None
        option = card.response(role, option_id) if card else state.deck.policy(role, option_id)
        label = option.label if option else option_id
        what = f"an unplanned clash after {ROLE_NAMES[role]}'s '{label}'" if kind == "clash" else f"{ROLE_NAMES[role]}'s '{label}'"
        parts.append(what)
    return "; ".join(parts) + (" took the step to armed conflict" if parts else "")

"""The turn state machine's entry points: `new_game` and `apply`.

States rest only where someone must decide (a role, the facilitator or
chance); everything automatic between two decisions happens inside `apply`
(see `phases`) and is explained in its events. Legality lives in
`legality.legal_actions` alone: `apply` looks the action up there and
refuses it with the same reason.
"""

from __future__ import annotations

from typing import Any, Mapping

from attrs import evolve

from . import diet
from .actions import HOLD, Action, Event, IllegalAction
from .adjudicate import describe
from .legality import _check
from .lookups import card_of, policy_of
from .model import Deck
from .phases import _advance, _hold_election, _put_in_play
from .resolution import _recompute, _settle
from .replacing import replace
from .state import GameState, MselEntry
from .tracks import CHANCE, FACILITATOR, MODES, ROLE_NAMES, TRACK_LABELS


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
    return _advance(state, events), events if events is not None else []


def _perform(state: GameState, action: Action, events: list[Event] | None) -> GameState:
    """The action's own change, with the step counted.

    The step is counted in the state a player's choice builds (one state,
    not two), and first for every other action: nothing an action does
    reads it, and undo keeps it.
    """
    kind = action.kind
    actor = action.actor
    seq = state.seq + 1
    if kind == "respond":
        if events is not None:
            events.append(Event("sealed", f"{ROLE_NAMES[actor]} has chosen a response (sealed)", actor))
        return replace(state, seq=seq, sealed=(*state.sealed, (actor, action.choice, action.rationale)))
    if kind == "policy":
        acted = (*state.acted, actor)
        if action.choice == HOLD:
            if events is not None:
                events.append(Event("policy", f"{ROLE_NAMES[actor]} holds: no standing action", actor))
            return replace(state, seq=seq, acted=acted)
        option = policy_of(state.deck, actor, action.choice)
        assert option is not None
        if events is not None:
            text = f"{describe(option)}" + (f" (rationale: {action.rationale})" if action.rationale else "")
            events.append(Event("policy", text, actor))
        return replace(state, seq=seq, acted=acted, queue=(("policy", actor, option.id),))
    state = replace(state, seq=seq)
    if kind == "draw":
        card = card_of(state.deck, action.choice)
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
        card = card_of(state.deck, action.choice)
        if events is not None:
            events.append(Event("msel", f"The facilitator schedules '{card.title}' for turn {action.value}{because}", f))
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
                events.append(Event("msel", f"The facilitator fires inject {inject.id}{why}", FACILITATOR))
        elif action.kind == "delay":
            entries.append(evolve(entry, due=state.turn + 1))
            if events is not None:
                events.append(Event("msel", f"The facilitator delays inject {entry.inject} to turn {state.turn + 1}{why}", FACILITATOR))
        else:
            entries.append(evolve(entry, status="skipped"))
            if events is not None:
                events.append(Event("msel", f"The facilitator skips inject {entry.inject}{why}", FACILITATOR))
    return replace(state, msel=tuple(entries), scheduled=scheduled)

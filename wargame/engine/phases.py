"""The automatic part of the machine: what happens between two decisions
(turn start, the card in play, the reveal, the election, the turn end and the
end of the game), explained in events.
"""

from __future__ import annotations

from attrs import evolve

from . import diet
from .actions import Event
from .adjudicate import apply_effect, holds
from .legality import eligible_cards
from .lookups import card_of, policy_of, response_of
from .model import Card
from .resolution import _clear_event_flags, _needs_input, _settle
from .scoring import running_scores
from .replacing import replace
from .state import GameState, Snapshot
from .tracks import (
    BOUNDS,
    CHANCE,
    END_REASONS,
    EndReason,
    FACILITATOR,
    ROLE_NAMES,
    HOUSE_LABELS,
    ROLES,
    TRACK_INDEX,
    TRACK_LABELS,
)


def _put_in_play(state: GameState, card: Card, events: list[Event] | None) -> GameState:
    drawn = state.drawn if card.id in state.drawn else (*state.drawn, card.id)
    state = replace(state, card=card.id, drawn=drawn, phase="responses", sealed=())
    return apply_effect(state, card.on_draw, events)


# --- the automatic part of the machine ---------------------------------------------------


def _advance(state: GameState, events: list[Event] | None) -> GameState:
    """Run every automatic step until someone must decide."""
    while state.end_reason is None and not state.paused:  # not over, without a Python call
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
                card = card_of(state.deck, card_id)
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
            card = card_of(state.deck, state.card)  # type: ignore[arg-type]
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
                events.append(Event("msel", f"Inject {inject.id} does not fire: its card '{card_of(state.deck, inject.card).title}' has already been played", FACILITATOR))
            continue
        if inject.must_fire or holds(inject.trigger, state):
            scheduled = tuple(sorted((*scheduled, (state.turn, inject.card, inject.id))))
            entries.append(evolve(entry, status="fired"))
            if events is not None:
                events.append(Event("msel", f"Inject {inject.id} fires", FACILITATOR))
        else:
            entries.append(evolve(entry, status="skipped"))
            if events is not None:
                events.append(Event("msel", f"Inject {inject.id} does not fire: its trigger does not hold", FACILITATOR))
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
        response = response_of(card, role, choice)
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
    counted = state.low_approval_turns
    low = counted + 1 if values["approval"] <= rules.collapse_approval else 0
    at_war = values["tension"] <= BOUNDS["tension"][0] or bool(state.war_by)
    state = replace(state, low_approval_turns=low, history=(*state.history, state.values))
    if events is not None and low and not at_war:
        events.append(
            Event(
                "collapse",
                f"Cabinet approval {values['approval']} is at or below the collapse line {rules.collapse_approval}: "
                f"turn {low} of {rules.collapse_turns} before the cabinet falls",
            )
        )
    elif events is not None and counted and not at_war:
        events.append(
            Event("collapse_clear", f"Cabinet approval {values['approval']} is back above the collapse line {rules.collapse_approval}: the count starts again")
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
            events.append(Event("msel", f"'{card_of(state.deck, card_id).title}' ({by}) was never played: the game ended first", FACILITATOR))
    for role in ROLES:
        if events is not None:
            events.append(Event("score", f"{ROLE_NAMES[role]} scores {scores[role]}", role))
    return replace(state, final_scores=tuple((r, scores[r]) for r in ROLES), checkpoint=None)


def war_cause(state: GameState) -> str:
    """The step that reached armed conflict, in words: who took it, with which option."""
    parts = []
    for kind, role, option_id, card_id in state.war_by:
        card = card_of(state.deck, card_id) if card_id and state.deck.has_card(card_id) else None
        option = response_of(card, role, option_id) if card else policy_of(state.deck, role, option_id)
        label = option.label if option else option_id
        what = f"an unplanned clash after {ROLE_NAMES[role]}'s '{label}'" if kind == "clash" else f"{ROLE_NAMES[role]}'s '{label}'"
        parts.append(what)
    return "; ".join(parts) + (" took the step to armed conflict" if parts else "")

"""Settling a resolution: gates, odds and rolls, effects, unplanned clashes, and the
recomputed derived state after each.
"""

from __future__ import annotations

from bisect import insort
from typing import Any, Final

from .actions import Event
from .adjudicate import (
    after_the_fact,
    apply_effect,
    describe,
    explain_odds,
    join_reasons,
    odds_of,
    option_open,
    option_unmet,
    outcome_words,
    tension_words,
)
from .legality import _option, _waiting_on
from .lookups import card_of, response_of
from .model import Effect, Option
from .replacing import replace
from .state import GameState, Resolution
from .tracks import ARMED_CONFLICT, CHANCE, CRISIS, FACILITATOR, TRACK_INDEX, TRACK_LABELS, TRACKS


# --- resolution --------------------------------------------------------------------------

#: resolutions built so far, by their fields: a frozen value, shared (attrs' __init__ runs in Python, ten times the rest)
_RESOLUTIONS: Final[dict[tuple[Any, ...], Resolution]] = {}
#: how many are kept before the cache starts afresh
_KEPT: Final = 100_000


def resolution(
    kind: str, role: str, option: str, *, gate: str = "", odds: int | None = None, roll: int | None = None, ruled: str = "", success: bool = False
) -> Resolution:
    """`Resolution(...)`, built once for each set of fields."""
    key = (kind, role, option, gate, odds, roll, ruled, success)
    found = _RESOLUTIONS.get(key)
    if found is None:
        if len(_RESOLUTIONS) >= _KEPT:
            _RESOLUTIONS.clear()
        found = _RESOLUTIONS[key] = Resolution(kind, role, option, gate=gate, odds=odds, roll=roll, ruled=ruled, success=success)
    return found


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
        reason = join_reasons(text for _, text in gate)
        res = resolution(kind, role, option.id, gate=reason, success=False)
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
        res = resolution(kind, role, option.id, odds=odds, ruled=why or "ruled", success=success)
    elif odds is None:
        res = resolution(kind, role, option.id, success=True)
    else:
        assert roll is not None
        success = roll <= odds
        if events is not None:
            events.append(Event("odds", f"odds {odds}% ({explain_odds(option, state)})", role))
            events.append(Event("roll", f"roll {roll}: {'success' if success else 'failure'} (needs {odds} or less)", CHANCE))
        res = resolution(kind, role, option.id, odds=odds, roll=roll, success=success)
    if events is not None:
        outcome = f"success — {option.explain}" if res.success else outcome_words(res)
        events.append(Event("outcome", f"{describe(option)}: {outcome}", role, res))
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
    role, option_id = option.role, option.id
    used: list[tuple[str, str, int, int]] = []
    times = -1
    for u in state.used:  # sorted, one entry an option
        if u[0] == role and u[1] == option_id:
            if times < 0:
                times = u[2]
        else:
            used.append(u)
    insort(used, (role, option_id, max(times, 0) + 1, state.turn))  # kept sorted, as sorted() would
    return replace(state, used=tuple(used))


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
        res = resolution("clash", option.role, option.id, odds=clash.odds, ruled=why or "ruled", success=happens)
        if events is not None:
            events.append(Event("ruling", f"The facilitator rules that the clash {'happens' if happens else 'is avoided'}: {why}", FACILITATOR))
    else:
        assert roll is not None
        happens = roll <= clash.odds
        res = resolution("clash", option.role, option.id, odds=clash.odds, roll=roll, success=happens)
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
    card = card_of(state.deck, state.card) if state.card else None
    fresh = replace(
        state, values=before.values, flags=before.flags, institution_values=before.institutions, war_by=before.war_by, seats=before.seats
    )
    for res in state.resolutions:
        option = response_of(card, res.role, res.option) if card else None
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

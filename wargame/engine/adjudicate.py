"""Gates, odds and effects: the arithmetic of adjudication, explained in words."""

from __future__ import annotations

from typing import Any

from .actions import Event
from .model import Effect, Option, Requirement
from .state import GameState, replace
from .tracks import (
    BOUNDS,
    HIGHS,
    INSTITUTION_LABELS,
    INSTITUTION_NAMES,
    LOWS,
    ROLE_NAMES,
    RUNG_NAMES,
    TRACK_INDEX,
    TRACK_LABELS,
)


def _rung(n: int) -> str:
    return f"rung {n}: {RUNG_NAMES[n]}"


def _min_reason(track: str, need: int, now: int) -> tuple[str, str]:
    if track == "rung":
        return "rung", f"needs {_rung(need)} (now {_rung(now)})"
    if track == "support":
        return "support", f"public support {now} < {need} needed"
    if track == "tension":
        return "tension", f"regional tension {now} is too high: needs {need} or calmer (5 calm, 1 war)"
    return "track", f"{TRACK_LABELS[track]} {now} < {need} needed"


def _max_reason(track: str, limit: int, now: int) -> tuple[str, str]:
    if track == "rung":
        return "rung", f"only up to {_rung(limit)} (now {_rung(now)})"
    if track == "support":
        return "support", f"public support {now} > {limit}: only when support is at most {limit}"
    if track == "tension":
        return "tension", f"regional tension {now} is too calm: only at {limit} or tenser (5 calm, 1 war)"
    return "track", f"{TRACK_LABELS[track]} {now} > {limit}: only at {limit} or below"


def _institution_reason(name: str, allowed: tuple[Any, ...], now: Any) -> str:
    if name == "coalition_brake":
        if True in allowed:
            return "needs the coalition brake in place (Komeito in the ruling coalition)"
        return "blocked by the coalition brake: Komeito, in the ruling coalition, will not consent"
    wanted = " or ".join(str(v) for v in allowed)
    return f"needs a {INSTITUTION_LABELS[name]} that is {wanted} (now {now})"


def unmet(req: Requirement, state: GameState) -> list[tuple[str, str]]:
    """Every part of `req` that `state` fails, as (category, reason in words)."""
    if req.empty:
        return []
    problems: list[tuple[str, str]] = []
    values = state.values
    for track, need in req.minimum:
        now = values[TRACK_INDEX[track]]
        if now < need:
            problems.append(_min_reason(track, need, now))
    for track, limit in req.maximum:
        now = values[TRACK_INDEX[track]]
        if now > limit:
            problems.append(_max_reason(track, limit, now))
    for flag in req.flags:
        if flag not in state.flags:
            problems.append(("flag", f"needs: {state.deck.flag(flag).text}"))
    for flag in req.not_flags:
        if flag in state.flags:
            problems.append(("flag", f"not while {state.deck.flag(flag).text}"))
    if req.institutions:
        current = dict(state.institution_values)
        for name, allowed in req.institutions:
            if current[name] not in allowed:
                problems.append(("institution", _institution_reason(name, allowed, current[name])))
    if req.min_turn is not None and state.turn < req.min_turn:
        problems.append(("turn", f"not before turn {req.min_turn}"))
    if req.max_turn is not None and state.turn > req.max_turn:
        problems.append(("turn", f"not after turn {req.max_turn}"))
    return problems


def holds(req: Requirement, state: GameState) -> bool:
    return req.empty or not unmet(req, state)


def odds_of(option: Option, state: GameState) -> int | None:
    """The option's chance of success in percent, or None when it is certain."""
    if option.certain:
        return None
    odds = option.odds or 0
    for m in option.modifiers:
        if m.track is not None:
            odds += m.per_point * max(0, state.values[TRACK_INDEX[m.track]] - m.above)
        elif m.flag is not None and m.flag in state.flags:
            odds += m.add
    return max(5, min(95, odds))


def explain_odds(option: Option, state: GameState) -> str:
    parts = [f"base {option.odds}%"]
    for m in option.modifiers:
        if m.track is not None:
            points = max(0, state.values[TRACK_INDEX[m.track]] - m.above)
            if points and m.per_point:
                parts.append(f"{m.per_point * points:+d} for {TRACK_LABELS[m.track]} {state.values[TRACK_INDEX[m.track]]}")
        elif m.flag is not None and m.flag in state.flags:
            parts.append(f"{m.add:+d} while {state.deck.flag(m.flag).text}")
    return ", ".join(parts)


def apply_effect(
    state: GameState, effect: Effect, events: list[Event] | None, actor: str = ""
) -> GameState:
    """Apply an effect, clamping tracks to their bounds; note who pushed tension to war."""
    if effect.empty:
        return state
    changes: dict[str, Any] = {}
    if effect.deltas:
        values = list(state.values)
        for track, delta in effect.deltas:
            i = TRACK_INDEX[track]
            old = values[i]
            new = min(HIGHS[i], max(LOWS[i], old + delta))
            values[i] = new
            if events is not None and new != old:
                events.append(Event("effect", f"{TRACK_LABELS[track]} {old} → {new} ({new - old:+d})", actor))
        changes["values"] = tuple(values)
        tension = values[TRACK_INDEX["tension"]]
        if tension <= BOUNDS["tension"][0] and state.war_by is None and actor:
            changes["war_by"] = actor
    if effect.set_flags or effect.clear_flags:
        flags = set(state.flags)
        for flag in effect.set_flags:
            if flag not in flags and events is not None:
                events.append(Event("flag", f"now: {state.deck.flag(flag).text}", actor))
            flags.add(flag)
        for flag in effect.clear_flags:
            if flag in flags and events is not None:
                events.append(Event("flag", f"no longer: {state.deck.flag(flag).text}", actor))
            flags.discard(flag)
        changes["flags"] = tuple(sorted(flags))
    if effect.institutions:
        current = dict(state.institution_values)
        for name, value in effect.institutions:
            if events is not None and current[name] != value:
                events.append(Event("institution", f"{INSTITUTION_LABELS[name]}: {current[name]} → {value}", actor))
            current[name] = value
        changes["institution_values"] = tuple((n, current[n]) for n in INSTITUTION_NAMES)
    return replace(state, **changes)


def describe(option: Option) -> str:
    who = ROLE_NAMES.get(option.role, option.role)
    return f"{who}: {option.label}"

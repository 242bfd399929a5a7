"""Gates, odds and effects: the arithmetic of adjudication, explained in words."""

from __future__ import annotations

from typing import Any, Final, Iterable

from . import diet
from .actions import Event
from .gates import OptionGate, RequirementGate, option_gate, requirement_gate
from .law import ALLIANCE_LABELS, BASES, PRIOR, COALITION_CONSENT
from .model import Deck, Effect, Option, Requirement
from .replacing import replace
from .state import GameState, Resolution
from .tracks import (
    ARMED_CONFLICT,
    CRISIS,
    HIGHS,
    INSTITUTION_LABELS,
    INSTITUTION_NAMES,
    LOWS,
    ROLE_NAMES,
    RUNG_NAMES,
    TRACK_INDEX,
    TRACK_LABELS,
)

_TENSION: Final = TRACK_INDEX["tension"]
_INTEROP: Final = TRACK_INDEX["interop"]
_COHESION: Final = TRACK_INDEX["cohesion"]
_RUNG: Final = TRACK_INDEX["rung"]
_BRAKE: Final = INSTITUTION_NAMES.index("coalition_brake")


def _rung(n: int) -> str:
    return f"rung {n}: {RUNG_NAMES[n]}"


def tension_words(deck: Deck, level: int) -> str:
    """'3 (confrontation)': a tension level with its name."""
    return f"{level} ({deck.tension_name(level)})"


def _min_reason(deck: Deck, track: str, need: int, now: int) -> tuple[str, str]:
    if track == "rung":
        return "rung", f"needs {_rung(need)} (now {_rung(now)})"
    if track == "support":
        return "support", f"public support {now} < {need} needed"
    if track == "approval":
        return "approval", f"cabinet approval {now} < {need} needed"
    if track == "tension":
        return "tension", f"tension is {tension_words(deck, now)}: only at {tension_words(deck, need)} or calmer"
    return "track", f"{TRACK_LABELS[track]} {now} < {need} needed"


def _max_reason(deck: Deck, track: str, limit: int, now: int) -> tuple[str, str]:
    if track == "rung":
        return "rung", f"only up to {_rung(limit)} (now {_rung(now)})"
    if track == "support":
        return "support", f"public support {now} > {limit}: only when support is at most {limit}"
    if track == "tension":
        return "tension", f"tension is {tension_words(deck, now)}: only at {tension_words(deck, limit)} or worse"
    return "track", f"{TRACK_LABELS[track]} {now} > {limit}: only at {limit} or below"


def _diet_reason(state: GameState, allowed: tuple[str, ...]) -> str:
    if allowed == ("supermajority",):
        wanted = "two-thirds of both Houses"
    elif allowed == ("both_houses",):
        wanted = "a majority in each House (the lower House cannot override an approval)"
    else:
        wanted = "a majority that can pass bills"
    if state.deck.diet is None:
        return f"needs {wanted} in the Diet"
    lower, upper = diet.describe_house(state, "lower"), diet.describe_house(state, "upper")
    return f"needs {wanted} in the Diet (House of Representatives: {lower}; House of Councillors: {upper})"


def _approval_missing(state: GameState, req: Requirement) -> bool:
    """Whether the order still needs the Diet's approval: not given, and prior approval only or no emergency.

    In an emergency (tension at the emergency line or worse) the order goes ahead and the Diet approves after the fact.
    """
    return req.approval not in state.flags and (req.approval_mode == PRIOR or state.values[_TENSION] > state.deck.rules.emergency_tension)


def _consent_missing(state: GameState, req: Requirement) -> bool:
    """Whether the coalition partner's consent is needed and not given (the brake in place)."""
    return req.coalition_consent and bool(state.institution_values[_BRAKE][1]) and COALITION_CONSENT not in state.flags


def _approval_reason(state: GameState, req: Requirement) -> str | None:
    """Why the Diet's approval is missing, or None when the order may go ahead."""
    if not _approval_missing(state, req):
        return None
    if req.approval_mode == PRIOR:
        return "needs the Diet's prior approval (there is no emergency route for this basis)"
    level = tension_words(state.deck, state.deck.rules.emergency_tension)
    return f"needs the Diet's prior approval (after the fact only in an emergency: tension {level} or worse)"


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
    deck = state.deck
    for track, need in req.minimum:
        now = values[TRACK_INDEX[track]]
        if now < need:
            problems.append(_min_reason(deck, track, need, now))
    for track, limit in req.maximum:
        now = values[TRACK_INDEX[track]]
        if now > limit:
            problems.append(_max_reason(deck, track, limit, now))
    for flag in req.flags:
        if flag not in state.flags:
            problems.append(("flag", f"needs: {state.deck.flag(flag).text}"))
    for flag in req.not_flags:
        if flag in state.flags:
            problems.append(("flag", f"ruled out now that {state.deck.flag(flag).text}"))
    if req.institutions:
        current = dict(state.institution_values)
        for name, allowed in req.institutions:
            if current[name] not in allowed:
                problems.append(("institution", _institution_reason(name, allowed, current[name])))
    if req.diet and not diet.meets(state, req.diet):
        problems.append(("diet", _diet_reason(state, req.diet)))
    if _consent_missing(state, req):
        partner = state.deck.diet.partner if state.deck.diet else "the coalition partner"
        problems.append(("coalition", f"{partner}, in the ruling coalition, has not agreed: negotiate with it first"))
    if req.approval:
        why = _approval_reason(state, req)
        if why:
            problems.append(("diet", why))
    if req.min_turn is not None and state.turn < req.min_turn:
        problems.append(("turn", f"not before turn {req.min_turn}"))
    if req.max_turn is not None and state.turn > req.max_turn:
        problems.append(("turn", f"not after turn {req.max_turn}"))
    return problems


def join_reasons(texts: Iterable[str]) -> str:
    """Reasons on one line: "; " between them, or a new sentence after a reason that is one.

    A deck's closed text may be a sentence with its full stop; the reason
    after it starts a sentence of its own, so the line never reads ".;". A
    last word with a stop inside it ("U.S.") or an ellipsis ends no sentence.
    """
    line = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if not line:
            line = text
        elif _ends_sentence(line):
            line += " " + text[0].upper() + text[1:]
        else:
            line += "; " + text
    return line


def _ends_sentence(text: str) -> bool:
    last_word = text.rsplit(" ", 1)[-1]
    return text.endswith(".") and not text.endswith("..") and "." not in last_word[:-1]


def holds(req: Requirement, state: GameState) -> bool:
    """Whether `req` holds: the hot path of legality, with no reason written (`unmet` says why when it fails)."""
    if req.empty:
        return True
    return gate_holds(requirement_gate(req), state)


def gate_holds(gate: RequirementGate, state: GameState) -> bool:
    """`holds` for a requirement's gate (`gates.requirement_gate`)."""
    if gate.empty:
        return True
    values = state.values
    for i, need in gate.mins:
        if values[i] < need:
            return False
    for i, limit in gate.maxs:
        if values[i] > limit:
            return False
    flags = state.flags
    for flag in gate.flags:
        if flag not in flags:
            return False
    for flag in gate.not_flags:
        if flag in flags:
            return False
    if gate.has_min_turn and state.turn < gate.min_turn:
        return False
    if gate.has_max_turn and state.turn > gate.max_turn:
        return False
    return gate.simple or _rest_holds(gate.req, state)


def _rest_holds(req: Requirement, state: GameState) -> bool:
    """The parts of `req` beyond tracks, flags and turns (institutions, the Diet, consent, approval): `unmet`'s tests, without its words."""
    for name, allowed in req.institutions:
        for held, now in state.institution_values:
            if held == name:
                if now not in allowed:
                    return False
                break
        else:
            raise KeyError(name)  # as `unmet` would: a deck names only known institutions
    if req.diet and not diet.meets(state, req.diet):
        return False
    if _consent_missing(state, req):
        return False
    return not (req.approval and _approval_missing(state, req))


def option_open(option: Option, state: GameState) -> bool:
    """Whether the option may be taken now (the same rules as `option_unmet`, without the words)."""
    return gate_open(option_gate(option), state)


def gate_open(gate: OptionGate, state: GameState) -> bool:
    """`option_open` for an option's gate (`gates.option_gate`)."""
    if gate.closed:
        return False
    if not gate.requires.empty and not gate_holds(gate.requires, state):
        return False
    if gate.alliance:
        alliance = state.deck.alliance
        if alliance is not None and alliance.allows and gate.alliance not in alliance.allows[state.values[_RUNG]]:
            return False
    if gate.cooldown or gate.limit:
        for role, option_id, times, last in state.used:
            if role == gate.role and option_id == gate.id:
                if gate.limit and times >= gate.limit:
                    return False
                if gate.cooldown and state.turn - last <= gate.cooldown:
                    return False
                break
    return True


def option_unmet(option: Option, state: GameState) -> list[tuple[str, str]]:
    """Every reason the option is closed now: its requirements, the alliance the law allows, its use so far."""
    problems = unmet(option.requires, state)
    if option.closed:
        problems.insert(0, ("closed", option.closed))
    alliance = state.deck.alliance
    if option.alliance and alliance is not None and alliance.allows:
        rung = state.values[_RUNG]
        if option.alliance not in alliance.allows[rung]:
            allowed = ", ".join(ALLIANCE_LABELS[k] for k in alliance.allows[rung]) or "no alliance step"
            problems.append(("rung", f"{ALLIANCE_LABELS[option.alliance]} are beyond what the law allows at {_rung(rung)} (it allows {allowed})"))
    if option.cooldown or option.limit:
        for role, option_id, times, last in state.used:
            if role == option.role and option_id == option.id:
                if option.limit and times >= option.limit:
                    problems.append(("limit", f"taken {times} time{'s' if times > 1 else ''} already: at most {option.limit} a game"))
                elif option.cooldown and state.turn - last <= option.cooldown:
                    problems.append(("limit", f"taken on turn {last}: not again before turn {last + option.cooldown + 1}"))
                break
    return problems


def after_the_fact(option: Option, state: GameState) -> bool:
    """The order goes ahead in an emergency, before the Diet has approved it."""
    req = option.requires
    return bool(req.approval) and req.approval not in state.flags and req.approval_mode != PRIOR


def ceiling(state: GameState, track: str) -> int | None:
    """The most the law and the alliance's arrangements let interoperability or cohesion reach now."""
    alliance = state.deck.alliance
    if alliance is None:
        return None
    caps = alliance.interop_cap if track == "interop" else alliance.cohesion_cap
    if not caps:
        return None
    steps = sum(1 for flag in alliance.steps if flag in state.flags)
    per_step = alliance.step_interop if track == "interop" else alliance.step_cohesion
    return caps[state.values[_RUNG]] + per_step * steps


def odds_of(option: Option, state: GameState) -> int | None:
    """The option's chance of success in percent, or None when it is certain."""
    if option.odds is None or option.odds >= 100:  # Option.certain, read here without a Python call
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
    state: GameState,
    effect: Effect,
    events: list[Event] | None,
    actor: str = "",
    *,
    cause: tuple[str, str, str, str] | None = None,
    force: bool = False,
) -> GameState:
    """Apply an effect, clamping tracks to their bounds and to what the law allows.

    Only a deliberate use of force (`force`) or an unplanned clash takes
    tension to armed conflict; anything else stops at crisis. Once a war
    has begun (`war_by`), nothing raises tension again: the turn's end
    checks end the game in war, and the board says so until then. Gains in
    interoperability and cohesion stop at the ceiling the rung and the
    alliance's complementary steps support. `cause` (kind, role, option id)
    is blamed when tension reaches armed conflict.
    """
    if effect.empty:
        return state
    changes: dict[str, Any] = {}
    if effect.deltas:
        values = list(state.values)
        for track, delta in effect.deltas:
            i = TRACK_INDEX[track]
            old = values[i]
            new = min(HIGHS[i], max(LOWS[i], old + delta))
            held = ""
            if i == _TENSION and new > old and state.war_by:
                new = old
                held = f"tension stays at {tension_words(state.deck, new)}: the war, once begun, is not undone before the turn ends it"
            elif i == _TENSION and new <= ARMED_CONFLICT < old and not force:
                new = max(new, CRISIS)
                held = f"tension stays at {tension_words(state.deck, new)}: only a deliberate use of force or an unplanned clash reaches armed conflict"
            elif i in (_INTEROP, _COHESION) and delta > 0:
                cap = ceiling(state, track)
                if cap is not None and new > max(old, cap):
                    new = max(old, cap)
                    held = f"{TRACK_LABELS[track]} held at {new}: the most the law and the alliance's arrangements support now"
            values[i] = new
            if events is not None and new != old:
                events.append(Event("effect", f"{TRACK_LABELS[track]} {old} → {new} ({new - old:+d})", actor))
            if events is not None and held:
                events.append(Event("effect", held, actor))
        changes["values"] = tuple(values)
        tension = values[_TENSION]
        if tension <= ARMED_CONFLICT < state.values[_TENSION] and not state.war_by and cause is not None:
            changes["war_by"] = (cause,)
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


def basis_label(option: Option) -> str:
    return BASES[option.basis].label if option.basis in BASES else ""


def describe(option: Option) -> str:
    who = ROLE_NAMES.get(option.role, option.role)
    return f"{who}: {option.label}"


def outcome_words(res: Resolution) -> str:
    """How a resolution came out and why, in words: 'failure (roll 100, needed 60 or less)'.

    The failure of an option is said with its roll or ruling, never with the
    option's own explanation, which tells what success brings.
    """
    word = "success" if res.success else "failure"
    if res.gate:
        return f"{word} (gate failed: {res.gate})"
    if res.override:
        return f"{word} (overridden by the facilitator: {res.override})"
    if res.ruled:
        return f"{word} (ruled by the facilitator)"
    if res.roll is not None:
        return f"{word} (roll {res.roll}, needed {res.odds} or less)"
    return word

"""The rules of the subject that every deck is held to, in one place a domain expert can review.

The reader checks the shape of a deck; these rules check what it says
against the law and the paper's argument (DOMAIN.md): front-line combat is
never offered; every capital a card addresses has a lawful way out (a
response that does not escalate and needs nothing); each Tokyo option rests
on the legal basis that covers its mission, and carries the gates that basis
brings (the rung, the situation, the Diet's approval); force is used only in
self-defense and never far from Japan; missions far from Japan need markedly
more public support than those near it; a card draw or a routine move never
takes tension to armed conflict, only a deliberate use of force or a stated
chance of a clash does; every capital can manage a crisis at the brink; a
braking coalition partner is asked before Japan climbs the ladder; every
legal basis's situation and approval can be had; no standing policy is a
free lunch; and every track is moved and read.
"""

from __future__ import annotations

from typing import Any, Protocol

from attrs import evolve

from ..engine.law import BASES, COALITION_CONSENT, PRIOR
from ..engine.model import Card, Diet, Effect, Objective, Option, Rules, Start
from ..engine.tracks import ARMED_CONFLICT, BOUNDS, CRISIS, FORBIDDEN_MISSIONS, ROLE_NAMES, ROLES, TRACKS

#: Missions that only some legal bases cover: the mission, the bases that may carry it, and why.
MISSION_BASES: dict[str, tuple[tuple[str, ...], str]] = {
    "asset_protection": (("asset_protection",), "asset protection of partner forces is SDF Law Art. 95-2 (not collective self-defense)"),
    "rescue_nationals": (
        ("protect_nationals", "transport_nationals", "political"),
        "rescuing Japanese nationals is SDF Law Art. 84-3 (protective measures) or 84-4 (transport), not collective self-defense",
    ),
    "use_of_force": (("individual_self_defense", "csd"), "the use of force is individual self-defense or, under the three new conditions, collective self-defense"),
}
#: Bases for rescuing one's own nationals, which a far-mission support gate does not fit.
NATIONALS_BASES = ("protect_nationals", "transport_nationals")
#: Missions that do not send the SDF anywhere, so distance does not touch public support.
NON_DEPLOYMENTS = ("diplomacy", "statement", "economic", "exercise", "crisis_management", "other")
#: A far deployment's `min_support` must reach the floor and beat every near one's by the margin.
FAR_SUPPORT_FLOOR = 45
FAR_SUPPORT_MARGIN = 15


class Reporter(Protocol):
    """What the rules need of the deck loader: where things are and a way to report."""

    where: str
    options_read: list[tuple[tuple[Any, ...], str, Option]]
    deployments: list[tuple[tuple[Any, ...], str, Option]]
    cards_read: list[tuple[tuple[Any, ...], str, Card]]
    declared_flags: set[str]
    flags_set: set[str]
    diet_named: list[tuple[tuple[Any, ...], str]]

    def problem(self, place: tuple[Any, ...], message: str, where: str | None = None, warning: bool = False) -> None: ...


def barred_mission(mission: str, allowed: tuple[str, ...]) -> str | None:
    """The problem with a mission that stays barred on every rung (front-line combat), or None."""
    if mission in FORBIDDEN_MISSIONS:
        return f"mission '{mission}' is not allowed: front-line combat stays barred on every rung; allowed: {', '.join(allowed)}"
    return None


def check_every_capital_can_answer(checker: Reporter, place: tuple[Any, ...], addresses: list[str], responses: list[Option]) -> None:
    """Each capital a card addresses has a real choice (3 responses at least) and a lawful way out."""
    for role in addresses:
        mine = [r for r in responses if r.role == role]
        if len(mine) < 3:
            checker.problem(place, f"{role} has {len(mine)} response{'s' if len(mine) != 1 else ''}: an addressed capital needs at least 3")
        if mine and not any(r.escalation == 0 and r.requires.empty for r in mine):
            checker.problem(place, f"{role} needs a non-escalatory response (escalation = 0) with no requires, a lawful way out")


def with_basis_gates(option: Option, prior_only: tuple[str, ...] = ()) -> Option:
    """The option with the gates its legal basis brings: the rung, the situation, the Diet's approval."""
    basis = BASES.get(option.basis)
    if basis is None or basis.id == "political":
        return option
    req = option.requires
    rung = max(req.min_of("rung") or 0, basis.min_rung)
    minimum = tuple((t, n) for t, n in req.minimum if t != "rung") + ((("rung", rung),) if rung else ())
    flags = tuple(dict.fromkeys((*req.flags, *basis.needs)))
    changes: dict[str, Any] = {"minimum": tuple(sorted(minimum, key=lambda p: TRACKS.index(p[0]))), "flags": flags}
    if basis.max_rung is not None:
        top = min(dict(req.maximum).get("rung", basis.max_rung), basis.max_rung)
        maximum = tuple((t, n) for t, n in req.maximum if t != "rung") + (("rung", top),)
        changes["maximum"] = tuple(sorted(maximum, key=lambda p: TRACKS.index(p[0])))
    if basis.diet:
        changes["approval"] = basis.approval_flag
        changes["approval_mode"] = PRIOR if basis.id in prior_only else basis.diet
    return evolve(option, requires=evolve(req, **changes))


def check_legal_gates(checker: Reporter, spec: dict[str, Any], place: tuple[Any, ...], option: Option) -> None:
    """Tokyo's options rest on the legal basis that covers them, as the law reads."""
    allowed = MISSION_BASES.get(option.mission)
    if allowed is not None and option.basis not in allowed[0]:
        checker.problem((*place, "basis") if "basis" in spec else place, f"basis '{option.basis}' does not fit mission '{option.mission}': {allowed[1]}; allowed: {', '.join(allowed[0])}")
    if option.mission == "minesweeping":
        wartime = option.escalation > 0
        want = "csd" if wartime else "mine_clearance"
        if option.basis != want:
            why = "minesweeping during hostilities is the use of force (the three new conditions)" if wartime else "minesweeping after a ceasefire is the removal of abandoned mines (SDF Law Art. 84-2), not the use of force"
            checker.problem((*place, "basis") if "basis" in spec else place, f"{why}: write basis = \"{want}\"")
    if option.force and option.basis not in ("individual_self_defense", "csd"):
        checker.problem((*place, "force"), f"Japan may use force only in self-defense: a force = true option rests on individual_self_defense or csd, not '{option.basis}'")
    if option.force and option.distance == "far":
        checker.problem((*place, "distance"), "dispatch abroad for the purpose of using force stays barred on every rung: a use of force far from Japan cannot be offered")
    # far missions that are the lawful way out (escalation 0) carry no requires at all;
    # rescuing one's own nationals is not a mission a far-mission support gate fits
    deploys = option.mission not in NON_DEPLOYMENTS and option.basis != "political"
    if deploys and option.basis not in NATIONALS_BASES and not (option.distance == "far" and option.escalation == 0):
        checker.deployments.append((place, checker.where, option))


def check_far_support(checker: Reporter) -> None:
    """Missions far from Japan need markedly more public support than those near it."""
    near = [(o.requires.min_of("support") or 0, o) for _, _, o in checker.deployments if o.distance != "far"]
    top, top_option = max(near, key=lambda pair: pair[0], default=(0, None))
    needed = max(FAR_SUPPORT_FLOOR, top + FAR_SUPPORT_MARGIN)
    for place, where, option in checker.deployments:
        if option.distance != "far":
            continue
        have = option.requires.min_of("support")
        if have is None or have < needed:
            near_one = f"; the highest near one asks {top}" if top_option is not None else ""
            checker.problem(
                (*place, "requires", "min_support"),
                f"a {option.mission} mission far from Japan with {'min_support = ' + str(have) if have is not None else 'no min_support'}: "
                f"far missions need markedly more public support than near ones; give requires.min_support = {needed} or more "
                f"(never under {FAR_SUPPORT_FLOOR}, and {FAR_SUPPORT_MARGIN} above every near mission{near_one})",
                where,
            )


def subject_rules(
    checker: Reporter,
    start: Start | None,
    rules: Rules,
    diet: Diet | None,
    cards: tuple[Card, ...],
    policies: tuple[Option, ...],
    objectives: tuple[Objective, ...],
) -> None:
    """Report every breach of the rules of the subject (cards and policies as built)."""
    _only_force_reaches_armed_conflict(checker, rules)
    _crisis_management_for_every_capital(checker, policies)
    _bases_can_be_met(checker)
    if start is not None:
        _brake_is_asked(checker, start, diet)
    if checker.diet_named and diet is None:
        place, where = checker.diet_named[0]
        checker.problem(place, "the requirement names the Diet's standing (diet = ...) but the deck gives no [diet] seats", where)
    _no_free_lunch(checker, objectives)
    _every_track_in_play(checker, cards, objectives)


def _drop(effect: Effect) -> int:
    return min((d for t, d in effect.deltas if t == "tension"), default=0)


def _lowest(req_min: int | None) -> int:
    """The lowest tension at which something can happen: the game ends at armed conflict."""
    return max(CRISIS, req_min or CRISIS)


def _only_force_reaches_armed_conflict(checker: Reporter, rules: Rules) -> None:
    for place, where, card in checker.cards_read:
        floor = _lowest(card.when.min_of("tension"))
        if floor + _drop(card.on_draw) <= ARMED_CONFLICT:
            checker.problem(
                (*place, "on_draw", "tension"),
                f"drawing the card could take tension from {floor} to armed conflict: a draw sets the problem and never starts a war "
                f"(give when.min_tension = {ARMED_CONFLICT + 1 - _drop(card.on_draw)} or move tension in the responses)",
                where,
            )
    for place, where, option in checker.options_read:
        if option.force:
            if option.escalation != 3:
                checker.problem((*place, "escalation"), "a deliberate use of force against another state is escalation = 3", where)
            continue
        floor = _lowest(option.requires.min_of("tension"))
        for key, effect in (("success", option.success), ("failure", option.failure)):
            if floor + _drop(effect) <= ARMED_CONFLICT:
                checker.problem(
                    (*place, key, "tension"),
                    f"the {option.kind} could take tension from {floor} to armed conflict, but it is not a use of force: only an option "
                    f"with force = true, or a stated clash, reaches armed conflict (give requires.min_tension = {ARMED_CONFLICT + 1 - _drop(effect)})",
                    where,
                )
    if _drop(rules.after_the_fact) < 0:
        checker.problem(("rules", "after_the_fact"), "the cost of an emergency order is political: it does not move tension", "rules")


def _open_at_crisis(option: Option) -> bool:
    low, high = option.requires.min_of("tension"), dict(option.requires.maximum).get("tension")
    return (low is None or low <= CRISIS) and (high is None or high >= CRISIS)


def _crisis_management_for_every_capital(checker: Reporter, policies: tuple[Option, ...]) -> None:
    for role in ROLES:
        calming = [p for p in policies if p.role == role and _open_at_crisis(p) and dict(p.success.deltas).get("tension", 0) > 0]
        if policies and not calming:
            checker.problem(
                ("policies",),
                f"{ROLE_NAMES[role]} has no crisis management: give it a standing policy open at tension {CRISIS} that lowers tension "
                "(a hotline, a leaders' call, a stand-down, mediation), with its odds and costs",
                "policies",
            )


def _bases_can_be_met(checker: Reporter) -> None:
    """Each situation, request and approval a basis needs is a declared flag that something can set."""
    for place, where, option in checker.options_read:
        basis = BASES.get(option.basis)
        if basis is None or option.closed:
            continue
        wanted = [(flag, True) for flag in basis.needs]
        if basis.approval_flag:
            wanted.append((basis.approval_flag, basis.diet == PRIOR))
        for flag, needed in wanted:
            if flag not in checker.declared_flags:
                checker.problem((*place, "basis"), f"basis '{option.basis}' needs the flag '{flag}' ({_what(flag)}): declare it in [flags]", where)
            elif needed and flag not in checker.flags_set:
                checker.problem((*place, "basis"), f"basis '{option.basis}' needs '{flag}' ({_what(flag)}), which nothing sets, so this can never open", where)


def _what(flag: str) -> str:
    for basis in BASES.values():
        if flag == basis.approval_flag:
            return f"the Diet's approval of orders for {basis.label}"
    return f"a condition of the legal basis"


def _brake_is_asked(checker: Reporter, start: Start, diet: Diet | None) -> None:
    braking = dict(start.institutions).get("coalition_brake") is True and (diet is None or diet.partner_brakes)
    if not braking:
        return
    asked = False
    for place, where, option in checker.options_read:
        climbs = dict(option.success.deltas).get("rung", 0) > 0
        if climbs and option.role == "tokyo":
            asked = True
            if not option.requires.coalition_consent:
                checker.problem(
                    (*place, "requires"),
                    "a step up the legal ladder while the coalition partner brakes needs its consent: add coalition_consent = true to requires",
                    where,
                )
    if asked and COALITION_CONSENT not in checker.flags_set:
        checker.problem(("flags",), f"ladder steps need the partner's consent, but nothing sets '{COALITION_CONSENT}': give Tokyo a way to negotiate it", "flags")


def _no_free_lunch(checker: Reporter, objectives: tuple[Objective, ...]) -> None:
    """A certain standing policy that costs its own capital nothing must be limited."""
    weights = {o.role: dict(o.weights) for o in objectives}
    for place, where, option in checker.options_read:
        if option.kind != "policy" or not option.certain or option.cooldown or option.limit:
            continue
        mine = weights.get(option.role, {})
        deltas = option.success.deltas
        gains = any(mine.get(t, 0) * d > 0 for t, d in deltas)
        costs = any(mine.get(t, 0) * d < 0 for t, d in deltas)
        if gains and not costs:
            checker.problem(
                place,
                "a certain policy that only gains is a free lunch: give it a cost, odds, a cooldown or a limit (once or a few times a game)",
                where,
            )


def _every_track_in_play(checker: Reporter, cards: tuple[Card, ...], objectives: tuple[Objective, ...]) -> None:
    """Warn about a track no option or event moves, or that no gate, odds, end condition or score reads."""
    moved: set[str] = set()
    read: set[str] = {"tension", "cohesion", "approval"}  # the end conditions read these
    options = [o for _, _, o in checker.options_read]
    for card in cards:
        moved.update(t for t, _ in card.on_draw.deltas)
        read.update(t for t, _ in (*card.when.minimum, *card.when.maximum))
    for option in options:
        for effect in (option.success, option.failure):
            moved.update(t for t, _ in effect.deltas)
        read.update(t for t, _ in (*option.requires.minimum, *option.requires.maximum))
        read.update(m.track for m in option.modifiers if m.track)
        if option.basis in BASES and BASES[option.basis].min_rung:
            read.add("rung")
    scored = {t for o in objectives for t, w in o.weights if w}
    for track in TRACKS:
        if BOUNDS[track][0] == BOUNDS[track][1]:
            continue
        if track not in moved:
            checker.problem(("start", "tracks"), f"nothing moves '{track}': no option or card changes it", "start", warning=True)
        if track not in read and track not in scored:
            checker.problem(("start", "tracks"), f"nothing reads '{track}': no gate, odds, end condition or score depends on it", "start", warning=True)
        elif track not in read:
            checker.problem(("start", "tracks"), f"only the scores read '{track}': no gate or odds depends on it", "start", warning=True)

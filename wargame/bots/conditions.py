"""The conditions doctrines are written in: when a rule applies, which options it favours, how it ranks them.

Each condition rests on the record the decks cite:
- Tokyo weighs public support and the legal rung before acting: opinion is
  wary of force and of missions far from Japan; a mission needs a statute
  (rung 2), not only a cabinet reading (rung 1); threats close to Japan
  rally opinion; strategic communications decide whether CSD reads as a
  contribution or as militarism.
- Washington asks for CSD contributions (asset protection needs a US
  request) and reassures on Article 5, welcomes each step up the ladder
  and builds interoperability.
- Beijing presses in the gray zone below the war threshold, attacks the
  "anti-China coalition" narrative when Japan acts far from home, and
  tells Japanese voters the choice is theirs when the ladder moves.
Conditions read option data (mission, distance, escalation, effects), so
they play any deck in the documented format. The doctrine book names them
(`TESTS`, `FAVOURS`, `KEYS`).
"""

from __future__ import annotations

from ..engine.adjudicate import holds
from ..engine.law import BASES
from ..engine.lookups import card_of, policy_of, response_of, responses_of
from ..engine.tracks import CRISIS, TRACK_INDEX
from .choices import WAR_AT, Choice, Context
from .ladder import is_ladder_step
from .rule_kinds import Favour, Key, Test

# --- shared tests --------------------------------------------------------------------------


def near_war(ctx: Context) -> bool:
    """One step from war: tension at 2 (5 calm, 1 war)."""
    return ctx.track("tension") <= WAR_AT + 1


def risks_war(ctx: Context, c: Choice) -> bool:
    """The option could take tension to armed conflict, judged with what the others could choose now.

    Only a use of force reaches armed conflict, or an unplanned clash when
    an option that runs one is taken at the brink: so a force option that
    would reach it, or a clash-running option when the others' worst open
    moves could leave tension at crisis.
    """
    tension = ctx.track("tension")
    if c.force and tension + c.worst("tension") <= WAR_AT:
        return True
    return c.clash and tension + ctx.others_worst_tension + c.worst("tension") <= CRISIS


def self_defense_now(ctx: Context) -> bool:
    """An armed attack on Japan has been recognised: the one case the doctrine uses force deliberately."""
    return ctx.flag("armed_attack")


def defends_japan(_ctx: Context, c: Choice) -> bool:
    return c.force and c.basis == "individual_self_defense"


def escalatory(_ctx: Context, c: Choice) -> bool:
    return c.escalation >= 2


def approval_low(ctx: Context) -> bool:
    """Cabinet approval is near the line below which the cabinet falls."""
    return ctx.track("approval") <= ctx.collapse_line + 8


def costs_approval(_ctx: Context, c: Choice) -> bool:
    return c.gain("approval") < 0


def raises_approval(_ctx: Context, c: Choice) -> bool:
    return c.gain("approval") > 0


def approval_key(_ctx: Context, c: Choice) -> float:
    return c.gain("approval")


def support_key(_ctx: Context, c: Choice) -> float:
    return c.gain("support")


def cohesion_low(ctx: Context) -> bool:
    return ctx.track("cohesion") <= ctx.rupture_line + 15


def raises_cohesion(_ctx: Context, c: Choice) -> bool:
    return c.gain("cohesion") > 0


def cohesion_key(_ctx: Context, c: Choice) -> float:
    return c.gain("cohesion")


# --- Tokyo ---------------------------------------------------------------------------------


def far_without_cushion(ctx: Context, c: Choice) -> bool:
    """A mission far from Japan while support for the security policy has no room to absorb a failure."""
    floor = ctx.view.deck.start.baseline_support - 8
    return c.distance == "far" and c.mission not in ("diplomacy", "statement", "economic") and (
        ctx.track("support") + c.worst("support") < floor
    )


def threat_at_home(_ctx: Context, c: Choice) -> bool:
    """Police power and defense close to Japan, which opinion backs."""
    return (
        c.distance in ("home", "near")
        and c.mission in ("maritime_security", "surveillance", "missile_defense", "search_rescue")
        and c.gain("support") > 0
    )


def ally_asks(ctx: Context) -> bool:
    return ctx.flag("us_request") and ctx.track("rung") >= 2


ALLY_BASES = ("asset_protection", "csd", "important_influence")


def lawful_help(ctx: Context, c: Choice) -> bool:
    """Help to the ally on a basis the law now opens, with approval to spare."""
    return c.basis in ALLY_BASES and not c.force and ctx.track("approval") + c.worst("approval") > ctx.collapse_line + 6


def ladder_step_affordable(ctx: Context, c: Choice) -> bool:
    return is_ladder_step(ctx.view.deck, c.option) and ctx.track("approval") + c.worst("approval") >= ctx.collapse_line + 10


def ladder_time(ctx: Context) -> bool:
    """Climb while approval has room and tension leaves room for politics."""
    return ctx.track("approval") >= ctx.collapse_line + 12 and not near_war(ctx)


def crisis_with_support(ctx: Context) -> bool:
    """A crisis near Japan (tension 3 or tenser) while approval has room to pay for a determination."""
    return ctx.track("tension") <= 3 and ctx.track("approval") >= ctx.collapse_line + 15


#: the flags of a situation the Cabinet determines, or of the Diet's approval of orders for it, by legal basis
SITUATION_FLAGS = frozenset(
    flag for b in BASES.values() if b.diet for flag in (*b.needs, b.approval_flag)
) | frozenset(("special_measures_law",))


def determines_situation(_ctx: Context, c: Choice) -> bool:
    """A Cabinet determination of a situation, or the Diet's approval of orders for it (any legal basis)."""
    return c.option is not None and not SITUATION_FLAGS.isdisjoint(c.option.success.set_flags)


def image_at_risk(ctx: Context) -> bool:
    return ctx.track("narrative") >= 45 or ctx.track("reputation") <= 45


def improves_image(_ctx: Context, c: Choice) -> bool:
    return c.gain("reputation") - c.gain("narrative") > 0


def image_key(_ctx: Context, c: Choice) -> float:
    return c.gain("reputation") - c.gain("narrative")


def calms(_ctx: Context, c: Choice) -> bool:
    return c.gain("tension") > 0


# --- Washington ----------------------------------------------------------------------------


def asks_contribution(_ctx: Context, c: Choice) -> bool:
    return c.sets("us_request") or c.gain("interop") > 0


def asks_asset_protection(_ctx: Context, c: Choice) -> bool:
    return c.sets("us_request")


def may_ask(ctx: Context) -> bool:
    return ctx.track("rung") >= 2 and not ctx.flag("us_request")


def welcomes_step(ctx: Context, c: Choice) -> bool:
    """An option open only because Japan has climbed, that builds trust."""
    if c.option is None:
        return False
    return any(t == "rung" and n >= 1 for t, n in c.option.requires.minimum) and c.gain("cohesion") > 0 and not c.sets(
        "us_request"
    )


def reassures_art5(_ctx: Context, c: Choice) -> bool:
    return c.sets("art5_senkaku")


def senkaku_pressure(ctx: Context) -> bool:
    return ctx.track("tension") <= 3


def builds_interop(_ctx: Context, c: Choice) -> bool:
    return c.gain("interop") > 0


# --- Beijing -------------------------------------------------------------------------------


def japan_far(ctx: Context) -> bool:
    """Japan acts, or may act, far from home: a far mission resolved this turn or open on the card."""
    view = ctx.view
    deck = view.deck
    for res in view.resolutions:
        if res.role != "tokyo" or not res.success:
            continue
        option = response_of(card_of(deck, view.card), "tokyo", res.option) if res.kind == "response" and view.card else None
        if option is None and res.kind == "policy":
            option = policy_of(deck, "tokyo", res.option)
        if option is not None and option.distance == "far" and option.mission not in ("diplomacy", "statement"):
            return True
    if ctx.phase == "responses" and view.card:
        for r in responses_of(card_of(deck, view.card), "tokyo"):
            if r.distance == "far" and r.mission not in ("diplomacy", "statement", "economic") and holds(r.requires, view):
                return True
    return "survival_threat" in view.flags


def attacks_narrative(_ctx: Context, c: Choice) -> bool:
    return c.gain("narrative") >= 2


def narrative_key(_ctx: Context, c: Choice) -> float:
    return c.gain("narrative")


def ladder_moving(ctx: Context) -> bool:
    flags = ctx.view.flags
    return "bill_submitted" in flags or "amendment_initiated" in flags or ctx.track("rung") > ctx.view.deck.start.tracks[TRACK_INDEX["rung"]]


def lowers_japanese_support(_ctx: Context, c: Choice) -> bool:
    return c.gain("support") < 0 and c.gain("narrative") > 0


def cabinet_weak(ctx: Context) -> bool:
    """Tokyo's cabinet is near the point where it could fall."""
    return ctx.track("approval") <= ctx.collapse_line + 10


def aims_at_japanese_opinion(_ctx: Context, c: Choice) -> bool:
    return c.gain("support") < 0 or c.gain("approval") < 0


def support_loss_key(_ctx: Context, c: Choice) -> float:
    return -c.gain("support") - c.gain("approval")


def gray_zone_room(ctx: Context) -> bool:
    return ctx.track("tension") >= WAR_AT + 2


def presses(ctx: Context, c: Choice) -> bool:
    """Gray-zone pressure: below the war threshold by construction (risks_war is vetoed)."""
    return c.mission == "gray_zone" or (c.gain("tension") < 0 and c.escalation <= 1)


#: when a rule applies, by the name the doctrine book gives it
TESTS: dict[str, Test] = {
    "near_war": near_war,
    "self_defense_now": self_defense_now,
    "approval_low": approval_low,
    "cohesion_low": cohesion_low,
    "ally_asks": ally_asks,
    "ladder_time": ladder_time,
    "crisis_with_support": crisis_with_support,
    "image_at_risk": image_at_risk,
    "may_ask": may_ask,
    "senkaku_pressure": senkaku_pressure,
    "japan_far": japan_far,
    "ladder_moving": ladder_moving,
    "cabinet_weak": cabinet_weak,
    "gray_zone_room": gray_zone_room,
}
#: which options a rule favours (a preference) or strikes out (a veto), by name
FAVOURS: dict[str, Favour] = {
    "risks_war": risks_war,
    "defends_japan": defends_japan,
    "escalatory": escalatory,
    "costs_approval": costs_approval,
    "raises_approval": raises_approval,
    "raises_cohesion": raises_cohesion,
    "far_without_cushion": far_without_cushion,
    "threat_at_home": threat_at_home,
    "lawful_help": lawful_help,
    "ladder_step_affordable": ladder_step_affordable,
    "determines_situation": determines_situation,
    "improves_image": improves_image,
    "calms": calms,
    "asks_contribution": asks_contribution,
    "asks_asset_protection": asks_asset_protection,
    "welcomes_step": welcomes_step,
    "reassures_art5": reassures_art5,
    "builds_interop": builds_interop,
    "attacks_narrative": attacks_narrative,
    "lowers_japanese_support": lowers_japanese_support,
    "aims_at_japanese_opinion": aims_at_japanese_opinion,
    "presses": presses,
}
#: how a preference ranks the options it favours, by name
KEYS: dict[str, Key] = {
    "approval_key": approval_key,
    "support_key": support_key,
    "cohesion_key": cohesion_key,
    "image_key": image_key,
    "narrative_key": narrative_key,
    "support_loss_key": support_loss_key,
}

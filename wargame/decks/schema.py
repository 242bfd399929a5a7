"""The shape of a deck file: its format, the keys each table allows, the patterns ids follow.

decks/README.md documents every name here (a test holds them in step).
"""

from __future__ import annotations

import re

from ..engine.tracks import INSTITUTION_NAMES, TRACKS

FORMAT = 2
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
FLAG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
DATE_PATTERN = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")

TOP_KEYS = (
    "format", "id", "title", "era", "description", "calendar", "escalation", "start", "rules", "diet", "elections",
    "alliance", "clashes", "objectives", "flags", "sources", "cards", "policies", "injects",
)
START_KEYS = ("turns", "baseline_support", "baseline_approval", "flags", "tracks", "institutions")
RULE_KEYS = ("poll_drift", "collapse_approval", "collapse_turns", "rupture_cohesion", "emergency_tension", "after_the_fact", "prior_only")
END_KEYS = ("war", "rupture", "collapse", "last_turn", "caused_war")
CARD_KEYS = ("id", "title", "text", "explain", "case", "date", "weight", "once", "addresses", "sources", "when", "on_draw", "responses")
OPTION_KEYS = (
    "role", "id", "label", "explain", "sources", "mission", "distance", "basis", "escalation", "force", "clash", "alliance",
    "cooldown", "limit", "closed", "odds", "requires", "modifiers", "success", "failure", "ruling",
)
DIET_KEYS = ("lead", "partner", "partner_brakes", "lower", "upper")
HOUSE_KEYS = ("seats", "lead", "partner", "supporters")
ELECTION_KEYS = (
    "id", "turn", "house", "date", "up", "held", "won", "approval", "per_point", "spread", "partner_won", "partner_held", "size", "sources",
)
CLASH_KEYS = ("id", "text", "odds", "sources")
ALLIANCE_KEYS = ("allows", "interop_cap", "cohesion_cap", "steps", "step_interop", "step_cohesion")
CALENDAR_KEYS = ("start", "months")
ESCALATION_KEYS = ("names",)
INJECT_KEYS = ("id", "turn", "card", "trigger", "expected", "learning", "must_fire")
SOURCE_KEYS = ("id", "cite", "url")
FLAG_KEYS = ("text", "scope")
REQUIRE_KEYS = tuple(f"{m}_{t}" for t in TRACKS for m in ("min", "max")) + (
    "flags", "not_flags", *INSTITUTION_NAMES, "diet", "coalition_consent", "min_turn", "max_turn",
)
EFFECT_KEYS = (*TRACKS, "set_flags", "clear_flags", "institutions")
MODIFIER_KEYS = ("track", "per_point", "above", "flag", "add")
MAX_TURNS = 40
#: text fields that may run over several lines (and hold tabs); no other field holds any control character
PROSE_KEYS = frozenset(("text", "explain", "description", "cite", "expected", "learning"))
#: entities named in a problem by their id: the top-level array, and what an entry is called
ENTITIES = {"cards": "card", "policies": "policy", "injects": "inject", "sources": "source"}


def allowed_keys(keys: tuple[str, ...]) -> str:
    """The allowed keys of a table; the min_/max_ pairs of requirements told in short."""
    if keys is REQUIRE_KEYS:
        return "min_<track>, max_<track> (tracks: " + ", ".join(TRACKS) + "), flags, not_flags, " + ", ".join(INSTITUTION_NAMES) + ", min_turn, max_turn"
    return ", ".join(keys)

"""The fixed vocabulary of the game: roles, tracks, institutions, phases.

Decks name these; the engine and the validator both read them from here,
so a new track or institution is added in one place.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

ROLES: Final[tuple[str, ...]] = ("tokyo", "washington", "beijing")
ROLE_NAMES: Final[dict[str, str]] = {"tokyo": "Tokyo", "washington": "Washington", "beijing": "Beijing"}
FACILITATOR: Final = "facilitator"
CHANCE: Final = "chance"
ACTORS: Final[tuple[str, ...]] = (*ROLES, FACILITATOR, CHANCE)

TRACKS: Final[tuple[str, ...]] = (
    "rung",
    "support",
    "approval",
    "cohesion",
    "tension",
    "narrative",
    "reputation",
    "interop",
    "manila",
    "canberra",
    "seoul",
    "delhi",
)
TRACK_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(TRACKS)}
BOUNDS: Final[dict[str, tuple[int, int]]] = {
    "rung": (0, 3),
    "support": (0, 100),
    "approval": (0, 100),
    "cohesion": (0, 100),
    "tension": (1, 5),
    "narrative": (0, 100),
    "reputation": (0, 100),
    "interop": (0, 5),
    "manila": (0, 5),
    "canberra": (0, 5),
    "seoul": (0, 5),
    "delhi": (0, 5),
}
LOWS: Final[tuple[int, ...]] = tuple(BOUNDS[name][0] for name in TRACKS)
HIGHS: Final[tuple[int, ...]] = tuple(BOUNDS[name][1] for name in TRACKS)
TRACK_LABELS: Final[dict[str, str]] = {
    "rung": "legal rung",
    "support": "public support",
    "approval": "cabinet approval",
    "cohesion": "alliance cohesion",
    "tension": "regional tension",
    "narrative": "coalition narrative",
    "reputation": "Japan's reputation",
    "interop": "interoperability",
    "manila": "partnership with Manila",
    "canberra": "partnership with Canberra",
    "seoul": "partnership with Seoul",
    "delhi": "partnership with New Delhi",
}
PARTNERS: Final[tuple[str, ...]] = ("manila", "canberra", "seoul", "delhi")

RUNG_NAMES: Final[tuple[str, ...]] = (
    "individual self-defense only",
    "cabinet reinterpretation",
    "security legislation in force",
    "Article 9 revised",
)

#: institutions held in the state; the Diet's standing is worked out from its seats (see `diet`)
INSTITUTIONS: Final[dict[str, tuple[object, ...]]] = {
    "coalition_brake": (True, False),
    "bureau": ("guardian", "aligned"),
}
INSTITUTION_NAMES: Final[tuple[str, ...]] = tuple(INSTITUTIONS)
INSTITUTION_LABELS: Final[dict[str, str]] = {
    "coalition_brake": "coalition brake",
    "diet": "Diet",
    "bureau": "Legislation Bureau",
}
#: what the ruling bloc can pass, from its seats: a requirement may name these (`diet = "majority"`);
#: "both_houses" is a majority in each House with no override, as the Diet's approval of a plan needs
DIET_STANDINGS: Final[tuple[str, ...]] = ("hung", "majority", "supermajority", "both_houses")
HOUSES: Final[tuple[str, ...]] = ("lower", "upper")
HOUSE_LABELS: Final[dict[str, str]] = {"lower": "House of Representatives", "upper": "House of Councillors"}
#: the tension levels' names when a deck does not name them (index 0 is tension 1)
TENSION_NAMES: Final[tuple[str, ...]] = ("armed conflict", "crisis", "confrontation", "friction", "calm")
ARMED_CONFLICT: Final = 1
CRISIS: Final = 2

MISSIONS: Final[tuple[str, ...]] = (
    "diplomacy",
    "statement",
    "maritime_security",
    "surveillance",
    "logistics",
    "search_rescue",
    "ship_inspection",
    "pko_rescue_escort",
    "pko_weapons_use",
    "rescue_nationals",
    "crisis_management",
    "missile_defense",
    "asset_protection",
    "use_of_force",
    "minesweeping",
    "exercise",
    "posture",
    "gray_zone",
    "economic",
    "other",
)
FORBIDDEN_MISSIONS: Final[tuple[str, ...]] = ("combat",)
DISTANCES: Final[tuple[str, ...]] = ("home", "near", "far")
FLAG_SCOPES: Final[tuple[str, ...]] = ("event", "game")
MODES: Final[tuple[str, ...]] = ("rigid", "semi-rigid")

#: the phases of a turn, in order (`game_over` once it ends)
Phase = Literal["turn_start", "event", "responses", "adjudication", "review", "policy", "election", "turn_end", "game_over"]
PHASES: Final[tuple[Phase, ...]] = get_args(Phase)
#: why a game ended
EndReason = Literal["war", "rupture", "collapse", "last_turn"]
END_REASONS: Final[dict[EndReason, str]] = {
    "war": "war: armed conflict",
    "rupture": "alliance rupture: cohesion collapsed",
    "collapse": "cabinet collapse: cabinet approval too low for too long",
    "last_turn": "the last turn was played",
}

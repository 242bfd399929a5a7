"""The fixed vocabulary of the game: roles, tracks, institutions, phases.

Decks name these; the engine and the validator both read them from here,
so a new track or institution is added in one place.
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("tokyo", "washington", "beijing")
ROLE_NAMES: dict[str, str] = {"tokyo": "Tokyo", "washington": "Washington", "beijing": "Beijing"}
FACILITATOR = "facilitator"
CHANCE = "chance"
ACTORS: tuple[str, ...] = (*ROLES, FACILITATOR, CHANCE)

TRACKS: tuple[str, ...] = (
    "rung",
    "support",
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
TRACK_INDEX: dict[str, int] = {name: i for i, name in enumerate(TRACKS)}
BOUNDS: dict[str, tuple[int, int]] = {
    "rung": (0, 3),
    "support": (0, 100),
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
LOWS: tuple[int, ...] = tuple(BOUNDS[name][0] for name in TRACKS)
HIGHS: tuple[int, ...] = tuple(BOUNDS[name][1] for name in TRACKS)
TRACK_LABELS: dict[str, str] = {
    "rung": "legal rung",
    "support": "public support",
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
PARTNERS: tuple[str, ...] = ("manila", "canberra", "seoul", "delhi")

RUNG_NAMES: tuple[str, ...] = (
    "individual self-defense only",
    "cabinet reinterpretation",
    "security legislation in force",
    "Article 9 revised",
)

INSTITUTIONS: dict[str, tuple[object, ...]] = {
    "coalition_brake": (True, False),
    "diet": ("hung", "majority", "supermajority"),
    "bureau": ("guardian", "aligned"),
}
INSTITUTION_NAMES: tuple[str, ...] = tuple(INSTITUTIONS)
INSTITUTION_LABELS: dict[str, str] = {
    "coalition_brake": "coalition brake",
    "diet": "Diet",
    "bureau": "Legislation Bureau",
}

MISSIONS: tuple[str, ...] = (
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
FORBIDDEN_MISSIONS: tuple[str, ...] = ("combat",)
DISTANCES: tuple[str, ...] = ("home", "near", "far")
FLAG_SCOPES: tuple[str, ...] = ("event", "game")
MODES: tuple[str, ...] = ("rigid", "semi-rigid")

PHASES: tuple[str, ...] = (
    "turn_start",
    "event",
    "responses",
    "adjudication",
    "review",
    "policy",
    "turn_end",
    "game_over",
)
END_REASONS: dict[str, str] = {
    "war": "war: regional tension reached 1",
    "rupture": "alliance rupture: cohesion collapsed",
    "collapse": "cabinet collapse: public support too low for too long",
    "last_turn": "the last turn was played",
}

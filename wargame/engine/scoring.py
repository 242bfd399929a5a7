"""Scores per role from the deck's objectives (see decks/README.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the state reads its scores from here; at run time this module needs only its fields
    from .state import GameState

from .tracks import ROLES, TRACK_INDEX


def role_score(state: GameState, role: str) -> int:
    objective = state.deck.objective(role)
    start = state.deck.start.tracks
    score = 0
    for track, weight in objective.weights:
        i = TRACK_INDEX[track]
        score += weight * (state.values[i] - start[i])
    if state.end_reason is not None:
        end = dict(objective.end)
        score += end.get(state.end_reason, 0)
        if state.end_reason == "war" and role in state.war_roles:
            score += end.get("caused_war", 0)
    return score


def running_scores(state: GameState) -> dict[str, int]:
    return {role: role_score(state, role) for role in ROLES}

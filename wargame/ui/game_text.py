"""The game screen in words: the heading (turn, date, phase, mode) and the prompt above the chooser."""

from __future__ import annotations

from ..engine import FACILITATOR, GameState, outlook, to_move
from ..engine.tracks import ROLE_NAMES, ROLES
from .safe import Text

PHASE_NAMES = {
    "turn_start": "turn start",
    "event": "event",
    "responses": "responses",
    "adjudication": "adjudication",
    "review": "review",
    "policy": "policy",
    "election": "election",
    "turn_end": "turn end",
    "game_over": "game over",
}


def heading(state: GameState) -> str:
    """'Turn 3/12 · April 2014 · responses · rigid': the screen's sub-title."""
    date = outlook.turn_date(state.deck, state.turn)
    return f"Turn {state.turn}/{state.last_turn}{' · ' + date if date else ''} · {PHASE_NAMES.get(state.phase, state.phase)} · {state.mode}"


def prompt_text(state: GameState, acting: str | None) -> Text:
    """Whose choice it is (`acting`), or what the game waits for: a capital, the white cell, a pause."""
    prompt = Text()
    if acting is not None:
        prompt.append(f" {ROLE_NAMES[acting]} ", style="bold reverse")
        if state.phase == "responses":
            prompt.append(" choose a response (sealed)")
        else:
            prompt.append(" one standing action, or hold")
        return prompt
    waiting = [ROLE_NAMES.get(a, a) for a in to_move(state) if a in ROLES]
    if state.paused:
        prompt.append("Paused by the white cell", style="bold italic")
        prompt.append("  (w: white cell)", style="dim")
    elif FACILITATOR in to_move(state):
        prompt.append("Waiting for the white cell", style="italic")
        prompt.append("  (w: white cell)", style="dim")
    else:
        prompt.append("Waiting for " + (", ".join(waiting) if waiting else "the next step"), style="italic")
        prompt.append("  (Space skips ahead)", style="dim")
    return prompt

"""The game screen in words: the heading (turn, date, phase, mode) and the prompt above the chooser.

Both are one line each and are never cut at 80 columns: the heading fits
the header's title space (`HEADING_WIDTH`), and the prompt the play column
beside the tracks (`PROMPT_WIDTH`); a hint that would not fit is left out,
never the words that say whose move it is. The fixed lines of the move
ticker (a bot's sealed move, `logbook.sealed_move`) fit `TICKER_WIDTH`.
"""

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

#: the header's title space at 80 columns (the header's icon and its right margin take the rest)
HEADING_WIDTH = 62
#: the play column at 80 columns: what is left of the board beside the track panel
PROMPT_WIDTH = 45
#: a line of the move ticker at 80 columns (the play column less the ticker's scrollbar)
TICKER_WIDTH = 43


def phase_name(phase: str) -> str:
    """A phase as the screens name it ('turn_end' is 'turn end'), the same wherever it is shown."""
    return PHASE_NAMES.get(phase, phase.replace("_", " "))


def heading(state: GameState) -> str:
    """'Turn 3/12 · Apr-Jun 2014 · responses · rigid': the game screen's title."""
    date = outlook.turn_date(state.deck, state.turn)
    return f"Turn {state.turn}/{state.last_turn}{' · ' + date if date else ''} · {phase_name(state.phase)} · {state.mode}"


def with_hint(text: Text, hint: str, width: int) -> Text:
    """`text`, and the dim key hint after it when both fit in `width` columns."""
    if text.cell_len + len(hint) <= width:
        text.append(hint, style="dim")
    return text


def prompt_text(state: GameState, acting: str | None, width: int = PROMPT_WIDTH) -> Text:
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
        return with_hint(prompt, "  (w: white cell)", width)
    if FACILITATOR in to_move(state):
        prompt.append("Waiting for the white cell", style="italic")
        return with_hint(prompt, "  (w: white cell)", width)
    prompt.append("Waiting for " + (", ".join(waiting) if waiting else "the next step"), style="italic")
    return with_hint(prompt, "  (Space skips)", width)

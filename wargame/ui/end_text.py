"""The end screen in words: why the game ended, the last turn's outcomes, and the scores per role with who played each."""

from __future__ import annotations

from rich.console import Group

from ..engine import outlook
from ..engine.tracks import END_REASONS, ROLE_NAMES, ROLES
from ..session import Session
from .outcome_text import last_outcomes_block
from .safe import Text


def summary_text(session: Session) -> Group:
    """The end reason, the last outcomes and the figures that ended the game (the last outcomes first, so
    the policy that ended a turn is read before the score), the scores (the winner marked), the keys for what
    next, and the history's heading."""
    state = session.state
    summary = Text()
    summary.append("Game over: ", style="bold")
    summary.append((END_REASONS[state.end_reason] if state.end_reason else "") + "\n", style="bold")
    summary.append(f"after turn {state.turn} of {state.last_turn} · {state.deck.id} · seed {state.seed}", style="dim")
    head, summary = summary, Text()
    detail = outlook.ending_detail(state)
    if detail:
        summary.append(detail + "\n", style="bold red" if state.end_reason in ("collapse", "rupture", "war") else "")
    scores = state.scores
    winner = state.winner
    summary.append("Scores\n", style="bold underline")
    for role in ROLES:
        seat = session.seats.get(role, "")
        who = "human" if seat == "human" else f"{seat} bot"
        summary.append(f"  {ROLE_NAMES[role]:<11}", style="bold")
        summary.append(f"{scores[role]:>5}")
        summary.append(f"  ({who})", style="dim")
        if role == winner:
            summary.append("  ← highest score", style="bold")
        summary.append("\n")
    if winner is None:
        summary.append("  A tie at the top.\n", style="italic")
    summary.append("Next: ", style="bold")
    summary.append("s save · p replay · w write the after-action report · r read it · n new game · Esc title · F1 help · q quit\n")
    summary.append("Track history (start, then each turn)", style="bold underline")
    return Group(head, last_outcomes_block(state), summary)

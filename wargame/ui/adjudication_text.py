"""The adjudication screen in words: the reveal, each step of the resolution, and the track changes."""

from __future__ import annotations

from ..engine import Event, GameState
from ..engine.tracks import TRACK_LABELS, TRACKS
from .records import AdjudicationRecord
from .safe import Text

MARKS = {"reveal": "▸ ", "odds": "  ", "roll": "  ", "effect": "    ", "flag": "    ", "institution": "    "}


def step_line(event: Event) -> Text:
    """One step of the adjudication, the deck's and players' words kept literal."""
    text = Text()
    if event.kind == "gate":
        failed = "gate failed" in event.text
        text.append("✗ " if failed else "✓ ", style="bold red" if failed else "bold green")
        text.append(event.text, style="red" if failed else "bold")
        return text
    if event.kind == "outcome":
        text.append("  = ", style="bold")
        text.append(event.text, style="bold" if ": success" in event.text else "")
        return text
    text.append(MARKS.get(event.kind, "  "))
    text.append(event.text, style="italic" if event.kind in ("odds", "roll") else "")
    return text


def changes(before: tuple[int, ...], after: GameState) -> dict[str, int]:
    """Each track that moved, by how much."""
    return {t: after.values[i] - before[i] for i, t in enumerate(TRACKS) if after.values[i] != before[i]}


def adjudication_text(record: AdjudicationRecord, state: GameState) -> Text:
    """The reveal, then the resolution in the card's order, then each track's change (`state` is after it)."""
    text = Text()
    title = state.deck.card(record.card).title if record.card else "the event"
    text.append(f"Adjudication of turn {record.turn}: ", style="bold")
    text.append(title + "\n", style="bold")
    reveals = [e for e in record.events if e.kind == "reveal"]
    steps = [e for e in record.events if e.kind != "reveal"]
    text.append("The reveal\n", style="bold underline")
    for event in reveals:
        text.append_text(step_line(event))
        text.append("\n")
    text.append("Resolution, in the card's order\n", style="bold underline")
    for event in steps:
        text.append_text(step_line(event))
        text.append("\n")
    delta = changes(record.before, state)
    text.append("Track changes\n", style="bold underline")
    if not delta:
        text.append("  none\n")
    for track, change in delta.items():
        i = TRACKS.index(track)
        text.append(f"  {TRACK_LABELS[track]} {record.before[i]} → {state.values[i]} ")
        text.append(f"({change:+d})\n", style="green" if change > 0 else "red")
    text.rstrip()
    return text

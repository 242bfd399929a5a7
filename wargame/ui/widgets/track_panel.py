"""The board: every track with its bounds, the legal rung by name, institutions and flags."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from textual.widgets import Static

from ...engine import GameState, outlook
from ...engine.tracks import BOUNDS, INSTITUTION_LABELS, PARTNERS, RUNG_NAMES, TRACK_LABELS
from ..safe import Text

#: short names for the narrow board
SHORT: dict[str, str] = {
    "support": "support",
    "approval": "approval",
    "cohesion": "cohesion",
    "tension": "tension",
    "narrative": "narrative",
    "reputation": "reputation",
    "interop": "interop",
    "manila": "Manila",
    "canberra": "Canberra",
    "seoul": "Seoul",
    "delhi": "New Delhi",
}
BAR = 7
#: from this many columns of content on, the board names tracks in full with their bounds
WIDE = 40


def bar(value: int, low: int, high: int, width: int = BAR) -> str:
    """A bar scaled to the track's bounds, so 35/100 and 2/5 read alike."""
    span = max(1, high - low)
    filled = round((value - low) * width / span)
    return "█" * filled + "░" * (width - filled)


def institution_text(name: str, value: object) -> str:
    if name == "coalition_brake":
        return "in place" if value else "gone"
    return str(value)


class TrackPanel(Static):
    """Tracks, institutions and standing flags of one state (a seat's view)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[GameState, dict[str, int]] | None = None

    def on_resize(self) -> None:
        if self.shown is not None:
            self.show(*self.shown)

    def show(self, state: GameState, changed: dict[str, int] | None = None) -> None:
        """Render `state`; `changed` maps tracks to their change, marked beside them."""
        changed = changed or {}
        self.shown = (state, changed)
        wide = self.content_size.width >= WIDE
        tracks = state.tracks
        text = Text()
        rung = tracks["rung"]
        text.append("Legal rung ", style="bold")
        text.append(f"{rung}/{BOUNDS['rung'][1]}", style="bold")
        text.append(self._delta(changed.get("rung")))
        text.append("\n")
        text.append(f" {RUNG_NAMES[rung]}\n", style="italic")
        for name in ("approval", "support", "cohesion", "tension", "narrative", "reputation", "interop"):
            low, high = BOUNDS[name]
            value = tracks[name]
            style = "bold red" if name == "tension" and value <= 2 else ""
            if wide:
                text.append(f"{TRACK_LABELS[name]:<19} ")
                text.append(bar(value, low, high, 10), style=style)
                text.append(f" {value:>3}", style="bold")
                text.append(f" {low}..{high}", style="dim")
            else:
                text.append(f"{SHORT[name]:<10} ")
                text.append(bar(value, low, high), style=style)
                text.append(f" {value:>3}", style="bold")
                text.append(f"/{high}", style="dim")
            text.append(self._delta(changed.get(name)))
            text.append("\n")
        text.append("Lines that end the game\n", style="bold")
        counting = state.low_approval_turns > 0
        text.append(f" {outlook.collapse_status(state)}\n", style="bold red" if counting else "")
        text.append(f" {outlook.rupture_status(state)}\n")
        text.append(f" tension {outlook.tension_status(state)}\n", style="bold red" if tracks["tension"] <= 2 else "")
        text.append("Partners ", style="bold")
        text.append("0..5\n", style="dim")
        for name in PARTNERS:
            value = tracks[name]
            text.append(f" {SHORT[name]:<10}{'●' * value}{'○' * (5 - value)}")
            text.append(self._delta(changed.get(name)))
            text.append("\n")
        text.append("Institutions\n", style="bold")
        for name, value in state.institutions.items():
            text.append(f" {INSTITUTION_LABELS[name]}: ")
            text.append(f"{institution_text(name, value)}\n", style="bold")
        for line in outlook.diet_status(state):
            text.append(f" {line}\n")
        if not state.flags:
            text.rstrip()
            self.update(text)
            return
        text.append("Now", style="bold")
        flags = Table.grid(padding=(0, 1, 0, 0))  # a flag's text wraps under itself, not under the bullet
        flags.add_column(width=2, justify="right")
        flags.add_column()
        for flag in state.flags:
            flags.add_row("•", Text(state.deck.flag(flag).text))
        self.update(Group(text, flags))

    @staticmethod
    def _delta(delta: int | None) -> Text:
        if not delta:
            return Text("")
        return Text(f" {delta:+d}", style="bold green" if delta > 0 else "bold red")


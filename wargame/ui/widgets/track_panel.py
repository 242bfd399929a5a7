"""The board: every track with its bounds, the legal rung by name, institutions and flags."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from textual.widgets import Static

from ...engine import GameState, outlook
from ...engine.tracks import BOUNDS, CRISIS, INSTITUTION_LABELS, PARTNERS, RUNG_NAMES, TRACK_LABELS
from ...sparklines import track_sparkline
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
#: from this many columns of content on, the board names tracks in full, with their last turn ends drawn
WIDE = 40
#: the wide board's bar, and how many of the last turn ends it draws beside it (as the end screen and report draw them)
WIDE_BAR = 6
RECENT = 5


def bar(value: int, low: int, high: int, width: int = BAR) -> str:
    """A bar scaled to the track's bounds, so 35/100 and 2/5 read alike."""
    span = max(1, high - low)
    filled = round((value - low) * width / span)
    return "█" * filled + "░" * (width - filled)


def institution_text(name: str, value: object) -> str:
    if name == "coalition_brake":
        return "in place" if value else "gone"
    return str(value)


def fitted(line: str, width: int) -> list[str]:
    """A line of the lines that end the game, broken after its last ': ' when it is wider than `width`,
    so the count or the distance is never split from itself ('... 3 turns:' then '2 of 3')."""
    head, sep, tail = line.rpartition(": ")
    if len(line) <= width or not sep:
        return [line]
    return [head + ":", tail]


def lines_grid(state: GameState, width: int) -> Table:
    """The lines that end the game, each wrapping under itself: collapse with its count, rupture, and tension."""
    grid = Table.grid()
    grid.add_column(width=1)
    grid.add_column()
    rows = (
        (outlook.collapse_status(state), outlook.collapse_near(state)),
        (outlook.rupture_status(state), outlook.rupture_at_turn_end(state)),
        (f"tension {outlook.tension_status(state)}", state.track("tension") <= CRISIS),
    )
    for line, near in rows:
        style = "bold red" if near else ""
        for part in fitted(line, width - 1):
            grid.add_row("", Text(part, style=style))
    return grid


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
            style = "bold red" if name == "tension" and value <= CRISIS else ""
            if wide:
                text.append(f"{TRACK_LABELS[name]:<19} ")
                text.append(bar(value, low, high, WIDE_BAR), style=style)
                text.append(f" {value:>3}", style="bold")
                text.append(f"{'/' + str(high):<4} ", style="dim")
                text.append(track_sparkline(state.history[-RECENT:], name), style="dim")
            else:
                text.append(f"{SHORT[name]:<10} ")
                text.append(bar(value, low, high), style=style)
                text.append(f" {value:>3}", style="bold")
                text.append(f"/{high}", style="dim")
            text.append(self._delta(changed.get(name)))
            text.append("\n")
        if wide:
            text.append(f" bars: now · ▁▃▅: the last {RECENT} turn ends\n", style="dim")
        text.append("Lines that end the game", style="bold")
        parts: list[Text | Table] = [text, lines_grid(state, self.content_size.width)]
        text = Text()
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
            self.update(Group(*parts, text))
            return
        text.append("Now", style="bold")
        flags = Table.grid(padding=(0, 1, 0, 0))  # a flag's text wraps under itself, not under the bullet
        flags.add_column(width=2, justify="right")
        flags.add_column()
        for flag in state.flags:
            flags.add_row("•", Text(state.deck.flag(flag).text))
        self.update(Group(*parts, text, flags))

    @staticmethod
    def _delta(delta: int | None) -> Text:
        if not delta:
            return Text("")
        return Text(f" {delta:+d}", style="bold green" if delta > 0 else "bold red")


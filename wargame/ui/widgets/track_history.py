"""Each track's history over the turns as a sparkline scaled to the track's bounds (drawn as the report draws it)."""

from __future__ import annotations

from textual.widgets import Static

from ...engine.tracks import TRACK_LABELS, TRACKS
from ...sparklines import track_sparkline
from ..safe import Text


class TrackHistory(Static):
    """`history` is `state.history`: the tracks at the start and after every turn."""

    def show(self, history: tuple[tuple[int, ...], ...]) -> None:
        text = Text()
        width = max(len(TRACK_LABELS[t]) for t in TRACKS)
        for i, track in enumerate(TRACKS):
            values = [row[i] for row in history]
            if i:
                text.append("\n")
            text.append(f"{TRACK_LABELS[track]:<{width}} ")
            text.append(track_sparkline(history, track), style="bold")
            first, last = values[0], values[-1]
            text.append(f" {first}→{last}", style="dim")
            if last != first:
                text.append(f" ({last - first:+d})", style="green" if last > first else "red")
        self.update(text)

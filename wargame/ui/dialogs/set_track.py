"""Set a track to a value in review (semi-rigid), with the stated reason."""

from __future__ import annotations

from attrs import evolve

from ...engine import Action, GameState
from ...engine.tracks import BOUNDS, TRACK_LABELS
from ..safe import Text
from .decision import DecisionDialog, NumberField


class SetTrackDialog(DecisionDialog):
    """Every track with its value and bounds; the value field follows the highlighted track."""

    def __init__(self, state: GameState, actions: list[Action]) -> None:
        self.actions = [a for a in actions if a.kind == "set_track" and a.allowed]
        choices = []
        for action in self.actions:
            low, high = BOUNDS[action.choice]
            label = Text(f"{TRACK_LABELS[action.choice]:<26}")
            label.append(f"{action.value:>3}", style="bold")
            label.append(f"  ({low}..{high})", style="dim")
            choices.append(label)
        first = self.actions[0] if self.actions else None
        low, high = BOUNDS[first.choice] if first else (0, 0)
        super().__init__(
            "Set a track",
            Text("The track takes this value after the turn's outcomes (it stands unless changed again in this review)."),
            choices=choices,
            number=NumberField("New value: ", first.value if first else 0, low, high),
            reason_required=True,
            reason_prompt="Reason (required): why the track should stand there",
        )

    def highlighted(self, index: int) -> None:
        if 0 <= index < len(self.actions):
            action = self.actions[index]
            low, high = BOUNDS[action.choice]
            self.number = NumberField("New value: ", action.value, low, high)
            self.set_number(action.value)

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        assert index is not None and number is not None
        return evolve(self.actions[index], value=number, rationale=reason)

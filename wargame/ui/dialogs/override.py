"""Override an adjudicated outcome in review (semi-rigid), with the stated reason."""

from __future__ import annotations

from ...engine import Action, GameState
from ..safe import Text
from ..whitecell import resolution_text
from .decision import DecisionDialog


class OverrideDialog(DecisionDialog):
    """Each outcome of the turn, offered flipped (success to failure or back); a reason is required."""

    def __init__(self, state: GameState, actions: list[Action]) -> None:
        self.actions = [a for a in actions if a.kind == "override" and a.allowed]
        choices = []
        for action in self.actions:
            label = resolution_text(state, state.resolutions[int(action.choice)])
            label.append("  → ")
            label.append("make it succeed" if action.value else "make it fail", style="bold")
            choices.append(label)
        super().__init__(
            "Override an outcome",
            Text("The effects of the turn are worked out again from the reveal with the new outcome."),
            choices=choices,
            reason_required=True,
            reason_prompt="Reason (required): why the rules' outcome does not stand",
        )

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        assert index is not None
        return self.actions[index].with_rationale(reason)

"""Rule for an institution nobody plays (a Diet vote, a Bureau opinion, a partner's consent), with a reason."""

from __future__ import annotations

from ...engine import Action, GameState
from ..whitecell import ruling_text
from .decision import DecisionDialog


class RuleDialog(DecisionDialog):
    """It succeeds or it fails, as the facilitator rules; a reason is required."""

    def __init__(self, state: GameState, actions: list[Action]) -> None:
        self.actions = sorted((a for a in actions if a.kind == "rule" and a.allowed), key=lambda a: -a.value)
        super().__init__(
            "Rule on the outcome",
            ruling_text(state),
            choices=["It succeeds" if a.value else "It fails" for a in self.actions],
            reason_required=True,
            reason_prompt="Reason (required): the ruling as the table will read it",
        )

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        assert index is not None
        return self.actions[index].with_rationale(reason)

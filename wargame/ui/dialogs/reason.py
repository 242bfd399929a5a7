"""A white-cell decision that needs only its reason: undo, skip or delay an inject, pause, accept."""

from __future__ import annotations

from ...engine import Action
from ...engine.actions import NEEDS_REASON
from ..safe import Text
from .decision import DecisionDialog


class ReasonDialog(DecisionDialog):
    """Confirms `action` with the reason typed; the reason is required where the rules require one."""

    def __init__(self, action: Action, heading: str, detail: Text | str = "") -> None:
        required = action.kind in NEEDS_REASON
        super().__init__(heading, detail, reason_required=required)
        self.action = action

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        return self.action.with_rationale(reason)

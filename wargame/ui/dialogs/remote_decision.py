"""A white cell's decision at a remote console: the number it needs and its reason, before it goes to the server."""

from __future__ import annotations

from typing import Any, Mapping

from ...engine import Action
from ...engine.actions import NEEDS_REASON
from .decision import DecisionDialog, NumberField

#: what each kind of white-cell action does, for the dialog's detail line
DOES = {
    "inject": "Puts the card in play on the turn given (now, or a later turn).",
    "fire": "Fires the inject that is due.",
    "delay": "Puts the due inject off by a turn.",
    "skip": "Drops the due inject.",
    "accept": "Accepts the adjudication as the rules gave it.",
    "override": "Turns the outcome around.",
    "set_track": "Sets the track to the value given.",
    "rule": "Rules the outcome the scenario leaves to the white cell.",
    "pause": "Pauses the game: no seat can decide until it resumes.",
    "resume": "Resumes the game.",
    "undo": "Undoes the game back to the last reveal.",
}


class RemoteDecisionDialog(DecisionDialog):
    """Confirms one of the white cell's actions as the server listed it; the answer is the Action, its reason as rationale.

    The bounds of a number are the server's to check: it refuses a value the
    rules do not allow, in their words, and the console shows the refusal.
    """

    def __init__(self, action: Mapping[str, Any], board: Mapping[str, Any]) -> None:
        kind = str(action.get("kind", ""))
        number = None
        if kind == "inject":
            turn = int(board.get("turn", 1))
            number = NumberField("Turn: ", int(action.get("value") or turn), turn, int(board.get("last_turn", turn)))
        elif kind == "set_track":
            current = int((board.get("tracks") or {}).get(str(action.get("choice")), 0))
            number = NumberField("Value: ", current, -999, 999)
        super().__init__(str(action.get("label") or kind), DOES.get(kind, ""), number=number, reason_required=kind in NEEDS_REASON)
        self.offered = dict(action)

    def decide(self, index: int | None, number: int | None, reason: str) -> Action | str:
        offered = dict(self.offered)
        if number is not None:
            offered["value"] = number
        return Action.from_dict(offered, rationale=reason)

"""Actions, events and the error `apply` raises.

An action is identified by who takes it, what kind it is, its choice and
its value. `allowed`, `reason` and `label` are what `legal_actions` tells
about it; `rationale` is what the player said. None of those four take
part in equality.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from attrs import evolve, field, frozen

#: every kind of action: a role's, chance's and the white cell's (below, with what each means)
ActionKind = Literal[
    "respond", "policy", "draw", "roll",
    "accept", "override", "set_track", "rule", "inject", "fire", "delay", "skip", "pause", "resume", "undo",
]  # fmt: skip
ACTION_KINDS: tuple[ActionKind, ...] = get_args(ActionKind)

#: kinds of action, by who takes them
PLAYER_KINDS: tuple[ActionKind, ...] = ("respond", "policy")
CHANCE_KINDS: tuple[ActionKind, ...] = ("draw", "roll")
FACILITATOR_KINDS: tuple[ActionKind, ...] = (
    "accept",  # review: accept the adjudication as it stands
    "override",  # review: set the outcome of resolution `choice` to `value` (1 success, 0 failure)
    "set_track",  # review: set track `choice` to `value`
    "rule",  # rule an outcome the scenario leaves to the facilitator: value 1 success, 0 failure
    "inject",  # schedule card `choice` for turn `value`
    "fire",  # MSEL: fire inject `choice` now
    "delay",  # MSEL: delay inject `choice` by one turn
    "skip",  # MSEL: skip inject `choice`
    "pause",
    "resume",
    "undo",  # back to the last reveal
)
#: facilitator actions that must carry a stated reason (in `rationale`)
NEEDS_REASON: tuple[ActionKind, ...] = ("override", "set_track", "rule", "skip", "undo")
#: actions whose `value` is chosen by the one acting, within bounds `apply` checks
PARAMETRIC: tuple[ActionKind, ...] = ("roll", "inject", "set_track")
HOLD = "hold"
#: the longest rationale a player may type (the TUI's fields stop there); the rules and saves
#: take a rationale of any length, so one written before the limit, or by a script, still loads
RATIONALE_LIMIT = 2000


def action_kind(text: str) -> ActionKind:
    """`text` as an action kind; ValueError if it names none."""
    for kind in ACTION_KINDS:
        if kind == text:
            return kind
    raise ValueError(f"unknown action kind {text!r}")


@frozen
class Action:
    actor: str
    kind: ActionKind
    choice: str = ""
    value: int = 0
    rationale: str = field(default="", eq=False)
    allowed: bool = field(default=True, eq=False)
    reason: str = field(default="", eq=False)
    label: str = field(default="", eq=False)
    #: what closed it, for analysis: "rung", "support", "flag", "institution", "tension", ...
    blocked_by: tuple[str, ...] = field(default=(), eq=False)

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.actor, self.kind, self.choice, self.value)

    def with_rationale(self, rationale: str) -> Action:
        return evolve(self, rationale=rationale)

    def to_dict(self) -> dict[str, Any]:
        """The action as plain data, for saves and JSON (rationale kept apart)."""
        data: dict[str, Any] = {"actor": self.actor, "kind": self.kind}
        if self.choice:
            data["choice"] = self.choice
        if self.value:
            data["value"] = self.value
        return data

    def offered(self) -> dict[str, Any]:
        """The action as it is offered, as plain data (JSON): what it is, its name, whether it is open and why not."""
        return {
            "actor": self.actor,
            "kind": self.kind,
            "choice": self.choice,
            "value": self.value,
            "label": self.label,
            "allowed": self.allowed,
            "reason": self.reason,
            "blocked_by": list(self.blocked_by),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], rationale: str = "") -> Action:
        return cls(
            actor=str(data["actor"]),
            kind=action_kind(str(data["kind"])),
            choice=str(data.get("choice", "")),
            value=int(data.get("value", 0)),
            rationale=rationale,
        )


@frozen
class Event:
    """One line of explanation: what happened and why, in plain words.

    An "outcome" or failed "gate" event also carries its `resolution`
    (gate, odds, roll, success), so reports need not recompute it.
    """

    kind: str
    text: str
    actor: str = ""
    resolution: Any = field(default=None, eq=False, repr=False)


class IllegalAction(ValueError):
    """An action that is not allowed now; `reason` says why in plain words."""

    def __init__(self, reason: str, action: Action | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.action = action

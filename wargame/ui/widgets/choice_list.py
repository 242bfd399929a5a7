"""The response (or policy) chooser: every option of the seat, closed ones greyed with their reason."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option as ListOption

from ...engine import Action, GameState
from ...engine.adjudicate import odds_of
from ...engine.model import Option
from ..safe import Text


def option_of(state: GameState, action: Action) -> Option | None:
    """The deck's response or policy behind an action, for its odds and explanation."""
    if action.kind == "respond" and state.card:
        return state.deck.card(state.card).response(action.actor, action.choice)
    if action.kind == "policy":
        return state.deck.policy(action.actor, action.choice)
    return None


def odds_label(state: GameState, option: Option | None) -> str:
    if option is None:
        return "certain"
    odds = odds_of(option, state)
    if option.ruling == "facilitator" and state.facilitated:
        return "the white cell rules"
    return "certain" if odds is None else f"odds {odds}%"


class ChoiceList(OptionList):
    """Lists `legal_actions` for one seat; the screen acts on OptionSelected with `action_at`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.actions: list[Action] = []

    def show(self, state: GameState, actions: list[Action]) -> None:
        self.actions = list(actions)
        self.clear_options()
        items = []
        for number, action in enumerate(self.actions, start=1):
            option = option_of(state, action)
            prompt = Text()
            prompt.append(f"{number}. ", style="bold" if action.allowed else "")
            prompt.append(action.label or action.choice)
            if action.allowed:
                if action.kind in ("respond", "policy"):
                    tags = [odds_label(state, option)]
                    if option is not None and option.csd:
                        tags.append("CSD")
                    prompt.append("  " + " · ".join(tags), style="dim")
            else:
                prompt.append("\n   closed: ", style="italic")
                prompt.append(action.reason, style="italic")
            items.append(ListOption(prompt, id=f"choice-{number}", disabled=not action.allowed))
        self.add_options(items)
        first = next((i for i, a in enumerate(self.actions) if a.allowed), None)
        self.highlighted = first
        self.call_after_refresh(self.show_from_top)

    def show_from_top(self) -> None:
        """Keep the closed options above the highlight in view when they fit."""
        self.scroll_to(y=0, animate=False, immediate=True)
        self.call_after_refresh(self.scroll_to_highlight)

    def action_at(self, index: int | None) -> Action | None:
        if index is None or not 0 <= index < len(self.actions):
            return None
        action = self.actions[index]
        return action if action.allowed else None

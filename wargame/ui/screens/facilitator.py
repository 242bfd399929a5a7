"""The white cell's decisions the game cannot go on without: MSEL injects, rulings, review.

A plain screen with the facilitator's full view; a fuller console can replace
it through `WargameApp.make_facilitator_screen`. It returns the chosen action
with its reason, and never applies it itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static

from ...engine import FACILITATOR, Action, legal_actions
from ...engine.actions import NEEDS_REASON
from ...engine.tracks import ROLE_NAMES
from ...session import Session
from ..widgets.choice_list import ChoiceList

#: the decisions offered here; the rest (inject, set_track, pause, undo) belong to a fuller console
KINDS = ("resume", "fire", "delay", "skip", "rule", "accept", "override")


class FacilitatorScreen(Screen[Action | None]):
    CSS_PATH = "screens.tcss"
    BINDINGS = [
        Binding("escape", "app.leave_game", "Leave game"),
        Binding("l", "app.show_log", "Log"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="white-cell"):
            with VerticalScroll(id="wc-context"):
                yield Static(self.context(), id="wc-text")
            yield ChoiceList(id="wc-choices")
            yield Input(placeholder="Reason (required to override, rule or skip)", id="wc-reason", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        state = self.session.state
        self.sub_title = f"White cell · turn {state.turn} · {state.phase}"
        actions = [a for a in legal_actions(state, FACILITATOR) if a.kind in KINDS]
        choices = self.query_one("#wc-choices", ChoiceList)
        choices.show(state, actions)
        self.query_one("#wc-reason", Input).cursor_blink = self.app.cursor_blink
        choices.focus()

    def context(self) -> Text:
        state = self.session.state
        deck = state.deck
        text = Text()
        text.append("White cell: a decision is needed\n", style="bold")
        if state.paused:
            text.append("The game is paused.\n")
        if state.phase == "turn_start":
            text.append(f"Turn {state.turn}: injects due from the events list\n", style="bold")
            for entry in state.msel:
                if entry.status == "pending" and entry.due <= state.turn:
                    inject = next(i for i in deck.injects if i.id == entry.inject)
                    card = deck.card(inject.card) if deck.has_card(inject.card) else None
                    text.append(f"• {inject.id}: {card.title if card else inject.card}\n")
                    if inject.expected:
                        text.append(f"  expected action: {inject.expected}\n", style="dim")
                    if inject.learning:
                        text.append(f"  learning point: {inject.learning}\n", style="dim")
        if state.queue:
            kind, role, option_id = state.queue[0]
            option = deck.card(state.card).response(role, option_id) if kind == "response" and state.card else deck.policy(role, option_id)
            label = option.label if option else option_id
            text.append(f"Rule on {ROLE_NAMES.get(role, role)}: {label}\n", style="bold")
            if option is not None:
                text.append(f"  {option.explain}\n", style="dim")
        if state.phase == "review":
            text.append("Review the adjudication (semi-rigid)\n", style="bold")
            for res in state.resolutions:
                outcome = "success" if res.success else "failure"
                how = f"gate failed: {res.gate}" if res.gate else (f"roll {res.roll} vs {res.odds}%" if res.roll is not None else "certain")
                text.append(f"• {ROLE_NAMES.get(res.role, res.role)} {res.option}: {outcome} ({how})\n")
        text.rstrip()
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.decide(event.option_index)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.decide(self.query_one("#wc-choices", ChoiceList).highlighted)

    def decide(self, index: int | None) -> None:
        action = self.query_one("#wc-choices", ChoiceList).action_at(index)
        if action is None:
            return
        field = self.query_one("#wc-reason", Input)
        reason = field.value.strip()
        if action.kind in NEEDS_REASON and not reason:
            self.notify(f"State a reason to {action.kind}, then press Enter.", severity="warning")
            field.focus()
            return
        self.dismiss(action.with_rationale(reason))

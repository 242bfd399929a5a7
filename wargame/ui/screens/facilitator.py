"""The white cell's console: the full state, the MSEL, and every facilitator decision.

The facilitator sees everything here, sealed choices included, so this
screen is the facilitator's alone: the game screen opens it with a key
(only when a facilitator sits) or when the game waits on the white cell,
and no player's screen shows any of it. Every decision goes up to the app as
a `WhiteCellDecision`, which the app sends through the game screen (the
Session: logged with its reason, autosaved), never into the state directly.

Three tabs: *Now* (what the game waits on, and the decisions open now),
*MSEL* (every scheduled inject: turn, card, expected action, learning
point, must-fire, status; f / d / s fire, delay or skip the highlighted one
when it is due) and *Table* (the board, the card and every sealed choice).
The words on them come from `ui/facilitator_text.py`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option as ListOption

from ...engine import Action, GameState
from ...session import Session
from ..base import WargameScreen
from ..dialogs.decision import DecisionDialog
from ..dialogs.inject import InjectDialog
from ..dialogs.override import OverrideDialog
from ..dialogs.reason import ReasonDialog
from ..dialogs.rule import RuleDialog
from ..dialogs.set_track import SetTrackDialog
from ..facilitator_text import (
    PAUSE_NOTE,
    UNDO_NOTE,
    Command,
    accept_text,
    commands,
    msel_refusal,
    not_open_text,
    situation_text,
    table_text,
)
from ..messages import WhiteCellDecision
from ..number_keys import key_digit, keys_hint
from ..option_text import numbered
from ..safe import Text
from ..whitecell import facilitator_actions, msel_rows, msel_text, scheduled_text, waits_on_white_cell
from ..widgets.track_panel import TrackPanel
from .report import ReportScreen

TABS = ("wc-now", "wc-msel-pane", "wc-table-pane")
MSEL_HINT = "f fire · d delay · s skip the highlighted inject when it is due (Enter fires)"


class FacilitatorScreen(WargameScreen[bool]):
    """Dismisses with True when the facilitator steps back to the board, False when the game goes on."""

    CSS_PATH = "screens.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Board"),
        Binding("i", "decide('inject')", "Inject"),
        Binding("o", "decide('override')", "Override"),
        Binding("t", "decide('set_track')", "Track"),
        Binding("p", "pause", "Pause"),
        Binding("p", "resume", "Resume"),  # the same key, named in the footer for what it does now
        Binding("u", "decide('undo')", "Undo"),
        # the MSEL tab names its keys above its list, so the footer fits 80 columns in every phase
        Binding("f", "msel('fire')", "Fire", show=False),
        Binding("d", "msel('delay')", "Delay", show=False),
        Binding("s", "msel('skip')", "Skip", show=False),
        Binding("r", "report", "Report"),
        Binding("l", "app.show_log", "Log"),
        # the Now tab's numbered decisions answer their numbers, as the game's chooser does
        *(Binding(str(n), f"digit({n})", f"Choose {n}", show=False) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)),
        Binding("backspace", "clear_typed", "Clear the number typed", show=False),
        Binding("left", "tab(-1)", "Previous tab", show=False),
        Binding("right", "tab(1)", "Next tab", show=False),
        # F1 and q work as everywhere; hidden (with the palette) so the console's own keys fit 80 columns
        Binding("f1", "app.help", "Help", show=False),
        Binding("q", "app.request_quit", "Quit", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.commands: list[Command] = []
        self.typed = ""  # the digits of a decision's number typed so far (`1` of 12 waits for the next)

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="wc-tabs"):
            with TabPane("Now", id="wc-now"):
                with VerticalScroll(id="wc-situation-scroll"):
                    yield Static(id="wc-situation")
                yield OptionList(id="wc-actions")
            with TabPane("MSEL", id="wc-msel-pane"):
                yield Static(MSEL_HINT, id="wc-msel-keys")
                yield OptionList(id="wc-msel")
            with TabPane("Table", id="wc-table-pane"):
                with Horizontal(id="wc-table"):
                    yield TrackPanel(id="wc-tracks")
                    with VerticalScroll(id="wc-table-scroll"):
                        yield Static(id="wc-table-text")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#wc-actions", OptionList).focus()

    def refresh_view(self) -> None:
        state = self.session.state
        self.typed = ""
        self.show_title()
        self.query_one("#wc-situation", Static).update(situation_text(state))
        self.commands = commands(state)
        actions = self.query_one("#wc-actions", OptionList)
        actions.clear_options()
        items = []
        for number, command in enumerate(self.commands, start=1):
            body = Text()
            body.append_text(command.label)
            if not command.allowed:
                body.append("\nclosed: " + command.reason, style="italic")
            items.append(ListOption(numbered(number, len(self.commands), body, allowed=command.allowed), disabled=not command.allowed))
        actions.add_options(items)
        actions.highlighted = next((i for i, c in enumerate(self.commands) if c.allowed), None)
        self.show_msel(state)
        self.query_one("#wc-tracks", TrackPanel).show(state)
        self.query_one("#wc-table-text", Static).update(table_text(state))
        self.refresh_bindings()

    def show_title(self) -> None:
        """The sub-title: the turn and phase, and the number being typed."""
        state = self.session.state
        parts = ["White cell", *(["PAUSED"] if state.paused else []), f"turn {state.turn}/{state.last_turn}", state.phase.replace("_", " ")]
        if self.typed:
            parts.append(f"choose: {self.typed}_ ({keys_hint(len(self.commands))}: next digit or Enter)")
        self.sub_title = " · ".join(parts)

    def show_msel(self, state: GameState) -> None:
        msel = self.query_one("#wc-msel", OptionList)
        keep = msel.highlighted
        msel.clear_options()
        rows = msel_rows(state)
        items: list[ListOption] = [ListOption(msel_text(state, row)) for row in rows]
        if not rows:
            items.append(ListOption(Text("This scenario has no MSEL injects.", style="italic"), disabled=True))
        scheduled = scheduled_text(state)
        if scheduled.plain:
            heading = Text("Cards scheduled to come into play\n", style="bold")
            heading.append_text(scheduled)
            items.append(ListOption(heading, disabled=True))
        msel.add_options(items)
        if rows:
            due = next((i for i, r in enumerate(rows) if r.status == "pending"), 0)
            msel.highlighted = keep if keep is not None and keep < len(rows) else due

    # --- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide" and parameters and parameters[0] in ("override", "set_track"):
            return any(c.kind == parameters[0] for c in self.commands)
        if action == "msel":
            return self.query_one("#wc-tabs", TabbedContent).active == "wc-msel-pane"
        if action == "digit":  # the numbers are the Now tab's
            return self.query_one("#wc-tabs", TabbedContent).active == "wc-now" and bool(self.commands)
        if action == "clear_typed":
            return bool(self.typed)
        if action in ("pause", "resume"):  # one key: "Pause", or "Resume" while paused
            return (action == "resume") == self.session.state.paused
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()
        pane = event.pane.id
        target = {"wc-now": "#wc-actions", "wc-msel-pane": "#wc-msel", "wc-table-pane": "#wc-table-scroll"}.get(pane or "")
        if target:
            self.query_one(target).focus()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one("#wc-tabs", TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + step) % len(TABS)]

    @on(OptionList.OptionSelected, "#wc-actions")
    def command_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if self.typed:  # Enter ends the number typed
            index = int(self.typed) - 1
            self.set_typed("")
        if 0 <= index < len(self.commands):
            self.run(self.commands[index])

    @on(OptionList.OptionHighlighted, "#wc-actions")
    def command_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.typed and event.option_index != int(self.typed) - 1:  # moved off the number typed
            self.set_typed("")

    def action_digit(self, digit: int) -> None:
        """A decision by its number: at once, or (`1` of 12) once the next digit or Enter says which."""
        keyed = key_digit(self.typed, str(digit), len(self.commands))
        self.set_typed(keyed.typed)
        if keyed.missing is not None:
            self.notify(f"No decision {keyed.missing}: {keys_hint(len(self.commands))} choose", severity="warning")
        elif keyed.chosen is not None:
            self.run(self.commands[keyed.chosen - 1])
        elif self.commands[int(keyed.typed) - 1].allowed:
            self.query_one("#wc-actions", OptionList).highlighted = int(keyed.typed) - 1

    def action_clear_typed(self) -> None:
        self.set_typed("")

    def set_typed(self, typed: str) -> None:
        self.typed = typed
        self.show_title()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#wc-msel")
    def inject_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.msel_decision("fire", event.option_index)

    def action_decide(self, kind: str) -> None:
        command = next((c for c in self.commands if c.kind == kind), None)
        if command is None:
            self.notify(f"Not open now: {self.not_open(kind)}", severity="warning", markup=False)
            return
        self.run(command)

    def action_pause(self) -> None:
        self.action_decide("resume" if self.session.state.paused else "pause")

    def action_resume(self) -> None:
        self.action_pause()

    def action_msel(self, kind: str) -> None:
        self.msel_decision(kind, self.query_one("#wc-msel", OptionList).highlighted)

    def action_back(self) -> None:
        if self.typed:
            self.set_typed("")
            return
        self.dismiss(True)

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.session))

    def not_open(self, kind: str) -> str:
        return not_open_text(self.session.state, kind)

    def msel_decision(self, kind: str, index: int | None) -> None:
        rows = msel_rows(self.session.state)
        if index is None or not 0 <= index < len(rows):
            return
        row = rows[index]
        command = next((c for c in self.commands if c.kind == kind and c.action is not None and c.action.choice == row.inject.id), None)
        if command is not None:
            self.run(command)
            return
        self.notify(f"Cannot {kind}: {msel_refusal(self.session.state, row)}", severity="warning", markup=False)

    # --- deciding ------------------------------------------------------------------------

    def run(self, command: Command) -> None:
        """Take the decision of `command`, asking first for what it needs (a choice, a reason)."""
        if not command.allowed:
            self.notify(f"Closed: {command.reason}", severity="warning", markup=False)
            return
        if command.kind in ("fire", "resume"):
            assert command.action is not None
            self.send(command.action)
            return
        dialog = self.dialog_for(command)
        if dialog is not None:
            self.app.push_screen(dialog, self.decided)

    def dialog_for(self, command: Command) -> DecisionDialog | None:
        """The dialog that asks what `command` needs: the choice, the number, the reason."""
        state = self.session.state
        actions = facilitator_actions(state)
        kind, action = command.kind, command.action
        if kind in ("delay", "skip"):
            assert action is not None
            row = next(r for r in msel_rows(state) if r.inject.id == action.choice)
            verb = "Delay inject {} by a turn" if kind == "delay" else "Skip inject {}"
            return ReasonDialog(action, verb.format(row.inject.id), msel_text(state, row))
        if kind == "accept":
            assert action is not None
            return ReasonDialog(action, "Accept the adjudication", accept_text(state))
        if kind == "override":
            return OverrideDialog(state, actions)
        if kind == "set_track":
            return SetTrackDialog(state, actions)
        if kind == "rule":
            return RuleDialog(state, actions)
        if kind == "inject":
            return InjectDialog(state)
        if kind == "pause":
            assert action is not None
            return ReasonDialog(action, "Pause the game", PAUSE_NOTE)
        if kind == "undo":
            assert action is not None and state.checkpoint is not None
            return ReasonDialog(action, f"Undo to the reveal of turn {state.checkpoint.turn}", UNDO_NOTE)
        return None

    def decided(self, action: Action | None) -> None:
        if action is not None:
            self.send(action)

    def send(self, action: Action) -> None:
        """Send `action` up to the app, which performs it through the game and calls `decision_taken`."""
        self.post_message(WhiteCellDecision(action, self, waited=waits_on_white_cell(self.session.state)))

    def decision_taken(self, action: Action, waited: bool) -> None:
        """`action` is made: back to the board once the game no longer waits on the white cell."""
        state = self.session.state
        if state.over or action.kind == "undo" or (waited and not waits_on_white_cell(state)):
            self.dismiss(False)
            return
        self.refresh_view()
        done = {"inject": "Inject scheduled", "pause": "Game paused", "override": "Outcome overridden", "set_track": "Track set"}
        if action.kind in done:
            self.notify(done[action.kind] + " (in the log)", markup=False)

"""The white cell's console: the full state, the MSEL, and every facilitator decision.

The facilitator sees everything here, sealed choices included, so this
screen is the facilitator's alone: the game screen opens it with a key
(only when a facilitator sits) or when the game waits on the white cell,
and no player's screen shows any of it. Every decision goes through the
game's `perform` (the Session: logged with its reason, autosaved), never
into the state directly.

Three tabs: *Now* (what the game waits on, and the decisions open now),
*MSEL* (every scheduled inject: turn, card, expected action, learning
point, must-fire, status; f / d / s fire, delay or skip the highlighted one
when it is due) and *Table* (the board, the card and every sealed choice).
"""

from __future__ import annotations

from typing import Callable

from attrs import frozen
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option as ListOption

from ...engine import Action, GameState, IllegalAction
from ...engine.tracks import ROLE_NAMES
from ...session import Session
from ..safe import Text
from ..widgets.track_panel import TrackPanel
from ..whitecell import (
    card_title,
    facilitator_actions,
    msel_rows,
    msel_status,
    msel_text,
    resolution_text,
    ruling_subject,
    ruling_text,
    scheduled_text,
    waits_on_white_cell,
)

TABS = ("wc-now", "wc-msel-pane", "wc-table-pane")
MSEL_HINT = "f fire · d delay · s skip the highlighted inject when it is due (Enter fires)"
#: the decision each MSEL key takes on the highlighted inject
MSEL_KEYS = {"fire": "f", "delay": "d", "skip": "s"}


@frozen
class Command:
    """One line of the console's list: a decision open now (or closed, with the reason)."""

    kind: str
    label: Text
    action: Action | None = None
    allowed: bool = True
    reason: str = ""


def commands(state: GameState) -> list[Command]:
    """The decisions open to the white cell now, the one the game waits on first."""
    actions = facilitator_actions(state)

    def first(kind: str) -> Action | None:
        return next((a for a in actions if a.kind == kind), None)

    found: list[Command] = []
    resume = first("resume")
    if resume is not None:
        return [Command("resume", Text("Resume the game"), resume)]
    for action in actions:
        if action.kind in MSEL_KEYS:
            inject = next(i for i in state.deck.injects if i.id == action.choice)
            verb = {"fire": "Fire", "delay": "Delay", "skip": "Skip"}[action.kind]
            label = Text(f"{verb} inject {inject.id}: ")
            label.append(card_title(state, inject.card), style="italic")
            if action.kind == "delay":
                label.append(" (to next turn)")
            ellipsis = "" if action.kind == "fire" else "…"
            label.append(ellipsis)
            found.append(Command(action.kind, label, action, action.allowed, action.reason))
    subject = ruling_subject(state)
    if subject is not None:
        role, option = subject
        label = Text(f"Rule on {ROLE_NAMES.get(role, role)}: ")
        label.append(option.label if option else "?", style="italic")
        label.append("…")
        found.append(Command("rule", label))
    if first("accept") is not None:
        found.append(Command("accept", Text("Accept the adjudication…"), first("accept")))
        if first("override") is not None:
            found.append(Command("override", Text("Override an outcome…")))
        if first("set_track") is not None:
            found.append(Command("set_track", Text("Set a track…")))
    injects = [a for a in actions if a.kind == "inject"]
    if injects:
        open_ = any(a.allowed for a in injects)
        found.append(Command("inject", Text("Inject an event card, now or for a later turn…"), None, open_, "" if open_ else injects[0].reason))
    pause = first("pause")
    if pause is not None:
        found.append(Command("pause", Text("Pause the game…"), pause))
    undo = first("undo")
    if undo is not None:
        back = state.checkpoint.turn if state.checkpoint is not None else None
        text = f"Undo to the reveal of turn {back}…" if back is not None else "Undo to the last reveal…"
        found.append(Command("undo", Text(text), undo, undo.allowed, undo.reason))
    return found


def waiting_text(state: GameState) -> str:
    """What the game waits on the white cell for, in a line; empty when it does not."""
    if not waits_on_white_cell(state):
        return ""
    if state.paused:
        return "the game is paused: resume it to play on"
    if state.phase == "turn_start":
        return "injects are due: fire, delay or skip each"
    if ruling_subject(state) is not None:
        return "a ruling the scenario leaves to the white cell"
    if state.phase == "review":
        return "the review: accept the adjudication, or override an outcome or a track first"
    return "a decision"


def sealed_text(state: GameState) -> Text:
    """Every capital's choice this turn with its rationale: sealed ones too (the white cell sees all)."""
    text = Text()
    if state.card is None:
        return text
    card = state.deck.card(state.card)
    if state.phase != "responses":
        return text
    chosen = {role: (choice, why) for role, choice, why in state.sealed}
    text.append("Sealed choices (each seat sees only its own)\n", style="bold")
    for role in card.addresses:
        text.append(f"  {ROLE_NAMES[role]}: ", style="bold")
        if role not in chosen:
            text.append("still choosing\n", style="italic")
            continue
        choice, why = chosen[role]
        response = card.response(role, choice)
        text.append(response.label if response else choice)
        if why:
            text.append(" · ", style="dim")
            text.append(why, style="italic")
        text.append("\n")
    text.rstrip()
    return text


def situation_text(state: GameState) -> Text:
    text = Text()
    waiting = waiting_text(state)
    if waiting:
        text.append("The game waits on the white cell: ", style="bold reverse")
        text.append(" " + waiting + "\n", style="bold")
    else:
        text.append("The table plays on: nothing waits on the white cell (Escape: back to the board)\n", style="italic")
    text.append("Event: ", style="bold")
    text.append(card_title(state, state.card) if state.card else "no event card in play")
    text.append("\n")
    sealed = sealed_text(state)
    if sealed.plain:
        text.append_text(sealed)
        text.append("\n")
    if state.phase == "review" and state.resolutions:
        text.append("Adjudicated this turn (under review)\n", style="bold")
        for res in state.resolutions:
            text.append("  • ")
            text.append_text(resolution_text(state, res))
            text.append("\n")
    if ruling_subject(state) is not None:
        text.append("Ruling asked for\n", style="bold")
        text.append_text(ruling_text(state))
        text.append("\n")
    due = [r for r in msel_rows(state) if r.status == "pending" and r.due <= state.turn]
    if due and state.phase == "turn_start":
        text.append("MSEL due now\n", style="bold")
        for row in due:
            text.append_text(msel_text(state, row))
            text.append("\n")
    coming = coming_text(state)
    if coming.plain:
        text.append("Coming: ", style="bold")
        text.append_text(coming)
    text.rstrip()
    return text


def coming_text(state: GameState) -> Text:
    """The next cards the white cell knows of: scheduled ones, then the next MSEL inject (the MSEL tab has all)."""
    parts = [(turn, f"T{turn} {card_title(state, card_id)}") for turn, card_id, _ in state.scheduled]
    later = [r for r in msel_rows(state) if r.status == "pending" and r.due > state.turn and r.due <= state.last_turn]
    if later:
        row = min(later, key=lambda r: r.due)
        parts.append((row.due, f"T{row.due} inject {row.inject.id}" + (" (must fire)" if row.inject.must_fire else "")))
    parts.sort(key=lambda part: part[0])  # in the order they come
    return Text("; ".join(text for _, text in parts), style="dim") if parts else Text()


def table_text(state: GameState) -> Text:
    """The card in play in full, every choice made, and what is left to resolve."""
    text = Text()
    if state.card is None:
        text.append("No event card in play", style="bold")
    else:
        card = state.deck.card(state.card)
        text.append(card.title, style="bold")
        text.append("\n" + card.text.strip())
        text.append("\nAddresses: " + ", ".join(ROLE_NAMES[r] for r in card.addresses), style="dim")
    sealed = sealed_text(state)
    if sealed.plain:
        text.append("\n")
        text.append_text(sealed)
    if state.resolutions:
        text.append("\nResolved this turn\n", style="bold")
        for res in state.resolutions:
            text.append("  • ")
            text.append_text(resolution_text(state, res))
            text.append("\n")
    if state.acted:
        text.append("\nStanding actions taken: " + ", ".join(ROLE_NAMES[r] for r in state.acted), style="dim")
    if state.checkpoint is not None:
        text.append(f"\nUndo would go back to the reveal of turn {state.checkpoint.turn}.", style="dim")
    text.rstrip()
    return text


class FacilitatorScreen(Screen[bool]):
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
        Binding("left", "tab(-1)", "Previous tab", show=False),
        Binding("right", "tab(1)", "Next tab", show=False),
        # F1 and q work as everywhere; hidden (with the palette) so the console's own keys fit 80 columns
        Binding("f1", "app.help", "Help", show=False),
        Binding("q", "app.request_quit", "Quit", show=False),
    ]

    def __init__(self, session: Session, perform: Callable[[Action], object] | None = None) -> None:
        """`perform` sends a decision through the game (its log and its adjudication screen);
        without it the console acts on the session and the app's running log itself."""
        super().__init__()
        self.session = session
        self.perform = perform or self._act
        self.commands: list[Command] = []

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
        parts = ["White cell", *(["PAUSED"] if state.paused else []), f"turn {state.turn}/{state.last_turn}", state.phase.replace("_", " ")]
        self.sub_title = " · ".join(parts)
        self.query_one("#wc-situation", Static).update(situation_text(state))
        self.commands = commands(state)
        actions = self.query_one("#wc-actions", OptionList)
        actions.clear_options()
        items = []
        for number, command in enumerate(self.commands, start=1):
            prompt = Text(f"{number}. ", style="bold" if command.allowed else "")
            prompt.append_text(command.label)
            if not command.allowed:
                prompt.append("\n   closed: ", style="italic")
                prompt.append(command.reason, style="italic")
            items.append(ListOption(prompt, disabled=not command.allowed))
        actions.add_options(items)
        actions.highlighted = next((i for i, c in enumerate(self.commands) if c.allowed), None)
        self.show_msel(state)
        self.query_one("#wc-tracks", TrackPanel).show(state)
        self.query_one("#wc-table-text", Static).update(table_text(state))
        self.refresh_bindings()

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "wc-actions":
            if 0 <= event.option_index < len(self.commands):
                self.run(self.commands[event.option_index])
        elif event.option_list.id == "wc-msel":
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
        self.dismiss(True)

    def action_report(self) -> None:
        from .report import ReportScreen

        self.app.push_screen(ReportScreen(self.session))

    def not_open(self, kind: str) -> str:
        state = self.session.state
        if state.paused:
            return "the game is paused: resume it first (p)"
        if kind in ("override", "set_track", "accept"):
            return "outcomes are reviewed after the adjudication, in semi-rigid games"
        if kind == "rule":
            return "no outcome waits on a ruling"
        return "not at this point of the turn"

    def msel_decision(self, kind: str, index: int | None) -> None:
        rows = msel_rows(self.session.state)
        if index is None or not 0 <= index < len(rows):
            return
        row = rows[index]
        command = next((c for c in self.commands if c.kind == kind and c.action is not None and c.action.choice == row.inject.id), None)
        if command is not None:
            self.run(command)
            return
        state = self.session.state
        status = msel_status(state, row)
        if row.status in ("fired", "skipped"):
            why = f"inject {row.inject.id} has been {row.status}"
        elif state.phase != "turn_start" or row.due > state.turn:
            why = f"inject {row.inject.id} is {status}; the white cell fires, delays or skips an inject when its turn starts (i injects any card now)"
        else:
            why = status
        self.notify(f"Cannot {kind}: {why}", severity="warning", markup=False)

    # --- deciding ------------------------------------------------------------------------

    def run(self, command: Command) -> None:
        """Take the decision of `command`, asking first for what it needs (a choice, a reason)."""
        if not command.allowed:
            self.notify(f"Closed: {command.reason}", severity="warning", markup=False)
            return
        state = self.session.state
        actions = facilitator_actions(state)
        kind = command.kind
        dialog = None
        if kind in ("fire", "resume"):
            assert command.action is not None
            self.send(command.action)
            return
        if kind in ("delay", "skip"):
            from ..dialogs.reason import ReasonDialog

            assert command.action is not None
            row = next(r for r in msel_rows(state) if r.inject.id == command.action.choice)
            verb = "Delay inject {} by a turn" if kind == "delay" else "Skip inject {}"
            dialog = ReasonDialog(command.action, verb.format(row.inject.id), msel_text(state, row))
        elif kind == "accept":
            from ..dialogs.reason import ReasonDialog

            detail = Text("The outcomes stand as adjudicated:\n")
            for res in state.resolutions:
                detail.append("  • ")
                detail.append_text(resolution_text(state, res))
                detail.append("\n")
            detail.rstrip()
            assert command.action is not None
            dialog = ReasonDialog(command.action, "Accept the adjudication", detail)
        elif kind == "override":
            from ..dialogs.override import OverrideDialog

            dialog = OverrideDialog(state, actions)
        elif kind == "set_track":
            from ..dialogs.set_track import SetTrackDialog

            dialog = SetTrackDialog(state, actions)
        elif kind == "rule":
            from ..dialogs.rule import RuleDialog

            dialog = RuleDialog(state, actions)
        elif kind == "inject":
            from ..dialogs.inject import InjectDialog

            dialog = InjectDialog(state)
        elif kind == "pause":
            from ..dialogs.reason import ReasonDialog

            assert command.action is not None
            dialog = ReasonDialog(
                command.action,
                "Pause the game",
                "Nothing moves until the white cell resumes it (p). Escape shows the board to the table meanwhile.",
            )
        elif kind == "undo":
            from ..dialogs.reason import ReasonDialog

            assert command.action is not None and state.checkpoint is not None
            dialog = ReasonDialog(
                command.action,
                f"Undo to the reveal of turn {state.checkpoint.turn}",
                "The game goes back to the reveal: the rolls, rulings, reviews and standing actions since then are "
                "undone and played again. The log keeps them, and says so, with your reason.",
            )
        if dialog is not None:
            self.app.push_screen(dialog, self.decided)

    def decided(self, action: Action | None) -> None:
        if action is not None:
            self.send(action)

    def send(self, action: Action) -> None:
        """Perform `action` through the game; back to the board once the game no longer waits on the white cell."""
        waited = waits_on_white_cell(self.session.state)
        try:
            self.perform(action)
        except IllegalAction as err:
            self.notify(err.reason, severity="error", markup=False)
            return
        state = self.session.state
        if state.over or action.kind == "undo" or (waited and not waits_on_white_cell(state)):
            self.dismiss(False)
            return
        self.refresh_view()
        done = {"inject": "Inject scheduled", "pause": "Game paused", "override": "Outcome overridden", "set_track": "Track set"}
        if action.kind in done:
            self.notify(done[action.kind] + " (in the log)", markup=False)

    def _act(self, action: Action) -> None:
        """Without a game screen: act on the session and write the running log."""
        before = self.session.state
        events = self.session.act(action)
        self.app.logbook.add_events(before.turn, events, next_turn=self.session.state.turn)


"""The board of a remote seat: what the server sends, shown; decisions sent back, never applied here.

The header names the seat, the turn and the connection (and the white
cell's countdown); the board, the card and the seat's actions (open and
closed, with the rules' reasons) are the server's. A number or Enter sends
the highlighted action with the rationale typed; the server answers with an
update to every seat or a refusal in the rules' words, shown here. The white
cell's console adds who has submitted, the countdown, messages to the table
and the seats' codes (`t`, `m`, `k`); its actions that need a number or a
reason ask for them first.
"""

from __future__ import annotations

import asyncio
from typing import Any, Mapping

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, OptionList, RichLog, Static
from textual.widgets.option_list import Option as ListOption

from ...engine import FACILITATOR, Action
from ...server.client import DISCONNECTED, Disconnected, ExerciseClient
from ...server import protocol as p
from ..base import WargameScreen
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.countdown import CountdownDialog
from ..dialogs.remote_decision import RemoteDecisionDialog
from ..dialogs.seat_codes import SeatCodesDialog
from ..dialogs.send_message import SendMessageDialog
from ..number_keys import key_digit, keys_hint
from ..remote_text import (
    action_text, board_lines, card_text, explanations, header_text, log_line, message_line, seat_name, status_text,
    timer_text, waiting_text,
)
from ..safe import Text
from ..widgets.rationale import RationaleField



class RemoteGameScreen(WargameScreen[None]):
    CSS_PATH = ["screens.tcss", "remote.tcss"]
    BINDINGS = [
        Binding("1", "digit(1)", "Pick"),
        *(Binding(str(n), f"digit({n})", f"Choose {n}", show=False) for n in (2, 3, 4, 5, 6, 7, 8, 9, 0)),
        Binding("enter", "typed_enter", "Choose the number typed", show=False),
        Binding("backspace", "clear_typed", "Clear the number typed", show=False),
        Binding("c", "focus_card", "Card"),
        Binding("l", "focus_log", "Log"),
        Binding("t", "countdown", "Countdown"),
        Binding("m", "message", "Message"),
        Binding("k", "codes", "Codes"),
        Binding("escape", "focus_choices", "Back", show=False),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, client: ExerciseClient) -> None:
        super().__init__()
        self.client = client
        self.typed = ""
        self.connection = "connected"
        self.timer_at = 0.0  # when the countdown was last told (loop time)
        self.shown_log = 0
        self.shown_messages = 0
        self.sending = False
        self.final = ""
        self.shown = False  # nothing is shown before the first refresh has composed the fields

    @property
    def seat(self) -> str:
        return self.client.seat

    @property
    def white_cell(self) -> bool:
        return self.client.seat == FACILITATOR

    def compose(self) -> ComposeResult:
        yield Static("", id="remote-header")
        with Horizontal(id="remote-body"):
            with VerticalScroll(id="remote-board-scroll"):
                yield Static("", id="remote-board")
            with Vertical(id="remote-side"):
                with VerticalScroll(id="remote-card-scroll"):
                    yield Static("", id="remote-card")
                yield Static("", id="remote-prompt")
                yield OptionList(id="remote-choices", compact=True)
                yield Static("", id="remote-detail")
                yield RationaleField(placeholder="Rationale: why this choice (Tab here, Enter sends)", focused_placeholder="Rationale: why this choice (Enter sends)", input_id="remote-rationale")
        yield Static("", id="remote-status")
        yield RichLog(id="remote-log", wrap=True, markup=False, max_lines=2000)
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_show)  # once every field is composed (some are inside containers)

    def first_show(self) -> None:
        self.query_one("#remote-status").display = self.white_cell
        self.query_one(RationaleField).display = self.seat not in (p.OBSERVER, FACILITATOR)  # the white cell's dialogs ask
        for field in self.query(Input):
            field.cursor_blink = self.app.cursor_blink
        self.timer_at = asyncio.get_running_loop().time()
        self.shown = True
        self.show_all(full=True)
        self.set_interval(1.0, self.tick)
        self.query_one("#remote-choices", OptionList).focus()

    def on_resize(self) -> None:
        if self.shown:
            self.show_header()

    # --- what the server says --------------------------------------------------------------

    def received(self, message: Mapping[str, Any]) -> None:
        """One message from the server (the client has already taken what it says)."""
        kind = message.get("type")
        if not self.shown:
            return  # the first show reads everything the client knows by then
        if kind == DISCONNECTED:
            self.connection = "connection lost: reconnecting" if not message.get("final") else "disconnected"
            self.show_header()
        elif kind == p.SYNC:
            self.connection = "connected"
            self.show_all(full=True)
        elif kind in (p.UPDATE, p.WELCOME):
            if kind == p.UPDATE:  # an update carries the countdown as it stands now
                self.timer_at = asyncio.get_running_loop().time()
            self.show_all(full=False)
        elif kind == p.TIMER:
            self.timer_at = asyncio.get_running_loop().time()
            self.show_header()
        elif kind == p.MESSAGE:
            self.show_log(full=False)
            self.notify(message_line(message).plain, title="From the white cell", markup=False)
        elif kind == p.STATUS:
            self.show_status()
        elif kind == p.NOTICE:
            self.notify(str(message.get("text", "")), title="Notice", severity="warning", timeout=15, markup=False)
            self.log_lines([Text(f"Notice: {message.get('text', '')}", style="bold yellow")])
        elif kind == p.ERROR:
            self.notify(str(message.get("reason", "")), severity="error", markup=False)

    def refused(self, text: str) -> None:
        """The server will not take this client back: say why and keep the last board in view."""
        self.final = text
        self.connection = "disconnected"
        if self.shown:
            self.show_all(full=False)
        self.notify(text, severity="error", timeout=30, markup=False)

    # --- showing -----------------------------------------------------------------------------

    def show_all(self, *, full: bool) -> None:
        client = self.client
        if full:
            self.timer_at = asyncio.get_running_loop().time()
        self.show_header()
        self.query_one("#remote-board", Static).update(board_lines(client.board))
        self.query_one("#remote-card", Static).update(card_text(client.board.get("card")))
        self.show_choices()
        self.show_status()
        self.show_log(full=full)
        self.refresh_bindings()

    def show_header(self) -> None:
        client = self.client
        timer = timer_text(client.timer, asyncio.get_running_loop().time() - self.timer_at)
        room = self.size.width - 2 - (timer.cell_len + 3 if timer.plain else 0)
        line = header_text(client.holder or client.seat, client.exercise, client.board, self.connection, room)
        if timer.plain:
            line.append(" · ")
            line.append_text(timer)
        self.query_one("#remote-header", Static).update(line)

    def tick(self) -> None:
        if self.client.timer and self.client.timer.get("running"):
            self.show_header()

    def show_choices(self) -> None:
        client = self.client
        prompt = self.query_one("#remote-prompt", Static)
        if self.final:
            prompt.update(Text(self.final, style="bold red"))
        else:
            prompt.update(waiting_text(self.seat, client.board, client.legal))
        choices = self.query_one("#remote-choices", OptionList)
        keep = choices.highlighted
        choices.clear_options()
        entries = self.entries
        choices.add_options(ListOption(action_text(n, a)) for n, a in enumerate(entries, 1))
        first_open = next((i for i, a in enumerate(entries) if a.get("allowed")), None)
        if keep is not None and keep < len(entries):
            choices.highlighted = keep
        else:
            choices.highlighted = first_open
        self.show_detail(choices.highlighted)

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The seat's actions as the list numbers them: as the server lists them, but the white cell's injects
        (one per card) come after its other actions, which are the ones a phase waits on."""
        legal = self.client.legal
        if not self.white_cell:
            return legal
        return [a for a in legal if a.get("kind") != "inject"] + [a for a in legal if a.get("kind") == "inject"]

    def show_detail(self, index: int | None) -> None:
        """Under the list: why the highlighted action is closed, in the rules' words, or what a response means."""
        entries = self.entries
        detail = Text("")
        if index is not None and index < len(entries):
            action = entries[index]
            if not action.get("allowed"):
                detail = Text(f"Closed: {action.get('reason') or 'not open now'}", style="bold")
            elif action.get("kind") == "respond":
                detail = Text(explanations(self.client.board.get("card")).get(str(action.get("choice")), ""), style="italic")
        self.query_one("#remote-detail", Static).update(detail)

    @on(OptionList.OptionHighlighted, "#remote-choices")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_detail(event.option_index)

    def show_status(self) -> None:
        if self.white_cell:
            self.query_one("#remote-status", Static).update(status_text(self.client.status))

    def show_log(self, *, full: bool) -> None:
        client = self.client
        log = self.query_one("#remote-log", RichLog)
        if full or len(client.log) < self.shown_log or len(client.messages) < self.shown_messages:
            log.clear()
            self.shown_log = self.shown_messages = 0
        lines = [log_line(e) for e in client.log[self.shown_log:]] + [message_line(m) for m in client.messages[self.shown_messages:]]
        self.shown_log, self.shown_messages = len(client.log), len(client.messages)
        self.log_lines(lines)

    def log_lines(self, lines: list[Text]) -> None:
        log = self.query_one("#remote-log", RichLog)
        for line in lines:
            log.write(line)

    # --- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("countdown", "message", "codes"):
            return self.white_cell
        if action == "digit":
            return bool(self.entries) and not self.final
        if action in ("typed_enter", "clear_typed"):
            return bool(self.typed)
        return True

    def key_display(self, binding: Binding) -> str | None:
        if binding.action == "digit(1)":
            return keys_hint(len(self.entries))
        return None

    def action_digit(self, digit: int) -> None:
        count = len(self.entries)
        keyed = key_digit(self.typed, str(digit), count)
        self.typed = keyed.typed
        self.refresh_bindings()
        if keyed.missing is not None:
            self.notify(f"No entry {keyed.missing}: {keys_hint(count)} choose", severity="warning")
        elif keyed.chosen is not None:
            self.choose(keyed.chosen - 1)
        else:
            self.query_one("#remote-choices", OptionList).highlighted = int(keyed.typed) - 1

    def action_typed_enter(self) -> None:
        typed, self.typed = self.typed, ""
        self.refresh_bindings()
        if typed:
            self.choose(int(typed) - 1)

    def action_clear_typed(self) -> None:
        self.typed = ""
        self.refresh_bindings()

    def action_focus_log(self) -> None:
        self.query_one("#remote-log", RichLog).focus()

    def action_focus_card(self) -> None:
        self.query_one("#remote-card-scroll", VerticalScroll).focus()

    def action_focus_choices(self) -> None:
        self.query_one("#remote-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#remote-choices")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    @on(Input.Submitted, "#remote-rationale")
    def rationale_entered(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one("#remote-choices", OptionList).highlighted
        if highlighted is None:
            self.notify("Nothing to choose now.", severity="warning")
        else:
            self.choose(highlighted)

    # --- deciding ----------------------------------------------------------------------------

    def choose(self, index: int) -> None:
        """Send the action at `index` (the white cell's asks for its number and reason first)."""
        entries = self.entries
        if not 0 <= index < len(entries) or self.final:
            return
        action = entries[index]
        if not action.get("allowed"):
            self.notify(f"Closed: {action.get('reason') or 'not open now'}", severity="warning", markup=False)
            return
        if self.white_cell:

            def decided(decision: Action | None) -> None:
                if decision is not None:
                    self.send(decision, decision.rationale, str(action.get("label", "")))

            self.app.push_screen(RemoteDecisionDialog(action, self.client.board), decided)
            return
        field = self.query_one("#remote-rationale", Input)
        self.send(action, field.value.strip(), str(action.get("label", "")))

    @work(group="send")
    async def send(self, action: Action | Mapping[str, Any], rationale: str, label: str) -> None:
        if self.sending:
            self.notify("The last decision is still on its way.", severity="warning")
            return
        self.sending = True
        try:
            reply = await self.client.decide(action, rationale)
        except (Disconnected, asyncio.TimeoutError):
            self.notify("The connection dropped before the server answered: once it is back, the board says whether it was taken.", severity="warning", markup=False)
            return
        finally:
            self.sending = False
        if reply.get("type") == p.REFUSED:
            stale = " The position had moved on: the board is up to date again." if reply.get("stale") else ""
            self.notify(f"Refused: {reply.get('reason', '')}{stale}", severity="error", timeout=10, markup=False)
        else:
            self.query_one("#remote-rationale", Input).value = ""
            self.notify(f"Taken: {label}", markup=False)

    # --- the white cell's tools --------------------------------------------------------------

    def action_countdown(self) -> None:

        self.app.push_screen(CountdownDialog(self.client.timer), self.white_cell_request)

    def action_message(self) -> None:

        self.app.push_screen(SendMessageDialog(), self.white_cell_request)

    def action_codes(self) -> None:

        holders = [str(h) for h in self.client.status.get("holders", ())]
        self.app.push_screen(SeatCodesDialog(holders), self.white_cell_request)

    def white_cell_request(self, request: dict[str, Any] | None) -> None:
        if request is not None:
            self.request(request)

    @work(group="request")
    async def request(self, request: dict[str, Any]) -> None:
        try:
            reply = await self.client.request(request)
        except (Disconnected, asyncio.TimeoutError):
            self.notify("The connection dropped before the server answered: try again once it is back.", severity="warning", markup=False)
            return
        if reply.get("type") == p.REFUSED:
            self.notify(f"Refused: {reply.get('reason', '')}", severity="error", timeout=10, markup=False)
        elif reply.get("code"):

            holder = seat_name(str(request.get("holder", "")))
            self.app.push_screen(ConfirmDialog(f"The new code for {holder} is {reply['code']}. It is shown only now: hand it over.", yes="Done", no="Close"))
        else:
            self.notify(f"Done: {request.get('type')} {request.get('op', request.get('holder', request.get('to', '')))}".strip(), markup=False)

"""The join screen of a remote seat: the server's address, the code, and why a join failed."""

from __future__ import annotations

from typing import Awaitable, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Input, Static

from ...server.client import address_url
from ...text import clean_typed
from ..base import WargameScreen
from ..safe import Text


class JoinScreen(WargameScreen[None]):
    """Type the code the white cell handed out; Enter joins."""

    CSS_PATH = "remote.tcss"
    BINDINGS = [Binding("escape", "quit", "Quit")]

    def __init__(self, address: str, join: Callable[[str], Awaitable[str]], code: str = "") -> None:
        """`join(code)` joins and shows the board, returning '' (or why it could not, in a line)."""
        super().__init__()
        self.address = address
        self.join = join
        self.code = code

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="join-box", classes="dialog"):
            yield Static(Text(f"Join the exercise at {address_url(self.address)}", style="bold"), classes="dialog-title")
            yield Static(Text("Your seat's join code, as the white cell gave it (dashes and case do not matter):"))
            yield Input(placeholder="e.g. K7QM-2XHD-9TRW-5BNA", id="join-code", compact=True, max_length=64)
            yield Static("", id="join-status")
            yield Static(Text("Enter: join · Escape: quit", style="dim"))
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one("#join-code", Input)
        field.cursor_blink = self.app.cursor_blink
        field.focus()
        if self.code:
            field.value = self.code
            self.call_after_refresh(self.start, self.code)  # once the app is up

    @on(Input.Submitted, "#join-code")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = clean_typed(event.value).strip()
        if not code:
            self.say("Type the code first.", style="bold")
            return
        self.start(code)

    @work(exclusive=True, group="join")
    async def start(self, code: str) -> None:
        self.say("Joining... (if the server is not up yet, this keeps trying; Escape quits)", style="dim")
        problem = await self.join(code)
        if problem:
            self.say(problem, style="bold red")
            self.query_one("#join-code", Input).focus()
        else:
            self.say("")

    def say(self, line: str, *, style: str = "") -> None:
        self.query_one("#join-status", Static).update(Text(line, style=style))

    def action_quit(self) -> None:
        self.app.exit()

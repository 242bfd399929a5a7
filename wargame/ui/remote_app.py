"""`wargame join`: the TUI as a remote seat of an exercise that `wargame serve` runs.

The app asks for the join code, joins, and then shows what the server
sends: it never applies a rule. Decisions go to the server, and the board,
the legal actions and the log come back from it, built from the seat's
view. `ExerciseClient` keeps the connection (reconnecting with backoff, a
full sync each time); the app reads its messages in one worker and tells
the screen to show them.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from textual.screen import Screen

from ..server.client import Backoff, ExerciseClient, JoinRefused
from .app import WargameApp
from .screens.join import JoinScreen
from .screens.remote_game import RemoteGameScreen


class RemoteApp(WargameApp):
    """A seat of a served exercise: the join screen, then the remote board."""

    TITLE = "Collective self-defense: a seat of a served exercise"

    def __init__(
        self,
        address: str,
        *,
        code: str = "",
        origin: str | None = None,
        backoff: Backoff = Backoff(),
        cursor_blink: bool = True,
        with_parent: bool = False,
    ) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.with_parent = with_parent
        self.address = address
        self.code = code
        self.origin = origin
        self.backoff = backoff
        self.client: ExerciseClient | None = None

    def get_default_screen(self) -> Screen[Any]:
        return JoinScreen(self.address, self.join, self.code)

    def on_mount(self) -> None:
        """Nothing of the local game's start (the join screen is the default screen); a browser tab's client watches its parent."""
        if self.with_parent:
            parent = os.getppid()
            self.set_interval(1.0, lambda: self.exit() if os.getppid() != parent else None)

    async def join(self, code: str) -> str:
        """Join with `code`; '' once joined (the board is shown), else why not, in a line."""
        await self.leave()
        client = ExerciseClient(self.address, code, origin=self.origin, backoff=self.backoff)
        self.client = client
        try:
            await client.start(timeout=3600)
        except JoinRefused as refused:
            await self.leave()
            return refusal_text(refused)
        except asyncio.TimeoutError:
            await self.leave()
            return f"No answer from {client.url} for an hour: is the server running?"
        self.push_screen(RemoteGameScreen(client))
        self.run_worker(self.follow(client), exclusive=True, group="follow")
        return ""

    async def follow(self, client: ExerciseClient) -> None:
        """Every message from the server, shown as it comes; stops when the server refuses the client for good."""
        while True:
            try:
                message = await client.receive()
            except JoinRefused as refused:
                screen = self.screen
                if isinstance(screen, RemoteGameScreen):
                    screen.refused(refusal_text(refused))
                return
            for screen in self.screen_stack:
                if isinstance(screen, RemoteGameScreen) and screen.client is client:
                    screen.received(message)

    async def leave(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            await client.close()

    async def on_unmount(self) -> None:  # type: ignore[override]
        await self.leave()

    def game_in_progress(self) -> bool:
        """Leaving a remote seat loses nothing (the server keeps the game), so quitting does not ask."""
        return False

    def action_show_log(self) -> None:
        """The remote board keeps its log in view; `l` there moves to it."""
        if isinstance(self.screen, RemoteGameScreen):
            self.screen.action_focus_log()


def refusal_text(refused: JoinRefused) -> str:
    """Why the server will not take this client, for the person at the keyboard."""
    meanings = {
        4001: "That code is not one of this exercise's (or it was revoked): check it with the white cell.",
        4002: "This code joined on another connection, which replaced this one.",
        4003: "The white cell reissued or revoked this seat's code: ask for the new one.",
        1008: "The server refused this client's origin.",
        4000: "The server speaks another version of the protocol.",
    }
    if refused.code in meanings:
        return f"{meanings[refused.code]} (closed {refused.code})"
    return f"The server closed the connection ({refused.code}: {refused.reason or 'no reason given'})."

"""Snapshots at 80x24 of the remote seat's board (--snapshot-update to accept): Tokyo choosing, and the white cell.

What is shown is what a real server sent: an exercise on the test deck is
served in-process, a client joins and keeps its sync, and the board is drawn
from that client's data with the connection closed, so nothing moves while
the snapshot is taken.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.server.conftest import FACILITATED, join, plan, served
from tests.waiting import until
from wargame.server.client import ExerciseClient
from wargame.ui import remote_app
from wargame.ui.remote_app import RemoteApp
from wargame.ui.screens.remote_game import RemoteGameScreen

SOLO = {"tokyo": "human", "washington": "doctrine", "beijing": "doctrine", "facilitator": "off"}


async def synced(data: Path, seats: dict[str, str], seat: str) -> ExerciseClient:
    """A client of `seat` as it stood once the seat alone was to act (the bots have moved), its connection closed."""
    async with served(data, plan(seats)) as (server, codes):
        client = await join(server, codes[seat])
        await client.until(lambda c: tuple(c.board.get("to_move", ())) == (seat,) or (seat == "facilitator" and c.legal and c.status))
        await client.close()
    return client


class Shown(RemoteApp):
    """The remote board of a client already synced, with no join screen."""

    CSS_PATH = str(Path(remote_app.__file__).parent / "app.tcss")  # a path beside the app, not this test

    def __init__(self, client: ExerciseClient) -> None:
        super().__init__("127.0.0.1:1", cursor_blink=False)
        self.shown_client = client

    def get_default_screen(self) -> Any:
        return RemoteGameScreen(self.shown_client)

    async def join(self, code: str) -> str:
        return "not in a snapshot"


async def board_drawn(pilot: Any) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, RemoteGameScreen) and pilot.app.screen.shown, "the board")


def test_remote_board_tokyo_to_choose(snap_compare, tmp_path: Path) -> None:
    client = asyncio.run(synced(tmp_path / "ex", SOLO, "tokyo"))
    client.exercise["name"] = "remote snapshot"
    assert snap_compare(Shown(client), run_before=board_drawn, terminal_size=(80, 24))


def test_remote_white_cell_console(snap_compare, tmp_path: Path) -> None:
    client = asyncio.run(synced(tmp_path / "ex", FACILITATED, "facilitator"))
    client.exercise["name"] = "remote snapshot"
    assert snap_compare(Shown(client), run_before=board_drawn, terminal_size=(80, 24))

"""`wargame join`: the TUI as a remote seat, driven under Pilot against a server in the same process.

The remote screens show what the server sent and send decisions back; these
tests check that a decision typed at the remote board is the server's
(applied there), that a bad code is refused on the join screen, that the
client catches up after the connection drops, and that the white cell's
console works remotely: its actions, the countdown every seat sees, a
message to one team, and a code reissued.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from tests.server.conftest import FACILITATED, QUICK, address, plan, served
from tests.waiting import until
from wargame.ui.remote_app import RemoteApp
from wargame.ui.screens.join import JoinScreen
from wargame.ui.screens.remote_game import RemoteGameScreen

SOLO = {"tokyo": "human", "washington": "doctrine", "beijing": "doctrine", "facilitator": "off"}


def text_of(app: RemoteApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def remote(server: object, code: str = "") -> RemoteApp:
    return RemoteApp(address(server), code=code, backoff=QUICK, cursor_blink=False)  # type: ignore[arg-type]


async def test_a_bad_code_is_refused_on_the_join_screen_and_a_good_one_joins(tmp_path: Path) -> None:
    async with served(tmp_path / "ex", plan(SOLO)) as (server, codes):
        app = remote(server)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, JoinScreen), "the join screen")
            app.screen.query_one("#join-code", Input).value = "AAAA-BBBB-CCCC-DDDD"
            await pilot.press("enter")
            await until(pilot, lambda: "not one of this exercise's" in text_of(app, "#join-status"), "the refusal")
            assert isinstance(app.screen, JoinScreen)
            app.screen.query_one("#join-code", Input).value = codes["tokyo"].lower().replace("-", " ")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RemoteGameScreen), "the remote board")
            assert "Tokyo" in text_of(app, "#remote-header")


async def test_a_decision_at_the_remote_board_is_applied_by_the_server(tmp_path: Path) -> None:
    async with served(tmp_path / "ex", plan(SOLO)) as (server, codes):
        app = remote(server, codes["tokyo"])
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, RemoteGameScreen), "the remote board")
            screen = app.screen
            assert isinstance(screen, RemoteGameScreen)
            await until(pilot, lambda: any(a["allowed"] and a["kind"] == "respond" for a in screen.client.legal), "Tokyo to respond")
            number, first = next((n, a) for n, a in enumerate(screen.client.legal, 1) if a["allowed"])
            decided = len(server.exercise.session.log)
            await until(pilot, lambda: screen.shown, "the board shown")
            screen.query_one("#remote-rationale", Input).value = "keep it lawful, 1 of 2"
            await pilot.press(str(number))
            await until(pilot, lambda: len(server.exercise.session.log) > decided, "the server to take the decision")
            taken = server.exercise.session.log[decided].action
            assert (taken.actor, taken.kind, taken.choice, taken.rationale) == ("tokyo", "respond", first["choice"], "keep it lawful, 1 of 2")
            await until(pilot, lambda: screen.client.seq >= decided + 1, "the update")


async def test_after_a_drop_the_remote_board_reconnects_and_catches_up(tmp_path: Path) -> None:
    async with served(tmp_path / "ex", plan(FACILITATED)) as (server, codes):
        app = remote(server, codes["tokyo"])
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, RemoteGameScreen) and app.screen.shown, "the remote board")
            screen = app.screen
            assert isinstance(screen, RemoteGameScreen)
            joins = screen.client.joins
            await screen.client.drop()
            await until(pilot, lambda: screen.client.joins > joins and "connected" in text_of(app, "#remote-header"), "the reconnection")
            assert "reconnecting" not in text_of(app, "#remote-header")


async def test_the_white_cell_console_works_remotely(tmp_path: Path) -> None:
    async with served(tmp_path / "ex", plan(FACILITATED)) as (server, codes):
        cell = remote(server, codes["facilitator"])
        async with cell.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(cell.screen, RemoteGameScreen) and cell.screen.shown, "the white cell's board")
            screen = cell.screen
            assert isinstance(screen, RemoteGameScreen)
            await until(pilot, lambda: bool(screen.client.status), "the status")
            assert "submitted" in text_of(cell, "#remote-status")
            # pause, with its reason, from the list of the white cell's actions
            index = next(i for i, a in enumerate(screen.entries) if a["kind"] == "pause")
            decided = len(server.exercise.session.log)
            screen.choose(index)
            await until(pilot, lambda: cell.screen.query("#dlg-reason"), "the reason dialog")
            cell.screen.query_one("#dlg-reason", Input).value = "coffee break"
            await pilot.press("enter")
            await until(pilot, lambda: len(server.exercise.session.log) > decided, "the pause to be taken")
            assert server.exercise.session.state.paused
            assert server.exercise.session.log[decided].action.rationale == "coffee break"
            # a countdown of 3 minutes
            await pilot.press("t")
            await until(pilot, lambda: cell.screen.query("#dlg-number"), "the countdown dialog")
            await pilot.press("enter")  # start
            await until(pilot, lambda: cell.screen.focused is cell.screen.query_one("#dlg-number"), "the minutes field")
            await pilot.press("backspace", "3", "enter")
            await until(pilot, lambda: screen.client.timer is not None, "the countdown")
            assert 170 <= screen.client.timer["remaining"] <= 180
            await until(pilot, lambda: "⏱" in text_of(cell, "#remote-header"), "the countdown in the header")
            # a message to Tokyo alone
            await pilot.press("m")
            await until(pilot, lambda: cell.screen.query("#dlg-text"), "the message dialog")
            await pilot.press("down", "enter")  # Tokyo
            cell.screen.query_one("#dlg-text", Input).value = "Tokyo: brief the Diet first"
            await pilot.press("enter")
            await until(pilot, lambda: any(m["text"] == "Tokyo: brief the Diet first" for m in screen.client.messages), "the message")
            assert [m["to"] for m in screen.client.messages] == ["tokyo"]
            # a new code for Beijing
            await pilot.press("k")
            await until(pilot, lambda: cell.screen.query("#dlg-choices"), "the codes dialog")
            holders = cell.screen.query_one("#dlg-choices", OptionList)
            holders.highlighted = next(i for i in range(holders.option_count) if "beijing" in str(holders.get_option_at_index(i).prompt))
            await pilot.press("r")
            await until(pilot, lambda: "The new code for Beijing" in str(getattr(cell.screen, "question", "")), "the new code")

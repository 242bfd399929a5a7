"""The rationale field: at most 2,000 characters with its count, a paste on one line, no new layout
of the screen per key; the white cell's reason field is the same field."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input

from wargame.engine.actions import RATIONALE_LIMIT
from wargame.engine.tracks import FACILITATOR
from wargame.ui.dialogs.reason import ReasonDialog
from wargame.ui.screens.game import GameScreen
from wargame.engine import Action

from .conftest import make_app, screen_text, until


def count_shown(app) -> str:
    return str(app.screen.query_one(".rationale-count").render())


async def at_tokyos_choice(app, pilot) -> GameScreen:
    app.start_game(app.settings)
    await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo's choice")
    game = app.screen
    assert isinstance(game, GameScreen)
    game.query_one("#rationale", Input).focus()
    await until(pilot, lambda: game.focused is game.query_one("#rationale"), "the rationale focused")
    # the footer drops the letter keys a field takes as typing (it is laid out again once, now)
    await until(pilot, lambda: "What if?" not in screen_text(app).split("\n")[-1], "the footer of the field")
    return game


def test_the_limit_is_two_thousand_characters() -> None:
    assert RATIONALE_LIMIT == 2000


async def test_the_count_follows_the_typing_up_to_the_limit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await at_tokyos_choice(app, pilot)
        field = game.query_one("#rationale", Input)
        assert "0/2000" in screen_text(app)
        await pilot.press(*"why")
        await until(pilot, lambda: "3/2000" in screen_text(app), "the count after three keys")
        field.value = "x" * (RATIONALE_LIMIT - 1)
        field.cursor_position = len(field.value)
        await pilot.press("a", "b", "c")  # only the first fits
        await until(pilot, lambda: "2000/2000" in screen_text(app), "the count at the limit")
        assert field.value == "x" * (RATIONALE_LIMIT - 1) + "a"
        await pilot.press("enter")  # the choice is made with the whole rationale
        await until(pilot, lambda: any(d.actor == "tokyo" for d in game.session.log), "Tokyo's decision")
        tokyo = next(d for d in game.session.log if d.actor == "tokyo")
        assert tokyo.action.rationale == "x" * (RATIONALE_LIMIT - 1) + "a"


async def test_a_paste_arrives_on_one_line_and_is_cut_at_the_limit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await at_tokyos_choice(app, pilot)
        field = game.query_one("#rationale", Input)
        field.post_message(events.Paste("first line\nsecond line\r\n\tthird"))
        await until(pilot, lambda: field.value == "first line second line third", "the paste, on one line")
        await until(pilot, lambda: f"{len(field.value)}/2000" in screen_text(app), "the count after the paste")
        field.post_message(events.Paste("y" * 3000))  # more than the room left
        await until(pilot, lambda: len(field.value) == RATIONALE_LIMIT, "the paste cut at the limit")
        assert field.value.startswith("first line second line third") and field.value.endswith("y")
        await until(pilot, lambda: any("at most 2000 characters" in n.message for n in app._notifications), "the note that it was cut")
        field.post_message(events.Paste("z"))  # no room at all: nothing changes
        await pilot.press("left")
        assert len(field.value) == RATIONALE_LIMIT and "z" not in field.value


async def test_a_key_redraws_the_field_and_its_count_but_lays_out_nothing(tmp_path: Path, monkeypatch) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await at_tokyos_choice(app, pilot)
        board = game.query_one("#board")
        asked: list[str] = []
        refresh = Widget.refresh

        def noted(self: Widget, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Widget:
            if (layout or recompose) and (self is board or board in self.ancestors):
                asked.append(f"{type(self).__name__}#{self.id}")
            return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", noted)
        await pilot.press(*"because the ladder forbids it")
        await until(pilot, lambda: "29/2000" in screen_text(app), "the count after typing")
        # a plain Input asks for a new layout of the whole screen on every key
        assert asked == []


async def test_the_white_cells_reason_has_the_same_limit_and_count(tmp_path: Path) -> None:
    app = make_app(tmp_path, facilitator="human")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ReasonDialog(Action(FACILITATOR, "pause"), "Pause the game")
        app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog and dialog.focused is not None, "the dialog")
        field = dialog.query_one("#dlg-reason", Input)
        assert dialog.focused is field and field.max_length == RATIONALE_LIMIT
        field.post_message(events.Paste("a break\nfor lunch"))
        await until(pilot, lambda: field.value == "a break for lunch", "the reason, on one line")
        await until(pilot, lambda: "17/2000" in screen_text(app), "the reason's count")


async def test_the_prompt_in_the_field_does_not_say_tab(tmp_path: Path) -> None:
    """From the list the prompt says Tab to reach the field; in the field Tab would leave it (and letters become commands)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await at_tokyos_choice(app, pilot)
        field = game.query_one("#rationale", Input)
        await until(pilot, lambda: "(type, Enter)" in screen_text(app), "the prompt of the focused field")
        assert "Tab" not in field.placeholder
        game.query_one("#choices").focus()
        await until(pilot, lambda: "Tab, type, Enter" in screen_text(app), "the prompt seen from the list")

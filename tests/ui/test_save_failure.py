"""An autosave that fails mid-game stops the game for another folder; nothing is said saved that is not."""

from __future__ import annotations

import errno
from pathlib import Path

from tests.waiting import until
from wargame import saves
from wargame.cli import main
from wargame.saves import writing
from wargame.ui.dialogs.confirm import ConfirmDialog
from wargame.ui.dialogs.save_failed import SaveFailedDialog
from wargame.ui.screens.game import GameScreen

from .conftest import make_app, screen_text

from .test_white_cell import flat


async def test_a_failed_autosave_asks_for_another_folder_and_writes_the_whole_game_there(tmp_path: Path, monkeypatch, capsys) -> None:
    app = make_app(tmp_path, seed=2, tokyo="human")
    broken = tmp_path / "saves"
    real_write = saves.write_atomic

    def write(path: Path, text: str) -> None:  # the disk under the saves folder fills up
        if path.parent == broken:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, text)

    async with app.run_test(size=(80, 24)) as pilot:
        app.start_game(app.settings)
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo", "Tokyo's turn")
        session = app.session
        assert session.save_path is not None and session.save_path.parent == broken
        # before any failure the leave dialog may say the game is saved, and it is
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and "Leave the game" in flat(app, ".dialog"), "the leave dialog")
        assert f"It is saved ({len(session.log)} decision" in flat(app, ".dialog")
        await pilot.press("n")
        monkeypatch.setattr(writing, "write_atomic", write)
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        await pilot.press("enter")  # Tokyo chooses: its autosave fails
        await until(pilot, lambda: isinstance(app.screen, SaveFailedDialog) and "Autosave failed" in flat(app, ".dialog"), "the save-failed dialog")
        moves = len(session.log)
        assert "No space left on device" in flat(app, ".dialog")
        await pilot.pause(0.3)
        assert len(session.log) == moves, "the game went on while its save was failing"
        # the leave dialog (Escape) says plainly what would be lost
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and "Leave the game" in flat(app, ".dialog"), "the leave dialog")
        text = flat(app, ".dialog")
        assert "It is NOT saved (the last autosave failed" in text and f"of its {moves} decisions would be lost" in text
        assert "It is saved" not in text
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SaveFailedDialog), "the dialog again")
        # a folder that cannot hold saves is refused in the dialog; one that can gets the whole game
        field = app.screen.query_one("#save-folder")
        field.value = str(tmp_path / "plain.txt" / "x")
        (tmp_path / "plain.txt").write_text("a file")
        await pilot.press("enter")
        await until(pilot, lambda: "cannot hold saves" in screen_text(app), "the refusal")
        assert isinstance(app.screen, SaveFailedDialog)
        elsewhere = tmp_path / "elsewhere"
        field.value = str(elsewhere)
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SaveFailedDialog), "the dialog closing")
        assert session.save_path is not None and session.save_path.parent == elsewhere
        for _ in range(10):  # the adjudication its decision made, then Tokyo's next choice
            if isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo":
                break
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.screen.acting == "tokyo"
        await pilot.press("enter")  # the game goes on, autosaving to the new folder
        await until(pilot, lambda: len(session.log) > moves, "the next decision")
        assert session.unsaved == 0
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and "Leave the game" in flat(app, ".dialog"), "the leave dialog")
        assert f"It is saved ({len(session.log)} decisions, in" in flat(app, ".dialog")
        await pilot.press("n")
    assert main(["replay", str(session.save_path), "--verify"]) == 0
    assert f"verified: {len(session.log)} decisions" in capsys.readouterr().out

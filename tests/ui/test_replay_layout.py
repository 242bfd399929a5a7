"""The replay viewer at 80x24: its heading names the turn and phase the decision below was taken in,
and the input row says what it asks for and which keys answer it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.saves.test_replay_ui import saved_game
from wargame import saves
from wargame.cli.replay import viewer
from wargame.ui.game_text import phase_name
from wargame.ui.replay_text import decision_text, where_text
from wargame.ui.screens.replay import ReplayScreen

from .conftest import screen_text, until

#: the decision's own "(turn 2, responses)"
TAKEN = re.compile(r"\(turn (\d+), ([a-z ]+)\)")


def test_the_heading_and_the_decision_name_the_same_turn_and_phase(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    replay = saves.open_replay(session.save_path)
    count = len(replay.save.decisions)
    phases = set()
    for at in range(1, replay.applied + 1):
        taken = TAKEN.search(decision_text(replay, at, replay.applied).plain)
        assert taken is not None, at
        turn, phase = taken.groups()
        heading = where_text(replay, at, count)
        assert heading.startswith(f"Decision {at} of {count} · turn {turn} of "), heading
        assert heading.split(" · ")[2] == phase, (heading, taken.group(0))
        phases.add(phase)
    assert {"event", "responses"} <= phases
    # the heading once named the phase after the decision: "responses" beside "(turn 1, event)"
    assert any(replay.states[d.seq].phase != d.phase for d in replay.save.decisions[: replay.applied])
    assert where_text(replay, replay.applied, count).endswith(f"game over ({replay.states[-1].end_reason.replace('_', ' ')})")
    assert where_text(replay, 0, count) == f"Decision 0 of {count} · turn 1 of 4 · {phase_name(replay.states[0].phase)}"


async def test_the_branch_prompt_is_labelled_with_its_keys(tmp_path: Path) -> None:
    session = saved_game(tmp_path)
    app = viewer(saves.open_replay(session.save_path), tmp_path)
    app.pace, app.cursor_blink = 0, False
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen) and "Decision" in screen_text(app), "the replay")
        screen = app.screen
        await pilot.press("home", "right", "right", "right")
        await until(pilot, lambda: screen.at == 3, "decision 3")
        assert "Enter: branch" not in screen_text(app)
        await pilot.press("b")
        await until(pilot, lambda: "Branch at decision 3: the new game's name" in screen_text(app), "the branch prompt")
        text = screen_text(app)
        assert "Enter: branch · Escape: cancel" in text
        assert "Seminar [one] (branch at 3)" in text  # the name, prefilled, under its label
        assert screen.focused is screen.query_one("#replay-ask")
        await pilot.press("escape")
        await until(pilot, lambda: "Branch at decision" not in screen_text(app), "the prompt closed")
        assert app.screen is screen  # Escape cancels the prompt, not the viewer
        await pilot.press("t")
        await until(pilot, lambda: "Jump to a turn: its number" in screen_text(app), "the turn prompt")
        assert "Enter: jump · Escape: cancel" in screen_text(app)
        await pilot.press("2", "enter")
        await until(pilot, lambda: screen.current_turn() == 2 and "Jump to a turn" not in screen_text(app), "turn 2")
